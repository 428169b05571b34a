package rules

import (
	"github.com/payspec/payspec/api"
	"slices"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate/problem"
)

// recurrenceUpdates is the catalogue's operation group of series updates.
var recurrenceUpdates = []string{api.OpUpdateRecurrence}

// frequencies are the values the provider lists for a recurrence's
// frequency (v4 declares them as an enum; v3, debits and updates in prose).
var frequencies = []string{"Daily", "Weekly", "BiWeekly", "Monthly", "Quarterly", "SemiAnnually", "Yearly"}

// checkFrequency reports a frequency outside the provider's list.
func (c *Checker) checkFrequency(r *report, ptr string, f *string) {
	if f != nil && !slices.Contains(frequencies, *f) {
		r.add(RuleRecurrenceFrequency, ptr, "must be one of "+joinCodes(frequencies))
	}
}

// CheckRecurrenceUpdate runs the rules of a change to a recurring series:
// something to change, one way to end the series, a known frequency with
// the date it starts from, dates that are real and not past, a count from
// 1 to 9999 and a positive amount.
func (c *Checker) CheckRecurrenceUpdate(p *finzly.RecurrenceUpdate, env Env) problem.Problems {
	r := &report{c: c}
	if *p == (finzly.RecurrenceUpdate{}) {
		r.add(RuleRecurrenceUpdateEmpty, "", "changes nothing: give endDate, numberOfPayments, frequency, amount or nextPaymentDate")
	}
	if p.EndDate != nil && p.NumberOfPayments != nil {
		r.add(RuleRecurrenceUpdateEnd, "/numberOfPayments", "cannot be given with endDate: a series ends on a date or after a number of payments")
	}
	c.checkFrequency(r, "/frequency", p.Frequency)
	next, nextOK := env.Today, false
	switch {
	case p.NextPaymentDate != nil:
		next, nextOK = checkDateNotPast(r, "/nextPaymentDate", *p.NextPaymentDate, env.Today)
	case p.Frequency != nil:
		r.add(RuleRecurrenceNextDate, "/nextPaymentDate", "is required when frequency changes")
	}
	if p.EndDate != nil {
		end, ok := checkDateNotPast(r, "/endDate", *p.EndDate, env.Today)
		if ok && nextOK && !end.After(next) {
			r.add(RuleRecurrenceEndDate, "/endDate", "must fall after nextPaymentDate")
		}
	}
	if n := p.NumberOfPayments; n != nil && (*n < 1 || *n > 9999) {
		r.add(RuleRecurrenceCount, "/numberOfPayments", "must be between 1 and 9999")
	}
	if a := p.Amount; a != nil && a.Sign() <= 0 {
		r.add(RuleAmountNotPositive, "/amount", "must be above zero")
	}
	return r.done()
}
