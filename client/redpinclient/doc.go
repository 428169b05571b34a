// Package redpinclient is a production client of the Redpin payments API:
// the generated client of package gen/redpin behind payspec's shared call
// policy (package client): OAuth 2.0 client credentials, validation of
// both sides of every call with drift reported rather than fatal, retries
// that never pay twice, and one typed error, *Error, for Redpin's error
// format, with Confirmation of Payee and Verification of Payee refusals as
// a distinct *ConfirmationError that builds the confirmed retry.
//
// Client has one method per operation of the spec, named after its
// operation id; all but CreatePayment and CreatePaymentSession are
// generated from the generated client (internal/genclient).
//
// Redpin documents no idempotency header. What de-duplicates a payment or
// a hosted payment session is its client_reference_id (unique per customer
// for third-party payments and for sessions), so CreatePayment and
// CreatePaymentSession fill it with a new uuid v4 when the caller leaves it
// out and return it as the call's idempotency key. Redpin enforces its
// uniqueness only for some payments and refuses a duplicate session rather
// than replaying it, so a create that has been sent is never sent again
// automatically; only reads and quotes are retried, and requests that
// provably never left. A create whose answer was lost comes back as a
// *client.UnknownOutcomeError carrying the client_reference_id, to look
// the payment or session up by.
//
// The name keeps it apart from the generated package, which is package
// redpin; programs import both.
package redpinclient
