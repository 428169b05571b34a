package finzly

import (
	"time"

	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// A Finzly payment's schedule, in sandbox time. A payment dated in the
// future is FUTURE_DATED until its date begins (New York time); it is then
// INITIATED, VALIDATED a moment later, handed to its network
// (TRANSMITTED_TO_FED for the Federal Reserve's rails, TRANSMITTED for the
// others) and PROCESSED when the rail settles. The rails that settle on
// business days only take the payment on its business day: its date, or
// the first business day after it when the date is a weekend or holiday.
//
//   - RTP and FedNow: within a minute, any day;
//   - Fedwire: within the hour of its business day (45 minutes after it
//     begins);
//   - Same Day ACH: 17:00 on its business day;
//   - ACH: 08:30 on the business day after its business day;
//   - SWIFT: 10:00 on the settlement day (ON its business day, TN one
//     business day later, SPOT two);
//   - book and waterfall transfers: a minute after they begin, any day.
//
// Business days are the Federal Reserve's, with the rules configuration's
// closed and open days, as the rules judge payment dates.

// fzStep is a status and when it takes effect.
type fzStep struct {
	status string
	at     time.Time
}

// schedule returns the payment's path from now.
func (f *Service) schedule(p *fzPayment, now time.Time) []lifecycle.Step {
	if p.Incoming {
		return []lifecycle.Step{{Status: fzProcessed}}
	}
	zone := f.env.Clock.Zone()
	begin := midnight(p.PaymentDate, zone)
	var steps []fzStep
	if begin.After(now) {
		steps = append(steps, fzStep{fzFutureDated, now})
	} else {
		begin = now
	}
	steps = append(steps, fzStep{fzInitiated, begin})
	steps = append(steps, f.processing(p, begin)...)
	return relative(steps)
}

// processing is what follows INITIATED on the payment's rail.
func (f *Service) processing(p *fzPayment, begin time.Time) []fzStep {
	rail := railOf(p)
	if p.DeliveryMethod == "BOOK" || rail == "BOOK" {
		return []fzStep{{fzProcessed, begin.Add(time.Minute)}}
	}
	cal := f.env.Checker.Calendar()
	zone := f.env.Clock.Zone()
	day := cal.BusinessDayOnOrAfter(p.PaymentDate) // the business day the rail takes it on
	switch rail {
	case rules.RailRTP, rules.RailFedNow:
		return []fzStep{{fzValidated, begin.Add(10 * time.Second)}, {fzTransmitted, begin.Add(20 * time.Second)},
			{fzProcessed, begin.Add(30 * time.Second)}}
	case rules.RailFedwire:
		return fedSteps(begin, later(midnight(day, zone).Add(45*time.Minute), begin.Add(45*time.Minute)))
	case rules.RailSameDayACH:
		return fedSteps(begin, later(at(day, 17, 0, zone), begin.Add(2*time.Hour)))
	case rules.RailSWIFT:
		days := map[string]int{"SPOT": 2, "TN": 1}[p.Speed]
		settle := at(cal.AddBusinessDays(day, days), 10, 0, zone)
		return []fzStep{{fzValidated, begin.Add(2 * time.Minute)}, {fzTransmitted, begin.Add(30 * time.Minute)},
			{fzProcessed, later(settle, begin.Add(time.Hour))}}
	}
	settle := at(cal.AddBusinessDays(day, 1), 8, 30, zone)
	return fedSteps(begin, later(settle, begin.Add(2*time.Hour)))
}

// fedSteps is the path of a payment handed to the Federal Reserve.
func fedSteps(begin, settle time.Time) []fzStep {
	return []fzStep{{fzValidated, begin.Add(2 * time.Minute)}, {fzToFed, begin.Add(15 * time.Minute)},
		{fzProcessed, later(settle, begin.Add(30*time.Minute))}}
}

// relative turns absolute steps into a path of waits.
func relative(steps []fzStep) []lifecycle.Step {
	out := make([]lifecycle.Step, len(steps))
	for i, st := range steps {
		out[i] = lifecycle.Step{Status: st.status}
		if i > 0 {
			out[i].After = st.at.Sub(steps[i-1].at)
		}
	}
	return out
}

func midnight(d fedcal.Date, zone *time.Location) time.Time { return at(d, 0, 0, zone) }

func at(d fedcal.Date, hour, minute int, zone *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, zone)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
