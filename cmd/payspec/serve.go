package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/sandbox/store"
)

func init() { subcommands = append(subcommands, (*app).serveCommand) }

// serveFlags are the flags of payspec serve.
type serveFlags struct {
	addr        string
	data        string
	today       string
	rulesConfig string
	webhooks    []string
	noAuth      bool
}

// shutdownGrace bounds how long a stopping sandbox waits for requests in
// flight.
const shutdownGrace = 10 * time.Second

// serveCommand runs the sandbox until interrupted.
func (a *app) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--data FILE] [--today YYYY-MM-DD] [--rules-config FILE] [--webhook-url URL]... [--no-auth]",
		Short: "Run the Finzly and Redpin sandbox",
		Long: "serve runs a stateful, spec-true sandbox of both providers: Finzly under /finzly, Redpin\n" +
			"under /redpin, the sandbox's controls under /_sandbox, and an index page at /. It prints\n" +
			"\"payspec sandbox listening on http://HOST:PORT\", then one line per request (method, path,\n" +
			"operation id, status, latency). Ctrl-C or SIGTERM stops it after the requests in flight.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd.Context(), f) },
	}
	fs := cmd.Flags()
	fs.StringVar(&f.addr, "addr", "127.0.0.1:4010", "address to listen on")
	fs.StringVar(&f.data, "data", "", "keep the sandbox's state in this SQLite file, so it survives a restart")
	fs.StringVar(&f.today, "today", "", "start the sandbox clock on this date, YYYY-MM-DD")
	fs.StringVar(&f.rulesConfig, "rules-config", "", "judge requests with this YAML or JSON rules configuration")
	fs.StringArrayVar(&f.webhooks, "webhook-url", nil, "deliver webhooks to this base URL (repeatable)")
	fs.BoolVar(&f.noAuth, "no-auth", false, "accept API calls without a bearer token")
	return cmd
}

// serve starts the sandbox, serves until the context ends or a signal
// arrives, and shuts down gracefully.
func (a *app) serve(ctx context.Context, f serveFlags) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts, closeStore, err := a.sandboxOptions(ctx, f)
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
	srv := &http.Server{Handler: sb.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	base := "http://" + ln.Addr().String()
	fmt.Fprintln(a.stdout, "payspec sandbox listening on "+base)
	a.printAccess(base, f.noAuth)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("serve: stopping: %w", err)
	}
	fmt.Fprintln(a.stderr, "payspec sandbox stopped")
	return nil
}

// sandboxOptions turns the flags into sandbox options; closeStore closes
// the SQLite store when one was opened.
func (a *app) sandboxOptions(ctx context.Context, f serveFlags) ([]sandbox.Option, func(), error) {
	opts := []sandbox.Option{sandbox.WithLogger(slog.New(newRequestLog(a.stdout, a.stderr)))}
	closeStore := func() {}
	if f.today != "" {
		day, err := sandbox.ParseDate(f.today)
		if err != nil {
			return nil, nil, usagef("serve: --today must be a date YYYY-MM-DD")
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
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return nil, nil, usagef("serve: --webhook-url must be an http:// or https:// URL")
		}
	}
	opts = append(opts, sandbox.WithWebhookURLs(f.webhooks...))
	if f.noAuth {
		opts = append(opts, sandbox.WithoutAuth())
	}
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

// printAccess tells the user, on standard error, where each provider is
// and how to get a token.
func (a *app) printAccess(base string, noAuth bool) {
	fmt.Fprintf(a.stderr, "  Finzly   %s/finzly   (token: POST %s/finzly%s)\n", base, base, sandbox.FinzlyTokenPath)
	fmt.Fprintf(a.stderr, "  Redpin   %s/redpin   (token: POST %s/redpin%s)\n", base, base, sandbox.RedpinTokenPath)
	if noAuth {
		fmt.Fprintln(a.stderr, "  authentication is off: no token is needed")
	} else {
		c := sandbox.DefaultCredentials
		fmt.Fprintf(a.stderr, "  client id %q, client secret %q (client credentials grant)\n", c.ClientID, c.ClientSecret)
	}
	fmt.Fprintf(a.stderr, "  controls %s/_sandbox (clock, reset, events, webhooks); index %s/\n", base, base)
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
		if given[i] {
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
