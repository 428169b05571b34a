package sandbox

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
