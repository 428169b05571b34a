package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox/internal/console"
)

// consoleAt is the wall time the console's tests pin the sandbox to: a
// Monday, so that their payment dates never age.
var consoleAt = time.Date(2030, 3, 4, 15, 0, 0, 0, time.UTC)

// newConsoleBackend runs a sandbox on a pinned wall clock (running on from
// consoleAt) whose webhooks go to a receiver that takes them all, and
// returns the console's view of it and the receiver's count.
func newConsoleBackend(t *testing.T) (*consoleBackend, *atomic.Int32) {
	t.Helper()
	var received atomic.Int32
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		received.Add(1)
	}))
	t.Cleanup(receiver.Close)
	start := time.Now()
	s, err := New(WithWebhookURLs(receiver.URL), withWallClock(func() time.Time { return consoleAt.Add(time.Since(start)) }))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return &consoleBackend{s: s}, &received
}

// consoleCredit is a v4 credit dated Tuesday 5 March 2030.
func consoleCredit(ref string) []byte {
	return []byte(`{"externalReferenceId":"` + ref + `","paymentAmount":2450.00,"paymentCurrency":"USD",
		"paymentDate":"03-05-2030","speed":"Economy","paymentNotes":"Payroll","sender":{"accountUID":100245},
		"receiver":{"beneficiaryId":88231},"additionalInfo":{"secCode":"PPD"}}`)
}

// send sends a call that must succeed with the status want.
func send(t *testing.T, b *consoleBackend, c console.Call, want int) console.Answer {
	t.Helper()
	ans, err := b.Send(context.Background(), c)
	require.NoError(t, err)
	require.Equal(t, want, ans.Status, ans.Body)
	return ans
}

// seedConsole makes three Finzly credits and two Redpin payments, in that
// order, and returns their ids.
func seedConsole(t *testing.T, b *consoleBackend) []string {
	t.Helper()
	var ids []string
	for _, ref := range []string{"INV-1", "INV-2", "INV-3"} {
		ans := send(t, b, console.Call{Operation: "createCreditPaymentV4", Body: consoleCredit(ref)}, http.StatusOK)
		ids = append(ids, ans.PaymentID)
	}
	customer := map[string]string{"customer_id": "CUST-1"}
	rec := send(t, b, console.Call{Operation: "createRecipient", Params: customer, Body: []byte(`{"name":"Cascade Steel",
		"type":"Corporate","country_code":"GBR","customer_own_account":"no","address":{"address_line":"1 High Street","city":"London"},
		"recipient_bank_details":{"currency":"GBP","iban":"GB33BUKB20201555555555"}}`)}, http.StatusCreated)
	assert.Empty(t, rec.PaymentID, "a recipient is not a payment")
	var recipient struct {
		ID string `json:"recipient_id"`
	}
	require.NoError(t, json.Unmarshal([]byte(rec.Body), &recipient))
	for _, ref := range []string{"PO-1", "PO-2"} {
		ans := send(t, b, console.Call{Operation: "createPayment", Params: customer, Body: []byte(`{"purpose_of_transaction":"SUPPLIER_PAYMENT",
			"amount":{"currency":"GBP","value":250.00},"client_reference_id":"` + ref + `",
			"recipient_details":[{"recipient_id":"` + recipient.ID + `","amount":{"currency":"GBP","value":250.00}}]}`)}, http.StatusCreated)
		ids = append(ids, ans.PaymentID)
	}
	for _, id := range ids {
		require.NotEmpty(t, id, "each answer links to its payment")
	}
	return ids
}

// TestConsoleBackendRequests checks what the playground asks of the
// sandbox, and that the console is served; one sandbox serves every step.
func TestConsoleBackendRequests(t *testing.T) {
	b, _ := newConsoleBackend(t)
	t.Run("send fetches a token and finds the payment", func(t *testing.T) { checkSend(t, b) })
	t.Run("validate locates problems", func(t *testing.T) { checkValidate(t, b) })
	t.Run("examples are those of payspec example", func(t *testing.T) { checkExamples(t, b) })
	t.Run("served and linked from the index", func(t *testing.T) { checkServed(t, b) })
}

// TestConsoleBackendPayments follows five payments of both providers
// through the console's views, in order: listed, shown, moved by the
// clock, forgotten by a reset.
func TestConsoleBackendPayments(t *testing.T) {
	b, received := newConsoleBackend(t)
	ids := seedConsole(t, b)
	require.Eventually(t, func() bool { return received.Load() == 5 }, 5*time.Second, 10*time.Millisecond)
	t.Run("listed newest first", func(t *testing.T) { checkList(t, b, ids) })
	t.Run("shown with timeline, webhooks and record", func(t *testing.T) { checkPayment(t, b, ids) })
	t.Run("moved by the clock", func(t *testing.T) { checkMoves(t, b, ids) })
}

func checkSend(t *testing.T, b *consoleBackend) {
	const idemKey = "5f0c2a8e-4b1d-4c6e-9a7f-3d2b1c0e9f8a"
	ans := send(t, b, console.Call{Operation: "createCreditPaymentV4", Body: consoleCredit("INV-1"),
		Params: map[string]string{"Idempotent-Key": idemKey}}, http.StatusOK)
	assert.Equal(t, "377300", ans.PaymentID)
	assert.Equal(t, "/finzly/v4/payments/credit", ans.Path)
	assert.Contains(t, ans.Body, "\n  \"data\": {", "the answer indented")

	again := send(t, b, console.Call{Operation: "createCreditPaymentV4", Body: consoleCredit("INV-1"),
		Params: map[string]string{"Idempotent-Key": idemKey}}, http.StatusOK)
	assert.Equal(t, "377300", again.PaymentID, "the header parameter went out: the same key answers the first payment")

	got := send(t, b, console.Call{Operation: "getPayment", Params: map[string]string{"paymentUID": "377300"}}, http.StatusOK)
	assert.Contains(t, got.Body, "FUTURE_DATED")
	assert.Equal(t, "/finzly/v3/payments/377300", got.Path)

	_, err := b.Send(context.Background(), console.Call{Operation: "finzlyPaymentStatusWebhook", Body: []byte(`{}`)})
	assert.ErrorIs(t, err, console.ErrNotSendable)
	_, err = b.Send(context.Background(), console.Call{Operation: "noSuchOperation"})
	assert.ErrorIs(t, err, console.ErrUnknownOperation)
}

func checkList(t *testing.T, b *consoleBackend, ids []string) {
	ctx := context.Background()
	list := func(q console.PaymentQuery) console.PaymentPage {
		t.Helper()
		if q.Size == 0 {
			q.PageRequest = console.PageRequest{Page: max(q.Page, 1), Size: 50}
		}
		page, err := b.ListPayments(ctx, q)
		require.NoError(t, err)
		return page
	}
	idsOf := func(p console.PaymentPage) []string {
		var out []string
		for _, it := range p.Items {
			out = append(out, it.ID)
		}
		return out
	}

	all := list(console.PaymentQuery{})
	assert.Equal(t, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}, idsOf(all))
	assert.Equal(t, 5, all.Total)
	assert.Equal(t, 5, all.AllPayments)
	assert.Equal(t, []string{"FUTURE_DATED", "PROCESSING"}, all.Statuses)
	assert.Equal(t, []string{"ACH"}, all.Rails)
	first := all.Items[4]
	assert.Equal(t, console.PaymentSummary{Provider: "finzly", ID: "377300", Status: "FUTURE_DATED", Rail: "ACH",
		Reference: "INV-1", Amount: "2450.00", Currency: "USD", Created: first.Created}, first)
	assert.Equal(t, "250.00", all.Items[0].Amount, "Redpin's amount as sent")
	assert.Equal(t, "PO-2", all.Items[0].Reference, "Redpin's client_reference_id")

	assert.Equal(t, []string{ids[4], ids[3]}, idsOf(list(console.PaymentQuery{Provider: "redpin"})))
	assert.Equal(t, []string{ids[2], ids[1], ids[0]}, idsOf(list(console.PaymentQuery{Status: "FUTURE_DATED"})))
	assert.Equal(t, []string{ids[2], ids[1], ids[0]}, idsOf(list(console.PaymentQuery{Rail: "ACH"})))
	assert.Equal(t, []string{ids[1]}, idsOf(list(console.PaymentQuery{Reference: "inv-2"})))
	assert.Equal(t, []string{ids[3]}, idsOf(list(console.PaymentQuery{Reference: strings.ToUpper(ids[3][:8])})), "by id too")
	paged := list(console.PaymentQuery{PageRequest: console.PageRequest{Page: 3, Size: 2}})
	assert.Equal(t, []string{ids[0]}, idsOf(paged))
	assert.Equal(t, 5, paged.Total)
}

func checkPayment(t *testing.T, b *consoleBackend, ids []string) {
	p, err := b.Payment(context.Background(), ids[0])
	require.NoError(t, err)
	assert.Equal(t, "FUTURE_DATED", p.Status)
	require.Len(t, p.Timeline, 1)
	assert.Equal(t, console.TimelineEntry{At: p.Created, To: "FUTURE_DATED"}, p.Timeline[0])
	require.Len(t, p.Webhooks, 1)
	hook := p.Webhooks[0]
	assert.Equal(t, "finzlyPaymentStatusWebhook", hook.Operation)
	assert.Equal(t, ids[0], hook.PaymentID)
	assert.Equal(t, "delivered", hook.State)
	require.Len(t, hook.Attempts, 1)
	assert.Equal(t, http.StatusOK, hook.Attempts[0].HTTPStatus)
	assert.Positive(t, hook.Attempts[0].Latency)
	assert.True(t, strings.HasSuffix(hook.Receiver, "/payments"), hook.Receiver)
	assert.Contains(t, string(p.Record), `"amount":2450.00`, "the stored record, its amount as written")

	rp, err := b.Payment(context.Background(), ids[3])
	require.NoError(t, err)
	assert.Equal(t, "redpin", rp.Provider)
	require.Len(t, rp.Webhooks, 1)
	assert.Equal(t, "redpinPaymentStatusEnvelopeWebhook", rp.Webhooks[0].Operation)
	assert.Contains(t, string(rp.Record), `"client_reference_id":"PO-1"`, "the stored record")

	_, err = b.Payment(context.Background(), "no-such-payment")
	assert.ErrorIs(t, err, console.ErrNotFound)

	log, err := b.Deliveries(context.Background(), console.PageRequest{Page: 1, Size: 2})
	require.NoError(t, err)
	assert.Equal(t, 5, log.Total)
	require.Len(t, log.Items, 2)
	assert.Equal(t, 5, log.Items[0].ID, "newest first")
	assert.Equal(t, 4, log.Items[1].ID)
	log, err = b.Deliveries(context.Background(), console.PageRequest{Page: 9, Size: 2})
	require.NoError(t, err)
	assert.Empty(t, log.Items)
}

func checkMoves(t *testing.T, b *consoleBackend, ids []string) {
	ctx := context.Background()

	clock, err := b.Clock(ctx)
	require.NoError(t, err)
	assert.Equal(t, "2030-03-05", clock.NextBusinessDay.Format(time.DateOnly))

	moved, err := b.Advance(ctx, time.Hour)
	require.NoError(t, err)
	assert.Equal(t, time.Hour, moved.To.Sub(moved.From).Round(time.Minute))
	require.Len(t, moved.Payments, 2, "the Redpin payments moved; the credits wait for their date")
	assert.Equal(t, ids[4], moved.Payments[0].Payment.ID)
	assert.Equal(t, "PAYOUT_INITIATED", moved.Payments[0].Payment.Status)
	assert.Equal(t, "PROCESSING", moved.Payments[0].Steps[0].From)

	moved, err = b.AdvanceToNextBusinessDay(ctx)
	require.NoError(t, err)
	assert.Equal(t, "2030-03-05", moved.To.Format(time.DateOnly))
	require.Len(t, moved.Payments, 5)
	credit := moved.Payments[4]
	assert.Equal(t, ids[0], credit.Payment.ID, "oldest last")
	assert.Equal(t, []string{"INITIATED", "VALIDATED", "TRANSMITTED_TO_FED"}, stepsTo(credit.Steps),
		"on its date the credit goes to the Fed")
	assert.Equal(t, []string{"PAYOUT_CREDITED", "PAYMENT_COMPLETED"}, stepsTo(moved.Payments[0].Steps))

	moved, err = b.SetDate(ctx, time.Date(2030, 3, 8, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, "2030-03-08", moved.To.Format(time.DateOnly))
	require.Len(t, moved.Payments, 3, "the credits settle; the Redpin payments had")
	credit = moved.Payments[2]
	assert.Equal(t, ids[0], credit.Payment.ID)
	require.Equal(t, []string{"PROCESSED"}, stepsTo(credit.Steps), "only the steps since the move began")
	assert.Equal(t, "TRANSMITTED_TO_FED", credit.Steps[0].From)
	assert.Equal(t, "2030-03-06 08:30", credit.Steps[0].At.Format("2006-01-02 15:04"),
		"ACH settles at 08:30 the business day after its date")

	moved, err = b.Advance(ctx, 24*time.Hour)
	require.NoError(t, err)
	assert.Empty(t, moved.Payments, "everything had settled")

	_, err = b.SetDate(ctx, time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, console.ErrClockBackwards)

	require.NoError(t, b.Reset(ctx))
	page, err := b.ListPayments(ctx, console.PaymentQuery{PageRequest: console.PageRequest{Page: 1, Size: 50}})
	require.NoError(t, err)
	assert.Zero(t, page.AllPayments)
}

func checkValidate(t *testing.T, b *consoleBackend) {
	short := strings.Replace(string(consoleCredit("INV-1")), `"USD"`, `"US"`, 1)
	broken := "{\n  \"externalReferenceId\": \"INV-1\",\n  \"paymentAmount\": 12,,\n}"
	tests := []struct {
		name  string
		call  console.Call
		code  string
		param string
		at    int // the byte the problem is placed at; -1 when not in the body
		line  int
	}{
		{"a field", console.Call{Operation: "createCreditPaymentV4", Body: []byte(short)}, "MIN_LENGTH", "",
			strings.Index(short, `"paymentCurrency"`), 1},
		{"unreadable JSON", console.Call{Operation: "createCreditPaymentV4", Body: []byte(broken)}, "INVALID_JSON", "",
			strings.Index(broken, ",,") + 1, 3},
		{"a parameter", console.Call{Operation: "createQuote", Body: []byte(`{"sell_currency":"USD","buy_currency":"GBP","amount":10}`)},
			"REQUIRED", "customer_id", -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := b.Validate(context.Background(), tt.call)
			require.NoError(t, err)
			var found *console.Problem
			for i := range ps {
				if ps[i].Code == tt.code {
					found = &ps[i]
				}
			}
			require.NotNil(t, found, "%v", ps)
			assert.Equal(t, tt.param, found.Param)
			assert.Equal(t, tt.at, found.Offset)
			assert.Equal(t, tt.line, found.Line)
			assert.Equal(t, "error", found.Severity)
		})
	}
	_, err := b.Validate(context.Background(), console.Call{Operation: "noSuchOperation"})
	assert.ErrorIs(t, err, console.ErrUnknownOperation)
}

// checkExamples checks that the playground's examples are the bodies
// `payspec example` prints.
func checkExamples(t *testing.T, b *consoleBackend) {
	golden, err := os.ReadFile(filepath.Join("..", "cmd", "payspec", "testdata", "golden", "example-quote.txt"))
	require.NoError(t, err)
	_, stdout, ok := strings.Cut(string(golden), "-- stdout --\n")
	require.True(t, ok)
	stdout, _, _ = strings.Cut(stdout, "-- stderr --")

	examples, err := b.Examples("createQuote")
	require.NoError(t, err)
	var found bool
	for _, ex := range examples {
		if ex.Name == "sellFixed" {
			found = true
			assert.Equal(t, stdout, ex.JSON)
		}
	}
	assert.True(t, found, "createQuote has the example sellFixed")
	_, err = b.Examples("noSuchOperation")
	assert.ErrorIs(t, err, console.ErrUnknownOperation)

	ops := b.Operations()
	assert.Len(t, ops, len(b.s.engine.Operations()), "both specs' operations, webhooks included")
}

func checkServed(t *testing.T, b *consoleBackend) {
	for path, want := range map[string]string{"/": `<a href="/console/">`, "/console/payments": "<h1>Payments</h1>"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr, req.Host = "127.0.0.1:50000", "localhost" // a browser on the same machine
		b.s.Handler().ServeHTTP(rec, req)
		assert.Equal(t, http.StatusOK, rec.Code, path)
		assert.Contains(t, rec.Body.String(), want, path)
	}
}

func stepsTo(steps []console.TimelineEntry) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.To)
	}
	return out
}
