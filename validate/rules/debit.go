package rules

import (
	"github.com/payspec/payspec/api"
	"slices"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules/bankid"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// debit is the catalogue's operation group of debits.
var debit = []string{api.OpCreateDebitPayment}

// debitPass is what the debit rules derive once from a request.
type debitPass struct {
	p     *finzly.DebitPaymentRequest
	info  finzly.AdditionalInfoDebitPayment // never nil: zero when absent
	rails railSet
	day   fedcal.Date // the payment date, or today
	env   Env
}

// debitSteps are the debit rules, in the order they report.
var debitSteps = []func(*Checker, *report, *debitPass){
	(*Checker).debitRails, (*Checker).debitAmount, (*Checker).debitACH,
	(*Checker).debitRequestForPayment, (*Checker).debitBanks,
}

// CheckDebitPayment runs the rail rules on a debit: a speed whose rails
// carry debits, a positive amount within the rail's limit and the
// currency's decimals, a SEC code that authorises a debit on ACH, the
// request-for-payment dates on RTP and FedNow, and valid bank identifiers.
func (c *Checker) CheckDebitPayment(p *finzly.DebitPaymentRequest, env Env) problem.Problems {
	r := &report{c: c}
	d := &debitPass{p: p, env: env}
	if p.AdditionalInfo != nil {
		d.info = *p.AdditionalInfo
	}
	rails, ok := c.cfg.Speeds[p.Speed]
	if !ok {
		r.add(RuleSpeedUnknown, "/speed", "speed is not configured; configured speeds are "+c.speedNames())
	}
	d.rails = railSet(rails)
	day, dated := checkPaymentDate(r, p.PaymentDate, env.Today)
	d.day = day
	if dated && d.rails.all(Rail.businessDaysOnly) && !c.calendar.IsBusinessDay(day) {
		r.add(RuleDateNotBusinessDay, "/paymentDate", c.closedReason(day)+"; "+d.rails.String()+" settles on Federal Reserve business days only")
	}
	if dated {
		c.checkCutoff(r, d.rails, day, env)
	}
	if rec := p.Recurrence; rec != nil {
		checkRecurrence(r, rec.EndDate, rec.NumberOfPayments, day)
		c.checkFrequency(r, "/recurrence/frequency", &rec.Frequency)
	}
	for _, step := range debitSteps {
		step(c, r, d)
	}
	return r.done()
}

// debitRails reports a speed none of whose rails carries debits.
func (c *Checker) debitRails(r *report, d *debitPass) {
	if len(d.rails) == 0 || d.rails.any(func(x Rail) bool { return slices.Contains(c.cfg.DebitRails, x) }) {
		return
	}
	r.add(RuleDebitRail, "/speed", d.rails.String()+" carries no debits here; debits go over "+railSet(c.cfg.DebitRails).String())
}

func (c *Checker) debitAmount(r *report, d *debitPass) {
	p := d.p
	currency := upperCurrency(r, "/paymentCurrency", p.PaymentCurrency)
	if p.PaymentAmount.Sign() <= 0 {
		r.add(RuleAmountNotPositive, "/paymentAmount", "must be above zero")
	} else if len(d.rails) > 0 {
		c.checkLimits(r, p.PaymentAmount, d.rails, d.day)
	}
	c.checkDecimals(r, "/paymentAmount", p.PaymentAmount, currency)
	switch {
	case !c.currencies.Active(currency):
		r.add(RuleCurrencyUnknown, "/paymentCurrency", "is not an active ISO 4217 currency code")
	case d.rails.all(Rail.domestic) && currency != "USD":
		r.add(RuleCurrencyDomesticUSD, "/paymentCurrency", d.rails.String()+" carries USD only")
	}
	if acc := p.Debtor.AccountCurrency; acc != nil {
		if up := upperCurrency(r, "/debtor/accountCurrency", *acc); !c.currencies.Active(up) {
			r.add(RuleCurrencyUnknown, "/debtor/accountCurrency", "is not an active ISO 4217 currency code")
		}
	}
	if f := p.Fee; f != nil && f.Amount != nil {
		if f.Amount.Sign() <= 0 || f.Amount.Cmp(feeMax) > 0 {
			r.add(RuleFeeAmount, "/fee/amount", "must be above zero and at most 10000000")
		}
		feeCurrency := "USD"
		if f.Currency != nil {
			feeCurrency = upperCurrency(r, "/fee/currency", *f.Currency)
		}
		c.checkDecimals(r, "/fee/amount", *f.Amount, feeCurrency)
	}
}

// debitACH checks the SEC code of an ACH debit: present, and one that
// authorises a debit.
func (c *Checker) debitACH(r *report, d *debitPass) {
	if !d.rails.any(Rail.isACH) {
		return
	}
	switch sec := d.info.SecCode; {
	case sec == nil:
		r.add(RuleACHSECRequired, "/additionalInfo/secCode", "is required for ACH debits")
	case !slices.Contains(c.cfg.DebitSECCodes, *sec):
		r.add(RuleDebitSECCode, "/additionalInfo/secCode", "does not authorise a debit; debit SEC codes are "+joinCodes(c.cfg.DebitSECCodes))
	case *sec == "IAT" && d.rails.has(RailSameDayACH):
		r.add(RuleACHIATSameDay, "/additionalInfo/secCode", "IAT entries cannot go by Same Day ACH")
	}
}

// debitRequestForPayment checks the dates of a request for payment, the
// form a debit takes on RTP and FedNow.
func (c *Checker) debitRequestForPayment(r *report, d *debitPass) {
	if !d.rails.any(func(x Rail) bool { return x == RailRTP || x == RailFedNow }) {
		return
	}
	const execPtr, expiryPtr = "/additionalInfo/requestedExecutionDate", "/additionalInfo/expiryDate"
	exec, execOK := d.env.Today, false
	switch e := d.info.RequestedExecutionDate; {
	case e == nil:
		r.add(RuleDebitRFPDates, execPtr, "is required for a request for payment over RTP or FedNow")
	default:
		exec, execOK = checkDateNotPast(r, execPtr, *e, d.env.Today)
	}
	if x := d.info.ExpiryDate; x != nil {
		expiry, ok := checkDateNotPast(r, expiryPtr, *x, d.env.Today)
		if ok && execOK && expiry.Before(exec) {
			r.add(RuleDebitRFPDates, expiryPtr, "falls before requestedExecutionDate")
		}
	}
}

// checkDateNotPast reads an MM-DD-YYYY date that must be real and not in
// the past; it reports whether the date could be read.
func checkDateNotPast(r *report, ptr, s string, today fedcal.Date) (fedcal.Date, bool) {
	d, ok := parseMDY(s)
	if !ok {
		r.add(RuleDateInvalid, ptr, "is not a real calendar date in MM-DD-YYYY")
		return today, false
	}
	if d.Before(today) {
		r.add(RuleDatePast, ptr, "is before today ("+formatMDY(today)+")")
	}
	return d, true
}

// debitBanks checks the ABA numbers of the creditor's and the debtor's
// banks.
func (c *Checker) debitBanks(r *report, d *debitPass) {
	cr := d.p.Creditor
	if cr.BankId != nil && deref(cr.BankIdType) == "NID" {
		if err := bankid.CheckABA(*cr.BankId); err != nil {
			r.add(RuleBankABA, "/creditor/bankId", "is not a valid ABA routing number ("+reason(err)+")")
		}
	}
	for name, b := range map[string]*finzly.Bank{"bank": d.p.Debtor.Bank, "intermediaryBank": d.p.Debtor.IntermediaryBank} {
		if b == nil || b.BankId == nil || deref(b.BankIdType) != "NID" {
			continue
		}
		if err := bankid.CheckABA(*b.BankId); err != nil {
			r.add(RuleBankABA, "/debtor/"+name+"/bankId", "is not a valid ABA routing number ("+reason(err)+")")
		}
	}
}
