package validate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
)

// tradeAnswer is what GET /v2/fx/5512093 returned: the customer bought
// EUR 15000.00.
const tradeAnswer = `{"status":"Success","data":{"forexContractNo":"5512093","ccyPair":"EURUSD","direction":"BUY",
	"baseCcy":"EUR","quoteCcy":"USD","baseAmount":15000.00,"quoteAmount":16342.50}}`

// swiftCredit is a v4 SPOT credit naming that contract.
func swiftCredit(amount string) []byte {
	return []byte(`{"externalReferenceId":"FX-PO-99120","paymentAmount":` + amount + `,"paymentCurrency":"EUR",
	"speed":"SPOT","paymentNotes":"PO 99120","sender":{"accountUID":100245},
	"receiver":{"accountNumber":"DE89370400440532013000","accountCurrency":"EUR","name":"Rheinwerk Maschinenbau GmbH",
	"bank":{"bankIdType":"SWIFT","swiftCode":"COBADEFFXXX","countryCode":"DE"}},
	"additionalInfo":{"fxContractNumber":"5512093","detailsOfCharges":"OUR"}}`)
}

func TestWithFXTradesFedFromATradeLookup(t *testing.T) {
	var answer finzly.FXTradeResponse
	require.NoError(t, json.Unmarshal([]byte(tradeAnswer), &answer))
	e := newEngine(t, onDecember1, validate.WithFXTrades(rules.FXTrades(&answer)))
	ctx := context.Background()

	ps, err := e.ValidateRequest(ctx, "createCreditPaymentV4", validate.Request{Header: jsonHeader(), Body: swiftCredit("15000.00")})
	require.NoError(t, err)
	assert.Empty(t, ps, "the credit matches its trade")

	ps, err = e.ValidateRequest(ctx, "createCreditPaymentV5", validate.Request{Header: jsonHeader(), Body: swiftCredit("14999.99")})
	require.NoError(t, err)
	assert.Contains(t, findings(ps), errorAt("/paymentAmount", rules.RuleFXAmount), "v5 is judged like v4")
}

func TestWithPaymentsJudgesReturnsAndReversals(t *testing.T) {
	var record finzly.PaymentRecordResponse
	require.NoError(t, json.Unmarshal([]byte(`{"status":"Success","data":{"paymentUID":12930,"status":"PROCESSED",
		"deliveryMethod":"FEDWIRE","wireType":"OUTGOING_PAYMENT","entryType":"CREDIT"}}`), &record))
	lookup := func(uid string) (rules.PaymentFacts, bool) {
		if uid != "12930" {
			return rules.PaymentFacts{}, false
		}
		return rules.PaymentFactsFromRecord(&record)
	}
	e := newEngine(t, onDecember1, validate.WithPayments(lookup))
	ctx := context.Background()
	req := func(uid, body string) validate.Request {
		return validate.Request{PathParams: map[string]string{"paymentUID": uid}, Header: jsonHeader(), Body: []byte(body)}
	}

	ps, err := e.ValidateRequest(ctx, "reversePayment", req("12930", `{"reversalNotes":"Sent twice","reversalCode":"DUPL"}`))
	require.NoError(t, err)
	assert.Empty(t, ps, "an outgoing processed Fedwire credit with a code can be reversed")

	ps, err = e.ValidateRequest(ctx, "reversePayment", req("12930", `{"reversalNotes":"Sent twice"}`))
	require.NoError(t, err)
	assert.Equal(t, []finding{errorAt("/reversalCode", rules.RuleReversalFedwire)}, findings(ps))

	ps, err = e.ValidateRequest(ctx, "returnPayment", req("12930", `{"returnCode":"AC03","returnNotes":"No account"}`))
	require.NoError(t, err)
	assert.Equal(t, []finding{errorAt("", rules.RulePaymentActionStatus)}, findings(ps), "an outgoing payment cannot be returned")

	ps, err = e.ValidateRequest(ctx, "returnPayment", req("77", `{"returnCode":"AC03"}`))
	require.NoError(t, err)
	assert.Empty(t, ps, "a payment the lookup does not know is not judged")
}

// ExampleWithFXTrades feeds the FX rules from a getFXTrade answer, so that a
// SWIFT credit is checked against the trade it names.
func ExampleWithFXTrades() {
	var answer finzly.FXTradeResponse
	if err := json.Unmarshal([]byte(tradeAnswer), &answer); err != nil {
		panic(err)
	}
	e, err := validate.New(context.Background(), onDecember1, validate.WithFXTrades(rules.FXTrades(&answer)))
	if err != nil {
		panic(err)
	}
	ps, err := e.ValidateRequest(context.Background(), "createCreditPaymentV4",
		validate.Request{Header: jsonHeader(), Body: swiftCredit("15500.00")})
	if err != nil {
		panic(err)
	}
	for _, p := range ps {
		fmt.Println(p.Pointer, p.Code)
	}
	// Output:
	// /paymentAmount CREDIT_AMOUNT_NOFXMATCH
}
