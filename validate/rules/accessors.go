package rules

import (
	"slices"
	"time"

	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// RailsOf returns the rails the checker's configuration maps a speed to,
// in order of preference, and nil for an unknown speed. Servers that stand
// in for the provider (payspec's sandbox) route payments with it, so that
// they and the rules agree.
func (c *Checker) RailsOf(speed string) []Rail { return slices.Clone(c.cfg.Speeds[speed]) }

// Calendar is the business-day calendar the checker judges dates with:
// the Federal Reserve's, with the configuration's closed and open days.
func (c *Checker) Calendar() *fedcal.Calendar { return c.calendar }

// LimitOn returns the per-payment limit of a rail in force on a day: the
// configured one, held to the network's maximum on that day, or the
// network's maximum alone. It reports false for a rail with neither (SWIFT
// by default). AMOUNT_OVER_LIMIT judges payments against it, and servers
// that route payments by amount (payspec's sandbox) route with it.
func (c *Checker) LimitOn(rail Rail, day fedcal.Date) (money.Amount, bool) {
	limit, ok := c.cfg.limitOn(rail, day)
	if ceiling, capped := networkMax(rail, day); capped && (!ok || ceiling.Cmp(limit) < 0) {
		return ceiling, true
	}
	return limit, ok
}

// PastCutoff reports whether at, read in New York time, is at or past the
// rail's cut-off for the day: too late for a payment to settle that day. A
// rail without a cut-off (RTP and FedNow by default) is never past it.
// CUTOFF_PASSED judges payments with it, and servers that date undated
// payments (payspec's sandbox) date them with it.
func (c *Checker) PastCutoff(rail Rail, at time.Time) bool {
	cutoff, ok := c.cfg.Cutoffs[rail]
	if !ok {
		return false
	}
	at = at.In(c.newYork)
	sinceMidnight := time.Duration(at.Hour())*time.Hour + time.Duration(at.Minute())*time.Minute +
		time.Duration(at.Second())*time.Second
	return sinceMidnight >= cutoff
}
