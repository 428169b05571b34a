package validate

import (
	"bytes"
	"errors"
	"net/http"
)

// errResponseDiscarded is what a handler's Write returns once its response
// has gone past the body limit in enforce mode: the response will be
// replaced, so there is no point in producing the rest.
var errResponseDiscarded = errors.New("validate: response exceeds the body limit and will be replaced")

// recorder holds a handler's response so that it can be checked before
// anything but informational (1xx) responses reaches the client.
//
// It behaves as net/http's own ResponseWriter does where a handler can
// tell the difference: header changes after the status is written are
// ignored, 1xx responses go out at once with the headers set so far (which
// stay set for the final response), and Write implies status 200. Its
// memory is bounded by the body limit: past it, the body is either
// streamed on unchecked (stream) or dropped (discard).
type recorder struct {
	w      http.ResponseWriter
	limit  int64
	header http.Header // what the handler sets
	sent   http.Header // the headers as they were when the status was written
	status int
	body   bytes.Buffer
	// informational lists the header names copied to w for 1xx responses.
	informational []string

	overflow bool // the body went past the limit
	// stream, when set, takes over once the body goes past the limit: it
	// sends the head and the buffered body, and later writes go straight
	// to w. When nil the rest of the body is dropped.
	stream    func()
	streaming bool

	// judge, when set, judges the response held so far with its body
	// given as a tree (see WriteJSON); verdict is what it found and
	// verdictLen the body's length then, so that a later Write voids it.
	judge      func(r Response) Problems
	verdict    Problems
	verdictLen int
	judged     bool
}

// judgeTree judges the response as it stands, its body being the tree v
// of the given depth: called by WriteJSON right after writing v, when the
// status and headers are fixed and v and the bytes are the same, so that
// nothing the handler does to v later can change the verdict.
func (rec *recorder) judgeTree(v any, depth int) {
	if rec.judge == nil || rec.overflow || rec.streaming {
		return
	}
	r := Response{Status: rec.finalStatus(), Header: rec.finalHeader(), Body: rec.body.Bytes(), parsed: v, parsedDepth: depth}
	rec.verdict, rec.verdictLen, rec.judged = rec.judge(r), rec.body.Len(), true
}

// judgedBody is the verdict judgeTree reached, when the body is still the
// one it judged.
func (rec *recorder) judgedBody() (Problems, bool) {
	if !rec.judged || rec.overflow || rec.streaming || rec.body.Len() != rec.verdictLen {
		return nil, false
	}
	return rec.verdict, true
}

func newRecorder(w http.ResponseWriter, limit int64) *recorder {
	return &recorder{w: w, limit: limit, header: http.Header{}}
}

// Header returns the header map the handler writes to.
func (rec *recorder) Header() http.Header { return rec.header }

// WriteHeader records the status; a 1xx status other than 101 is sent at
// once, as net/http would.
func (rec *recorder) WriteHeader(status int) {
	if status >= 100 && status <= 199 && status != http.StatusSwitchingProtocols {
		if rec.status == 0 {
			rec.sendInformational(status)
		}
		return
	}
	if rec.status == 0 {
		rec.status = status
		rec.sent = rec.header.Clone()
	}
}

func (rec *recorder) sendInformational(status int) {
	dst := rec.w.Header()
	for k, v := range rec.header {
		dst[k] = v
		rec.informational = append(rec.informational, k)
	}
	rec.w.WriteHeader(status)
}

// Write buffers the body until it passes the limit.
func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	switch {
	case rec.streaming:
		return rec.w.Write(p)
	case rec.overflow:
		return 0, errResponseDiscarded
	case int64(rec.body.Len())+int64(len(p)) <= rec.limit:
		return rec.body.Write(p)
	}
	rec.overflow = true
	if rec.stream == nil {
		rec.body = bytes.Buffer{}
		return 0, errResponseDiscarded
	}
	rec.streaming = true
	rec.stream()
	return rec.w.Write(p)
}

// writeOwned is Write for a body the caller gives up: the first write of
// a response within the limit is kept as it is, without a copy.
func (rec *recorder) writeOwned(b []byte) (int, error) {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	if rec.body.Len() == 0 && !rec.overflow && !rec.streaming && int64(len(b)) <= rec.limit {
		rec.body = *bytes.NewBuffer(b)
		return len(b), nil
	}
	return rec.Write(b)
}

// Flush sends what was written when the response is being streamed, and
// does nothing while it is held for checking.
func (rec *recorder) Flush() {
	if rec.streaming {
		_ = http.NewResponseController(rec.w).Flush()
	}
}

// finalStatus is the status the handler settled on (200 if it wrote
// nothing).
func (rec *recorder) finalStatus() int {
	if rec.status == 0 {
		return http.StatusOK
	}
	return rec.status
}

// finalHeader is the header the handler's response carries: as it was when
// the status was written, or as left when the handler wrote nothing.
func (rec *recorder) finalHeader() http.Header {
	if rec.sent != nil {
		return rec.sent
	}
	return rec.header
}

// clearInformational removes from w the headers that were copied there
// only for 1xx responses, before w answers with something else.
func (rec *recorder) clearInformational() {
	for _, k := range rec.informational {
		rec.w.Header().Del(k)
	}
}

// writeHead copies the final header to w and sends the status.
func (rec *recorder) writeHead(extra func(http.Header)) {
	h := rec.finalHeader()
	dst := rec.w.Header()
	for _, k := range rec.informational {
		if _, keep := h[k]; !keep {
			dst.Del(k)
		}
	}
	for k, v := range h {
		dst[k] = v
	}
	if extra != nil {
		extra(dst)
	}
	rec.w.WriteHeader(rec.finalStatus())
}
