package fedcal_test

import (
	"testing"

	"github.com/payspec/payspec/validate/rules/fedcal"
)

var sink bool

// BenchmarkIsBusinessDay asks about every day of 2026–2027 in turn.
func BenchmarkIsBusinessDay(b *testing.B) {
	days := make([]fedcal.Date, 0, 730)
	for day := d("2026-01-01"); day.Year < 2028; day = day.AddDays(1) {
		days = append(days, day)
	}
	run := func(b *testing.B, c *fedcal.Calendar) {
		c.IsBusinessDay(days[0]) // build the shared holiday table outside the timing
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sink = c.IsBusinessDay(days[i%len(days)])
		}
	}
	b.Run("plain", func(b *testing.B) { run(b, fedcal.New(fedcal.Overrides{})) })
	b.Run("overrides", func(b *testing.B) {
		run(b, fedcal.New(fedcal.Overrides{
			Closed: []fedcal.Date{d("2025-01-09"), d("2026-03-10")},
			Open:   []fedcal.Date{d("2026-11-11")},
		}))
	})
}
