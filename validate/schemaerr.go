package validate

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/validate/problem"
)

// schemaProblems turns the error tree of a kin-openapi schema check into
// flat problems. prefix is the pointer of the value that was checked. kin's
// own messages are never used, since they can quote the submitted value.
//
// kin-openapi stops at a failed oneOf or anyOf without applying the same
// schema's allOf members; those are applied here, so that a value that fits
// no variant still gets every other finding.
func schemaProblems(err error, prefix string, opts []openapi3.SchemaValidationOption, out Problems) Problems {
	switch e := err.(type) {
	case nil:
		return out
	case openapi3.MultiError:
		for _, sub := range e {
			out = schemaProblems(sub, prefix, opts, out)
		}
		return out
	case *openapi3.SchemaError:
		if e.SchemaField == "allOf" && e.Origin != nil {
			return schemaProblems(e.Origin, prefix, opts, out)
		}
		out = append(out, schemaProblem(e, prefix))
		if (e.SchemaField == "oneOf" || e.SchemaField == "anyOf") && e.Schema != nil {
			at := prefix + pointerOf(e.JSONPointer())
			for _, m := range e.Schema.AllOf {
				if m.Value != nil {
					out = schemaProblems(m.Value.VisitJSON(e.Value, opts...), at, opts, out)
				}
			}
		}
		return out
	}
	// Wrappers such as the allOf origin: keep descending.
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		for _, sub := range u.Unwrap() {
			out = schemaProblems(sub, prefix, opts, out)
		}
		return out
	}
	if next := errors.Unwrap(err); next != nil {
		return schemaProblems(next, prefix, opts, out)
	}
	return append(out, Problem{Pointer: prefix, Code: CodeSchema, Severity: SeverityError,
		Message: "value does not match the schema"})
}

// schemaProblem describes one schema error from the rule it broke.
func schemaProblem(e *openapi3.SchemaError, prefix string) Problem {
	p := Problem{Pointer: prefix + pointerOf(e.JSONPointer()), Severity: SeverityError}
	s := e.Schema
	if s == nil {
		s = &openapi3.Schema{}
	}
	switch e.SchemaField {
	case "required":
		p.Code, p.Message = CodeRequired, "is required"
	case "type":
		if strings.Contains(e.Reason, "json.Number") {
			p.Code, p.Message = CodeNumberRange, "number cannot be held exactly"
			break
		}
		p.Code, p.Message = CodeType, "must be "+typeName(s)
	case "nullable":
		p.Code, p.Message = CodeNotNullable, "must not be null"
	case "enum":
		p.Code, p.Message = CodeEnum, enumMessage(s.Enum)
	case "pattern":
		p.Code, p.Message, p.Detail = CodePattern, patternMessage(s.Pattern), s.Pattern
	case "format":
		p.Code, p.Message = CodeFormat, "must be a valid "+s.Format
	case "minLength":
		p.Code, p.Message = CodeMinLength, "must be at least "+countU(s.MinLength, "character")+" long"
	case "maxLength":
		p.Code, p.Message = CodeMaxLength, "must be at most "+countPtr(s.MaxLength, "character")+" long"
	case "minimum", "exclusiveMinimum":
		p.Code = CodeMinimum
		if s.ExclusiveMin.IsTrue() || e.SchemaField == "exclusiveMinimum" {
			p.Message = "must be greater than " + floatPtr(s.Min)
		} else {
			p.Message = "must be at least " + floatPtr(s.Min)
		}
	case "maximum", "exclusiveMaximum":
		p.Code = CodeMaximum
		if s.ExclusiveMax.IsTrue() || e.SchemaField == "exclusiveMaximum" {
			p.Message = "must be less than " + floatPtr(s.Max)
		} else {
			p.Message = "must be at most " + floatPtr(s.Max)
		}
	case "multipleOf":
		p.Code, p.Message = CodeMultipleOf, "must be a multiple of "+floatPtr(s.MultipleOf)
	case "minItems":
		p.Code, p.Message = CodeMinItems, "must hold at least "+countU(s.MinItems, "item")
	case "maxItems":
		p.Code, p.Message = CodeMaxItems, "must hold at most "+countPtr(s.MaxItems, "item")
	case "uniqueItems":
		p.Code, p.Message = CodeUniqueItems, "must not hold the same item twice"
	case "minProperties":
		p.Code, p.Message = CodeMinProperties, "must have at least "+countU(s.MinProps, "member")
	case "maxProperties":
		p.Code, p.Message = CodeMaxProperties, "must have at most "+countPtr(s.MaxProps, "member")
	case "additionalProperties", "properties":
		p.Code, p.Message = CodeUnknownProperty, "property is not allowed by the schema"
	case "oneOf":
		p.Code = CodeOneOf
		switch {
		case strings.Contains(e.Reason, "more than one"):
			p.Message = "must match exactly one of: " + variants(s.OneOf) + "; it matches more than one"
		default:
			p.Message = "must match exactly one of" + noVariantMessage(s.OneOf, e.Value)
		}
	case "anyOf":
		p.Code, p.Message = CodeAnyOf, "must match at least one of"+noVariantMessage(s.AnyOf, e.Value)
	case "not":
		p.Code, p.Message = CodeNot, "must not match the excluded schema"
	default:
		p.Code, p.Message = CodeSchema, "breaks the schema rule "+strconv.Quote(e.SchemaField)
	}
	return p
}

// pointerOf renders kin-openapi's path tokens as a JSON Pointer.
func pointerOf(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strictjson.EscapeToken(t))
	}
	return b.String()
}

func typeName(s *openapi3.Schema) string {
	names := s.Type.Slice()
	if len(names) == 0 {
		return "of the declared type"
	}
	out := make([]string, len(names))
	for i, n := range names {
		switch n {
		case openapi3.TypeObject, openapi3.TypeArray, openapi3.TypeInteger:
			out[i] = "an " + n
		default:
			out[i] = "a " + n
		}
	}
	return strings.Join(out, " or ")
}

// enumMessage lists the allowed values; they come from the spec, not the
// request.
func enumMessage(values []any) string {
	parts := make([]string, 0, len(values))
	for _, v := range values {
		parts = append(parts, fmt.Sprint(v))
	}
	return "must be one of: " + strings.Join(parts, ", ")
}

// variants names the variants of a oneOf or anyOf by title, with the
// members each one requires.
func variants(refs openapi3.SchemaRefs) string {
	parts := make([]string, 0, len(refs))
	for i, r := range refs {
		if r == nil || r.Value == nil {
			continue
		}
		name := variantName(r, i)
		if len(r.Value.Required) > 0 {
			name += " (requires " + strings.Join(r.Value.Required, ", ") + ")"
		}
		parts = append(parts, name)
	}
	return strings.Join(parts, "; ")
}

// variantName is the variant's title, or its place in the list.
func variantName(r *openapi3.SchemaRef, i int) string {
	if r != nil && r.Value != nil && r.Value.Title != "" {
		return r.Value.Title
	}
	return "variant " + strconv.Itoa(i+1)
}

// noVariantMessage ends the message of a value that matches none of the
// variants: what each variant still needs, closest first, when the
// variants only require members; else the variants themselves.
func noVariantMessage(refs openapi3.SchemaRefs, value any) string {
	if obj, ok := value.(map[string]any); ok {
		if vr, ok := requiredOnly(refs, false); ok {
			return " its variants: " + vr.missing(obj)
		}
	}
	return ": " + variants(refs)
}

// countU is problem.Count for a schema bound.
func countU(n uint64, noun string) string {
	if n > math.MaxInt32 {
		return strconv.FormatUint(n, 10) + " " + noun + "s"
	}
	return problem.Count(int(n), noun)
}

// countPtr is countU for an optional bound.
func countPtr(n *uint64, noun string) string {
	if n == nil {
		return "the allowed number of " + noun + "s"
	}
	return countU(*n, noun)
}

func floatPtr(v *float64) string {
	if v == nil {
		return "?"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
