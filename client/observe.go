package client

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/payspec/payspec/client/internal/cleantext"
	"github.com/payspec/payspec/validate"
)

// Hook lets a caller trace the client without this module depending on a
// tracing library. It runs before each attempt, with the request about to
// be sent (it may add headers, such as a trace context), and returns the
// context to send it with (carrying a span, say) and a function called
// once with the attempt's result. The request is the attempt's own copy of
// the caller's request: what the hook changes is not carried over to the
// next attempt, which starts again from the caller's request.
type Hook func(ctx context.Context, a Attempt) (context.Context, func(AttemptResult))

// Attempt describes one attempt of a call.
type Attempt struct {
	Operation      string // operation id
	Number         int    // 1 for the first attempt
	IdempotencyKey string // empty when the call carries none
	Request        *http.Request
}

// AttemptResult is how an attempt ended.
type AttemptResult struct {
	Status  int   // 0 when no answer came
	Err     error // the transport error, if any
	Latency time.Duration
}

// Drift reports a provider response that breaks the spec. In report mode
// the caller still gets the response.
type Drift struct {
	Operation      string
	Status         int
	Problems       validate.Problems
	IdempotencyKey string
	RequestID      string
}

// requestIDHeaders are the headers a provider or its gateway may use to
// identify a request; neither spec declares one.
var requestIDHeaders = []string{"X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-Requestid", "Traceparent"}

// RequestID returns the request id a response carries, or "": bounded in
// length and stripped of control characters, as it goes into logs.
func RequestID(h http.Header) string {
	for _, name := range requestIDHeaders { // canonical already: no Get needed
		if v := h[name]; len(v) > 0 && v[0] != "" {
			return cleantext.Clean(v[0], cleantext.Short)
		}
	}
	return ""
}

// logDrift writes the drift log line: the operation, status and each
// problem's pointer and code (never a value).
func (c *Core) logDrift(ctx context.Context, d Drift) {
	if !c.log.Enabled(ctx, slog.LevelWarn) {
		return
	}
	c.log.LogAttrs(ctx, slog.LevelWarn, "payspec: response drifts from the spec",
		slog.String("provider", string(c.provider.Name)), slog.String("operation", d.Operation),
		slog.Int("status", d.Status), slog.Int("problems", len(d.Problems)), found(d.Problems),
		slog.String("idempotency_key", d.IdempotencyKey), slog.String("request_id", d.RequestID))
}

// reported is ps as drift reports carry them: each pointer cleaned of
// control characters and bounded (the pointer of an undeclared member
// carries its name, which the provider chose).
func reported(ps validate.Problems) validate.Problems {
	out := slices.Clone(ps)
	for i := range out {
		out[i].Pointer = cleantext.Clean(out[i].Pointer, cleantext.Long)
	}
	return out
}

// found is the log attribute listing each problem's pointer and code.
func found(ps validate.Problems) slog.Attr {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Pointer + " " + p.Code
	}
	return slog.Any("found", out)
}
