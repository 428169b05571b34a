package fedcal_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/us"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate/rules/fedcal"
)

// TestFedCalendar checks the plain calendar against the Federal Reserve's
// published holiday schedule (Richmond Fed table) and the observance rule
// derived from it. The weekday column guards the table itself against typos.
func TestFedCalendar(t *testing.T) {
	c := fedcal.New(fedcal.Overrides{})
	tests := []struct {
		date    string
		weekday time.Weekday
		open    bool
		holiday string // name Holiday reports; "" for none
		why     string
	}{
		// Saturday holidays close nothing: the Friday before stays open.
		{"2026-07-03", time.Friday, true, "", "Independence Day 2026 is a Saturday"},
		{"2026-07-04", time.Saturday, false, "Independence Day", "the holiday itself"},
		{"2027-06-18", time.Friday, true, "", "Juneteenth 2027 is a Saturday"},
		{"2027-06-19", time.Saturday, false, "Juneteenth National Independence Day", "the holiday itself"},
		{"2027-12-24", time.Friday, true, "", "Christmas 2027 is a Saturday"},
		{"2027-12-31", time.Friday, true, "", "New Year's Day 2028 is a Saturday"},
		{"2021-12-31", time.Friday, true, "", "New Year's Day 2022 is a Saturday"},
		{"2022-01-01", time.Saturday, false, "New Year's Day", "the holiday itself"},

		// Sunday holidays close the Monday after.
		{"2027-07-04", time.Sunday, false, "Independence Day", "the holiday itself"},
		{"2027-07-05", time.Monday, false, "Independence Day (observed)", "Independence Day 2027 is a Sunday"},
		{"2027-07-02", time.Friday, true, "", "no Friday closure for a Sunday holiday"},
		{"2022-12-25", time.Sunday, false, "Christmas Day", "the holiday itself"},
		{"2022-12-26", time.Monday, false, "Christmas Day (observed)", "Christmas 2022 is a Sunday"},
		{"2023-01-01", time.Sunday, false, "New Year's Day", "the holiday itself"},
		{"2023-01-02", time.Monday, false, "New Year's Day (observed)", "New Year's Day 2023 is a Sunday"},
		{"2022-06-20", time.Monday, false, "Juneteenth National Independence Day (observed)", "Juneteenth 2022 is a Sunday"},

		// Juneteenth exists from 2021 only.
		{"2026-06-19", time.Friday, false, "Juneteenth National Independence Day", "Juneteenth 2026"},
		{"2020-06-19", time.Friday, true, "", "before Juneteenth was a holiday"},
		{"2021-06-18", time.Friday, true, "", "Juneteenth 2021 is a Saturday"},

		// Every other holiday in 2026, each on a weekday.
		{"2026-01-01", time.Thursday, false, "New Year's Day", ""},
		{"2026-01-19", time.Monday, false, "Birthday of Martin Luther King, Jr.", "third Monday of January"},
		{"2026-02-16", time.Monday, false, "Washington's Birthday", "third Monday of February"},
		{"2026-05-25", time.Monday, false, "Memorial Day", "last Monday of May"},
		{"2026-09-07", time.Monday, false, "Labor Day", "first Monday of September"},
		{"2026-10-12", time.Monday, false, "Columbus Day", "second Monday of October"},
		{"2026-11-11", time.Wednesday, false, "Veterans Day", ""},
		{"2026-11-26", time.Thursday, false, "Thanksgiving Day", "fourth Thursday of November"},
		{"2026-12-25", time.Friday, false, "Christmas Day", ""},

		// Days next to holidays that are not holidays.
		{"2026-11-27", time.Friday, true, "", "the day after Thanksgiving is open"},
		{"2026-12-24", time.Thursday, true, "", "Christmas Eve is open"},
		{"2026-12-31", time.Thursday, true, "", "New Year's Eve is open"},
		{"2026-01-12", time.Monday, true, "", "second Monday of January"},
		{"2026-05-18", time.Monday, true, "", "not the last Monday of May"},

		// Weekends and ordinary days.
		{"2026-07-11", time.Saturday, false, "", "weekend"},
		{"2026-07-12", time.Sunday, false, "", "weekend"},
		{"2026-07-13", time.Monday, true, "", ""},
		{"2026-07-14", time.Tuesday, true, "", ""},
		{"2025-01-09", time.Thursday, true, "", "the Carter day of mourning: Fed systems ran"},

		// Years outside the precomputed range use the same rules.
		{"2300-12-25", time.Tuesday, false, "Christmas Day", ""},
		{"2301-07-04", time.Thursday, false, "Independence Day", ""},
		{"1850-07-04", time.Thursday, false, "Independence Day", ""},
		{"2200-01-01", time.Wednesday, false, "New Year's Day", "at the table's edge"},
		{"1899-12-25", time.Monday, false, "Christmas Day", "at the table's edge"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			day := d(tt.date)
			require.Equal(t, tt.weekday, day.Weekday(), "fact table weekday")
			assert.Equal(t, tt.open, c.IsBusinessDay(day), tt.why)
			name, ok := c.Holiday(day)
			assert.Equal(t, tt.holiday != "", ok, tt.why)
			assert.Equal(t, tt.holiday, name, tt.why)
		})
	}
}

func TestNilAndZeroCalendar(t *testing.T) {
	var nilCal *fedcal.Calendar
	var zero fedcal.Calendar
	plain := fedcal.New(fedcal.Overrides{})
	for _, s := range []string{"2027-07-05", "2026-07-03", "2026-11-26", "2026-07-04"} {
		assert.Equal(t, plain.IsBusinessDay(d(s)), nilCal.IsBusinessDay(d(s)), s)
		assert.Equal(t, plain.IsBusinessDay(d(s)), zero.IsBusinessDay(d(s)), s)
	}
	assert.Equal(t, d("2026-12-28"), nilCal.AddBusinessDays(d("2026-12-24"), 1))
}

func TestBusinessDayOnOrAfter(t *testing.T) {
	c := fedcal.New(fedcal.Overrides{})
	tests := []struct{ from, want string }{
		{"2026-12-24", "2026-12-24"}, // already a business day
		{"2026-12-25", "2026-12-28"}, // Christmas (Fri) and the weekend
		{"2026-12-26", "2026-12-28"},
		{"2027-07-03", "2027-07-06"}, // Sat, Sun holiday, observed Mon
		{"2022-12-24", "2022-12-27"},
		{"2022-12-31", "2023-01-03"}, // across the year end
		{"2026-07-04", "2026-07-06"}, // Saturday holiday, plain Monday
		{"2026-11-26", "2026-11-27"},
		{"2026-01-17", "2026-01-20"}, // weekend, then MLK Day
	}
	for _, tt := range tests {
		assert.Equal(t, d(tt.want), c.BusinessDayOnOrAfter(d(tt.from)), tt.from)
	}
}

func TestAddBusinessDays(t *testing.T) {
	c := fedcal.New(fedcal.Overrides{})
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-24", 1, "2026-12-28"}, // Christmas 2026 is a Friday
		{"2026-12-24", 2, "2026-12-29"},
		{"2026-12-28", -1, "2026-12-24"},
		{"2026-12-24", 0, "2026-12-24"},
		{"2026-12-25", 0, "2026-12-25"}, // n == 0 does not roll forward
		{"2026-12-25", 1, "2026-12-28"}, // a closed start is not counted
		{"2027-07-02", 1, "2027-07-06"}, // skips the observed Monday
		{"2027-07-06", -1, "2027-07-02"},
		{"2026-07-02", 1, "2026-07-03"}, // Friday before a Saturday holiday
		{"2026-11-25", 1, "2026-11-27"}, // over Thanksgiving
		{"2026-11-25", 2, "2026-11-30"},
		{"2026-12-31", 1, "2027-01-04"}, // New Year's Day 2027 is a Friday
		{"2027-12-30", 1, "2027-12-31"}, // 2027-12-31 open
		{"2027-12-30", 2, "2028-01-03"},
		{"2026-01-02", 250, "2026-12-31"}, // 2026: 261 weekdays, 10 of them holidays
		{"2026-01-02", 251, "2027-01-04"},
		{"2027-01-04", -251, "2026-01-02"},
	}
	for _, tt := range tests {
		assert.Equal(t, d(tt.want), c.AddBusinessDays(d(tt.from), tt.n), "%s%+d", tt.from, tt.n)
	}
}

func TestAddBusinessDaysMatchesStepping(t *testing.T) {
	c := fedcal.New(fedcal.Overrides{Closed: []fedcal.Date{d("2025-01-09")}})
	start := d("2024-12-20")
	for n := -30; n <= 30; n++ {
		got := c.AddBusinessDays(start, n)
		if n != 0 {
			require.True(t, c.IsBusinessDay(got), "n=%d lands on %v", n, got)
		}
		// Counting business days strictly between start and got, plus got,
		// gives back |n|.
		count, lo, hi := 0, start, got
		if n < 0 {
			lo, hi = got, start.AddDays(-1)
		} else {
			lo = start.AddDays(1)
		}
		for x := lo; !x.After(hi); x = x.AddDays(1) {
			if c.IsBusinessDay(x) {
				count++
			}
		}
		if n < 0 {
			assert.Equal(t, -n, count, "n=%d", n)
		} else {
			assert.Equal(t, n, count, "n=%d", n)
		}
	}
}

func TestOverrides(t *testing.T) {
	carter := d("2025-01-09")        // Thursday
	veterans := d("2026-11-11")      // Wednesday holiday
	observedMon := d("2027-07-05")   // Monday standing in for Sunday 4 July
	saturdayHol := d("2026-07-04")   // Saturday holiday
	plainSunday := d("2026-07-12")   // ordinary Sunday
	thanksgiving := d("2026-11-26")  // Thursday holiday
	bothLists := d("2026-03-10")     // ordinary Tuesday, listed twice
	closedHoliday := d("2026-12-25") // holiday also listed as closed
	c := fedcal.New(fedcal.Overrides{
		Closed: []fedcal.Date{carter, bothLists, closedHoliday},
		Open:   []fedcal.Date{veterans, observedMon, saturdayHol, plainSunday, bothLists, closedHoliday},
	})
	plain := fedcal.New(fedcal.Overrides{})

	tests := []struct {
		day     fedcal.Date
		open    bool
		holiday string
		why     string
	}{
		{carter, false, fedcal.ClosedByOverride, "Closed closes a weekday"},
		{veterans, true, "", "Open re-opens a weekday holiday"},
		{observedMon, true, "", "Open re-opens an observed Monday"},
		{saturdayHol, false, "Independence Day", "Open does not open a weekend"},
		{plainSunday, false, "", "Open does not open a weekend"},
		{thanksgiving, false, "Thanksgiving Day", "unlisted holidays are unchanged"},
		{bothLists, false, fedcal.ClosedByOverride, "Closed wins over Open"},
		{closedHoliday, false, "Christmas Day", "Closed wins over Open; the holiday keeps its name"},
		{d("2025-01-10"), true, "", "the day after the closure is unchanged"},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			assert.Equal(t, tt.open, c.IsBusinessDay(tt.day))
			name, ok := c.Holiday(tt.day)
			assert.Equal(t, tt.holiday != "", ok)
			assert.Equal(t, tt.holiday, name)
		})
	}

	assert.True(t, plain.IsBusinessDay(carter), "overrides belong to their calendar")
	assert.False(t, plain.IsBusinessDay(veterans))
	assert.Equal(t, d("2025-01-10"), c.AddBusinessDays(d("2025-01-08"), 1))
	assert.Equal(t, d("2025-01-10"), c.BusinessDayOnOrAfter(carter))
	assert.Equal(t, veterans, c.BusinessDayOnOrAfter(veterans))
}

func TestOverridesAreCopied(t *testing.T) {
	o := fedcal.Overrides{Closed: []fedcal.Date{d("2025-01-09")}}
	c := fedcal.New(o)
	o.Closed[0] = d("2025-01-10")
	assert.False(t, c.IsBusinessDay(d("2025-01-09")))
	assert.True(t, c.IsBusinessDay(d("2025-01-10")))
}

func TestOverridesNormalizeImpossibleDays(t *testing.T) {
	// 2027-02-29 does not exist; like time.Date it means 2027-03-01.
	c := fedcal.New(fedcal.Overrides{Closed: []fedcal.Date{{Year: 2027, Month: time.February, Day: 29}}})
	assert.False(t, c.IsBusinessDay(d("2027-03-01")))
	assert.False(t, c.IsBusinessDay(fedcal.Date{Year: 2027, Month: time.February, Day: 29}))
	assert.Equal(t, d("2027-03-02"), c.BusinessDayOnOrAfter(fedcal.Date{Year: 2027, Month: time.February, Day: 29}))
}

func TestOverridesValidate(t *testing.T) {
	require.NoError(t, fedcal.Overrides{}.Validate())
	require.NoError(t, fedcal.Overrides{
		Closed: []fedcal.Date{d("2025-01-09")},
		Open:   []fedcal.Date{d("2026-11-11"), d("2027-07-05")},
	}.Validate())

	err := fedcal.Overrides{
		Closed: []fedcal.Date{{Year: 2027, Month: time.February, Day: 30}, d("2026-03-10")},
		Open: []fedcal.Date{
			{Year: 2027, Month: time.April, Day: 31},
			d("2026-03-10"), // also closed
			d("2026-07-04"), // Saturday
			d("2026-07-06"), // not a holiday
		},
	}.Validate()
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		"closed day 2027-02-30 is not a real date",
		"open day 2027-04-31 is not a real date",
		"2026-03-10 is listed as both closed and open; it stays closed",
		"open day 2026-07-04 is a Saturday; weekends cannot be opened",
		"open day 2026-07-06 is not a Fed holiday",
	} {
		assert.Contains(t, msg, want)
	}
}

// TestEveryYearsHolidays walks every day of 1990–2100 and checks the shape
// of each year: 11 holidays (10 before Juneteenth), each on its own date;
// a weekday holiday closes that day, a Sunday one closes the Monday after,
// a Saturday one closes no weekday and leaves the Friday before open; and
// no other weekday is closed.
func TestEveryYearsHolidays(t *testing.T) {
	c := fedcal.New(fedcal.Overrides{})
	for year := 1990; year <= 2100; year++ {
		want := 11
		if year < 2021 {
			want = 10
		}
		holidays := map[fedcal.Date]string{} // the holidays' own dates
		names := map[string]bool{}
		observed := map[fedcal.Date]string{} // Mondays standing in for Sundays
		closedWeekdays := 0
		for day := d("1990-01-01"); ; day = day.AddDays(1) {
			if day.Year < year {
				day = fedcal.Date{Year: year, Month: time.January, Day: 1}
			}
			if day.Year > year {
				break
			}
			name, ok := c.Holiday(day)
			switch {
			case !ok:
			case strings.HasSuffix(name, " (observed)"):
				observed[day] = strings.TrimSuffix(name, " (observed)")
			default:
				holidays[day] = name
				names[name] = true
			}
			if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday && !c.IsBusinessDay(day) {
				closedWeekdays++
				require.True(t, ok, "%v is closed with no holiday named", day)
			}
		}

		require.Len(t, holidays, want, "year %d: distinct holiday dates", year)
		require.Len(t, names, want, "year %d: distinct holiday names", year)

		wantClosed := 0
		for day, name := range holidays {
			switch day.Weekday() {
			case time.Saturday:
				assert.True(t, c.IsBusinessDay(day.AddDays(-1)), "%v %s: the Friday before stays open", day, name)
			case time.Sunday:
				mon := day.AddDays(1)
				assert.Equal(t, name, observed[mon], "%v %s: observed the Monday after", day, name)
				assert.False(t, c.IsBusinessDay(mon))
				wantClosed++
			default:
				assert.False(t, c.IsBusinessDay(day), "%v %s", day, name)
				wantClosed++
			}
		}
		assert.Len(t, observed, countSundays(holidays), "year %d: one observed Monday per Sunday holiday", year)
		assert.Equal(t, wantClosed, closedWeekdays, "year %d: weekdays closed", year)
	}
}

func countSundays(days map[fedcal.Date]string) int {
	n := 0
	for day := range days {
		if day.Weekday() == time.Sunday {
			n++
		}
	}
	return n
}

// frbLibraryCalendar is the Federal Reserve's calendar built directly with
// the library: every us.Holidays entry, with Sunday-only substitution.
func frbLibraryCalendar() *cal.BusinessCalendar {
	sundayOnly := []cal.AltDay{{Day: time.Sunday, Offset: 1}}
	c := cal.NewBusinessCalendar()
	for _, h := range us.Holidays {
		c.AddHoliday(h.Clone(&cal.Holiday{Observed: sundayOnly}))
	}
	return c
}

// TestAgreesWithLibraryCalendar compares every day of 1990–2100 with the
// library's own business calendar built the same way.
func TestAgreesWithLibraryCalendar(t *testing.T) {
	c := fedcal.New(fedcal.Overrides{})
	lib := frbLibraryCalendar()
	end := d("2100-12-31")
	for day := d("1990-01-01"); !day.After(end); day = day.AddDays(1) {
		tm := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, cal.DefaultLoc)
		if c.IsBusinessDay(day) != lib.IsWorkday(tm) {
			t.Fatalf("%v: fedcal says business day %v, library %v", day, c.IsBusinessDay(day), lib.IsWorkday(tm))
		}
	}
	start := time.Date(2026, time.December, 24, 12, 0, 0, 0, cal.DefaultLoc)
	assert.Equal(t, d("2026-12-28"), fedcal.DateOf(lib.WorkdaysFrom(start, 1)))
}

// TestLibraryDefaultRuleIsNotTheFeds records why the holidays are cloned:
// the library's own US rule moves Saturday holidays to Friday and so closes
// Fridays on which the Fed is open.
func TestLibraryDefaultRuleIsNotTheFeds(t *testing.T) {
	lib := cal.NewBusinessCalendar()
	lib.AddHoliday(us.Holidays...)
	c := fedcal.New(fedcal.Overrides{})
	for _, s := range []string{"2021-12-31", "2026-07-03", "2027-06-18", "2027-12-24", "2027-12-31"} {
		day := d(s)
		tm := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, cal.DefaultLoc)
		assert.False(t, lib.IsWorkday(tm), "library default closes %s", s)
		assert.True(t, c.IsBusinessDay(day), "the Fed is open on %s", s)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := fedcal.New(fedcal.Overrides{Closed: []fedcal.Date{d("2025-01-09")}, Open: []fedcal.Date{d("2026-11-11")}})
	want := map[fedcal.Date]bool{}
	for day := d("2025-01-01"); day.Year < 2028; day = day.AddDays(1) {
		want[day] = c.IsBusinessDay(day)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for day, open := range want {
				if c.IsBusinessDay(day) != open {
					t.Errorf("goroutine %d: %v changed", g, day)
					return
				}
				c.Holiday(day)
				c.AddBusinessDays(day, g-4)
			}
			// Years off the precomputed table are computed on the fly.
			c.IsBusinessDay(fedcal.Date{Year: 2500 + g, Month: time.July, Day: 4})
		}(g)
	}
	wg.Wait()
}
