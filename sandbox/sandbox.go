// Package sandbox is a stateful, spec-true stand-in for the Finzly and
// Redpin payment APIs, for contract tests and local development.
//
// A Sandbox keeps what it is sent (payments, recipients, quotes, trades,
// recurrences ...), answers later calls from that state, moves payments
// through the providers' documented statuses as its own clock advances,
// and delivers the providers' webhooks. Every answer it gives, errors and
// webhooks included, passes payspec's validation engine in enforce mode
// first, so it cannot drift from the specs; and every request is judged by
// the same engine (rail rules included) as `payspec validate` would judge
// it.
//
// Finzly is served under /finzly, Redpin under /redpin, the sandbox's own
// control API under /_sandbox, and an index page at /. In Go, Start runs a
// sandbox on an httptest server for the length of a test; `payspec serve`
// runs one from the shell.
package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/sandbox/store"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
)

// Path prefixes of what the sandbox serves.
const (
	FinzlyPrefix  = "/finzly"
	RedpinPrefix  = "/redpin"
	ControlPrefix = "/_sandbox"
)

// Option configures a Sandbox.
type Option func(*config)

type config struct {
	store         store.Store
	today         time.Time
	rules         *rules.Checker
	noRules       bool
	webhookURLs   []string
	webhookRetry  WebhookRetry
	noAuth        bool
	clients       []Credentials
	tokenLifetime time.Duration
	logger        *slog.Logger
	tick          time.Duration
	faultTimeout  time.Duration
	wall          func() time.Time
}

// WithStore keeps the sandbox's state in s (for example a store.SQLite, so
// that it survives a restart). By default the state is kept in memory
// only, and is gone when the sandbox is. The sandbox does not close a
// store it was given.
func WithStore(s store.Store) Option { return func(c *config) { c.store = s } }

// WithToday starts the sandbox clock on this date (the time of day runs on
// from the wall clock's). The default is the wall clock's date in New
// York.
func WithToday(day time.Time) Option { return func(c *config) { c.today = day } }

// WithRules judges requests with this rail-rules checker (for example one
// built from a bank's configuration with rules.LoadConfig); the default is
// payspec's embedded configuration.
func WithRules(r *rules.Checker) Option { return func(c *config) { c.rules = r } }

// WithoutRules judges requests by the schema only.
func WithoutRules() Option { return func(c *config) { c.noRules = true } }

// WithWebhookURLs delivers every webhook to each of these base URLs: a
// webhook is posted to the base URL followed by its operation's path (such
// as /payments for Finzly's payment status).
func WithWebhookURLs(urls ...string) Option {
	return func(c *config) { c.webhookURLs = append(c.webhookURLs, urls...) }
}

// WithWebhookRetry sets how failed deliveries are retried; see
// DefaultWebhookRetry.
func WithWebhookRetry(r WebhookRetry) Option { return func(c *config) { c.webhookRetry = r } }

// WithoutAuth accepts API calls without a bearer token.
func WithoutAuth() Option { return func(c *config) { c.noAuth = true } }

// WithClients sets the OAuth clients the token endpoints accept, in place
// of DefaultCredentials.
func WithClients(clients ...Credentials) Option { return func(c *config) { c.clients = clients } }

// WithTokenLifetime sets how long an issued token is valid (default one
// hour, on the wall clock).
func WithTokenLifetime(d time.Duration) Option { return func(c *config) { c.tokenLifetime = d } }

// WithLogger sets where the request log (one line per request) and the
// sandbox's own messages go; the default discards them.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithFaultTimeout sets how long a request asking for a "timeout" fault
// waits before its connection is dropped (default 30 seconds; the client's
// own deadline usually ends it first).
func WithFaultTimeout(d time.Duration) Option { return func(c *config) { c.faultTimeout = d } }

// withWallClock replaces the wall clock, for tests of the sandbox itself.
func withWallClock(now func() time.Time) Option { return func(c *config) { c.wall = now } }

// Sandbox is a running stand-in for both providers. Build one with New;
// it is safe for concurrent use.
type Sandbox struct {
	cfg      config
	engine   *validate.Engine
	checker  *rules.Checker // the rail rules' configuration: speeds, calendar
	clock    *Clock
	store    store.Store
	ownStore bool
	auth     *authority
	hooks    *dispatcher
	idem     *idempotency
	logger   *slog.Logger

	// mu guards the state of every provider, so that each request and
	// each step of time sees and leaves a consistent whole.
	mu sync.RWMutex
	// copMu guards the CoP answers on their own: the engine reads them
	// while it judges a request, before mu is taken.
	copMu    sync.RWMutex
	services []service
	handler  http.Handler

	stop    chan struct{}
	stopped sync.WaitGroup
	closing sync.Once
}

// service is one provider's side of the sandbox.
type service interface {
	// provider names it.
	provider() api.Provider
	// prefix is the path the provider is served under.
	prefix() string
	// tokenPattern is the ServeMux pattern of its token endpoint, under
	// the prefix.
	tokenPattern() string
	// routes mounts the provider's operations on mux.
	routes(mux *http.ServeMux)
	// Error codes of the provider's answers for an unknown resource, a
	// missing token and a malformed request.
	notFoundCode() string
	unauthorizedCode() string
	badRequestCode() string
	// load restores the provider's state from the store.
	load(ctx context.Context) error
	// advance moves every resource to the sandbox time now.
	advance(ctx context.Context, now time.Time)
	// reset forgets everything.
	reset()
	// events returns the transitions of a payment, if it is the
	// provider's.
	events(id string) ([]Event, bool)
}

// Event is one status change of a payment.
type Event struct {
	At   time.Time `json:"at"`
	From string    `json:"from,omitempty"` // "" for the status a payment was created in
	To   string    `json:"to"`
}

// New builds a sandbox: its validation engine, its store (loading what a
// durable store already holds) and its clock.
func New(opts ...Option) (*Sandbox, error) {
	cfg := config{webhookRetry: DefaultWebhookRetry, clients: []Credentials{DefaultCredentials},
		tokenLifetime: time.Hour, tick: 200 * time.Millisecond, faultTimeout: 30 * time.Second,
		wall: time.Now, logger: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Sandbox{cfg: cfg, logger: cfg.logger, stop: make(chan struct{}), idem: newIdempotency()}
	if err := s.init(context.Background()); err != nil {
		_ = s.Close()
		return nil, err
	}
	s.stopped.Add(1)
	go s.run()
	return s, nil
}

func (s *Sandbox) init(ctx context.Context) error {
	zone, err := time.LoadLocation("America/New_York")
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	s.clock = newClock(s.cfg.wall, zone)
	s.checker = s.cfg.rules
	if s.checker == nil {
		if s.checker, err = rules.New(nil); err != nil {
			return err
		}
	}
	if s.engine, err = validate.New(ctx, s.engineOptions()...); err != nil {
		return err
	}
	s.store = s.cfg.store
	if s.store == nil {
		// The sandbox's state lives in its own maps; without a store to
		// survive a restart, there is nothing to copy it to.
		s.store, s.ownStore = noStore{}, true
	}
	s.auth = newAuthority(s.cfg.clients, s.cfg.tokenLifetime, s.cfg.wall)
	s.hooks = newDispatcher(s.engine, s.cfg.webhookURLs, s.cfg.webhookRetry, s.logger)
	s.services = s.newServices()
	if err := s.restore(ctx); err != nil {
		return err
	}
	s.handler = s.routes()
	return nil
}

func (s *Sandbox) engineOptions() []validate.Option {
	opts := []validate.Option{validate.WithClock(s.clock.Now), validate.WithCoPAnswers(s.copAnswer),
		validate.WithPayments(s.paymentFacts), validate.WithFXTrades(s.tradeFact)}
	if s.cfg.noRules {
		return append(opts, validate.WithoutRules())
	}
	return append(opts, validate.WithRules(s.checker))
}

// paymentFacts and tradeFact look up Finzly's payments and FX trades for
// the rules (see finzlyService).
func (s *Sandbox) paymentFacts(uid string) (rules.PaymentFacts, bool) {
	if f := s.finzly(); f != nil {
		return f.paymentFacts(uid)
	}
	return rules.PaymentFacts{}, false
}

func (s *Sandbox) tradeFact(contract string) (rules.FXTrade, bool) {
	if f := s.finzly(); f != nil {
		return f.tradeFact(contract)
	}
	return rules.FXTrade{}, false
}

func (s *Sandbox) finzly() *finzlyService {
	for _, svc := range s.services {
		if f, ok := svc.(*finzlyService); ok {
			return f
		}
	}
	return nil
}

// copAnswer looks up a CoP answer the sandbox gave (see redpinService).
func (s *Sandbox) copAnswer(customerID, eventID string) (rules.CoPAnswer, bool) {
	for _, svc := range s.services {
		if r, ok := svc.(*redpinService); ok {
			return r.copAnswer(customerID, eventID)
		}
	}
	return rules.CoPAnswer{}, false
}

// Handler serves both providers, the control API and the index page.
func (s *Sandbox) Handler() http.Handler { return s.handler }

// Engine is the validation engine the sandbox judges with.
func (s *Sandbox) Engine() *validate.Engine { return s.engine }

// Clock is the sandbox's clock.
func (s *Sandbox) Clock() *Clock { return s.clock }

// Deliveries returns the webhook delivery log, oldest first.
func (s *Sandbox) Deliveries() []Delivery { return s.hooks.deliveries() }

// Events returns the status changes of a payment of either provider
// (Finzly's paymentUID or Redpin's payment_id), oldest first.
func (s *Sandbox) Events(paymentID string) ([]Event, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, svc := range s.services {
		if ev, ok := svc.events(paymentID); ok {
			return ev, true
		}
	}
	return nil, false
}

// Advance moves the sandbox clock forward by d and brings every payment up
// to the new time, queueing the webhooks of what changed.
func (s *Sandbox) Advance(ctx context.Context, d time.Duration) error {
	if err := s.clock.Advance(d); err != nil {
		return err
	}
	return s.afterClockChange(ctx)
}

// SetToday moves the sandbox clock to a later date, as Advance does.
func (s *Sandbox) SetToday(ctx context.Context, day time.Time) error {
	if err := s.clock.SetToday(day); err != nil {
		return err
	}
	return s.afterClockChange(ctx)
}

func (s *Sandbox) afterClockChange(ctx context.Context) error {
	s.catchUp(ctx)
	return s.saveClock(ctx)
}

// Reset forgets every resource, key and delivery; the clock stays.
func (s *Sandbox) Reset(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, svc := range s.services {
		svc.reset()
	}
	s.idem.reset()
	s.hooks.reset()
	if err := s.store.Reset(ctx); err != nil {
		return err
	}
	return s.saveClockLocked(ctx)
}

// catchUp brings every provider's state to the current sandbox time.
func (s *Sandbox) catchUp(ctx context.Context) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, svc := range s.services {
		svc.advance(ctx, now)
	}
}

// run steps time in the background, so that payments move and webhooks go
// out while nobody calls.
func (s *Sandbox) run() {
	defer s.stopped.Done()
	t := time.NewTicker(s.cfg.tick)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.catchUp(context.Background())
		}
	}
}

// Close stops the sandbox's background work, waits for webhook deliveries
// in flight, and closes the store if the sandbox opened it.
func (s *Sandbox) Close() error {
	var err error
	s.closing.Do(func() {
		close(s.stop)
		s.stopped.Wait()
		if s.hooks != nil {
			s.hooks.close()
		}
		if s.ownStore && s.store != nil {
			err = s.store.Close()
		}
	})
	return err
}

// clockRecord is how the clock is kept in the store.
type clockRecord struct {
	Offset time.Duration `json:"offset"`
}

const (
	metaKind = "sandbox.meta"
	clockID  = "clock"
)

// restore loads the clock and every provider's state, then applies
// WithToday.
func (s *Sandbox) restore(ctx context.Context) error {
	var rec clockRecord
	found, err := getJSON(ctx, s.store, metaKind, clockID, &rec)
	if err != nil {
		return err
	}
	if found {
		s.clock.setOffset(rec.Offset)
	}
	for _, svc := range s.services {
		if err := svc.load(ctx); err != nil {
			return err
		}
	}
	if err := s.loadIdempotency(ctx); err != nil {
		return err
	}
	if !s.cfg.today.IsZero() {
		if err := s.clock.SetToday(s.cfg.today); err != nil {
			return fmt.Errorf("sandbox: the stored state is already past %s: %w", s.cfg.today.Format(time.DateOnly), err)
		}
	}
	return s.saveClock(ctx)
}

func (s *Sandbox) saveClock(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveClockLocked(ctx)
}

func (s *Sandbox) saveClockLocked(ctx context.Context) error {
	return putJSON(ctx, s.store, metaKind, clockID, clockRecord{Offset: s.clock.Offset()})
}

var errNotJSON = errors.New("sandbox: a stored record is not valid JSON")

// newServices builds the providers' sides.
func (s *Sandbox) newServices() []service {
	return []service{newFinzlyService(s), newRedpinService(s)}
}

// webhook sends a provider's webhook for a subject's new status, through
// the webhook operation opID, to every receiver.
func (s *Sandbox) webhook(opID, subject, status string, payload any) {
	if !s.hooks.enabled() {
		return
	}
	op, ok := s.engine.Operation(opID)
	if !ok {
		s.logger.Error("sandbox: no webhook operation", "operation", opID)
		return
	}
	b, err := json.Marshal(payload)
	if err != nil {
		s.logger.Error("sandbox: encoding a webhook", "operation", opID, "error", err)
		return
	}
	s.hooks.send(opID, op.Path, subject, status, b)
}

// ctxBackground is the context of work the sandbox does on its own, such
// as the steps of time.
func (s *Sandbox) ctxBackground() context.Context { return context.Background() }

// noStore is the store of a sandbox given none: its state is kept in
// memory by the sandbox itself, so records are not copied anywhere.
type noStore struct{}

func (noStore) Get(context.Context, string, string) (store.Record, bool, error) {
	return store.Record{}, false, nil
}
func (noStore) Put(context.Context, store.Record) error                     { return nil }
func (noStore) Delete(context.Context, string, string) error                { return nil }
func (noStore) List(context.Context, string, func(store.Record) bool) error { return nil }
func (noStore) Reset(context.Context) error                                 { return nil }
func (noStore) Close() error                                                { return nil }
