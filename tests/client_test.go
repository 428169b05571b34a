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
	"github.com/payspec/payspec/gen/redpinwebhook"
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
		{provider: api.ProviderRedpin, op: "createRecipient", method: http.MethodPost, path: "/v2/customers/cust-0042/recipients",
			requestSchema: "CreateRecipientRequest", status: 201, responseSchema: "RecipientResult",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(r.CreateRecipientWithResponse(ctx, "cust-0042", decodeInto[redpin.CreateRecipientRequest](t, body)))
			}},
		{provider: api.ProviderRedpin, op: "listRecipients", method: http.MethodGet, path: "/v2/customers/cust-0042/recipients",
			query: "page=2&limit=10", status: 200, responseSchema: "RecipientList",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, _ []byte) (any, error) {
				return response(r.ListRecipientsWithResponse(ctx, "cust-0042", &redpin.ListRecipientsParams{Page: ptr[int32](2), Limit: ptr[int32](10)}))
			}},
		{provider: api.ProviderRedpin, op: "getRecipient", method: http.MethodGet, path: "/v2/customers/cust-0042/recipients/rec%2F4",
			status: 200, responseSchema: "Recipient",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, _ []byte) (any, error) {
				return response(r.GetRecipientWithResponse(ctx, "cust-0042", "rec/4"))
			}},
		{provider: api.ProviderRedpin, op: "updateRecipientAccount", method: http.MethodPut, path: "/v2/customers/cust-0042/recipients/1668758",
			requestSchema: "UpdateRecipientAccountRequest", status: 200, responseSchema: "RecipientResult",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(r.UpdateRecipientAccountWithResponse(ctx, "cust-0042", "1668758", decodeInto[redpin.UpdateRecipientAccountRequest](t, body)))
			}},
		{provider: api.ProviderRedpin, op: "createThirdPartyCustomer", method: http.MethodPost, path: "/api/v1/customers/cust-0042/third-parties",
			requestSchema: "CreateThirdPartyCustomerRequest", status: 201, responseSchema: "ThirdPartyCustomer",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(r.CreateThirdPartyCustomerWithResponse(ctx, "cust-0042", decodeInto[redpin.CreateThirdPartyCustomerRequest](t, body)))
			}},
		{provider: api.ProviderRedpin, op: "listCurrencies", method: http.MethodGet, path: "/v1/currencies",
			status: 200, responseSchema: "CurrencyList",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, _ []byte) (any, error) {
				return response(r.ListCurrenciesWithResponse(ctx))
			}},
		{provider: api.ProviderRedpin, op: "listTransactionPurposes", method: http.MethodGet, path: "/v1/transaction-purpose",
			status: 200, responseSchema: "TransactionPurposeList",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, _ []byte) (any, error) {
				return response(r.ListTransactionPurposesWithResponse(ctx))
			}},
		{provider: api.ProviderRedpin, op: "createPaymentSession", method: http.MethodPost, path: "/v1/customers/cust-0042/sessions",
			requestSchema: "CreatePaymentSessionRequest", status: 201, responseSchema: "PaymentSession",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, body []byte) (any, error) {
				return response(r.CreatePaymentSessionWithResponse(ctx, "cust-0042", decodeInto[redpin.CreatePaymentSessionRequest](t, body)))
			}},
		{provider: api.ProviderRedpin, op: "listPaymentSessions", method: http.MethodGet, path: "/v1/customers/cust-0042/sessions",
			query: "client_reference_id=PLOT-14-DEPOSIT", status: 200, responseSchema: "PaymentSessionList",
			call: func(ctx context.Context, _ *finzly.ClientWithResponses, r *redpin.ClientWithResponses, _ []byte) (any, error) {
				return response(r.ListPaymentSessionsWithResponse(ctx, "cust-0042", &redpin.ListPaymentSessionsParams{ClientReferenceId: ptr("PLOT-14-DEPOSIT")}))
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
	webhooks := webhookOperations(t, spectest.Load(t, api.ProviderRedpin))
	for _, o := range operations {
		if webhooks[o.id] {
			continue // TestGeneratedWebhookClientSendsTheEvents
		}
		assert.True(t, covered[o.id], "operation %s is exercised through its generated client", o.id)
	}
}

// webhookCase drives one method of gen/redpinwebhook's client: what Redpin
// (or a sandbox standing in for it) sends to the partner.
type webhookCase struct {
	op, path      string
	requestSchema string
	call          func(ctx context.Context, c *redpinwebhook.ClientWithResponses, body []byte) (*http.Response, error)
}

// TestGeneratedWebhookClientSendsTheEvents posts each webhook payload
// example through the generated webhook client and checks the request the
// partner's endpoint receives, then the typed 400 a receiver may answer.
func TestGeneratedWebhookClientSendsTheEvents(t *testing.T) {
	type client = redpinwebhook.ClientWithResponses
	cases := []webhookCase{
		{"redpinPaymentStatusWebhook", "/webhooks/payment-status-updated", "PaymentStatusEvent",
			sendEvent(t, (*client).RedpinPaymentStatusWebhookWithResponse)},
		{"redpinPaymentStatusEnvelopeWebhook", "/webhooks/payments/payment-status-updated", "PaymentStatusEnvelopeEvent",
			sendEvent(t, (*client).RedpinPaymentStatusEnvelopeWebhookWithResponse)},
		{"redpinCustomerStatusWebhook", "/webhooks/customers/customer-status-updated", "CustomerStatusEvent",
			sendEvent(t, (*client).RedpinCustomerStatusWebhookWithResponse)},
		{"redpinThirdPartyCustomerStatusWebhook", "/webhooks/third-party-customer-status-updated", "ThirdPartyCustomerStatusEvent",
			sendEvent(t, (*client).RedpinThirdPartyCustomerStatusWebhookWithResponse)},
		{"redpinThirdPartyCustomerStatusEnvelopeWebhook", "/webhooks/third-party-customers/third-party-customer-status-updated",
			"ThirdPartyCustomerStatusEnvelopeEvent", sendEvent(t, (*client).RedpinThirdPartyCustomerStatusEnvelopeWebhookWithResponse)},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			reqBody := schemaExample(t, api.ProviderRedpin, tc.requestSchema)
			for _, status := range []int{http.StatusOK, http.StatusBadRequest} {
				var got recorded
				errBody := schemaExample(t, api.ProviderRedpin, "Error")
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					b, _ := io.ReadAll(r.Body)
					got = recorded{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), b}
					if status != http.StatusOK {
						w.Header().Set("Content-Type", "application/json")
						w.WriteHeader(status)
						_, _ = w.Write(errBody)
					}
				}))
				c, err := redpinwebhook.NewClientWithResponses(srv.URL)
				require.NoError(t, err)
				resp, err := tc.call(context.Background(), c, reqBody)
				srv.Close()
				require.NoError(t, err)
				assert.Equal(t, status, resp.StatusCode)
				assert.Equal(t, http.MethodPost, got.method)
				assert.Equal(t, tc.path, got.path)
				assert.Empty(t, got.header.Values("Authorization"), "Redpin's events carry no OAuth token")
				assert.Equal(t, "application/json", got.header.Get("Content-Type"))
				same, diff, err := spectest.EquivalentJSON(reqBody, got.body)
				require.NoError(t, err)
				assert.True(t, same, "event body:\n%s", diff)
			}
			covered[tc.op] = true
		})
	}
	for id := range webhookOperations(t, spectest.Load(t, api.ProviderRedpin)) {
		assert.True(t, covered[id], "webhook %s is exercised through the generated webhook client", id)
	}
}

// sendEvent adapts a typed method of the generated webhook client: the
// example body is decoded into the event type T and sent, and the HTTP
// response inside the generated response R is returned.
func sendEvent[T, R any](t *testing.T, method func(*redpinwebhook.ClientWithResponses, context.Context, T, ...redpinwebhook.RequestEditorFn) (R, error),
) func(context.Context, *redpinwebhook.ClientWithResponses, []byte) (*http.Response, error) {
	return func(ctx context.Context, c *redpinwebhook.ClientWithResponses, body []byte) (*http.Response, error) {
		r, err := method(c, ctx, decodeInto[T](t, body))
		if err != nil {
			return nil, err
		}
		return reflect.ValueOf(r).Elem().FieldByName("HTTPResponse").Interface().(*http.Response), nil
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
