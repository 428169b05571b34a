package rules

import (
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
)

// CheckCreatePayment runs the rules of a Redpin payment: recipients that
// add up exactly, in one currency; third-party references; a quote exactly
// when currencies differ (if the funding currency is known); the purpose
// code list (if configured).
func (c *Checker) CheckCreatePayment(p *redpin.CreatePaymentRequest, env Env) problem.Problems {
	r := &report{c: c}
	cur := p.Amount.Currency
	if !c.currencies.Active(cur) {
		r.add(RuleCurrencyUnknown, "/amount/currency", "is not an active ISO 4217 currency code")
	}
	c.checkDecimals(r, "/amount/value", p.Amount.Value, cur)

	if len(p.RecipientDetails) == 0 {
		r.add(RuleRecipients, "/recipient_details", "must list at least one recipient")
	} else {
		sum := money.FromMinorUnits(0, 0).Decimal()
		sameCurrency := true
		for i, rd := range p.RecipientDetails {
			ptr := "/recipient_details/" + strconv.Itoa(i) + "/amount"
			if rd.Amount.Currency != cur {
				sameCurrency = false
				r.add(RuleRecipientCurrency, ptr+"/currency", "must be the payment's currency")
			}
			c.checkDecimals(r, ptr+"/value", rd.Amount.Value, rd.Amount.Currency)
			sum = sum.Add(rd.Amount.Value.Decimal())
		}
		if sameCurrency && !sum.Equal(p.Amount.Value.Decimal()) {
			r.add(RuleRecipientSum, "/amount/value", recipientSumMessage(sum, len(p.RecipientDetails)))
		}
	}

	if p.IsThirdPartyPayment != nil && *p.IsThirdPartyPayment {
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

	if env.FundingCurrency != nil {
		if funding, ok := env.FundingCurrency(env.CustomerID); ok {
			hasQuote := !isBlank(p.QuoteId)
			switch {
			case funding != cur && !hasQuote:
				r.add(RuleQuoteRequired, "/quote_id", "is required: the payment currency differs from the customer's funding currency ("+funding+")")
			case funding == cur && hasQuote:
				r.add(RuleQuoteUnexpected, "/quote_id", "must be absent: the payment is in the customer's funding currency")
			}
		}
	}

	if len(c.purposes) > 0 && !c.purposes[p.PurposeOfTransaction] {
		r.add(RulePurposeCode, "/purpose_of_transaction", "is not one of the configured purpose codes")
	}
	return r.done()
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

// recipientSumMessage shows the sum the rule computed, a figure of its own,
// when there are several recipients; with one, the sum would be that
// recipient's amount, a value of the payment, and is not shown.
func recipientSumMessage(sum decimal.Decimal, recipients int) string {
	if recipients == 1 {
		return "does not equal the recipient's amount"
	}
	return "does not equal " + sum.String() + ", the sum of the " + strconv.Itoa(recipients) + " recipient amounts"
}
