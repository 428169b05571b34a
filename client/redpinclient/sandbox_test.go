package redpinclient_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/internal/sandboxtest"
	"github.com/payspec/payspec/client/redpinclient"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
)

// These tests run the client against payspec's sandbox, whose recipients
// fail Confirmation of Payee by name, and which fails chosen requests on
// demand (its fault header).

// recipient is a company paid in pounds at a UK bank.
func recipient(name string) redpin.CreateRecipientRequest {
	return redpin.CreateRecipientRequest{Name: name, Type: "Corporate", CountryCode: "GBR", CustomerOwnAccount: "no",
		Address:              redpin.RecipientAddress{AddressLine: client.Ptr("1 High Street"), City: client.Ptr("London")},
		RecipientBankDetails: redpin.RecipientBankDetails{Currency: "GBP", Iban: client.Ptr("GB33BUKB20201555555555")},
	}
}

// register adds a recipient and returns its id.
func register(t *testing.T, c *redpinclient.Client, name string) string {
	t.Helper()
	res, err := c.CreateRecipient(context.Background(), customer, recipient(name))
	require.NoError(t, err)
	return *res.Value.RecipientId
}

// payment pays £250 to one recipient.
func payment(recipientID string) redpin.CreatePaymentRequest {
	gbp := redpin.Amount{Currency: "GBP", Value: money.MustParse("250.00")}
	return redpin.CreatePaymentRequest{PurposeOfTransaction: "SUPPLIER_PAYMENT", Amount: gbp,
		RecipientDetails: []redpin.RecipientDetail{{RecipientId: recipientID, Amount: gbp}}}
}

// The sandbox refuses a payment to a recipient whose name is a close
// match (ANNM) or no match (NMTC) for the account; the confirmed retry
// goes through, as the same payment.
func TestSandboxConfirmationOfPayeeLoop(t *testing.T) {
	env := sandboxtest.Start(t)
	c := env.Redpin(t)
	ctx := context.Background()
	for name, code := range map[string]string{"Close Match Trading Ltd": "ANNM", "No Match Holdings Ltd": "NMTC"} {
		t.Run(code, func(t *testing.T) {
			id := register(t, c, name)
			first, err := c.CreatePayment(ctx, customer, payment(id))
			var check *redpinclient.ConfirmationError
			require.ErrorAs(t, err, &check)
			assert.Equal(t, code, check.Err.Code)
			assert.Equal(t, http.StatusBadRequest, check.Err.Status)
			assert.NotEmpty(t, check.Check.EventId)
			assert.Equal(t, "GB33BUKB20201555555555", check.Check.RequestIdentifier)
			require.NotNil(t, first, "the refused answer comes with the error")

			_, err = c.ConfirmPayment(ctx, check, "")
			require.Error(t, err, "the customer's action is required")

			confirmed, err := c.ConfirmPayment(ctx, check, "OVERRIDE")
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, confirmed.Status)
			assert.Equal(t, first.IdempotencyKey, confirmed.IdempotencyKey, "the retry is the same payment")
			assert.Equal(t, first.IdempotencyKey, *confirmed.Value.ClientReferenceId)
			details, err := c.GetPaymentDetails(ctx, customer, confirmed.Value.PaymentId)
			require.NoError(t, err)
			assert.Equal(t, confirmed.Value.PaymentId, details.Value.PaymentId)
		})
	}

	// A confirmation naming a check the sandbox never made is refused,
	// and is not mistaken for a payee check.
	id := register(t, c, "Close Match Supplies Ltd")
	p := payment(id)
	p.ConfirmRecipient = &redpin.ConfirmRecipient{RequestIdentifier: "GB33BUKB20201555555555", EventId: "AG-00000000-999999",
		CustomerAction: client.Ptr("OVERRIDE")}
	_, err := c.CreatePayment(ctx, customer, p)
	require.Error(t, err)
	assert.True(t, client.IsValidation(err))

	// A recipient whose name matches pays at once.
	plain, err := c.CreatePayment(ctx, customer, payment(register(t, c, "Cascade Steel Ltd")))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, plain.Status)
}

func TestSandboxPaymentIsNotRepeatedOnceSent(t *testing.T) {
	env := sandboxtest.Start(t)
	c := env.Redpin(t)
	id := register(t, c, "Cascade Steel Ltd")
	env.Faults.On(api.OpCreatePayment, "503")
	res, err := c.CreatePayment(context.Background(), customer, payment(id))
	require.Error(t, err)
	assert.True(t, client.IsRetryable(err))
	var e *redpinclient.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "SERVICE_UNAVAILABLE", e.Code)
	assert.Len(t, env.Faults.Requests(api.OpCreatePayment), 1, "sent once: Redpin documents no idempotency header")
	assert.NotEmpty(t, res.IdempotencyKey, "the reference to look the payment up by is returned")
}

func TestSandboxReadsAndQuotesAreRetried(t *testing.T) {
	env := sandboxtest.Start(t)
	c := env.Redpin(t)
	ctx := context.Background()
	env.Faults.On(api.OpCreateQuote, "503", "429")
	q, err := c.CreateQuote(ctx, customer, redpin.CreateQuoteRequest{SellCurrency: "GBP", BuyCurrency: "EUR",
		Amount: money.MustParse("100.00")})
	require.NoError(t, err)
	assert.Equal(t, 3, q.Attempts)

	id := register(t, c, "Cascade Steel Ltd")
	env.Faults.On(api.OpGetRecipient, "401", "503")
	got, err := c.GetRecipient(ctx, customer, id)
	require.NoError(t, err)
	assert.Equal(t, 2, got.Attempts, "the 401 is answered by a new token within the first attempt")
	assert.Equal(t, []int{http.StatusUnauthorized, http.StatusServiceUnavailable, http.StatusOK},
		env.Faults.Statuses(api.OpGetRecipient))
}

// Concurrent quotes, recipients and reads through one client, some
// answered 503 first. Run with -race.
func TestSandboxConcurrentCallsShareOneClient(t *testing.T) {
	env := sandboxtest.Start(t)
	c := env.Redpin(t)
	env.Faults.On(api.OpCreateQuote, "503", "", "503")
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			ctx := context.Background()
			_, err := c.CreateQuote(ctx, customer, redpin.CreateQuoteRequest{SellCurrency: "GBP", BuyCurrency: "EUR",
				Amount: money.MustParse("100.00")})
			assert.NoError(t, err)
			res, err := c.CreateRecipient(ctx, customer, recipient("Cascade Steel Ltd"))
			if assert.NoError(t, err) {
				_, err = c.GetRecipient(ctx, customer, *res.Value.RecipientId)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	list, err := c.ListRecipients(context.Background(), customer, redpin.ListRecipientsParams{Limit: client.Ptr[int32](100)})
	require.NoError(t, err)
	assert.Len(t, list.Value.Recipients, 12, "each recipient added once")
	assert.Len(t, env.Faults.Requests(api.OpCreateQuote), 12+2, "two faults, two retries")
}
