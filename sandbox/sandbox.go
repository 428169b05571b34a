package sandbox

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/payspec/payspec/sandbox/internal/core"
	"github.com/payspec/payspec/sandbox/internal/core/access"
	"github.com/payspec/payspec/sandbox/internal/core/auth"
	"github.com/payspec/payspec/sandbox/internal/core/clock"
	"github.com/payspec/payspec/sandbox/internal/core/faults"
	"github.com/payspec/payspec/sandbox/internal/core/idem"
	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/sandbox/internal/core/state"
	"github.com/payspec/payspec/sandbox/internal/core/webhook"
	"github.com/payspec/payspec/sandbox/internal/finzly"
	"github.com/payspec/payspec/sandbox/internal/redpin"
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

// Token endpoint paths, under each provider's prefix: Finzly's Keycloak
// realm endpoint, /auth/realms/sandbox/protocol/openid-connect/token (any
// realm name is accepted), and Redpin's, /auth/oauth/v2/token.
const (
	FinzlyTokenPath = finzly.TokenPath
	RedpinTokenPath = redpin.TokenPath
)

// FaultHeader, Payspec-Sandbox-Fault, asks the sandbox to fail one
// request as the provider would.
const FaultHeader = faults.Header

// IdempotencyHeader is the header Finzly's create operations take,
// Idempotent-Key.
const IdempotencyHeader = finzly.IdempotencyHeader

// Credentials are an OAuth 2.0 client id and secret the sandbox accepts.
type Credentials = auth.Credentials

// DefaultCredentials are the client the sandbox accepts unless told
// otherwise.
var DefaultCredentials = Credentials{ClientID: "sandbox", ClientSecret: "sandbox"}

// WebhookRetry says how failed webhook deliveries are retried: after
// First, then each wait Factor times the one before (at most Max), with
// ±20% jitter, for at most Attempts attempts in all.
type WebhookRetry = webhook.Retry

// DefaultWebhookRetry retries quickly, so that tests do not wait: after
// about half a second, then one, two, four ... seconds, eight attempts in
// all.
var DefaultWebhookRetry = webhook.DefaultRetry

// Delivery is one webhook sent (or being sent) to one receiver, as the
// delivery log shows it. Its State is "pending", "delivered", "failed"
// (every attempt failed), "refused" (the payload broke the spec, so it
// was never sent) or "dropped" (never sent: the receiver's queue was full,
// or the sandbox closed first); Reason says why for the last three.
type Delivery = webhook.Delivery

// Attempt is one try at a delivery.
type Attempt = webhook.Attempt

// Option configures a Sandbox.
type Option func(*config)

type config struct {
	store         store.Store
	today         time.Time
	rules         *rules.Checker
	noRules       bool
	webhookURLs   []string
	webhookRetry  WebhookRetry
	webhookQueue  int
	noAuth        bool
	clients       []Credentials
	tokenLifetime time.Duration
	logger        *slog.Logger
	tick          time.Duration
	faultTimeout  time.Duration
	wall          func() time.Time
	controlToken  string
	allowedHosts  []string
}

// WithStore keeps the sandbox's state in s (for example a store.SQLite, so
// that it survives a restart). By default the state is kept in memory
// only, and is gone when the sandbox is. What a request changes is written
// to s in one transaction (Store.Tx), with a context of the sandbox's own,
// and the request is answered once it is written; a failure to write is
// answered with 500. The sandbox does not close a store it was given.
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
// as /payments for Finzly's payment status), straight to that host (no
// proxy), and a redirect is never followed (a 3xx answer is a failed
// attempt, as a 4xx is).
//
// Deliveries are bounded: each receiver has 4 senders of its own, so at
// most 4 attempts (and 4 connections) at once; an attempt gets 10
// seconds; a receiver has at most 10,000 deliveries outstanding
// (WithWebhookQueue), and a webhook that finds its receiver's queue full
// is not sent there: its delivery shows as "dropped" in the delivery log,
// with the reason, and the sandbox's log says when dropping starts and
// ends. So a receiver that never answers holds its own 4 senders and a
// queue slot per webhook, not a goroutine or a connection each, and holds
// up no other receiver. The delivery log keeps the latest 10,000
// deliveries.
func WithWebhookURLs(urls ...string) Option {
	return func(c *config) { c.webhookURLs = append(c.webhookURLs, urls...) }
}

// CheckWebhookURL reports whether raw can be a webhook receiver's base URL
// (see WithWebhookURLs): an absolute http or https URL with a host and no
// fragment. Its error does not repeat the URL, which may hold a password.
func CheckWebhookURL(raw string) error {
	_, err := webhook.ParseReceiver(raw)
	return err
}

// WithWebhookQueue sets how many deliveries one receiver may have
// outstanding (waiting, being tried or waiting for a retry) before new
// webhooks for it are dropped; the default is 10,000. A value below one
// keeps the default.
func WithWebhookQueue(n int) Option { return func(c *config) { c.webhookQueue = n } }

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
	env      *core.Env // what the providers share: clock, state, answers, webhooks
	ownStore bool
	auth     *auth.Authority
	access   *access.Policy
	logger   *slog.Logger

	providers []mount
	handler   http.Handler

	stop    chan struct{}
	stopped sync.WaitGroup
	closing sync.Once
}

// mount is a provider and the path prefix it is served under.
type mount struct {
	prefix string
	core.Provider
}

// Event is one status change of a payment.
type Event = lifecycle.Event

// Clock is the sandbox's own time: the wall clock shifted by an offset
// that the control API sets (a new date) or grows (an advance). Dates are
// taken in America/New_York, as the providers' business days are.
type Clock = clock.Clock

// New builds a sandbox: its validation engine, its store (loading what a
// durable store already holds) and its clock.
func New(opts ...Option) (*Sandbox, error) {
	cfg := config{webhookRetry: DefaultWebhookRetry, clients: []Credentials{DefaultCredentials},
		tokenLifetime: time.Hour, tick: 200 * time.Millisecond, faultTimeout: 30 * time.Second,
		wall: time.Now, logger: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Sandbox{cfg: cfg, logger: cfg.logger, stop: make(chan struct{})}
	if err := s.init(context.Background()); err != nil {
		_ = s.Close()
		return nil, err
	}
	s.stopped.Add(1)
	go s.run()
	return s, nil
}

// init builds the providers on a shared environment, then the engine
// (which looks up the providers' state), then what answers through the
// engine; and restores what the store holds.
func (s *Sandbox) init(ctx context.Context) error {
	zone, err := time.LoadLocation("America/New_York")
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	checker := s.cfg.rules
	if checker == nil {
		if checker, err = rules.New(nil); err != nil {
			return err
		}
	}
	st := state.New(s.cfg.store, s.logger)
	// Without a store to survive a restart, the providers' own maps are
	// the whole state: there is nothing to copy it to.
	s.ownStore = s.cfg.store == nil
	s.env = &core.Env{Clock: clock.New(s.cfg.wall, zone), State: st, Checker: checker, Idem: idem.New(st),
		Logger: s.logger, CatchUp: s.catchUp}
	s.providers = []mount{
		{FinzlyPrefix, finzly.New(s.env, ControlPrefix+"/finzly")},
		{RedpinPrefix, redpin.New(s.env, ControlPrefix+"/redpin")},
	}
	if s.engine, err = validate.New(ctx, s.engineOptions(checker)...); err != nil {
		return err
	}
	s.env.Respond = respond.New(s.engine, s.logger)
	if s.env.Hooks, err = webhook.New(s.engine, s.cfg.webhookURLs, s.cfg.webhookRetry,
		webhook.Limits{Queue: s.cfg.webhookQueue}, s.logger); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	s.auth = auth.New(s.cfg.clients, s.cfg.tokenLifetime, s.cfg.wall)
	s.access = access.New(s.cfg.controlToken, s.cfg.allowedHosts)
	// Restoring may move the clock (WithToday), which needs the engine,
	// the webhooks and the providers in place.
	if err := s.restore(ctx); err != nil {
		return err
	}
	s.handler = s.routes()
	return nil
}

func (s *Sandbox) engineOptions(checker *rules.Checker) []validate.Option {
	opts := []validate.Option{validate.WithClock(s.env.Clock.Now)}
	for _, p := range s.providers {
		opts = append(opts, p.EngineOptions()...)
	}
	if s.cfg.noRules {
		return append(opts, validate.WithoutRules())
	}
	return append(opts, validate.WithRules(checker))
}

// Handler serves both providers, the control API and the index page.
func (s *Sandbox) Handler() http.Handler { return s.handler }

// Engine is the validation engine the sandbox judges with.
func (s *Sandbox) Engine() *validate.Engine { return s.engine }

// Clock is the sandbox's clock.
func (s *Sandbox) Clock() *Clock { return s.env.Clock }

// Deliveries returns the webhook delivery log, oldest first.
func (s *Sandbox) Deliveries() []Delivery { return s.env.Hooks.Deliveries() }

// Events returns the status changes of a payment of either provider
// (Finzly's paymentUID or Redpin's payment_id), oldest first.
func (s *Sandbox) Events(paymentID string) ([]Event, bool) {
	var events []Event
	found := false
	s.env.State.Lock(func() {
		for _, p := range s.providers {
			if events, found = p.Events(paymentID); found {
				return
			}
		}
	})
	return events, found
}

// Reset forgets every resource, key and delivery (the webhooks waiting
// are never sent, and the attempts in flight are cancelled); the clock
// stays.
func (s *Sandbox) Reset(ctx context.Context) error {
	var err error
	s.env.State.Lock(func() {
		for _, p := range s.providers {
			p.Reset()
		}
		s.env.Idem.Reset()
		s.env.Hooks.Reset()
		s.env.State.ResetStore(ctx)
		err = s.saveClockLocked(ctx)
	})
	if err != nil {
		return err
	}
	return s.env.State.Commit(ctx)
}

// catchUp brings every provider's state to the current sandbox time.
func (s *Sandbox) catchUp(ctx context.Context) {
	now := s.env.Clock.Now()
	s.env.State.Lock(func() {
		for _, p := range s.providers {
			p.Advance(ctx, now)
		}
	})
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

// Close stops the sandbox's background work, cancels the webhook attempts
// in flight (the deliveries not made show as dropped), writes the state
// still queued for the store, and closes the
// store if the sandbox opened it.
func (s *Sandbox) Close() error {
	var err error
	s.closing.Do(func() {
		close(s.stop)
		s.stopped.Wait()
		if s.env != nil && s.env.Hooks != nil {
			s.env.Hooks.Close()
		}
		if s.env != nil {
			s.env.State.Close() // what is queued is written first
		}
		if s.ownStore && s.env != nil {
			err = s.env.State.Store().Close()
		}
	})
	return err
}

// clockRecord is how the clock is kept in the store.
type clockRecord struct {
	Offset time.Duration `json:"offset"`
}

// clockID is the clock's record, of the state's meta kind.
const clockID = "clock"

// restore loads the clock and every provider's state, then applies
// WithToday, storing the clock when it changed.
func (s *Sandbox) restore(ctx context.Context) error {
	var rec clockRecord
	found, err := s.env.State.Get(ctx, state.MetaKind, clockID, &rec)
	if err != nil {
		return err
	}
	if found {
		if err := s.env.Clock.SetOffset(rec.Offset); err != nil {
			return fmt.Errorf("sandbox: the stored clock: %w", err)
		}
	}
	for _, p := range s.providers {
		if err := p.Load(ctx); err != nil {
			return err
		}
	}
	if err := s.env.Idem.Load(ctx); err != nil {
		return err
	}
	if !s.cfg.today.IsZero() {
		if err := s.SetToday(ctx, s.cfg.today); err != nil {
			return fmt.Errorf("sandbox: cannot start on %s: %w", s.cfg.today.Format(time.DateOnly), err)
		}
	}
	if found && s.env.Clock.Offset() == rec.Offset {
		return nil // the clock stored is the clock
	}
	if err := s.saveClock(ctx); err != nil {
		return err
	}
	// A store that cannot be written to fails New, not the first request.
	return s.env.State.Commit(ctx)
}

func (s *Sandbox) saveClock(ctx context.Context) (err error) {
	s.env.State.Lock(func() { err = s.saveClockLocked(ctx) })
	return err
}

func (s *Sandbox) saveClockLocked(ctx context.Context) error {
	return s.env.State.Put(ctx, state.MetaKind, clockID, clockRecord{Offset: s.env.Clock.Offset()})
}
