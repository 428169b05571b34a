package rules

import (
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules/bankid"
)

// CheckBookTransfer runs the rules of a book transfer: a positive amount
// in the account currency's decimals, a date not in the past, two distinct
// identified accounts and valid routing numbers.
func (c *Checker) CheckBookTransfer(p *finzly.BookTransferRequest, env Env) problem.Problems {
	r := &report{c: c}
	if p.PaymentAmount.Sign() <= 0 {
		r.add(RuleAmountNotPositive, "/paymentAmount", "must be above zero")
	}
	cur := "USD"
	if p.SenderAccount.Currency != nil {
		cur = upperCurrency(r, "/senderAccount/currency", *p.SenderAccount.Currency)
	}
	if p.ReceiverAccount.Currency != nil {
		upperCurrency(r, "/receiverAccount/currency", *p.ReceiverAccount.Currency)
	}
	c.checkDecimals(r, "/paymentAmount", p.PaymentAmount, cur)

	day, _ := checkPaymentDate(r, &p.PaymentDate, env.Today)
	if rec := p.Recurrence; rec != nil {
		checkRecurrence(r, rec.EndDate, rec.NumberOfPayments, day)
		c.checkFrequency(r, "/recurrence/frequency", &rec.Frequency)
	}

	accounts := []struct {
		ptr string
		a   finzly.BookTransferAccountFields
	}{{"/senderAccount", p.SenderAccount}, {"/receiverAccount", p.ReceiverAccount}}
	for _, acc := range accounts {
		if isBlank(acc.a.AccountUID) && isBlank(acc.a.AccountNumber) {
			r.add(RuleBookAccountID, acc.ptr, "must be identified by accountUID or accountNumber")
		}
		if rn := acc.a.RoutingNumber; rn != nil {
			if err := bankid.CheckABA(*rn); err != nil {
				r.add(RuleBankABA, acc.ptr+"/routingNumber", "is not a valid ABA routing number ("+reason(err)+")")
			}
		}
	}
	if sameAccount(p.SenderAccount, p.ReceiverAccount) {
		r.add(RuleBookSameAccount, "/receiverAccount", "is the same account as senderAccount")
	}
	return r.done()
}

// sameAccount reports whether two accounts are certainly the same one: the
// same accountUID, or the same account number at the same routing number.
func sameAccount(a, b finzly.BookTransferAccountFields) bool {
	if a.AccountUID != nil && b.AccountUID != nil {
		return *a.AccountUID == *b.AccountUID
	}
	if a.AccountNumber != nil && b.AccountNumber != nil {
		return *a.AccountNumber == *b.AccountNumber && deref(a.RoutingNumber) == deref(b.RoutingNumber)
	}
	return false
}
