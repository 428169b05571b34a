package respond

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/money"
)

// tricky strings: every escape encoding/json makes.
var tricky = []string{"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "\b\f\n\r\t\x00\x01\x1f\x7f",
	"caf\u00e9 \u2028 \u2029 \U0001F600", "bad \xff utf-8 \xc3", "end \xe2\x80"}

func TestMarshalIsEncodingJSONs(t *testing.T) {
	values := []any{nil, true, false, 0, -42, int32(7), int64(1) << 62, money.MustParse("1234567.89"), money.Amount{},
		map[string]any(nil), []any(nil), map[string]any{}, []any{},
		time.Date(2030, 3, 1, 9, 30, 0, 0, time.UTC), 1.5, []string{"a"}, struct{ A int }{1}}
	for _, s := range tricky {
		values = append(values, s)
	}
	nested := map[string]any{"z": 1, "a": values, "m": map[string]any{"<k>": tricky, "b\xff": nil}, "é": "x"}
	values = append(values, nested, []any{nested, nested})
	for _, v := range values {
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := marshal(v)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%#v", v)
	}
}

func TestMarshalReportsWhatEncodingJSONCannotWrite(t *testing.T) {
	_, err := marshal(map[string]any{"a": []any{func() {}}})
	assert.Error(t, err)
}

func FuzzMarshalString(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := map[string]any{s: []any{s, int64(len(s))}}
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := marshal(v)
		require.NoError(t, err)
		if string(got) != string(want) {
			t.Fatalf("marshal(%q) = %s, want %s", s, got, want)
		}
	})
}

// BenchmarkMarshalRecord writes a payment as getPayment answers it.
func BenchmarkMarshalRecord(b *testing.B) {
	v := map[string]any{"status": "Success", "data": map[string]any{
		"paymentUID": int64(377300), "externalReferenceId": "INV-2030-0315", "paymentDate": "03-15-2030",
		"senderCurrency": "USD", "receiverAmount": money.MustParse("1234567.89"), "receiverCurrency": "USD",
		"deliveryMethod": "FEDWIRE", "wireType": "OUTGOING_PAYMENT", "entryType": "CREDIT", "status": "FUTURE_DATED",
		"displayStatus": "Scheduled", "createdBy": "sandbox", "creationDateTime": "2030-03-01T09:30:00-05:00",
		"channel": "API", "senderAmount": "1234567.89", "senderName": "Harbor Freight Logistics LLC",
		"senderAccountNumber": "000123456789", "senderBankId": "021000021", "senderBankIdType": "ABA",
		"receiverName": "Northwind Traders Inc", "receiverAccountNumber": "987654321", "receiverBankId": "026009593",
		"receiverBankIdType": "ABA", "receiverBankName": "Bank of America", "receiverAddress1": "1 Main St",
		"receiverCity": "Charlotte", "receiverState": "NC", "receiverZip": "28202", "receiverCountry": "US"}}
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			_, _ = json.Marshal(v)
		}
	})
	b.Run("respond", func(b *testing.B) {
		for b.Loop() {
			_, _ = marshal(v)
		}
	})
}
