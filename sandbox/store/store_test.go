package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox/store"
	"github.com/payspec/payspec/sandbox/store/storetest"
)

func TestMemory(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return store.NewMemory() }, false)
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, sqliteStores(nil), true)
}

// sqliteStores opens SQLite stores for the store suite: each subtest gets
// a file of its own (made by prepare, when given, before its first
// opening), and opening it again in the same subtest finds the records.
func sqliteStores(prepare func(t *testing.T, path string)) func(*testing.T) store.Store {
	files := map[string]string{}
	return func(t *testing.T) store.Store {
		path, ok := files[t.Name()]
		if !ok {
			path = filepath.Join(t.TempDir(), "sandbox.db")
			if prepare != nil {
				prepare(t, path)
			}
			files[t.Name()] = path
		}
		s, err := store.OpenSQLite(context.Background(), path)
		require.NoError(t, err)
		return s
	}
}

// TestSQLiteFileNameIsAPath opens files whose names mean something in a
// URI: each names exactly that file, and a reopen finds what was kept.
func TestSQLiteFileNameIsAPath(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"a#b.db", "st%41te.db", "c?d.db", "e f.db", "g&_pragma=x.db", "file:h.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			s, err := store.OpenSQLite(ctx, path)
			require.NoError(t, err)
			require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "a", Data: []byte("kept")}))
			require.NoError(t, s.Close())

			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			for _, e := range entries {
				assert.True(t, strings.HasPrefix(e.Name(), name), "no other file is made: %s", e.Name())
			}
			info, err := os.Stat(path)
			require.NoError(t, err, "the database is the file named")
			assert.Positive(t, info.Size())

			s, err = store.OpenSQLite(ctx, path)
			require.NoError(t, err)
			defer s.Close()
			r, ok, err := s.Get(ctx, "k", "a")
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, "kept", string(r.Data))
		})
	}
}

// TestSQLiteRelativePath opens a file named relative to the working
// directory.
func TestSQLiteRelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	s, err := store.OpenSQLite(context.Background(), "rel#1.db")
	require.NoError(t, err)
	require.NoError(t, s.Close())
	_, err = os.Stat("rel#1.db")
	assert.NoError(t, err)
}

// TestSQLiteRefusesAFileInUse: a second store on an open file is refused
// with ErrInUse, naming the holder; once the first is closed the file
// opens again.
func TestSQLiteRefusesAFileInUse(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	first, err := store.OpenSQLite(ctx, path)
	require.NoError(t, err)

	_, err = store.OpenSQLite(ctx, path)
	require.ErrorIs(t, err, store.ErrInUse)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), "process "+strconv.Itoa(os.Getpid()))

	require.NoError(t, first.Close())
	again, err := store.OpenSQLite(ctx, path)
	require.NoError(t, err, "closing releases the lock")
	require.NoError(t, again.Close())
}

// A second store may not reach a file in use through another name: a
// symbolic link finds the lock, and a file with hard links is refused.
func TestSQLiteRefusesAFileInUseUnderAnotherName(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	first, err := store.OpenSQLite(ctx, path)
	require.NoError(t, err)
	defer first.Close()

	if err := os.Symlink(path, filepath.Join(dir, "link.db")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	_, err = store.OpenSQLite(ctx, filepath.Join(dir, "link.db"))
	assert.ErrorIs(t, err, store.ErrInUse, "through a link")

	require.NoError(t, os.Link(path, filepath.Join(dir, "hard.db")))
	_, err = store.OpenSQLite(ctx, filepath.Join(dir, "hard.db"))
	require.Error(t, err, "through a hard link")
	assert.Contains(t, err.Error(), "has 2 names")
	require.NoError(t, first.Close())
	_, err = store.OpenSQLite(ctx, path)
	assert.ErrorContains(t, err, "has 2 names", "a file with two names is refused even when not in use")
}

// A directory, or anything else that is not a regular file, is refused
// for what it is, and no lock file is left beside it.
func TestSQLiteRefusesWhatIsNotARegularFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	_, err := store.OpenSQLite(ctx, dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is a directory; a data file must be a regular file")
	assert.NoFileExists(t, dir+".lock")
	if _, err := os.Stat("/dev/null"); err == nil {
		_, err = store.OpenSQLite(ctx, "/dev/null")
		assert.ErrorContains(t, err, "is not a regular file")
	}
}

// A file that cannot be written is refused when opened, not when the
// first state is saved. (Run as root, permissions do not stop writes, and
// the test has nothing to check.)
func TestSQLiteRefusesAFileItCannotWrite(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := store.OpenSQLite(ctx, path)
	require.NoError(t, err)
	require.NoError(t, s.Put(ctx, store.Record{Kind: "k", ID: "a", Data: []byte("1")}))
	require.NoError(t, s.Close())
	require.NoError(t, os.Chmod(path, 0o444))
	_, err = store.OpenSQLite(ctx, path)
	assert.ErrorContains(t, err, "cannot be written")
}

// withoutRowidSchema is the table of the files payspec 0.1 made.
const withoutRowidSchema = `CREATE TABLE records (
	kind TEXT NOT NULL,
	id   TEXT NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (kind, id)
) WITHOUT ROWID`

// makeFileWithTable creates an SQLite file at path holding an empty
// records table made by ddl, as an earlier release left it.
func makeFileWithTable(t *testing.T, path, ddl string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec(ddl)
	require.NoError(t, err)
	require.NoError(t, db.Close())
}

// TestSQLiteOpensFilesOfTheFirstRelease: a file whose table payspec 0.1
// made (WITHOUT ROWID) passes the whole store suite as it is.
func TestSQLiteOpensFilesOfTheFirstRelease(t *testing.T) {
	storetest.Run(t, sqliteStores(func(t *testing.T, path string) {
		makeFileWithTable(t, path, withoutRowidSchema)
	}), true)
}

// TestSQLiteKeepsPaymentSizedRecordsCompactly: records the size of a
// stored payment (about 1.3 KB) take a share of a page each in a new file,
// not a page and more, as they did in the first release's table.
func TestSQLiteKeepsPaymentSizedRecordsCompactly(t *testing.T) {
	ctx := context.Background()
	data := []byte(strings.Repeat("p", 1300))
	sizeAfter := func(path string) int64 {
		s, err := store.OpenSQLite(ctx, path)
		require.NoError(t, err)
		require.NoError(t, s.Tx(ctx, func(w store.Writer) error {
			for i := range 300 {
				if err := w.Put(store.Record{Kind: "finzly.payment", ID: strconv.Itoa(100000 + i), Data: data}); err != nil {
					return err
				}
			}
			return nil
		}))
		require.NoError(t, s.Close()) // the log is folded into the file
		info, err := os.Stat(path)
		require.NoError(t, err)
		return info.Size()
	}
	dir := t.TempDir()
	old := filepath.Join(dir, "first-release.db")
	makeFileWithTable(t, old, withoutRowidSchema)
	oldSize, newSize := sizeAfter(old), sizeAfter(filepath.Join(dir, "new.db"))
	assert.Less(t, newSize, oldSize*3/4, "new file %d bytes, first release's %d", newSize, oldSize)
	assert.Less(t, newSize, int64(300*1300*2), "at most twice the data")
}
