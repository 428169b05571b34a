package redpin

import (
	"net/http"
	"slices"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox/internal/core/fxrates"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// sandboxPurposes are the transaction purposes the sandbox lists: the
// purpose_of_transaction codes the specs' payment and session examples
// use. Redpin does not publish its list, so these are the only codes taken
// from a source. The sandbox itself accepts any purpose, as payspec's rules
// do by default; a rules configuration built from this answer
// (rules.Config.WithTransactionPurposes, given to WithRules) makes it
// refuse the others.
var sandboxPurposes = []redpin.TransactionPurpose{
	{Code: "INVOICE_PAYMENT", Description: new("Settling an invoice")},
	{Code: "PROPERTY_PURCHASE", Description: new("Buying a property, or paying a deposit or instalment on one")},
	{Code: "SUPPLIER_PAYMENT", Description: new("Paying a supplier for goods or services")},
}

// payoutCurrencies are the currencies the sandbox pays out in: every
// currency its fixed rates price (fxrates), which covers those of the spec's
// examples (AED, EUR, GBP, USD), in alphabetical order.
func payoutCurrencies() []string {
	return fxrates.Currencies()
}

// ListCurrencies answers the currency reference data: payout_currencies
// only, the one member Redpin documents.
func (a *operations) ListCurrencies(w http.ResponseWriter, _ *http.Request) {
	respond.Reply(w, http.StatusOK, redpin.CurrencyList{PayoutCurrencies: payoutCurrencies()})
}

// ListTransactionPurposes answers the sandbox's purposes.
func (a *operations) ListTransactionPurposes(w http.ResponseWriter, _ *http.Request) {
	respond.Reply(w, http.StatusOK, redpin.TransactionPurposeList{TransactionPurposes: slices.Clone(sandboxPurposes)})
}
