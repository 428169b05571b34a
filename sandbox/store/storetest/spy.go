package storetest

import (
	"bytes"
	"context"
	"errors"
	"sync"

	"github.com/payspec/payspec/sandbox/store"
)

// Spy is a memory store that keeps a list of the transactions it has
// kept, and that a test can make hold transactions back (Hold) or fail
// them (Fail). Like a database, it refuses a transaction whose context has
// ended.
type Spy struct {
	*store.Memory
	mu     sync.Mutex
	txs    [][]store.Record
	resets int // calls of Reset, outside any transaction
	gate   chan struct{}
	fail   error
}

// NewSpy returns an empty spy.
func NewSpy() *Spy { return &Spy{Memory: store.NewMemory()} }

// Hold makes transactions wait until release is called.
func (s *Spy) Hold() (release func()) {
	gate := make(chan struct{})
	s.mu.Lock()
	s.gate = gate
	s.mu.Unlock()
	return sync.OnceFunc(func() {
		s.mu.Lock()
		s.gate = nil
		s.mu.Unlock()
		close(gate)
	})
}

// Fail makes transactions fail with err from now on; nil ends that.
func (s *Spy) Fail(err error) {
	s.mu.Lock()
	s.fail = err
	s.mu.Unlock()
}

// Tx implements store.Store, noting what a kept transaction wrote.
func (s *Spy) Tx(ctx context.Context, fn func(store.Writer) error) error {
	s.mu.Lock()
	gate, fail := s.gate, s.fail
	s.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if fail != nil {
		return fail
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var wrote []store.Record
	err := s.Memory.Tx(ctx, func(w store.Writer) error { return fn(noting{w, &wrote}) })
	if err == nil {
		s.mu.Lock()
		s.txs = append(s.txs, wrote)
		s.mu.Unlock()
	}
	return err
}

// Reset implements store.Store, counting the calls (see Resets). It fails
// as transactions do.
func (s *Spy) Reset(ctx context.Context) error {
	s.mu.Lock()
	s.resets++
	fail := s.fail
	s.mu.Unlock()
	if fail != nil {
		return fail
	}
	return s.Memory.Reset(ctx)
}

// Resets is how many times the store was emptied outside a transaction.
func (s *Spy) Resets() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resets
}

// Transactions lists the records each kept transaction wrote, in order.
func (s *Spy) Transactions() [][]store.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]store.Record(nil), s.txs...)
}

// noting passes writes on, noting the records put.
type noting struct {
	store.Writer
	wrote *[]store.Record
}

// Clear empties the store within the transaction, as the spied store's
// writer does.
func (w noting) Clear() error {
	c, ok := w.Writer.(store.Clearer)
	if !ok {
		return errors.New("storetest: the spied store's transactions cannot empty it")
	}
	return c.Clear()
}

func (w noting) Put(r store.Record) error {
	*w.wrote = append(*w.wrote, store.Record{Kind: r.Kind, ID: r.ID, Data: bytes.Clone(r.Data)})
	return w.Writer.Put(r)
}
