// Package fedcal is the Federal Reserve business-day calendar: which days
// the Fed settles ACH and Fedwire payments, for any year, with a list of
// overrides for closures and openings that no rule predicts.
//
// A business day is a Monday to Friday that is not a Fed holiday. The Fed
// keeps the 11 federal holidays of 5 U.S.C. 6103 (Juneteenth from 2021 on),
// but moves them differently from the federal-employee rule:
//
//   - a holiday on a Sunday closes the Fed on the Monday after it;
//   - a holiday on a Saturday closes nothing extra: the Friday before it is
//     an ordinary business day (so are 2026-07-03, 2027-06-18, 2027-12-24
//     and 2027-12-31).
//
// ACH, Fedwire and SWIFT settle on these business days only; RTP and
// FedNow settle every day and do not need this package.
//
// The holiday rules come from github.com/rickar/cal/v2/us. That package
// moves Saturday holidays to Friday, so each of its holidays is cloned here
// with a Sunday-only substitution rule. The current rules are applied to
// every year, including years before a holiday took its present form
// (Martin Luther King Jr. Day before 1986, for instance): dates far in the
// past are not historically exact.
//
// Days are civil dates (Date), not instants. The Fed's calendar is kept in
// Eastern time, so take the Date of an instant in America/New_York:
// fedcal.DateOf(t.In(ny)).
package fedcal

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/us"
)

// ClosedByOverride is the name Holiday gives a day that is closed only
// because it is listed in Overrides.Closed.
const ClosedByOverride = "closed by override"

// Overrides adjusts the rule-based calendar with days no rule can predict.
//
// Closed lists extra days the Fed is closed, such as an ad-hoc closure
// announced for a national day of mourning.
//
// Open lists days that are business days even though a holiday falls on
// them. Open only re-opens weekdays: a Saturday or Sunday listed in Open is
// still closed, because no Fed service settles on weekends. A day listed in
// both Closed and Open is closed: the cautious answer wins.
type Overrides struct {
	Closed []Date `json:"closed,omitempty" yaml:"closed,omitempty"`
	Open   []Date `json:"open,omitempty" yaml:"open,omitempty"`
}

// Validate reports mistakes in o that New accepts without complaint: an
// impossible date, a day listed as both closed and open, and an Open day
// that changes nothing because it is a weekend or not a holiday.
func (o Overrides) Validate() error {
	var errs []error
	closed := make(map[Date]bool, len(o.Closed))
	for _, d := range o.Closed {
		if !d.Valid() {
			errs = append(errs, fmt.Errorf("fedcal: closed day %v is not a real date", d))
		}
		closed[d.normalize()] = true
	}
	for _, d := range o.Open {
		if !d.Valid() {
			errs = append(errs, fmt.Errorf("fedcal: open day %v is not a real date", d))
		}
		n := d.normalize()
		_, holiday := holidayOn(n)
		switch {
		case closed[n]:
			errs = append(errs, fmt.Errorf("fedcal: %v is listed as both closed and open; it stays closed", n))
		case isWeekend(n.Weekday()):
			errs = append(errs, fmt.Errorf("fedcal: open day %v is a %v; weekends cannot be opened", n, n.Weekday()))
		case !holiday:
			errs = append(errs, fmt.Errorf("fedcal: open day %v is not a Fed holiday; listing it changes nothing", n))
		}
	}
	return errors.Join(errs...)
}

// Calendar answers business-day questions for the Federal Reserve. Build
// one with New; it is never changed afterwards, so one Calendar may be used
// from many goroutines at once. A nil *Calendar or a zero Calendar is the
// plain Fed calendar with no overrides.
type Calendar struct {
	closed map[Date]struct{}
	open   map[Date]struct{}
}

// New returns the Fed calendar adjusted by o. Dates in o that name an
// impossible day (such as February 30) are normalized as time.Date would;
// use Overrides.Validate to catch them, and other mistakes, in
// configuration.
func New(o Overrides) *Calendar {
	c := &Calendar{}
	if len(o.Closed) > 0 {
		c.closed = make(map[Date]struct{}, len(o.Closed))
		for _, d := range o.Closed {
			c.closed[d.normalize()] = struct{}{}
		}
	}
	if len(o.Open) > 0 {
		c.open = make(map[Date]struct{}, len(o.Open))
		for _, d := range o.Open {
			c.open[d.normalize()] = struct{}{}
		}
	}
	return c
}

func (c *Calendar) isClosed(d Date) bool {
	if c == nil || c.closed == nil {
		return false
	}
	_, ok := c.closed[d]
	return ok
}

func (c *Calendar) isOpen(d Date) bool {
	if c == nil || c.open == nil {
		return false
	}
	_, ok := c.open[d]
	return ok
}

func isWeekend(w time.Weekday) bool { return w == time.Saturday || w == time.Sunday }

// IsBusinessDay reports whether the Fed settles on d: d is Monday to
// Friday, is not a Fed holiday or the Monday that stands in for a Sunday
// holiday (unless listed in Overrides.Open), and is not listed in
// Overrides.Closed.
func (c *Calendar) IsBusinessDay(d Date) bool {
	d = d.normalize()
	if isWeekend(d.Weekday()) || c.isClosed(d) {
		return false
	}
	if _, ok := holidayOn(d); ok {
		return c.isOpen(d)
	}
	return true
}

// Holiday reports why the Fed is closed on d when the reason is not just
// the weekend. It returns the holiday's name for the holiday itself (a
// Saturday or Sunday one included), the name followed by " (observed)" for
// the Monday that stands in for a Sunday holiday, and ClosedByOverride for
// a day closed only by Overrides.Closed. It returns ok false for business
// days, ordinary weekends and holidays re-opened by Overrides.Open.
func (c *Calendar) Holiday(d Date) (name string, ok bool) {
	d = d.normalize()
	if h, ok := holidayOn(d); ok && (isWeekend(d.Weekday()) || c.isClosed(d) || !c.isOpen(d)) {
		return h.label(), true
	}
	if c.isClosed(d) {
		return ClosedByOverride, true
	}
	return "", false
}

// BusinessDayOnOrAfter returns the first business day on or after d: d
// itself when it is a business day, otherwise the first one after it.
func (c *Calendar) BusinessDayOnOrAfter(d Date) Date {
	d = d.normalize()
	for !c.IsBusinessDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddBusinessDays counts n business days on from d and returns the day it
// lands on; d itself is never counted. With n < 0 it counts backwards. With
// n == 0 it returns d unchanged (normalized), even if d is not a business
// day: use BusinessDayOnOrAfter to roll a day forward onto a business day.
//
// AddBusinessDays(2026-12-24, 1) is Monday 2026-12-28, because Christmas
// Day 2026 is a Friday.
func (c *Calendar) AddBusinessDays(d Date, n int) Date {
	d = d.normalize()
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsBusinessDay(d) {
			n--
		}
	}
	return d
}

// closure is one day the holiday rules close: the holiday's own date, or
// the Monday after a Sunday holiday (observed).
type closure struct {
	name     string
	observed bool
}

func (h closure) label() string {
	if h.observed {
		return h.name + " (observed)"
	}
	return h.name
}

// sundayOnly moves a Sunday holiday to Monday and leaves a Saturday one
// where it is, which is how the Fed observes holidays.
var sundayOnly = []cal.AltDay{{Day: time.Sunday, Offset: 1}}

// rules are the Fed's 11 holidays. They are named one by one rather than
// taken from us.Holidays so that a holiday added to that list in a later
// release cannot silently close the Fed; a test checks the two still
// match. The names are the legal names in 5 U.S.C. 6103, not the
// library's short ones.
var rules = []*cal.Holiday{
	fed(us.NewYear, "New Year's Day", 0),
	fed(us.MlkDay, "Birthday of Martin Luther King, Jr.", 0),
	fed(us.PresidentsDay, "Washington's Birthday", 0),
	fed(us.MemorialDay, "Memorial Day", 0),
	// Juneteenth is a holiday from 2021 on, as in the library; set here
	// too so the start year does not hang on the library's value. 19 June
	// 2021 was a Saturday, so under the Fed's rule it closed no weekday.
	fed(us.Juneteenth, "Juneteenth National Independence Day", 2021),
	fed(us.IndependenceDay, "Independence Day", 0),
	fed(us.LaborDay, "Labor Day", 0),
	fed(us.ColumbusDay, "Columbus Day", 0),
	fed(us.VeteransDay, "Veterans Day", 0),
	fed(us.ThanksgivingDay, "Thanksgiving Day", 0),
	fed(us.ChristmasDay, "Christmas Day", 0),
}

// fed clones a library holiday with the Fed's substitution rule, its name
// and, where given, the first year it applies.
func fed(h *cal.Holiday, name string, startYear int) *cal.Holiday {
	return h.Clone(&cal.Holiday{Name: name, StartYear: startYear, Observed: sundayOnly})
}

// closuresIn lists the days the rules close for the holidays of year. A
// Sunday-to-Monday move never crosses a year end for the Fed's holidays,
// but the dates are taken as computed, so nothing here depends on that.
func closuresIn(year int, add func(Date, closure)) {
	for _, h := range rules {
		actual, observed := h.Calc(year)
		if actual.IsZero() {
			continue // the holiday did not exist that year
		}
		// Calc works in cal.DefaultLoc; only the calendar day is used.
		a := DateOf(actual)
		add(a, closure{name: h.Name})
		if o := DateOf(observed); o != a {
			add(o, closure{name: h.Name, observed: true})
		}
	}
}

// yearClosures caches each year's closures, worked out on first use; a
// year never changes, so entries are never replaced.
var yearClosures sync.Map // int → map[Date]closure

// closuresOf returns the days the holiday rules close in year.
func closuresOf(year int) map[Date]closure {
	if m, ok := yearClosures.Load(year); ok {
		return m.(map[Date]closure)
	}
	m := make(map[Date]closure, 13)
	closuresIn(year, func(d Date, h closure) {
		// A holiday's own date outranks another one's observed day.
		if prev, ok := m[d]; ok && !prev.observed {
			return
		}
		m[d] = h
	})
	actual, _ := yearClosures.LoadOrStore(year, m)
	return actual.(map[Date]closure)
}

// holidayOn returns the closure the holiday rules put on d, if any. The
// years on either side are consulted too, since an observed day can fall
// in the next year.
func holidayOn(d Date) (closure, bool) {
	h, ok := closuresOn(d.Year)[d]
	return h, ok
}

// closuresOnYear caches, for each year, the closures that fall on its
// days, worked out once from the rules of that year and of the years on
// either side.
var closuresOnYear sync.Map // int → map[Date]closure

// closuresOn returns the closures that fall on days of year: of the years
// year-1, year and year+1 in turn, the first that falls on a day, unless
// it is an observed day and a later one falls there too.
func closuresOn(year int) map[Date]closure {
	if m, ok := closuresOnYear.Load(year); ok {
		return m.(map[Date]closure)
	}
	m := make(map[Date]closure, 13)
	for y := year - 1; y <= year+1; y++ {
		for d, h := range closuresOf(y) {
			if found, ok := m[d]; d.Year == year && (!ok || found.observed) {
				m[d] = h
			}
		}
	}
	actual, _ := closuresOnYear.LoadOrStore(year, m)
	return actual.(map[Date]closure)
}
