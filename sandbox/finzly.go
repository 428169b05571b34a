package sandbox

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
	"github.com/payspec/payspec/validate/rules"
)

// Store kinds of Finzly's resources.
const (
	fzPaymentKind    = "finzly.payment"
	fzRecurrenceKind = "finzly.recurrence"
	fzQuoteKind      = "finzly.fxquote"
	fzTradeKind      = "finzly.fxtrade"
)

// finzlyService is the sandbox's Finzly: payments of every kind moving
// through Finzly's statuses on the rail's schedule, recurrences that
// create their payments, FX quotes and trades, and the directory of
// customers' accounts, contacts and banks.
type finzlyService struct {
	s   *Sandbox
	dir *finzlyDirectory // customers' accounts and contacts, and the banks

	payments    map[int64]*fzPayment
	byUID       []*fzPayment // the same payments in order of uid, for searches
	recurrences map[int64]*fzRecurrence
	quotes      map[string]*fzQuote // by quoteUUID
	trades      map[string]*fzTrade // by forexContractNo
	due         dueQueue            // payment (p<uid>) and recurrence (r<id>) steps due

	// facts mirrors what the rules may ask about payments and trades
	// (validate.WithPayments, validate.WithFXTrades); the engine reads it
	// while judging a request, before the sandbox lock is taken, so it has
	// its own.
	factsMu    sync.RWMutex
	facts      map[string]rules.PaymentFacts
	tradeFacts map[string]rules.FXTrade

	paymentSeq, recurrenceSeq, contractSeq *sequence
}

func newFinzlyService(s *Sandbox) *finzlyService {
	f := &finzlyService{s: s, dir: newFinzlyDirectory(s)}
	f.reset()
	return f
}

func (f *finzlyService) provider() api.Provider { return api.ProviderFinzly }
func (f *finzlyService) prefix() string         { return FinzlyPrefix }
func (f *finzlyService) tokenPattern() string {
	return "/auth/realms/{realm}/protocol/openid-connect/token"
}

// notFoundCode is Finzly's "Payment not found" (documented since 6.2.2.0).
func (f *finzlyService) notFoundCode() string { return "API900" }

// unauthorizedCode is the sandbox's own: Finzly documents no code for 401,
// and declares the answer without a body, so it is not sent.
func (f *finzlyService) unauthorizedCode() string { return "UNAUTHORIZED" }
func (f *finzlyService) badRequestCode() string   { return "PAYMENT001" }

func (f *finzlyService) routes(mux *http.ServeMux) {
	finzly.HandlerFromMux(&finzlyAPI{f}, mux)
}

// The first ids handed out, in the forms Finzly's examples show.
const (
	firstPaymentUID   = 377300
	firstRecurrenceID = 4066
	firstContractNo   = 900100
)

func (f *finzlyService) reset() {
	f.dir.reset()
	f.payments, f.byUID = map[int64]*fzPayment{}, nil
	f.recurrences = map[int64]*fzRecurrence{}
	f.quotes = map[string]*fzQuote{}
	f.trades = map[string]*fzTrade{}
	f.due.reset()
	f.factsMu.Lock()
	f.facts = map[string]rules.PaymentFacts{}
	f.tradeFacts = map[string]rules.FXTrade{}
	f.factsMu.Unlock()
	f.paymentSeq = &sequence{name: "finzly.payment", next: firstPaymentUID}
	f.recurrenceSeq = &sequence{name: "finzly.recurrence", next: firstRecurrenceID}
	f.contractSeq = &sequence{name: "finzly.contract", next: firstContractNo}
}

// load restores every Finzly resource from the store.
func (f *finzlyService) load(ctx context.Context) error {
	var err error
	if f.paymentSeq, err = f.s.loadSequence(ctx, "finzly.payment", firstPaymentUID); err != nil {
		return err
	}
	if f.recurrenceSeq, err = f.s.loadSequence(ctx, "finzly.recurrence", firstRecurrenceID); err != nil {
		return err
	}
	if f.contractSeq, err = f.s.loadSequence(ctx, "finzly.contract", firstContractNo); err != nil {
		return err
	}
	st := f.s.store
	if err := listJSON(ctx, st, fzPaymentKind, func(_ string, b []byte) error {
		p := &fzPayment{}
		if err := json.Unmarshal(b, p); err != nil {
			return errNotJSON
		}
		p.searchAmount, p.searchAmountOK = searchUnits(p.Amount)
		f.payments[p.UID] = p
		f.byUID = append(f.byUID, p)
		f.due.add(p.Progress.Next, paymentKey(p.UID))
		f.noteFacts(p)
		return nil
	}); err != nil {
		return err
	}
	slices.SortFunc(f.byUID, func(x, y *fzPayment) int { return cmp.Compare(x.UID, y.UID) })
	if err := listJSON(ctx, st, fzRecurrenceKind, func(_ string, b []byte) error {
		r := &fzRecurrence{}
		if err := json.Unmarshal(b, r); err != nil {
			return errNotJSON
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

// save stores a resource, logging a failure: the answer is decided and the
// memory state stays right.
func (f *finzlyService) save(ctx context.Context, kind, id string, v any) {
	if err := putJSON(ctx, f.s.store, kind, id, v); err != nil {
		f.s.logger.Error("sandbox: saving state", "kind", kind, "id", id, "error", err)
	}
}

func paymentKey(uid int64) string   { return "p" + strconv.FormatInt(uid, 10) }
func recurrenceKey(id int64) string { return "r" + strconv.FormatInt(id, 10) }

// advance moves payments along their schedules and lets recurrences create
// the payments that fall due, up to now.
func (f *finzlyService) advance(ctx context.Context, now time.Time) {
	f.due.drain(now, func(key string) {
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

func (f *finzlyService) stepPayment(ctx context.Context, uid int64, now time.Time) {
	p := f.payments[uid]
	if p == nil {
		return
	}
	p.Progress.stepsDue(now, func(to string, at time.Time) { f.notify(p, at) })
	f.due.add(p.Progress.Next, paymentKey(uid))
	f.noteFacts(p)
	f.save(ctx, fzPaymentKind, strconv.FormatInt(uid, 10), p)
}

func (f *finzlyService) events(id string) ([]Event, bool) {
	uid, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, false
	}
	p, ok := f.payments[uid]
	if !ok {
		return nil, false
	}
	return append([]Event(nil), p.Progress.Events...), true
}

// noteFacts records what the return and reversal rules may ask about a
// payment.
func (f *finzlyService) noteFacts(p *fzPayment) {
	incoming, credit := p.Incoming, p.EntryType != "DEBIT"
	f.factsMu.Lock()
	defer f.factsMu.Unlock()
	f.facts[strconv.FormatInt(p.UID, 10)] = rules.PaymentFacts{Status: p.Progress.Status, Rail: p.DeliveryMethod,
		Incoming: &incoming, Credit: &credit}
}

// paymentFacts answers the rules' payment lookup.
func (f *finzlyService) paymentFacts(uid string) (rules.PaymentFacts, bool) {
	f.factsMu.RLock()
	defer f.factsMu.RUnlock()
	facts, ok := f.facts[uid]
	return facts, ok
}

// tradeFact answers the rules' FX trade lookup: accepted trades only.
func (f *finzlyService) tradeFact(contract string) (rules.FXTrade, bool) {
	f.factsMu.RLock()
	defer f.factsMu.RUnlock()
	t, ok := f.tradeFacts[contract]
	return t, ok
}

// finzlyAPI implements the generated Finzly server interface on the
// service.
type finzlyAPI struct{ *finzlyService }

// lock runs fn with the sandbox's state locked.
func (f *finzlyService) lock(fn func()) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	fn()
}

// rlock runs fn with the sandbox's state held for reading only, so that
// lookups run side by side.
func (f *finzlyService) rlock(fn func()) {
	f.s.mu.RLock()
	defer f.s.mu.RUnlock()
	fn()
}
