package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/sandbox/store"
	"github.com/payspec/payspec/validate"
)

// listedControl is one control as GET /_sandbox lists it.
type listedControl struct {
	Method, Path, Does string
}

// TestControlIndexListsEveryControl asks GET /_sandbox for the controls:
// it lists each control the sandbox serves, with what it does, and each
// one it lists is served (not the control API's "no such control").
func TestControlIndexListsEveryControl(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	var index struct {
		Controls []listedControl
		Headers  []struct{ Name, Does string }
	}
	for _, path := range []string{"/_sandbox", "/_sandbox/"} {
		status, out, h := call(t, http.DefaultClient, http.MethodGet, sb.URL+path, nil)
		require.Equal(t, http.StatusOK, status, "%s: %s", path, out)
		assert.Equal(t, "application/json", h.Get("Content-Type"))
		require.NoError(t, json.Unmarshal(out, &index))
	}
	var listed []string
	for _, c := range index.Controls {
		assert.NotEmpty(t, c.Does, c.Path)
		listed = append(listed, c.Method+" "+c.Path)
		status, out, _ := call(t, http.DefaultClient, c.Method, sb.URL+strings.ReplaceAll(c.Path, "{id}", "1"), nil)
		assert.NotContains(t, string(out), "no such control", "%s %s is served", c.Method, c.Path)
		assert.NotEqual(t, http.StatusMethodNotAllowed, status, "%s %s", c.Method, c.Path)
	}
	assert.ElementsMatch(t, []string{
		"GET /_sandbox", "GET /_sandbox/health", "GET /_sandbox/clock", "POST /_sandbox/clock", "POST /_sandbox/reset",
		"GET /_sandbox/payments", "GET /_sandbox/payments/{id}/events", "GET /_sandbox/webhooks",
		"POST /_sandbox/finzly/incoming-payments", "GET /_sandbox/redpin/sessions/{id}",
		"POST /_sandbox/redpin/sessions/{id}/pay",
	}, listed)
	require.Len(t, index.Headers, 1)
	assert.Equal(t, sandbox.FaultHeader, index.Headers[0].Name)
	assert.Contains(t, index.Headers[0].Does, ";retry-after=SECONDS")
}

// failingStore is a memory store whose reads fail once told to.
type failingStore struct {
	*store.Memory
	fail atomic.Bool
}

func (s *failingStore) Get(ctx context.Context, kind, id string) (store.Record, bool, error) {
	if s.fail.Load() {
		return store.Record{}, false, errors.New("disk on fire")
	}
	return s.Memory.Get(ctx, kind, id)
}

// TestHealthSaysWhetherTheSandboxServes answers 200 while the store
// answers, and 503 (without the store's error) once it does not.
func TestHealthSaysWhetherTheSandboxServes(t *testing.T) {
	st := &failingStore{Memory: store.NewMemory()}
	sb := sandbox.Start(t, sandbox.WithStore(st), sandbox.WithToday(march2030))
	status, out, _ := call(t, http.DefaultClient, http.MethodGet, sb.URL+"/_sandbox/health", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	body := decodeJSON(t, out)
	assert.Equal(t, "ok", body["status"])
	assert.Contains(t, body["now"], "2030-03-01", "the sandbox time")

	st.fail.Store(true)
	status, out, _ = call(t, http.DefaultClient, http.MethodGet, sb.URL+"/_sandbox/health", nil)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, "unavailable", decodeJSON(t, out)["status"])
	assert.NotContains(t, string(out), "fire", "the store's own error stays in the sandbox")
}

// paymentPage is the answer of GET /_sandbox/payments.
type paymentPage struct {
	Payments    []sandbox.PaymentSummary
	Page, Limit int
	Total       int
}

func listPayments(t *testing.T, sb *sandbox.Server, query string) paymentPage {
	t.Helper()
	status, out, _ := call(t, http.DefaultClient, http.MethodGet, sb.URL+"/_sandbox/payments?"+query, nil)
	require.Equal(t, http.StatusOK, status, "%s: %s", query, out)
	var page paymentPage
	require.NoError(t, json.Unmarshal(out, &page))
	return page
}

// TestPaymentListShowsBothProviders lists Finzly's and Redpin's payments
// together, newest first, in the same terms, filtered and paged. The
// sandbox clock is pinned to 1 March 2030, so the examples' dates stay
// ahead.
func TestPaymentListShowsBothProviders(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	page := listPayments(t, sb, "")
	assert.Empty(t, page.Payments, "none yet")
	assert.NotNil(t, page.Payments, "an empty list, not null")

	var ids []string // in order of creation
	for _, rel := range []string{"finzly/createCreditPaymentV4/valid-fedwire.json", "finzly/createCreditPaymentV4/valid-rtp.json"} {
		status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit", example(t, rel))
		require.Equal(t, http.StatusOK, status, string(out))
		ids = append(ids, decodeJSON(t, out)["data"].(map[string]any)["paymentUID"].(string))
	}
	rid := newRecipient(t, sb.Redpin, "CUST-1", "Harbour Supplies Ltd")
	status, out, _ := call(t, sb.RedpinHTTP, http.MethodPost, sb.RedpinURL+"/v3/customers/CUST-1/payments",
		[]byte(`{"purpose_of_transaction":"SUPPLIER_PAYMENT","amount":{"currency":"GBP","value":75.00},
		"client_reference_id":"ORDER-9","recipient_details":[{"recipient_id":"`+rid+`","amount":{"currency":"GBP","value":75.00}}]}`))
	require.Equal(t, http.StatusCreated, status, string(out))
	ids = append(ids, decodeJSON(t, out)["payment_id"].(string))

	page = listPayments(t, sb, "")
	assert.Equal(t, 3, page.Total)
	assert.Equal(t, 1, page.Page)
	assert.Equal(t, 20, page.Limit)
	require.Len(t, page.Payments, 3)
	assert.Equal(t, []string{ids[2], ids[1], ids[0]}, []string{page.Payments[0].ID, page.Payments[1].ID, page.Payments[2].ID},
		"newest first")
	rp, wire := page.Payments[0], page.Payments[2]
	assert.Equal(t, sandbox.PaymentSummary{Provider: api.ProviderRedpin, ID: ids[2], Status: "PROCESSING",
		Reference: "ORDER-9", Amount: "75.00", Currency: "GBP", Created: rp.Created}, rp)
	assert.Equal(t, sandbox.PaymentSummary{Provider: api.ProviderFinzly, ID: ids[0], Status: "FUTURE_DATED",
		Rail: "FEDWIRE", Reference: "INV-2027-77812", Amount: "1234567.89", Currency: "USD", Created: wire.Created}, wire)
	assert.Equal(t, "2030-03-01", wire.Created.In(sb.Clock().Zone()).Format("2006-01-02"), "in sandbox time")

	for query, want := range map[string][]string{
		"provider=finzly":             {ids[1], ids[0]},
		"provider=Redpin":             {ids[2]},
		"rail=fedwire":                {ids[0]},
		"status=future_dated":         {ids[0]},
		"reference=ORDER-9":           {ids[2]},
		"reference=order-9":           nil, // a reference is matched exactly
		"provider=finzly&rail=FEDNOW": {ids[1]},
		"limit=2":                     {ids[2], ids[1]},
		"limit=2&page=2":              {ids[0]},
		"limit=2&page=3":              nil,
		"status=PROCESSING&limit=1":   {ids[2]},
	} {
		var got []string
		for _, p := range listPayments(t, sb, query).Payments {
			got = append(got, p.ID)
		}
		assert.Equal(t, want, got, query)
	}
	assert.Equal(t, 3, listPayments(t, sb, "limit=1").Total, "total counts every page")

	// Go sees the same list.
	got := sb.Payments(context.Background(), sandbox.PaymentFilter{Provider: api.ProviderFinzly, Rail: "fednow"})
	require.Len(t, got, 1)
	assert.Equal(t, ids[1], got[0].ID)
}

// TestPaymentListRefusesWhatItDoesNotKnow answers 400 with the query's
// description to anything but the documented parameters and values.
func TestPaymentListRefusesWhatItDoesNotKnow(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	for _, query := range []string{"provider=paypal", "page=0", "page=-1", "page=abc", "page=1000001", "limit=0",
		"limit=101", "limit=1.5", "limit=+5", "sort=created", "status=A&status=B", "page=%zz", "page=1;limit=2"} {
		status, out, _ := call(t, http.DefaultClient, http.MethodGet, sb.URL+"/_sandbox/payments?"+query, nil)
		assert.Equal(t, http.StatusBadRequest, status, query)
		assert.Contains(t, decodeJSON(t, out)["error"], "provider (finzly or redpin)", query)
	}
}

// TestFaultRetryAfterCanBeChosen asks for 429 and 503 with a Retry-After
// of the caller's choosing; the answers still fit the spec.
func TestFaultRetryAfterCanBeChosen(t *testing.T) {
	sb := sandbox.Start(t)
	for fault, want := range map[string]string{"503": "1", "429": "1", "503;retry-after=7": "7",
		"429; Retry-After=120": "120", "503;retry-after=0": "0"} {
		for _, c := range []struct {
			client *http.Client
			url    string
			op     string
		}{
			{sb.FinzlyHTTP, sb.FinzlyURL + "/v3/payments/12", api.OpGetPayment},
			{sb.RedpinHTTP, sb.RedpinURL + "/v1/currencies", api.OpListCurrencies},
		} {
			status, out, h := call(t, c.client, http.MethodGet, c.url, nil, sandbox.FaultHeader, fault)
			assert.Equal(t, strings.Split(fault, ";")[0], itoa(int64(status)), "%s %s", fault, c.op)
			assert.Equal(t, want, h.Get("Retry-After"), "%s %s", fault, c.op)
			problems, err := sb.Engine().ValidateResponse(context.Background(), c.op,
				validate.Response{Status: status, Header: h, Body: out})
			require.NoError(t, err)
			assert.Empty(t, problems, "%s %s", fault, c.op)
		}
	}
	for _, fault := range []string{"500;retry-after=7", "503;retry-after=86401", "503;retry-after=soon", "503;wait=7"} {
		status, out, _ := call(t, sb.FinzlyHTTP, http.MethodGet, sb.FinzlyURL+"/v3/payments/12", nil, sandbox.FaultHeader, fault)
		assert.Equal(t, http.StatusBadRequest, status, "%s: %s", fault, out)
	}
}
