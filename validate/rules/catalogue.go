package rules

import (
	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/validate/problem"
)

// Rule describes one rule of the catalogue. Its ID is also the code of the
// problems it reports.
type Rule struct {
	ID         string           `json:"id"`
	Operations []string         `json:"operations"`
	Severity   problem.Severity `json:"severity"` // default; Config.Severities overrides it
	Doc        string           `json:"doc"`
	Source     string           `json:"source"`
}

// Operation groups of the catalogue.
var (
	credit  = []string{api.OpCreateCreditPaymentV3, api.OpCreateCreditPaymentV4, api.OpCreateCreditPaymentV5}
	book    = []string{api.OpCreateBookTransfer}
	payment = []string{api.OpCreatePayment}
	quote   = []string{api.OpCreateQuote}

	recipient = []string{api.OpCreateRecipient, api.OpUpdateRecipientAccount}
	session   = []string{api.OpCreatePaymentSession}
)

func ops(groups ...[]string) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

const (
	errorSev = problem.SeverityError
	warnSev  = problem.SeverityWarning
)

// Rule ids.
const (
	RuleSpeedUnknown            = "SPEED_UNKNOWN"
	RuleAmountNotPositive       = "AMOUNT_NOT_POSITIVE"
	RuleENRAmountNotZero        = "ENR_AMOUNT_NOT_ZERO"
	RuleAmountOverLimit         = "AMOUNT_OVER_LIMIT"
	RuleAmountRailRestricted    = "AMOUNT_RAIL_RESTRICTED"
	RuleAmountDecimals          = "AMOUNT_DECIMALS"
	RuleCurrencyUnknown         = "CURRENCY_UNKNOWN"
	RuleCurrencyDomesticUSD     = "CURRENCY_DOMESTIC_USD"
	RuleCurrencyReceiver        = "CURRENCY_RECEIVER_MISMATCH"
	RuleCurrencyParties         = "CURRENCY_NOT_SENDER_OR_RECEIVER"
	RuleDateInvalid             = "DATE_INVALID"
	RuleDatePast                = "DATE_PAST"
	RuleDateNotBusinessDay      = "DATE_NOT_BUSINESS_DAY"
	RuleRecurrenceEndDate       = "RECURRENCE_END_DATE"
	RuleRecurrenceCount         = "RECURRENCE_COUNT"
	RuleReceiverRequired        = "RECEIVER_REQUIRED"
	RuleENRBenefitReceiver      = "ENR_BENEFIT_RECEIVER"
	RuleACHSECRequired          = "ACH_SEC_CODE_REQUIRED"
	RuleACHSECUnsupported       = "ACH_SEC_CODE_UNSUPPORTED"
	RuleACHIATSameDay           = "ACH_IAT_SAME_DAY"
	RuleACHIATTransactionType   = "ACH_IAT_TRANSACTION_TYPE"
	RuleACHNotesRequired        = "ACH_NOTES_REQUIRED"
	RuleACHSenderDetails        = "ACH_SENDER_DETAILS"
	RuleACHReceiverDetails      = "ACH_RECEIVER_DETAILS"
	RuleNotesTruncated          = "NOTES_TRUNCATED"
	RuleRemittanceNotesLength   = "REMITTANCE_NOTES_LENGTH"
	RuleFedwireReference        = "FEDWIRE_REFERENCE_TRUNCATED"
	RuleFedwireOBI              = "FEDWIRE_OBI_FORMAT"
	RuleFedwireSenderToReceiver = "FEDWIRE_STR_FORMAT"
	RuleFedwireBeneficiaryRef   = "FEDWIRE_BENEFICIARY_REFERENCE"
	RuleFedwireReceiverAddress  = "FEDWIRE_RECEIVER_ADDRESS"
	RuleSWIFTNotesRequired      = "SWIFT_NOTES_REQUIRED"
	RuleSWIFTFXContract         = "SWIFT_FX_CONTRACT_REQUIRED"
	RuleDetailsOfCharges        = "DETAILS_OF_CHARGES"
	RuleFieldIgnored            = "FIELD_IGNORED_BY_RAIL"
	RuleBankABA                 = "BANK_ABA"
	RuleBankBIC                 = "BANK_BIC"
	RuleBankIBAN                = "BANK_IBAN"
	RuleBankCountry             = "BANK_COUNTRY_MISMATCH"
	RuleBankNIDNotUS            = "BANK_NID_NOT_US"
	RuleFeeAmount               = "FEE_AMOUNT"
	RuleFXAmount                = "CREDIT_AMOUNT_NOFXMATCH"
	RuleFXCurrency              = "FX_CURRENCY_MISMATCH"
	RuleFXContractUnknown       = "FX_CONTRACT_UNKNOWN"
	RuleBookAccountID           = "BOOK_ACCOUNT_ID"
	RuleBookSameAccount         = "BOOK_SAME_ACCOUNT"
	RuleRecipients              = "RECIPIENTS_REQUIRED"
	RuleRecipientSum            = "RECIPIENT_SUM"
	RuleRecipientCurrency       = "RECIPIENT_CURRENCY"
	RuleThirdPartyRefs          = "THIRD_PARTY_REFERENCES"
	RuleQuoteRequired           = "QUOTE_REQUIRED"
	RuleQuoteUnexpected         = "QUOTE_UNEXPECTED"
	RulePurposeCode             = "PURPOSE_CODE"
	RuleQuoteAmount             = "QUOTE_AMOUNT"
	RuleQuoteCurrencies         = "QUOTE_SAME_CURRENCY"

	RuleRecipientBankDetails = "RECIPIENT_BANK_DETAILS"
	RuleRecipientAdditional  = "RECIPIENT_ADDITIONAL_DETAILS"
	RulePayoutCurrency       = "PAYOUT_CURRENCY"
	RuleConfirmRecipient     = "CONFIRM_RECIPIENT"
	RuleSessionDueDate       = "SESSION_DUE_DATE"
)

// catalogue is every rule, in the order `payspec rules` prints them: the
// rules below, then those of the Finzly operations beyond credits and book
// transfers (catalogue_finzly.go), which also extend some rules below to
// their operations.
var catalogue = withFinzlyOperations(append([]Rule{
	{RuleSpeedUnknown, credit, errorSev, "speed must be one the bank configured; it decides the rail", "seed 001 speed; decisions.md speeds"},
	{RuleAmountNotPositive, ops(credit, book), errorSev, "amount must be above zero (an ACH ENR enrolment excepted)", "seed 001 paymentAmount; seed 003 paymentAmount"},
	{RuleENRAmountNotZero, credit, errorSev, "an ACH ENR enrolment carries an amount of exactly zero", "seed 001 paymentAmount; rails.md §1.2"},
	{RuleAmountOverLimit, credit, errorSev, "amount must be within the rail's limit in force on the payment date", "decisions.md rail limits; rails.md §1"},
	{RuleAmountRailRestricted, credit, warnSev, "an amount only some of the speed's rails can carry (Instant above FedNow's limit, within RTP's) can only go over those", "seed 001 speed Instant; decisions.md rail limits"},
	{RuleAmountDecimals, ops(credit, book, payment, session), errorSev, "decimal places of an amount, as written, within the currency's ISO 4217 minor units", "decisions.md money; rails.md §5.1"},
	{RuleCurrencyUnknown, ops(credit, payment, quote, recipient, session), errorSev, "currency must be an active ISO 4217 code", "seed 001 paymentCurrency; rails.md §5"},
	{RuleCurrencyDomesticUSD, credit, errorSev, "ACH, Fedwire, RTP and FedNow carry USD only", "rails.md §2.6, §5.1; finzly.md §11"},
	{RuleCurrencyReceiver, credit, errorSev, "an international payment in a currency other than USD is in the receiver's account currency", "finzly.md §11 currency/FX"},
	{RuleCurrencyParties, credit, errorSev, "the payment currency is the sender's (USD) or the receiver's account currency", "finzly.md §11 currency/FX"},
	{RuleDateInvalid, ops(credit, book), errorSev, "paymentDate (and recurrence endDate) must be a real calendar date, MM-DD-YYYY", "seed 001 paymentDate; seed 003 paymentDate"},
	{RuleDatePast, ops(credit, book), errorSev, "paymentDate must not be before today (America/New_York)", "seed 001 paymentDate; seed 003 paymentDate"},
	{RuleDateNotBusinessDay, credit, errorSev, "ACH, Fedwire and SWIFT payments are dated on a Federal Reserve business day", "decisions.md business days; rails.md §4"},
	{RuleRecurrenceEndDate, ops(credit, book), errorSev, "a recurrence's endDate falls after the first payment date", "seed 001 recurrence; finzly.md §5.6"},
	{RuleRecurrenceCount, ops(credit, book), errorSev, "numberOfPayments is between 1 and 9999", "finzly.md §5.6"},
	{RuleReceiverRequired, credit, errorSev, "a receiver is required except for an ACH ENR enrolment", "seed 001 receiver; finzly.md §5.2"},
	{RuleENRBenefitReceiver, credit, errorSev, "an ACH ENR enrolment carries additionalInfo.benefitReceiver", "seed 001 additionalInfo; finzly.md §5.7"},
	{RuleACHSECRequired, credit, errorSev, "an ACH payment carries additionalInfo.secCode", "seed 001 additionalInfo ACH; finzly.md §5.7"},
	{RuleACHSECUnsupported, credit, errorSev, "the SEC code is one the bank supports", "finzly.md §5.7 secCode; rails.md §2.2"},
	{RuleACHIATSameDay, credit, errorSev, "an IAT entry cannot go by Same Day ACH", "finzly.md §5.7; rails.md §2.2"},
	{RuleACHIATTransactionType, credit, errorSev, "an IAT entry carries additionalInfo.transactionTypeCode", "finzly.md §5.7 transactionTypeCode"},
	{RuleACHNotesRequired, credit, errorSev, "an ACH payment carries paymentNotes", "seed 001 paymentNotes; finzly.md §11"},
	{RuleACHSenderDetails, credit, errorSev, "an ACH sender given in full has achCompanyID, subAccountType and an address with state and postalCode", "finzly.md §5.3, §5.3.1"},
	{RuleACHReceiverDetails, credit, errorSev, "an ACH receiver given in full has accountType and subAccountType", "finzly.md §5.4"},
	{RuleNotesTruncated, credit, warnSev, "paymentNotes longer than the rail carries (ACH 10, others 140) is cut; the warning shows what is kept", "seed 001 paymentNotes; finzly.md §11"},
	{RuleRemittanceNotesLength, credit, errorSev, "paymentRemittanceNotes fits the rail (ACH 80, others 140)", "finzly.md §5.7, §11"},
	{RuleFedwireReference, credit, warnSev, "Fedwire carries 16 characters of externalReferenceId (tag {3320})", "finzly.md §5.2; rails.md §2.1"},
	{RuleFedwireOBI, credit, errorSev, "originatorToBeneficiary fits Fedwire tag {6000}: 4 lines of 35", "finzly.md §5.7; rails.md §2.1"},
	{RuleFedwireSenderToReceiver, credit, errorSev, "senderToReceiverNotes fits Fedwire tag {6500}: 3 lines of 35", "finzly.md §5.7; rails.md §2.1"},
	{RuleFedwireBeneficiaryRef, credit, errorSev, "referenceForBeneficiary fits Fedwire tag {4320}: 16 characters", "finzly.md §5.7; rails.md §2.1"},
	{RuleFedwireReceiverAddress, credit, errorSev, "a Fedwire receiver given in full has an address with addressLine1, city and countryCode", "finzly.md §5.4, §11"},
	{RuleSWIFTNotesRequired, credit, errorSev, "a SWIFT payment carries paymentNotes", "seed 001 paymentNotes; finzly.md §11"},
	{RuleSWIFTFXContract, credit, errorSev, "a SWIFT payment without paymentDate carries additionalInfo.fxContractNumber", "finzly.md §5.7 fxContractNumber"},
	{RuleDetailsOfCharges, credit, errorSev, "detailsOfCharges is OUR, BEN or SHA", "finzly.md §5.7; rails.md §2.3"},
	{RuleFieldIgnored, credit, warnSev, "a field given for a rail that ignores it (e.g. remittanceMethod outside RTP)", "decisions.md additionalInfo; finzly.md §5.7"},
	{RuleBankABA, ops(credit, book, recipient), errorSev, "an NID bank id or routing number is a valid ABA routing number (check digit, not all zeros)", "finzly.md §5.4.1; rails.md §3.1"},
	{RuleBankBIC, ops(credit, recipient), errorSev, "a SWIFT code is a valid BIC (8 or 11 characters, ISO 9362 structure)", "finzly.md §5.4.1; rails.md §2.5"},
	{RuleBankIBAN, ops(credit, recipient), errorSev, "an IBAN has its country's length and a valid mod-97 check", "finzly.md §5.4.1; rails.md §2.4"},
	{RuleBankCountry, credit, errorSev, "a bank's countryCode agrees with its address country", "finzly.md §5.4.1"},
	{RuleBankNIDNotUS, credit, errorSev, "an NID (ABA) bank identifier is for US banks only", "finzly.md §5.4.1"},
	{RuleFeeAmount, credit, errorSev, "a fee is above zero and at most 10,000,000", "finzly.md §5.5"},
	{RuleFXAmount, credit, errorSev, "with an FX trade, the amount equals the trade amount", "finzly.md §5.2, §11"},
	{RuleFXCurrency, credit, errorSev, "with an FX trade, the payment currency is the trade's currency", "finzly.md §11 currency/FX"},
	{RuleFXContractUnknown, credit, errorSev, "fxContractNumber names a trade the caller's lookup knows", "finzly.md §5.7 fxContractNumber"},
	{RuleBookAccountID, book, errorSev, "each book-transfer account is identified by accountUID or accountNumber", "seed 003 senderAccount/receiverAccount"},
	{RuleBookSameAccount, book, errorSev, "a book transfer moves money between two different accounts", "seed 003"},
	{RuleRecipients, ops(payment, session), errorSev, "a Redpin payment or hosted session has at least one recipient", "seed 002 recipient_details; redpin.md; create-payment-session page"},
	{RuleRecipientSum, ops(payment, session), errorSev, "recipient amounts (and a session's item amounts) add up exactly to the payment or session amount", "seed 002 recipient_details; redpin.md; create-payment-session page"},
	{RuleRecipientCurrency, ops(payment, session), errorSev, "every recipient (and session item) amount is in the payment or session currency", "seed 002 recipient_details; redpin.md; create-payment-session page"},
	{RuleThirdPartyRefs, payment, errorSev, "a third-party payment carries client_reference_id (at most 36) and client_customer_ref", "seed 002 is_third_party_payment"},
	{RuleQuoteRequired, payment, errorSev, "a cross-currency payment carries quote_id; needs the customer's funding currency, from validate.WithFundingCurrencies or the fundingCurrencies configuration (by customer_id, or \"*\"), and is skipped without it", "seed 002 quote_id"},
	{RuleQuoteUnexpected, payment, errorSev, "a same-currency payment carries no quote_id; needs the customer's funding currency, from validate.WithFundingCurrencies or the fundingCurrencies configuration (by customer_id, or \"*\"), and is skipped without it", "seed 002 quote_id"},
	{RulePurposeCode, ops(payment, session), errorSev, "purpose_of_transaction is in the configured list (purposeCodes; Config.WithTransactionPurposes fills it from listTransactionPurposes), when one is configured", "decisions.md Redpin purpose_of_transaction"},
	{RuleQuoteAmount, quote, errorSev, "a quote amount is at least 0.01 with at most 2 decimal places", "redpin.md quotes"},
	{RuleQuoteCurrencies, quote, errorSev, "a quote sells one currency for another", "redpin.md quotes"},
	{RuleRecipientBankDetails, recipient, errorSev, "a recipient's bank details are one account given as its bank's country needs: IBAN in IBAN countries, a routing code for US banks, account number with SWIFT code elsewhere (or a local scheme)", "add-a-new-recipient page; rails.md §2.4"},
	{RuleRecipientAdditional, recipient, errorSev, "a recipient carries the additional_details keys its account currency needs (recipientAdditionalDetails; BRL: tax_id)", "changelog, recipient additional_details"},
	{RulePayoutCurrency, ops(payment, session, recipient), errorSev, "the payout currency is one Redpin pays out in (payoutCurrencies; Config.WithPayoutCurrencies fills it from listCurrencies), when configured", "changelog, payout_currencies"},
	{RuleConfirmRecipient, ops(payment, recipient), errorSev, "confirm_recipient carries customer_action and, given the CoP/VoP answers the caller received (Env.CoPAnswers), answers one of them with the identifier it asked to confirm", "CoP and VoP guides; seed 002 confirm_recipient"},
	{RuleSessionDueDate, session, errorSev, "a hosted session's due_date is at least 5 calendar days after today", "create-payment-session page"},
}, finzlyRules...))

// Catalogue returns every rule.
func Catalogue() []Rule {
	out := make([]Rule, len(catalogue))
	copy(out, catalogue)
	return out
}

var ruleIndex = func() map[string]int {
	m := make(map[string]int, len(catalogue))
	for i, r := range catalogue {
		m[r.ID] = i
	}
	return m
}()

func ruleByID(id string) (Rule, bool) {
	i, ok := ruleIndex[id]
	if !ok {
		return Rule{}, false
	}
	return catalogue[i], true
}

// Catalogue returns every rule with the severity this checker applies
// (SeverityOff for a rule the configuration turned off).
func (c *Checker) Catalogue() []Rule {
	out := Catalogue()
	for i := range out {
		out[i].Severity = c.severity[out[i].ID]
	}
	return out
}
