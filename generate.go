// Package payspec is the root of the payspec module: hand-written OpenAPI
// specs for the Finzly and Redpin payment APIs (package api), the Go code
// generated from them (packages gen/finzly and gen/redpin, and for the
// webhooks each provider posts to the bank, gen/finzlywebhook and
// gen/redpinwebhook) and the exact money type they share (package money).
//
// Run `go generate ./...` from the repository root to regenerate gen/ from
// api/*.yaml with the oapi-codegen version pinned in go.mod, and
// api/operations.gen.go (the operation id constants and token endpoints)
// with internal/genops, and the provider clients' typed methods, one per
// operation (client/finzlyclient/operations.gen.go and
// client/redpinclient/operations.gen.go), with internal/genclient.
package payspec

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config api/finzly.cfg.yaml api/finzly.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config api/finzlywebhook.cfg.yaml api/finzly.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config api/redpin.cfg.yaml api/redpin.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config api/redpinwebhook.cfg.yaml api/redpin.yaml
//go:generate go run ./internal/genops -out api/operations.gen.go api/finzly.yaml api/redpin.yaml
//go:generate go run ./internal/genclient -gen gen/finzly/finzly.gen.go -pkg finzlyclient -key-header Idempotent-Key -repeatable searchPayments,createFXQuote -out client/finzlyclient/operations.gen.go
//go:generate go run ./internal/genclient -gen gen/redpin/redpin.gen.go -pkg redpinclient -repeatable createQuote -manual createPayment,createPaymentSession -out client/redpinclient/operations.gen.go
