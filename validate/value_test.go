package validate_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate"
)

func TestValueValidatesAGeneratedValue(t *testing.T) {
	e := engine(t)
	p := finzly.CreditPaymentInstruction{
		ExternalReferenceId: "INV-77812",
		PaymentAmount:       money.MustParse("1234567.89"),
		PaymentCurrency:     "USD",
		Speed:               "Express",
		PaymentNotes:        ptr("Invoice 77812"),
		Sender:              finzly.CreditSender{AccountUID: ptr[int64](100245)},
		Receiver:            &finzly.CreditReceiver{BeneficiaryId: ptr[int64](88231)},
	}
	ps, err := validate.Value(context.Background(), e, api.OpCreateCreditPaymentV4, p, validate.Request{})
	require.NoError(t, err)
	assert.False(t, ps.HasErrors(), "%v", ps)

	p.PaymentCurrency = "US"
	p.ExternalReferenceId = "a/b"
	ps, err = validate.Value(context.Background(), e, api.OpCreateCreditPaymentV4, p, validate.Request{})
	require.NoError(t, err)
	assert.True(t, hasProblem(ps, "/paymentCurrency", validate.CodeMinLength), "%v", ps)
	assert.True(t, hasProblem(ps, "/externalReferenceId", validate.CodePattern), "%v", ps)
}

func TestValueTakesTheRestOfTheRequest(t *testing.T) {
	e := engine(t)
	q := redpin.CreateQuoteRequest{SellCurrency: "GBP", BuyCurrency: "EUR", Amount: money.MustParse("100.00")}
	ps, err := validate.Value(context.Background(), e, api.OpCreateQuote, q, validate.Request{})
	require.NoError(t, err)
	assert.True(t, hasProblem(ps, "/path/customer_id", validate.CodeRequired), "%v", ps)

	ps, err = validate.Value(context.Background(), e, api.OpCreateQuote, q,
		validate.Request{PathParams: map[string]string{"customer_id": "C-1"}})
	require.NoError(t, err)
	assert.False(t, ps.HasErrors(), "%v", ps)

	_, err = validate.Value(context.Background(), e, "createQuotte", q, validate.Request{})
	assert.ErrorIs(t, err, validate.ErrUnknownOperation)
	_, err = validate.Value(context.Background(), e, api.OpCreateQuote, make(chan int), validate.Request{})
	assert.ErrorContains(t, err, "encoding the createQuote body")
}
