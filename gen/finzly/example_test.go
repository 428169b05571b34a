package finzly_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/google/uuid"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
)

// ptr returns a pointer to v, for the optional fields of generated types.
func ptr[T any](v T) *T { return &v }

// fakeFinzly stands in for a Finzly sandbox: it prints what it received and
// answers with reply.
func fakeFinzly(reply string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s\n", r.Method, r.URL.Path)
		if key := r.Header.Get("Idempotent-Key"); key != "" {
			fmt.Printf("Idempotent-Key: %s\n", key)
		}
		fmt.Printf("%s\n", body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, reply)
	}))
}

// A Fedwire payment whose sender is not in the bank's CRM and whose receiver
// is, sent with an idempotency key.
func ExampleClientWithResponses_CreateCreditPaymentV4WithResponse() {
	srv := fakeFinzly(`{"data":{"paymentUID":"12930","paymentStatus":"INITIATED"},"errors":[]}`)
	defer srv.Close()

	client, err := finzly.NewClientWithResponses(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	payment := finzly.CreditPaymentInstruction{
		ExternalReferenceId: "INV-77812",
		PaymentAmount:       money.MustParse("1234567.89"),
		PaymentCurrency:     "USD",
		Speed:               "Express",
		PaymentNotes:        ptr("Invoice 77812"),
		// Sender not in CRM: every detail spelled out.
		Sender: finzly.CreditSender{
			AccountNumber: ptr("4401928374"),
			AccountType:   ptr(finzly.AccountTypeDeposit),
			Name:          ptr("Harbor Freight Logistics LLC"),
			EntityType:    ptr(finzly.EntityTypeCorporate),
			BankIdType:    ptr(finzly.SenderBankIdTypeNID),
			BankId:        ptr("021000021"),
			Address: &finzly.SenderAddress{
				AddressLine1: ptr("200 Pier Street"),
				City:         ptr("Baltimore"),
				CountryCode:  ptr("US"),
			},
		},
		// Beneficiary in CRM: its contact id is enough.
		Receiver: &finzly.CreditReceiver{BeneficiaryId: ptr[int64](88231)},
		// Fedwire-specific details.
		AdditionalInfo: &finzly.CreditAdditionalInfo{
			ReferenceForBeneficiary: ptr("INV77812"),
			DetailsOfCharges:        ptr("SHA"),
		},
	}
	params := &finzly.CreateCreditPaymentV4Params{
		IdempotentKey: ptr(uuid.MustParse("123e4567-e89b-12d3-a456-426614174000")),
	}

	resp, err := client.CreateCreditPaymentV4WithResponse(context.Background(), params, payment)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode(), *resp.JSON200.Data.PaymentUID, *resp.JSON200.Data.PaymentStatus)
	// Output:
	// POST /v4/payments/credit
	// Idempotent-Key: 123e4567-e89b-12d3-a456-426614174000
	// {"additionalInfo":{"detailsOfCharges":"SHA","referenceForBeneficiary":"INV77812"},"externalReferenceId":"INV-77812","paymentAmount":1234567.89,"paymentCurrency":"USD","paymentNotes":"Invoice 77812","receiver":{"beneficiaryId":88231},"sender":{"accountNumber":"4401928374","accountType":"Deposit","address":{"addressLine1":"200 Pier Street","city":"Baltimore","countryCode":"US"},"bankId":"021000021","bankIdType":"NID","entityType":"Corporate","name":"Harbor Freight Logistics LLC"},"speed":"Express"}
	// 200 12930 INITIATED
}

// An ACH (Economy) payment from an account in the bank's CRM to a receiver
// that is not, with the ACH-specific SEC code. The JSON is what the client
// sends.
func ExampleCreditPaymentInstruction_senderInCRM() {
	payment := finzly.CreditPaymentInstruction{
		ExternalReferenceId: "PAYROLL-2026-11-0042",
		PaymentAmount:       money.MustParse("2450.00"),
		PaymentCurrency:     "USD",
		PaymentDate:         ptr("11-24-2026"),
		Speed:               "Economy",
		PaymentNotes:        ptr("Payroll"),
		// Sender in CRM: the account id is enough.
		Sender: finzly.CreditSender{AccountUID: ptr[int64](100245)},
		// Beneficiary not in CRM: account, currency, name and bank.
		Receiver: &finzly.CreditReceiver{
			AccountNumber:   ptr("7766554433"),
			AccountType:     ptr(finzly.AccountTypeDeposit),
			SubAccountType:  ptr(finzly.SubAccountTypeChecking),
			AccountCurrency: ptr("USD"),
			Name:            ptr("Maria Alvarez"),
			Bank: &finzly.ReceiverBank{
				BankIdType: finzly.BankIdTypeNID,
				BankId:     ptr("011000015"),
			},
		},
		AdditionalInfo: &finzly.CreditAdditionalInfo{SecCode: ptr("PPD")},
	}
	out, err := json.MarshalIndent(payment, "", "  ")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// {
	//   "additionalInfo": {
	//     "secCode": "PPD"
	//   },
	//   "externalReferenceId": "PAYROLL-2026-11-0042",
	//   "paymentAmount": 2450.00,
	//   "paymentCurrency": "USD",
	//   "paymentDate": "11-24-2026",
	//   "paymentNotes": "Payroll",
	//   "receiver": {
	//     "accountCurrency": "USD",
	//     "accountNumber": "7766554433",
	//     "accountType": "Deposit",
	//     "bank": {
	//       "bankId": "011000015",
	//       "bankIdType": "NID"
	//     },
	//     "name": "Maria Alvarez",
	//     "subAccountType": "Checking"
	//   },
	//   "sender": {
	//     "accountUID": 100245
	//   },
	//   "speed": "Economy"
	// }
}

// A book transfer between two accounts of the same bank: one identified by
// its CRM id, the other by its number.
func ExampleClientWithResponses_CreateBookTransferWithResponse() {
	srv := fakeFinzly(`{"status":"Success","data":{"paymentUID":"377300","paymentStatus":"PROCESSED","externalReferenceId":"SWEEP-20261124-01"}}`)
	defer srv.Close()

	client, err := finzly.NewClientWithResponses(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	transfer := finzly.BookTransferRequest{
		ExternalReferenceId: "SWEEP-20261124-01",
		PaymentAmount:       money.MustParse("25000.00"),
		PaymentDate:         "11-24-2026",
		PaymentNotes:        ptr("Daily sweep to savings"),
		SenderAccount:       finzly.BookTransferAccount{AccountUID: ptr("10024")},
		ReceiverAccount: finzly.BookTransferAccount{
			AccountNumber:  ptr("5500112233"),
			AccountType:    ptr(finzly.BookAccountTypeDeposit),
			AccountSubType: ptr(finzly.SubAccountTypeSavings),
		},
	}
	resp, err := client.CreateBookTransferWithResponse(context.Background(), transfer)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode(), *resp.JSON200.Status, *resp.JSON200.Data.PaymentUID)
	// Output:
	// POST /v3/payments/booktransfer
	// {"externalReferenceId":"SWEEP-20261124-01","paymentAmount":25000.00,"paymentDate":"11-24-2026","paymentNotes":"Daily sweep to savings","receiverAccount":{"accountNumber":"5500112233","accountSubType":"Savings","accountType":"Deposit"},"senderAccount":{"accountUID":"10024"}}
	// 200 Success 377300
}
