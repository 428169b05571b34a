package webhook_test

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox/internal/core/webhook"
)

// BenchmarkSilentReceiverPileUp sends the webhooks of 10,000 payments
// (four status changes each) to a receiver that never answers, with the
// default limits, and reports what that costs once the senders are stuck:
// goroutines and heap over what there was before, and how many deliveries
// wait and how many were dropped.
func BenchmarkSilentReceiverPileUp(b *testing.B) {
	const payments = 10000
	statuses := []string{"INITIATED", "VALIDATED", "TRANSMITTED_TO_FED", "PROCESSED"}
	silent := newSink(b, true, nil)
	e := engine(b)
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		goroutines := runtime.NumGoroutine()

		d, err := webhook.New(e, []string{silent.srv.URL}, webhook.DefaultRetry, webhook.Limits{}, discard)
		require.NoError(b, err)
		for _, st := range statuses {
			for p := range payments {
				d.Send(op, strconv.Itoa(p), st, status(p, st))
			}
		}
		require.Eventually(b, func() bool {
			_, _, active, _ := silent.stats()
			return active == webhook.DefaultLimits.PerReceiver
		}, 5*time.Second, time.Millisecond)

		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(runtime.NumGoroutine()-goroutines), "goroutines")
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20), "heap-MiB")
		got := states(d.Deliveries())
		b.ReportMetric(float64(got[webhook.Pending]), "logged-pending")
		b.ReportMetric(float64(got[webhook.Dropped]), "logged-dropped")
		d.Close()
		require.Eventually(b, func() bool {
			_, _, active, _ := silent.stats()
			return active == 0
		}, 5*time.Second, time.Millisecond)
	}
}
