package redpin_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
)

// ptr returns a pointer to v, for the optional fields of generated types.
func ptr[T any](v T) *T { return &v }

// A cross-currency payment to two recipients whose amounts add up to the
// payment amount, converted with a quote obtained from createQuote.
func ExampleClientWithResponses_CreatePaymentWithResponse() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s\n%s\n", r.Method, r.URL.Path, body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"payment_id":"pay_7f3c","instruction_number":"INS-000123","status":"AWAITING_FUNDS",`+
			`"amount":{"currency":"GBP","value":50000.00},"created_datetime":"2026-11-21T10:15:00Z"}`)
	}))
	defer srv.Close()

	client, err := redpin.NewClientWithResponses(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	payment := redpin.CreatePaymentRequest{
		PurposeOfTransaction: "PROPERTY_PURCHASE",
		Amount:               redpin.Amount{Currency: "GBP", Value: money.MustParse("50000.00")},
		QuoteId:              ptr("qt_91ac"),
		ClientReferenceId:    ptr("COMPLETION-4471"),
		RecipientDetails: []redpin.RecipientDetail{
			{RecipientId: "1668758", Amount: redpin.Amount{Currency: "GBP", Value: money.MustParse("45000.00")}, PaymentReference: ptr("Completion 4471")},
			{RecipientId: "1668759", Amount: redpin.Amount{Currency: "GBP", Value: money.MustParse("5000.00")}},
		},
	}
	resp, err := client.CreatePaymentWithResponse(context.Background(), "cust-0042", payment)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode(), resp.JSON201.PaymentId, resp.JSON201.Status, resp.JSON201.Amount.Value)
	// Output:
	// POST /v3/customers/cust-0042/payments
	// {"amount":{"currency":"GBP","value":50000.00},"client_reference_id":"COMPLETION-4471","purpose_of_transaction":"PROPERTY_PURCHASE","quote_id":"qt_91ac","recipient_details":[{"amount":{"currency":"GBP","value":45000.00},"payment_reference":"Completion 4471","recipient_id":"1668758"},{"amount":{"currency":"GBP","value":5000.00},"recipient_id":"1668759"}]}
	// 201 pay_7f3c AWAITING_FUNDS 50000.00
}

// Adding a recipient whose bank is in a country without IBANs: account
// number and SWIFT code. A Confirmation of Payee mismatch would come back
// in the same answer, with code and recipient_check instead of the id.
func ExampleClientWithResponses_CreateRecipientWithResponse() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s\n%s\n", r.Method, r.URL.Path, body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"client_reference_id":"supplier-lion-city","recipient_id":"1668791"}`)
	}))
	defer srv.Close()

	client, err := redpin.NewClientWithResponses(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	recipient := redpin.CreateRecipientRequest{
		Name:               "Lion City Fabrication Pte Ltd",
		Type:               redpin.RecipientTypeCorporate,
		CountryCode:        "SGP",
		CustomerOwnAccount: redpin.CustomerOwnAccountNo,
		Address:            redpin.RecipientAddress{City: ptr("Singapore")},
		RecipientBankDetails: redpin.RecipientBankDetails{
			Currency: "SGD", AccountNumber: ptr("0721234567"), SwiftCode: ptr("DBSSSGSGXXX"),
		},
		ClientReferenceId: ptr("supplier-lion-city"),
	}
	resp, err := client.CreateRecipientWithResponse(context.Background(), "cust-0042", recipient)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode(), *resp.JSON201.RecipientId, resp.JSON201.RecipientCheck == nil)
	// Output:
	// POST /v2/customers/cust-0042/recipients
	// {"address":{"city":"Singapore"},"client_reference_id":"supplier-lion-city","country_code":"SGP","customer_own_account":"no","name":"Lion City Fabrication Pte Ltd","recipient_bank_details":{"account_number":"0721234567","currency":"SGD","swift_code":"DBSSSGSGXXX"},"type":"Corporate"}
	// 201 1668791 true
}
