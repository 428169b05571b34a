package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/validate/rules"
)

// example reads a payload of the repository's examples.
func example(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", filepath.FromSlash(rel)))
	require.NoError(t, err)
	return b
}

// call sends a raw JSON request through an authenticated client.
func call(t *testing.T, c *http.Client, method, url string, body []byte, header ...string) (int, []byte, http.Header) {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, r)
	require.NoError(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b, resp.Header
}

func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), string(b))
	return m
}

// march2030 is a Friday before the examples' payment dates.
var march2030 = time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)

func TestFinzlyV4PaymentLifecycle(t *testing.T) {
	hooks := newHookSink(t)
	sb := sandbox.Start(t, sandbox.WithToday(march2030), sandbox.WithWebhookURLs(hooks.srv.URL))
	status, body, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
		example(t, "finzly/createCreditPaymentV4/valid-fedwire.json"))
	require.Equal(t, http.StatusOK, status, string(body))
	data := decodeJSON(t, body)["data"].(map[string]any)
	uid := data["paymentUID"].(string)
	assert.Equal(t, "FUTURE_DATED", data["paymentStatus"], "dated 15 March 2030")

	get := func() map[string]any {
		status, body, _ := call(t, sb.FinzlyHTTP, http.MethodGet, sb.FinzlyURL+"/v3/payments/"+uid, nil)
		require.Equal(t, http.StatusOK, status, string(body))
		return decodeJSON(t, body)["data"].(map[string]any)
	}
	rec := get()
	assert.Equal(t, "2030-03-15", rec["paymentDate"])
	assert.Equal(t, "FEDWIRE", rec["deliveryMethod"])
	assert.Equal(t, 1234567.89, rec["receiverAmount"], "the amount as sent")

	require.NoError(t, sb.SetToday(context.Background(), time.Date(2030, 3, 16, 0, 0, 0, 0, time.UTC)))
	assert.Equal(t, "PROCESSED", get()["status"])
	events, ok := sb.Events(uid)
	require.True(t, ok)
	var path []string
	for _, e := range events {
		path = append(path, e.To)
	}
	assert.Equal(t, []string{"FUTURE_DATED", "INITIATED", "VALIDATED", "TRANSMITTED_TO_FED", "PROCESSED"}, path)
	require.Eventually(t, func() bool { return len(hooks.received()) == 5 }, 5*time.Second, 20*time.Millisecond)
	assert.Eventually(t, func() bool {
		for _, d := range sb.Deliveries() {
			if d.State != "delivered" {
				return false
			}
		}
		return true
	}, 5*time.Second, 20*time.Millisecond, "every webhook passed the spec and was delivered")

	// Cancelling a processed payment is refused with Finzly's failure.
	status, body, _ = call(t, sb.FinzlyHTTP, http.MethodPut, sb.FinzlyURL+"/v3/payments/"+uid+"/cancel", []byte(`{}`))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, string(body), "PAYMENT001")
}

func TestFinzlyCancelWhileFutureDated(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	_, body, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
		example(t, "finzly/createCreditPaymentV4/valid-fedwire.json"))
	uid := decodeJSON(t, body)["data"].(map[string]any)["paymentUID"].(string)
	status, body, _ := call(t, sb.FinzlyHTTP, http.MethodPut, sb.FinzlyURL+"/v3/payments/"+uid+"/cancel", []byte(`{"notes":"wrong amount"}`))
	require.Equal(t, http.StatusOK, status, string(body))
	require.NoError(t, sb.Advance(context.Background(), 30*24*time.Hour))
	events, _ := sb.Events(uid)
	assert.Equal(t, "CANCELLED", events[len(events)-1].To, "a cancelled payment goes no further")
}

func TestFinzlyIdempotency(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	body := example(t, "finzly/createCreditPaymentV4/valid-fedwire.json")
	key := uuid.NewString()
	post := func(b []byte) (int, []byte) {
		status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit", b, "Idempotent-Key", key)
		return status, out
	}
	s1, b1 := post(body)
	require.Equal(t, http.StatusOK, s1, string(b1))
	s2, b2 := post(bytes.ReplaceAll(body, []byte("\n"), []byte(" ")))
	assert.Equal(t, s1, s2)
	assert.JSONEq(t, string(b1), string(b2), "the same key and body get the first answer")

	s3, b3 := post(bytes.Replace(body, []byte("INV-2027-77812"), []byte("INV-2027-77813"), 1))
	assert.Equal(t, http.StatusConflict, s3, string(b3))

	// Concurrent requests with one key create one payment.
	key = uuid.NewString()
	var wg sync.WaitGroup
	uids := make([]string, 8)
	for i := range uids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, b := post(body)
			if s == http.StatusOK {
				uids[i] = decodeJSON(t, b)["data"].(map[string]any)["paymentUID"].(string)
			}
		}()
	}
	wg.Wait()
	for _, u := range uids {
		assert.Equal(t, uids[0], u)
	}
	status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v3/payments/search",
		[]byte(`{"page":1,"limit":100,"externalReferenceId":"INV-2027-77812"}`))
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Len(t, decodeJSON(t, out)["data"], 2, "one payment per key")
}

func TestFinzlyRulesRefuseAsValidateWould(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	status, body, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
		example(t, "finzly/createCreditPaymentV4/invalid-rules-same-day-ach.json"))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, string(body), `"errors"`)
}

func TestFinzlyFXTradeSettlesOneSWIFTPayment(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	ctx := context.Background()
	q, err := sb.Finzly.CreateFXQuoteWithResponse(ctx, finzly.FXQuoteRequest{BuyCurrency: "EUR", SellCurrency: "USD",
		CustomerId: "112344", CustomerIdType: finzly.FXCustomerIdTypeCustomerUID, ProductType: finzly.FXProductTypeSPOT,
		TransferAmount: ptr(mustAmount("25000.00"))})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, q.StatusCode(), string(q.Body))
	accepted, err := sb.Finzly.AcceptFXQuoteWithResponse(ctx, finzly.FXAcceptRequest{QuoteUUID: *q.JSON200.Data.QuoteUUID})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, accepted.StatusCode(), string(accepted.Body))
	contract := *accepted.JSON200.Data.ForexContractNo

	trade, err := sb.Finzly.GetFXTradeWithResponse(ctx, contract)
	require.NoError(t, err)
	assert.Equal(t, "25000.00", trade.JSON200.Data.BaseAmount.String())

	again, err := sb.Finzly.AcceptFXQuoteWithResponse(ctx, finzly.FXAcceptRequest{QuoteUUID: *q.JSON200.Data.QuoteUUID})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, again.StatusCode(), "a quote is accepted once")
}

func mustAmount(s string) money.Amount { return money.MustParse(s) }

// An Instant payment goes over FedNow when its amount fits the FedNow
// limit in force on its date, as the rules configuration sets it, and over
// RTP when it does not.
func TestFinzlyInstantRoutingFollowsTheConfiguredFedNowLimit(t *testing.T) {
	cfg, err := rules.LoadConfig([]byte("limits:\n  FEDNOW:\n    - {from: 2025-06-24, max: 1000000}\n" +
		"  RTP:\n    - {from: 2025-02-09, max: 5000000}\n"))
	require.NoError(t, err)
	checker, err := rules.New(cfg)
	require.NoError(t, err)
	sb := sandbox.Start(t, sandbox.WithToday(march2030), sandbox.WithRules(checker))
	rail := func(amount string) string {
		body := strings.Replace(string(example(t, "finzly/createCreditPaymentV4/valid-rtp.json")),
			`"paymentAmount": 850.25`, `"paymentAmount": `+amount, 1)
		require.Contains(t, body, `"paymentAmount": `+amount)
		status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit", []byte(body))
		require.Equal(t, http.StatusOK, status, string(out))
		uid := decodeJSON(t, out)["data"].(map[string]any)["paymentUID"].(string)
		status, out, _ = call(t, sb.FinzlyHTTP, http.MethodGet, sb.FinzlyURL+"/v3/payments/"+uid, nil)
		require.Equal(t, http.StatusOK, status, string(out))
		return decodeJSON(t, out)["data"].(map[string]any)["deliveryMethod"].(string)
	}
	assert.Equal(t, "FEDNOW", rail("600000.00"), "within the raised FedNow limit")
	assert.Equal(t, "FEDNOW", rail("1000000.00"), "at the raised FedNow limit")
	assert.Equal(t, "RTP", rail("1000000.01"), "above it")
}
