package sandbox_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox"
)

func TestClockControl(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	status, body, _ := call(t, http.DefaultClient, http.MethodPost, sb.URL+"/_sandbox/clock", []byte(`{"advance":"48h"}`))
	require.Equal(t, http.StatusOK, status, string(body))
	assert.Equal(t, "2030-03-03", decodeJSON(t, body)["today"])
	status, body, _ = call(t, http.DefaultClient, http.MethodPost, sb.URL+"/_sandbox/clock", []byte(`{"today":"2030-04-01"}`))
	require.Equal(t, http.StatusOK, status, string(body))
	assert.Equal(t, "2030-04-01", sb.Clock().Today().Format(time.DateOnly))
	for _, bad := range []string{`{"today":"2030-01-01"}`, `{"advance":"-1h"}`} {
		status, _, _ = call(t, http.DefaultClient, http.MethodPost, sb.URL+"/_sandbox/clock", []byte(bad))
		assert.Equal(t, http.StatusConflict, status, "time never runs back: %s", bad)
	}
	for _, bad := range []string{`{}`, `{"today":"01-04-2030"}`, `{"advance":"soon"}`, `{"today":"2030-05-01","advance":"1h"}`, `{"tomorrow":1}`} {
		status, _, _ = call(t, http.DefaultClient, http.MethodPost, sb.URL+"/_sandbox/clock", []byte(bad))
		assert.Equal(t, http.StatusBadRequest, status, bad)
	}
}

func TestResetForgetsEverything(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	_, body, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
		example(t, "finzly/createCreditPaymentV4/valid-fedwire.json"))
	uid := decodeJSON(t, body)["data"].(map[string]any)["paymentUID"].(string)
	status, _, _ := call(t, http.DefaultClient, http.MethodPost, sb.URL+"/_sandbox/reset", nil, "Content-Type", "application/json")
	require.Equal(t, http.StatusNoContent, status)
	status, _, _ = call(t, sb.FinzlyHTTP, http.MethodGet, sb.FinzlyURL+"/v3/payments/"+uid, nil)
	assert.Equal(t, http.StatusNotFound, status)
	status, _, _ = call(t, http.DefaultClient, http.MethodGet, sb.URL+"/_sandbox/payments/"+uid+"/events", nil)
	assert.Equal(t, http.StatusNotFound, status)
}

func TestEventsAndWebhookLogOverHTTP(t *testing.T) {
	hooks := newHookSink(t)
	hooks.fail = 2 // the first two deliveries are answered 500 and retried
	sb := sandbox.Start(t, sandbox.WithToday(march2030), sandbox.WithWebhookURLs(hooks.srv.URL),
		sandbox.WithWebhookRetry(sandbox.WebhookRetry{First: 20 * time.Millisecond, Factor: 2, Max: time.Second, Attempts: 5}))
	_, body, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
		example(t, "finzly/createCreditPaymentV4/valid-rtp.json"))
	uid := decodeJSON(t, body)["data"].(map[string]any)["paymentUID"].(string)
	require.NoError(t, sb.Advance(context.Background(), 40*24*time.Hour))
	status, body, _ := call(t, http.DefaultClient, http.MethodGet, sb.URL+"/_sandbox/payments/"+uid+"/events", nil)
	require.Equal(t, http.StatusOK, status)
	events := decodeJSON(t, body)["events"].([]any)
	assert.Equal(t, "PROCESSED", events[len(events)-1].(map[string]any)["to"])
	require.Eventually(t, func() bool { return pendingDeliveries(sb) == 0 }, 5*time.Second, 20*time.Millisecond)
	status, body, _ = call(t, http.DefaultClient, http.MethodGet, sb.URL+"/_sandbox/webhooks", nil)
	require.Equal(t, http.StatusOK, status)
	deliveries := decodeJSON(t, body)["deliveries"].([]any)
	require.NotEmpty(t, deliveries)
	for i, d := range deliveries {
		assert.Equal(t, "delivered", d.(map[string]any)["state"])
		want := 1
		if i == 0 {
			want = 3 // two answers of 500, then delivered; the later ones waited for it
		}
		assert.Len(t, d.(map[string]any)["attempts"], want)
	}
	var told, happened []any
	for _, h := range hooks.received() {
		told = append(told, h.Body["paymentStatus"])
	}
	for _, e := range events {
		happened = append(happened, e.(map[string]any)["to"])
	}
	assert.Equal(t, happened, told, "one delivery per status change, in order")
}

func TestFaultsAskedByHeader(t *testing.T) {
	logs := &logSink{}
	sb := sandbox.Start(t, sandbox.WithFaultTimeout(300*time.Millisecond), sandbox.WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
	get := func(fault string) (int, string, http.Header) {
		status, body, h := call(t, sb.FinzlyHTTP, http.MethodGet, sb.FinzlyURL+"/v3/payments/12", nil, sandbox.FaultHeader, fault)
		return status, string(body), h
	}
	status, _, h := get("429")
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, "1", h.Get("Retry-After"))
	status, body, _ := get("500")
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Contains(t, body, "INTERNAL_ERROR")
	status, _, _ = get("418")
	assert.Equal(t, http.StatusBadRequest, status, "an unknown fault is refused")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, sb.FinzlyURL+"/v3/payments/12", nil)
	require.NoError(t, err)
	req.Header.Set(sandbox.FaultHeader, "timeout")
	_, err = sb.FinzlyHTTP.Do(req)
	require.Error(t, err, "a timeout fault drops the connection without an answer")
	assert.NoError(t, ctx.Err(), "after the fault timeout, not the client's")
	assert.Eventually(t, func() bool {
		return strings.Contains(logs.String(), "operation=getPayment status=- ")
	}, 5*time.Second, 10*time.Millisecond, "the dropped request is logged without a status: %s", logs.String())
	assert.Contains(t, logs.String(), "operation=getPayment status=429 ", "an answered fault is logged with its status")
}

func TestAuthentication(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithTokenLifetime(150*time.Millisecond),
		sandbox.WithClients(sandbox.Credentials{ClientID: "bank-a", ClientSecret: "s3cret"}))
	status, body, _ := call(t, http.DefaultClient, http.MethodPost, sb.RedpinURL+sandbox.RedpinTokenPath, nil)
	assert.Equal(t, http.StatusBadRequest, status, string(body))
	form := strings.NewReader("grant_type=client_credentials&client_id=bank-a&client_secret=wrong")
	resp, err := http.Post(sb.RedpinURL+sandbox.RedpinTokenPath, "application/x-www-form-urlencoded", form)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	// The ready-made clients use the configured client and renew expired
	// tokens.
	for range 3 {
		list, err := sb.Redpin.ListCurrenciesWithResponse(context.Background())
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, list.StatusCode(), string(list.Body))
		time.Sleep(200 * time.Millisecond)
	}
	// A Finzly token is not a Redpin token.
	form = strings.NewReader("grant_type=client_credentials&client_id=bank-a&client_secret=s3cret")
	resp, err = http.Post(sb.FinzlyURL+"/auth/realms/any/protocol/openid-connect/token", "application/x-www-form-urlencoded", form)
	require.NoError(t, err)
	token := decodeJSONBody(t, resp)["access_token"].(string)
	status, body, _ = call(t, http.DefaultClient, http.MethodGet, sb.RedpinURL+"/v1/currencies", nil, "Authorization", "Bearer "+token)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Contains(t, string(body), "UNAUTHORIZED")
}

func TestRedpinQuotesExpireAndServeOnePayment(t *testing.T) {
	sb := sandbox.Start(t)
	ctx := context.Background()
	rid := newRecipient(t, sb.Redpin, "CUST-1", "Atelier Dupont SARL")
	fixed := redpin.FixedSideBUY
	q, err := sb.Redpin.CreateQuoteWithResponse(ctx, "CUST-1", redpin.CreateQuoteRequest{SellCurrency: "GBP",
		BuyCurrency: "EUR", Amount: mustAmount("1000.00"), FixedSide: &fixed})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, q.StatusCode(), string(q.Body))
	eur := redpin.Amount{Currency: "EUR", Value: mustAmount("1000.00")}
	pay := redpin.CreatePaymentRequest{PurposeOfTransaction: "SUPPLIER_PAYMENT", Amount: eur, QuoteId: &q.JSON200.QuoteId,
		RecipientDetails: []redpin.RecipientDetail{{RecipientId: rid, Amount: eur}}}
	first, err := sb.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", pay)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, first.StatusCode(), string(first.Body))
	assert.Equal(t, "AWAITING_FUNDS", first.JSON201.Status, "a converted payment waits for its funds")
	again, err := sb.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", pay)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, again.StatusCode(), "a quote serves one payment")

	q2, err := sb.Redpin.CreateQuoteWithResponse(ctx, "CUST-1", redpin.CreateQuoteRequest{SellCurrency: "GBP",
		BuyCurrency: "EUR", Amount: mustAmount("1000.00"), FixedSide: &fixed})
	require.NoError(t, err)
	require.NoError(t, sb.Advance(ctx, time.Hour))
	pay.QuoteId = &q2.JSON200.QuoteId
	late, err := sb.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", pay)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, late.StatusCode())
	assert.Contains(t, string(late.Body), "expired")
}

func TestFinzlyRecurrenceCreatesItsPayments(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	ctx := context.Background()
	body := []byte(strings.Replace(string(example(t, "finzly/createCreditPaymentV4/valid-rtp.json")), `"speed"`,
		`"recurrence":{"frequency":"Weekly","payUntil":"NumberOfPayments","numberOfPayments":3},"speed"`, 1))
	status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit", body)
	require.Equal(t, http.StatusOK, status, string(out))
	series := int64(decodeJSON(t, out)["data"].(map[string]any)["recurrenceId"].(float64))
	require.NoError(t, sb.Advance(ctx, 60*24*time.Hour))
	search, err := sb.Finzly.SearchPaymentsWithResponse(ctx, finzly.PaymentSearch{Page: 1, Limit: 10, RecurrenceId: &series})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, search.StatusCode(), string(search.Body))
	assert.Len(t, *search.JSON200.Data, 3, "three payments, a week apart")
	status, out, _ = call(t, sb.FinzlyHTTP, http.MethodPut, sb.FinzlyURL+"/v1/recurrences/"+itoa(series), nil)
	assert.Equal(t, http.StatusBadRequest, status, "a completed series takes no change: %s", out)
}

func TestFinzlyReturnsAndReversals(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	status, out, _ := call(t, http.DefaultClient, http.MethodPost, sb.URL+"/_sandbox/finzly/incoming-payments",
		[]byte(`{"externalReferenceId":"IN-1","paymentAmount":125.00,"deliveryMethod":"ACH","senderName":"Acme"}`))
	require.Equal(t, http.StatusCreated, status, string(out))
	incoming := decodeJSON(t, out)["paymentUID"].(string)
	ret := []byte(`{"returnCode":"AC04","returnNotes":"account closed"}`)
	status, out, _ = call(t, sb.FinzlyHTTP, http.MethodPut, sb.FinzlyURL+"/v3/payments/"+incoming+"/return", ret)
	require.Equal(t, http.StatusOK, status, string(out))
	status, out, _ = call(t, sb.FinzlyHTTP, http.MethodPut, sb.FinzlyURL+"/v3/payments/"+incoming+"/return", ret)
	assert.Equal(t, http.StatusBadRequest, status, "returned once: %s", out)

	// An outgoing payment is reversed once processed, never returned.
	_, out, _ = call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
		example(t, "finzly/createCreditPaymentV4/valid-rtp.json"))
	uid := decodeJSON(t, out)["data"].(map[string]any)["paymentUID"].(string)
	rev := []byte(`{"reversalNotes":"duplicate payment","reversalCode":"DUPL"}`)
	status, _, _ = call(t, sb.FinzlyHTTP, http.MethodPut, sb.FinzlyURL+"/v3/payments/"+uid+"/reverse", rev)
	assert.Equal(t, http.StatusBadRequest, status, "not processed yet")
	require.NoError(t, sb.Advance(context.Background(), 40*24*time.Hour))
	status, out, _ = call(t, sb.FinzlyHTTP, http.MethodPut, sb.FinzlyURL+"/v3/payments/"+uid+"/reverse", rev)
	assert.Equal(t, http.StatusOK, status, string(out))
	status, _, _ = call(t, sb.FinzlyHTTP, http.MethodPut, sb.FinzlyURL+"/v3/payments/"+uid+"/return", ret)
	assert.Equal(t, http.StatusBadRequest, status, "an outgoing payment is not returned")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func decodeJSONBody(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return decodeJSON(t, b)
}
