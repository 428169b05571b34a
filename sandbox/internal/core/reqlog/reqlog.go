// Package reqlog writes the sandbox's request log: one line per request,
// with the operation the request was matched to.
package reqlog

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

type requestInfoKey struct{}

// NoteOperation records the operation a request was matched to.
func NoteOperation(ctx context.Context, id string) {
	if sw, _ := ctx.Value(requestInfoKey{}).(*statusWriter); sw != nil {
		sw.operation = id
	}
}

// statusWriter remembers the status a handler sent, and holds what is
// noted about the request for its log line (the context carries it).
type statusWriter struct {
	http.ResponseWriter
	status    int
	operation string
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && (code < 100 || code > 199) {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Handler writes one line per request: method, path, operation id,
// status and latency. The status is "-" when the request was dropped
// without an answer (its handler aborted before writing one).
func Handler(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, operation: "-"}
		defer func() {
			aborted := recover()
			logRequest(logger, r, sw, aborted != nil, start)
			if aborted != nil {
				panic(aborted) // net/http drops the connection, as the handler asked
			}
		}()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, sw)))
	})
}

// logRequest writes a request's line. The record is handed to the
// handler directly, without the caller's program counter, which slog would
// look up for every line and which would only ever name this function.
func logRequest(logger *slog.Logger, r *http.Request, sw *statusWriter, aborted bool, start time.Time) {
	h := logger.Handler()
	if !h.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	status := slog.Int("status", sw.status)
	switch {
	case sw.status != 0:
	case aborted:
		status = slog.String("status", "-")
	default:
		status = slog.Int("status", http.StatusOK)
	}
	rec := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
	rec.AddAttrs(slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.String("operation", sw.operation), status, slog.Duration("latency", time.Since(start)))
	_ = h.Handle(r.Context(), rec)
}
