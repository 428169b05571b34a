package validate

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// ErrorBody returns the error answer an operation declares for a status,
// in the provider's own format, carrying code and message: Finzly's
// {status, code, message}, {data, errors} or {errors} objects and its 500
// array, or Redpin's {code, description, type}. The shape is read from the
// schema the spec declares for that status, so that the answer validates
// against it. It returns nil when the status is declared without a body,
// and an error wrapping ErrUnknownOperation for an unknown operation, or
// when the status is not declared or its body is not an error format.
//
// Servers that stand in for a provider (payspec's sandbox, test fakes)
// use it to answer as the provider would.
func (e *Engine) ErrorBody(operationID string, status int, code, message string) ([]byte, error) {
	_, c, err := e.lookup(operationID)
	if err != nil {
		return nil, err
	}
	rs := c.responseFor(status)
	if rs == nil {
		return nil, fmt.Errorf("validate: %s declares no answer with status %d", operationID, status)
	}
	if rs.body == nil {
		return nil, nil
	}
	v, ok := errorValue(rs.body.schema, status, code, message)
	if !ok {
		return nil, fmt.Errorf("validate: the %d answer of %s is not an error format payspec knows", status, operationID)
	}
	return json.Marshal(v)
}

// errorValue builds an error body fitting schema s.
func errorValue(s *openapi3.Schema, status int, code, message string) (any, bool) {
	if s.Type.Is(openapi3.TypeArray) {
		return []internalError{{Code: code, Description: message}}, s.Items == nil || hasProps(s.Items.Value, "code")
	}
	p := allProperties(s)
	switch {
	case p["errors"] != nil && p["data"] != nil:
		return v4Body{Errors: []v4Error{{Code: code, Message: message}}}, true
	case p["errors"] != nil:
		body := errorsBody{Errors: []v4Error{{Code: code, Message: message}}}
		if p["message"] != nil {
			body.Message = message
		}
		return body, true
	case p["status"] != nil && p["message"] != nil:
		return v3Body{Status: "Failure", Code: code, Message: message}, true
	case p["description"] != nil && p["code"] != nil:
		return redpinBody{Code: code, Description: message, Type: redpinErrorType(status)}, true
	}
	return nil, false
}

// allProperties collects the properties a schema declares itself and
// through allOf.
func allProperties(s *openapi3.Schema) openapi3.Schemas {
	out := openapi3.Schemas{}
	for name, p := range s.Properties {
		out[name] = p
	}
	for _, m := range s.AllOf {
		if m.Value != nil {
			for name, p := range allProperties(m.Value) {
				out[name] = p
			}
		}
	}
	return out
}

func hasProps(s *openapi3.Schema, names ...string) bool {
	if s == nil {
		return false
	}
	for _, n := range names {
		if allProperties(s)[n] == nil && !slices.Contains(s.Required, n) {
			return false
		}
	}
	return true
}

// redpinErrorType is the `type` Redpin's error pages give each kind of
// failure.
func redpinErrorType(status int) string {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return "Authentication Error"
	case status >= 500:
		return "Server Error"
	}
	return redpinType
}
