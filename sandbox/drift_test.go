package sandbox_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/specexample"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/validate"
)

// logSink keeps what the sandbox logs.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// requiredQuery gives the operations with required query parameters
// plausible values.
var requiredQuery = map[string]string{
	api.OpSearchContacts:              "page=1&limit=10",
	api.OpSearchBanks:                 "bankId=BARCGB22&bankIdType=BIC",
	api.OpGetBankTransferInstructions: "from_country=GBR",
}

// target is an operation's path with its parameters filled.
func target(op validate.Operation, base string, params map[string]string) string {
	path := op.Path
	for name, v := range params {
		path = strings.ReplaceAll(path, "{"+name+"}", v)
	}
	for strings.Contains(path, "{") { // parameters with no value: an id nobody has
		i, j := strings.Index(path, "{"), strings.Index(path, "}")
		path = path[:i] + "1001" + path[j+1:]
	}
	u := base + "/" + string(op.Provider) + path
	if q := requiredQuery[op.ID]; q != "" {
		u += "?" + q
	}
	return u
}

// TestEveryAnswerFitsTheSpec sends every operation its spec example (and
// a bodiless call where it takes none), asks every operation for every
// fault, calls every operation without a token, drives payments of every
// kind to their final statuses with webhooks, then sends every example
// again with the payments in place (so that searches and reads find
// them). Every answer and every webhook passes the engine with no problem
// of any severity, warnings included: the test judges each one itself,
// the sandbox lists none in its problems header, and it logs no warning
// or error.
func TestEveryAnswerFitsTheSpec(t *testing.T) {
	logs := &logSink{}
	hooks := newHookSink(t)
	sb := sandbox.Start(t, sandbox.WithToday(march2030), sandbox.WithWebhookURLs(hooks.srv.URL),
		sandbox.WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
	d := &driftCheck{t: t, sb: sb}
	answered := d.everyOperation(true)
	d.params = driveToFinalStatuses(t, sb)
	d.bodies = map[string][]byte{api.OpSearchPayments: []byte(`{"page":1,"limit":100}`)}
	answered += d.everyOperation(false)
	require.NoError(t, sb.Advance(context.Background(), 30*24*time.Hour))
	require.Eventually(t, func() bool { return pendingDeliveries(sb) == 0 }, 10*time.Second, 50*time.Millisecond)
	deliveries := sb.Deliveries()
	for _, dl := range deliveries {
		assert.NotEqual(t, "refused", dl.State, "%s %s", dl.Operation, dl.Status)
		assert.Empty(t, webhookProblems(t, sb, dl), "webhook %s (%s): %s", dl.Operation, dl.Status, dl.Payload)
	}
	assert.NotEmpty(t, deliveries)
	assert.Greater(t, answered, 300)
	for _, line := range strings.Split(logs.String(), "\n") {
		assert.False(t, strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR"), line)
	}
}

// webhookProblems judges a webhook the sandbox sent with its engine.
func webhookProblems(t *testing.T, sb *sandbox.Server, d sandbox.Delivery) validate.Problems {
	t.Helper()
	problems, err := sb.Engine().ValidateRequest(context.Background(), d.Operation, validate.Request{
		Header: http.Header{"Content-Type": {"application/json"}}, Body: d.Payload})
	require.NoError(t, err)
	return problems
}

// driftCheck sends requests to a sandbox and judges every answer with its
// engine.
type driftCheck struct {
	t  *testing.T
	sb *sandbox.Server
	// params fill the operations' path parameters (ids of resources that
	// exist), and bodies replace their examples (a search that finds
	// them).
	params map[string]string
	bodies map[string][]byte
}

// everyOperation sends every API operation its example; with faults, it
// also asks for every fault and calls without a token. It returns how
// many answers it judged.
func (d *driftCheck) everyOperation(faults bool) int {
	t, sb := d.t, d.sb
	answered := 0
	for _, p := range api.Providers() {
		cat, err := specexample.Load(p)
		require.NoError(t, err)
		client := map[api.Provider]*http.Client{api.ProviderFinzly: sb.FinzlyHTTP, api.ProviderRedpin: sb.RedpinHTTP}[p]
		for _, op := range sb.Engine().Operations() {
			if op.Provider != p || op.Webhook {
				continue
			}
			body := requestExample(cat, op.ID)
			if b, ok := d.bodies[op.ID]; ok {
				body = b
			}
			hdr := []string{"Idempotent-Key", "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00"}
			status, _ := d.judge(op, client, body, hdr...)
			assert.NotEqual(t, http.StatusInternalServerError, status, op.ID)
			answered++
			if !faults {
				continue
			}
			for _, fault := range []int{401, 403, 404, 409, 422, 429, 500, 503} {
				status, h := d.judge(op, client, body, append(hdr, sandbox.FaultHeader, strconv.Itoa(fault))...)
				assert.Equal(t, fault, status, "%s fault %d", op.ID, fault)
				if fault == 429 || fault == 503 {
					assert.NotEmpty(t, h.Get("Retry-After"), "%s fault %d", op.ID, fault)
				}
				answered++
			}
			status, _ = d.judge(op, http.DefaultClient, body)
			assert.Equal(t, http.StatusUnauthorized, status, "%s without a token", op.ID)
			answered++
		}
	}
	return answered
}

// judge sends one request for op and asserts that its answer has no
// problem of any severity, by the engine's own check and by the
// sandbox's problems header.
func (d *driftCheck) judge(op validate.Operation, c *http.Client, body []byte, header ...string) (int, http.Header) {
	t := d.t
	t.Helper()
	status, out, h := call(t, c, op.Method, target(op, d.sb.URL, d.params), body, header...)
	problems, err := d.sb.Engine().ValidateResponse(context.Background(), op.ID,
		validate.Response{Status: status, Header: h, Body: out})
	require.NoError(t, err)
	assert.Empty(t, problems, "%s %v answered %d: %s", op.ID, header, status, out)
	assert.Empty(t, h.Get(validate.HeaderResponseProblems), "%s %v answered %d", op.ID, header, status)
	return status, h
}

// requestExample is the first example of an operation's request body, or
// nil for one without.
func requestExample(cat *specexample.Catalogue, opID string) []byte {
	for _, b := range cat.Bodies {
		if b.OperationID == opID && b.Status == "" {
			if exs := cat.ForBody(b); len(exs) > 0 {
				return exs[0].JSON
			}
		}
	}
	return nil
}

func pendingDeliveries(sb *sandbox.Server) int {
	n := 0
	for _, d := range sb.Deliveries() {
		if d.State == "pending" {
			n++
		}
	}
	return n
}

// driveToFinalStatuses creates payments of every kind on both providers,
// so that every status change sends its webhook. It returns the ids of
// what it made, by the path parameters that name them.
func driveToFinalStatuses(t *testing.T, sb *sandbox.Server) map[string]string {
	t.Helper()
	uid := ""
	for _, rel := range []string{
		"finzly/createCreditPaymentV4/valid-fedwire.json",
		"finzly/createCreditPaymentV4/valid-rtp.json",
		"finzly/createCreditPaymentV4/valid-ach-sender-in-crm.json",
		"finzly/createCreditPaymentV3/valid.json",
		"finzly/createBookTransfer/valid.json",
	} {
		op := strings.Split(rel, "/")[1]
		path := map[string]string{"createCreditPaymentV4": "/v4/payments/credit", "createCreditPaymentV3": "/v3/payments/creditrequest",
			"createBookTransfer": "/v3/payments/booktransfer"}[op]
		status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+path, example(t, rel))
		require.Equal(t, http.StatusOK, status, "%s: %s", rel, out)
		if uid == "" {
			uid = decodeJSON(t, out)["data"].(map[string]any)["paymentUID"].(string)
		}
	}
	rid := newRecipient(t, sb.Redpin, "CUST-1", "Harbour Supplies Ltd")
	status, out, _ := call(t, sb.RedpinHTTP, http.MethodPost, sb.RedpinURL+"/v3/customers/CUST-1/payments",
		[]byte(`{"purpose_of_transaction":"SUPPLIER_PAYMENT","amount":{"currency":"GBP","value":75.00},
		"recipient_details":[{"recipient_id":"`+rid+`","amount":{"currency":"GBP","value":75.00}}]}`))
	require.Equal(t, http.StatusCreated, status, string(out))
	return map[string]string{"paymentUID": uid, "customer_id": "CUST-1", "recipient_id": rid,
		"payment_id": decodeJSON(t, out)["payment_id"].(string)}
}
