package tests

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
)

// mutation is one way to break (or keep valid) a payload.
type mutation struct {
	name   string
	change func(m map[string]any)
	// pointer is the JSON Pointer kin-openapi must report; "" with valid set
	// means the mutated payload must still be accepted.
	pointer string
	valid   bool
}

// checkMutations validates a base payload (which must pass) and each
// mutation of it against a component schema.
func checkMutations(t *testing.T, p api.Provider, schema, base string, cases []mutation) {
	t.Helper()
	doc := spectest.Load(t, p)
	ref := doc.Components.Schemas[schema]
	require.NotNil(t, ref, schema)
	decode := func() map[string]any {
		v, err := spectest.Decode([]byte(base))
		require.NoError(t, err)
		return v.(map[string]any)
	}
	require.NoError(t, ref.Value.VisitJSON(decode(), openapi3.MultiErrors()), "base payload of %s is valid", schema)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := decode()
			tc.change(m)
			err := ref.Value.VisitJSON(m, openapi3.MultiErrors())
			if tc.valid {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, errorPointers(err), tc.pointer, "reported at %s; got %v", tc.pointer, errorPointers(err))
		})
	}
}

// errorPointers lists the JSON Pointers of every schema error in err.
func errorPointers(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		// Type switches, not errors.As: a SchemaError unwraps to the
		// MultiError of its branches, and both levels carry a location.
		switch e := err.(type) {
		case openapi3.MultiError:
			for _, sub := range e {
				walk(sub)
			}
		case *openapi3.SchemaError:
			out = append(out, "/"+strings.Join(e.JSONPointer(), "/"))
			if e.Origin != nil {
				walk(e.Origin)
			}
		default:
			if next := errors.Unwrap(err); next != nil {
				walk(next)
			}
		}
	}
	walk(err)
	for i, p := range out {
		if p == "/" {
			out[i] = ""
		}
	}
	return out
}

// at returns the object at a path of member names inside m.
func at(m map[string]any, path ...string) map[string]any {
	for _, k := range path {
		m = m[k].(map[string]any)
	}
	return m
}

func num(s string) json.Number { return json.Number(s) }

const v4Base = `{
  "externalReferenceId": "INV-77812",
  "paymentAmount": 1234567.89,
  "paymentCurrency": "USD",
  "paymentDate": "11-23-2026",
  "speed": "Express",
  "paymentNotes": "Invoice 77812",
  "sender": {
    "accountNumber": "4401928374", "accountType": "Deposit", "name": "Harbor Freight Logistics LLC",
    "entityType": "Corporate", "bankIdType": "NID", "bankId": "021000021",
    "address": {"addressLine1": "200 Pier Street", "city": "Baltimore", "state": "MD", "postalCode": "21202", "countryCode": "US"}
  },
  "receiver": {
    "accountNumber": "009182736455", "accountCurrency": "USD", "name": "Cascade Steel Supply Inc",
    "bank": {"bankIdType": "NID", "bankId": "121000248"}
  },
  "fee": {"amount": 25.00},
  "recurrence": {"frequency": "Monthly", "payUntil": "EndDate", "endDate": "12-01-2027"},
  "additionalInfo": {"secCode": "ENR", "benefitReceiver": {
    "federalBenefitType": "Social Security", "accountNumber": "55501234", "socialSecurityNumber": "123456789",
    "firstName": "Ann", "lastName": "Whitfield", "subAccountType": "Checking"}}
}`

func TestFinzlyV4SchemaRejectsEachConstraintClass(t *testing.T) {
	checkMutations(t, api.ProviderFinzly, "CreditPaymentInstruction", v4Base, []mutation{
		{name: "missing required externalReferenceId", pointer: "/externalReferenceId",
			change: func(m map[string]any) { delete(m, "externalReferenceId") }},
		{name: "missing required sender", pointer: "/sender",
			change: func(m map[string]any) { delete(m, "sender") }},
		{name: "speed too long", pointer: "/speed",
			change: func(m map[string]any) { m["speed"] = strings.Repeat("a", 21) }},
		{name: "externalReferenceId too long", pointer: "/externalReferenceId",
			change: func(m map[string]any) { m["externalReferenceId"] = strings.Repeat("R", 51) }},
		{name: "paymentNotes too long", pointer: "/paymentNotes",
			change: func(m map[string]any) { m["paymentNotes"] = strings.Repeat("n", 141) }},
		{name: "paymentNotes empty", pointer: "/paymentNotes",
			change: func(m map[string]any) { m["paymentNotes"] = "" }},
		{name: "externalReferenceId with slash breaks pattern", pointer: "/externalReferenceId",
			change: func(m map[string]any) { m["externalReferenceId"] = "INV/1" }},
		{name: "externalReferenceId with line separator breaks pattern", pointer: "/externalReferenceId",
			change: func(m map[string]any) { m["externalReferenceId"] = "INV\u20281" }},
		{name: "speed with digits breaks pattern", pointer: "/speed",
			change: func(m map[string]any) { m["speed"] = "Express2" }},
		{name: "paymentCurrency with digits breaks pattern", pointer: "/paymentCurrency",
			change: func(m map[string]any) { m["paymentCurrency"] = "U5D" }},
		{name: "paymentDate in ISO order breaks pattern", pointer: "/paymentDate",
			change: func(m map[string]any) { m["paymentDate"] = "2026-11-23" }},
		{name: "sender accountType outside enum", pointer: "/sender/accountType",
			change: func(m map[string]any) { at(m, "sender")["accountType"] = "Checking" }},
		{name: "sender entityType outside enum", pointer: "/sender/entityType",
			change: func(m map[string]any) { at(m, "sender")["entityType"] = "Person" }},
		{name: "sender name with newline breaks pattern", pointer: "/sender/name",
			change: func(m map[string]any) { at(m, "sender")["name"] = "Harbor\nFreight" }},
		{name: "sender name with accented letters is allowed", valid: true,
			change: func(m map[string]any) { at(m, "sender")["name"] = "Müller & Søn Ltd" }},
		{name: "sender in neither variant", pointer: "/sender",
			change: func(m map[string]any) { m["sender"] = map[string]any{"name": "Harbor Freight"} }},
		{name: "sender in CRM alone is enough", valid: true,
			change: func(m map[string]any) { m["sender"] = map[string]any{"accountUID": num("100245")} }},
		{name: "sender accountUID negative", pointer: "/sender/accountUID",
			change: func(m map[string]any) { m["sender"] = map[string]any{"accountUID": num("-1")} }},
		{name: "sender accountUID as string", pointer: "/sender/accountUID",
			change: func(m map[string]any) { m["sender"] = map[string]any{"accountUID": "100245"} }},
		{name: "sender address without city", pointer: "/sender/address",
			change: func(m map[string]any) { delete(at(m, "sender", "address"), "city") }},
		{name: "sender postalCode as number", pointer: "/sender/address/postalCode",
			change: func(m map[string]any) { at(m, "sender", "address")["postalCode"] = num("21202") }},
		{name: "receiver in neither variant", pointer: "/receiver",
			change: func(m map[string]any) { m["receiver"] = map[string]any{"name": "Cascade"} }},
		{name: "receiver in CRM alone is enough", valid: true,
			change: func(m map[string]any) { m["receiver"] = map[string]any{"beneficiaryId": num("88231")} }},
		{name: "receiver bank NID carrying only a swiftCode", pointer: "/receiver/bank",
			change: func(m map[string]any) {
				at(m, "receiver")["bank"] = map[string]any{"bankIdType": "NID", "swiftCode": "COBADEFFXXX"}
			}},
		{name: "receiver bank SWIFT with swiftCode is allowed", valid: true,
			change: func(m map[string]any) {
				at(m, "receiver")["bank"] = map[string]any{"bankIdType": "SWIFT", "swiftCode": "COBADEFFXXX"}
			}},
		{name: "receiver bankId of eight digits", pointer: "/receiver/bank/bankId",
			change: func(m map[string]any) { at(m, "receiver", "bank")["bankId"] = "12100024" }},
		{name: "receiver bankIdType outside enum", pointer: "/receiver/bank/bankIdType",
			change: func(m map[string]any) { at(m, "receiver", "bank")["bankIdType"] = "IBAN" }},
		{name: "paymentAmount as string", pointer: "/paymentAmount",
			change: func(m map[string]any) { m["paymentAmount"] = "1234567.89" }},
		{name: "paymentAmount negative", pointer: "/paymentAmount",
			change: func(m map[string]any) { m["paymentAmount"] = num("-1.00") }},
		{name: "fee amount zero", pointer: "/fee/amount",
			change: func(m map[string]any) { at(m, "fee")["amount"] = num("0") }},
		{name: "fee amount above ten million", pointer: "/fee/amount",
			change: func(m map[string]any) { at(m, "fee")["amount"] = num("10000000.01") }},
		{name: "recurrence EndDate without endDate", pointer: "/recurrence",
			change: func(m map[string]any) { delete(at(m, "recurrence"), "endDate") }},
		{name: "recurrence NumberOfPayments without numberOfPayments", pointer: "/recurrence",
			change: func(m map[string]any) { at(m, "recurrence")["payUntil"] = "NumberOfPayments" }},
		{name: "recurrence until Cancelled is allowed", valid: true,
			change: func(m map[string]any) {
				m["recurrence"] = map[string]any{"frequency": "Weekly", "payUntil": "Cancelled"}
			}},
		{name: "recurrence numberOfPayments above 9999", pointer: "/recurrence/numberOfPayments",
			change: func(m map[string]any) {
				m["recurrence"] = map[string]any{"frequency": "Weekly", "payUntil": "NumberOfPayments", "numberOfPayments": num("10000")}
			}},
		{name: "recurrence frequency outside enum", pointer: "/recurrence/frequency",
			change: func(m map[string]any) { at(m, "recurrence")["frequency"] = "Fortnightly" }},
		{name: "benefit receiver missing socialSecurityNumber", pointer: "/additionalInfo/benefitReceiver/socialSecurityNumber",
			change: func(m map[string]any) { delete(at(m, "additionalInfo", "benefitReceiver"), "socialSecurityNumber") }},
		{name: "benefit receiver account number with letters", pointer: "/additionalInfo/benefitReceiver/accountNumber",
			change: func(m map[string]any) { at(m, "additionalInfo", "benefitReceiver")["accountNumber"] = "AB12" }},
		{name: "benefit receiver firstName longer than 7", pointer: "/additionalInfo/benefitReceiver/firstName",
			change: func(m map[string]any) { at(m, "additionalInfo", "benefitReceiver")["firstName"] = "Annabelle" }},
		{name: "remittanceMethod outside enum", pointer: "/additionalInfo/remittanceMethod",
			change: func(m map[string]any) { at(m, "additionalInfo")["remittanceMethod"] = "EMAIL" }},
		{name: "referenceForBeneficiary longer than 16", pointer: "/additionalInfo/referenceForBeneficiary",
			change: func(m map[string]any) { at(m, "additionalInfo")["referenceForBeneficiary"] = strings.Repeat("r", 17) }},
		{name: "fxContractNumber with letters", pointer: "/additionalInfo/fxContractNumber",
			change: func(m map[string]any) { at(m, "additionalInfo")["fxContractNumber"] = "FX12" }},
		{name: "unknown member is accepted by the schema", valid: true,
			change: func(m map[string]any) { m["purposeCode"] = "SALA" }},
	})
}

const v3Base = `{
  "externalReferenceId": "LEGACY-10012", "paymentAmount": 980.40, "paymentCurrency": "USD", "speed": "Express",
  "sender": {"accountUID": "10024"},
  "receiver": {"accountNumber": "009182736455", "bank": {"bankIdType": "NID", "bankId": "121000248"}}
}`

func TestFinzlyV3SchemaRejectsEachConstraintClass(t *testing.T) {
	checkMutations(t, api.ProviderFinzly, "CreditPaymentRequest", v3Base, []mutation{
		{name: "missing required speed", pointer: "/speed",
			change: func(m map[string]any) { delete(m, "speed") }},
		{name: "paymentNotes of 215 is allowed", valid: true,
			change: func(m map[string]any) { m["paymentNotes"] = strings.Repeat("n", 215) }},
		{name: "paymentNotes of 216 too long", pointer: "/paymentNotes",
			change: func(m map[string]any) { m["paymentNotes"] = strings.Repeat("n", 216) }},
		{name: "sender accountUID longer than 11", pointer: "/sender/accountUID",
			change: func(m map[string]any) { at(m, "sender")["accountUID"] = "123456789012" }},
		{name: "sender in neither variant", pointer: "/sender",
			change: func(m map[string]any) { m["sender"] = map[string]any{"name": "Harbor"} }},
		{name: "payUntil outside enum", pointer: "/recurrence/payUntil",
			change: func(m map[string]any) { m["recurrence"] = map[string]any{"frequency": "Weekly", "payUntil": "Never"} }},
	})
}

const bookTransferBase = `{
  "externalReferenceId": "SWEEP-1", "paymentAmount": 25000.00, "paymentDate": "11-24-2026",
  "senderAccount": {"accountUID": "10024"},
  "receiverAccount": {"accountNumber": "5500112233", "accountType": "DDA"}
}`

func TestFinzlyBookTransferSchemaRejectsEachConstraintClass(t *testing.T) {
	checkMutations(t, api.ProviderFinzly, "BookTransferRequest", bookTransferBase, []mutation{
		{name: "missing required paymentDate", pointer: "/paymentDate",
			change: func(m map[string]any) { delete(m, "paymentDate") }},
		{name: "externalReferenceId longer than 50", pointer: "/externalReferenceId",
			change: func(m map[string]any) { m["externalReferenceId"] = strings.Repeat("x", 51) }},
		{name: "accountUID of 17 is allowed", valid: true,
			change: func(m map[string]any) { at(m, "senderAccount")["accountUID"] = strings.Repeat("1", 17) }},
		{name: "accountUID longer than 17", pointer: "/senderAccount/accountUID",
			change: func(m map[string]any) { at(m, "senderAccount")["accountUID"] = strings.Repeat("1", 18) }},
		{name: "accountType outside enum", pointer: "/receiverAccount/accountType",
			change: func(m map[string]any) { at(m, "receiverAccount")["accountType"] = "Savings" }},
		{name: "account in neither variant", pointer: "/receiverAccount",
			change: func(m map[string]any) { m["receiverAccount"] = map[string]any{"accountType": "GL"} }},
		{name: "paymentAmount zero", pointer: "/paymentAmount",
			change: func(m map[string]any) { m["paymentAmount"] = num("0") }},
		{name: "token id with a dash breaks pattern", pointer: "/additionalInfo/senderAccountTokenId",
			change: func(m map[string]any) { m["additionalInfo"] = map[string]any{"senderAccountTokenId": "tok-1"} }},
	})
}

const redpinPaymentBase = `{
  "purpose_of_transaction": "SUPPLIER_PAYMENT",
  "amount": {"currency": "GBP", "value": 50000.00},
  "recipient_details": [
    {"recipient_id": "1668758", "amount": {"currency": "GBP", "value": 32500.00}, "payment_reference": "INV 1"},
    {"recipient_id": "1668759", "amount": {"currency": "GBP", "value": 17500.00}}
  ],
  "client_reference_id": "PO-88214",
  "confirm_recipient": {"request_identifier": "GB33BUKB20201555555555", "event_id": "AG-1"}
}`

func TestRedpinCreatePaymentSchemaRejectsEachConstraintClass(t *testing.T) {
	checkMutations(t, api.ProviderRedpin, "CreatePaymentRequest", redpinPaymentBase, []mutation{
		{name: "missing required purpose_of_transaction", pointer: "/purpose_of_transaction",
			change: func(m map[string]any) { delete(m, "purpose_of_transaction") }},
		{name: "empty purpose_of_transaction", pointer: "/purpose_of_transaction",
			change: func(m map[string]any) { m["purpose_of_transaction"] = "" }},
		{name: "missing required amount value", pointer: "/amount/value",
			change: func(m map[string]any) { delete(at(m, "amount"), "value") }},
		{name: "no recipients", pointer: "/recipient_details",
			change: func(m map[string]any) { m["recipient_details"] = []any{} }},
		{name: "recipient without recipient_id", pointer: "/recipient_details/1/recipient_id",
			change: func(m map[string]any) {
				delete(m["recipient_details"].([]any)[1].(map[string]any), "recipient_id")
			}},
		{name: "client_reference_id of 36 is allowed", valid: true,
			change: func(m map[string]any) { m["client_reference_id"] = strings.Repeat("c", 36) }},
		{name: "client_reference_id longer than 36", pointer: "/client_reference_id",
			change: func(m map[string]any) { m["client_reference_id"] = strings.Repeat("c", 37) }},
		{name: "lower-case currency breaks pattern", pointer: "/amount/currency",
			change: func(m map[string]any) { at(m, "amount")["currency"] = "gbp" }},
		{name: "amount value as string", pointer: "/amount/value",
			change: func(m map[string]any) { at(m, "amount")["value"] = "50000.00" }},
		{name: "is_third_party_payment as string", pointer: "/is_third_party_payment",
			change: func(m map[string]any) { m["is_third_party_payment"] = "true" }},
		{name: "confirm_recipient without event_id", pointer: "/confirm_recipient/event_id",
			change: func(m map[string]any) { delete(at(m, "confirm_recipient"), "event_id") }},
	})
}

func TestRedpinCreateQuoteSchemaRejectsEachConstraintClass(t *testing.T) {
	base := `{"sell_currency": "GBP", "buy_currency": "EUR", "amount": 10000.00, "fixed_side": "BUY"}`
	checkMutations(t, api.ProviderRedpin, "CreateQuoteRequest", base, []mutation{
		{name: "missing required buy_currency", pointer: "/buy_currency",
			change: func(m map[string]any) { delete(m, "buy_currency") }},
		{name: "amount below 0.01", pointer: "/amount",
			change: func(m map[string]any) { m["amount"] = num("0.009") }},
		{name: "amount of 0.01 is allowed", valid: true,
			change: func(m map[string]any) { m["amount"] = num("0.01") }},
		{name: "fixed_side outside enum", pointer: "/fixed_side",
			change: func(m map[string]any) { m["fixed_side"] = "sell" }},
		{name: "currency of four letters", pointer: "/sell_currency",
			change: func(m map[string]any) { m["sell_currency"] = "GBPX" }},
	})
}

const redpinRecipientBase = `{
  "name": "Ahmed Al Mansoori", "type": "Individual", "country_code": "ARE", "customer_own_account": "no",
  "address": {"address_line": "Office 2101", "city": "Dubai"},
  "recipient_bank_details": {"currency": "AED", "iban": "AE070331234567890123456"},
  "additional_details": {"tax_id": "AH12345678"},
  "confirm_recipient": {"request_identifier": "123456789", "event_id": "AG-1", "customer_action": "OVERRIDE"}
}`

func TestRedpinCreateRecipientSchemaRejectsEachConstraintClass(t *testing.T) {
	checkMutations(t, api.ProviderRedpin, "CreateRecipientRequest", redpinRecipientBase, []mutation{
		{name: "missing required address", pointer: "/address",
			change: func(m map[string]any) { delete(m, "address") }},
		{name: "missing required customer_own_account", pointer: "/customer_own_account",
			change: func(m map[string]any) { delete(m, "customer_own_account") }},
		{name: "type outside enum", pointer: "/type",
			change: func(m map[string]any) { m["type"] = "individual" }},
		{name: "customer_own_account as a boolean", pointer: "/customer_own_account",
			change: func(m map[string]any) { m["customer_own_account"] = false }},
		{name: "two-letter country_code", pointer: "/country_code",
			change: func(m map[string]any) { m["country_code"] = "AE" }},
		{name: "bank details in no combination", pointer: "/recipient_bank_details",
			change: func(m map[string]any) {
				m["recipient_bank_details"] = map[string]any{"currency": "USD", "account_number": "009182736455"}
			}},
		{name: "account number and SWIFT code is a combination", valid: true,
			change: func(m map[string]any) {
				m["recipient_bank_details"] = map[string]any{"currency": "SGD", "account_number": "0721234567", "swift_code": "DBSSSGSGXXX"}
			}},
		{name: "local scheme is a combination", valid: true,
			change: func(m map[string]any) {
				m["recipient_bank_details"] = map[string]any{"currency": "USD", "account_number": "1", "routing_code_type": "ABA",
					"routing_code_value": "121000248", "bank_country_code": "USA"}
			}},
		{name: "local scheme without bank_country_code", pointer: "/recipient_bank_details",
			change: func(m map[string]any) {
				m["recipient_bank_details"] = map[string]any{"currency": "USD", "account_number": "1", "routing_code_type": "ABA", "routing_code_value": "121000248"}
			}},
		{name: "bank details without currency", pointer: "/recipient_bank_details",
			change: func(m map[string]any) { delete(at(m, "recipient_bank_details"), "currency") }},
		{name: "IBAN with spaces breaks pattern", pointer: "/recipient_bank_details/iban",
			change: func(m map[string]any) { at(m, "recipient_bank_details")["iban"] = "AE07 0331 2345 6789 0123 456" }},
		{name: "SWIFT code of nine characters", pointer: "/recipient_bank_details/swift_code",
			change: func(m map[string]any) { at(m, "recipient_bank_details")["swift_code"] = "DBSSSGSGX" }},
		{name: "additional_details value as a number", pointer: "/additional_details/tax_id",
			change: func(m map[string]any) { at(m, "additional_details")["tax_id"] = num("12345") }},
		{name: "confirm_recipient without request_identifier", pointer: "/confirm_recipient/request_identifier",
			change: func(m map[string]any) { delete(at(m, "confirm_recipient"), "request_identifier") }},
	})
}

func TestRedpinUpdateRecipientSchemaRejectsEachConstraintClass(t *testing.T) {
	base := `{"name": "Ahmed Al Mansoori", "type": "Individual", "customer_own_account": "no", "email": "a@example.ae"}`
	checkMutations(t, api.ProviderRedpin, "UpdateRecipientAccountRequest", base, []mutation{
		{name: "missing required name", pointer: "/name",
			change: func(m map[string]any) { delete(m, "name") }},
		{name: "empty name", pointer: "/name",
			change: func(m map[string]any) { m["name"] = "" }},
		{name: "bank details are optional on an update", valid: true,
			change: func(m map[string]any) { delete(m, "recipient_bank_details") }},
		{name: "bank details in no combination", pointer: "/recipient_bank_details",
			change: func(m map[string]any) { m["recipient_bank_details"] = map[string]any{"currency": "EUR"} }},
		{name: "customer_own_account outside enum", pointer: "/customer_own_account",
			change: func(m map[string]any) { m["customer_own_account"] = "maybe" }},
	})
}

const redpinThirdPartyBase = `{
  "client_customer_details": {"client_customer_ref": "SKYLINE-CLIENT-001", "first_name": "Sarah", "mobile_phone": "+14155552671",
    "date_of_birth": "1985-03-15", "country": "USA", "income_range": {"currency": "GBP", "min_value": 10000, "max_value": 20000}},
  "property_details": [{"property_ref": "SKYLINE/1001", "property_purchase_amount": {"currency": "USD", "value": 10000}, "floor": 10}]
}`

func TestRedpinThirdPartySchemaRejectsEachConstraintClass(t *testing.T) {
	checkMutations(t, api.ProviderRedpin, "CreateThirdPartyCustomerRequest", redpinThirdPartyBase, []mutation{
		{name: "missing required property_details", pointer: "/property_details",
			change: func(m map[string]any) { delete(m, "property_details") }},
		{name: "no property", pointer: "/property_details",
			change: func(m map[string]any) { m["property_details"] = []any{} }},
		{name: "property without property_ref", pointer: "/property_details/0/property_ref",
			change: func(m map[string]any) { delete(m["property_details"].([]any)[0].(map[string]any), "property_ref") }},
		{name: "client_customer_ref with a space breaks pattern", pointer: "/client_customer_details/client_customer_ref",
			change: func(m map[string]any) { at(m, "client_customer_details")["client_customer_ref"] = "SKYLINE 001" }},
		{name: "mobile_phone not E.164", pointer: "/client_customer_details/mobile_phone",
			change: func(m map[string]any) { at(m, "client_customer_details")["mobile_phone"] = "4155552671" }},
		{name: "date_of_birth not a date", pointer: "/client_customer_details/date_of_birth",
			change: func(m map[string]any) { at(m, "client_customer_details")["date_of_birth"] = "15/03/1985" }},
		{name: "income as a string", pointer: "/client_customer_details/income_range/min_value",
			change: func(m map[string]any) { at(m, "client_customer_details", "income_range")["min_value"] = "10000" }},
		{name: "unknown property members are kept", valid: true,
			change: func(m map[string]any) { m["property_details"].([]any)[0].(map[string]any)["escrow"] = true }},
	})
}

const redpinSessionBase = `{
  "client_customer_ref": "SKYLINE-CLIENT-001", "client_reference_id": "PLOT-14",
  "amount": {"currency": "AED", "value": 36725.00}, "due_date": "2030-03-15", "purpose_of_transaction": "PROPERTY_PURCHASE",
  "recipients": [{"recipient_id": "1668758", "amount": {"currency": "AED", "value": 36725.00}}],
  "items": [{"item_ref": "PLOT-14", "amount": {"currency": "AED", "value": 36725.00}}],
  "allowed_origins": ["https://app.example.com", "com.example.app"]
}`

func TestRedpinSessionSchemaRejectsEachConstraintClass(t *testing.T) {
	checkMutations(t, api.ProviderRedpin, "CreatePaymentSessionRequest", redpinSessionBase, []mutation{
		{name: "missing required items", pointer: "/items",
			change: func(m map[string]any) { delete(m, "items") }},
		{name: "no recipients", pointer: "/recipients",
			change: func(m map[string]any) { m["recipients"] = []any{} }},
		{name: "client_reference_id of 36 is allowed", valid: true,
			change: func(m map[string]any) { m["client_reference_id"] = strings.Repeat("c", 36) }},
		{name: "client_reference_id longer than 36", pointer: "/client_reference_id",
			change: func(m map[string]any) { m["client_reference_id"] = strings.Repeat("c", 37) }},
		{name: "client_reference_id with a dot breaks pattern", pointer: "/client_reference_id",
			change: func(m map[string]any) { m["client_reference_id"] = "PLOT.14" }},
		{name: "due_date not a date", pointer: "/due_date",
			change: func(m map[string]any) { m["due_date"] = "15-03-2030" }},
		{name: "item without amount", pointer: "/items/0/amount",
			change: func(m map[string]any) { delete(m["items"].([]any)[0].(map[string]any), "amount") }},
		{name: "empty purpose", pointer: "/purpose_of_transaction",
			change: func(m map[string]any) { m["purpose_of_transaction"] = "" }},
		{name: "an iOS bundle identifier with a hyphen is an origin", valid: true,
			change: func(m map[string]any) { m["allowed_origins"] = []any{"com.example.pay-app"} }},
		{name: "an HTTPS origin with a port", valid: true,
			change: func(m map[string]any) { m["allowed_origins"] = []any{"https://pay.example.com:8443"} }},
		{name: "an http origin is none of the three kinds", pointer: "/allowed_origins/0",
			change: func(m map[string]any) { m["allowed_origins"] = []any{"http://app.example.com"} }},
		{name: "an origin names no path", pointer: "/allowed_origins/0",
			change: func(m map[string]any) { m["allowed_origins"] = []any{"https://app.example.com/checkout"} }},
		{name: "an origin has no trailing slash", pointer: "/allowed_origins/1",
			change: func(m map[string]any) { m["allowed_origins"] = []any{"com.example.app", "https://app.example.com/"} }},
		{name: "an app identifier has two segments at least", pointer: "/allowed_origins/0",
			change: func(m map[string]any) { m["allowed_origins"] = []any{"exampleapp"} }},
	})
}

func TestRedpinWebhookSchemasRejectEachConstraintClass(t *testing.T) {
	flat := `{"event_id": "1", "payment_id": "123456", "status": "FX_COMPLETED", "customer_id": "C1",
  "event_timestamp": "2025-01-01T00:00:00Z", "data": {"sell_amount": {"currency": "GBP", "value": 8583.10}, "fx_rate": 1.1651}}`
	checkMutations(t, api.ProviderRedpin, "PaymentStatusEvent", flat, []mutation{
		{name: "missing data, always present", pointer: "/data",
			change: func(m map[string]any) { delete(m, "data") }},
		{name: "missing event_timestamp", pointer: "/event_timestamp",
			change: func(m map[string]any) { delete(m, "event_timestamp") }},
		{name: "timestamp not ISO 8601", pointer: "/event_timestamp",
			change: func(m map[string]any) { m["event_timestamp"] = "01/01/2025 00:00" }},
		{name: "a new status is tolerated", valid: true,
			change: func(m map[string]any) { m["status"] = "ON_HOLD" }},
		{name: "amount as a string", pointer: "/data/sell_amount/value",
			change: func(m map[string]any) { at(m, "data", "sell_amount")["value"] = "8583.10" }},
		{name: "RECEIVED_FUNDS without data.amount", pointer: "",
			change: func(m map[string]any) { m["status"] = "RECEIVED_FUNDS" }},
		{name: "RECEIVED_FUNDS with data.amount", valid: true,
			change: func(m map[string]any) {
				m["status"] = "RECEIVED_FUNDS"
				m["data"] = map[string]any{"amount": map[string]any{"currency": "GBP", "value": num("8583.10")}}
			}},
		{name: "FX_COMPLETED without data.sell_amount", pointer: "",
			change: func(m map[string]any) { delete(at(m, "data"), "sell_amount") }},
		{name: "FX_COMPLETED with buy_amount only", pointer: "",
			change: func(m map[string]any) {
				m["data"] = map[string]any{"buy_amount": map[string]any{"currency": "EUR", "value": num("10000.00")}}
			}},
		{name: "FX_COMPLETED with sell_amount and no buy_amount", valid: true,
			change: func(m map[string]any) { delete(at(m, "data"), "fx_rate") }},
		{name: "AWAITING_FUNDS with empty data", valid: true,
			change: func(m map[string]any) { m["status"], m["data"] = "AWAITING_FUNDS", map[string]any{} }},
		{name: "a new status with empty data", valid: true,
			change: func(m map[string]any) { m["status"], m["data"] = "ON_HOLD", map[string]any{} }},
	})
	envelope := `{"event_id": "e1", "event_type": "PAYMENT STATUS", "version": "v1.0.0", "event_timestamp": "2025-01-01T00:00:00Z",
  "data": {"payment_id": "123456", "status": "BOUNCED_BACK", "customer_id": "C1", "bounce_reason": "Account closed"}}`
	checkMutations(t, api.ProviderRedpin, "PaymentStatusEnvelopeEvent", envelope, []mutation{
		{name: "missing version", pointer: "/version",
			change: func(m map[string]any) { delete(m, "version") }},
		{name: "payment_id outside data", pointer: "/data/payment_id",
			change: func(m map[string]any) {
				m["payment_id"] = at(m, "data")["payment_id"]
				delete(at(m, "data"), "payment_id")
			}},
		{name: "refund_amount not an amount", pointer: "/data/refund_amount",
			change: func(m map[string]any) { at(m, "data")["refund_amount"] = num("10.00") }},
	})
	customer := `{"customer_id": "0201000005926289", "status": "inactive", "unique_identifier": "a8509765",
  "documents_required": [{"document_type": "POI", "uri": "/v1/customers/1/contacts/2/documents/3"}]}`
	checkMutations(t, api.ProviderRedpin, "CustomerStatusEvent", customer, []mutation{
		{name: "status in upper case", pointer: "/status",
			change: func(m map[string]any) { m["status"] = "INACTIVE" }},
		{name: "missing unique_identifier", pointer: "/unique_identifier",
			change: func(m map[string]any) { delete(m, "unique_identifier") }},
		{name: "document without type", pointer: "/documents_required/0/document_type",
			change: func(m map[string]any) { delete(m["documents_required"].([]any)[0].(map[string]any), "document_type") }},
	})
	thirdParty := `{"event_id": "e1", "event_timestamp": "2025-02-03T09:30:00Z", "customer_id": "C1",
  "client_customer_ref": "TP-1", "status": "REJECTED", "data": {"reasons": [{"code": "SANCTIONS", "reason": "Sanctions screening"}]}}`
	checkMutations(t, api.ProviderRedpin, "ThirdPartyCustomerStatusEvent", thirdParty, []mutation{
		{name: "missing client_customer_ref", pointer: "/client_customer_ref",
			change: func(m map[string]any) { delete(m, "client_customer_ref") }},
		{name: "approved without data", valid: true,
			change: func(m map[string]any) { m["status"] = "APPROVED"; delete(m, "data") }},
		{name: "approved with data, which the page says is not present", pointer: "",
			change: func(m map[string]any) { m["status"] = "APPROVED" }},
		{name: "approved with empty data", pointer: "",
			change: func(m map[string]any) { m["status"], m["data"] = "APPROVED", map[string]any{} }},
		{name: "rejected without data, which stays optional", valid: true,
			change: func(m map[string]any) { delete(m, "data") }},
		{name: "a new status with data", valid: true,
			change: func(m map[string]any) { m["status"] = "ON_HOLD" }},
		{name: "data not an object", pointer: "/data",
			change: func(m map[string]any) { m["data"] = []any{"x"} }},
		{name: "reasons as plain strings", pointer: "/data/reasons/0",
			change: func(m map[string]any) { at(m, "data")["reasons"] = []any{"Sanctions screening"} }},
	})
}

// TestRedpinErrorAcceptsTheDocumentedSamples validates the error samples
// Redpin's pages show: the CoP and VoP guides' answers (no type) against
// Error, and the generic errors against TypedError, which requires type.
func TestRedpinErrorAcceptsTheDocumentedSamples(t *testing.T) {
	cop := `{"code": "ANNM", "description": "Payee's Bank has performed the matching and confirms it is not a match",
  "recipient_check": {"request_identifier": "123456789", "event_id": "AG-435435454435"}}`
	checkMutations(t, api.ProviderRedpin, "Error", cop, []mutation{
		{name: "the VoP guide's sample", valid: true, change: func(m map[string]any) {
			m["code"] = "NMTC"
			m["recipient_check"] = map[string]any{"request_identifier": "FR4010096000402181369432U54", "event_id": "AG-175758388"}
		}},
		{name: "a generic error with type", valid: true, change: func(m map[string]any) {
			delete(m, "recipient_check")
			m["type"], m["field"] = "Validation Error", "amount.currency"
		}},
		{name: "several failed recipients in details", valid: true, change: func(m map[string]any) {
			delete(m, "recipient_check")
			m["details"] = []any{map[string]any{"request_identifier": "1", "event_id": "AG-1"}, map[string]any{"request_identifier": "2", "event_id": "AG-2"}}
		}},
		{name: "details as an object, the error-handling page giving it no type", valid: true, change: func(m map[string]any) {
			m["details"] = map[string]any{"limit": "daily", "remaining": num("0.00")}
		}},
		{name: "details as a string", valid: true, change: func(m map[string]any) { m["details"] = "see the field" }},
		{name: "details as an array of strings", valid: true, change: func(m map[string]any) { m["details"] = []any{"a", "b"} }},
		{name: "a details entry whose request_identifier is not a string", pointer: "/details/0/request_identifier",
			change: func(m map[string]any) {
				m["details"] = []any{map[string]any{"request_identifier": num("1"), "event_id": "AG-1"}}
			}},
		{name: "missing code", pointer: "/code", change: func(m map[string]any) { delete(m, "code") }},
		{name: "missing description", pointer: "/description", change: func(m map[string]any) { delete(m, "description") }},
		{name: "recipient_check without event_id", pointer: "/recipient_check/event_id",
			change: func(m map[string]any) { delete(at(m, "recipient_check"), "event_id") }},
	})
	generic := `{"code": "UNAUTHORIZED", "description": "The access token has expired.", "type": "Authentication Error"}`
	checkMutations(t, api.ProviderRedpin, "TypedError", generic, []mutation{
		{name: "missing type", pointer: "/type", change: func(m map[string]any) { delete(m, "type") }},
		{name: "missing code", pointer: "/code", change: func(m map[string]any) { delete(m, "code") }},
	})
}
