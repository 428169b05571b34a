package rules_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/validate/rules"
)

func purposes(t *testing.T, s string) redpin.TransactionPurposeList {
	return decodeAs[redpin.TransactionPurposeList](t, s)
}

func currencies(t *testing.T, s string) redpin.CurrencyList {
	return decodeAs[redpin.CurrencyList](t, s)
}

func TestWithTransactionPurposes(t *testing.T) {
	base := rules.DefaultConfig()
	cfg, err := base.WithTransactionPurposes(purposes(t, `{"transaction_purposes":[`+
		`{"code":"PROPERTY_PURCHASE","description":"Purchase of a property"},{"code":"SUPPLIER_PAYMENT"},{"code":"PROPERTY_PURCHASE"}]}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"PROPERTY_PURCHASE", "SUPPLIER_PAYMENT"}, cfg.PurposeCodes, "answer order, no repeats")
	assert.Empty(t, base.PurposeCodes, "the configuration it was made from is unchanged")
	assert.Equal(t, base.SECCodes, cfg.SECCodes, "other sections are kept")

	checker, err := rules.New(cfg)
	require.NoError(t, err)
	var p redpin.CreatePaymentRequest
	require.NoError(t, json.Unmarshal(mergePatch(t, redpinPayment, `{"purpose_of_transaction":"property_purchase"}`), &p))
	ps := checker.CheckCreatePayment(&p, rules.Env{Today: today})
	require.Len(t, ps, 1)
	assert.Equal(t, rules.RulePurposeCode, ps[0].Code, "codes are matched case-sensitively")

	for name, body := range map[string]string{
		"no purposes": `{"transaction_purposes":[]}`,
		"blank code":  `{"transaction_purposes":[{"code":"GIFT"},{"code":" "}]}`,
	} {
		_, err := base.WithTransactionPurposes(purposes(t, body))
		assert.ErrorIs(t, err, rules.ErrConfig, name)
	}
}

func TestWithPayoutCurrencies(t *testing.T) {
	base := rules.DefaultConfig()
	cfg, err := base.WithPayoutCurrencies(currencies(t, `{"payout_currencies":["EUR","GBP","EUR"],"sell_currencies":["USD"]}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"EUR", "GBP"}, cfg.PayoutCurrencies)
	assert.Empty(t, base.PayoutCurrencies)

	checker, err := rules.New(cfg)
	require.NoError(t, err)
	var p redpin.CreatePaymentRequest
	require.NoError(t, json.Unmarshal(mergePatch(t, redpinPayment, `{"amount":{"currency":"USD","value":1500.00},`+
		`"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"USD","value":1500.00}}]}`), &p))
	ps := checker.CheckCreatePayment(&p, rules.Env{Today: today})
	require.Len(t, ps, 1)
	assert.Equal(t, rules.RulePayoutCurrency, ps[0].Code)

	_, err = base.WithPayoutCurrencies(currencies(t, `{"payout_currencies":["EUR","CNH"]}`))
	assert.ErrorIs(t, err, rules.ErrConfig, "CNH is not in the ISO table")
	withCNH, err := rules.LoadConfig([]byte("currencies:\n  - {code: CNH, minorUnits: 2}\n"))
	require.NoError(t, err)
	cfg, err = withCNH.WithPayoutCurrencies(currencies(t, `{"payout_currencies":["EUR","CNH"]}`))
	require.NoError(t, err, "a currency the configuration adds is accepted")
	assert.Equal(t, []string{"EUR", "CNH"}, cfg.PayoutCurrencies)
	_, err = base.WithPayoutCurrencies(currencies(t, `{"payout_currencies":[]}`))
	assert.ErrorIs(t, err, rules.ErrConfig)
}

func TestReferenceConfigYAMLLoads(t *testing.T) {
	p := purposes(t, `{"transaction_purposes":[{"code":"PROPERTY_PURCHASE"},{"code":"A: B #1"}]}`)
	c := currencies(t, `{"payout_currencies":["AED","EUR"]}`)
	out, err := rules.ReferenceConfigYAML(&p, &c)
	require.NoError(t, err)
	cfg, err := rules.LoadConfig(out)
	require.NoError(t, err, "%s", out)
	assert.Equal(t, []string{"PROPERTY_PURCHASE", "A: B #1"}, cfg.PurposeCodes, "codes survive YAML quoting")
	assert.Equal(t, []string{"AED", "EUR"}, cfg.PayoutCurrencies)
	assert.Equal(t, rules.DefaultConfig().Speeds, cfg.Speeds, "the section leaves the rest to the defaults")

	out, err = rules.ReferenceConfigYAML(nil, &c)
	require.NoError(t, err)
	cfg, err = rules.LoadConfig(out)
	require.NoError(t, err)
	assert.Empty(t, cfg.PurposeCodes)
	assert.Equal(t, []string{"AED", "EUR"}, cfg.PayoutCurrencies)

	bad := currencies(t, `{"payout_currencies":["ZZZ"]}`)
	_, err = rules.ReferenceConfigYAML(nil, &bad)
	assert.ErrorIs(t, err, rules.ErrConfig)
}

func TestRedpinConfigurationSections(t *testing.T) {
	def := rules.DefaultConfig()
	assert.Equal(t, map[string][]string{"BRL": {"tax_id"}}, def.RecipientAdditionalDetails, "the changelog's BRL tax_id is the default")
	assert.Empty(t, def.PayoutCurrencies)
	assert.Empty(t, def.FundingCurrencies)

	cfg, err := rules.LoadConfig([]byte("payoutCurrencies: [GBP]\nfundingCurrencies:\n  CUST-1: GBP\n  \"*\": EUR\n" +
		"recipientAdditionalDetails:\n  INR: [purpose_code]\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"GBP"}, cfg.PayoutCurrencies)
	assert.Equal(t, map[string]string{"CUST-1": "GBP", "*": "EUR"}, cfg.FundingCurrencies)
	assert.Equal(t, map[string][]string{"BRL": {"tax_id"}, "INR": {"purpose_code"}}, cfg.RecipientAdditionalDetails,
		"a given section lays its entries over the default's")

	replaced, err := rules.LoadConfig([]byte("recipientAdditionalDetails:\n  replace: true\n  INR: [purpose_code]\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"INR": {"purpose_code"}}, replaced.RecipientAdditionalDetails, "replace: true replaces it")

	again, err := rules.LoadConfig([]byte("speeds:\n  Wire: [FEDWIRE]\n"))
	require.NoError(t, err)
	assert.Equal(t, def.RecipientAdditionalDetails, again.RecipientAdditionalDetails, "sections not given keep the defaults")
}

// FuzzReferenceConfigYAML: whatever codes Redpin's answer holds, the
// configuration section written from it loads back with the same codes,
// or the answer is refused.
func FuzzReferenceConfigYAML(f *testing.F) {
	f.Add("PROPERTY_PURCHASE", "SUPPLIER_PAYMENT")
	f.Add("A: B #1", "- [x]")
	f.Add("'quoted'", "\"double\" \\ back")
	f.Add("tab\there", "line\nbreak")
	f.Add("null", "~")
	f.Add("yes", "0x1F")
	f.Fuzz(func(t *testing.T, a, b string) {
		list := redpin.TransactionPurposeList{TransactionPurposes: []redpin.TransactionPurpose{{Code: a}, {Code: b}}}
		b1, err := json.Marshal(list)
		require.NoError(t, err)
		list = decodeAs[redpin.TransactionPurposeList](t, string(b1)) // as it arrives: valid UTF-8
		out, err := rules.ReferenceConfigYAML(&list, nil)
		if err != nil {
			require.ErrorIs(t, err, rules.ErrConfig)
			return
		}
		cfg, err := rules.LoadConfig(out)
		require.NoError(t, err, "%q", out)
		want, err := rules.DefaultConfig().WithTransactionPurposes(list)
		require.NoError(t, err)
		assert.Equal(t, want.PurposeCodes, cfg.PurposeCodes)
	})
}
