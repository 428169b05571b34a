package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newCache(clock *fakeClock, life time.Duration, fetch func(n int) error) (*tokenCache, *atomic.Int32) {
	var n atomic.Int32
	return &tokenCache{now: clock.Now, margin: time.Minute, fetch: func(ctx context.Context) (*oauth2.Token, error) {
		i := int(n.Add(1))
		if fetch != nil {
			if err := fetch(i); err != nil {
				return nil, err
			}
		}
		return &oauth2.Token{AccessToken: fmt.Sprintf("tok-%d", i), Expiry: clock.Now().Add(life)}, nil
	}}, &n
}

func TestTokenIsReplacedBeforeExpiry(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, n := newCache(clock, time.Hour, nil)
	for range 3 {
		tok, err := c.token(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "tok-1", tok.AccessToken)
	}
	clock.Add(58 * time.Minute)
	tok, err := c.token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "tok-1", tok.AccessToken, "still outside the margin")
	clock.Add(time.Minute + time.Second)
	tok, err = c.token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "tok-2", tok.AccessToken, "inside the one-minute margin")
	assert.EqualValues(t, 2, n.Load())
}

func TestShortLivedTokenIsReplacedHalfwayThrough(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, _ := newCache(clock, 30*time.Second, nil) // Finzly's prose speaks of 30-second tokens
	tok, _ := c.token(context.Background())
	clock.Add(14 * time.Second)
	same, _ := c.token(context.Background())
	assert.Equal(t, tok.AccessToken, same.AccessToken)
	clock.Add(2 * time.Second)
	next, _ := c.token(context.Background())
	assert.NotEqual(t, tok.AccessToken, next.AccessToken)
}

func TestConcurrentCallersShareOneFetch(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	release := make(chan struct{})
	c, n := newCache(clock, time.Hour, func(int) error { <-release; return nil })
	var wg sync.WaitGroup
	got := make([]string, 16)
	for i := range got {
		wg.Go(func() {
			tok, err := c.token(context.Background())
			if err == nil {
				got[i] = tok.AccessToken
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	for _, g := range got {
		assert.Equal(t, "tok-1", g)
	}
	assert.EqualValues(t, 1, n.Load())
}

func TestWaiterStopsWithItsContextAndTheFetchServesOthers(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	release := make(chan struct{})
	c, n := newCache(clock, time.Hour, func(int) error { <-release; return nil })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := c.token(ctx); done <- err }()
	time.Sleep(10 * time.Millisecond)
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	close(release)
	tok, err := c.token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "tok-1", tok.AccessToken)
	assert.EqualValues(t, 1, n.Load(), "the cancelled caller's fetch finished and was kept")
}

func TestInvalidateDropsOnlyTheRefusedToken(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, _ := newCache(clock, time.Hour, nil)
	tok, _ := c.token(context.Background())
	c.invalidate("some-older-token")
	same, _ := c.token(context.Background())
	assert.Equal(t, tok.AccessToken, same.AccessToken)
	c.invalidate(tok.AccessToken)
	next, _ := c.token(context.Background())
	assert.Equal(t, "tok-2", next.AccessToken)
}

func TestFetchErrorsAreReturnedAndNotCached(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, _ := newCache(clock, time.Hour, func(i int) error {
		if i == 1 {
			return &AuthError{Status: 503}
		}
		return nil
	})
	_, err := c.token(context.Background())
	var ae *AuthError
	require.ErrorAs(t, err, &ae)
	assert.True(t, ae.Temporary())
	tok, err := c.token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "tok-2", tok.AccessToken)
}

func TestAuthErrorKeepsNeitherBodyNorCredentials(t *testing.T) {
	err := authError(&oauth2.RetrieveError{ErrorCode: "invalid_client", Body: []byte(`client_secret=s3cr3t`)})
	assert.Equal(t, "payspec client: the token endpoint refused the credentials: status 0, invalid_client", err.Error())
	assert.ErrorIs(t, authError(fmt.Errorf("x: %w", context.Canceled)), context.Canceled)
	var ae *AuthError
	unreached := &url.Error{Op: "Post", URL: "https://auth.example/token", Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}
	require.ErrorAs(t, authError(unreached), &ae)
	assert.True(t, ae.Temporary())
	require.ErrorAs(t, authError(fmt.Errorf("x: %w", context.DeadlineExceeded)), &ae, "the fetch's own timeout")
	assert.True(t, ae.Temporary())
	assert.False(t, (&AuthError{Status: 401}).Temporary())

	// An answer that is not a token: its text is not kept, and asking
	// again will not help.
	err = authError(errors.New(`oauth2: cannot parse json: invalid character 's' looking for beginning of value: "s3cr3t"`))
	require.ErrorAs(t, err, &ae)
	assert.False(t, ae.Temporary())
	assert.NotContains(t, err.Error(), "s3cr3t")

	// An error code that repeats what was posted.
	err = redact(authError(&oauth2.RetrieveError{ErrorCode: "bad_secret_s3cr3t_for_client-7"}),
		Credentials{ClientID: "client-7", ClientSecret: "s3cr3t"})
	assert.NotContains(t, err.Error(), "s3cr3t")
	assert.NotContains(t, err.Error(), "client-7")
}

func TestAuthErrorCodeIsBoundedAndClean(t *testing.T) {
	err := authError(&oauth2.RetrieveError{ErrorCode: "invalid_client\x1b[2J\r\nforged" + strings.Repeat("x", 10_000)})
	var ae *AuthError
	require.ErrorAs(t, err, &ae)
	assert.True(t, strings.HasPrefix(ae.Code, "invalid_client[2J forged"), "%.40q", ae.Code)
	assert.LessOrEqual(t, len([]rune(ae.Code)), 128)
	assert.NotContains(t, err.Error(), "\x1b")
	assert.NotContains(t, err.Error(), "\n")
}

func TestTokenRedirectIsAnAuthErrorThatIsNotTemporary(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusPermanentRedirect, Header: http.Header{"Location": {"https://elsewhere.example/token\r\n"}}}
	err := authError(&oauth2.RetrieveError{Response: resp})
	var ae *AuthError
	require.ErrorAs(t, err, &ae)
	assert.False(t, ae.Temporary())
	assert.False(t, IsUnauthorized(err), "the credentials were not refused")
	var re *RedirectError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "https://elsewhere.example/token", re.Location)
	assert.Equal(t, `payspec client: the token endpoint: status 308 redirects to "https://elsewhere.example/token", which is not followed`, err.Error())
}

func TestCredentialsAreRedacted(t *testing.T) {
	c := Credentials{ClientID: "id-3f9a", ClientSecret: "s3cr3t-9d1e"}
	var log strings.Builder
	slog.New(slog.NewJSONHandler(&log, nil)).Info("x", "creds", c)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), log.String(), mustJSON(t, c)} {
		assert.NotContains(t, s, "s3cr3t-9d1e")
		assert.NotContains(t, s, "id-3f9a")
		assert.Contains(t, s, "redacted")
	}
}

func TestPtr(t *testing.T) {
	v := 3
	p := Ptr(v)
	*p = 4
	assert.Equal(t, 3, v, "a copy")
	assert.Equal(t, "x", *Ptr("x"))
}

// A token answer whose lifetime is not positive is kept until the API
// refuses it, instead of being fetched again for every call.
func TestANonPositiveLifetimeIsUnknown(t *testing.T) {
	for _, lifetime := range []string{"-100", "0"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":"T","token_type":"Bearer","expires_in":`+lifetime+`}`)
		}))
		fetch := clientCredentials(Credentials{ClientID: "id", ClientSecret: "secret"}, srv.URL, srv.Client(), time.Now)
		tok, err := fetch(context.Background())
		srv.Close()
		require.NoError(t, err, lifetime)
		assert.True(t, tok.Expiry.IsZero(), "expires_in %s", lifetime)
	}
}

// A token endpoint that asks for a wait (429 with Retry-After) is not asked
// again before the wait is over: every caller gets its refusal meanwhile.
func TestAThrottledTokenEndpointIsLeftAloneUntilItsRetryAfter(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, n := newCache(clock, time.Hour, func(i int) error {
		if i == 1 {
			return &AuthError{Status: http.StatusTooManyRequests, RetryAfter: 30 * time.Second}
		}
		return nil
	})
	for range 20 {
		_, err := c.token(context.Background())
		var ae *AuthError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 30*time.Second, ae.RetryAfter)
	}
	assert.Equal(t, int32(1), n.Load(), "one request to the endpoint")
	clock.Add(30 * time.Second)
	tok, err := c.token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "tok-2", tok.AccessToken)
}

func TestTheTokenEndpointsRetryAfterIsKept(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"30"}}}
	var ae *AuthError
	require.ErrorAs(t, authError(&oauth2.RetrieveError{Response: resp}), &ae)
	assert.Equal(t, 30*time.Second, ae.RetryAfter)
	assert.True(t, ae.Temporary())
}
