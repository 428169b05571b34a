package rules

import (
	"time"

	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// Rail is a payment network a speed is sent over.
type Rail string

// Rails known to the rules.
const (
	RailACH        Rail = "ACH"          // standard (next-day or later) ACH
	RailSameDayACH Rail = "SAME_DAY_ACH" // Same Day ACH
	RailFedwire    Rail = "FEDWIRE"      // Fedwire Funds
	RailRTP        Rail = "RTP"          // The Clearing House RTP
	RailFedNow     Rail = "FEDNOW"       // FedNow
	RailSWIFT      Rail = "SWIFT"        // international, over SWIFT
)

// Rails lists every rail, in a fixed order.
func Rails() []Rail {
	return []Rail{RailACH, RailSameDayACH, RailFedwire, RailRTP, RailFedNow, RailSWIFT}
}

func knownRail(r Rail) bool {
	for _, k := range Rails() {
		if k == r {
			return true
		}
	}
	return false
}

// isACH reports whether the rail is an ACH rail.
func (r Rail) isACH() bool { return r == RailACH || r == RailSameDayACH }

// domestic reports whether the rail is a US rail that carries USD only.
func (r Rail) domestic() bool { return r != RailSWIFT }

// instant reports whether the rail is one of the instant ones, RTP and
// FedNow.
func (r Rail) instant() bool { return r == RailRTP || r == RailFedNow }

// businessDaysOnly reports whether the rail settles on Federal Reserve
// business days only; RTP and FedNow run every day.
func (r Rail) businessDaysOnly() bool { return r != RailRTP && r != RailFedNow }

// notesLimit is how many characters of paymentNotes the rail carries
// (Finzly's v4 credit page: ACH 10, the others 140).
func (r Rail) notesLimit() int {
	if r.isACH() {
		return 10
	}
	return 140
}

// remittanceLimit is the length of paymentRemittanceNotes the rail
// accepts (ACH addenda 80, the others 140); 0 when the rail has none.
func (r Rail) remittanceLimit() int {
	switch {
	case r.isACH():
		return 80
	case r == RailFedwire:
		return 0
	default:
		return 140
	}
}

// networkStep is a network per-payment maximum from a date on.
type networkStep struct {
	from fedcal.Date
	max  money.Amount
}

// networkMaximum is each rail's network ceiling over time (docs/rules.md,
// "Rail limits", names the public source of each).
// A configured limit may not exceed the ceiling in force on its own
// effective date. SWIFT has no network ceiling.
var networkMaximum = map[Rail][]networkStep{
	RailRTP: {
		{date(2017, 11, 14), money.MustParse("25000")},
		{date(2020, 2, 1), money.MustParse("100000")},
		{date(2022, 4, 18), money.MustParse("1000000")},
		{date(2025, 2, 9), money.MustParse("10000000")},
	},
	// FedNow's move to $10M was announced for November 2025 without a
	// day; the 1st is assumed.
	RailFedNow: {
		{date(2023, 7, 20), money.MustParse("500000")},
		{date(2025, 6, 24), money.MustParse("1000000")},
		{date(2025, 11, 1), money.MustParse("10000000")},
	},
	RailSameDayACH: {
		{date(2016, 9, 23), money.MustParse("25000")},
		{date(2020, 3, 20), money.MustParse("100000")},
		{date(2022, 3, 18), money.MustParse("1000000")},
	},
	// The Fedwire amount field holds 12 digits with two implied decimals.
	RailFedwire: {{date(1900, 1, 1), money.MustParse("9999999999.99")}},
	// The ACH entry amount field holds 10 digits in cents.
	RailACH: {{date(1900, 1, 1), money.MustParse("99999999.99")}},
}

// networkMax returns the ceiling in force on d, and false when the rail
// has none. Before a network's first ceiling took effect, its launch
// ceiling applies: a limit or a payment dated before the network existed
// is held to the first figure it ever had, not let through.
func networkMax(r Rail, d fedcal.Date) (money.Amount, bool) {
	steps := networkMaximum[r]
	if len(steps) == 0 {
		return money.Amount{}, false
	}
	out := steps[0].max
	for _, s := range steps[1:] {
		if s.from.After(d) {
			break
		}
		out = s.max
	}
	return out, true
}

func date(y, m, d int) fedcal.Date { return fedcal.MakeDate(y, time.Month(m), d) }
