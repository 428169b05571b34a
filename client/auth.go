package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/payspec/payspec/client/internal/cleantext"
)

// Token refresh settings.
const (
	// DefaultRefreshMargin is how long before its expiry a token is
	// replaced. A token that lives less than twice as long is replaced
	// half-way through its life.
	DefaultRefreshMargin = time.Minute
	// tokenTimeout bounds one token request, whoever waits for it.
	tokenTimeout = 30 * time.Second
)

// AuthError reports a failure to obtain an access token. Nothing was sent
// to the API. It never holds the credentials or the token endpoint's body.
type AuthError struct {
	// Status is the token endpoint's HTTP status; 0 when it was not
	// reached.
	Status int
	// Code is the OAuth 2.0 error code the endpoint gave, such as
	// invalid_client, when it gave one (bounded in length and stripped of
	// control characters).
	Code string
	// Err is the network error when the endpoint was not reached, or the
	// *RedirectError when it answered with a redirect (never followed).
	Err error
	// RetryAfter is how long the endpoint asked callers to wait (its
	// Retry-After), 0 when it did not: retries wait that long, and the
	// client asks for no token before then.
	RetryAfter time.Duration
}

// Error says what failed without the credentials.
func (e *AuthError) Error() string {
	var re *RedirectError
	switch {
	case errors.As(e.Err, &re):
		return re.Error()
	case e.Err != nil:
		return "payspec client: fetching an access token: " + e.Err.Error()
	case e.Code != "":
		return fmt.Sprintf("payspec client: the token endpoint refused the credentials: status %d, %s", e.Status, e.Code)
	}
	return fmt.Sprintf("payspec client: the token endpoint answered status %d", e.Status)
}

// Unwrap returns the network error, if any.
func (e *AuthError) Unwrap() error { return e.Err }

// Temporary reports whether asking again may succeed: the endpoint was not
// reached, was rate limited or failed on its side.
func (e *AuthError) Temporary() bool {
	return (e.Err != nil && e.Status == 0) || e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// tokenCache holds one access token, fetches a new one before it expires,
// and lets one fetch serve every caller waiting at the time. It is safe for
// concurrent use.
type tokenCache struct {
	fetch  func(ctx context.Context) (*oauth2.Token, error)
	now    func() time.Time
	margin time.Duration

	mu      sync.Mutex
	tok     *oauth2.Token
	bearer  []string // the Authorization header value for tok, made once
	fetched time.Time
	flight  *tokenFlight
	// refused is the last fetch's failure while the endpoint asked for a
	// wait (Retry-After), until heldUntil: callers get it without asking.
	refused   error
	heldUntil time.Time
}

// tokenFlight is one fetch in progress.
type tokenFlight struct {
	done chan struct{}
	tok  *oauth2.Token
	err  error
}

// authorization returns the access token and the Authorization header
// value to send it with. The value is shared by every request made with
// the token, and must not be modified.
func (c *tokenCache) authorization(ctx context.Context) (string, []string, error) {
	c.mu.Lock()
	if c.fresh() {
		tok, bearer := c.tok.AccessToken, c.bearer
		c.mu.Unlock()
		return tok, bearer, nil
	}
	c.mu.Unlock()
	tok, err := c.token(ctx)
	if err != nil {
		return "", nil, err
	}
	return tok.AccessToken, []string{"Bearer " + tok.AccessToken}, nil
}

// token returns a valid token, fetching one when the cached one is missing
// or due for renewal. The fetch outlives the caller's cancellation (others
// may be waiting for it) but not tokenTimeout; the caller stops waiting
// when its context ends.
func (c *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	c.mu.Lock()
	if c.fresh() {
		tok := c.tok
		c.mu.Unlock()
		return tok, nil
	}
	if c.refused != nil && c.now().Before(c.heldUntil) {
		err := c.refused
		c.mu.Unlock()
		return nil, err
	}
	f := c.flight
	if f == nil {
		f = &tokenFlight{done: make(chan struct{})}
		c.flight = f
		go c.run(context.WithoutCancel(ctx), f)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

func (c *tokenCache) run(ctx context.Context, f *tokenFlight) {
	ctx, cancel := context.WithTimeout(ctx, tokenTimeout)
	defer cancel()
	tok, err := c.fetch(ctx)
	if err == nil && (tok == nil || tok.AccessToken == "") {
		err = &AuthError{Status: http.StatusOK, Code: "no access_token in the answer"}
	}
	c.mu.Lock()
	c.refused = nil
	var ae *AuthError
	switch {
	case err == nil:
		c.tok, c.fetched = tok, c.now()
		c.bearer = []string{"Bearer " + tok.AccessToken}
	case errors.As(err, &ae) && ae.RetryAfter > 0:
		c.refused, c.heldUntil = err, c.now().Add(ae.RetryAfter)
	}
	c.flight = nil
	c.mu.Unlock()
	f.tok, f.err = tok, err
	close(f.done)
}

// fresh reports whether the cached token can be used; c.mu is held.
func (c *tokenCache) fresh() bool {
	if c.tok == nil {
		return false
	}
	if c.tok.Expiry.IsZero() {
		return true
	}
	margin := min(c.margin, c.tok.Expiry.Sub(c.fetched)/2)
	return c.now().Before(c.tok.Expiry.Add(-margin))
}

// invalidate drops the cached token if it is still the one given, after
// the API refused it.
func (c *tokenCache) invalidate(access string) {
	c.mu.Lock()
	if c.tok != nil && c.tok.AccessToken == access {
		c.tok = nil
	}
	c.mu.Unlock()
}

// clientCredentials returns a fetch function for the OAuth 2.0 client
// credentials grant. The credentials are posted as form parameters, as
// both providers document; hc sends the token requests, and must not
// follow redirects (see withoutRedirects).
func clientCredentials(creds Credentials, tokenURL string, hc *http.Client, now func() time.Time) func(context.Context) (*oauth2.Token, error) {
	cfg := &clientcredentials.Config{
		ClientID:     creds.ClientID,
		ClientSecret: creds.ClientSecret,
		TokenURL:     tokenURL,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	return func(ctx context.Context) (*oauth2.Token, error) {
		tok, err := cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
		if err != nil {
			return nil, redact(authError(err), creds)
		}
		if !tok.Expiry.IsZero() {
			// oauth2 dates the expiry by the wall clock; keep the lifetime
			// (expires_in, whole seconds) and date it by the injected one.
			// A lifetime that is not positive says nothing usable: the
			// token is kept until the API refuses it.
			if lifetime := time.Until(tok.Expiry).Round(time.Second); lifetime > 0 {
				tok.Expiry = now().Add(lifetime)
			} else {
				tok.Expiry = time.Time{}
			}
		}
		return tok, nil
	}
}

// redact takes the credentials out of what a token failure says: an
// endpoint may echo what was posted in its error code.
func redact(err error, creds Credentials) error {
	var ae *AuthError
	if !errors.As(err, &ae) {
		return err
	}
	for _, secret := range []string{creds.ClientSecret, creds.ClientID} {
		if secret != "" && strings.Contains(ae.Code, secret) {
			ae.Code = strings.ReplaceAll(ae.Code, secret, "[credentials]")
		}
	}
	return err
}

// authError keeps the status and OAuth error code of a token failure and
// drops the endpoint's body, which may repeat what was posted. A redirect
// keeps its Location.
func authError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		ae := &AuthError{Code: cleantext.Clean(re.ErrorCode, cleantext.Short)}
		if re.Response != nil {
			ae.Status = re.Response.StatusCode
			ae.Err = redirected("", re.Response)
			if ra, ok := retryAfter(re.Response.Header.Get("Retry-After"), time.Now()); ok {
				ae.RetryAfter = ra
			}
		}
		return ae
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) ||
		strings.HasPrefix(err.Error(), "oauth2: cannot fetch token:") { // its body could not be read
		return &AuthError{Err: err} // not reached, or no whole answer in time
	}
	// The endpoint answered, with something that is not a token: its text
	// (which may quote what was posted) is not kept.
	return &AuthError{Status: http.StatusOK, Code: "the answer is not a token"}
}

// staticTokens adapts a caller's oauth2.TokenSource.
func staticTokens(src oauth2.TokenSource) func(context.Context) (*oauth2.Token, error) {
	return func(context.Context) (*oauth2.Token, error) {
		tok, err := src.Token()
		if err != nil {
			return nil, authError(err)
		}
		return tok, nil
	}
}
