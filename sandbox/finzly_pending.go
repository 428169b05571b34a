package sandbox

import (
	"net/http"

	"github.com/payspec/payspec/gen/finzly"
)

func (a *finzlyAPI) pending(w http.ResponseWriter, r *http.Request) {
	a.s.fail(w, r, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE", "not available in the sandbox yet")
}

func (a *finzlyAPI) SearchBanks(w http.ResponseWriter, r *http.Request, _ finzly.SearchBanksParams) {
	a.pending(w, r)
}
func (a *finzlyAPI) SearchBanksByRoutingNumber(w http.ResponseWriter, r *http.Request, _ string) {
	a.pending(w, r)
}
func (a *finzlyAPI) GetBankByRoutingNumber(w http.ResponseWriter, r *http.Request, _ string) {
	a.pending(w, r)
}
func (a *finzlyAPI) CreateBeneficiary(w http.ResponseWriter, r *http.Request, _ finzly.BeneficiaryOwnerId) {
	a.pending(w, r)
}
func (a *finzlyAPI) UpdateBeneficiary(w http.ResponseWriter, r *http.Request, _ finzly.BeneficiaryOwnerId, _ string) {
	a.pending(w, r)
}
func (a *finzlyAPI) SearchAccounts(w http.ResponseWriter, r *http.Request, _ finzly.CustomerUID, _ finzly.SearchAccountsParams) {
	a.pending(w, r)
}
func (a *finzlyAPI) GetAccount(w http.ResponseWriter, r *http.Request, _ finzly.CustomerUID, _ string) {
	a.pending(w, r)
}
func (a *finzlyAPI) SearchContacts(w http.ResponseWriter, r *http.Request, _ finzly.CustomerUID, _ finzly.SearchContactsParams) {
	a.pending(w, r)
}
func (a *finzlyAPI) GetContact(w http.ResponseWriter, r *http.Request, _ finzly.CustomerUID, _ string) {
	a.pending(w, r)
}
