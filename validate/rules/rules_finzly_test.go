package rules_test

import (
	"fmt"

	"github.com/payspec/payspec/validate/rules"
)

// Base payloads of the Finzly operations beyond credits and book transfers;
// each passes every rule (TestBasesPassEveryRule).
const (
	debitACHBody = `{
  "externalReferenceId": "DUES-1201",
  "paymentAmount": 49.95,
  "paymentCurrency": "USD",
  "paymentDate": "12-15-2026",
  "speed": "Economy",
  "paymentNotes": "Dues",
  "creditor": {"accountUID": "10024"},
  "debtor": {"accountNumber": "7766554433", "accountType": "Deposit", "subAccountType": "Checking", "accountCurrency": "USD",
    "name": "Maria Alvarez", "bank": {"bankIdType": "NID", "bankId": "011000015"}},
  "additionalInfo": {"secCode": "PPD"}
}`
	debitRFPBody = `{
  "externalReferenceId": "RFP-1201",
  "paymentAmount": 120.00,
  "paymentCurrency": "USD",
  "speed": "Instant",
  "creditor": {"accountUID": "10024"},
  "debtor": {"accountUID": "88231"},
  "additionalInfo": {"requestedExecutionDate": "12-10-2026", "expiryDate": "12-31-2026"}
}`
	returnBody      = `{"returnCode": "AC03", "returnNotes": "No such account at this bank"}`
	reverseBody     = `{"reversalNotes": "Sent twice", "reversalCode": "DUPL"}`
	recurUpdateBody = `{"frequency": "Monthly", "nextPaymentDate": "01-04-2027", "amount": 1850.00}`
	waterfallBody   = `{"externalReferenceId": "wf-1201", "payments": [
  {"paymentIndex": 1, "paymentAmount": 10000.00,
   "debtorAccount": {"accountNumber": "4401928374", "accountType": "Deposit", "accountSubType": "Checking", "routingNumber": "021000021"},
   "creditorAccount": {"accountNumber": "4401928375", "accountType": "Deposit", "accountSubType": "Savings", "routingNumber": "021000021"}},
  {"paymentIndex": 2, "paymentAmount": 2500.00,
   "debtorAccount": {"accountNumber": "4401928375", "accountType": "Deposit", "accountSubType": "Savings", "routingNumber": "021000021"},
   "creditorAccount": {"accountNumber": "5500112233", "accountType": "GL", "accountSubType": "GL", "routingNumber": "021000021"}}]}`
	fxQuoteBody  = `{"customerId": "112344", "customerIdType": "CustomerUID", "sellCurrency": "USD", "buyCurrency": "EUR", "transferAmount": 15000.00, "productType": "SPOT", "tenor": "SPOT"}`
	fxAcceptBody = `{"quoteUUID": "0b6f1f5e-7c2a-4d8e-9a51-3f0c2b7d9e41", "autoCover": true, "autoCoverDelay": 30}`
)

var (
	achV5       = base{"createCreditPaymentV5", v4ACH}
	debitACH    = base{"createDebitPayment", debitACHBody}
	debitRFP    = base{"createDebitPayment", debitRFPBody}
	returnPay   = base{"returnPayment", returnBody}
	reversePay  = base{"reversePayment", reverseBody}
	recurUpdate = base{"updateRecurrence", recurUpdateBody}
	waterfall   = base{"createWaterfallTransfer", waterfallBody}
	fxQuote     = base{"createFXQuote", fxQuoteBody}
	fxAccept    = base{"acceptFXQuote", fxAcceptBody}

	finzlyBases = []base{achV5, debitACH, debitRFP, returnPay, reversePay, recurUpdate, waterfall, fxQuote, fxAccept}
)

// paymentIs makes the lookup know payment 12930 with these facts.
func paymentIs(status, rail string, incoming, credit bool) func(*rules.Env) {
	return func(e *rules.Env) {
		e.PaymentUID = "12930"
		e.Payment = func(uid string) (rules.PaymentFacts, bool) {
			return rules.PaymentFacts{Status: status, Rail: rail, Incoming: &incoming, Credit: &credit}, uid == "12930"
		}
	}
}

// The waterfall payments with one change.
const (
	wfDuplicateIndex = `{"payments": [
  {"paymentIndex": 1, "paymentAmount": 1.00,
   "debtorAccount": {"accountNumber": "1", "accountType": "Deposit", "accountSubType": "Checking", "routingNumber": "021000021"},
   "creditorAccount": {"accountNumber": "2", "accountType": "Deposit", "accountSubType": "Checking", "routingNumber": "021000021"}},
  {"paymentIndex": 1, "paymentAmount": 2.00,
   "debtorAccount": {"accountNumber": "2", "accountType": "Deposit", "accountSubType": "Checking", "routingNumber": "021000021"},
   "creditorAccount": {"accountNumber": "3", "accountType": "Deposit", "accountSubType": "Checking", "routingNumber": "021000021"}}]}`
	wfOneTransfer = `{"payments": [{"paymentIndex": 1, "paymentAmount": %s,
   "debtorAccount": {"accountNumber": "1", "accountType": "Deposit", "accountSubType": "Checking", "routingNumber": "%s"},
   "creditorAccount": {"accountNumber": "%s", "accountType": "Deposit", "accountSubType": "Checking", "routingNumber": "021000021"}}]}`
)

// finzlyRuleCases holds the tables of the rules of the Finzly operations
// beyond credits and book transfers, and the cases of earlier rules on
// those operations.
var finzlyRuleCases = map[string][]ruleCase{
	rules.RuleCurrencyCase: {
		pass("upper case", achV4, ``),
		fail("payment currency in lower case", achV4, `{"paymentCurrency":"usd"}`, "/paymentCurrency"),
		fail("receiver account currency in mixed case", swiftV4, `{"receiver":{"accountCurrency":"Eur"}}`, "/receiver/accountCurrency"),
		fail("v5 payment currency", achV5, `{"paymentCurrency":"usd"}`, "/paymentCurrency"),
		fail("debtor account currency", debitACH, `{"debtor":{"accountCurrency":"usd"}}`, "/debtor/accountCurrency"),
		fail("FX sell currency", fxQuote, `{"sellCurrency":"usd"}`, "/sellCurrency"),
		fail("book transfer account currency", book, `{"senderAccount":{"currency":"usd"}}`, "/senderAccount/currency"),
	},
	rules.RuleDebitRail: {
		pass("ACH debit", debitACH, ``),
		pass("request for payment over Instant", debitRFP, ``),
		fail("Fedwire", debitACH, `{"speed":"Express","additionalInfo":null}`, "/speed"),
		fail("SWIFT", debitACH, `{"speed":"SPOT","additionalInfo":null}`, "/speed"),
		pass("Fedwire drawdowns enabled", debitACH, `{"speed":"Express","additionalInfo":null}`).withConfig("debitRails: [ACH, FEDWIRE]\n"),
	},
	rules.RuleDebitSECCode: {
		pass("PPD", debitACH, ``),
		pass("TEL, debit only", debitACH, `{"additionalInfo":{"secCode":"TEL"}}`),
		fail("CIE, credits only", debitACH, `{"additionalInfo":{"secCode":"CIE"}}`, "/additionalInfo/secCode"),
		fail("ENR, zero-amount enrolment", debitACH, `{"additionalInfo":{"secCode":"ENR"}}`, "/additionalInfo/secCode"),
		fail("a code the bank removed", debitACH, `{"additionalInfo":{"secCode":"PPD"}}`, "/additionalInfo/secCode").withConfig("debitSecCodes: {replace: true, values: [CCD]}\n"),
	},
	rules.RuleDebitRFPDates: {
		pass("execution and expiry dates", debitRFP, ``),
		pass("no expiry date", debitRFP, `{"additionalInfo":{"expiryDate":null}}`),
		fail("no execution date", debitRFP, `{"additionalInfo":{"requestedExecutionDate":null}}`, "/additionalInfo/requestedExecutionDate"),
		fail("expiry before execution", debitRFP, `{"additionalInfo":{"expiryDate":"12-05-2026"}}`, "/additionalInfo/expiryDate"),
	},
	rules.RuleReturnReason: {
		pass("returnCode", returnPay, ``),
		pass("deprecated achReturnCode alone", returnPay, `{"returnCode":null,"achReturnCode":"R03"}`),
		fail("no reason", returnPay, `{"returnCode":null}`, "/returnCode"),
	},
	rules.RuleReturnACHCode: {
		pass("returnCode only", returnPay, ``),
		fail("achReturnCode", returnPay, `{"achReturnCode":"R01"}`, "/achReturnCode"),
		fail("achReturnCode malformed", returnPay, `{"achReturnCode":"01"}`, "/achReturnCode"),
	},
	rules.RuleReturnFedwire: {
		pass("Fedwire with code and notes", returnPay, ``).withEnv(paymentIs("PROCESSED", "FEDWIRE", true, true)),
		pass("ACH without notes", returnPay, `{"returnNotes":null}`).withEnv(paymentIs("PROCESSED", "ACH", true, true)),
		pass("rail unknown", returnPay, `{"returnNotes":null}`),
		fail("Fedwire without notes", returnPay, `{"returnNotes":null}`, "/returnNotes").withEnv(paymentIs("PROCESSED", "FEDWIRE", true, true)),
		fail("Fedwire with the ACH code only", returnPay, `{"returnCode":null,"achReturnCode":"R03"}`, "/returnCode").withEnv(paymentIs("PROCESSED", "FEDWIRE", true, true)),
	},
	rules.RulePaymentActionStatus: {
		pass("return of an incoming processed payment", returnPay, ``).withEnv(paymentIs("PROCESSED", "ACH", true, true)),
		pass("return with no lookup", returnPay, ``),
		fail("return of an outgoing payment", returnPay, ``, "").withEnv(paymentIs("PROCESSED", "ACH", false, true)),
		fail("return before processing", returnPay, ``, "").withEnv(paymentIs("TRANSMITTED", "ACH", true, true)),
		pass("reversal of an outgoing processed credit", reversePay, ``).withEnv(paymentIs("PROCESSED", "ACH", false, true)),
		fail("reversal of an incoming payment", reversePay, ``, "").withEnv(paymentIs("PROCESSED", "ACH", true, true)),
		fail("reversal of a debit", reversePay, ``, "").withEnv(paymentIs("PROCESSED", "ACH", false, false)),
	},
	rules.RuleReversalSWIFT: {
		pass("ACH", reversePay, ``).withEnv(paymentIs("PROCESSED", "ACH", false, true)),
		fail("SWIFT", reversePay, ``, "").withEnv(paymentIs("PROCESSED", "SWIFT", false, true)),
	},
	rules.RuleReversalFedwire: {
		pass("Fedwire with a code", reversePay, ``).withEnv(paymentIs("PROCESSED", "FEDWIRE", false, true)),
		pass("ACH without a code", reversePay, `{"reversalCode":null}`).withEnv(paymentIs("PROCESSED", "ACH", false, true)),
		fail("Fedwire without a code", reversePay, `{"reversalCode":null}`, "/reversalCode").withEnv(paymentIs("PROCESSED", "FEDWIRE", false, true)),
	},
	rules.RuleRecurrenceFrequency: {
		pass("Monthly", recurUpdate, ``),
		pass("v3 BiWeekly", achV3, `{"recurrence":{"frequency":"BiWeekly","payUntil":"Cancelled"}}`),
		fail("lower case", recurUpdate, `{"frequency":"monthly"}`, "/frequency"),
		fail("v3 Fortnightly", achV3, `{"recurrence":{"frequency":"Fortnightly","payUntil":"Cancelled"}}`, "/recurrence/frequency"),
		fail("book transfer Hourly", book, `{"recurrence":{"frequency":"Hourly","payUntil":"Cancelled"}}`, "/recurrence/frequency"),
		fail("debit Biweekly", debitACH, `{"recurrence":{"frequency":"Biweekly","payUntil":"Cancelled"}}`, "/recurrence/frequency"),
	},
	rules.RuleRecurrenceUpdateEmpty: {
		pass("a change", recurUpdate, ``),
		fail("no change", recurUpdate, `{"frequency":null,"nextPaymentDate":null,"amount":null}`, ""),
	},
	rules.RuleRecurrenceUpdateEnd: {
		pass("end date only", recurUpdate, `{"endDate":"12-31-2027"}`),
		fail("end date and count", recurUpdate, `{"endDate":"12-31-2027","numberOfPayments":12}`, "/numberOfPayments"),
	},
	rules.RuleRecurrenceNextDate: {
		pass("frequency with its date", recurUpdate, ``),
		pass("amount alone", recurUpdate, `{"frequency":null,"nextPaymentDate":null}`),
		fail("frequency without a date", recurUpdate, `{"nextPaymentDate":null}`, "/nextPaymentDate"),
	},
	rules.RuleRecurrenceEndDate: {
		pass("update ending after the next payment", recurUpdate, `{"endDate":"12-31-2027"}`),
		fail("update ending before the next payment", recurUpdate, `{"endDate":"12-20-2026"}`, "/endDate"),
		fail("debit series ending on its first date", debitACH, `{"recurrence":{"frequency":"Monthly","payUntil":"EndDate","endDate":"12-15-2026"}}`, "/recurrence/endDate"),
	},
	rules.RuleRecurrenceCount: {
		pass("update to 12 payments", recurUpdate, `{"numberOfPayments":12}`),
		fail("update to no payment", recurUpdate, `{"numberOfPayments":0}`, "/numberOfPayments"),
	},
	rules.RuleDatePast: {
		fail("update from a past date", recurUpdate, `{"nextPaymentDate":"11-02-2026"}`, "/nextPaymentDate"),
		fail("request for payment executed yesterday", debitRFP, `{"additionalInfo":{"requestedExecutionDate":"11-30-2026"}}`, "/additionalInfo/requestedExecutionDate"),
		fail("FX value date yesterday", fxQuote, `{"tenor":null,"valueDate":"11-30-2026"}`, "/valueDate"),
	},
	rules.RuleDateInvalid: {
		fail("update ending on 30 February", recurUpdate, `{"endDate":"02-30-2027"}`, "/endDate"),
		fail("debit on 31 April", debitACH, `{"paymentDate":"04-31-2027"}`, "/paymentDate"),
	},
	rules.RuleAmountNotPositive: {
		fail("debit of zero", debitACH, `{"paymentAmount":0}`, "/paymentAmount"),
		fail("update to a zero amount", recurUpdate, `{"amount":0}`, "/amount"),
		fail("waterfall transfer of zero", waterfall, sprintf(wfOneTransfer, "0", "021000021", "2"), "/payments/0/paymentAmount"),
	},
	rules.RuleAmountDecimals: {
		fail("debit in tenths of cents", debitACH, `{"paymentAmount":49.955}`, "/paymentAmount"),
		fail("waterfall in tenths of cents", waterfall, sprintf(wfOneTransfer, "1.001", "021000021", "2"), "/payments/0/paymentAmount"),
		fail("FX transfer amount in JPY with decimals", fxQuote, `{"buyCurrency":"JPY","transferAmount":1500.5}`, "/transferAmount"),
	},
	rules.RuleCurrencyUnknown: {
		fail("debit in a withdrawn currency", debitACH, `{"paymentCurrency":"HRK"}`, "/paymentCurrency"),
		fail("FX buying a made-up currency", fxQuote, `{"buyCurrency":"ABC"}`, "/buyCurrency"),
	},
	rules.RuleCurrencyDomesticUSD: {
		fail("ACH debit in EUR", debitACH, `{"paymentCurrency":"EUR"}`, "/paymentCurrency"),
	},
	rules.RuleDateNotBusinessDay: {
		fail("ACH debit on Christmas", debitACH, `{"paymentDate":"12-25-2026"}`, "/paymentDate"),
	},
	rules.RuleSpeedUnknown: {
		fail("debit at an unknown speed", debitACH, `{"speed":"Turbo"}`, "/speed"),
	},
	rules.RuleAmountOverLimit: {
		fail("request for payment above both instant limits", debitRFP, `{"paymentAmount":1000000.01}`, "/paymentAmount"),
	},
	rules.RuleACHSECRequired: {
		fail("ACH debit without a SEC code", debitACH, `{"additionalInfo":{"secCode":null}}`, "/additionalInfo/secCode"),
	},
	rules.RuleFeeAmount: {
		fail("debit fee of zero", debitACH, `{"fee":{"amount":0}}`, "/fee/amount"),
	},
	rules.RuleBankABA: {
		fail("debtor bank check digit", debitACH, `{"debtor":{"bank":{"bankId":"011000016"}}}`, "/debtor/bank/bankId"),
		fail("waterfall routing number", waterfall, sprintf(wfOneTransfer, "1.00", "021000022", "2"), "/payments/0/debtorAccount/routingNumber"),
	},
	rules.RuleBookSameAccount: {
		fail("waterfall transfer to itself", waterfall, sprintf(wfOneTransfer, "1.00", "021000021", "1"), "/payments/0/creditorAccount"),
	},
	rules.RuleWaterfallIndex: {
		pass("indexes 1 and 2", waterfall, ``),
		fail("index 1 twice", waterfall, wfDuplicateIndex, "/payments/1/paymentIndex"),
	},
	rules.RuleFXQuoteCurrencies: {
		pass("USD to EUR", fxQuote, ``),
		fail("USD to USD", fxQuote, `{"buyCurrency":"USD"}`, "/buyCurrency"),
		fail("same currency in two cases", fxQuote, `{"buyCurrency":"usd"}`, "/buyCurrency"),
	},
	rules.RuleFXQuoteAmount: {
		pass("funding side only", fxQuote, `{"transferAmount":null,"fundingAmount":16000.00}`),
		fail("both sides", fxQuote, `{"fundingAmount":16000.00}`, "/transferAmount"),
		fail("neither side", fxQuote, `{"transferAmount":null}`, "/transferAmount"),
		fail("zero", fxQuote, `{"transferAmount":0}`, "/transferAmount"),
	},
	rules.RuleFXQuoteSettlement: {
		pass("tenor", fxQuote, ``),
		pass("forward by value date", fxQuote, `{"productType":"FORWARD","tenor":null,"valueDate":"03-01-2027"}`),
		fail("tenor and value date", fxQuote, `{"valueDate":"12-03-2026"}`, "/valueDate"),
		fail("forward with neither", fxQuote, `{"productType":"FORWARD","tenor":null}`, "/valueDate"),
	},
	rules.RuleFXAutoCoverDelay: {
		pass("cover after 30 minutes", fxAccept, ``),
		pass("no cover", fxAccept, `{"autoCover":false,"autoCoverDelay":null}`),
		fail("cover without a delay", fxAccept, `{"autoCoverDelay":null}`, "/autoCoverDelay"),
	},
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
