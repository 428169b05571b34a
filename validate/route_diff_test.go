package validate_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/validate"
)

// The middleware must judge every request the generated handlers would
// serve, as the operation they would serve it as. These tests send many
// spellings of every operation's path to two copies of a generated
// HandlerFromMux (a provider's API, its webhook receiver, or all four on
// one mux): one bare, which says what it dispatched, and one behind the
// middleware with its default options, whose observer says what it judged.

// dispatchHeader carries the ServeMux pattern a request was dispatched to.
const dispatchHeader = "X-Dispatched-Pattern"

// recordingMux is a ServeMux for HandlerFromMux whose handlers only report
// the pattern they were registered for, so no server implementation is
// needed and nothing runs past the dispatch.
type recordingMux struct{ *http.ServeMux }

func (m recordingMux) HandleFunc(pattern string, _ func(http.ResponseWriter, *http.Request)) {
	m.ServeMux.HandleFunc(pattern, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set(dispatchHeader, pattern)
		w.WriteHeader(http.StatusNoContent)
	})
}

// mounts are the generated handlers the routing property is checked on,
// each with the operations it serves.
var mounts = map[string]struct {
	mount func(recordingMux)
	ops   func(validate.Operation) bool
}{
	"finzly":        {func(m recordingMux) { finzly.HandlerFromMux(nil, m) }, validate.APIOperations(api.ProviderFinzly)},
	"redpin":        {func(m recordingMux) { redpin.HandlerFromMux(nil, m) }, validate.APIOperations(api.ProviderRedpin)},
	"finzlywebhook": {func(m recordingMux) { finzlywebhook.HandlerFromMux(nil, m) }, validate.WebhookOperations(api.ProviderFinzly)},
	"redpinwebhook": {func(m recordingMux) { redpinwebhook.HandlerFromMux(nil, m) }, validate.WebhookOperations(api.ProviderRedpin)},
	"all": {func(m recordingMux) {
		finzly.HandlerFromMux(nil, m)
		redpin.HandlerFromMux(nil, m)
		finzlywebhook.HandlerFromMux(nil, m)
		redpinwebhook.HandlerFromMux(nil, m)
	}, validate.AllOperations()},
}

// routeHarness serves one mount both ways.
type routeHarness struct {
	bare     http.Handler
	checked  http.Handler
	patterns map[string]string // "METHOD /path" → operation id

	mu     sync.Mutex
	judged map[string]string // request id → operation id judged
}

const requestIDHeader = "X-Test-Request"

func newRouteHarness(tb testing.TB, name string) *routeHarness {
	tb.Helper()
	e := engine(tb)
	h := &routeHarness{patterns: map[string]string{}, judged: map[string]string{}}
	mount := func() http.Handler {
		mux := recordingMux{http.NewServeMux()}
		mounts[name].mount(mux)
		return mux
	}
	h.bare = mount()
	h.checked = e.Middleware(mount(),
		validate.WithResponseMode(validate.ResponseOff),
		validate.WithObserver(func(r *http.Request, op validate.Operation, _ validate.Problems) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.judged[r.Header.Get(requestIDHeader)] = op.ID
		}))
	for _, op := range e.Operations() {
		h.patterns[op.Method+" "+op.Path] = op.ID
	}
	return h
}

func (h *routeHarness) judgedAs(id string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	op, ok := h.judged[id]
	return op, ok
}

// spelling is one request to send: a method, a raw request target and
// extra header lines.
type spelling struct {
	method, target string
	headers        []string
}

func (s spelling) raw(id string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: payspec.test\r\n%s: %s\r\n", s.method, s.target, requestIDHeader, id)
	for _, h := range s.headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
	return b.String()
}

// spellings lists ways to write a request for op: escapes in literal and
// parameter segments, letter case, dot segments, doubled and trailing
// slashes, ';' suffixes, escaped slashes, absolute form, HEAD for GET,
// lower-case methods and method override headers.
func spellings(op validate.Operation) []spelling {
	segs := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") {
			segs[i] = "377300"
		}
	}
	var paths []string
	join := func(ss []string) string { return "/" + strings.Join(ss, "/") }
	with := func(i int, v string) string {
		c := append([]string(nil), segs...)
		c[i] = v
		return join(c)
	}
	paths = append(paths, join(segs), join(segs)+"/", join(segs)+"/.", "/"+join(segs),
		join(segs)+"?q=1", "/x/.."+join(segs), "/api/openbanking"+join(segs))
	for i, s := range segs {
		paths = append(paths,
			with(i, escapeFirst(s, "%%%02X")), with(i, escapeFirst(s, "%%%02x")), with(i, escapeAll(s)),
			with(i, strings.ToUpper(s)), with(i, s+";v=1"), with(i, s+"%3Bv=1"),
			with(i, s+"/."), with(i, s+"/./"), with(i, s+"//"), with(i, s+"/%2e"),
			with(i, "x/../"+s), with(i, "x/%2e%2e/"+s), with(i, s+"%2F"+"x"),
			with(i, "%2F"+s))
		if i+1 < len(segs) {
			c := append(append(append([]string(nil), segs[:i]...), segs[i]+"%2F"+segs[i+1]), segs[i+2:]...)
			paths = append(paths, join(c))
		}
	}
	methods := []string{op.Method, strings.ToLower(op.Method)}
	if op.Method == http.MethodGet {
		methods = append(methods, http.MethodHead)
	}
	var out []spelling
	for _, p := range paths {
		for _, m := range methods {
			out = append(out, spelling{method: m, target: p}, spelling{method: m, target: "http://payspec.test" + p})
		}
		if op.Method != http.MethodPost {
			out = append(out, spelling{method: http.MethodPost, target: p, headers: []string{"X-HTTP-Method-Override: " + op.Method}})
		}
	}
	return out
}

func escapeFirst(s, format string) string {
	if s == "" {
		return s
	}
	return fmt.Sprintf(format, s[0]) + s[1:]
}

func escapeAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

// checkSpelling sends one spelling both ways and checks the property.
func (h *routeHarness) checkSpelling(t *testing.T, id string, s spelling,
	send func(handler http.Handler, raw string) (http.Header, bool)) {
	t.Helper()
	hdr, ok := send(h.bare, s.raw(id))
	if !ok {
		return // not a request the server would read
	}
	pattern := hdr.Get(dispatchHeader)
	if pattern == "" {
		return // not dispatched to an operation
	}
	want, found := h.patterns[pattern]
	require.True(t, found, "dispatched to an unknown pattern %q", pattern)
	send(h.checked, s.raw(id))
	got, judged := h.judgedAs(id)
	assert.True(t, judged, "%s %s reached %s unjudged", s.method, s.target, want)
	assert.Equal(t, want, got, "%s %s judged as another operation", s.method, s.target)
}

// serveInProcess parses the raw request as net/http's server does and
// serves it directly.
func serveInProcess(handler http.Handler, raw string) (http.Header, bool) {
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		return nil, false
	}
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	return rec.Result().Header, true
}

// socketSender writes raw requests to real servers of the handlers.
type socketSender struct {
	addrs map[http.Handler]string
}

func newSocketSender(tb testing.TB, handlers ...http.Handler) *socketSender {
	s := &socketSender{addrs: map[http.Handler]string{}}
	for _, h := range handlers {
		srv := httptest.NewServer(h)
		tb.Cleanup(srv.Close)
		s.addrs[h] = srv.Listener.Addr().String()
	}
	return s
}

func (s *socketSender) send(handler http.Handler, raw string) (http.Header, bool) {
	conn, err := net.Dial("tcp", s.addrs[handler])
	if err != nil {
		return nil, false
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, raw); err != nil {
		return nil, false
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Header, resp.StatusCode != http.StatusBadRequest || resp.Header.Get(dispatchHeader) != ""
}

func TestMiddlewareJudgesEveryRequestTheGeneratedHandlersServe(t *testing.T) {
	e := engine(t)
	for name, m := range mounts {
		h := newRouteHarness(t, name)
		// Over a socket, the server that holds every operation: the
		// parsing of raw targets does not depend on what is mounted.
		var sock *socketSender
		if name == "all" {
			sock = newSocketSender(t, h.bare, h.checked)
		}
		dispatched, served := 0, 0
		for _, op := range e.Operations() {
			if !m.ops(op) {
				continue
			}
			served++
			for i, s := range spellings(op) {
				id := op.ID + "-" + strconv.Itoa(i)
				t.Run("in-process", func(t *testing.T) { h.checkSpelling(t, id+"-mem", s, serveInProcess) })
				if sock != nil {
					t.Run("socket", func(t *testing.T) { h.checkSpelling(t, id+"-tcp", s, sock.send) })
				}
				if hdr, ok := serveInProcess(h.bare, s.raw("count")); ok && hdr.Get(dispatchHeader) != "" {
					dispatched++
				}
			}
		}
		// The corpus must exercise dispatch, or the property holds vacuously.
		assert.GreaterOrEqual(t, dispatched, 10*served, "%s: too few spellings were dispatched", name)
	}
}

// FuzzMiddlewareJudgesWhatServeMuxDispatches is the same property for any
// method, request target and method override.
func FuzzMiddlewareJudgesWhatServeMuxDispatches(f *testing.F) {
	harness := map[string]*routeHarness{}
	for name, m := range mounts {
		harness[name] = newRouteHarness(f, name)
		for _, op := range engine(f).Operations() {
			if m.ops(op) {
				for _, s := range spellings(op)[:12] {
					f.Add(name, s.method, s.target, "")
				}
			}
		}
	}
	f.Add("finzly", "POST", "/v3/payments/377300/cancel", "PUT")
	f.Add("all", "POST", "/v3/customers%2F377300/payments", "")
	f.Add("all", "POST", "/v1/recurrences/payments", "PUT")
	f.Add("finzlywebhook", "GET", "/payments", "POST")
	f.Fuzz(func(t *testing.T, mount, method, target, override string) {
		h := harness[mount]
		if h == nil {
			return
		}
		s := spelling{method: method, target: target}
		if override != "" {
			s.headers = []string{"X-HTTP-Method-Override: " + override}
		}
		if strings.ContainsAny(method+target+override, "\r\n") {
			return
		}
		h.checkSpelling(t, "fuzz", s, serveInProcess)
	})
}

func TestHEADIsJudgedAsGET(t *testing.T) {
	e := engine(t)
	var hits int
	handler := e.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		op, ok := validate.OperationFromContext(r.Context())
		assert.True(t, ok)
		assert.Equal(t, "getPayment", op.ID)
	}), validate.WithResponseMode(validate.ResponseOff))
	for _, tc := range []struct {
		target string
		status int
	}{
		{"/v3/payments/" + url.PathEscape(strings.Repeat("9", 200)), http.StatusBadRequest},
		{"/v3/payments/377300", http.StatusOK},
	} {
		req := httptest.NewRequest(http.MethodHead, tc.target, nil)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		assert.Equal(t, tc.status, rec.Code, tc.target)
	}
	assert.Equal(t, 1, hits, "only the valid HEAD request reaches the handler")
}

func TestRouteReadsPathsAsServeMuxDoes(t *testing.T) {
	e := engine(t)
	for _, tc := range []struct {
		method, path, want string
		params             map[string]string
	}{
		{"POST", "/v4/payments/%63redit", "createCreditPaymentV4", nil},
		{"POST", "/v4/payments/CREDIT", "createCreditPaymentV4", nil},
		{"POST", "/v4/payments/credit;jsessionid=1", "createCreditPaymentV4", nil},
		{"POST", "/v4//payments/./credit/", "createCreditPaymentV4", nil},
		{"POST", "/x/../v4/payments/credit", "createCreditPaymentV4", nil},
		{"HEAD", "/v3/payments/12", "getPayment", map[string]string{"paymentUID": "12"}},
		{"GET", "/v3/payments/1%2F2", "getPayment", map[string]string{"paymentUID": "1/2"}},
		{"GET", "/v3/payments/%2e%2e", "getPayment", map[string]string{"paymentUID": ".."}},
		{"GET", "/api/openbanking/v3/payments/12", "getPayment", map[string]string{"paymentUID": "12"}},
	} {
		op, params, err := e.Route(tc.method, tc.path)
		require.NoError(t, err, "%s %s", tc.method, tc.path)
		assert.Equal(t, tc.want, op.ID, "%s %s", tc.method, tc.path)
		if tc.params != nil {
			assert.Equal(t, tc.params, params, "%s %s", tc.method, tc.path)
		}
	}
	_, _, err := e.Route("PUT", "/v4/payments/credit")
	assert.ErrorIs(t, err, validate.ErrUnknownOperation)
}

func TestRouteRefusesPathsTwoReadersRouteApart(t *testing.T) {
	e := engine(t)
	// ServeMux reads the escaped slashes as part of one segment, the
	// payment id; a router that unescapes the path first sees the
	// template again at the end, with another id.
	const path = "/v3/payments/x%2Fv3%2Fpayments%2F377300"
	_, _, err := e.Route("GET", path)
	var ps validate.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, validate.CodeAmbiguousRoute, ps[0].Code)

	rec := httptest.NewRecorder()
	e.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("an ambiguous path reached the handler")
	})).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Header().Get(validate.HeaderRequestProblems), validate.CodeAmbiguousRoute)

	// One reading only: judged as ServeMux reads it.
	_, params, err := e.Route("GET", "/v3/payments/a%2Fb")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"paymentUID": "a/b"}, params)
}

// judging is middleware over a handler that does nothing, and the
// operations it judged requests as, in order.
func judging(e *validate.Engine) (http.Handler, *[]string) {
	var judged []string
	return e.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}),
		validate.WithResponseMode(validate.ResponseOff),
		validate.WithObserver(func(_ *http.Request, op validate.Operation, _ validate.Problems) {
			judged = append(judged, op.ID)
		})), &judged
}

func TestMethodOverrideIsJudged(t *testing.T) {
	e := engine(t)
	h, judged := judging(e)
	// POST on cancel's path matches nothing by itself; overridden to PUT
	// it is cancelPayment.
	for _, header := range []string{"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"} {
		req := httptest.NewRequest(http.MethodPost, "/v3/payments/377300/cancel", nil)
		req.Header.Set(header, "PUT")
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	assert.Equal(t, []string{"cancelPayment", "cancelPayment", "cancelPayment"}, *judged)

	// An override naming another operation than the method is refused.
	req := httptest.NewRequest(http.MethodGet, "/v3/payments/search", nil)
	req.Header.Set("X-HTTP-Method-Override", "POST")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Header().Get(validate.HeaderRequestProblems), validate.CodeAmbiguousRoute)
}

// Frameworks also read an override from the _method query or form
// parameter (gorilla/handlers, kataras/methodoverride): the query is routed
// like the headers, and a form body that could carry one is refused where
// the path has operations under other methods.
func TestMethodOverrideInParametersIsJudged(t *testing.T) {
	e := engine(t)
	h, judged := judging(e)
	for _, query := range []string{"_method=PUT", "%5Fmethod=put", "x=1&_method=PUT"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/v3/payments/377300/cancel?"+query, nil))
	}
	assert.Equal(t, []string{"cancelPayment", "cancelPayment", "cancelPayment"}, *judged)

	for _, tc := range []struct {
		name   string
		target string
		header [2]string
	}{
		{"query naming another operation", "/v3/payments/search?_method=POST", [2]string{}},
		{"second header value naming another operation", "/v3/payments/search", [2]string{"X-HTTP-Method", "POST"}},
		{"form body on a path of other methods", "/v3/payments/377300/cancel", [2]string{"Content-Type", "application/x-www-form-urlencoded"}},
		{"multipart form body", "/v3/payments/377300/cancel", [2]string{"Content-Type", "multipart/form-data; boundary=x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodPost
			if strings.HasPrefix(tc.target, "/v3/payments/search") {
				method = http.MethodGet
			}
			req := httptest.NewRequest(method, tc.target, strings.NewReader("_method=PUT"))
			req.Header.Add("X-HTTP-Method", method)
			if tc.header[0] != "" {
				req.Header.Add(tc.header[0], tc.header[1])
			}
			rec := httptest.NewRecorder()
			e.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
				t.Error("the request reached the handler")
			})).ServeHTTP(rec, req)
			assert.Equal(t, http.StatusBadRequest, rec.Code)
			assert.Contains(t, rec.Header().Get(validate.HeaderRequestProblems), validate.CodeAmbiguousRoute)
		})
	}

	// A form body on a path no method routes passes on, as before.
	req := httptest.NewRequest(http.MethodPost, "/healthz", strings.NewReader("a=1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	reached := false
	e.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true })).
		ServeHTTP(httptest.NewRecorder(), req)
	assert.True(t, reached)
}
