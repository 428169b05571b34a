package finzly

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/validate/rules/bankid"
	"github.com/payspec/payspec/validate/rules/currency"
)

// The customer API's failures carry its documented code CUST001 and a
// message "Failed to <action>: <reason>". The API documents only its 200
// answer; the sandbox sends them with the spec's 400 (a refusal) and 409
// (a duplicate), in the same envelope.
const codeContact = "CUST001"

// CreateBeneficiary saves a new contact of the customer, with the next
// contactUID. The contact's templateName must be new among the customer's
// contacts (409), and its bank must be one a payment can reach (400; see
// contactProblem).
func (a *operations) CreateBeneficiary(w http.ResponseWriter, r *http.Request, customerID finzly.BeneficiaryOwnerId) {
	var req finzly.BeneficiaryRequest
	if err := respond.Decode(r, &req); err != nil {
		a.env.Respond.Fail(w, r, http.StatusBadRequest, codeContact, "Failed to create a customer contact: the body could not be read")
		return
	}
	c := finzly.Contact{TemplateName: &req.TemplateName, Name: &req.Name, Email: req.Email, PhoneNumber: req.PhoneNumber,
		Address: &req.Address, ContactBank: &req.ContactBank, IntermediaryBank: req.IntermediaryBank,
		OtherInfo: req.OtherInfo, RegulartoryReporting: req.RegulartoryReporting}
	a.dir.lock(func() {
		if status, reason := a.dir.contactRefusal(customerID, 0, c); reason != "" {
			a.env.Respond.Fail(w, r, status, codeContact, "Failed to create a customer contact: "+reason)
			return
		}
		uid := a.env.State.Take(r.Context(), a.dir.contactSeq)
		c.ContactUID = new(strconv.FormatInt(uid, 10))
		fc := &fzContact{UID: uid, Customer: customerID, Data: c}
		a.dir.contacts[uid] = fc
		a.dir.save(r.Context(), fzContactKind, *c.ContactUID, fc)
		respond.Reply(w, http.StatusOK, beneficiaryAnswer(*c.ContactUID))
	})
}

func beneficiaryAnswer(uid string) finzly.BeneficiaryResponse {
	return finzly.BeneficiaryResponse{Status: new(finzly.RequestStatusSuccess),
		Data: &finzly.BeneficiaryResult{CustomerContactUID: &uid}}
}

// UpdateBeneficiary changes the members of a contact the request gives.
// Objects merge member by member (a contactBank with only accountNo
// changes the account number and keeps the bank), arrays and values
// replace; the result must pass the checks of a new contact.
func (a *operations) UpdateBeneficiary(w http.ResponseWriter, r *http.Request, customerID finzly.BeneficiaryOwnerId, contactID string) {
	var req finzly.BeneficiaryUpdate
	if err := respond.Decode(r, &req); err != nil {
		a.env.Respond.Fail(w, r, http.StatusBadRequest, codeContact, "Failed to update a customer contact: the body could not be read")
		return
	}
	a.dir.lock(func() {
		fc, ok := a.dir.ownContact(customerID, contactID)
		if !ok {
			a.env.Respond.Fail(w, r, http.StatusBadRequest, codeContact, "Failed to update a customer contact: no contact with this id belongs to the customer")
			return
		}
		merged, err := mergeContact(fc.Data, req)
		if err != nil {
			a.env.Respond.Fail(w, r, http.StatusBadRequest, codeContact, "Failed to update a customer contact: the changes could not be applied")
			return
		}
		if status, reason := a.dir.contactRefusal(customerID, fc.UID, merged); reason != "" {
			a.env.Respond.Fail(w, r, status, codeContact, "Failed to update a customer contact: "+reason)
			return
		}
		fc.Data = merged
		a.dir.save(r.Context(), fzContactKind, *merged.ContactUID, fc)
		respond.Reply(w, http.StatusOK, beneficiaryAnswer(*merged.ContactUID))
	})
}

// SearchContacts answers a page of the customer's contacts in contactUID
// order, narrowed to names containing contactName (ignoring letter case)
// and to the account number given.
func (a *operations) SearchContacts(w http.ResponseWriter, r *http.Request, customerUID finzly.CustomerUID, params finzly.SearchContactsParams) {
	a.dir.lock(func() {
		var found []*finzly.Contact
		for _, fc := range a.dir.contactsOf(customerUID) {
			if contactMatches(fc.Data, params) {
				found = append(found, &fc.Data)
			}
		}
		data, page := pageOf(found, params.Page, params.Limit)
		respond.Reply(w, http.StatusOK, finzly.ContactSearchResponse{Status: new(finzly.RequestStatusSuccess),
			Pagination: &page, Data: &data})
	})
}

// GetContact answers one of the customer's contacts.
func (a *operations) GetContact(w http.ResponseWriter, r *http.Request, customerUID finzly.CustomerUID, contactUID string) {
	a.dir.lock(func() {
		fc, ok := a.dir.ownContact(customerUID, contactUID)
		if !ok {
			a.env.Respond.Fail(w, r, http.StatusBadRequest, codeContact, "Failed to get a customer contact: no contact with this contactUID belongs to the customer")
			return
		}
		respond.Reply(w, http.StatusOK, finzly.ContactResponse{Status: new(finzly.RequestStatusSuccess), Data: &fc.Data})
	})
}

// ownContact finds a contact by the id in a path, if the customer owns it.
func (d *directory) ownContact(customer, id string) (*fzContact, bool) {
	uid, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, false
	}
	fc, ok := d.contacts[uid]
	return fc, ok && fc.Customer == customer
}

// contactsOf returns the customer's contacts in contactUID order.
func (d *directory) contactsOf(customer string) []*fzContact {
	var out []*fzContact
	for _, fc := range d.contacts {
		if fc.Customer == customer {
			out = append(out, fc)
		}
	}
	slices.SortFunc(out, func(x, y *fzContact) int { return cmp.Compare(x.UID, y.UID) })
	return out
}

func contactMatches(c finzly.Contact, p finzly.SearchContactsParams) bool {
	if p.ContactName != nil && (c.Name == nil || !strings.Contains(strings.ToLower(*c.Name), strings.ToLower(*p.ContactName))) {
		return false
	}
	if p.AccountNumber != nil && (c.ContactBank == nil || c.ContactBank.AccountNo == nil || *c.ContactBank.AccountNo != *p.AccountNumber) {
		return false
	}
	return true
}

// contactRefusal says why a contact may not be saved for the customer, with
// the status to answer; reason is "" when it may. self is the contactUID
// of the contact being updated (0 for a new one).
func (d *directory) contactRefusal(customer string, self int64, c finzly.Contact) (status int, reason string) {
	for _, other := range d.contacts {
		if other.Customer == customer && other.UID != self && *other.Data.TemplateName == *c.TemplateName {
			return http.StatusConflict, "another contact of the customer has this templateName"
		}
	}
	if reason := contactProblem(c); reason != "" {
		return http.StatusBadRequest, reason
	}
	return 0, ""
}

// contactProblem checks that payments can reach a contact: its bank
// account has a number, its bank is named by a valid ABA routing number
// (nationalCode, for a bank in the US) or BIC (swiftCode), and its account
// currency is an ISO 4217 code. An intermediary bank's codes must be valid
// too.
func contactProblem(c finzly.Contact) string {
	b := c.ContactBank
	switch {
	case b == nil || b.AccountNo == nil || *b.AccountNo == "":
		return "contactBank.accountNo is required"
	case empty(b.NationalCode) && empty(b.SwiftCode):
		return "contactBank needs a nationalCode (the ABA routing number of a US bank) or a swiftCode"
	case !empty(b.NationalCode) && usCountry(b.Country) && bankid.CheckABA(*b.NationalCode) != nil:
		return "contactBank.nationalCode is not a valid ABA routing number"
	case !empty(b.SwiftCode) && bankid.CheckBIC(*b.SwiftCode) != nil:
		return "contactBank.swiftCode is not a valid BIC"
	case b.AccountCcy != nil && !currency.Default().Active(strings.ToUpper(*b.AccountCcy)):
		return "contactBank.accountCcy is not an active ISO 4217 currency code"
	}
	if ib := c.IntermediaryBank; ib != nil {
		if !empty(ib.SwiftCode) && bankid.CheckBIC(*ib.SwiftCode) != nil {
			return "intermediaryBank.swiftCode is not a valid BIC"
		}
		if !empty(ib.NationalCode) && usCountry(ib.Country) && bankid.CheckABA(*ib.NationalCode) != nil {
			return "intermediaryBank.nationalCode is not a valid ABA routing number"
		}
	}
	return ""
}

func empty(s *string) bool { return s == nil || *s == "" }

// usCountry reports whether a bank's country is the United States, or is
// not given (a nationalCode is then an ABA number, as the spec says).
func usCountry(country *string) bool {
	if empty(country) {
		return true
	}
	switch strings.ToUpper(strings.TrimSpace(*country)) {
	case "US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA":
		return true
	}
	return false
}

// mergeContact applies an update to a contact: objects merge member by
// member, everything else the update gives replaces what was there.
func mergeContact(c finzly.Contact, u finzly.BeneficiaryUpdate) (finzly.Contact, error) {
	base, err := objectOf(c)
	if err != nil {
		return c, err
	}
	patch, err := objectOf(u)
	if err != nil {
		return c, err
	}
	mergeObjects(base, patch)
	b, err := json.Marshal(base)
	if err != nil {
		return c, err
	}
	var out finzly.Contact
	err = json.Unmarshal(b, &out)
	return out, err
}

// objectOf encodes v as a JSON object held in maps, numbers kept exact.
func objectOf(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out map[string]any
	return out, dec.Decode(&out)
}

// mergeObjects merges patch into dst: a member that is an object in both
// merges in turn, any other member of patch replaces dst's.
func mergeObjects(dst, patch map[string]any) {
	for k, v := range patch {
		sub, isObject := v.(map[string]any)
		into, hasObject := dst[k].(map[string]any)
		if isObject && hasObject {
			mergeObjects(into, sub)
			continue
		}
		dst[k] = v
	}
}
