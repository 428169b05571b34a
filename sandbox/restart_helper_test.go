package sandbox_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/sandbox/store"
)

// onSQLite starts a sandbox keeping its state in the SQLite file at path.
// stop closes the sandbox and then the file, as a process ending would;
// starting again on the same path is a restart. Whatever the test leaves
// open is closed when it ends.
func onSQLite(t *testing.T, path string, opts ...sandbox.Option) (sb *sandbox.Server, stop func()) {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { _ = st.Close() }) }) // runs after the sandbox's own clean-up
	sb = sandbox.Start(t, append([]sandbox.Option{sandbox.WithStore(st)}, opts...)...)
	return sb, func() {
		require.NoError(t, sb.Close())
		once.Do(func() { require.NoError(t, st.Close()) })
	}
}
