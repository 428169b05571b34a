package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/stretchr/testify/assert"

	"github.com/payspec/payspec/validate"
)

func TestDecide(t *testing.T) {
	p := RetryPolicy{}.withDefaults()
	dial := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	reset := &net.OpError{Op: "read", Err: errors.New("connection reset")}
	tests := []struct {
		name string
		o    outcome
		want verdict
	}{
		{"success", outcome{attempt: 1, safe: true, status: 200}, verdict{false, "final answer"}},
		{"503 on a safe call", outcome{attempt: 1, safe: true, status: 503}, verdict{true, "status 503"}},
		{"429 on a safe call", outcome{attempt: 2, safe: true, status: 429}, verdict{true, "status 429"}},
		{"502 and 504", outcome{attempt: 1, safe: true, status: 504}, verdict{true, "status 504"}},
		{"500 is not retried", outcome{attempt: 1, safe: true, status: 500}, verdict{false, "final answer"}},
		{"503 on an unkeyed create", outcome{attempt: 1, status: 503}, verdict{false, "not safe to repeat without an idempotency key"}},
		{"attempts used up", outcome{attempt: 4, safe: true, status: 503}, verdict{false, "attempts used up"}},
		{"network error on a safe call", outcome{attempt: 1, safe: true, err: reset}, verdict{true, "network error"}},
		{"network error on an unkeyed create", outcome{attempt: 1, err: reset}, verdict{false, "not safe to repeat without an idempotency key"}},
		{"dial error on an unkeyed create", outcome{attempt: 1, err: fmt.Errorf("post: %w", dial)}, verdict{true, "request not sent: connection failed"}},
		{"dns error", outcome{attempt: 1, err: &net.DNSError{Err: "no such host"}}, verdict{true, "request not sent: connection failed"}},
		{"token endpoint down", outcome{attempt: 1, err: &AuthError{Status: 503}}, verdict{true, "request not sent: token unavailable"}},
		{"credentials refused", outcome{attempt: 1, safe: true, err: &AuthError{Status: 401, Code: "invalid_client"}}, verdict{false, "error not worth repeating"}},
		{"cancelled", outcome{attempt: 1, safe: true, err: context.Canceled}, verdict{false, "context done"}},
		{"deadline", outcome{attempt: 1, safe: true, err: fmt.Errorf("x: %w", context.DeadlineExceeded), ctxDone: true}, verdict{false, "context done"}},
		{"an attempt's own timeout on a safe call", outcome{attempt: 1, safe: true, err: fmt.Errorf("x: %w", context.DeadlineExceeded)}, verdict{true, "network error"}},
		{"an attempt's own timeout on an unkeyed create", outcome{attempt: 1, err: fmt.Errorf("x: %w", context.DeadlineExceeded)}, verdict{false, "not safe to repeat without an idempotency key"}},
		{"own key in flight", outcome{attempt: 2, safe: true, ownKey: true, status: 409}, verdict{true, "idempotency key still in flight"}},
		{"own key, 409 to the first attempt", outcome{attempt: 1, safe: true, ownKey: true, status: 409}, verdict{false, "final answer"}},
		{"own key, second 409", outcome{attempt: 3, safe: true, ownKey: true, status: 409, conflicts: 1}, verdict{false, "final answer"}},
		{"caller's key, 409 after a retry", outcome{attempt: 2, safe: true, status: 409}, verdict{false, "final answer"}},
		{"409 without a key", outcome{attempt: 1, safe: true, status: 409}, verdict{false, "final answer"}},
		{"redirect", outcome{attempt: 1, safe: true, err: &RedirectError{Status: 307}}, verdict{false, "error not worth repeating"}},
		{"token endpoint redirects", outcome{attempt: 1, safe: true, err: &AuthError{Status: 302, Err: &RedirectError{Status: 302}}}, verdict{false, "error not worth repeating"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, p.decide(tc.o))
		})
	}
	off := RetryPolicy{MaxAttempts: 1}.withDefaults()
	assert.Equal(t, verdict{false, "attempts used up"}, off.decide(outcome{attempt: 1, safe: true, status: 503}))
}

func TestWait(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	p := RetryPolicy{NewBackOff: func() backoff.BackOff { return backoff.NewConstantBackOff(time.Second) }}.withDefaults()
	withRA := func(v string) *http.Response { return &http.Response{Header: http.Header{"Retry-After": {v}}} }
	tests := []struct {
		name     string
		resp     *http.Response
		err      error
		deadline time.Time
		want     time.Duration
		ok       bool
		why      string
	}{
		{name: "backoff", want: time.Second, ok: true},
		{name: "longer Retry-After wins", resp: withRA("5"), want: 5 * time.Second, ok: true},
		{name: "shorter Retry-After loses", resp: withRA("0"), want: time.Second, ok: true},
		{name: "HTTP date", resp: withRA(now.Add(7 * time.Second).Format(http.TimeFormat)), want: 7 * time.Second, ok: true},
		{name: "garbage is ignored", resp: withRA("soon"), want: time.Second, ok: true},
		{name: "too long", resp: withRA("3600"), why: "Retry-After longer than the policy allows"},
		{name: "more seconds than 32 bits hold", resp: withRA("4294967296"), why: "Retry-After longer than the policy allows"},
		{name: "far more", resp: withRA("99999999999999999999999"), why: "Retry-After longer than the policy allows"},
		{name: "past the deadline", resp: withRA("5"), deadline: now.Add(4 * time.Second), why: "next attempt would pass the context deadline"},
		{name: "within the deadline", resp: withRA("5"), deadline: now.Add(6 * time.Second), want: 5 * time.Second, ok: true},
		{name: "the token endpoint's Retry-After", err: &AuthError{Status: 429, RetryAfter: 30 * time.Second}, want: 30 * time.Second, ok: true},
		{name: "the token endpoint's, too long", err: &AuthError{Status: 429, RetryAfter: time.Hour}, why: "Retry-After longer than the policy allows"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ok, why := p.wait(p.newBackOff(), tc.resp, tc.err, now, tc.deadline)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, d)
			assert.Equal(t, tc.why, why)
		})
	}
	stop := RetryPolicy{NewBackOff: func() backoff.BackOff { return &backoff.StopBackOff{} }}.withDefaults()
	_, ok, why := stop.wait(stop.newBackOff(), nil, nil, now, time.Time{})
	assert.False(t, ok)
	assert.Equal(t, "backoff schedule ended", why)
}

func TestDefaultBackoffGrowsWithJitter(t *testing.T) {
	p := DefaultRetryPolicy()
	b := p.newBackOff()
	first, second := b.NextBackOff(), b.NextBackOff()
	assert.GreaterOrEqual(t, first, 250*time.Millisecond)
	assert.LessOrEqual(t, first, 750*time.Millisecond)
	assert.GreaterOrEqual(t, second, 500*time.Millisecond)
	assert.LessOrEqual(t, second, 1500*time.Millisecond)
	for range 20 {
		assert.LessOrEqual(t, b.NextBackOff(), 15*time.Second, "capped by MaxInterval plus jitter")
	}
}

func TestSleepEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, sleep(ctx, time.Hour), context.Canceled)
	assert.NoError(t, sleep(context.Background(), time.Millisecond))
}

func TestFits(t *testing.T) {
	get := validate.Operation{ID: "getPaymentDetails", Method: "GET", Path: "/v3/customers/{customer_id}/payments/{payment_id}"}
	tests := []struct {
		method, path string
		want         bool
	}{
		{"GET", "/v3/customers/C1/payments/P1", true},
		{"GET", "/redpin/v3/customers/C1/payments/P1/", true},
		{"GET", "/V3/Customers/C1/PAYMENTS/P1", true},
		{"POST", "/v3/customers/C1/payments/P1", false},
		{"GET", "/v3/customers/C1/payments", false},
		{"GET", "/v3/customers//payments/P1", false},
		{"GET", "/v3/customers/C1/quotes/P1", false},
		{"GET", "payments/P1", false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, fits(get, tc.method, tc.path), "%s %s", tc.method, tc.path)
	}
}
