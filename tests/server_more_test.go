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
	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/money"
)

// The ServerInterface methods of the Finzly operations beyond the first
// six: each records its operation id and decoded parameters.

func (s *finzlyServer) CreateCreditPaymentV5(w http.ResponseWriter, _ *http.Request, params finzly.CreateCreditPaymentV5Params) {
	s.reply(w, fmt.Sprintf("createCreditPaymentV5 key=%v", params.IdempotentKey != nil), finzly.V4PaymentResponse{})
}

func (s *finzlyServer) CreateDebitPayment(w http.ResponseWriter, _ *http.Request) {
	s.reply(w, "createDebitPayment", finzly.PaymentResponse{})
}

func (s *finzlyServer) ReturnPayment(w http.ResponseWriter, _ *http.Request, uid finzly.PaymentUID) {
	s.reply(w, "returnPayment "+uid, finzly.CancellationResponse{})
}

func (s *finzlyServer) ReversePayment(w http.ResponseWriter, _ *http.Request, uid finzly.PaymentUID) {
	s.reply(w, "reversePayment "+uid, finzly.CancellationResponse{})
}

func (s *finzlyServer) CreateWaterfallTransfer(w http.ResponseWriter, _ *http.Request, params finzly.CreateWaterfallTransferParams) {
	s.reply(w, "createWaterfallTransfer "+params.IdempotentKey.String(), finzly.WaterfallTransferResponse{})
}

func (s *finzlyServer) SkipNextRecurrence(w http.ResponseWriter, _ *http.Request, id int64) {
	s.reply(w, fmt.Sprintf("skipNextRecurrence %d", id), finzly.RecurrenceResponse{})
}

func (s *finzlyServer) CancelRecurrence(w http.ResponseWriter, _ *http.Request, id int64, params finzly.CancelRecurrenceParams) {
	s.reply(w, fmt.Sprintf("cancelRecurrence %d %s", id, deref(params.CancelReason)), finzly.RecurrenceResponse{})
}

func (s *finzlyServer) UpdateRecurrence(w http.ResponseWriter, _ *http.Request, id int64) {
	s.reply(w, fmt.Sprintf("updateRecurrence %d", id), finzly.RecurrenceResponse{})
}

func (s *finzlyServer) CreateBeneficiary(w http.ResponseWriter, _ *http.Request, customer finzly.BeneficiaryOwnerId) {
	s.reply(w, "createBeneficiary "+customer, finzly.BeneficiaryResponse{})
}

func (s *finzlyServer) UpdateBeneficiary(w http.ResponseWriter, _ *http.Request, customer finzly.BeneficiaryOwnerId, contact string) {
	s.reply(w, "updateBeneficiary "+customer+" "+contact, finzly.BeneficiaryResponse{})
}

func (s *finzlyServer) SearchContacts(w http.ResponseWriter, _ *http.Request, customer finzly.CustomerUID, params finzly.SearchContactsParams) {
	s.reply(w, fmt.Sprintf("searchContacts %s %d %d %s", customer, params.Page, params.Limit, deref(params.ContactName)), finzly.ContactSearchResponse{})
}

func (s *finzlyServer) GetContact(w http.ResponseWriter, _ *http.Request, customer finzly.CustomerUID, contact string) {
	s.reply(w, "getContact "+customer+" "+contact, finzly.ContactResponse{})
}

func (s *finzlyServer) SearchAccounts(w http.ResponseWriter, _ *http.Request, customer finzly.CustomerUID, params finzly.SearchAccountsParams) {
	s.reply(w, "searchAccounts "+customer+" "+deref(params.AccountNumber), finzly.AccountSearchResponse{})
}

func (s *finzlyServer) GetAccount(w http.ResponseWriter, _ *http.Request, customer finzly.CustomerUID, account string) {
	s.reply(w, "getAccount "+customer+" "+account, finzly.AccountResponse{})
}

func (s *finzlyServer) GetBankByRoutingNumber(w http.ResponseWriter, _ *http.Request, routing string) {
	s.reply(w, "getBankByRoutingNumber "+routing, finzly.RoutingNumberResponse{})
}

func (s *finzlyServer) SearchBanksByRoutingNumber(w http.ResponseWriter, _ *http.Request, routing string) {
	s.reply(w, "searchBanksByRoutingNumber "+routing, finzly.RoutingNumberSearchResponse{})
}

func (s *finzlyServer) SearchBanks(w http.ResponseWriter, _ *http.Request, params finzly.SearchBanksParams) {
	s.reply(w, "searchBanks "+params.BankId+" "+string(params.BankIdType)+" "+deref(params.CountryCode), finzly.BankInfoResponse{})
}

func (s *finzlyServer) CreateFXQuote(w http.ResponseWriter, _ *http.Request) {
	s.reply(w, "createFXQuote", finzly.FXQuoteResponse{})
}

func (s *finzlyServer) AcceptFXQuote(w http.ResponseWriter, _ *http.Request) {
	s.reply(w, "acceptFXQuote", finzly.FXAcceptResponse{})
}

func (s *finzlyServer) RejectFXQuote(w http.ResponseWriter, _ *http.Request, quote string) {
	s.reply(w, "rejectFXQuote "+quote, finzly.FXRejectResponse{})
}

func (s *finzlyServer) GetFXTrade(w http.ResponseWriter, _ *http.Request, contract string) {
	s.reply(w, "getFXTrade "+contract, finzly.FXTradeResponse{})
}

func deref(p *string) string {
	if p == nil {
		return "-"
	}
	return *p
}

// TestGeneratedServerAndClientAgreeOnEveryFinzlyOperation drives the
// operations beyond the first six through the generated client into the
// generated server and checks the parameters each method receives.
func TestGeneratedServerAndClientAgreeOnEveryFinzlyOperation(t *testing.T) {
	ctx := context.Background()
	impl := &finzlyServer{}
	srv := httptest.NewServer(finzly.Handler(impl))
	defer srv.Close()
	c, err := finzly.NewClientWithResponses(srv.URL)
	require.NoError(t, err)

	calls := []func() (any, error){
		func() (any, error) {
			return response(c.CreateCreditPaymentV5WithResponse(ctx, &finzly.CreateCreditPaymentV5Params{IdempotentKey: &testKey},
				finzly.CreditPaymentInstruction{ExternalReferenceId: "R-1", PaymentAmount: money.MustParse("1.00"), PaymentCurrency: "USD", Speed: "Economy"}))
		},
		func() (any, error) {
			return response(c.CreateDebitPaymentWithResponse(ctx, finzly.DebitPaymentRequest{}))
		},
		func() (any, error) {
			return response(c.ReturnPaymentWithResponse(ctx, "555", finzly.ReturnPaymentRequest{ReturnCode: ptr(finzly.ReturnCodeAC03)}))
		},
		func() (any, error) {
			return response(c.ReversePaymentWithResponse(ctx, "556", finzly.ReversePaymentRequest{ReversalNotes: "dup"}))
		},
		func() (any, error) {
			return response(c.CreateWaterfallTransferWithResponse(ctx, &finzly.CreateWaterfallTransferParams{IdempotentKey: testKey}, finzly.WaterfallTransferRequest{}))
		},
		func() (any, error) { return response(c.SkipNextRecurrenceWithResponse(ctx, 4066)) },
		func() (any, error) {
			return response(c.CancelRecurrenceWithResponse(ctx, 4067, &finzly.CancelRecurrenceParams{CancelReason: ptr("moved")}))
		},
		func() (any, error) {
			return response(c.UpdateRecurrenceWithResponse(ctx, 4068, finzly.RecurrenceUpdate{Frequency: ptr("Weekly")}))
		},
		func() (any, error) {
			return response(c.CreateBeneficiaryWithResponse(ctx, "C1", finzly.BeneficiaryRequest{}))
		},
		func() (any, error) {
			return response(c.UpdateBeneficiaryWithResponse(ctx, "C1", "88231", finzly.BeneficiaryUpdate{}))
		},
		func() (any, error) {
			return response(c.SearchContactsWithResponse(ctx, "112344", &finzly.SearchContactsParams{Page: 2, Limit: 50, ContactName: ptr("Cascade")}))
		},
		func() (any, error) { return response(c.GetContactWithResponse(ctx, "112344", "88231")) },
		func() (any, error) {
			return response(c.SearchAccountsWithResponse(ctx, "112344", &finzly.SearchAccountsParams{AccountNumber: ptr("4401928374")}))
		},
		func() (any, error) { return response(c.GetAccountWithResponse(ctx, "112344", "100245")) },
		func() (any, error) { return response(c.GetBankByRoutingNumberWithResponse(ctx, "021000021")) },
		func() (any, error) { return response(c.SearchBanksByRoutingNumberWithResponse(ctx, "0210")) },
		func() (any, error) {
			return response(c.SearchBanksWithResponse(ctx, &finzly.SearchBanksParams{BankId: "DE89370400440532013000",
				BankIdType: finzly.BankLookupIdTypeIBAN, CountryCode: ptr("DE")}))
		},
		func() (any, error) { return response(c.CreateFXQuoteWithResponse(ctx, finzly.FXQuoteRequest{})) },
		func() (any, error) {
			return response(c.AcceptFXQuoteWithResponse(ctx, finzly.FXAcceptRequest{QuoteUUID: "q-1"}))
		},
		func() (any, error) { return response(c.RejectFXQuoteWithResponse(ctx, "q-2")) },
		func() (any, error) { return response(c.GetFXTradeWithResponse(ctx, "5512093")) },
	}
	for i, call := range calls {
		_, err := call()
		require.NoError(t, err, "call %d", i)
	}
	assert.Equal(t, []string{
		"createCreditPaymentV5 key=true", "createDebitPayment", "returnPayment 555", "reversePayment 556",
		"createWaterfallTransfer " + testKey.String(), "skipNextRecurrence 4066", "cancelRecurrence 4067 moved",
		"updateRecurrence 4068", "createBeneficiary C1", "updateBeneficiary C1 88231",
		"searchContacts 112344 2 50 Cascade", "getContact 112344 88231", "searchAccounts 112344 4401928374",
		"getAccount 112344 100245", "getBankByRoutingNumber 021000021", "searchBanksByRoutingNumber 0210",
		"searchBanks DE89370400440532013000 IBAN DE", "createFXQuote", "acceptFXQuote", "rejectFXQuote q-2",
		"getFXTrade 5512093",
	}, impl.calls)
}

// finzlyWebhookReceiver is a bank's receiver of Finzly's notifications, built on
// the generated webhook ServerInterface.
type finzlyWebhookReceiver struct{ got []string }

var _ finzlywebhook.ServerInterface = (*finzlyWebhookReceiver)(nil)

func (s *finzlyWebhookReceiver) FinzlyPaymentStatusWebhook(w http.ResponseWriter, r *http.Request) {
	var ev finzlywebhook.PaymentStatusEvent
	if decodeStrict(r, &ev) != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	s.got = append(s.got, fmt.Sprintf("payment %d %s %s", *ev.PaymentId, *ev.PaymentStatus, ev.SenderAmount.String()))
	w.WriteHeader(http.StatusOK)
}

func (s *finzlyWebhookReceiver) FinzlyTransactionUpdateWebhook(w http.ResponseWriter, r *http.Request) {
	var ev finzlywebhook.TransactionUpdateEvent
	if decodeStrict(r, &ev) != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	s.got = append(s.got, fmt.Sprintf("transaction %d %s", *ev.Data.TransactionId, *ev.Data.TransactionStatus))
	w.WriteHeader(http.StatusOK)
}

// TestWebhookClientAndReceiverAgree posts the spec's webhook examples with
// the generated webhook client to a receiver built on the generated webhook
// server, as Finzly (or a sandbox) would.
func TestWebhookClientAndReceiverAgree(t *testing.T) {
	ctx := context.Background()
	recv := &finzlyWebhookReceiver{}
	srv := httptest.NewServer(finzlywebhook.Handler(recv))
	defer srv.Close()
	c, err := finzlywebhook.NewClientWithResponses(srv.URL)
	require.NoError(t, err)

	ev := decodeInto[finzlywebhook.PaymentStatusEvent](t, schemaExample(t, "finzly", "PaymentStatusEvent"))
	resp, err := c.FinzlyPaymentStatusWebhookWithResponse(ctx, ev)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode())
	tx := decodeInto[finzlywebhook.TransactionUpdateEvent](t, schemaExample(t, "finzly", "TransactionUpdateEvent"))
	resp2, err := c.FinzlyTransactionUpdateWebhookWithResponse(ctx, tx)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp2.StatusCode())
	assert.Equal(t, []string{"payment 12930 PROCESSED 1234567.89", "transaction 7094 PROCESSED"}, recv.got)
}

// decodeStrict decodes a request body, refusing members the type does not
// know.
func decodeStrict(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
