package store

import (
	"bytes"
	"context"
	"slices"
	"sync"
)

// Memory is a Store that holds records in memory.
type Memory struct {
	mu     sync.RWMutex
	kinds  map[string]map[string][]byte
	closed bool
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{kinds: map[string]map[string][]byte{}} }

// Get implements Store.
func (m *Memory) Get(_ context.Context, kind, id string) (Record, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return Record{}, false, ErrClosed
	}
	data, ok := m.kinds[kind][id]
	if !ok {
		return Record{}, false, nil
	}
	return Record{Kind: kind, ID: id, Data: bytes.Clone(data)}, true, nil
}

// Put implements Store.
func (m *Memory) Put(_ context.Context, r Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	m.put(r.Kind, r.ID, bytes.Clone(r.Data))
	return nil
}

func (m *Memory) put(kind, id string, data []byte) {
	byID := m.kinds[kind]
	if byID == nil {
		byID = map[string][]byte{}
		m.kinds[kind] = byID
	}
	byID[id] = data
}

// Delete implements Store.
func (m *Memory) Delete(_ context.Context, kind, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	delete(m.kinds[kind], id)
	return nil
}

// Tx implements Store: the writes are staged while fn runs, then applied
// together under the store's lock.
func (m *Memory) Tx(_ context.Context, fn func(w Writer) error) error {
	var staged memoryTx
	if err := fn(&staged); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	for _, w := range staged.writes {
		switch {
		case w.clear:
			m.kinds = map[string]map[string][]byte{}
		case w.delete:
			delete(m.kinds[w.kind], w.id)
		default:
			m.put(w.kind, w.id, w.data)
		}
	}
	return nil
}

// memoryTx stages the writes of one transaction, in order.
type memoryTx struct {
	writes []memoryWrite
}

type memoryWrite struct {
	kind, id string
	data     []byte
	delete   bool
	clear    bool // every record
}

func (t *memoryTx) Put(r Record) error {
	t.writes = append(t.writes, memoryWrite{kind: r.Kind, id: r.ID, data: bytes.Clone(r.Data)})
	return nil
}

func (t *memoryTx) Delete(kind, id string) error {
	t.writes = append(t.writes, memoryWrite{kind: kind, id: id, delete: true})
	return nil
}

// Clear implements Clearer.
func (t *memoryTx) Clear() error {
	t.writes = append(t.writes, memoryWrite{clear: true})
	return nil
}

// List implements Store. It works on a snapshot, so fn may use the store.
func (m *Memory) List(_ context.Context, kind string, fn func(Record) bool) error {
	m.mu.RLock()
	if m.closed {
		m.mu.RUnlock()
		return ErrClosed
	}
	byID := m.kinds[kind]
	recs := make([]Record, 0, len(byID))
	for id, data := range byID {
		recs = append(recs, Record{Kind: kind, ID: id, Data: bytes.Clone(data)})
	}
	m.mu.RUnlock()
	slices.SortFunc(recs, func(a, b Record) int { return compareIDs(a.ID, b.ID) })
	for _, r := range recs {
		if !fn(r) {
			break
		}
	}
	return nil
}

// Reset implements Store.
func (m *Memory) Reset(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	m.kinds = map[string]map[string][]byte{}
	return nil
}

// Close implements Store.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}

// compareIDs orders ids as SQLite's default (binary) collation does.
func compareIDs(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
