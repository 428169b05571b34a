package redpinclient_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/client/redpinclient"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
)

const customer = "CUST-0048213"

type env struct {
	srv    *providertest.Server
	client *redpinclient.Client
	h      providertest.Harness
}

func newEnv(t *testing.T, opts ...client.Option) env {
	t.Helper()
	srv := providertest.Start(t)
	base, h := providertest.Options(t)
	c, err := redpinclient.New(context.Background(), redpinclient.Config{
		BaseURL: srv.RedpinURL, TokenURL: srv.TokenURL, Credentials: providertest.Credentials(),
	}, append(base, opts...)...)
	require.NoError(t, err)
	return env{srv: srv, client: c, h: h}
}

// gbp is a valid same-currency payment to one recipient; reference
// COP-CHECK makes the stand-in refuse it with a payee check.
func gbp(reference string) redpin.CreatePaymentRequest {
	return redpin.CreatePaymentRequest{
		PurposeOfTransaction: "SUPPLIER_PAYMENT",
		Amount:               redpin.Amount{Currency: "GBP", Value: money.MustParse("2500.00")},
		RecipientDetails: []redpin.RecipientDetail{{
			RecipientId:      "1668760",
			Amount:           redpin.Amount{Currency: "GBP", Value: money.MustParse("2500.00")},
			PaymentReference: client.Ptr(reference),
		}},
	}
}

func TestPaymentGetsAReferenceAsItsKey(t *testing.T) {
	e := newEnv(t)
	res, err := e.client.CreatePayment(context.Background(), customer, gbp("INV 2025-0614"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, res.Status)
	assert.Empty(t, res.Drift)
	key, err := uuid.Parse(res.IdempotencyKey)
	require.NoError(t, err)
	assert.Equal(t, uuid.Version(4), key.Version())
	require.NotNil(t, res.Value.ClientReferenceId)
	assert.Equal(t, res.IdempotencyKey, *res.Value.ClientReferenceId, "the key is the payment's client_reference_id")
	assert.Equal(t, "2500.00", res.Value.Amount.Value.String(), "amounts stay exact")
	assert.Empty(t, e.srv.Headers(api.OpCreatePayment)[0].Get("Idempotent-Key"), "Redpin has no idempotency header")

	mine := gbp("INV 2025-0615")
	mine.ClientReferenceId = client.Ptr("PO-88215")
	res, err = e.client.CreatePayment(context.Background(), customer, mine)
	require.NoError(t, err)
	assert.Equal(t, "PO-88215", res.IdempotencyKey, "the caller's reference is kept")

	_, err = e.client.CreatePayment(context.Background(), customer, mine, client.WithIdempotencyKey("PO-OTHER"))
	assert.ErrorContains(t, err, "differ")
}

func TestConfirmationOfPayeeBuildsTheConfirmedRetry(t *testing.T) {
	e := newEnv(t)
	res, err := e.client.CreatePayment(context.Background(), customer, gbp("COP-CHECK"))
	require.Error(t, err)
	var cop *redpinclient.ConfirmationError
	require.ErrorAs(t, err, &cop)
	var re *redpinclient.Error
	require.ErrorAs(t, err, &re, "it is also the provider's error")
	assert.Equal(t, "ANNM", re.Code)
	assert.True(t, client.IsValidation(err))
	assert.Equal(t, redpin.RecipientCheck{RequestIdentifier: "GB33BUKB20201555555555", EventId: "AG-20250612-000731"}, cop.Check)
	require.NotNil(t, res, "the refused call's key is kept")
	key := res.IdempotencyKey
	assert.Equal(t, key, *cop.Request.ClientReferenceId)

	confirmed := cop.Confirmed("override")
	require.NotNil(t, confirmed.ConfirmRecipient)
	assert.Equal(t, "AG-20250612-000731", confirmed.ConfirmRecipient.EventId)
	assert.Equal(t, "override", *confirmed.ConfirmRecipient.CustomerAction)
	assert.Nil(t, cop.Request.ConfirmRecipient, "the refused request is unchanged")

	paid, err := e.client.ConfirmPayment(context.Background(), cop, "OVERRIDE")
	require.NoError(t, err)
	assert.Equal(t, key, paid.IdempotencyKey, "one call, one key")
	assert.Equal(t, key, *paid.Value.ClientReferenceId)
	bodies := e.srv.Calls(api.OpCreatePayment)
	assert.Equal(t, 2, bodies)
	assert.Equal(t, 1, e.srv.Payments())
}

func TestSentPaymentsAreNotRepeated(t *testing.T) {
	e := newEnv(t)
	e.srv.Schedule(api.OpCreatePayment, providertest.Fault{Drop: true, After: true})
	res, err := e.client.CreatePayment(context.Background(), customer, gbp("INV 1"))
	require.Error(t, err, "the outcome is unknown: the caller reconciles by the key")
	assert.Nil(t, res)
	assert.Equal(t, 1, e.srv.Calls(api.OpCreatePayment))
	assert.Equal(t, 1, e.srv.Payments())

	e.srv.Schedule(api.OpCreatePayment, providertest.Fault{Status: http.StatusServiceUnavailable})
	_, err = e.client.CreatePayment(context.Background(), customer, gbp("INV 2"))
	assert.True(t, client.IsRetryable(err))
	assert.Equal(t, 2, e.srv.Calls(api.OpCreatePayment))
}

func TestReadsAndQuotesAreRetried(t *testing.T) {
	e := newEnv(t)
	e.srv.Schedule(api.OpGetPaymentDetails, providertest.Fault{Status: http.StatusGatewayTimeout})
	res, err := e.client.GetPaymentDetails(context.Background(), customer, "P-1")
	require.NoError(t, err)
	assert.Equal(t, 2, res.Attempts)
	assert.Equal(t, "P-1", res.Value.PaymentId)

	e.srv.Schedule(api.OpCreateQuote, providertest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}})
	q, err := e.client.CreateQuote(context.Background(), customer, redpin.CreateQuoteRequest{
		SellCurrency: "GBP", BuyCurrency: "EUR", Amount: money.MustParse("100.00"),
	})
	require.NoError(t, err)
	assert.Equal(t, 2, q.Attempts)
	assert.Equal(t, "QT-1", q.Value.QuoteId)
}

func TestErrorEnvelope(t *testing.T) {
	e := newEnv(t, client.WithoutRetries())
	_, err := e.client.GetPaymentDetails(context.Background(), customer, "missing")
	var re *redpinclient.Error
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusNotFound, re.Status)
	assert.Equal(t, "RESOURCE_NOT_FOUND", re.Code)
	assert.Equal(t, "payment_id", re.Field)
	assert.Equal(t, "Validation Error", re.Type)
	assert.True(t, client.IsNotFound(err))
	assert.Equal(t, "redpin: getPaymentDetails: status 404: RESOURCE_NOT_FOUND (field payment_id)", err.Error())

	e.srv.Schedule(api.OpGetPaymentDetails, providertest.Fault{Status: 500,
		Body: `{"code":"INTERNAL","description":"failed","type":"Server Error"}`})
	_, err = e.client.GetPaymentDetails(context.Background(), customer, "P-2")
	require.ErrorAs(t, err, &re)
	assert.Equal(t, []string{"INTERNAL"}, re.ProviderCodes())
	assert.False(t, client.IsRetryable(err))
	var cop *redpinclient.ConfirmationError
	assert.False(t, errors.As(err, &cop), "only a payee check is a ConfirmationError")

	e.srv.RevokeTokens()
	e.srv.Schedule(api.OpGetPaymentDetails)
	_, err = e.client.GetPaymentDetails(context.Background(), customer, "P-3")
	require.NoError(t, err, "a 401 fetches a new token and succeeds")
}

func TestMultiRecipientCheckInDetails(t *testing.T) {
	e := newEnv(t, client.WithoutRetries())
	body, err := json.Marshal(map[string]any{"code": "NMTC", "description": "no match", "type": "Validation Error",
		"details": []map[string]string{{"request_identifier": "FR7630006000011234567890189", "event_id": "AG-9"}}})
	require.NoError(t, err)
	e.srv.Schedule(api.OpCreatePayment, providertest.Fault{Status: 400, Body: string(body)})
	_, err = e.client.CreatePayment(context.Background(), customer, gbp("INV 3"))
	var cop *redpinclient.ConfirmationError
	require.ErrorAs(t, err, &cop)
	assert.Equal(t, "AG-9", cop.Confirmed("").ConfirmRecipient.EventId)
}
