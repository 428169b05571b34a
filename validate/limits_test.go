package validate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

// The documented bounds, written out: the tests below fail when a constant
// or a default drifts from what the README and SECURITY.md promise.
const (
	documentedMaxBody     = 1 << 20 // 1 MiB
	documentedMaxDepth    = 32
	documentedHeaderLimit = 8192 // 8 KiB
)

// nested is a createQuote body with an undeclared member holding objects
// nested depth levels deep in all, the body itself counting as one.
func nested(depth int) []byte {
	inner := strings.Repeat(`{"x":`, depth-2) + `{}` + strings.Repeat(`}`, depth-2)
	return []byte(`{"sell_currency":"GBP","buy_currency":"EUR","fixed_side":"SELL","amount":1000.45,"x":` + inner + `}`)
}

// padded is a valid createQuote body grown with trailing blanks to n bytes.
func padded(tb testing.TB, n int) []byte {
	b := []byte(`{"sell_currency":"GBP","buy_currency":"EUR","fixed_side":"SELL","amount":1000.45}`)
	require.LessOrEqual(tb, len(b), n)
	return append(b, bytes.Repeat([]byte(" "), n-len(b))...)
}

func TestDefaultBoundsAreTheDocumentedOnes(t *testing.T) {
	e := engine(t) // New's defaults, rules aside
	check := func(body []byte) validate.Problems {
		t.Helper()
		ps, err := e.ValidateRequest(context.Background(), "createQuote", validate.Request{
			PathParams: map[string]string{"customer_id": "C-100245"}, Header: jsonHeader(), Body: body})
		require.NoError(t, err)
		return ps
	}
	assert.Equal(t, []finding{warningAt("/x", validate.CodeUnknownProperty)}, findings(check(nested(documentedMaxDepth))),
		"32 levels are read")
	assert.Equal(t, []finding{errorAt(strings.Repeat("/x", documentedMaxDepth), validate.CodeTooDeep)},
		findings(check(nested(documentedMaxDepth+1))), "33 levels are refused")

	assert.Empty(t, check(padded(t, documentedMaxBody)), "a body of exactly 1 MiB is read")
	assert.Equal(t, []finding{errorAt("", validate.CodeBodyTooLarge)}, findings(check(padded(t, documentedMaxBody+1))),
		"one byte more is refused")

	// The middleware reads bodies with the same bound.
	h := e.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }),
		validate.WithResponseMode(validate.ResponseOff))
	rec := serve(h, http.MethodPost, "/v3/customers/C-100245/quotes", padded(t, documentedMaxBody))
	assert.Equal(t, http.StatusTeapot, rec.Code)
	rec = serve(h, http.MethodPost, "/v3/customers/C-100245/quotes", padded(t, documentedMaxBody+1))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Header().Get(validate.HeaderRequestProblems), validate.CodeBodyTooLarge)
}

func TestProblemsHeaderUsesTheDocumentedEightKiB(t *testing.T) {
	e := engine(t)
	h := e.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("an invalid request reached the handler")
	}))
	// 300 empty recipients: far more problems than 8 KiB holds.
	body := []byte(`{"purpose_of_transaction":"SUPPLIER_PAYMENT","amount":{"currency":"GBP","value":1},"recipient_details":[{}` +
		strings.Repeat(`,{}`, 299) + `]}`)
	all, err := e.ValidateRequest(context.Background(), "createPayment", validate.Request{
		PathParams: map[string]string{"customer_id": "CUST-0048213"}, Header: jsonHeader(), Body: body})
	require.NoError(t, err)
	require.Greater(t, len(mustMarshal(t, all)), documentedHeaderLimit, "precondition: the problems do not fit")

	rec := serve(h, http.MethodPost, "/v3/customers/CUST-0048213/payments", body)
	require.Equal(t, http.StatusBadRequest, rec.Code)
	hdr := rec.Header().Get(validate.HeaderRequestProblems)
	assert.LessOrEqual(t, len(hdr), documentedHeaderLimit)
	assert.Equal(t, string(all.JSONWithin(documentedHeaderLimit)), hdr, "the header holds what 8 KiB holds")
	var listed validate.Problems
	require.NoError(t, json.Unmarshal([]byte(hdr), &listed))
	assert.Equal(t, validate.CodeTooManyProblems, listed[len(listed)-1].Code)
}

// createdAnswer is a valid 201 createPayment answer grown with trailing
// blanks to n bytes.
func createdAnswer(tb testing.TB, n int) []byte {
	require.LessOrEqual(tb, len(redpinCreated), n)
	return append(append([]byte(nil), redpinCreated...), bytes.Repeat([]byte(" "), n-len(redpinCreated))...)
}

func TestResponseAtTheBodyLimitIsChecked(t *testing.T) {
	limit := max(len(redpinPaymentSameCurrency), len(redpinCreated)) + 64
	e := newEngine(t, validate.WithoutRules(), validate.WithMaxBodyBytes(int64(limit)))
	for _, tc := range []struct {
		size     int
		tooLarge bool
	}{{limit, false}, {limit + 1, true}} {
		answer := createdAnswer(t, tc.size)
		handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write(answer[:10]) // in two writes: the bound is on the sum
			_, _ = w.Write(answer[10:])
		})
		report := e.Middleware(handler, validate.WithLogger(discardLogger))
		rec := serve(report, http.MethodPost, "/v3/customers/CUST-0048213/payments", redpinPaymentSameCurrency)
		assert.Equal(t, http.StatusCreated, rec.Code, "size %d", tc.size)
		assert.Equal(t, answer, rec.Body.Bytes(), "size %d: sent unchanged", tc.size)
		assert.Equal(t, tc.tooLarge, strings.Contains(rec.Header().Get(validate.HeaderResponseProblems), validate.CodeBodyTooLarge),
			"size %d against a limit of %d", tc.size, limit)

		enforce := e.Middleware(handler, validate.WithLogger(discardLogger), validate.WithResponseMode(validate.ResponseEnforce))
		rec = serve(enforce, http.MethodPost, "/v3/customers/CUST-0048213/payments", redpinPaymentSameCurrency)
		want := http.StatusCreated
		if tc.tooLarge {
			want = http.StatusInternalServerError
		}
		assert.Equal(t, want, rec.Code, "enforce, size %d against a limit of %d", tc.size, limit)
	}
}

func mustMarshal(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	require.NoError(tb, err)
	return b
}

// duplicateNamed is a body whose only error is a member named twice: the
// problem's pointer is the name, so its length sets the message's.
func duplicateNamed(name string) []byte {
	return []byte(`{"` + name + `":1,"` + name + `":2}`)
}

func TestV3MessageIsCutToTheSpecsLength(t *testing.T) {
	e := engine(t)
	h := e.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("an invalid request reached the handler")
	}))
	const v3MessageMax = 250 // FailureResponse.message maxLength
	// The rendered message is "pointer: message" for the one problem;
	// find how long it is beside the name.
	probe, err := e.ValidateRequest(context.Background(), "createCreditPaymentV3",
		validate.Request{Header: jsonHeader(), Body: duplicateNamed("é")})
	require.NoError(t, err)
	require.Len(t, probe.Errors(), 1, "precondition: one error")
	msg := probe.Errors()[0].Message
	fixed := utf8.RuneCountInString("/: " + msg)

	for _, runes := range []int{v3MessageMax - 1, v3MessageMax, v3MessageMax + 1, 3 * v3MessageMax} {
		name := strings.Repeat("é", runes-fixed) // two bytes a rune: a byte cut would split one
		rec := serve(h, http.MethodPost, "/v3/payments/creditrequest", duplicateNamed(name))
		require.Equal(t, http.StatusBadRequest, rec.Code)
		var body struct{ Status, Code, Message string }
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
		assert.Equal(t, "Failure", body.Status)
		assert.True(t, utf8.ValidString(body.Message), "cut at a rune boundary")
		if runes <= v3MessageMax {
			assert.Equal(t, "/"+name+": "+msg, body.Message, "%d runes fit whole", runes)
		} else {
			r := []rune("/" + name + ": " + msg)
			assert.Equal(t, string(r[:v3MessageMax-1])+"…", body.Message, "%d runes are cut to %d, the cut marked", runes, v3MessageMax)
		}
		// The answer is one the spec allows for this operation.
		ps, err := e.ValidateResponse(context.Background(), "createCreditPaymentV3", validate.Response{
			Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()})
		require.NoError(t, err)
		assert.Empty(t, ps, "%d runes", runes)
	}
}

// trackedBody is a response body that records being closed.
type trackedBody struct {
	io.Reader
	closed bool
}

func (b *trackedBody) Close() error { b.closed = true; return nil }

func TestDoerHandsBackAnOversizedResponseWhole(t *testing.T) {
	limit := max(len(redpinPaymentSameCurrency), len(redpinCreated)) + 64
	e := newEngine(t, validate.WithoutRules(), validate.WithMaxBodyBytes(int64(limit)))
	for _, size := range []int{limit, limit + 1, 4 * limit} {
		answer := createdAnswer(t, size)
		wire := &trackedBody{Reader: bytes.NewReader(answer)}
		d := &validate.Doer{Engine: e, Next: doerFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusCreated, Header: jsonHeader(), Body: wire, Request: r}, nil
		})}
		req, err := http.NewRequest(http.MethodPost, "https://api.test/v3/customers/CUST-0048213/payments",
			bytes.NewReader(redpinPaymentSameCurrency))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")

		resp, err := d.Do(req)
		require.NotNil(t, resp, "size %d: the response comes back", size)
		if size <= limit {
			assert.NoError(t, err, "size %d is within the limit of %d", size, limit)
		} else {
			var re *validate.ResponseError
			require.ErrorAs(t, err, &re, "size %d is over the limit of %d", size, limit)
			assert.Contains(t, findings(re.Problems), errorAt("", validate.CodeBodyTooLarge), "size %d", size)
			assert.Same(t, resp, re.Response)
			assert.False(t, wire.closed, "size %d: the unread rest is still on the wire", size)
		}
		got, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, answer, got, "size %d: the body is handed back whole, from its first byte", size)
		require.NoError(t, resp.Body.Close())
		assert.True(t, wire.closed, "size %d: closing the body closes the connection's", size)
	}
}
