package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/money"
)

func TestPlainAmountIsExact(t *testing.T) {
	for in, want := range map[string]string{
		"10.50":                          "10.50",
		"1234567.89":                     "1234567.89",
		"0":                              "0",
		"0.001":                          "0.001",
		"1.5e2":                          "150",
		"1e3":                            "1000",
		"1E-2":                           "0.01",
		"922337203685477.5808":           "922337203685477.5808",
		"12345678901234567890.123456789": "12345678901234567890.123456789",
	} {
		a, err := money.Parse(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, PlainAmount(a), in)
	}
}
