package rules

import (
	"strings"

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
	// Source names the documents the rule comes from, separated by "; ":
	// each a public page (a URL) or a file of this repository, by its path
	// from the module root, with a fragment naming a section of
	// docs/rules.md or a JSON Pointer into a provider's OpenAPI file.
	Source string `json:"source"`
}

// SourceSeparator separates the documents of a Rule's Source.
const SourceSeparator = "; "

// The documents the catalogue cites: the providers' public pages, Finzly's
// own OpenAPI files as shipped in this repository, public rules and
// standards, and docs/rules.md, which explains payspec's own choices.
const (
	finzlyV4Page       = "https://api.finzly.io/openapi/paymentapi/operation/v4credit/"
	finzlySpeedsPage   = "https://finzlyconnect-api-developer-portal.redoc.ly/developer-portal/initiate-payment"
	finzlyBookPage     = "https://api.finzly.io/developer-portal/booktransfer"
	finzlyDebitPage    = "https://api.finzly.io/openapi/paymentapi/operation/createDebitPayment/"
	finzlySECPage      = "https://finzlyconnect-api-developer-portal.redoc.ly/developer-portal/seccodes"
	finzlyPaymentsFile = "tests/testdata/provider/finzly-2.6.6/payment-api/payments-openapi.yaml"
	finzlySingleFile   = "tests/testdata/provider/finzly-2.6.6/single-file-paymentApi.json"
	finzlyFXFile       = "tests/testdata/provider/finzly-2.6.6/fx-api/fx-openapi.yaml"

	redpinPaymentPage   = "https://docs.redpincompany.com/api-reference/customers/api-integration/payments/create-payment"
	redpinQuotePage     = "https://docs.redpincompany.com/api-reference/customers/api-integration/quotes/create-quote"
	redpinRecipientPage = "https://docs.redpincompany.com/api-reference/customers/api-integration/recipients/add-a-new-recipient"
	redpinSessionPage   = "https://docs.redpincompany.com/api-reference/customers/hosted-experience/sessions/create-payment-session"
	redpinChangelog     = "https://docs.redpincompany.com/changelog"
	redpinCoPGuide      = "https://docs.redpincompany.com/api-guide/regulatory-guides/cop-guide"
	redpinVoPGuide      = "https://docs.redpincompany.com/api-guide/regulatory-guides/vop-guide"

	iso4217      = "https://www.iso.org/iso-4217-currency-codes.html"
	fedHolidays  = "https://richmondfed.org/about_us/holiday_schedule"
	nachaSameDay = "https://www.nacha.org/rules/same-day-ach-moving-payments-faster-phase-2"
	moovACH      = "https://github.com/moov-io/ach"
	swiftIBAN    = "https://www.swift.com/standards/data-standards/iban-international-bank-account-number"
	swiftBIC     = "https://www.swift.com/standards/data-standards/bic-business-identifier-code"
	abaRouting   = "https://www.aba.com/about-us/routing-number"

	rulesDoc = "docs/rules.md"
)

// cite joins the documents a rule comes from.
func cite(docs ...string) string { return strings.Join(docs, SourceSeparator) }

// section names a section of docs/rules.md by its heading's anchor.
func section(anchor string) string { return rulesDoc + "#" + anchor }

// schema names a schema of one of Finzly's OpenAPI files.
func schema(file, name string) string { return file + "#/components/schemas/" + name }

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
	RuleACHSECDebitOnly         = "ACH_SEC_CODE_DEBIT_ONLY"
	RuleACHIATTransactionType   = "ACH_IAT_TRANSACTION_TYPE"
	RuleACHNotesRequired        = "ACH_NOTES_REQUIRED"
	RuleACHSenderDetails        = "ACH_SENDER_DETAILS"
	RuleInstantSenderAddress    = "INSTANT_SENDER_ADDRESS"
	RuleSWIFTAmountWidth        = "SWIFT_AMOUNT_WIDTH"
	RuleCutoffPassed            = "CUTOFF_PASSED"
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
	{RuleSpeedUnknown, credit, errorSev, "speed must be one the bank configured; it decides the rail", cite(finzlySpeedsPage, section("speeds-and-rails"))},
	{RuleAmountNotPositive, ops(credit, book, payment, session), errorSev, "amount must be above zero (an ACH ENR enrolment excepted); for Redpin, the whole and each recipient's or item's share", cite(finzlyV4Page, finzlyBookPage, section("redpin-payments-and-sessions"))},
	{RuleENRAmountNotZero, credit, errorSev, "an ACH ENR enrolment carries an amount of exactly zero", cite(finzlyV4Page, section("ach"))},
	{RuleAmountOverLimit, credit, errorSev, "amount must be within the rail's limit in force on the payment date", cite(finzlyV4Page, section("rail-limits"))},
	{RuleAmountRailRestricted, credit, warnSev, "an amount only some of the speed's rails can carry (Instant above FedNow's limit, within RTP's) can only go over those", cite(finzlySpeedsPage, section("rail-limits"))},
	{RuleAmountDecimals, ops(credit, book, payment, session, quote), errorSev, "decimal places of an amount, as written, within the currency's ISO 4217 minor units (a quote's: the currency of its fixed side)", cite(iso4217, section("amounts-and-currencies"))},
	{RuleCurrencyUnknown, ops(credit, payment, quote, recipient, session), errorSev, "currency must be an active ISO 4217 code", cite(iso4217, finzlyV4Page, section("amounts-and-currencies"))},
	{RuleCurrencyDomesticUSD, credit, errorSev, "ACH, Fedwire, RTP and FedNow carry USD only", cite(finzlyV4Page, section("amounts-and-currencies"))},
	{RuleCurrencyReceiver, credit, errorSev, "an international payment in a currency other than USD is in the receiver's account currency", cite(finzlyV4Page)},
	{RuleCurrencyParties, credit, errorSev, "the payment currency is the sender's (USD) or the receiver's account currency", cite(finzlyV4Page)},
	{RuleDateInvalid, ops(credit, book), errorSev, "paymentDate (and recurrence endDate) must be a real calendar date, MM-DD-YYYY", cite(finzlyV4Page, finzlyBookPage)},
	{RuleDatePast, ops(credit, book), errorSev, "paymentDate must not be before today (America/New_York)", cite(finzlyV4Page, finzlyBookPage, section("dates-and-business-days"))},
	{RuleDateNotBusinessDay, credit, errorSev, "ACH, Fedwire and SWIFT payments are dated on a Federal Reserve business day", cite(fedHolidays, finzlyV4Page, section("dates-and-business-days"))},
	{RuleRecurrenceEndDate, ops(credit, book), errorSev, "a recurrence's endDate falls after the first payment date", cite(finzlyV4Page, schema(finzlyPaymentsFile, "CreditPaymentInstruction"))},
	{RuleRecurrenceCount, ops(credit, book), errorSev, "numberOfPayments is between 1 and 9999", cite(schema(finzlyPaymentsFile, "CreditPaymentInstruction"))},
	{RuleReceiverRequired, credit, errorSev, "a receiver is required except for an ACH ENR enrolment", cite(finzlyV4Page, section("ach"))},
	{RuleENRBenefitReceiver, credit, errorSev, "an ACH ENR enrolment carries additionalInfo.benefitReceiver", cite(schema(finzlyPaymentsFile, "BenefitReceiver"), section("ach"))},
	{RuleACHSECRequired, credit, errorSev, "an ACH payment carries additionalInfo.secCode", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"))},
	{RuleACHSECUnsupported, credit, errorSev, "the SEC code is one the bank supports", cite(finzlySECPage, section("ach"))},
	{RuleACHIATSameDay, ops(credit, debit), errorSev, "an IAT entry cannot go by Same Day ACH", cite(nachaSameDay, section("ach"))},
	{RuleACHSECDebitOnly, credit, errorSev, "a credit does not carry a debit-only SEC code: TEL (telephone-authorised), ARC, BOC, POP, RCK or XCK (entries standing for a paper check)", cite(moovACH, section("ach"))},
	{RuleACHIATTransactionType, credit, errorSev, "an IAT entry carries additionalInfo.transactionTypeCode", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"))},
	{RuleACHNotesRequired, credit, errorSev, "an ACH payment carries paymentNotes", cite(finzlyV4Page)},
	{RuleCutoffPassed, ops(credit, debit), warnSev, "a payment dated today, submitted after the cut-off of every rail its speed may take (configuration cutoffs; Same Day ACH 16:45, Fedwire 18:45 America/New_York by default), is moved to the next business day or refused by the bank; needs the time of submission", cite(finzlyV4Page, section("dates-and-business-days"))},
	{RuleSWIFTAmountWidth, credit, errorSev, "a SWIFT amount fits the 15 characters of MT103 field :32A:, its decimal comma included", cite(section("swift"))},
	{RuleInstantSenderAddress, credit, errorSev, "an RTP or FedNow sender given in full, with an address, has its state and postalCode", cite(schema(finzlyPaymentsFile, "SenderOrCreditAddress"))},
	{RuleACHSenderDetails, credit, errorSev, "an ACH sender given in full has achCompanyID, subAccountType and an address with state and postalCode", cite(schema(finzlyPaymentsFile, "CreditPaymentInstruction"))},
	{RuleACHReceiverDetails, credit, errorSev, "an ACH receiver given in full has accountType and subAccountType", cite(schema(finzlyPaymentsFile, "CreditPaymentInstruction"))},
	{RuleNotesTruncated, credit, warnSev, "paymentNotes longer than the rail carries (ACH 10, others 140) is cut; the warning says how many characters are kept and dropped", cite(finzlyV4Page, section("ach"))},
	{RuleRemittanceNotesLength, credit, errorSev, "paymentRemittanceNotes fits the rail (ACH 80, others 140)", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"), section("ach"))},
	{RuleFedwireReference, credit, warnSev, "Fedwire carries 16 characters of externalReferenceId (tag {3320})", cite(finzlyV4Page, section("fedwire"))},
	{RuleFedwireOBI, credit, errorSev, "originatorToBeneficiary fits Fedwire tag {6000}: 4 lines of 35", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"), section("fedwire"))},
	{RuleFedwireSenderToReceiver, credit, errorSev, "senderToReceiverNotes fits Fedwire tag {6500}: 3 lines of 35", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"), section("fedwire"))},
	{RuleFedwireBeneficiaryRef, credit, errorSev, "referenceForBeneficiary fits Fedwire tag {4320}: 16 characters", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"), section("fedwire"))},
	{RuleFedwireReceiverAddress, credit, errorSev, "a Fedwire receiver given in full has an address with addressLine1, city and countryCode", cite(schema(finzlyPaymentsFile, "CreditPaymentInstruction"))},
	{RuleSWIFTNotesRequired, credit, errorSev, "a SWIFT payment carries paymentNotes", cite(finzlyV4Page)},
	{RuleSWIFTFXContract, credit, errorSev, "a SWIFT payment without paymentDate carries additionalInfo.fxContractNumber", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"))},
	{RuleDetailsOfCharges, credit, errorSev, "detailsOfCharges is OUR, BEN or SHA", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"), section("swift"))},
	{RuleFieldIgnored, credit, warnSev, "a field given for a rail that ignores it (e.g. remittanceMethod outside RTP)", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"), section("fields-a-rail-ignores"))},
	{RuleBankABA, ops(credit, book, recipient), errorSev, "an NID bank id or routing number is a valid ABA routing number (check digit, not all zeros)", cite(abaRouting, section("bank-identifiers"))},
	{RuleBankBIC, ops(credit, recipient), errorSev, "a SWIFT code is a valid BIC (8 or 11 characters, ISO 9362 structure)", cite(swiftBIC, section("bank-identifiers"))},
	{RuleBankIBAN, ops(credit, recipient), errorSev, "an IBAN has its country's length and a valid mod-97 check", cite(swiftIBAN, section("bank-identifiers"))},
	{RuleBankCountry, credit, errorSev, "a bank's countryCode agrees with its address country", cite(schema(finzlyPaymentsFile, "Bank"), section("bank-identifiers"))},
	{RuleBankNIDNotUS, credit, errorSev, "an NID (ABA) bank identifier is for US banks only", cite(schema(finzlyPaymentsFile, "Bank"), section("bank-identifiers"))},
	{RuleFeeAmount, credit, errorSev, "a fee is above zero and at most 10,000,000", cite(schema(finzlyPaymentsFile, "CreditPaymentInstruction"))},
	{RuleFXAmount, credit, errorSev, "with an FX trade, the amount equals the trade amount", cite(finzlyV4Page)},
	{RuleFXCurrency, credit, errorSev, "with an FX trade, the payment currency is the trade's currency", cite(finzlyV4Page)},
	{RuleFXContractUnknown, credit, errorSev, "fxContractNumber names a trade the caller's lookup knows", cite(schema(finzlyPaymentsFile, "AdditionalInfoCreditPayment"), section("what-the-caller-supplies"))},
	{RuleBookAccountID, book, errorSev, "each book-transfer account is identified by accountUID or accountNumber", cite(finzlyBookPage)},
	{RuleBookSameAccount, book, errorSev, "a book transfer moves money between two different accounts", cite(finzlyBookPage, section("book-and-waterfall-transfers"))},
	{RuleRecipients, ops(payment, session), errorSev, "a Redpin payment or hosted session has at least one recipient", cite(redpinPaymentPage, redpinSessionPage)},
	{RuleRecipientSum, ops(payment, session), errorSev, "recipient amounts (and a session's item amounts) add up exactly to the payment or session amount", cite(redpinPaymentPage, redpinSessionPage, section("redpin-payments-and-sessions"))},
	{RuleRecipientCurrency, ops(payment, session), errorSev, "every recipient (and session item) amount is in the payment or session currency", cite(redpinPaymentPage, redpinSessionPage, section("redpin-payments-and-sessions"))},
	{RuleThirdPartyRefs, payment, errorSev, "a third-party payment carries client_reference_id (at most 36) and client_customer_ref", cite(redpinPaymentPage)},
	{RuleQuoteRequired, payment, errorSev, "a cross-currency payment carries quote_id; needs the customer's funding currency, from validate.WithFundingCurrencies or the fundingCurrencies configuration (by customer_id, or \"*\"), and is skipped without it", cite(redpinPaymentPage, section("what-the-caller-supplies"))},
	{RuleQuoteUnexpected, payment, errorSev, "a same-currency payment carries no quote_id; needs the customer's funding currency, from validate.WithFundingCurrencies or the fundingCurrencies configuration (by customer_id, or \"*\"), and is skipped without it", cite(redpinPaymentPage, section("what-the-caller-supplies"))},
	{RulePurposeCode, ops(payment, session), errorSev, "purpose_of_transaction is in the configured list (purposeCodes; Config.WithTransactionPurposes fills it from listTransactionPurposes), when one is configured", cite(redpinPaymentPage, section("what-the-caller-supplies"))},
	{RuleQuoteAmount, quote, errorSev, "a quote amount is at least 0.01 with at most 2 decimal places", cite(redpinQuotePage)},
	{RuleQuoteCurrencies, quote, errorSev, "a quote sells one currency for another", cite(redpinQuotePage)},
	{RuleRecipientBankDetails, recipient, errorSev, "a recipient's bank details are one account given as its bank's country needs: IBAN in IBAN countries, a routing code for US banks, account number with SWIFT code elsewhere (or a local scheme)", cite(redpinRecipientPage, section("bank-identifiers"))},
	{RuleRecipientAdditional, recipient, errorSev, "a recipient carries the additional_details keys its account currency needs (recipientAdditionalDetails; BRL: tax_id)", cite(redpinChangelog, section("what-the-caller-supplies"))},
	{RulePayoutCurrency, ops(payment, session, recipient), errorSev, "the payout currency is one Redpin pays out in (payoutCurrencies; Config.WithPayoutCurrencies fills it from listCurrencies), when configured", cite(redpinChangelog, section("what-the-caller-supplies"))},
	{RuleConfirmRecipient, ops(payment, recipient), errorSev, "confirm_recipient carries customer_action and, given the CoP/VoP answers the caller received (Env.CoPAnswers), answers one of them with the identifier it asked to confirm", cite(redpinCoPGuide, redpinVoPGuide, redpinPaymentPage)},
	{RuleSessionDueDate, session, errorSev, "a hosted session's due_date is at least 5 calendar days after today", cite(redpinSessionPage, section("dates-and-business-days"))},
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
