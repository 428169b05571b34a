package tests

// Helpers of the entry-point contract tests in entrypoints_test.go.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/validate"
)

// Engines, each built at most once per test binary and shared: an Engine
// is safe for concurrent use and holds no per-request state.
var (
	epDefault = epOnce()
	epStrict  = epOnce(validate.WithStrict(true))
	epSmall   = epOnce(validate.WithMaxBodyBytes(epSmallLimit))
	epShallow = epOnce(validate.WithMaxDepth(epShallowDepth))
)

// epOnce builds an engine with the options on first use. Every engine
// judges dates against a fixed business day before the spec examples'
// payment dates, so that date rules give the same answer on any day.
func epOnce(opts ...validate.Option) func() (*validate.Engine, error) {
	return sync.OnceValues(func() (*validate.Engine, error) {
		clock := validate.WithClock(func() time.Time { return epToday })
		return validate.New(context.Background(), append([]validate.Option{clock}, opts...)...)
	})
}

// epToday is Monday 16 November 2026, noon in New York.
var epToday = time.Date(2026, time.November, 16, 17, 0, 0, 0, time.UTC)

const (
	epSmallLimit   = 1024 // body limit of the epSmall engine
	epShallowDepth = 3    // nesting bound of the epShallow engine; the envelopes need 3
)

// epEngine returns one of the shared engines.
func epEngine(tb testing.TB, build func() (*validate.Engine, error)) *validate.Engine {
	tb.Helper()
	e, err := build()
	require.NoError(tb, err, "validate.New")
	return e
}

func epOperation(tb testing.TB, e *validate.Engine, id string) validate.Operation {
	tb.Helper()
	op, ok := e.Operation(id)
	require.True(tb, ok, "operation %s exists", id)
	return op
}

var epDiscardLogger = slog.New(slog.DiscardHandler)

// epRequest is one request to an operation, in the parts validation reads.
type epRequest struct {
	name       string
	pathParams map[string]string // unescaped
	query      url.Values
	header     http.Header
	body       []byte // nil for none
	// unroutable marks a request whose URL no route matches (an empty path
	// segment); only the function can judge it.
	unroutable bool
}

// epJSONHeader is the header of a request or response with a JSON body.
func epJSONHeader(kv ...string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// input is the request as the function takes it.
func (r epRequest) input() validate.Request {
	return validate.Request{PathParams: r.pathParams, Query: r.query, Header: r.header.Clone(), Body: r.body}
}

// newRequest builds the request as an HTTP client would send it to base.
func (r epRequest) newRequest(ctx context.Context, base string, op validate.Operation) (*http.Request, error) {
	path := op.Path
	for name, v := range r.pathParams {
		path = strings.ReplaceAll(path, "{"+name+"}", url.PathEscape(v))
	}
	u := base + path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, op.Method, u, body)
	if err != nil {
		return nil, err
	}
	for k, v := range r.header {
		req.Header[k] = append([]string(nil), v...)
	}
	return req, nil
}

func (r epRequest) httpRequest(tb testing.TB, ctx context.Context, base string, op validate.Operation) *http.Request {
	tb.Helper()
	req, err := r.newRequest(ctx, base, op)
	require.NoError(tb, err)
	return req
}

// edit is a request editor for the generated clients: it makes the query
// and headers those of r, whatever the typed parameters produced.
func (r epRequest) edit(_ context.Context, req *http.Request) error {
	req.URL.RawQuery = r.query.Encode()
	for k, v := range r.header {
		req.Header[k] = append([]string(nil), v...)
	}
	if r.header.Get("Content-Type") == "" {
		req.Header.Del("Content-Type")
	}
	return nil
}

func (r epRequest) contentType() string { return r.header.Get("Content-Type") }

// reader is the body for a generated client's WithBody method.
func (r epRequest) reader() io.Reader {
	if r.body == nil {
		return nil
	}
	return bytes.NewReader(r.body)
}

func epValidateRequest(tb testing.TB, e *validate.Engine, id string, r epRequest) validate.Problems {
	tb.Helper()
	ps, err := e.ValidateRequest(context.Background(), id, r.input())
	require.NoError(tb, err)
	return ps
}

// epClients are the generated clients, sending through one doer: the two
// API clients and the clients of the webhooks each provider sends.
type epClients struct {
	finzly  *finzly.ClientWithResponses
	redpin  *redpin.ClientWithResponses
	webhook *redpinwebhook.ClientWithResponses // Redpin's events to the partner
	hooks   *finzlywebhook.ClientWithResponses // Finzly's notifications to the bank
}

func epNewClients(tb testing.TB, base string, doer validate.HTTPRequestDoer) epClients {
	tb.Helper()
	f, err := finzly.NewClientWithResponses(base, finzly.WithHTTPClient(doer))
	require.NoError(tb, err)
	r, err := redpin.NewClientWithResponses(base, redpin.WithHTTPClient(doer))
	require.NoError(tb, err)
	w, err := redpinwebhook.NewClientWithResponses(base, redpinwebhook.WithHTTPClient(doer))
	require.NoError(tb, err)
	fw, err := finzlywebhook.NewClientWithResponses(base, finzlywebhook.WithHTTPClient(doer))
	require.NoError(tb, err)
	return epClients{finzly: f, redpin: r, webhook: w, hooks: fw}
}

// epBackend is the handler behind the servers: it records what it received
// and answers with a fixed response.
type epBackend struct {
	status int
	body   []byte

	mu     sync.Mutex
	n      int
	got    []byte
	length int64
}

func (b *epBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	got, _ := io.ReadAll(r.Body)
	b.mu.Lock()
	b.n++
	b.got, b.length = got, r.ContentLength
	b.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body)
}

func (b *epBackend) hits() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

func (b *epBackend) lastBody() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.got
}

func (b *epBackend) lastLength() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.length
}

// epServe starts a test server closed at the end of the test.
func epServe(tb testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv
}

// epCountingDoer counts the requests that reach the wire.
type epCountingDoer struct {
	next validate.HTTPRequestDoer
	n    atomic.Int64
}

func (c *epCountingDoer) Do(req *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.Do(req)
}

// epDo sends req and returns the response with its body read.
func epDo(tb testing.TB, c *http.Client, req *http.Request) (*http.Response, []byte) {
	tb.Helper()
	resp, err := c.Do(req)
	require.NoError(tb, err)
	return resp, epReadAll(tb, resp.Body)
}

func epReadAll(tb testing.TB, rc io.ReadCloser) []byte {
	tb.Helper()
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(tb, err)
	return b
}

// epHeaderProblems decodes a problems header; nil when it is absent.
func epHeaderProblems(tb testing.TB, h http.Header, name string) validate.Problems {
	tb.Helper()
	v := h.Values(name)
	if len(v) == 0 {
		return nil
	}
	require.Len(tb, v, 1, "one %s header", name)
	var ps validate.Problems
	require.NoError(tb, json.Unmarshal([]byte(v[0]), &ps), "%s is a JSON array of problems", name)
	require.NotEmpty(tb, ps, "%s is set only when there are problems", name)
	return ps
}

// epOrNil maps an empty list of problems to nil, for comparisons.
func epOrNil(ps validate.Problems) validate.Problems {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// epLogSink collects log output written from server goroutines.
type epLogSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *epLogSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *epLogSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// epEnvelope is the error body shape of an operation's provider.
type epEnvelope int

const (
	epEnvV3     epEnvelope = iota + 1 // Finzly v3, book transfer, lookups: {status, code, message}
	epEnvV4                           // Finzly v4: {data: null, errors: [{code, message}]}
	epEnvRedpin                       // Redpin: {code, description, type, field, details}
	epEnvErrors                       // Finzly waterfall, bank lookups, recurrences: {message?, errors: [{code, message}]}
)

func epEnvelopeOf(op validate.Operation) epEnvelope {
	switch {
	case op.Provider == api.ProviderRedpin:
		return epEnvRedpin
	case strings.HasPrefix(op.Path, "/v4/"), strings.HasPrefix(op.Path, "/v5/"):
		return epEnvV4
	case strings.HasPrefix(op.Path, "/api/gateway/"), strings.HasPrefix(op.Path, "/v1/banks"), strings.HasPrefix(op.Path, "/v1/recurrences/"):
		return epEnvErrors
	default:
		return epEnvV3
	}
}

// epLocated is how an envelope locates a problem: "POINTER: message", with
// "request body" for the root.
func epLocated(p validate.Problem) string {
	if p.Pointer == "" {
		return "request body: " + p.Message
	}
	return p.Pointer + ": " + p.Message
}

// epDecodeStrict decodes an envelope, refusing members the shape lacks.
func epDecodeStrict(tb testing.TB, body []byte, v any) {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	require.NoError(tb, dec.Decode(v), "envelope %s", body)
}

// epAssertRejected checks the middleware's answer to a request with
// errors: 400 in the provider's envelope, listing exactly the function's
// problems, and itself conforming to the operation's 400 response.
// v3Code is the code a Finzly v3 envelope must carry ("" for any).
func epAssertRejected(t *testing.T, e *validate.Engine, op validate.Operation, v3Code string,
	want validate.Problems, resp *http.Response, body []byte) {
	t.Helper()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode, "rejected: %s", body)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Equal(t, want, epHeaderProblems(t, resp.Header, validate.HeaderRequestProblems),
		"%s lists the function's problems", validate.HeaderRequestProblems)
	errs := want.Errors()
	require.NotEmpty(t, errs)

	switch epEnvelopeOf(op) {
	case epEnvV3:
		var env struct {
			Status  string `json:"status"`
			Code    string `json:"code"`
			Message string `json:"message"`
		}
		epDecodeStrict(t, body, &env)
		assert.Equal(t, "Failure", env.Status)
		if v3Code != "" {
			assert.Equal(t, v3Code, env.Code, "the code of the spec's 400 example")
		} else {
			assert.NotEmpty(t, env.Code)
		}
		assert.True(t, strings.HasPrefix(env.Message, epLocated(errs[0])),
			"message %q starts with the first error %q", env.Message, epLocated(errs[0]))
		if len(errs) > 1 {
			assert.Contains(t, env.Message, "(and "+strconv.Itoa(len(errs)-1)+" more)")
		}
	case epEnvV4:
		var env struct {
			Data   json.RawMessage `json:"data"`
			Errors []struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"errors"`
		}
		epDecodeStrict(t, body, &env)
		assert.Equal(t, "null", string(env.Data))
		require.Len(t, env.Errors, len(errs), "one v4 error per error problem")
		for i, p := range errs {
			assert.Equal(t, p.Code, env.Errors[i].Code, "errors[%d].code", i)
			assert.Equal(t, epLocated(p), env.Errors[i].Message, "errors[%d].message", i)
		}
	case epEnvErrors:
		var env struct {
			Message string `json:"message"`
			Errors  []struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"errors"`
		}
		epDecodeStrict(t, body, &env)
		require.Len(t, env.Errors, len(errs), "one item per error problem")
		for i, p := range errs {
			assert.Equal(t, p.Code, env.Errors[i].Code, "errors[%d].code", i)
			assert.Equal(t, epLocated(p), env.Errors[i].Message, "errors[%d].message", i)
		}
		if strings.HasPrefix(op.Path, "/v1/recurrences/") {
			assert.True(t, strings.HasPrefix(env.Message, epLocated(errs[0])), "message %q names the first error", env.Message)
		} else {
			assert.Empty(t, env.Message, "no message where the envelope declares none")
		}
	case epEnvRedpin:
		var env struct {
			Code        string            `json:"code"`
			Description string            `json:"description"`
			Type        string            `json:"type"`
			Field       string            `json:"field"`
			Details     validate.Problems `json:"details"`
		}
		epDecodeStrict(t, body, &env)
		assert.Equal(t, "INVALID_PARAMETER", env.Code)
		assert.Equal(t, "Validation Error", env.Type)
		assert.True(t, strings.HasPrefix(env.Description, epLocated(errs[0])),
			"description %q starts with the first error %q", env.Description, epLocated(errs[0]))
		// The exact field notation is unit-tested in package validate
		// (TestRedpinFieldNames); here it must name the first error.
		assert.Equal(t, errs[0].Pointer == "", env.Field == "", "field %q for pointer %q", env.Field, errs[0].Pointer)
		assert.Equal(t, errs, env.Details, "details are the error problems")
	}

	got, err := e.ValidateResponse(context.Background(), op.ID,
		validate.Response{Status: resp.StatusCode, Header: resp.Header, Body: body})
	require.NoError(t, err)
	assert.Empty(t, got, "the middleware's 400 conforms to the spec of %s: %s", op.ID, body)
}

// epSet returns doc with the value at ptr replaced (or added to an object).
func epSet(tb testing.TB, doc []byte, ptr string, v any) []byte {
	tb.Helper()
	return epPatch(tb, doc, ptr, func(m map[string]any, key string) { m[key] = v },
		func(a []any, i int) { a[i] = v })
}

// epDelete returns doc without the object member at ptr.
func epDelete(tb testing.TB, doc []byte, ptr string) []byte {
	tb.Helper()
	return epPatch(tb, doc, ptr, func(m map[string]any, key string) {
		_, ok := m[key]
		require.True(tb, ok, "%s exists", ptr)
		delete(m, key)
	}, func([]any, int) { tb.Fatalf("cannot delete array item %s", ptr) })
}

// epPatch decodes doc (numbers kept literal), applies a change at ptr and
// re-encodes it.
func epPatch(tb testing.TB, doc []byte, ptr string, inObject func(map[string]any, string), inArray func([]any, int)) []byte {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var root any
	require.NoError(tb, dec.Decode(&root))
	toks := strings.Split(ptr, "/")[1:]
	parent := root
	step := func(v any, tok string) any {
		switch v := v.(type) {
		case map[string]any:
			return v[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			require.NoError(tb, err)
			require.Less(tb, i, len(v))
			return v[i]
		}
		tb.Fatalf("%s: %q is inside a scalar", ptr, tok)
		return nil
	}
	for _, tok := range toks[:len(toks)-1] {
		parent = step(parent, tok)
	}
	last := toks[len(toks)-1]
	switch p := parent.(type) {
	case map[string]any:
		inObject(p, last)
	case []any:
		i, err := strconv.Atoi(last)
		require.NoError(tb, err)
		inArray(p, i)
	default:
		tb.Fatalf("%s: parent is not an object or array", ptr)
	}
	out, err := json.Marshal(root)
	require.NoError(tb, err)
	return out
}

// epReformat rewrites a JSON document with unusual but valid formatting:
// members in reverse order, odd whitespace (tabs, CR LF, spaces before
// colons and commas), every "e" and "-" in strings and member names written
// as a \u escape, every non-ASCII character as \u escapes (a surrogate pair
// beyond the BMP) and "/" as "\/". Numbers keep their literal text.
func epReformat(tb testing.TB, doc []byte) []byte {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var b bytes.Buffer
	epReformatValue(tb, dec, &b, 1)
	_, err := dec.Token()
	require.ErrorIs(tb, err, io.EOF, "one document")
	b.WriteString("\r\n")
	return b.Bytes()
}

func epReformatValue(tb testing.TB, dec *json.Decoder, b *bytes.Buffer, depth int) {
	tb.Helper()
	tok, err := dec.Token()
	require.NoError(tb, err)
	pad := "\n" + strings.Repeat("\t ", depth)
	switch tok := tok.(type) {
	case json.Delim:
		switch tok {
		case '{':
			type member struct {
				key string
				val []byte
			}
			var members []member
			for dec.More() {
				k, err := dec.Token()
				require.NoError(tb, err)
				var v bytes.Buffer
				epReformatValue(tb, dec, &v, depth+1)
				members = append(members, member{k.(string), v.Bytes()})
			}
			_, err := dec.Token() // '}'
			require.NoError(tb, err)
			b.WriteString("{")
			for i := len(members) - 1; i >= 0; i-- {
				b.WriteString(pad)
				epReformatString(b, members[i].key)
				b.WriteString(" :\t")
				b.Write(members[i].val)
				if i > 0 {
					b.WriteString(" ,")
				}
			}
			b.WriteString(pad + "}")
		case '[':
			b.WriteString("[ ")
			for first := true; dec.More(); first = false {
				if !first {
					b.WriteString(" ,\r\n")
				}
				epReformatValue(tb, dec, b, depth+1)
			}
			_, err := dec.Token() // ']'
			require.NoError(tb, err)
			b.WriteString(" ]")
		}
	case string:
		epReformatString(b, tok)
	case json.Number:
		b.WriteString(tok.String())
	case bool:
		b.WriteString(strconv.FormatBool(tok))
	case nil:
		b.WriteString("null")
	}
}

func epReformatString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == 'e':
			b.WriteString(`\u0065`)
		case r == '-':
			b.WriteString(`\u002D`)
		case r == '/':
			b.WriteString(`\/`)
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r >= 0x80:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(b, `\u%04x`, u)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// epOperations selects the operations an entry point routes among for op:
// the webhooks for a webhook operation, the API operations otherwise.
func epOperations(op validate.Operation) func(validate.Operation) bool {
	if op.Webhook {
		return validate.WebhookOperations()
	}
	return validate.APIOperations()
}

// epMiddleware is the engine's middleware for op's kind of operations.
func epMiddleware(e *validate.Engine, op validate.Operation, next http.Handler, opts ...validate.MiddlewareOption) http.Handler {
	return e.Middleware(next, append([]validate.MiddlewareOption{validate.WithOperations(epOperations(op))}, opts...)...)
}
