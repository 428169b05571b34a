package validate_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/validate"
)

var (
	engineOnce sync.Once
	engineVal  *validate.Engine
	engineErr  error
)

// engine returns an engine that checks the schema only (the rail rules
// have their own tests), built once per test binary; it is safe to share
// because an Engine is immutable.
func engine(tb testing.TB) *validate.Engine {
	tb.Helper()
	engineOnce.Do(func() { engineVal, engineErr = validate.New(context.Background(), validate.WithoutRules()) })
	if engineErr != nil {
		tb.Fatalf("validate.New: %v", engineErr)
	}
	return engineVal
}

// newEngine builds an engine with options, for tests that need them.
func newEngine(tb testing.TB, opts ...validate.Option) *validate.Engine {
	tb.Helper()
	e, err := validate.New(context.Background(), opts...)
	if err != nil {
		tb.Fatalf("validate.New: %v", err)
	}
	return e
}

// requestExample returns the named request example of an operation.
func requestExample(tb testing.TB, p api.Provider, opID, name string) []byte {
	tb.Helper()
	for _, ex := range spectest.Examples(tb, p) {
		if ex.Kind == spectest.KindRequest && ex.OperationID == opID && ex.Name == name {
			return ex.JSON
		}
	}
	tb.Fatalf("no request example %q for %s", name, opID)
	return nil
}

// jsonHeader is the header of a JSON request.
func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}}
}

// v4Fedwire is the spec's Fedwire example of createCreditPaymentV4.
func v4Fedwire(tb testing.TB) []byte {
	return requestExample(tb, api.ProviderFinzly, "createCreditPaymentV4", "fedwireSenderNotInCrm")
}

// v4Invalid is a v4 credit payment with several faults: a bad speed, an
// over-long note, a wrong type, a sender fitting neither variant and a
// missing currency.
const v4Invalid = `{
  "externalReferenceId": "INV-77812",
  "paymentAmount": 1234567.89,
  "paymentDate": "11-23-2026",
  "speed": "Express!",
  "paymentNotes": "` + longNote + `",
  "sender": {"name": 42},
  "receiver": {"accountNumber": "009182736455", "accountCurrency": "USD", "name": "Cascade Steel Supply Inc",
    "bank": {"bankIdType": "NID", "bankId": "121000248"}}
}`

const longNote = "0123456789012345678901234567890123456789012345678901234567890123456789" +
	"0123456789012345678901234567890123456789012345678901234567890123456789X"

// redpinPayment is the spec's example of Redpin createPayment.
func redpinPayment(tb testing.TB) []byte {
	tb.Helper()
	for _, ex := range spectest.Examples(tb, api.ProviderRedpin) {
		if ex.Kind == spectest.KindRequest && ex.OperationID == "createPayment" {
			return ex.JSON
		}
	}
	tb.Fatal("no createPayment request example")
	return nil
}
