package validate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
)

// ErrRedirectFollowed reports that the sender a Doer was given followed a
// redirect: the requests after the first went out unchecked, and the
// response is not the operation's. Give the Doer a client that does not
// follow redirects (the default), so that a 3xx is judged as the
// operation's answer.
var ErrRedirectFollowed = errors.New("validate: the sender followed a redirect; the requests after the first were not checked")

// ErrOpaqueURL reports a request whose URL is opaque (url.URL.Opaque):
// it goes out as written, so no operation can be matched to it.
var ErrOpaqueURL = errors.New("validate: the request URL is opaque; it is sent as written and cannot be matched to an operation")

// noRedirects sends a Doer's requests when it has no Next: the default
// transport, as http.DefaultClient uses it, without following redirects.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

// RequestError reports a request that the Transport or Doer refused to send
// because it breaks the spec. Nothing reached the network.
type RequestError struct {
	Operation Operation
	Problems  Problems
}

// Error names the operation and lists the problems.
func (e *RequestError) Error() string {
	return fmt.Sprintf("validate: %s request not sent: %v", e.Operation.ID, e.Problems)
}

// Unwrap gives the problems to errors.As.
func (e *RequestError) Unwrap() error { return e.Problems }

// ResponseError reports contract drift: the provider answered with a
// response that breaks the spec. Response is the provider's response, with
// its body still readable from the start.
type ResponseError struct {
	Operation Operation
	Problems  Problems
	Response  *http.Response
}

// Error names the operation and status and lists the problems.
func (e *ResponseError) Error() string {
	return fmt.Sprintf("validate: %s response (status %d) breaks the spec: %v",
		e.Operation.ID, e.Response.StatusCode, e.Problems)
}

// Unwrap gives the problems to errors.As.
func (e *ResponseError) Unwrap() error { return e.Problems }

// HTTPRequestDoer is the interface of the generated clients' HTTP client
// option (finzly.HttpRequestDoer, redpin.HttpRequestDoer); *http.Client
// satisfies it.
type HTTPRequestDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Doer validates the traffic of a generated client. Give it to the client
// with finzly.WithHTTPClient or redpin.WithHTTPClient.
//
// Before sending, it checks the request; an invalid request is not sent and
// Do returns a *RequestError. A valid request is sent with the caller's
// body bytes unchanged: nothing is re-encoded and no default is filled in.
// After receiving, it checks the response; when the response breaks the
// spec Do returns both the response and a *ResponseError. Requests that
// match no operation of the specs are not sent (ErrUnknownOperation).
type Doer struct {
	Engine *Engine
	// Next sends the request; nil means http.DefaultClient's transport
	// without following redirects, so that a 3xx is judged as the
	// operation's answer. A Next that follows a redirect makes Do fail
	// with ErrRedirectFollowed, since the later requests went out
	// unchecked.
	Next HTTPRequestDoer
	// OnWarnings, if set, receives problems that did not stop the
	// exchange: warnings on requests and responses.
	OnWarnings func(op Operation, problems Problems)
	// Operations, if set, selects the operations requests are matched
	// against; the default is APIOperations(). A sender of webhooks uses
	// WebhookOperations.
	Operations func(Operation) bool
}

// Do validates req, sends it, and validates the response.
func (d *Doer) Do(req *http.Request) (*http.Response, error) {
	next := d.Next
	if next == nil {
		next = noRedirects
	}
	return d.Engine.exchange(req, next.Do, d.Operations, d.OnWarnings)
}

// Transport is the http.RoundTripper form of Doer, for code that builds its
// own *http.Client. Errors reach the caller wrapped in *url.Error; errors.As
// finds the *RequestError or *ResponseError inside. Since http.Client drops
// a response returned with an error, a drifted response is available only
// as ResponseError.Response, whose body the caller must close.
type Transport struct {
	Engine *Engine
	// Next sends the request; nil means http.DefaultTransport.
	Next http.RoundTripper
	// OnWarnings is as for Doer.
	OnWarnings func(op Operation, problems Problems)
	// Operations is as for Doer.
	Operations func(Operation) bool
}

// RoundTrip validates req, sends it, and validates the response.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	next := t.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := t.Engine.exchange(req, next.RoundTrip, t.Operations, t.OnWarnings)
	if err != nil {
		// A RoundTripper returns a response or an error, never both; the
		// drifted response travels inside the ResponseError.
		return nil, err
	}
	return resp, nil
}

// exchange is the shared client-side check around send. It judges and
// sends the same request: a copy of req whose header keys are in
// canonical form (values under keys that differ only in letter case are
// merged, in the order they would go out), since the server reads them so.
func (e *Engine) exchange(req *http.Request, send func(*http.Request) (*http.Response, error),
	keep func(Operation) bool, onWarnings func(Operation, Problems)) (*http.Response, error) {
	if req.URL.Opaque != "" {
		closeBody(req.Body)
		return nil, ErrOpaqueURL
	}
	out := req.Clone(req.Context())
	out.Header = canonicalHeader(out.Header)
	rt := routeRequest(e.selected(keep), out)
	if rt.op == nil {
		closeBody(req.Body)
		return nil, fmt.Errorf("%w: no operation matches %s %s", ErrUnknownOperation, req.Method, req.URL.EscapedPath())
	}
	body, problems := e.checkOutgoing(out, rt)
	if problems.HasErrors() {
		return nil, &RequestError{Operation: rt.op.info, Problems: problems}
	}
	if len(problems) > 0 && onWarnings != nil {
		onWarnings(rt.op.info, problems)
	}
	// Send the very bytes the caller gave, re-readable for the transport's
	// own retries of the same request.
	if body != nil {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		out.ContentLength = int64(len(body))
	}
	resp, err := send(out)
	if err != nil {
		return resp, err
	}
	if followedRedirect(out, resp) {
		closeBody(resp.Body)
		return nil, ErrRedirectFollowed
	}
	rp, err := e.checkIncoming(rt.op, out, resp)
	if err != nil {
		return nil, err
	}
	if rp.HasErrors() {
		return resp, &ResponseError{Operation: rt.op.info, Problems: rp, Response: resp}
	}
	if len(rp) > 0 && onWarnings != nil {
		onWarnings(rt.op.info, rp)
	}
	return resp, nil
}

// canonicalHeader returns h when every key is in canonical form, and
// otherwise a copy whose keys are, the values of keys that differ only in
// letter case merged in byte order of the keys, the order in which
// http.Header.Write sends them.
func canonicalHeader(h http.Header) http.Header {
	canonical := true
	for k := range h {
		if http.CanonicalHeaderKey(k) != k {
			canonical = false
			break
		}
	}
	if canonical {
		return h
	}
	out := make(http.Header, len(h))
	for _, k := range slices.Sorted(maps.Keys(h)) {
		ck := http.CanonicalHeaderKey(k)
		out[ck] = append(out[ck], h[k]...)
	}
	return out
}

// followedRedirect reports whether resp answers another request than
// out: a sender such as an http.Client with its default policy followed a
// redirect. (A sender may send a shallow copy of out, so the method and
// URL are compared rather than the pointers.)
func followedRedirect(out *http.Request, resp *http.Response) bool {
	sent := resp.Request
	return sent != nil && sent != out && (sent.Method != out.Method || sent.URL.String() != out.URL.String())
}

// checkOutgoing reads and checks a request about to be sent; it returns the
// body read.
func (e *Engine) checkOutgoing(req *http.Request, rt routed) ([]byte, Problems) {
	if len(rt.problems) > 0 {
		closeBody(req.Body)
		return nil, rt.problems
	}
	body, readProblems := e.readBody(req.Body, req.ContentLength)
	query, pre := parseQuery(req.URL.RawQuery)
	return body, e.checkRequestRead(req.Context(), rt.op, Request{
		PathParams: rt.params, Query: query, Header: req.Header, Body: body,
	}, pre, readProblems, nil)
}

// checkIncoming reads and checks a response, leaving its body readable from
// the start.
func (e *Engine) checkIncoming(op *operation, req *http.Request, resp *http.Response) (Problems, error) {
	// Read one byte past the limit: enough to judge the body, while an
	// oversized one is handed back whole, unread bytes included.
	rbody, err := io.ReadAll(io.LimitReader(resp.Body, e.cfg.maxBody+1))
	if err != nil {
		closeBody(resp.Body)
		return nil, fmt.Errorf("validate: reading the %s response: %w", op.info.ID, err)
	}
	var readProblems Problems
	if int64(len(rbody)) > e.cfg.maxBody {
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(rbody), resp.Body), resp.Body}
		readProblems = Problems{e.tooLarge()}
	} else {
		closeBody(resp.Body)
		resp.Body = io.NopCloser(bytes.NewReader(rbody))
	}
	return e.checkResponseRead(op, Response{Status: resp.StatusCode, Header: resp.Header, Body: rbody},
		req.Method == http.MethodHead, readProblems), nil
}

// selected returns the operations keep accepts (APIOperations() when nil).
func (e *Engine) selected(keep func(Operation) bool) []*operation {
	if keep == nil {
		return e.api
	}
	var ops []*operation
	for _, op := range e.order {
		if keep(op.info) {
			ops = append(ops, op)
		}
	}
	return ops
}

func closeBody(rc io.ReadCloser) {
	if rc != nil {
		_ = rc.Close()
	}
}

// readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}
