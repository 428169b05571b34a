package faults

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseReadsTheFaultsAskedFor(t *testing.T) {
	for _, c := range []struct {
		in   string
		want fault
		ok   bool
	}{
		{"timeout", fault{timeout: true}, true},
		{"TimeOut", fault{timeout: true}, true},
		{"401", fault{status: 401}, true},
		{"500", fault{status: 500}, true},
		{"429", fault{status: 429, retryAfter: 1}, true},
		{"503", fault{status: 503, retryAfter: 1}, true},
		{"503;retry-after=7", fault{status: 503, retryAfter: 7}, true},
		{"429 ; Retry-After = 120", fault{status: 429, retryAfter: 120}, true},
		{"503;retry-after=0", fault{status: 503, retryAfter: 0}, true},
		{"503;retry-after=86400", fault{status: 503, retryAfter: 86400}, true},
		{"503;retry-after=86401", fault{}, false},
		{"503;retry-after=-1", fault{}, false},
		{"503;retry-after=+7", fault{}, false},
		{"503;retry-after=", fault{}, false},
		{"503;retry-after=7s", fault{}, false},
		{"503;retry-after=1e3", fault{}, false},
		{"503;retry-after", fault{}, false},
		{"503;wait=7", fault{}, false},
		{"500;retry-after=7", fault{}, false}, // only 429 and 503 are retried
		{"timeout;retry-after=7", fault{}, false},
		{"418", fault{}, false},
		{"unavailable", fault{}, false},
		{"", fault{}, false},
		{"503;retry-after=7;retry-after=8", fault{}, false},
		{"503;retry-after=" + strings.Repeat("9", 80), fault{}, false},
	} {
		got, ok := parse(c.in)
		assert.Equal(t, c.ok, ok, "%q", c.in)
		assert.Equal(t, c.want, got, "%q", c.in)
	}
}

// FuzzParse checks that any header value is read without panicking, and
// that what is accepted is a fault the sandbox can answer.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"timeout", "503;retry-after=7", "429", "418", "503;retry-after=99999", ";", "=;="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, ok := parse(v)
		if !ok {
			return
		}
		if got.timeout {
			return
		}
		if _, known := statuses[got.status]; !known {
			t.Fatalf("%q accepted with unknown status %d", v, got.status)
		}
		if got.retryAfter < 0 || got.retryAfter > maxRetryAfter {
			t.Fatalf("%q accepted with retry-after %d", v, got.retryAfter)
		}
	})
}
