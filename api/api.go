// Package api embeds payspec's hand-written OpenAPI 3.0.3 documents, the
// single source from which gen/ is generated and against which payloads are
// validated.
//
// The documents are returned as fresh copies, so callers may keep or modify
// what they get without affecting anyone else.
package api

import (
	"bytes"
	_ "embed"
)

//go:embed finzly.yaml
var finzlyYAML []byte

//go:embed redpin.yaml
var redpinYAML []byte

// Provider names one of the APIs payspec describes.
type Provider string

// The providers with a spec in this package.
const (
	// ProviderFinzly is the Finzly payments API (credits v3, v4 and v5,
	// debits, book and waterfall transfers, payment lookups, returns and
	// reversals, recurrences, customer accounts and contacts, the bank
	// directory, FX quotes and trades, and the notifications Finzly sends to
	// the bank, tagged webhooks).
	ProviderFinzly Provider = "finzly"
	// ProviderRedpin is the Redpin payments API (payments, quotes, bank
	// transfer instructions, recipients, third-party customers, reference
	// data, hosted sessions) and the webhooks Redpin sends.
	ProviderRedpin Provider = "redpin"
)

// Providers returns every provider with a spec, in a fixed order.
func Providers() []Provider {
	return []Provider{ProviderFinzly, ProviderRedpin}
}

// Spec returns a copy of the provider's OpenAPI document as YAML, and false
// for an unknown provider.
func Spec(p Provider) ([]byte, bool) {
	switch p {
	case ProviderFinzly:
		return bytes.Clone(finzlyYAML), true
	case ProviderRedpin:
		return bytes.Clone(redpinYAML), true
	}
	return nil, false
}

// FileName returns the name of the provider's spec file inside this
// directory (finzly.yaml, redpin.yaml), and false for an unknown provider.
func FileName(p Provider) (string, bool) {
	switch p {
	case ProviderFinzly, ProviderRedpin:
		return string(p) + ".yaml", true
	}
	return "", false
}
