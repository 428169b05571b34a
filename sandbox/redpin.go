package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/redpin"
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

// redpinService is the sandbox's Redpin: recipients with their CoP/VoP
// outcomes, quotes, payments moving through Redpin's statuses, hosted
// sessions, third-party customers and reference data.
type redpinService struct {
	s *Sandbox

	payments     map[string]*rpPayment    // by payment_id
	recipients   map[string]*rpRecipient  // by recipient_id
	quotes       map[string]*rpQuote      // by quote_id
	sessions     map[string]*rpSession    // by session_id
	thirdParties map[string]*rpThirdParty // by customer_id + "/" + client_customer_ref
	checks       map[string]*copCheck     // CoP/VoP answers by event_id
	due          dueQueue                 // payment ids with a step due
	partyDue     dueQueue                 // third-party keys whose compliance review ends

	recipientSeq, instructionSeq, eventSeq *sequence
}

func newRedpinService(s *Sandbox) *redpinService {
	r := &redpinService{s: s}
	r.reset()
	return r
}

func (r *redpinService) provider() api.Provider { return api.ProviderRedpin }
func (r *redpinService) prefix() string         { return RedpinPrefix }
func (r *redpinService) tokenPattern() string   { return RedpinTokenPath }
func (r *redpinService) notFoundCode() string   { return "RESOURCE_NOT_FOUND" }
func (r *redpinService) unauthorizedCode() string {
	return "UNAUTHORIZED"
}
func (r *redpinService) badRequestCode() string { return "INVALID_PARAMETER" }

func (r *redpinService) routes(mux *http.ServeMux) {
	redpin.HandlerFromMux(&redpinAPI{r}, mux)
}

func (r *redpinService) reset() {
	r.payments = map[string]*rpPayment{}
	r.recipients = map[string]*rpRecipient{}
	r.quotes = map[string]*rpQuote{}
	r.sessions = map[string]*rpSession{}
	r.thirdParties = map[string]*rpThirdParty{}
	r.s.copMu.Lock()
	r.checks = map[string]*copCheck{}
	r.s.copMu.Unlock()
	r.due.reset()
	r.partyDue.reset()
	r.recipientSeq = &sequence{name: "redpin.recipient", next: 1668000}
	r.instructionSeq = &sequence{name: "redpin.instruction", next: 7100000}
	r.eventSeq = &sequence{name: "redpin.event", next: 1}
}

// load restores every Redpin resource from the store.
func (r *redpinService) load(ctx context.Context) error {
	st := r.s.store
	var err error
	if r.recipientSeq, err = r.s.loadSequence(ctx, "redpin.recipient", 1668000); err != nil {
		return err
	}
	if r.instructionSeq, err = r.s.loadSequence(ctx, "redpin.instruction", 7100000); err != nil {
		return err
	}
	if r.eventSeq, err = r.s.loadSequence(ctx, "redpin.event", 1); err != nil {
		return err
	}
	loads := []struct {
		kind string
		put  func(id string, data []byte) error
	}{
		{rpPaymentKind, func(id string, b []byte) error { return loadInto(b, r.payments, id, &rpPayment{}) }},
		{rpRecipientKind, func(id string, b []byte) error { return loadInto(b, r.recipients, id, &rpRecipient{}) }},
		{rpQuoteKind, func(id string, b []byte) error { return loadInto(b, r.quotes, id, &rpQuote{}) }},
		{rpSessionKind, func(id string, b []byte) error { return loadInto(b, r.sessions, id, &rpSession{}) }},
		{rpThirdPartyKind, func(id string, b []byte) error { return loadInto(b, r.thirdParties, id, &rpThirdParty{}) }},
		{rpCheckKind, func(id string, b []byte) error { return loadInto(b, r.checks, id, &copCheck{}) }},
	}
	for _, l := range loads {
		if err := listJSON(ctx, st, l.kind, l.put); err != nil {
			return err
		}
	}
	for id, p := range r.payments {
		r.due.add(p.Progress.Next, id)
	}
	for key, tp := range r.thirdParties {
		r.partyDue.add(tp.Progress.Next, key)
	}
	return nil
}

// loadInto decodes a stored record into a fresh value and files it.
func loadInto[T any](data []byte, into map[string]*T, id string, v *T) error {
	if err := json.Unmarshal(data, v); err != nil {
		return errNotJSON
	}
	into[id] = v
	return nil
}

// save stores a resource, logging a failure: the sandbox's answer has
// already been decided and the memory state stays right.
func (r *redpinService) save(ctx context.Context, kind, id string, v any) {
	if err := putJSON(ctx, r.s.store, kind, id, v); err != nil {
		r.s.logger.Error("sandbox: saving state", "kind", kind, "id", id, "error", err)
	}
}

// advance moves payments along their paths, and third parties through
// their compliance review, up to now.
func (r *redpinService) advance(ctx context.Context, now time.Time) {
	r.advanceThirdParties(ctx, now)
	r.due.drain(now, func(id string) {
		p := r.payments[id]
		if p == nil {
			return
		}
		p.Progress.stepsDue(now, func(to string, at time.Time) { r.notify(p, to, at) })
		r.due.add(p.Progress.Next, id)
		r.save(ctx, rpPaymentKind, id, p)
	})
}

func (r *redpinService) events(id string) ([]Event, bool) {
	p, ok := r.payments[id]
	if !ok {
		return nil, false
	}
	return append([]Event(nil), p.Progress.Events...), true
}

// redpinAPI implements the generated Redpin server interface on the
// service.
type redpinAPI struct{ *redpinService }

// lock runs fn with the sandbox's state locked.
func (r *redpinService) lock(fn func()) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	fn()
}
