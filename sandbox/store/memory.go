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
	byID := m.kinds[r.Kind]
	if byID == nil {
		byID = map[string][]byte{}
		m.kinds[r.Kind] = byID
	}
	byID[r.ID] = bytes.Clone(r.Data)
	return nil
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
