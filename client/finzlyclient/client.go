package finzlyclient

import (
	"context"
	"errors"
	"net/http"

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
// per tenant and share it. Core and Generated give the call policy and the
// generated client behind it, for operations without a method here.
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

// CreateCreditPaymentV4 initiates a credit payment. It carries an
// Idempotent-Key (a new uuid v4, or client.WithIdempotencyKey's), returned
// in Result.IdempotencyKey and sent unchanged on every retry, so a retried
// call creates at most one payment.
func (c *Client) CreateCreditPaymentV4(ctx context.Context, p finzly.CreditPaymentInstruction, opts ...client.CallOption) (*client.Result[finzly.V4PaymentResponse], error) {
	return client.Call[finzly.V4PaymentResponse](ctx, c.Core(), api.OpCreateCreditPaymentV4,
		func(ctx context.Context) (*http.Response, error) {
			return c.Generated().CreateCreditPaymentV4(ctx, nil, p)
		}, opts...)
}

// CreateCreditPaymentV3 creates a credit payment through the legacy v3
// endpoint. Finzly documents no idempotency key for it, so it is never
// repeated once sent.
//
// Deprecated: the provider removes the endpoint; use CreateCreditPaymentV4.
func (c *Client) CreateCreditPaymentV3(ctx context.Context, p finzly.CreditPaymentRequest, opts ...client.CallOption) (*client.Result[finzly.PaymentResponse], error) {
	return client.Call[finzly.PaymentResponse](ctx, c.Core(), api.OpCreateCreditPaymentV3,
		func(ctx context.Context) (*http.Response, error) { return c.Generated().CreateCreditPaymentV3(ctx, p) }, opts...)
}

// CreateBookTransfer moves money between two accounts of the bank. It has
// no idempotency key, so it is never repeated once sent.
func (c *Client) CreateBookTransfer(ctx context.Context, t finzly.BookTransferRequest, opts ...client.CallOption) (*client.Result[finzly.BookTransferResponse], error) {
	return client.Call[finzly.BookTransferResponse](ctx, c.Core(), api.OpCreateBookTransfer,
		func(ctx context.Context) (*http.Response, error) { return c.Generated().CreateBookTransfer(ctx, t) }, opts...)
}

// GetPayment reads one payment by its Finzly id.
func (c *Client) GetPayment(ctx context.Context, paymentUID string, opts ...client.CallOption) (*client.Result[finzly.PaymentRecordResponse], error) {
	return client.Call[finzly.PaymentRecordResponse](ctx, c.Core(), api.OpGetPayment,
		func(ctx context.Context) (*http.Response, error) { return c.Generated().GetPayment(ctx, paymentUID) }, opts...)
}

// CancelPayment asks to cancel a payment that has not gone out; r may be
// empty.
func (c *Client) CancelPayment(ctx context.Context, paymentUID string, r finzly.CancelPaymentRequest, opts ...client.CallOption) (*client.Result[finzly.CancellationResponse], error) {
	return client.Call[finzly.CancellationResponse](ctx, c.Core(), api.OpCancelPayment,
		func(ctx context.Context) (*http.Response, error) {
			return c.Generated().CancelPayment(ctx, paymentUID, r)
		}, opts...)
}

// SearchPayments returns one page of the payments matching s. It is a
// POST, but only reads, so it is retried as a GET is.
func (c *Client) SearchPayments(ctx context.Context, s finzly.PaymentSearch, opts ...client.CallOption) (*client.Result[finzly.PaymentSearchResponse], error) {
	return client.Call[finzly.PaymentSearchResponse](ctx, c.Core(), api.OpSearchPayments,
		func(ctx context.Context) (*http.Response, error) { return c.Generated().SearchPayments(ctx, s) },
		append([]client.CallOption{client.Repeatable()}, opts...)...)
}
