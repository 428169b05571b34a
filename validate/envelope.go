package validate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// envelopeKind is the error body shape an operation's provider uses.
type envelopeKind int

const (
	envelopeFinzlyV3     envelopeKind = iota + 1 // {status: "Failure", code, message}
	envelopeFinzlyV4                             // {data: null, errors: [{code, message}]}
	envelopeRedpin                               // {code, description, type, field, details}
	envelopeFinzlyErrors                         // {errors: [{code, message}]}, plus message when declared
)

// envelope renders rejected requests in the provider's own error format,
// so that a client of the real API needs no new error handling.
type envelope struct {
	kind        envelopeKind
	code        string // Finzly v3: the code to report, from the spec's 400 example
	withMessage bool   // Finzly errors list: the schema also declares a top-level message
	errorsIn500 bool   // Finzly: the 500 answer is an errors list, not an array
}

// v3 envelope limits, from the spec's PaymentResponse and FailureResponse.
const (
	v3CodeMax    = 20
	v3MessageMax = 250
	v3Fallback   = "PAYMENT001"
)

// envelopeOf reads the error shape from the schema of the operation's
// declared 400 response.
func envelopeOf(id string, c *compiled) (envelope, error) {
	rs := c.responses["400"]
	if rs == nil || rs.body == nil {
		return envelope{}, fmt.Errorf("validate: %s declares no 400 response body to report problems in", id)
	}
	props := rs.body.schema.Properties
	switch {
	case props["errors"] != nil && props["data"] != nil:
		return envelope{kind: envelopeFinzlyV4}, nil
	case props["errors"] != nil:
		env := envelope{kind: envelopeFinzlyErrors, withMessage: props["message"] != nil}
		if rs := c.responses["500"]; rs != nil && rs.body != nil {
			env.errorsIn500 = rs.body.schema.Properties["errors"] != nil
		}
		return env, nil
	case props["status"] != nil && props["message"] != nil:
		code := v3Fallback
		if ex, ok := exampleCode(c, "400"); ok && len(ex) <= v3CodeMax {
			code = ex
		}
		return envelope{kind: envelopeFinzlyV3, code: code}, nil
	case props["description"] != nil && props["type"] != nil:
		return envelope{kind: envelopeRedpin}, nil
	}
	return envelope{}, fmt.Errorf("validate: %s: unrecognised error envelope in its 400 response", id)
}

// exampleCode returns the "code" member of the 400 response's example.
func exampleCode(c *compiled, status string) (string, bool) {
	resp := c.route.Operation.Responses.Value(status)
	if resp == nil || resp.Value == nil {
		return "", false
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil {
		return "", false
	}
	if m, ok := mt.Example.(map[string]any); ok {
		c, ok := m["code"].(string)
		return c, ok && c != ""
	}
	return "", false
}

// v3Body is a Finzly v3 or book-transfer failure.
type v3Body struct {
	Status  string `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// v4Body is a Finzly v4 failure.
type v4Body struct {
	Data   any       `json:"data"`
	Errors []v4Error `json:"errors"`
}

type v4Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// errorsBody is a Finzly failure that lists problems without data
// (waterfall, bank lookups, recurrences).
type errorsBody struct {
	Message string    `json:"message,omitempty"`
	Errors  []v4Error `json:"errors"`
}

// redpinBody is a Redpin error.
type redpinBody struct {
	Code        string    `json:"code"`
	Description string    `json:"description"`
	Type        string    `json:"type"`
	Field       string    `json:"field,omitempty"`
	Details     []Problem `json:"details,omitempty"`
}

// Redpin's generic validation code and type.
const (
	redpinCode = "INVALID_PARAMETER"
	redpinType = "Validation Error"
)

// render returns the provider's error body for the problems that rejected
// a request; only errors are listed.
func (env envelope) render(ps Problems) []byte {
	errs := ps.Errors()
	var v any
	switch env.kind {
	case envelopeFinzlyV4:
		v = v4Body{Errors: v4Items(errs)}
	case envelopeFinzlyErrors:
		body := errorsBody{Errors: v4Items(errs)}
		if env.withMessage {
			body.Message = summary(errs, 0)
		}
		v = body
	case envelopeRedpin:
		desc := "the request is invalid"
		field := ""
		if len(errs) > 0 {
			desc = summary(errs, 0)
			field = fieldName(errs[0].Pointer)
		}
		v = redpinBody{Code: redpinCode, Description: desc, Type: redpinType, Field: field, Details: errs}
	default:
		v = v3Body{Status: "Failure", Code: env.code, Message: summary(errs, v3MessageMax)}
	}
	b, err := json.Marshal(v)
	if err != nil { // cannot happen: every member is a string or a slice of them
		panic(err)
	}
	return b
}

// v4Items lists problems as Finzly {code, message} items.
func v4Items(errs Problems) []v4Error {
	items := make([]v4Error, len(errs))
	for i, p := range errs {
		items[i] = v4Error{Code: p.Code, Message: located(p)}
	}
	return items
}

// located renders a problem as "pointer: message".
func located(p Problem) string {
	if p.Pointer == "" {
		return "request body: " + p.Message
	}
	return p.Pointer + ": " + p.Message
}

// summary describes the first problem and counts the rest, within max
// runes when max > 0 (cutting at a rune boundary and marking the cut).
func summary(ps Problems, max int) string {
	if len(ps) == 0 {
		return "the request is invalid"
	}
	s := located(ps[0])
	if len(ps) > 1 {
		s += " (and " + strconv.Itoa(len(ps)-1) + " more)"
	}
	if max > 0 && utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return s
}

// fieldName turns a pointer into Redpin's field notation:
// /recipient_details/0/amount → recipient_details[0].amount; parameters
// and headers give their name.
func fieldName(ptr string) string {
	for _, in := range []string{"/path/", "/query/", "/header/"} {
		if rest, ok := strings.CutPrefix(ptr, in); ok && !strings.Contains(rest, "/") {
			return unescapeToken(rest)
		}
	}
	var b strings.Builder
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok == "" {
			continue
		}
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(unescapeToken(tok))
	}
	return b.String()
}

func unescapeToken(t string) string {
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(t)
}

// CodeResponseContract is the code of the 500 answer the middleware sends in
// place of a response that breaks the spec, in enforce mode.
const CodeResponseContract = "RESPONSE_CONTRACT"

// internalError is one item of Finzly's 500 body.
type internalError struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// renderServerError returns the provider's 500 body for a response that
// broke the spec. The problems themselves go to the log, not to the client.
func (env envelope) renderServerError() []byte {
	const desc = "the service produced a response that breaks its API contract"
	var v any
	switch env.kind {
	case envelopeRedpin:
		v = redpinBody{Code: CodeResponseContract, Description: desc, Type: "Server Error"}
	case envelopeFinzlyErrors:
		if !env.errorsIn500 {
			v = []internalError{{Code: CodeResponseContract, Description: desc}}
			break
		}
		v = errorsBody{Errors: []v4Error{{Code: CodeResponseContract, Message: desc}}}
	default:
		v = []internalError{{Code: CodeResponseContract, Description: desc}}
	}
	b, err := json.Marshal(v)
	if err != nil { // cannot happen: plain strings
		panic(err)
	}
	return b
}

// renderNotFound returns the provider's error body for a request that
// matches no operation: the problems are listed as for a rejection, under
// the provider's not-found code for Redpin.
func (env envelope) renderNotFound(ps Problems) []byte {
	if env.kind == envelopeRedpin {
		b, err := json.Marshal(redpinBody{Code: redpinNotFound, Description: summary(ps, 0),
			Type: redpinNotFoundType, Details: ps})
		if err != nil { // cannot happen: strings only
			panic(err)
		}
		return b
	}
	if env.kind == envelopeFinzlyV3 {
		env.code = CodeUnknownOperation
	}
	return env.render(ps)
}

// Redpin's code and type for a resource that does not exist.
const (
	redpinNotFound     = "RESOURCE_NOT_FOUND"
	redpinNotFoundType = "Not Found"
)

// envelopeByPrefix picks the error format for a path that matches no
// operation: that of the operation whose template runs longest along the
// path (its version and resource segments), or, with no segment in common,
// the one most operations of the first provider served share.
func envelopeByPrefix(ops []*operation, escapedPath string) envelope {
	segs := muxSegments(escapedPath)
	var best *operation
	bestRun := 0
	for _, op := range ops {
		if run := op.longestRun(segs); run > bestRun {
			best, bestRun = op, run
		}
	}
	if best != nil {
		return best.envelope()
	}
	return commonEnvelope(ops)
}

// commonEnvelope is the error format most of the operations share (the
// first provider's usual one), or Finzly's v3 format with none served.
func commonEnvelope(ops []*operation) envelope {
	counts := map[envelopeKind]int{}
	common := envelope{kind: envelopeFinzlyV3, code: CodeUnknownOperation}
	top := 0
	for _, op := range ops {
		if op.info.Provider != ops[0].info.Provider {
			continue
		}
		env := op.envelope()
		counts[env.kind]++
		if n := counts[env.kind]; n > top {
			common, top = env, n
		}
	}
	return common
}

// longestRun is the longest run of the template's leading segments that
// segs holds in a row, counting only runs that start with a literal.
func (op *operation) longestRun(segs []string) int {
	longest := 0
	for start := range segs {
		n := 0
		for n < len(op.segments) && start+n < len(segs) {
			s := op.segments[n]
			if isParamSegment(s) {
				if n == 0 {
					break
				}
			} else if !literalMatches(s, segs[start+n]) {
				break
			}
			n++
		}
		longest = max(longest, n)
	}
	return longest
}
