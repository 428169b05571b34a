package state

import (
	"context"
	"errors"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/payspec/payspec/sandbox/store"
)

// commitTimeout bounds one store transaction of the committer. Its context
// is the committer's own: a client that goes away ends no write.
const commitTimeout = 15 * time.Second

// maxGroup bounds how many units one store transaction writes.
const maxGroup = 256

// commitDelay is how long the committer waits for more units before a
// transaction when requests are coming side by side (the last transaction
// wrote more than one unit): each transaction ends with a sync to disk,
// whose cost then falls on more requests. A lone client, whose every
// transaction holds its own unit only, is never made to wait. (The same
// idea as PostgreSQL's commit_delay with commit_siblings.)
const commitDelay = 150 * time.Microsecond

// unit is what one lock section wrote, with what a request added to it
// while holding it: records reach the store together, in one transaction.
type unit struct {
	records []store.Record
	reset   bool   // empty the store before writing records
	owner   *scope // the request that holds the unit until its Commit
	held    bool   // not to be written yet; guarded by commitLog.mu
	done    chan struct{}
	err     error // the store's failure, set before done is closed
}

func newUnit() *unit { return &unit{done: make(chan struct{})} }

// scope is one request's part in the commit order: the units it holds.
type scope struct {
	units []*unit // since its last Commit, oldest first; guarded by commitLog.mu
	err   error   // the first failure its Commit saw
}

type scopeKey struct{}

// Track returns a context carrying a new request scope: the units written
// with it are held until Commit is called with it (see the package
// documentation).
func Track(ctx context.Context) context.Context {
	return context.WithValue(ctx, scopeKey{}, &scope{})
}

func scopeOf(ctx context.Context) *scope {
	sc, _ := ctx.Value(scopeKey{}).(*scope)
	return sc
}

// commitLog is the queue of units in the order their sections ended, and
// the goroutine that writes them.
type commitLog struct {
	store   store.Store
	logger  *slog.Logger
	mu      sync.Mutex
	ready   *sync.Cond // a unit may be written, or the log closed
	queue   []*unit
	last    *unit // the unit queued last, written or not
	closed  bool
	closing chan struct{} // closed by close, to end a wait
	stopped chan struct{}
	// delay is commitDelay (tests change it); lastGroup is how many units
	// the last transaction wrote. Both are the committer's own.
	delay     time.Duration
	lastGroup int
	waiting   bool // the committer waits for company; guarded by mu
	// pending is what failed transactions left unwritten, as one unit:
	// the next transaction writes it first, and a request with nothing of
	// its own to write waits for that (see retryPending). Guarded by mu.
	pending *unit
}

func newCommitLog(st store.Store, logger *slog.Logger) *commitLog {
	l := &commitLog{store: st, logger: logger, closing: make(chan struct{}), stopped: make(chan struct{}), delay: commitDelay}
	l.ready = sync.NewCond(&l.mu)
	go l.run()
	return l
}

// append queues the unit of a section that has ended. A unit of a request
// whose held unit is still the last in the queue joins that unit, since
// nothing was queued between them.
func (l *commitLog) append(u *unit) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if tail := l.last; !l.closed && u.owner != nil && !u.reset && tail != nil && tail.held && tail.owner == u.owner {
		tail.records = append(tail.records, u.records...)
		return
	}
	l.queueLocked(u)
}

// own adds a record of the request's own to the unit it holds last, or
// queues it as a unit of its own.
func (l *commitLog) own(sc *scope, rec store.Record) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if sc != nil && len(sc.units) > 0 {
		if u := sc.units[len(sc.units)-1]; u.held {
			u.records = append(u.records, rec)
			return
		}
	}
	u := newUnit()
	u.records, u.owner = []store.Record{rec}, sc
	l.queueLocked(u)
}

func (l *commitLog) queueLocked(u *unit) {
	if sc := u.owner; sc != nil {
		sc.units = append(sc.units, u)
	}
	if l.closed {
		u.err = store.ErrClosed
		close(u.done)
		return
	}
	u.held = u.owner != nil
	l.queue = append(l.queue, u)
	l.last = u
	if !u.held {
		l.ready.Signal()
	}
}

// commit releases the scope's units and waits until they are written.
// A scope with none waits for what failed transactions left unwritten, if
// anything: a request (a replayed answer, a read) must not be answered
// from records the store does not hold.
func (l *commitLog) commit(ctx context.Context, sc *scope) error {
	units := l.release(sc)
	if len(units) == 0 {
		units = l.retryPending()
	}
	for _, u := range units {
		select {
		case <-u.done:
			if u.err != nil && sc.err == nil {
				sc.err = u.err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return sc.err
}

// release lets the committer write the scope's units, and returns them.
func (l *commitLog) release(sc *scope) []*unit {
	l.mu.Lock()
	defer l.mu.Unlock()
	units := sc.units
	sc.units = nil
	for _, u := range units {
		u.held = false
	}
	if len(units) > 0 {
		l.ready.Signal()
	}
	return units
}

// retryPending queues an empty unit, which the committer writes with
// what failed transactions left unwritten, and returns it; nil when
// nothing is left.
func (l *commitLog) retryPending() []*unit {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending == nil || l.closed {
		return nil
	}
	u := newUnit()
	l.queueLocked(u)
	return []*unit{u}
}

// flush waits until every unit queued so far is written.
func (l *commitLog) flush(ctx context.Context) error {
	l.mu.Lock()
	last := l.last
	l.mu.Unlock()
	if last == nil {
		return nil
	}
	select {
	case <-last.done:
		return last.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close releases every held unit, waits until the queue is written and
// stops the committer.
func (l *commitLog) close() {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.closing)
		for _, u := range l.queue {
			u.held = false
		}
		l.ready.Broadcast()
	}
	l.mu.Unlock()
	<-l.stopped
}

// run writes the queue, a group of units at a time, until the log is
// closed and empty.
func (l *commitLog) run() {
	defer close(l.stopped)
	for {
		group := l.next()
		if group == nil {
			return
		}
		units := group
		l.mu.Lock()
		if l.pending != nil {
			units = append([]*unit{l.pending}, group...)
		}
		l.mu.Unlock()
		err := l.write(units)
		l.mu.Lock()
		l.pending = nil
		if err != nil {
			l.pending = unwritten(units)
		}
		l.mu.Unlock()
		for _, u := range group {
			u.err = err
			close(u.done)
		}
	}
}

// next takes the units at the head of the queue that no request holds,
// waiting for some.
func (l *commitLog) next() []*unit {
	l.mu.Lock()
	defer l.mu.Unlock()
	gathered := 0 // units ready when the committer last stepped aside
	waited := false
	for {
		n := 0
		for n < len(l.queue) && n < maxGroup && !l.queue[n].held {
			n++
		}
		if n > gathered && n < maxGroup && !l.closed {
			// Step aside while more units get ready: the requests
			// running now reach their commit and join this group,
			// instead of each paying for a transaction (and a sync to
			// disk) of its own. When nothing else is runnable, the
			// committer goes on at once.
			gathered = n
			l.mu.Unlock()
			runtime.Gosched()
			l.mu.Lock()
			continue
		}
		if n > 0 && !waited && l.lastGroup > 1 && n < maxGroup && !l.closed {
			// Requests come side by side: give those on their way a
			// moment to join this transaction. close ends the wait.
			waited, l.waiting = true, true
			d := l.delay
			l.mu.Unlock()
			l.wait(d)
			l.mu.Lock()
			l.waiting = false
			continue
		}
		if n > 0 {
			group := append([]*unit(nil), l.queue[:n]...)
			l.queue = append(l.queue[:0], l.queue[n:]...)
			l.lastGroup = n
			return group
		}
		gathered = 0
		if l.closed && len(l.queue) == 0 {
			return nil
		}
		l.ready.Wait()
	}
}

// wait sleeps d, or until the log is closed.
func (l *commitLog) wait(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-l.closing:
	}
}

// write stores units in one transaction: when one of them empties the
// store, the transaction empties it and writes what that unit and the
// later ones wrote (the earlier ones' records would be gone anyway).
func (l *commitLog) write(units []*unit) error {
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	defer cancel()
	u := unwritten(units)
	return l.tx(ctx, u.reset, u.records)
}

// unwritten is one unit with the effect of units on the store: the
// records after the last reset among them, with that reset, or all of
// them.
func unwritten(units []*unit) *unit {
	from, reset := 0, false
	for i, u := range units {
		if u.reset {
			from, reset = i, true
		}
	}
	return &unit{records: latest(units[from:]), reset: reset}
}

// errNoClear reports a store whose transactions cannot empty it.
var errNoClear = errors.New("state: the store's transactions cannot empty it")

func (l *commitLog) tx(ctx context.Context, reset bool, records []store.Record) error {
	if len(records) == 0 && !reset {
		return nil
	}
	put := func(w store.Writer) error {
		for _, r := range records {
			if err := w.Put(r); err != nil {
				return err
			}
		}
		return nil
	}
	err := l.store.Tx(ctx, func(w store.Writer) error {
		if !reset {
			return put(w)
		}
		c, ok := w.(store.Clearer)
		if !ok {
			return errNoClear
		}
		if err := c.Clear(); err != nil {
			return err
		}
		return put(w)
	})
	if errors.Is(err, errNoClear) {
		// Two steps, for a store that cannot do it in one.
		if err = l.store.Reset(ctx); err == nil {
			err = l.store.Tx(ctx, put)
		}
	}
	if err != nil {
		l.logger.Error("sandbox: saving state", "records", len(records), "reset", reset, "error", err)
	}
	return err
}

// recordKey names a record in the store.
type recordKey struct{ kind, id string }

// latest lists what the units write, in their order, with only the last
// of the records written under one name: in one transaction the earlier
// ones would be overwritten anyway (a sequence taken by every payment of
// the group is written once).
func latest(units []*unit) []store.Record {
	n := 0
	for _, u := range units {
		n += len(u.records)
	}
	last := make(map[recordKey]int, n)
	i := 0
	for _, u := range units {
		for _, r := range u.records {
			last[recordKey{r.Kind, r.ID}] = i
			i++
		}
	}
	out := make([]store.Record, 0, len(last))
	i = 0
	for _, u := range units {
		for _, r := range u.records {
			if last[recordKey{r.Kind, r.ID}] == i {
				out = append(out, r)
			}
			i++
		}
	}
	return out
}
