// Package webhook delivers the providers' webhooks to the receivers the
// sandbox was given, with bounded work and memory: a fixed pool of
// senders (a few per receiver), as many attempts and connections at once
// per receiver, a bounded queue per receiver whose overflow is dropped and
// recorded, and a bounded delivery log. A receiver gets the webhooks about one subject in
// the order they were sent, one at a time; failures are retried with
// backoff; each payload is checked against its webhook operation before
// it is first posted, and never posted if it breaks the spec.
package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/payspec/payspec/validate"
)

// Retry says how failed webhook deliveries are retried: after
// First, then each wait Factor times the one before (at most Max), with
// ±20% jitter, for at most Attempts attempts in all.
type Retry struct {
	First    time.Duration
	Factor   float64
	Max      time.Duration
	Attempts int
}

// DefaultRetry retries quickly, so that tests do not wait: after
// about half a second, then one, two, four ... seconds, eight attempts in
// all.
var DefaultRetry = Retry{First: 500 * time.Millisecond, Factor: 2, Max: 30 * time.Second, Attempts: 8}

func (rp Retry) wait(attempt int) time.Duration {
	d := float64(rp.First)
	for range attempt - 1 {
		d *= rp.Factor
	}
	d = min(d, float64(rp.Max))
	return time.Duration(d * (0.8 + 0.4*rand.Float64()))
}

// Limits bound what the dispatcher does and holds at once.
type Limits struct {
	// PerReceiver bounds the attempts in flight to one receiver, and so
	// the connections open to it. The pool has as many senders for each
	// receiver, so that a receiver that never answers holds up only its
	// own deliveries.
	PerReceiver int
	// Queue bounds the deliveries one receiver has outstanding (waiting,
	// being tried or waiting for a retry). A webhook that finds its
	// receiver's queue full is not sent to it: its delivery is logged
	// as dropped.
	Queue int
	// Timeout bounds one attempt, from connecting to reading the answer.
	Timeout time.Duration
}

// DefaultLimits: four attempts at once per receiver, 10,000 deliveries
// outstanding per receiver and ten seconds per attempt.
var DefaultLimits = Limits{PerReceiver: 4, Queue: 10000, Timeout: 10 * time.Second}

// orDefault fills the limits that are not positive from DefaultLimits.
func (l Limits) orDefault() Limits {
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	l.PerReceiver = pick(l.PerReceiver, DefaultLimits.PerReceiver)
	l.Queue = pick(l.Queue, DefaultLimits.Queue)
	if l.Timeout <= 0 {
		l.Timeout = DefaultLimits.Timeout
	}
	return l
}

// The states of a delivery.
const (
	Pending   = "pending"   // waiting, being tried, or waiting for a retry
	Delivered = "delivered" // answered 2xx
	Failed    = "failed"    // every attempt failed
	Refused   = "refused"   // the payload broke the spec: never sent
	Dropped   = "dropped"   // never sent: the receiver's queue was full, or the sandbox closed
)

// Delivery is one webhook sent (or being sent) to one receiver, as the
// delivery log shows it.
type Delivery struct {
	ID        int             `json:"id"`
	Operation string          `json:"operation"` // the webhook operation of the spec
	URL       string          `json:"url"`       // where it is posted, a password in it masked
	Subject   string          `json:"subject"`   // the payment (or customer) it is about
	Status    string          `json:"status"`    // the status it reports
	Payload   json.RawMessage `json:"payload"`
	Attempts  []Attempt       `json:"attempts"`
	// State is pending, delivered, failed (attempts used up), refused
	// (the payload broke the spec and was not sent) or dropped (not sent:
	// the receiver's queue was full, or the sandbox closed first).
	State string `json:"state"`
	// Reason says why a delivery failed, was refused or was dropped.
	Reason string `json:"reason,omitempty"`

	target string // the URL posted to, as given (URL masks its password)
}

// Attempt is one try at a delivery.
type Attempt struct {
	At     time.Time `json:"at"`
	Status int       `json:"status,omitempty"` // HTTP status, when an answer came
	Error  string    `json:"error,omitempty"`
	// Latency is how long the attempt took, from sending to the answer
	// (or the failure). The console shows it; the control API's JSON
	// leaves it out.
	Latency time.Duration `json:"-"`
}

// maxDeliveryLog bounds the delivery log; the oldest entries go first.
const maxDeliveryLog = 10000

// Dispatcher delivers webhooks to every receiver, validating each payload
// against its webhook operation first and retrying failures. Its senders
// run from New to Close.
type Dispatcher struct {
	engine    *validate.Engine
	retry     Retry
	limits    Limits
	logger    *slog.Logger
	receivers []*receiver
	senders   sync.WaitGroup

	mu     sync.Mutex
	work   *sync.Cond // a lane may have become ready, or a receiver have room
	closed bool
	gen    *generation
	next   int // the receiver a free sender looks at first
	log    []*Delivery
	seq    int
}

// generation is the dispatcher's work since New or the last Reset. Reset
// ends it: its attempts in flight are cancelled, and whatever of it
// settles afterwards is forgotten.
type generation struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newGeneration() *generation {
	ctx, cancel := context.WithCancel(context.Background())
	return &generation{ctx: ctx, cancel: cancel}
}

// ParseReceiver reads the base URL of a webhook receiver: an absolute
// http or https URL with a host and without a fragment. A webhook's path
// is joined to its path; its query, if any, is kept. The error does not
// repeat the URL, which may hold a password.
func ParseReceiver(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, errors.New("webhook: a receiver's URL does not parse")
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("webhook: a receiver's URL must be an http:// or https:// URL")
	case u.Opaque != "" || u.Host == "":
		return nil, errors.New("webhook: a receiver's URL must name a host")
	case u.Fragment != "" || strings.HasSuffix(raw, "#"):
		return nil, errors.New("webhook: a receiver's URL cannot have a fragment (#...), which is never sent")
	}
	return u, nil
}

// New returns a dispatcher that checks payloads with e and delivers them
// to each of urls, retrying failures as retry says, within limits (a limit
// that is not positive takes its DefaultLimits value). Without urls it
// starts nothing.
func New(e *validate.Engine, urls []string, retry Retry, limits Limits, logger *slog.Logger) (*Dispatcher, error) {
	bases := make([]*url.URL, len(urls))
	for i, raw := range urls {
		u, err := ParseReceiver(raw)
		if err != nil {
			return nil, err
		}
		bases[i] = u
	}
	d := &Dispatcher{engine: e, retry: retry, limits: limits.orDefault(), logger: logger, gen: newGeneration()}
	d.work = sync.NewCond(&d.mu)
	for _, u := range bases {
		d.receivers = append(d.receivers, newReceiver(u, d.limits))
	}
	// Each receiver's share of the pool is all it may use at once: a
	// receiver that has room always finds a sender free.
	pool := d.limits.PerReceiver * len(d.receivers)
	d.senders.Add(pool)
	for range pool {
		go d.sender()
	}
	return d, nil
}

// Enabled reports whether there is any receiver to deliver to.
func (d *Dispatcher) Enabled() bool { return len(d.receivers) > 0 }

// Send queues a provider's webhook for a subject's new status, through
// the webhook operation opID, to every receiver. It does not wait for the
// webhook to be checked or posted, so it may be called with the sandbox's
// state locked.
func (d *Dispatcher) Send(opID, subject, status string, payload any) {
	if !d.Enabled() {
		return
	}
	op, ok := d.engine.Operation(opID)
	if !ok {
		d.logger.Error("sandbox: no webhook operation", "operation", opID)
		return
	}
	b, err := json.Marshal(payload)
	if err != nil {
		d.logger.Error("sandbox: encoding a webhook", "operation", opID, "error", err)
		return
	}
	d.queue(&check{opID: opID, payload: b}, op.Path, subject, status)
}

// queue records a webhook's delivery to every receiver and puts each in
// its receiver's lane for the subject, or drops it where the receiver's
// queue is full.
func (d *Dispatcher) queue(c *check, path, subject, status string) {
	var notes []func()
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	for _, rc := range d.receivers {
		target := rc.base.JoinPath(path)
		dl := d.record(&Delivery{Operation: c.opID, URL: target.Redacted(), target: target.String(),
			Subject: subject, Status: status, Payload: c.payload, State: Pending})
		if note := d.admit(rc, dl); note != nil {
			notes = append(notes, note)
		}
		if dl.State == Pending && rc.add(subject, &item{dl: dl, check: c}) && rc.busy < d.limits.PerReceiver {
			d.work.Broadcast()
		}
	}
	d.mu.Unlock()
	for _, note := range notes {
		note()
	}
}

// admit drops dl if its receiver's queue is full, and returns the log
// line to write (outside the lock) when the receiver starts or stops
// dropping.
func (d *Dispatcher) admit(rc *receiver, dl *Delivery) func() {
	if rc.full(d.limits.Queue) {
		dl.State = Dropped
		dl.Reason = fmt.Sprintf("the receiver's queue is full (%d deliveries outstanding)", d.limits.Queue)
		rc.dropped++
		if rc.dropped > 1 {
			return nil
		}
		return func() {
			d.logger.Warn("sandbox: webhook queue full; dropping deliveries until it has room",
				slog.String("receiver", rc.base.Redacted()), slog.Int("queue", d.limits.Queue))
		}
	}
	if n := rc.dropped; n > 0 {
		rc.dropped = 0
		return func() {
			d.logger.Warn("sandbox: webhook queue has room again", slog.String("receiver", rc.base.Redacted()), slog.Int("dropped", n))
		}
	}
	return nil
}

// record adds a delivery to the log, under d.mu.
func (d *Dispatcher) record(dl *Delivery) *Delivery {
	d.seq++
	dl.ID = d.seq
	d.log = append(d.log, dl)
	if len(d.log) > maxDeliveryLog {
		d.log = d.log[len(d.log)-maxDeliveryLog:]
	}
	return dl
}

// Deliveries returns a copy of the delivery log, oldest first.
func (d *Dispatcher) Deliveries() []Delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Delivery, len(d.log))
	for i, dl := range d.log {
		out[i] = copyOf(dl)
	}
	return out
}

// Latest returns the deliveries at positions from (included) to to
// (excluded) of the log counted from the newest, 0 being the newest, and
// the log's length. Only those deliveries are copied; positions outside
// the log are left out.
func (d *Dispatcher) Latest(from, to int) ([]Delivery, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := len(d.log)
	from, to = min(max(from, 0), n), min(max(to, 0), n)
	out := make([]Delivery, 0, max(to-from, 0))
	for i := from; i < to; i++ {
		out = append(out, copyOf(d.log[n-1-i]))
	}
	return out, n
}

// About returns a copy of the deliveries about one subject (a payment's
// id, say) that the log holds, newest first.
func (d *Dispatcher) About(subject string) []Delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Delivery
	for i := len(d.log) - 1; i >= 0; i-- {
		if d.log[i].Subject == subject {
			out = append(out, copyOf(d.log[i]))
		}
	}
	return out
}

// copyOf copies a delivery with its attempts, under d.mu.
func copyOf(dl *Delivery) Delivery {
	c := *dl
	c.Attempts = append([]Attempt(nil), dl.Attempts...)
	return c
}

// Reset forgets every delivery: those waiting are never sent, the
// attempts in flight are cancelled, and the log is emptied.
func (d *Dispatcher) Reset() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.endGeneration()
	for _, rc := range d.receivers {
		rc.forget()
	}
	d.gen = newGeneration()
	d.log = nil
}

// Close stops the senders: the attempts in flight are cancelled, and the
// deliveries not yet made are logged as dropped. It returns once every
// sender has stopped.
func (d *Dispatcher) Close() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.closed = true
	d.endGeneration()
	d.work.Broadcast()
	d.mu.Unlock()
	d.senders.Wait()

	d.mu.Lock()
	defer d.mu.Unlock()
	for _, rc := range d.receivers {
		for _, ln := range rc.lanes {
			for _, it := range ln.items {
				it.dl.State, it.dl.Reason = Dropped, "the sandbox closed before it was delivered"
			}
		}
		rc.forget()
		rc.client.CloseIdleConnections()
	}
}

// endGeneration cancels the current generation's attempts and stops its
// retry timers, under d.mu.
func (d *Dispatcher) endGeneration() {
	d.gen.cancel()
	for _, rc := range d.receivers {
		for _, ln := range rc.lanes {
			if ln.retry != nil {
				ln.retry.Stop()
			}
		}
	}
}
