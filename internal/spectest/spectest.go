// Package spectest holds helpers shared by payspec's tests and benchmarks:
// loading the embedded specs with kin-openapi and every example they carry,
// with numbers kept exactly as written in the YAML (read by specexample).
package spectest

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/specexample"
)

// Load parses the provider's embedded spec with kin-openapi and fails the
// test when it cannot be loaded. It does not validate the document.
func Load(tb testing.TB, p api.Provider) *openapi3.T {
	tb.Helper()
	b, ok := api.Spec(p)
	if !ok {
		tb.Fatalf("spectest: unknown provider %q", p)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(b)
	if err != nil {
		tb.Fatalf("spectest: loading %s: %v", p, err)
	}
	return doc
}

// LoadValidated is Load followed by doc.Validate with format validation on.
func LoadValidated(tb testing.TB, p api.Provider) *openapi3.T {
	tb.Helper()
	doc := Load(tb, p)
	if err := doc.Validate(context.Background(), openapi3.EnableSchemaFormatValidation()); err != nil {
		tb.Fatalf("spectest: %s does not validate: %v", p, err)
	}
	return doc
}

// Kind says where in a spec an example sits.
type Kind = specexample.Kind

// Example locations.
const (
	KindRequest  = specexample.KindRequest  // an operation's request body
	KindResponse = specexample.KindResponse // an operation's response body for one status
	KindSchema   = specexample.KindSchema   // a component schema's own example
)

// Example is one example value found in a spec.
type Example = specexample.Example

// Examples returns every example of the provider's spec: request and
// response bodies of every operation (following references to
// components/responses) and every component schema's example, sorted by
// location.
func Examples(tb testing.TB, p api.Provider) []Example {
	tb.Helper()
	c, err := specexample.Load(p)
	if err != nil {
		tb.Fatalf("spectest: %s: %v", p, err)
	}
	return c.Examples
}
