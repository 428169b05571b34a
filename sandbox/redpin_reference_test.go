package sandbox_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/validate/rules"
)

func TestRedpinListCurrencies(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	resp, err := sb.Redpin.ListCurrenciesWithResponse(context.Background())
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	got := resp.JSON200.PayoutCurrencies
	assert.Subset(t, got, []string{"AED", "EUR", "GBP", "USD"}, "the currencies of the spec's examples")
	assert.True(t, slices.IsSorted(got))
	assert.Empty(t, resp.JSON200.AdditionalProperties, "only the documented member")
}

func TestRedpinListTransactionPurposes(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	resp, err := sb.Redpin.ListTransactionPurposesWithResponse(context.Background())
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	var codes []string
	for _, p := range resp.JSON200.TransactionPurposes {
		codes = append(codes, p.Code)
		assert.NotEmpty(t, *p.Description, p.Code)
	}
	assert.Equal(t, []string{"INVOICE_PAYMENT", "PROPERTY_PURCHASE", "SUPPLIER_PAYMENT"}, codes)
}

// TestRedpinReferenceDataConfiguresTheRules checks the round trip a team
// makes: the sandbox's reference answers become a rules configuration,
// and a sandbox judging with it refuses what the lists leave out.
func TestRedpinReferenceDataConfiguresTheRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	plain := sandbox.Start(t)
	purposes, err := plain.Redpin.ListTransactionPurposesWithResponse(ctx)
	require.NoError(t, err)
	currencies, err := plain.Redpin.ListCurrenciesWithResponse(ctx)
	require.NoError(t, err)
	section, err := rules.ReferenceConfigYAML(purposes.JSON200, currencies.JSON200)
	require.NoError(t, err)
	cfg, err := rules.LoadConfig(section)
	require.NoError(t, err)
	checker, err := rules.New(cfg)
	require.NoError(t, err)

	sb := sandbox.Start(t, sandbox.WithRules(checker))
	rid := newRecipient(t, sb.Redpin, "CUST-1", "Cascade Steel Ltd")
	pay := func(purpose string) int {
		resp, err := sb.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", redpin.CreatePaymentRequest{
			PurposeOfTransaction: purpose, Amount: gbp("10.00"),
			RecipientDetails: []redpin.RecipientDetail{{RecipientId: rid, Amount: gbp("10.00")}}})
		require.NoError(t, err)
		return resp.StatusCode()
	}
	assert.Equal(t, http.StatusCreated, pay("SUPPLIER_PAYMENT"))
	assert.Equal(t, http.StatusBadRequest, pay("GIFT"), "a purpose the list leaves out")
	assert.Equal(t, http.StatusBadRequest, pay("supplier_payment"), "purposes match case-sensitively")
}
