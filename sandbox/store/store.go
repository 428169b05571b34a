// Package store keeps the sandbox's state: records of a kind (a payment, a
// recipient, an idempotency entry, ...) under an id, as JSON documents.
//
// Two stores share one contract, checked by the suite in package
// store/storetest: Memory, which forgets everything when the process ends,
// and SQLite, which keeps records in an embedded database file so that a
// sandbox restarted on the same file finds them again. Both write several
// records at once, all or none, with Tx.
package store

import (
	"context"
	"errors"
)

// Record is one stored document.
type Record struct {
	Kind string // what the record is, such as "finzly.payment"
	ID   string // unique within its kind
	Data []byte // the document, usually JSON
}

// ErrClosed is returned by a store used after Close.
var ErrClosed = errors.New("store: closed")

// Writer is what a transaction may do: create or replace records, and
// remove them. Its writes take effect only when the transaction is kept.
type Writer interface {
	// Put creates or replaces a record.
	Put(r Record) error
	// Delete removes a record; removing one that does not exist is not an
	// error.
	Delete(kind, id string) error
}

// Clearer is a Writer that can also empty the store within its
// transaction: the sandbox's reset then takes effect with the records
// written after it, all or nothing. The Writers of Memory and SQLite are
// Clearers; with one that is not, a reset empties the store (Reset) just
// before the transaction.
type Clearer interface {
	Writer
	// Clear removes every record, as part of the transaction.
	Clear() error
}

// Store keeps records. Implementations are safe for concurrent use; a
// record read is a copy the caller may keep and modify.
type Store interface {
	// Get returns the record of the kind with the id, and false when there
	// is none.
	Get(ctx context.Context, kind, id string) (Record, bool, error)
	// Put creates or replaces a record.
	Put(ctx context.Context, r Record) error
	// Delete removes a record; removing one that does not exist is not an
	// error.
	Delete(ctx context.Context, kind, id string) error
	// Tx runs fn and keeps what it wrote, all or nothing: every write at
	// once when fn returns nil, none of them when fn (or a write) fails,
	// in which case Tx returns that error. Readers never see a part of a
	// transaction. fn must not use the store itself.
	Tx(ctx context.Context, fn func(w Writer) error) error
	// List calls fn with every record of the kind, in id order, until fn
	// returns false.
	List(ctx context.Context, kind string, fn func(Record) bool) error
	// Reset removes every record.
	Reset(ctx context.Context) error
	// Close releases the store.
	Close() error
}
