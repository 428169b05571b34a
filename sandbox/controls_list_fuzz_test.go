package sandbox

import (
	"slices"
	"testing"

	"github.com/payspec/payspec/api"
)

// FuzzParsePaymentQuery reads any query of GET /_sandbox/payments without
// panicking, and accepts only what stays within the list's bounds.
func FuzzParsePaymentQuery(f *testing.F) {
	for _, s := range []string{"", "provider=finzly&status=PROCESSED&rail=ACH&reference=R-1&page=2&limit=100",
		"page=0", "limit=101", "provider=x", "page=%zz", "a=1&a=2", "page=9999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := parsePaymentQuery(raw)
		if err != nil {
			return
		}
		if q.page < 1 || q.page > maxPaymentPage || q.limit < 1 || q.limit > maxPaymentLimit {
			t.Fatalf("%q accepted with page %d, limit %d", raw, q.page, q.limit)
		}
		if q.filter.Provider != "" && !slices.Contains(api.Providers(), q.filter.Provider) {
			t.Fatalf("%q accepted with provider %q", raw, q.filter.Provider)
		}
	})
}
