package finzly

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/payspec/payspec/validate"
)

// idempotent runs a create once per Idempotent-Key: a repeat with the same
// key and the same body gets the first answer again (same ids, same
// status) and creates nothing; the same key with another body is answered
// with the provider's 409; a repeat that arrives while the first is being
// answered waits for that answer. Requests without the header are simply
// run. Keys are kept per operation, across restarts on a durable store.
func (f *Service) idempotent(w http.ResponseWriter, r *http.Request, create http.HandlerFunc) {
	key := canonicalKey(r.Header.Get(IdempotencyHeader))
	if key == "" {
		create(w, r)
		return
	}
	op, _ := validate.OperationFromContext(r.Context())
	f.env.Idem.Serve(w, r, op.ID, key, create, func(w http.ResponseWriter, r *http.Request, conflict bool) {
		if conflict {
			f.env.Respond.Fail(w, r, http.StatusConflict, conflictCode(op.ID),
				"the Idempotent-Key was already used with another request body")
			return
		}
		f.env.Respond.Fail(w, r, http.StatusBadRequest, "PAYMENT001", "the body could not be read")
	})
}

// conflictCode is the code of the 409 the operation documents.
func conflictCode(opID string) string {
	if opID == "createWaterfallTransfer" {
		return "WF_IDEMPOTENT_KEY_CONFLICT"
	}
	return "PAYMENT001"
}

// canonicalKey is an Idempotent-Key as one UUID is written canonically
// (lower case, hyphenated), so that every spelling of a UUID is one key; a
// key that is no UUID (the spec refuses those) is kept as sent.
func canonicalKey(key string) string {
	if u, err := uuid.Parse(key); err == nil {
		return u.String()
	}
	return key
}
