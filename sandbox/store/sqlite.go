package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// SQLite is a Store that keeps records in an SQLite database file, through
// modernc.org/sqlite (pure Go, no cgo).
//
// The database runs in write-ahead-log mode with full synchronisation: a
// transaction that has returned survives the process and the machine
// stopping. Only one SQLite store at a time may have a file open: OpenSQLite
// takes a lock on it (a lock file beside it, path + ".lock") and refuses a
// file another holds with ErrInUse.
type SQLite struct {
	db              *sql.DB
	lock            *fileLock
	put, del, clear *sql.Stmt
}

// schema is the one table a new file gets. It is an ordinary (rowid)
// table with its key in an index of its own: a record of a kilobyte or
// more fits in a table page, while in a WITHOUT ROWID table (which files
// made by payspec 0.1 have, and which keep working as they are) a row
// past about a quarter of a page spills into an overflow page, so every
// record written costs a page or more of log and of file. The statements
// below work on either table.
const schema = `CREATE TABLE IF NOT EXISTS records (
	kind TEXT NOT NULL,
	id   TEXT NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (kind, id)
)`

const (
	putSQL = `INSERT INTO records (kind, id, data) VALUES (?, ?, ?)
		 ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data`
	deleteSQL = `DELETE FROM records WHERE kind = ? AND id = ?`
	clearSQL  = `DELETE FROM records`
)

// OpenSQLite opens (creating it if need be) the database at path, a file
// name taken as it is: no part of it is read as a URI or as options. The
// lock that keeps a second store off the file (ErrInUse) is taken next to
// the file the path leads to, through any symbolic links, and a file with
// more than one name (hard links) is refused: two stores must not open one
// file under two names, each with a journal of its own.
func OpenSQLite(ctx context.Context, path string) (*SQLite, error) {
	real, err := realPath(path)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(real); err == nil && !fi.Mode().IsRegular() {
		what := "not a regular file"
		if fi.IsDir() {
			what = "a directory"
		}
		return nil, fmt.Errorf("store: %s is %s; a data file must be a regular file", path, what)
	}
	lock, err := lockFile(real + ".lock")
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(real); err == nil && linkCount(fi) > 1 {
		lock.release()
		return nil, fmt.Errorf("store: %s has %d names (hard links); a data file must have one", path, linkCount(fi))
	}
	s, err := openSQLite(ctx, path)
	if err != nil {
		lock.release()
		return nil, err
	}
	s.lock = lock
	return s, nil
}

// realPath is the absolute path of the file path leads to, symbolic links
// followed; for a file yet to be made, the directory's links are.
func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("store: opening %s: %w", path, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	if _, err := os.Lstat(abs); err == nil {
		return "", fmt.Errorf("store: opening %s: it is a link to a file that cannot be reached", path)
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return abs, nil // opening it says what is wrong
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

func openSQLite(ctx context.Context, path string) (*SQLite, error) {
	dsn, err := sqliteDSN(path)
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}
	// One connection: writes are serialised anyway, and it keeps every
	// statement on one consistent view.
	db.SetMaxOpenConns(1)
	s := &SQLite{db: db}
	if err := s.prepare(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: preparing %s: %w", path, err)
	}
	if err := s.probe(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: %s cannot be written: %w", path, err)
	}
	return s, nil
}

// probe writes a record and takes it back: a file that cannot be written
// (read-only, on a read-only mount) is refused when it is opened, not
// found out when the first request's state cannot be saved.
func (s *SQLite) probe(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	_, err = tx.ExecContext(ctx, putSQL, "payspec.probe", "probe", []byte{})
	return err
}

func (s *SQLite) prepare(ctx context.Context) (err error) {
	if _, err = s.db.ExecContext(ctx, schema); err != nil {
		return err
	}
	if s.put, err = s.db.PrepareContext(ctx, putSQL); err != nil {
		return err
	}
	if s.del, err = s.db.PrepareContext(ctx, deleteSQL); err != nil {
		return err
	}
	s.clear, err = s.db.PrepareContext(ctx, clearSQL)
	return err
}

// sqliteDSN is the driver's name for the file at path: an SQLite URI
// whose path is the absolute file name with every character a URI gives a
// meaning to ('%', '?', '#', ...) escaped, so that SQLite opens exactly
// that file, followed by the store's settings.
func sqliteDSN(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	abs = filepath.ToSlash(abs)
	if !strings.HasPrefix(abs, "/") {
		abs = "/" + abs // a Windows volume: file:///C:/...
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}
	return u.String(), nil
}

// Get implements Store.
func (s *SQLite) Get(ctx context.Context, kind, id string) (Record, bool, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM records WHERE kind = ? AND id = ?`, kind, id).Scan(&data)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Record{}, false, nil
	case err != nil:
		return Record{}, false, s.wrap(err)
	}
	return Record{Kind: kind, ID: id, Data: data}, true, nil
}

// Put implements Store.
func (s *SQLite) Put(ctx context.Context, r Record) error {
	_, err := s.put.ExecContext(ctx, r.Kind, r.ID, r.Data)
	return s.wrap(err)
}

// Delete implements Store.
func (s *SQLite) Delete(ctx context.Context, kind, id string) error {
	_, err := s.del.ExecContext(ctx, kind, id)
	return s.wrap(err)
}

// Tx implements Store with one SQLite transaction.
func (s *SQLite) Tx(ctx context.Context, fn func(w Writer) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(err)
	}
	w := &sqliteTx{ctx: ctx, put: tx.StmtContext(ctx, s.put), del: tx.StmtContext(ctx, s.del),
		clear: tx.StmtContext(ctx, s.clear), s: s}
	if err := fn(w); err != nil {
		_ = tx.Rollback()
		return err
	}
	return s.wrap(tx.Commit())
}

// sqliteTx writes within one transaction.
type sqliteTx struct {
	ctx             context.Context
	put, del, clear *sql.Stmt
	s               *SQLite
}

func (t *sqliteTx) Put(r Record) error {
	_, err := t.put.ExecContext(t.ctx, r.Kind, r.ID, r.Data)
	return t.s.wrap(err)
}

func (t *sqliteTx) Delete(kind, id string) error {
	_, err := t.del.ExecContext(t.ctx, kind, id)
	return t.s.wrap(err)
}

// Clear implements Clearer.
func (t *sqliteTx) Clear() error {
	_, err := t.clear.ExecContext(t.ctx)
	return t.s.wrap(err)
}

// List implements Store. The records are read before fn is called, so fn
// may use the store.
func (s *SQLite) List(ctx context.Context, kind string, fn func(Record) bool) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, data FROM records WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		return s.wrap(err)
	}
	var recs []Record
	for rows.Next() {
		r := Record{Kind: kind}
		if err := rows.Scan(&r.ID, &r.Data); err != nil {
			_ = rows.Close()
			return s.wrap(err)
		}
		recs = append(recs, r)
	}
	if err := rows.Close(); err != nil {
		return s.wrap(err)
	}
	if err := rows.Err(); err != nil {
		return s.wrap(err)
	}
	for _, r := range recs {
		if !fn(r) {
			break
		}
	}
	return nil
}

// Reset implements Store.
func (s *SQLite) Reset(ctx context.Context) error {
	_, err := s.clear.ExecContext(ctx)
	return s.wrap(err)
}

// Close implements Store; it releases the file's lock.
func (s *SQLite) Close() error {
	err := s.db.Close()
	if s.lock != nil {
		s.lock.release()
		s.lock = nil
	}
	return err
}

func (s *SQLite) wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrConnDone) || err.Error() == "sql: database is closed" ||
		err.Error() == "sql: statement is closed":
		return ErrClosed
	}
	return fmt.Errorf("store: %w", err)
}
