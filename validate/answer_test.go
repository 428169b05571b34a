package validate_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

// TestErrorBodiesFitTheirDeclaredAnswers renders an error answer for every
// declared error status of every operation and checks it against the
// operation's declared response.
func TestErrorBodiesFitTheirDeclaredAnswers(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	rendered := 0
	for _, op := range e.Operations() {
		for status := 400; status < 600; status++ {
			body, err := e.ErrorBody(op.ID, status, "SOME_CODE", "a short message")
			if err != nil {
				continue // undeclared, or (through default) a success shape
			}
			h := http.Header{}
			if body != nil {
				h.Set("Content-Type", "application/json")
				rendered++
			}
			ps, err := e.ValidateResponse(ctx, op.ID, validate.Response{Status: status, Header: h, Body: body})
			require.NoError(t, err)
			assert.Empty(t, ps.Errors(), "%s %d: %s", op.ID, status, body)
		}
	}
	assert.Greater(t, rendered, 100)
}

func TestErrorBodyShapes(t *testing.T) {
	e := engine(t)
	for _, tc := range []struct {
		op     string
		status int
		want   string
	}{
		{"createCreditPaymentV4", 409, `{"data":null,"errors":[{"code":"C","message":"m"}]}`},
		{"createCreditPaymentV3", 400, `{"status":"Failure","code":"C","message":"m"}`},
		{"createCreditPaymentV4", 500, `[{"code":"C","description":"m"}]`},
		{"createPayment", 400, `{"code":"C","description":"m","type":"Validation Error"}`},
		{"createPayment", 401, `{"code":"C","description":"m","type":"Authentication Error"}`},
	} {
		body, err := e.ErrorBody(tc.op, tc.status, "C", "m")
		require.NoError(t, err, "%s %d", tc.op, tc.status)
		assert.JSONEq(t, tc.want, string(body), "%s %d", tc.op, tc.status)
	}
	_, err := e.ErrorBody("nope", 400, "C", "m")
	assert.ErrorIs(t, err, validate.ErrUnknownOperation)
	_, err = e.ErrorBody("createPayment", 418, "C", "m")
	assert.Error(t, err, "an undeclared status")
}

// TestEngineBuildIsDeterministic builds engines again and again: a schema
// merged into several shapes (an additionalProperties map used directly and
// through allOf) must be applied in every one of them, whatever order the
// build visits them in.
func TestEngineBuildIsDeterministic(t *testing.T) {
	body := []byte(`{"name":"A","type":"Individual","country_code":"GBR","customer_own_account":"no",
		"address":{"city":"London"},"recipient_bank_details":{"currency":"GBP","iban":"GB33BUKB20201555555555"},
		"additional_details":{"tax_id":12}}`)
	for range 8 {
		e := newEngine(t, validate.WithoutRules())
		ps, err := e.ValidateRequest(context.Background(), "createRecipient", validate.Request{
			PathParams: map[string]string{"customer_id": "C1"}, Header: jsonHeader(), Body: body})
		require.NoError(t, err)
		assert.True(t, hasProblem(ps, "/additional_details/tax_id", validate.CodeType), "%v", ps)
	}
}
