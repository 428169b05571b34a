package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/payspec/payspec/gen/redpin"
)

// CoPAnswer is a Confirmation of Payee (UK) or Verification of Payee (SEPA
// EUR) mismatch answer: what Redpin asks the caller to confirm before it
// accepts the same request again. Build it from the answer with
// CoPAnswerFromError or CoPAnswerFromRecipientResult.
type CoPAnswer struct {
	// Code is the check's result code, such as ANNM (CoP, no match) or
	// NMTC (VoP, no match).
	Code string
	// Checks are the failed checks, each naming the request_identifier and
	// event_id a retry sends back: the answer's recipient_check, or one per
	// details entry when a payment to several recipients failed.
	Checks []redpin.RecipientCheck
}

// Errors of the CoP helpers; test for them with errors.Is.
var (
	// ErrNotCoPAnswer: the answer names no failed check, so there is
	// nothing to confirm.
	ErrNotCoPAnswer = errors.New("rules: not a CoP/VoP answer (no recipient_check)")
	// ErrSeveralChecks: the answer names more than one failed check, and a
	// request confirms one; how Redpin takes several confirmations is not
	// published.
	ErrSeveralChecks = errors.New("rules: the CoP/VoP answer names several failed checks; confirm_recipient holds one")
	// ErrNoCustomerAction: the retry carries no decision of the user.
	ErrNoCustomerAction = errors.New("rules: customer_action is empty")
)

// CoPAnswerFromError reads the failed checks of an error answer (the CoP
// and VoP guides' shape: code, description, recipient_check). It returns
// ErrNotCoPAnswer for any other error.
func CoPAnswerFromError(e redpin.Error) (CoPAnswer, error) {
	a := CoPAnswer{Code: e.Code}
	a.add(e.RecipientCheck)
	for _, d := range ErrorDetails(e) {
		if d.RequestIdentifier != nil && d.EventId != nil {
			a.add(&redpin.RecipientCheck{RequestIdentifier: *d.RequestIdentifier, EventId: *d.EventId})
		}
	}
	if len(a.Checks) == 0 {
		return CoPAnswer{}, ErrNotCoPAnswer
	}
	return a, nil
}

// ErrorDetails returns the object entries of an error's details when it is
// an array, as a refusal of a payment to several recipients lists them.
// Redpin gives details no type: any other form, and any entry that is not
// an object, yields nothing.
func ErrorDetails(e redpin.Error) []redpin.ErrorDetail {
	var items []json.RawMessage
	if e.Details == nil || json.Unmarshal(*e.Details, &items) != nil {
		return nil
	}
	var out []redpin.ErrorDetail
	for _, raw := range items {
		var d redpin.ErrorDetail
		if json.Unmarshal(raw, &d) == nil {
			out = append(out, d)
		}
	}
	return out
}

// CoPAnswerFromRecipientResult reads the failed check of a recipient save
// answer (createRecipient, updateRecipientAccount), where the add-recipient
// page places it. It returns ErrNotCoPAnswer when the recipient was saved.
func CoPAnswerFromRecipientResult(res redpin.RecipientResult) (CoPAnswer, error) {
	a := CoPAnswer{Code: deref(res.Code)}
	a.add(res.RecipientCheck)
	if len(a.Checks) == 0 {
		return CoPAnswer{}, ErrNotCoPAnswer
	}
	return a, nil
}

// add records a check with both identifiers, once.
func (a *CoPAnswer) add(rc *redpin.RecipientCheck) {
	if rc == nil || rc.RequestIdentifier == "" || rc.EventId == "" {
		return
	}
	for _, c := range a.Checks {
		if c == *rc {
			return
		}
	}
	a.Checks = append(a.Checks, *rc)
}

// names reports whether the answer asked about the check with this event
// id, and whether that check's request identifier is the one given.
func (a CoPAnswer) names(eventID, requestIdentifier string) (event, identifier bool) {
	for _, c := range a.Checks {
		if c.EventId == eventID {
			event = true
			identifier = identifier || c.RequestIdentifier == requestIdentifier
		}
	}
	return event, identifier
}

// Confirmation returns the confirm_recipient of the retry: the answer's
// only failed check with the user's decision (override, or accept the
// suggested details; Redpin publishes no literal values, so the caller's
// string is sent as it is). It fails with ErrNoCustomerAction for a blank
// decision and ErrSeveralChecks when the answer names several checks.
func (a CoPAnswer) Confirmation(customerAction string) (redpin.ConfirmRecipient, error) {
	switch {
	case strings.TrimSpace(customerAction) == "":
		return redpin.ConfirmRecipient{}, ErrNoCustomerAction
	case len(a.Checks) == 0:
		return redpin.ConfirmRecipient{}, ErrNotCoPAnswer
	case len(a.Checks) > 1:
		return redpin.ConfirmRecipient{}, fmt.Errorf("%w (%d checks)", ErrSeveralChecks, len(a.Checks))
	}
	action := customerAction
	return redpin.ConfirmRecipient{
		RequestIdentifier: a.Checks[0].RequestIdentifier,
		EventId:           a.Checks[0].EventId,
		CustomerAction:    &action,
	}, nil
}

// RetryPayment returns the request to send after a CoP/VoP answer to req:
// a copy of req, sharing nothing with it, plus the confirm_recipient the
// answer asks for (see Confirmation). req itself is not changed.
func RetryPayment(req redpin.CreatePaymentRequest, a CoPAnswer, customerAction string) (redpin.CreatePaymentRequest, error) {
	return retry(req, a, customerAction, func(p *redpin.CreatePaymentRequest, c *redpin.ConfirmRecipient) { p.ConfirmRecipient = c })
}

// RetryRecipient is RetryPayment for createRecipient.
func RetryRecipient(req redpin.CreateRecipientRequest, a CoPAnswer, customerAction string) (redpin.CreateRecipientRequest, error) {
	return retry(req, a, customerAction, func(p *redpin.CreateRecipientRequest, c *redpin.ConfirmRecipient) { p.ConfirmRecipient = c })
}

// RetryRecipientUpdate is RetryPayment for updateRecipientAccount.
func RetryRecipientUpdate(req redpin.UpdateRecipientAccountRequest, a CoPAnswer, customerAction string) (redpin.UpdateRecipientAccountRequest, error) {
	return retry(req, a, customerAction, func(p *redpin.UpdateRecipientAccountRequest, c *redpin.ConfirmRecipient) { p.ConfirmRecipient = c })
}

// retry deep-copies req through its JSON form (exact for amounts) and sets
// the confirmation on the copy.
func retry[T any](req T, a CoPAnswer, customerAction string, set func(*T, *redpin.ConfirmRecipient)) (T, error) {
	var out T
	confirm, err := a.Confirmation(customerAction)
	if err != nil {
		return out, err
	}
	b, err := json.Marshal(req)
	if err != nil {
		return out, fmt.Errorf("rules: copying the request: %w", err)
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return out, fmt.Errorf("rules: copying the request: %w", err)
	}
	set(&out, &confirm)
	return out, nil
}

// checkConfirmation checks confirm_recipient: it carries the user's
// decision, and, when the caller can look up the CoP/VoP answers it
// received, it answers one of them with the identifier that answer asked
// to confirm.
func (c *Checker) checkConfirmation(r *report, confirm *redpin.ConfirmRecipient, env Env) {
	if confirm == nil {
		return
	}
	const ptr = "/confirm_recipient"
	if isBlank(confirm.CustomerAction) {
		r.add(RuleConfirmRecipient, ptr+"/customer_action", "is required: a retry after a CoP/VoP answer carries the user's decision")
	}
	if env.CoPAnswers == nil {
		return
	}
	answer, ok := env.CoPAnswers(env.CustomerID, confirm.EventId)
	event, identifier := answer.names(confirm.EventId, confirm.RequestIdentifier)
	switch {
	case !ok || !event:
		r.add(RuleConfirmRecipient, ptr+"/event_id", "names no CoP/VoP answer the caller received for this customer; confirm_recipient belongs only on a retry after one")
	case !identifier:
		r.add(RuleConfirmRecipient, ptr+"/request_identifier", "is not the identifier the CoP/VoP answer asked to confirm")
	}
}
