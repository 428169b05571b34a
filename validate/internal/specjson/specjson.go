// Package specjson holds payspec's embedded OpenAPI documents prepared
// ahead of time, by `go generate`, for the validation engine to load: in
// JSON, converted from YAML exactly as kin-openapi converts it while
// loading, and without what only documents the API (see Prepare). Reading
// YAML, descriptions and examples is most of what loading a document
// costs.
//
// The files are generated from api/*.yaml by the gen command in this
// directory; a test fails when they are stale.
package specjson

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/oasdiff/yaml"

	"github.com/payspec/payspec/api"
)

//go:generate go run ./gen

//go:embed finzly.json
var finzlyJSON []byte

//go:embed redpin.json
var redpinJSON []byte

// JSON returns the provider's prepared document, and false for an
// unknown provider. The bytes are shared: callers must not modify them.
func JSON(p api.Provider) ([]byte, bool) {
	switch p {
	case api.ProviderFinzly:
		return finzlyJSON, true
	case api.ProviderRedpin:
		return redpinJSON, true
	}
	return nil, false
}

// Convert turns a YAML document into the JSON kin-openapi's loader reads
// from it: YAML 1.1 timestamps stay strings, as the loader asks.
func Convert(doc []byte) ([]byte, error) {
	var out json.RawMessage
	if _, err := yaml.Unmarshal(doc, &out, yaml.DecodeOpts{DisableTimestamps: true}); err != nil {
		return nil, fmt.Errorf("specjson: %w", err)
	}
	return out, nil
}
