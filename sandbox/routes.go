package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/payspec/payspec/validate"
)

// routes builds the sandbox's handler: the control API and index page,
// and each provider under its prefix, all behind the request log.
func (s *Sandbox) routes() http.Handler {
	mux := http.NewServeMux()
	s.controlRoutes(mux)
	for _, svc := range s.services {
		mux.Handle(svc.prefix()+"/", http.StripPrefix(svc.prefix(), s.providerHandler(svc)))
	}
	return logRequests(s.logger, mux)
}

// providerHandler is one provider's pipeline: its token endpoint, then
// authentication, then the validation middleware (requests judged with the
// rail rules, answers enforced against the spec, unknown routes refused in
// the provider's format), fault injection, and the provider's operations.
func (s *Sandbox) providerHandler(svc service) http.Handler {
	p := svc.provider()
	ops := http.NewServeMux()
	svc.routes(ops)
	// A request the middleware matched to an operation but the generated
	// router does not serve (a letter-case or ';' variant of a path, a
	// method override) is answered as the operation's not-found.
	ops.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, svc.notFoundCode(), "no such resource")
	})
	checked := s.engine.Middleware(ops,
		validate.WithOperations(validate.APIOperations(p)),
		validate.WithResponseMode(validate.ResponseEnforce),
		validate.WithUnmatched(validate.UnmatchedRefuse),
		validate.WithLogger(s.logger),
		validate.WithObserver(func(r *http.Request, op validate.Operation, _ validate.Problems) {
			noteOperation(r.Context(), op.ID)
		}))
	root := http.NewServeMux()
	root.Handle(svc.tokenPattern(), s.auth.tokenEndpoint(p))
	root.Handle("/", s.authenticate(svc, s.faults(svc, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.catchUp(r.Context())
		checked.ServeHTTP(w, r)
	}))))
	return root
}

// authenticate refuses API calls without a live token of the provider,
// with 401 in the provider's format (checked against the operation's
// declared answer like every other).
func (s *Sandbox) authenticate(svc service, next http.Handler) http.Handler {
	if s.cfg.noAuth {
		return next
	}
	p := svc.provider()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.auth.valid(p, r) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="payspec-sandbox"`)
		op, _, err := s.engine.Route(r.Method, r.URL.EscapedPath())
		if err != nil {
			writeJSONBody(w, http.StatusUnauthorized, map[string]string{"code": "UNAUTHORIZED",
				"description": "a valid bearer token is required"})
			return
		}
		noteOperation(r.Context(), op.ID)
		s.answerChecked(w, r, op, http.StatusUnauthorized, svc.unauthorizedCode(), "the access token is missing, invalid or expired", nil)
	})
}

// answerChecked writes an error answer the sandbox made outside the
// validation middleware, after checking it against the operation as the
// middleware would.
func (s *Sandbox) answerChecked(w http.ResponseWriter, r *http.Request, op validate.Operation, status int, code, msg string, h http.Header) {
	body, err := s.engine.ErrorBody(op.ID, status, code, msg)
	if h == nil {
		h = http.Header{}
	}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	if err == nil {
		problems, verr := s.engine.ValidateResponse(r.Context(), op.ID, validate.Response{Status: status, Header: h, Body: body})
		if verr == nil && !problems.HasErrors() {
			for k, v := range h {
				w.Header()[k] = v
			}
			w.WriteHeader(status)
			_, _ = w.Write(body)
			return
		}
		s.logger.Error("sandbox: an answer breaks the spec", "operation", op.ID, "status", status, "problems", problems)
	}
	w.WriteHeader(http.StatusInternalServerError)
}

// FaultHeader asks the sandbox to fail one request as the provider would.
const FaultHeader = "Payspec-Sandbox-Fault"

// faultStatuses are the statuses a request can ask for.
var faultStatuses = map[int]string{
	http.StatusUnauthorized:        "UNAUTHORIZED",
	http.StatusForbidden:           "FORBIDDEN",
	http.StatusNotFound:            "NOT_FOUND",
	http.StatusConflict:            "CONFLICT",
	http.StatusUnprocessableEntity: "UNPROCESSABLE_ENTITY",
	http.StatusTooManyRequests:     "TOO_MANY_REQUESTS",
	http.StatusInternalServerError: "INTERNAL_ERROR",
	http.StatusServiceUnavailable:  "SERVICE_UNAVAILABLE",
}

// faultRetryAfter is the Retry-After of a 429 or 503 fault.
const faultRetryAfter = time.Second

// faults answers a request carrying FaultHeader with the failure it asks
// for, before anything else looks at it and without touching any state: a
// status in the provider's format (with Retry-After on 429 and 503), or
// "timeout", which holds the request until the client gives up or the
// fault timeout passes and then drops the connection without an answer.
func (s *Sandbox) faults(svc service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fault := strings.TrimSpace(r.Header.Get(FaultHeader))
		if fault == "" {
			next.ServeHTTP(w, r)
			return
		}
		op, _, err := s.engine.Route(r.Method, r.URL.EscapedPath())
		if err != nil {
			next.ServeHTTP(w, r) // an unknown route is refused as usual
			return
		}
		noteOperation(r.Context(), op.ID)
		if strings.EqualFold(fault, "timeout") {
			select {
			case <-r.Context().Done():
			case <-time.After(s.cfg.faultTimeout):
			}
			panic(http.ErrAbortHandler)
		}
		status, err := strconv.Atoi(fault)
		code, known := faultStatuses[status]
		if err != nil || !known {
			s.answerChecked(w, r, op, http.StatusBadRequest, svc.badRequestCode(),
				FaultHeader+" must be 401, 403, 404, 409, 422, 429, 500, 503 or timeout", nil)
			return
		}
		h := http.Header{}
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
			h.Set("Retry-After", retryAfter(faultRetryAfter))
		}
		s.answerChecked(w, r, op, status, code, "the sandbox was asked to fail this request ("+FaultHeader+")", h)
	})
}
