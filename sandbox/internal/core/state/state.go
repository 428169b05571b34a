// Package state holds what every provider of the sandbox keeps: the lock
// that makes each request and each step of time see and leave a
// consistent whole, and the store its resources are copied to as JSON
// records (with the sequences that hand out their ids).
//
// # Writing state
//
// What a section of code holding the lock writes (Lock, then Put, Save
// or Take inside) is one unit: its records reach the store together, in
// one store transaction, and units reach the store in the order their
// sections ended, so a record is never overwritten by an older copy. A
// committer of the state's own writes the units in the background,
// several at once in one transaction when they queue up (a group
// commit), with a context of its own that no client's request ends.
//
// A request that answers from what it wrote runs in a scope (Track):
// its units are held until the request says it is done (Commit), so
// that a record it writes outside the lock (SaveOwn: the idempotency
// entry holding its answer) joins the same transaction, and Commit
// waits until they are durable. Its answer is sent only after that. While
// it holds units a request waits for nothing but its own Commit, since the
// units queued behind its own wait for it.
package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/payspec/payspec/sandbox/store"
)

// ErrNotJSON is returned when a stored record does not decode.
var ErrNotJSON = errors.New("sandbox: a stored record is not valid JSON")

// MetaKind is the store kind of the sandbox's own records (the clock, the
// sequences).
const MetaKind = "sandbox.meta"

// State is the sandbox's state lock and its store. Every provider's
// resources are guarded by the one lock.
type State struct {
	store  store.Store
	logger *slog.Logger
	mu     sync.RWMutex
	// section is what the section holding mu has written so far; it is
	// guarded by mu.
	section *unit
	// log writes units to the store; nil when there is no store.
	log *commitLog
}

// New returns the state kept in st; failures to save are logged to
// logger. A nil st keeps nothing (see None). Close stops the committer.
func New(st store.Store, logger *slog.Logger) *State {
	if st == nil {
		return &State{store: None{}, logger: logger}
	}
	return &State{store: st, logger: logger, log: newCommitLog(st, logger)}
}

// Store is where the records are kept.
func (s *State) Store() store.Store { return s.store }

// Keeps says whether records are kept anywhere: false for a state without
// a store, whose writes are dropped and whose Commit has nothing to wait
// for.
func (s *State) Keeps() bool { return s.log != nil }

// Lock runs fn with the state locked. What fn writes is one unit (see the
// package documentation), queued for the store when fn returns.
func (s *State) Lock(fn func()) {
	s.mu.Lock()
	defer s.unlock()
	fn()
}

// unlock queues the section's unit, then releases the lock.
func (s *State) unlock() {
	u := s.section
	s.section = nil
	if u != nil && s.log != nil {
		s.log.append(u)
	}
	s.mu.Unlock()
}

// RLock runs fn with the state held for reading only, so that lookups run
// side by side. fn must not write.
func (s *State) RLock(fn func()) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn()
}

// current is the unit of the section running now, which the request of
// ctx (if any) will hold. The caller holds the lock.
func (s *State) current(ctx context.Context) *unit {
	if s.section == nil {
		s.section = newUnit()
	}
	if s.section.owner == nil {
		s.section.owner = scopeOf(ctx)
	}
	return s.section
}

// Get reads a stored record into v.
func (s *State) Get(ctx context.Context, kind, id string, v any) (bool, error) {
	rec, ok, err := s.store.Get(ctx, kind, id)
	if err != nil || !ok {
		return ok, err
	}
	if err := json.Unmarshal(rec.Data, v); err != nil {
		return false, fmt.Errorf("%w: %s %s: %v", ErrNotJSON, kind, id, err)
	}
	return true, nil
}

// Put stores v as a record, in the unit of the lock section it is called
// from (the caller holds the lock). The record is encoded now; it reaches
// the store with the rest of the unit.
func (s *State) Put(ctx context.Context, kind, id string, v any) error {
	if s.log == nil {
		return nil // nothing keeps it: skip the encoding
	}
	rec, err := encode(kind, id, v)
	if err != nil {
		return err
	}
	u := s.current(ctx)
	u.records = append(u.records, rec)
	return nil
}

// Save stores a resource as Put does, logging a failure to encode it: the
// answer is decided and the memory state stays right.
func (s *State) Save(ctx context.Context, kind, id string, v any) {
	if err := s.Put(ctx, kind, id, v); err != nil {
		s.logger.Error("sandbox: saving state", "kind", kind, "id", id, "error", err)
	}
}

// SaveOwn stores v as a record without the lock held, logging a failure
// to encode it. Only a record that no other request writes may be saved so
// (an idempotency entry, whose key only its own request holds): it joins
// the unit the request of ctx still holds, or is a unit of its own.
func (s *State) SaveOwn(ctx context.Context, kind, id string, v any) {
	if s.log == nil {
		return
	}
	rec, err := encode(kind, id, v)
	if err != nil {
		s.logger.Error("sandbox: saving state", "kind", kind, "id", id, "error", err)
		return
	}
	s.log.own(scopeOf(ctx), rec)
}

// ResetStore forgets every stored record, in the order of the units: the
// units queued before are written first, then the store is emptied, then
// what the section writes next is written. The caller holds the lock.
func (s *State) ResetStore(ctx context.Context) {
	if s.log == nil {
		return
	}
	u := s.current(ctx)
	u.reset, u.records = true, nil
}

// Commit ends the scope of ctx's request (see Track): the units it holds
// are released to the committer, and Commit waits until they are in the
// store. It returns the first failure to store them, even one a previous
// Commit of the same scope saw, or ctx's error when ctx ends first (the
// units are stored all the same). Without a scope in ctx, Commit waits
// for every unit queued so far.
func (s *State) Commit(ctx context.Context) error {
	if s.log == nil {
		return nil
	}
	sc := scopeOf(ctx)
	if sc == nil {
		return s.log.flush(ctx)
	}
	return s.log.commit(ctx, sc)
}

// Release lets the committer write the units the request of ctx holds,
// without waiting for them: what a request whose handler failed (a panic)
// had written is stored, and the units queued after it are not held up.
// After Commit it has nothing to do.
func (s *State) Release(ctx context.Context) {
	if sc := scopeOf(ctx); sc != nil && s.log != nil {
		s.log.release(sc)
	}
}

// Close writes the units still queued, releasing those a request still
// holds, and stops the committer; it does not close the store. Units
// queued after Close fail with store.ErrClosed.
func (s *State) Close() {
	if s.log != nil {
		s.log.close()
	}
}

func encode(kind, id string, v any) (store.Record, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return store.Record{}, fmt.Errorf("sandbox: encoding %s %s: %w", kind, id, err)
	}
	return store.Record{Kind: kind, ID: id, Data: b}, nil
}

// List reads every record of a kind, decoding each with fn.
func (s *State) List(ctx context.Context, kind string, fn func(id string, data []byte) error) error {
	var ferr error
	err := s.store.List(ctx, kind, func(r store.Record) bool {
		ferr = fn(r.ID, r.Data)
		return ferr == nil
	})
	if err != nil {
		return err
	}
	return ferr
}

// LoadInto decodes a stored record into v and files it under id.
func LoadInto[T any](data []byte, into map[string]*T, id string, v *T) error {
	if err := json.Unmarshal(data, v); err != nil {
		return ErrNotJSON
	}
	into[id] = v
	return nil
}

// Sequence hands out increasing numbers, kept in the store so that ids
// stay unique across restarts.
type Sequence struct {
	name string
	next int64
}

// NewSequence returns a sequence that starts at first.
func NewSequence(name string, first int64) *Sequence { return &Sequence{name: name, next: first} }

// Take returns the next number of seq and records it.
func (s *State) Take(ctx context.Context, seq *Sequence) int64 {
	n := seq.next
	seq.next++
	if err := s.Put(ctx, MetaKind, "seq."+seq.name, seq.next); err != nil {
		s.logger.Error("sandbox: saving a sequence", "sequence", seq.name, "error", err)
	}
	return n
}

// LoadSequence restores a sequence, starting at first when none is
// stored.
func (s *State) LoadSequence(ctx context.Context, name string, first int64) (*Sequence, error) {
	seq := NewSequence(name, first)
	var n int64
	ok, err := s.Get(ctx, MetaKind, "seq."+name, &n)
	if err != nil {
		return nil, err
	}
	if ok && n > first {
		seq.next = n
	}
	return seq, nil
}

// None is the store of a sandbox given none: its state is kept in memory
// by the providers themselves, so records are not copied anywhere.
type None struct{}

// Get finds nothing.
func (None) Get(context.Context, string, string) (store.Record, bool, error) {
	return store.Record{}, false, nil
}

// Put keeps nothing.
func (None) Put(context.Context, store.Record) error { return nil }

// Delete has nothing to delete.
func (None) Delete(context.Context, string, string) error { return nil }

// List lists nothing.
func (None) List(context.Context, string, func(store.Record) bool) error { return nil }

// Tx keeps nothing fn writes.
func (None) Tx(_ context.Context, fn func(store.Writer) error) error { return fn(discard{}) }

// discard is the writer of None's transactions.
type discard struct{}

func (discard) Put(store.Record) error      { return nil }
func (discard) Delete(string, string) error { return nil }

// Reset has nothing to forget.
func (None) Reset(context.Context) error { return nil }

// Close has nothing to close.
func (None) Close() error { return nil }
