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
