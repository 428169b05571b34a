package fedcal

import (
	"cmp"
	"errors"
	"fmt"
	"time"
)

// ErrInvalidDate is wrapped by every error ParseDate, UnmarshalText and
// MarshalText return, so callers can test for it with errors.Is.
var ErrInvalidDate = errors.New("fedcal: invalid date")

// Date is a day on the civil (proleptic Gregorian) calendar with no time of
// day and no location. Settlement and holiday questions are about days, not
// instants, so the calendar works on Date rather than time.Time; use DateOf
// to get the Date of an instant in a chosen location (normally
// America/New_York, where the Federal Reserve keeps its calendar).
//
// The zero value is not a valid date. A Date built from a literal may hold
// an impossible day such as February 30; Valid reports that, and the
// Calendar methods and AddDays read such a value the way time.Date does
// (February 30 is taken as 1 or 2 March). ParseDate and UnmarshalText never
// produce one.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// layout is the only text form Date accepts and produces.
const layout = "2006-01-02"

// MakeDate returns the Date for year, month and day, normalized the way
// time.Date normalizes out-of-range values.
func MakeDate(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}.normalize()
}

// DateOf returns the day on which the instant t falls in t's own location.
// Convert t first (t.In(loc)) to ask about another location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads a date written exactly as YYYY-MM-DD: four-digit year,
// two-digit month and two-digit day, with nothing before or after. The day
// must exist: "2027-02-30" is refused rather than moved into March.
func ParseDate(s string) (Date, error) {
	if len(s) != len(layout) {
		return Date{}, fmt.Errorf("%w %q: want the form YYYY-MM-DD", ErrInvalidDate, s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 4 || i == 7 {
			if c != '-' {
				return Date{}, fmt.Errorf("%w %q: want the form YYYY-MM-DD", ErrInvalidDate, s)
			}
			continue
		}
		if c < '0' || c > '9' {
			return Date{}, fmt.Errorf("%w %q: want the form YYYY-MM-DD", ErrInvalidDate, s)
		}
	}
	num := func(b string) int {
		n := 0
		for i := 0; i < len(b); i++ {
			n = n*10 + int(b[i]-'0')
		}
		return n
	}
	d := Date{Year: num(s[0:4]), Month: time.Month(num(s[5:7])), Day: num(s[8:10])}
	if d.Month < time.January || d.Month > time.December {
		return Date{}, fmt.Errorf("%w %q: month %02d is not between 01 and 12", ErrInvalidDate, s, int(d.Month))
	}
	if n := daysIn(d.Year, d.Month); d.Day < 1 || d.Day > n {
		return Date{}, fmt.Errorf("%w %q: %s %d has days 01 to %02d, not %02d", ErrInvalidDate, s, d.Month, d.Year, n, d.Day)
	}
	return d, nil
}

// MustParseDate is ParseDate for constants in code and tests: it panics on
// a malformed date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// daysIn returns the number of days in month of year.
func daysIn(year int, month time.Month) int {
	switch month {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	default:
		return 31
	}
}

// Valid reports whether d names a day that exists.
func (d Date) Valid() bool {
	return d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// normalize folds an impossible day into the real one time.Date would give.
func (d Date) normalize() Date {
	// Fast path: every month has days 1 to 28.
	if d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && d.Day <= 28 {
		return d
	}
	if d.Valid() {
		return d
	}
	return DateOf(d.noon())
}

// noon is d at midday UTC; midday keeps any arithmetic clear of day edges.
func (d Date) noon() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// String formats d as YYYY-MM-DD. Years outside 0000–9999 and impossible
// days are still printed field by field, so the result is then not
// accepted by ParseDate.
func (d Date) String() string {
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	// The common case without fmt: answers and records print dates often.
	b := [10]byte{'0', '0', '0', '0', '-', '0', '0', '-', '0', '0'}
	y := d.Year
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + y%10)
		y /= 10
	}
	b[5], b[6] = byte('0'+int(d.Month)/10), byte('0'+int(d.Month)%10)
	b[8], b[9] = byte('0'+d.Day/10), byte('0'+d.Day%10)
	return string(b[:])
}

// MarshalText writes d as YYYY-MM-DD. It refuses a Date that ParseDate
// could not read back: an impossible day or a year outside 0000–9999.
func (d Date) MarshalText() ([]byte, error) {
	if !d.Valid() || d.Year < 0 || d.Year > 9999 {
		return nil, fmt.Errorf("%w: cannot write %d-%d-%d as YYYY-MM-DD", ErrInvalidDate, d.Year, int(d.Month), d.Day)
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads a date with ParseDate, so JSON strings and YAML
// scalars such as 2025-01-09 decode into a Date.
func (d *Date) UnmarshalText(text []byte) error {
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.noon().Weekday() }

// AddDays returns the date n calendar days after d (before d if n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.noon().AddDate(0, 0, n)) }

// Compare returns -1 if d is before e, 0 if they are the same fields and
// +1 if d is after e. It compares the fields as given: normalize with
// MakeDate first if either may hold an impossible day.
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }
