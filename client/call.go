package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/payspec/payspec/validate"
)

// record is what Core learns about one call; Call reads it back.
type record struct {
	op     validate.Operation
	found  bool   // op is set
	expect string // the operation id Call was given
	key    string // idempotency key sent, or given by the caller
	keyed  bool   // the key went out in the provider's header
	minted bool   // the client made the key up for this call
	repeat bool   // the caller marked the call safe to repeat
	sent   bool   // the request passed validation and was handed to the network
	// transmitted is set once an attempt may have reached the provider:
	// it got an answer, or failed other than by not connecting.
	transmitted bool
	paths       []pathValue // path parameter values given with PathParam
	attempts    int
	status      int
	requestID   string
	drift       validate.Problems
	warnings    validate.Problems
}

type recordKey struct{}

func recordFrom(ctx context.Context) *record {
	r, _ := ctx.Value(recordKey{}).(*record)
	return r
}

// CallOption configures one call.
type CallOption func(*record)

// WithIdempotencyKey sends key as the call's idempotency key instead of a
// new one, to resume a call whose outcome is unknown (after a crash, or
// the key of an *UnknownOutcomeError). For Redpin, which has no
// idempotency header, it is the payment's client_reference_id.
func WithIdempotencyKey(key string) CallOption {
	return func(r *record) { r.key = key }
}

// Repeatable marks a call as safe to repeat though it is neither a GET
// nor keyed: a read sent as POST (a payment search) or a request whose
// repetition costs nothing (a price quote). Retries then apply to it as to
// a GET.
func Repeatable() CallOption {
	return func(r *record) { r.repeat = true }
}

// Result is a provider's successful answer to one call.
type Result[T any] struct {
	// Value is the decoded body. When the body drifted from the spec, the
	// fields that could be read are filled and Drift says what is wrong.
	Value *T
	// Status, Header and Body are the HTTP answer; Body is the raw bytes.
	Status int
	Header http.Header
	Body   []byte
	// Drift lists what in the answer breaks the spec (empty when it
	// conforms).
	Drift validate.Problems
	// Warnings lists the request's warnings (such as a misspelled header).
	Warnings validate.Problems
	// IdempotencyKey is the key the call carried; keep it to retry the
	// call later. Empty for operations without one.
	IdempotencyKey string
	// RequestID is the provider's id for the request, when it gave one.
	RequestID string
	// Attempts counts the attempts made (retries plus one).
	Attempts int
}

// Call runs send, a call of a generated client whose HTTP doer is c, and
// returns its answer as a Result. opID names the operation send calls.
// An answer the provider's error format marks as a failure becomes the
// provider's typed error; the Result is returned beside it, so the key
// and the raw answer are never lost.
func Call[T any](ctx context.Context, c *Core, opID string, send func(ctx context.Context) (*http.Response, error), opts ...CallOption) (*Result[T], error) {
	rec := &record{expect: opID}
	for _, o := range opts {
		if o != nil {
			o(rec)
		}
	}
	if err := checkPaths(opID, rec.paths); err != nil {
		return nil, err
	}
	ctx = context.WithValue(ctx, recordKey{}, rec)
	resp, err := send(ctx)
	if err != nil {
		return nil, unknownOutcome(rec, err)
	}
	body, err := readAll(resp)
	res := &Result[T]{Status: resp.StatusCode, Header: resp.Header, Body: body, Drift: rec.drift,
		Warnings: rec.warnings, IdempotencyKey: rec.key, RequestID: rec.requestID, Attempts: rec.attempts}
	if err != nil {
		return res, err
	}
	if perr := c.provider.DecodeError(opID, resp.StatusCode, resp.Header, body); perr != nil {
		return res, perr
	}
	res.Value, err = decode[T](body)
	if err != nil {
		return res, &DriftError{Drift: Drift{Operation: opID, Status: res.Status, Problems: rec.drift,
			IdempotencyKey: rec.key, RequestID: rec.requestID}, Body: body, ReadErr: err}
	}
	return res, nil
}

// decode reads a success body. A field of the wrong JSON type is skipped
// and the rest kept (the drift problems name it); only a body that is not
// JSON at all, or not of T's shape at its root, gives no value.
func decode[T any](body []byte) (*T, error) {
	v := new(T)
	if len(body) == 0 {
		return v, nil
	}
	err := json.Unmarshal(body, v)
	var te *json.UnmarshalTypeError
	if err == nil || (errors.As(err, &te) && te.Field != "") {
		return v, nil
	}
	return nil, err
}

// DriftError reports a response that breaks the spec, in enforce mode, or
// whose body could not be decoded at all. Body holds the raw answer.
type DriftError struct {
	Drift
	Body    []byte
	ReadErr error // why the body could not be read or decoded, if it could not
}

// Error names the operation, status and problem count, never a value.
func (e *DriftError) Error() string {
	msg := fmt.Sprintf("payspec client: %s: the response (status %d) breaks the spec: %d problems",
		e.Operation, e.Status, len(e.Problems))
	if e.ReadErr != nil {
		msg += "; its body could not be read"
	}
	return msg
}

// Unwrap gives the problems to errors.As.
func (e *DriftError) Unwrap() error {
	if len(e.Problems) > 0 {
		return e.Problems
	}
	return e.ReadErr
}

// IdempotencyKeyOf returns the key WithIdempotencyKey sets among opts, or
// "". Provider packages whose key travels in the body use it.
func IdempotencyKeyOf(opts []CallOption) string {
	var r record
	for _, o := range opts {
		if o != nil {
			o(&r)
		}
	}
	return r.key
}
