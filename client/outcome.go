package client

import (
	"errors"
	"fmt"
)

// UnknownOutcomeError reports a call carrying an idempotency key that
// ended without an answer after its request may have reached the
// provider: every attempt's connection dropped, or the context ended
// while an attempt was on its way or between attempts. Whether the
// provider acted is not known.
//
// It carries the key, so the call can be settled: repeat it with
// WithIdempotencyKey(IdempotencyKey) and the same body (for Finzly, the
// provider replays the first outcome and acts at most once), or, for
// Redpin, whose key is the client_reference_id, look the payment or
// session up by that reference before sending it again. errors.Is and
// errors.As reach the error underneath (context.DeadlineExceeded, a
// network error) through Unwrap.
type UnknownOutcomeError struct {
	Operation string
	// IdempotencyKey is the key every attempt carried: the one the client
	// minted, or the caller's; for Redpin, the client_reference_id.
	IdempotencyKey string
	// Attempts counts the attempts made.
	Attempts int
	// Err is why the last attempt ended.
	Err error
}

// Error names the operation, the attempts and the key.
func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("payspec client: %s: outcome unknown after %d attempts (idempotency key %s): %v",
		e.Operation, e.Attempts, e.IdempotencyKey, e.Err)
}

// Unwrap returns the error the last attempt ended with.
func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// unknownOutcome wraps the error a keyed call ended with in an
// *UnknownOutcomeError when the call may have reached the provider and no
// answer came back: not when nothing was sent, and not when the answer
// itself is the error (a *DriftError holds it, with the key).
func unknownOutcome(rec *record, err error) error {
	var de *DriftError
	if rec.key == "" || !rec.transmitted || errors.As(err, &de) {
		return err
	}
	return &UnknownOutcomeError{Operation: rec.op.ID, IdempotencyKey: rec.key, Attempts: rec.attempts, Err: err}
}
