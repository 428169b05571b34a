package tests

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/internal/spectest"
)

// recorded is what the test server saw of one request.
type recorded struct {
	method, path, query string
	header              http.Header
	body                []byte
}

// clientCase drives one generated client method against a test server.
type clientCase struct {
	provider api.Provider
	op       string
	// request expectations
	method, path, query string
	header              map[string]string
	requestSchema       string // component whose example is sent; "" for no body
	// response the server sends
	status         int
	responseSchema string
	// call invokes one method of the generated clients with the example body.
	call func(ctx context.Context, f *finzly.ClientWithResponses, r *redpin.ClientWithResponses, body []byte) (any, error)
	// hook, instead of call, invokes the generated webhook client.
	hook func(ctx context.Context, w *finzlywebhook.ClientWithResponses, body []byte) (any, error)
}

var testKey = uuid.MustParse("123e4567-e89b-12d3-a456-426614174000")

// bearer adds the Authorization header the way a caller's token source would.
func bearer(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", "Bearer test-token")
	return nil
}

func decodeInto[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}

// response adapts a generated client method's result to (any, error).
func response[R any](r R, err error) (any, error) { return r, err }

// typedBody returns the JSON<status> field of a generated response, which
// holds the decoded body for that status, and the response's status code.
func typedBody(t *testing.T, resp any, status int) (any, int) {
	t.Helper()
	v := reflect.ValueOf(resp)
	require.Equal(t, reflect.Pointer, v.Kind())
	code := v.MethodByName("StatusCode").Call(nil)[0].Interface().(int)
	field := v.Elem().FieldByName("JSON" + strconv.Itoa(status))
	require.True(t, field.IsValid(), "%T declares a body for %d", resp, status)
	if field.IsNil() {
		return nil, code
	}
	return field.Interface(), code
}

func TestGeneratedClientsSendTheRightRequests(t *testing.T) {
	cases := append(finzlyClientCases(t), []clientCase{
		{provider: api.ProviderFinzly, op: "createCreditPaymentV3", method: http.MethodPost, path: "/v3/payments/creditrequest",
			requestSchema: "CreditPaymentRequest", status: 200, responseSchema: "PaymentResponse",
			call: func(ctx context.Context, f *finzly.ClientWithResponses, _ *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(f.CreateCreditPaymentV3WithResponse(ctx, decodeInto[finzly.CreditPaymentRequest](t, body)))
			}},
		{provider: api.ProviderFinzly, op: "createCreditPaymentV4", method: http.MethodPost, path: "/v4/payments/credit",
			header:        map[string]string{"Idempotent-Key": testKey.String()},
			requestSchema: "CreditPaymentInstruction", status: 200, responseSchema: "V4PaymentResponse",
			call: func(ctx context.Context, f *finzly.ClientWithResponses, _ *redpin.ClientWithResponses, body []byte) (any, error) {
				key := testKey
				return response(f.CreateCreditPaymentV4WithResponse(ctx, &finzly.CreateCreditPaymentV4Params{IdempotentKey: &key},
					decodeInto[finzly.CreditPaymentInstruction](t, body)))
			}},
		{provider: api.ProviderFinzly, op: "createCreditPaymentV4 rejected", method: http.MethodPost, path: "/v4/payments/credit",
			requestSchema: "CreditPaymentInstruction", status: 400, responseSchema: "V4PaymentResponse",
			call: func(ctx context.Context, f *finzly.ClientWithResponses, _ *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(f.CreateCreditPaymentV4WithResponse(ctx, nil, decodeInto[finzly.CreditPaymentInstruction](t, body)))
			}},
		{provider: api.ProviderFinzly, op: "createBookTransfer", method: http.MethodPost, path: "/v3/payments/booktransfer",
			requestSchema: "BookTransferRequest", status: 200, responseSchema: "BookTransferResponse",
			call: func(ctx context.Context, f *finzly.ClientWithResponses, _ *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(f.CreateBookTransferWithResponse(ctx, decodeInto[finzly.BookTransferRequest](t, body)))
			}},
		{provider: api.ProviderFinzly, op: "getPayment", method: http.MethodGet, path: "/v3/payments/12930",
			status: 200, responseSchema: "PaymentRecordResponse",
			call: func(ctx context.Context, f *finzly.ClientWithResponses, _ *redpin.ClientWithResponses, _ []byte) (any, error) {
				return response(f.GetPaymentWithResponse(ctx, "12930"))
			}},
		{provider: api.ProviderFinzly, op: "cancelPayment", method: http.MethodPut, path: "/v3/payments/12930/cancel",
			requestSchema: "CancelPaymentRequest", status: 200, responseSchema: "CancellationResponse",
			call: func(ctx context.Context, f *finzly.ClientWithResponses, _ *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(f.CancelPaymentWithResponse(ctx, "12930", decodeInto[finzly.CancelPaymentRequest](t, body)))
			}},
		{provider: api.ProviderFinzly, op: "searchPayments", method: http.MethodPost, path: "/v3/payments/search",
			requestSchema: "PaymentSearch", status: 200, responseSchema: "PaymentSearchResponse",
			call: func(ctx context.Context, f *finzly.ClientWithResponses, _ *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(f.SearchPaymentsWithResponse(ctx, decodeInto[finzly.PaymentSearch](t, body)))
			}},
		{provider: api.ProviderRedpin, op: "createPayment", method: http.MethodPost, path: "/v3/customers/cust-0042/payments",
			requestSchema: "CreatePaymentRequest", status: 201, responseSchema: "Payment",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(r.CreatePaymentWithResponse(ctx, "cust-0042", decodeInto[redpin.CreatePaymentRequest](t, body)))
			}},
		{provider: api.ProviderRedpin, op: "getPaymentDetails", method: http.MethodGet, path: "/v3/customers/cust-0042/payments/pay%2F77",
			status: 200, responseSchema: "PaymentDetails",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, _ []byte) (any, error) {
				return response(r.GetPaymentDetailsWithResponse(ctx, "cust-0042", "pay/77"))
			}},
		{provider: api.ProviderRedpin, op: "getBankTransferInstructions", method: http.MethodGet,
			path: "/v3/customers/cust-0042/payments/pay-77/bank-transfer-instructions", query: "from_country=GBR",
			status: 200, responseSchema: "BankTransferInstructions",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, _ []byte) (any, error) {
				return response(r.GetBankTransferInstructionsWithResponse(ctx, "cust-0042", "pay-77",
					&redpin.GetBankTransferInstructionsParams{FromCountry: "GBR"}))
			}},
		{provider: api.ProviderRedpin, op: "createQuote", method: http.MethodPost, path: "/v3/customers/cust-0042/quotes",
			requestSchema: "CreateQuoteRequest", status: 200, responseSchema: "Quote",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(r.CreateQuoteWithResponse(ctx, "cust-0042", decodeInto[redpin.CreateQuoteRequest](t, body)))
			}},
	}...)

	covered := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			reqBody := schemaExample(t, tc.provider, tc.requestSchema)
			respBody := schemaExample(t, tc.provider, tc.responseSchema)
			require.NotNil(t, respBody)

			var got recorded
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got = recorded{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), b}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				_, _ = w.Write(respBody)
			}))
			defer srv.Close()

			fc, err := finzly.NewClientWithResponses(srv.URL, finzly.WithRequestEditorFn(bearer))
			require.NoError(t, err)
			rc, err := redpin.NewClientWithResponses(srv.URL, redpin.WithRequestEditorFn(bearer))
			require.NoError(t, err)
			var resp any
			if tc.hook != nil {
				wc, err := finzlywebhook.NewClientWithResponses(srv.URL, finzlywebhook.WithRequestEditorFn(bearer))
				require.NoError(t, err)
				resp, err = tc.hook(context.Background(), wc, reqBody)
				require.NoError(t, err)
			} else {
				resp, err = tc.call(context.Background(), fc, rc, reqBody)
			}
			require.NoError(t, err)
			typed, status := typedBody(t, resp, tc.status)

			assert.Equal(t, tc.method, got.method)
			assert.Equal(t, tc.path, got.path)
			assert.Equal(t, tc.query, got.query)
			assert.Equal(t, "Bearer test-token", got.header.Get("Authorization"))
			for k, v := range tc.header {
				assert.Equal(t, v, got.header.Get(k), "header %s", k)
			}
			if _, ok := tc.header["Idempotent-Key"]; !ok {
				assert.Empty(t, got.header.Values("Idempotent-Key"), "no idempotency header unless asked for")
			}
			if reqBody != nil {
				assert.Equal(t, "application/json", got.header.Get("Content-Type"))
				same, diff, err := spectest.EquivalentJSON(reqBody, got.body)
				require.NoError(t, err)
				assert.True(t, same, "request body:\n%s", diff)
			} else {
				assert.Empty(t, got.body)
			}

			assert.Equal(t, tc.status, status)
			require.NotNil(t, typed, "typed response for %d is filled", tc.status)
			out, err := json.Marshal(typed)
			require.NoError(t, err)
			same, diff, err := spectest.EquivalentJSON(respBody, out)
			require.NoError(t, err)
			assert.True(t, same, "typed response:\n%s", diff)
			covered[tc.op] = true
		})
	}
	for _, o := range operations {
		assert.True(t, covered[o.id], "operation %s is exercised through its generated client", o.id)
	}
}

// schemaExample returns the example of a component schema as JSON, or nil
// for an empty name.
func schemaExample(t *testing.T, p api.Provider, schema string) []byte {
	t.Helper()
	if schema == "" {
		return nil
	}
	for _, e := range spectest.Examples(t, p) {
		if e.Kind == spectest.KindSchema && e.Schema == schema {
			return e.JSON
		}
	}
	t.Fatalf("%s schema %s has no example", p, schema)
	return nil
}
