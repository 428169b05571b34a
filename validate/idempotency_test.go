package validate_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/validate"
)

func TestMisspelledIdempotencyHeaderIsAWarning(t *testing.T) {
	e := engine(t)
	const key = "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00"
	tests := []struct {
		name   string
		header string
		want   bool
	}{
		{name: "Stripe's spelling", header: "Idempotency-Key", want: true},
		{name: "prefixed", header: "X-Idempotency-Key", want: true},
		{name: "run together", header: "Idempotentkey", want: true},
		{name: "the declared spelling", header: "Idempotent-Key"},
		{name: "an unrelated header", header: "X-Request-Id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := jsonHeader()
			h.Set(tc.header, key)
			ps, err := e.ValidateRequest(context.Background(), api.OpCreateCreditPaymentV4,
				validate.Request{Header: h, Body: v4Fedwire(t)})
			require.NoError(t, err)
			ptr := "/header/" + http.CanonicalHeaderKey(tc.header)
			assert.Equal(t, tc.want, hasProblem(ps, ptr, validate.CodeUndeclaredHeader), "%v", ps)
			assert.False(t, ps.HasErrors(), "a warning, never an error: %v", ps)
			if tc.want {
				for _, p := range ps {
					if p.Code == validate.CodeUndeclaredHeader {
						assert.Equal(t, validate.SeverityWarning, p.Severity)
						assert.Contains(t, p.Message, "Idempotent-Key")
						assert.NotContains(t, p.Message, key, "the value is never echoed")
					}
				}
			}
		})
	}
}

func TestIdempotencyHeaderWarningOnlyWhereTheSpecDeclaresOne(t *testing.T) {
	e := engine(t)
	h := jsonHeader()
	h.Set("Idempotency-Key", "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00")
	ps, err := e.ValidateRequest(context.Background(), api.OpCreateQuote, validate.Request{
		PathParams: map[string]string{"customer_id": "C-1"}, Header: h,
		Body: []byte(`{"sell_currency":"GBP","buy_currency":"EUR","amount":100}`),
	})
	require.NoError(t, err)
	assert.False(t, hasProblem(ps, "/header/Idempotency-Key", validate.CodeUndeclaredHeader),
		"Redpin declares no idempotency header, so nothing is misspelled: %v", ps)
}
