package jsonwrite

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/internal/strictjson"
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
	for _, n := range []int{2, 13, smallObject, smallObject + 1, 300} { // both ways of ordering members
		wide := map[string]any{}
		for i := range n {
			wide[fmt.Sprintf("k%d", (i*7919)%n)] = i
			wide[fmt.Sprintf("k%d/", (i*7919)%n)] = nil
		}
		values = append(values, wide)
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := Marshal(v)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%#v", v)
	}
}

func TestMarshalReportsWhatEncodingJSONCannotWrite(t *testing.T) {
	_, err := Marshal(map[string]any{"a": []any{func() {}}})
	assert.Error(t, err)
}

func TestAppendTellsATreeFromOtherValues(t *testing.T) {
	for _, tc := range []struct {
		name  string
		v     any
		tree  bool
		depth int
	}{
		{"scalar", "x", true, 0},
		{"null", nil, true, 0},
		{"number", json.Number("-1.50e3"), true, 0},
		{"nested", map[string]any{"a": []any{map[string]any{"b": true}}}, true, 3},
		{"empty containers", []any{map[string]any{}, []any{}}, true, 2},
		{"an int is no tree", map[string]any{"a": 1}, false, 1},
		{"an amount is no tree", []any{money.MustParse("1.00")}, false, 1},
		{"a nil map is no tree", map[string]any{"a": map[string]any(nil)}, false, 1},
		{"a nil slice is no tree", []any{[]any(nil)}, false, 1},
		{"an empty number is no tree", json.Number(""), false, 0},
		{"invalid UTF-8 in a value", []any{"a\xffb"}, false, 1},
		{"invalid UTF-8 in a name", map[string]any{"\xff": "a"}, false, 1},
		{"a struct is no tree", struct{ A string }{"a"}, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, shape, err := Append(nil, tc.v)
			require.NoError(t, err)
			assert.Equal(t, Shape{Tree: tc.tree, Depth: tc.depth}, shape)
			assert.Equal(t, tc.tree, IsTree(tc.v), "IsTree agrees with Append")
		})
	}
}

func TestAppendRefusesANumberThatIsNoLiteral(t *testing.T) {
	for _, n := range []json.Number{"1.", "+1", "0x10", "NaN", "1 ", "01"} {
		_, _, err := Append(nil, []any{n})
		assert.ErrorIs(t, err, ErrNumber, "%q", n)
		_, jerr := json.Marshal(n)
		assert.Error(t, jerr, "encoding/json refuses %q too", n)
	}
}

func TestAppendRefusesACycle(t *testing.T) {
	m := map[string]any{}
	m["self"] = m
	_, _, err := Append(nil, m)
	assert.ErrorIs(t, err, ErrTooDeep)
	assert.False(t, IsTree(m))
	s := []any{nil}
	s[0] = s
	_, _, err = Append(nil, s)
	assert.ErrorIs(t, err, ErrTooDeep)

	deep := any("x")
	for range MaxNesting {
		deep = []any{deep}
	}
	_, shape, err := Append(nil, deep)
	require.NoError(t, err, "nesting up to the bound is written")
	assert.Equal(t, MaxNesting, shape.Depth)
}

// FuzzTreeReadsBack reads a document strictly, writes it back and reads
// that again: a tree the strict reader made is always a tree, and reading
// what was written gives the same value.
func FuzzTreeReadsBack(f *testing.F) {
	for _, s := range []string{`{"a":[1,"x",null,true,{"b":-0.5e-3}]}`, `"\u2028<&>"`, `[]`, `{"\u00e9":"caf\u00e9"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := strictjson.Parse(data, 0)
		if err != nil {
			return
		}
		out, shape, err := Append(nil, v)
		require.NoError(t, err)
		require.True(t, shape.Tree)
		require.True(t, IsTree(v))
		back, err := strictjson.Parse(out, 0)
		require.NoError(t, err, "%s", out)
		require.Equal(t, v, back)
		want, err := json.Marshal(v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(out), "encoding/json's bytes")
	})
}

func FuzzMarshalString(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := map[string]any{s: []any{s, int64(len(s))}}
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := Marshal(v)
		require.NoError(t, err)
		if string(got) != string(want) {
			t.Fatalf("Marshal(%q) = %s, want %s", s, got, want)
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
	b.Run("jsonwrite", func(b *testing.B) {
		for b.Loop() {
			_, _ = Marshal(v)
		}
	})
}
