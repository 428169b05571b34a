package webhook

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAttemptErrorsAreKeptPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"connection refused", "connection refused"},
		{"valid for a\revent: bogus\rdata: x", `valid for a\revent: bogus\rdata: x`},
		{"line\nbreak\x00nul\x1b[31m", `line\nbreak\x00nul\x1b[31m`},
		{"naïve ✓", "naïve ✓"},
	} {
		assert.Equal(t, tc.want, printable(tc.in), "%q", tc.in)
	}
}
