package rules

import (
	"strconv"
	"unicode/utf8"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
)

// CheckCreatePayment runs the rules of a Redpin payment: recipients that
// add up exactly, in one currency; a payout currency Redpin pays out in (if
// configured); third-party references; a quote exactly when currencies
// differ (if the funding currency is known); the purpose code list (if
// configured); confirm_recipient only as a retry after a CoP/VoP answer.
func (c *Checker) CheckCreatePayment(p *redpin.CreatePaymentRequest, env Env) problem.Problems {
	r := &report{c: c}
	c.checkPayoutAmount(r, "/amount", p.Amount)
	c.checkRecipientShares(r, "/recipient_details", p.Amount, p.RecipientDetails, "payment")

	if p.IsThirdPartyPayment != nil && *p.IsThirdPartyPayment {
		checkThirdPartyRefs(r, p)
	}
	c.checkQuote(r, p, env)
	c.checkPurpose(r, p.PurposeOfTransaction)
	c.checkConfirmation(r, p.ConfirmRecipient, env)
	return r.done()
}

// checkPayoutAmount checks an amount paid out: above zero, in an active
// currency Redpin pays out in, and with decimals within its minor units.
func (c *Checker) checkPayoutAmount(r *report, ptr string, a redpin.Amount) {
	checkPositive(r, ptr+"/value", a.Value)
	c.checkPayoutCurrency(r, ptr+"/currency", a.Currency)
	c.checkDecimals(r, ptr+"/value", a.Value, a.Currency)
}

// checkPositive reports an amount that is not above zero.
func checkPositive(r *report, ptr string, a money.Amount) {
	if a.Sign() <= 0 {
		r.add(RuleAmountNotPositive, ptr, "must be above zero")
	}
}

// checkRecipientShares checks the recipients (listed under ptr) of a
// payment or session, the whole: at least one, each in the whole's
// currency, adding up to its amount.
func (c *Checker) checkRecipientShares(r *report, ptr string, total redpin.Amount, rds []redpin.RecipientDetail, whole string) {
	if len(rds) == 0 {
		r.add(RuleRecipients, ptr, "must list at least one recipient")
	}
	shares := make([]redpin.Amount, len(rds))
	for i, rd := range rds {
		shares[i] = rd.Amount
	}
	c.checkShares(r, ptr, total, shares, whole, "recipient")
}

// checkShares checks that the shares of a total (recipient or item
// amounts, listed under ptr) are in the total's currency and add up to it
// exactly; whole and part name the total and the shares in messages.
func (c *Checker) checkShares(r *report, ptr string, total redpin.Amount, shares []redpin.Amount, whole, part string) {
	sum := money.FromMinorUnits(0, 0).Decimal()
	sameCurrency := true
	for i, a := range shares {
		at := ptr + "/" + strconv.Itoa(i) + "/amount"
		if a.Currency != total.Currency {
			sameCurrency = false
			r.add(RuleRecipientCurrency, at+"/currency", "must be the "+whole+"'s currency")
		}
		checkPositive(r, at+"/value", a.Value)
		c.checkDecimals(r, at+"/value", a.Value, a.Currency)
		sum = sum.Add(a.Value.Decimal())
	}
	if len(shares) > 0 && sameCurrency && !sum.Equal(total.Value.Decimal()) {
		r.add(RuleRecipientSum, "/amount/value", sharesSumMessage(len(shares), part))
	}
}

func checkThirdPartyRefs(r *report, p *redpin.CreatePaymentRequest) {
	switch ref := p.ClientReferenceId; {
	case isBlank(ref):
		r.add(RuleThirdPartyRefs, "/client_reference_id", "is required for a third-party payment")
	case utf8.RuneCountInString(*ref) > 36:
		r.add(RuleThirdPartyRefs, "/client_reference_id", "must be at most 36 characters")
	}
	if isBlank(p.ClientCustomerRef) {
		r.add(RuleThirdPartyRefs, "/client_customer_ref", "is required for a third-party payment")
	}
}

// checkQuote requires quote_id on a cross-currency payment and refuses it on
// a same-currency one, when the customer's funding currency is known.
func (c *Checker) checkQuote(r *report, p *redpin.CreatePaymentRequest, env Env) {
	funding, source, ok := c.fundingCurrency(env)
	if !ok {
		return
	}
	hasQuote := !isBlank(p.QuoteId)
	switch cur := p.Amount.Currency; {
	case funding != cur && !hasQuote:
		r.add(RuleQuoteRequired, "/quote_id", "is required: the payment currency differs from the customer's funding currency ("+funding+", from "+source+")")
	case funding == cur && hasQuote:
		r.add(RuleQuoteUnexpected, "/quote_id", "must be absent: the payment is in the customer's funding currency (from "+source+")")
	}
}

// fundingCurrency finds the customer's funding currency: from the caller's
// lookup first, then the configuration's entry for the customer, then its
// "*" entry. It also names where the currency came from.
func (c *Checker) fundingCurrency(env Env) (currency, source string, ok bool) {
	if env.FundingCurrency != nil {
		if f, ok := env.FundingCurrency(env.CustomerID); ok {
			return f, "the funding-currency lookup", true
		}
	}
	if f, ok := c.cfg.FundingCurrencies[env.CustomerID]; ok && env.CustomerID != "" {
		return f, "configuration fundingCurrencies", true
	}
	if f, ok := c.cfg.FundingCurrencies[anyCustomer]; ok {
		return f, `configuration fundingCurrencies["*"]`, true
	}
	return "", "", false
}

var quoteMin = money.MustParse("0.01")

// CheckCreateQuote runs the rules of a Redpin quote request.
func (c *Checker) CheckCreateQuote(p *redpin.CreateQuoteRequest, env Env) problem.Problems {
	r := &report{c: c}
	switch {
	case p.Amount.Cmp(quoteMin) < 0:
		r.add(RuleQuoteAmount, "/amount", "must be at least 0.01")
	case p.Amount.Scale() > 2:
		r.add(RuleQuoteAmount, "/amount", "must have at most 2 decimal places")
	default:
		c.checkDecimals(r, "/amount", p.Amount, quoteFixedCurrency(p))
	}
	for _, f := range []struct{ ptr, code string }{{"/sell_currency", p.SellCurrency}, {"/buy_currency", p.BuyCurrency}} {
		if !c.currencies.Active(f.code) {
			r.add(RuleCurrencyUnknown, f.ptr, "is not an active ISO 4217 currency code")
		}
	}
	if p.SellCurrency == p.BuyCurrency {
		r.add(RuleQuoteCurrencies, "/buy_currency", "must differ from sell_currency")
	}
	return r.done()
}

// quoteFixedCurrency is the currency a quote's amount is in: the one sold,
// unless fixed_side is BUY.
func quoteFixedCurrency(p *redpin.CreateQuoteRequest) string {
	if p.FixedSide != nil && *p.FixedSide == redpin.FixedSideBUY {
		return p.BuyCurrency
	}
	return p.SellCurrency
}

// sharesSumMessage says that the shares (recipients or items) do not add
// up to the total, without the sum: with one share, or with shares that
// are zero or cancel out, the sum would be an amount the caller sent.
func sharesSumMessage(shares int, part string) string {
	if shares == 1 {
		return "does not equal the " + part + "'s amount"
	}
	return "does not equal the sum of the " + strconv.Itoa(shares) + " " + part + " amounts"
}
