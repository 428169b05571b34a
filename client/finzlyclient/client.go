package finzlyclient

import (
	"context"
	"errors"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/gen/finzly"
)

// IdempotencyHeader is the header Finzly reads idempotency keys from,
// spelled as its spec spells it.
const IdempotencyHeader = "Idempotent-Key"

// Config says where a tenant's API and token endpoint are, and with which
// credentials to call them.
type Config struct {
	// BaseURL is the tenant's API base, such as
	// https://acme-digitalbanking-prod.finzly.net (see the spec's servers).
	BaseURL string
	// Realm is the tenant's realm (its tenant code) on the identity
	// server; it fills {realm} in the spec's x-token-url-template.
	Realm string
	// SecurityHost is the tenant's identity server host; it fills
	// {securityHost}. Empty takes the spec's default.
	SecurityHost string
	// TokenURL, if set, is used as is instead of the template.
	TokenURL string
	// Credentials are the tenant's OAuth 2.0 client credentials.
	Credentials client.Credentials
}

// TokenURL returns the token endpoint for cfg: cfg.TokenURL, or the spec's
// template filled with the realm and security host.
func (cfg Config) tokenURL() (string, error) {
	if cfg.TokenURL != "" {
		return cfg.TokenURL, nil
	}
	ep, ok := api.TokenEndpointOf(api.ProviderFinzly)
	if !ok {
		return "", errors.New("finzly: the spec declares no token endpoint")
	}
	return ep.Expand(map[string]string{"realm": cfg.Realm, "securityHost": cfg.SecurityHost})
}

// Client calls the Finzly API. It is safe for concurrent use; build one
// per tenant and share it. It has one method per operation of the spec
// (generated, in operations.gen.go); Core and Generated give the call
// policy and the generated client behind them.
type Client struct {
	client.Binding[*finzly.ClientWithResponses]
}

// New builds a client. Options come from package client (WithRetry,
// WithLogger, WithEngine, ...). Without WithEngine it compiles its own
// validation engine, which takes a moment: share one across clients.
func New(ctx context.Context, cfg Config, opts ...client.Option) (*Client, error) {
	tokenURL, err := cfg.tokenURL()
	if err != nil {
		return nil, err
	}
	b, err := client.Bind(ctx, client.Provider{
		Name:              api.ProviderFinzly,
		IdempotencyHeader: IdempotencyHeader,
		TokenURL:          tokenURL,
		Credentials:       cfg.Credentials,
		DecodeError:       decodeError,
	}, opts, func(core *client.Core) (*finzly.ClientWithResponses, error) {
		return finzly.NewClientWithResponses(cfg.BaseURL, finzly.WithHTTPClient(core), finzly.WithRequestEditorFn(core.EditRequest))
	})
	if err != nil {
		return nil, err
	}
	return &Client{b}, nil
}
