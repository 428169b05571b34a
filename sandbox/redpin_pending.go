package sandbox

import (
	"net/http"

	"github.com/payspec/payspec/gen/redpin"
)

// Operations answered as not yet available in this build of the sandbox.

func (a *redpinAPI) pending(w http.ResponseWriter, r *http.Request) {
	a.s.fail(w, r, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE", "not available in the sandbox yet")
}

func (a *redpinAPI) CreateThirdPartyCustomer(w http.ResponseWriter, r *http.Request, _ redpin.CustomerId) {
	a.pending(w, r)
}
func (a *redpinAPI) ListCurrencies(w http.ResponseWriter, r *http.Request) { a.pending(w, r) }
func (a *redpinAPI) ListPaymentSessions(w http.ResponseWriter, r *http.Request, _ redpin.CustomerId, _ redpin.ListPaymentSessionsParams) {
	a.pending(w, r)
}
func (a *redpinAPI) CreatePaymentSession(w http.ResponseWriter, r *http.Request, _ redpin.CustomerId) {
	a.pending(w, r)
}
func (a *redpinAPI) ListTransactionPurposes(w http.ResponseWriter, r *http.Request) { a.pending(w, r) }

// rpSession and rpThirdParty are filled in by the session and third-party
// files.
type rpSession struct{}
type rpThirdParty struct{}
