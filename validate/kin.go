package validate

import (
	"context"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/payspec/payspec/api"
)

// This file is the one place where payspec configures kin-openapi.
//
// payspec changes none of kin-openapi's process-wide settings (the global
// format maps, body decoders and regex compiler stay as the library ships
// them). Everything is passed per call from the values below, so importing
// payspec never changes how other kin-openapi users in the same process
// behave. The only process-wide state involved is kin-openapi's own cache
// of compiled patterns, keyed by the pattern text, which kin-openapi fills
// with compilePattern's matchers when it checks a document or applies a
// schema with a pattern itself (payspec's own evaluation keeps its
// matchers per engine). A pattern another library compiled first stays in
// the cache as a regexp; compilePattern gives the same answers, so only
// speed can differ.

// kinOptions holds the kin-openapi options an Engine passes on every call,
// built once by New.
type kinOptions struct {
	request  []openapi3.SchemaValidationOption // request bodies
	response []openapi3.SchemaValidationOption // response bodies and headers
	filter   *openapi3filter.Options           // parameters
}

// newKinOptions builds the options. direction asks kin-openapi to apply
// readOnly and writeOnly, which costs a sorted pass over every object's
// declared properties and a deep copy of the value for each oneOf/anyOf
// variant; it is only asked for when a spec declares either keyword.
func newKinOptions(direction bool) kinOptions {
	return kinOptions{
		request:  schemaOptions(direction, true),
		response: schemaOptions(direction, false),
		filter:   filterOptions(direction),
	}
}

// uuidFormat checks the uuid format used by the Idempotent-Key header.
var uuidFormat = openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC4122)

// emailFormat checks the email format (the addresses of Finzly's payment
// webhook) loosely: text, one @, and a domain without spaces, quotes or
// angle brackets, so that it refuses what is plainly not an address and
// no real one.
var emailFormat = openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)

// ownStringFormat is the check payspec applies to a string format in place
// of kin-openapi's default, or nil where it keeps kin-openapi's.
func ownStringFormat(format string) openapi3.StringFormatValidator {
	switch format {
	case "uuid":
		return uuidFormat
	case "email":
		return emailFormat
	}
	return nil
}

// schemaOptions returns the options of every schema check, for requests
// (asRequest) or responses.
func schemaOptions(direction, asRequest bool) []openapi3.SchemaValidationOption {
	opts := []openapi3.SchemaValidationOption{
		openapi3.MultiErrors(),
		openapi3.EnableFormatValidation(),
		openapi3.WithStringFormatValidator("uuid", uuidFormat),
		openapi3.WithStringFormatValidator("email", emailFormat),
		openapi3.SetSchemaRegexCompiler(compilePattern),
	}
	switch {
	case direction && asRequest:
		opts = append(opts, openapi3.VisitAsRequest())
	case direction:
		opts = append(opts, openapi3.VisitAsResponse())
	}
	return opts
}

// filterOptions are the openapi3filter options used for parameters. Bodies
// are read by payspec itself, and authentication is the provider's concern,
// so neither is checked here; defaults are never written into a request.
func filterOptions(direction bool) *openapi3filter.Options {
	return &openapi3filter.Options{
		ExcludeRequestBody:      true,
		ExcludeResponseBody:     true,
		MultiError:              true,
		SkipSettingDefaults:     true,
		AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
		RegexCompiler:           compilePattern,
		SchemaValidationOptions: schemaOptions(direction, true),
	}
}

// loadSpec parses and validates one embedded spec whole, from its YAML:
// the check WithEagerCompile adds to compiling every operation.
func loadSpec(ctx context.Context, p api.Provider) (*openapi3.T, error) {
	b, ok := api.Spec(p)
	if !ok {
		return nil, fmt.Errorf("validate: no embedded spec for provider %q", p)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	loader.Context = ctx
	doc, err := loader.LoadFromData(b)
	if err != nil {
		return nil, fmt.Errorf("validate: loading the %s spec: %w", p, err)
	}
	if err := doc.Validate(ctx, openapi3.EnableSchemaFormatValidation(), openapi3.SetRegexCompiler(compilePattern)); err != nil {
		return nil, fmt.Errorf("validate: the %s spec is invalid: %w", p, err)
	}
	return doc, nil
}
