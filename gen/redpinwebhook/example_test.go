package redpinwebhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/validate"
)

// receiver handles the events Redpin posts to the partner; only the
// payment status event is of interest here.
type receiver struct {
	engine *validate.Engine
}

var _ redpinwebhook.ServerInterface = receiver{}

// RedpinPaymentStatusEnvelopeWebhook checks the event against the spec,
// then acts on it. The event id and payment id together identify a
// delivery, which Redpin may repeat.
func (rc receiver) RedpinPaymentStatusEnvelopeWebhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, validate.DefaultMaxBodyBytes))
	if err != nil {
		http.Error(w, "unreadable event", http.StatusBadRequest)
		return
	}
	problems, err := rc.engine.ValidateRequest(r.Context(), "redpinPaymentStatusEnvelopeWebhook",
		validate.Request{Header: r.Header, Body: body})
	if err != nil || problems.HasErrors() {
		http.Error(w, "event breaks the contract", http.StatusBadRequest)
		return
	}
	var event redpinwebhook.PaymentStatusEnvelopeEvent
	if err := json.Unmarshal(body, &event); err != nil {
		http.Error(w, "unreadable event", http.StatusBadRequest)
		return
	}
	fmt.Println(event.EventId, event.Data.PaymentId, event.Data.Status, event.Data.Amount.Value)
	w.WriteHeader(http.StatusOK)
}

func (receiver) RedpinPaymentStatusWebhook(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusOK)
}

func (receiver) RedpinCustomerStatusWebhook(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusOK)
}

func (receiver) RedpinThirdPartyCustomerStatusWebhook(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusOK)
}

func (receiver) RedpinThirdPartyCustomerStatusEnvelopeWebhook(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusOK)
}

// A partner's endpoint receiving the payment status event: the generated
// Handler routes it to the receiver, which validates it with the engine.
func Example() {
	engine, err := validate.New(context.Background())
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(redpinwebhook.Handler(receiver{engine: engine}))
	defer srv.Close()

	event := `{"event_id":"evt-000042","event_type":"PAYMENT STATUS","version":"v1.0.0","event_timestamp":"2025-01-03T10:04:11Z",` +
		`"data":{"payment_id":"123456","status":"PAYOUT_CREDITED","customer_id":"0201001008132685","recipient_id":"1668758",` +
		`"amount":{"currency":"AED","value":36725.00}}}`
	resp, err := http.Post(srv.URL+"/webhooks/payments/payment-status-updated", "application/json", strings.NewReader(event))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output:
	// evt-000042 123456 PAYOUT_CREDITED 36725.00
	// 200
}
