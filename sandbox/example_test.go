package sandbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox"
)

// A contract test's whole pattern, outside a test: run the sandbox, pay
// with the generated client, advance the sandbox clock, read the webhooks
// and the final status. In a test, sandbox.Start(t) does the first lines
// and hands over ready-made authenticated clients.
func ExampleNew() {
	ctx := context.Background()
	statuses := make(chan string, 16)
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev redpinwebhook.PaymentStatusEnvelopeEvent
		if json.NewDecoder(r.Body).Decode(&ev) == nil {
			statuses <- ev.Data.Status
		}
	}))
	defer hooks.Close()

	sb, err := sandbox.New(sandbox.WithoutAuth(), sandbox.WithWebhookURLs(hooks.URL))
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	srv := httptest.NewServer(sb.Handler())
	defer srv.Close()
	client, err := redpin.NewClientWithResponses(srv.URL + sandbox.RedpinPrefix)
	if err != nil {
		panic(err)
	}

	rec, err := client.CreateRecipientWithResponse(ctx, "CUST-1", redpin.CreateRecipientRequest{
		Name: "Cascade Steel Ltd", Type: "Corporate", CountryCode: "GBR", CustomerOwnAccount: "no",
		Address:              redpin.RecipientAddress{AddressLine: ptr("1 High Street"), City: ptr("London")},
		RecipientBankDetails: redpin.RecipientBankDetails{Currency: "GBP", Iban: ptr("GB33BUKB20201555555555")},
	})
	if err != nil {
		panic(err)
	}
	amount := redpin.Amount{Currency: "GBP", Value: money.MustParse("250.00")}
	paid, err := client.CreatePaymentWithResponse(ctx, "CUST-1", redpin.CreatePaymentRequest{
		PurposeOfTransaction: "SUPPLIER_PAYMENT", Amount: amount,
		RecipientDetails: []redpin.RecipientDetail{{RecipientId: *rec.JSON201.RecipientId, Amount: amount}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(paid.StatusCode(), paid.JSON201.Status, paid.JSON201.Amount.Value)

	if err := sb.Advance(ctx, 48*time.Hour); err != nil {
		panic(err)
	}
	for range 4 {
		fmt.Println("webhook:", <-statuses)
	}
	details, err := client.GetPaymentDetailsWithResponse(ctx, "CUST-1", paid.JSON201.PaymentId)
	if err != nil {
		panic(err)
	}
	fmt.Println(details.JSON200.Status)
	// Output:
	// 201 PROCESSING 250.00
	// webhook: PROCESSING
	// webhook: PAYOUT_INITIATED
	// webhook: PAYOUT_CREDITED
	// webhook: PAYMENT_COMPLETED
	// PAYMENT_COMPLETED
}
