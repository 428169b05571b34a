package validate

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
)

// Headers the middleware adds. Each holds a JSON array of problems.
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

// MiddlewareOption configures Middleware.
type MiddlewareOption func(*middlewareConfig)

type middlewareConfig struct {
	mode   ResponseMode
	logger *slog.Logger
}

// WithResponseMode sets how responses are checked; see ResponseMode.
func WithResponseMode(m ResponseMode) MiddlewareOption {
	return func(c *middlewareConfig) { c.mode = m }
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

// Middleware validates requests before next sees them and checks next's
// responses. It works with the generated server interfaces and any router,
// since it finds the operation from the method and the end of the path.
//
// A request with errors is answered with 400 in the provider's own error
// format (Finzly v3 and book transfer: {status, code, message}; Finzly v4:
// {data: null, errors}; Redpin: {code, description, type, field, details})
// and never reaches next. A valid request reaches next with its body
// unchanged. Requests that match no operation pass through unchecked, so
// that next answers them as it would without the middleware.
//
// Checking responses means buffering them, so handlers that stream or
// hijack the connection need ResponseOff.
func (e *Engine) Middleware(next http.Handler, opts ...MiddlewareOption) http.Handler {
	cfg := middlewareConfig{mode: ResponseReport, logger: slog.Default()}
	for _, o := range opts {
		o(&cfg)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op, params, err := e.route(r.Method, r.URL.EscapedPath())
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		body, readProblems := e.readBody(r.Body)
		problems := e.checkRequestRead(r.Context(), op, Request{
			PathParams: params, Query: r.URL.Query(), Header: r.Header, Body: body,
		}, readProblems)
		if problems.HasErrors() {
			setProblemsHeader(w.Header(), HeaderRequestProblems, problems)
			writeJSON(w, http.StatusBadRequest, op.envelope.render(problems))
			return
		}
		if len(problems) > 0 {
			setProblemsHeader(w.Header(), HeaderRequestProblems, problems)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		if cfg.mode == ResponseOff {
			next.ServeHTTP(w, r)
			return
		}
		rec := &bufferedResponse{header: http.Header{}}
		next.ServeHTTP(rec, r)
		status := rec.statusOr200()
		rp := e.checkResponse(op, Response{Status: status, Header: rec.header, Body: rec.body.Bytes()})
		if len(rp) > 0 {
			cfg.logger.LogAttrs(r.Context(), slog.LevelWarn, "payspec: response breaks the spec",
				slog.String("operation", op.info.ID), slog.Int("status", status),
				slog.Any("problems", rp))
		}
		if cfg.mode == ResponseEnforce && rp.HasErrors() {
			writeJSON(w, http.StatusInternalServerError, op.envelope.renderServerError())
			return
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		if len(rp) > 0 {
			setProblemsHeader(w.Header(), HeaderResponseProblems, rp)
		}
		w.WriteHeader(status)
		_, _ = w.Write(rec.body.Bytes())
	})
}

// readBody reads at most the body limit plus one byte, so that an
// oversized body is detected without reading all of it.
func (e *Engine) readBody(rc io.ReadCloser) ([]byte, Problems) {
	if rc == nil || rc == http.NoBody {
		return nil, nil
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, e.cfg.maxBody+1))
	if err != nil {
		return nil, Problems{{Code: CodeInvalidJSON, Severity: SeverityError, Message: "body could not be read"}}
	}
	if int64(len(b)) > e.cfg.maxBody {
		return nil, Problems{e.tooLarge()}
	}
	return b, nil
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// setProblemsHeader stores problems as compact JSON (which escapes every
// control character, so the value is a valid header).
func setProblemsHeader(h http.Header, name string, ps Problems) {
	b, err := json.Marshal(ps)
	if err != nil { // cannot happen: strings only
		return
	}
	h.Set(name, string(b))
}

// bufferedResponse collects a handler's response so it can be checked
// before anything reaches the client.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedResponse) statusOr200() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}
