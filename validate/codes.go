package validate

import (
	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/validate/problem"
)

// Problem codes. They are stable: clients may switch on them.
const (
	// Body reading.
	CodeInvalidJSON        = strictjson.CodeSyntax       // the body is not one JSON value
	CodeInvalidUTF8        = strictjson.CodeUTF8         // a string is not valid UTF-8
	CodeDuplicateKey       = strictjson.CodeDuplicateKey // an object names a member twice
	CodeTrailingData       = strictjson.CodeTrailingData // more than one JSON value, or junk after it
	CodeTooDeep            = strictjson.CodeTooDeep      // nesting beyond the configured bound
	CodeBodyTooLarge       = "BODY_TOO_LARGE"            // the body exceeds the configured size
	CodeAmbiguousKeyCase   = "AMBIGUOUS_KEY_CASE"        // a member differs from a declared property only in case
	CodeUnsupportedMedia   = "UNSUPPORTED_MEDIA_TYPE"    // Content-Type is not the declared one
	CodeUnexpectedBody     = "UNEXPECTED_BODY"           // a body where the operation declares none
	CodeDuplicateParameter = "DUPLICATE_PARAMETER"       // a single-valued parameter or header given more than once
	CodeUndeclaredHeader   = "UNDECLARED_HEADER"         // a header resembling a declared one (a misspelled idempotency key)

	// Schema.
	CodeRequired        = "REQUIRED"         // a required property, parameter, header or body is missing
	CodeUnknownProperty = "UNKNOWN_PROPERTY" // a member the schema does not declare
	CodeType            = "TYPE"             // wrong JSON type, or an integer written with a fraction
	CodeNotNullable     = "NOT_NULLABLE"     // null where the schema does not allow it
	CodeEnum            = "ENUM"             // not one of the listed values
	CodePattern         = "PATTERN"          // does not match the pattern
	CodeFormat          = "FORMAT"           // does not match the format (uuid, date-time, ...)
	CodeMinLength       = "MIN_LENGTH"       // string too short
	CodeMaxLength       = "MAX_LENGTH"       // string too long
	CodeMinimum         = "MINIMUM"          // number below the minimum
	CodeMaximum         = "MAXIMUM"          // number above the maximum
	CodeMultipleOf      = "MULTIPLE_OF"      // number not a multiple of the step
	CodeNumberRange     = "NUMBER_RANGE"     // number too long or too large to hold exactly
	CodeMinItems        = "MIN_ITEMS"        // array too short
	CodeMaxItems        = "MAX_ITEMS"        // array too long
	CodeUniqueItems     = "UNIQUE_ITEMS"     // array holds duplicates
	CodeMinProperties   = "MIN_PROPERTIES"   // object has too few members
	CodeMaxProperties   = "MAX_PROPERTIES"   // object has too many members
	CodeOneOf           = "ONE_OF"           // matches none, or more than one, of the variants
	CodeAnyOf           = "ANY_OF"           // matches none of the variants
	CodeNot             = "NOT"              // matches a schema it must not
	CodeSchema          = "SCHEMA"           // any other schema rule

	// Rail rules.
	CodeRulesSkipped = "RULES_SKIPPED" // info: the body does not fit the operation's type, so its rail rules did not run

	// Responses.
	CodeUndeclaredStatus = "UNDECLARED_STATUS" // the operation does not declare this status

	// The build.
	CodeSpecInvalid = "SPEC_INVALID" // the operation's part of the embedded spec cannot be compiled: a defect of the build, never of the message

	// Bounds.
	CodeTooManyProblems = problem.CodeTooManyProblems // ends a list from which problems were left out
)
