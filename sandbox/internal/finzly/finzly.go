// Package finzly is the sandbox's Finzly: its operations (the generated
// server interface), its payments, recurrences, FX quotes and trades, its
// directory of customers' accounts, contacts and banks, the schedule its
// payments follow and the webhooks they send, and the control that books
// an incoming payment. It implements core.Provider.
package finzly

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/sandbox/internal/core"
	"github.com/payspec/payspec/sandbox/internal/core/auth"
	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/sandbox/internal/core/state"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
)

// Store kinds of Finzly's resources.
const (
	fzPaymentKind    = "finzly.payment"
	fzRecurrenceKind = "finzly.recurrence"
	fzQuoteKind      = "finzly.fxquote"
	fzTradeKind      = "finzly.fxtrade"
)

// Service is the sandbox's Finzly: payments of every kind moving through
// Finzly's statuses on the rail's schedule, recurrences that create their
// payments, FX quotes and trades, and the directory of customers'
// accounts, contacts and banks.
type Service struct {
	env         *core.Env
	controlBase string     // where its controls are mounted
	dir         *directory // customers' accounts and contacts, and the banks

	payments    map[int64]*fzPayment
	byUID       []*fzPayment // the same payments in order of uid, for searches
	recurrences map[int64]*fzRecurrence
	quotes      map[string]*fzQuote // by quoteUUID
	trades      map[string]*fzTrade // by forexContractNo
	due         lifecycle.DueQueue  // payment (p<uid>) and recurrence (r<id>) steps due

	// facts mirrors what the rules may ask about payments and trades
	// (validate.WithPayments, validate.WithFXTrades); the engine reads it
	// while judging a request, before the state lock is taken, so it has
	// its own.
	factsMu    sync.RWMutex
	facts      map[string]rules.PaymentFacts
	tradeFacts map[string]rules.FXTrade

	paymentSeq, recurrenceSeq, contractSeq *state.Sequence
}

// Token endpoint paths: the pattern the sandbox serves (Keycloak's realm
// endpoint, any realm name accepted) and the path under the sandbox's
// realm.
const (
	TokenPattern = "/auth/realms/{realm}/protocol/openid-connect/token"
	TokenPath    = "/auth/realms/sandbox/protocol/openid-connect/token"
)

// IdempotencyHeader is the header Finzly's create operations take.
const IdempotencyHeader = "Idempotent-Key"

// New returns the sandbox's Finzly on env, with its controls under
// controlBase.
func New(env *core.Env, controlBase string) *Service {
	f := &Service{env: env, controlBase: controlBase, dir: newDirectory(env)}
	f.Reset()
	return f
}

// Name is Finzly.
func (f *Service) Name() api.Provider { return api.ProviderFinzly }

// TokenPattern is Finzly's token endpoint, under its prefix.
func (f *Service) TokenPattern() string { return TokenPattern }

// TokenStyle is Keycloak's, as Finzly's guides show its answers.
func (f *Service) TokenStyle() auth.Style { return auth.Keycloak }

// Codes are Finzly's: API900 is its "Payment not found" (documented since
// 6.2.2.0); UNAUTHORIZED is the sandbox's own, since Finzly documents no
// code for 401 and declares the answer without a body, so it is not sent.
func (f *Service) Codes() core.Codes {
	return core.Codes{NotFound: "API900", Unauthorized: "UNAUTHORIZED", BadRequest: "PAYMENT001"}
}

// Routes mounts Finzly's operations.
func (f *Service) Routes(mux *http.ServeMux) {
	finzly.HandlerFromMux(&operations{f}, mux)
}

// Controls mounts the control that books an incoming payment.
func (f *Service) Controls(mux *http.ServeMux) { core.Mount(mux, f.ControlList()) }

// ControlList describes Finzly's controls.
func (f *Service) ControlList() []core.Control {
	return []core.Control{{Method: http.MethodPost, Path: f.controlBase + "/incoming-payments", Handler: f.receive,
		Does: `books a payment the bank received, PROCESSED at once (so that returnPayment can be tried): ` +
			`{"externalReferenceId", "paymentAmount", "deliveryMethod" (ACH, FEDWIRE, RTP or FEDNOW), ` +
			`"senderName", "senderAccountNumber", "senderBankId", "receiverName", "receiverAccountNumber"}`}}
}

// EngineOptions let the rules look up Finzly's payments and FX trades.
func (f *Service) EngineOptions() []validate.Option {
	return []validate.Option{validate.WithPayments(f.paymentFacts), validate.WithFXTrades(f.tradeFact)}
}

// The first ids handed out, in the forms Finzly's examples show.
const (
	firstPaymentUID   = 377300
	firstRecurrenceID = 4066
	firstContractNo   = 900100
)

// Reset forgets every Finzly resource.
func (f *Service) Reset() {
	f.dir.reset()
	f.payments, f.byUID = map[int64]*fzPayment{}, nil
	f.recurrences = map[int64]*fzRecurrence{}
	f.quotes = map[string]*fzQuote{}
	f.trades = map[string]*fzTrade{}
	f.due.Reset()
	f.factsMu.Lock()
	f.facts = map[string]rules.PaymentFacts{}
	f.tradeFacts = map[string]rules.FXTrade{}
	f.factsMu.Unlock()
	f.paymentSeq = state.NewSequence("finzly.payment", firstPaymentUID)
	f.recurrenceSeq = state.NewSequence("finzly.recurrence", firstRecurrenceID)
	f.contractSeq = state.NewSequence("finzly.contract", firstContractNo)
}

// Load restores every Finzly resource from the store.
func (f *Service) Load(ctx context.Context) error {
	var err error
	if f.paymentSeq, err = f.env.State.LoadSequence(ctx, "finzly.payment", firstPaymentUID); err != nil {
		return err
	}
	if f.recurrenceSeq, err = f.env.State.LoadSequence(ctx, "finzly.recurrence", firstRecurrenceID); err != nil {
		return err
	}
	if f.contractSeq, err = f.env.State.LoadSequence(ctx, "finzly.contract", firstContractNo); err != nil {
		return err
	}
	if err := f.env.State.List(ctx, fzPaymentKind, func(_ string, b []byte) error {
		p := &fzPayment{}
		if err := json.Unmarshal(b, p); err != nil {
			return state.ErrNotJSON
		}
		p.searchAmount, p.searchAmountOK = searchUnits(p.Amount)
		f.payments[p.UID] = p
		f.byUID = append(f.byUID, p)
		f.due.Add(p.Progress.Next, paymentKey(p.UID))
		f.noteFacts(p)
		return nil
	}); err != nil {
		return err
	}
	slices.SortFunc(f.byUID, func(x, y *fzPayment) int { return cmp.Compare(x.UID, y.UID) })
	if err := f.env.State.List(ctx, fzRecurrenceKind, func(_ string, b []byte) error {
		r := &fzRecurrence{}
		if err := json.Unmarshal(b, r); err != nil {
			return state.ErrNotJSON
		}
		f.recurrences[r.ID] = r
		f.scheduleRecurrence(r)
		return nil
	}); err != nil {
		return err
	}
	if err := f.loadFX(ctx); err != nil {
		return err
	}
	return f.dir.load(ctx)
}

// save stores a resource, logging a failure.
func (f *Service) save(ctx context.Context, kind, id string, v any) {
	f.env.State.Save(ctx, kind, id, v)
}

func paymentKey(uid int64) string   { return "p" + strconv.FormatInt(uid, 10) }
func recurrenceKey(id int64) string { return "r" + strconv.FormatInt(id, 10) }

// Advance moves payments along their schedules and lets recurrences create
// the payments that fall due, up to now.
func (f *Service) Advance(ctx context.Context, now time.Time) {
	f.due.Drain(now, func(key string) {
		id, err := strconv.ParseInt(key[1:], 10, 64)
		if err != nil {
			return
		}
		switch key[0] {
		case 'p':
			f.stepPayment(ctx, id, now)
		case 'r':
			f.stepRecurrence(ctx, id, now)
		}
	})
}

func (f *Service) stepPayment(ctx context.Context, uid int64, now time.Time) {
	p := f.payments[uid]
	if p == nil {
		return
	}
	p.Progress.StepsDue(now, func(to string, at time.Time) { f.notify(p, at) })
	f.due.Add(p.Progress.Next, paymentKey(uid))
	f.noteFacts(p)
	f.save(ctx, fzPaymentKind, strconv.FormatInt(uid, 10), p)
}

// Events returns a payment's status changes.
func (f *Service) Events(id string) ([]lifecycle.Event, bool) {
	uid, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, false
	}
	p, ok := f.payments[uid]
	if !ok {
		return nil, false
	}
	return append([]lifecycle.Event(nil), p.Progress.Events...), true
}

// Payments summarizes every Finzly payment, newest first.
func (f *Service) Payments() []core.PaymentSummary {
	out := make([]core.PaymentSummary, 0, len(f.byUID))
	for i := len(f.byUID) - 1; i >= 0; i-- {
		out = append(out, paymentSummary(f.byUID[i]))
	}
	return out
}

// Payment returns a Finzly payment's summary and its stored record.
func (f *Service) Payment(id string) (core.PaymentSummary, json.RawMessage, bool) {
	uid, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return core.PaymentSummary{}, nil, false
	}
	return core.PaymentIn(f.payments, uid, paymentSummary)
}

// paymentSummary describes a Finzly payment in the terms every
// provider shares.
func paymentSummary(p *fzPayment) core.PaymentSummary {
	return core.PaymentSummary{Provider: api.ProviderFinzly, ID: strconv.FormatInt(p.UID, 10),
		Status: p.Progress.Status, Rail: string(railOf(p)), Reference: p.ExternalRef,
		Amount: core.PlainAmount(p.Amount), Currency: p.Currency, Created: p.Created}
}

// noteFacts records what the return and reversal rules may ask about a
// payment.
func (f *Service) noteFacts(p *fzPayment) {
	incoming, credit := p.Incoming, p.EntryType != "DEBIT"
	f.factsMu.Lock()
	defer f.factsMu.Unlock()
	f.facts[strconv.FormatInt(p.UID, 10)] = rules.PaymentFacts{Status: p.Progress.Status, Rail: p.DeliveryMethod,
		Incoming: &incoming, Credit: &credit}
}

// paymentFacts answers the rules' payment lookup.
func (f *Service) paymentFacts(uid string) (rules.PaymentFacts, bool) {
	f.factsMu.RLock()
	defer f.factsMu.RUnlock()
	facts, ok := f.facts[uid]
	return facts, ok
}

// tradeFact answers the rules' FX trade lookup: accepted trades only.
func (f *Service) tradeFact(contract string) (rules.FXTrade, bool) {
	f.factsMu.RLock()
	defer f.factsMu.RUnlock()
	t, ok := f.tradeFacts[contract]
	return t, ok
}

// operations implements the generated Finzly server interface on the
// service.
type operations struct{ *Service }

// lock runs fn with the state locked.
func (f *Service) lock(fn func()) { f.env.State.Lock(fn) }

// rlock runs fn with the state held for reading only, so that lookups
// run side by side.
func (f *Service) rlock(fn func()) { f.env.State.RLock(fn) }
