// Package state holds what every provider of the sandbox keeps: the lock
// that makes each request and each step of time see and leave a
// consistent whole, and the store its resources are copied to as JSON
// records (with the sequences that hand out their ids).
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
}

// New returns the state kept in st; failures to save are logged to
// logger. A nil st keeps nothing (see None).
func New(st store.Store, logger *slog.Logger) *State {
	if st == nil {
		st = None{}
	}
	return &State{store: st, logger: logger}
}

// Store is where the records are kept.
func (s *State) Store() store.Store { return s.store }

// Lock runs fn with the state locked.
func (s *State) Lock(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn()
}

// RLock runs fn with the state held for reading only, so that lookups run
// side by side.
func (s *State) RLock(fn func()) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn()
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

// Put stores v as a record.
func (s *State) Put(ctx context.Context, kind, id string, v any) error {
	if _, none := s.store.(None); none {
		return nil // nothing keeps it: skip the encoding
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("sandbox: encoding %s %s: %w", kind, id, err)
	}
	return s.store.Put(ctx, store.Record{Kind: kind, ID: id, Data: b})
}

// Save stores a resource, logging a failure: the answer is decided and
// the memory state stays right.
func (s *State) Save(ctx context.Context, kind, id string, v any) {
	if err := s.Put(ctx, kind, id, v); err != nil {
		s.logger.Error("sandbox: saving state", "kind", kind, "id", id, "error", err)
	}
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

// Reset has nothing to forget.
func (None) Reset(context.Context) error { return nil }

// Close has nothing to close.
func (None) Close() error { return nil }
