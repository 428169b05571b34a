// Package clientsuite is the contract suite of the provider clients: every
// operation of both specs called through finzlyclient and redpinclient,
// against any server that speaks the two APIs. It asks nothing of the
// server beyond the APIs themselves (no fault injection, no counters), so
// the same suite runs against the in-process stand-in of package
// providertest and against payspec's sandbox:
//
//	clientsuite.Run(t, providertest.Start(t).Env())
//
// Every answer must conform to the spec: the suite fails on drift.
package clientsuite

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/client/redpinclient"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
)

// Run runs the suite against env.
func Run(t *testing.T, env providertest.Env) {
	opts, _ := providertest.Options(t)
	opts = append(opts, client.WithDriftMode(client.DriftEnforce))
	ctx := context.Background()
	fz, err := finzlyclient.New(ctx, finzlyclient.Config{BaseURL: env.FinzlyURL, TokenURL: env.FinzlyTokenURL,
		Credentials: env.Credentials}, opts...)
	require.NoError(t, err)
	rp, err := redpinclient.New(ctx, redpinclient.Config{BaseURL: env.RedpinURL, TokenURL: env.RedpinTokenURL,
		Credentials: env.Credentials}, opts...)
	require.NoError(t, err)
	t.Run("finzly", func(t *testing.T) { finzlyOperations(t, fz) })
	t.Run("redpin", func(t *testing.T) { redpinOperations(t, rp) })
}

func finzlyOperations(t *testing.T, fz *finzlyclient.Client) {
	ctx := context.Background()
	key := uuid.NewString()
	v4, err := fz.CreateCreditPaymentV4(ctx, example[finzly.CreditPaymentInstruction](t, "finzly/createCreditPaymentV4/valid-fedwire.json"),
		client.WithIdempotencyKey(key))
	require.NoError(t, err)
	require.NotNil(t, v4.Value.Data)
	uid := *v4.Value.Data.PaymentUID
	again, err := fz.CreateCreditPaymentV4(ctx, example[finzly.CreditPaymentInstruction](t, "finzly/createCreditPaymentV4/valid-fedwire.json"),
		client.WithIdempotencyKey(key))
	require.NoError(t, err)
	assert.Equal(t, uid, *again.Value.Data.PaymentUID, "the same key is the same payment")

	v3, err := fz.CreateCreditPaymentV3(ctx, example[finzly.CreditPaymentRequest](t, "finzly/createCreditPaymentV3/valid.json"))
	require.NoError(t, err)
	assert.NotNil(t, v3.Value.Data)
	bt, err := fz.CreateBookTransfer(ctx, example[finzly.BookTransferRequest](t, "finzly/createBookTransfer/valid.json"))
	require.NoError(t, err)
	assert.NotNil(t, bt.Value.Data)

	got, err := fz.GetPayment(ctx, uid)
	require.NoError(t, err)
	require.NotNil(t, got.Value.Data)
	require.NotNil(t, got.Value.Data.PaymentUID)
	found, err := fz.SearchPayments(ctx, finzly.PaymentSearch{Page: 1, Limit: 10})
	require.NoError(t, err)
	assert.NotNil(t, found.Value)
	cancelled, err := fz.CancelPayment(ctx, uid, finzly.CancelPaymentRequest{Notes: client.Ptr("Duplicate")})
	require.NoError(t, err)
	assert.NotNil(t, cancelled.Value)
}

func redpinOperations(t *testing.T, rp *redpinclient.Client) {
	ctx := context.Background()
	const customer = "CUST-0048213"
	q, err := rp.CreateQuote(ctx, customer, example[redpin.CreateQuoteRequest](t, "redpin/createQuote/valid.json"))
	require.NoError(t, err)
	assert.NotEmpty(t, q.Value.QuoteId)

	// A third-party payment, funded by bank transfer, so that it has
	// transfer instructions.
	p, err := rp.CreatePayment(ctx, customer, redpin.CreatePaymentRequest{
		PurposeOfTransaction: "PROPERTY_PURCHASE",
		Amount:               redpin.Amount{Currency: "GBP", Value: money.MustParse("1000.45")},
		RecipientDetails: []redpin.RecipientDetail{{RecipientId: "1670021",
			Amount: redpin.Amount{Currency: "GBP", Value: money.MustParse("1000.45")}, PaymentReference: client.Ptr("PLOT 14 DEPOSIT")}},
		IsThirdPartyPayment: client.Ptr(true),
		ClientCustomerRef:   client.Ptr("TPC-004215"),
	})
	require.NoError(t, err)
	require.NotEmpty(t, p.Value.PaymentId)
	assert.Equal(t, p.IdempotencyKey, *p.Value.ClientReferenceId)

	d, err := rp.GetPaymentDetails(ctx, customer, p.Value.PaymentId)
	require.NoError(t, err)
	assert.Equal(t, p.Value.PaymentId, d.Value.PaymentId)
	bti, err := rp.GetBankTransferInstructions(ctx, customer, p.Value.PaymentId, "GBR")
	require.NoError(t, err)
	assert.NotEmpty(t, bti.Value.PaymentMethod)
}

// example decodes one of the repository's valid examples.
func example[T any](t *testing.T, name string) T {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "..", "examples", name))
	require.NoError(t, err)
	var v T
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}
