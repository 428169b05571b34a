package sandbox

import (
	"net/http"

	"github.com/payspec/payspec/gen/finzly"
)

func (a *finzlyAPI) pending(w http.ResponseWriter, r *http.Request) {
	a.s.fail(w, r, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE", "not available in the sandbox yet")
}

func (a *finzlyAPI) CreateWaterfallTransfer(w http.ResponseWriter, r *http.Request, _ finzly.CreateWaterfallTransferParams) {
	a.pending(w, r)
}
func (a *finzlyAPI) CancelRecurrence(w http.ResponseWriter, r *http.Request, _ int64, _ finzly.CancelRecurrenceParams) {
	a.pending(w, r)
}
func (a *finzlyAPI) UpdateRecurrence(w http.ResponseWriter, r *http.Request, _ int64) {
	a.pending(w, r)
}
func (a *finzlyAPI) SkipNextRecurrence(w http.ResponseWriter, r *http.Request, _ int64) {
	a.pending(w, r)
}
func (a *finzlyAPI) AcceptFXQuote(w http.ResponseWriter, r *http.Request)           { a.pending(w, r) }
func (a *finzlyAPI) CreateFXQuote(w http.ResponseWriter, r *http.Request)           { a.pending(w, r) }
func (a *finzlyAPI) GetFXTrade(w http.ResponseWriter, r *http.Request, _ string)    { a.pending(w, r) }
func (a *finzlyAPI) RejectFXQuote(w http.ResponseWriter, r *http.Request, _ string) { a.pending(w, r) }
func (a *finzlyAPI) CreateBookTransfer(w http.ResponseWriter, r *http.Request)      { a.pending(w, r) }
func (a *finzlyAPI) CreateCreditPaymentV3(w http.ResponseWriter, r *http.Request)   { a.pending(w, r) }
func (a *finzlyAPI) CreateDebitPayment(w http.ResponseWriter, r *http.Request)      { a.pending(w, r) }
func (a *finzlyAPI) SearchPayments(w http.ResponseWriter, r *http.Request)          { a.pending(w, r) }
func (a *finzlyAPI) GetPayment(w http.ResponseWriter, r *http.Request, _ finzly.PaymentUID) {
	a.pending(w, r)
}
func (a *finzlyAPI) CancelPayment(w http.ResponseWriter, r *http.Request, _ finzly.PaymentUID) {
	a.pending(w, r)
}
func (a *finzlyAPI) ReturnPayment(w http.ResponseWriter, r *http.Request, _ finzly.PaymentUID) {
	a.pending(w, r)
}
func (a *finzlyAPI) ReversePayment(w http.ResponseWriter, r *http.Request, _ finzly.PaymentUID) {
	a.pending(w, r)
}
func (a *finzlyAPI) CreateCreditPaymentV4(w http.ResponseWriter, r *http.Request, _ finzly.CreateCreditPaymentV4Params) {
	a.pending(w, r)
}
func (a *finzlyAPI) CreateCreditPaymentV5(w http.ResponseWriter, r *http.Request, _ finzly.CreateCreditPaymentV5Params) {
	a.pending(w, r)
}
