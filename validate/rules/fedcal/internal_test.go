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

// TestTableMatchesComputation checks the precomputed table against the
// rules year by year, and walks the days around its edges, where lookups
// switch from the table to computing afresh.
func TestTableMatchesComputation(t *testing.T) {
	tab := table()
	total := 0
	for y := tableFirstYear; y <= tableLastYear; y++ {
		closuresIn(y, func(d Date, h closure) {
			total++
			got, ok := tab[d]
			require.True(t, ok, "%v missing from the table", d)
			require.Equal(t, h, got, "%v", d)
		})
	}
	assert.Len(t, tab, total, "no two closures share a day")

	for _, edge := range []int{tableFirstYear, tableLastYear} {
		start := Date{Year: edge - 2, Month: time.January, Day: 1}
		end := Date{Year: edge + 2, Month: time.December, Day: 31}
		for d := start; !d.After(end); d = d.AddDays(1) {
			got, gotOK := holidayOn(d)
			want, wantOK := computeHolidayOn(d)
			require.Equal(t, wantOK, gotOK, "%v", d)
			require.Equal(t, want, got, "%v", d)
			if d.Year > tableFirstYear && d.Year < tableLastYear {
				tabled, ok := tab[d]
				require.Equal(t, ok, gotOK, "%v", d)
				require.Equal(t, tabled, got, "%v", d)
			}
		}
	}
}
