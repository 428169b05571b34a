package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/money"
)

// finzlyServer records which ServerInterface method each request reached
// and with which decoded parameters.
type finzlyServer struct {
	calls []string
	key   string
	uid   string
	body  finzly.CreditPaymentInstruction
}

var _ finzly.ServerInterface = (*finzlyServer)(nil)

func (s *finzlyServer) reply(w http.ResponseWriter, op string, v any) {
	s.calls = append(s.calls, op)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (s *finzlyServer) CreateBookTransfer(w http.ResponseWriter, _ *http.Request) {
	s.reply(w, "createBookTransfer", finzly.BookTransferResponse{})
}

func (s *finzlyServer) CreateCreditPaymentV3(w http.ResponseWriter, _ *http.Request) {
	s.reply(w, "createCreditPaymentV3", finzly.PaymentResponse{})
}

func (s *finzlyServer) SearchPayments(w http.ResponseWriter, _ *http.Request) {
	s.reply(w, "searchPayments", finzly.PaymentSearchResponse{})
}

func (s *finzlyServer) GetPayment(w http.ResponseWriter, _ *http.Request, uid finzly.PaymentUID) {
	s.uid = uid
	s.reply(w, "getPayment", finzly.PaymentRecordResponse{})
}

func (s *finzlyServer) CancelPayment(w http.ResponseWriter, _ *http.Request, uid finzly.PaymentUID) {
	s.uid = uid
	s.reply(w, "cancelPayment", finzly.CancellationResponse{})
}

func (s *finzlyServer) CreateCreditPaymentV4(w http.ResponseWriter, r *http.Request, params finzly.CreateCreditPaymentV4Params) {
	if params.IdempotentKey != nil {
		s.key = params.IdempotentKey.String()
	}
	_ = json.NewDecoder(r.Body).Decode(&s.body)
	s.reply(w, "createCreditPaymentV4", finzly.V4PaymentResponse{Data: &finzly.V4PaymentData{PaymentUID: ptr("12930")}})
}

func ptr[T any](v T) *T { return &v }

// TestGeneratedServerAndClientAgree connects each generated client to the
// generated net/http server of the same spec and checks that every
// operation reaches its ServerInterface method with its parameters decoded.
func TestGeneratedServerAndClientAgree(t *testing.T) {
	ctx := context.Background()
	t.Run("finzly", func(t *testing.T) {
		impl := &finzlyServer{}
		srv := httptest.NewServer(finzly.Handler(impl))
		defer srv.Close()
		c, err := finzly.NewClientWithResponses(srv.URL)
		require.NoError(t, err)

		v4, err := c.CreateCreditPaymentV4WithResponse(ctx,
			&finzly.CreateCreditPaymentV4Params{IdempotentKey: &testKey},
			finzly.CreditPaymentInstruction{
				ExternalReferenceId: "INV-1", PaymentAmount: money.MustParse("10.50"), PaymentCurrency: "USD",
				Speed: "Instant", Sender: finzly.CreditSender{AccountUID: ptr[int64](7)},
			})
		require.NoError(t, err)
		require.NotNil(t, v4.JSON200)
		assert.Equal(t, "12930", *v4.JSON200.Data.PaymentUID)
		assert.Equal(t, testKey.String(), impl.key)
		assert.Equal(t, "10.50", impl.body.PaymentAmount.String())

		_, err = c.GetPaymentWithResponse(ctx, "12930")
		require.NoError(t, err)
		assert.Equal(t, "12930", impl.uid)
		_, err = c.CancelPaymentWithResponse(ctx, "555", finzly.CancelPaymentRequest{Notes: ptr("dup")})
		require.NoError(t, err)
		assert.Equal(t, "555", impl.uid)
		_, err = c.CreateCreditPaymentV3WithResponse(ctx, finzly.CreditPaymentRequest{})
		require.NoError(t, err)
		_, err = c.CreateBookTransferWithResponse(ctx, finzly.BookTransferRequest{})
		require.NoError(t, err)
		_, err = c.SearchPaymentsWithResponse(ctx, finzly.PaymentSearch{Page: 1, Limit: 10})
		require.NoError(t, err)

		assert.Equal(t, []string{"createCreditPaymentV4", "getPayment", "cancelPayment",
			"createCreditPaymentV3", "createBookTransfer", "searchPayments"}, impl.calls)
	})
	t.Run("redpin", func(t *testing.T) {
		impl := &redpinServer{}
		srv := httptest.NewServer(redpin.Handler(impl))
		defer srv.Close()
		c, err := redpin.NewClientWithResponses(srv.URL)
		require.NoError(t, err)

		_, err = c.CreatePaymentWithResponse(ctx, "cust-1", redpin.CreatePaymentRequest{})
		require.NoError(t, err)
		_, err = c.GetPaymentDetailsWithResponse(ctx, "cust-1", "pay-2")
		require.NoError(t, err)
		_, err = c.GetBankTransferInstructionsWithResponse(ctx, "cust-1", "pay-3",
			&redpin.GetBankTransferInstructionsParams{FromCountry: "IRL"})
		require.NoError(t, err)
		_, err = c.CreateQuoteWithResponse(ctx, "cust-1", redpin.CreateQuoteRequest{})
		require.NoError(t, err)
		_, err = c.CreateRecipientWithResponse(ctx, "cust-1", redpin.CreateRecipientRequest{})
		require.NoError(t, err)
		_, err = c.ListRecipientsWithResponse(ctx, "cust-1", &redpin.ListRecipientsParams{Page: ptr[int32](2), Limit: ptr[int32](25)})
		require.NoError(t, err)
		_, err = c.GetRecipientWithResponse(ctx, "cust-1", "rec/4")
		require.NoError(t, err)
		_, err = c.UpdateRecipientAccountWithResponse(ctx, "cust-1", "rec-5", redpin.UpdateRecipientAccountRequest{})
		require.NoError(t, err)
		_, err = c.CreateThirdPartyCustomerWithResponse(ctx, "cust-1", redpin.CreateThirdPartyCustomerRequest{})
		require.NoError(t, err)
		_, err = c.ListCurrenciesWithResponse(ctx)
		require.NoError(t, err)
		_, err = c.ListTransactionPurposesWithResponse(ctx)
		require.NoError(t, err)
		_, err = c.CreatePaymentSessionWithResponse(ctx, "cust-1", redpin.CreatePaymentSessionRequest{})
		require.NoError(t, err)
		_, err = c.ListPaymentSessionsWithResponse(ctx, "cust-1", &redpin.ListPaymentSessionsParams{ClientReferenceId: ptr("PLOT-14")})
		require.NoError(t, err)

		assert.Equal(t, []string{
			"createPayment cust-1", "getPaymentDetails cust-1 pay-2",
			"getBankTransferInstructions cust-1 pay-3 IRL", "createQuote cust-1",
			"createRecipient cust-1", "listRecipients cust-1 page 2 limit 25", "getRecipient cust-1 rec/4",
			"updateRecipientAccount cust-1 rec-5", "createThirdPartyCustomer cust-1", "listCurrencies",
			"listTransactionPurposes", "createPaymentSession cust-1", "listPaymentSessions cust-1 ref PLOT-14",
		}, impl.calls)
	})
	t.Run("redpin webhooks", func(t *testing.T) {
		impl := &webhookReceiver{}
		srv := httptest.NewServer(redpinwebhook.Handler(impl))
		defer srv.Close()
		c, err := redpinwebhook.NewClientWithResponses(srv.URL)
		require.NoError(t, err)

		r1, err := c.RedpinPaymentStatusWebhookWithResponse(ctx, redpinwebhook.PaymentStatusEvent{
			EventId: "1", PaymentId: "123456", Status: "RECEIVED_FUNDS", CustomerId: "C1",
			Data: redpinwebhook.PaymentStatusData{Amount: &redpinwebhook.Amount{Currency: "GBP", Value: money.MustParse("8583.10")}},
		})
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, r1.StatusCode())
		_, err = c.RedpinPaymentStatusEnvelopeWebhookWithResponse(ctx, redpinwebhook.PaymentStatusEnvelopeEvent{
			EventId: "2", EventType: "PAYMENT STATUS", Version: "v1.0.0",
			Data: redpinwebhook.PaymentStatusEnvelopeData{PaymentId: "123456", Status: "PAYOUT_CREDITED", CustomerId: "C1"},
		})
		require.NoError(t, err)
		_, err = c.RedpinCustomerStatusWebhookWithResponse(ctx, redpinwebhook.CustomerStatusEvent{
			CustomerId: "C1", Status: redpinwebhook.CustomerStatusInactive, UniqueIdentifier: "u-1",
		})
		require.NoError(t, err)
		_, err = c.RedpinThirdPartyCustomerStatusWebhookWithResponse(ctx, redpinwebhook.ThirdPartyCustomerStatusEvent{
			EventId: "3", CustomerId: "C1", ClientCustomerRef: "TP-1", Status: "REJECTED",
		})
		require.NoError(t, err)
		_, err = c.RedpinThirdPartyCustomerStatusEnvelopeWebhookWithResponse(ctx, redpinwebhook.ThirdPartyCustomerStatusEnvelopeEvent{
			EventId: "4", EventType: redpinwebhook.ThirdPartyEventTypeTHIRDPARTYCUSTOMERSTATUS, Version: "v1.0.0",
			Data: redpinwebhook.ThirdPartyCustomerStatusData{CustomerId: "C1", ClientCustomerRef: "TP-2", Status: "APPROVED"},
		})
		require.NoError(t, err)

		assert.Equal(t, []string{
			"payment status 123456 RECEIVED_FUNDS 8583.10", "payment status envelope 123456 PAYOUT_CREDITED",
			"customer status C1 inactive", "third-party customer status TP-1 REJECTED",
			"third-party customer status envelope TP-2 APPROVED",
		}, impl.calls)
	})
}

// webhookReceiver is a receiver-side implementation of the webhooks Redpin
// sends; it records what each decoded event said.
type webhookReceiver struct{ calls []string }

var _ redpinwebhook.ServerInterface = (*webhookReceiver)(nil)

// receive decodes the event into a T, acknowledges it with 200 and records
// what describe says of it.
func receive[T any](s *webhookReceiver, w http.ResponseWriter, r *http.Request, describe func(T) string) {
	var event T
	if err := json.NewDecoder(r.Body).Decode(&event); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
	s.calls = append(s.calls, describe(event))
}

func (s *webhookReceiver) RedpinPaymentStatusWebhook(w http.ResponseWriter, r *http.Request) {
	receive(s, w, r, func(e redpinwebhook.PaymentStatusEvent) string {
		return "payment status " + e.PaymentId + " " + e.Status + " " + e.Data.Amount.Value.String()
	})
}

func (s *webhookReceiver) RedpinPaymentStatusEnvelopeWebhook(w http.ResponseWriter, r *http.Request) {
	receive(s, w, r, func(e redpinwebhook.PaymentStatusEnvelopeEvent) string {
		return "payment status envelope " + e.Data.PaymentId + " " + e.Data.Status
	})
}

func (s *webhookReceiver) RedpinCustomerStatusWebhook(w http.ResponseWriter, r *http.Request) {
	receive(s, w, r, func(e redpinwebhook.CustomerStatusEvent) string {
		return "customer status " + e.CustomerId + " " + string(e.Status)
	})
}

func (s *webhookReceiver) RedpinThirdPartyCustomerStatusWebhook(w http.ResponseWriter, r *http.Request) {
	receive(s, w, r, func(e redpinwebhook.ThirdPartyCustomerStatusEvent) string {
		return "third-party customer status " + e.ClientCustomerRef + " " + e.Status
	})
}

func (s *webhookReceiver) RedpinThirdPartyCustomerStatusEnvelopeWebhook(w http.ResponseWriter, r *http.Request) {
	receive(s, w, r, func(e redpinwebhook.ThirdPartyCustomerStatusEnvelopeEvent) string {
		return "third-party customer status envelope " + e.Data.ClientCustomerRef + " " + e.Data.Status
	})
}

type redpinServer struct{ calls []string }

var _ redpin.ServerInterface = (*redpinServer)(nil)

func (s *redpinServer) record(w http.ResponseWriter, call string) {
	s.calls = append(s.calls, call)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{}`))
}

func (s *redpinServer) CreatePayment(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId) {
	s.record(w, "createPayment "+customer)
}

func (s *redpinServer) GetPaymentDetails(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId, payment redpin.PaymentId) {
	s.record(w, "getPaymentDetails "+customer+" "+payment)
}

func (s *redpinServer) GetBankTransferInstructions(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId, payment redpin.PaymentId, params redpin.GetBankTransferInstructionsParams) {
	s.record(w, "getBankTransferInstructions "+customer+" "+payment+" "+params.FromCountry)
}

func (s *redpinServer) CreateQuote(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId) {
	s.record(w, "createQuote "+customer)
}

func (s *redpinServer) CreateRecipient(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId) {
	s.record(w, "createRecipient "+customer)
}

func (s *redpinServer) ListRecipients(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId, params redpin.ListRecipientsParams) {
	s.record(w, fmt.Sprintf("listRecipients %s page %d limit %d", customer, *params.Page, *params.Limit))
}

func (s *redpinServer) GetRecipient(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId, recipient redpin.RecipientId) {
	s.record(w, "getRecipient "+customer+" "+recipient)
}

func (s *redpinServer) UpdateRecipientAccount(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId, recipient redpin.RecipientId) {
	s.record(w, "updateRecipientAccount "+customer+" "+recipient)
}

func (s *redpinServer) CreateThirdPartyCustomer(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId) {
	s.record(w, "createThirdPartyCustomer "+customer)
}

func (s *redpinServer) ListCurrencies(w http.ResponseWriter, _ *http.Request) {
	s.record(w, "listCurrencies")
}

func (s *redpinServer) ListTransactionPurposes(w http.ResponseWriter, _ *http.Request) {
	s.record(w, "listTransactionPurposes")
}

func (s *redpinServer) CreatePaymentSession(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId) {
	s.record(w, "createPaymentSession "+customer)
}

func (s *redpinServer) ListPaymentSessions(w http.ResponseWriter, _ *http.Request, customer redpin.CustomerId, params redpin.ListPaymentSessionsParams) {
	s.record(w, "listPaymentSessions "+customer+" ref "+*params.ClientReferenceId)
}

// TestEnumConstantsCannotCollide shows two enums sharing the value GL as
// distinct, type-prefixed constants.
func TestEnumConstantsCannotCollide(t *testing.T) {
	assert.IsType(t, finzly.AccountType(""), finzly.AccountTypeGL)
	assert.IsType(t, finzly.SubAccountType(""), finzly.SubAccountTypeGL)
	assert.Equal(t, "GL", string(finzly.AccountTypeGL))
	assert.Equal(t, "GL", string(finzly.SubAccountTypeGL))
	assert.True(t, finzly.BankIdTypeSWIFT.Valid())
	assert.False(t, finzly.BankIdType("BIC").Valid(), "the receiver bank uses SWIFT, the sender BIC")
	assert.True(t, finzly.SenderBankIdTypeBIC.Valid())
}
