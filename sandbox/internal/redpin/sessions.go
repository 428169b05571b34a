package redpin

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox/internal/core/paging"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// sessionLifetime is how long a hosted session stays open when the request
// gives no expires_at (Redpin publishes no default).
const sessionLifetime = 24 * time.Hour

// The latest_status values of a session. Redpin publishes none;
// PAYMENT_CREATED is the one its changelog example shows, CREATED and
// EXPIRED are the sandbox's.
const (
	sessionCreated        = "CREATED"
	sessionExpired        = "EXPIRED"
	sessionPaymentCreated = "PAYMENT_CREATED"
)

// rpSession is a hosted payment session as the sandbox keeps it.
type rpSession struct {
	ID       string                             `json:"id"`
	Customer string                             `json:"customer"`
	Request  redpin.CreatePaymentSessionRequest `json:"request"`
	URL      string                             `json:"url"`
	Created  time.Time                          `json:"created"`
	Expires  time.Time                          `json:"expires"`
	// Payment is the payment made through the session, once there is one.
	Payment string `json:"payment,omitempty"`
}

// status is the session's latest_status at time now.
func (ss *rpSession) status(now time.Time) string {
	switch {
	case ss.Payment != "":
		return sessionPaymentCreated
	case !now.Before(ss.Expires):
		return sessionExpired
	}
	return sessionCreated
}

// CreatePaymentSession opens a hosted session for a third-party payment.
// Besides the schema and the rules (sums, due date, purpose), it checks
// what only state can tell: the client_reference_id is new to the
// customer, the third party is onboarded and approved, the recipients are
// the customer's, and expires_at, when given, is still ahead.
//
// A repeated client_reference_id is refused with 409 whatever the body:
// the spec says duplicates are refused and that a client whose create
// answer was lost finds the session with listPaymentSessions and the
// reference. The refusal names the existing session to help that
// recovery.
func (a *operations) CreatePaymentSession(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId) {
	var req redpin.CreatePaymentSessionRequest
	if err := respond.Decode(r, &req); err != nil {
		invalid("", "the body could not be read").write(w, r)
		return
	}
	a.lock(func() {
		now := a.env.Clock.Now()
		if rej := a.checkSession(customerID, req, now); rej != nil {
			rej.write(w, r)
			return
		}
		ss := &rpSession{ID: uuid.NewString(), Customer: customerID, Request: req, Created: now,
			Expires: now.Add(sessionLifetime)}
		if req.ExpiresAt != nil {
			ss.Expires = *req.ExpiresAt
		}
		ss.URL = a.sessionURL(r, ss.ID)
		a.sessions[ss.ID] = ss
		a.save(r.Context(), rpSessionKind, ss.ID, ss)
		ref, expires := req.ClientReferenceId, ss.Expires.UTC()
		respond.Reply(w, http.StatusCreated, redpin.PaymentSession{SessionId: uuid.MustParse(ss.ID), SessionUrl: ss.URL,
			ExpiresAt: &expires, ClientReferenceId: &ref})
	})
}

func (a *operations) checkSession(customer string, req redpin.CreatePaymentSessionRequest, now time.Time) *rejection {
	if ss := a.sessionByReference(customer, req.ClientReferenceId); ss != nil {
		return conflict("client_reference_id", "the customer already has session "+ss.ID+
			" with this client_reference_id; find it with listPaymentSessions")
	}
	if rej := a.usableThirdParty(customer, req.ClientCustomerRef, "client_customer_ref"); rej != nil {
		return rej
	}
	if rej := a.checkRecipients(customer, "recipients", req.Recipients); rej != nil {
		return rej
	}
	if req.ExpiresAt != nil && !req.ExpiresAt.After(now) {
		return invalid("expires_at", "expires_at must be later than now")
	}
	return nil
}

// sessionByReference finds the customer's session created with a
// client_reference_id.
func (a *operations) sessionByReference(customer, ref string) *rpSession {
	for _, ss := range a.sessions {
		if ss.Customer == customer && ss.Request.ClientReferenceId == ref {
			return ss
		}
	}
	return nil
}

// sessionURL is where the sandbox serves a session's stand-in of the
// hosted page, on the host the request came to.
func (rp *Service) sessionURL(r *http.Request, id string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + rp.sessionPagePath(id)
}

// ListPaymentSessions answers a page of the customer's sessions, oldest
// first, narrowed by any of the filters given.
func (a *operations) ListPaymentSessions(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId, params redpin.ListPaymentSessionsParams) {
	page, limit := paging.Of(params.Page, params.Limit, 20)
	a.lock(func() {
		now := a.env.Clock.Now()
		var found []*rpSession
		for _, ss := range a.sessions {
			if ss.Customer == customerID && sessionMatches(ss, params) {
				found = append(found, ss)
			}
		}
		slices.SortFunc(found, func(x, y *rpSession) int {
			return cmp.Or(x.Created.Compare(y.Created), cmp.Compare(x.ID, y.ID))
		})
		items, meta := paginate(found, page, limit)
		records := make([]redpin.PaymentSessionRecord, 0, len(items))
		for _, ss := range items {
			records = append(records, ss.record(now))
		}
		respond.Reply(w, http.StatusOK, redpin.PaymentSessionList{Sessions: records, Meta: &meta})
	})
}

func sessionMatches(ss *rpSession, p redpin.ListPaymentSessionsParams) bool {
	switch {
	case p.ClientReferenceId != nil && *p.ClientReferenceId != ss.Request.ClientReferenceId:
		return false
	case p.ClientCustomerRef != nil && *p.ClientCustomerRef != ss.Request.ClientCustomerRef:
		return false
	case p.SessionId != nil && p.SessionId.String() != ss.ID:
		return false
	}
	return true
}

// record is the session as the listing shows it at time now.
func (ss *rpSession) record(now time.Time) redpin.PaymentSessionRecord {
	customer, ref := ss.Customer, ss.Request.ClientCustomerRef
	created, expires := ss.Created.UTC(), ss.Expires.UTC()
	status, paid := ss.status(now), ss.Payment != ""
	rec := redpin.PaymentSessionRecord{SessionId: uuid.MustParse(ss.ID), ClientReferenceId: ss.Request.ClientReferenceId,
		ClientCustomerRef: &ref, CustomerId: &customer, CreatedAt: &created, SessionExpiresAt: &expires,
		LatestStatus: &status, HasPayment: &paid}
	if paid {
		payment := ss.Payment
		rec.PaymentId = &payment
	}
	return rec
}
