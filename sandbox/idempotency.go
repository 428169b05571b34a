package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// IdempotencyHeader is the header Finzly's create operations take.
const IdempotencyHeader = "Idempotent-Key"

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

// idempotency remembers, per operation and key, the request first made
// with the key and the answer it got. A repeat with the same body gets the
// same answer; one with another body is a conflict; one that arrives while
// the first is still being answered waits for that answer.
type idempotency struct {
	mu      sync.Mutex
	entries map[string]*idemEntry
}

func newIdempotency() *idempotency { return &idempotency{entries: map[string]*idemEntry{}} }

// idemOutcome is what begin decided.
type idemOutcome int

const (
	idemFirst    idemOutcome = iota // answer the request, then finish
	idemReplay                      // send the remembered answer
	idemConflict                    // the key was used with another body
)

// begin looks the key up. For idemFirst the caller must call finish or
// abandon with the returned entry.
func (id *idempotency) begin(ctx context.Context, scope, key string, hash [32]byte) (idemOutcome, *idemEntry, error) {
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

// finish records the answer to the first request with a key.
func (id *idempotency) finish(e *idemEntry, a answer) {
	e.Answer = &a
	close(e.done)
}

// abandon forgets a key whose first request got no answer worth keeping
// (a server failure), so that a retry is answered afresh.
func (id *idempotency) abandon(scope, key string, e *idemEntry) {
	id.mu.Lock()
	if id.entries[scope+"\x00"+key] == e {
		delete(id.entries, scope+"\x00"+key)
	}
	id.mu.Unlock()
	close(e.done)
}

// restore puts back a finished entry loaded from the store.
func (id *idempotency) restore(scopeKey string, e *idemEntry) {
	e.done = make(chan struct{})
	close(e.done)
	id.mu.Lock()
	defer id.mu.Unlock()
	id.entries[scopeKey] = e
}

func (id *idempotency) reset() {
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

// idempotencyKind is the store kind of remembered keys.
const idempotencyKind = "sandbox.idempotency"

// saveIdempotency keeps a finished key in the store.
func (s *Sandbox) saveIdempotency(ctx context.Context, scope, key string, e *idemEntry) {
	if err := putJSON(ctx, s.store, idempotencyKind, scope+"\x00"+key, e); err != nil {
		s.logger.Error("sandbox: saving an idempotency key", "error", err)
	}
}

// loadIdempotency restores the finished keys.
func (s *Sandbox) loadIdempotency(ctx context.Context) error {
	return listJSON(ctx, s.store, idempotencyKind, func(id string, b []byte) error {
		e := &idemEntry{}
		if err := json.Unmarshal(b, e); err != nil {
			return errNotJSON
		}
		s.idem.restore(id, e)
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
