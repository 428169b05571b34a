package sandbox_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox"
)

// hookSink collects the webhooks a sandbox posts.
type hookSink struct {
	mu   sync.Mutex
	got  []received
	srv  *httptest.Server
	fail int // answer 500 to this many deliveries first
}

type received struct {
	Path string
	Body map[string]any
}

func newHookSink(t *testing.T) *hookSink {
	h := &hookSink{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.fail > 0 {
			h.fail--
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		var body map[string]any
		_ = json.Unmarshal(b, &body)
		h.got = append(h.got, received{Path: r.URL.Path, Body: body})
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookSink) received() []received {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]received(nil), h.got...)
}

func ptr[T any](v T) *T { return &v }

func gbp(v string) redpin.Amount { return redpin.Amount{Currency: "GBP", Value: money.MustParse(v)} }

func newRecipient(t *testing.T, c *redpin.ClientWithResponses, customer, name string) string {
	t.Helper()
	resp, err := c.CreateRecipientWithResponse(context.Background(), customer, redpin.CreateRecipientRequest{
		Name: name, Type: "Corporate", CountryCode: "GBR", CustomerOwnAccount: "no",
		Address:              redpin.RecipientAddress{AddressLine: ptr("1 High Street"), City: ptr("London")},
		RecipientBankDetails: redpin.RecipientBankDetails{Currency: "GBP", Iban: ptr("GB33BUKB20201555555555")},
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return *resp.JSON201.RecipientId
}

func TestRedpinPaymentLifecycle(t *testing.T) {
	hooks := newHookSink(t)
	sb := sandbox.Start(t, sandbox.WithToday(time.Date(2030, 3, 4, 0, 0, 0, 0, time.UTC)),
		sandbox.WithWebhookURLs(hooks.srv.URL))
	ctx := context.Background()
	rid := newRecipient(t, sb.Redpin, "CUST-1", "Cascade Steel Ltd")

	resp, err := sb.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", redpin.CreatePaymentRequest{
		PurposeOfTransaction: "SUPPLIER_PAYMENT", Amount: gbp("250.00"),
		RecipientDetails: []redpin.RecipientDetail{{RecipientId: rid, Amount: gbp("250.00")}},
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	p := resp.JSON201
	assert.Equal(t, "PROCESSING", p.Status)
	assert.Equal(t, "250.00", p.Amount.Value.String(), "amounts as sent")

	require.NoError(t, sb.Advance(ctx, 48*time.Hour))
	details, err := sb.Redpin.GetPaymentDetailsWithResponse(ctx, "CUST-1", p.PaymentId)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, details.StatusCode(), string(details.Body))
	assert.Equal(t, "PAYMENT_COMPLETED", details.JSON200.Status)

	events, ok := sb.Events(p.PaymentId)
	require.True(t, ok)
	var path []string
	for _, e := range events {
		path = append(path, e.To)
	}
	assert.Equal(t, []string{"PROCESSING", "PAYOUT_INITIATED", "PAYOUT_CREDITED", "PAYMENT_COMPLETED"}, path)
	require.Eventually(t, func() bool { return len(hooks.received()) == 4 }, 5*time.Second, 20*time.Millisecond)
	for _, h := range hooks.received() {
		assert.Equal(t, "/webhooks/payments/payment-status-updated", h.Path)
	}
}

func TestRedpinConfirmationOfPayee(t *testing.T) {
	sb := sandbox.Start(t)
	ctx := context.Background()
	rid := newRecipient(t, sb.Redpin, "CUST-1", "Close Match Trading Ltd")
	req := redpin.CreatePaymentRequest{PurposeOfTransaction: "SUPPLIER_PAYMENT", Amount: gbp("10.00"),
		RecipientDetails: []redpin.RecipientDetail{{RecipientId: rid, Amount: gbp("10.00")}}}
	resp, err := sb.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", req)
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
	require.NotNil(t, resp.JSON400.RecipientCheck)
	assert.Equal(t, "ANNM", resp.JSON400.Code)

	req.ConfirmRecipient = &redpin.ConfirmRecipient{RequestIdentifier: resp.JSON400.RecipientCheck.RequestIdentifier,
		EventId: resp.JSON400.RecipientCheck.EventId, CustomerAction: ptr("OVERRIDE")}
	retry, err := sb.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", req)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, retry.StatusCode(), string(retry.Body))

	// A confirmation naming an answer never given is judged by the rules.
	req.ConfirmRecipient.EventId = "AG-00000000-999999"
	bad, err := sb.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", req)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, bad.StatusCode(), string(bad.Body))
}
