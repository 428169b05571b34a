package finzlyclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/internal/cleantext"
)

// Envelope names the error format an answer came in.
type Envelope string

// The failure envelopes of the Finzly spec.
const (
	// EnvelopeV3 is {status: "Failure", code, message}: v3 credit
	// payments, book transfers and the lookups, on 400 and, for some
	// operations, on 200.
	EnvelopeV3 Envelope = "v3"
	// EnvelopeV4 is {data: null, errors: [{code, message}]}: v4 credit
	// payments on 400, 409 and 422.
	EnvelopeV4 Envelope = "v4"
	// EnvelopeServer is the 500 array [{code, description}].
	EnvelopeServer Envelope = "server"
	// EnvelopeNone is an answer without a readable error body (401, 403,
	// 404 or 503 usually have none).
	EnvelopeNone Envelope = "none"
)

// Detail is one code and message of a refusal.
type Detail struct {
	Code    string
	Message string
}

// Error is Finzly's refusal of a call, whatever envelope it came in.
// Error() names the operation, the status and the codes; the provider's
// messages, which may repeat submitted values, are only in Details. Codes
// and messages are kept bounded in length (128 and 1024 characters) and
// stripped of control characters, so that printing them cannot rewrite a
// terminal or forge a log line.
type Error struct {
	Operation string
	// Status is the HTTP status; a v3 failure may come with 200.
	Status   int
	Envelope Envelope
	// Details holds each code and message, in the order given.
	Details []Detail
	// RequestID is the provider's id for the request, when it gave one.
	RequestID string
}

var _ client.ProviderError = (*Error)(nil)

// shownCodes bounds the codes Error() names; the others are counted.
const shownCodes = 5

// Error names the operation, status and codes.
func (e *Error) Error() string {
	s := fmt.Sprintf("finzly: %s: status %d", e.Operation, e.Status)
	codes := e.ProviderCodes()
	if len(codes) > shownCodes {
		return s + ": " + strings.Join(codes[:shownCodes], ", ") + fmt.Sprintf(" and %d more", len(codes)-shownCodes)
	}
	if len(codes) > 0 {
		s += ": " + strings.Join(codes, ", ")
	}
	return s
}

// Code returns the first code, or "".
func (e *Error) Code() string {
	if len(e.Details) == 0 {
		return ""
	}
	return e.Details[0].Code
}

// HTTPStatus returns the HTTP status.
func (e *Error) HTTPStatus() int { return e.Status }

// ProviderCodes returns every code given.
func (e *Error) ProviderCodes() []string {
	codes := make([]string, 0, len(e.Details))
	for _, d := range e.Details {
		if d.Code != "" {
			codes = append(codes, d.Code)
		}
	}
	return codes
}

// HasCode reports whether the provider gave code.
func (e *Error) HasCode(code string) bool {
	for _, d := range e.Details {
		if d.Code == code {
			return true
		}
	}
	return false
}

// NotFound reports a payment or path that does not exist (404; API900 is
// Finzly's code for a payment the caller cannot see).
func (e *Error) NotFound() bool { return e.Status == http.StatusNotFound }

// Conflict reports an Idempotent-Key still in flight or reused with
// another body (409).
func (e *Error) Conflict() bool {
	if e.Status == http.StatusConflict {
		return true
	}
	for _, c := range e.ProviderCodes() {
		if strings.HasSuffix(c, "IDEMPOTENT_KEY_CONFLICT") {
			return true
		}
	}
	return false
}

// Validation reports a request refused for its content: 400, 422, or a v3
// failure answered with 200.
func (e *Error) Validation() bool {
	return e.Status == http.StatusBadRequest || e.Status == http.StatusUnprocessableEntity ||
		(e.Status < 300 && e.Envelope == EnvelopeV3)
}

// Unauthorized reports a token the API refused (401).
func (e *Error) Unauthorized() bool { return e.Status == http.StatusUnauthorized }

// Forbidden reports a token not allowed this operation (403).
func (e *Error) Forbidden() bool { return e.Status == http.StatusForbidden }

// RateLimited reports a 429.
func (e *Error) RateLimited() bool { return e.Status == http.StatusTooManyRequests }

// Retryable reports an answer that says to try again later (429, 502,
// 503, 504).
func (e *Error) Retryable() bool { return client.RetryableStatus(e.Status) }

// decodeError reads any Finzly answer and returns its refusal, or nil for
// a success. The format is read from the body itself, so an operation
// added to the spec needs no entry here.
func decodeError(op string, status int, header http.Header, body []byte) error {
	failed := status >= 300
	if !failed && !mayBeFailure(body) {
		return nil
	}
	e := &Error{Operation: op, Status: status, Envelope: EnvelopeNone, RequestID: client.RequestID(header)}
	trimmed := strings.TrimSpace(string(body))
	switch {
	case strings.HasPrefix(trimmed, "["):
		var items []struct{ Code, Description string }
		if json.Unmarshal(body, &items) == nil && failed {
			e.Envelope = EnvelopeServer
			for _, it := range items {
				e.Details = append(e.Details, detail(it.Code, it.Description))
			}
		}
	case strings.HasPrefix(trimmed, "{"):
		var env struct {
			Status  *string
			Code    *string
			Message *string
			Errors  []struct{ Code, Message string }
		}
		if json.Unmarshal(body, &env) != nil {
			break
		}
		if len(env.Errors) > 0 {
			e.Envelope = EnvelopeV4
			for _, it := range env.Errors {
				e.Details = append(e.Details, detail(it.Code, it.Message))
			}
			failed = true
		} else if env.Status != nil && strings.EqualFold(*env.Status, "Failure") {
			e.Envelope = EnvelopeV3
			e.Details = []Detail{detail(deref(env.Code), deref(env.Message))}
			failed = true
		}
	}
	if !failed {
		return nil
	}
	return e
}

// detail keeps a code and message in bounds, without control characters.
func detail(code, message string) Detail {
	return Detail{Code: cleantext.Clean(code, cleantext.Short), Message: cleantext.Clean(message, cleantext.Long)}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// mayBeFailure reports whether a success body might still be a failure
// envelope: it holds "Failure" or an "errors" array that is not empty.
// Most answers are neither, and are not parsed a second time.
func mayBeFailure(body []byte) bool {
	if bytes.Contains(body, []byte(`"Failure"`)) {
		return true
	}
	rest := body
	for {
		i := bytes.Index(rest, []byte(`"errors"`))
		if i < 0 {
			return false
		}
		rest = rest[i+len(`"errors"`):]
		after := bytes.TrimLeft(rest, " \t\r\n")
		if len(after) == 0 || after[0] != ':' {
			continue
		}
		after = bytes.TrimLeft(after[1:], " \t\r\n")
		if len(after) > 0 && after[0] == '[' && !bytes.HasPrefix(bytes.TrimLeft(after[1:], " \t\r\n"), []byte("]")) {
			return true
		}
	}
}
