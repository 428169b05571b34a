// Package storetest is the contract every sandbox store keeps, as a test
// suite that each implementation runs against itself.
package storetest

import (
	"context"
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
	t.Run("Reopen", func(t *testing.T) { reopen(t, open, durable) })
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
