package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/google/uuid"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/validate"
)

// Provider is what Core needs to know about one provider. The provider
// packages fill it; users do not.
type Provider struct {
	Name api.Provider
	// IdempotencyHeader is the header the provider reads an idempotency key
	// from (Idempotent-Key for Finzly); it is sent only to operations whose
	// spec declares it. Empty when the provider has none.
	IdempotencyHeader string
	// TokenURL is the OAuth 2.0 token endpoint.
	TokenURL string
	// Credentials are the client credentials for TokenURL.
	Credentials Credentials
	// DecodeError returns the provider's typed error for an answer, or nil
	// when the answer is a success.
	DecodeError func(op string, status int, header http.Header, body []byte) error
}

// Core sends every request of a provider client: it is the generated
// client's HTTP doer, and holds all of the client's HTTP policy. It is safe
// for concurrent use.
type Core struct {
	provider Provider
	engine   *validate.Engine
	next     HTTPDoer
	tokens   *tokenCache // nil without authentication
	retry    RetryPolicy
	mode     DriftMode
	log      *slog.Logger
	onDrift  func(context.Context, Drift)
	hook     Hook
	sender   doerFunc // sendWithRetries, bound once
}

// HTTPDoer sends one HTTP request; *http.Client satisfies it, as does the
// generated clients' HttpRequestDoer.
type HTTPDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// NewCore builds the Core of a provider client from its options. The
// provider packages call it; users build clients with them.
func NewCore(ctx context.Context, p Provider, opts ...Option) (*Core, error) {
	s := newSettings()
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	if s.engine == nil {
		e, err := validate.New(ctx)
		if err != nil {
			return nil, err
		}
		s.engine = e
	}
	next := s.http
	if hc, ok := next.(*http.Client); ok {
		next = withoutRedirects(hc)
	}
	c := &Core{provider: p, engine: s.engine, next: next, retry: s.retry.withDefaults(), mode: s.mode,
		log: s.logger, onDrift: s.onDrift, hook: s.hook}
	c.sender = c.sendWithRetries
	switch {
	case s.noAuth:
	case s.tokenSource != nil:
		c.tokens = &tokenCache{fetch: staticTokens(s.tokenSource), now: s.now, margin: s.refreshMargin}
	default:
		if p.Credentials.ClientID == "" || p.TokenURL == "" {
			return nil, errors.New("payspec client: client credentials and a token URL are required (or WithTokenSource, WithoutAuth)")
		}
		c.tokens = &tokenCache{fetch: clientCredentials(p.Credentials, p.TokenURL, withoutRedirects(s.tokenHTTP), s.now),
			now: s.now, margin: s.refreshMargin}
	}
	return c, nil
}

// Engine returns the validation engine the client uses.
func (c *Core) Engine() *validate.Engine { return c.engine }

// Do sends one call: it is the generated client's HTTP doer. See the
// package documentation for what it does in which order.
func (c *Core) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	rec := recordFrom(ctx)
	if rec == nil {
		rec = &record{}
		ctx = context.WithValue(ctx, recordKey{}, rec)
		req = req.WithContext(ctx)
	}
	if !rec.found {
		op, err := c.operation(rec, req)
		if err != nil {
			closeBody(req.Body)
			return nil, err
		}
		rec.op, rec.found = op, true
	}
	start := time.Now()
	keyed, err := c.withKey(req, rec)
	if err != nil {
		closeBody(req.Body)
		return nil, err
	}
	req = keyed
	v := validate.Doer{Engine: c.engine, Next: c.sender,
		OnWarnings: func(_ validate.Operation, ps validate.Problems) { c.warnings(ctx, rec, ps) }}
	resp, err := v.Do(req)
	resp, err = c.judged(ctx, rec, resp, err)
	c.logCall(ctx, rec, resp, err, time.Since(start))
	return resp, err
}

// operation finds the operation a request is for: the one the caller
// named (Call), after checking that the request fits its method and path
// template, or else by routing. It must be an API operation of the
// client's provider, and its path parameters must be safe to send (a
// request built without the methods, which check them first).
func (c *Core) operation(rec *record, req *http.Request) (validate.Operation, error) {
	var op validate.Operation
	if rec.expect != "" {
		known, ok := c.engine.Operation(rec.expect)
		if !ok {
			return op, fmt.Errorf("%w: %q", validate.ErrUnknownOperation, rec.expect)
		}
		if !fits(known, req.Method, req.URL.EscapedPath()) {
			return op, fmt.Errorf("payspec client: %s %s is not a %s request", req.Method, req.URL.EscapedPath(), rec.expect)
		}
		op = known
	} else {
		routed, _, err := c.engine.Route(req.Method, req.URL.EscapedPath())
		if err != nil {
			return op, err
		}
		op = routed
	}
	if op.Provider != c.provider.Name || op.Webhook {
		return op, fmt.Errorf("payspec client: %s is not a %s API operation", op.ID, c.provider.Name)
	}
	return op, checkRequestPath(op, req.URL.EscapedPath())
}

// withKey gives a request to an operation that declares the provider's
// idempotency header a key: the caller's, or a new uuid v4. The key is
// chosen once, before any attempt, so every retry carries it. The request
// is copied unless the header already holds the key (see EditRequest).
func (c *Core) withKey(req *http.Request, rec *record) (*http.Request, error) {
	name, err := c.chooseKey(req.Header, rec)
	if err != nil || name == "" || req.Header.Get(name) == rec.key {
		return req, err
	}
	out := req.WithContext(req.Context()) // a shallow copy: only the header changes
	out.Header = req.Header.Clone()
	out.Header.Set(name, rec.key)
	return out, nil
}

// chooseKey settles the call's key and returns the header to send it in,
// or "" when the operation takes none.
func (c *Core) chooseKey(h http.Header, rec *record) (string, error) {
	name := c.provider.IdempotencyHeader
	if name == "" || !declares(rec.op, name) {
		if rec.key != "" && name != "" {
			return "", fmt.Errorf("payspec client: %s declares no %s header; an idempotency key cannot be sent", rec.op.ID, name)
		}
		return "", nil
	}
	if v := h.Get(name); v != "" {
		if rec.key != "" && rec.key != v {
			return "", fmt.Errorf("payspec client: two idempotency keys given for one %s call", rec.op.ID)
		}
		rec.key = v
	}
	if rec.key == "" {
		rec.key, rec.minted = uuid.NewString(), true
	}
	rec.keyed = true
	return name, nil
}

// EditRequest is a request editor for the generated client (its
// WithRequestEditorFn option): on a request made within Call, it finds
// the operation and sets the idempotency key in place, on the request the
// generated client has just built, which saves Do a copy.
func (c *Core) EditRequest(ctx context.Context, req *http.Request) error {
	rec := recordFrom(ctx)
	if rec == nil || rec.expect == "" {
		return nil
	}
	op, err := c.operation(rec, req)
	if err != nil {
		return err
	}
	rec.op, rec.found = op, true
	name, err := c.chooseKey(req.Header, rec)
	if err == nil && name != "" {
		req.Header.Set(name, rec.key)
	}
	return err
}

func declares(op validate.Operation, header string) bool {
	for _, p := range op.Parameters {
		if p.In == "header" && strings.EqualFold(p.Name, header) {
			return true
		}
	}
	return false
}

// judged handles what the validator returned: drift is reported and the
// response kept, or, in enforce mode, turned into a *DriftError.
func (c *Core) judged(ctx context.Context, rec *record, resp *http.Response, err error) (*http.Response, error) {
	re := responseError(err)
	if re != nil {
		resp, err = re.Response, nil
		rec.drift = append(rec.drift, re.Problems...)
	}
	if resp == nil {
		return resp, err
	}
	rec.status, rec.requestID = resp.StatusCode, RequestID(resp.Header)
	if len(rec.drift) == 0 {
		return resp, err
	}
	d := Drift{Operation: rec.op.ID, Status: resp.StatusCode, Problems: reported(rec.drift),
		IdempotencyKey: rec.key, RequestID: rec.requestID}
	c.logDrift(ctx, d)
	if c.onDrift != nil {
		c.onDrift(ctx, d)
	}
	if c.mode == DriftEnforce && re != nil {
		body, rerr := readAll(resp)
		return nil, &DriftError{Drift: d, Body: body, ReadErr: rerr}
	}
	return resp, err
}

// responseError returns the drift error inside err, if any.
func responseError(err error) *validate.ResponseError {
	var re *validate.ResponseError
	if err == nil || !errors.As(err, &re) {
		return nil
	}
	return re
}

// warnings records the problems that did not stop an exchange. Those of
// the request (found before anything was sent) are logged and kept for the
// Result; those of the response are drift.
func (c *Core) warnings(ctx context.Context, rec *record, ps validate.Problems) {
	if rec.sent {
		rec.drift = append(rec.drift, ps...)
		return
	}
	rec.warnings = append(rec.warnings, ps...)
	if c.log.Enabled(ctx, slog.LevelWarn) {
		c.log.LogAttrs(ctx, slog.LevelWarn, "payspec: request warnings", slog.String("operation", rec.op.ID), found(ps))
	}
}

// sendWithRetries is the validator's next doer: it sends the validated
// request, repeating it as the retry policy allows.
func (c *Core) sendWithRetries(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	rec := recordFrom(ctx)
	rec.sent = true
	var b backoff.BackOff // made at the first retry: most calls need none
	deadline, _ := ctx.Deadline()
	safe := req.Method == http.MethodGet || req.Method == http.MethodHead || rec.keyed || rec.repeat
	conflicts := 0
	for n := 1; ; n++ {
		resp, err := c.attempt(ctx, req, rec, n)
		rec.attempts = n
		o := outcome{attempt: n, safe: safe, ownKey: rec.minted, conflicts: conflicts, err: err, ctxDone: ctx.Err() != nil}
		if resp != nil {
			o.status = resp.StatusCode
		}
		v := c.retry.decide(o)
		if !v.retry {
			c.logStop(ctx, rec, n, v.reason)
			return resp, err
		}
		if b == nil {
			b = c.retry.newBackOff()
		}
		wait, ok, why := c.retry.wait(b, resp, err, time.Now(), deadline)
		if !ok {
			c.logStop(ctx, rec, n, why)
			return resp, err
		}
		if o.status == http.StatusConflict {
			conflicts++
		}
		drain(resp)
		c.log.LogAttrs(ctx, slog.LevelInfo, "payspec: retrying",
			slog.String("operation", rec.op.ID), slog.Int("attempt", n), slog.String("reason", v.reason),
			slog.Duration("wait", wait), slog.String("idempotency_key", rec.key))
		if serr := c.retry.Sleep(ctx, wait); serr != nil {
			return nil, fmt.Errorf("payspec client: %s: waiting to retry: %w", rec.op.ID, serr)
		}
	}
}

// attempt sends the request once, with a token; a 401 answer drops the
// token and sends the request once more with a new one.
func (c *Core) attempt(ctx context.Context, req *http.Request, rec *record, n int) (*http.Response, error) {
	resp, access, err := c.send(ctx, req, rec, n, n > 1)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || c.tokens == nil {
		return resp, err
	}
	c.tokens.invalidate(access)
	drain(resp)
	c.log.LogAttrs(ctx, slog.LevelInfo, "payspec: token refused, fetching a new one",
		slog.String("operation", rec.op.ID), slog.Int("attempt", n))
	resp, _, err = c.send(ctx, req, rec, n, true)
	return resp, err
}

// send makes one HTTP exchange. base is the validator's own copy of the
// caller's request: it takes the current token in place, and a fresh copy
// of the body when rewind is set (the previous attempt's answer has been
// closed by then). A hook gets a copy of its own, so that what it changes
// in one attempt is not in the next. A redirect is not followed: it ends
// the exchange as a *RedirectError.
func (c *Core) send(ctx context.Context, base *http.Request, rec *record, n int, rewind bool) (*http.Response, string, error) {
	if rewind && base.GetBody != nil {
		body, err := base.GetBody()
		if err != nil {
			return nil, "", err
		}
		base.Body = body
	}
	access := ""
	if c.tokens != nil {
		tok, bearer, err := c.tokens.authorization(ctx)
		if err != nil {
			return nil, "", err
		}
		access = tok
		base.Header["Authorization"] = bearer
	}
	out, done := c.hooked(ctx, base, rec, n)
	start := time.Now()
	resp, err := c.next.Do(out)
	if err == nil || !notSent(err) {
		rec.transmitted = true
	}
	ar := AttemptResult{Latency: time.Since(start)}
	if resp != nil {
		ar.Status = resp.StatusCode
	}
	if rerr := redirected(rec.op.ID, resp); rerr != nil {
		drain(resp)
		resp, err = nil, rerr
	}
	ar.Err = err
	done(ar)
	if c.log.Enabled(ctx, slog.LevelDebug) {
		c.log.LogAttrs(ctx, slog.LevelDebug, "payspec: attempt",
			slog.String("operation", rec.op.ID), slog.Int("attempt", n), slog.Int("status", ar.Status),
			slog.Duration("latency", ar.Latency), slog.Bool("error", err != nil))
	}
	return resp, access, err
}

// hooked runs the hook, if any, on a copy of base and returns the request
// to send with the function to call with its result.
func (c *Core) hooked(ctx context.Context, base *http.Request, rec *record, n int) (*http.Request, func(AttemptResult)) {
	if c.hook == nil {
		return base, func(AttemptResult) {}
	}
	out := base.Clone(ctx)
	hctx, end := c.hook(ctx, Attempt{Operation: rec.op.ID, Number: n, IdempotencyKey: rec.key, Request: out})
	if end == nil {
		end = func(AttemptResult) {}
	}
	return out.WithContext(hctx), end
}

func (c *Core) logStop(ctx context.Context, rec *record, n int, reason string) {
	if n > 1 || reason != "final answer" {
		c.log.LogAttrs(ctx, slog.LevelDebug, "payspec: not retrying",
			slog.String("operation", rec.op.ID), slog.Int("attempt", n), slog.String("reason", reason))
	}
}

func (c *Core) logCall(ctx context.Context, rec *record, resp *http.Response, err error, latency time.Duration) {
	if !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	attrs := []slog.Attr{slog.String("provider", string(c.provider.Name)), slog.String("operation", rec.op.ID),
		slog.Int("status", status), slog.Int("attempts", rec.attempts), slog.Duration("latency", latency),
		slog.String("idempotency_key", rec.key), slog.String("request_id", rec.requestID)}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "payspec: call", attrs...)
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// drain reads what is left of a discarded answer (a little, so the
// connection can be reused) and closes it.
func drain(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

func closeBody(rc io.ReadCloser) {
	if rc != nil {
		_ = rc.Close()
	}
}

// maxResponseBytes bounds the body read into a Result.
const maxResponseBytes = 16 << 20

// readAll reads and closes a response body, within maxResponseBytes.
func readAll(resp *http.Response) ([]byte, error) {
	defer closeBody(resp.Body)
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err == nil && len(b) > maxResponseBytes {
		err = fmt.Errorf("payspec client: response body over %d bytes", maxResponseBytes)
	}
	return b, err
}

// Binding ties a generated client to the Core it sends through. Provider
// clients embed it, which gives them Core and Generated.
type Binding[G any] struct {
	core *Core
	gen  G
}

// Bind builds a provider client's Core from its options and the generated
// client that sends through it: newGen receives the Core, to give as the
// generated client's HTTP doer and (Core.EditRequest) request editor.
func Bind[G any](ctx context.Context, p Provider, opts []Option, newGen func(core *Core) (G, error)) (Binding[G], error) {
	core, err := NewCore(ctx, p, opts...)
	if err != nil {
		return Binding[G]{}, err
	}
	gen, err := newGen(core)
	if err != nil {
		return Binding[G]{}, fmt.Errorf("%s: %w", p.Name, err)
	}
	return Binding[G]{core: core, gen: gen}, nil
}

// Core returns the call policy every call goes through, for Call.
func (b Binding[G]) Core() *Core { return b.core }

// Generated returns the generated client, sending through the same
// policy: for operations without a method of their own, used with Call.
func (b Binding[G]) Generated() G { return b.gen }
