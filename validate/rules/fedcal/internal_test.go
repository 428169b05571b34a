package fedcal

import (
	"reflect"
	"testing"
	"time"

	"github.com/rickar/cal/v2/us"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRulesFollowLibrary checks that the hand-picked rules are still the
// library's us.Holidays, in the same order and with the same dates, so a
// change in a later release of the library is noticed here.
func TestRulesFollowLibrary(t *testing.T) {
	require.Len(t, us.Holidays, 11, "us.Holidays changed size")
	require.Len(t, rules, len(us.Holidays))
	fn := func(v any) uintptr { return reflect.ValueOf(v).Pointer() }
	for i, lib := range us.Holidays {
		r := rules[i]
		assert.Equal(t, lib.Month, r.Month, lib.Name)
		assert.Equal(t, lib.Day, r.Day, lib.Name)
		assert.Equal(t, lib.Weekday, r.Weekday, lib.Name)
		assert.Equal(t, lib.Offset, r.Offset, lib.Name)
		assert.Equal(t, lib.CalcOffset, r.CalcOffset, lib.Name)
		assert.Equal(t, lib.StartYear, r.StartYear, lib.Name)
		assert.Equal(t, lib.EndYear, r.EndYear, lib.Name)
		assert.Equal(t, fn(lib.Func), fn(r.Func), lib.Name)
		assert.Equal(t, sundayOnly, r.Observed, lib.Name)
	}
	assert.Equal(t, 2021, us.Juneteenth.StartYear)
}

// TestCacheMatchesComputation checks the per-year cache against the rules
// year by year, and every day of a span against a fresh computation over
// the neighbouring years.
func TestCacheMatchesComputation(t *testing.T) {
	for y := 1900; y <= 2199; y++ {
		cached := closuresOf(y)
		total := 0
		closuresIn(y, func(d Date, h closure) {
			total++
			got, ok := cached[d]
			require.True(t, ok, "%v missing from the cache", d)
			require.Equal(t, h, got, "%v", d)
		})
		assert.Len(t, cached, total, "no two closures share a day in %d", y)
	}

	start := Date{Year: 2019, Month: time.January, Day: 1}
	end := Date{Year: 2031, Month: time.December, Day: 31}
	for d := start; !d.After(end); d = d.AddDays(1) {
		got, gotOK := holidayOn(d)
		want, wantOK := freshHolidayOn(d)
		require.Equal(t, wantOK, gotOK, "%v", d)
		require.Equal(t, want, got, "%v", d)
	}
}

// freshHolidayOn is holidayOn computed without the cache.
func freshHolidayOn(d Date) (closure, bool) {
	var found closure
	var ok bool
	for y := d.Year - 1; y <= d.Year+1; y++ {
		closuresIn(y, func(day Date, h closure) {
			if day == d && (!ok || found.observed) {
				found, ok = h, true
			}
		})
	}
	return found, ok
}

// holidayOnEachYear is holidayOn as defined: the rules of the day's year
// and of the years on either side consulted in turn.
func holidayOnEachYear(d Date) (closure, bool) {
	var found closure
	var ok bool
	for y := d.Year - 1; y <= d.Year+1; y++ {
		if h, hit := closuresOf(y)[d]; hit && (!ok || found.observed) {
			found, ok = h, true
		}
	}
	return found, ok
}

func TestHolidayOnAgreesWithEachYearsRules(t *testing.T) {
	closures := 0
	for d := MakeDate(1990, 1, 1); d.Year <= 2100; d = d.AddDays(1) {
		want, wantOK := holidayOnEachYear(d)
		got, ok := holidayOn(d)
		assert.Equal(t, wantOK, ok, d.String())
		assert.Equal(t, want, got, d.String())
		if ok {
			closures++
		}
	}
	assert.Greater(t, closures, 110*10, "about eleven closures a year")
}
