package validate

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/validate/problem"
)

// Headers the middleware adds. Each holds a JSON array of problems, at most
// problem.HeaderLimit bytes long: the problems that fit, whole, then one
// CodeTooManyProblems problem counting those left out.
const (
	// HeaderRequestProblems lists the request's problems: every error on a
	// rejection, and warnings on a request that was let through.
	HeaderRequestProblems = "Payspec-Request-Problems"
	// HeaderResponseProblems lists the problems of the handler's response
	// in report mode.
	HeaderResponseProblems = "Payspec-Response-Problems"
)

// ResponseMode says what the middleware does with the handler's responses.
type ResponseMode int

const (
	// ResponseReport validates each response and, when it breaks the spec,
	// logs the problems and lists them in HeaderResponseProblems. The
	// response itself is sent unchanged. This is the default.
	ResponseReport ResponseMode = iota
	// ResponseEnforce replaces a response that has errors with a 500 in the
	// provider's error format, after logging the problems.
	ResponseEnforce
	// ResponseOff leaves responses alone and does not buffer them.
	ResponseOff
)

// UnmatchedMode says what the middleware does with a request that matches
// no operation it serves.
type UnmatchedMode int

const (
	// UnmatchedPass hands such a request to the next handler unchecked,
	// for services that serve other routes beside the providers' APIs.
	// This is the default.
	UnmatchedPass UnmatchedMode = iota
	// UnmatchedRefuse answers such a request with 404 in the provider's
	// error format (the provider whose paths the request's path resembles
	// most) and the problem in HeaderRequestProblems. It fails closed, for
	// services that expose nothing but these APIs; name what the service
	// exposes with WithOperations, so that the rest (the webhooks, for an
	// API server) is refused too.
	UnmatchedRefuse
)

// CodeUnknownOperation is the code of a request, refused under
// UnmatchedRefuse, that matches no operation.
const CodeUnknownOperation = "UNKNOWN_OPERATION"

// MiddlewareOption configures Middleware.
type MiddlewareOption func(*middlewareConfig)

type middlewareConfig struct {
	mode      ResponseMode
	unmatched UnmatchedMode
	logger    *slog.Logger
	keep      func(Operation) bool
	observe   func(*http.Request, Operation, Problems)
}

// WithResponseMode sets how responses are checked; see ResponseMode.
func WithResponseMode(m ResponseMode) MiddlewareOption {
	return func(c *middlewareConfig) { c.mode = m }
}

// WithUnmatched sets what happens to requests that match no operation; see
// UnmatchedMode.
func WithUnmatched(m UnmatchedMode) MiddlewareOption {
	return func(c *middlewareConfig) { c.unmatched = m }
}

// WithLogger sets where response violations are logged; the default is
// slog.Default().
func WithLogger(l *slog.Logger) MiddlewareOption {
	return func(c *middlewareConfig) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithOperations limits the middleware to the operations keep accepts;
// requests for any other are unmatched. The default, AllOperations(),
// judges every operation of both providers, API operations and webhooks
// (see Middleware). A service that serves only one side fails closed more
// tightly with APIOperations or WebhookOperations; an API server whose own
// routes end in a webhook's path (such as POST .../payments) needs
// APIOperations, or those routes are judged as deliveries.
func WithOperations(keep func(Operation) bool) MiddlewareOption {
	return func(c *middlewareConfig) {
		if keep != nil {
			c.keep = keep
		}
	}
}

// WithObserver calls observe for every request the middleware matched to
// an operation, once its problems are known and before it is answered or
// handed on: for logs and metrics that need the operation id.
func WithObserver(observe func(r *http.Request, op Operation, problems Problems)) MiddlewareOption {
	return func(c *middlewareConfig) { c.observe = observe }
}

// AllOperations selects every operation, API and webhook, of the given
// providers, or of all providers when none is given. It is the
// middleware's default.
func AllOperations(providers ...api.Provider) func(Operation) bool {
	return func(op Operation) bool {
		return len(providers) == 0 || slices.Contains(providers, op.Provider)
	}
}

// APIOperations selects the API operations (not webhooks) of the given
// providers, or of all providers when none is given.
func APIOperations(providers ...api.Provider) func(Operation) bool {
	return func(op Operation) bool {
		return !op.Webhook && (len(providers) == 0 || slices.Contains(providers, op.Provider))
	}
}

// WebhookOperations selects the webhook operations of the given providers,
// or of all providers when none is given.
func WebhookOperations(providers ...api.Provider) func(Operation) bool {
	return func(op Operation) bool {
		return op.Webhook && (len(providers) == 0 || slices.Contains(providers, op.Provider))
	}
}

// OperationFromContext returns the operation the middleware matched a
// request to, from the context of the request it hands to the next
// handler.
func OperationFromContext(ctx context.Context) (Operation, bool) {
	f, ok := ctx.Value(inFlightKey{}).(*inFlight)
	if !ok {
		return Operation{}, false
	}
	return f.op, true
}

// Middleware validates requests before next sees them and checks next's
// responses. It works with the generated server interfaces and any router:
// it finds the operation from the method and the path as routers read it
// (see Route), so that no spelling of a path, HEAD for GET, or method
// override reaches next unjudged.
//
// A request with errors is answered with 400 in the provider's own error
// format (Finzly v3 and book transfer: {status, code, message}; Finzly v4:
// {data: null, errors}; Redpin: {code, description, type, field, details})
// and never reaches next. A valid request reaches next with its body
// unchanged, its operation in the context (OperationFromContext), and the
// body as the engine parsed it (DecodeBody).
// Requests that match no operation pass through unchecked, or are refused
// with WithUnmatched(UnmatchedRefuse).
//
// By default the middleware judges both the API operations and the
// webhooks, so the same line guards an API server and a webhook receiver:
// engine.Middleware(finzlywebhook.Handler(impl)) answers a malformed
// delivery with 400 before impl sees it. A request that fits both an API
// operation and a webhook (POST /v3/customers/{customer_id}/payments ends
// in Finzly's webhook path /payments) is judged as the API operation; one
// that fits an API operation by one reading of its path or method and a
// webhook by another is refused as AMBIGUOUS_ROUTE. Routes of the
// server's own that fit no operation (GET /healthz) pass through.
//
// Checking responses means holding them, up to the engine's body limit,
// until next returns: a response that goes past the limit is streamed on
// unchanged in report mode (and reported as BODY_TOO_LARGE) and replaced
// by a 500 in enforce mode. Handlers that hijack the connection need
// ResponseOff. Slow clients, header sizes and timeouts are the server's
// business: set ReadHeaderTimeout, ReadTimeout and MaxHeaderBytes on the
// http.Server.
func (e *Engine) Middleware(next http.Handler, opts ...MiddlewareOption) http.Handler {
	cfg := middlewareConfig{mode: ResponseReport, logger: slog.Default(), keep: AllOperations()}
	for _, o := range opts {
		o(&cfg)
	}
	m := &middleware{e: e, next: next, cfg: cfg}
	for _, op := range e.order {
		if cfg.keep(op.info) {
			m.ops = append(m.ops, op)
		}
	}
	return m
}

// middleware is the handler Middleware returns.
type middleware struct {
	e    *Engine
	next http.Handler
	cfg  middlewareConfig
	ops  []*operation // the operations served, in routing order
}

func (m *middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt := routeRequest(m.ops, r)
	if rt.op == nil {
		m.unmatched(w, r)
		return
	}
	// One context value carries the operation and, for DecodeBody, the
	// parsed body.
	f := &inFlight{op: rt.op.info}
	ctx := context.WithValue(r.Context(), inFlightKey{}, f)
	problems := rt.problems
	if len(problems) == 0 {
		problems = m.checkRequest(ctx, r, rt, &f.parsed)
	}
	if m.cfg.observe != nil {
		m.cfg.observe(r, rt.op.info, problems)
	}
	if problems.HasErrors() {
		setProblemsHeader(w.Header(), HeaderRequestProblems, problems)
		writeJSON(w, http.StatusBadRequest, rt.op.envelope().render(problems))
		return
	}
	if len(problems) > 0 {
		setProblemsHeader(w.Header(), HeaderRequestProblems, problems)
	}
	r = r.WithContext(ctx)
	if m.cfg.mode == ResponseOff {
		m.next.ServeHTTP(w, r)
		return
	}
	m.serveChecked(w, r, rt.op)
}

// checkRequest reads the body (within the limit), validates the request,
// leaves what the engine parsed in kept, and leaves the body readable again
// for next.
func (m *middleware) checkRequest(ctx context.Context, r *http.Request, rt routed, kept *parsedBody) Problems {
	body, readProblems := m.e.readBody(r.Body, r.ContentLength)
	query, pre := parseQuery(r.URL.RawQuery)
	problems := m.e.checkRequestRead(ctx, rt.op, Request{
		PathParams: rt.params, Query: query, Header: r.Header, Body: body,
	}, pre, readProblems, kept)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return problems
}

// unmatched handles a request for no served operation.
func (m *middleware) unmatched(w http.ResponseWriter, r *http.Request) {
	if m.cfg.unmatched != UnmatchedRefuse {
		m.next.ServeHTTP(w, r)
		return
	}
	p := Problems{{Pointer: "/path", Code: CodeUnknownOperation, Severity: SeverityError,
		Message: "no operation of the API served here matches this method and path"}}
	setProblemsHeader(w.Header(), HeaderRequestProblems, p)
	writeJSON(w, http.StatusNotFound, envelopeByPrefix(m.ops, r.URL.EscapedPath()).renderNotFound(p))
}

// serveChecked runs next on a recorder and sends its response once
// checked.
func (m *middleware) serveChecked(w http.ResponseWriter, r *http.Request, op *operation) {
	rec := newRecorder(w, m.e.cfg.maxBody)
	head := r.Method == http.MethodHead
	if m.cfg.mode == ResponseReport {
		rec.stream = func() {
			rp := m.e.checkResponseRead(op, Response{Status: rec.finalStatus(), Header: rec.finalHeader()},
				head, Problems{m.e.tooLarge()})
			m.logResponse(r, op, rec.finalStatus(), rp)
			rec.writeHead(func(h http.Header) { setProblemsHeader(h, HeaderResponseProblems, rp) })
			_, _ = w.Write(rec.body.Bytes())
			rec.body = bytes.Buffer{}
		}
	}
	rec.judge = func(r Response) Problems { return m.e.checkResponseRead(op, r, head, nil) }
	m.next.ServeHTTP(rec, r)
	if rec.streaming {
		return
	}
	status := rec.finalStatus()
	rp, judged := rec.judgedBody()
	switch {
	case judged:
	case rec.overflow:
		rp = m.e.checkResponseRead(op, Response{Status: status, Header: rec.finalHeader()}, head, Problems{m.e.tooLarge()})
	default:
		rp = m.e.checkResponseRead(op, Response{Status: status, Header: rec.finalHeader(), Body: rec.body.Bytes()}, head, nil)
	}
	m.logResponse(r, op, status, rp)
	if m.cfg.mode == ResponseEnforce && rp.HasErrors() {
		rec.clearInformational()
		writeJSON(w, http.StatusInternalServerError, op.envelope().renderServerError())
		return
	}
	rec.writeHead(func(h http.Header) {
		if len(rp) > 0 {
			setProblemsHeader(h, HeaderResponseProblems, rp)
		}
	})
	_, _ = w.Write(rec.body.Bytes())
}

func (m *middleware) logResponse(r *http.Request, op *operation, status int, rp Problems) {
	if len(rp) == 0 {
		return
	}
	m.cfg.logger.LogAttrs(r.Context(), slog.LevelWarn, "payspec: response breaks the spec",
		slog.String("operation", op.info.ID), slog.Int("status", status),
		slog.Any("problems", rp))
}

// CodeQuerySyntax is the code of a query string that cannot be read
// unambiguously: a malformed escape, or ';' (which some servers read as a
// separator and others as data).
const CodeQuerySyntax = "QUERY_SYNTAX"

// parseQuery reads a raw query as net/http does, and reports what it
// would silently drop.
func parseQuery(raw string) (url.Values, Problems) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return q, Problems{{Pointer: "/query", Code: CodeQuerySyntax, Severity: SeverityError,
			Message: "the query string is malformed (a bad escape, or ';' where '&' is meant)"}}
	}
	return q, nil
}

// readBody reads at most the body limit plus one byte, so that an
// oversized body is detected without reading all of it.
func (e *Engine) readBody(rc io.ReadCloser, declared int64) ([]byte, Problems) {
	if rc == nil || rc == http.NoBody {
		return nil, nil
	}
	defer rc.Close()
	b, err := readAtMost(rc, e.cfg.maxBody+1, declared)
	if err != nil {
		return nil, Problems{{Code: CodeInvalidJSON, Severity: SeverityError, Message: "body could not be read"}}
	}
	if int64(len(b)) > e.cfg.maxBody {
		return nil, Problems{e.tooLarge()}
	}
	return b, nil
}

// readAtMost reads r to its end, or up to limit bytes. A body declaring
// a length (Content-Length, declared > 0) within the limit and within
// maxSizedRead is read into a buffer of that size, one byte more to see
// whether more follows. The declared length is only a hint: it never
// bounds the read, and a client declaring a large body it does not send
// costs no more memory than its bytes.
func readAtMost(r io.Reader, limit, declared int64) ([]byte, error) {
	lr := io.LimitReader(r, limit)
	if declared <= 0 || declared >= limit || declared > maxSizedRead {
		return io.ReadAll(lr)
	}
	b := make([]byte, 0, declared+1)
	for {
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // more than declared: let it grow
		}
	}
}

// maxSizedRead is the largest declared length readAtMost sizes its buffer
// by before any byte has come.
const maxSizedRead = 64 << 10

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// setProblemsHeader stores problems as compact JSON within
// problem.HeaderLimit bytes (JSON escapes every control character, so the
// value is a valid header).
func setProblemsHeader(h http.Header, name string, ps Problems) {
	h.Set(name, string(ps.JSONWithin(problem.HeaderLimit)))
}
