// Package finzly holds the Go code generated from api/finzly.yaml for the
// calls a bank makes to Finzly: payments (credits v3, v4 and v5, debits,
// book and waterfall transfers, search, cancel, return, reverse), recurring
// series, customer contacts and accounts, the bank directory and FX quotes
// and trades.
//
// It contains:
//   - a Go type for every request and response body, named after its schema
//     in the spec; amounts are money.Amount, an exact decimal read and
//     written as a JSON number, never a float. A party that can be given two
//     ways (in the bank's CRM or in full) is one struct, such as CreditSender,
//     an alias of CreditSenderFields;
//   - Client and ClientWithResponses, one method per operation, which build
//     the request and, for the latter, decode each documented answer into
//     its type (JSON200, JSON400 ...);
//   - ServerInterface and Handler, HandlerFromMux and HandlerWithOptions, to
//     serve the same operations over net/http, as a test double does;
//   - GetSwagger, the embedded spec, for tools that need the document itself.
//
// The notifications Finzly posts to the bank are not here: they are in
// package finzlywebhook. Production code calls Finzly through
// client/finzlyclient, which adds OAuth 2.0, idempotency keys, retries and
// validation around this client; validate judges bodies against the same
// spec.
//
// Regenerate with `go generate ./...` from the repository root. It runs the
// oapi-codegen version pinned in go.mod with api/finzly.cfg.yaml, which
// writes finzly.gen.go; never edit that file by hand, change the spec. A
// test (TestCommittedCodeMatchesGenerate in tests/) fails when the committed
// file differs from what the spec produces. This file is written by hand and
// is left alone by the generator.
package finzly
