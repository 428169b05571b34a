package validate_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/validate"
)

// receiver implements both providers' generated webhook ServerInterfaces
// and records, for each delivery that reaches it, the method it reached
// and the operation the middleware judged it as.
type receiver struct {
	mu      sync.Mutex
	reached []string // "method judged-as"
}

func (rc *receiver) hit(w http.ResponseWriter, r *http.Request, method string) {
	op, _ := validate.OperationFromContext(r.Context())
	rc.mu.Lock()
	rc.reached = append(rc.reached, method+" "+op.ID)
	rc.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (rc *receiver) take() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	got := rc.reached
	rc.reached = nil
	return got
}

func (rc *receiver) FinzlyPaymentStatusWebhook(w http.ResponseWriter, r *http.Request) {
	rc.hit(w, r, "finzlyPaymentStatusWebhook")
}

func (rc *receiver) FinzlyTransactionUpdateWebhook(w http.ResponseWriter, r *http.Request) {
	rc.hit(w, r, "finzlyTransactionUpdateWebhook")
}

func (rc *receiver) RedpinCustomerStatusWebhook(w http.ResponseWriter, r *http.Request) {
	rc.hit(w, r, "redpinCustomerStatusWebhook")
}

func (rc *receiver) RedpinPaymentStatusWebhook(w http.ResponseWriter, r *http.Request) {
	rc.hit(w, r, "redpinPaymentStatusWebhook")
}

func (rc *receiver) RedpinPaymentStatusEnvelopeWebhook(w http.ResponseWriter, r *http.Request) {
	rc.hit(w, r, "redpinPaymentStatusEnvelopeWebhook")
}

func (rc *receiver) RedpinThirdPartyCustomerStatusWebhook(w http.ResponseWriter, r *http.Request) {
	rc.hit(w, r, "redpinThirdPartyCustomerStatusWebhook")
}

func (rc *receiver) RedpinThirdPartyCustomerStatusEnvelopeWebhook(w http.ResponseWriter, r *http.Request) {
	rc.hit(w, r, "redpinThirdPartyCustomerStatusEnvelopeWebhook")
}

// validDelivery returns the repository's valid example of a webhook.
func validDelivery(tb testing.TB, op validate.Operation) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", string(op.Provider), op.ID, "valid.json"))
	require.NoError(tb, err)
	return b
}

// finzlyDelivery is a valid Finzly payment status delivery.
func finzlyDelivery(tb testing.TB) []byte {
	op, ok := engine(tb).Operation("finzlyPaymentStatusWebhook")
	require.True(tb, ok)
	return validDelivery(tb, op)
}

// malformedDeliveries are bodies no webhook accepts: not JSON, and not an
// object.
var malformedDeliveries = []string{`{"`, `[]`, `42`}

func TestDefaultMiddlewareJudgesGeneratedWebhookHandlers(t *testing.T) {
	e := engine(t)
	rc := &receiver{}
	for _, tc := range []struct {
		name    string
		handler http.Handler
		base    string
		ops     func(validate.Operation) bool
	}{
		{"finzly", finzlywebhook.Handler(rc), "", validate.WebhookOperations(api.ProviderFinzly)},
		{"redpin", redpinwebhook.Handler(rc), "", validate.WebhookOperations(api.ProviderRedpin)},
		{"finzly under a base path", finzlywebhook.HandlerWithOptions(rc,
			finzlywebhook.StdHTTPServerOptions{BaseURL: "/hooks/finzly"}), "/hooks/finzly", validate.WebhookOperations(api.ProviderFinzly)},
		{"redpin under a base path", redpinwebhook.HandlerWithOptions(rc,
			redpinwebhook.StdHTTPServerOptions{BaseURL: "/hooks/redpin"}), "/hooks/redpin", validate.WebhookOperations(api.ProviderRedpin)},
	} {
		// As a newcomer writes it: no option at all.
		h := e.Middleware(tc.handler)
		served := 0
		for _, op := range e.Operations() {
			if !tc.ops(op) {
				continue
			}
			served++
			target := tc.base + op.Path
			for _, bad := range malformedDeliveries {
				rec := serve(h, http.MethodPost, target, []byte(bad))
				assert.Equal(t, http.StatusBadRequest, rec.Code, "%s: %s %s", tc.name, target, bad)
				assert.NotEmpty(t, rec.Header().Get(validate.HeaderRequestProblems), "%s: %s %s", tc.name, target, bad)
				assert.Empty(t, rc.take(), "%s: a malformed delivery to %s reached the receiver", tc.name, target)
			}
			rec := serve(h, http.MethodPost, target, validDelivery(t, op))
			assert.Equal(t, http.StatusOK, rec.Code, "%s: %s", tc.name, target)
			assert.Empty(t, rec.Header().Get(validate.HeaderRequestProblems), "%s: %s", tc.name, target)
			assert.Equal(t, []string{op.ID + " " + op.ID}, rc.take(), "%s: the delivery reaches its method, judged as its operation", tc.name)
		}
		assert.Positive(t, served, tc.name)
	}
}

// apiServer is a provider API server with routes of its own beside the
// generated handlers, behind the middleware with the given options. It
// answers 204 from a generated route (with the pattern in dispatchHeader)
// and 200 from its own; judged lists the operations the middleware judged.
func apiServer(t *testing.T, opts ...validate.MiddlewareOption) (h http.Handler, judged func() []string) {
	t.Helper()
	mux := http.NewServeMux()
	finzly.HandlerFromMux(nil, recordingMux{mux})
	redpin.HandlerFromMux(nil, recordingMux{mux})
	own := func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }
	mux.HandleFunc("GET /healthz", own)
	mux.HandleFunc("POST /internal/reindex", own)
	mux.HandleFunc("POST /orders/payments", own)
	var mu sync.Mutex
	var ids []string
	opts = append([]validate.MiddlewareOption{
		validate.WithLogger(discardLogger),
		validate.WithObserver(func(_ *http.Request, op validate.Operation, _ validate.Problems) {
			mu.Lock()
			ids = append(ids, op.ID)
			mu.Unlock()
		})}, opts...)
	return engine(t).Middleware(mux, opts...), func() []string {
		mu.Lock()
		defer mu.Unlock()
		got := ids
		ids = nil
		return got
	}
}

func TestDefaultMiddlewareKeepsAPIServersAndTheirOwnRoutes(t *testing.T) {
	h, judged := apiServer(t)

	rec := serve(h, http.MethodGet, "/healthz", nil)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "ok", rec.Body.String())
	rec = serve(h, http.MethodPost, "/internal/reindex", []byte(`[]`))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, rec.Header().Get(validate.HeaderRequestProblems))
	assert.Empty(t, judged(), "the server's own routes fit no operation and pass unjudged")

	for _, tc := range []struct {
		target string
		body   []byte
		status int
		want   string
	}{
		{"/v4/payments/credit", v4Fedwire(t), http.StatusNoContent, "createCreditPaymentV4"},
		{"/v4/payments/credit", []byte(v4Invalid), http.StatusBadRequest, "createCreditPaymentV4"},
		// This path ends in Finzly's webhook path /payments: it is still
		// judged as Redpin's createPayment, so a delivery's body sent
		// there is refused.
		{"/v3/customers/CUST-0048213/payments", redpinPaymentSameCurrency, http.StatusNoContent, "createPayment"},
		{"/v3/customers/CUST-0048213/payments", finzlyDelivery(t),
			http.StatusBadRequest, "createPayment"},
	} {
		rec := serve(h, http.MethodPost, tc.target, tc.body)
		assert.Equal(t, tc.status, rec.Code, tc.target)
		assert.Equal(t, []string{tc.want}, judged(), tc.target)
		assert.Equal(t, tc.status == http.StatusNoContent, rec.Header().Get(dispatchHeader) != "", "dispatched only when valid")
	}
}

func TestOwnRoutesEndingInAWebhookPathNeedAPIOperations(t *testing.T) {
	delivery := []byte(`[]`)
	// By default a route of the server's own that ends in a webhook's path
	// is judged as that webhook, as a receiver under a base path would be.
	h, judged := apiServer(t)
	rec := serve(h, http.MethodPost, "/orders/payments", delivery)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, []string{"finzlyPaymentStatusWebhook"}, judged())

	// An API server that receives no webhook says so, and the route is its
	// own again.
	h, judged = apiServer(t, validate.WithOperations(validate.APIOperations()))
	rec = serve(h, http.MethodPost, "/orders/payments", delivery)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, judged())
}

func TestDefaultMiddlewareLeavesNoWayAroundJudgingAWebhook(t *testing.T) {
	mux := http.NewServeMux()
	finzly.HandlerFromMux(nil, recordingMux{mux})
	redpin.HandlerFromMux(nil, recordingMux{mux})
	finzlywebhook.HandlerFromMux(nil, recordingMux{mux})
	redpinwebhook.HandlerFromMux(nil, recordingMux{mux})
	var judged []string
	h := engine(t).Middleware(mux, validate.WithLogger(discardLogger),
		validate.WithObserver(func(_ *http.Request, op validate.Operation, _ validate.Problems) {
			judged = append(judged, op.ID)
		}))
	for _, tc := range []struct {
		name, method, target, override string
		want                           string // the operation judged
		code                           string // a problem code the refusal carries
	}{
		{"an escaped slash: a webhook to ServeMux, createPayment to a router that unescapes first",
			http.MethodPost, "/v3/customers%2FCUST-1/payments", "", "finzlyPaymentStatusWebhook", validate.CodeAmbiguousRoute},
		{"the method names a webhook, the override an API operation",
			http.MethodPost, "/v1/recurrences/payments", http.MethodPut, "finzlyPaymentStatusWebhook", validate.CodeAmbiguousRoute},
		{"an override that turns a GET into a delivery",
			http.MethodGet, "/payments", http.MethodPost, "finzlyPaymentStatusWebhook", validate.CodeType},
		{"another spelling of the path",
			"post", "/hooks//%50ayments;x/", "", "finzlyPaymentStatusWebhook", validate.CodeType},
		{"HEAD is not a delivery, but its override is",
			http.MethodHead, "/webhooks/payments/payment-status-updated", http.MethodPost,
			"redpinPaymentStatusEnvelopeWebhook", validate.CodeType},
	} {
		req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(`[]`))
		req.Header.Set("Content-Type", "application/json")
		if tc.override != "" {
			req.Header.Set("X-HTTP-Method-Override", tc.override)
		}
		rec := httptest.NewRecorder()
		judged = nil
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusBadRequest, rec.Code, tc.name)
		assert.Empty(t, rec.Header().Get(dispatchHeader), "%s: reached the handler", tc.name)
		assert.Contains(t, rec.Header().Get(validate.HeaderRequestProblems), tc.code, tc.name)
		require.Len(t, judged, 1, tc.name)
		assert.Equal(t, tc.want, judged[0], tc.name)
	}
}
