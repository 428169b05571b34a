package client

import (
	"context"
	"errors"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// RetryPolicy says when and how often a failed attempt is repeated.
//
// A call is repeated only when repeating it cannot do anything twice: the
// request never left (no token could be had, the connection could not be
// opened), or the call is safe to repeat (a GET or HEAD, or a request
// carrying an idempotency key) and the attempt failed on the network or
// with one of Statuses. The wait before each retry is the backoff's next
// interval, or the answer's Retry-After when that is longer; a wait that
// would pass the context's deadline, or a Retry-After longer than
// MaxRetryAfter, ends the call with the last answer instead.
//
// A 409 Conflict is repeated once, and only when the call carries an
// idempotency key the client minted for it and an earlier attempt of the
// call carried that key: that key has only ever been sent with this body,
// so the conflict can only be the provider still working on the earlier
// attempt ("key still in flight"), and the retry gets that attempt's
// answer. A 409 to the first attempt, a second 409, or a 409 to a key the
// caller gave (WithIdempotencyKey, which may have been used with another
// body) ends the call. A redirect (3xx) is never followed nor repeated.
//
// Zero fields take the defaults given beside them.
type RetryPolicy struct {
	// MaxAttempts bounds the attempts of one call, the first included
	// (default 4). 1 turns retries off.
	MaxAttempts int
	// InitialInterval, Multiplier, MaxInterval and RandomizationFactor
	// shape the exponential backoff with jitter (defaults 500ms, 2, 10s,
	// 0.5: the first wait is drawn from 250ms to 750ms).
	InitialInterval     time.Duration
	Multiplier          float64
	MaxInterval         time.Duration
	RandomizationFactor float64
	// NewBackOff, if set, replaces the exponential backoff: it is called
	// once per call and asked for each wait.
	NewBackOff func() backoff.BackOff
	// MaxRetryAfter is the longest Retry-After honoured (default 30s).
	MaxRetryAfter time.Duration
	// Statuses are the answers worth repeating a safe call after (default
	// 429, 502, 503, 504).
	Statuses []int
	// Sleep waits d or until ctx ends (default: a timer). Tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultRetryPolicy returns the policy used when none is given.
func DefaultRetryPolicy() RetryPolicy { return RetryPolicy{}.withDefaults() }

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts < 1 {
		p.MaxAttempts = 4
	}
	if p.InitialInterval <= 0 {
		p.InitialInterval = 500 * time.Millisecond
	}
	if p.Multiplier < 1 {
		p.Multiplier = 2
	}
	if p.MaxInterval <= 0 {
		p.MaxInterval = 10 * time.Second
	}
	if p.RandomizationFactor <= 0 || p.RandomizationFactor > 1 {
		p.RandomizationFactor = 0.5
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = 30 * time.Second
	}
	if p.Statuses == nil {
		p.Statuses = []int{http.StatusTooManyRequests, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout}
	}
	if p.Sleep == nil {
		p.Sleep = sleep
	}
	return p
}

// newBackOff returns the schedule of one call.
func (p RetryPolicy) newBackOff() backoff.BackOff {
	if p.NewBackOff != nil {
		return p.NewBackOff()
	}
	b := &backoff.ExponentialBackOff{
		InitialInterval:     p.InitialInterval,
		RandomizationFactor: p.RandomizationFactor,
		Multiplier:          p.Multiplier,
		MaxInterval:         p.MaxInterval,
	}
	b.Reset()
	return b
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// outcome is what one attempt produced, as the retry decision sees it.
type outcome struct {
	attempt   int  // 1 for the first
	safe      bool // GET, HEAD, or carrying an idempotency key
	ownKey    bool // carrying an idempotency key the client minted for this call
	conflicts int  // 409 answers already retried in this call
	status    int  // 0 when there was no answer
	err       error
	// ctxDone says the call's context has ended. A deadline error while
	// it has not is an attempt's own timeout (http.Client.Timeout), a
	// network error like any other.
	ctxDone bool
}

// verdict is a retry decision and why it was taken, for the log.
type verdict struct {
	retry  bool
	reason string
}

// decide says whether an attempt may be repeated. It has no side effects.
func (p RetryPolicy) decide(o outcome) verdict {
	switch {
	case o.ctxDone || o.err != nil && errors.Is(o.err, context.Canceled):
		return verdict{false, "context done"}
	case o.attempt >= p.MaxAttempts:
		return verdict{false, "attempts used up"}
	case o.err != nil && notSent(o.err):
		return verdict{true, "request not sent: " + errKind(o.err)}
	case o.err != nil && !safeToResend(o.err):
		return verdict{false, "error not worth repeating"}
	case !o.safe:
		return verdict{false, "not safe to repeat without an idempotency key"}
	case o.err != nil:
		return verdict{true, "network error"}
	case o.status == http.StatusConflict && o.ownKey && o.attempt > 1 && o.conflicts == 0:
		return verdict{true, "idempotency key still in flight"}
	case slices.Contains(p.Statuses, o.status):
		return verdict{true, "status " + strconv.Itoa(o.status)}
	}
	return verdict{false, "final answer"}
}

// notSent reports whether an error proves the request never reached the
// API: no token could be had, or no connection could be opened.
func notSent(err error) bool {
	var ae *AuthError
	if errors.As(err, &ae) {
		return ae.Temporary()
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// safeToResend reports whether a transport error may be repeated on a safe
// call: anything but a refused token, a request the client itself refused
// or a redirect.
func safeToResend(err error) bool {
	var ae *AuthError
	var re *RedirectError
	return !errors.As(err, &ae) && !errors.As(err, &re)
}

func errKind(err error) string {
	var ae *AuthError
	if errors.As(err, &ae) {
		return "token unavailable"
	}
	return "connection failed"
}

// wait returns how long to wait before the next attempt, and false with a
// reason when the call should end instead: the schedule stopped, the
// answer asked for a longer wait than the policy honours, or the wait
// would pass the deadline.
func (p RetryPolicy) wait(b backoff.BackOff, resp *http.Response, err error, now time.Time, deadline time.Time) (time.Duration, bool, string) {
	d := b.NextBackOff()
	if d == backoff.Stop {
		return 0, false, "backoff schedule ended"
	}
	if ra, ok := askedWait(resp, err, now); ok {
		if ra > p.MaxRetryAfter {
			return 0, false, "Retry-After longer than the policy allows"
		}
		d = max(d, ra)
	}
	if !deadline.IsZero() && !now.Add(d).Before(deadline) {
		return 0, false, "next attempt would pass the context deadline"
	}
	return d, true, ""
}

// askedWait is the wait the answer asked for: the API's Retry-After, or
// the token endpoint's when no token could be had.
func askedWait(resp *http.Response, err error, now time.Time) (time.Duration, bool) {
	if resp != nil {
		return retryAfter(resp.Header.Get("Retry-After"), now)
	}
	var ae *AuthError
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		return ae.RetryAfter, true
	}
	return 0, false
}

// retryAfter reads a Retry-After value: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseUint(v, 10, 32)
	switch {
	case err == nil:
		return time.Duration(secs) * time.Second, true
	case errors.Is(err, strconv.ErrRange):
		// More seconds than 32 bits hold: longer than any policy allows.
		return time.Duration(math.MaxInt64), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
