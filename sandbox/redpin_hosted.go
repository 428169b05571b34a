package sandbox

import (
	"net/http"
	"time"

	"github.com/payspec/payspec/gen/redpin"
)

// The sandbox's stand-in for Redpin's hosted payment page. A session's
// session_url points at GET /_sandbox/redpin/sessions/{id}, which shows the
// session; POST /_sandbox/redpin/sessions/{id}/pay does what the third
// party does on the real page: it makes the session's payment, a
// third-party payment funded by bank transfer whose status webhooks carry
// the session_id.

// sessionPagePath is the path of a session's stand-in page.
func sessionPagePath(id string) string { return ControlPrefix + "/redpin/sessions/" + id }

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

// redpinService returns the sandbox's Redpin.
func (s *Sandbox) redpinService() *redpinService {
	for _, svc := range s.services {
		if r, ok := svc.(*redpinService); ok {
			return r
		}
	}
	return nil
}

// withSession runs fn on the session a control request names, with the
// state brought up to the sandbox time and locked; an unknown session is
// 404.
func (s *Sandbox) withSession(w http.ResponseWriter, r *http.Request, fn func(a *redpinAPI, ss *rpSession)) {
	s.catchUp(r.Context())
	a := &redpinAPI{s.redpinService()}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := a.sessions[r.PathValue("id")]
	if !ok {
		writeJSONBody(w, http.StatusNotFound, controlError{Error: "no session with this id"})
		return
	}
	fn(a, ss)
}

// sessionPage answers GET /_sandbox/redpin/sessions/{id}.
func (s *Sandbox) sessionPage(w http.ResponseWriter, r *http.Request) {
	s.withSession(w, r, func(_ *redpinAPI, ss *rpSession) {
		writeJSONBody(w, http.StatusOK, sessionPage{SessionID: ss.ID, Customer: ss.Customer, Status: ss.status(s.clock.Now()),
			ExpiresAt: ss.Expires.UTC(), PaymentID: ss.Payment, Session: ss.Request,
			Pay: "POST " + sessionPagePath(ss.ID) + "/pay to pay as the third party would on the hosted page"})
	})
}

// paySession answers POST /_sandbox/redpin/sessions/{id}/pay: the third
// party pays through the session, once, before it expires, while its
// third party is approved and its recipients exist. The page settles
// Confirmation of Payee with the payer itself, so no CoP check is made.
func (s *Sandbox) paySession(w http.ResponseWriter, r *http.Request) {
	s.withSession(w, r, func(a *redpinAPI, ss *rpSession) {
		if status := ss.status(s.clock.Now()); status != sessionCreated {
			writeJSONBody(w, http.StatusConflict, controlError{Error: "the session cannot be paid: its latest_status is " + status})
			return
		}
		req := ss.paymentRequest()
		rej := a.checkRecipients(ss.Customer, "recipients", req.RecipientDetails)
		if rej == nil {
			rej = a.checkThirdParty(ss.Customer, req)
		}
		if rej != nil {
			writeJSONBody(w, rej.status, controlError{Error: rej.body.Code + ": " + rej.body.Description})
			return
		}
		p := a.newPayment(r, ss.Customer, req, ss.ID)
		ss.Payment = p.ID
		a.save(r.Context(), rpSessionKind, ss.ID, ss)
		writeJSONBody(w, http.StatusCreated, a.paymentView(p))
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
