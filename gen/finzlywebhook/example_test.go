package finzlywebhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/money"
)

// receiver is a bank's receiver of Finzly's notifications.
type receiver struct{}

func (receiver) FinzlyPaymentStatusWebhook(w http.ResponseWriter, r *http.Request) {
	var ev finzlywebhook.PaymentStatusEvent
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil || ev.PaymentId == nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	fmt.Printf("payment %d is %s, %s %s\n", *ev.PaymentId, *ev.PaymentStatus, ev.ReceiverAmount, *ev.DeliveryMethod)
	w.WriteHeader(http.StatusOK)
}

func (receiver) FinzlyTransactionUpdateWebhook(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusOK)
}

// A bank's receiver built on the generated ServerInterface, and a payment
// status notification posted to it with the generated client, as Finzly
// (or a sandbox standing in for it) would.
func ExampleHandler() {
	srv := httptest.NewServer(finzlywebhook.Handler(receiver{}))
	defer srv.Close()

	client, err := finzlywebhook.NewClientWithResponses(srv.URL)
	if err != nil {
		panic(err)
	}
	amount := money.MustParse("1234567.89")
	resp, err := client.FinzlyPaymentStatusWebhookWithResponse(context.Background(), finzlywebhook.PaymentStatusEvent{
		PaymentId:      ptr(int64(12930)),
		PaymentStatus:  ptr("PROCESSED"),
		DeliveryMethod: ptr("FEDWIRE"),
		ReceiverAmount: &amount,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode())
	// Output:
	// payment 12930 is PROCESSED, 1234567.89 FEDWIRE
	// 200
}

func ptr[T any](v T) *T { return &v }
