package finzlyclient_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/client/internal/sandboxtest"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/sandbox"
)

// These tests run the client against payspec's sandbox, asking it to fail
// chosen requests with its fault header.

// march2030 is a Friday before the payments' date (15 March 2030).
var march2030 = time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)

func startSandbox(t *testing.T, opts ...sandbox.Option) *sandboxtest.Env {
	return sandboxtest.Start(t, append([]sandbox.Option{sandbox.WithToday(march2030)}, opts...)...)
}

var references atomic.Int64

// pay creates a v4 payment with a reference of its own and returns the
// reference with the result.
func pay(t *testing.T, fz *finzlyclient.Client) (string, *client.Result[finzly.V4PaymentResponse], error) {
	p := fedwire()
	p.PaymentDate = client.Ptr("03-15-2030")
	p.ExternalReferenceId = fmt.Sprintf("INV-SB-%d", references.Add(1))
	res, err := fz.CreateCreditPaymentV4(context.Background(), p)
	return p.ExternalReferenceId, res, err
}

// paymentsWith counts the payments the sandbox holds with a reference.
func paymentsWith(t *testing.T, fz *finzlyclient.Client, ref string) int {
	t.Helper()
	res, err := fz.SearchPayments(context.Background(), finzly.PaymentSearch{Page: 1, Limit: 100, ExternalReferenceId: &ref})
	require.NoError(t, err)
	return len(*res.Value.Data)
}

func distinct(rs []sandboxtest.Request, field func(sandboxtest.Request) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rs {
		if v := field(r); !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func authorization(r sandboxtest.Request) string { return r.Authorization }
func key(r sandboxtest.Request) string           { return r.IdempotencyKey }

// Tokens live one second. A client that trusts its token past that (its
// clock stands still) gets 401 mid-run, fetches a new token and repeats
// the request; a client on the real clock replaces the token before it
// expires and never sees a 401.
func TestSandboxTokenExpiresMidRun(t *testing.T) {
	env := startSandbox(t, sandbox.WithTokenLifetime(time.Second))
	frozen := time.Now()
	trusting := env.Finzly(t, client.WithClock(func() time.Time { return frozen }))
	var onTime sandboxtest.Faults
	punctual := env.Finzly(t, client.WithHook(onTime.Hook()))
	ctx := context.Background()

	_, created, err := pay(t, trusting)
	require.NoError(t, err)
	uid := *created.Value.Data.PaymentUID
	_, err = punctual.GetPayment(ctx, uid)
	require.NoError(t, err)

	time.Sleep(1200 * time.Millisecond) // both tokens expire

	res, err := trusting.GetPayment(ctx, uid)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Attempts, "a resend after a refused token is part of the attempt")
	assert.Equal(t, []int{http.StatusUnauthorized, http.StatusOK}, env.Faults.Statuses(api.OpGetPayment))
	gets := env.Faults.Requests(api.OpGetPayment)
	assert.NotEqual(t, gets[0].Authorization, gets[1].Authorization, "a new token after the 401")
	assert.Contains(t, env.Log.String(), "token refused, fetching a new one")

	_, err = punctual.GetPayment(ctx, uid)
	require.NoError(t, err)
	assert.Equal(t, []int{http.StatusOK, http.StatusOK}, onTime.Statuses(api.OpGetPayment), "no 401: renewed before expiry")
	assert.Len(t, distinct(onTime.Requests(api.OpGetPayment), authorization), 2)
}

func TestSandbox401ThenSuccessAfterRefresh(t *testing.T) {
	env := startSandbox(t)
	fz := env.Finzly(t)
	ref, _, err := pay(t, fz)
	require.NoError(t, err)

	env.Faults.On(api.OpSearchPayments, "401")
	assert.Equal(t, 1, paymentsWith(t, fz, ref))
	searches := env.Faults.Requests(api.OpSearchPayments)
	require.Len(t, searches, 2)
	assert.Equal(t, http.StatusUnauthorized, searches[0].Status)
	assert.Equal(t, http.StatusOK, searches[1].Status)
	assert.NotEqual(t, searches[0].Authorization, searches[1].Authorization)

	// A token refused twice in a row ends the call: one refresh, no loop.
	env.Faults.On(api.OpSearchPayments, "401", "401")
	_, err = fz.SearchPayments(context.Background(), finzly.PaymentSearch{Page: 1, Limit: 1})
	require.Error(t, err)
	assert.True(t, client.IsUnauthorized(err))
	assert.Len(t, env.Faults.Requests(api.OpSearchPayments), 4)
}

func TestSandboxServiceUnavailableIsRetriedWithTheSameKey(t *testing.T) {
	env := startSandbox(t)
	fz := env.Finzly(t)
	env.Faults.On(api.OpCreateCreditPaymentV4, "503")
	ref, res, err := pay(t, fz)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Attempts)
	assert.Equal(t, []int{http.StatusServiceUnavailable, http.StatusOK}, env.Faults.Statuses(api.OpCreateCreditPaymentV4))
	assert.Equal(t, []string{res.IdempotencyKey}, distinct(env.Faults.Requests(api.OpCreateCreditPaymentV4), key))
	require.NotEmpty(t, env.Sleeps.All())
	assert.Equal(t, time.Second, env.Sleeps.All()[0], "the sandbox's Retry-After (1s) outlasts the first backoff")
	assert.Equal(t, 1, paymentsWith(t, fz, ref))
}

func TestSandboxRateLimitedReadsAreRetriedUntilTheAttemptsRunOut(t *testing.T) {
	env := startSandbox(t)
	fz := env.Finzly(t)
	_, created, err := pay(t, fz)
	require.NoError(t, err)
	uid := *created.Value.Data.PaymentUID

	env.Faults.On(api.OpGetPayment, "429", "429")
	res, err := fz.GetPayment(context.Background(), uid)
	require.NoError(t, err)
	assert.Equal(t, 3, res.Attempts)

	env.Faults.On(api.OpGetPayment, "429", "429", "429", "429")
	res, err = fz.GetPayment(context.Background(), uid)
	require.Error(t, err)
	assert.True(t, client.IsRateLimited(err))
	assert.True(t, client.IsRetryable(err))
	assert.Equal(t, 4, res.Attempts, "the default policy's attempts")
	for _, w := range env.Sleeps.All() {
		assert.GreaterOrEqual(t, w, time.Second, "every wait honours Retry-After")
	}
}

func TestSandboxCreateWithoutAKeyIsNotRepeated(t *testing.T) {
	env := startSandbox(t)
	fz := env.Finzly(t)
	env.Faults.On(api.OpCreateCreditPaymentV3, "503")
	p := v3Payment()
	p.ExternalReferenceId = "INV-SB-V3-503"
	_, err := fz.CreateCreditPaymentV3(context.Background(), p)
	require.Error(t, err)
	assert.True(t, client.IsRetryable(err), "the caller may try again, after looking")
	assert.Len(t, env.Faults.Requests(api.OpCreateCreditPaymentV3), 1, "sent once")
	assert.Zero(t, paymentsWith(t, fz, p.ExternalReferenceId), "the fault changed nothing")
}

// A request the sandbox holds and then drops without an answer is
// repeated with its key, and makes one payment.
func TestSandboxDroppedRequestIsRepeatedWithItsKey(t *testing.T) {
	env := startSandbox(t, sandbox.WithFaultTimeout(50*time.Millisecond))
	fz := env.Finzly(t)
	env.Faults.On(api.OpCreateCreditPaymentV4, "timeout")
	ref, res, err := pay(t, fz)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Attempts)
	reqs := env.Faults.Requests(api.OpCreateCreditPaymentV4)
	require.Len(t, reqs, 2)
	assert.Zero(t, reqs[0].Status, "no answer came")
	assert.Equal(t, reqs[0].IdempotencyKey, reqs[1].IdempotencyKey)
	assert.Equal(t, 1, paymentsWith(t, fz, ref))
}

// Sixteen goroutines share one client: payments (some answered 503
// first), reads and searches. Each payment is made once, and all share
// one token. Run with -race.
func TestSandboxConcurrentCallsShareOneClient(t *testing.T) {
	env := startSandbox(t)
	fz := env.Finzly(t)
	env.Faults.On(api.OpCreateCreditPaymentV4, "503", "", "503", "", "429")
	const n = 16
	refs := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			ref, res, err := pay(t, fz)
			if !assert.NoError(t, err) {
				return
			}
			refs[i] = ref
			_, err = fz.GetPayment(context.Background(), *res.Value.Data.PaymentUID)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	for _, ref := range refs {
		assert.Equal(t, 1, paymentsWith(t, fz, ref), ref)
	}
	creates := env.Faults.Requests(api.OpCreateCreditPaymentV4)
	assert.Len(t, creates, n+3, "three faults, three retries")
	var all []sandboxtest.Request
	for _, op := range []string{api.OpCreateCreditPaymentV4, api.OpGetPayment, api.OpSearchPayments} {
		all = append(all, env.Faults.Requests(op)...)
	}
	assert.Len(t, distinct(all, authorization), 1, "one token fetched for every caller")
}

// The sandbox holds a create past the caller's deadline: the error
// carries the key, and the same call with that key makes the payment
// once. (The sandbox holds the request for its fault timeout whether or
// not the client is still there, so that timeout is kept short.)
func TestSandboxUnknownOutcomeIsSettledWithItsKey(t *testing.T) {
	env := startSandbox(t, sandbox.WithFaultTimeout(400*time.Millisecond))
	fz := env.Finzly(t)
	p := fedwire()
	p.PaymentDate = client.Ptr("03-15-2030")
	p.ExternalReferenceId = fmt.Sprintf("INV-SB-%d", references.Add(1))
	env.Faults.On(api.OpCreateCreditPaymentV4, "timeout")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := fz.CreateCreditPaymentV4(ctx, p)
	var unknown *client.UnknownOutcomeError
	require.ErrorAs(t, err, &unknown)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, []string{unknown.IdempotencyKey}, distinct(env.Faults.Requests(api.OpCreateCreditPaymentV4), key))

	res, err := fz.CreateCreditPaymentV4(context.Background(), p, client.WithIdempotencyKey(unknown.IdempotencyKey))
	require.NoError(t, err)
	again, err := fz.CreateCreditPaymentV4(context.Background(), p, client.WithIdempotencyKey(unknown.IdempotencyKey))
	require.NoError(t, err)
	assert.Equal(t, *res.Value.Data.PaymentUID, *again.Value.Data.PaymentUID)
	assert.Equal(t, 1, paymentsWith(t, fz, p.ExternalReferenceId))
}
