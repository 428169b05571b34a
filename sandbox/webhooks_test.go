package sandbox_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
)

// TestWebhookQueueOverflowShowsInTheLog: with WithWebhookQueue(2) and a
// receiver that never answers, a third payment's webhook is dropped, and
// the delivery log over HTTP says so and why; Reset forgets what waits.
func TestWebhookQueueOverflowShowsInTheLog(t *testing.T) {
	var requests atomic.Int32
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		requests.Add(1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(silent.Close)
	t.Cleanup(func() { close(release) })
	sb := sandbox.Start(t, sandbox.WithToday(march2030), sandbox.WithWebhookURLs(silent.URL), sandbox.WithWebhookQueue(2))
	for range 3 {
		status, body, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
			example(t, "finzly/createCreditPaymentV4/valid-fedwire.json"))
		require.Equal(t, http.StatusOK, status, string(body))
	}
	require.Eventually(t, func() bool { return requests.Load() == 2 }, 5*time.Second, 5*time.Millisecond,
		"the two payments' webhooks are being tried, side by side")

	status, body, _ := call(t, http.DefaultClient, http.MethodGet, sb.URL+"/_sandbox/webhooks", nil)
	require.Equal(t, http.StatusOK, status)
	var got []string
	for _, d := range decodeJSON(t, body)["deliveries"].([]any) {
		d := d.(map[string]any)
		got = append(got, d["state"].(string))
		if d["state"] == "dropped" {
			assert.Equal(t, "the receiver's queue is full (2 deliveries outstanding)", d["reason"])
		}
	}
	assert.Equal(t, []string{"pending", "pending", "dropped"}, got)

	require.NoError(t, sb.Reset(context.Background()))
	assert.Empty(t, sb.Deliveries())
}
