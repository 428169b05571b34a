package validate_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/internal/cputime"
	"github.com/payspec/payspec/validate"
)

// benchValidate measures schema validation of a request (no rail rules).
func benchValidate(b *testing.B, opID string, req validate.Request, wantErrors bool) {
	benchEngine(b, engine(b), opID, req, wantErrors)
}

// benchEngine measures full request validation with the given engine.
func benchEngine(b *testing.B, e *validate.Engine, opID string, req validate.Request, wantErrors bool) {
	ctx := context.Background()
	b.SetBytes(int64(len(req.Body)))
	b.ReportAllocs()
	start := cputime.Start()
	for b.Loop() {
		ps, err := e.ValidateRequest(ctx, opID, req)
		if err != nil || ps.HasErrors() != wantErrors {
			b.Fatalf("unexpected result: %v %v", err, ps)
		}
	}
	cputime.Report(b, start)
}

// benchUnmarshal is the baseline: decoding the same body into the
// generated type, with no validation at all.
func benchUnmarshal[T any](b *testing.B, body []byte) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	start := cputime.Start()
	for b.Loop() {
		var v T
		if err := json.Unmarshal(body, &v); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, start)
}

func BenchmarkCreditPaymentV4Valid(b *testing.B) {
	benchValidate(b, "createCreditPaymentV4", validate.Request{Header: jsonHeader(), Body: v4Fedwire(b)}, false)
}

func BenchmarkCreditPaymentV4ValidBaseline(b *testing.B) {
	benchUnmarshal[finzly.CreditPaymentInstruction](b, v4Fedwire(b))
}

func BenchmarkCreditPaymentV4Invalid(b *testing.B) {
	benchValidate(b, "createCreditPaymentV4", validate.Request{Header: jsonHeader(), Body: []byte(v4Invalid)}, true)
}

// The invalid body cannot be decoded into the generated type (a name is a
// number), so its baseline decodes into a generic value of the same size.
func BenchmarkCreditPaymentV4InvalidBaseline(b *testing.B) {
	benchUnmarshal[map[string]any](b, []byte(v4Invalid))
}

func BenchmarkRedpinPaymentValid(b *testing.B) {
	benchValidate(b, "createPayment", validate.Request{
		PathParams: map[string]string{"customer_id": "C-100245"},
		Header:     jsonHeader(), Body: redpinPayment(b),
	}, false)
}

func BenchmarkRedpinPaymentValidBaseline(b *testing.B) {
	benchUnmarshal[redpin.CreatePaymentRequest](b, redpinPayment(b))
}

// beforeTheExample dates the engine just before the example's paymentDate
// (Monday 23 November 2026), so the rail rules find nothing.
var beforeTheExample = validate.WithClock(func() time.Time { return time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC) })

// Schema plus rail rules, the full default check.
func BenchmarkCreditPaymentV4ValidWithRules(b *testing.B) {
	benchEngine(b, newEngine(b, beforeTheExample), "createCreditPaymentV4",
		validate.Request{Header: jsonHeader(), Body: v4Fedwire(b)}, false)
}

func BenchmarkRedpinPaymentValidWithRules(b *testing.B) {
	benchEngine(b, newEngine(b, beforeTheExample), "createPayment", validate.Request{
		PathParams: map[string]string{"customer_id": "C-100245"},
		Header:     jsonHeader(), Body: redpinPayment(b),
	}, false)
}

// BenchmarkNew measures building an engine with the default options (both
// specs, rail rules), as every process that validates pays once.
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	start := cputime.Start()
	for b.Loop() {
		if _, err := validate.New(ctx); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, start)
}

// BenchmarkNewFirstRequest measures a new engine judging its first
// request, schema and rules: what a CLI run over one file pays before it
// can answer.
func BenchmarkNewFirstRequest(b *testing.B) {
	ctx := context.Background()
	req := validate.Request{Header: jsonHeader(), Body: v4Fedwire(b)}
	b.ReportAllocs()
	start := cputime.Start()
	for b.Loop() {
		e, err := validate.New(ctx, beforeTheExample)
		if err != nil {
			b.Fatal(err)
		}
		if ps, err := e.ValidateRequest(ctx, "createCreditPaymentV4", req); err != nil || ps.HasErrors() {
			b.Fatalf("unexpected result: %v %v", err, ps)
		}
	}
	cputime.Report(b, start)
}
