package tests

import (
	"encoding/json"
	"testing"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/internal/spectest"
)

// v4Example returns the Fedwire example of createCreditPaymentV4 as JSON.
func v4Example(tb testing.TB) []byte {
	tb.Helper()
	for _, e := range spectest.Examples(tb, api.ProviderFinzly) {
		if e.OperationID == "createCreditPaymentV4" && e.Name == "fedwireSenderNotInCrm" {
			return e.JSON
		}
	}
	tb.Fatal("v4 Fedwire example not found")
	return nil
}

// BenchmarkCreditPaymentV4RoundTrip decodes the v4 Fedwire example into the
// generated type and encodes it again: the cost a client pays per payment.
func BenchmarkCreditPaymentV4RoundTrip(b *testing.B) {
	in := v4Example(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		var p finzly.CreditPaymentInstruction
		if err := json.Unmarshal(in, &p); err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(p); err != nil {
			b.Fatal(err)
		}
	}
}
