package spectest

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// SchemaRef finds the schema an example belongs to: the component itself
// for a schema example, the body schema for a request or response.
func SchemaRef(tb testing.TB, doc *openapi3.T, e Example) *openapi3.SchemaRef {
	tb.Helper()
	if e.Kind == KindSchema {
		ref := doc.Components.Schemas[e.Schema]
		if ref == nil {
			tb.Fatalf("spectest: no component schema %s", e.Schema)
		}
		return ref
	}
	op := Operation(tb, doc, e.OperationID)
	var content openapi3.Content
	switch e.Kind {
	case KindRequest:
		content = op.RequestBody.Value.Content
	case KindResponse:
		content = op.Responses.Value(e.Status).Value.Content
	default:
		tb.Fatalf("spectest: unknown example kind %q", e.Kind)
	}
	mt := content.Get("application/json")
	if mt == nil {
		tb.Fatalf("spectest: %s has no JSON body", e)
	}
	return mt.Schema
}

// SchemaName is the name of the component schema an example belongs to;
// request and response bodies must reference a component.
func SchemaName(tb testing.TB, doc *openapi3.T, e Example) string {
	tb.Helper()
	if e.Kind == KindSchema {
		return e.Schema
	}
	ref := SchemaRef(tb, doc, e).Ref
	if ref == "" {
		tb.Fatalf("spectest: the body schema of %s is not a component", e)
	}
	return strings.TrimPrefix(ref, "#/components/schemas/")
}

// Operation finds an operation of the document by id.
func Operation(tb testing.TB, doc *openapi3.T, id string) *openapi3.Operation {
	tb.Helper()
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				return op
			}
		}
	}
	tb.Fatalf("spectest: operation %s not found", id)
	return nil
}

// RequestExamples returns the operation's own request body examples, or
// the example of its body schema when it has none of its own; nil when the
// operation takes no JSON body.
func RequestExamples(tb testing.TB, doc *openapi3.T, examples []Example, id string) []Example {
	tb.Helper()
	var out []Example
	for _, ex := range examples {
		if ex.Kind == KindRequest && ex.OperationID == id {
			out = append(out, ex)
		}
	}
	if len(out) > 0 {
		return out
	}
	rb := Operation(tb, doc, id).RequestBody
	if rb == nil || rb.Value == nil {
		return nil
	}
	mt := rb.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	name := strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")
	for _, ex := range examples {
		if ex.Kind == KindSchema && ex.Schema == name {
			ex.Name = "schema example"
			return []Example{ex}
		}
	}
	tb.Fatalf("spectest: the request body of %s has no example", id)
	return nil
}
