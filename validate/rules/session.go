package rules

import (
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// sessionDueDays is how many calendar days after today a session's
// due_date must at least be (create-payment-session page).
const sessionDueDays = 5

// CheckCreatePaymentSession runs the rules of a hosted payment session:
// recipients and items that each add up exactly to the amount in its
// currency, a payout currency Redpin pays out in (if configured), a due
// date at least five calendar days away and the purpose code list (if
// configured).
func (c *Checker) CheckCreatePaymentSession(p *redpin.CreatePaymentSessionRequest, env Env) problem.Problems {
	r := &report{c: c}
	c.checkPayoutAmount(r, "/amount", p.Amount)
	c.checkRecipientShares(r, "/recipients", p.Amount, p.Recipients, "session")
	items := make([]redpin.Amount, len(p.Items))
	for i, it := range p.Items {
		items[i] = it.Amount
	}
	c.checkShares(r, "/items", p.Amount, items, "session", "item")

	if !env.Today.IsZero() {
		due := fedcal.DateOf(p.DueDate.Time)
		if earliest := env.Today.AddDays(sessionDueDays); due.Before(earliest) {
			r.add(RuleSessionDueDate, "/due_date", "must be at least 5 calendar days after today ("+env.Today.String()+"), on or after "+earliest.String())
		}
	}
	c.checkPurpose(r, p.PurposeOfTransaction)
	return r.done()
}
