package tests

import (
	"strings"
	"testing"

	"github.com/payspec/payspec/api"
)

// Constraint classes of the Finzly request bodies beyond the first six
// operations, each rejected at its JSON Pointer.

func TestFinzlyV5SchemaKeepsOnlyItsOwnConstraints(t *testing.T) {
	base := `{"externalReferenceId": "REPAIR/7781", "paymentAmount": 412.50, "paymentCurrency": "USD", "speed": "Economy",
  "sender": {"accountNumber": "4401/928374", "accountType": "Deposit", "name": "Harbor Freight <Logistics>", "entityType": "Corporate",
    "bankIdType": "NID", "bankId": "021000021"},
  "receiver": {"beneficiaryId": 88231}}`
	checkMutations(t, api.ProviderFinzly, "V5CreditPaymentInstruction", base, []mutation{
		{name: "v4's character rules do not apply", valid: true, change: func(m map[string]any) { m["speed"] = "Economy 2" }},
		{name: "sender not in CRM needs no address on v5", valid: true, change: func(m map[string]any) {}},
		{name: "externalReferenceId longer than 50", pointer: "/externalReferenceId",
			change: func(m map[string]any) { m["externalReferenceId"] = strings.Repeat("r", 51) }},
		{name: "paymentCurrency of two letters", pointer: "/paymentCurrency", change: func(m map[string]any) { m["paymentCurrency"] = "US" }},
		{name: "lower-case currency passes the schema", valid: true, change: func(m map[string]any) { m["paymentCurrency"] = "usd" }},
		{name: "sender without name", pointer: "/sender", change: func(m map[string]any) { delete(at(m, "sender"), "name") }},
		{name: "accountType outside its enum", pointer: "/sender/accountType", change: func(m map[string]any) { at(m, "sender")["accountType"] = "Checking" }},
		{name: "postal code as a number", pointer: "/sender/address/postalCode", change: func(m map[string]any) {
			at(m, "sender")["address"] = map[string]any{"addressLine1": "1 Main", "city": "X", "countryCode": "US", "postalCode": num("21202")}
		}},
		{name: "recurrence until cancelled", valid: true, change: func(m map[string]any) {
			m["recurrence"] = map[string]any{"frequency": "Weekly", "payUntil": "Cancelled"}
		}},
		{name: "recurrence count above 9999", pointer: "/recurrence/numberOfPayments", change: func(m map[string]any) {
			m["recurrence"] = map[string]any{"frequency": "Weekly", "payUntil": "NumberOfPayments", "numberOfPayments": num("10000")}
		}},
	})
}

func TestFinzlyDebitSchemaRejectsEachConstraintClass(t *testing.T) {
	base := `{"externalReferenceId": "DUES-1", "paymentAmount": 49.95, "paymentCurrency": "USD", "speed": "Economy",
  "creditor": {"accountUID": "10024"},
  "debtor": {"accountNumber": "7766554433", "bank": {"bankIdType": "NID", "bankId": "011000015"}},
  "additionalInfo": {"secCode": "PPD", "requestedExecutionDate": "12-10-2026"}}`
	checkMutations(t, api.ProviderFinzly, "DebitPaymentRequest", base, []mutation{
		{name: "missing required debtor", pointer: "/debtor", change: func(m map[string]any) { delete(m, "debtor") }},
		{name: "creditor in neither form", pointer: "/creditor", change: func(m map[string]any) { m["creditor"] = map[string]any{"name": "x"} }},
		{name: "creditor accountUID longer than 11", pointer: "/creditor/accountUID",
			change: func(m map[string]any) { at(m, "creditor")["accountUID"] = strings.Repeat("1", 12) }},
		{name: "Processing Org is not a creditor entity", pointer: "/creditor/entityType",
			change: func(m map[string]any) { at(m, "creditor")["entityType"] = "Processing Org" }},
		{name: "debtor currency with a digit", pointer: "/debtor/accountCurrency", change: func(m map[string]any) { at(m, "debtor")["accountCurrency"] = "US1" }},
		{name: "paymentNotes longer than 215", pointer: "/paymentNotes", change: func(m map[string]any) { m["paymentNotes"] = strings.Repeat("n", 216) }},
		{name: "execution date in ISO order", pointer: "/additionalInfo/requestedExecutionDate",
			change: func(m map[string]any) { at(m, "additionalInfo")["requestedExecutionDate"] = "2026-12-10" }},
		{name: "local instrument of Fedwire", pointer: "/additionalInfo/localInstruments",
			change: func(m map[string]any) { at(m, "additionalInfo")["localInstruments"] = "COVS" }},
		{name: "amount as a string", pointer: "/paymentAmount", change: func(m map[string]any) { m["paymentAmount"] = "49.95" }},
	})
}

func TestFinzlyReturnAndReversalSchemas(t *testing.T) {
	checkMutations(t, api.ProviderFinzly, "ReturnPaymentRequest", `{"returnCode": "AC03", "returnNotes": "No account"}`, []mutation{
		{name: "returnCode outside its enum", pointer: "/returnCode", change: func(m map[string]any) { m["returnCode"] = "R03" }},
		{name: "notes as a number", pointer: "/returnNotes", change: func(m map[string]any) { m["returnNotes"] = num("3") }},
		{name: "an empty body passes the schema (the rules want a reason)", valid: true, change: func(m map[string]any) { clear(m) }},
	})
	checkMutations(t, api.ProviderFinzly, "ReversePaymentRequest", `{"reversalNotes": "Sent twice", "reversalCode": "DUPL"}`, []mutation{
		{name: "notes missing", pointer: "/reversalNotes", change: func(m map[string]any) { delete(m, "reversalNotes") }},
		{name: "notes empty", pointer: "/reversalNotes", change: func(m map[string]any) { m["reversalNotes"] = "" }},
		{name: "reversalCode outside its enum", pointer: "/reversalCode", change: func(m map[string]any) { m["reversalCode"] = "AC01" }},
	})
}

func TestFinzlyWaterfallSchemaRejectsEachConstraintClass(t *testing.T) {
	base := `{"externalReferenceId": "wf-1", "payments": [{"paymentIndex": 1, "paymentAmount": 10.00,
  "debtorAccount": {"accountNumber": "1", "accountType": "Deposit", "accountSubType": "Checking", "routingNumber": "021000021"},
  "creditorAccount": {"accountNumber": "2", "accountType": "GL", "accountSubType": "GL", "routingNumber": "021000021"}}]}`
	pay := func(m map[string]any) map[string]any { return m["payments"].([]any)[0].(map[string]any) }
	checkMutations(t, api.ProviderFinzly, "WaterfallTransferRequest", base, []mutation{
		{name: "reference with a space", pointer: "/externalReferenceId", change: func(m map[string]any) { m["externalReferenceId"] = "wf 1" }},
		{name: "no payments", pointer: "/payments", change: func(m map[string]any) { m["payments"] = []any{} }},
		{name: "paymentIndex zero", pointer: "/payments/0/paymentIndex", change: func(m map[string]any) { pay(m)["paymentIndex"] = num("0") }},
		{name: "notes longer than 200", pointer: "/payments/0/paymentNotes", change: func(m map[string]any) { pay(m)["paymentNotes"] = strings.Repeat("n", 201) }},
		{name: "routing number of eight", pointer: "/payments/0/debtorAccount/routingNumber",
			change: func(m map[string]any) { at(pay(m), "debtorAccount")["routingNumber"] = "02100002" }},
		{name: "creditor without sub-type", pointer: "/payments/0/creditorAccount/accountSubType",
			change: func(m map[string]any) { delete(at(pay(m), "creditorAccount"), "accountSubType") }},
	})
}

func TestFinzlyRecurrenceAndContactSchemas(t *testing.T) {
	checkMutations(t, api.ProviderFinzly, "RecurrenceUpdate", `{"frequency": "Monthly", "nextPaymentDate": "01-04-2027", "amount": 1850.00}`, []mutation{
		{name: "count zero", pointer: "/numberOfPayments", change: func(m map[string]any) { m["numberOfPayments"] = num("0") }},
		{name: "count with a fraction", pointer: "/numberOfPayments", change: func(m map[string]any) { m["numberOfPayments"] = num("1.5") }},
		{name: "date in ISO order", pointer: "/nextPaymentDate", change: func(m map[string]any) { m["nextPaymentDate"] = "2027-01-04" }},
		{name: "negative amount", pointer: "/amount", change: func(m map[string]any) { m["amount"] = num("-1") }},
	})
	contact := `{"templateName": "Cascade", "name": "Cascade Steel",
  "address": {"addressLine1": "45 Foundry Road", "city": "Portland", "postalCode": "97201", "countryCode": "US"},
  "contactBank": {"accountNo": "009182736455", "accountCcy": "USD", "accountType": "Deposit", "accountSubType": "Checking",
    "country": "UNITED STATES OF AMERICA"}}`
	checkMutations(t, api.ProviderFinzly, "BeneficiaryRequest", contact, []mutation{
		{name: "templateName missing", pointer: "/templateName", change: func(m map[string]any) { delete(m, "templateName") }},
		{name: "a one-letter name", pointer: "/name", change: func(m map[string]any) { m["name"] = "C" }},
		{name: "a two-letter name", valid: true, change: func(m map[string]any) { m["name"] = "CS" }},
		{name: "address without a city", pointer: "/address/city", change: func(m map[string]any) { delete(at(m, "address"), "city") }},
		{name: "address without a postal code", pointer: "/address/postalCode",
			change: func(m map[string]any) { delete(at(m, "address"), "postalCode") }},
		{name: "address without a country", pointer: "/address/countryCode",
			change: func(m map[string]any) { delete(at(m, "address"), "countryCode") }},
		{name: "address without its first line", pointer: "/address/addressLine1",
			change: func(m map[string]any) { delete(at(m, "address"), "addressLine1") }},
		{name: "account without a number", pointer: "/contactBank/accountNo",
			change: func(m map[string]any) { delete(at(m, "contactBank"), "accountNo") }},
		{name: "account without a currency", pointer: "/contactBank/accountCcy",
			change: func(m map[string]any) { delete(at(m, "contactBank"), "accountCcy") }},
		{name: "account without a type", pointer: "/contactBank/accountType",
			change: func(m map[string]any) { delete(at(m, "contactBank"), "accountType") }},
		{name: "account without a sub-type", pointer: "/contactBank/accountSubType",
			change: func(m map[string]any) { delete(at(m, "contactBank"), "accountSubType") }},
		{name: "account without the bank's country", pointer: "/contactBank/country",
			change: func(m map[string]any) { delete(at(m, "contactBank"), "country") }},
		{name: "sub-type CD is not a contact's", pointer: "/contactBank/accountSubType",
			change: func(m map[string]any) { at(m, "contactBank")["accountSubType"] = "CD" }},
		{name: "currency with a symbol", pointer: "/contactBank/accountCcy", change: func(m map[string]any) { at(m, "contactBank")["accountCcy"] = "US$" }},
		{name: "reporting item value as a number", pointer: "/regulartoryReporting/0/value",
			change: func(m map[string]any) {
				m["regulartoryReporting"] = []any{map[string]any{"key": "k", "value": num("1")}}
			}},
	})
	checkMutations(t, api.ProviderFinzly, "BeneficiaryUpdate", `{"email": "ap@example.com"}`, []mutation{
		{name: "an update needs no member", valid: true, change: func(m map[string]any) { clear(m) }},
		{name: "an update may send one address line alone", valid: true,
			change: func(m map[string]any) { m["address"] = map[string]any{"addressLine1": "1 New Street"} }},
		{name: "an update may send one bank member alone", valid: true,
			change: func(m map[string]any) { m["contactBank"] = map[string]any{"accountNo": "123"} }},
		{name: "cover flag as a string", pointer: "/intermediaryBank/coverMessageRequired",
			change: func(m map[string]any) { m["intermediaryBank"] = map[string]any{"coverMessageRequired": "no"} }},
	})
}

func TestFinzlyFXSchemas(t *testing.T) {
	quote := `{"customerId": "112344", "customerIdType": "CustomerUID", "sellCurrency": "USD", "buyCurrency": "EUR", "transferAmount": 15000.00, "productType": "SPOT"}`
	checkMutations(t, api.ProviderFinzly, "FXQuoteRequest", quote, []mutation{
		{name: "customerIdType outside its enum", pointer: "/customerIdType", change: func(m map[string]any) { m["customerIdType"] = "Email" }},
		{name: "buyCurrency missing", pointer: "/buyCurrency", change: func(m map[string]any) { delete(m, "buyCurrency") }},
		{name: "sellCurrency of four letters", pointer: "/sellCurrency", change: func(m map[string]any) { m["sellCurrency"] = "USDT" }},
		{name: "negative amount", pointer: "/transferAmount", change: func(m map[string]any) { m["transferAmount"] = num("-1") }},
		{name: "value date in ISO order", pointer: "/valueDate", change: func(m map[string]any) { m["valueDate"] = "2026-12-03" }},
	})
	checkMutations(t, api.ProviderFinzly, "FXAcceptRequest", `{"quoteUUID": "q-1", "autoCover": true, "autoCoverDelay": 30}`, []mutation{
		{name: "quoteUUID missing", pointer: "/quoteUUID", change: func(m map[string]any) { delete(m, "quoteUUID") }},
		{name: "delay above 120 minutes", pointer: "/autoCoverDelay", change: func(m map[string]any) { m["autoCoverDelay"] = num("121") }},
	})
}

func TestFinzlyWebhookSchemas(t *testing.T) {
	checkMutations(t, api.ProviderFinzly, "PaymentStatusEvent", `{"paymentId": 12930, "paymentStatus": "PROCESSED", "memoPostStatus": "POSTED",
  "creationDateTime": "2026-12-15T14:02:11Z"}`, []mutation{
		{name: "paymentId as a string", pointer: "/paymentId", change: func(m map[string]any) { m["paymentId"] = "12930" }},
		{name: "memoPostStatus outside its enum", pointer: "/memoPostStatus", change: func(m map[string]any) { m["memoPostStatus"] = "DONE" }},
		{name: "creation time not RFC 3339", pointer: "/creationDateTime", change: func(m map[string]any) { m["creationDateTime"] = "yesterday" }},
		{name: "failure code as a number", pointer: "/validationFailureMessages/0/code",
			change: func(m map[string]any) { m["validationFailureMessages"] = []any{map[string]any{"code": num("212454")}} }},
		{name: "an unknown status is accepted (open string)", valid: true, change: func(m map[string]any) { m["paymentStatus"] = "REPAIR" }},
		// The provider's webhook file bounds each field; these are some of them.
		{name: "paymentNote1 of 35 is allowed", valid: true, change: func(m map[string]any) { m["paymentNote1"] = strings.Repeat("n", 35) }},
		{name: "paymentNote1 longer than 35", pointer: "/paymentNote1", change: func(m map[string]any) { m["paymentNote1"] = strings.Repeat("n", 36) }},
		{name: "paymentIOType longer than 3", pointer: "/paymentIOType", change: func(m map[string]any) { m["paymentIOType"] = "OUTGOING" }},
		{name: "senderAccountNumber longer than 20", pointer: "/senderAccountNumber",
			change: func(m map[string]any) { m["senderAccountNumber"] = strings.Repeat("1", 21) }},
		{name: "achTraceId longer than 25", pointer: "/achDetails/achTraceId",
			change: func(m map[string]any) { m["achDetails"] = map[string]any{"achTraceId": strings.Repeat("1", 26)} }},
		{name: "paymentId of 12 digits", pointer: "/paymentId", change: func(m map[string]any) { m["paymentId"] = num("100000000000") }},
		{name: "deliveryDate not YYYY-MM-DD", pointer: "/deliveryDate", change: func(m map[string]any) { m["deliveryDate"] = "12-15-2026" }},
		{name: "negative fee", pointer: "/feeAmount", change: func(m map[string]any) { m["feeAmount"] = num("-1.00") }},
		{name: "an attribute without its value", pointer: "/additionalAttributes/0/value",
			change: func(m map[string]any) {
				m["additionalAttributes"] = []any{map[string]any{"attributeName": "paymentIndex"}}
			}},
	})
	checkMutations(t, api.ProviderFinzly, "TransactionUpdateEvent", `{"data": {"transactionId": 7094, "transactionAmount": "1.00", "creditDebitType": "CREDIT"}}`, []mutation{
		{name: "data missing", pointer: "/data", change: func(m map[string]any) { delete(m, "data") }},
		{name: "amount as a number", pointer: "/data/transactionAmount", change: func(m map[string]any) { at(m, "data")["transactionAmount"] = num("1.00") }},
		{name: "credit in lower case", pointer: "/data/creditDebitType", change: func(m map[string]any) { at(m, "data")["creditDebitType"] = "credit" }},
		{name: "address line 2 may be null", valid: true, change: func(m map[string]any) { at(m, "data")["senderBankAddress2"] = nil }},
	})
}

func TestFinzlySearchTakesTheProviderTypes(t *testing.T) {
	checkMutations(t, api.ProviderFinzly, "PaymentSearch", `{"page": 1, "limit": 20, "customerUID": 112344, "receiverId": 88231}`, []mutation{
		{name: "customerUID as a string", pointer: "/customerUID", change: func(m map[string]any) { m["customerUID"] = "112344" }},
		{name: "receiverId as a string", pointer: "/receiverId", change: func(m map[string]any) { m["receiverId"] = "88231" }},
		{name: "currency with a digit", pointer: "/currency", change: func(m map[string]any) { m["currency"] = "US1" }},
	})
}
