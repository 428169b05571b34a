package finzlyclient_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
)

// tenant stands in for a Finzly tenant and its identity server: it
// answers the token endpoint, /token, and hands every other request, its
// body read, to api.
func tenant(api http.HandlerFunc) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/token" {
			_, _ = io.WriteString(w, `{"access_token":"eyJhbGciOi...","token_type":"bearer","expires_in":14400}`)
			return
		}
		api(w, r)
	}))
}

// fakeTenant is a tenant whose v4 credit endpoint first answers 503, then
// accepts the payment.
func fakeTenant() *httptest.Server {
	calls := 0
	return tenant(func(w http.ResponseWriter, r *http.Request) {
		calls++
		fmt.Printf("attempt %d: %s %s, key sent: %t\n", calls, r.Method, r.URL.Path, r.Header.Get("Idempotent-Key") != "")
		if calls == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"paymentUID":"12930","paymentStatus":"INITIATED"},"errors":[]}`)
	})
}

// A v4 credit payment end to end: the client fetches a token, validates
// the payment, sends it with an Idempotent-Key, retries the 503 with the
// same key, validates the answer and returns it.
func ExampleClient_CreateCreditPaymentV4() {
	tenant := fakeTenant()
	defer tenant.Close()
	ctx := context.Background()

	fz, err := finzlyclient.New(ctx, finzlyclient.Config{
		BaseURL:     tenant.URL,            // https://acme-digitalbanking-prod.finzly.net
		TokenURL:    tenant.URL + "/token", // or Realm: "ACME.PROD", from the spec's template
		Credentials: client.Credentials{ClientID: "payments-service", ClientSecret: "from-your-vault"},
	}, client.WithRetry(client.RetryPolicy{InitialInterval: time.Millisecond}))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := fz.CreateCreditPaymentV4(ctx, finzly.CreditPaymentInstruction{
		ExternalReferenceId: "INV-77812",
		PaymentAmount:       money.MustParse("1234567.89"),
		PaymentCurrency:     "USD",
		Speed:               "Express",
		PaymentNotes:        client.Ptr("Invoice 77812"),
		Sender:              finzly.CreditSender{AccountUID: client.Ptr[int64](100245)},
		Receiver:            &finzly.CreditReceiver{BeneficiaryId: client.Ptr[int64](88231)},
	})
	var refused *finzlyclient.Error
	switch {
	case errors.As(err, &refused):
		fmt.Println("refused:", refused.Status, refused.ProviderCodes())
		return
	case err != nil:
		fmt.Println(err) // invalid payment (nothing sent), no token, network...
		return
	}
	fmt.Println(res.Status, *res.Value.Data.PaymentUID, *res.Value.Data.PaymentStatus)
	fmt.Println("attempts:", res.Attempts, "key kept:", len(res.IdempotencyKey) == 36, "drift:", len(res.Drift))
	// Output:
	// attempt 1: POST /v4/payments/credit, key sent: true
	// attempt 2: POST /v4/payments/credit, key sent: true
	// 200 12930 INITIATED
	// attempts: 2 key kept: true drift: 0
}

// A payment whose answer never came: the first request outlives the
// caller's deadline, so whether the tenant paid is unknown. The error
// carries the key the client minted; the same payment sent again with it
// gets the first outcome replayed, and pays at most once.
func Example_unknownOutcome() {
	var mu sync.Mutex
	paid := map[string]string{} // Idempotent-Key → paymentUID
	forgetful := tenant(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotent-Key")
		mu.Lock()
		uid, ok := paid[key]
		if !ok {
			paid[key] = "12930" // the tenant pays, and its answer is lost
		}
		mu.Unlock()
		if !ok {
			<-r.Context().Done()
			return
		}
		_, _ = fmt.Fprintf(w, `{"data":{"paymentUID":%q,"paymentStatus":"INITIATED"},"errors":[]}`, uid)
	})
	defer forgetful.Close()

	fz, err := finzlyclient.New(context.Background(), finzlyclient.Config{BaseURL: forgetful.URL, TokenURL: forgetful.URL + "/token",
		Credentials: client.Credentials{ClientID: "payments-service", ClientSecret: "from-your-vault"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	payment := finzly.CreditPaymentInstruction{
		ExternalReferenceId: "INV-77813",
		PaymentAmount:       money.MustParse("250.00"),
		PaymentCurrency:     "USD",
		Speed:               "Express",
		Sender:              finzly.CreditSender{AccountUID: client.Ptr[int64](100245)},
		Receiver:            &finzly.CreditReceiver{BeneficiaryId: client.Ptr[int64](88231)},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = fz.CreateCreditPaymentV4(ctx, payment)
	var unknown *client.UnknownOutcomeError
	if !errors.As(err, &unknown) {
		fmt.Println("unexpected:", err)
		return
	}
	fmt.Println("outcome unknown:", errors.Is(err, context.DeadlineExceeded), "key kept:", len(unknown.IdempotencyKey) == 36)

	res, err := fz.CreateCreditPaymentV4(context.Background(), payment, client.WithIdempotencyKey(unknown.IdempotencyKey))
	if err != nil {
		fmt.Println(err)
		return
	}
	mu.Lock()
	defer mu.Unlock()
	fmt.Println("settled:", res.Status, *res.Value.Data.PaymentUID, "payments:", len(paid))
	// Output:
	// outcome unknown: true key kept: true
	// settled: 200 12930 payments: 1
}
