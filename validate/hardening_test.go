package validate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/problem"
)

// manyEmptyRecipients is a 1 MiB Redpin payment whose recipient_details
// holds hundreds of thousands of empty items.
func manyEmptyRecipients() []byte {
	var b bytes.Buffer
	b.WriteString(`{"purpose_of_transaction":"SUPPLIER_PAYMENT","amount":{"currency":"GBP","value":1},"recipient_details":[{}`)
	for b.Len() < validate.DefaultMaxBodyBytes-8 {
		b.WriteString(`,{}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// withUnknownMembers adds n undeclared members to a JSON object.
func withUnknownMembers(doc []byte, n int) []byte {
	var b bytes.Buffer
	b.Write(bytes.TrimSuffix(bytes.TrimSpace(doc), []byte("}")))
	for i := range n {
		b.WriteString(`,"zz` + strconv.Itoa(i) + `":0`)
	}
	b.WriteString("}")
	return b.Bytes()
}

var redpinParams = map[string]string{"customer_id": "CUST-0048213"}

func TestProblemListIsBounded(t *testing.T) {
	ctx := context.Background()
	for _, max := range []int{validate.DefaultMaxProblems, 10} {
		e := newEngine(t, validate.WithMaxProblems(max))
		ps, err := e.ValidateRequest(ctx, "createPayment", validate.Request{PathParams: redpinParams,
			Header: jsonHeader(), Body: manyEmptyRecipients()})
		require.NoError(t, err)
		require.Len(t, ps, max+1)
		assert.Len(t, ps[:max].Errors(), max, "errors fill the list")
		marker := ps[max]
		assert.Equal(t, validate.CodeTooManyProblems, marker.Code)
		assert.Equal(t, validate.SeverityError, marker.Severity)
		assert.True(t, ps.Omitted().AtLeast, "checking stopped once the verdict was known")
		assert.True(t, ps.HasErrors())
	}
}

func TestProblemCapKeepsVerdicts(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, validate.WithoutRules())
	valid := redpinPayment(t)

	// Warnings only: still valid, the marker is a warning with the count.
	ps, err := e.ValidateRequest(ctx, "createPayment", validate.Request{PathParams: redpinParams,
		Header: jsonHeader(), Body: withUnknownMembers(valid, 80_000)})
	require.NoError(t, err)
	assert.False(t, ps.HasErrors())
	require.Len(t, ps, validate.DefaultMaxProblems+1)
	assert.Equal(t, problem.Omitted{Warnings: 80_000 - validate.DefaultMaxProblems}, ps.Omitted())
	assert.Equal(t, validate.SeverityWarning, ps[len(ps)-1].Severity)
	assert.Equal(t, "/zz0", ps[0].Pointer, "the first names in order are listed")

	// The same members under strict mode are errors: refused.
	strict := newEngine(t, validate.WithoutRules(), validate.WithStrict(true))
	ps, err = strict.ValidateRequest(ctx, "createPayment", validate.Request{PathParams: redpinParams,
		Header: jsonHeader(), Body: withUnknownMembers(valid, 80_000)})
	require.NoError(t, err)
	assert.True(t, ps.HasErrors())
	assert.Equal(t, validate.SeverityError, ps[len(ps)-1].Severity)

	// One error among many warnings is kept.
	bad := bytes.Replace(withUnknownMembers(valid, 500), []byte(`"purpose_of_transaction":`), []byte(`"purpose_of_transaction":1,"x0":`), 1)
	ps, err = e.ValidateRequest(ctx, "createPayment", validate.Request{PathParams: redpinParams,
		Header: jsonHeader(), Body: bad})
	require.NoError(t, err)
	require.True(t, ps.HasErrors())
	assert.Equal(t, "/purpose_of_transaction", ps.Errors()[0].Pointer)
}

func TestProblemCapIsTheSameOnEveryRun(t *testing.T) {
	e := newEngine(t, validate.WithMaxProblems(5), validate.WithStrict(true))
	body := withUnknownMembers(redpinPayment(t), 1000)
	first, err := e.ValidateRequest(context.Background(), "createPayment",
		validate.Request{PathParams: redpinParams, Header: jsonHeader(), Body: body})
	require.NoError(t, err)
	for range 20 {
		again, err := e.ValidateRequest(context.Background(), "createPayment",
			validate.Request{PathParams: redpinParams, Header: jsonHeader(), Body: body})
		require.NoError(t, err)
		assert.Equal(t, first.Error(), again.Error())
	}
}

// An array element's schema payspec evaluates itself goes over the
// element's members in map order; the problem kept within the budget must
// still be the first in name order, on every run.
func TestProblemCapInArrayElementsIsTheSameOnEveryRun(t *testing.T) {
	e := newEngine(t, validate.WithoutRules(), validate.WithMaxProblems(1))
	body := []byte(`{"contacts":[{"contact_id":1,"first_name":1}]}`)
	for range 60 {
		ps, err := e.ValidateRequest(context.Background(), "redpinCustomerStatusWebhook",
			validate.Request{Header: jsonHeader(), Body: body})
		require.NoError(t, err)
		require.NotEmpty(t, ps)
		assert.Equal(t, "/contacts/0/contact_id", ps[0].Pointer)
	}
}

func TestMiddlewareOutputIsBounded(t *testing.T) {
	e := newEngine(t)
	reached := 0
	h := e.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(redpinCreated)
	}), validate.WithLogger(discardLogger))

	// An invalid 1 MiB body: a small 400 and a small header.
	rec := serve(h, http.MethodPost, "/v3/customers/CUST-0048213/payments", manyEmptyRecipients())
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Less(t, rec.Body.Len(), 64<<10)
	assert.LessOrEqual(t, len(rec.Header().Get(validate.HeaderRequestProblems)), problem.HeaderLimit)
	assert.Zero(t, reached)

	// A valid body with 100,000 undeclared members reaches the handler,
	// and the success answer carries a header clients accept.
	rec = serve(h, http.MethodPost, "/v3/customers/CUST-0048213/payments",
		withUnknownMembers(redpinPaymentSameCurrency, 80_000))
	assert.Equal(t, http.StatusCreated, rec.Code)
	assert.Equal(t, 1, reached)
	hdr := rec.Header().Get(validate.HeaderRequestProblems)
	assert.LessOrEqual(t, len(hdr), problem.HeaderLimit)
	var listed validate.Problems
	require.NoError(t, json.Unmarshal([]byte(hdr), &listed))
	assert.Equal(t, validate.CodeTooManyProblems, listed[len(listed)-1].Code)
	assert.Contains(t, listed[len(listed)-1].Message, "warnings left out")
}

func TestDoerProblemsAreBounded(t *testing.T) {
	e := newEngine(t)
	sent := 0
	d := &validate.Doer{Engine: e, Next: doerFunc(func(*http.Request) (*http.Response, error) {
		sent++
		return nil, io.EOF
	})}
	req, err := http.NewRequest(http.MethodPost, "https://api.test/v3/customers/CUST-0048213/payments",
		bytes.NewReader(manyEmptyRecipients()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	_, err = d.Do(req)
	var re *validate.RequestError
	require.ErrorAs(t, err, &re)
	assert.Len(t, re.Problems, validate.DefaultMaxProblems+1)
	assert.Zero(t, sent)
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestUnmatchedRequests(t *testing.T) {
	e := engine(t)
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })

	rec := serve(e.Middleware(next), http.MethodGet, "/health", nil)
	assert.Equal(t, http.StatusTeapot, rec.Code, "passed through by default")

	refuse := e.Middleware(next, validate.WithUnmatched(validate.UnmatchedRefuse))
	for _, tc := range []struct {
		method, path string
		check        func(t *testing.T, body map[string]any)
	}{
		{"GET", "/v4/payments/unknown", func(t *testing.T, body map[string]any) {
			assert.Nil(t, body["data"])
			assert.Equal(t, validate.CodeUnknownOperation, body["errors"].([]any)[0].(map[string]any)["code"])
		}},
		{"DELETE", "/v3/payments/377300", func(t *testing.T, body map[string]any) {
			assert.Equal(t, "Failure", body["status"])
			assert.Equal(t, validate.CodeUnknownOperation, body["code"])
		}},
		{"GET", "/v3/customers/CUST-1/unknown", func(t *testing.T, body map[string]any) {
			assert.Equal(t, "RESOURCE_NOT_FOUND", body["code"])
			assert.NotEmpty(t, body["description"])
		}},
		{"GET", "/", func(t *testing.T, body map[string]any) {
			assert.Equal(t, "Failure", body["status"], "no resemblance: the first provider's format")
		}},
	} {
		rec := serve(refuse, tc.method, tc.path, nil)
		assert.Equal(t, http.StatusNotFound, rec.Code, tc.path)
		assert.Contains(t, rec.Header().Get(validate.HeaderRequestProblems), validate.CodeUnknownOperation)
		var body map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), tc.path)
		tc.check(t, body)
	}
	// Only Redpin served: every unmatched request gets Redpin's format.
	redpinOnly := e.Middleware(next, validate.WithUnmatched(validate.UnmatchedRefuse),
		validate.WithOperations(validate.APIOperations("redpin")))
	rec = serve(redpinOnly, http.MethodGet, "/v4/payments/credit", nil)
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Contains(t, rec.Body.String(), "RESOURCE_NOT_FOUND")
}

func TestInformationalResponsesPassThrough(t *testing.T) {
	e := engine(t)
	for _, mode := range []validate.ResponseMode{validate.ResponseReport, validate.ResponseEnforce} {
		h := e.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Link", "</style.css>; rel=preload")
			w.WriteHeader(http.StatusEarlyHints)
			w.Header().Del("Link")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write(redpinCreated)
		}), validate.WithResponseMode(mode), validate.WithLogger(discardLogger))
		srv := httptest.NewServer(h)
		var informational []int
		trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, _ textproto.MIMEHeader) error {
			informational = append(informational, code)
			return nil
		}}
		req, err := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace),
			http.MethodPost, srv.URL+"/v3/customers/CUST-0048213/payments", bytes.NewReader(redpinPaymentSameCurrency))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		srv.Close()
		assert.Equal(t, []int{http.StatusEarlyHints}, informational)
		assert.Equal(t, http.StatusCreated, resp.StatusCode, "mode %d", mode)
		assert.Empty(t, resp.Header.Get(validate.HeaderResponseProblems))
		assert.Empty(t, resp.Header.Get("Link"), "a header removed after the 1xx is gone from the final response")
		assert.JSONEq(t, string(redpinCreated), string(body))
	}
}

func TestOversizedResponses(t *testing.T) {
	e := newEngine(t, validate.WithMaxBodyBytes(1<<16))
	const size = 1 << 20
	streamed := make(chan struct{})
	handler := func(wait bool) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			chunk := bytes.Repeat([]byte(" "), 1<<14)
			_, _ = w.Write([]byte(`{"payment_id":"p"`))
			for written := 0; written < size; written += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return
				}
				if wait && written > 1<<17 {
					select {
					case <-streamed: // the client already holds the start
					case <-time.After(10 * time.Second):
						t.Error("the response was held instead of streamed")
					}
					wait = false
				}
			}
			_, _ = w.Write([]byte(`}`))
		})
	}
	// Report: streamed on unchanged, reported as too large.
	srv := httptest.NewServer(e.Middleware(handler(true), validate.WithLogger(discardLogger)))
	defer srv.Close()
	resp, err := srv.Client().Post(srv.URL+"/v3/customers/CUST-0048213/payments", "application/json",
		bytes.NewReader(redpinPaymentSameCurrency))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Contains(t, resp.Header.Get(validate.HeaderResponseProblems), validate.CodeBodyTooLarge)
	first := make([]byte, 1<<16)
	_, err = io.ReadFull(resp.Body, first)
	require.NoError(t, err, "the start arrives while the handler is still writing")
	close(streamed)
	rest, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, len(`{"payment_id":"p"`)+size+len(`}`), len(first)+len(rest), "nothing lost")

	// Enforce: replaced by the provider's 500; the handler's writes fail.
	enforce := httptest.NewServer(e.Middleware(handler(false), validate.WithResponseMode(validate.ResponseEnforce),
		validate.WithLogger(discardLogger)))
	defer enforce.Close()
	resp, err = enforce.Client().Post(enforce.URL+"/v3/customers/CUST-0048213/payments", "application/json",
		bytes.NewReader(redpinPaymentSameCurrency))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Contains(t, string(body), validate.CodeResponseContract)
}

func TestHeadersSetAfterTheStatusAreNotSent(t *testing.T) {
	e := engine(t)
	h := e.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		w.Header().Set("X-Late", "1") // net/http would ignore it
		_, _ = w.Write(redpinCreated)
	}), validate.WithLogger(discardLogger))
	rec := serve(h, http.MethodPost, "/v3/customers/CUST-0048213/payments", redpinPaymentSameCurrency)
	assert.Equal(t, http.StatusCreated, rec.Code)
	assert.Empty(t, rec.Header().Get("X-Late"))
}

func TestHEADResponsesNeedNoBody(t *testing.T) {
	e := engine(t)
	d := &validate.Doer{Engine: e, Next: doerFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Header: jsonHeader(), Body: http.NoBody, Request: r}, nil
	})}
	req, err := http.NewRequest(http.MethodHead, "https://api.test/v3/payments/377300", nil)
	require.NoError(t, err)
	resp, err := d.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
}

func TestRepeatedParametersAreRefused(t *testing.T) {
	e := engine(t)
	h := http.Header{"Content-Type": {"application/json"}, "Idempotent-Key": {
		"0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00", "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f01"}}
	ps, err := e.ValidateRequest(context.Background(), "createCreditPaymentV4",
		validate.Request{Header: h, Body: v4Fedwire(t)})
	require.NoError(t, err)
	assert.True(t, hasProblem(ps, "/header/Idempotent-Key", validate.CodeDuplicateParameter))

	h = http.Header{"Content-Type": {"application/json"}, "Idempotent_key": {"anything"}}
	ps, err = e.ValidateRequest(context.Background(), "createCreditPaymentV4",
		validate.Request{Header: h, Body: v4Fedwire(t)})
	require.NoError(t, err)
	assert.True(t, hasProblem(ps, "/header/Idempotent-Key", validate.CodeDuplicateParameter))

	h = http.Header{"Content-Type": {"application/json", "text/plain"}}
	ps, err = e.ValidateRequest(context.Background(), "createCreditPaymentV4",
		validate.Request{Header: h, Body: v4Fedwire(t)})
	require.NoError(t, err)
	assert.True(t, hasProblem(ps, "/header/Content-Type", validate.CodeDuplicateParameter))
}

func TestEncodedBodiesAreRefused(t *testing.T) {
	e := engine(t)
	for _, enc := range []string{"gzip", "deflate, identity", "br"} {
		h := jsonHeader()
		h.Set("Content-Encoding", enc)
		ps, err := e.ValidateRequest(context.Background(), "createCreditPaymentV4",
			validate.Request{Header: h, Body: v4Fedwire(t)})
		require.NoError(t, err)
		assert.True(t, hasProblem(ps, "/header/Content-Encoding", validate.CodeUnsupportedMedia), enc)
	}
	h := jsonHeader()
	h.Set("Content-Encoding", "identity")
	ps, err := e.ValidateRequest(context.Background(), "createCreditPaymentV4",
		validate.Request{Header: h, Body: v4Fedwire(t)})
	require.NoError(t, err)
	assert.False(t, ps.HasErrors())
}

func TestMalformedQueryIsRefused(t *testing.T) {
	e := engine(t)
	rec := serve(e.Middleware(http.NotFoundHandler()), http.MethodGet, "/v3/payments/377300?a=1;b=2", nil)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Header().Get(validate.HeaderRequestProblems), validate.CodeQuerySyntax)
}

func hasProblem(ps validate.Problems, ptr, code string) bool {
	for _, p := range ps {
		if p.Pointer == ptr && p.Code == code {
			return true
		}
	}
	return false
}

func serve(h http.Handler, method, target string, body []byte) *httptest.ResponseRecorder {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// redpinPaymentSameCurrency is a valid Redpin payment.
var redpinPaymentSameCurrency = []byte(`{"purpose_of_transaction":"SUPPLIER_PAYMENT",
"amount":{"currency":"GBP","value":10.00},
"recipient_details":[{"recipient_id":"1668758","amount":{"currency":"GBP","value":10.00}}]}`)

// redpinCreated is a valid answer to it.
var redpinCreated = []byte(`{"payment_id":"7a1c2f4e-3b5d-4e8a-9c1f-2d6b8e0a4c37","instruction_number":"I-1",
"amount":{"currency":"GBP","value":10.00},
"recipient_details":[{"recipient_id":"1668758","amount":{"currency":"GBP","value":10.00}}],
"status":"PROCESSING","created_datetime":"2030-01-02T10:00:00Z","client_reference_id":null}`)

var discardLogger = slog.New(slog.DiscardHandler)
