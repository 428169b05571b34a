package validate

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/payspec/payspec/internal/strictjson"
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
}

// ValidateRequest checks a request to the operation with the given id: its
// parameters, content type and body. It returns every problem found, sorted
// by pointer; Problems.Err says whether any is an error. The error result
// is reserved for misuse, such as an unknown operation id
// (ErrUnknownOperation), and is never a validation finding.
func (e *Engine) ValidateRequest(ctx context.Context, operationID string, r Request) (Problems, error) {
	op, err := e.lookup(operationID)
	if err != nil {
		return nil, err
	}
	return e.checkRequest(ctx, op, r), nil
}

func (e *Engine) checkRequest(ctx context.Context, op *operation, r Request) Problems {
	return e.checkRequestRead(ctx, op, r, nil)
}

// checkRequestRead is checkRequest for a request whose body the caller
// could not read in full: readProblems (an oversized or unreadable body)
// take the place of the body checks, and everything else is checked as
// usual, so every entry point reports the same problems.
func (e *Engine) checkRequestRead(ctx context.Context, op *operation, r Request, readProblems Problems) Problems {
	var out Problems
	out = e.checkParams(ctx, op, r, out)
	if readProblems != nil {
		if op.body != nil {
			out = checkMediaType(r.Header, op.body.mediaType, out)
		}
		out = append(out, readProblems...)
		return sortProblems(out)
	}
	var tree any
	tree, out = e.checkRequestBody(op, r, out)
	if rc := e.cfg.rules; rc != nil && tree != nil && !out.HasErrors() && rc.Handles(op.info.ID) {
		out = append(out, rc.CheckTree(op.info.ID, tree, e.rulesEnv(r))...)
	}
	return sortProblems(out)
}

// rulesEnv is what the rail rules need from outside the payment.
func (e *Engine) rulesEnv(r Request) rules.Env {
	return rules.Env{
		Today:           fedcal.DateOf(e.Today()),
		FXTrade:         e.cfg.fxTrade,
		FundingCurrency: e.cfg.funding,
		CustomerID:      r.PathParams["customer_id"],
		Payment:         e.cfg.payments,
		PaymentUID:      r.PathParams["paymentUID"],
	}
}

// checkParams validates declared path, query and header parameters with
// kin-openapi's parameter decoding.
func (e *Engine) checkParams(ctx context.Context, op *operation, r Request, out Problems) Problems {
	if len(op.params) == 0 {
		return out
	}
	header := r.Header
	if header == nil {
		header = http.Header{}
	}
	hr := &http.Request{
		Method: op.info.Method,
		URL:    &url.URL{Path: op.info.Path, RawQuery: r.Query.Encode()},
		Header: header,
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    hr,
		PathParams: r.PathParams,
		Route:      op.route,
		Options:    e.kin.filter,
	}
	for _, ref := range op.params {
		p := ref.Value
		if err := openapi3filter.ValidateParameter(ctx, in, p); err != nil {
			out = paramProblems(err, "/"+p.In+"/"+strictjson.EscapeToken(p.Name), out)
		}
	}
	return out
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
// when there is none or it is not JSON).
func (e *Engine) checkRequestBody(op *operation, r Request, out Problems) (any, Problems) {
	if op.body == nil {
		if len(r.Body) > 0 {
			out = append(out, Problem{Code: CodeUnexpectedBody, Severity: SeverityWarning,
				Message: "the operation takes no request body; it will be ignored or refused"})
		}
		return nil, out
	}
	if len(r.Body) == 0 {
		if op.body.required {
			out = append(out, Problem{Code: CodeRequired, Severity: SeverityError, Message: "request body is required"})
		}
		return nil, out
	}
	out = checkMediaType(r.Header, op.body.mediaType, out)
	return e.checkBody(op.body, r.Body, true, out)
}

// checkMediaType requires Content-Type to name the declared JSON media type
// (with no charset other than UTF-8).
func checkMediaType(h http.Header, want string, out Problems) Problems {
	ptr := "/header/Content-Type"
	ct := h.Get("Content-Type")
	if ct == "" {
		return append(out, Problem{Pointer: ptr, Code: CodeRequired, Severity: SeverityError,
			Message: "is required and must be " + want})
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
// the schema. It returns the decoded body, or nil when it could not be
// read.
func (e *Engine) checkBody(bs *bodySpec, body []byte, asRequest bool, out Problems) (any, Problems) {
	if int64(len(body)) > e.cfg.maxBody {
		return nil, append(out, e.tooLarge())
	}
	v, err := e.json.Parse(body)
	if err != nil {
		var se *strictjson.Error
		if errors.As(err, &se) {
			return nil, append(out, Problem{Pointer: se.Pointer, Code: se.Code, Severity: SeverityError, Message: se.Message})
		}
		return nil, append(out, Problem{Code: CodeInvalidJSON, Severity: SeverityError, Message: "body is not valid JSON"})
	}
	w := walker{strict: e.cfg.strict, out: out}
	w.walk(v, bs.shape)
	out = w.out
	opts := e.kin.response
	if asRequest {
		opts = e.kin.request
	}
	out = schemaProblems(bs.schema.VisitJSON(v, opts...), "", opts, out)
	return v, out
}

// tooLarge is the problem of a body over the configured limit.
func (e *Engine) tooLarge() Problem {
	return Problem{Code: CodeBodyTooLarge, Severity: SeverityError,
		Message: "body exceeds the limit of " + strconv.FormatInt(e.cfg.maxBody, 10) + " bytes"}
}
