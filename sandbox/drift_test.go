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
// fault, calls every operation without a token, and drives payments to
// their final statuses with webhooks: the sandbox's answers all pass the
// engine in enforce mode, so none is replaced by the 500 that a drifted
// answer would become, nothing "breaks the spec" in the log, and no
// webhook is refused.
func TestEveryAnswerFitsTheSpec(t *testing.T) {
	logs := &logSink{}
	hooks := newHookSink(t)
	sb := sandbox.Start(t, sandbox.WithToday(march2030), sandbox.WithWebhookURLs(hooks.srv.URL),
		sandbox.WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
	e := sb.Engine()
	answered := 0
	for _, p := range api.Providers() {
		cat, err := specexample.Load(p)
		require.NoError(t, err)
		client := map[api.Provider]*http.Client{api.ProviderFinzly: sb.FinzlyHTTP, api.ProviderRedpin: sb.RedpinHTTP}[p]
		for _, op := range e.Operations() {
			if op.Provider != p || op.Webhook {
				continue
			}
			body := requestExample(cat, op.ID)
			hdr := []string{"Idempotent-Key", "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00"}
			status, out, _ := call(t, client, op.Method, target(op, sb.URL, nil), body, hdr...)
			assert.NotEqual(t, http.StatusInternalServerError, status, "%s: %s", op.ID, out)
			for _, fault := range []int{401, 403, 404, 409, 422, 429, 500, 503} {
				status, out, h := call(t, client, op.Method, target(op, sb.URL, nil), body,
					append(hdr, sandbox.FaultHeader, strconv.Itoa(fault))...)
				assert.Equal(t, fault, status, "%s fault %d: %s", op.ID, fault, out)
				if fault == 429 || fault == 503 {
					assert.NotEmpty(t, h.Get("Retry-After"), "%s fault %d", op.ID, fault)
				}
				answered++
			}
			status, out, _ = call(t, http.DefaultClient, op.Method, target(op, sb.URL, nil), body)
			assert.Equal(t, http.StatusUnauthorized, status, "%s without a token: %s", op.ID, out)
			answered += 2
		}
	}
	driveToFinalStatuses(t, sb)
	require.NoError(t, sb.Advance(context.Background(), 30*24*time.Hour))
	require.Eventually(t, func() bool { return pendingDeliveries(sb) == 0 }, 10*time.Second, 50*time.Millisecond)
	for _, d := range sb.Deliveries() {
		assert.NotEqual(t, "refused", d.State, "%s %s", d.Operation, d.Status)
	}
	assert.NotEmpty(t, sb.Deliveries())
	assert.Greater(t, answered, 300)
	for _, line := range strings.Split(logs.String(), "\n") {
		assert.False(t, strings.Contains(line, "breaks the spec") || strings.Contains(line, "no error answer declared"), line)
	}
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
// so that every status change sends its webhook.
func driveToFinalStatuses(t *testing.T, sb *sandbox.Server) {
	t.Helper()
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
	}
	rid := newRecipient(t, sb.Redpin, "CUST-1", "Harbour Supplies Ltd")
	status, out, _ := call(t, sb.RedpinHTTP, http.MethodPost, sb.RedpinURL+"/v3/customers/CUST-1/payments",
		[]byte(`{"purpose_of_transaction":"SUPPLIER_PAYMENT","amount":{"currency":"GBP","value":75.00},
		"recipient_details":[{"recipient_id":"`+rid+`","amount":{"currency":"GBP","value":75.00}}]}`))
	require.Equal(t, http.StatusCreated, status, string(out))
}
