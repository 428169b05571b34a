package rules

import (
	"github.com/payspec/payspec/api"
	"strconv"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules/bankid"
)

// waterfalls is the catalogue's operation group of waterfall batches.
var waterfalls = []string{api.OpCreateWaterfallTransfer}

// CheckWaterfallTransfer runs the rules of a waterfall batch: each
// paymentIndex once, positive USD amounts in cents, valid routing numbers
// and two different accounts per transfer.
func (c *Checker) CheckWaterfallTransfer(p *finzly.WaterfallTransferRequest, _ Env) problem.Problems {
	r := &report{c: c}
	seen := map[int32]bool{}
	for i, pay := range p.Payments {
		ptr := "/payments/" + strconv.Itoa(i)
		if seen[pay.PaymentIndex] {
			r.add(RuleWaterfallIndex, ptr+"/paymentIndex", "repeats an earlier paymentIndex; each transfer has its own place in the run")
		}
		seen[pay.PaymentIndex] = true
		if pay.PaymentAmount.Sign() <= 0 {
			r.add(RuleAmountNotPositive, ptr+"/paymentAmount", "must be above zero")
		}
		c.checkDecimals(r, ptr+"/paymentAmount", pay.PaymentAmount, "USD")
		for _, acc := range []struct {
			name string
			a    finzly.WaterfallAccount
		}{{"debtorAccount", pay.DebtorAccount}, {"creditorAccount", pay.CreditorAccount}} {
			if err := bankid.CheckABA(acc.a.RoutingNumber); err != nil {
				r.add(RuleBankABA, ptr+"/"+acc.name+"/routingNumber", "is not a valid ABA routing number ("+reason(err)+")")
			}
		}
		if pay.DebtorAccount.AccountNumber == pay.CreditorAccount.AccountNumber &&
			pay.DebtorAccount.RoutingNumber == pay.CreditorAccount.RoutingNumber {
			r.add(RuleBookSameAccount, ptr+"/creditorAccount", "is the same account as debtorAccount")
		}
	}
	return r.done()
}
