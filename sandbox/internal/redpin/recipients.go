package redpin

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox/internal/core/paging"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/validate/rules"
)

// rpRecipient is a recipient as the sandbox keeps it.
type rpRecipient struct {
	ID       string           `json:"id"`
	Customer string           `json:"customer"`
	Data     redpin.Recipient `json:"data"`
}

// copCheck is a Confirmation of Payee / Verification of Payee answer the
// sandbox gave, which a retry's confirm_recipient answers.
type copCheck struct {
	EventID    string `json:"event_id"`
	Customer   string `json:"customer"`
	Recipient  string `json:"recipient"`
	Code       string `json:"code"`
	Identifier string `json:"identifier"`
}

// The names that make a recipient fail Confirmation of Payee on payment:
// a name containing "ANNM" or "close match" gets ANNM (the name is close
// to the account holder's), one containing "NMTC" or "no match" gets NMTC
// (it does not match). Letter case does not matter.
var copTriggers = []struct{ code, description string }{
	{"ANNM", "Payee's bank has matched the details: the name is a close match, not an exact one"},
	{"NMTC", "Payee's bank has performed the matching and confirms it is not a match"},
}

func copTrigger(name string) (code, description string, ok bool) {
	lower := strings.ToLower(name)
	switch {
	case strings.Contains(lower, "annm") || strings.Contains(lower, "close match"):
		return copTriggers[0].code, copTriggers[0].description, true
	case strings.Contains(lower, "nmtc") || strings.Contains(lower, "no match"):
		return copTriggers[1].code, copTriggers[1].description, true
	}
	return "", "", false
}

// CreateRecipient registers a recipient for the customer.
func (a *operations) CreateRecipient(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId) {
	var req redpin.CreateRecipientRequest
	if err := respond.Decode(r, &req); err != nil {
		invalid("", "the body could not be read").write(w, r)
		return
	}
	a.lock(func() {
		id := itoa(a.env.State.Take(r.Context(), a.recipientSeq))
		now := a.env.Clock.Now().UTC()
		own := redpin.RecipientOwnAccount(req.CustomerOwnAccount)
		bank := req.RecipientBankDetails
		rc := &rpRecipient{ID: id, Customer: customerID, Data: redpin.Recipient{
			RecipientId: id, Name: req.Name, Type: req.Type, Country: req.CountryCode, Status: "ACTIVE",
			Email: req.Email, PhoneNumber: req.PhoneNumber, MobileNumber: req.MobileNumber,
			ClientReferenceId: req.ClientReferenceId, PaymentReference: req.PaymentReference,
			CustomerOwnAccount: &own, LastUpdated: &now, Address: &req.Address,
			RecipientBankDetails: &bank, AdditionalDetails: req.AdditionalDetails,
		}}
		a.recipients[id] = rc
		a.save(r.Context(), rpRecipientKind, id, rc)
		respond.Reply(w, http.StatusCreated, redpin.RecipientResultFields{RecipientId: &id, ClientReferenceId: req.ClientReferenceId})
	})
}

// GetRecipient answers one of the customer's recipients.
func (a *operations) GetRecipient(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId, recipientID redpin.RecipientId) {
	a.lock(func() {
		rc, ok := a.recipients[recipientID]
		if !ok || rc.Customer != customerID {
			notFound("recipient_id", "no recipient with this id belongs to the customer").write(w, r)
			return
		}
		respond.Reply(w, http.StatusOK, rc.Data)
	})
}

// ListRecipients answers a page of the customer's recipients, in the
// order they were added.
func (a *operations) ListRecipients(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId, params redpin.ListRecipientsParams) {
	page, limit := paging.Of(params.Page, params.Limit, 20)
	a.lock(func() {
		var all []redpin.Recipient
		for _, rc := range a.recipients {
			if rc.Customer == customerID {
				all = append(all, rc.Data)
			}
		}
		paging.SortByNumericID(all, func(rc redpin.Recipient) string { return rc.RecipientId })
		items, meta := paginate(all, page, limit)
		if items == nil {
			items = []redpin.Recipient{}
		}
		respond.Reply(w, http.StatusOK, redpin.RecipientList{Recipients: items, MetaData: &meta})
	})
}

// UpdateRecipientAccount replaces a recipient's details.
func (a *operations) UpdateRecipientAccount(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId, recipientID redpin.RecipientId) {
	var req redpin.UpdateRecipientAccountRequest
	if err := respond.Decode(r, &req); err != nil {
		invalid("", "the body could not be read").write(w, r)
		return
	}
	a.lock(func() {
		rc, ok := a.recipients[recipientID]
		if !ok || rc.Customer != customerID {
			notFound("recipient_id", "no recipient with this id belongs to the customer").write(w, r)
			return
		}
		now := a.env.Clock.Now().UTC()
		own := redpin.RecipientOwnAccount(req.CustomerOwnAccount)
		d := &rc.Data
		d.Name, d.Type, d.CustomerOwnAccount, d.LastUpdated = req.Name, req.Type, &own, &now
		d.Email, d.PhoneNumber, d.MobileNumber = req.Email, req.PhoneNumber, req.MobileNumber
		d.PaymentReference, d.ClientReferenceId = req.PaymentReference, req.ClientReferenceId
		if req.CountryCode != nil {
			d.Country = *req.CountryCode
		}
		if req.Address != nil {
			d.Address = req.Address
		}
		if req.RecipientBankDetails != nil {
			d.RecipientBankDetails = req.RecipientBankDetails
		}
		if req.AdditionalDetails != nil {
			d.AdditionalDetails = req.AdditionalDetails
		}
		a.save(r.Context(), rpRecipientKind, recipientID, rc)
		respond.Reply(w, http.StatusOK, redpin.RecipientResultFields{RecipientId: &recipientID, ClientReferenceId: req.ClientReferenceId})
	})
}

// confirmationOfPayee runs the check on every recipient of a payment whose
// name triggers one. A recipient passes when the request's
// confirm_recipient answers a check the sandbox gave for it; otherwise the
// payment is refused with a new check to confirm, which is stored with
// the request's other writes (ctx), before the refusal that names it goes
// out.
func (a *operations) confirmationOfPayee(ctx context.Context, customer string, req redpin.CreatePaymentRequest) *rejection {
	for _, rd := range req.RecipientDetails {
		rc := a.recipients[rd.RecipientId]
		code, desc, triggered := copTrigger(rc.Data.Name)
		if !triggered || a.confirms(req.ConfirmRecipient, customer, rc.ID) {
			continue
		}
		check := &copCheck{Customer: customer, Recipient: rc.ID, Code: code, Identifier: accountIdentifier(rc),
			EventID: fmt.Sprintf("AG-%s-%06d", a.env.Clock.Now().Format("20060102"), a.env.State.Take(ctx, a.eventSeq))}
		a.copMu.Lock()
		a.checks[check.EventID] = check
		a.copMu.Unlock()
		a.save(ctx, rpCheckKind, check.EventID, check)
		return &rejection{status: http.StatusBadRequest, body: redpin.Error{Code: code, Description: desc,
			RecipientCheck: &redpin.RecipientCheck{RequestIdentifier: check.Identifier, EventId: check.EventID}}}
	}
	return nil
}

// confirms reports whether a confirm_recipient answers a check given for
// the recipient.
func (a *operations) confirms(c *redpin.ConfirmRecipient, customer, recipient string) bool {
	if c == nil {
		return false
	}
	a.copMu.RLock()
	defer a.copMu.RUnlock()
	check, ok := a.checks[c.EventId]
	return ok && check.Customer == customer && check.Recipient == recipient && check.Identifier == c.RequestIdentifier
}

// copAnswer gives the rules the CoP answers the sandbox sent a customer
// (validate.WithCoPAnswers), so that a confirm_recipient naming an answer
// never given is judged as payspec validate would judge it.
func (r *Service) copAnswer(customerID, eventID string) (rules.CoPAnswer, bool) {
	r.copMu.RLock()
	defer r.copMu.RUnlock()
	check, ok := r.checks[eventID]
	if !ok || check.Customer != customerID {
		return rules.CoPAnswer{}, false
	}
	return rules.CoPAnswer{Code: check.Code, Checks: []redpin.RecipientCheck{{RequestIdentifier: check.Identifier, EventId: check.EventID}}}, true
}

// accountIdentifier is what a check names the account by: its IBAN, or
// its account number.
func accountIdentifier(rc *rpRecipient) string {
	if b := rc.Data.RecipientBankDetails; b != nil {
		if b.Iban != nil {
			return *b.Iban
		}
		if b.AccountNumber != nil {
			return *b.AccountNumber
		}
	}
	return rc.ID
}
