package redpinclient

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/google/uuid"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/gen/redpin"
)

// Config says where the API and its token endpoint are, and with which
// credentials to call them.
type Config struct {
	// BaseURL is the API base, such as https://api.redpincompany.com or
	// the sandbox base issued at onboarding.
	BaseURL string
	// TokenURL, if set, replaces the token endpoint the spec declares.
	TokenURL string
	// Credentials are the OAuth 2.0 client credentials.
	Credentials client.Credentials
}

// Client calls the Redpin API. It is safe for concurrent use; build one
// and share it. It has one method per operation of the spec (generated, in
// operations.gen.go, but for CreatePayment and CreatePaymentSession, which
// fill their client_reference_id); Core and Generated give the call policy
// and the generated client behind them.
type Client struct {
	client.Binding[*redpin.ClientWithResponses]
}

// New builds a client. Options come from package client (WithRetry,
// WithLogger, WithEngine, ...). Without WithEngine it compiles its own
// validation engine, which takes a moment: share one across clients.
func New(ctx context.Context, cfg Config, opts ...client.Option) (*Client, error) {
	tokenURL := cfg.TokenURL
	if tokenURL == "" {
		ep, ok := api.TokenEndpointOf(api.ProviderRedpin)
		if !ok {
			return nil, errors.New("redpin: the spec declares no token endpoint")
		}
		tokenURL = ep.URL
	}
	b, err := client.Bind(ctx, client.Provider{
		Name:        api.ProviderRedpin,
		TokenURL:    tokenURL,
		Credentials: cfg.Credentials,
		DecodeError: decodeError,
	}, opts, func(core *client.Core) (*redpin.ClientWithResponses, error) {
		return redpin.NewClientWithResponses(cfg.BaseURL, redpin.WithHTTPClient(core), redpin.WithRequestEditorFn(core.EditRequest))
	})
	if err != nil {
		return nil, err
	}
	return &Client{b}, nil
}

// CreatePayment creates a payment for the customer. When p has no
// client_reference_id it gets a new uuid v4 (or client.WithIdempotencyKey's
// key), returned as Result.IdempotencyKey. A failed payee check comes back
// as a *ConfirmationError, from which ConfirmPayment sends the confirmed
// request with the same client_reference_id. Once sent, a payment is never
// sent again automatically: after an unclear failure (a
// *client.UnknownOutcomeError, which carries the client_reference_id),
// look it up before trying again.
func (c *Client) CreatePayment(ctx context.Context, customerID string, p redpin.CreatePaymentRequest, opts ...client.CallOption) (*client.Result[redpin.Payment], error) {
	key, err := referenceKey(p.ClientReferenceId, opts)
	if err != nil {
		return nil, err
	}
	p.ClientReferenceId = &key
	res, err := client.Call[redpin.Payment](ctx, c.Core(), api.OpCreatePayment,
		func(ctx context.Context) (*http.Response, error) {
			return c.Generated().CreatePayment(ctx, customerID, p)
		}, keyed(customerID, key, opts)...)
	var e *Error
	if errors.As(err, &e) {
		if check, ok := e.check(); ok {
			return res, &ConfirmationError{Err: e, Check: check, CustomerID: customerID, Request: p}
		}
	}
	return res, err
}

// CreatePaymentSession creates a hosted payment page for a third-party
// payment. When s has no client_reference_id it gets a new uuid v4 (or
// client.WithIdempotencyKey's key), returned as Result.IdempotencyKey.
// Redpin refuses a second session with the same reference, so once sent a
// session is never sent again automatically: after an unclear failure (a
// *client.UnknownOutcomeError, which carries the reference), find it with
// ListPaymentSessions by that reference before trying again.
func (c *Client) CreatePaymentSession(ctx context.Context, customerID string, s redpin.CreatePaymentSessionRequest, opts ...client.CallOption) (*client.Result[redpin.SessionCreated], error) {
	key, err := referenceKey(&s.ClientReferenceId, opts)
	if err != nil {
		return nil, err
	}
	s.ClientReferenceId = key
	return client.Call[redpin.SessionCreated](ctx, c.Core(), api.OpCreatePaymentSession,
		func(ctx context.Context) (*http.Response, error) {
			return c.Generated().CreatePaymentSession(ctx, customerID, s)
		}, keyed(customerID, key, opts)...)
}

// keyed returns the call options of a create: the caller's, then the
// customer id to check and the reference as the call's key.
func keyed(customerID, key string, opts []client.CallOption) []client.CallOption {
	return append(slices.Clip(opts), client.PathParam("customer_id", customerID), client.WithIdempotencyKey(key))
}

// referenceKey picks the payment's client_reference_id: the body's, the
// call option's (they must agree), or a new uuid v4.
func referenceKey(inBody *string, opts []client.CallOption) (string, error) {
	given := client.IdempotencyKeyOf(opts)
	switch {
	case inBody != nil && *inBody != "" && given != "" && *inBody != given:
		return "", errors.New("redpin: client_reference_id and the idempotency key differ")
	case inBody != nil && *inBody != "":
		return *inBody, nil
	case given != "":
		return given, nil
	}
	return uuid.NewString(), nil
}

// ConfirmPayment repeats the payment a payee check refused, with
// confirm_recipient filled from the refusal and the same
// client_reference_id: the user has seen the check's outcome and chosen to
// go on. action is the customer_action to send, the user's decision (such
// as "OVERRIDE"; Redpin does not publish the values); it is required, as
// payspec's CONFIRM_RECIPIENT rule requires it.
func (c *Client) ConfirmPayment(ctx context.Context, refused *ConfirmationError, action string) (*client.Result[redpin.Payment], error) {
	if refused == nil {
		return nil, errors.New("redpin: no refused payment to confirm")
	}
	if action == "" {
		return nil, errors.New("redpin: a confirmed retry needs the customer's action (customer_action)")
	}
	return c.CreatePayment(ctx, refused.CustomerID, refused.Confirmed(action))
}

// ConfirmationError is a payment refused by a Confirmation of Payee (UK)
// or Verification of Payee (SEPA) check, such as ANNM or NMTC. It unwraps
// to the *Error the provider sent.
type ConfirmationError struct {
	Err *Error
	// Check identifies the failed check, to echo in confirm_recipient.
	Check redpin.RecipientCheck
	// CustomerID and Request are the refused call, client_reference_id
	// included.
	CustomerID string
	Request    redpin.CreatePaymentRequest
}

// Error names the operation and the check's code.
func (e *ConfirmationError) Error() string {
	return "redpin: payee check failed (" + e.Err.Code + "): confirm the recipient to go on"
}

// Unwrap returns the provider's error.
func (e *ConfirmationError) Unwrap() error { return e.Err }

// Confirmed returns the refused request with confirm_recipient filled from
// the check, and customer_action set when action is not empty. Its
// client_reference_id is the refused request's, so both calls are one
// payment to Redpin.
func (e *ConfirmationError) Confirmed(action string) redpin.CreatePaymentRequest {
	p := e.Request
	cr := redpin.ConfirmRecipient{RequestIdentifier: e.Check.RequestIdentifier, EventId: e.Check.EventId}
	if action != "" {
		cr.CustomerAction = &action
	}
	p.ConfirmRecipient = &cr
	return p
}
