// Package core is what every provider of the sandbox stands on, naming no
// provider: the environment a provider is given (clock, state and store,
// rail rules, answers, webhooks, idempotency) and the Provider interface
// the public package wires into its server.
//
// The machinery itself lives in core's sub-packages, one job each: clock,
// lifecycle (statuses moving in time, the due queue), state (the lock, the
// store's records, id sequences), respond (answers and errors through the
// engine), auth (tokens), idem (idempotency keys), webhook (the
// dispatcher), faults, reqlog (the request log), paging and fxrates. None
// of them imports a provider's generated code; a test keeps it so.
package core

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox/internal/core/auth"
	"github.com/payspec/payspec/sandbox/internal/core/clock"
	"github.com/payspec/payspec/sandbox/internal/core/idem"
	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/sandbox/internal/core/state"
	"github.com/payspec/payspec/sandbox/internal/core/webhook"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
)

// Env is what the sandbox gives each provider. Respond and Hooks need the
// validation engine, which is built from the providers' own lookups
// (Provider.EngineOptions): they are set after the providers are made and
// before the first request or step of time.
type Env struct {
	Clock   *clock.Clock
	State   *state.State
	Checker *rules.Checker // the rail rules' configuration: speeds, calendar
	Idem    *idem.Table
	Logger  *slog.Logger
	// CatchUp brings every provider's state to the current sandbox time,
	// as a control does before it looks at it.
	CatchUp func(ctx context.Context)
	Respond *respond.Responder
	Hooks   *webhook.Dispatcher
}

// Codes are a provider's error codes for an unknown resource, a missing
// token and a malformed request.
type Codes struct {
	NotFound, Unauthorized, BadRequest string
}

// Provider is one provider's side of the sandbox. Its state is guarded by
// Env.State's lock: Advance, DueCreations, Reset and Events are called
// with it held.
type Provider interface {
	// Name names the provider.
	Name() api.Provider
	// TokenPattern is the ServeMux pattern of its token endpoint, under
	// its prefix, and TokenStyle the shape of the endpoint's answers.
	TokenPattern() string
	TokenStyle() auth.Style
	// Codes are its error codes.
	Codes() Codes
	// Routes mounts its operations on mux, under its prefix.
	Routes(mux *http.ServeMux)
	// Controls mounts its own controls on the control API's mux.
	Controls(mux *http.ServeMux)
	// EngineOptions are the lookups the rules may make in its state.
	EngineOptions() []validate.Option
	// Load restores its state from the store.
	Load(ctx context.Context) error
	// Advance moves every resource to the sandbox time now.
	Advance(ctx context.Context, now time.Time)
	// DueCreations counts the resources (recurring payments) Advance
	// would create were the clock at until, counting no further than
	// limit+1, so that a clock change can be refused before it runs.
	DueCreations(until time.Time, limit int) int
	// Reset forgets everything.
	Reset()
	// Events returns the status changes of a payment, if it is the
	// provider's.
	Events(id string) ([]lifecycle.Event, bool)
	// Payments summarizes every payment of the provider, newest first, in
	// a slice of the caller's own. It is called with Env.State's lock
	// held, for reading at least.
	Payments() []PaymentSummary
	// Payment returns one payment of the provider, if id is one: its
	// summary and the record the provider stores of it, as JSON. It is
	// called with Env.State's lock held, for reading at least.
	Payment(id string) (PaymentSummary, json.RawMessage, bool)
	// ControlList describes the controls Controls mounts.
	ControlList() []Control
}

// PaymentSummary is a payment of any provider, in the terms every
// provider shares: what the control API's payment list shows.
type PaymentSummary struct {
	Provider api.Provider `json:"provider"`
	// ID is the provider's id of the payment (Finzly's paymentUID,
	// Redpin's payment_id).
	ID     string `json:"id"`
	Status string `json:"status"` // the provider's own status
	// Rail is the network that carries the payment (ACH, SAME_DAY_ACH,
	// FEDWIRE, RTP, FEDNOW, SWIFT, BOOK), when the provider says.
	Rail string `json:"rail,omitempty"`
	// Reference is the caller's own reference of the payment, when it
	// gave one (Finzly's externalReferenceId, Redpin's
	// client_reference_id).
	Reference string `json:"reference,omitempty"`
	// Amount is the payment's amount, exactly, as a plain decimal in a
	// string (PlainAmount).
	Amount   string    `json:"amount"`
	Currency string    `json:"currency"`
	Created  time.Time `json:"created"` // in sandbox time
}

// PaymentIn finds a payment a provider keeps in payments under key, for
// Provider.Payment: its summary (made by summarize) and its record as
// JSON.
func PaymentIn[K comparable, P any](payments map[K]P, key K, summarize func(P) PaymentSummary) (PaymentSummary, json.RawMessage, bool) {
	p, ok := payments[key]
	if !ok {
		return PaymentSummary{}, nil, false
	}
	record, err := json.Marshal(p)
	if err != nil {
		return PaymentSummary{}, nil, false
	}
	return summarize(p), record, true
}

// PlainAmount writes an amount exactly, as a plain decimal with the
// decimal places it was written with: 10.50 stays 10.50, and 1.5e2 is
// 150.
func PlainAmount(a money.Amount) string {
	if lit := a.String(); !strings.ContainsAny(lit, "eE-") {
		return lit // written plainly already: no need to print the decimal
	}
	return a.Decimal().StringFixed(max(a.Scale(), 0))
}

// Control is one route of the control API: what GET /_sandbox lists of
// it, and the handler that serves it.
type Control struct {
	Method  string           `json:"method"`
	Path    string           `json:"path"` // a ServeMux path: {id} stands for a value
	Does    string           `json:"does"`
	Handler http.HandlerFunc `json:"-"`
}

// Mount serves each control on mux.
func Mount(mux *http.ServeMux, controls []Control) {
	for _, c := range controls {
		mux.HandleFunc(c.Method+" "+c.Path, c.Handler)
	}
}
