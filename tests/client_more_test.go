package tests

import (
	"context"
	"net/http"
	"testing"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/gen/redpin"
)

// finzlyClientCases are the client cases of the Finzly operations beyond
// the first six, webhooks included (sent with the webhook client).
func finzlyClientCases(t *testing.T) []clientCase {
	type fcall = func(ctx context.Context, f *finzly.ClientWithResponses, body []byte) (any, error)
	c := func(op, method, path, query, req string, status int, resp string, call fcall) clientCase {
		return clientCase{provider: api.ProviderFinzly, op: op, method: method, path: path, query: query,
			requestSchema: req, status: status, responseSchema: resp,
			call: func(ctx context.Context, f *finzly.ClientWithResponses, _ *redpin.ClientWithResponses, body []byte) (any, error) {
				return call(ctx, f, body)
			}}
	}
	v5 := c("createCreditPaymentV5", http.MethodPost, "/v5/payments/credit", "", "V5CreditPaymentInstruction", 200, "V4PaymentResponse",
		func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
			key := testKey
			return response(f.CreateCreditPaymentV5WithResponse(ctx, &finzly.CreateCreditPaymentV5Params{IdempotentKey: &key},
				decodeInto[finzly.V5CreditPaymentInstruction](t, b)))
		})
	v5.header = map[string]string{"Idempotent-Key": testKey.String()}
	waterfall := c("createWaterfallTransfer", http.MethodPost, "/api/gateway/v1/payments/waterfall", "", "WaterfallTransferRequest", 201, "WaterfallTransferResponse",
		func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
			return response(f.CreateWaterfallTransferWithResponse(ctx, &finzly.CreateWaterfallTransferParams{IdempotentKey: testKey},
				decodeInto[finzly.WaterfallTransferRequest](t, b)))
		})
	waterfall.header = map[string]string{"Idempotent-Key": testKey.String()}
	waterfallConflict := c("createWaterfallTransfer conflict", http.MethodPost, "/api/gateway/v1/payments/waterfall", "", "WaterfallTransferRequest", 409, "WaterfallErrors",
		func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
			return response(f.CreateWaterfallTransferWithResponse(ctx, &finzly.CreateWaterfallTransferParams{IdempotentKey: testKey},
				decodeInto[finzly.WaterfallTransferRequest](t, b)))
		})
	waterfallConflict.header = waterfall.header
	hook := func(op, path, req string, call func(ctx context.Context, w *finzlywebhook.ClientWithResponses, b []byte) (any, error)) clientCase {
		return clientCase{provider: api.ProviderFinzly, op: op, method: http.MethodPost, path: path, requestSchema: req,
			status: 400, responseSchema: "WebhookFailure", hook: call}
	}
	return []clientCase{
		v5,
		c("createDebitPayment", http.MethodPost, "/v3/payments/debitrequest", "", "DebitPaymentRequest", 200, "PaymentResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
				return response(f.CreateDebitPaymentWithResponse(ctx, decodeInto[finzly.DebitPaymentRequest](t, b)))
			}),
		c("returnPayment", http.MethodPut, "/v3/payments/12930/return", "", "ReturnPaymentRequest", 200, "CancellationResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
				return response(f.ReturnPaymentWithResponse(ctx, "12930", decodeInto[finzly.ReturnPaymentRequest](t, b)))
			}),
		c("reversePayment", http.MethodPut, "/v3/payments/12930/reverse", "", "ReversePaymentRequest", 200, "CancellationResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
				return response(f.ReversePaymentWithResponse(ctx, "12930", decodeInto[finzly.ReversePaymentRequest](t, b)))
			}),
		waterfall, waterfallConflict,
		c("skipNextRecurrence", http.MethodPut, "/v1/recurrences/4066", "", "", 200, "RecurrenceResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.SkipNextRecurrenceWithResponse(ctx, 4066))
			}),
		c("cancelRecurrence", http.MethodDelete, "/v1/recurrences/4066", "cancelReason=moved&cancellationSource=teller", "", 200, "RecurrenceResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.CancelRecurrenceWithResponse(ctx, 4066, &finzly.CancelRecurrenceParams{CancelReason: ptr("moved"), CancellationSource: ptr("teller")}))
			}),
		c("updateRecurrence", http.MethodPatch, "/v1/recurrences/4066", "", "RecurrenceUpdate", 400, "RecurrenceFailure",
			func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
				return response(f.UpdateRecurrenceWithResponse(ctx, 4066, decodeInto[finzly.RecurrenceUpdate](t, b)))
			}),
		c("createBeneficiary", http.MethodPost, "/v1/customers/112344/beneficiary", "", "BeneficiaryRequest", 200, "BeneficiaryResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
				return response(f.CreateBeneficiaryWithResponse(ctx, "112344", decodeInto[finzly.BeneficiaryRequest](t, b)))
			}),
		c("updateBeneficiary", http.MethodPatch, "/v1/customers/112344/beneficiary/88231", "", "BeneficiaryUpdate", 200, "BeneficiaryResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
				return response(f.UpdateBeneficiaryWithResponse(ctx, "112344", "88231", decodeInto[finzly.BeneficiaryUpdate](t, b)))
			}),
		c("searchContacts", http.MethodGet, "/v2/customers/112344/contacts", "contactName=Cascade&page=1&limit=20", "", 200, "ContactSearchResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.SearchContactsWithResponse(ctx, "112344", &finzly.SearchContactsParams{ContactName: ptr("Cascade"), Page: 1, Limit: 20}))
			}),
		c("getContact", http.MethodGet, "/v2/customers/112344/contacts/88231", "", "", 200, "ContactResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.GetContactWithResponse(ctx, "112344", "88231"))
			}),
		c("searchAccounts", http.MethodGet, "/v2/customers/112344/accounts", "accountNumber=4401928374", "", 200, "AccountSearchResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.SearchAccountsWithResponse(ctx, "112344", &finzly.SearchAccountsParams{AccountNumber: ptr("4401928374")}))
			}),
		c("getAccount", http.MethodGet, "/v2/customers/112344/accounts/100245", "", "", 200, "AccountResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.GetAccountWithResponse(ctx, "112344", "100245"))
			}),
		c("getBankByRoutingNumber", http.MethodGet, "/v1/banks/021000021", "", "", 200, "RoutingNumberResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.GetBankByRoutingNumberWithResponse(ctx, "021000021"))
			}),
		c("searchBanksByRoutingNumber", http.MethodGet, "/v1/banks/search/021", "", "", 200, "RoutingNumberSearchResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.SearchBanksByRoutingNumberWithResponse(ctx, "021"))
			}),
		c("searchBanks", http.MethodGet, "/v1/banks", "bankId=COBADEFFXXX&bankIdType=BIC", "", 200, "BankInfoResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.SearchBanksWithResponse(ctx, &finzly.SearchBanksParams{BankId: "COBADEFFXXX", BankIdType: finzly.BankLookupIdTypeBIC}))
			}),
		c("createFXQuote", http.MethodPost, "/v2/fx/quote", "", "FXQuoteRequest", 200, "FXQuoteResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
				return response(f.CreateFXQuoteWithResponse(ctx, decodeInto[finzly.FXQuoteRequest](t, b)))
			}),
		c("acceptFXQuote", http.MethodPut, "/v2/fx/accept", "", "FXAcceptRequest", 200, "FXAcceptResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, b []byte) (any, error) {
				return response(f.AcceptFXQuoteWithResponse(ctx, decodeInto[finzly.FXAcceptRequest](t, b)))
			}),
		c("rejectFXQuote", http.MethodPut, "/v2/fx/0b6f1f5e-7c2a-4d8e-9a51-3f0c2b7d9e41/reject", "", "", 200, "FXRejectResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.RejectFXQuoteWithResponse(ctx, "0b6f1f5e-7c2a-4d8e-9a51-3f0c2b7d9e41"))
			}),
		c("getFXTrade", http.MethodGet, "/v2/fx/5512093", "", "", 200, "FXTradeResponse",
			func(ctx context.Context, f *finzly.ClientWithResponses, _ []byte) (any, error) {
				return response(f.GetFXTradeWithResponse(ctx, "5512093"))
			}),
		hook("finzlyPaymentStatusWebhook", "/payments", "PaymentStatusEvent",
			func(ctx context.Context, w *finzlywebhook.ClientWithResponses, b []byte) (any, error) {
				return response(w.FinzlyPaymentStatusWebhookWithResponse(ctx, decodeInto[finzlywebhook.PaymentStatusEvent](t, b)))
			}),
		hook("finzlyTransactionUpdateWebhook", "/transaction/webhook", "TransactionUpdateEvent",
			func(ctx context.Context, w *finzlywebhook.ClientWithResponses, b []byte) (any, error) {
				return response(w.FinzlyTransactionUpdateWebhookWithResponse(ctx, decodeInto[finzlywebhook.TransactionUpdateEvent](t, b)))
			}),
	}
}
