package validate_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/validate"
)

// finding is the part of a problem most tests compare.
type finding struct {
	Pointer  string
	Code     string
	Severity validate.Severity
}

func findings(ps validate.Problems) []finding {
	out := make([]finding, len(ps))
	for i, p := range ps {
		out[i] = finding{p.Pointer, p.Code, p.Severity}
	}
	return out
}

func errorAt(ptr, code string) finding { return finding{ptr, code, validate.SeverityError} }
func warningAt(ptr, code string) finding {
	return finding{ptr, code, validate.SeverityWarning}
}

// v4With returns the Fedwire example with one member of the root replaced
// (or removed when value is nil).
func v4With(tb testing.TB, member string, value any) []byte {
	tb.Helper()
	var m map[string]json.RawMessage
	require.NoError(tb, json.Unmarshal(v4Fedwire(tb), &m))
	if value == nil {
		delete(m, member)
	} else {
		raw, ok := value.(json.RawMessage)
		if !ok {
			var err error
			raw, err = json.Marshal(value)
			require.NoError(tb, err)
		}
		m[member] = raw
	}
	b, err := json.Marshal(m)
	require.NoError(tb, err)
	return b
}

func validateV4(tb testing.TB, e *validate.Engine, body []byte) validate.Problems {
	tb.Helper()
	ps, err := e.ValidateRequest(context.Background(), "createCreditPaymentV4",
		validate.Request{Header: jsonHeader(), Body: body})
	require.NoError(tb, err)
	return ps
}

func TestValidExampleHasNoProblems(t *testing.T) {
	assert.Empty(t, validateV4(t, engine(t), v4Fedwire(t)))
}

func TestAmbiguousJSONIsRefused(t *testing.T) {
	e := newEngine(t, validate.WithMaxBodyBytes(4096), validate.WithMaxDepth(8))
	deep := strings.Repeat(`{"x":`, 9) + "1" + strings.Repeat("}", 9)
	cases := []struct {
		name string
		body string
		want finding
	}{
		{"duplicate key at the root", `{"speed":"Express","speed":"Instant"}`, errorAt("/speed", validate.CodeDuplicateKey)},
		{"duplicate key nested", `{"sender":{"name":"A","name":"B"}}`, errorAt("/sender/name", validate.CodeDuplicateKey)},
		{"case twin beside the property", `{"paymentAmount":1,"PaymentAmount":2}`, errorAt("/PaymentAmount", validate.CodeAmbiguousKeyCase)},
		{"case twin alone", `{"PAYMENTAMOUNT":1}`, errorAt("/PAYMENTAMOUNT", validate.CodeAmbiguousKeyCase)},
		{"case twin nested", `{"sender":{"Name":"A"}}`, errorAt("/sender/Name", validate.CodeAmbiguousKeyCase)},
		{"case twin by Unicode folding", "{\"\u017fpeed\":\"Express\"}", errorAt("/\u017fpeed", validate.CodeAmbiguousKeyCase)},
		{"invalid UTF-8", "{\"paymentNotes\":\"caf\xe9\"}", errorAt("/paymentNotes", validate.CodeInvalidUTF8)},
		{"unpaired surrogate", `{"paymentNotes":"\ud800"}`, errorAt("/paymentNotes", validate.CodeInvalidUTF8)},
		{"trailing data", `{"speed":"Express"} x`, errorAt("", validate.CodeTrailingData)},
		{"two documents", `{} {}`, errorAt("", validate.CodeTrailingData)},
		{"not JSON", `speed=Express`, errorAt("", validate.CodeInvalidJSON)},
		{"too deep", `{"additionalInfo":` + deep + `}`, errorAt("/additionalInfo/x/x/x/x/x/x/x", validate.CodeTooDeep)},
		{"too large", `{"paymentNotes":"` + strings.Repeat("a", 5000) + `"}`, errorAt("", validate.CodeBodyTooLarge)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps := validateV4(t, e, []byte(tc.body))
			assert.Contains(t, findings(ps), tc.want)
			assert.True(t, ps.HasErrors())
		})
	}
}

func TestUnknownPropertyIsAWarningUnlessStrict(t *testing.T) {
	body := v4With(t, "memo", "hello")
	assert.Equal(t, []finding{warningAt("/memo", validate.CodeUnknownProperty)}, findings(validateV4(t, engine(t), body)))
	strict := newEngine(t, validate.WithStrict(true), validate.WithoutRules())
	assert.Equal(t, []finding{errorAt("/memo", validate.CodeUnknownProperty)}, findings(validateV4(t, strict, body)))
}

func TestNumbersAreJudgedExactly(t *testing.T) {
	cases := []struct {
		name   string
		member string
		value  string
		want   []finding
	}{
		{"fee at its maximum", "fee", `{"amount":10000000}`, nil},
		{"fee a hair above the maximum", "fee", `{"amount":10000000.000000001}`, []finding{errorAt("/fee/amount", validate.CodeMaximum)}},
		{"fee of zero (exclusive minimum)", "fee", `{"amount":0}`, []finding{errorAt("/fee/amount", validate.CodeMinimum)}},
		{"tiny positive fee", "fee", `{"amount":0.0000000000000000000001}`, nil},
		{"tiny negative amount", "paymentAmount", `-1e-30`, []finding{errorAt("/paymentAmount", validate.CodeMinimum)}},
		{"amount beyond exact range", "paymentAmount", `1e400`, []finding{errorAt("/paymentAmount", validate.CodeNumberRange)}},
		{"trailing zeros are fine", "paymentAmount", `25.000`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps := validateV4(t, engine(t), v4With(t, tc.member, json.RawMessage(tc.value)))
			assert.Equal(t, tc.want, nilIfEmpty(findings(ps)))
		})
	}
}

func TestIntegersMustBeWrittenAsIntegers(t *testing.T) {
	cases := []struct {
		uid  string
		want []finding
	}{
		{`100245`, nil},
		{`100245.0`, []finding{errorAt("/sender/accountUID", validate.CodeType)}},
		{`1e5`, []finding{errorAt("/sender/accountUID", validate.CodeType)}},
		{`9223372036854775807`, nil},
		{`9223372036854775808`, []finding{errorAt("/sender/accountUID", validate.CodeNumberRange)}},
	}
	for _, tc := range cases {
		t.Run(tc.uid, func(t *testing.T) {
			ps := validateV4(t, engine(t), v4With(t, "sender", json.RawMessage(`{"accountUID":`+tc.uid+`}`)))
			assert.Equal(t, tc.want, nilIfEmpty(findings(ps)))
		})
	}
}

func nilIfEmpty(f []finding) []finding {
	if len(f) == 0 {
		return nil
	}
	return f
}

func TestVariantFailureStillReportsFieldProblems(t *testing.T) {
	// A sender that fits neither variant and also has a bad account type.
	ps := validateV4(t, engine(t), v4With(t, "sender", json.RawMessage(`{"accountType":"Savings"}`)))
	got := findings(ps)
	assert.Contains(t, got, errorAt("/sender", validate.CodeAnyOf))
	assert.Contains(t, got, errorAt("/sender/accountType", validate.CodeEnum))
	for _, p := range ps {
		if p.Code == validate.CodeAnyOf {
			// The closest variant first, with what it lacks.
			assert.Equal(t, "must match at least one of its variants: add accountUID (Sender in CRM), "+
				"or accountNumber, address, bankId, bankIdType, entityType and name (Sender not in CRM)", p.Message)
		}
	}
}

func TestMessagesNeverEchoTheValue(t *testing.T) {
	const secret = "SECRET4111111111111111"
	body := `{"externalReferenceId":"` + secret + `/","paymentAmount":"` + secret + `","paymentCurrency":"` + secret +
		`","speed":"` + secret + `!","paymentNotes":"` + strings.Repeat(secret, 10) + `","sender":{"accountType":"` + secret + `"},` +
		`"receiver":{"beneficiaryId":"` + secret + `"}}`
	ps := validateV4(t, engine(t), []byte(body))
	require.GreaterOrEqual(t, len(ps), 6)
	for _, p := range ps {
		assert.NotContains(t, p.Message, secret, "%v", p)
	}
	assert.NotContains(t, ps.Error(), secret)
}

func TestContentType(t *testing.T) {
	cases := []struct {
		header string
		want   []finding
	}{
		{"application/json", nil},
		{"application/json; charset=utf-8", nil},
		{"Application/JSON", nil},
		{"", []finding{errorAt("/header/Content-Type", validate.CodeRequired)}},
		{"text/plain", []finding{errorAt("/header/Content-Type", validate.CodeUnsupportedMedia)}},
		{"application/json; charset=latin1", []finding{errorAt("/header/Content-Type", validate.CodeUnsupportedMedia)}},
		{"application/json; =", []finding{errorAt("/header/Content-Type", validate.CodeUnsupportedMedia)}},
	}
	for _, tc := range cases {
		t.Run(tc.header, func(t *testing.T) {
			h := http.Header{}
			if tc.header != "" {
				h.Set("Content-Type", tc.header)
			}
			ps, err := engine(t).ValidateRequest(context.Background(), "createCreditPaymentV4",
				validate.Request{Header: h, Body: v4Fedwire(t)})
			require.NoError(t, err)
			assert.Equal(t, tc.want, nilIfEmpty(findings(ps)))
		})
	}
}

func TestParameters(t *testing.T) {
	ctx := context.Background()
	e := engine(t)
	cases := []struct {
		name string
		op   string
		req  validate.Request
		want []finding
	}{
		{"idempotency key not a uuid", "createCreditPaymentV4",
			validate.Request{Header: http.Header{"Content-Type": {"application/json"}, "Idempotent-Key": {"not-a-uuid"}}, Body: v4Fedwire(t)},
			[]finding{errorAt("/header/Idempotent-Key", validate.CodeFormat)}},
		{"idempotency key a uuid", "createCreditPaymentV4",
			validate.Request{Header: http.Header{"Content-Type": {"application/json"}, "Idempotent-Key": {"0b8e2a4c-54a4-4a8e-9a51-3d3f0f6f2d11"}}, Body: v4Fedwire(t)},
			nil},
		{"missing path parameter", "getPaymentDetails",
			validate.Request{PathParams: map[string]string{"customer_id": "C-100245"}},
			[]finding{errorAt("/path/payment_id", validate.CodeRequired)}},
		{"missing query parameter", "getBankTransferInstructions",
			validate.Request{PathParams: map[string]string{"customer_id": "C-100245", "payment_id": "P-1"}},
			[]finding{errorAt("/query/from_country", validate.CodeRequired)}},
		{"body on a lookup", "getPaymentDetails",
			validate.Request{PathParams: map[string]string{"customer_id": "C-100245", "payment_id": "P-1"}, Body: []byte(`{}`)},
			[]finding{warningAt("", validate.CodeUnexpectedBody)}},
		{"missing required body", "createCreditPaymentV4",
			validate.Request{Header: jsonHeader()},
			[]finding{errorAt("", validate.CodeRequired)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := e.ValidateRequest(ctx, tc.op, tc.req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, nilIfEmpty(findings(ps)))
		})
	}
}

func TestResponses(t *testing.T) {
	ctx := context.Background()
	e := engine(t)
	ok := []byte(`{"data":{"paymentUID":"12930","paymentStatus":"INITIATED","recurrenceId":4066},"errors":[]}`)
	cases := []struct {
		name string
		resp validate.Response
		want []finding
	}{
		{"declared and valid", validate.Response{Status: 200, Header: jsonHeader(), Body: ok}, nil},
		{"a status left to the declared default", validate.Response{Status: 299, Header: jsonHeader(), Body: ok}, nil},
		{"missing body", validate.Response{Status: 200, Header: jsonHeader()}, []finding{errorAt("", validate.CodeRequired)}},
		{"wrong member type", validate.Response{Status: 400, Header: jsonHeader(), Body: []byte(`{"data":null,"errors":[{"code":7,"message":"m"}]}`)},
			[]finding{errorAt("/errors/0/code", validate.CodeType)}},
		{"not JSON", validate.Response{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<html>")},
			[]finding{errorAt("", validate.CodeInvalidJSON), errorAt("/header/Content-Type", validate.CodeUnsupportedMedia)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := e.ValidateResponse(ctx, "createCreditPaymentV4", tc.resp)
			require.NoError(t, err)
			assert.Equal(t, tc.want, nilIfEmpty(findings(ps)))
		})
	}
	t.Run("undeclared status", func(t *testing.T) {
		// The waterfall operation declares no default answer.
		ps, err := e.ValidateResponse(ctx, "createWaterfallTransfer", validate.Response{Status: 299, Header: jsonHeader(), Body: ok})
		require.NoError(t, err)
		assert.Equal(t, []finding{errorAt("", validate.CodeUndeclaredStatus)}, nilIfEmpty(findings(ps)))
	})
}

func TestUnknownOperation(t *testing.T) {
	_, err := engine(t).ValidateRequest(context.Background(), "createWire", validate.Request{})
	assert.ErrorIs(t, err, validate.ErrUnknownOperation)
	_, err = engine(t).ValidateResponse(context.Background(), "createWire", validate.Response{Status: 200})
	assert.ErrorIs(t, err, validate.ErrUnknownOperation)
	_, ok := engine(t).Operation("createWire")
	assert.False(t, ok)
}

func TestRoute(t *testing.T) {
	e := engine(t)
	cases := []struct {
		method, path string
		op           string
		params       map[string]string
	}{
		{"POST", "/v4/payments/credit", "createCreditPaymentV4", map[string]string{}},
		{"POST", "/api/openbanking/v3/payments/creditrequest", "createCreditPaymentV3", map[string]string{}},
		{"post", "/v3/payments/search", "searchPayments", map[string]string{}},
		{"GET", "/v3/payments/12930", "getPayment", map[string]string{"paymentUID": "12930"}},
		{"PUT", "/v3/payments/12930/cancel", "cancelPayment", map[string]string{"paymentUID": "12930"}},
		{"GET", "/v3/customers/C%2F1/payments/P-1", "getPaymentDetails", map[string]string{"customer_id": "C/1", "payment_id": "P-1"}},
		{"GET", "/v3/customers/C1/payments/P-1/bank-transfer-instructions", "getBankTransferInstructions",
			map[string]string{"customer_id": "C1", "payment_id": "P-1"}},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			op, params, err := e.Route(tc.method, tc.path)
			require.NoError(t, err)
			assert.Equal(t, tc.op, op.ID)
			assert.Equal(t, tc.params, params)
		})
	}
	for _, bad := range [][2]string{{"DELETE", "/v4/payments/credit"}, {"POST", "/v4/payments/debit"}, {"GET", "/v3/payments/"}, {"GET", "/"}} {
		_, _, err := e.Route(bad[0], bad[1])
		assert.ErrorIs(t, err, validate.ErrUnknownOperation, bad)
	}
}

func TestOperations(t *testing.T) {
	ops := engine(t).Operations()
	declared := 0
	for _, p := range api.Providers() {
		for _, item := range spectest.Load(t, p).Paths.Map() {
			declared += len(item.Operations())
		}
	}
	require.Len(t, ops, declared, "every operation of both specs")
	ids := map[string]validate.Operation{}
	for _, op := range ops {
		ids[op.ID] = op
	}
	assert.Equal(t, "POST", ids["createPayment"].Method)
	assert.Equal(t, "/v3/customers/{customer_id}/payments", ids["createPayment"].Path)
	assert.Contains(t, ids["createPayment"].Parameters, validate.Parameter{Name: "customer_id", In: "path", Required: true})
	assert.Contains(t, ids["createCreditPaymentV4"].Parameters, validate.Parameter{Name: "Idempotent-Key", In: "header"})
	assert.Contains(t, ids["updateRecipientAccount"].Parameters, validate.Parameter{Name: "recipient_id", In: "path", Required: true})
	assert.Equal(t, "/webhooks/payments/payment-status-updated", ids["redpinPaymentStatusEnvelopeWebhook"].Path)
}

func TestProblemsAsError(t *testing.T) {
	ps := validateV4(t, engine(t), []byte(v4Invalid))
	require.True(t, ps.HasErrors())
	err := fmt.Errorf("submitting payment: %w", ps.Err())
	var got validate.Problems
	require.True(t, errors.As(err, &got))
	assert.Equal(t, ps, got)
	assert.Equal(t, len(ps), len(got.Errors())+len(got.Warnings()))

	b, err := json.Marshal(ps)
	require.NoError(t, err)
	var decoded []map[string]string
	require.NoError(t, json.Unmarshal(b, &decoded))
	require.Len(t, decoded, len(ps))
	for _, d := range decoded {
		for _, k := range []string{"pointer", "code", "severity", "message"} {
			assert.Contains(t, d, k)
		}
		if d["code"] == validate.CodePattern {
			assert.Len(t, d, 5, "a PATTERN problem keeps its pattern in detail")
			assert.True(t, strings.HasPrefix(d["detail"], "^"), d["detail"])
		} else {
			assert.Len(t, d, 4, "detail is left out when empty")
		}
	}

	warnOnly := validate.Problems{{Pointer: "/x", Code: validate.CodeUnknownProperty, Severity: validate.SeverityWarning, Message: "m"}}
	assert.NoError(t, warnOnly.Err())
	assert.False(t, warnOnly.HasErrors())
}

func TestProblemsAreOrderedByPointer(t *testing.T) {
	body := `{"recipient_details":[` + strings.Repeat(`{"recipient_id":7},`, 11) + `{"recipient_id":7}]}`
	ps, err := engine(t).ValidateRequest(context.Background(), "createPayment", validate.Request{
		PathParams: map[string]string{"customer_id": "C-100245"}, Header: jsonHeader(), Body: []byte(body)})
	require.NoError(t, err)
	var idx []string
	for _, p := range ps {
		if strings.HasPrefix(p.Pointer, "/recipient_details/") && strings.HasSuffix(p.Pointer, "/recipient_id") {
			idx = append(idx, strings.Split(p.Pointer, "/")[2])
		}
	}
	assert.Equal(t, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}, idx)
}

func TestTodayIsNewYorkDate(t *testing.T) {
	// 03:00 UTC on 21 November is still 20 November in New York.
	e := newEngine(t, validate.WithClock(func() time.Time { return time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC) }))
	assert.Equal(t, "2026-11-20", e.Today().Format("2006-01-02"))
}

func TestAllocationsDoNotGrowWithRequests(t *testing.T) {
	e := engine(t)
	req := validate.Request{Header: jsonHeader(), Body: v4Fedwire(t)}
	run := func() {
		_, _ = e.ValidateRequest(context.Background(), "createCreditPaymentV4", req)
	}
	first := testing.AllocsPerRun(50, run)
	later := testing.AllocsPerRun(2000, run)
	assert.LessOrEqual(t, later, first+1, "allocations per request grew from %.0f to %.0f", first, later)
}
