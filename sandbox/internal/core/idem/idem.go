// Package idem runs a request once per idempotency key: a repeat with the
// same key and the same body gets the first answer again, the same key
// with another body is a conflict, and a repeat that arrives while the
// first is being answered waits for that answer. Keys are kept per scope
// (an operation), across restarts on a durable store: a key and its answer
// are stored in the same transaction as what the first request created,
// and a repeat replays an answer only once that transaction is durable.
package idem

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"sync"

	"github.com/payspec/payspec/sandbox/internal/core/state"
)

// answer is a recorded HTTP answer, replayed for a repeated request.
type answer struct {
	Status int         `json:"status"`
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

// idemEntry is what the sandbox knows of one idempotency key.
type idemEntry struct {
	Hash   [32]byte `json:"hash"` // of the request body, in canonical form
	Answer *answer  `json:"answer,omitempty"`
	done   chan struct{}
}

// Table remembers, per scope and key, the request first made with the key
// and the answer it got.
type Table struct {
	state   *state.State
	mu      sync.Mutex
	entries map[string]*idemEntry
}

// New returns an empty table that keeps its keys in st.
func New(st *state.State) *Table { return &Table{state: st, entries: map[string]*idemEntry{}} }

// idemOutcome is what begin decided.
type idemOutcome int

const (
	idemFirst    idemOutcome = iota // answer the request, then finish
	idemReplay                      // send the remembered answer
	idemConflict                    // the key was used with another body
)

// begin looks the key up. For idemFirst the caller must call finish or
// abandon with the returned entry.
func (id *Table) begin(ctx context.Context, scope, key string, hash [32]byte) (idemOutcome, *idemEntry, error) {
	id.mu.Lock()
	e, ok := id.entries[scope+"\x00"+key]
	if !ok {
		e = &idemEntry{Hash: hash, done: make(chan struct{})}
		id.entries[scope+"\x00"+key] = e
		id.mu.Unlock()
		return idemFirst, e, nil
	}
	id.mu.Unlock()
	if e.Hash != hash {
		return idemConflict, e, nil
	}
	select {
	case <-e.done:
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
	if e.Answer == nil { // the first request was abandoned: try again
		return id.begin(ctx, scope, key, hash)
	}
	return idemReplay, e, nil
}

// finish records the answer to the first request with a key, in the
// request's own transaction (with what the request created), and lets the
// repeats waiting for it replay it once that is durable. When the store
// fails, the request's scope keeps the failure (its answer becomes a 500)
// and the key keeps its answer in memory, so that a retry with the key
// finds what the first request made instead of making it again.
func (id *Table) finish(ctx context.Context, scope, key string, e *idemEntry, a answer) {
	e.Answer = &a
	id.state.SaveOwn(ctx, kind, scope+"\x00"+key, e)
	// However soon the client gives up, the outcome is known before a
	// repeat replays it.
	_ = id.state.Commit(context.WithoutCancel(ctx))
	close(e.done)
}

// abandon forgets a key whose first request got no answer worth keeping
// (a server failure), so that a retry is answered afresh.
func (id *Table) abandon(scope, key string, e *idemEntry) {
	id.mu.Lock()
	if id.entries[scope+"\x00"+key] == e {
		delete(id.entries, scope+"\x00"+key)
	}
	id.mu.Unlock()
	close(e.done)
}

// restore puts back a finished entry loaded from the store.
func (id *Table) restore(scopeKey string, e *idemEntry) {
	e.done = make(chan struct{})
	close(e.done)
	id.mu.Lock()
	defer id.mu.Unlock()
	id.entries[scopeKey] = e
}

// Reset forgets every key.
func (id *Table) Reset() {
	id.mu.Lock()
	defer id.mu.Unlock()
	id.entries = map[string]*idemEntry{}
}

// bodyHash hashes a JSON body in a canonical form, so that two bodies that
// differ only in white space or member order are the same request.
func bodyHash(body []byte) [32]byte {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return sha256.Sum256(body)
	}
	canonical, err := json.Marshal(v)
	if err != nil {
		return sha256.Sum256(body)
	}
	return sha256.Sum256(canonical)
}

// recording captures an answer while passing it on.
type recording struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recording) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recording) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(p)
	return r.ResponseWriter.Write(p)
}

// kind is the store kind of remembered keys.
const kind = "sandbox.idempotency"

// Load restores the finished keys from the store.
func (id *Table) Load(ctx context.Context) error {
	return id.state.List(ctx, kind, func(scopeKey string, b []byte) error {
		e := &idemEntry{}
		if err := json.Unmarshal(b, e); err != nil {
			return state.ErrNotJSON
		}
		id.restore(scopeKey, e)
		return nil
	})
}

// readAll reads a request body and puts it back for the handler.
func readAll(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// Serve runs create once per key within scope (see the package
// documentation). refuse answers a request whose body cannot be read
// (conflict false) or whose key was used with another body (conflict
// true). An answer with a 5xx status is not kept, so that a retry is
// answered afresh.
func (id *Table) Serve(w http.ResponseWriter, r *http.Request, scope, key string, create http.HandlerFunc,
	refuse func(w http.ResponseWriter, r *http.Request, conflict bool)) {
	body, err := readAll(r)
	if err != nil {
		refuse(w, r, false)
		return
	}
	outcome, entry, err := id.begin(r.Context(), scope, key, bodyHash(body))
	switch {
	case err != nil:
		return // the client went away while waiting
	case outcome == idemConflict:
		refuse(w, r, true)
		return
	case outcome == idemReplay:
		replay(w, entry.Answer)
		return
	}
	rec := &recording{ResponseWriter: w}
	create(rec, r)
	if rec.status >= 500 {
		id.abandon(scope, key, entry)
		return
	}
	ans := answer{Status: rec.status, Header: http.Header{"Content-Type": w.Header().Values("Content-Type")}, Body: rec.body.Bytes()}
	id.finish(r.Context(), scope, key, entry, ans)
}

func replay(w http.ResponseWriter, a *answer) {
	for k, v := range a.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body)
}
