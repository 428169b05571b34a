// Package redpin is the sandbox's Redpin: its operations (the generated
// server interface), its recipients with their Confirmation of Payee
// outcomes, quotes, payments, hosted sessions (and the stand-in of the
// hosted page, as controls), third-party customers and reference data, the
// paths its payments follow and the webhooks they send. It implements
// core.Provider.
package redpin

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox/internal/core"
	"github.com/payspec/payspec/sandbox/internal/core/auth"
	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/sandbox/internal/core/state"
	"github.com/payspec/payspec/validate"
)

// Store kinds of Redpin's resources.
const (
	rpPaymentKind    = "redpin.payment"
	rpRecipientKind  = "redpin.recipient"
	rpQuoteKind      = "redpin.quote"
	rpSessionKind    = "redpin.session"
	rpThirdPartyKind = "redpin.thirdparty"
	rpCheckKind      = "redpin.check"
)

// Service is the sandbox's Redpin: recipients with their CoP/VoP
// outcomes, quotes, payments moving through Redpin's statuses, hosted
// sessions, third-party customers and reference data.
type Service struct {
	env         *core.Env
	controlBase string // where its controls (the hosted page's stand-in) are mounted

	payments     map[string]*rpPayment    // by payment_id
	recipients   map[string]*rpRecipient  // by recipient_id
	quotes       map[string]*rpQuote      // by quote_id
	sessions     map[string]*rpSession    // by session_id
	thirdParties map[string]*rpThirdParty // by customer_id + "/" + client_customer_ref
	due          lifecycle.DueQueue       // payment ids with a step due
	partyDue     lifecycle.DueQueue       // third-party keys whose compliance review ends

	// copMu guards the CoP answers on their own: the engine reads them
	// while it judges a request, before the state lock is taken.
	copMu  sync.RWMutex
	checks map[string]*copCheck // CoP/VoP answers by event_id

	recipientSeq, instructionSeq, eventSeq *state.Sequence
}

// TokenPath is Redpin's token endpoint, under its prefix.
const TokenPath = "/auth/oauth/v2/token"

// New returns the sandbox's Redpin on env, with its controls under
// controlBase.
func New(env *core.Env, controlBase string) *Service {
	r := &Service{env: env, controlBase: controlBase}
	r.Reset()
	return r
}

// Name is Redpin.
func (r *Service) Name() api.Provider { return api.ProviderRedpin }

// TokenPattern is Redpin's token endpoint.
func (r *Service) TokenPattern() string { return TokenPath }

// TokenStyle is the plain OAuth answer.
func (r *Service) TokenStyle() auth.Style { return auth.Plain }

// Codes are Redpin's.
func (r *Service) Codes() core.Codes {
	return core.Codes{NotFound: "RESOURCE_NOT_FOUND", Unauthorized: "UNAUTHORIZED", BadRequest: "INVALID_PARAMETER"}
}

// Routes mounts Redpin's operations.
func (r *Service) Routes(mux *http.ServeMux) {
	redpin.HandlerFromMux(&operations{r}, mux)
}

// Controls mounts the stand-in of the hosted payment page.
func (r *Service) Controls(mux *http.ServeMux) { core.Mount(mux, r.ControlList()) }

// ControlList describes Redpin's controls: the stand-in of the hosted
// payment page.
func (r *Service) ControlList() []core.Control {
	return []core.Control{
		{Method: http.MethodGet, Path: r.controlBase + "/sessions/{id}", Handler: r.sessionPage,
			Does: "stands in for a hosted payment session's page (its session_url)"},
		{Method: http.MethodPost, Path: r.controlBase + "/sessions/{id}/pay", Handler: r.paySession,
			Does: "pays a hosted payment session as the third party would on its page"},
	}
}

// Payments summarizes every Redpin payment, newest first (the latest
// instruction first among those made at one instant).
func (r *Service) Payments() []core.PaymentSummary {
	ps := make([]*rpPayment, 0, len(r.payments))
	for _, p := range r.payments {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b *rpPayment) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(len(b.Instruction), len(a.Instruction)), strings.Compare(b.Instruction, a.Instruction))
	})
	out := make([]core.PaymentSummary, len(ps))
	for i, p := range ps {
		out[i] = paymentSummary(p)
	}
	return out
}

// Payment returns a Redpin payment's summary and its stored record.
func (r *Service) Payment(id string) (core.PaymentSummary, json.RawMessage, bool) {
	return core.PaymentIn(r.payments, id, paymentSummary)
}

// paymentSummary describes a Redpin payment in the terms every
// provider shares.
func paymentSummary(p *rpPayment) core.PaymentSummary {
	out := core.PaymentSummary{Provider: api.ProviderRedpin, ID: p.ID, Status: p.Progress.Status,
		Amount: core.PlainAmount(p.Request.Amount.Value), Currency: p.Request.Amount.Currency, Created: p.Created}
	if ref := p.Request.ClientReferenceId; ref != nil {
		out.Reference = *ref
	}
	return out
}

// EngineOptions let the rules look up the CoP answers the sandbox gave.
func (r *Service) EngineOptions() []validate.Option {
	return []validate.Option{validate.WithCoPAnswers(r.copAnswer)}
}

// Reset forgets every Redpin resource.
func (r *Service) Reset() {
	r.payments = map[string]*rpPayment{}
	r.recipients = map[string]*rpRecipient{}
	r.quotes = map[string]*rpQuote{}
	r.sessions = map[string]*rpSession{}
	r.thirdParties = map[string]*rpThirdParty{}
	r.copMu.Lock()
	r.checks = map[string]*copCheck{}
	r.copMu.Unlock()
	r.due.Reset()
	r.partyDue.Reset()
	r.recipientSeq = state.NewSequence("redpin.recipient", 1668000)
	r.instructionSeq = state.NewSequence("redpin.instruction", 7100000)
	r.eventSeq = state.NewSequence("redpin.event", 1)
}

// Load restores every Redpin resource from the store.
func (r *Service) Load(ctx context.Context) error {
	var err error
	if r.recipientSeq, err = r.env.State.LoadSequence(ctx, "redpin.recipient", 1668000); err != nil {
		return err
	}
	if r.instructionSeq, err = r.env.State.LoadSequence(ctx, "redpin.instruction", 7100000); err != nil {
		return err
	}
	if r.eventSeq, err = r.env.State.LoadSequence(ctx, "redpin.event", 1); err != nil {
		return err
	}
	loads := []struct {
		kind string
		put  func(id string, data []byte) error
	}{
		{rpPaymentKind, func(id string, b []byte) error { return state.LoadInto(b, r.payments, id, &rpPayment{}) }},
		{rpRecipientKind, func(id string, b []byte) error { return state.LoadInto(b, r.recipients, id, &rpRecipient{}) }},
		{rpQuoteKind, func(id string, b []byte) error { return state.LoadInto(b, r.quotes, id, &rpQuote{}) }},
		{rpSessionKind, func(id string, b []byte) error { return state.LoadInto(b, r.sessions, id, &rpSession{}) }},
		{rpThirdPartyKind, func(id string, b []byte) error { return state.LoadInto(b, r.thirdParties, id, &rpThirdParty{}) }},
		{rpCheckKind, func(id string, b []byte) error { return state.LoadInto(b, r.checks, id, &copCheck{}) }},
	}
	for _, l := range loads {
		if err := r.env.State.List(ctx, l.kind, l.put); err != nil {
			return err
		}
	}
	for id, p := range r.payments {
		r.due.Add(p.Progress.Next, id)
	}
	for key, tp := range r.thirdParties {
		r.partyDue.Add(tp.Progress.Next, key)
	}
	return nil
}

// save stores a resource, logging a failure.
func (r *Service) save(ctx context.Context, kind, id string, v any) {
	r.env.State.Save(ctx, kind, id, v)
}

// Advance moves payments along their paths, and third parties through
// their compliance review, up to now.
func (r *Service) Advance(ctx context.Context, now time.Time) {
	r.advanceThirdParties(ctx, now)
	r.due.Drain(now, func(id string) {
		p := r.payments[id]
		if p == nil {
			return
		}
		p.Progress.StepsDue(now, func(to string, at time.Time) { r.notify(p, to, at) })
		r.due.Add(p.Progress.Next, id)
		r.save(ctx, rpPaymentKind, id, p)
	})
}

// DueCreations is 0: nothing of Redpin's creates resources as time
// passes.
func (r *Service) DueCreations(time.Time, int) int { return 0 }

// Events returns a payment's status changes.
func (r *Service) Events(id string) ([]lifecycle.Event, bool) {
	p, ok := r.payments[id]
	if !ok {
		return nil, false
	}
	return append([]lifecycle.Event(nil), p.Progress.Events...), true
}

// operations implements the generated Redpin server interface on the
// service.
type operations struct{ *Service }

// lock runs fn with the state locked.
func (r *Service) lock(fn func()) { r.env.State.Lock(fn) }
