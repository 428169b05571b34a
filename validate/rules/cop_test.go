package rules_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/rules"
)

// The CoP and VoP guides' sample answers.
const (
	copSample = `{"code":"ANNM","description":"Payee's Bank has performed the matching and confirms it is not a match",` +
		`"recipient_check":{"request_identifier":"123456789","event_id":"AG-435435454435"}}`
	vopSample = `{"code":"NMTC","description":"Payee's Bank has performed the matching and confirms it is not a match.",` +
		`"recipient_check":{"request_identifier":"FR4010096000402181369432U54","event_id":"AG-175758388"}}`
)

func TestCoPAnswerFromError(t *testing.T) {
	a, err := rules.CoPAnswerFromError(decodeAs[redpin.Error](t, copSample))
	require.NoError(t, err)
	assert.Equal(t, "ANNM", a.Code)
	assert.Equal(t, []redpin.RecipientCheck{{RequestIdentifier: "123456789", EventId: "AG-435435454435"}}, a.Checks)

	a, err = rules.CoPAnswerFromError(decodeAs[redpin.Error](t, vopSample))
	require.NoError(t, err)
	assert.Equal(t, "NMTC", a.Code)
	assert.Equal(t, "FR4010096000402181369432U54", a.Checks[0].RequestIdentifier)

	several := `{"code":"ANNM","description":"two recipients failed","details":[` +
		`{"request_identifier":"111","event_id":"AG-1"},{"request_identifier":"222","event_id":"AG-2"},` +
		`{"request_identifier":"111","event_id":"AG-1"},{"event_id":"AG-3"},{"other":1}]}`
	a, err = rules.CoPAnswerFromError(decodeAs[redpin.Error](t, several))
	require.NoError(t, err)
	assert.Equal(t, []redpin.RecipientCheck{{RequestIdentifier: "111", EventId: "AG-1"}, {RequestIdentifier: "222", EventId: "AG-2"}}, a.Checks,
		"one check per failed recipient, repeats and incomplete entries left out")

	_, err = rules.CoPAnswerFromError(decodeAs[redpin.Error](t, `{"code":"INVALID_PARAMETER","description":"bad","type":"Validation Error"}`))
	assert.ErrorIs(t, err, rules.ErrNotCoPAnswer)
	_, err = rules.CoPAnswerFromError(decodeAs[redpin.Error](t, `{"code":"ANNM","description":"x","recipient_check":{"request_identifier":"","event_id":"AG-1"}}`))
	assert.ErrorIs(t, err, rules.ErrNotCoPAnswer, "a check without its identifier cannot be confirmed")
}

// TestErrorDetailsOfEveryForm: Redpin gives details no type; an error
// carrying it as an object, a string or an array of mixed entries decodes,
// and only object entries of an array are read as entries.
func TestErrorDetailsOfEveryForm(t *testing.T) {
	for _, tc := range []struct {
		name, details string
		want          []string // request_identifier of each entry read
	}{
		{"absent", ``, nil},
		{"an object", `,"details":{"request_identifier":"111","event_id":"AG-1"}`, nil},
		{"a string", `,"details":"amount exceeds the daily limit"`, nil},
		{"null", `,"details":null`, nil},
		{"an array of entries", `,"details":[{"request_identifier":"111","event_id":"AG-1"},{"request_identifier":"222"}]`, []string{"111", "222"}},
		{"an array of mixed values", `,"details":["see field",{"request_identifier":"333","event_id":"AG-3"},7]`, []string{"333"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := decodeAs[redpin.Error](t, `{"code":"INVALID_PARAMETER","description":"bad"`+tc.details+`}`)
			var got []string
			for _, d := range rules.ErrorDetails(e) {
				got = append(got, *d.RequestIdentifier)
			}
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := rules.CoPAnswerFromError(decodeAs[redpin.Error](t, `{"code":"ANNM","description":"x","details":{"request_identifier":"1","event_id":"AG-1"}}`))
	assert.ErrorIs(t, err, rules.ErrNotCoPAnswer, "details as an object lists no failed recipient")
}

func TestCoPAnswerFromRecipientResult(t *testing.T) {
	a, err := rules.CoPAnswerFromRecipientResult(decodeAs[redpin.RecipientResult](t, copSample))
	require.NoError(t, err)
	assert.Equal(t, "ANNM", a.Code)
	require.Len(t, a.Checks, 1)

	_, err = rules.CoPAnswerFromRecipientResult(decodeAs[redpin.RecipientResult](t, `{"client_reference_id":"recipient-123","recipient_id":"1668758"}`))
	assert.ErrorIs(t, err, rules.ErrNotCoPAnswer)
}

func TestConfirmation(t *testing.T) {
	one := rules.CoPAnswer{Code: "ANNM", Checks: []redpin.RecipientCheck{{RequestIdentifier: "123", EventId: "AG-1"}}}
	c, err := one.Confirmation("OVERRIDE")
	require.NoError(t, err)
	assert.Equal(t, "123", c.RequestIdentifier)
	assert.Equal(t, "AG-1", c.EventId)
	require.NotNil(t, c.CustomerAction)
	assert.Equal(t, "OVERRIDE", *c.CustomerAction)

	_, err = one.Confirmation(" ")
	assert.ErrorIs(t, err, rules.ErrNoCustomerAction)
	_, err = rules.CoPAnswer{}.Confirmation("OVERRIDE")
	assert.ErrorIs(t, err, rules.ErrNotCoPAnswer)
	two := rules.CoPAnswer{Checks: append(one.Checks, redpin.RecipientCheck{RequestIdentifier: "456", EventId: "AG-2"})}
	_, err = two.Confirmation("OVERRIDE")
	assert.ErrorIs(t, err, rules.ErrSeveralChecks)
	assert.Contains(t, err.Error(), "2 checks")
}

func TestRetryPaymentCopiesTheRequest(t *testing.T) {
	var req redpin.CreatePaymentRequest
	require.NoError(t, json.Unmarshal([]byte(redpinPayment), &req))
	answer, err := rules.CoPAnswerFromError(decodeAs[redpin.Error](t, copSample))
	require.NoError(t, err)

	retry, err := rules.RetryPayment(req, answer, "OVERRIDE")
	require.NoError(t, err)
	require.NotNil(t, retry.ConfirmRecipient)
	assert.Equal(t, "AG-435435454435", retry.ConfirmRecipient.EventId)
	assert.Nil(t, req.ConfirmRecipient, "the original request is not changed")

	retry.RecipientDetails[0].RecipientId = "CHANGED"
	assert.Equal(t, "R-1", req.RecipientDetails[0].RecipientId, "the copy shares no slice with the original")
	assert.True(t, retry.Amount.Value.Equal(money.MustParse("1500.00")))
	assert.Equal(t, "1500.00", retry.Amount.Value.String(), "amounts are copied exactly")

	_, err = rules.RetryPayment(req, answer, "")
	assert.ErrorIs(t, err, rules.ErrNoCustomerAction)
	_, err = rules.RetryPayment(req, rules.CoPAnswer{}, "OVERRIDE")
	assert.ErrorIs(t, err, rules.ErrNotCoPAnswer)
}

func TestRetryRecipientCopiesTheRequest(t *testing.T) {
	var req redpin.CreateRecipientRequest
	require.NoError(t, json.Unmarshal([]byte(`{"name":"N","type":"Individual","country_code":"BRA","customer_own_account":"no",`+
		`"address":{"city":"Sao Paulo"},"recipient_bank_details":{"currency":"BRL","iban":"BR1800360305000010009795493C1"},`+
		`"additional_details":{"tax_id":"12345678000190"}}`), &req))
	retry, err := rules.RetryRecipient(req, copAnswer, "OVERRIDE")
	require.NoError(t, err)
	require.NotNil(t, retry.ConfirmRecipient)
	(*retry.AdditionalDetails)["tax_id"] = "CHANGED"
	assert.Equal(t, "12345678000190", (*req.AdditionalDetails)["tax_id"], "the copy shares no map with the original")

	var upd redpin.UpdateRecipientAccountRequest
	require.NoError(t, json.Unmarshal([]byte(redpinRecipientUpdate), &upd))
	retried, err := rules.RetryRecipientUpdate(upd, copAnswer, "OVERRIDE")
	require.NoError(t, err)
	assert.Equal(t, "12345678", retried.ConfirmRecipient.RequestIdentifier)
	assert.Nil(t, upd.ConfirmRecipient)
}

// TestRetryFromTheAnswerPassesTheRule closes the loop: a retry built from
// the answer the caller recorded satisfies CONFIRM_RECIPIENT, and the same
// confirmation against another answer does not.
func TestRetryFromTheAnswerPassesTheRule(t *testing.T) {
	checker, err := rules.New(nil)
	require.NoError(t, err)
	answer, err := rules.CoPAnswerFromError(decodeAs[redpin.Error](t, copSample))
	require.NoError(t, err)
	received := map[string]rules.CoPAnswer{}
	for _, c := range answer.Checks {
		received["CUST-1/"+c.EventId] = answer
	}
	env := rules.Env{Today: today, CustomerID: "CUST-1", CoPAnswers: func(customer, event string) (rules.CoPAnswer, bool) {
		a, ok := received[customer+"/"+event]
		return a, ok
	}}

	var req redpin.CreatePaymentRequest
	require.NoError(t, json.Unmarshal([]byte(redpinPayment), &req))
	retry, err := rules.RetryPayment(req, answer, "OVERRIDE")
	require.NoError(t, err)
	assert.Empty(t, checker.CheckCreatePayment(&retry, env))

	other := rules.CoPAnswer{Checks: []redpin.RecipientCheck{{RequestIdentifier: "999", EventId: "AG-999"}}}
	stale, err := rules.RetryPayment(req, other, "OVERRIDE")
	require.NoError(t, err)
	ps := checker.CheckCreatePayment(&stale, env)
	require.Len(t, ps, 1)
	assert.Equal(t, rules.RuleConfirmRecipient, ps[0].Code)
	assert.Equal(t, "/confirm_recipient/event_id", ps[0].Pointer)

	env.CustomerID = "CUST-2"
	ps = checker.CheckCreatePayment(&retry, env)
	require.Len(t, ps, 1, "an answer to another customer does not count")
	assert.Equal(t, "/confirm_recipient/event_id", ps[0].Pointer)
}
