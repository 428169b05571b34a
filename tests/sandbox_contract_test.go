package tests

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/validate"
)

// This file is the pattern a team copies to test its own payment code
// against the sandbox: start the sandbox, pay with the generated clients,
// advance the sandbox clock, read the webhooks a receiver of one's own
// took in, and assert the final status. The clients and the receiver
// judge the traffic with payspec's engine, as they would the provider's,
// and the tests assert that it found no problem of any severity.

// finzlyStatuses is a bank's receiver of Finzly's payment status
// notifications, built on the generated webhook interface. It keeps the
// statuses it was told of, by payment.
type finzlyStatuses struct {
	mu   sync.Mutex
	byID map[int64][]string
}

func (f *finzlyStatuses) FinzlyPaymentStatusWebhook(w http.ResponseWriter, r *http.Request) {
	var ev finzlywebhook.PaymentStatusEvent
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil || ev.PaymentId == nil || ev.PaymentStatus == nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.byID[*ev.PaymentId] = append(f.byID[*ev.PaymentId], *ev.PaymentStatus)
	w.WriteHeader(http.StatusOK)
}

func (f *finzlyStatuses) FinzlyTransactionUpdateWebhook(w http.ResponseWriter, r *http.Request) {
	acknowledge(w, r)
}

func (f *finzlyStatuses) of(id int64) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.byID[id]...)
}

// drift keeps the problems payspec's engine found in what the sandbox
// sent: answers that break the spec fail the call itself, so what is kept
// here are the warnings, which a contract test expects none of.
type drift struct {
	mu  sync.Mutex
	got []string
}

func (d *drift) note(op validate.Operation, problems validate.Problems) {
	if len(problems) == 0 {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.got = append(d.got, op.ID+": "+problems.Error())
}

func (d *drift) found() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.got...)
}

// receiveWebhooks serves a webhook receiver behind payspec's middleware,
// which refuses a notification that breaks the spec before it reaches the
// receiver and notes any other problem in d.
func receiveWebhooks(t *testing.T, h http.Handler, d *drift) *httptest.Server {
	t.Helper()
	eng, err := validate.New(context.Background())
	require.NoError(t, err)
	srv := httptest.NewServer(eng.Middleware(h, validate.WithOperations(validate.WebhookOperations()),
		validate.WithUnmatched(validate.UnmatchedRefuse),
		validate.WithObserver(func(_ *http.Request, op validate.Operation, problems validate.Problems) { d.note(op, problems) })))
	t.Cleanup(srv.Close)
	return srv
}

// judged is an HTTP client of the sandbox that checks every exchange with
// payspec's engine: an answer that breaks the spec is an error of the
// call, and warnings are noted in d.
func judged(t *testing.T, next *http.Client, d *drift) *validate.Doer {
	t.Helper()
	eng, err := validate.New(context.Background())
	require.NoError(t, err)
	return &validate.Doer{Engine: eng, Next: next, OnWarnings: d.note}
}

func TestContractFinzlyWirePaymentSettles(t *testing.T) {
	statuses, d := &finzlyStatuses{byID: map[int64][]string{}}, &drift{}
	hooks := receiveWebhooks(t, finzlywebhook.Handler(statuses), d)
	// A Monday; the payment is dated for Wednesday. The sandbox clock is
	// pinned to it, so the dates stay valid.
	sb := sandbox.Start(t, sandbox.WithToday(time.Date(2030, 3, 4, 0, 0, 0, 0, time.UTC)), sandbox.WithWebhookURLs(hooks.URL))
	ctx := context.Background()
	fz, err := finzly.NewClientWithResponses(sb.FinzlyURL, finzly.WithHTTPClient(judged(t, sb.FinzlyHTTP, d)))
	require.NoError(t, err)

	resp, err := fz.CreateCreditPaymentV4WithResponse(ctx, &finzly.CreateCreditPaymentV4Params{}, finzly.CreditPaymentInstruction{
		ExternalReferenceId: "INV-1001", PaymentAmount: money.MustParse("2500.00"), PaymentCurrency: "USD",
		PaymentDate: ptr("03-06-2030"), Speed: "Express",
		// The sender is one of the accounts the sandbox keeps for every
		// customer: customer 112344's first account.
		Sender: finzly.CreditSender{AccountUID: ptr(int64(1123441))},
		Receiver: &finzly.CreditReceiver{AccountNumber: ptr("009182736455"), AccountCurrency: ptr("USD"),
			Name: ptr("Cascade Steel Supply Inc"),
			Address: &finzly.ReceiverAddress{AddressLine1: ptr("45 Foundry Road"), City: ptr("Portland"),
				State: ptr("OR"), PostalCode: ptr("97201"), CountryCode: ptr("US")},
			Bank: &finzly.ReceiverBank{BankIdType: "NID", BankId: ptr("121000248")}},
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	created := resp.JSON200.Data
	require.NotNil(t, created)
	assert.Equal(t, "FUTURE_DATED", *created.PaymentStatus, "waits for its date")

	require.NoError(t, sb.Advance(ctx, 3*24*time.Hour))

	got, err := fz.GetPaymentWithResponse(ctx, *created.PaymentUID)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode(), string(got.Body))
	assert.Equal(t, "PROCESSED", *got.JSON200.Data.Status)
	assert.Equal(t, "2500.00", got.JSON200.Data.ReceiverAmount.String(), "the amount as sent")

	id := mustInt64(t, *created.PaymentUID)
	require.Eventually(t, func() bool { return len(statuses.of(id)) == 5 }, 5*time.Second, 10*time.Millisecond)
	assert.Equal(t, []string{"FUTURE_DATED", "INITIATED", "VALIDATED", "TRANSMITTED_TO_FED", "PROCESSED"}, statuses.of(id))
	assert.Empty(t, d.found(), "no answer or webhook has a problem of any severity")
}

// redpinStatuses receives Redpin's payment status events (the enveloped
// form the sandbox sends) and acknowledges every other event.
type redpinStatuses struct {
	mu   sync.Mutex
	byID map[string][]string
}

func acknowledge(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }

func (r *redpinStatuses) RedpinCustomerStatusWebhook(w http.ResponseWriter, req *http.Request) {
	acknowledge(w, req)
}

func (r *redpinStatuses) RedpinPaymentStatusWebhook(w http.ResponseWriter, req *http.Request) {
	acknowledge(w, req)
}

func (r *redpinStatuses) RedpinThirdPartyCustomerStatusWebhook(w http.ResponseWriter, req *http.Request) {
	acknowledge(w, req)
}

func (r *redpinStatuses) RedpinThirdPartyCustomerStatusEnvelopeWebhook(w http.ResponseWriter, req *http.Request) {
	acknowledge(w, req)
}

func (r *redpinStatuses) RedpinPaymentStatusEnvelopeWebhook(w http.ResponseWriter, req *http.Request) {
	var ev redpinwebhook.PaymentStatusEnvelopeEvent
	if err := json.NewDecoder(req.Body).Decode(&ev); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byID[ev.Data.PaymentId] = append(r.byID[ev.Data.PaymentId], ev.Data.Status)
	w.WriteHeader(http.StatusOK)
}

func (r *redpinStatuses) of(id string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.byID[id]...)
}

func TestContractRedpinPaymentAfterConfirmationOfPayee(t *testing.T) {
	statuses, d := &redpinStatuses{byID: map[string][]string{}}, &drift{}
	hooks := receiveWebhooks(t, redpinwebhook.Handler(statuses), d)
	sb := sandbox.Start(t, sandbox.WithWebhookURLs(hooks.URL))
	ctx := context.Background()
	rp, err := redpin.NewClientWithResponses(sb.RedpinURL, redpin.WithHTTPClient(judged(t, sb.RedpinHTTP, d)))
	require.NoError(t, err)

	// A recipient name with "close match" in it makes the sandbox's
	// Confirmation of Payee answer ANNM.
	rec, err := rp.CreateRecipientWithResponse(ctx, "CUST-1", redpin.CreateRecipientRequest{
		Name: "Cascade Steel close match", Type: "Corporate", CountryCode: "GBR", CustomerOwnAccount: "no",
		Address:              redpin.RecipientAddress{AddressLine: ptr("1 High Street"), City: ptr("London")},
		RecipientBankDetails: redpin.RecipientBankDetails{Currency: "GBP", Iban: ptr("GB33BUKB20201555555555")},
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, rec.StatusCode(), string(rec.Body))
	gbp := redpin.Amount{Currency: "GBP", Value: money.MustParse("250.00")}
	pay := redpin.CreatePaymentRequest{PurposeOfTransaction: "SUPPLIER_PAYMENT", Amount: gbp,
		RecipientDetails: []redpin.RecipientDetail{{RecipientId: *rec.JSON201.RecipientId, Amount: gbp}}}

	first, err := rp.CreatePaymentWithResponse(ctx, "CUST-1", pay)
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, first.StatusCode(), string(first.Body))
	require.NotNil(t, first.JSON400.RecipientCheck)
	assert.Equal(t, "ANNM", first.JSON400.Code)

	// The payer confirms, quoting the check it was answered with.
	check := first.JSON400.RecipientCheck
	pay.ConfirmRecipient = &redpin.ConfirmRecipient{RequestIdentifier: check.RequestIdentifier,
		EventId: check.EventId, CustomerAction: ptr("OVERRIDE")}
	paid, err := rp.CreatePaymentWithResponse(ctx, "CUST-1", pay)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, paid.StatusCode(), string(paid.Body))

	require.NoError(t, sb.Advance(ctx, 48*time.Hour))
	details, err := rp.GetPaymentDetailsWithResponse(ctx, "CUST-1", paid.JSON201.PaymentId)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, details.StatusCode(), string(details.Body))
	assert.Equal(t, "PAYMENT_COMPLETED", details.JSON200.Status)
	id := paid.JSON201.PaymentId
	require.Eventually(t, func() bool { return len(statuses.of(id)) == 4 }, 5*time.Second, 10*time.Millisecond)
	assert.Equal(t, []string{"PROCESSING", "PAYOUT_INITIATED", "PAYOUT_CREDITED", "PAYMENT_COMPLETED"}, statuses.of(id))
	assert.Empty(t, d.found(), "no answer or webhook has a problem of any severity")
}

func mustInt64(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err)
	return n
}
