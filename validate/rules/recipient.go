package rules

import (
	"strings"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules/bankid"
)

// CheckCreateRecipient runs the rules of a new Redpin recipient: bank
// details that fit the bank's country, valid IBAN, BIC and ABA routing
// number, an account currency Redpin pays out in, the additional_details
// keys that currency needs, and confirm_recipient only as a retry after a
// CoP/VoP answer.
func (c *Checker) CheckCreateRecipient(p *redpin.CreateRecipientRequest, env Env) problem.Problems {
	r := &report{c: c}
	c.checkRecipientAccount(r, &p.RecipientBankDetails, p.AdditionalDetails)
	c.checkConfirmation(r, p.ConfirmRecipient, env)
	return r.done()
}

// CheckUpdateRecipientAccount runs the rules of CheckCreateRecipient on a
// recipient update; the account rules apply when the update carries bank
// details.
func (c *Checker) CheckUpdateRecipientAccount(p *redpin.UpdateRecipientAccountRequest, env Env) problem.Problems {
	r := &report{c: c}
	if p.RecipientBankDetails != nil {
		c.checkRecipientAccount(r, p.RecipientBankDetails, p.AdditionalDetails)
	}
	c.checkConfirmation(r, p.ConfirmRecipient, env)
	return r.done()
}

// bankDetailsPtr is where a recipient request holds its bank details.
const bankDetailsPtr = "/recipient_bank_details"

func (c *Checker) checkRecipientAccount(r *report, b *redpin.RecipientBankDetailsFields, extra *redpin.AdditionalDetails) {
	c.checkPayoutCurrency(r, bankDetailsPtr+"/currency", b.Currency)
	checkBankIdentifiers(r, b)
	checkBankCombination(r, b)
	c.checkAdditionalDetails(r, b.Currency, extra)
}

// checkBankIdentifiers checks the identifiers given: IBAN (length and
// mod-97), BIC, and an ABA routing number when routing_code_type says ABA.
func checkBankIdentifiers(r *report, b *redpin.RecipientBankDetailsFields) {
	if b.Iban != nil {
		if err := bankid.CheckIBAN(*b.Iban); err != nil {
			r.add(RuleBankIBAN, bankDetailsPtr+"/iban", "is not a valid IBAN ("+reason(err)+")")
		}
	}
	if b.SwiftCode != nil {
		if err := bankid.CheckBIC(*b.SwiftCode); err != nil {
			r.add(RuleBankBIC, bankDetailsPtr+"/swift_code", "is not a valid BIC ("+reason(err)+")")
		}
	}
	if b.RoutingCodeType != nil && strings.EqualFold(*b.RoutingCodeType, "ABA") && b.RoutingCodeValue != nil {
		if err := bankid.CheckABA(*b.RoutingCodeValue); err != nil {
			r.add(RuleBankABA, bankDetailsPtr+"/routing_code_value", "is not a valid ABA routing number ("+reason(err)+")")
		}
	}
}

// checkBankCombination checks that the bank details are one account given
// the way the bank's country needs: an IBAN in an IBAN country, a routing
// code for a US bank, account number with SWIFT code elsewhere (a local
// scheme with routing code and bank country is accepted anywhere).
func checkBankCombination(r *report, b *redpin.RecipientBankDetailsFields) {
	const ptr = bankDetailsPtr
	if b.Iban != nil && b.AccountNumber != nil {
		r.add(RuleRecipientBankDetails, ptr+"/account_number", "must be left out when iban is given: the account is given once")
	}
	if b.RoutingCodeType != nil && b.RoutingCodeValue == nil {
		r.add(RuleRecipientBankDetails, ptr+"/routing_code_value", "is required with routing_code_type")
	}
	bic := ""
	if b.SwiftCode != nil {
		bic = bankid.BICCountry(*b.SwiftCode)
	}
	if b.Iban != nil {
		if iban := bankid.IBANCountry(*b.Iban); iban != "" && bic != "" && iban != bic {
			r.add(RuleRecipientBankDetails, ptr+"/swift_code", "names a bank in another country than the IBAN's")
		}
		return
	}
	if b.RoutingCodeType != nil || b.AccountNumber == nil || bic == "" {
		return // a local scheme, or no SWIFT combination to judge
	}
	switch {
	case bankid.UsesIBAN(bic):
		r.add(RuleRecipientBankDetails, ptr+"/iban", "is required: the SWIFT code names a bank in an IBAN country, whose accounts are given by IBAN")
	case bic == "US" && b.RoutingCodeValue == nil:
		r.add(RuleRecipientBankDetails, ptr+"/routing_code_value", "is required for a US bank (Redpin asks for its routing code)")
	}
}

// checkAdditionalDetails requires the additional_details keys the
// configuration lists for the account's currency.
func (c *Checker) checkAdditionalDetails(r *report, cur string, extra *redpin.AdditionalDetails) {
	for _, key := range c.cfg.RecipientAdditionalDetails[cur] {
		if extra == nil {
			r.add(RuleRecipientAdditional, "/additional_details", "must carry "+key+", which the configuration (recipientAdditionalDetails) requires for the account's currency")
			continue
		}
		if strings.TrimSpace((*extra)[key]) == "" {
			r.add(RuleRecipientAdditional, "/additional_details/"+strictjson.EscapeToken(key), "is required for the account's currency (recipientAdditionalDetails) and must not be empty")
		}
	}
}
