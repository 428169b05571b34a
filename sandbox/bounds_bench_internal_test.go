package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkWorstClockChange times the largest clock change the bound lets
// through: one that makes recurring series create MaxPaymentsPerClockChange
// payments, as one daily series over 10,000 days (27 years), or more
// series over fewer days, without and with a webhook receiver. One op is
// one change, the state lock held throughout; MB-heap is what the
// payments it made keep.
func BenchmarkWorstClockChange(b *testing.B) {
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(receiver.Close)
	for _, c := range []struct {
		series int
		hooks  bool
	}{{1, false}, {10, false}, {100, false}, {10, true}} {
		series, days := c.series, MaxPaymentsPerClockChange/c.series
		name := fmt.Sprintf("%d-daily-series-%d-days", series, days)
		var opts []Option
		if c.hooks {
			name, opts = name+"-webhooks", []Option{WithWebhookURLs(receiver.URL)}
		}
		b.Run(name, func(b *testing.B) {
			var heap float64
			for b.Loop() {
				b.StopTimer()
				sb, err := newFrozen(opts...)
				require.NoError(b, err)
				h := sb.Handler()
				for range series {
					dailySeries(b, h)
				}
				// From noon on the first day: the first payments are made;
				// days more midnights bring days more each.
				jump := time.Duration(days)*24*time.Hour - time.Hour
				before := heapNow()
				b.StartTimer()
				require.NoError(b, sb.Advance(context.Background(), jump))
				b.StopTimer()
				heap = float64(heapNow()-min(before, heapNow())) / (1 << 20)
				require.Equal(b, series*(days+1), finzlyPayments(b, h), "the first payments and one a day since")
				require.ErrorIs(b, sb.Advance(context.Background(), time.Duration(MaxPaymentsPerClockChange/series+1)*24*time.Hour),
					ErrClockChangeTooLarge, "one more day each is past the bound")
				_ = sb.Close()
				b.StartTimer()
			}
			b.ReportMetric(heap, "MB-heap")
		})
	}
}

// BenchmarkTokenFlood has one client ask for 100,000 tokens; the live ones
// stay capped. One op is the whole flood on a fresh sandbox; MB-heap is
// what the sandbox holds after it, live-tokens how many tokens.
func BenchmarkTokenFlood(b *testing.B) {
	const requests = 100_000
	form := "grant_type=client_credentials&client_id=sandbox&client_secret=sandbox"
	var heap, held float64
	for b.Loop() {
		b.StopTimer()
		sb, err := newFrozen()
		require.NoError(b, err)
		h := sb.Handler()
		before := heapNow()
		b.StartTimer()
		for i := range requests {
			req := httptest.NewRequest(http.MethodPost, FinzlyPrefix+FinzlyTokenPath, strings.NewReader(form))
			req.Host, req.RemoteAddr = "localhost", "127.0.0.1:50000"
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("token %d: %d %s", i, rec.Code, rec.Body)
			}
		}
		b.StopTimer()
		heap = float64(heapNow()-min(before, heapNow())) / (1 << 20)
		held = float64(sb.auth.Held())
		_ = sb.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*requests), "ns/token")
	b.ReportMetric(heap, "MB-heap")
	b.ReportMetric(held, "tokens-held")
}

// heapNow is the heap in use after two collections.
func heapNow() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
