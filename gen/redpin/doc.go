// Package redpin holds the Go code generated from api/redpin.yaml for the
// calls a partner makes to Redpin: payments and their bank-transfer
// instructions, quotes, recipients, third-party customers, reference data
// (currencies, transaction purposes) and hosted payment sessions.
//
// It contains:
//   - a Go type for every request and response body, named after its schema
//     in the spec, with Redpin's snake_case member names; amounts are
//     money.Amount, an exact decimal read and written as a JSON number, never
//     a float. A body given in one of several combinations is one struct,
//     such as RecipientBankDetails, an alias of RecipientBankDetailsFields;
//   - Error, Redpin's error answer, whose Details is raw JSON since Redpin
//     gives it no type (rules.ErrorDetails reads its entries);
//   - Client and ClientWithResponses, one method per operation, which build
//     the request and, for the latter, decode each documented answer into
//     its type;
//   - ServerInterface and Handler, HandlerFromMux and HandlerWithOptions, to
//     serve the same operations over net/http, as a test double does;
//   - GetSwagger, the embedded spec.
//
// The events Redpin posts to the partner are not here: they are in package
// redpinwebhook. Production code calls Redpin through client/redpinclient,
// which adds OAuth 2.0, retries, validation and the Confirmation of Payee
// retry around this client.
//
// Regenerate with `go generate ./...` from the repository root. It runs the
// oapi-codegen version pinned in go.mod with api/redpin.cfg.yaml, which
// writes redpin.gen.go; never edit that file by hand, change the spec. A test
// (TestCommittedCodeMatchesGenerate in tests/) fails when the committed file
// differs from what the spec produces. This file is written by hand and is
// left alone by the generator.
package redpin
