package redpin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// Compliance statuses of a third-party customer, as Redpin names them.
const (
	tpPending  = "PENDING"
	tpApproved = "APPROVED"
	tpRejected = "REJECTED"
)

// thirdPartyReview is how long, in sandbox time, the compliance check of a
// new third party runs before it is decided (Redpin publishes no figure).
const thirdPartyReview = 5 * time.Minute

// thirdPartyRejectTrigger makes a third party fail its compliance check:
// a client_customer_ref containing it, in any letter case, is REJECTED
// when the review ends; every other third party is APPROVED.
const thirdPartyRejectTrigger = "reject"

// rpThirdParty is a third-party customer as the sandbox keeps it, under
// the key customer_id + "/" + client_customer_ref.
type rpThirdParty struct {
	Customer string                                 `json:"customer"`
	Request  redpin.CreateThirdPartyCustomerRequest `json:"request"`
	Created  time.Time                              `json:"created"`
	Progress lifecycle.Progress                     `json:"progress"`
}

func thirdPartyKey(customer, ref string) string { return customer + "/" + ref }

// thirdPartyPath is the compliance review a new third party goes through:
// PENDING, then APPROVED or, for a reference carrying the trigger,
// REJECTED.
func thirdPartyPath(ref string) []lifecycle.Step {
	outcome := tpApproved
	if strings.Contains(strings.ToLower(ref), thirdPartyRejectTrigger) {
		outcome = tpRejected
	}
	return []lifecycle.Step{{Status: tpPending}, {Status: outcome, After: thirdPartyReview}}
}

// CreateThirdPartyCustomer onboards a third party for the customer. Its
// client_customer_ref must be new to the customer; the third party starts
// PENDING and its compliance outcome follows thirdPartyReview later, with
// the third-party status webhook.
func (a *operations) CreateThirdPartyCustomer(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId) {
	var req redpin.CreateThirdPartyCustomerRequest
	if err := respond.Decode(r, &req); err != nil {
		invalid("", "the body could not be read").write(w, r)
		return
	}
	ref := req.ClientCustomerDetails.ClientCustomerRef
	a.lock(func() {
		key := thirdPartyKey(customerID, ref)
		if _, taken := a.thirdParties[key]; taken {
			conflict("client_customer_details.client_customer_ref",
				"a third party with this client_customer_ref is already onboarded for the customer").write(w, r)
			return
		}
		now := a.env.Clock.Now()
		tp := &rpThirdParty{Customer: customerID, Request: req, Created: now}
		tp.Progress.Start(thirdPartyPath(ref), now)
		a.thirdParties[key] = tp
		a.partyDue.Add(tp.Progress.Next, key)
		a.save(r.Context(), rpThirdPartyKind, key, tp)
		status := tp.Progress.Status
		respond.Reply(w, http.StatusCreated, redpin.ThirdPartyCustomer{ClientCustomerRef: ref, Status: &status})
	})
}

// conflict is the sandbox's answer to a duplicate reference. Redpin
// documents no 409 code; RESOURCE_ALREADY_EXISTS is the sandbox's own,
// in the style of Redpin's documented codes.
func conflict(field, description string) *rejection {
	return &rejection{status: http.StatusConflict, body: redpin.Error{Code: "RESOURCE_ALREADY_EXISTS",
		Description: description, Field: &field}}
}

// usableThirdParty checks that a payment or session may be made for a
// third party: it is onboarded for the customer and its compliance check
// has been approved. field names the request member that names it.
func (a *operations) usableThirdParty(customer, ref, field string) *rejection {
	tp, ok := a.thirdParties[thirdPartyKey(customer, ref)]
	switch {
	case !ok:
		return notFound(field, "no third-party customer with this client_customer_ref is onboarded for the customer")
	case tp.Progress.Status == tpPending:
		return invalid(field, "the third party's compliance check is still pending; retry once it is APPROVED")
	case tp.Progress.Status != tpApproved:
		return invalid(field, "the third party did not pass its compliance check")
	}
	return nil
}

// advanceThirdParties ends the compliance reviews due by now, sending the
// status webhook of each.
func (r *Service) advanceThirdParties(ctx context.Context, now time.Time) {
	r.partyDue.Drain(now, func(key string) {
		tp := r.thirdParties[key]
		if tp == nil {
			return
		}
		tp.Progress.StepsDue(now, func(to string, at time.Time) { r.notifyThirdParty(tp, to, at) })
		r.partyDue.Add(tp.Progress.Next, key)
		r.save(ctx, rpThirdPartyKind, key, tp)
	})
}

// notifyThirdParty sends the THIRD PARTY CUSTOMER STATUS event of a
// decided compliance check, in its current (envelope) form.
func (r *Service) notifyThirdParty(tp *rpThirdParty, status string, at time.Time) {
	ref := tp.Request.ClientCustomerDetails.ClientCustomerRef
	data := redpinwebhook.ThirdPartyCustomerStatusData{CustomerId: tp.Customer, ClientCustomerRef: ref, Status: status}
	if status == tpRejected {
		reason := "The sandbox's compliance check failed: client_customer_ref asks for a rejection"
		data.Reasons = &[]redpinwebhook.ThirdPartyRejectionReason{{Code: "COMPLIANCE_CHECK_FAILED", Reason: &reason}}
	}
	event := redpinwebhook.ThirdPartyCustomerStatusEnvelopeEvent{
		EventId:        fmt.Sprintf("evt-%06d", r.env.State.Take(context.Background(), r.eventSeq)),
		EventType:      redpinwebhook.ThirdPartyEventTypeTHIRDPARTYCUSTOMERSTATUS,
		Version:        "v1.0.0",
		EventTimestamp: at.UTC(),
		Data:           data,
	}
	r.env.Hooks.Send("redpinThirdPartyCustomerStatusEnvelopeWebhook", ref, status, event)
}
