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

// Retry-After of a 429 or 503 fault: one second unless the fault names
// another, at most a day.
const (
	defaultRetryAfter = 1
	maxRetryAfter     = 24 * 60 * 60
)

// maxFault bounds the header's value: longer ones are refused unread.
const maxFault = 64

// usage is what a fault the sandbox cannot read is answered with.
const usage = Header + " must be 401, 403, 404, 409, 422, 429, 500, 503 or timeout; " +
	"429 and 503 may add ;retry-after=SECONDS (0 to 86400)"

// fault is a failure a request asks for.
type fault struct {
	timeout    bool
	status     int
	retryAfter int // seconds, for 429 and 503
}

// parse reads the header's value: "timeout", or a status optionally
// followed by ";retry-after=SECONDS" (on 429 and 503 only). Names are
// read in any letter case and spaces around the parts are ignored.
func parse(v string) (fault, bool) {
	if len(v) > maxFault {
		return fault{}, false
	}
	head, param, hasParam := strings.Cut(v, ";")
	head = strings.TrimSpace(head)
	if strings.EqualFold(head, "timeout") && !hasParam {
		return fault{timeout: true}, true
	}
	status, err := strconv.Atoi(head)
	if _, known := statuses[status]; err != nil || !known {
		return fault{}, false
	}
	f := fault{status: status}
	retries := status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
	if retries {
		f.retryAfter = defaultRetryAfter
	}
	if !hasParam {
		return f, true
	}
	name, value, ok := strings.Cut(param, "=")
	if !ok || !retries || !strings.EqualFold(strings.TrimSpace(name), "retry-after") {
		return fault{}, false
	}
	value = strings.TrimSpace(value)
	seconds, err := strconv.Atoi(value)
	if err != nil || seconds < 0 || seconds > maxRetryAfter || value[0] == '+' || value[0] == '-' {
		return fault{}, false
	}
	f.retryAfter = seconds
	return f, true
}

// Handler answers a request carrying Header with the failure it asks for:
// a status in the provider's format (with Retry-After on 429 and 503, one
// second or the seconds the header names), or "timeout", which holds the
// request until the client gives up or timeout passes and then drops the
// connection without an answer. badRequestCode is the provider's code for
// a malformed request, used when the header asks for something else.
func Handler(rs *respond.Responder, badRequestCode string, timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := strings.TrimSpace(r.Header.Get(Header))
		if v == "" {
			next.ServeHTTP(w, r)
			return
		}
		op, ok := rs.Route(r)
		if !ok {
			next.ServeHTTP(w, r) // an unknown route is refused as usual
			return
		}
		f, ok := parse(v)
		switch {
		case !ok:
			rs.AnswerChecked(w, r, op, http.StatusBadRequest, badRequestCode, usage, nil)
			return
		case f.timeout:
			select {
			case <-r.Context().Done():
			case <-time.After(timeout):
			}
			panic(http.ErrAbortHandler)
		}
		h := http.Header{}
		if f.status == http.StatusTooManyRequests || f.status == http.StatusServiceUnavailable {
			h.Set("Retry-After", strconv.Itoa(f.retryAfter))
		}
		rs.AnswerChecked(w, r, op, f.status, statuses[f.status], "the sandbox was asked to fail this request ("+Header+")", h)
	})
}
