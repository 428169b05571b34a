package redpinclient_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/client/redpinclient"
	"github.com/payspec/payspec/gen/redpin"
)

// A payment whose answer was lost comes back as an error carrying its
// client_reference_id, the reference to look it up by.
func TestUnknownOutcomeCarriesTheReference(t *testing.T) {
	e := newEnv(t)
	e.srv.Schedule(api.OpCreatePayment, providertest.Fault{Drop: true, After: true})
	_, err := e.client.CreatePayment(context.Background(), customer, gbp("INV 9"))
	var unknown *client.UnknownOutcomeError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, api.OpCreatePayment, unknown.Operation)
	assert.Equal(t, 1, unknown.Attempts, "a Redpin payment is never sent twice")
	bodies := e.srv.Bodies(api.OpCreatePayment)
	require.Len(t, bodies, 1)
	var sent struct {
		ClientReferenceID string `json:"client_reference_id"`
	}
	require.NoError(t, json.Unmarshal([]byte(bodies[0]), &sent))
	assert.Equal(t, sent.ClientReferenceID, unknown.IdempotencyKey)

	mine := gbp("INV 10")
	mine.ClientReferenceId = client.Ptr("PO-88299")
	e.srv.Schedule(api.OpCreatePayment, providertest.Fault{Drop: true})
	_, err = e.client.CreatePayment(context.Background(), customer, mine)
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "PO-88299", unknown.IdempotencyKey, "the caller's reference")
}

func TestPathParametersThatChangeThePathAreRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, v := range []string{"", "..", "C/1", `C\1`, "%2e%2E", "%2f"} {
		var pe *client.PathParamError
		_, err := e.client.CreatePayment(ctx, v, gbp("INV 11"))
		require.ErrorAs(t, err, &pe, "%q", v)
		assert.Equal(t, api.OpCreatePayment, pe.Operation)
		assert.Equal(t, "customer_id", pe.Param)
		_, err = e.client.CreatePaymentSession(ctx, v, redpin.CreatePaymentSessionRequest{})
		require.ErrorAs(t, err, &pe, "%q", v)
		_, err = e.client.GetPaymentDetails(ctx, customer, v)
		require.ErrorAs(t, err, &pe, "%q", v)
		assert.Equal(t, "payment_id", pe.Param)
	}
	assert.Zero(t, e.srv.Requests(), "nothing was sent")
}

func TestErrorTextIsBoundedAndClean(t *testing.T) {
	long := "\x1b]0;owned\x07\r\nINFO forged\u2066" + strings.Repeat("Y", 50_000)
	body, err := json.Marshal(map[string]string{"code": long, "description": long, "type": long, "field": long})
	require.NoError(t, err)
	e := newEnv(t, client.WithoutRetries())
	e.srv.Schedule(api.OpGetPaymentDetails, providertest.Fault{Status: http.StatusBadRequest, Body: string(body)})
	_, err = e.client.GetPaymentDetails(context.Background(), customer, "P-1")
	var re *redpinclient.Error
	require.ErrorAs(t, err, &re)
	for s, limit := range map[string]int{err.Error(): 1024, re.Code: 128, re.Type: 128, re.Field: 128, re.Description: 1024} {
		assert.LessOrEqual(t, len([]rune(s)), limit, "%.60q", s)
		assert.False(t, strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }), "%.60q", s)
	}
	assert.True(t, strings.HasPrefix(re.Code, "]0;owned INFO forged"), "%.40q", re.Code)
}
