package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/money"
)

func TestEveryComponentSchemaHasAGeneratedType(t *testing.T) {
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		types := spectest.GeneratedTypes(p)
		for name := range doc.Components.Schemas {
			assert.Contains(t, types, name, "%s schema %s is missing from the type table", p, name)
		}
		for name := range types {
			assert.Contains(t, doc.Components.Schemas, name, "%s type table names unknown schema %s", p, name)
		}
	}
}

// TestEveryExampleRoundTripsThroughItsGeneratedType decodes each example
// into its generated Go type, refusing any member the type does not know,
// encodes it again and requires the same JSON back, numbers as written.
func TestEveryExampleRoundTripsThroughItsGeneratedType(t *testing.T) {
	total := 0
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		types := spectest.GeneratedTypes(p)
		for _, e := range spectest.Examples(t, p) {
			t.Run(e.String(), func(t *testing.T) {
				name := spectest.SchemaName(t, doc, e)
				newT, ok := types[name]
				require.True(t, ok, "no generated type for schema %s", name)
				v := newT()
				dec := json.NewDecoder(bytes.NewReader(e.JSON))
				dec.DisallowUnknownFields()
				require.NoError(t, dec.Decode(v), "example decodes into %T with no unknown member", v)
				out, err := json.Marshal(v)
				require.NoError(t, err)
				same, diff, err := spectest.EquivalentJSON(e.JSON, out)
				require.NoError(t, err)
				assert.True(t, same, "round trip through %T changed the example:\n%s", v, diff)
			})
			total++
		}
	}
	assert.Greater(t, total, 60, "examples found")
}

func TestAmountRoundTripsByteForByte(t *testing.T) {
	in := []byte(`{"externalReferenceId":"INV-1","paymentAmount":1234567.89,"paymentCurrency":"USD",` +
		`"sender":{"accountUID":100245},"speed":"Express","fee":{"amount":25.00}}`)
	var p finzly.CreditPaymentInstruction
	require.NoError(t, json.Unmarshal(in, &p))
	assert.Equal(t, "1234567.89", p.PaymentAmount.String())
	assert.True(t, p.PaymentAmount.Equal(money.FromMinorUnits(123456789, 2)))
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"paymentAmount":1234567.89`)
	assert.Contains(t, string(out), `"amount":25.00`, "trailing zeros are kept")

	var q redpin.CreatePaymentRequest
	require.NoError(t, json.Unmarshal([]byte(`{"purpose_of_transaction":"X","amount":{"currency":"GBP","value":50000.00},"recipient_details":[]}`), &q))
	out, err = json.Marshal(q)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"value":50000.00`)
}

func TestAmountAsStringIsRefusedByGeneratedType(t *testing.T) {
	var p finzly.CreditPaymentInstruction
	err := json.Unmarshal([]byte(`{"paymentAmount":"1234567.89"}`), &p)
	require.Error(t, err)
	assert.ErrorIs(t, err, money.ErrSyntax)
}

// floatType matches any use of a binary floating-point type.
var floatType = regexp.MustCompile(`\bfloat(32|64)\b`)

func TestGeneratedCodeHasNoFloatingPoint(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "gen", "*", "*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for i, line := range strings.Split(string(b), "\n") {
			assert.NotRegexp(t, floatType, line, "%s:%d", f, i+1)
		}
	}
}

// TestOpenObjectsKeepUnknownMembersExactly covers the objects whose members
// the provider does not publish: unknown members, numbers included, must
// come back byte for byte rather than through float64.
func TestOpenObjectsKeepUnknownMembersExactly(t *testing.T) {
	in := []byte(`{"payment_method":"domestic_transfer","amount":{"currency":"GBP","value":1000.45},` +
		`"account_details":{"sort_code":"401276","limit":10.50,"nested":{"big":12345678901234567890.10}},` +
		`"payment_reference":{"reference":"RP1000517"}}`)
	var v redpin.BankTransferInstructions
	require.NoError(t, json.Unmarshal(in, &v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"limit":10.50`)
	assert.Contains(t, string(out), `"big":12345678901234567890.10`)

	details := []byte(`{"payment_id":"p1","instruction_number":"i1","status":"PAYOUT_CREDITED",` +
		`"payouts":[{"recipient_id":"r1","amount":{"currency":"EUR","value":10.10},"fee":0.50}]}`)
	var d redpin.PaymentDetails
	require.NoError(t, json.Unmarshal(details, &d))
	out, err = json.Marshal(d)
	require.NoError(t, err)
	same, diff, err := spectest.EquivalentJSON(details, out)
	require.NoError(t, err)
	assert.True(t, same, diff)
	assert.Contains(t, string(out), `"fee":0.50`)
}

// TestRedpinOpenObjectsKeepUnknownMembersExactly covers the Redpin objects
// kept open because their pages show only some members: a member payspec
// does not know, numbers included, comes back byte for byte.
func TestRedpinOpenObjectsKeepUnknownMembersExactly(t *testing.T) {
	cases := []struct {
		name string
		in   string
		into any
	}{
		{"third-party property", `{"property_ref":"P-1","property_purchase_amount":{"currency":"USD","value":10000.50},"deposit_percent":12.50,"handover":{"year":2031}}`,
			new(redpin.ThirdPartyProperty)},
		{"session item", `{"item_ref":"PLOT-14","amount":{"currency":"AED","value":36725.00},"item_type":"PROPERTY","fee":0.10}`,
			new(redpin.SessionItem)},
		{"currencies answer", `{"payout_currencies":["AED","EUR"],"sell_currencies":[{"code":"GBP","decimals":2}],"rate":1.10000}`,
			new(redpin.CurrencyList)},
		{"flat webhook data", `{"amount":{"currency":"GBP","value":8583.10},"fx_rate":1.16510,"recipient_id":"R-1"}`,
			new(redpinwebhook.PaymentStatusData)},
		{"envelope webhook data", `{"payment_id":"P","status":"REFUNDED","customer_id":"C","refund_amount":{"currency":"GBP","value":1.00},"charge":0.25}`,
			new(redpinwebhook.PaymentStatusEnvelopeData)},
		{"third-party rejection", `{"event_id":"e","event_timestamp":"2025-02-03T09:30:00Z","customer_id":"C","client_customer_ref":"T","status":"REJECTED","data":{"reasons":[{"code":"X","reason":"y"}],"score":0.950}}`,
			new(redpinwebhook.ThirdPartyCustomerStatusEvent)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, json.Unmarshal([]byte(tc.in), tc.into))
			out, err := json.Marshal(tc.into)
			require.NoError(t, err)
			same, diff, err := spectest.EquivalentJSON([]byte(tc.in), out)
			require.NoError(t, err)
			assert.True(t, same, diff)
		})
	}
}
