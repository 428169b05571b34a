package redpin

import (
	"net/http"
	"time"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// The sandbox's stand-in for Redpin's hosted payment page. A session's
// session_url points at GET /_sandbox/redpin/sessions/{id}, which shows the
// session; POST /_sandbox/redpin/sessions/{id}/pay does what the third
// party does on the real page: it makes the session's payment, a
// third-party payment funded by bank transfer whose status webhooks carry
// the session_id.

// sessionPagePath is the path of a session's stand-in page.
func (r *Service) sessionPagePath(id string) string { return r.controlBase + "/sessions/" + id }

// sessionPage is what the stand-in page shows.
type sessionPage struct {
	SessionID string                             `json:"session_id"`
	Customer  string                             `json:"customer_id"`
	Status    string                             `json:"latest_status"`
	ExpiresAt time.Time                          `json:"expires_at"`
	PaymentID string                             `json:"payment_id,omitempty"`
	Session   redpin.CreatePaymentSessionRequest `json:"session"`
	Pay       string                             `json:"pay"`
}

// withSession runs fn on the session a control request names, with the
// state brought up to the sandbox time and locked; an unknown session is
// 404.
func (rp *Service) withSession(w http.ResponseWriter, r *http.Request, fn func(a *operations, ss *rpSession)) {
	rp.env.CatchUp(r.Context())
	a := &operations{rp}
	rp.lock(func() {
		ss, ok := a.sessions[r.PathValue("id")]
		if !ok {
			respond.ControlError(w, http.StatusNotFound, "no session with this id")
			return
		}
		fn(a, ss)
	})
}

// sessionPage answers GET /_sandbox/redpin/sessions/{id}.
func (rp *Service) sessionPage(w http.ResponseWriter, r *http.Request) {
	rp.withSession(w, r, func(_ *operations, ss *rpSession) {
		respond.WriteJSON(w, http.StatusOK, sessionPage{SessionID: ss.ID, Customer: ss.Customer, Status: ss.status(rp.env.Clock.Now()),
			ExpiresAt: ss.Expires.UTC(), PaymentID: ss.Payment, Session: ss.Request,
			Pay: "POST " + rp.sessionPagePath(ss.ID) + "/pay to pay as the third party would on the hosted page"})
	})
}

// paySession answers POST /_sandbox/redpin/sessions/{id}/pay: the third
// party pays through the session, once, before it expires, while its
// third party is approved and its recipients exist. The page settles
// Confirmation of Payee with the payer itself, so no CoP check is made.
func (rp *Service) paySession(w http.ResponseWriter, r *http.Request) {
	rp.withSession(w, r, func(a *operations, ss *rpSession) {
		if status := ss.status(rp.env.Clock.Now()); status != sessionCreated {
			respond.ControlError(w, http.StatusConflict, "the session cannot be paid: its latest_status is "+status)
			return
		}
		req := ss.paymentRequest()
		rej := a.checkRecipients(ss.Customer, "recipients", req.RecipientDetails)
		if rej == nil {
			rej = a.checkThirdParty(ss.Customer, req)
		}
		if rej != nil {
			respond.ControlError(w, rej.status, rej.body.Code+": "+rej.body.Description)
			return
		}
		p := a.newPayment(r, ss.Customer, req, ss.ID)
		ss.Payment = p.ID
		a.save(r.Context(), rpSessionKind, ss.ID, ss)
		respond.WriteJSON(w, http.StatusCreated, a.paymentView(p))
	})
}

// paymentRequest is the payment a session makes: a third-party payment of
// its amount to its recipients, under its references.
func (ss *rpSession) paymentRequest() redpin.CreatePaymentRequest {
	ref, party, third := ss.Request.ClientReferenceId, ss.Request.ClientCustomerRef, true
	return redpin.CreatePaymentRequest{PurposeOfTransaction: ss.Request.PurposeOfTransaction, Amount: ss.Request.Amount,
		RecipientDetails: ss.Request.Recipients, ClientReferenceId: &ref, ClientCustomerRef: &party,
		IsThirdPartyPayment: &third}
}
