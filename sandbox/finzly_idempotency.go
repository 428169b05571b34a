package sandbox

import (
	"net/http"

	"github.com/payspec/payspec/validate"
)

// idempotent runs a create once per Idempotent-Key: a repeat with the same
// key and the same body gets the first answer again (same ids, same
// status) and creates nothing; the same key with another body is answered
// with the provider's 409; a repeat that arrives while the first is being
// answered waits for that answer. Requests without the header are simply
// run. Keys are kept per operation, across restarts on a durable store.
func (f *finzlyService) idempotent(w http.ResponseWriter, r *http.Request, create http.HandlerFunc) {
	key := r.Header.Get(IdempotencyHeader)
	if key == "" {
		create(w, r)
		return
	}
	op, _ := validate.OperationFromContext(r.Context())
	body, err := readAll(r)
	if err != nil {
		f.s.fail(w, r, http.StatusBadRequest, "PAYMENT001", "the body could not be read")
		return
	}
	outcome, entry, err := f.s.idem.begin(r.Context(), op.ID, key, bodyHash(body))
	switch {
	case err != nil:
		return // the client went away while waiting
	case outcome == idemConflict:
		f.s.fail(w, r, http.StatusConflict, conflictCode(op.ID),
			"the Idempotent-Key was already used with another request body")
		return
	case outcome == idemReplay:
		replay(w, entry.Answer)
		return
	}
	rec := &recording{ResponseWriter: w}
	create(rec, r)
	if rec.status >= 500 {
		f.s.idem.abandon(op.ID, key, entry)
		return
	}
	ans := answer{Status: rec.status, Header: http.Header{"Content-Type": w.Header().Values("Content-Type")}, Body: rec.body.Bytes()}
	f.s.idem.finish(entry, ans)
	f.s.saveIdempotency(r.Context(), op.ID, key, entry)
}

// conflictCode is the code of the 409 the operation documents.
func conflictCode(opID string) string {
	if opID == "createWaterfallTransfer" {
		return "WF_IDEMPOTENT_KEY_CONFLICT"
	}
	return "PAYMENT001"
}

func replay(w http.ResponseWriter, a *answer) {
	for k, v := range a.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body)
}
