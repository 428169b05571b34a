// Package client is the part of payspec's production clients that both
// providers share: OAuth 2.0 client credentials, idempotency keys, retries,
// validation of both sides of every call, and what the client tells its
// caller (results, typed errors, logs, a tracing hook).
//
// Users build a provider client with client/finzlyclient or
// client/redpinclient and pass this package's options to it. Every call of
// those clients, including calls made through their generated clients,
// goes through one Core: an http.Client-like Doer that applies, in order,
//
//   - path parameters: a value that is empty, "." or "..", or holds "/" or
//     "\", also percent-encoded, is refused with a *PathParamError and
//     nothing is sent;
//   - the idempotency key: minted (uuid v4) or taken from the caller, once
//     per call, for operations whose spec declares an idempotency header;
//   - request validation: an invalid request is refused with a
//     *validate.RequestError and nothing is sent;
//   - retries with exponential backoff and jitter, honouring Retry-After,
//     for calls that are safe to repeat, within the context's deadline;
//   - authentication: a cached OAuth 2.0 token, refreshed before it
//     expires and once more after a 401;
//   - no redirects: neither API nor token requests follow one; a 3xx
//     answer is a *RedirectError;
//   - response validation: drift from the spec is reported (a field of the
//     Result, a callback and a log line) and the response is still
//     returned, or, in enforce mode, it becomes a *DriftError.
//
// Call turns a generated client call into a Result holding the decoded
// body, the drift problems, the idempotency key and the request id, and
// turns a provider's refusal into that provider's typed error. A keyed
// call that ends with no answer after its request may have reached the
// provider returns an *UnknownOutcomeError carrying the key, to settle the
// call with. Helpers such as IsNotFound and IsRetryable classify those
// errors for either provider.
package client
