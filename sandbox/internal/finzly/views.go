package finzly

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox/internal/core/paging"
)

// record is a payment as getPayment and searchPayments answer it: the
// members with a value, under Finzly's names. full says whether it is
// getPayment's full record or a search result. The two differ as the
// provider's pages show them: the full record writes senderAmount as a
// string and carries displayStatus (seen in the provider's samples of the
// full record only); a search result writes senderAmount as a number and
// has no displayStatus, which its schema does not declare.
func (f *Service) record(p *fzPayment, full bool) map[string]any {
	m := make(map[string]any, recordMembers)
	m["paymentUID"] = integer(p.UID)
	m["externalReferenceId"] = p.ExternalRef
	m["paymentDate"] = p.PaymentDate.String()
	m["senderCurrency"] = "USD"
	m["receiverAmount"] = amount(p.Amount)
	m["receiverCurrency"] = p.Currency
	m["deliveryMethod"] = p.DeliveryMethod
	m["wireType"] = wireType(p)
	m["entryType"] = p.EntryType
	m["status"] = p.Progress.Status
	m["createdBy"] = "sandbox"
	m["creationDateTime"] = p.Created.Format(time.RFC3339)
	m["channel"] = "API"
	if full {
		m["senderAmount"] = p.Amount.String()
		m["displayStatus"] = displayStatus(p.Progress.Status)
	} else {
		m["senderAmount"] = amount(p.Amount)
	}
	setText(m, "paymentNotes", p.Notes)
	setText(m, "forexContract", p.FXContract)
	setText(m, "memoPostStatus", p.MemoPost)
	party(m, "sender", p.Sender)
	party(m, "receiver", p.Receiver)
	if p.Sender.AccountUID != "" {
		m["senderAccountUID"] = p.Sender.AccountUID
	}
	if p.Sender.Country != "" {
		m["senderCountryCode"] = p.Sender.Country
	}
	if r := f.recurrences[p.RecurrenceID]; r != nil {
		m["recurrence"] = r.view()
	}
	return m
}

// integer and amount write numbers as the JSON trees of answers hold them
// (see validate.WriteJSON).
func integer[T int | int32 | int64](n T) json.Number {
	return json.Number(strconv.FormatInt(int64(n), 10))
}

func amount(a money.Amount) json.Number { return json.Number(a.String()) }

// recordMembers is the most members a record has, so that its map is made
// at its full size once: 13 always, 2 for the full record, 3 texts, the
// two parties, the sender's account id and country, and the recurrence.
const recordMembers = 13 + 2 + 3 + 2*len(partyMembers) + 2 + 1

// party writes a party's members under a prefix (sender..., receiver...).
func party(m map[string]any, prefix string, p fzParty) {
	var names *[len(partyMembers)]string
	switch prefix {
	case "sender":
		names = &senderMembers
	case "receiver":
		names = &receiverMembers
	default:
		n := prefixed(prefix)
		names = &n
	}
	for i, v := range [len(partyMembers)]string{p.Name, p.AccountNumber, p.AccountType, p.SubAccountType, p.BankIDType,
		p.BankID, p.BankName, p.Email, p.Address1, p.Address2, p.City, p.State, p.Zip, p.Country} {
		setText(m, names[i], v)
	}
}

// partyMembers are the names of a party's members after its prefix, in
// the order party lists their values.
var partyMembers = [...]string{"Name", "AccountNumber", "AccountType", "AccountSubType", "BankIdType", "BankId",
	"BankName", "Email", "Address1", "Address2", "City", "State", "Zip", "Country"}

// senderMembers and receiverMembers are the members' full names.
var senderMembers, receiverMembers = prefixed("sender"), prefixed("receiver")

func prefixed(prefix string) (out [len(partyMembers)]string) {
	for i, name := range partyMembers {
		out[i] = prefix + name
	}
	return out
}

func setText(m map[string]any, name, v string) {
	if v != "" {
		m[name] = v
	}
}

// hookLimits are the payment status webhook's length limits, in
// characters, on the members the sandbox copies from what a caller sent
// (a request, a directory entry, the incoming-payments control). The
// webhook's limits are the provider's own and can be tighter than the
// request's: an account number sent with 35 characters has 20 in the
// webhook.
var hookLimits = map[string]int{
	"receiverName":          255,
	"receiverAccountNumber": 35,
	"senderName":            255,
	"senderAccountNumber":   20,
}

// setBounded writes a webhook member as setText does, cut at the
// webhook's limit, so that a long value leaves the webhook valid.
func setBounded(m map[string]any, name, v string) {
	setText(m, name, cut(v, hookLimits[name]))
}

// cut returns the first limit characters of s.
func cut(s string, limit int) string {
	n := 0
	for i := range s {
		if n == limit {
			return s[:i]
		}
		n++
	}
	return s
}

// wireType says which way a payment goes, as Finzly writes it.
func wireType(p *fzPayment) string {
	if p.Incoming {
		return "INCOMING_PAYMENT"
	}
	return "OUTGOING_PAYMENT"
}

// displayStatus is the status as Finzly's screens word it.
func displayStatus(status string) string {
	if d, ok := displayStatuses[status]; ok {
		return d
	}
	return wordStatus(status)
}

// displayStatuses are the display statuses of the statuses the sandbox
// gives, worked out once.
var displayStatuses = func() map[string]string {
	m := map[string]string{fzFutureDated: "Scheduled"}
	for _, s := range []string{fzInitiated, fzValidated, fzTransmitted, fzToFed, fzProcessed, fzCancelled} {
		m[s] = wordStatus(s)
	}
	return m
}()

// wordStatus words a status as Finzly's screens do: lower case, spaces for
// underscores.
func wordStatus(status string) string {
	return strings.ReplaceAll(strings.ToLower(status), "_", " ")
}

// paymentType is the webhook's paymentType of a payment.
func paymentType(p *fzPayment) string {
	switch railOf(p) {
	case "ACH":
		return "REGULAR_ACH"
	case "SAME_DAY_ACH":
		return "SAME_DAY_ACH"
	case "FEDWIRE":
		return "WIRE"
	case "RTP":
		return "REALTIME_RTP"
	case "FEDNOW":
		return "REALTIME_FEDNOW"
	case "SWIFT":
		return map[string]string{"SPOT": "SPOT_SWIFT", "ON": "SAME_DAY_SWIFT", "TN": "NEXT_DAY_SWIFT"}[p.Speed]
	}
	return "BOOK_TRANSFER"
}

// notify sends Finzly's payment status webhook for the payment's current
// status, reached at at: creationDateTime is when the payment was created,
// lastUpdatedTime when it reached this status.
func (f *Service) notify(p *fzPayment, at time.Time) {
	if !f.env.Hooks.Enabled() {
		return
	}
	event := map[string]any{
		"paymentId":           p.UID,
		"externalReferenceId": p.ExternalRef,
		"paymentStatus":       p.Progress.Status,
		"deliveryMethod":      p.DeliveryMethod,
		"paymentType":         paymentType(p),
		"paymentDate":         p.PaymentDate.String(),
		"paymentIOType":       map[bool]string{true: "IN", false: "OUT"}[p.Incoming],
		"entryType":           p.EntryType,
		"receiverAmount":      p.Amount,
		"senderAmount":        p.Amount,
		"creationDateTime":    p.Created.UTC().Format(time.RFC3339),
		"lastUpdatedTime":     at.UTC().Format(time.RFC3339),
		"channel":             "API",
	}
	setBounded(event, "receiverName", p.Receiver.Name)
	setBounded(event, "receiverAccountNumber", p.Receiver.AccountNumber)
	setBounded(event, "senderName", p.Sender.Name)
	setBounded(event, "senderAccountNumber", p.Sender.AccountNumber)
	setText(event, "memoPostStatus", p.MemoPost)
	f.env.Hooks.Send("finzlyPaymentStatusWebhook", strconv.FormatInt(p.UID, 10), p.Progress.Status, event)
}

// pageOf cuts one page out of items and describes it as Finzly's
// pagination does. The page is never nil, so that it encodes as [].
func pageOf[T any](items []T, page, limit int32) ([]T, finzly.Pagination) {
	total := int64(len(items))
	p := paging.Cut(items, page, limit)
	out := append(make([]T, 0, len(p)), p...)
	returned := int32(len(out))
	return out, finzly.Pagination{TotalRecords: &total, ReturnedRecords: &returned, PageReturned: &page, PageSize: &limit}
}

// paginationTree is a page's description as a JSON tree (see
// respond.Reply), with the members pageOf sets.
func paginationTree(p finzly.Pagination) map[string]any {
	m := make(map[string]any, 4)
	if p.TotalRecords != nil {
		m["totalRecords"] = integer(*p.TotalRecords)
	}
	if p.ReturnedRecords != nil {
		m["returnedRecords"] = integer(*p.ReturnedRecords)
	}
	if p.PageReturned != nil {
		m["pageReturned"] = integer(*p.PageReturned)
	}
	if p.PageSize != nil {
		m["pageSize"] = integer(*p.PageSize)
	}
	return m
}
