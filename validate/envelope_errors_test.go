package validate

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestErrorsListEnvelopes renders the Finzly envelopes that list problems
// without data: with a message (recurrences) or without (waterfall, bank
// lookups), and their 500 in the shape each operation declares.
func TestErrorsListEnvelopes(t *testing.T) {
	ps := Problems{
		{Pointer: "/payments/1/paymentIndex", Code: "WATERFALL_PAYMENT_INDEX", Severity: SeverityError, Message: "repeats"},
		{Pointer: "/externalReferenceId", Code: "PATTERN", Severity: SeverityWarning, Message: "ignored: a warning"},
	}
	bare := envelope{kind: envelopeFinzlyErrors}
	assert.JSONEq(t, `{"errors":[{"code":"WATERFALL_PAYMENT_INDEX","message":"/payments/1/paymentIndex: repeats"}]}`, string(bare.render(ps)))
	withMessage := envelope{kind: envelopeFinzlyErrors, withMessage: true}
	assert.JSONEq(t, `{"message":"/payments/1/paymentIndex: repeats","errors":[{"code":"WATERFALL_PAYMENT_INDEX","message":"/payments/1/paymentIndex: repeats"}]}`,
		string(withMessage.render(ps)))

	assert.JSONEq(t, `[{"code":"RESPONSE_CONTRACT","description":"the service produced a response that breaks its API contract"}]`,
		string(bare.renderServerError()), "a 500 declared as Finzly's array")
	in500 := envelope{kind: envelopeFinzlyErrors, errorsIn500: true}
	assert.JSONEq(t, `{"errors":[{"code":"RESPONSE_CONTRACT","message":"the service produced a response that breaks its API contract"}]}`,
		string(in500.renderServerError()), "a 500 declared as an errors list (waterfall)")
}
