package clientsuite

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
)

// redpinCases are the cases of Redpin's recipients, quotes and payments.
var redpinCases = map[string]caseFunc{
	api.OpCreateRecipient:             createRecipient,
	api.OpGetRecipient:                getRecipient,
	api.OpListRecipients:              listRecipients,
	api.OpUpdateRecipientAccount:      updateRecipientAccount,
	api.OpCreateQuote:                 createQuote,
	api.OpCreatePayment:               createPayment,
	api.OpGetPaymentDetails:           getPaymentDetails,
	api.OpGetBankTransferInstructions: getBankTransferInstructions,
}

// customer returns a customer id of the case's own, so that lists hold
// only what the case made.
func customer() string { return fmt.Sprintf("CUST-%07d", 4800000+next()) }

func amount(currency, value string) redpin.Amount {
	return redpin.Amount{Currency: currency, Value: money.MustParse(value)}
}

// recipient registers a company paid in currency from a UK account and
// returns its id.
func (s *suite) recipient(t *testing.T, customerID, name, currency string) string {
	t.Helper()
	res, err := s.rp.CreateRecipient(context.Background(), customerID, redpin.CreateRecipientRequest{
		Name: name, Type: "Corporate", CountryCode: "GBR", CustomerOwnAccount: "no",
		Address:              redpin.RecipientAddress{AddressLine: client.Ptr("1 High Street"), City: client.Ptr("London")},
		RecipientBankDetails: redpin.RecipientBankDetails{Currency: currency, Iban: client.Ptr("GB33BUKB20201555555555")},
	})
	require.NoError(t, err)
	require.NotNil(t, res.Value.RecipientId)
	return *res.Value.RecipientId
}

// pay pays value in currency to one recipient, changed by edit.
func (s *suite) pay(t *testing.T, customerID, recipientID, currency, value string, edit func(*redpin.CreatePaymentRequest)) *client.Result[redpin.Payment] {
	t.Helper()
	p := redpin.CreatePaymentRequest{PurposeOfTransaction: "SUPPLIER_PAYMENT", Amount: amount(currency, value),
		RecipientDetails: []redpin.RecipientDetail{{RecipientId: recipientID, Amount: amount(currency, value),
			PaymentReference: client.Ptr("INV 2030-0611")}}}
	if edit != nil {
		edit(&p)
	}
	res, err := s.rp.CreatePayment(context.Background(), customerID, p)
	require.NoError(t, err)
	require.NotEmpty(t, res.Value.PaymentId)
	return res
}

func createRecipient(t *testing.T, s *suite) {
	r := example[redpin.CreateRecipientRequest](t, "redpin/createRecipient/valid-iban.json")
	res, err := s.rp.CreateRecipient(context.Background(), customer(), r)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, res.Status)
	require.NotNil(t, res.Value.RecipientId)
	assert.NotEmpty(t, *res.Value.RecipientId)
}

func getRecipient(t *testing.T, s *suite) {
	c := customer()
	id := s.recipient(t, c, "Cascade Steel Ltd", "GBP")
	got, err := s.rp.GetRecipient(context.Background(), c, id)
	require.NoError(t, err)
	assert.Equal(t, id, got.Value.RecipientId)
	assert.Equal(t, "Cascade Steel Ltd", got.Value.Name)
	_, err = s.rp.GetRecipient(context.Background(), customer(), id)
	assert.True(t, client.IsNotFound(err), "another customer's recipient is not found: %v", err)
}

func listRecipients(t *testing.T, s *suite) {
	c := customer()
	a, b := s.recipient(t, c, "Cascade Steel Ltd", "GBP"), s.recipient(t, c, "Harbour Freight Ltd", "GBP")
	res, err := s.rp.ListRecipients(context.Background(), c, redpin.ListRecipientsParams{})
	require.NoError(t, err)
	var ids []string
	for _, r := range res.Value.Recipients {
		ids = append(ids, r.RecipientId)
	}
	assert.ElementsMatch(t, []string{a, b}, ids)
}

func updateRecipientAccount(t *testing.T, s *suite) {
	ctx := context.Background()
	c := customer()
	id := s.recipient(t, c, "Cascade Steel Ltd", "GBP")
	u := example[redpin.UpdateRecipientAccountRequest](t, "redpin/updateRecipientAccount/valid.json")
	u.ConfirmRecipient = nil // it answers a payee check this recipient never had
	res, err := s.rp.UpdateRecipientAccount(ctx, c, id, u)
	require.NoError(t, err)
	assert.Equal(t, id, *res.Value.RecipientId)
	got, err := s.rp.GetRecipient(ctx, c, id)
	require.NoError(t, err)
	assert.Equal(t, u.Name, got.Value.Name)
}

func createQuote(t *testing.T, s *suite) {
	q, err := s.rp.CreateQuote(context.Background(), customer(), example[redpin.CreateQuoteRequest](t, "redpin/createQuote/valid.json"))
	require.NoError(t, err)
	assert.NotEmpty(t, q.Value.QuoteId)
	assert.Equal(t, "GBP", q.Value.SellCurrency)
	assert.Equal(t, "EUR", q.Value.BuyCurrency)
}

func createPayment(t *testing.T, s *suite) {
	c := customer()
	res := s.pay(t, c, s.recipient(t, c, "Cascade Steel Ltd", "GBP"), "GBP", "1000.45", nil)
	assert.Equal(t, http.StatusCreated, res.Status)
	require.NotNil(t, res.Value.ClientReferenceId)
	assert.Equal(t, res.IdempotencyKey, *res.Value.ClientReferenceId, "the client_reference_id is the call's key")
	assert.Equal(t, "1000.45", res.Value.Amount.Value.String(), "amounts as sent")
}

func getPaymentDetails(t *testing.T, s *suite) {
	c := customer()
	p := s.pay(t, c, s.recipient(t, c, "Cascade Steel Ltd", "GBP"), "GBP", "250.00", nil)
	d, err := s.rp.GetPaymentDetails(context.Background(), c, p.Value.PaymentId)
	require.NoError(t, err)
	assert.Equal(t, p.Value.PaymentId, d.Value.PaymentId)
	assert.NotEmpty(t, d.Value.Status)
}

// getBankTransferInstructions pays in euros bought with pounds, so the
// payment waits for funds sent by bank transfer.
func getBankTransferInstructions(t *testing.T, s *suite) {
	ctx := context.Background()
	c := customer()
	q, err := s.rp.CreateQuote(ctx, c, redpin.CreateQuoteRequest{SellCurrency: "GBP", BuyCurrency: "EUR",
		Amount: money.MustParse("1000.00"), FixedSide: client.Ptr(redpin.FixedSideBUY)})
	require.NoError(t, err)
	p := s.pay(t, c, s.recipient(t, c, "Maschinenbau Rhein GmbH", "EUR"), "EUR", "1000.00",
		func(p *redpin.CreatePaymentRequest) { p.QuoteId = &q.Value.QuoteId })
	bti, err := s.rp.GetBankTransferInstructions(ctx, c, p.Value.PaymentId, "GBR")
	require.NoError(t, err)
	assert.NotEmpty(t, bti.Value.PaymentMethod)
}
