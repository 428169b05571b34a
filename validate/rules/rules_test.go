package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate/rules"
)

// ruleCases holds each rule's own table: at least one payload the rule
// accepts and one it reports.
var ruleCases = map[string][]ruleCase{
	rules.RuleSpeedUnknown: {
		pass("configured speed", achV4, `{"speed":"Economy Plus"}`),
		pass("speed a bank adds", wireV4, `{"speed":"Wire"}`).withConfig("speeds:\n  Wire: [FEDWIRE]\n"),
		fail("unconfigured speed", achV4, `{"speed":"Turbo"}`, "/speed"),
		fail("speed case matters", achV4, `{"speed":"economy"}`, "/speed"),
	},
	rules.RuleAmountNotPositive: {
		pass("positive", achV4, `{"paymentAmount":0.01}`),
		pass("zero for ENR", achV4, `{"paymentAmount":0,"receiver":null,"additionalInfo":{"secCode":"ENR","benefitReceiver":`+benefit+`}}`),
		fail("zero", achV4, `{"paymentAmount":0}`, "/paymentAmount"),
		fail("negative", wireV4, `{"paymentAmount":-5}`, "/paymentAmount"),
		fail("book transfer zero", book, `{"paymentAmount":0.00}`, "/paymentAmount"),
		fail("a Redpin payment of zero", payment,
			`{"amount":{"value":0},"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"GBP","value":0}}]}`, "/amount/value"),
		fail("a Redpin recipient's negative share", payment,
			`{"amount":{"value":1500},"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"GBP","value":1525}},{"recipient_id":"R-2","amount":{"currency":"GBP","value":-25}}]}`,
			"/recipient_details/1/amount/value").withoutEcho("-25"),
		pass("a Redpin payment above zero", payment, ``),
		fail("a session item of zero", session,
			`{"items":[{"item_ref":"A","amount":{"currency":"AED","value":36725.00}},{"item_ref":"B","amount":{"currency":"AED","value":0}}]}`, "/items/1/amount/value"),
		fail("a session of zero", session,
			`{"amount":{"currency":"AED","value":0},"recipients":[{"recipient_id":"R-1","amount":{"currency":"AED","value":0}}],"items":[{"item_ref":"A","amount":{"currency":"AED","value":0}}]}`, "/amount/value"),
		fail("zero with ENR on Fedwire, which ignores secCode", wireV4,
			`{"paymentAmount":0,"additionalInfo":{"secCode":"ENR","benefitReceiver":`+benefit+`}}`, "/paymentAmount"),
		fail("zero with ENR on Instant", instantV4,
			`{"paymentAmount":0,"additionalInfo":{"secCode":"ENR","benefitReceiver":`+benefit+`}}`, "/paymentAmount"),
		pass("book transfer positive", book, `{"paymentAmount":0.01}`),
	},
	rules.RuleENRAmountNotZero: {
		pass("ENR at zero", achV4, `{"paymentAmount":0.00,"receiver":null,"additionalInfo":{"secCode":"ENR","benefitReceiver":`+benefit+`}}`),
		fail("ENR with an amount", achV4, `{"paymentAmount":1,"receiver":null,"additionalInfo":{"secCode":"ENR","benefitReceiver":`+benefit+`}}`, "/paymentAmount"),
	},
	rules.RuleAmountOverLimit: {
		pass("Same Day ACH at its limit", achV4, `{"speed":"Economy Plus","paymentAmount":1000000}`),
		fail("Same Day ACH over its limit", achV4, `{"speed":"Economy Plus","paymentAmount":1000000.01}`, "/paymentAmount"),
		fail("standard ACH field ceiling", achV4, `{"paymentAmount":100000000}`, "/paymentAmount"),
		pass("Fedwire below ten billion", wireV4, `{"paymentAmount":9999999999.99}`),
		fail("Fedwire at ten billion", wireV4, `{"paymentAmount":10000000000}`, "/paymentAmount"),
		fail("Instant over both rails", instantV4, `{"paymentAmount":1000000.01}`, "/paymentAmount"),
		pass("limit raised from a date", instantV4, `{"paymentAmount":5000000,"paymentDate":"01-05-2027"}`).
			withConfig("limits:\n  RTP:\n    - {from: 2022-04-18, max: 1000000}\n    - {from: 2027-01-01, max: 10000000}\n"),
		fail("raised limit not yet in force", instantV4, `{"paymentAmount":5000000,"paymentDate":"12-15-2026"}`, "/paymentAmount").
			withConfig("limits:\n  RTP:\n    - {from: 2022-04-18, max: 1000000}\n    - {from: 2027-01-01, max: 10000000}\n"),
		fail("rail left out of replaced limits keeps its network ceiling", achV4, `{"speed":"Economy Plus","paymentAmount":1000000.01}`, "/paymentAmount").
			withConfig("limits:\n  replace: true\n  RTP:\n    - {from: 2022-04-18, max: 1000000}\n"),
		pass("rail left out of replaced limits, within its network ceiling", achV4, `{"speed":"Economy Plus","paymentAmount":1000000}`).
			withConfig("limits:\n  replace: true\n  RTP:\n    - {from: 2022-04-18, max: 1000000}\n"),
	},
	rules.RuleAmountRailRestricted: {
		pass("Instant within FedNow", instantV4, `{"paymentAmount":500000}`),
		fail("Instant above FedNow, within RTP", instantV4, `{"paymentAmount":600000}`, "/paymentAmount"),
	},
	rules.RuleAmountDecimals: {
		pass("two decimals in USD", achV4, `{"paymentAmount":12.34}`),
		pass("trailing zeros within the minor units", achV4, `{"paymentAmount":12.30}`),
		fail("three decimals in USD", achV4, `{"paymentAmount":12.345}`, "/paymentAmount"),
		fail("trailing zero beyond the minor units", achV4, `{"paymentAmount":12.340}`, "/paymentAmount"),
		fail("decimals in JPY", swiftV4, `{"paymentCurrency":"JPY","paymentAmount":100.5,"receiver":{"accountCurrency":"JPY"}}`, "/paymentAmount"),
		pass("three decimals in KWD", swiftV4, `{"paymentCurrency":"KWD","paymentAmount":100.125,"receiver":{"accountCurrency":"KWD"}}`),
		fail("a quote selling JPY with decimals", quote, `{"sell_currency":"JPY","amount":1000.5}`, "/amount"),
		fail("a quote buying JPY with decimals", quote, `{"buy_currency":"JPY","fixed_side":"BUY","amount":1000.5}`, "/amount"),
		pass("a quote buying JPY, its amount in the currency sold", quote, `{"buy_currency":"JPY","fixed_side":"SELL","amount":1000.5}`),
		pass("a quote selling JPY in whole yen", quote, `{"sell_currency":"JPY","amount":1000}`),
		fail("fee with three decimals", achV4, `{"fee":{"amount":1.005}}`, "/fee/amount"),
		fail("book transfer in cents and a half", book, `{"paymentAmount":1.005}`, "/paymentAmount"),
		fail("Redpin recipient in JPY with decimals", payment,
			`{"amount":{"currency":"JPY","value":1500.5},"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"JPY","value":1500.5}}]}`,
			"/amount/value"),
		pass("Redpin in GBP", payment, ``),
		pass("session in AED", session, ``),
		fail("session item in AED with three decimals", session, `{"items":[{"item_ref":"A","amount":{"currency":"AED","value":36725.001}}]}`, "/items/0/amount/value"),
	},
	rules.RuleCurrencyUnknown: {
		pass("active code", swiftV4, ``),
		fail("not a code", achV4, `{"paymentCurrency":"ABC"}`, "/paymentCurrency"),
		fail("withdrawn code", swiftV4, `{"paymentCurrency":"HRK","receiver":{"accountCurrency":"HRK"}}`, "/paymentCurrency"),
		pass("lower case is judged in upper case", achV4, `{"paymentCurrency":"usd"}`),
		fail("only ASCII letters are folded", achV4, `{"paymentCurrency":"uſd"}`, "/paymentCurrency"),
		fail("receiver currency unknown", swiftV4, `{"receiver":{"accountCurrency":"XAU"}}`, "/receiver/accountCurrency"),
		fail("Redpin payment currency", payment, `{"amount":{"currency":"ZZZ"},"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"ZZZ","value":1500.00}}]}`, "/amount/currency"),
		fail("quote currency", quote, `{"buy_currency":"CNH"}`, "/buy_currency"),
		pass("recipient account in EUR", recipient, ``),
		fail("recipient account currency", recipient, `{"recipient_bank_details":{"currency":"ZZZ"}}`, "/recipient_bank_details/currency"),
		fail("session currency", session, `{"amount":{"currency":"ZZZ"}}`, "/amount/currency"),
	},
	rules.RuleCurrencyDomesticUSD: {
		pass("USD on ACH", achV4, ``),
		fail("EUR on Fedwire", wireV4, `{"paymentCurrency":"EUR","receiver":{"accountCurrency":"EUR"}}`, "/paymentCurrency"),
		fail("CAD on RTP", instantV4, `{"paymentCurrency":"CAD"}`, "/paymentCurrency"),
		pass("EUR on SWIFT", swiftV4, ``),
	},
	rules.RuleCurrencyReceiver: {
		pass("EUR to a EUR account", swiftV4, ``),
		pass("USD to a EUR account", swiftV4, `{"paymentCurrency":"USD"}`),
		fail("GBP to a EUR account", swiftV4, `{"paymentCurrency":"GBP","paymentAmount":50000.00}`, "/paymentCurrency"),
	},
	rules.RuleCurrencyParties: {
		pass("USD to a USD account", wireV4, ``),
		fail("EUR from a US sender to a USD account", wireV4, `{"paymentCurrency":"EUR"}`, "/paymentCurrency"),
	},
	rules.RuleDateInvalid: {
		pass("real date", achV4, `{"paymentDate":"02-26-2027"}`),
		fail("30 February", achV4, `{"paymentDate":"02-30-2027"}`, "/paymentDate"),
		fail("31 April", wireV4, `{"paymentDate":"04-31-2027"}`, "/paymentDate"),
		fail("recurrence end date", achV4, `{"recurrence":{"frequency":"Monthly","payUntil":"EndDate","endDate":"02-29-2027"}}`, "/recurrence/endDate"),
		fail("book transfer date", book, `{"paymentDate":"13-01-2027"}`, "/paymentDate"),
		pass("leap day", book, `{"paymentDate":"02-29-2028"}`),
	},
	rules.RuleDatePast: {
		pass("today", instantV4, `{"paymentDate":"12-01-2026"}`),
		fail("yesterday", instantV4, `{"paymentDate":"11-30-2026"}`, "/paymentDate"),
		fail("book transfer last year", book, `{"paymentDate":"12-15-2025"}`, "/paymentDate"),
		pass("book transfer today", book, `{"paymentDate":"12-01-2026"}`),
	},
	rules.RuleDateNotBusinessDay: {
		pass("Tuesday", achV4, ``),
		fail("Christmas", achV4, `{"paymentDate":"12-25-2026"}`, "/paymentDate"),
		fail("Saturday", wireV4, `{"paymentDate":"12-19-2026"}`, "/paymentDate"),
		fail("Juneteenth", swiftV4, `{"paymentDate":"06-19-2028"}`, "/paymentDate"),
		fail("Monday after a Sunday holiday", achV4, `{"paymentDate":"07-05-2027"}`, "/paymentDate"),
		pass("Friday before a Saturday holiday", achV4, `{"paymentDate":"12-24-2027"}`),
		pass("Instant runs every day", instantV4, `{"paymentDate":"12-25-2026"}`),
		fail("a day the bank closes", achV4, `{"paymentDate":"12-15-2026"}`, "/paymentDate").withConfig("calendar:\n  closed: [2026-12-15]\n"),
	},
	rules.RuleRecurrenceEndDate: {
		pass("end after start", achV4, `{"recurrence":{"frequency":"Monthly","payUntil":"EndDate","endDate":"12-15-2027"}}`),
		fail("end on the start date", achV4, `{"recurrence":{"frequency":"Monthly","payUntil":"EndDate","endDate":"12-15-2026"}}`, "/recurrence/endDate"),
		fail("end before today without a date", instantV4, `{"recurrence":{"frequency":"Weekly","payUntil":"EndDate","endDate":"11-01-2026"}}`, "/recurrence/endDate"),
		fail("book transfer", book, `{"recurrence":{"frequency":"Monthly","payUntil":"EndDate","endDate":"12-01-2026"}}`, "/recurrence/endDate"),
	},
	rules.RuleRecurrenceCount: {
		pass("9999 payments", achV4, `{"recurrence":{"frequency":"Monthly","payUntil":"NumberOfPayments","numberOfPayments":9999}}`),
		fail("no payments", achV4, `{"recurrence":{"frequency":"Monthly","payUntil":"NumberOfPayments","numberOfPayments":0}}`, "/recurrence/numberOfPayments"),
		fail("10000 payments", book, `{"recurrence":{"frequency":"Monthly","payUntil":"NumberOfPayments","numberOfPayments":10000}}`, "/recurrence/numberOfPayments"),
	},
	rules.RuleReceiverRequired: {
		pass("receiver given", wireV4, ``),
		pass("ENR without receiver", achV4, `{"paymentAmount":0,"receiver":null,"additionalInfo":{"secCode":"ENR","benefitReceiver":`+benefit+`}}`),
		fail("no receiver", wireV4, `{"receiver":null}`, "/receiver"),
		fail("ENR on Fedwire still needs a receiver", wireV4,
			`{"paymentAmount":0,"receiver":null,"additionalInfo":{"secCode":"ENR","benefitReceiver":`+benefit+`}}`, "/receiver"),
		fail("v3 without receiver", achV3, `{"receiver":null}`, "/receiver"),
	},
	rules.RuleENRBenefitReceiver: {
		pass("ENR with benefit receiver", achV4, `{"paymentAmount":0,"receiver":null,"additionalInfo":{"secCode":"ENR","benefitReceiver":`+benefit+`}}`),
		fail("ENR without benefit receiver", achV4, `{"paymentAmount":0,"receiver":null,"additionalInfo":{"secCode":"ENR"}}`, "/additionalInfo/benefitReceiver"),
	},
	rules.RuleACHSECRequired: {
		pass("SEC code given", achV4, ``),
		fail("no SEC code", achV4, `{"additionalInfo":null}`, "/additionalInfo/secCode"),
		fail("v3 without SEC code", achV3, `{"additionalInfo":{"secCode":null}}`, "/additionalInfo/secCode"),
	},
	rules.RuleACHSECUnsupported: {
		pass("PPD", achV4, `{"additionalInfo":{"secCode":"PPD"}}`),
		fail("MTE", achV4, `{"additionalInfo":{"secCode":"MTE"}}`, "/additionalInfo/secCode"),
		pass("MTE when the bank supports it", achV4, `{"additionalInfo":{"secCode":"MTE"}}`).withConfig("secCodes: [MTE, CCD]\n"),
	},
	rules.RuleACHIATSameDay: {
		pass("IAT on standard ACH", achV4, `{"additionalInfo":{"secCode":"IAT","transactionTypeCode":"ANN"}}`),
		fail("IAT on Same Day ACH", achV4, `{"speed":"Economy Plus","additionalInfo":{"secCode":"IAT","transactionTypeCode":"ANN"}}`, "/additionalInfo/secCode"),
		pass("an IAT debit on standard ACH", debitACH, `{"additionalInfo":{"secCode":"IAT"}}`),
		fail("an IAT debit on Same Day ACH", debitACH, `{"speed":"Economy Plus","additionalInfo":{"secCode":"IAT"}}`, "/additionalInfo/secCode"),
	},
	rules.RuleACHSECDebitOnly: {
		pass("a PPD credit", achV4, `{"additionalInfo":{"secCode":"PPD"}}`),
		fail("a TEL credit", achV4, `{"additionalInfo":{"secCode":"TEL"}}`, "/additionalInfo/secCode"),
		fail("a BOC credit", achV3, `{"additionalInfo":{"secCode":"BOC"}}`, "/additionalInfo/secCode"),
		fail("an ARC credit the bank's list names", achV4, `{"additionalInfo":{"secCode":"ARC"}}`, "/additionalInfo/secCode").
			withConfig("secCodes: [ARC]\n"),
		fail("a POP credit on Same Day ACH", achV4, `{"speed":"Economy Plus","additionalInfo":{"secCode":"POP"}}`, "/additionalInfo/secCode"),
		fail("a TEL credit the bank's list names", achV4, `{"additionalInfo":{"secCode":"TEL"}}`, "/additionalInfo/secCode").
			withConfig("secCodes: {replace: true, values: [TEL, PPD]}\n"),
	},
	rules.RuleACHIATTransactionType: {
		pass("IAT with a transaction type", achV4, `{"additionalInfo":{"secCode":"IAT","transactionTypeCode":"ANN"}}`),
		fail("IAT without a transaction type", achV4, `{"additionalInfo":{"secCode":"IAT"}}`, "/additionalInfo/transactionTypeCode"),
	},
	rules.RuleACHNotesRequired: {
		pass("notes given", achV4, ``),
		fail("no notes", achV4, `{"paymentNotes":null}`, "/paymentNotes"),
		fail("blank notes", achV3, `{"paymentNotes":"   "}`, "/paymentNotes"),
		pass("Fedwire needs none", wireV4, `{"paymentNotes":null}`),
	},
	rules.RuleACHSenderDetails: {
		pass("sender in full", achV4, ``),
		pass("sender in CRM", achV4, `{"sender":{"accountUID":100245,"accountNumber":null,"accountType":null,"subAccountType":null,"name":null,"entityType":null,"bankIdType":null,"bankId":null,"achCompanyID":null,"address":null}}`),
		fail("no company id", achV4, `{"sender":{"achCompanyID":null}}`, "/sender/achCompanyID"),
		fail("no sub-account type", achV4, `{"sender":{"subAccountType":null}}`, "/sender/subAccountType"),
		fail("no state", achV4, `{"sender":{"address":{"state":null}}}`, "/sender/address/state"),
		fail("no postal code", achV4, `{"sender":{"address":{"postalCode":null}}}`, "/sender/address/postalCode"),
	},
	rules.RuleCutoffPassed: {
		pass("Same Day ACH today, a minute before its cut-off", achV4, `{"speed":"Economy Plus","paymentDate":"12-01-2026"}`).
			withEnv(at(16, 44)),
		fail("Same Day ACH today, at its cut-off", achV4, `{"speed":"Economy Plus","paymentDate":"12-01-2026"}`, "/paymentDate").
			withEnv(at(16, 45)),
		pass("Fedwire without a date: the provider picks the earliest it can make", wireV4, `{"paymentDate":null}`).
			withEnv(at(19, 0)),
		pass("an impossible date is DATE_INVALID's alone", wireV4, `{"paymentDate":"02-30-2027"}`).withEnv(at(19, 0)),
		fail("the moment given in another zone is read in New York", wireV4, `{"paymentDate":"12-01-2026"}`, "/paymentDate").
			withEnv(func(e *rules.Env) { e.Now = time.Date(2026, 12, 1, 16, 30, 0, 0, time.FixedZone("PST", -8*3600)) }),
		pass("22:00 UTC is 17:00 in New York, before Fedwire's cut-off", wireV4, `{"paymentDate":"12-01-2026"}`).
			withEnv(func(e *rules.Env) { e.Now = time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC) }),
		pass("Fedwire dated the next business day", wireV4, `{"paymentDate":"12-02-2026"}`).withEnv(at(19, 0)),
		pass("Instant runs around the clock", instantV4, `{"paymentDate":"12-01-2026"}`).withEnv(at(23, 59)),
		pass("no time of submission, no check", wireV4, `{"paymentDate":"12-01-2026"}`),
		fail("a bank's earlier cut-off", wireV4, `{"paymentDate":"12-01-2026"}`, "/paymentDate").
			withEnv(at(16, 0)).withConfig("cutoffs:\n  FEDWIRE: \"15:30\"\n"),
		pass("standard ACH dated today has no cut-off by default", achV4, `{"paymentDate":"12-01-2026"}`).withEnv(at(20, 0)),
		fail("a Same Day ACH debit after the cut-off", debitACH, `{"speed":"Economy Plus","paymentDate":"12-01-2026"}`, "/paymentDate").
			withEnv(at(17, 0)),
	},
	rules.RuleSWIFTAmountWidth: {
		pass("the base SWIFT payment", swiftV4, ``),
		pass("fourteen digits", swiftV4, `{"paymentAmount":123456789012.34}`),
		pass("fourteen integer digits", swiftV4, `{"paymentAmount":12345678901234}`),
		pass("trailing zeros are not written", swiftV4, `{"paymentAmount":1234567890123.40}`),
		fail("fifteen integer digits", swiftV4, `{"paymentAmount":123456789012345}`, "/paymentAmount").withoutEcho("123456789012345"),
		fail("fifteen digits with decimals", swiftV4, `{"paymentAmount":1234567890123.45}`, "/paymentAmount"),
		fail("an exponent far past the field", swiftV4, `{"paymentAmount":1e60}`, "/paymentAmount"),
		pass("Fedwire has its own ceiling", wireV4, `{"paymentAmount":1000.00}`),
	},
	rules.RuleInstantSenderAddress: {
		pass("sender in CRM", instantV4, ``),
		pass("sender in full with state and postal code", instantV4, instantSender(`"state":"MD","postalCode":"21202"`)),
		fail("sender in full without a state", instantV4, instantSender(`"postalCode":"21202"`), "/sender/address/state"),
		fail("sender in full without a postal code", instantV4, instantSender(`"state":"MD"`), "/sender/address/postalCode"),
		pass("Fedwire needs neither", wireV4, `{"sender":{"address":{"state":null,"postalCode":null}}}`),
	},
	rules.RuleACHReceiverDetails: {
		pass("receiver in full", achV4, ``),
		pass("receiver in CRM", achV3, ``),
		fail("no account type", achV4, `{"receiver":{"accountType":null}}`, "/receiver/accountType"),
		fail("no sub-account type", achV4, `{"receiver":{"subAccountType":null}}`, "/receiver/subAccountType"),
	},
	rules.RuleNotesTruncated: {
		pass("ten characters on ACH", achV4, `{"paymentNotes":"0123456789"}`),
		fail("eleven characters on ACH", achV4, `{"paymentNotes":"0123456789X"}`, "/paymentNotes"),
		fail("notes holding an account number", achV4, `{"paymentNotes":"Acct 4401928374 pay"}`, "/paymentNotes").withoutEcho("Acct 44019"),
		pass("140 on Fedwire", wireV4, `{"paymentNotes":"`+strings.Repeat("n", 140)+`"}`),
		fail("141 on RTP/FedNow", instantV4, `{"paymentNotes":"`+strings.Repeat("n", 141)+`"}`, "/paymentNotes"),
	},
	rules.RuleRemittanceNotesLength: {
		pass("80 on ACH", achV4, `{"additionalInfo":{"paymentRemittanceNotes":"`+strings.Repeat("r", 80)+`"}}`),
		fail("81 on ACH", achV4, `{"additionalInfo":{"paymentRemittanceNotes":"`+strings.Repeat("r", 81)+`"}}`, "/additionalInfo/paymentRemittanceNotes"),
		pass("140 on RTP/FedNow", instantV4, `{"additionalInfo":{"paymentRemittanceNotes":"`+strings.Repeat("r", 140)+`"}}`),
		fail("141 on SWIFT", swiftV4, `{"additionalInfo":{"paymentRemittanceNotes":"`+strings.Repeat("r", 141)+`"}}`, "/additionalInfo/paymentRemittanceNotes"),
	},
	rules.RuleFedwireReference: {
		pass("16 characters", wireV4, `{"externalReferenceId":"0123456789ABCDEF"}`),
		fail("17 characters", wireV4, `{"externalReferenceId":"0123456789ABCDEFG"}`, "/externalReferenceId"),
		pass("long reference on ACH", achV4, `{"externalReferenceId":"0123456789ABCDEFGHIJ"}`),
	},
	rules.RuleFedwireOBI: {
		pass("140 characters in one run", wireV4, `{"additionalInfo":{"originatorToBeneficiary":"`+strings.Repeat("o", 140)+`"}}`),
		pass("four lines", wireV4, `{"additionalInfo":{"originatorToBeneficiary":"a\nb\nc\nd"}}`),
		fail("five lines", wireV4, `{"additionalInfo":{"originatorToBeneficiary":"a\nb\nc\nd\ne"}}`, "/additionalInfo/originatorToBeneficiary"),
		fail("a 36-character line pushes past four", wireV4, `{"additionalInfo":{"originatorToBeneficiary":"`+strings.Repeat("o", 36)+`\nb\nc\nd"}}`, "/additionalInfo/originatorToBeneficiary"),
	},
	rules.RuleFedwireSenderToReceiver: {
		pass("105 characters", wireV4, `{"additionalInfo":{"senderToReceiverNotes":"`+strings.Repeat("s", 105)+`"}}`),
		fail("four lines", wireV4, `{"additionalInfo":{"senderToReceiverNotes":"a\nb\nc\nd"}}`, "/additionalInfo/senderToReceiverNotes"),
	},
	rules.RuleFedwireBeneficiaryRef: {
		pass("16 characters", wireV4, `{"additionalInfo":{"referenceForBeneficiary":"0123456789ABCDEF"}}`),
		fail("17 characters", wireV4, `{"additionalInfo":{"referenceForBeneficiary":"0123456789ABCDEFG"}}`, "/additionalInfo/referenceForBeneficiary"),
	},
	rules.RuleFedwireReceiverAddress: {
		pass("address given", wireV4, ``),
		pass("receiver in CRM", wireV4, `{"receiver":{"beneficiaryId":88231,"accountNumber":null,"accountCurrency":null,"name":null,"address":null,"bank":null}}`),
		fail("no address", wireV4, `{"receiver":{"address":null}}`, "/receiver/address"),
		fail("no city", wireV4, `{"receiver":{"address":{"city":null}}}`, "/receiver/address/city"),
		fail("no country", wireV4, `{"receiver":{"address":{"countryCode":null}}}`, "/receiver/address/countryCode"),
	},
	rules.RuleSWIFTNotesRequired: {
		pass("notes given", swiftV4, ``),
		fail("no notes", swiftV4, `{"paymentNotes":null}`, "/paymentNotes"),
	},
	rules.RuleSWIFTFXContract: {
		pass("dated payment", swiftV4, ``),
		pass("undated with a contract", swiftV4, `{"paymentDate":null,"additionalInfo":{"fxContractNumber":"778899"}}`),
		fail("undated without a contract", swiftV4, `{"paymentDate":null}`, "/additionalInfo/fxContractNumber"),
	},
	rules.RuleDetailsOfCharges: {
		pass("OUR", swiftV4, `{"additionalInfo":{"detailsOfCharges":"OUR"}}`),
		pass("BEN on Fedwire", wireV4, `{"additionalInfo":{"detailsOfCharges":"BEN"}}`),
		fail("SLV", swiftV4, `{"additionalInfo":{"detailsOfCharges":"SLV"}}`, "/additionalInfo/detailsOfCharges"),
		fail("lower case", swiftV4, `{"additionalInfo":{"detailsOfCharges":"sha"}}`, "/additionalInfo/detailsOfCharges"),
	},
	rules.RuleFieldIgnored: {
		pass("remittance method on RTP", instantV4, `{"additionalInfo":{"remittanceMethod":"EMAL"}}`),
		fail("remittance method on ACH", achV4, `{"additionalInfo":{"remittanceMethod":"EMAL"}}`, "/additionalInfo/remittanceMethod"),
		fail("SEC code on Fedwire", wireV4, `{"additionalInfo":{"secCode":"CCD"}}`, "/additionalInfo/secCode"),
		fail("OBI on SWIFT", swiftV4, `{"additionalInfo":{"originatorToBeneficiary":"x"}}`, "/additionalInfo/originatorToBeneficiary"),
		fail("FedNow instrument without FedNow", instantV4, `{"additionalInfo":{"localInstruments":"FDNA"}}`, "/additionalInfo/localInstruments").
			withConfig("speeds:\n  Instant: [RTP]\n"),
		fail("company id on Fedwire", wireV4, `{"sender":{"achCompanyID":"1234567890"}}`, "/sender/achCompanyID"),
	},
	rules.RuleBankABA: {
		pass("valid routing numbers", achV4, ``),
		fail("receiver bank check digit", achV4, `{"receiver":{"bank":{"bankId":"121000249"}}}`, "/receiver/bank/bankId"),
		fail("all zeros", wireV4, `{"receiver":{"bank":{"bankId":"000000000"}}}`, "/receiver/bank/bankId"),
		fail("sender NID", achV4, `{"sender":{"bankId":"021000022"}}`, "/sender/bankId"),
		fail("correspondent", wireV4, `{"sender":{"correspondentBankId":"123456789"}}`, "/sender/correspondentBankId"),
		fail("book transfer routing number", book, `{"senderAccount":{"routingNumber":"021000022"}}`, "/senderAccount/routingNumber"),
		pass("book transfer routing number valid", book, `{"senderAccount":{"routingNumber":"021000021"}}`),
		pass("recipient ABA routing number", recipient, `{"country_code":"USA","recipient_bank_details":{"currency":"USD","iban":null,"account_number":"009182736455","routing_code_type":"ABA","routing_code_value":"121000248","bank_country_code":"USA"}}`),
		fail("recipient ABA check digit", recipient, `{"recipient_bank_details":{"currency":"USD","iban":null,"account_number":"009182736455","routing_code_type":"ABA","routing_code_value":"121000249","bank_country_code":"USA"}}`, "/recipient_bank_details/routing_code_value"),
	},
	rules.RuleBankBIC: {
		pass("BIC8", swiftV4, ``),
		pass("BIC11", swiftV4, `{"receiver":{"bank":{"swiftCode":"DEUTDEFF500"}}}`),
		fail("nine characters", swiftV4, `{"receiver":{"bank":{"swiftCode":"DEUTDEFF5"}}}`, "/receiver/bank/swiftCode"),
		fail("no such country", swiftV4, `{"receiver":{"bank":{"swiftCode":"DEUTZZFF"}}}`, "/receiver/bank/swiftCode"),
		fail("sender BIC", achV4, `{"sender":{"bankIdType":"BIC","bankId":"CHASUK33"}}`, "/sender/bankId"),
		pass("recipient SWIFT code", recipient, `{"country_code":"SGP","recipient_bank_details":{"currency":"SGD","iban":null,"account_number":"0721234567","swift_code":"DBSSSGSGXXX"}}`),
		fail("recipient SWIFT code of no country", recipient, `{"recipient_bank_details":{"currency":"SGD","iban":null,"account_number":"0721234567","swift_code":"DBSSZZSG"}}`, "/recipient_bank_details/swift_code"),
	},
	rules.RuleBankIBAN: {
		pass("valid IBAN account number", swiftV4, ``),
		fail("IBAN with a bad check", swiftV4, `{"receiver":{"accountNumber":"DE89370400440532013001"}}`, "/receiver/accountNumber"),
		fail("IBAN in groups with a bad check", swiftV4, `{"receiver":{"accountNumber":"DE00 3704 0044 0532 0130 00"}}`, "/receiver/accountNumber"),
		fail("valid IBAN in groups", swiftV4, `{"receiver":{"accountNumber":"DE89 3704 0044 0532 0130 00"}}`, "/receiver/accountNumber"),
		fail("bank account type IBAN, wrong length", swiftV4, `{"receiver":{"bank":{"accountType":"IBAN","accountNumber":"GB82WEST1234569876543"}}}`, "/receiver/bank/accountNumber"),
		pass("bank account type IBAN, valid", swiftV4, `{"receiver":{"bank":{"accountType":"IBAN","accountNumber":"GB82WEST12345698765432"}}}`),
		pass("a plain account number", achV4, ``),
		pass("recipient IBAN", recipient, ``),
		fail("recipient IBAN with a bad check", recipient, `{"recipient_bank_details":{"iban":"DE89370400440532013001"}}`, "/recipient_bank_details/iban"),
		fail("update to an IBAN of the wrong length", update, `{"recipient_bank_details":{"iban":"DE8937040044053201300"}}`, "/recipient_bank_details/iban"),
	},
	rules.RuleBankCountry: {
		pass("countries agree", swiftV4, `{"receiver":{"bank":{"address":{"addressLine1":"Taunusanlage 12","city":"Frankfurt","state":"HE","postalCode":"60325","countryCode":"DE"}}}}`),
		fail("countries differ", swiftV4, `{"receiver":{"bank":{"address":{"addressLine1":"Taunusanlage 12","city":"Frankfurt","state":"HE","postalCode":"60325","countryCode":"AT"}}}}`, "/receiver/bank/countryCode"),
	},
	rules.RuleBankNIDNotUS: {
		pass("US bank by NID", wireV4, `{"receiver":{"bank":{"countryCode":"US"}}}`),
		fail("Canadian bank by NID", wireV4, `{"receiver":{"bank":{"countryCode":"CA"}}}`, "/receiver/bank/bankIdType"),
	},
	rules.RuleFeeAmount: {
		pass("fee of 25.00", achV4, `{"fee":{"amount":25.00}}`),
		pass("fee at the maximum", wireV4, `{"fee":{"amount":10000000}}`),
		fail("fee over the maximum", wireV4, `{"fee":{"amount":10000000.01}}`, "/fee/amount"),
		fail("zero fee", achV4, `{"fee":{"amount":0}}`, "/fee/amount"),
	},
	rules.RuleFXAmount: {
		pass("amount equals the trade", wireV4, `{"additionalInfo":{"fxContractNumber":"778899"}}`).withEnv(fxTrades),
		pass("the trade's amount with a trailing zero", wireV4, `{"paymentAmount":1234567.890,"additionalInfo":{"fxContractNumber":"778899"}}`).withEnv(fxTrades),
		pass("the trade's amount with an exponent", wireV4, `{"paymentAmount":1.23456789e6,"additionalInfo":{"fxContractNumber":"778899"}}`).withEnv(fxTrades),
		pass("no lookup given", wireV4, `{"paymentAmount":1.00,"additionalInfo":{"fxContractNumber":"778899"}}`),
		fail("amount differs from the trade", wireV4, `{"paymentAmount":1234567.80,"additionalInfo":{"fxContractNumber":"778899"}}`, "/paymentAmount").withEnv(fxTrades),
	},
	rules.RuleFXCurrency: {
		pass("trade currency", wireV4, `{"additionalInfo":{"fxContractNumber":"778899"}}`).withEnv(fxTrades),
		fail("other currency", swiftV4, `{"paymentAmount":1234567.89,"additionalInfo":{"fxContractNumber":"778899"}}`, "/paymentCurrency").withEnv(fxTrades),
	},
	rules.RuleFXContractUnknown: {
		pass("known contract", wireV4, `{"additionalInfo":{"fxContractNumber":"778899"}}`).withEnv(fxTrades),
		fail("unknown contract", wireV4, `{"additionalInfo":{"fxContractNumber":"111111"}}`, "/additionalInfo/fxContractNumber").withEnv(fxTrades),
	},
	rules.RuleBookAccountID: {
		pass("account numbers", book, `{"senderAccount":{"accountUID":null,"accountNumber":"4401928374"},"receiverAccount":{"accountUID":null,"accountNumber":"4401928375"}}`),
		fail("sender identified by neither", book, `{"senderAccount":{"accountUID":null,"accountName":"Operating"}}`, "/senderAccount"),
	},
	rules.RuleBookSameAccount: {
		pass("different accounts", book, ``),
		fail("same account id", book, `{"receiverAccount":{"accountUID":"1001"}}`, "/receiverAccount"),
		fail("same account number", book, `{"senderAccount":{"accountUID":null,"accountNumber":"77"},"receiverAccount":{"accountUID":null,"accountNumber":"77"}}`, "/receiverAccount"),
		pass("same number at another bank", book, `{"senderAccount":{"accountUID":null,"accountNumber":"77","routingNumber":"021000021"},"receiverAccount":{"accountUID":null,"accountNumber":"77","routingNumber":"121000248"}}`),
	},
	rules.RuleRecipients: {
		pass("two recipients", payment, ``),
		fail("none", payment, `{"recipient_details":[]}`, "/recipient_details"),
		pass("session with a recipient", session, ``),
		fail("session without recipients", session, `{"recipients":[]}`, "/recipients"),
	},
	rules.RuleRecipientSum: {
		pass("sum matches", payment, ``),
		pass("sum matches across scales", payment, `{"amount":{"value":1500}}`),
		fail("a cent short", payment, `{"amount":{"value":1500.01}}`, "/amount/value"),
		pass("session recipients and items add up", session, ``),
		fail("session items a fils short", session, `{"items":[{"item_ref":"A","amount":{"currency":"AED","value":36724.99}}]}`, "/amount/value"),
		fail("session recipients above the amount", session, `{"recipients":[{"recipient_id":"R-1","amount":{"currency":"AED","value":36725.01}}]}`, "/amount/value"),
		fail("shares of which one is zero", payment,
			`{"amount":{"value":1},"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"GBP","value":987654.32}},{"recipient_id":"R-2","amount":{"currency":"GBP","value":0}}]}`,
			"/amount/value").withoutEcho("987654.32"),
	},
	rules.RuleRecipientCurrency: {
		pass("one currency", payment, ``),
		fail("recipient in EUR", payment, `{"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"EUR","value":1500.00}}]}`, "/recipient_details/0/amount/currency"),
		pass("session in one currency", session, ``),
		fail("session item in USD", session, `{"items":[{"item_ref":"A","amount":{"currency":"USD","value":36725.00}}]}`, "/items/0/amount/currency"),
		fail("session recipient in USD", session, `{"recipients":[{"recipient_id":"R-1","amount":{"currency":"USD","value":36725.00}}]}`, "/recipients/0/amount/currency"),
	},
	rules.RuleThirdPartyRefs: {
		pass("own payment", payment, ``),
		pass("third party with references", payment, `{"is_third_party_payment":true,"client_reference_id":"REF-1","client_customer_ref":"CUST-9"}`),
		fail("third party without reference id", payment, `{"is_third_party_payment":true,"client_customer_ref":"CUST-9"}`, "/client_reference_id"),
		fail("reference id over 36", payment, `{"is_third_party_payment":true,"client_reference_id":"`+strings.Repeat("r", 37)+`","client_customer_ref":"CUST-9"}`, "/client_reference_id"),
		fail("third party without customer ref", payment, `{"is_third_party_payment":true,"client_reference_id":"REF-1"}`, "/client_customer_ref"),
	},
	rules.RuleQuoteRequired: {
		pass("same currency", payment, ``).withEnv(fundsIn("GBP")),
		pass("cross-currency with a quote", payment, `{"quote_id":"Q-1"}`).withEnv(fundsIn("EUR")),
		pass("funding currency unknown", payment, ``),
		fail("cross-currency without a quote", payment, ``, "/quote_id").withEnv(fundsIn("EUR")),
		fail("funding currency configured for the customer", payment, ``, "/quote_id").withConfig("fundingCurrencies:\n  CUST-0048213: EUR\n"),
		pass("funding currency configured for another customer", payment, ``).withConfig("fundingCurrencies:\n  CUST-9: EUR\n"),
		fail("funding currency configured for every customer", payment, ``, "/quote_id").withConfig("fundingCurrencies:\n  \"*\": EUR\n"),
		pass("the lookup wins over the configuration", payment, ``).withConfig("fundingCurrencies:\n  \"*\": EUR\n").withEnv(fundsIn("GBP")),
	},
	rules.RuleQuoteUnexpected: {
		pass("cross-currency with a quote", payment, `{"quote_id":"Q-1"}`).withEnv(fundsIn("EUR")),
		fail("same currency with a quote", payment, `{"quote_id":"Q-1"}`, "/quote_id").withEnv(fundsIn("GBP")),
		fail("same currency by configuration", payment, `{"quote_id":"Q-1"}`, "/quote_id").withConfig("fundingCurrencies:\n  \"*\": GBP\n"),
	},
	rules.RulePurposeCode: {
		pass("no list configured", payment, `{"purpose_of_transaction":"ANYTHING"}`),
		pass("in the list", payment, ``).withConfig("purposeCodes: [INVOICE_PAYMENT, PAYROLL]\n"),
		fail("not in the list", payment, `{"purpose_of_transaction":"GIFT"}`, "/purpose_of_transaction").withConfig("purposeCodes: [INVOICE_PAYMENT, PAYROLL]\n"),
		pass("session purpose in the list", session, ``).withConfig("purposeCodes: [PROPERTY_PURCHASE]\n"),
		fail("session purpose in another case", session, `{"purpose_of_transaction":"property_purchase"}`, "/purpose_of_transaction").withConfig("purposeCodes: [PROPERTY_PURCHASE]\n"),
	},
	rules.RuleQuoteAmount: {
		pass("0.01", quote, `{"amount":0.01}`),
		pass("two decimals", quote, ``),
		fail("below 0.01", quote, `{"amount":0.009}`, "/amount"),
		fail("three decimals", quote, `{"amount":1000.455}`, "/amount"),
	},
	rules.RuleQuoteCurrencies: {
		pass("GBP to EUR", quote, ``),
		fail("GBP to GBP", quote, `{"buy_currency":"GBP"}`, "/buy_currency"),
	},
	rules.RuleRecipientBankDetails: {
		pass("IBAN for a German bank", recipient, ``),
		pass("account number and SWIFT for a Singapore bank", recipient, `{"country_code":"SGP","recipient_bank_details":{"currency":"SGD","iban":null,"account_number":"0721234567","swift_code":"DBSSSGSGXXX"}}`),
		pass("US local scheme", recipient, `{"country_code":"USA","recipient_bank_details":{"currency":"USD","iban":null,"account_number":"009182736455","routing_code_type":"ABA","routing_code_value":"121000248","bank_country_code":"USA"}}`),
		pass("UK sort code as a local scheme", recipient, `{"recipient_bank_details":{"currency":"GBP","iban":null,"account_number":"31926819","routing_code_type":"SORT_CODE","routing_code_value":"601613","bank_country_code":"GBR"}}`),
		pass("US bank by SWIFT with its routing code", recipient, `{"recipient_bank_details":{"currency":"USD","iban":null,"account_number":"009182736455","swift_code":"CHASUS33","routing_code_value":"021000021"}}`),
		fail("account number and SWIFT for a bank in an IBAN country", recipient, `{"recipient_bank_details":{"iban":null,"account_number":"0532013000","swift_code":"COBADEFFXXX"}}`, "/recipient_bank_details/iban"),
		fail("US bank by SWIFT without a routing code", recipient, `{"recipient_bank_details":{"currency":"USD","iban":null,"account_number":"009182736455","swift_code":"CHASUS33"}}`, "/recipient_bank_details/routing_code_value"),
		fail("IBAN and account number together", recipient, `{"recipient_bank_details":{"account_number":"0532013000"}}`, "/recipient_bank_details/account_number"),
		fail("SWIFT code of another country than the IBAN", recipient, `{"recipient_bank_details":{"swift_code":"BNPAFRPP"}}`, "/recipient_bank_details/swift_code"),
		fail("routing code type without a value", recipient, `{"recipient_bank_details":{"routing_code_type":"ABA"}}`, "/recipient_bank_details/routing_code_value"),
		pass("update without bank details", update, `{"recipient_bank_details":null}`),
		fail("update to a SWIFT account in an IBAN country", update, `{"recipient_bank_details":{"iban":null,"account_number":"0532013000","swift_code":"COBADEFFXXX"}}`, "/recipient_bank_details/iban"),
	},
	rules.RuleRecipientAdditional: {
		pass("EUR needs none", recipient, ``),
		pass("BRL with tax_id", recipient, `{"country_code":"BRA","recipient_bank_details":{"currency":"BRL","iban":"BR1800360305000010009795493C1"},"additional_details":{"tax_id":"12345678000190"}}`),
		fail("BRL without additional_details", recipient, `{"country_code":"BRA","recipient_bank_details":{"currency":"BRL","iban":"BR1800360305000010009795493C1"}}`, "/additional_details"),
		fail("BRL with a blank tax_id", recipient, `{"country_code":"BRA","recipient_bank_details":{"currency":"BRL","iban":"BR1800360305000010009795493C1"},"additional_details":{"tax_id":" "}}`, "/additional_details/tax_id"),
		fail("a key the bank configures", recipient, `{"additional_details":{"note":"x"}}`, "/additional_details/vat_id").withConfig("recipientAdditionalDetails:\n  EUR: [vat_id]\n"),
		fail("update to a BRL account without tax_id", update, `{"recipient_bank_details":{"currency":"BRL","iban":"BR1800360305000010009795493C1"}}`, "/additional_details"),
	},
	rules.RulePayoutCurrency: {
		pass("no list configured", payment, ``),
		pass("GBP configured", payment, ``).withConfig("payoutCurrencies: [GBP, EUR]\n"),
		fail("payment in GBP, not configured", payment, ``, "/amount/currency").withConfig("payoutCurrencies: [EUR]\n"),
		fail("session in AED, not configured", session, ``, "/amount/currency").withConfig("payoutCurrencies: [EUR]\n"),
		pass("recipient account in a configured currency", recipient, ``).withConfig("payoutCurrencies: [EUR]\n"),
		fail("recipient account in another currency", recipient, ``, "/recipient_bank_details/currency").withConfig("payoutCurrencies: [GBP]\n"),
		fail("update to an account in another currency", update, ``, "/recipient_bank_details/currency").withConfig("payoutCurrencies: [GBP]\n"),
	},
	rules.RuleConfirmRecipient: {
		pass("no confirmation", payment, ``).withEnv(copAnswers),
		pass("retry answering the CoP answer", payment, `{"confirm_recipient":`+confirmAG1+`}`).withEnv(copAnswers),
		pass("without a lookup only the decision is checked", payment, `{"confirm_recipient":{"request_identifier":"X","event_id":"AG-9","customer_action":"OVERRIDE"}}`),
		fail("no customer_action", payment, `{"confirm_recipient":{"request_identifier":"12345678","event_id":"AG-1"}}`, "/confirm_recipient/customer_action"),
		fail("blank customer_action", payment, `{"confirm_recipient":{"request_identifier":"12345678","event_id":"AG-1","customer_action":" "}}`, "/confirm_recipient/customer_action"),
		fail("not a retry: no answer with that event", payment, `{"confirm_recipient":{"request_identifier":"12345678","event_id":"AG-9","customer_action":"OVERRIDE"}}`, "/confirm_recipient/event_id").withEnv(copAnswers),
		fail("another account than the answer asked about", payment, `{"confirm_recipient":{"request_identifier":"87654321","event_id":"AG-1","customer_action":"OVERRIDE"}}`, "/confirm_recipient/request_identifier").withEnv(copAnswers),
		pass("recipient retry", recipient, `{"confirm_recipient":`+confirmAG1+`}`).withEnv(copAnswers),
		fail("recipient confirmation without an answer", recipient, `{"confirm_recipient":{"request_identifier":"12345678","event_id":"AG-2","customer_action":"OVERRIDE"}}`, "/confirm_recipient/event_id").withEnv(copAnswers),
		fail("update confirmation without customer_action", update, `{"confirm_recipient":{"request_identifier":"12345678","event_id":"AG-1"}}`, "/confirm_recipient/customer_action"),
	},
	rules.RuleSessionDueDate: {
		pass("five calendar days ahead", session, ``),
		pass("next year", session, `{"due_date":"2027-06-01"}`),
		fail("four days ahead", session, `{"due_date":"2026-12-05"}`, "/due_date"),
		fail("in the past", session, `{"due_date":"2026-11-30"}`, "/due_date"),
	},
}

// confirmAG1 confirms copAnswer's check.
const confirmAG1 = `{"request_identifier":"12345678","event_id":"AG-1","customer_action":"OVERRIDE"}`

// benefit is a valid ENR benefit receiver.
const benefit = `{"federalBenefitType":"Social Security","accountNumber":"55501234","socialSecurityNumber":"123456789",` +
	`"firstName":"Ana","lastName":"Reyes","subAccountType":"Checking"}`

// TestRules runs each rule's own table. A case that passes must not be
// reported by its rule; a case that fails must be reported at its pointer.
func TestRules(t *testing.T) {
	for _, rule := range rules.Catalogue() {
		t.Run(rule.ID, func(t *testing.T) {
			cases := append(ruleCases[rule.ID], finzlyRuleCases[rule.ID]...)
			var passes, fails int
			for _, c := range cases {
				if c.fails {
					fails++
				} else {
					passes++
				}
			}
			require.Positive(t, passes, "rule %s has no passing case", rule.ID)
			require.Positive(t, fails, "rule %s has no failing case", rule.ID)
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					assert.Contains(t, rule.Operations, c.base.op, "case uses an operation the rule does not list")
					ps := c.check(t)
					var at []string
					for _, p := range ps {
						if p.Code == rule.ID {
							at = append(at, p.Pointer)
							assert.Equal(t, rule.Severity, p.Severity)
							assert.NotEmpty(t, p.Message)
						}
						if c.secret != "" {
							assert.NotContains(t, p.Message, c.secret, "a message repeats a value of the payment")
						}
					}
					if c.fails {
						assert.Contains(t, at, c.at, "problems: %v", ps)
					} else {
						assert.Empty(t, at, "problems: %v", ps)
					}
				})
			}
		})
	}
	for _, table := range []map[string][]ruleCase{ruleCases, finzlyRuleCases} {
		for id := range table {
			_, known := ruleCatalogue()[id]
			assert.True(t, known, "cases for unknown rule %s", id)
		}
	}
}

func ruleCatalogue() map[string]rules.Rule {
	out := map[string]rules.Rule{}
	for _, r := range rules.Catalogue() {
		out[r.ID] = r
	}
	return out
}

// TestBasesPassEveryRule makes sure every case starts from a payload with
// no findings at all, so a failing case fails for its own patch.
func TestBasesPassEveryRule(t *testing.T) {
	for _, b := range append([]base{achV4, wireV4, instantV4, swiftV4, achV3, book, payment, quote, recipient, update, session}, finzlyBases...) {
		ps := pass("base", b, "").check(t)
		assert.Empty(t, ps, "%s base: %v", b.op, ps)
	}
}

// instantSender is a patch giving the Instant base payment a sender in
// full, whose address has the members given besides its first line, city
// and country.
func instantSender(address string) string {
	return `{"sender":{"accountUID":null,"accountNumber":"4401928374","accountType":"Deposit","name":"Harbor Freight Logistics LLC",` +
		`"entityType":"Corporate","bankIdType":"NID","bankId":"021000021",` +
		`"address":{"addressLine1":"200 Pier Street","city":"Baltimore","countryCode":"US",` + address + `}}}`
}

// at sets the moment of submission to today at hour:minute in New York.
func at(hour, minute int) func(*rules.Env) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return func(e *rules.Env) { e.Now = time.Date(2026, 12, 1, hour, minute, 0, 0, ny) }
}
