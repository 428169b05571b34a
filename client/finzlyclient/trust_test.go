package finzlyclient_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/gen/finzly"
)

// trap is a host the caller never configured: it records whatever
// reaches it.
type trap struct {
	URL string
	mu  sync.Mutex
	got []string
}

func startTrap(t *testing.T) *trap {
	tr := &trap{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		tr.mu.Lock()
		tr.got = append(tr.got, fmt.Sprintf("%s %s auth=%q key=%q body=%q", r.Method, r.URL, r.Header.Get("Authorization"),
			r.Header.Get(finzlyclient.IdempotencyHeader), body))
		tr.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(ts.Close)
	tr.URL = ts.URL
	return tr
}

func (tr *trap) received() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]string(nil), tr.got...)
}

func TestAPIRedirectsAreNeverFollowed(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, own := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d own client %v", status, own), func(t *testing.T) {
				tr := startTrap(t)
				var hc *http.Client
				var opts []client.Option
				if own {
					hc = &http.Client{}
					opts = append(opts, client.WithHTTPClient(hc))
				}
				e := newEnv(t, opts...)
				to := tr.URL + "/finzly/v4/payments/credit"
				e.srv.Schedule(op, providertest.Fault{Status: status, Header: http.Header{"Location": {to}}})
				res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
				assert.Nil(t, res)
				var re *client.RedirectError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, status, re.Status)
				assert.Equal(t, to, re.Location)
				assert.Equal(t, op, re.Operation)
				assert.Contains(t, err.Error(), fmt.Sprint(status))
				assert.Empty(t, tr.received(), "nothing reached the other host")
				assert.Equal(t, 1, e.srv.Calls(op), "a redirect is not retried")
				if hc != nil {
					assert.Nil(t, hc.CheckRedirect, "the caller's client is left as it was")
				}
			})
		}
	}
	t.Run("read", func(t *testing.T) {
		tr := startTrap(t)
		e := newEnv(t)
		e.srv.Schedule(api.OpGetPayment, providertest.Fault{Status: http.StatusFound, Header: http.Header{"Location": {tr.URL}}})
		_, err := e.client.GetPayment(context.Background(), "12930")
		var re *client.RedirectError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, http.StatusFound, re.Status)
		assert.Empty(t, tr.received())
		assert.Equal(t, 1, e.srv.Calls(api.OpGetPayment), "not retried, even on a read")
	})
}

func TestTokenRequestsAreNeverRedirected(t *testing.T) {
	const secret = "s3cr3t-77aa"
	follow := func(*http.Request, []*http.Request) error { return nil }
	for name, opt := range map[string]client.Option{
		"default":                       nil,
		"own client":                    client.WithHTTPClient(&http.Client{}),
		"own token client":              client.WithTokenHTTPClient(&http.Client{}),
		"own client that follows":       client.WithTokenHTTPClient(&http.Client{CheckRedirect: follow}),
		"net/http's default client too": client.WithHTTPClient(http.DefaultClient),
	} {
		t.Run(name, func(t *testing.T) {
			tr := startTrap(t)
			var asked int
			var mu sync.Mutex
			to := tr.URL + "/token"
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				asked++
				mu.Unlock()
				http.Redirect(w, r, to, http.StatusTemporaryRedirect)
			}))
			t.Cleanup(ts.Close)
			srv := providertest.Start(t)
			c, err := finzlyclient.New(context.Background(), finzlyclient.Config{BaseURL: srv.FinzlyURL, TokenURL: ts.URL,
				Credentials: client.Credentials{ClientID: "id-1", ClientSecret: secret}}, client.WithEngine(engine(t)), opt)
			require.NoError(t, err)
			_, err = c.GetPayment(context.Background(), "12930")
			var ae *client.AuthError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, http.StatusTemporaryRedirect, ae.Status)
			var re *client.RedirectError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, http.StatusTemporaryRedirect, re.Status)
			assert.Equal(t, to, re.Location)
			assert.False(t, client.IsRetryable(err), "a redirect is not a passing failure")
			assert.Empty(t, tr.received(), "the credentials never reached the other host")
			assert.NotContains(t, err.Error(), secret)
			mu.Lock()
			assert.Equal(t, 1, asked, "asked once")
			mu.Unlock()
			assert.Zero(t, srv.Calls(api.OpGetPayment))
			assert.Nil(t, http.DefaultClient.CheckRedirect, "net/http's default client is left as it was")
		})
	}
}

// Values that would change the path the request goes to, or that a
// server decoding twice would read so, are refused before anything is
// sent, not even a token request.
func TestPathParametersThatChangeThePathAreRefused(t *testing.T) {
	refused := []string{"", ".", "..", "/", "a/b", "../payments", `\`, `a\b`, "%2e", "%2E%2e", ".%2E", "%2e.",
		"%2f", "a%2Fb", "%5c", "%5C..", "%252e%252e", "%25252F", "a%2525252fb"}
	e := newEnv(t)
	ctx := context.Background()
	calls := map[string]func(v string) error{
		api.OpGetPayment: func(v string) error { _, err := e.client.GetPayment(ctx, v); return err },
		api.OpCancelPayment: func(v string) error {
			_, err := e.client.CancelPayment(ctx, v, finzly.CancelPaymentRequest{})
			return err
		},
		api.OpGetPayment + " through Call": func(v string) error {
			_, err := client.Call[finzly.PaymentRecordResponse](ctx, e.client.Core(), api.OpGetPayment,
				func(ctx context.Context) (*http.Response, error) { return e.client.Generated().GetPayment(ctx, v) },
				client.PathParam("paymentUID", v))
			return err
		},
	}
	for name, call := range calls {
		for _, v := range refused {
			err := call(v)
			var pe *client.PathParamError
			if assert.ErrorAs(t, err, &pe, "%s(%q)", name, v) {
				assert.Equal(t, "paymentUID", pe.Param)
				assert.Equal(t, strings.Fields(name)[0], pe.Operation)
				assert.NotContains(t, err.Error(), "%2", "the value is not echoed")
			}
			assert.False(t, client.IsRetryable(err))
		}
	}
	assert.Zero(t, e.srv.Requests(), "nothing was sent")

	for _, v := range []string{"12930", "a.b", "...", "..a", "%", "100%", "%zz"} {
		_, err := e.client.GetPayment(ctx, v)
		var pe *client.PathParamError
		assert.NotErrorAs(t, err, &pe, "%q is an ordinary value", v)
	}
}

// Requests built with the generated client alone, outside the methods,
// are checked by the call policy: an escaped slash or backslash in a
// parameter is refused there too.
func TestGeneratedRequestsWithUnsafeParametersAreRefused(t *testing.T) {
	e := newEnv(t)
	for _, v := range []string{"a/b", `a\b`, "%2e%2e", "%2F"} {
		_, err := client.Call[finzly.PaymentRecordResponse](context.Background(), e.client.Core(), api.OpGetPayment,
			func(ctx context.Context) (*http.Response, error) { return e.client.Generated().GetPayment(ctx, v) })
		var pe *client.PathParamError
		require.ErrorAs(t, err, &pe, "%q", v)
		assert.Equal(t, "paymentUID", pe.Param)
		resp, err := e.client.Generated().GetPayment(context.Background(), v)
		assert.Nil(t, resp)
		assert.ErrorAs(t, err, &pe, "%q without Call", v)
	}
	_, err := client.Call[finzly.PaymentRecordResponse](context.Background(), e.client.Core(), api.OpGetPayment,
		func(ctx context.Context) (*http.Response, error) { return e.client.Generated().GetPayment(ctx, "..") })
	require.Error(t, err, "a dot segment the URL resolution removed no longer fits the operation")
	assert.Zero(t, e.srv.Requests(), "nothing was sent")
}

// hostile is provider text made to forge terminal output and log lines.
const hostile = "\x1b[2J\x1b[31mPAYMENT001\r\n::error file=main.go::forged\u202e\u0085\x00"

func assertClean(t *testing.T, s string, limit int) {
	t.Helper()
	assert.LessOrEqual(t, len([]rune(s)), limit, "bounded: %.80q", s)
	assert.False(t, strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
	}), "no control or format characters: %.80q", s)
}

func TestProviderErrorTextIsBoundedAndClean(t *testing.T) {
	long := hostile + strings.Repeat("X", 100_000)
	items := []map[string]string{{"code": long, "message": long}}
	for i := range 500 {
		items = append(items, map[string]string{"code": fmt.Sprintf("C%d", i), "message": "m"})
	}
	body, err := json.Marshal(map[string]any{"data": nil, "errors": items})
	require.NoError(t, err)
	e := newEnv(t)
	e.srv.Schedule(op, providertest.Fault{Status: http.StatusBadRequest, Body: string(body)})
	_, err = e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	var fe *finzlyclient.Error
	require.ErrorAs(t, err, &fe)
	assertClean(t, err.Error(), 1024)
	assert.Contains(t, err.Error(), "more", "the codes left out are counted")
	require.Len(t, fe.Details, 501, "every detail is kept")
	assertClean(t, fe.Details[0].Code, 128)
	assertClean(t, fe.Details[0].Message, 1024)
	assert.True(t, strings.HasPrefix(fe.Details[0].Code, "[2J[31mPAYMENT001 ::error"), "%.40q", fe.Details[0].Code)
	assert.NotContains(t, e.log.String(), strings.Repeat("X", 1000), "the log line is bounded too")
	assert.NotContains(t, e.log.String(), "\x1b")

	quoted, err := json.Marshal(long)
	require.NoError(t, err)
	for _, env := range []string{
		`{"status":"Failure","code":%[1]s,"message":%[1]s,"data":null}`,
		`[{"code":%[1]s,"description":%[1]s}]`,
	} {
		e.srv.Schedule(api.OpGetPayment, providertest.Fault{Status: http.StatusNotFound, Body: fmt.Sprintf(env, quoted)})
		_, err = e.client.GetPayment(context.Background(), "1")
		require.ErrorAs(t, err, &fe)
		require.Len(t, fe.Details, 1)
		assertClean(t, fe.Details[0].Code, 128)
		assertClean(t, fe.Details[0].Message, 1024)
		assertClean(t, err.Error(), 1024)
	}
}

// When no attempt of a keyed create got an answer, the error carries the
// key, and repeating the call with it makes one payment.
func TestUnknownOutcomeCarriesTheKey(t *testing.T) {
	e := newEnv(t)
	for range 4 {
		e.srv.Schedule(op, providertest.Fault{Drop: true, After: true})
	}
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	assert.Nil(t, res)
	var unknown *client.UnknownOutcomeError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, op, unknown.Operation)
	assert.Equal(t, 4, unknown.Attempts)
	_, perr := uuid.Parse(unknown.IdempotencyKey)
	require.NoError(t, perr, "the key the client minted")
	for i, h := range e.srv.Headers(op) {
		assert.Equal(t, unknown.IdempotencyKey, h.Get(finzlyclient.IdempotencyHeader), "attempt %d", i+1)
	}
	assert.Contains(t, err.Error(), unknown.IdempotencyKey, "a logged error is enough to recover")
	assert.Equal(t, 1, e.srv.Payments(), "the first attempt acted")

	again, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire(), client.WithIdempotencyKey(unknown.IdempotencyKey))
	require.NoError(t, err)
	assert.Equal(t, "12931", *again.Value.Data.PaymentUID, "the provider replays the first payment")
	assert.Equal(t, 1, e.srv.Payments())

	// The outcome of a request that was never sent is known: it did nothing.
	bad := newEnvOn(t, e.srv, client.WithTokenSource(failingTokens{}))
	_, err = bad.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.Error(t, err)
	assert.NotErrorAs(t, err, &unknown)
	p := fedwire()
	p.Speed = "Express!"
	_, err = e.client.CreateCreditPaymentV4(context.Background(), p)
	require.Error(t, err)
	assert.NotErrorAs(t, err, &unknown)
}

type failingTokens struct{}

func (failingTokens) Token() (*oauth2.Token, error) { return nil, fmt.Errorf("no token today") }

// A header a hook sets on one attempt is not on the next: each attempt
// starts from the caller's request.
func TestHookHeadersDoNotCarryOver(t *testing.T) {
	hook := func(ctx context.Context, a client.Attempt) (context.Context, func(client.AttemptResult)) {
		if a.Number == 1 {
			a.Request.Header.Set("X-First-Only", "1")
			a.Request.Header.Set(finzlyclient.IdempotencyHeader, "tampered")
		}
		a.Request.Header.Add("X-Every", fmt.Sprint(a.Number))
		return ctx, nil
	}
	e := newEnv(t, client.WithHook(hook))
	e.srv.Schedule(op, providertest.Fault{Status: http.StatusServiceUnavailable}, providertest.Fault{Status: http.StatusServiceUnavailable})
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.NoError(t, err)
	h := e.srv.Headers(op)
	require.Len(t, h, 3)
	assert.Equal(t, "1", h[0].Get("X-First-Only"))
	for i := 1; i < 3; i++ {
		assert.Empty(t, h[i].Get("X-First-Only"), "attempt %d", i+1)
		assert.Equal(t, []string{fmt.Sprint(i + 1)}, h[i].Values("X-Every"), "attempt %d", i+1)
		assert.Equal(t, res.IdempotencyKey, h[i].Get(finzlyclient.IdempotencyHeader), "attempt %d", i+1)
	}
}

// A 409 is retried once only when the key is the client's own and an
// earlier attempt of the same call carried it (so the same body): the
// provider may still be working on that attempt. A key the caller gave
// may have been used with another body, so its 409 is final.
func TestKeyConflictIsRetriedOnlyForTheCallsOwnKey(t *testing.T) {
	conflict := providertest.Fault{Status: http.StatusConflict,
		Body: `{"data":null,"errors":[{"code":"PAYMENT001","message":"a request with this Idempotent-Key is already in progress"}]}`}

	e := newEnv(t)
	e.srv.Schedule(op, providertest.Fault{Drop: true, After: true}, conflict)
	res, err := e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.NoError(t, err)
	assert.Equal(t, 3, res.Attempts, "dropped, in flight, replayed")
	assert.Equal(t, 1, e.srv.Payments())
	assert.Contains(t, e.log.String(), "idempotency key still in flight")

	e = newEnv(t)
	e.srv.Schedule(op, conflict, conflict)
	res, err = e.client.CreateCreditPaymentV4(context.Background(), fedwire())
	require.Error(t, err)
	assert.True(t, client.IsConflict(err))
	assert.Equal(t, 1, res.Attempts, "a 409 to the first attempt is final")

	e = newEnv(t)
	mine := uuid.NewString()
	_, err = e.client.CreateCreditPaymentV4(context.Background(), fedwire(), client.WithIdempotencyKey(mine))
	require.NoError(t, err)
	other := fedwire()
	other.ExternalReferenceId = "INV-OTHER"
	e.srv.Schedule(op, providertest.Fault{Status: http.StatusServiceUnavailable})
	res, err = e.client.CreateCreditPaymentV4(context.Background(), other, client.WithIdempotencyKey(mine))
	require.Error(t, err)
	assert.True(t, client.IsConflict(err), "the key was used with another body")
	assert.Equal(t, 2, res.Attempts, "the 503 is retried, the 409 that follows is not")
	assert.Equal(t, 1, e.srv.Payments())
}
