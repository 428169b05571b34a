package rules_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// today is the date every rule test judges against: a Tuesday.
var today = fedcal.MustParseDate("2026-12-01")

// Base payloads that pass every rule. Cases change them with a JSON merge
// patch (RFC 7386: null removes a member).
const (
	v4ACH = `{
  "externalReferenceId": "PAYROLL-1201",
  "paymentAmount": 2500.00,
  "paymentCurrency": "USD",
  "paymentDate": "12-15-2026",
  "speed": "Economy",
  "paymentNotes": "Payroll",
  "sender": {"accountNumber": "4401928374", "accountType": "Deposit", "subAccountType": "Checking",
    "name": "Harbor Freight Logistics LLC", "entityType": "Corporate", "bankIdType": "NID", "bankId": "021000021",
    "achCompanyID": "1234567890",
    "address": {"addressLine1": "200 Pier Street", "city": "Baltimore", "state": "MD", "postalCode": "21202", "countryCode": "US"}},
  "receiver": {"accountNumber": "009182736455", "accountCurrency": "USD", "accountType": "Deposit", "subAccountType": "Checking",
    "name": "Cascade Steel Supply Inc", "bank": {"bankIdType": "NID", "bankId": "121000248"}},
  "additionalInfo": {"secCode": "CCD"}
}`
	v4Wire = `{
  "externalReferenceId": "INV-77812",
  "paymentAmount": 1234567.89,
  "paymentCurrency": "USD",
  "paymentDate": "12-15-2026",
  "speed": "Express",
  "paymentNotes": "Invoice 77812",
  "sender": {"accountUID": 100245},
  "receiver": {"accountNumber": "009182736455", "accountCurrency": "USD", "name": "Cascade Steel Supply Inc",
    "address": {"addressLine1": "1 Harbor Way", "city": "Tacoma", "countryCode": "US"},
    "bank": {"bankIdType": "NID", "bankId": "121000248"}},
  "additionalInfo": {"referenceForBeneficiary": "PO-5521", "originatorToBeneficiary": "Steel coils, PO 5521"}
}`
	v4Instant = `{
  "externalReferenceId": "CLAIM-5531",
  "paymentAmount": 1000.00,
  "paymentCurrency": "USD",
  "speed": "Instant",
  "paymentNotes": "Insurance claim 5531",
  "sender": {"accountUID": 100245},
  "receiver": {"beneficiaryId": 88231}
}`
	v4SWIFT = `{
  "externalReferenceId": "EXP-2207",
  "paymentAmount": 50000.00,
  "paymentCurrency": "EUR",
  "paymentDate": "12-15-2026",
  "speed": "SPOT",
  "paymentNotes": "Machine parts, invoice 2207",
  "sender": {"accountUID": 100245},
  "receiver": {"accountNumber": "DE89370400440532013000", "accountCurrency": "EUR", "name": "Maschinenbau Rhein GmbH",
    "bank": {"bankIdType": "SWIFT", "swiftCode": "DEUTDEFF", "countryCode": "DE"}},
  "additionalInfo": {"detailsOfCharges": "SHA"}
}`
	v3ACH = `{
  "externalReferenceId": "V3-PAYROLL",
  "paymentAmount": 2500.00,
  "paymentCurrency": "USD",
  "paymentDate": "12-15-2026",
  "speed": "Economy",
  "paymentNotes": "Payroll",
  "sender": {"accountUID": "100245"},
  "receiver": {"accountUID": "88231"},
  "additionalInfo": {"secCode": "PPD"}
}`
	bookTransfer = `{
  "externalReferenceId": "BT-1201",
  "paymentAmount": 150.00,
  "paymentDate": "12-15-2026",
  "senderAccount": {"accountUID": "1001"},
  "receiverAccount": {"accountUID": "1002"}
}`
	redpinPayment = `{
  "amount": {"currency": "GBP", "value": 1500.00},
  "purpose_of_transaction": "INVOICE_PAYMENT",
  "recipient_details": [
    {"recipient_id": "R-1", "amount": {"currency": "GBP", "value": 1000.00}},
    {"recipient_id": "R-2", "amount": {"currency": "GBP", "value": 500.00}}
  ]
}`
	redpinQuote = `{"sell_currency": "GBP", "buy_currency": "EUR", "amount": 1000.45, "fixed_side": "SELL"}`
	// redpinRecipient pays a EUR account in Germany, given by IBAN.
	redpinRecipient = `{
  "name": "Maschinenbau Rhein GmbH",
  "type": "Corporate",
  "country_code": "DEU",
  "customer_own_account": "no",
  "address": {"address_line": "Taunusanlage 12", "city": "Frankfurt", "post_code": "60325"},
  "recipient_bank_details": {"currency": "EUR", "iban": "DE89370400440532013000"}
}`
	redpinRecipientUpdate = `{
  "name": "Maschinenbau Rhein GmbH",
  "type": "Corporate",
  "customer_own_account": "no",
  "recipient_bank_details": {"currency": "EUR", "iban": "DE89370400440532013000"}
}`
	// redpinSession is due 2026-12-06, five days after the tests' today.
	redpinSession = `{
  "client_customer_ref": "SKYLINE-CLIENT-001",
  "client_reference_id": "PLOT-14",
  "amount": {"currency": "AED", "value": 36725.00},
  "due_date": "2026-12-06",
  "purpose_of_transaction": "PROPERTY_PURCHASE",
  "recipients": [{"recipient_id": "R-1", "amount": {"currency": "AED", "value": 36725.00}}],
  "items": [
    {"item_ref": "PLOT-14", "amount": {"currency": "AED", "value": 36000.00}},
    {"item_ref": "FEE", "amount": {"currency": "AED", "value": 725.00}}
  ]
}`
)

// base names an operation and its valid payload.
type base struct {
	op   string
	body string
}

var (
	achV4     = base{"createCreditPaymentV4", v4ACH}
	wireV4    = base{"createCreditPaymentV4", v4Wire}
	instantV4 = base{"createCreditPaymentV4", v4Instant}
	swiftV4   = base{"createCreditPaymentV4", v4SWIFT}
	achV3     = base{"createCreditPaymentV3", v3ACH}
	book      = base{"createBookTransfer", bookTransfer}
	payment   = base{"createPayment", redpinPayment}
	quote     = base{"createQuote", redpinQuote}
	recipient = base{"createRecipient", redpinRecipient}
	update    = base{"updateRecipientAccount", redpinRecipientUpdate}
	session   = base{"createPaymentSession", redpinSession}
)

// ruleCase is one row of a rule's table: a patched payload and whether
// the rule must report it (at the given pointer).
type ruleCase struct {
	name   string
	base   base
	patch  string // JSON merge patch applied to the base payload
	config string // optional YAML configuration
	env    func(*rules.Env)
	fails  bool
	at     string // pointer of the expected problem when fails
	// secret is a value of the payload no message may repeat.
	secret string
}

// pass and fail build cases.
func pass(name string, b base, patch string) ruleCase {
	return ruleCase{name: name, base: b, patch: patch}
}

func fail(name string, b base, patch, at string) ruleCase {
	return ruleCase{name: name, base: b, patch: patch, fails: true, at: at}
}

func (c ruleCase) withEnv(f func(*rules.Env)) ruleCase { c.env = f; return c }
func (c ruleCase) withConfig(y string) ruleCase        { c.config = y; return c }
func (c ruleCase) withoutEcho(value string) ruleCase   { c.secret = value; return c }

// check runs all rules on the case's payload.
func (c ruleCase) check(tb testing.TB) problem.Problems {
	tb.Helper()
	body := mergePatch(tb, c.base.body, c.patch)
	cfg := rules.DefaultConfig()
	if c.config != "" {
		var err error
		cfg, err = rules.LoadConfig([]byte(c.config))
		require.NoError(tb, err)
	}
	checker, err := rules.New(cfg)
	require.NoError(tb, err)
	env := rules.Env{Today: today, CustomerID: "CUST-0048213"}
	if c.env != nil {
		c.env(&env)
	}
	requireDecodes(tb, c.base.op, body)
	return checker.Check(c.base.op, body, env)
}

// requireDecodes fails when the payload does not fit the generated type, so
// that a case never passes because Check could not read it.
func requireDecodes(tb testing.TB, op string, body []byte) {
	tb.Helper()
	var v map[string]any
	require.NoError(tb, json.Unmarshal(body, &v), "payload is not JSON")
	ps := (&decodeProbe{}).run(tb, op, body)
	require.NoError(tb, ps)
}

// mergePatch applies an RFC 7386 merge patch to a JSON document.
func mergePatch(tb testing.TB, doc, patch string) []byte {
	tb.Helper()
	var d any
	dec := json.NewDecoder(bytesReader(doc))
	dec.UseNumber()
	require.NoError(tb, dec.Decode(&d), "base payload")
	if patch != "" {
		var p any
		pd := json.NewDecoder(bytesReader(patch))
		pd.UseNumber()
		require.NoError(tb, pd.Decode(&p), "patch")
		d = merge(d, p)
	}
	b, err := json.Marshal(d)
	require.NoError(tb, err)
	return b
}

func merge(target, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	tm, ok := target.(map[string]any)
	if !ok {
		tm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(tm, k)
			continue
		}
		tm[k] = merge(tm[k], v)
	}
	return tm
}

// fxTrades is a lookup with one trade, contract 778899: 1234567.89 USD.
func fxTrades(e *rules.Env) {
	e.FXTrade = func(contract string) (rules.FXTrade, bool) {
		if contract == "778899" {
			return rules.FXTrade{Amount: money.MustParse("1234567.89"), Currency: "USD"}, true
		}
		return rules.FXTrade{}, false
	}
}

// copAnswer is the CoP answer the tests' customer received: one failed
// check, event AG-1 for account identifier 12345678.
var copAnswer = rules.CoPAnswer{Code: "ANNM", Checks: []redpin.RecipientCheck{{RequestIdentifier: "12345678", EventId: "AG-1"}}}

// copAnswers gives the rules a lookup that knows copAnswer.
func copAnswers(e *rules.Env) {
	e.CoPAnswers = func(customer, event string) (rules.CoPAnswer, bool) {
		return copAnswer, customer == "CUST-0048213" && event == "AG-1"
	}
}

// decodeAs decodes JSON into a fresh T, failing the test when it cannot.
func decodeAs[T any](tb testing.TB, s string) T {
	tb.Helper()
	var v T
	require.NoError(tb, json.Unmarshal([]byte(s), &v))
	return v
}

// envs applies several Env changes in turn.
func envs(fs ...func(*rules.Env)) func(*rules.Env) {
	return func(e *rules.Env) {
		for _, f := range fs {
			f(e)
		}
	}
}

// fundsIn makes the customer's funding currency code.
func fundsIn(code string) func(*rules.Env) {
	return func(e *rules.Env) {
		e.FundingCurrency = func(id string) (string, bool) { return code, id == "CUST-0048213" }
	}
}
