package redpinclient_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/redpinclient"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
)

// fakeRedpin stands in for Redpin and its token endpoint. Its payee check
// refuses the first payment (ANNM, no match); the confirmed retry is
// accepted.
func fakeRedpin() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/token" {
			_, _ = io.WriteString(w, `{"access_token":"eyJhbGciOi...","token_type":"bearer","expires_in":3600}`)
			return
		}
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), "confirm_recipient") {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"code":"ANNM","description":"The account name does not match.","type":"Validation Error",`+
				`"recipient_check":{"request_identifier":"GB33BUKB20201555555555","event_id":"AG-20250612-000731"}}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"payment_id":"7a1c2f4e","instruction_number":"INS-1000482","status":"PROCESSING",`+
			`"amount":{"currency":"GBP","value":2500.00},"created_datetime":"2025-06-12T09:15:04Z",`+
			`"recipient_details":[{"recipient_id":"1668760","amount":{"currency":"GBP","value":2500.00}}],"client_reference_id":"PO-88215"}`)
	}))
}

// A Redpin payment end to end, through a Confirmation of Payee refusal:
// the refusal is a *ConfirmationError, and ConfirmPayment sends the same
// payment (same client_reference_id) with confirm_recipient filled in.
func ExampleClient_CreatePayment() {
	rp := fakeRedpin()
	defer rp.Close()
	ctx := context.Background()

	c, err := redpinclient.New(ctx, redpinclient.Config{
		BaseURL:     rp.URL,            // https://api.redpincompany.com
		TokenURL:    rp.URL + "/token", // default: the spec's token endpoint
		Credentials: client.Credentials{ClientID: "payments-service", ClientSecret: "from-your-vault"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	payment := redpin.CreatePaymentRequest{
		PurposeOfTransaction: "SUPPLIER_PAYMENT",
		Amount:               redpin.Amount{Currency: "GBP", Value: money.MustParse("2500.00")},
		RecipientDetails: []redpin.RecipientDetail{{
			RecipientId:      "1668760",
			Amount:           redpin.Amount{Currency: "GBP", Value: money.MustParse("2500.00")},
			PaymentReference: client.Ptr("INV 2025-0614"),
		}},
		ClientReferenceId: client.Ptr("PO-88215"),
	}
	res, err := c.CreatePayment(ctx, "CUST-0048213", payment)
	var check *redpinclient.ConfirmationError
	if errors.As(err, &check) {
		fmt.Println("payee check:", check.Err.Code)
		// Show the user the check's outcome; if they go on:
		res, err = c.ConfirmPayment(ctx, check, "OVERRIDE")
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.Value.PaymentId, res.Value.Status, res.Value.Amount.Value, res.IdempotencyKey)
	// Output:
	// payee check: ANNM
	// 201 7a1c2f4e PROCESSING 2500.00 PO-88215
}
