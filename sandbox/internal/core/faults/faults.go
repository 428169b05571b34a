// Package faults fails a request on demand, as a provider would, before
// anything else looks at it and without touching any state.
package faults

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// Header asks the sandbox to fail one request as the provider would.
const Header = "Payspec-Sandbox-Fault"

// statuses are the statuses a request can ask for, with the code of each.
var statuses = map[int]string{
	http.StatusUnauthorized:        "UNAUTHORIZED",
	http.StatusForbidden:           "FORBIDDEN",
	http.StatusNotFound:            "NOT_FOUND",
	http.StatusConflict:            "CONFLICT",
	http.StatusUnprocessableEntity: "UNPROCESSABLE_ENTITY",
	http.StatusTooManyRequests:     "TOO_MANY_REQUESTS",
	http.StatusInternalServerError: "INTERNAL_ERROR",
	http.StatusServiceUnavailable:  "SERVICE_UNAVAILABLE",
}

// retryAfter is the Retry-After of a 429 or 503 fault.
const retryAfter = time.Second

// Handler answers a request carrying Header with the failure it asks for:
// a status in the provider's format (with Retry-After on 429 and 503), or
// "timeout", which holds the request until the client gives up or timeout
// passes and then drops the connection without an answer. badRequestCode
// is the provider's code for a malformed request, used when the header
// asks for something else.
func Handler(rs *respond.Responder, badRequestCode string, timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fault := strings.TrimSpace(r.Header.Get(Header))
		if fault == "" {
			next.ServeHTTP(w, r)
			return
		}
		op, ok := rs.Route(r)
		if !ok {
			next.ServeHTTP(w, r) // an unknown route is refused as usual
			return
		}
		if strings.EqualFold(fault, "timeout") {
			select {
			case <-r.Context().Done():
			case <-time.After(timeout):
			}
			panic(http.ErrAbortHandler)
		}
		status, err := strconv.Atoi(fault)
		code, known := statuses[status]
		if err != nil || !known {
			rs.AnswerChecked(w, r, op, http.StatusBadRequest, badRequestCode,
				Header+" must be 401, 403, 404, 409, 422, 429, 500, 503 or timeout", nil)
			return
		}
		h := http.Header{}
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
			h.Set("Retry-After", strconv.Itoa(max(1, int(retryAfter/time.Second))))
		}
		rs.AnswerChecked(w, r, op, status, code, "the sandbox was asked to fail this request ("+Header+")", h)
	})
}
