package validate

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// Request is the part of an HTTP request that validation reads.
type Request struct {
	PathParams map[string]string // path parameters by name, already unescaped
	Query      url.Values
	Header     http.Header
	Body       []byte // the raw body; nil or empty when there is none
}

// Response is the part of an HTTP response that validation reads.
type Response struct {
	Status int
	Header http.Header
	Body   []byte

	// parsed is Body already read, when the middleware's handler wrote
	// it with WriteJSON: a tree of at most parsedDepth levels.
	parsed      any
	parsedDepth int
}

// ValidateRequest checks a request to the operation with the given id: its
// parameters, content type and body. It returns every problem found, sorted
// by pointer; Problems.Err says whether any is an error. The error result
// is reserved for misuse, such as an unknown operation id
// (ErrUnknownOperation), and is never a validation finding.
func (e *Engine) ValidateRequest(ctx context.Context, operationID string, r Request) (Problems, error) {
	op, _, err := e.lookup(operationID)
	if err != nil {
		return nil, err
	}
	return e.checkRequestRead(ctx, op, r, nil, nil, nil), nil
}

// checkRequestRead is checkRequest for a request as it came over HTTP. pre
// are problems of its HTTP form found while reading it (such as a malformed
// query string). readProblems (an oversized or unreadable body) take the
// place of the body checks, and everything else is checked as usual, so
// every entry point reports the same problems. The middleware gives kept,
// where the body the engine parsed is left for DecodeBody; the other entry
// points give nil.
func (e *Engine) checkRequestRead(ctx context.Context, op *operation, r Request, pre, readProblems Problems, kept *parsedBody) Problems {
	out := slices.Clone(pre)
	c, err := op.compiled()
	if err != nil {
		return append(out, specProblem(err))
	}
	out = e.checkParams(ctx, op, c, r, out)
	if readProblems != nil {
		if c.body != nil {
			out = checkMediaType(r.Header, c.body.mediaType, out)
		}
		out = append(out, readProblems...)
		return e.withNote(e.limit(out, problem.Omitted{}), e.rulesSkipped(op, "", ""))
	}
	tree, out, left := e.checkRequestBody(c, r, out)
	kept.keep(tree)
	out, note := e.runRules(op, c, r, tree, out, left, kept)
	return e.withNote(e.limit(out, left), note)
}

// specProblem refuses a request or a response of an operation whose part
// of the spec could not be compiled: a defect of the build, never of the
// message, which payspec's own tests catch (WithEagerCompile). Judging
// nothing would let the message through unjudged.
func specProblem(err error) Problem {
	return Problem{Code: CodeSpecInvalid, Severity: SeverityError,
		Message: "the operation cannot be judged: " + err.Error()}
}

// limit sorts a finished list and cuts it to the engine's problem budget.
func (e *Engine) limit(ps Problems, left problem.Omitted) Problems {
	return problem.Limit(sortProblems(ps), e.cfg.maxProblems, left)
}

// runRules adds the rail rules' problems to those of the schema. The rules
// run whenever the body fits the operation's generated type, even when the
// schema found fault with it (an undeclared member, a pattern, a length),
// so that every problem is reported in one round; a rule finding at a
// pointer the schema already reported is dropped, the schema's being the
// more basic. When a body was given but could not be read into the type,
// the rules are skipped and the returned note says so. The rules are also
// skipped, without a note, when the problem budget stopped the check: the
// list's final marker already says that checking stopped.
// What the rules decode is left in kept, when the request has one.
func (e *Engine) runRules(op *operation, c *compiled, r Request, tree any, out Problems, left problem.Omitted, kept *parsedBody) (Problems, *Problem) {
	rc := e.cfg.rules
	if rc == nil || !rc.Handles(op.info.ID) || left.AtLeast || len(r.Body) == 0 || c.body == nil {
		return out, nil
	}
	if tree == nil {
		return out, e.rulesSkipped(op, "", "")
	}
	env := e.rulesEnv(r)
	if kept != nil {
		env.Decoded = kept.keepDecoded
	}
	found, err := rc.RunTree(op.info.ID, tree, env)
	var de *rules.DecodeError
	if errors.As(err, &de) {
		return out, e.rulesSkipped(op, de.Pointer, kindOf(de.Type, de.Want))
	}
	if len(out) == 0 {
		return found, nil
	}
	seen := make(map[string]bool, len(out))
	for _, p := range out {
		seen[p.Pointer] = true
	}
	for _, p := range found {
		if !seen[p.Pointer] {
			out = append(out, p)
		}
	}
	return out, nil
}

// rulesSkipped is the note that the operation's rail rules did not run:
// the body could not be read at all (want ""), or the value at ptr is not
// the kind of JSON value want names. It is nil when the engine runs no
// rules for op.
func (e *Engine) rulesSkipped(op *operation, ptr, want string) *Problem {
	if rc := e.cfg.rules; rc == nil || !rc.Handles(op.info.ID) {
		return nil
	}
	msg := "rail rules were not run: the body could not be read"
	if want != "" {
		msg = "rail rules were not run: the payment can be read only once this value is " + want
	}
	return &Problem{Pointer: ptr, Code: CodeRulesSkipped, Severity: SeverityInfo, Message: msg}
}

// kindOf names in words the kind of JSON value a Go type of the generated
// code holds: want, the decoder's reading of the type's kind, except for
// the amount type, which reads its own JSON.
func kindOf(goType, want string) string {
	switch {
	case strings.TrimLeft(goType, "*") == "money.Amount":
		return "an amount written as a JSON number"
	case want != "":
		return want
	}
	return "a value of the type the spec declares"
}

// withNote places note at the end of a finished list, before the marker of
// problems left out if there is one. A list already holding as many
// problems as the budget allows counts the note in its marker instead; a
// nil note leaves the list as it is.
func (e *Engine) withNote(ps Problems, note *Problem) Problems {
	if note == nil {
		return ps
	}
	n := len(ps)
	marked := n > 0 && ps.Omitted().Any()
	if marked {
		n--
	}
	switch {
	case n >= e.cfg.maxProblems:
		return problem.Limit(ps, e.cfg.maxProblems, problem.Omitted{Warnings: 1})
	case marked:
		return append(ps[:n:n], *note, ps[n])
	}
	return append(ps, *note)
}

// rulesEnv is what the rail rules need from outside the payment.
func (e *Engine) rulesEnv(r Request) rules.Env {
	now := e.cfg.now().In(e.newYork)
	return rules.Env{
		Today:           fedcal.DateOf(now),
		Now:             now,
		FXTrade:         e.cfg.fxTrade,
		FundingCurrency: e.cfg.funding,
		CustomerID:      r.PathParams["customer_id"],
		CoPAnswers:      e.cfg.cop,
		Payment:         e.cfg.payments,
		PaymentUID:      r.PathParams["paymentUID"],
	}
}

// checkParams validates declared path, query and header parameters with
// kin-openapi's parameter decoding.
func (e *Engine) checkParams(ctx context.Context, op *operation, c *compiled, r Request, out Problems) Problems {
	if len(c.params) == 0 {
		return out
	}
	var in *openapi3filter.RequestValidationInput // made for the first parameter kin-openapi must see
	for _, ref := range c.params {
		p := ref.Value
		if repeated(p, r) {
			out = append(out, Problem{Pointer: paramPointer(p), Code: CodeDuplicateParameter, Severity: SeverityError,
				Message: "is given more than once; readers disagree on which value counts"})
			continue
		}
		if underscoredHeader(p, r) {
			out = append(out, Problem{Pointer: paramPointer(p), Code: CodeDuplicateParameter, Severity: SeverityError,
				Message: "is also sent spelled with '_' for '-', which some servers read as this header"})
			continue
		}
		if absentOptional(p, r) || c.pathPasses(p, r) {
			continue
		}
		if in == nil {
			in = e.paramInput(op, c, r)
		}
		if err := openapi3filter.ValidateParameter(ctx, in, p); err != nil {
			out = paramProblems(err, paramPointer(p), out)
		}
	}
	return misspelledKeyHeaders(c, r.Header, out)
}

// pathPasses reports whether a path parameter the engine judges itself
// (compiled.pathChecks) has a value that passes its schema.
func (c *compiled) pathPasses(p *openapi3.Parameter, r Request) bool {
	ck := c.pathChecks[p]
	if ck == nil {
		return false
	}
	raw := r.PathParams[p.Name]
	if raw == "" {
		return false // kin-openapi calls it missing
	}
	ev := evaluation{opts: c.kin.request}
	return ev.matches(ck, raw)
}

// paramPointer is the pointer of a parameter's problems: /path/x,
// /query/x, /header/X.
func paramPointer(p *openapi3.Parameter) string {
	return "/" + p.In + "/" + strictjson.EscapeToken(p.Name)
}

// paramInput is what kin-openapi reads parameters from.
func (e *Engine) paramInput(op *operation, c *compiled, r Request) *openapi3filter.RequestValidationInput {
	header := r.Header
	if header == nil {
		header = http.Header{}
	}
	hr := &http.Request{
		Method: op.info.Method,
		URL:    &url.URL{Path: op.info.Path, RawQuery: r.Query.Encode()},
		Header: header,
	}
	return &openapi3filter.RequestValidationInput{
		Request:    hr,
		PathParams: r.PathParams,
		Route:      c.route,
		Options:    c.kin.filter,
	}
}

// absentOptional reports whether an optional parameter is absent from the
// request in a way kin-openapi would pass without a look (it sets no
// defaults here): a header not sent at all, a query parameter when the
// query is empty, a path parameter when none is given. Only plain schemas
// qualify.
func absentOptional(p *openapi3.Parameter, r Request) bool {
	if p.Required || p.Content != nil || p.Schema == nil || p.Schema.Value == nil {
		return false
	}
	if s := p.Schema.Value; len(s.AllOf) > 0 || len(s.AnyOf) > 0 || len(s.OneOf) > 0 {
		return false
	}
	switch p.In {
	case openapi3.ParameterInHeader:
		_, sent := r.Header[http.CanonicalHeaderKey(p.Name)]
		return !sent
	case openapi3.ParameterInQuery:
		return len(r.Query) == 0
	case openapi3.ParameterInPath:
		return len(r.PathParams) == 0
	}
	return false
}

// misspelledKeyHeaders warns about undeclared headers that look like the
// idempotency header the operation declares (Idempotency-Key where the spec
// says Idempotent-Key): the provider ignores them, so retries of the
// request are not protected. The declared name spelled with '_' for '-' is
// left to underscoredHeader.
func misspelledKeyHeaders(c *compiled, h http.Header, out Problems) Problems {
	declared := c.keyHeader
	if declared == "" {
		return out
	}
	underscored := strings.ReplaceAll(declared, "-", "_")
	for name := range h {
		if strings.EqualFold(name, declared) || strings.EqualFold(name, underscored) {
			continue
		}
		if looksLikeKeyHeader(name) {
			out = append(out, Problem{Pointer: "/header/" + strictjson.EscapeToken(name), Code: CodeUndeclaredHeader,
				Severity: SeverityWarning, Message: "is not declared and will be ignored; the idempotency header is " + declared})
		}
	}
	return out
}

// keyHeaderOf returns the idempotency header among declared parameters,
// if any.
func keyHeaderOf(params openapi3.Parameters) string {
	for _, ref := range params {
		if p := ref.Value; p.In == openapi3.ParameterInHeader && looksLikeKeyHeader(p.Name) {
			return p.Name
		}
	}
	return ""
}

// looksLikeKeyHeader reports whether a header name, lower-cased and without
// '-' and '_', mentions idempotency.
func looksLikeKeyHeader(name string) bool {
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 0x80 || len(b) == len(buf):
			return strings.Contains(squashName(name), "idempot")
		case c == '-' || c == '_':
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return strings.Contains(string(b), "idempot")
}

// squashName lower-cases a header name and drops '-' and '_'.
func squashName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return -1
		}
		return unicode.ToLower(r)
	}, name)
}

// repeated reports whether a parameter that holds one value is given
// several times: kin-openapi and many frameworks read the first, others
// the last.
func repeated(p *openapi3.Parameter, r Request) bool {
	if p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is(openapi3.TypeArray) {
		return false
	}
	switch p.In {
	case openapi3.ParameterInQuery:
		return len(r.Query[p.Name]) > 1
	case openapi3.ParameterInHeader:
		return len(r.Header.Values(p.Name)) > 1
	}
	return false
}

// underscoredHeader reports whether a declared header is sent spelled with
// '_' for '-': a distinct header to Go and to this check, but the same one
// to servers that map headers to CGI-style variables (HTTP_IDEMPOTENT_KEY),
// which would then act on a value nobody judged.
func underscoredHeader(p *openapi3.Parameter, r Request) bool {
	if p.In != openapi3.ParameterInHeader || !strings.Contains(p.Name, "-") {
		return false
	}
	return len(r.Header.Values(strings.ReplaceAll(p.Name, "-", "_"))) > 0
}

// paramProblems turns a parameter error into problems at ptr.
func paramProblems(err error, ptr string, out Problems) Problems {
	var re *openapi3filter.RequestError
	if errors.As(err, &re) {
		err = re.Err
	}
	if errors.Is(err, openapi3filter.ErrInvalidRequired) {
		return append(out, Problem{Pointer: ptr, Code: CodeRequired, Severity: SeverityError, Message: "is required"})
	}
	var pe *openapi3filter.ParseError
	if errors.As(err, &pe) {
		return append(out, Problem{Pointer: ptr, Code: CodeType, Severity: SeverityError,
			Message: "cannot be read as the declared type"})
	}
	var se *openapi3.SchemaError
	var me openapi3.MultiError
	if errors.As(err, &se) || errors.As(err, &me) {
		return schemaProblems(err, ptr, nil, out)
	}
	return append(out, Problem{Pointer: ptr, Code: CodeSchema, Severity: SeverityError,
		Message: "is not a valid value for this parameter"})
}

// checkRequestBody checks the body and returns it as a decoded tree (nil
// when there is none or it is not JSON), with the count of problems left
// out of the list.
func (e *Engine) checkRequestBody(c *compiled, r Request, out Problems) (any, Problems, problem.Omitted) {
	if c.body == nil {
		if len(r.Body) > 0 {
			out = append(out, Problem{Code: CodeUnexpectedBody, Severity: SeverityWarning,
				Message: "the operation takes no request body; it will be ignored or refused"})
		}
		return nil, out, problem.Omitted{}
	}
	if len(r.Body) == 0 {
		if c.body.required {
			out = append(out, Problem{Code: CodeRequired, Severity: SeverityError, Message: "request body is required"})
		}
		return nil, out, problem.Omitted{}
	}
	out = checkMediaType(r.Header, c.body.mediaType, out)
	if ce := r.Header.Values("Content-Encoding"); len(ce) > 0 && !(len(ce) == 1 && strings.EqualFold(strings.TrimSpace(ce[0]), "identity")) {
		// The bytes judged would not be the bytes a decoding reader sees.
		return nil, append(out, Problem{Pointer: "/header/Content-Encoding", Code: CodeUnsupportedMedia,
			Severity: SeverityError, Message: "compressed or encoded request bodies are not accepted"}), problem.Omitted{}
	}
	return e.checkBody(c, c.body, r.Body, nil, true, out)
}

// checkMediaType requires Content-Type to name the declared JSON media type
// (with no charset other than UTF-8).
func checkMediaType(h http.Header, want string, out Problems) Problems {
	ptr := "/header/Content-Type"
	ct := h.Get("Content-Type")
	if len(h.Values("Content-Type")) > 1 {
		return append(out, Problem{Pointer: ptr, Code: CodeDuplicateParameter, Severity: SeverityError,
			Message: "is given more than once; readers disagree on which value counts"})
	}
	if ct == "" {
		return append(out, Problem{Pointer: ptr, Code: CodeRequired, Severity: SeverityError,
			Message: "is required and must be " + want})
	}
	if strings.EqualFold(ct, want) {
		return out // what ParseMediaType would find, without its map
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || !strings.EqualFold(mt, want) {
		return append(out, Problem{Pointer: ptr, Code: CodeUnsupportedMedia, Severity: SeverityError,
			Message: "must be " + want})
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return append(out, Problem{Pointer: ptr, Code: CodeUnsupportedMedia, Severity: SeverityError,
			Message: "charset must be utf-8"})
	}
	return out
}

// checkBody reads a JSON body strictly and applies payspec's own checks and
// the schema. It returns the decoded body (nil when it could not be read)
// and the count of problems found but left out: the walk stops once the
// engine's problem budget holds nothing but errors.
// A tree in parsed (nil for none) is body as the strict reader would read
// it, and is judged instead of reading body again.
func (e *Engine) checkBody(c *compiled, bs *bodySpec, body []byte, parsed any, asRequest bool, out Problems) (any, Problems, problem.Omitted) {
	if int64(len(body)) > e.cfg.maxBody {
		return nil, append(out, e.tooLarge()), problem.Omitted{}
	}
	v := parsed
	if v == nil {
		var err error
		if v, err = c.json.Parse(body); err != nil {
			return nil, append(out, parseProblem(err)), problem.Omitted{}
		}
	}
	opts := c.kin.response
	if asRequest {
		opts = c.kin.request
	}
	w := walker{strict: e.cfg.strict, opts: opts, max: e.cfg.maxProblems, native: c.native, path: make([]string, 0, pathCap)}
	rest, _ := w.walk(v, bs.shape)
	if w.again {
		// The budget would leave problems out: walk again with members in
		// name order, so that the same ones are kept on every run.
		w = walker{strict: e.cfg.strict, sorted: true, opts: opts, max: e.cfg.maxProblems, native: c.native,
			path: w.path[:0]}
		rest, _ = w.walk(v, bs.shape)
	}
	out = append(out, w.out...)
	if !w.stopped() {
		// The rest of the schema, on the body without what the walker
		// judged (element schemas, undeclared members), so that its work is
		// bounded by the schema rather than the body.
		if c.native {
			ev := evaluation{opts: opts, out: out, path: w.path[:0]}
			ev.visit(bs.check, rest)
			out = ev.out
		} else {
			out = schemaProblems(bs.schema.VisitJSON(rest, opts...), "", opts, out)
		}
	}
	return v, out, w.left
}

// parseProblem is the problem of a body the strict reader refused.
func parseProblem(err error) Problem {
	var se *strictjson.Error
	if errors.As(err, &se) {
		return Problem{Pointer: se.Pointer, Code: se.Code, Severity: SeverityError, Message: se.Message}
	}
	return Problem{Code: CodeInvalidJSON, Severity: SeverityError, Message: "body is not valid JSON"}
}

// tooLarge is the problem of a body over the configured limit.
func (e *Engine) tooLarge() Problem {
	return Problem{Code: CodeBodyTooLarge, Severity: SeverityError,
		Message: "body exceeds the limit of " + strconv.FormatInt(e.cfg.maxBody, 10) + " bytes"}
}
