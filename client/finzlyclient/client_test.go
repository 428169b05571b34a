package finzlyclient_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate"
)

const op = api.OpCreateCreditPaymentV4

func TestCreditPaymentCarriesAKeyAndReturnsIt(t *testing.T) {
	e := newEnv(t)
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.NoError(t, err)
	require.NotNil(t, res.Value)
	assert.Equal(t, "12931", *res.Value.Data.PaymentUID)
	assert.Equal(t, http.StatusOK, res.Status)
	assert.Empty(t, res.Drift)
	assert.Equal(t, 1, res.Attempts)

	key, err := uuid.Parse(res.IdempotencyKey)
	require.NoError(t, err, "the key is a uuid")
	assert.Equal(t, uuid.Version(4), key.Version())
	h := e.srv.Headers(op)
	require.Len(t, h, 1)
	assert.Equal(t, res.IdempotencyKey, h[0].Get("Idempotent-Key"), "sent exactly as Idempotent-Key")
	assert.Empty(t, h[0].Get("Idempotency-Key"))
	assert.Equal(t, "Bearer tok-1", h[0].Get("Authorization"))
}

func TestCallerKeyIsUsedAndKeysDiffer(t *testing.T) {
	e := newEnv(t)
	const mine = "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00"
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire(), client.WithIdempotencyKey(mine))
	require.NoError(t, err)
	assert.Equal(t, mine, res.IdempotencyKey)
	again, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire(), client.WithIdempotencyKey(mine))
	require.NoError(t, err)
	assert.Equal(t, *res.Value.Data.PaymentUID, *again.Value.Data.PaymentUID, "the provider replays the key's payment")
	assert.Equal(t, 1, e.srv.Payments())

	other, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.NoError(t, err)
	assert.NotEqual(t, mine, other.IdempotencyKey, "each call mints its own key")
	assert.Equal(t, 2, e.srv.Payments())
}

func TestInvalidRequestIsNotSent(t *testing.T) {
	e := newEnv(t)
	p := fedwire()
	p.Speed = "Express!"
	res, err := e.client.CreateCreditPaymentV4(context.Background(), p)
	require.Error(t, err)
	assert.Nil(t, res)
	var re *validate.RequestError
	require.ErrorAs(t, err, &re)
	assert.True(t, re.Problems.HasErrors())
	assert.True(t, client.IsValidation(err))
	assert.Zero(t, e.srv.Calls(op), "nothing reached the API")
	assert.Zero(t, e.srv.TokensIssued(), "not even a token was fetched")
}

func TestServiceUnavailableWithRetryAfterIsRetriedWithTheSameKey(t *testing.T) {
	e := newEnv(t)
	e.srv.Schedule(op,
		providertest.Fault{Status: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {"3"}}},
		providertest.Fault{Status: http.StatusServiceUnavailable})
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.NoError(t, err)
	assert.Equal(t, 3, res.Attempts)
	assert.Equal(t, 1, e.srv.Payments())
	waits := e.sleeps.All()
	require.Len(t, waits, 2)
	assert.Equal(t, 3*time.Second, waits[0], "Retry-After is longer than the first backoff, so it wins")
	assert.Less(t, waits[1], 3*time.Second, "without Retry-After the backoff applies")
	for i, h := range e.srv.Headers(op) {
		assert.Equal(t, res.IdempotencyKey, h.Get("Idempotent-Key"), "attempt %d replays the key", i+1)
	}
	assert.Contains(t, e.log.String(), "payspec: retrying")
	assert.Contains(t, e.log.String(), "reason=\"status 503\"")
}

func TestDroppedConnectionAfterTheServerActedCreatesOnePayment(t *testing.T) {
	e := newEnv(t)
	e.srv.Schedule(op, providertest.Fault{Drop: true, After: true})
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.NoError(t, err)
	assert.Equal(t, 2, res.Attempts)
	assert.Equal(t, 1, e.srv.Payments(), "the retry replayed the key: one payment")
	h := e.srv.Headers(op)
	require.Len(t, h, 2)
	assert.Equal(t, h[0].Get("Idempotent-Key"), h[1].Get("Idempotent-Key"))
	assert.Equal(t, "12931", *res.Value.Data.PaymentUID)
}

func TestCallsWithoutAKeyAreNotRepeatedOnceSent(t *testing.T) {
	e := newEnv(t)
	e.srv.Schedule(api.OpCreateCreditPaymentV3, providertest.Fault{Status: http.StatusServiceUnavailable})
	_, err := e.client.CreateCreditPaymentV3(context.Background(), v3Payment())
	require.Error(t, err)
	var fe *finzlyclient.Error
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, http.StatusServiceUnavailable, fe.Status)
	assert.True(t, client.IsRetryable(err), "the caller may decide to try again")
	assert.Equal(t, 1, e.srv.Calls(api.OpCreateCreditPaymentV3))
	assert.Contains(t, e.log.String(), "not safe to repeat without an idempotency key")
}

func TestReadsAreRetried(t *testing.T) {
	e := newEnv(t)
	e.srv.Schedule(api.OpGetPayment, providertest.Fault{Drop: true}, providertest.Fault{Status: http.StatusBadGateway})
	res, err := e.client.GetPayment(context.Background(), "12930")
	require.NoError(t, err)
	assert.Equal(t, 3, e.srv.Calls(api.OpGetPayment))
	// net/http itself resends a GET whose reused connection was dropped,
	// so the drop may not count as one of the client's attempts.
	assert.GreaterOrEqual(t, res.Attempts, 2)
	assert.Equal(t, int64(12930), *res.Value.Data.PaymentUID)
	assert.Empty(t, res.Drift)

	e.srv.Schedule(api.OpSearchPayments, providertest.Fault{Status: http.StatusTooManyRequests})
	sres, err := e.client.SearchPayments(context.Background(), finzly.PaymentSearch{Page: 1, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, 2, sres.Attempts, "a search is a read, though a POST")
}

func TestRetriesEndAtMaxAttemptsAndCanBeOff(t *testing.T) {
	e := newEnv(t)
	for range 10 {
		e.srv.Schedule(api.OpGetPayment, providertest.Fault{Status: http.StatusServiceUnavailable})
	}
	_, err := e.client.GetPayment(context.Background(), "12930")
	require.Error(t, err)
	assert.True(t, client.IsRetryable(err))
	assert.Equal(t, 4, e.srv.Calls(api.OpGetPayment), "default: four attempts")

	off := newEnvOn(t, e.srv, client.WithoutRetries())
	_, err = off.client.GetPayment(context.Background(), "12930")
	require.Error(t, err)
	assert.Equal(t, 5, e.srv.Calls(api.OpGetPayment), "one attempt more, no retry")
}

func TestCancellationDuringBackoffEndsTheCall(t *testing.T) {
	srv := providertest.Start(t)
	srv.Schedule(op, providertest.Fault{Status: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {"20"}}})
	e := newEnvOn(t, srv, client.WithRetry(client.RetryPolicy{})) // real timers
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := e.client.CreateCreditPaymentV4(ctx, fedwire())
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 5*time.Second, "the wait ended with the context")
	assert.Equal(t, 1, srv.Calls(op))
}

func TestWaitPastTheDeadlineEndsTheCallWithTheLastAnswer(t *testing.T) {
	e := newEnv(t)
	e.srv.Schedule(op, providertest.Fault{Status: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {"20"}}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := e.client.CreateCreditPaymentV4(ctx, fedwire())
	var fe *finzlyclient.Error
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, http.StatusServiceUnavailable, fe.Status)
	assert.Empty(t, e.sleeps.All(), "no wait that the deadline would cut short")
	assert.Contains(t, e.log.String(), "next attempt would pass the context deadline")
}

func TestUnauthorizedThenSuccessAfterRefresh(t *testing.T) {
	e := newEnv(t)
	_, err := e.client.GetPayment(context.Background(), "1")
	require.NoError(t, err)
	e.srv.RevokeTokens()
	res, err := e.client.GetPayment(context.Background(), "2")
	require.NoError(t, err)
	assert.Equal(t, 2, e.srv.TokensIssued())
	assert.Equal(t, 1, res.Attempts, "a refresh is not a retry")
	h := e.srv.Headers(api.OpGetPayment)
	require.Len(t, h, 3)
	assert.Equal(t, "Bearer tok-1", h[1].Get("Authorization"))
	assert.Equal(t, "Bearer tok-2", h[2].Get("Authorization"))
}

func TestTokenExpiryMidRun(t *testing.T) {
	srv := providertest.Start(t)
	srv.SetTokenLifetime(300)
	var mu sync.Mutex
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEnvOn(t, srv, client.WithClock(clock))
	for i := range 3 {
		_, err := e.client.GetPayment(context.Background(), "1")
		require.NoError(t, err, "call %d", i)
	}
	assert.Equal(t, 1, srv.TokensIssued(), "one token serves while it is fresh")
	mu.Lock()
	now = now.Add(241 * time.Second) // within the one-minute margin of expiry
	mu.Unlock()
	_, err := e.client.GetPayment(context.Background(), "1")
	require.NoError(t, err)
	assert.Equal(t, 2, srv.TokensIssued(), "replaced before it expired")
}

func TestConcurrentCallsShareOneClient(t *testing.T) {
	const n = 24
	sl := &providertest.Sleeps{}
	e := newEnv(t, client.WithRetry(client.RetryPolicy{MaxAttempts: n, Sleep: sl.Sleep}))
	for range n / 3 {
		e.srv.Schedule(op, providertest.Fault{Status: http.StatusServiceUnavailable})
	}
	var wg sync.WaitGroup
	keys := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
			errs[i] = err
			if err == nil {
				keys[i] = res.IdempotencyKey
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		require.NoError(t, errs[i])
		assert.False(t, seen[keys[i]], "keys are unique")
		seen[keys[i]] = true
	}
	assert.Equal(t, n, e.srv.Payments())
	assert.Equal(t, 1, e.srv.TokensIssued(), "one token fetch served every call")
}

func TestDriftedResponseIsStillReturned(t *testing.T) {
	var got []client.Drift
	var mu sync.Mutex
	e := newEnv(t, client.WithOnDrift(func(_ context.Context, d client.Drift) {
		mu.Lock()
		got = append(got, d)
		mu.Unlock()
	}))
	// paymentUID as a number and an unknown status type: the payment was
	// created, the answer breaks the spec.
	e.srv.Schedule(op, providertest.Fault{Body: `{"data":{"paymentUID":12931,"paymentStatus":"INITIATED","recurrenceId":"x"},"errors":[]}`})
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.NoError(t, err, "report mode: the answer comes back")
	require.NotNil(t, res.Value)
	require.NotNil(t, res.Value.Data)
	assert.Equal(t, "INITIATED", *res.Value.Data.PaymentStatus, "what could be read is kept")
	assert.Contains(t, string(res.Body), `"paymentUID":12931`, "the raw answer is kept")
	require.NotEmpty(t, res.Drift)
	assert.True(t, hasPointer(res.Drift, "/data/paymentUID"), "%v", res.Drift)
	require.Len(t, got, 1, "the callback ran")
	assert.Equal(t, res.IdempotencyKey, got[0].IdempotencyKey)
	assert.Contains(t, e.log.String(), "response drifts from the spec")
	assert.Contains(t, e.log.String(), "/data/paymentUID TYPE")
}

func TestEnforceModeTurnsDriftIntoAnError(t *testing.T) {
	e := newEnv(t, client.WithDriftMode(client.DriftEnforce))
	e.srv.Schedule(op, providertest.Fault{Body: `{"data":{"paymentUID":12931},"errors":[]}`})
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	assert.Nil(t, res)
	var de *client.DriftError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, http.StatusOK, de.Status)
	assert.Contains(t, string(de.Body), "12931", "the body is kept even in enforce mode")
	assert.NotEmpty(t, de.IdempotencyKey)
	var ps validate.Problems
	assert.ErrorAs(t, err, &ps)
}

func hasPointer(ps validate.Problems, ptr string) bool {
	for _, p := range ps {
		if p.Pointer == ptr {
			return true
		}
	}
	return false
}

func TestEveryEnvelopeBecomesOneTypedError(t *testing.T) {
	tests := []struct {
		name     string
		op       string
		fault    providertest.Fault
		call     func(c *finzlyclient.Client) error
		status   int
		envelope finzlyclient.Envelope
		codes    []string
		is       func(error) bool
	}{
		{name: "v4 rejection", op: op, status: 400, envelope: finzlyclient.EnvelopeV4,
			fault: providertest.Fault{Status: 400, Body: `{"data":null,"errors":[{"code":"CREDIT_AMOUNT_NOFXMATCH","message":"m1"},{"code":"PAYMENT001","message":"m2"}]}`},
			codes: []string{"CREDIT_AMOUNT_NOFXMATCH", "PAYMENT001"}, is: client.IsValidation},
		{name: "v4 key conflict", op: op, status: 409, envelope: finzlyclient.EnvelopeV4,
			fault: providertest.Fault{Status: 409, Body: `{"data":null,"errors":[{"code":"IDEMPOTENT_KEY_CONFLICT","message":"in progress"}]}`},
			codes: []string{"IDEMPOTENT_KEY_CONFLICT"}, is: client.IsConflict},
		{name: "v4 unprocessable", op: op, status: 422, envelope: finzlyclient.EnvelopeV4,
			fault: providertest.Fault{Status: 422, Body: `{"data":null,"errors":[{"code":"PAYMENT001","message":"m"}]}`},
			codes: []string{"PAYMENT001"}, is: client.IsValidation},
		{name: "server array", op: op, status: 500, envelope: finzlyclient.EnvelopeServer,
			fault: providertest.Fault{Status: 500, Body: `[{"code":"API900","description":"Failed to complete the task"}]`},
			codes: []string{"API900"}, is: func(err error) bool { return !client.IsRetryable(err) }},
		{name: "forbidden without a body", op: op, status: 403, envelope: finzlyclient.EnvelopeNone,
			fault: providertest.Fault{Status: 403}, is: func(err error) bool {
				var fe *finzlyclient.Error
				return errors.As(err, &fe) && fe.Forbidden()
			}},
		{name: "v3 failure on 200", op: api.OpCreateCreditPaymentV3, status: 200, envelope: finzlyclient.EnvelopeV3,
			fault: providertest.Fault{Status: 200, Body: `{"status":"Failure","code":"PAYMENT001","message":"Failed to create a payment: paymentCurrency is invalid","data":null}`},
			call: func(c *finzlyclient.Client) error {
				_, err := c.CreateCreditPaymentV3(context.Background(), v3Payment())
				return err
			},
			codes: []string{"PAYMENT001"}, is: client.IsValidation},
		{name: "lookup not found", op: api.OpGetPayment, status: 404, envelope: finzlyclient.EnvelopeV3,
			call:  func(c *finzlyclient.Client) error { _, err := c.GetPayment(context.Background(), "404"); return err },
			codes: []string{"API900"}, is: client.IsNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, client.WithoutRetries())
			if tc.fault.Status != 0 {
				tc.fault.Header = http.Header{"X-Request-Id": {"req-7"}}
				e.srv.Schedule(tc.op, tc.fault)
			}
			call := tc.call
			if call == nil {
				call = func(c *finzlyclient.Client) error {
					_, err := c.CreateCreditPaymentV4(context.Background(), fedwire())
					return err
				}
			}
			err := call(e.client)
			var fe *finzlyclient.Error
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.status, fe.Status)
			assert.Equal(t, tc.envelope, fe.Envelope)
			assert.Equal(t, tc.op, fe.Operation)
			if tc.codes != nil {
				assert.Equal(t, tc.codes, fe.ProviderCodes())
				assert.Equal(t, tc.codes[0], fe.Code())
			}
			if tc.fault.Status != 0 {
				assert.Equal(t, "req-7", fe.RequestID)
			}
			assert.True(t, tc.is(err), "classified: %v", err)
			assert.NotContains(t, err.Error(), "paymentCurrency is invalid", "provider messages stay out of Error()")
		})
	}
}

func TestCredentialsNeverAppearInErrorsOrLogs(t *testing.T) {
	srv := providertest.Start(t)
	var buf providertest.Log
	c, err := finzlyclient.New(context.Background(), finzlyclient.Config{
		BaseURL: srv.FinzlyURL, TokenURL: srv.TokenURL,
		Credentials: client.Credentials{ClientID: "id-3f9a", ClientSecret: "s3cr3t-9d1e"},
	}, client.WithEngine(engine(t)), client.WithLogger(buf.Logger()), client.WithoutRetries())
	require.NoError(t, err)
	_, err = c.GetPayment(context.Background(), "1")
	require.Error(t, err)
	var ae *client.AuthError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "invalid_client", ae.Code)
	assert.True(t, client.IsUnauthorized(err))
	for _, s := range []string{err.Error(), buf.String()} {
		assert.NotContains(t, s, "s3cr3t-9d1e")
		assert.NotContains(t, s, "id-3f9a")
	}
	assert.Zero(t, srv.Calls(api.OpGetPayment))
}

func TestTokenURLFromTheSpecTemplate(t *testing.T) {
	_, err := finzlyclient.New(context.Background(), finzlyclient.Config{
		BaseURL: "https://acme-digitalbanking-prod.finzly.net", Realm: "ACME.PROD",
		SecurityHost: "bad/host", Credentials: client.Credentials{ClientID: "a", ClientSecret: "b"},
	}, client.WithEngine(engine(t)))
	require.Error(t, err, "a host that would change the URL's shape is refused")

	var tokenURL string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		tokenURL = r.URL.String()
		return nil, errors.New("offline")
	})}
	c, err := finzlyclient.New(context.Background(), finzlyclient.Config{
		BaseURL: "https://acme-digitalbanking-prod.finzly.net", Realm: "ACME.PROD",
		Credentials: client.Credentials{ClientID: "a", ClientSecret: "b"},
	}, client.WithEngine(engine(t)), client.WithHTTPClient(hc), client.WithoutRetries())
	require.NoError(t, err)
	_, err = c.GetPayment(context.Background(), "1")
	require.Error(t, err)
	assert.Equal(t, "https://sandbox-security-uat.finzly.io/auth/realms/ACME.PROD/protocol/openid-connect/token", tokenURL)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestHookSeesEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var attempts []client.Attempt
	var results []client.AttemptResult
	hook := func(ctx context.Context, a client.Attempt) (context.Context, func(client.AttemptResult)) {
		a.Request.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
		mu.Lock()
		attempts = append(attempts, a)
		mu.Unlock()
		return ctx, func(r client.AttemptResult) { mu.Lock(); results = append(results, r); mu.Unlock() }
	}
	e := newEnv(t, client.WithHook(hook))
	e.srv.Schedule(op, providertest.Fault{Status: http.StatusServiceUnavailable})
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.NoError(t, err)
	require.Len(t, attempts, 2)
	assert.Equal(t, []int{1, 2}, []int{attempts[0].Number, attempts[1].Number})
	assert.Equal(t, op, attempts[0].Operation)
	assert.Equal(t, res.IdempotencyKey, attempts[1].IdempotencyKey)
	require.Len(t, results, 2)
	assert.Equal(t, []int{503, 200}, []int{results[0].Status, results[1].Status})
	assert.NotEmpty(t, e.srv.Headers(op)[1].Get("Traceparent"), "the hook can propagate a trace")
}

func TestGeneratedClientCallsGoThroughThePolicy(t *testing.T) {
	e := newEnv(t)
	e.srv.Schedule(op, providertest.Fault{Status: http.StatusServiceUnavailable})
	// Any operation, with or without a method on Client: client.Call over
	// the generated client.
	res, err := client.Call[finzly.V4PaymentResponse](context.Background(), e.client.Core(), api.OpCreateCreditPaymentV4,
		func(ctx context.Context) (*http.Response, error) {
			return e.client.Generated().CreateCreditPaymentV4(ctx, nil, fedwire())
		})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Attempts)
	assert.NotEmpty(t, res.IdempotencyKey)
	assert.Equal(t, 1, e.srv.Payments())

	_, err = client.Call[finzly.V4PaymentResponse](context.Background(), e.client.Core(), api.OpGetPayment,
		func(ctx context.Context) (*http.Response, error) {
			return e.client.Generated().CreateCreditPaymentV4(ctx, nil, fedwire())
		})
	assert.ErrorContains(t, err, "POST /finzly/v4/payments/credit is not a getPayment request")
}

func TestMisspelledKeyHeaderIsReported(t *testing.T) {
	e := newEnv(t)
	res, err := client.Call[finzly.V4PaymentResponse](context.Background(), e.client.Core(), op,
		func(ctx context.Context) (*http.Response, error) {
			return e.client.Generated().CreateCreditPaymentV4(ctx, nil, fedwire(), func(_ context.Context, r *http.Request) error {
				r.Header.Set("Idempotency-Key", "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00")
				return nil
			})
		})
	require.NoError(t, err)
	require.Len(t, res.Warnings, 1)
	assert.Equal(t, validate.CodeUndeclaredHeader, res.Warnings[0].Code)
	assert.Contains(t, e.log.String(), "/header/Idempotency-Key UNDECLARED_HEADER")
	assert.NotEqual(t, "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00", res.IdempotencyKey, "the real key was still sent")
}

func TestKeyOnAnOperationWithoutOneIsRefused(t *testing.T) {
	e := newEnv(t)
	_, err := e.client.CreateCreditPaymentV3(context.Background(), v3Payment(), client.WithIdempotencyKey(uuid.NewString()))
	assert.ErrorContains(t, err, "declares no Idempotent-Key header")
	assert.Zero(t, e.srv.Calls(api.OpCreateCreditPaymentV3))
}

// v3Payment is the repository's valid v3 example.
func v3Payment() finzly.CreditPaymentRequest {
	b, err := os.ReadFile("../../examples/finzly/createCreditPaymentV3/valid.json")
	if err != nil {
		panic(err)
	}
	var p finzly.CreditPaymentRequest
	if err := json.Unmarshal(b, &p); err != nil {
		panic(err)
	}
	return p
}
