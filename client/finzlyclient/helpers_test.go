package finzlyclient_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate"
)

func engine(tb testing.TB) *validate.Engine { return providertest.Engine(tb) }

// env is a client against a stand-in, with what the test inspects.
type env struct {
	srv    *providertest.Server
	client *finzlyclient.Client
	sleeps *providertest.Sleeps
	log    *providertest.Log
}

func newEnv(t *testing.T, opts ...client.Option) env {
	t.Helper()
	return newEnvOn(t, providertest.Start(t), opts...)
}

func newEnvOn(t *testing.T, srv *providertest.Server, opts ...client.Option) env {
	t.Helper()
	base, h := providertest.Options(t)
	c, err := finzlyclient.New(context.Background(), finzlyclient.Config{
		BaseURL: srv.FinzlyURL, TokenURL: srv.TokenURL, Credentials: providertest.Credentials(),
	}, append(base, opts...)...)
	require.NoError(t, err)
	return env{srv: srv, client: c, sleeps: h.Sleeps, log: h.Log}
}

// fedwire is a valid v4 credit payment: an Express (Fedwire) payment from
// an account in the bank's CRM to a beneficiary in the CRM.
func fedwire() finzly.CreditPaymentInstruction {
	return finzly.CreditPaymentInstruction{
		ExternalReferenceId: "INV-77812",
		PaymentAmount:       money.MustParse("1234567.89"),
		PaymentCurrency:     "USD",
		Speed:               "Express",
		PaymentNotes:        client.Ptr("Invoice 77812"),
		Sender:              finzly.CreditSender{AccountUID: client.Ptr[int64](100245)},
		Receiver:            &finzly.CreditReceiver{BeneficiaryId: client.Ptr[int64](88231)},
	}
}
