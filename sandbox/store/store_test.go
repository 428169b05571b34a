package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox/store"
	"github.com/payspec/payspec/sandbox/store/storetest"
)

func TestMemory(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return store.NewMemory() }, false)
}

func TestSQLite(t *testing.T) {
	// Each subtest gets its own file; opening it again in the same subtest
	// finds the records.
	files := map[string]string{}
	storetest.Run(t, func(t *testing.T) store.Store {
		path, ok := files[t.Name()]
		if !ok {
			path = filepath.Join(t.TempDir(), "sandbox.db")
			files[t.Name()] = path
		}
		s, err := store.OpenSQLite(context.Background(), path)
		require.NoError(t, err)
		return s
	}, true)
}
