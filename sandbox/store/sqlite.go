package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// SQLite is a Store that keeps records in an SQLite database file, through
// modernc.org/sqlite (pure Go, no cgo).
type SQLite struct {
	db *sql.DB
}

const schema = `CREATE TABLE IF NOT EXISTS records (
	kind TEXT NOT NULL,
	id   TEXT NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (kind, id)
) WITHOUT ROWID`

// OpenSQLite opens (creating it if need be) the database at path.
func OpenSQLite(ctx context.Context, path string) (*SQLite, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}
	// One connection: writes are serialised anyway, and it keeps every
	// statement on one consistent view.
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: preparing %s: %w", path, err)
	}
	return &SQLite{db: db}, nil
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
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO records (kind, id, data) VALUES (?, ?, ?)
		 ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data`, r.Kind, r.ID, r.Data)
	return s.wrap(err)
}

// Delete implements Store.
func (s *SQLite) Delete(ctx context.Context, kind, id string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM records WHERE kind = ? AND id = ?`, kind, id)
	return s.wrap(err)
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
	_, err := s.db.ExecContext(ctx, `DELETE FROM records`)
	return s.wrap(err)
}

// Close implements Store.
func (s *SQLite) Close() error { return s.db.Close() }

func (s *SQLite) wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrConnDone) || err.Error() == "sql: database is closed":
		return ErrClosed
	}
	return fmt.Errorf("store: %w", err)
}
