package validate

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/validate/problem"
)

// ValidateResponse checks a response of the operation with the given id:
// that its status is declared, its declared headers and its body. Results
// are as for ValidateRequest.
func (e *Engine) ValidateResponse(ctx context.Context, operationID string, r Response) (Problems, error) {
	op, _, err := e.lookup(operationID)
	if err != nil {
		return nil, err
	}
	return e.checkResponseRead(op, r, false, nil), nil
}

// checkResponseRead is checkResponse for a response as it came over HTTP:
// bodiless marks the answer to a HEAD request, which carries no body
// whatever its status, and readProblems (a body over the limit) take the
// place of the body checks.
func (e *Engine) checkResponseRead(op *operation, r Response, bodiless bool, readProblems Problems) Problems {
	var out Problems
	var left problem.Omitted
	c, err := op.compiled()
	if err != nil {
		return Problems{specProblem(err)}
	}
	rs := c.responseFor(r.Status)
	if rs == nil {
		out = append(out, Problem{Code: CodeUndeclaredStatus, Severity: SeverityError,
			Message: "status " + strconv.Itoa(r.Status) + " is not declared for " + op.info.ID})
		return e.limit(append(out, readProblems...), left)
	}
	out = e.checkResponseHeaders(c, rs, r.Header, out)
	switch {
	case readProblems != nil:
		out = append(out, readProblems...)
	case bodiless:
	case rs.body == nil:
		if len(r.Body) > 0 {
			out = append(out, Problem{Code: CodeUnexpectedBody, Severity: SeverityWarning,
				Message: "the spec declares no body for this status"})
		}
	case len(r.Body) == 0:
		out = append(out, Problem{Code: CodeRequired, Severity: SeverityError, Message: "response body is missing"})
	default:
		out = checkMediaType(r.Header, rs.body.mediaType, out)
		var parsed any
		if r.parsed != nil && r.parsedDepth <= c.maxDepth() {
			parsed = r.parsed
		}
		_, out, left = e.checkBody(c, rs.body, r.Body, parsed, false, out)
	}
	return e.limit(out, left)
}

// responseFor finds the declared response for a status: the exact code,
// then its class (2XX), then default.
func (c *compiled) responseFor(status int) *responseSpec {
	code := strconv.Itoa(status)
	if rs, ok := c.responses[code]; ok {
		return rs
	}
	if len(code) == 3 {
		if rs, ok := c.responses[code[:1]+"XX"]; ok {
			return rs
		}
	}
	return c.responses["DEFAULT"]
}

// checkResponseHeaders checks each declared header: present when required,
// and its value against the header's schema.
func (e *Engine) checkResponseHeaders(c *compiled, rs *responseSpec, h http.Header, out Problems) Problems {
	for _, name := range rs.headers {
		spec := rs.headerSpecs[name]
		ptr := "/header/" + strictjson.EscapeToken(name)
		values := h.Values(name)
		if len(values) == 0 {
			if spec.Required {
				out = append(out, Problem{Pointer: ptr, Code: CodeRequired, Severity: SeverityError, Message: "is required"})
			}
			continue
		}
		if spec.Schema == nil || spec.Schema.Value == nil {
			continue
		}
		v, ok := headerValue(strings.Join(values, ","), spec.Schema.Value)
		if !ok {
			out = append(out, Problem{Pointer: ptr, Code: CodeType, Severity: SeverityError,
				Message: "must be " + typeName(spec.Schema.Value)})
			continue
		}
		out = schemaProblems(spec.Schema.Value.VisitJSON(v, c.kin.response...), ptr, c.kin.response, out)
	}
	return out
}

// headerValue converts a header's text to the JSON value its primitive
// schema describes; numbers stay literal.
func headerValue(s string, schema *openapi3.Schema) (any, bool) {
	switch {
	case schema.Type.Is(openapi3.TypeInteger), schema.Type.Is(openapi3.TypeNumber):
		return json.Number(s), strictjson.IsNumber(s)
	case schema.Type.Is(openapi3.TypeBoolean):
		b, err := strconv.ParseBool(s)
		return b, err == nil && (s == "true" || s == "false")
	default:
		return s, true
	}
}
