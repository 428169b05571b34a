package rules

import (
	"slices"

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
