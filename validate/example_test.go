package validate_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate"
)

// Validating a request body directly, as a test or a batch job would.
func ExampleEngine_ValidateRequest() {
	e, err := validate.New(context.Background())
	if err != nil {
		panic(err)
	}
	body := []byte(`{"sell_currency":"GBP","buy_currency":"EUR","fixed_side":"SELL","amount":1000.45,"Amount":3}`)
	problems, err := e.ValidateRequest(context.Background(), "createQuote", validate.Request{
		PathParams: map[string]string{"customer_id": "C-100245"},
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       body,
	})
	if err != nil {
		panic(err) // only for misuse, such as an unknown operation id
	}
	for _, p := range problems {
		fmt.Println(p)
	}
	fmt.Println("valid:", !problems.HasErrors())
	// Output:
	// /Amount error AMBIGUOUS_KEY_CASE: member name differs only in letter case from the declared property amount
	// valid: false
}

// Guarding a Finzly handler: invalid requests get Finzly's own v4 error
// body and never reach the handler.
func ExampleEngine_Middleware() {
	e, err := validate.New(context.Background())
	if err != nil {
		panic(err)
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("handler ran")
	})
	srv := httptest.NewServer(e.Middleware(handler, validate.WithResponseMode(validate.ResponseEnforce)))
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/v4/payments/credit", "application/json",
		strings.NewReader(`{"paymentAmount":10,"paymentAmount":10000}`))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode)
	fmt.Println(string(body))
	// Output:
	// 400
	// {"data":null,"errors":[{"code":"DUPLICATE_KEY","message":"/paymentAmount: member name appears more than once in this object"}]}
}

// A handler that answers with a JSON tree: the middleware judges the
// tree as written instead of reading the bytes back. Here the record in the
// answer to getPayment gives its paymentUID as true, and report mode names
// the problem in a header.
func ExampleWriteJSON() {
	e, err := validate.New(context.Background())
	if err != nil {
		panic(err)
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		answer := map[string]any{"status": "Success", "data": map[string]any{"paymentUID": true}}
		if err := validate.WriteJSON(w, http.StatusOK, answer); err != nil {
			panic(err)
		}
	})
	h := e.Middleware(handler, validate.WithLogger(slog.New(slog.DiscardHandler)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v3/payments/377300", nil))
	fmt.Println(rec.Code, rec.Body.String())
	fmt.Println(rec.Header().Get(validate.HeaderResponseProblems))
	// Output:
	// 200 {"data":{"paymentUID":true},"status":"Success"}
	// [{"pointer":"/data/paymentUID","code":"TYPE","severity":"error","message":"must be an integer"}]
}

// A service that exposes nothing but the Finzly API: the middleware in
// front of the generated handler refuses what matches no operation, and
// the http.Server bounds what the middleware never sees (slow clients,
// header sizes).
func ExampleEngine_Middleware_server() {
	e, err := validate.New(context.Background())
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", http.NotFoundHandler()) // in a real service: finzly.HandlerFromMux(impl, mux)
	srv := &http.Server{
		Addr: "127.0.0.1:8080",
		Handler: e.Middleware(mux,
			validate.WithOperations(validate.APIOperations(api.ProviderFinzly)),
			validate.WithUnmatched(validate.UnmatchedRefuse),
			validate.WithResponseMode(validate.ResponseEnforce)),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	// srv.ListenAndServe() would serve; here the handler is called directly.
	rec := httptest.NewRecorder()
	srv.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v4/payments/unknown", nil))
	fmt.Println(rec.Code)
	fmt.Println(rec.Body.String())
	// Output:
	// 404
	// {"data":null,"errors":[{"code":"UNKNOWN_OPERATION","message":"/path: no operation of the API served here matches this method and path"}]}
}

// hookReceiver is a bank's receiver of Finzly's webhooks.
type hookReceiver struct{}

func (hookReceiver) FinzlyPaymentStatusWebhook(w http.ResponseWriter, _ *http.Request) {
	fmt.Println("delivery received")
	w.WriteHeader(http.StatusOK)
}

func (hookReceiver) FinzlyTransactionUpdateWebhook(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusOK)
}

// A webhook receiver built on the generated finzlywebhook handler: the
// middleware with no option judges the deliveries, so a malformed one is
// answered 400 and never reaches the receiver.
func ExampleEngine_Middleware_webhooks() {
	e, err := validate.New(context.Background())
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(e.Middleware(finzlywebhook.Handler(hookReceiver{})))
	defer srv.Close()

	for _, delivery := range []string{`{"paymentId":"12930"}`, `{"paymentId":12930,"paymentStatus":"PROCESSED"}`} {
		resp, err := http.Post(srv.URL+"/payments", "application/json", strings.NewReader(delivery))
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get(validate.HeaderRequestProblems))
	}
	// Output:
	// 400 [{"pointer":"/paymentId","code":"TYPE","severity":"error","message":"must be an integer"}]
	// delivery received
	// 200
}

// Wiring the generated Finzly client through a validating Doer: an invalid
// payment is refused before anything is sent, with every problem located.
func ExampleDoer() {
	e, err := validate.New(context.Background())
	if err != nil {
		panic(err)
	}
	sent := 0
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent++
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"paymentUID":"12930","paymentStatus":"INITIATED"},"errors":[]}`)
	}))
	defer provider.Close()

	client, err := finzly.NewClientWithResponses(provider.URL,
		finzly.WithHTTPClient(&validate.Doer{Engine: e, Next: provider.Client()}))
	if err != nil {
		panic(err)
	}
	payment := finzly.CreditPaymentInstruction{
		ExternalReferenceId: "INV-77812",
		PaymentAmount:       money.MustParse("1234567.89"),
		PaymentCurrency:     "USD",
		Speed:               "Express!", // letters and single spaces only
		Sender:              finzly.CreditSenderFields{AccountUID: ptr(int64(100245))},
		Receiver:            &finzly.CreditReceiver{BeneficiaryId: ptr(int64(88231))},
	}
	_, err = client.CreateCreditPaymentV4WithResponse(context.Background(), nil, payment)
	var rejected *validate.RequestError
	if errors.As(err, &rejected) {
		for _, p := range rejected.Problems {
			fmt.Println(p)
		}
	}
	fmt.Println("requests sent:", sent)

	payment.Speed = "Express"
	resp, err := client.CreateCreditPaymentV4WithResponse(context.Background(), nil, payment)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode(), *resp.JSON200.Data.PaymentStatus)
	fmt.Println("requests sent:", sent)
	// Output:
	// /speed error PATTERN: must be words of letters A to Z separated by single spaces
	// requests sent: 0
	// 200 INITIATED
	// requests sent: 1
}

func ptr[T any](v T) *T { return &v }

// A server that would rather pay for compiling every operation at start-up
// than on each operation's first request, and have any defect of the
// specs reported there.
func ExampleWithEagerCompile() {
	e, err := validate.New(context.Background(), validate.WithEagerCompile())
	if err != nil {
		panic(err) // a defect of the embedded specs
	}
	op, _ := e.Operation("createPayment")
	fmt.Println(op.Method, op.Path)
	// Output:
	// POST /v3/customers/{customer_id}/payments
}
