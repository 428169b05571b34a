package tests

// Contract tests for validate's three entry points: the plain functions
// (Engine.ValidateRequest, Engine.ValidateResponse), the server Middleware
// and the client-side Doer and Transport. Each test computes the function's
// problems and checks that the other entry points report exactly those,
// for every operation of both specs.
//
// The per-operation fixtures live in entrypoints_fixtures_test.go and the
// shared helpers (engines, servers, envelope checks) in
// entrypoints_helpers_test.go.

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
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

// TestEntryPointsFixturesCoverEveryOperation keeps the fixture table in step
// with the specs: one fixture per operation, each with at least one valid
// and one invalid request and a valid response.
func TestEntryPointsFixturesCoverEveryOperation(t *testing.T) {
	e := epEngine(t, epDefault)
	var want, got []string
	for _, op := range e.Operations() {
		want = append(want, op.ID)
	}
	for _, fx := range epFixtures(t) {
		got = append(got, fx.id)
		assert.NotEmpty(t, fx.valid, "%s has a valid request", fx.id)
		assert.NotEmpty(t, fx.invalid, "%s has an invalid request", fx.id)
		assert.NotEmpty(t, fx.okBody, "%s has a valid response body", fx.id)
		assert.NotEmpty(t, fx.responses, "%s has an invalid response", fx.id)
	}
	slices.Sort(want)
	slices.Sort(got)
	assert.Equal(t, want, got, "one fixture per operation of e.Operations()")
	assert.Len(t, want, 33)
}

// TestEntryPointsAgreeOnRequests sends every fixture request through the
// function, the middleware and a generated client using the Doer.
func TestEntryPointsAgreeOnRequests(t *testing.T) {
	e := epEngine(t, epDefault)
	for _, fx := range epFixtures(t) {
		op := epOperation(t, e, fx.id)
		t.Run(fx.id, func(t *testing.T) {
			for _, r := range fx.valid {
				t.Run("valid/"+r.name, func(t *testing.T) { epCheckValidRequest(t, e, op, fx, r) })
			}
			for _, r := range fx.invalid {
				t.Run("invalid/"+r.name, func(t *testing.T) { epCheckInvalidRequest(t, e, op, fx, r) })
			}
		})
	}
}

// epCheckValidRequest: the middleware lets the request through to the
// handler, and the Doer sends it.
func epCheckValidRequest(t *testing.T, e *validate.Engine, op validate.Operation, fx epFixture, r epRequest) {
	ctx := context.Background()
	want := epValidateRequest(t, e, op.ID, r)
	require.False(t, want.HasErrors(), "precondition: the request is valid: %v", want)

	t.Run("middleware", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, e.Middleware(be))
		resp, body := epDo(t, srv.Client(), r.httpRequest(t, ctx, srv.URL, op))
		assert.Equal(t, 1, be.hits(), "the handler ran")
		assert.Equal(t, string(r.body), string(be.lastBody()), "the handler got the request body")
		assert.Equal(t, fx.okStatus, resp.StatusCode, "not rejected")
		assert.Equal(t, string(fx.okBody), string(body))
		assert.Equal(t, epOrNil(want), epHeaderProblems(t, resp.Header, validate.HeaderRequestProblems))
		assert.Empty(t, resp.Header.Values(validate.HeaderResponseProblems), "the response is valid")
	})

	t.Run("Doer via generated client", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, be)
		wire := &epCountingDoer{next: srv.Client()}
		doer := &validate.Doer{Engine: e, Next: wire}
		err := fx.send(ctx, epNewClients(t, srv.URL, doer), r)
		require.NoError(t, err)
		assert.Equal(t, int64(1), wire.n.Load(), "sent once")
		assert.Equal(t, 1, be.hits(), "the server got the request")
		assert.Equal(t, string(r.body), string(be.lastBody()))
	})
}

// epCheckInvalidRequest: the middleware answers 400 in the provider's
// envelope listing the function's problems, and the Doer refuses to send.
func epCheckInvalidRequest(t *testing.T, e *validate.Engine, op validate.Operation, fx epFixture, r epRequest) {
	ctx := context.Background()
	want := epValidateRequest(t, e, op.ID, r)
	require.True(t, want.HasErrors(), "precondition: the request is invalid")
	if r.unroutable {
		epCheckUnroutable(t, e, op, fx, r)
		return
	}

	t.Run("middleware", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, e.Middleware(be))
		resp, body := epDo(t, srv.Client(), r.httpRequest(t, ctx, srv.URL, op))
		assert.Zero(t, be.hits(), "the handler did not run")
		epAssertRejected(t, e, op, fx.rejectCode, want, resp, body)
	})

	t.Run("Doer via generated client", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, be)
		wire := &epCountingDoer{next: srv.Client()}
		doer := &validate.Doer{Engine: e, Next: wire}
		err := fx.send(ctx, epNewClients(t, srv.URL, doer), r)
		var re *validate.RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, op, re.Operation)
		assert.Equal(t, want, re.Problems)
		var ps validate.Problems
		require.ErrorAs(t, err, &ps, "the problems are reachable with errors.As")
		assert.Equal(t, want, ps)
		assert.Zero(t, wire.n.Load(), "nothing was sent")
		assert.Zero(t, be.hits(), "the server saw nothing")
	})
}

// epCheckUnroutable documents a request the function can judge but that no
// route matches (an empty path segment): the middleware passes such
// requests to the handler unchecked and the Doer refuses them with
// ErrUnknownOperation, both as documented.
func epCheckUnroutable(t *testing.T, e *validate.Engine, op validate.Operation, fx epFixture, r epRequest) {
	ctx := context.Background()
	t.Run("middleware passes unrouted requests through", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, e.Middleware(be))
		resp, _ := epDo(t, srv.Client(), r.httpRequest(t, ctx, srv.URL, op))
		assert.Equal(t, 1, be.hits())
		assert.Empty(t, resp.Header.Values(validate.HeaderRequestProblems))
	})
	t.Run("Doer does not send unrouted requests", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, be)
		wire := &epCountingDoer{next: srv.Client()}
		err := fx.send(ctx, epNewClients(t, srv.URL, &validate.Doer{Engine: e, Next: wire}), r)
		assert.ErrorIs(t, err, validate.ErrUnknownOperation)
		assert.Zero(t, wire.n.Load())
		assert.Zero(t, be.hits())
	})
}

// TestEntryPointsAgreeOnResponses answers a valid request with valid,
// warning and invalid responses and compares the function's findings with
// the middleware in each response mode, the Doer and the Transport.
func TestEntryPointsAgreeOnResponses(t *testing.T) {
	e := epEngine(t, epDefault)
	for _, fx := range epFixtures(t) {
		op := epOperation(t, e, fx.id)
		t.Run(fx.id, func(t *testing.T) {
			for _, rs := range fx.allResponses() {
				t.Run(rs.name, func(t *testing.T) { epCheckResponse(t, e, op, fx, rs) })
			}
		})
	}
}

func epCheckResponse(t *testing.T, e *validate.Engine, op validate.Operation, fx epFixture, rs epResponse) {
	ctx := context.Background()
	want, err := e.ValidateResponse(ctx, op.ID, validate.Response{
		Status: rs.status, Header: epJSONHeader(), Body: rs.body,
	})
	require.NoError(t, err)
	switch rs.want {
	case epWantNone:
		require.Empty(t, want, "precondition: the response is valid")
	case epWantWarnings:
		require.NotEmpty(t, want, "precondition: the response draws warnings")
		require.False(t, want.HasErrors(), "precondition: only warnings: %v", want)
	case epWantErrors:
		require.True(t, want.HasErrors(), "precondition: the response is invalid: %v", want)
	}
	req := fx.valid[0]

	t.Run("middleware report", func(t *testing.T) {
		logs := &epLogSink{}
		be := &epBackend{status: rs.status, body: rs.body}
		srv := epServe(t, e.Middleware(be, validate.WithResponseMode(validate.ResponseReport),
			validate.WithLogger(slog.New(slog.NewJSONHandler(logs, nil)))))
		resp, body := epDo(t, srv.Client(), req.httpRequest(t, ctx, srv.URL, op))
		assert.Equal(t, rs.status, resp.StatusCode, "status passed through")
		assert.Equal(t, string(rs.body), string(body), "body passed through")
		assert.Equal(t, epOrNil(want), epHeaderProblems(t, resp.Header, validate.HeaderResponseProblems))
		if len(want) > 0 {
			assert.Contains(t, logs.String(), `"operation":"`+op.ID+`"`, "the problems were logged")
		} else {
			assert.Empty(t, logs.String(), "nothing logged for a valid response")
		}
	})

	t.Run("middleware enforce", func(t *testing.T) {
		be := &epBackend{status: rs.status, body: rs.body}
		srv := epServe(t, e.Middleware(be, validate.WithResponseMode(validate.ResponseEnforce),
			validate.WithLogger(epDiscardLogger)))
		resp, body := epDo(t, srv.Client(), req.httpRequest(t, ctx, srv.URL, op))
		if !want.HasErrors() {
			assert.Equal(t, rs.status, resp.StatusCode)
			assert.Equal(t, string(rs.body), string(body))
			assert.Equal(t, epOrNil(want), epHeaderProblems(t, resp.Header, validate.HeaderResponseProblems))
			return
		}
		assert.Equal(t, http.StatusInternalServerError, resp.StatusCode, "replaced by a 500")
		assert.NotEqual(t, string(rs.body), string(body), "the drifted body is not sent")
		got, err := e.ValidateResponse(ctx, op.ID, validate.Response{Status: resp.StatusCode, Header: resp.Header, Body: body})
		require.NoError(t, err)
		assert.Empty(t, got, "the 500 conforms to %s's 500 response: %s", op.ID, body)
	})

	t.Run("middleware off", func(t *testing.T) {
		be := &epBackend{status: rs.status, body: rs.body}
		srv := epServe(t, e.Middleware(be, validate.WithResponseMode(validate.ResponseOff)))
		resp, body := epDo(t, srv.Client(), req.httpRequest(t, ctx, srv.URL, op))
		assert.Equal(t, rs.status, resp.StatusCode)
		assert.Equal(t, string(rs.body), string(body))
		assert.Empty(t, resp.Header.Values(validate.HeaderResponseProblems))
	})

	t.Run("Doer", func(t *testing.T) {
		be := &epBackend{status: rs.status, body: rs.body}
		srv := epServe(t, be)
		var warned validate.Problems
		doer := &validate.Doer{Engine: e, Next: srv.Client(),
			OnWarnings: func(_ validate.Operation, ps validate.Problems) { warned = append(warned, ps...) }}
		resp, err := doer.Do(req.httpRequest(t, ctx, srv.URL, op))
		require.NotNil(t, resp, "Do returns the response, drifted or not")
		body := epReadAll(t, resp.Body)
		assert.Equal(t, rs.status, resp.StatusCode)
		assert.Equal(t, string(rs.body), string(body), "the body is readable and byte-identical")
		if !want.HasErrors() {
			assert.NoError(t, err)
			assert.Equal(t, epOrNil(want), epOrNil(warned), "warnings reach OnWarnings")
			return
		}
		var re *validate.ResponseError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, op, re.Operation)
		assert.Equal(t, want, re.Problems)
		assert.Same(t, resp, re.Response, "the error carries the response returned")
		assert.Empty(t, warned)
	})

	t.Run("Transport", func(t *testing.T) {
		be := &epBackend{status: rs.status, body: rs.body}
		srv := epServe(t, be)
		client := &http.Client{Transport: &validate.Transport{Engine: e, Next: srv.Client().Transport}}
		resp, err := client.Do(req.httpRequest(t, ctx, srv.URL, op))
		if !want.HasErrors() {
			require.NoError(t, err)
			assert.Equal(t, rs.status, resp.StatusCode)
			assert.Equal(t, string(rs.body), string(epReadAll(t, resp.Body)))
			return
		}
		assert.Nil(t, resp, "http.Client returns no response with an error")
		var ue *url.Error
		require.ErrorAs(t, err, &ue, "http.Client wraps transport errors")
		var re *validate.ResponseError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, want, re.Problems)
		require.NotNil(t, re.Response)
		assert.Equal(t, rs.status, re.Response.StatusCode)
		assert.Equal(t, string(rs.body), string(epReadAll(t, re.Response.Body)), "the drifted body travels in the error")

		// RoundTrip itself returns no response with the error: a
		// RoundTripper never returns both.
		rt := &validate.Transport{Engine: e, Next: srv.Client().Transport}
		resp, err = rt.RoundTrip(req.httpRequest(t, ctx, srv.URL, op))
		assert.Nil(t, resp, "RoundTrip returns a response or an error, not both")
		require.ErrorAs(t, err, &re)
		assert.Equal(t, want, re.Problems)
		epReadAll(t, re.Response.Body)
	})
}

// TestEntryPointsSendCallerBytesUnchanged sends a valid body written with
// unusual formatting and checks every hop delivers it byte for byte.
func TestEntryPointsSendCallerBytesUnchanged(t *testing.T) {
	e := epEngine(t, epDefault)
	ctx := context.Background()
	fx := epFixtureByID(t, "createCreditPaymentV4")
	op := epOperation(t, e, fx.id)
	// The spec's first example with a fee whose amount has trailing zeros
	// and a non-ASCII note, reformatted.
	example := fx.valid[0].body
	example = epSet(t, example, "/fee", map[string]any{"feeName": "Custom", "amount": json.Number("25.00")})
	example = epSet(t, example, "/paymentNotes", "Caf\u00e9 \U0001F600")
	raw := epReformat(t, example)
	r := epRequest{name: "unusual formatting", header: epJSONHeader(), body: raw}
	want := epValidateRequest(t, e, op.ID, r)
	require.False(t, want.HasErrors(), "precondition: the reformatted example is valid: %v", want)
	require.Equal(t, want, epValidateRequest(t, e, op.ID, epRequest{header: epJSONHeader(), body: example}),
		"precondition: formatting changes no finding")
	for _, s := range []string{`\u0065`, `\u002D`, `\u00e9`, `\ud83d\ude00`, "25.00", "\r\n", " :\t"} {
		require.Contains(t, string(raw), s, "precondition: the body has unusual formatting")
	}
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, raw))
	require.NotEqual(t, compact.String(), string(raw), "precondition: re-encoding would change the bytes")

	check := func(t *testing.T, be *epBackend) {
		t.Helper()
		require.Equal(t, 1, be.hits(), "the request arrived")
		assert.Equal(t, string(raw), string(be.lastBody()), "the body arrived byte for byte")
		assert.Equal(t, int64(len(raw)), be.lastLength(), "Content-Length matches the caller's bytes")
	}
	t.Run("Doer", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, be)
		resp, err := (&validate.Doer{Engine: e, Next: srv.Client()}).Do(r.httpRequest(t, ctx, srv.URL, op))
		require.NoError(t, err)
		epReadAll(t, resp.Body)
		check(t, be)
	})
	t.Run("Transport", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, be)
		client := &http.Client{Transport: &validate.Transport{Engine: e, Next: srv.Client().Transport}}
		resp, _ := epDo(t, client, r.httpRequest(t, ctx, srv.URL, op))
		assert.Equal(t, fx.okStatus, resp.StatusCode)
		check(t, be)
	})
	t.Run("middleware", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, e.Middleware(be))
		resp, _ := epDo(t, srv.Client(), r.httpRequest(t, ctx, srv.URL, op))
		assert.Equal(t, fx.okStatus, resp.StatusCode)
		check(t, be)
	})
	// A body of unknown length (sent chunked unless someone buffers it).
	streamed := func(t *testing.T, base string) *http.Request {
		req := r.httpRequest(t, ctx, base, op)
		req.Body = io.NopCloser(struct{ io.Reader }{bytes.NewReader(raw)})
		req.ContentLength = -1
		req.GetBody = nil
		return req
	}
	t.Run("Doer, streamed body", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, be)
		resp, err := (&validate.Doer{Engine: e, Next: srv.Client()}).Do(streamed(t, srv.URL))
		require.NoError(t, err)
		epReadAll(t, resp.Body)
		check(t, be)
	})
	t.Run("middleware, chunked body", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, e.Middleware(be))
		resp, _ := epDo(t, srv.Client(), streamed(t, srv.URL))
		assert.Equal(t, fx.okStatus, resp.StatusCode)
		check(t, be)
	})
	t.Run("generated client, Doer and middleware", func(t *testing.T) {
		be := &epBackend{status: fx.okStatus, body: fx.okBody}
		srv := epServe(t, e.Middleware(be, validate.WithResponseMode(validate.ResponseEnforce)))
		doer := &validate.Doer{Engine: e, Next: srv.Client()}
		require.NoError(t, fx.send(ctx, epNewClients(t, srv.URL, doer), r))
		check(t, be)
	})
}

// epAmbiguous is a body that two JSON readers could understand differently.
type epAmbiguous struct {
	name    string
	op      string
	engine  func() (*validate.Engine, error)
	body    string
	code    string // the error expected among the problems ...
	pointer string // ... at this pointer
}

// epV4Body is a small valid createCreditPaymentV4 body; %s marks where the
// ambiguous cases put their sender.
const epV4Body = `{"externalReferenceId":"INV-1","paymentAmount":25.00,"paymentCurrency":"USD",` +
	`"speed":"Economy","paymentNotes":"Invoice 1","sender":%s}`

func epV4(sender string) string { return fmt.Sprintf(epV4Body, sender) }

const epSender = `{"accountUID":100245}`

// epRedpinBody is a small valid createPayment body.
const epRedpinBody = `{"purpose_of_transaction":"SUPPLIER_PAYMENT","amount":{"currency":"GBP","value":10.00},` +
	`"recipient_details":[{"recipient_id":"1668758","amount":{"currency":"GBP","value":10.00}}]}`

// TestEntryPointsRejectAmbiguousJSON sends bodies that the strict reader
// refuses through every entry point and checks each refuses them with the
// same code and pointer.
func TestEntryPointsRejectAmbiguousJSON(t *testing.T) {
	ctx := context.Background()
	fixtures := epFixturesByID(t)
	bookTransfer := string(fixtures["createBookTransfer"].valid[0].body)
	cases := []epAmbiguous{
		{"duplicate key in sender", "createCreditPaymentV4", epDefault,
			epV4(`{"accountUID":100245,"accountUID":100246}`), validate.CodeDuplicateKey, "/sender/accountUID"},
		{"duplicate key at the root (v3 envelope)", "createBookTransfer", epDefault,
			`{"paymentAmount":1.00,` + bookTransfer[1:], validate.CodeDuplicateKey, "/paymentAmount"},
		{"duplicate key in an array item (Redpin envelope)", "createPayment", epDefault,
			strings.Replace(epRedpinBody, `"recipient_id":"1668758"`, `"recipient_id":"1668758","recipient_id":"1668759"`, 1),
			validate.CodeDuplicateKey, "/recipient_details/0/recipient_id"},
		{"case variant next to the declared member", "createCreditPaymentV4", epDefault,
			strings.Replace(epV4(epSender), `"paymentAmount":25.00`, `"paymentAmount":25.00,"PaymentAmount":2500`, 1),
			validate.CodeAmbiguousKeyCase, "/PaymentAmount"},
		{"case variant alone", "createCreditPaymentV4", epDefault,
			strings.Replace(epV4(epSender), `"paymentAmount"`, `"PaymentAmount"`, 1),
			validate.CodeAmbiguousKeyCase, "/PaymentAmount"},
		{"case variant in a nested array item", "createPayment", epDefault,
			strings.Replace(epRedpinBody, `"recipient_id"`, `"Recipient_ID"`, 1),
			validate.CodeAmbiguousKeyCase, "/recipient_details/0/Recipient_ID"},
		{"invalid UTF-8 in a string", "createCreditPaymentV4", epDefault,
			strings.Replace(epV4(epSender), "Invoice 1", "Invoice \xff1", 1), validate.CodeInvalidUTF8, "/paymentNotes"},
		{"trailing data", "createCreditPaymentV4", epDefault,
			epV4(epSender) + ` x`, validate.CodeTrailingData, ""},
		{"two JSON documents", "createCreditPaymentV4", epDefault,
			epV4(epSender) + "\n" + epV4(epSender), validate.CodeTrailingData, ""},
		{"body above the size limit", "createCreditPaymentV4", epSmall,
			strings.Replace(epV4(epSender), `,"speed"`, strings.Repeat(" ", epSmallLimit)+`,"speed"`, 1),
			validate.CodeBodyTooLarge, ""},
		{"nesting beyond the limit", "createCreditPaymentV4", epShallow,
			epV4(`{"accountUID":100245,"address":{"addressLine1":{"line":"1 Main St"}}}`),
			validate.CodeTooDeep, "/sender/address/addressLine1"},
		{"not JSON", "createCreditPaymentV4", epDefault,
			`externalReferenceId=INV-1&paymentAmount=25.00`, validate.CodeInvalidJSON, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := epEngine(t, tc.engine)
			fx := fixtures[tc.op]
			op := epOperation(t, e, tc.op)
			r := fx.valid[0]
			r.body = []byte(tc.body)
			r.header = epJSONHeader()

			want := epValidateRequest(t, e, op.ID, r)
			assert.True(t, epHasError(want, tc.code, tc.pointer), "function finds %s at %q: %v", tc.code, tc.pointer, want)

			t.Run("middleware", func(t *testing.T) {
				be := &epBackend{status: fx.okStatus, body: fx.okBody}
				srv := epServe(t, e.Middleware(be))
				resp, body := epDo(t, srv.Client(), r.httpRequest(t, ctx, srv.URL, op))
				assert.Zero(t, be.hits(), "the handler did not run")
				epAssertRejected(t, e, op, fx.rejectCode, want, resp, body)
			})
			t.Run("Doer", func(t *testing.T) {
				be := &epBackend{status: fx.okStatus, body: fx.okBody}
				srv := epServe(t, be)
				wire := &epCountingDoer{next: srv.Client()}
				_, err := (&validate.Doer{Engine: e, Next: wire}).Do(r.httpRequest(t, ctx, srv.URL, op))
				var re *validate.RequestError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, want, re.Problems)
				assert.Zero(t, wire.n.Load(), "nothing was sent")
			})
			t.Run("Transport", func(t *testing.T) {
				be := &epBackend{status: fx.okStatus, body: fx.okBody}
				srv := epServe(t, be)
				client := &http.Client{Transport: &validate.Transport{Engine: e, Next: srv.Client().Transport}}
				resp, err := client.Do(r.httpRequest(t, ctx, srv.URL, op))
				assert.Nil(t, resp)
				var re *validate.RequestError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, want, re.Problems)
				assert.Zero(t, be.hits(), "nothing was sent")
			})
		})
	}
}

// TestEntryPointsUnknownPropertiesWarnOrFail: an undeclared member is a
// warning that lets the exchange through by default, and an error that
// stops it with WithStrict(true); every entry point reports the same.
func TestEntryPointsUnknownPropertiesWarnOrFail(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		op       string
		pointers []string
		patch    func(t *testing.T, body []byte) []byte
	}{
		{"createCreditPaymentV4", []string{"/sender/nickname", "/zzNote"}, func(t *testing.T, b []byte) []byte {
			return epSet(t, epSet(t, b, "/zzNote", "x"), "/sender/nickname", "payroll")
		}},
		{"createPayment", []string{"/recipient_details/0/zz_note"}, func(t *testing.T, b []byte) []byte {
			return epSet(t, b, "/recipient_details/0/zz_note", "x")
		}},
		{"searchPayments", []string{"/zzSort"}, func(t *testing.T, b []byte) []byte {
			return epSet(t, b, "/zzSort", "desc")
		}},
	}
	fixtures := epFixturesByID(t)
	for _, tc := range cases {
		fx := fixtures[tc.op]
		r := fx.valid[0]
		r.body = tc.patch(t, r.body)

		t.Run(tc.op+"/default warns", func(t *testing.T) {
			e := epEngine(t, epDefault)
			op := epOperation(t, e, tc.op)
			want := epValidateRequest(t, e, op.ID, r)
			require.False(t, want.HasErrors(), "only warnings: %v", want)
			assert.Equal(t, tc.pointers, epPointers(want, validate.CodeUnknownProperty, validate.SeverityWarning))

			be := &epBackend{status: fx.okStatus, body: fx.okBody}
			srv := epServe(t, e.Middleware(be))
			resp, body := epDo(t, srv.Client(), r.httpRequest(t, ctx, srv.URL, op))
			assert.Equal(t, 1, be.hits(), "the handler ran")
			assert.Equal(t, fx.okStatus, resp.StatusCode)
			assert.Equal(t, string(fx.okBody), string(body))
			assert.Equal(t, want, epHeaderProblems(t, resp.Header, validate.HeaderRequestProblems),
				"the warnings are still reported")

			plain := &epBackend{status: fx.okStatus, body: fx.okBody}
			psrv := epServe(t, plain)
			var warned validate.Problems
			doer := &validate.Doer{Engine: e, Next: psrv.Client(),
				OnWarnings: func(_ validate.Operation, ps validate.Problems) { warned = append(warned, ps...) }}
			require.NoError(t, fx.send(ctx, epNewClients(t, psrv.URL, doer), r))
			assert.Equal(t, 1, plain.hits(), "the Doer sent it")
			assert.Equal(t, string(r.body), string(plain.lastBody()))
			assert.Equal(t, want, warned, "the Doer reports the same warnings")
		})

		t.Run(tc.op+"/strict rejects", func(t *testing.T) {
			e := epEngine(t, epStrict)
			op := epOperation(t, e, tc.op)
			want := epValidateRequest(t, e, op.ID, r)
			assert.Equal(t, tc.pointers, epPointers(want, validate.CodeUnknownProperty, validate.SeverityError))

			be := &epBackend{status: fx.okStatus, body: fx.okBody}
			srv := epServe(t, e.Middleware(be))
			resp, body := epDo(t, srv.Client(), r.httpRequest(t, ctx, srv.URL, op))
			assert.Zero(t, be.hits(), "the handler did not run")
			epAssertRejected(t, e, op, fx.rejectCode, want, resp, body)

			plain := &epBackend{status: fx.okStatus, body: fx.okBody}
			psrv := epServe(t, plain)
			err := fx.send(ctx, epNewClients(t, psrv.URL, &validate.Doer{Engine: e, Next: psrv.Client()}), r)
			var re *validate.RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, want, re.Problems)
			assert.Zero(t, plain.hits(), "the Doer sent nothing")
		})
	}
}

// TestEntryPointsConcurrentUseOfOneEngine runs 8 goroutines × 50
// validations of valid and invalid requests and responses on one shared
// engine, through the function and the middleware, and checks every result
// equals the one computed alone. Run it with -race.
func TestEntryPointsConcurrentUseOfOneEngine(t *testing.T) {
	const goroutines, rounds = 8, 50
	e := epEngine(t, epDefault)
	ctx := context.Background()

	type job struct {
		name     string
		op       validate.Operation
		handler  http.Handler
		req      epRequest
		resp     *epResponse // when set, validate this response instead of the request
		problems validate.Problems
		status   int
		header   string
		body     string
	}
	// run does one job's work through the function and the middleware.
	run := func(j *job) (validate.Problems, int, string, string) {
		if j.resp != nil {
			ps, err := e.ValidateResponse(ctx, j.op.ID, validate.Response{Status: j.resp.status, Header: epJSONHeader(), Body: j.resp.body})
			if err != nil {
				return nil, -1, err.Error(), ""
			}
			return ps, 0, "", ""
		}
		ps, err := e.ValidateRequest(ctx, j.op.ID, j.req.input())
		if err != nil {
			return nil, -1, err.Error(), ""
		}
		req, err := j.req.newRequest(ctx, "http://payspec.test", j.op)
		if err != nil {
			return nil, -1, err.Error(), ""
		}
		if req.Body == nil {
			req.Body = http.NoBody // as a server hands it to a handler
		}
		rec := httptest.NewRecorder()
		j.handler.ServeHTTP(rec, req)
		return ps, rec.Code, rec.Header().Get(validate.HeaderRequestProblems), rec.Body.String()
	}

	var jobs []*job
	for _, fx := range epFixtures(t) {
		op := epOperation(t, e, fx.id)
		h := e.Middleware(epStatic{status: fx.okStatus, body: fx.okBody}, validate.WithLogger(epDiscardLogger))
		for _, r := range append(slices.Clone(fx.valid), fx.invalid...) {
			jobs = append(jobs, &job{name: fx.id + "/" + r.name, op: op, handler: h, req: r})
		}
		for _, rs := range fx.allResponses() {
			jobs = append(jobs, &job{name: fx.id + "/response " + rs.name, op: op, resp: &rs})
		}
	}
	for _, j := range jobs {
		j.problems, j.status, j.header, j.body = run(j)
		require.NotEqual(t, -1, j.status, "%s: %s", j.name, j.header)
	}

	var (
		mu       sync.Mutex
		failures []string
		wg       sync.WaitGroup
	)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				j := jobs[(g*rounds+i*7)%len(jobs)]
				ps, status, header, body := run(j)
				if !slices.Equal(ps, j.problems) || status != j.status || header != j.header || body != j.body {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("goroutine %d round %d %s: got %v %d %s, want %v %d %s",
						g, i, j.name, ps, status, header, j.problems, j.status, j.header))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	assert.Empty(t, failures, "concurrent results equal sequential ones")
}

// TestEntryPointsAgreeOnOversizedBodyWithOtherFaults sends a body over the
// size limit together with a fault elsewhere (a bad path parameter, a
// missing Content-Type). The function reports both; the middleware and
// the Doer must report the same problems.
func TestEntryPointsAgreeOnOversizedBodyWithOtherFaults(t *testing.T) {
	ctx := context.Background()
	e := epEngine(t, epSmall)
	big := []byte(`{"notes":"Duplicate"` + strings.Repeat(" ", epSmallLimit) + `}`)
	cases := []epRequest{
		{name: "bad path parameter", pathParams: map[string]string{"paymentUID": "bad_uid"}, header: epJSONHeader(), body: big},
		{name: "no Content-Type", pathParams: map[string]string{"paymentUID": "12930"}, body: big},
	}
	fx := epFixtureByID(t, "cancelPayment")
	op := epOperation(t, e, fx.id)
	for _, r := range cases {
		t.Run(r.name, func(t *testing.T) {
			want := epValidateRequest(t, e, op.ID, r)
			require.True(t, epHasError(want, validate.CodeBodyTooLarge, ""), "precondition: %v", want)
			require.Len(t, want.Errors(), 2, "precondition: the function reports the other fault too: %v", want)

			t.Run("middleware", func(t *testing.T) {
				be := &epBackend{status: fx.okStatus, body: fx.okBody}
				srv := epServe(t, e.Middleware(be))
				resp, body := epDo(t, srv.Client(), r.httpRequest(t, ctx, srv.URL, op))
				assert.Zero(t, be.hits())
				epAssertRejected(t, e, op, fx.rejectCode, want, resp, body)
			})
			t.Run("Doer", func(t *testing.T) {
				srv := epServe(t, &epBackend{status: fx.okStatus, body: fx.okBody})
				_, err := (&validate.Doer{Engine: e, Next: srv.Client()}).Do(r.httpRequest(t, ctx, srv.URL, op))
				var re *validate.RequestError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, want, re.Problems)
			})
		})
	}
}

// epStatic answers every request with one fixed JSON response and keeps no
// state, for the concurrency test.
type epStatic struct {
	status int
	body   []byte
}

func (s epStatic) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(s.status)
	_, _ = w.Write(s.body)
}

// epHasError reports whether ps holds an error with the code at pointer.
func epHasError(ps validate.Problems, code, pointer string) bool {
	return slices.ContainsFunc(ps, func(p validate.Problem) bool {
		return p.Code == code && p.Pointer == pointer && p.Severity == validate.SeverityError
	})
}

// epPointers lists the pointers of the problems with the code and severity.
func epPointers(ps validate.Problems, code string, sev validate.Severity) []string {
	var out []string
	for _, p := range ps {
		if p.Code == code && p.Severity == sev {
			out = append(out, p.Pointer)
		}
	}
	return out
}
