package client

import (
	"errors"
	"net/http"
	"slices"

	"github.com/payspec/payspec/validate"
)

// ProviderError is implemented by each provider's typed error
// (*finzlyclient.Error, *redpinclient.Error), so that the helpers below
// work for both.
type ProviderError interface {
	error
	// HTTPStatus is the status of the provider's answer.
	HTTPStatus() int
	// ProviderCodes are the provider's error codes, in the order given.
	ProviderCodes() []string
	// NotFound, Conflict, Validation, Unauthorized, RateLimited and
	// Retryable classify the refusal.
	NotFound() bool
	Conflict() bool
	Validation() bool
	Unauthorized() bool
	RateLimited() bool
	Retryable() bool
}

func asProvider(err error) (ProviderError, bool) {
	var pe ProviderError
	ok := errors.As(err, &pe)
	return pe, ok
}

// IsNotFound reports whether err is a provider's "no such resource".
func IsNotFound(err error) bool {
	pe, ok := asProvider(err)
	return ok && pe.NotFound()
}

// IsConflict reports whether err is a provider's conflict, such as an
// idempotency key still in flight or reused with another body.
func IsConflict(err error) bool {
	pe, ok := asProvider(err)
	return ok && pe.Conflict()
}

// IsValidation reports whether the provider refused the request's content,
// or whether the client refused to send it (*validate.RequestError).
func IsValidation(err error) bool {
	if pe, ok := asProvider(err); ok {
		return pe.Validation()
	}
	var re *validate.RequestError
	return errors.As(err, &re)
}

// IsUnauthorized reports whether the provider refused the token, or the
// token endpoint refused the credentials.
func IsUnauthorized(err error) bool {
	if pe, ok := asProvider(err); ok {
		return pe.Unauthorized()
	}
	var ae *AuthError
	return errors.As(err, &ae) && !ae.Temporary() && ae.Err == nil
}

// IsRateLimited reports whether the provider answered 429.
func IsRateLimited(err error) bool {
	pe, ok := asProvider(err)
	return ok && pe.RateLimited()
}

// IsRetryable reports whether the same call may succeed later: the
// provider said so by its status, or no token could be had for a passing
// reason. A client that gives up with such an error has used its retries.
func IsRetryable(err error) bool {
	if pe, ok := asProvider(err); ok {
		return pe.Retryable()
	}
	var ae *AuthError
	return errors.As(err, &ae) && ae.Temporary()
}

// RetryableStatus reports whether an HTTP status says the request may be
// repeated later: 429, 502, 503 or 504. Provider errors use it.
func RetryableStatus(status int) bool {
	return slices.Contains([]int{http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout}, status)
}
