package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"

	"github.com/payspec/payspec/sandbox/store"
	"github.com/payspec/payspec/validate"
)

// reply writes v as the JSON answer. The validation middleware checks it
// against the operation's declared response before it leaves.
func reply(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "the sandbox could not encode its answer", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// fail answers the request's operation with the provider's error body for
// status, carrying code and message.
func (s *Sandbox) fail(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	op, _ := validate.OperationFromContext(r.Context())
	s.failAs(w, op.ID, status, code, message)
}

func (s *Sandbox) failAs(w http.ResponseWriter, opID string, status int, code, message string) {
	body, err := s.engine.ErrorBody(opID, status, code, message)
	if err != nil {
		s.logger.Error("sandbox: no error answer declared", "operation", opID, "status", status, "error", err)
		body = nil
	}
	if body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// decode reads the request body, which the middleware has already judged
// valid, into v.
func decode(r *http.Request, v any) error {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

// getJSON reads a stored record into v.
func getJSON(ctx context.Context, st store.Store, kind, id string, v any) (bool, error) {
	rec, ok, err := st.Get(ctx, kind, id)
	if err != nil || !ok {
		return ok, err
	}
	if err := json.Unmarshal(rec.Data, v); err != nil {
		return false, fmt.Errorf("%w: %s %s: %v", errNotJSON, kind, id, err)
	}
	return true, nil
}

// putJSON stores v as a record.
func putJSON(ctx context.Context, st store.Store, kind, id string, v any) error {
	if _, none := st.(noStore); none {
		return nil // nothing keeps it: skip the encoding
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("sandbox: encoding %s %s: %w", kind, id, err)
	}
	return st.Put(ctx, store.Record{Kind: kind, ID: id, Data: b})
}

// listJSON reads every record of a kind, decoding each with fn.
func listJSON(ctx context.Context, st store.Store, kind string, fn func(id string, data []byte) error) error {
	var ferr error
	err := st.List(ctx, kind, func(r store.Record) bool {
		ferr = fn(r.ID, r.Data)
		return ferr == nil
	})
	if err != nil {
		return err
	}
	return ferr
}

// sequence hands out increasing numbers, kept in the store so that ids
// stay unique across restarts.
type sequence struct {
	name string
	next int64
}

// take returns the next number and records it.
func (s *Sandbox) take(ctx context.Context, seq *sequence) int64 {
	n := seq.next
	seq.next++
	if err := putJSON(ctx, s.store, metaKind, "seq."+seq.name, seq.next); err != nil {
		s.logger.Error("sandbox: saving a sequence", "sequence", seq.name, "error", err)
	}
	return n
}

// loadSequence restores a sequence, starting at first when none is
// stored.
func (s *Sandbox) loadSequence(ctx context.Context, name string, first int64) (*sequence, error) {
	seq := &sequence{name: name, next: first}
	var n int64
	ok, err := getJSON(ctx, s.store, metaKind, "seq."+name, &n)
	if err != nil {
		return nil, err
	}
	if ok && n > first {
		seq.next = n
	}
	return seq, nil
}

// randomCode returns n characters from alphabet, chosen by crypto/rand.
func randomCode(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil { // cannot happen: crypto/rand does not fail
			panic(err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
