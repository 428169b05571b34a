package client

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/payspec/payspec/validate"
)

// Option configures a provider client. Nil options are ignored.
type Option func(*settings)

type settings struct {
	engine        *validate.Engine
	http          HTTPDoer
	tokenHTTP     *http.Client
	tokenSource   oauth2.TokenSource
	noAuth        bool
	refreshMargin time.Duration
	retry         RetryPolicy
	mode          DriftMode
	logger        *slog.Logger
	onDrift       func(context.Context, Drift)
	hook          Hook
	now           func() time.Time
}

// DefaultTimeout bounds one attempt when the client builds its own
// *http.Client. A context deadline bounds the whole call.
const DefaultTimeout = 60 * time.Second

func newSettings() settings {
	return settings{
		http:          &http.Client{Timeout: DefaultTimeout},
		refreshMargin: DefaultRefreshMargin,
		logger:        slog.Default(),
		now:           time.Now,
	}
}

// DriftMode says what a client does with a response that breaks the spec.
type DriftMode int

const (
	// DriftReport returns the response with its problems: in
	// Result.Drift, to the WithOnDrift callback, and in a log line at Warn.
	// A payment the provider created is never lost to a drifted answer.
	// This is the default.
	DriftReport DriftMode = iota
	// DriftEnforce turns a response with spec errors into a *DriftError
	// (which still carries the body), after reporting it as above.
	DriftEnforce
)

// WithEngine shares a validation engine (build one with validate.New and
// give it to every client); by default each client builds its own.
func WithEngine(e *validate.Engine) Option {
	return func(s *settings) {
		if e != nil {
			s.engine = e
		}
	}
}

// WithHTTPClient sets what sends the API requests (default: an
// *http.Client with DefaultTimeout). When it is an *http.Client it also
// sends the token requests, unless WithTokenHTTPClient says otherwise.
//
// An *http.Client is used through a copy whose CheckRedirect hands every
// redirect back unfollowed (the client given is not changed), so that a
// 3xx answer becomes a *RedirectError and the request never goes to a
// host the caller did not configure. Another HTTPDoer must not follow
// redirects itself: the client refuses the 3xx answers it returns, but
// cannot undo one it has followed.
func WithHTTPClient(d HTTPDoer) Option {
	return func(s *settings) {
		if d != nil {
			s.http = d
			if hc, ok := d.(*http.Client); ok && s.tokenHTTP == nil {
				s.tokenHTTP = hc
			}
		}
	}
}

// WithTokenHTTPClient sets the client that sends token requests. It is
// used through a copy that never follows a redirect, as WithHTTPClient's
// is: the client secret goes to the token URL and nowhere else.
func WithTokenHTTPClient(hc *http.Client) Option {
	return func(s *settings) {
		if hc != nil {
			s.tokenHTTP = hc
		}
	}
}

// WithTokenSource replaces the client-credentials grant with the caller's
// token source; tokens are still cached, refreshed before they expire and
// replaced after a 401. How the source fetches its tokens, and whether
// it follows redirects, is its own affair.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(s *settings) {
		if ts != nil {
			s.tokenSource = ts
		}
	}
}

// WithoutAuth sends no Authorization header, for a gateway that adds its
// own or a local test server.
func WithoutAuth() Option {
	return func(s *settings) { s.noAuth = true }
}

// WithRefreshMargin sets how long before expiry a token is replaced
// (default DefaultRefreshMargin); d <= 0 restores the default.
func WithRefreshMargin(d time.Duration) Option {
	return func(s *settings) {
		if d <= 0 {
			d = DefaultRefreshMargin
		}
		s.refreshMargin = d
	}
}

// WithRetry sets the retry policy; zero fields take their defaults.
func WithRetry(p RetryPolicy) Option {
	return func(s *settings) { s.retry = p }
}

// WithoutRetries makes every call a single attempt (a 401 still gets one
// more attempt with a new token).
func WithoutRetries() Option {
	return func(s *settings) { s.retry.MaxAttempts = 1 }
}

// WithDriftMode sets what happens to responses that break the spec
// (default DriftReport).
func WithDriftMode(m DriftMode) Option {
	return func(s *settings) { s.mode = m }
}

// WithOnDrift sets a function called with every drifted response, in
// either mode, before the call returns.
func WithOnDrift(f func(context.Context, Drift)) Option {
	return func(s *settings) { s.onDrift = f }
}

// WithLogger sets the logger (default slog.Default()). Calls and attempts
// are logged at Debug, retries and token refreshes at Info, drift and
// request warnings at Warn. Tokens and credentials are never logged, nor
// are request or response bodies.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) {
		if l != nil {
			s.logger = l
		}
	}
}

// WithHook sets a function run around every attempt, for tracing. Each
// attempt's hook gets a copy of the request of its own: what it changes
// (a header, say) is not on the next attempt.
func WithHook(h Hook) Option {
	return func(s *settings) { s.hook = h }
}

// WithClock sets the clock that token expiry is judged by (default
// time.Now).
func WithClock(now func() time.Time) Option {
	return func(s *settings) {
		if now != nil {
			s.now = now
		}
	}
}
