package finzlyclient_test

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate"
)

// sharedEngine is built once: compiling the specs is the slow part.
var sharedEngine = sync.OnceValues(func() (*validate.Engine, error) { return validate.New(context.Background()) })

func engine(tb testing.TB) *validate.Engine {
	tb.Helper()
	e, err := sharedEngine()
	require.NoError(tb, err)
	return e
}

// sleeps records the waits of a retry policy instead of waiting.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// env is a client against a stand-in, with what the test inspects.
type env struct {
	srv    *providertest.Server
	client *finzlyclient.Client
	sleeps *sleeps
	log    *bytes.Buffer
}

func newEnv(t *testing.T, opts ...client.Option) env {
	t.Helper()
	srv := providertest.Start(t)
	return newEnvOn(t, srv, opts...)
}

func newEnvOn(t *testing.T, srv *providertest.Server, opts ...client.Option) env {
	t.Helper()
	sl := &sleeps{}
	var buf bytes.Buffer
	base := []client.Option{
		client.WithEngine(engine(t)),
		client.WithRetry(client.RetryPolicy{Sleep: sl.sleep}),
		client.WithLogger(slog.New(slog.NewTextHandler(&lockedWriter{w: &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	}
	c, err := finzlyclient.New(context.Background(), finzlyclient.Config{
		BaseURL:     srv.FinzlyURL,
		TokenURL:    srv.TokenURL,
		Credentials: client.Credentials{ClientID: providertest.ClientID, ClientSecret: providertest.ClientSecret},
	}, append(base, opts...)...)
	require.NoError(t, err)
	return env{srv: srv, client: c, sleeps: sl, log: &buf}
}

// lockedWriter serialises writes to a buffer shared by goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
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

func newLogger(w interface{ Write([]byte) (int, error) }) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
