package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/payspec/payspec/validate/rules/fedcal"
)

// networkCutoff is the latest time of day (America/New_York) a network
// takes a payment for settlement that day: Same Day ACH's last input
// deadline and Fedwire's customer-transfer cut-off. A bank's own cut-off
// may be earlier, never later.
var networkCutoff = map[Rail]time.Duration{
	RailSameDayACH: 16*time.Hour + 45*time.Minute,
	RailFedwire:    18*time.Hour + 45*time.Minute,
}

// mergeCutoffs lays the file's cut-offs over c's, rail by rail.
func (cf *configFile) mergeCutoffs(c *Config, cutoffs map[string]string) {
	if cutoffs == nil {
		return
	}
	if cf.replace["cutoffs"] {
		c.Cutoffs = map[Rail]time.Duration{}
	}
	for _, name := range sortedKeys(cutoffs) {
		at := []any{"cutoffs", name}
		rail := Rail(name)
		if !knownRail(rail) {
			cf.addf(at, "unknown rail %q (known: %s)", name, railList())
			continue
		}
		t, err := parseTimeOfDay(cutoffs[name])
		if err != nil {
			cf.addf(at, "%v", err)
			continue
		}
		if net, ok := networkCutoff[rail]; ok && t > net {
			cf.addf(at, "%s is after the %s network's cut-off of %s", cutoffs[name], rail, timeOfDay(net))
			continue
		}
		c.Cutoffs[rail] = t
	}
}

// parseTimeOfDay reads a time of day written HH:MM, two digits each, 00:00
// to 23:59.
func parseTimeOfDay(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a time of day written HH:MM (00:00 to 23:59)", s)
	hh, mm, ok := strings.Cut(s, ":")
	if !ok || !twoDigits(hh) || !twoDigits(mm) {
		return 0, bad
	}
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	if h > 23 || m > 59 {
		return 0, bad
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

func twoDigits(s string) bool {
	return len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
}

// timeOfDay writes a time of day as HH:MM.
func timeOfDay(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// checkCutoff warns about a payment dated today (day, a date the payment
// gives: without one, the provider picks the earliest date it can still
// make) that arrives after the cut-off of every rail its speed may take:
// the bank then moves it to the next business day or refuses it. It needs
// the moment of submission (Env.Now) and is skipped without it.
func (c *Checker) checkCutoff(r *report, rs railSet, day fedcal.Date, env Env) {
	if env.Now.IsZero() || len(rs) == 0 || day != env.Today || fedcal.DateOf(env.Now.In(c.newYork)) != env.Today {
		return
	}
	for _, rail := range rs {
		if !c.PastCutoff(rail, env.Now) {
			return // a rail of the speed still takes it today
		}
	}
	first := rs[0]
	r.add(RuleCutoffPassed, "/paymentDate", "is today, past the "+string(first)+" cut-off of "+timeOfDay(c.cfg.Cutoffs[first])+
		" (America/New_York): the bank moves the payment to its next business day or refuses it")
}
