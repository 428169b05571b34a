package sandbox_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
)

func TestFinzlyIdempotencyFingerprintCoversTheAmount(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	body := example(t, "finzly/createCreditPaymentV4/valid-rtp.json")
	key := uuid.NewString()
	post := func(b []byte) (int, []byte) {
		status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit", b, sandbox.IdempotencyHeader, key)
		return status, out
	}
	status, out := post(body)
	require.Equal(t, http.StatusOK, status, string(out))
	other := bytes.Replace(body, []byte(`"paymentAmount": 850.25`), []byte(`"paymentAmount": 8502.50`), 1)
	require.NotEqual(t, body, other)
	status, out = post(other)
	assert.Equal(t, http.StatusConflict, status, "the same key with another amount is another request: %s", out)
	status, out = post(body)
	assert.Equal(t, http.StatusOK, status, "the first request again is replayed: %s", out)
}

func TestFinzlyIdempotentKeyIsOneKeyInEitherCase(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	body := example(t, "finzly/createCreditPaymentV4/valid-rtp.json")
	key := uuid.NewString()
	post := func(k string, b []byte) (int, map[string]any) {
		status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit", b, sandbox.IdempotencyHeader, k)
		return status, decodeJSON(t, out)
	}
	status, first := post(strings.ToLower(key), body)
	require.Equal(t, http.StatusOK, status, "%v", first)
	status, again := post(strings.ToUpper(key), body)
	require.Equal(t, http.StatusOK, status, "%v", again)
	assert.Equal(t, first["data"], again["data"], "the upper-case spelling replays the first answer")
	status, _ = post(strings.ToUpper(key), bytes.Replace(body, []byte("CLAIM-2027-5531"), []byte("CLAIM-2027-5532"), 1))
	assert.Equal(t, http.StatusConflict, status, "and is refused with another body")

	status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v3/payments/search",
		[]byte(`{"page":1,"limit":10,"externalReferenceId":"CLAIM-2027-5531"}`))
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Len(t, decodeJSON(t, out)["data"], 1, "one payment for the key however it is spelled")
}
