package sandbox

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/payspec/payspec/internal/jsonwrite"
	"github.com/payspec/payspec/sandbox/internal/console"
	"github.com/payspec/payspec/sandbox/internal/core/faults"
	"github.com/payspec/payspec/sandbox/internal/core/reqlog"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/sandbox/internal/core/state"
	"github.com/payspec/payspec/validate"
)

// routes builds the sandbox's handler: each provider under its prefix
// behind the Host check, the console behind the policy a browser can
// meet, and everything else (the control API, the index page, whatever
// controlRoutes mounts) behind the access policy, all behind the request
// log.
func (s *Sandbox) routes() http.Handler {
	controls := http.NewServeMux()
	s.controlRoutes(controls)
	mux := http.NewServeMux()
	s.healthRoute(mux)
	mux.Handle("/", s.controlAccess(s.durable(controls, func(w http.ResponseWriter, _ *http.Request) {
		respond.ControlError(w, http.StatusInternalServerError, "the sandbox could not save its state")
	})))
	consolePages := s.consoleAccess(s.consoleHandler())
	mux.Handle(console.Prefix, consolePages)
	mux.Handle(console.Prefix+"/", consolePages)
	for _, p := range s.providers {
		mux.Handle(p.prefix+"/", http.StripPrefix(p.prefix, s.apiAccess(s.providerHandler(p))))
	}
	return reqlog.Handler(s.logger, mux)
}

// providerHandler is one provider's pipeline: its token endpoint, then
// authentication, then the validation middleware (requests judged with the
// rail rules, answers enforced against the spec, unknown routes refused in
// the provider's format), fault injection, and the provider's operations.
func (s *Sandbox) providerHandler(p mount) http.Handler {
	codes := p.Codes()
	ops := http.NewServeMux()
	p.Routes(ops)
	// A request the middleware matched to an operation but the generated
	// router does not serve (a letter-case or ';' variant of a path, a
	// method override) is answered as the operation's not-found.
	ops.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.env.Respond.Fail(w, r, http.StatusNotFound, codes.NotFound, "no such resource")
	})
	// A bare 500 is replaced by the operation's declared server error
	// when it breaks the spec.
	checked := s.engine.Middleware(s.durable(ops, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}),
		validate.WithOperations(validate.APIOperations(p.Name())),
		validate.WithResponseMode(validate.ResponseEnforce),
		validate.WithUnmatched(validate.UnmatchedRefuse),
		validate.WithLogger(s.logger),
		validate.WithObserver(func(r *http.Request, op validate.Operation, _ validate.Problems) {
			reqlog.NoteOperation(r.Context(), op.ID)
		}))
	root := http.NewServeMux()
	root.Handle(p.TokenPattern(), s.auth.TokenEndpoint(p.Name(), p.TokenStyle()))
	root.Handle("/", s.authenticate(p, faults.Handler(s.env.Respond, codes.BadRequest, s.cfg.faultTimeout,
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.catchUp(r.Context())
			checked.ServeHTTP(w, r)
		}))))
	return root
}

// authenticate refuses API calls without a live token of the provider,
// with 401 in the provider's format (checked against the operation's
// declared answer like every other).
func (s *Sandbox) authenticate(p mount, next http.Handler) http.Handler {
	if s.cfg.noAuth {
		return next
	}
	name, code := p.Name(), p.Codes().Unauthorized
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.auth.Valid(name, r) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="payspec-sandbox"`)
		op, ok := s.env.Respond.Route(r)
		if !ok {
			respond.WriteJSON(w, http.StatusUnauthorized, map[string]string{"code": "UNAUTHORIZED",
				"description": "a valid bearer token is required"})
			return
		}
		s.env.Respond.AnswerChecked(w, r, op, http.StatusUnauthorized, code, "the access token is missing, invalid or expired", nil)
	})
}

// durable runs each request in a scope of the state (state.Track) and
// holds its answer until what it wrote is in the store: an answer is
// sent only once the state behind it is durable. When the state cannot be
// stored, fail answers in the answer's place. Without a store there is
// nothing to wait for.
func (s *Sandbox) durable(next http.Handler, fail http.HandlerFunc) http.Handler {
	if !s.env.State.Keeps() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(state.Track(r.Context()))
		defer s.env.State.Release(r.Context()) // should next panic
		held := &heldAnswer{header: http.Header{}}
		next.ServeHTTP(held, r)
		if err := s.env.State.Commit(r.Context()); err != nil {
			if r.Context().Err() == nil { // the client still waits
				fail(w, r)
			}
			return
		}
		held.send(w)
	})
}

// heldAnswer keeps an answer until it may be sent: its bytes, or the JSON
// tree respond.Reply gave (HoldJSON), which send writes with
// validate.WriteJSON so that the middleware judges it as built.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
	tree   any
	isTree bool
}

// HoldJSON keeps v, a JSON tree built for this answer, to be written when
// the answer is sent, after the state lock is released. It reports false,
// keeping nothing, once bytes were written, or when v is not a tree: a
// struct may point into the state, and must be written as it is now.
func (h *heldAnswer) HoldJSON(status int, v any) bool {
	if h.body.Len() > 0 || h.isTree || !jsonwrite.IsTree(v) {
		return false
	}
	h.WriteHeader(status)
	h.tree, h.isTree = v, true
	return true
}

func (h *heldAnswer) Header() http.Header { return h.header }

func (h *heldAnswer) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

func (h *heldAnswer) Write(p []byte) (int, error) {
	h.WriteHeader(http.StatusOK)
	if h.isTree { // bytes after a tree: keep both, in order
		if err := h.flattenTree(); err != nil {
			return 0, err
		}
	}
	return h.body.Write(p)
}

// flattenTree turns the tree held into bytes.
func (h *heldAnswer) flattenTree() error {
	b, err := jsonwrite.Marshal(h.tree)
	if err != nil {
		return err
	}
	h.body.Write(b)
	h.tree, h.isTree = nil, false
	return nil
}

// send writes the answer held.
func (h *heldAnswer) send(w http.ResponseWriter) {
	for k, v := range h.header {
		w.Header()[k] = v
	}
	if h.status == 0 {
		h.status = http.StatusOK
	}
	if h.isTree {
		var encode *validate.EncodeError
		if err := validate.WriteJSON(w, h.status, h.tree); errors.As(err, &encode) {
			http.Error(w, "the sandbox could not encode its answer", http.StatusInternalServerError)
		}
		return
	}
	w.WriteHeader(h.status)
	_, _ = w.Write(h.body.Bytes())
}
