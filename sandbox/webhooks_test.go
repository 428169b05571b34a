package sandbox_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
)

// silentReceiver is a webhook receiver that never answers, for the rest
// of the test, and the number of requests it holds.
func silentReceiver(t testing.TB) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	held := &atomic.Int32{}
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // so that the server notices the sender going
		held.Add(1)
		defer held.Add(-1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	return srv, held
}

// TestWebhookQueueOverflowShowsInTheLog: with WithWebhookQueue(2) and a
// receiver that never answers, a third payment's webhook is dropped, and
// the delivery log over HTTP says so and why; Reset forgets what waits.
func TestWebhookQueueOverflowShowsInTheLog(t *testing.T) {
	silent, held := silentReceiver(t)
	sb := sandbox.Start(t, sandbox.WithToday(march2030), sandbox.WithWebhookURLs(silent.URL), sandbox.WithWebhookQueue(2))
	for range 3 {
		status, body, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
			example(t, "finzly/createCreditPaymentV4/valid-fedwire.json"))
		require.Equal(t, http.StatusOK, status, string(body))
	}
	require.Eventually(t, func() bool { return held.Load() == 2 }, 5*time.Second, 5*time.Millisecond,
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

// BenchmarkWebhookPileUpOnSilentReceiver creates 10,000 Finzly payments
// and moves them to PROCESSED (five status webhooks each, 50,000 in all)
// with a receiver that never answers, then reports what the sandbox holds
// once its senders are stuck: goroutines and heap over what there was
// before the payments (the payments included), and what the delivery log
// shows. The same run without a receiver is the baseline. One op is the
// whole run.
func BenchmarkWebhookPileUpOnSilentReceiver(b *testing.B) {
	silent, held := silentReceiver(b)
	b.Run("silent-receiver", func(b *testing.B) {
		pileUp(b, func() bool { return held.Load() == 4 }, sandbox.WithWebhookURLs(silent.URL))
	})
	b.Run("no-receiver", func(b *testing.B) { pileUp(b, func() bool { return true }) })
}

// pileUp is one run of BenchmarkWebhookPileUpOnSilentReceiver; stuck
// reports when the senders are all held.
func pileUp(b *testing.B, stuck func() bool, opts ...sandbox.Option) {
	const payments = 10_000
	body := benchExample(b)
	for b.Loop() {
		goroutines, before := runtime.NumGoroutine(), heapInUse()
		sb, err := sandbox.New(append(opts, sandbox.WithToday(march2030), sandbox.WithoutAuth())...)
		require.NoError(b, err)
		h := sb.Handler()
		for range payments {
			status, out := serve(h, http.MethodPost, "/finzly/v4/payments/credit", body)
			require.Equal(b, http.StatusOK, status, "%.300s", out)
		}
		require.NoError(b, sb.SetToday(context.Background(), time.Date(2030, 3, 16, 0, 0, 0, 0, time.UTC)))
		require.Eventually(b, stuck, 5*time.Second, time.Millisecond)

		b.ReportMetric(float64(runtime.NumGoroutine()-goroutines), "goroutines")
		b.ReportMetric((float64(heapInUse())-float64(before))/(1<<20), "heap-MiB")
		dropped := 0
		for _, d := range sb.Deliveries() {
			if d.State == "dropped" {
				dropped++
			}
		}
		b.ReportMetric(float64(dropped), "logged-dropped")
		require.NoError(b, sb.Close())
	}
}
