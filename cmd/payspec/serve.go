package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/payspec/payspec/cmd/payspec/internal/report"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/sandbox/store"
)

func init() { subcommands = append(subcommands, (*app).serveCommand) }

// serveFlags are the flags of payspec serve.
type serveFlags struct {
	addr         string
	data         string
	today        string
	rulesConfig  string
	webhooks     []string
	noAuth       bool
	controlToken string
	allowedHosts []string
	grace        time.Duration
}

// controlTokenEnv names the environment variable that gives the control
// token when --control-token does not (a command line is visible to every
// user of the machine; the environment of a process is not).
const controlTokenEnv = "PAYSPEC_SANDBOX_CONTROL_TOKEN"

// shutdownGrace is how long a stopping sandbox waits for requests in
// flight by default (--shutdown-grace, at most maxShutdownGrace); past it
// the connections still open are closed, and their handlers are given
// handlerGrace to finish (and log their lines).
const (
	shutdownGrace    = 10 * time.Second
	maxShutdownGrace = 10 * time.Minute
	handlerGrace     = 2 * time.Second
)

// serveCommand runs the sandbox until interrupted.
func (a *app) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use: "serve [--addr HOST:PORT] [--data FILE] [--today YYYY-MM-DD] [--rules-config FILE] [--webhook-url URL]... [--no-auth]" +
			" [--control-token TOKEN] [--allowed-host NAME]...",
		Short: "Run the Finzly and Redpin sandbox",
		Long: "serve runs a stateful, spec-true sandbox of both providers: Finzly under /finzly, Redpin\n" +
			"under /redpin, the sandbox's controls under /_sandbox, a console for the browser under\n" +
			"/console and an index page at /. It prints \"payspec sandbox listening on http://HOST:PORT\"\n" +
			"(the console's address and the credentials follow on standard error), then one line per\n" +
			"request (method, path, operation id, status, latency). Ctrl-C or SIGTERM stops it after the\n" +
			"requests in flight, waiting 10 s at most (--shutdown-grace): connections still busy then\n" +
			"are closed.\n\n" +
			"The controls and the index page answer loopback clients only, unless a control token is\n" +
			"given (--control-token, or the environment variable " + controlTokenEnv + "); then they\n" +
			"need it as Authorization: Bearer. Every request must name the sandbox in its Host header:\n" +
			"localhost, a loopback address, the address listened on, or a name given with --allowed-host.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd.Context(), f) },
	}
	fs := cmd.Flags()
	fs.StringVar(&f.addr, "addr", "127.0.0.1:4010", "address to listen on")
	fs.StringVar(&f.data, "data", "", "keep the sandbox's state in this SQLite file, so it survives a restart")
	fs.StringVar(&f.today, "today", "", "start the sandbox clock on this date, YYYY-MM-DD")
	fs.StringVar(&f.rulesConfig, "rules-config", "", "judge requests with this YAML or JSON rules configuration")
	fs.StringArrayVar(&f.webhooks, "webhook-url", nil, "deliver webhooks to this base URL (repeatable)")
	fs.DurationVar(&f.grace, "shutdown-grace", shutdownGrace, "how long a stop waits for requests in flight (at most 10m)")
	fs.BoolVar(&f.noAuth, "no-auth", false, "accept API calls without a bearer token")
	fs.StringVar(&f.controlToken, "control-token", "", "require this bearer token on the controls and index page, from any client "+
		"(default: loopback clients only; or set "+controlTokenEnv+")")
	fs.StringArrayVar(&f.allowedHosts, "allowed-host", nil, "also accept requests whose Host is this name, such as a LAN or container name (repeatable)")
	return cmd
}

// serve starts the sandbox, serves until the context ends or a signal
// arrives, and shuts down gracefully.
func (a *app) serve(ctx context.Context, f serveFlags) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if f.controlToken == "" {
		f.controlToken = a.getenv(controlTokenEnv)
	}
	if f.grace < 0 || f.grace > maxShutdownGrace {
		return usagef("serve: --shutdown-grace must be between 0s and %s", maxShutdownGrace)
	}
	// Request lines are written in batches; the ones pending are written
	// when serve returns, the last thing it does with them.
	lines := newBatchWriter(a.stdout)
	defer lines.Close()
	opts, closeStore, err := a.sandboxOptions(ctx, f, lines)
	if err != nil {
		return err
	}
	defer closeStore()
	sb, err := sandbox.New(opts...)
	if err != nil {
		return err
	}
	defer sb.Close()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return usagef("serve: cannot listen on %s: %v", f.addr, unwrapNetError(err))
	}
	// Every request's context derives from requests, which a forced stop
	// cancels: a handler that waits on its request (a timeout fault, a
	// body that never comes) then returns.
	requests, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	busy := &inFlight{}
	srv := &http.Server{Handler: busy.count(sb.Handler()), BaseContext: func(net.Listener) context.Context { return requests },
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	base := "http://" + ln.Addr().String()
	fmt.Fprintln(a.stdout, "payspec sandbox listening on "+base)
	a.printAccess(base, f)
	a.warnIfExposed(ln.Addr(), f)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop() // a second signal ends the process at once
	return a.stop(srv, busy, f.grace, cancelRequests)
}

// inFlight counts the requests being handled.
type inFlight struct{ n atomic.Int64 }

// count wraps h so that its requests are counted while they run.
func (f *inFlight) count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.n.Add(1)
		defer f.n.Add(-1)
		h.ServeHTTP(w, r)
	})
}

// waitIdle waits until no request is being handled, for within at most.
func (f *inFlight) waitIdle(within time.Duration) {
	deadline := time.Now().Add(within)
	for f.n.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}

// stop shuts srv down: it stops listening and waits for the requests in
// flight, for grace at most; then it cancels the requests still running,
// closes their connections and gives their handlers handlerGrace to
// return (and log their lines).
func (a *app) stop(srv *http.Server, busy *inFlight, grace time.Duration, cancelRequests context.CancelFunc) error {
	shutdown, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if err == nil {
		fmt.Fprintln(a.stderr, "payspec sandbox stopped")
		return nil
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serve: stopping: %w", err)
	}
	cancelRequests()
	if err := srv.Close(); err != nil {
		return fmt.Errorf("serve: stopping: %w", err)
	}
	busy.waitIdle(handlerGrace)
	fmt.Fprintf(a.stderr, "payspec sandbox stopped; the requests still running after %s were cut off\n", grace)
	return nil
}

// sandboxOptions turns the flags into sandbox options, with request lines
// written to lines; closeStore closes the SQLite store when one was opened.
func (a *app) sandboxOptions(ctx context.Context, f serveFlags, lines io.Writer) ([]sandbox.Option, func(), error) {
	opts := []sandbox.Option{sandbox.WithLogger(slog.New(newRequestLog(lines, a.stderr)))}
	closeStore := func() {}
	if f.today != "" {
		day, err := parseToday(f.today)
		if err != nil {
			return nil, nil, usagef("serve: %v", err)
		}
		opts = append(opts, sandbox.WithToday(day))
	}
	if f.rulesConfig != "" {
		checker, err := loadChecker(f.rulesConfig)
		if err != nil {
			return nil, nil, err
		}
		opts = append(opts, sandbox.WithRules(checker))
	}
	for _, u := range f.webhooks {
		if err := sandbox.CheckWebhookURL(u); err != nil {
			return nil, nil, usagef("serve: --webhook-url: %s", strings.TrimPrefix(err.Error(), "webhook: "))
		}
	}
	opts = append(opts, sandbox.WithWebhookURLs(f.webhooks...))
	if f.noAuth {
		opts = append(opts, sandbox.WithoutAuth())
	}
	opts = append(opts, sandbox.WithControlToken(f.controlToken), sandbox.WithAllowedHosts(listenHosts(f)...))
	if f.data != "" {
		st, err := store.OpenSQLite(ctx, f.data)
		if err != nil {
			return nil, nil, usagef("serve: %v", err)
		}
		opts = append(opts, sandbox.WithStore(st))
		closeStore = func() { _ = st.Close() }
	}
	return opts, closeStore, nil
}

// listenHosts are the Host names the sandbox accepts besides its own:
// those of --allowed-host, and the host --addr names, so that the address
// it prints works. Listening on every address (no host, 0.0.0.0 or ::),
// it prints either unspecified address, so both are accepted.
func listenHosts(f serveFlags) []string {
	hosts := append([]string(nil), f.allowedHosts...)
	host, _, err := net.SplitHostPort(f.addr)
	if err != nil {
		return hosts
	}
	if ip, err := netip.ParseAddr(host); host == "" || (err == nil && ip.IsUnspecified()) {
		return append(hosts, "0.0.0.0", "::")
	}
	return append(hosts, host)
}

// printAccess tells the user, on standard error, where the console and
// each provider are, how to get a token and who may use the controls, in
// one write. It never prints the control token.
func (a *app) printAccess(base string, f serveFlags) {
	var b strings.Builder
	if f.controlToken != "" {
		fmt.Fprintf(&b, "  console  %s/console/   (open %s/console/?token=<control token> once)\n", base, base)
	} else {
		fmt.Fprintf(&b, "  console  %s/console/   (payments, webhooks, clock, playground)\n", base)
	}
	fmt.Fprintf(&b, "  Finzly   %s/finzly   (token: POST %s/finzly%s)\n", base, base, sandbox.FinzlyTokenPath)
	fmt.Fprintf(&b, "  Redpin   %s/redpin   (token: POST %s/redpin%s)\n", base, base, sandbox.RedpinTokenPath)
	if f.noAuth {
		fmt.Fprintln(&b, "  authentication is off: no token is needed")
	} else {
		c := sandbox.DefaultCredentials
		fmt.Fprintf(&b, "  client id %q, client secret %q (client credentials grant)\n", c.ClientID, c.ClientSecret)
	}
	who := "loopback clients only"
	if f.controlToken != "" {
		who = "control token required"
	}
	fmt.Fprintf(&b, "  controls %s/_sandbox (clock, reset, events, webhooks); index %s/ (%s)\n", base, base, who)
	_, _ = io.WriteString(a.stderr, b.String())
}

// warnIfExposed warns, on standard error, when the sandbox listens on an
// address other machines may reach, and says what they can reach there.
func (a *app) warnIfExposed(addr net.Addr, f serveFlags) {
	ap, err := netip.ParseAddrPort(addr.String())
	if err == nil && ap.Addr().Unmap().IsLoopback() {
		return
	}
	api := "with the test client credentials above"
	if f.noAuth {
		api = "without any token (--no-auth)"
	}
	controls := "answer loopback clients only (give --control-token to open them to others)"
	if f.controlToken != "" {
		controls = "answer anyone who has the control token"
	}
	fmt.Fprintf(a.stderr, "WARNING: %s is not a loopback address. Anyone who can reach it can call the Finzly and Redpin APIs %s, "+
		"reading and creating the sandbox's payments; the controls (clock, reset, webhook log) and the index page %s. "+
		"Requests must name localhost, a loopback address, the address they reached, or an --allowed-host in their Host header.\n",
		addr, api, controls)
}

func unwrapNetError(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

// requestLog writes the sandbox's request records as one plain line each
// on out (time, method, path, operation id, status, latency), and its
// other messages on errOut.
type requestLog struct {
	mu     *sync.Mutex
	buf    *[]byte // the line being written, reused under mu
	out    io.Writer
	errOut io.Writer
	attrs  []slog.Attr
}

func newRequestLog(out, errOut io.Writer) *requestLog {
	return &requestLog{mu: &sync.Mutex{}, buf: new([]byte), out: out, errOut: errOut}
}

func (h *requestLog) Enabled(context.Context, slog.Level) bool { return true }

func (h *requestLog) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &c
}

func (h *requestLog) WithGroup(string) slog.Handler { return h }

// requestFields are the attributes of a request record, in the order its
// line shows them.
var requestFields = [...]string{"method", "path", "operation", "status", "latency"}

func (h *requestLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "request" {
		return h.request(r)
	}
	var rest strings.Builder
	add := func(a slog.Attr) bool {
		fmt.Fprintf(&rest, " %s=%q", a.Key, a.Value.String())
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := fmt.Fprintf(h.errOut, "%s %s %s%s\n", r.Time.UTC().Format(time.RFC3339), r.Level, r.Message, rest.String())
	return err
}

// request writes a request record's line.
func (h *requestLog) request(r slog.Record) error {
	var fields [len(requestFields)]slog.Value
	var given [len(requestFields)]bool
	r.Attrs(func(a slog.Attr) bool {
		for i, name := range requestFields {
			if a.Key == name {
				fields[i], given[i] = a.Value, true
			}
		}
		return true
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	b := r.Time.UTC().AppendFormat((*h.buf)[:0], time.RFC3339)
	for i, v := range fields {
		b = append(b, ' ')
		switch {
		case !given[i]:
		case requestFields[i] == "path":
			// The path is the client's, decoded: escaped, so that a
			// request cannot write a line of its own into the log.
			b = append(b, report.Printable(v.String())...)
		default:
			b = appendValue(b, v)
		}
	}
	b = append(b, '\n')
	*h.buf = b
	_, err := h.out.Write(b)
	return err
}

// appendValue writes a value as slog.Value.String would.
func appendValue(b []byte, v slog.Value) []byte {
	switch v.Kind() {
	case slog.KindString:
		return append(b, v.String()...)
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	}
	return append(b, v.String()...)
}
