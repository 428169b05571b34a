// Package respond writes the sandbox's answers: the JSON answers of the
// providers' operations (which the validation middleware checks on their
// way out), the providers' error bodies as the spec declares them, the
// answers the sandbox makes outside the middleware (checked as the
// middleware would), and the control API's plain JSON.
package respond

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/payspec/payspec/sandbox/internal/core/reqlog"
	"github.com/payspec/payspec/validate"
)

// Reply writes v as the JSON answer. The validation middleware checks it
// against the operation's declared response before it leaves: an answer
// built as a JSON tree (maps, slices, strings, json.Number) is judged as
// built, any other from its bytes. A tree must be built for this answer
// and shared with nothing (a durable sandbox writes it after the state
// lock is released); write it after the lock, so that judging it does not
// hold the lock either.
func Reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	if h, ok := w.(jsonHolder); ok && h.HoldJSON(status, v) {
		return
	}
	var encode *validate.EncodeError
	if err := validate.WriteJSON(w, status, v); errors.As(err, &encode) {
		// Nothing was written: say so. A failure to write (a client gone)
		// leaves nothing to answer.
		http.Error(w, "the sandbox could not encode its answer", http.StatusInternalServerError)
	}
}

// jsonHolder is a ResponseWriter that holds an answer to write later (the
// sandbox's durable answers): given the JSON tree itself, it writes it with
// validate.WriteJSON then, so that the middleware judges it as built.
type jsonHolder interface {
	HoldJSON(status int, v any) bool
}

// Decode stores the request body, which the middleware has already judged
// valid, into v: from what the engine parsed while judging it, or, for a
// request it did not parse, from the body read afresh.
func Decode(r *http.Request, v any) error {
	if ok, err := validate.DecodeBody(r.Context(), v); ok {
		return err
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

// WriteJSON writes v as a JSON answer that no spec describes (token
// endpoints, the control API), followed by a newline.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // cannot happen: maps of strings and numbers
		http.Error(w, "encoding the answer failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// Responder answers in a provider's error format, as the engine's specs
// declare it.
type Responder struct {
	engine *validate.Engine
	logger *slog.Logger
}

// New returns a responder for the operations of e.
func New(e *validate.Engine, logger *slog.Logger) *Responder {
	return &Responder{engine: e, logger: logger}
}

// Fail answers the request's operation with the provider's error body for
// status, carrying code and message.
func (rs *Responder) Fail(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	op, _ := validate.OperationFromContext(r.Context())
	body, err := rs.engine.ErrorBody(op.ID, status, code, message)
	if err != nil {
		rs.logger.Error("sandbox: no error answer declared", "operation", op.ID, "status", status, "error", err)
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

// Route finds the operation of a request the validation middleware has
// not seen yet (a missing token, a fault asked for), and notes it for the
// request log.
func (rs *Responder) Route(r *http.Request) (validate.Operation, bool) {
	op, _, err := rs.engine.Route(r.Method, r.URL.EscapedPath())
	if err != nil {
		return validate.Operation{}, false
	}
	reqlog.NoteOperation(r.Context(), op.ID)
	return op, true
}

// AnswerChecked writes an error answer the sandbox made outside the
// validation middleware, after checking it against the operation as the
// middleware would.
func (rs *Responder) AnswerChecked(w http.ResponseWriter, r *http.Request, op validate.Operation, status int, code, msg string, h http.Header) {
	body, err := rs.engine.ErrorBody(op.ID, status, code, msg)
	if h == nil {
		h = http.Header{}
	}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	if err == nil {
		problems, verr := rs.engine.ValidateResponse(r.Context(), op.ID, validate.Response{Status: status, Header: h, Body: body})
		if verr == nil && !problems.HasErrors() {
			for k, v := range h {
				w.Header()[k] = v
			}
			w.WriteHeader(status)
			_, _ = w.Write(body)
			return
		}
		rs.logger.Error("sandbox: an answer breaks the spec", "operation", op.ID, "status", status, "problems", problems)
	}
	w.WriteHeader(http.StatusInternalServerError)
}

// maxControlBody bounds a control request's body.
const maxControlBody = 64 << 10

// controlError is the control API's error body.
type controlError struct {
	Error string `json:"error"`
}

// ControlError answers a control request with the control API's error
// body.
func ControlError(w http.ResponseWriter, status int, msg string) {
	WriteJSON(w, status, controlError{Error: msg})
}

// DecodeControl reads a bounded JSON control body strictly.
func DecodeControl(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxControlBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the body must be a JSON object with the documented members")
	}
	if dec.Decode(&struct{}{}) != io.EOF {
		return fmt.Errorf("the body must hold one JSON object")
	}
	return nil
}
