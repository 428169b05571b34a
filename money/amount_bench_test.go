package money_test

import (
	"encoding/json"
	"testing"

	"github.com/payspec/payspec/money"
)

// BenchmarkUnmarshalJSON measures reading one amount from its JSON literal.
func BenchmarkUnmarshalJSON(b *testing.B) {
	in := []byte("1234567.89")
	b.ReportAllocs()
	for b.Loop() {
		var a money.Amount
		if err := a.UnmarshalJSON(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarshalJSON measures writing one amount back.
func BenchmarkMarshalJSON(b *testing.B) {
	a := money.MustParse("1234567.89")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStructRoundTrip decodes and re-encodes a small payment with an
// Amount field, as a generated type does.
func BenchmarkStructRoundTrip(b *testing.B) {
	in := []byte(`{"paymentAmount":1234567.89,"paymentCurrency":"USD"}`)
	b.ReportAllocs()
	for b.Loop() {
		var v struct {
			PaymentAmount   money.Amount `json:"paymentAmount"`
			PaymentCurrency string       `json:"paymentCurrency"`
		}
		if err := json.Unmarshal(in, &v); err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}
