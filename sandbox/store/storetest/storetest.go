// Package storetest is the contract every sandbox store keeps, as a test
// suite that each implementation runs against itself.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox/store"
)

// Run checks a store's behaviour. open returns a store over the same
// backing data each time it is called (a fresh store the first time), so
// that persistence across a reopen can be checked; durable says whether
// the store is expected to keep records across that reopen.
func Run(t *testing.T, open func(t *testing.T) store.Store, durable bool) {
	t.Run("GetPutDelete", func(t *testing.T) { getPutDelete(t, open(t)) })
	t.Run("ListOrderAndKinds", func(t *testing.T) { listOrderAndKinds(t, open(t)) })
	t.Run("CopiesAreIndependent", func(t *testing.T) { copiesAreIndependent(t, open(t)) })
	t.Run("Reset", func(t *testing.T) { reset(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { concurrent(t, open(t)) })
	t.Run("ListMayUseTheStore", func(t *testing.T) { listMayUseTheStore(t, open(t)) })
	t.Run("TxKeepsEveryWrite", func(t *testing.T) { txKeepsEveryWrite(t, open(t)) })
	t.Run("TxFailureWritesNothing", func(t *testing.T) { txFailureWritesNothing(t, open(t)) })
	t.Run("TxIsSeenWhole", func(t *testing.T) { txIsSeenWhole(t, open(t)) })
	t.Run("TxClears", func(t *testing.T) { txClears(t, open(t)) })
	t.Run("Reopen", func(t *testing.T) { reopen(t, open, durable) })
	t.Run("TxSurvivesReopen", func(t *testing.T) { txSurvivesReopen(t, open, durable) })
	t.Run("Closed", func(t *testing.T) { closed(t, open(t)) })
}

var ctx = context.Background()

func getPutDelete(t *testing.T, s store.Store) {
	defer s.Close()
	_, ok, err := s.Get(ctx, "k", "a")
	require.NoError(t, err)
	assert.False(t, ok)
	require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "a", Data: []byte(`{"v":1}`)}))
	r, ok, err := s.Get(ctx, "k", "a")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, store.Record{Kind: "k", ID: "a", Data: []byte(`{"v":1}`)}, r)
	require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "a", Data: []byte(`{"v":2}`)}))
	r, _, err = s.Get(ctx, "k", "a")
	require.NoError(t, err)
	assert.Equal(t, `{"v":2}`, string(r.Data), "Put replaces")
	require.NoError(t, s.Delete(ctx, "k", "a"))
	require.NoError(t, s.Delete(ctx, "k", "a"), "deleting twice is not an error")
	_, ok, err = s.Get(ctx, "k", "a")
	require.NoError(t, err)
	assert.False(t, ok)
}

func listOrderAndKinds(t *testing.T, s store.Store) {
	defer s.Close()
	for _, id := range []string{"10", "2", "b", "a", "1"} {
		require.NoError(t, s.Put(ctx, store.Record{Kind: "x", ID: id, Data: []byte(id)}))
	}
	require.NoError(t, s.Put(ctx, store.Record{Kind: "y", ID: "z", Data: []byte("z")}))
	var ids []string
	require.NoError(t, s.List(ctx, "x", func(r store.Record) bool {
		assert.Equal(t, "x", r.Kind)
		assert.Equal(t, r.ID, string(r.Data))
		ids = append(ids, r.ID)
		return true
	}))
	assert.Equal(t, []string{"1", "10", "2", "a", "b"}, ids, "byte order of ids")
	n := 0
	require.NoError(t, s.List(ctx, "x", func(store.Record) bool { n++; return n < 2 }))
	assert.Equal(t, 2, n, "List stops when fn returns false")
	require.NoError(t, s.List(ctx, "none", func(store.Record) bool { t.Error("called"); return true }))
}

func copiesAreIndependent(t *testing.T, s store.Store) {
	defer s.Close()
	data := []byte("abc")
	require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "a", Data: data}))
	data[0] = 'X'
	r, _, err := s.Get(ctx, "k", "a")
	require.NoError(t, err)
	assert.Equal(t, "abc", string(r.Data), "the store keeps its own copy")
	r.Data[0] = 'Y'
	again, _, err := s.Get(ctx, "k", "a")
	require.NoError(t, err)
	assert.Equal(t, "abc", string(again.Data), "a record read is the caller's copy")
}

func reset(t *testing.T, s store.Store) {
	defer s.Close()
	require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "a", Data: []byte("1")}))
	require.NoError(t, s.Put(ctx, store.Record{Kind: "j", ID: "b", Data: []byte("1")}))
	require.NoError(t, s.Reset(ctx))
	for _, kind := range []string{"k", "j"} {
		require.NoError(t, s.List(ctx, kind, func(store.Record) bool { t.Error("record left after Reset"); return true }))
	}
}

func concurrent(t *testing.T, s store.Store) {
	defer s.Close()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				id := fmt.Sprintf("%d-%02d", w, i)
				assert.NoError(t, s.Put(ctx, store.Record{Kind: "c", ID: id, Data: []byte(id)}))
				r, ok, err := s.Get(ctx, "c", id)
				assert.NoError(t, err)
				assert.True(t, ok)
				assert.Equal(t, id, string(r.Data))
			}
		}()
	}
	wg.Wait()
	n := 0
	require.NoError(t, s.List(ctx, "c", func(store.Record) bool { n++; return true }))
	assert.Equal(t, 200, n)
}

func listMayUseTheStore(t *testing.T, s store.Store) {
	defer s.Close()
	for _, id := range []string{"a", "b", "c"} {
		require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: id, Data: []byte(id)}))
	}
	require.NoError(t, s.List(ctx, "k", func(r store.Record) bool {
		assert.NoError(t, s.Put(ctx, store.Record{Kind: "k2", ID: r.ID, Data: r.Data}))
		assert.NoError(t, s.Delete(ctx, "k", r.ID))
		return true
	}))
	n := 0
	require.NoError(t, s.List(ctx, "k2", func(store.Record) bool { n++; return true }))
	assert.Equal(t, 3, n)
}

func txKeepsEveryWrite(t *testing.T, s store.Store) {
	defer s.Close()
	require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "gone", Data: []byte("1")}))
	require.NoError(t, s.Tx(ctx, func(w store.Writer) error {
		for _, r := range []store.Record{
			{Kind: "k", ID: "a", Data: []byte("1")},
			{Kind: "j", ID: "b", Data: []byte("2")},
			{Kind: "k", ID: "a", Data: []byte("3")}, // the last write of a record wins
		} {
			if err := w.Put(r); err != nil {
				return err
			}
		}
		return w.Delete("k", "gone")
	}))
	assert.Equal(t, map[string]string{"a": "3"}, contents(t, s, "k"))
	assert.Equal(t, map[string]string{"b": "2"}, contents(t, s, "j"))
}

// errMidway is the failure txFailureWritesNothing stops its transaction
// with.
var errMidway = errors.New("storetest: a failure half way through")

func txFailureWritesNothing(t *testing.T, s store.Store) {
	defer s.Close()
	require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "kept", Data: []byte("before")}))
	err := s.Tx(ctx, func(w store.Writer) error {
		require.NoError(t, w.Put(store.Record{Kind: "k", ID: "new", Data: []byte("1")}))
		require.NoError(t, w.Put(store.Record{Kind: "k", ID: "kept", Data: []byte("after")}))
		require.NoError(t, w.Delete("k", "kept"))
		return errMidway
	})
	assert.ErrorIs(t, err, errMidway, "Tx returns fn's error")
	assert.Equal(t, map[string]string{"kept": "before"}, contents(t, s, "k"), "nothing of the failed transaction is kept")
	// The store is still usable.
	require.NoError(t, s.Tx(ctx, func(w store.Writer) error {
		return w.Put(store.Record{Kind: "k", ID: "new", Data: []byte("2")})
	}))
	assert.Equal(t, map[string]string{"kept": "before", "new": "2"}, contents(t, s, "k"))
}

// txClears empties the store within a transaction, when the store's
// writers can (store.Clearer): all or nothing with the transaction's other
// writes.
func txClears(t *testing.T, s store.Store) {
	defer s.Close()
	require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "old", Data: []byte("1")}))
	require.NoError(t, s.Put(ctx, store.Record{Kind: "j", ID: "old", Data: []byte("1")}))
	clearer := false
	err := s.Tx(ctx, func(w store.Writer) error {
		c, ok := w.(store.Clearer)
		if !ok {
			return nil
		}
		clearer = true
		require.NoError(t, c.Clear())
		require.NoError(t, w.Put(store.Record{Kind: "k", ID: "new", Data: []byte("2")}))
		return errMidway
	})
	if !clearer {
		t.Skip("the store's transactions cannot empty it")
	}
	assert.ErrorIs(t, err, errMidway)
	assert.Equal(t, map[string]string{"old": "1"}, contents(t, s, "k"), "a failed transaction clears nothing")
	require.NoError(t, s.Tx(ctx, func(w store.Writer) error {
		require.NoError(t, w.(store.Clearer).Clear())
		return w.Put(store.Record{Kind: "k", ID: "new", Data: []byte("2")})
	}))
	assert.Equal(t, map[string]string{"new": "2"}, contents(t, s, "k"))
	assert.Empty(t, contents(t, s, "j"), "every kind is cleared")
}

// txIsSeenWhole writes generations of three records, each generation in
// one transaction, while a reader lists them: every list shows one
// generation.
func txIsSeenWhole(t *testing.T, s store.Store) {
	defer s.Close()
	const generations = 40
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for g := range generations {
			assert.NoError(t, s.Tx(ctx, func(w store.Writer) error {
				for _, id := range []string{"a", "b", "c"} {
					if err := w.Put(store.Record{Kind: "g", ID: id, Data: []byte(fmt.Sprint(g))}); err != nil {
						return err
					}
				}
				return nil
			}))
		}
	}()
	for range generations {
		seen := map[string]bool{}
		require.NoError(t, s.List(ctx, "g", func(r store.Record) bool { seen[string(r.Data)] = true; return true }))
		assert.LessOrEqual(t, len(seen), 1, "a list saw parts of two transactions: %v", seen)
	}
	wg.Wait()
	assert.Equal(t, map[string]string{"a": "39", "b": "39", "c": "39"}, contents(t, s, "g"))
}

func txSurvivesReopen(t *testing.T, open func(t *testing.T) store.Store, durable bool) {
	s := open(t)
	require.NoError(t, s.Tx(ctx, func(w store.Writer) error {
		return w.Put(store.Record{Kind: "k", ID: "kept", Data: []byte("yes")})
	}))
	require.NoError(t, s.Close())
	assert.ErrorIs(t, s.Tx(ctx, func(store.Writer) error { return nil }), store.ErrClosed)
	s = open(t)
	defer s.Close()
	_, ok, err := s.Get(ctx, "k", "kept")
	require.NoError(t, err)
	assert.Equal(t, durable, ok, "a transaction survives a reopen only in a durable store")
}

// contents lists the records of a kind as id: data.
func contents(t *testing.T, s store.Store, kind string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, s.List(ctx, kind, func(r store.Record) bool { out[r.ID] = string(r.Data); return true }))
	return out
}

func reopen(t *testing.T, open func(t *testing.T) store.Store, durable bool) {
	s := open(t)
	require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "kept", Data: []byte("yes")}))
	require.NoError(t, s.Close())
	s = open(t)
	defer s.Close()
	r, ok, err := s.Get(ctx, "k", "kept")
	require.NoError(t, err)
	assert.Equal(t, durable, ok, "records survive a reopen only in a durable store")
	if ok {
		assert.Equal(t, "yes", string(r.Data))
	}
}

func closed(t *testing.T, s store.Store) {
	require.NoError(t, s.Close())
	_, _, err := s.Get(ctx, "k", "a")
	assert.ErrorIs(t, err, store.ErrClosed)
	assert.ErrorIs(t, s.Put(ctx, store.Record{Kind: "k", ID: "a"}), store.ErrClosed)
}
