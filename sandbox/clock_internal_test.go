package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests in this file pin the wall clock (withWallClock) at noon in New
// York on 1 March 2030, so that the sandbox time is exactly what they set
// and the dates they name never age.

var newYork = mustZone("America/New_York")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// frozen is a sandbox on a wall clock that never moves, without
// authentication, closed with the test.
func frozen(t testing.TB, opts ...Option) *Sandbox {
	t.Helper()
	wall := time.Date(2030, 3, 1, 12, 0, 0, 0, newYork)
	sb, err := New(append([]Option{withWallClock(func() time.Time { return wall }), WithoutAuth()}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

// do sends a JSON request to the handler from a loopback client.
func do(t testing.TB, h http.Handler, method, path string, body []byte) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Host, req.RemoteAddr = "localhost", "127.0.0.1:50000"
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var m map[string]any
	if rec.Body.Len() > 0 {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m), rec.Body.String())
	}
	return rec.Code, m
}

// exampleBody reads an example request of the repository.
func exampleBody(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", filepath.FromSlash(rel)))
	require.NoError(t, err)
	return b
}

func TestClockStaysWithinItsBound(t *testing.T) {
	sb := frozen(t)
	ctx := context.Background()
	start := sb.Clock().Now()
	for _, d := range []time.Duration{math.MaxInt64, math.MaxInt64 / 2, 71 * 365 * 24 * time.Hour} {
		assert.ErrorIs(t, sb.Advance(ctx, d), ErrClockTooFar, "%v", d)
		assert.ErrorIs(t, sb.Advance(ctx, d), ErrClockTooFar, "%v, twice: the offset cannot wrap round", d)
	}
	for _, day := range []time.Time{time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(math.MaxInt32, 1, 1, 0, 0, 0, 0, time.UTC)} {
		assert.ErrorIs(t, sb.SetToday(ctx, day), ErrClockTooFar, "%v", day)
	}
	assert.Equal(t, start, sb.Clock().Now(), "no refused change moved the clock")

	require.NoError(t, sb.SetToday(ctx, time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)), "the last day is allowed")
	assert.Equal(t, time.Date(2100, 12, 31, 12, 0, 0, 0, newYork), sb.Clock().Now())
	require.NoError(t, sb.Advance(ctx, 12*time.Hour-time.Nanosecond), "up to the last moment")
	assert.ErrorIs(t, sb.Advance(ctx, time.Nanosecond), ErrClockTooFar)
	assert.ErrorIs(t, sb.Advance(ctx, 0), ErrClockBackwards)
	assert.ErrorIs(t, sb.Advance(ctx, -time.Hour), ErrClockBackwards)
	assert.ErrorIs(t, sb.SetToday(ctx, time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)), ErrClockBackwards)
}

func TestClockControlRefusesChangesOutOfBounds(t *testing.T) {
	sb := frozen(t)
	h := sb.Handler()
	for _, body := range []string{`{"today":"2101-01-01"}`, `{"today":"9999-12-31"}`, `{"advance":"2562047h"}`,
		`{"advance":"9223372036854775807ns"}`, `{"advance":"622000h"}`} {
		status, out := do(t, h, http.MethodPost, "/_sandbox/clock", []byte(body))
		assert.Equal(t, http.StatusBadRequest, status, body)
		assert.Equal(t, ErrClockTooFar.Error(), out["error"], body)
	}
	for _, body := range []string{`{"advance":"9223372036854775808ns"}`, `{"advance":"99999999999h"}`} {
		status, out := do(t, h, http.MethodPost, "/_sandbox/clock", []byte(body))
		assert.Equal(t, http.StatusBadRequest, status, body)
		assert.Contains(t, out["error"], "must be a duration", "too long to be a duration at all: %s", body)
	}
	status, out := do(t, h, http.MethodGet, "/_sandbox/clock", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "2030-03-01", out["today"], "nothing moved the clock")
	status, _ = do(t, h, http.MethodPost, "/_sandbox/clock", []byte(`{"today":"2100-12-31"}`))
	assert.Equal(t, http.StatusOK, status)
}

func TestStoredClockPastTheBoundIsRefused(t *testing.T) {
	sb := frozen(t)
	require.NoError(t, sb.Clock().SetOffset(time.Hour))
	assert.ErrorIs(t, sb.Clock().SetOffset(100*365*24*time.Hour), ErrClockTooFar)
	assert.ErrorIs(t, sb.Clock().SetOffset(math.MaxInt64), ErrClockTooFar)
	assert.Equal(t, time.Hour, sb.Clock().Offset())
}

// dailySeries creates a daily RTP series that runs until cancelled, its
// first payment today, and returns its id.
func dailySeries(t testing.TB, h http.Handler) {
	t.Helper()
	body := strings.Replace(string(exampleBody(t, "finzly/createCreditPaymentV4/valid-rtp.json")), `"speed"`,
		`"recurrence":{"frequency":"Daily","payUntil":"Cancelled"},"speed"`, 1)
	status, out := do(t, h, http.MethodPost, "/finzly/v4/payments/credit", []byte(body))
	require.Equal(t, http.StatusOK, status, "%v", out)
}

// finzlyPayments counts Finzly's payments.
func finzlyPayments(t testing.TB, h http.Handler) int {
	t.Helper()
	status, out := do(t, h, http.MethodPost, "/finzly/v3/payments/search", []byte(`{"page":1,"limit":1}`))
	require.Equal(t, http.StatusOK, status, "%v", out)
	return int(out["pagination"].(map[string]any)["totalRecords"].(float64))
}

func TestClockChangeCreatingTooManyPaymentsIsRefused(t *testing.T) {
	sb := frozen(t)
	h := sb.Handler()
	ctx := context.Background()
	dailySeries(t, h)
	dailySeries(t, h)
	require.Equal(t, 2, finzlyPayments(t, h), "each series' first payment")
	day := 24 * time.Hour

	// Each series makes one payment a day, at midnight: 5,001 days make
	// 10,002 payments, over the bound.
	err := sb.Advance(ctx, MaxPaymentsPerClockChange/2*day+day)
	require.ErrorIs(t, err, ErrClockChangeTooLarge)
	assert.Equal(t, "2030-03-01", sb.Clock().Today().Format(time.DateOnly), "the clock did not move")
	assert.Equal(t, 2, finzlyPayments(t, h), "nothing was created")
	status, out := do(t, h, http.MethodPost, "/_sandbox/clock", []byte(`{"today":"2044-01-01"}`))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, ErrClockChangeTooLarge.Error(), out["error"])

	require.NoError(t, sb.Advance(ctx, 10*day), "a smaller step goes through")
	assert.Equal(t, 22, finzlyPayments(t, h))
}

func TestDueCreationsCountsWhatTheCatchUpCreates(t *testing.T) {
	sb := frozen(t)
	h := sb.Handler()
	base := string(exampleBody(t, "finzly/createCreditPaymentV4/valid-rtp.json"))
	for _, rec := range []string{
		`{"frequency":"Daily","payUntil":"NumberOfPayments","numberOfPayments":5}`,
		`{"frequency":"Weekly","payUntil":"EndDate","endDate":"04-20-2030"}`,
		`{"frequency":"BiWeekly","payUntil":"Cancelled"}`,
		`{"frequency":"Monthly","payUntil":"Cancelled"}`,
		`{"frequency":"Quarterly","payUntil":"NumberOfPayments","numberOfPayments":2}`,
		`{"frequency":"Daily","payUntil":"Cancelled"}`, // cancelled below
	} {
		body := strings.Replace(base, `"speed"`, `"recurrence":`+rec+`,"speed"`, 1)
		status, out := do(t, h, http.MethodPost, "/finzly/v4/payments/credit", []byte(body))
		require.Equal(t, http.StatusOK, status, "%s: %v", rec, out)
		if strings.Contains(rec, `"Daily","payUntil":"Cancelled"`) {
			id := strconv.FormatFloat(out["data"].(map[string]any)["recurrenceId"].(float64), 'f', -1, 64)
			status, out = do(t, h, http.MethodDelete, "/finzly/v1/recurrences/"+id, nil)
			require.Equal(t, http.StatusOK, status, "%v", out)
		}
	}
	for _, days := range []int{1, 3, 30, 100, 400} {
		until := sb.Clock().Now().Add(time.Duration(days) * 24 * time.Hour)
		predicted := 0
		sb.env.State.Lock(func() {
			for _, p := range sb.providers {
				predicted += p.DueCreations(until, MaxPaymentsPerClockChange)
			}
		})
		before := finzlyPayments(t, h)
		require.NoError(t, sb.SetToday(context.Background(), until))
		assert.Equal(t, predicted, finzlyPayments(t, h)-before, "%d days on", days)
	}
}

func TestStepDueExactlyNowIsTaken(t *testing.T) {
	sb := frozen(t)
	h := sb.Handler()
	status, out := do(t, h, http.MethodPost, "/finzly/v4/payments/credit", exampleBody(t, "finzly/createCreditPaymentV4/valid-rtp.json"))
	require.Equal(t, http.StatusOK, status, "%v", out)
	uid := out["data"].(map[string]any)["paymentUID"].(string)
	latest := func() Event {
		events, ok := sb.Events(uid)
		require.True(t, ok)
		return events[len(events)-1]
	}
	created := sb.Clock().Now()
	require.Equal(t, "INITIATED", latest().To, "an RTP payment dated today begins at once")
	// RTP: VALIDATED 10 s after it begins, TRANSMITTED at 20 s, PROCESSED
	// at 30 s. The clock lands on each exactly.
	for i, want := range []string{"VALIDATED", "TRANSMITTED", "PROCESSED"} {
		require.NoError(t, sb.Advance(context.Background(), 10*time.Second))
		got := latest()
		assert.Equal(t, want, got.To, "a step due exactly now is taken")
		assert.Equal(t, created.Add(time.Duration(i+1)*10*time.Second), got.At.In(newYork))
	}
}
