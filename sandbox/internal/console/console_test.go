package console

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newConsole(t testing.TB, f *fakeBackend, opts ...Option) *Console {
	t.Helper()
	c, err := New(f, opts...)
	require.NoError(t, err)
	return c
}

// get serves a GET and returns the status and body.
func get(t testing.TB, c *Console, target string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Code, rec.Body.String()
}

// post serves a same-origin form post carrying the console's token, with
// extra headers.
func post(t testing.TB, c *Console, target string, form url.Values, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	if form.Get("csrf") == "" {
		form.Set("csrf", c.token)
	}
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, req)
	return rec
}

func TestHomeGoesToPayments(t *testing.T) {
	c := newConsole(t, newFake(0))
	for _, path := range []string{"/console", "/console/"} {
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		assert.Equal(t, http.StatusSeeOther, rec.Code, path)
		assert.Equal(t, "/console/payments", rec.Header().Get("Location"), path)
	}
}

func TestPaymentListFiltersAndPages(t *testing.T) {
	c := newConsole(t, newFake(120))

	status, body := get(t, c, "/console/payments")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "Showing 1–50 of 120 payments, newest first.")
	assert.Less(t, strings.Index(body, ">5f0c-00119<"), strings.Index(body, ">377418<"), "newest first")
	assert.Contains(t, body, `href="/console/payments?page=2" rel="next"`)

	status, body = get(t, c, "/console/payments?provider=redpin&status=PAYMENT_COMPLETED&page=2")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "Page 2 is past the last page of these 30 payments;")
	assert.Contains(t, body, `<a href="/console/payments?provider=redpin&amp;status=PAYMENT_COMPLETED">go to the first</a>`)
	_, body = get(t, c, "/console/payments?provider=redpin&status=PAYMENT_COMPLETED")
	assert.Contains(t, body, "Showing 1–30 of 30 payments matching the filter (120 stored)")
	assert.NotContains(t, body, `>377300<`, "Finzly's are filtered out")
	assert.Contains(t, body, `<option value="redpin" selected>`)

	_, body = get(t, c, "/console/payments?reference=inv-00007")
	assert.Contains(t, body, "Showing 1–1 of 1 payment")
	assert.Contains(t, body, `href="/console/payments/5f0c-00007"`)

	_, body = get(t, c, "/console/payments?reference=nothing-like-it")
	assert.Contains(t, body, "No payment matches the filter (120 stored).")
}

func TestPaymentListRefusesLongFilters(t *testing.T) {
	c := newConsole(t, newFake(1))
	status, _ := get(t, c, "/console/payments?reference="+strings.Repeat("x", maxReference+1))
	assert.Equal(t, http.StatusBadRequest, status)
}

func TestPaymentPageShowsTimelineWebhooksAndRecord(t *testing.T) {
	c := newConsole(t, newFake(3))
	status, body := get(t, c, "/console/payments/377300")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `<h1>Payment <span class="id">377300</span></h1>`)
	assert.Contains(t, body, `INITIATED →</span> <span class="status s-busy">FUTURE_DATED</span>`, "the timeline")
	assert.Contains(t, body, "http://127.0.0.1:9000/payments", "the webhook's receiver")
	assert.Contains(t, body, "3 ms", "the attempt's latency")
	assert.Contains(t, body, "&#34;amount&#34;: 2450.00", "the stored record, indented, its number as written")

	status, body = get(t, c, "/console/payments/no-such-payment")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, body, "The sandbox has no payment with this id.")
}

func TestWebhookLogMarksFailedDeliveries(t *testing.T) {
	f := newFake(2)
	f.addDelivery(failedDelivery("redpinPaymentStatusEnvelopeWebhook", "http://127.0.0.1:9000/hooks", "5f0c-00001",
		"PROCESSING", "connection refused"))
	c := newConsole(t, f)
	status, body := get(t, c, "/console/webhooks")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "Showing 1–3 of 3 deliveries; 1 on this page failed.")
	assert.Contains(t, body, `<tr class="row-bad">`)
	assert.Contains(t, body, `<span aria-hidden="true">✗ </span>failed`, "marked in words, not colour alone")
	assert.Contains(t, body, "connection refused")
	assert.Contains(t, body, `data-stream="/console/webhooks/stream"`, "the first page follows the stream")

	_, body = get(t, c, "/console/webhooks?page=2")
	assert.NotContains(t, body, "data-stream", "later pages stay still")
}

// readEvent reads one server-sent event and returns its data.
func readEvent(t *testing.T, r *bufio.Reader) (name, data string) {
	t.Helper()
	var lines []string
	for {
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" && name != "":
			return name, strings.Join(lines, "\n")
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			lines = append(lines, strings.TrimPrefix(line, "data: "))
		}
	}
}

// openStream serves a console over f on a loopback server and opens its
// webhook log stream, which the test's end closes.
func openStream(t *testing.T, f *fakeBackend) *http.Response {
	t.Helper()
	c := newConsole(t, f, WithStreamTiming(10*time.Millisecond, 5*time.Second))
	srv := httptest.NewServer(c)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/console/webhooks/stream", nil)
	require.NoError(t, err)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

func TestWebhookStreamSendsTheLogWhenItChanges(t *testing.T) {
	f := newFake(1)
	resp := openStream(t, f)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	r := bufio.NewReader(resp.Body)

	name, data := readEvent(t, r)
	assert.Equal(t, "deliveries", name)
	assert.Contains(t, data, "Showing 1–1 of 1 delivery")

	f.addDelivery(Delivery{Operation: "finzlyPaymentStatusWebhook", Receiver: "http://127.0.0.1:9000/payments",
		Subject: "377300", PaymentID: "377300", Status: "PROCESSED", State: "pending"})
	_, data = readEvent(t, r)
	assert.Contains(t, data, "Showing 1–2 of 2 deliveries")
	assert.Contains(t, data, "pending")
}

// An event stream ends a line at CR as well as LF: a CR in the log (an
// attempt's error can quote a receiver's certificate) must not end the
// event and start another.
func TestWebhookStreamKeepsCarriageReturnsInsideTheEvent(t *testing.T) {
	f := newFake(0)
	f.addDelivery(failedDelivery("finzlyPaymentStatusWebhook", "https://127.0.0.1:9000/payments", "377300",
		"PROCESSED", "certificate is valid for a\revent: bogus\r\ndata: INJECTED, not localhost"))
	resp := openStream(t, f)
	// The blocks the stream sends, each ended by a blank line, up to the
	// first that names an event.
	var first string
	for r := bufio.NewReader(resp.Body); !strings.Contains(first, "event: "); {
		var block strings.Builder
		for {
			line, err := r.ReadString('\n')
			require.NoError(t, err)
			if line == "\n" {
				break
			}
			block.WriteString(line)
		}
		first = strings.TrimSuffix(block.String(), "\n")
	}
	assert.NotContains(t, first, "\r")
	events := 0
	for i, line := range strings.Split(first, "\n") {
		switch {
		case strings.HasPrefix(line, "event: "):
			events++
			assert.Equal(t, "event: deliveries", line)
		case strings.HasPrefix(line, "retry: "), strings.HasPrefix(line, "data: "):
		default:
			t.Errorf("line %d of the event: %q", i, line)
		}
	}
	assert.Equal(t, 1, events)
}

func TestWebhookStreamsAreBounded(t *testing.T) {
	c := newConsole(t, newFake(1))
	for range maxStreams {
		c.streams <- struct{}{}
	}
	status, _ := get(t, c, "/console/webhooks/stream")
	assert.Equal(t, http.StatusServiceUnavailable, status)
}

func TestFormsRefuseCrossSitePosts(t *testing.T) {
	tests := []struct {
		name   string
		token  string
		header http.Header
		want   int
	}{
		{"same origin with the token", "", nil, http.StatusSeeOther},
		{"another site by Sec-Fetch-Site", "", http.Header{"Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
		{"a sibling site by Sec-Fetch-Site", "", http.Header{"Sec-Fetch-Site": {"same-site"}}, http.StatusForbidden},
		{"another origin by Origin", "", http.Header{"Sec-Fetch-Site": nil, "Origin": {"http://attacker.example"}}, http.StatusForbidden},
		{"no token", "wrong", nil, http.StatusForbidden},
		{"a token of another console", "c2FuZGJveA", nil, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(1)
			c := newConsole(t, f)
			rec := post(t, c, "/console/reset", url.Values{"csrf": {tt.token}, "confirm": {"yes"}}, tt.header)
			assert.Equal(t, tt.want, rec.Code)
			wantResets := 0
			if tt.want == http.StatusSeeOther {
				wantResets = 1
			}
			assert.Equal(t, wantResets, f.resets, "reset only when the post is trusted")
		})
	}
}

func TestResetNeedsConfirmation(t *testing.T) {
	f := newFake(1)
	c := newConsole(t, f)
	rec := post(t, c, "/console/reset", url.Values{}, nil)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "Tick the box to confirm the reset")
	assert.Zero(t, f.resets)

	rec = post(t, c, "/console/reset", url.Values{"confirm": {"yes"}}, nil)
	require.Equal(t, http.StatusSeeOther, rec.Code)
	assert.Equal(t, 1, f.resets)
	_, body := get(t, c, rec.Header().Get("Location"))
	assert.Contains(t, body, "The sandbox forgot every payment")
}

func TestClockMovesAndShowsWhatMoved(t *testing.T) {
	tests := []struct {
		form url.Values
		to   string
	}{
		{url.Values{"move": {"hour"}}, "2030-03-04 10:30:00"},
		{url.Values{"move": {"business-day"}}, "2030-03-05 00:00:00"},
		{url.Values{"move": {"date"}, "date": {"2030-03-08"}}, "2030-03-08 09:30:00"},
	}
	for _, tt := range tests {
		t.Run(tt.form.Get("move"), func(t *testing.T) {
			f := newFake(2)
			c := newConsole(t, f)
			rec := post(t, c, "/console/clock", tt.form, nil)
			require.Equal(t, http.StatusOK, rec.Code)
			body := rec.Body.String()
			assert.Contains(t, body, "went from <time datetime=\"2030-03-04T09:30:00Z\">2030-03-04 09:30:00</time> to")
			assert.Contains(t, body, ">"+tt.to+"</time>.")
			assert.Contains(t, body, "1 payment changed status:")
			assert.Contains(t, body, `<a class="id" href="/console/payments/377300">`)
			assert.Contains(t, body, "FUTURE_DATED → PROCESSED")
		})
	}
}

func TestClockRefusesWhatItCannotDo(t *testing.T) {
	tests := []struct {
		name string
		form url.Values
		want int
		says string
	}{
		{"backwards", url.Values{"move": {"date"}, "date": {"2030-03-01"}}, http.StatusConflict, "only moves forward"},
		{"not a date", url.Values{"move": {"date"}, "date": {"03/08/2030"}}, http.StatusBadRequest, "YYYY-MM-DD"},
		{"unknown move", url.Values{"move": {"week"}}, http.StatusBadRequest, "no move the console knows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(1)
			rec := post(t, newConsole(t, f), "/console/clock", tt.form, nil)
			assert.Equal(t, tt.want, rec.Code)
			assert.Contains(t, rec.Body.String(), tt.says)
			c, _ := f.Clock(context.Background())
			assert.Equal(t, fakeStart, c.Now, "the clock did not move")
		})
	}
}

func TestPlaygroundListsAndLoadsExamples(t *testing.T) {
	c := newConsole(t, newFake(0))
	status, body := get(t, c, "/console/playground")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `<option value="createPayment">`, "the searchable list")
	assert.Contains(t, body, `<h3>finzly</h3>`)
	assert.Contains(t, body, `<h3>redpin</h3>`)

	_, body = get(t, c, "/console/playground?op=createCreditPaymentV4&example=achSenderInCrm")
	assert.Contains(t, body, "&#34;externalReferenceId&#34;: &#34;INV-1001&#34;", "the example in the editor")
	assert.Contains(t, body, `name="p.Idempotent-Key"`, "an input per parameter")
	assert.Contains(t, body, `<option value="achSenderInCrm" selected>`)

	status, body = get(t, c, "/console/playground?op=noSuchOperation")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, body, "No operation of either spec has this id")

	status, _ = get(t, c, "/console/playground?op=createCreditPaymentV4&example=missing")
	assert.Equal(t, http.StatusNotFound, status)

	_, body = get(t, c, "/console/playground?op=finzlyPaymentStatusWebhook")
	assert.NotContains(t, body, `id="send"`, "a webhook can be validated, not sent")
}

func TestPlaygroundValidateLocatesProblems(t *testing.T) {
	f := newFake(0)
	body := "{\n  \"externalReferenceId\": \"INV-1001\",\n  \"paymentCurrency\": \"US\"\n}\n"
	at := strings.Index(body, `"paymentCurrency"`)
	f.problems = []Problem{
		{Code: "MIN_LENGTH", Severity: "error", Pointer: "/paymentCurrency", Message: "must be at least 3 characters long",
			Line: 3, Column: 3, Offset: at},
		{Code: "REQUIRED", Severity: "error", Pointer: "/path/customer_id", Message: "is required", Param: "customer_id", Offset: -1},
	}
	c := newConsole(t, f)
	// A browser sends a textarea's lines ending in CR LF.
	rec := post(t, c, "/console/playground", url.Values{"op": {"createPayment"}, "action": {"validate"},
		"body": {strings.ReplaceAll(body, "\n", "\r\n")}}, nil)
	require.Equal(t, http.StatusOK, rec.Code)
	page := rec.Body.String()
	assert.Contains(t, page, "2 problems (2 errors)")
	start, end := len("{\n  \"externalReferenceId\": \"INV-1001\",\n  "), len("{\n  \"externalReferenceId\": \"INV-1001\",\n  \"paymentCurrency\": \"US\"")
	assert.Contains(t, page, `data-start="`+strconv.Itoa(start)+`" data-end="`+strconv.Itoa(end)+`" data-target="body"`)
	assert.Contains(t, page, "line 3, column 3")
	assert.Contains(t, page, `href="#param-customer_id"`, "a parameter's problem points at its input")
	assert.Contains(t, page, "\n{\n  &#34;externalReferenceId&#34;", "the body kept, with plain line ends")
}

func TestPlaygroundSendsOnlyValidRequests(t *testing.T) {
	f := newFake(0)
	c := newConsole(t, f)
	form := url.Values{"op": {"createCreditPaymentV4"}, "action": {"send"}, "body": {fakeExample}, "p.Idempotent-Key": {"k-1"}}

	f.problems = []Problem{{Code: "MIN_LENGTH", Severity: "error", Pointer: "/paymentCurrency", Offset: 0}}
	rec := post(t, c, "/console/playground", form, nil)
	assert.Contains(t, rec.Body.String(), "Not sent: the request has errors")
	assert.Empty(t, f.sent)

	f.problems = []Problem{{Code: "DEPRECATED", Severity: "warning", Pointer: "", Offset: 0}}
	rec = post(t, c, "/console/playground", form, nil)
	page := rec.Body.String()
	require.Len(t, f.sent, 1, "warnings do not stop a send")
	assert.Equal(t, map[string]string{"Idempotent-Key": "k-1"}, f.sent[0].Params)
	assert.Equal(t, fakeExample, string(f.sent[0].Body))
	assert.Contains(t, page, "The sandbox answered <span class=\"http ok\">200 OK</span>")
	assert.Contains(t, page, `<a id="payment-link" class="button" href="/console/payments/377300">`)

	rec = post(t, c, "/console/playground", url.Values{"op": {"finzlyPaymentStatusWebhook"}, "action": {"send"}, "body": {"{}"}}, nil)
	assert.Contains(t, rec.Body.String(), "it can be validated here, not sent")
}

func TestPlaygroundRefusesOversizedInput(t *testing.T) {
	c := newConsole(t, newFake(0))
	rec := post(t, c, "/console/playground", url.Values{"op": {"createPayment"}, "action": {"validate"},
		"p.customer_id": {strings.Repeat("x", maxParam+1)}}, nil)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	rec = post(t, c, "/console/playground", url.Values{"op": {"createPayment"}, "action": {"validate"},
		"p.customer_id": {"CUST-1\r\nX-Injected: 1"}}, nil)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "must be one line")
	rec = post(t, c, "/console/playground", url.Values{"op": {"createPayment"}, "body": {strings.Repeat("x", maxForm)}}, nil)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
}

func TestAssetsAndHeaders(t *testing.T) {
	c := newConsole(t, newFake(0))
	for path, kind := range map[string]string{"/console/assets/console.css": "text/css", "/console/assets/console.js": "text/javascript"} {
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		assert.Equal(t, http.StatusOK, rec.Code, path)
		assert.Contains(t, rec.Header().Get("Content-Type"), kind, path)
	}
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/console/clock", nil))
	assert.Contains(t, rec.Header().Get("Content-Security-Policy"), "script-src 'self'")
	assert.Equal(t, "DENY", rec.Header().Get("X-Frame-Options"))
	assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
	for _, path := range []string{"/console/nothing-here", "/console/assets/", "/console/assets/missing.js"} {
		status, _ := get(t, c, path)
		assert.Equal(t, http.StatusNotFound, status, path)
	}
}
