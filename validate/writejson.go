package validate

import (
	"net/http"
	"sync"

	"github.com/payspec/payspec/internal/jsonwrite"
)

// WriteJSON answers with v encoded as JSON, as encoding/json.Marshal
// encodes it, with Content-Type application/json unless the handler set
// one, and the given status. (A handler that already wrote its status has
// fixed its headers and status then, as net/http does.)
//
// Behind the middleware, a v made only of map[string]any, []any, string,
// json.Number, bool and nil (the values the engine's strict reader makes)
// is judged as it is when it is written, so the middleware does not read
// back the bytes it is about to send: the bytes are written from v and
// read back the same, by construction, and what the handler does with v
// afterwards changes neither. Anything written after it voids that verdict
// and the whole body is judged from its bytes, as is a v holding anything
// else (a struct, an int, a string that is not valid UTF-8).
//
// A value that cannot be encoded gives an *EncodeError, and nothing is
// written; any other error is the ResponseWriter's, from writing.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	b, shape, err := encode(v)
	if err != nil {
		return &EncodeError{Err: err}
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	rec, held := w.(*recorder)
	if !held {
		_, err := w.Write(b)
		return err
	}
	fresh := rec.body.Len() == 0 && !rec.overflow && !rec.streaming
	if _, err := rec.writeOwned(b); err != nil {
		return err
	}
	if fresh && shape.Tree {
		rec.judgeTree(v, shape.Depth)
	}
	return nil
}

// EncodeError is WriteJSON's error for a value it cannot encode.
type EncodeError struct {
	Err error // encoding/json's error, or jsonwrite's
}

// Error says the answer could not be encoded, and why.
func (e *EncodeError) Error() string { return "validate: encoding the answer: " + e.Err.Error() }

// Unwrap returns the encoder's error.
func (e *EncodeError) Unwrap() error { return e.Err }

// encodeBuffers holds buffers for encode to write into, so that an answer
// costs one allocation of its own size rather than a buffer grown to fit.
var encodeBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBuffer bounds the buffers kept for reuse: a rare large answer
// does not pin its memory.
const maxPooledBuffer = 64 << 10

// encode writes v as jsonwrite does, into memory of the answer's own.
func encode(v any) ([]byte, jsonwrite.Shape, error) {
	buf := encodeBuffers.Get().(*[]byte)
	enc, shape, err := jsonwrite.Append((*buf)[:0], v)
	var b []byte
	if err == nil {
		b = append(make([]byte, 0, len(enc)), enc...)
	}
	if cap(enc) <= maxPooledBuffer {
		*buf = enc[:0]
		encodeBuffers.Put(buf)
	}
	return b, shape, err
}
