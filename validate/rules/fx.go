package rules

import (
	"github.com/payspec/payspec/api"
	"strings"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
)

// Operation groups of FX quotes and acceptances.
var (
	fxQuotes  = []string{api.OpCreateFXQuote}
	fxAccepts = []string{api.OpAcceptFXQuote}
)

// CheckFXQuote runs the rules of an FX quote request: two different active
// currencies, exactly one amount, above zero and within its currency's
// decimals, and at most one way to say when the trade settles.
func (c *Checker) CheckFXQuote(p *finzly.FXQuoteRequest, env Env) problem.Problems {
	r := &report{c: c}
	sell := upperCurrency(r, "/sellCurrency", p.SellCurrency)
	buy := upperCurrency(r, "/buyCurrency", p.BuyCurrency)
	for _, cur := range []struct{ ptr, code string }{{"/sellCurrency", sell}, {"/buyCurrency", buy}} {
		if !c.currencies.Active(cur.code) {
			r.add(RuleCurrencyUnknown, cur.ptr, "is not an active ISO 4217 currency code")
		}
	}
	if sell == buy {
		r.add(RuleFXQuoteCurrencies, "/buyCurrency", "is the currency sold; a quote exchanges one currency for another")
	}
	c.fxQuoteAmount(r, p, sell, buy)
	switch {
	case p.Tenor != nil && p.ValueDate != nil:
		r.add(RuleFXQuoteSettlement, "/valueDate", "cannot be given with tenor: the trade settles by one or the other")
	case p.ValueDate != nil:
		checkDateNotPast(r, "/valueDate", *p.ValueDate, env.Today)
	case p.Tenor == nil && p.ProductType == finzly.FXProductTypeFORWARD:
		r.add(RuleFXQuoteSettlement, "/valueDate", "or tenor is required for a FORWARD")
	}
	return r.done()
}

// fxQuoteAmount checks that exactly one of the two amounts is given, above
// zero and within the decimals of its currency.
func (c *Checker) fxQuoteAmount(r *report, p *finzly.FXQuoteRequest, sell, buy string) {
	type side struct {
		ptr      string
		amount   *money.Amount
		currency string
	}
	sides := []side{{"/fundingAmount", p.FundingAmount, sell}, {"/transferAmount", p.TransferAmount, buy}}
	given := 0
	for _, s := range sides {
		if s.amount == nil {
			continue
		}
		given++
		if s.amount.Sign() <= 0 {
			r.add(RuleFXQuoteAmount, s.ptr, "must be above zero")
		}
		c.checkDecimals(r, s.ptr, *s.amount, s.currency)
	}
	switch given {
	case 0:
		r.add(RuleFXQuoteAmount, "/transferAmount", "or fundingAmount is required")
	case 2:
		r.add(RuleFXQuoteAmount, "/transferAmount", "cannot be given with fundingAmount: the quote prices one side")
	}
}

// CheckFXAccept runs the rule of a quote acceptance: an automatic cover
// says after how long.
func (c *Checker) CheckFXAccept(p *finzly.FXAcceptRequest, _ Env) problem.Problems {
	r := &report{c: c}
	if p.AutoCover != nil && *p.AutoCover && p.AutoCoverDelay == nil {
		r.add(RuleFXAutoCoverDelay, "/autoCoverDelay", "is required when autoCover is true")
	}
	return r.done()
}

// FXTradeFromResponse reads, from a getFXTrade answer (or an acceptFXQuote
// one, which has the same data), the trade a SWIFT credit naming its
// contract must match: the amount and currency the customer buys, which
// is the base side for a BUY and the quote side for a SELL. It returns
// the contract number and false when the answer holds no usable trade.
func FXTradeFromResponse(resp *finzly.FXTradeResponse) (contract string, trade FXTrade, ok bool) {
	if resp == nil || resp.Data == nil || (resp.Status != nil && !strings.EqualFold(*resp.Status, "Success")) {
		return "", FXTrade{}, false
	}
	return fxTradeOf(resp.Data)
}

func fxTradeOf(d *finzly.FXTrade) (string, FXTrade, bool) {
	contract := deref(d.ForexContractNo)
	var amount *money.Amount
	var currency *string
	switch strings.ToUpper(deref(d.Direction)) {
	case "BUY":
		amount, currency = d.BaseAmount, d.BaseCcy
	case "SELL":
		amount, currency = d.QuoteAmount, d.QuoteCcy
	}
	if contract == "" || amount == nil || currency == nil {
		return "", FXTrade{}, false
	}
	return contract, FXTrade{Amount: *amount, Currency: strings.ToUpper(*currency)}, true
}

// FXTrades indexes getFXTrade answers by contract number into the lookup
// that validate.WithFXTrades takes. Answers without a usable trade are
// left out; a later answer for the same contract replaces an earlier one.
// The lookup is read-only and safe for concurrent use.
func FXTrades(answers ...*finzly.FXTradeResponse) func(contract string) (FXTrade, bool) {
	index := make(map[string]FXTrade, len(answers))
	for _, a := range answers {
		if contract, trade, ok := FXTradeFromResponse(a); ok {
			index[contract] = trade
		}
	}
	return func(contract string) (FXTrade, bool) {
		t, ok := index[contract]
		return t, ok
	}
}
