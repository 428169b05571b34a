package validate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate"
)

// failingBody is a request body that cannot be read.
type failingBody struct{}

func (failingBody) Read([]byte) (int, error) { return 0, errors.New("read again") }
func (failingBody) Close() error             { return nil }

// TestDecodeBodyUsesWhatTheEngineParsed: behind the middleware, DecodeBody
// gives the body as encoding/json would, without reading it again.
func TestDecodeBodyUsesWhatTheEngineParsed(t *testing.T) {
	body := v4Fedwire(t)
	var want finzly.CreditPaymentInstruction
	require.NoError(t, json.Unmarshal(body, &want))

	var got finzly.CreditPaymentInstruction
	var decoded bool
	var err error
	h := engine(t).Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = failingBody{} // the handler reads nothing
		decoded, err = validate.DecodeBody(r.Context(), &got)
		w.WriteHeader(http.StatusNoContent)
	}), validate.WithResponseMode(validate.ResponseOff))
	postV4(h, body)
	require.True(t, decoded, "the middleware left the parsed body")
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// TestDecodeBodyGivesWhatTheRulesDecoded: with the rail rules on, the
// handler is given the value they decoded, which is the same.
func TestDecodeBodyGivesWhatTheRulesDecoded(t *testing.T) {
	body := v4Fedwire(t)
	var want finzly.CreditPaymentInstruction
	require.NoError(t, json.Unmarshal(body, &want))
	require.NotNil(t, want.PaymentDate)
	day, err := time.Parse("01-02-2006", *want.PaymentDate)
	require.NoError(t, err)
	// The clock is pinned to the example's payment date, 9:00 in New York.
	e := newEngine(t, validate.WithClock(func() time.Time { return day.Add(14 * time.Hour) }))

	var got finzly.CreditPaymentInstruction
	var decoded bool
	var kept any
	h := e.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = failingBody{}
		kept = validate.RulesValueKept(r.Context())
		decoded, err = validate.DecodeBody(r.Context(), &got)
		w.WriteHeader(http.StatusNoContent)
	}), validate.WithResponseMode(validate.ResponseOff))
	rec := postV4(h, body)
	require.Equal(t, http.StatusNoContent, rec.Code, "%s", rec.Body)
	require.True(t, decoded)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.IsType(t, &finzly.CreditPaymentInstruction{}, kept, "the rules' value was there to hand over")
}

func TestDecodeBodyWithoutTheMiddleware(t *testing.T) {
	var v map[string]any
	ok, err := validate.DecodeBody(context.Background(), &v)
	assert.False(t, ok)
	assert.NoError(t, err)
	assert.Nil(t, v)
}

// TestDecodeBodyWithoutABody: a request with no body leaves nothing to
// decode.
func TestDecodeBodyWithoutABody(t *testing.T) {
	var decoded bool
	h := engine(t).Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		decoded, _ = validate.DecodeBody(r.Context(), &v)
		w.WriteHeader(http.StatusNoContent)
	}), validate.WithResponseMode(validate.ResponseOff))
	req := httptest.NewRequest(http.MethodGet, "/v3/payments/377300", nil)
	h.ServeHTTP(httptest.NewRecorder(), req)
	assert.False(t, decoded)
}

// TestAnOutgoingCheckLeavesTheIncomingBody: a handler that calls a
// provider through a Doer with its request's context still decodes its own
// request's body afterwards.
func TestAnOutgoingCheckLeavesTheIncomingBody(t *testing.T) {
	body := v4Fedwire(t)
	var want finzly.CreditPaymentInstruction
	require.NoError(t, json.Unmarshal(body, &want))
	e := engine(t)
	d := &validate.Doer{Engine: e, Next: doerFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusCreated, Header: jsonHeader(),
			Body: io.NopCloser(bytes.NewReader(redpinCreated)), Request: r}, nil
	})}
	var got finzly.CreditPaymentInstruction
	var decodeErr error
	h := e.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out, err := http.NewRequestWithContext(r.Context(), http.MethodPost,
			"https://api.test/v3/customers/CUST-0048213/payments", bytes.NewReader(redpinPaymentSameCurrency))
		require.NoError(t, err)
		out.Header = jsonHeader()
		resp, err := d.Do(out)
		require.NoError(t, err)
		resp.Body.Close()
		_, decodeErr = validate.DecodeBody(r.Context(), &got)
		w.WriteHeader(http.StatusNoContent)
	}), validate.WithResponseMode(validate.ResponseOff))
	postV4(h, body)
	require.NoError(t, decodeErr)
	assert.Equal(t, want, got)
}

// postV4 sends a v4 credit payment with body to h.
func postV4(h http.Handler, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/v4/payments/credit", bytes.NewReader(body))
	req.Header = jsonHeader()
	req.Header.Set("Idempotent-Key", "5f0c6a4e-2b1d-4c3e-9f8a-7b6c5d4e3f2a")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
