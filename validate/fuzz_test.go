package validate_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/validate"
)

// FuzzValidate feeds arbitrary bodies to every operation, as a request and
// as a response, and checks that the engine answers with well-formed
// problems: no panic, no hang, valid pointers, known severities, sorted.
func FuzzValidate(f *testing.F) {
	for _, p := range api.Providers() {
		for _, ex := range spectest.Examples(f, p) {
			if ex.Kind != spectest.KindSchema {
				f.Add(uint8(0), ex.JSON)
			}
		}
	}
	for _, s := range []string{
		``, `null`, `[]`, `{}`, `{"a":1,"a":2}`, `{"paymentAmount":1,"PaymentAmount":2}`,
		"{\"speed\":\"\xff\"}", `{} {}`, `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
		`{"paymentAmount":1e999999999}`, `{"fee":{"amount":-0.0000000000000000000001}}`,
		`{"sender":{"accountUID":9223372036854775808}}`, `{"recipient_details":[{"amount":{"value":1.005}}]}`,
	} {
		f.Add(uint8(0), []byte(s))
	}
	// Rules on, with a fixed date, so that bodies that pass the schema also
	// go through the rail rules.
	e := newEngine(f, onDecember1)
	ops := e.Operations()
	params := map[string]string{"customer_id": "C-100245", "payment_id": "P-1", "paymentUID": "12930"}
	f.Fuzz(func(t *testing.T, pick uint8, body []byte) {
		ctx := context.Background()
		h := http.Header{"Content-Type": {"application/json"}}
		for i, op := range ops {
			if pick != 0 && int(pick)%len(ops) != i {
				continue
			}
			ps, err := e.ValidateRequest(ctx, op.ID, validate.Request{PathParams: params, Header: h, Body: body})
			require.NoError(t, err)
			checkWellFormed(t, ps)
			for _, status := range []int{200, 400} {
				ps, err = e.ValidateResponse(ctx, op.ID, validate.Response{Status: status, Header: h, Body: body})
				require.NoError(t, err)
				checkWellFormed(t, ps)
			}
		}
	})
}

// checkWellFormed asserts the invariants every result holds.
func checkWellFormed(t *testing.T, ps validate.Problems) {
	t.Helper()
	for i, p := range ps {
		assert.True(t, p.Pointer == "" || strings.HasPrefix(p.Pointer, "/"), "pointer %q", p.Pointer)
		assert.True(t, utf8.ValidString(p.Pointer), "pointer is not UTF-8")
		assert.NotEmpty(t, p.Code)
		assert.Contains(t, []validate.Severity{validate.SeverityError, validate.SeverityWarning, validate.SeverityInfo}, p.Severity)
		if p.Severity == validate.SeverityInfo {
			assert.Equal(t, validate.CodeRulesSkipped, p.Code)
			rest := ps[i+1:]
			assert.True(t, len(rest) == 0 || (len(rest) == 1 && rest[0].Code == validate.CodeTooManyProblems),
				"the rules note comes last, before the marker only")
		}
		assert.NotEmpty(t, p.Message)
		assert.True(t, utf8.ValidString(p.Message), "message is not UTF-8")
		if i > 0 {
			prev := ps[i-1]
			assert.False(t, prev.Pointer == p.Pointer && prev.Code == p.Code, "duplicate problem %v", p)
		}
	}
}
