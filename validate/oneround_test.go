package validate_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/validate"
)

// TestRulesSurviveEveryMissingMember: the rules now run on bodies the
// schema finds fault with, so they must cope with any member missing (a
// zero value, a nil pointer) or null. Every member of every request example
// of an operation with rules is removed, then set to null, one at a time.
func TestRulesSurviveEveryMissingMember(t *testing.T) {
	e := newEngine(t, onDecember1)
	params := map[string]string{"customer_id": "C-100245"}
	ruled := map[string]bool{"createCreditPaymentV3": true, "createCreditPaymentV4": true,
		"createBookTransfer": true, "createPayment": true, "createQuote": true}
	cases := 0
	for _, p := range api.Providers() {
		for _, ex := range spectest.Examples(t, p) {
			if ex.Kind != spectest.KindRequest || !ruled[ex.OperationID] {
				continue
			}
			var root any
			require.NoError(t, json.Unmarshal(ex.JSON, &root))
			for _, body := range variantsWithoutOneMember(t, root) {
				ps, err := e.ValidateRequest(context.Background(), ex.OperationID,
					validate.Request{PathParams: params, Header: jsonHeader(), Body: body})
				require.NoError(t, err)
				checkWellFormed(t, ps)
				cases++
			}
		}
	}
	require.Greater(t, cases, 100)
}

// variantsWithoutOneMember returns the documents made from root by removing
// one object member, or setting it to null, for every member at any depth.
func variantsWithoutOneMember(t *testing.T, root any) [][]byte {
	t.Helper()
	var out [][]byte
	var visit func(v any)
	visit = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				delete(v, k)
				out = append(out, mustJSON(t, root))
				v[k] = nil
				out = append(out, mustJSON(t, root))
				v[k] = child
				visit(child)
			}
		case []any:
			for _, item := range v {
				visit(item)
			}
		}
	}
	visit(root)
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
