// Package validate judges HTTP requests and responses against payspec's
// embedded OpenAPI specs for the Finzly and Redpin payment APIs.
//
// One Engine, built once with New, serves every entry point: the plain
// methods ValidateRequest and ValidateResponse, the net/http server
// Middleware, and the client-side Transport and Doer used with the generated
// clients in gen/finzly and gen/redpin. All of them return the same located
// Problems, so a payment is judged the same way in a service, a test, a
// gateway and on the command line.
//
// Bodies are read by a strict JSON reader before the schema is applied:
// duplicate member names, member names that differ from a declared property
// only in letter case, invalid UTF-8, data after the document, nesting past
// a bound and bodies over a size limit are refused, because two readers
// could understand them differently. Numbers stay exact: bounds on amounts
// are compared as decimals, never as floats.
//
// Schema checks follow kin-openapi's semantics: payspec compiles each body
// schema and applies it itself (native.go), handing kin-openapi the schemas
// using keywords it does not evaluate, and parameters; every kin-openapi
// setting payspec uses is made in kin.go. An operation's part of the specs
// is compiled the first time the operation is used (WithEagerCompile
// compiles them all in New). The rail rules of package validate/rules run in the same
// round, on every request body that fits the operation's generated type,
// even one the schema found fault with (an undeclared member, a pattern, a
// length), so that every problem is reported at once; a rule finding at a
// pointer the schema already reported is left out. When a body does not fit
// the type, the rules cannot run, and the list ends with an info-level
// RULES_SKIPPED problem saying so.
//
// A handler behind the Middleware can read the body the engine already
// parsed with DecodeBody, and answer with WriteJSON: an answer built as a
// JSON tree is judged as built, without being read back.
//
// A problem's Severity is error (the request is invalid), warning (worth a
// look; the request stays valid) or info (a note about the check itself).
// A PATTERN problem describes the pattern in words and keeps the pattern
// itself in Detail.
package validate
