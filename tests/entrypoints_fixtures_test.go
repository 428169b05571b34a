package tests

// The per-operation fixtures of the entry-point contract tests: for each
// operation, valid requests built from the spec's examples,
// invalid ones, a valid response from the spec and responses that break it.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/internal/spectest"
)

// epWant says what the function is expected to find in a response.
type epWant int

const (
	epWantNone     epWant = iota // valid
	epWantWarnings               // warnings only
	epWantErrors                 // at least one error
)

// epResponse is one response a handler or provider could send.
type epResponse struct {
	name   string
	status int
	body   []byte
	want   epWant
}

// epFixture holds everything the entry-point tests send for one operation.
type epFixture struct {
	id      string
	valid   []epRequest // the first one is used when responses are tested
	invalid []epRequest
	// okStatus and okBody are the valid response the handler answers with:
	// the spec's example of the operation's success response.
	okStatus int
	okBody   []byte
	// errBody is the spec's example of the 400 response, if any.
	errBody []byte
	// rejectCode is the code of the spec's 400 example, which a Finzly v3
	// envelope must reuse; "" when there is none.
	rejectCode string
	// hasDefault reports a declared default answer, which takes any
	// status the operation does not list.
	hasDefault bool
	// responses break the spec (or draw warnings) in ways specific to the
	// operation; allResponses adds the generic ones.
	responses []epResponse
	// send calls the operation with a generated client, sending r's bytes,
	// query and headers unchanged.
	send func(ctx context.Context, c epClients, r epRequest) error
}

// allResponses is the valid response, the operation's own broken ones and
// the ones every operation gets: a declared 400, an undeclared status and
// an undeclared member.
func (fx epFixture) allResponses() []epResponse {
	out := []epResponse{{name: "valid " + strconv.Itoa(fx.okStatus), status: fx.okStatus, body: fx.okBody, want: epWantNone}}
	if fx.errBody != nil {
		out = append(out, epResponse{name: "valid 400", status: http.StatusBadRequest, body: fx.errBody, want: epWantNone})
	}
	out = append(out, fx.responses...)
	if fx.hasDefault {
		out = append(out, epResponse{name: "status 299 under the default answer", status: 299, body: fx.okBody, want: epWantNone})
	} else {
		out = append(out, epResponse{name: "undeclared status 299", status: 299, body: fx.okBody, want: epWantErrors})
	}
	return out
}

// epSpec is what the fixtures read from one provider's spec.
type epSpec struct {
	provider api.Provider
	doc      *openapi3.T
	examples []spectest.Example
}

func epLoadSpec(tb testing.TB, p api.Provider) epSpec {
	tb.Helper()
	return epSpec{provider: p, doc: spectest.Load(tb, p), examples: spectest.Examples(tb, p)}
}

func (s epSpec) operation(tb testing.TB, id string) *openapi3.Operation {
	tb.Helper()
	for _, item := range s.doc.Paths.Map() {
		for _, o := range item.Operations() {
			if o.OperationID == id {
				return o
			}
		}
	}
	tb.Fatalf("%s declares no operation %s", s.provider, id)
	return nil
}

// schemaExample returns the example of the component schema a $ref names.
func (s epSpec) schemaExample(tb testing.TB, ref string) []byte {
	tb.Helper()
	name := strings.TrimPrefix(ref, "#/components/schemas/")
	for _, ex := range s.examples {
		if ex.Kind == spectest.KindSchema && ex.Schema == name {
			return ex.JSON
		}
	}
	tb.Fatalf("%s schema %q has no example", s.provider, ref)
	return nil
}

// requestExamples returns the operation's request body examples by name,
// or the example of its body schema when it has none of its own.
func (s epSpec) requestExamples(tb testing.TB, id string) []spectest.Example {
	tb.Helper()
	out := spectest.RequestExamples(tb, s.doc, s.examples, id)
	require.NotEmpty(tb, out, "%s takes a body", id)
	return out
}

// responseExample returns the example of a declared response: the
// operation's (or the referenced response's) own, else its schema's.
// It returns nil for a status without a JSON body.
func (s epSpec) responseExample(tb testing.TB, id string, status int) []byte {
	tb.Helper()
	if ex, ok := s.ownResponseExample(id, status); ok {
		return ex.JSON
	}
	ref := s.operation(tb, id).Responses.Status(status)
	require.NotNil(tb, ref, "%s declares %d", id, status)
	mt := ref.Value.Content.Get("application/json")
	if mt == nil {
		return nil
	}
	return s.schemaExample(tb, mt.Schema.Ref)
}

func (s epSpec) ownResponseExample(id string, status int) (spectest.Example, bool) {
	for _, ex := range s.examples {
		if ex.Kind == spectest.KindResponse && ex.OperationID == id && ex.Status == strconv.Itoa(status) {
			return ex, true
		}
	}
	return spectest.Example{}, false
}

// exampleCode is the "code" of the operation's own example for status.
func (s epSpec) exampleCode(id string, status int) string {
	ex, ok := s.ownResponseExample(id, status)
	if !ok {
		return ""
	}
	var v struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(ex.JSON, &v) != nil {
		return ""
	}
	return v.Code
}

// base fills what every fixture of the operation shares: the success and
// 400 responses and the v3 code.
func (s epSpec) base(tb testing.TB, id string, okStatus int) epFixture {
	tb.Helper()
	return epFixture{
		id:         id,
		okStatus:   okStatus,
		okBody:     s.responseExample(tb, id, okStatus),
		errBody:    s.responseExample(tb, id, http.StatusBadRequest),
		rejectCode: s.exampleCode(id, http.StatusBadRequest),
		hasDefault: s.operation(tb, id).Responses.Default() != nil,
	}
}

// examplesAsRequests turns the operation's request examples into valid
// requests with the given path parameters and headers.
func (s epSpec) examplesAsRequests(tb testing.TB, id string, params map[string]string, header http.Header) []epRequest {
	tb.Helper()
	var out []epRequest
	for _, ex := range s.requestExamples(tb, id) {
		name := ex.Name
		if name == "" {
			name = "spec example"
		}
		out = append(out, epRequest{name: name, pathParams: params, header: header.Clone(), body: ex.JSON})
	}
	return out
}

// epFixtures returns the fixtures of every operation.
func epFixtures(tb testing.TB) []epFixture {
	tb.Helper()
	redpinSpec := epLoadSpec(tb, api.ProviderRedpin)
	finzlySpec := epLoadSpec(tb, api.ProviderFinzly)
	out := append(epFinzlyFixtures(tb, finzlySpec), epFinzlyMoreFixtures(tb, finzlySpec)...)
	out = append(out, epRedpinFixtures(tb, redpinSpec)...)
	out = append(out, epRedpinPartyFixtures(tb, redpinSpec)...)
	out = append(out, epRedpinReferenceFixtures(tb, redpinSpec)...)
	return append(out, epRedpinWebhookFixtures(tb, redpinSpec)...)
}

// epFixturesByID indexes the fixtures by operation id.
func epFixturesByID(tb testing.TB) map[string]epFixture {
	tb.Helper()
	out := map[string]epFixture{}
	for _, fx := range epFixtures(tb) {
		out[fx.id] = fx
	}
	return out
}

func epFixtureByID(tb testing.TB, id string) epFixture {
	tb.Helper()
	fx, ok := epFixturesByID(tb)[id]
	require.True(tb, ok, "no fixture for %s", id)
	return fx
}

// epIdempotentKey is a valid Idempotent-Key.
const epIdempotentKey = "123e4567-e89b-12d3-a456-426614174000"

func epFinzlyFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	uid := map[string]string{"paymentUID": "12930"} // the spec's example; ^[A-Za-z0-9-]+$, 1..35
	badUID := map[string]string{"paymentUID": "bad_uid"}
	var out []epFixture

	v3 := s.base(tb, "createCreditPaymentV3", http.StatusOK)
	v3.valid = s.examplesAsRequests(tb, v3.id, nil, epJSONHeader())
	body := v3.valid[0].body
	v3.invalid = []epRequest{
		{name: "required speed missing", header: epJSONHeader(), body: epDelete(tb, body, "/speed")},
		{name: "amount written as a string", header: epJSONHeader(), body: epSet(tb, body, "/paymentAmount", "980.40")},
		{name: "no Content-Type", body: body},
	}
	v3.responses = []epResponse{
		{name: "status of the wrong type", status: 200, body: epSet(tb, v3.okBody, "/status", 42), want: epWantErrors},
		{name: "status outside the enum", status: 200, body: epSet(tb, v3.okBody, "/status", "Done"), want: epWantErrors},
		{name: "undeclared member", status: 200, body: epSet(tb, v3.okBody, "/zzExtra", true), want: epWantWarnings},
	}
	v3.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.CreateCreditPaymentV3WithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, v3)

	v4 := s.base(tb, "createCreditPaymentV4", http.StatusOK)
	v4.valid = s.examplesAsRequests(tb, v4.id, nil, epJSONHeader())
	body = v4.valid[0].body
	v4.valid = append(v4.valid, epRequest{name: "with Idempotent-Key",
		header: epJSONHeader("Idempotent-Key", epIdempotentKey), body: body})
	v4.invalid = []epRequest{
		{name: "several body faults", header: epJSONHeader(),
			body: epDelete(tb, epSet(tb, body, "/paymentCurrency", "U$"), "/externalReferenceId")},
		{name: "Idempotent-Key not a uuid", header: epJSONHeader("Idempotent-Key", "not-a-uuid"), body: body},
		{name: "sender in neither form", header: epJSONHeader(), body: epSet(tb, body, "/sender", map[string]any{})},
		{name: "negative amount and bad key", header: epJSONHeader("Idempotent-Key", "42"),
			body: epSet(tb, body, "/paymentAmount", json.Number("-0.01"))},
	}
	v4.responses = []epResponse{
		{name: "paymentUID of the wrong type", status: 200, body: epSet(tb, v4.okBody, "/data/paymentUID", 12930), want: epWantErrors},
		{name: "error item without message", status: 200,
			body: epSet(tb, v4.okBody, "/errors", []any{map[string]any{"code": "X"}}), want: epWantErrors},
		{name: "undeclared member", status: 200, body: epSet(tb, v4.okBody, "/zzExtra", true), want: epWantWarnings},
	}
	v4.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.CreateCreditPaymentV4WithBodyWithResponse(ctx, nil, r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, v4)

	bt := s.base(tb, "createBookTransfer", http.StatusOK)
	bt.valid = s.examplesAsRequests(tb, bt.id, nil, epJSONHeader())
	body = bt.valid[0].body
	bt.invalid = []epRequest{
		{name: "zero amount", header: epJSONHeader(), body: epSet(tb, body, "/paymentAmount", json.Number("0"))},
		{name: "required paymentDate missing", header: epJSONHeader(), body: epDelete(tb, body, "/paymentDate")},
		{name: "text/plain body", header: http.Header{"Content-Type": {"text/plain"}}, body: body},
	}
	bt.responses = []epResponse{
		{name: "recurrenceId of the wrong type", status: 200, body: epSet(tb, bt.okBody, "/data/recurrenceId", "4066"), want: epWantErrors},
		{name: "undeclared member", status: 200, body: epSet(tb, bt.okBody, "/zzExtra", true), want: epWantWarnings},
	}
	bt.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.CreateBookTransferWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, bt)

	get := s.base(tb, "getPayment", http.StatusOK)
	get.valid = []epRequest{{name: "numeric uid", pathParams: uid}, {name: "alphanumeric uid", pathParams: map[string]string{"paymentUID": "PAY-77a"}}}
	get.invalid = []epRequest{
		{name: "uid outside the pattern", pathParams: badUID},
		{name: "uid too long", pathParams: map[string]string{"paymentUID": strings.Repeat("9", 36)}},
	}
	get.responses = []epResponse{
		{name: "paymentUID of the wrong type", status: 200, body: epSet(tb, get.okBody, "/data/paymentUID", "12930"), want: epWantErrors},
		{name: "status of the wrong type", status: 200, body: epSet(tb, get.okBody, "/status", 1), want: epWantErrors},
	}
	get.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.GetPaymentWithResponse(ctx, r.pathParams["paymentUID"], r.edit)
		return err
	}
	out = append(out, get)

	cancel := s.base(tb, "cancelPayment", http.StatusOK)
	cancel.valid = s.examplesAsRequests(tb, cancel.id, uid, epJSONHeader())
	body = cancel.valid[0].body
	cancel.valid = append(cancel.valid, epRequest{name: "no body (optional)", pathParams: uid})
	cancel.invalid = []epRequest{
		{name: "uid outside the pattern", pathParams: badUID, header: epJSONHeader(), body: body},
		{name: "notes too long", pathParams: uid, header: epJSONHeader(), body: epSet(tb, body, "/notes", strings.Repeat("n", 101))},
		{name: "notes of the wrong type and bad uid", pathParams: badUID, header: epJSONHeader(), body: epSet(tb, body, "/notes", 5)},
	}
	cancel.responses = []epResponse{
		{name: "paymentUID of the wrong type", status: 200, body: epSet(tb, cancel.okBody, "/data/paymentUID", 12930), want: epWantErrors},
		{name: "undeclared member", status: 200, body: epSet(tb, cancel.okBody, "/zzExtra", true), want: epWantWarnings},
	}
	cancel.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.CancelPaymentWithBodyWithResponse(ctx, r.pathParams["paymentUID"], r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, cancel)

	search := s.base(tb, "searchPayments", http.StatusOK)
	search.valid = s.examplesAsRequests(tb, search.id, nil, epJSONHeader())
	body = search.valid[0].body
	search.invalid = []epRequest{
		{name: "page missing and limit zero", header: epJSONHeader(),
			body: epSet(tb, epDelete(tb, body, "/page"), "/limit", json.Number("0"))},
		{name: "page as a string", header: epJSONHeader(), body: epSet(tb, body, "/page", "1")},
		{name: "page with a fraction", header: epJSONHeader(), body: epSet(tb, body, "/page", json.Number("1.0"))},
	}
	search.responses = []epResponse{
		{name: "totalRecords of the wrong type", status: 200, body: epSet(tb, search.okBody, "/pagination/totalRecords", "one"), want: epWantErrors},
		{name: "amount as a string", status: 200, body: epSet(tb, search.okBody, "/data/0/receiverAmount", "1234567.89"), want: epWantErrors},
	}
	search.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.SearchPaymentsWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, search)
	return out
}

func epRedpinFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	cust := map[string]string{"customer_id": "cust-0042"}
	var out []epFixture

	pay := s.base(tb, "createPayment", http.StatusCreated)
	pay.valid = s.examplesAsRequests(tb, pay.id, cust, epJSONHeader())
	body := pay.valid[0].body
	pay.invalid = []epRequest{
		{name: "no recipients", pathParams: cust, header: epJSONHeader(), body: epSet(tb, body, "/recipient_details", []any{})},
		{name: "lower-case currency", pathParams: cust, header: epJSONHeader(), body: epSet(tb, body, "/amount/currency", "gbp")},
		{name: "purpose missing and recipient amount a string", pathParams: cust, header: epJSONHeader(),
			body: epSet(tb, epDelete(tb, body, "/purpose_of_transaction"), "/recipient_details/0/amount/value", "2500.00")},
	}
	pay.responses = []epResponse{
		{name: "payment_id missing", status: 201, body: epDelete(tb, pay.okBody, "/payment_id"), want: epWantErrors},
		{name: "amount value as a string", status: 201, body: epSet(tb, pay.okBody, "/amount/value", "50000.00"), want: epWantErrors},
		{name: "valid as 200", status: 200, body: pay.okBody, want: epWantNone},
		{name: "undeclared member", status: 201, body: epSet(tb, pay.okBody, "/zz_extra", true), want: epWantWarnings},
	}
	pay.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.CreatePaymentWithBodyWithResponse(ctx, r.pathParams["customer_id"], r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, pay)

	details := s.base(tb, "getPaymentDetails", http.StatusOK)
	details.valid = []epRequest{
		{name: "plain ids", pathParams: map[string]string{"customer_id": "cust-0042", "payment_id": "pay-77"}},
		{name: "escaped slash in payment_id", pathParams: map[string]string{"customer_id": "cust-0042", "payment_id": "pay/77"}},
	}
	details.invalid = []epRequest{
		{name: "empty customer_id", pathParams: map[string]string{"customer_id": "", "payment_id": "pay-77"}, unroutable: true},
	}
	details.responses = []epResponse{
		{name: "status missing", status: 200, body: epDelete(tb, details.okBody, "/status"), want: epWantErrors},
		{name: "payout currency in lower case", status: 200, body: epSet(tb, details.okBody, "/payouts/0/amount/currency", "eur"), want: epWantErrors},
	}
	details.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.GetPaymentDetailsWithResponse(ctx, r.pathParams["customer_id"], r.pathParams["payment_id"], r.edit)
		return err
	}
	out = append(out, details)

	bti := s.base(tb, "getBankTransferInstructions", http.StatusOK)
	ids := map[string]string{"customer_id": "cust-0042", "payment_id": "pay-77"}
	bti.valid = []epRequest{{name: "from GBR", pathParams: ids, query: url.Values{"from_country": {"GBR"}}}}
	bti.invalid = []epRequest{
		{name: "from_country missing", pathParams: ids},
		{name: "from_country in lower case", pathParams: ids, query: url.Values{"from_country": {"gbr"}}},
		{name: "from_country too long", pathParams: ids, query: url.Values{"from_country": {"GBRX"}}},
	}
	bti.responses = []epResponse{
		{name: "payment_method outside the enum", status: 200, body: epSet(tb, bti.okBody, "/payment_method", "cheque"), want: epWantErrors},
		{name: "amount missing", status: 200, body: epDelete(tb, bti.okBody, "/amount"), want: epWantErrors},
	}
	bti.send = func(ctx context.Context, c epClients, r epRequest) error {
		params := &redpin.GetBankTransferInstructionsParams{FromCountry: r.query.Get("from_country")}
		_, err := c.redpin.GetBankTransferInstructionsWithResponse(ctx, r.pathParams["customer_id"], r.pathParams["payment_id"], params, r.edit)
		return err
	}
	out = append(out, bti)

	quote := s.base(tb, "createQuote", http.StatusOK)
	quote.valid = s.examplesAsRequests(tb, quote.id, cust, epJSONHeader())
	body = quote.valid[0].body
	quote.invalid = []epRequest{
		{name: "amount below the minimum", pathParams: cust, header: epJSONHeader(), body: epSet(tb, body, "/amount", json.Number("0.001"))},
		{name: "buy_currency missing", pathParams: cust, header: epJSONHeader(), body: epDelete(tb, body, "/buy_currency")},
		{name: "fixed_side outside the enum", pathParams: cust, header: epJSONHeader(), body: epSet(tb, body, "/fixed_side", "buy")},
	}
	quote.responses = []epResponse{
		{name: "quote_id missing", status: 200, body: epDelete(tb, quote.okBody, "/quote_id"), want: epWantErrors},
		{name: "amount as a string", status: 200, body: epSet(tb, quote.okBody, "/amount", "10000.00"), want: epWantErrors},
		{name: "undeclared member", status: 200, body: epSet(tb, quote.okBody, "/zz_extra", true), want: epWantWarnings},
		{name: "valid as 201", status: 201, body: quote.okBody, want: epWantNone},
		{name: "quote_id missing in a 201", status: 201, body: epDelete(tb, quote.okBody, "/quote_id"), want: epWantErrors},
	}
	quote.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.CreateQuoteWithBodyWithResponse(ctx, r.pathParams["customer_id"], r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, quote)
	return out
}
