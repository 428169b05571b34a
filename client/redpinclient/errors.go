package redpinclient

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/internal/cleantext"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/validate/rules"
)

// Redpin's documented error codes.
const (
	CodeInvalidParameter = "INVALID_PARAMETER"
	CodeUnauthorized     = "UNAUTHORIZED"
	CodeNotFound         = "RESOURCE_NOT_FOUND"
)

// Error is Redpin's refusal of a call: the {code, description, type,
// field, details, recipient_check} envelope with its HTTP status. Error()
// names the operation, status, code and field; Description, which may
// repeat submitted values, is only a field. Code, Type and Field (128
// characters) and Description (1024) are kept bounded in length and
// stripped of control characters, so that printing them cannot rewrite a
// terminal or forge a log line; Details and RecipientCheck are kept as
// sent, to be echoed back to Redpin.
type Error struct {
	Operation   string
	Status      int
	Code        string
	Description string
	Type        string // "Validation Error", "Authentication Error", "Server Error", ...
	Field       string // the request field at fault, when one is named
	Details     []redpin.ErrorDetail
	// RecipientCheck identifies a failed Confirmation or Verification of
	// Payee check; see ConfirmationError.
	RecipientCheck *redpin.RecipientCheck
	// RequestID is the provider's id for the request, when it gave one.
	RequestID string
}

var _ client.ProviderError = (*Error)(nil)

// Error names the operation, status, code and field.
func (e *Error) Error() string {
	s := fmt.Sprintf("redpin: %s: status %d", e.Operation, e.Status)
	if e.Code != "" {
		s += ": " + e.Code
	}
	if e.Field != "" {
		s += " (field " + e.Field + ")"
	}
	return s
}

// HTTPStatus returns the HTTP status.
func (e *Error) HTTPStatus() int { return e.Status }

// ProviderCodes returns the code, when there is one.
func (e *Error) ProviderCodes() []string {
	if e.Code == "" {
		return nil
	}
	return []string{e.Code}
}

// NotFound reports an unknown customer, payment or other resource.
func (e *Error) NotFound() bool { return e.Status == http.StatusNotFound || e.Code == CodeNotFound }

// Conflict reports a 409 (Redpin documents none; a duplicate
// client_reference_id may come as one).
func (e *Error) Conflict() bool { return e.Status == http.StatusConflict }

// Validation reports a request refused for its content, a failed payee
// check included.
func (e *Error) Validation() bool {
	return e.Status == http.StatusBadRequest || e.Code == CodeInvalidParameter ||
		strings.EqualFold(e.Type, "Validation Error") && e.Status < 500
}

// Unauthorized reports a token the API refused.
func (e *Error) Unauthorized() bool {
	return e.Status == http.StatusUnauthorized || e.Code == CodeUnauthorized
}

// RateLimited reports a 429.
func (e *Error) RateLimited() bool { return e.Status == http.StatusTooManyRequests }

// Retryable reports an answer that says to try again later (429, 502,
// 503, 504).
func (e *Error) Retryable() bool { return client.RetryableStatus(e.Status) }

// check returns the identifiers of a failed payee check: recipient_check,
// or the one details entry that carries them.
func (e *Error) check() (redpin.RecipientCheck, bool) {
	if e.RecipientCheck != nil && e.RecipientCheck.RequestIdentifier != "" && e.RecipientCheck.EventId != "" {
		return *e.RecipientCheck, true
	}
	var found []redpin.RecipientCheck
	for _, d := range e.Details {
		if d.RequestIdentifier != nil && d.EventId != nil {
			found = append(found, redpin.RecipientCheck{RequestIdentifier: *d.RequestIdentifier, EventId: *d.EventId})
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return redpin.RecipientCheck{}, false
}

// decodeError reads any Redpin answer and returns its refusal, or nil for
// a success.
func decodeError(op string, status int, header http.Header, body []byte) error {
	if status < 300 {
		return nil
	}
	e := &Error{Operation: op, Status: status, RequestID: client.RequestID(header)}
	var env redpin.Error
	if json.Unmarshal(body, &env) == nil {
		e.Code = cleantext.Clean(env.Code, cleantext.Short)
		e.Description = cleantext.Clean(env.Description, cleantext.Long)
		if env.Type != nil {
			e.Type = cleantext.Clean(*env.Type, cleantext.Short)
		}
		if env.Field != nil {
			e.Field = cleantext.Clean(*env.Field, cleantext.Short)
		}
		e.Details = rules.ErrorDetails(env)
		e.RecipientCheck = env.RecipientCheck
	}
	return e
}
