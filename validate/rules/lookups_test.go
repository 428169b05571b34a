package rules_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules"
)

// tradeAnswer is a getFXTrade answer in which the customer buys EUR 15000.00
// for USD 16342.50; patch changes its data.
func tradeAnswer(t *testing.T, patch string) *finzly.FXTradeResponse {
	t.Helper()
	body := mergePatch(t, `{"status":"Success","code":null,"message":null,"data":{"forexContractNo":"5512093",
		"ccyPair":"EURUSD","direction":"BUY","baseCcy":"EUR","quoteCcy":"USD","baseAmount":15000.00,"quoteAmount":16342.50}}`, patch)
	var r finzly.FXTradeResponse
	require.NoError(t, json.Unmarshal(body, &r))
	return &r
}

func TestFXTradeFromResponse(t *testing.T) {
	cases := []struct {
		name     string
		patch    string
		contract string
		trade    rules.FXTrade
		ok       bool
	}{
		{"buying the base currency", ``, "5512093", rules.FXTrade{Amount: money.MustParse("15000.00"), Currency: "EUR"}, true},
		{"selling the base currency buys the quote one", `{"data":{"direction":"SELL"}}`, "5512093",
			rules.FXTrade{Amount: money.MustParse("16342.50"), Currency: "USD"}, true},
		{"direction in lower case", `{"data":{"direction":"buy","baseCcy":"eur"}}`, "5512093",
			rules.FXTrade{Amount: money.MustParse("15000.00"), Currency: "EUR"}, true},
		{"failure envelope", `{"status":"Failure","data":null}`, "", rules.FXTrade{}, false},
		{"no direction", `{"data":{"direction":null}}`, "", rules.FXTrade{}, false},
		{"no contract number", `{"data":{"forexContractNo":null}}`, "", rules.FXTrade{}, false},
		{"bought amount missing", `{"data":{"baseAmount":null}}`, "", rules.FXTrade{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			contract, trade, ok := rules.FXTradeFromResponse(tradeAnswer(t, tc.patch))
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.contract, contract)
			assert.True(t, tc.trade.Amount.Equal(trade.Amount), "amount %s, want %s", trade.Amount, tc.trade.Amount)
			assert.Equal(t, tc.trade.Currency, trade.Currency)
		})
	}
	_, _, ok := rules.FXTradeFromResponse(nil)
	assert.False(t, ok)
}

func TestFXTradesIndexFeedsTheCreditRules(t *testing.T) {
	lookup := rules.FXTrades(tradeAnswer(t, ``), tradeAnswer(t, `{"status":"Failure"}`), nil)
	trade, ok := lookup("5512093")
	require.True(t, ok)
	assert.Equal(t, "EUR", trade.Currency)
	_, ok = lookup("999")
	assert.False(t, ok)

	withTrades := func(e *rules.Env) { e.FXTrade = lookup }
	swift := `{"paymentAmount":15000.00,"additionalInfo":{"fxContractNumber":"5512093","detailsOfCharges":"SHA"}}`
	ps := pass("amount of the trade", swiftV4, swift).withEnv(withTrades).check(t)
	assert.Empty(t, ps)
	ps = pass("amount off by a cent", swiftV4, `{"paymentAmount":15000.01,"additionalInfo":{"fxContractNumber":"5512093"}}`).withEnv(withTrades).check(t)
	assert.Contains(t, codesOf(ps), rules.RuleFXAmount)
	ps = pass("unknown contract", swiftV4, `{"additionalInfo":{"fxContractNumber":"999"}}`).withEnv(withTrades).check(t)
	assert.Contains(t, codesOf(ps), rules.RuleFXContractUnknown)
}

func TestPaymentFactsFromRecord(t *testing.T) {
	read := func(body string) (rules.PaymentFacts, bool) {
		var r finzly.PaymentRecordResponse
		require.NoError(t, json.Unmarshal([]byte(body), &r))
		return rules.PaymentFactsFromRecord(&r)
	}
	f, ok := read(`{"status":"Success","data":{"paymentUID":12930,"status":"processed","deliveryMethod":"Fedwire","wireType":"INCOMING_PAYMENT","entryType":"CREDIT"}}`)
	require.True(t, ok)
	assert.Equal(t, "PROCESSED", f.Status)
	assert.Equal(t, "FEDWIRE", f.Rail)
	require.NotNil(t, f.Incoming)
	assert.True(t, *f.Incoming)
	require.NotNil(t, f.Credit)
	assert.True(t, *f.Credit)

	f, ok = read(`{"status":"Success","data":{"status":"PROCESSED","wireType":"OUTGOING_PAYMENT","entryType":"DEBIT"}}`)
	require.True(t, ok)
	assert.False(t, *f.Incoming)
	assert.False(t, *f.Credit)

	f, ok = read(`{"status":"Success","data":{"status":"PROCESSED"}}`)
	require.True(t, ok)
	assert.Nil(t, f.Incoming, "direction unknown")
	_, ok = read(`{"status":"Failure","code":"API900","message":"Payment not found"}`)
	assert.False(t, ok)
	_, ok = read(`{"status":"Success","data":{"deliveryMethod":"ACH"}}`)
	assert.False(t, ok, "no status, nothing to judge")
	_, ok = rules.PaymentFactsFromRecord(nil)
	assert.False(t, ok)
}

func TestDebitConfiguration(t *testing.T) {
	def := rules.DefaultConfig()
	cfg, err := rules.LoadConfig([]byte("debitRails: {replace: true, values: [ACH]}\ndebitSecCodes: {replace: true, values: [CCD, PPD]}\n"))
	require.NoError(t, err)
	assert.Equal(t, []rules.Rail{rules.RailACH}, cfg.DebitRails, "replace: true replaces the default list")
	assert.Equal(t, []string{"CCD", "PPD"}, cfg.DebitSECCodes)
	cfg, err = rules.LoadConfig([]byte("debitSecCodes: [CIE]\n"))
	require.NoError(t, err)
	assert.Equal(t, append(def.DebitSECCodes, "CIE"), cfg.DebitSECCodes, "a list section adds to the default")
	assert.Equal(t, []rules.Rail{rules.RailACH, rules.RailSameDayACH, rules.RailRTP, rules.RailFedNow}, def.DebitRails)
	assert.NotContains(t, def.DebitSECCodes, "CIE")
	assert.NotContains(t, def.DebitSECCodes, "ENR")
	for _, bad := range []string{"debitRails: [WIRE]\n", "debitSecCodes: [ppd]\n", "debitSecCodes: [PPDX]\n"} {
		_, err := rules.LoadConfig([]byte(bad))
		assert.ErrorIs(t, err, rules.ErrConfig, bad)
	}
}

// codesOf lists the codes of problems.
func codesOf(ps problem.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Code
	}
	return out
}
