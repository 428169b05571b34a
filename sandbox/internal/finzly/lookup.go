package finzly

import (
	"cmp"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// GetPayment answers a payment's full record.
func (a *operations) GetPayment(w http.ResponseWriter, r *http.Request, paymentUID finzly.PaymentUID) {
	var record map[string]any // built under the lock, written (and judged) after it
	a.rlock(func() {
		if p := a.paymentByUID(paymentUID); p != nil {
			record = a.record(p, true)
		}
	})
	if record == nil {
		a.env.Respond.Fail(w, r, http.StatusNotFound, "API900", "Payment not found")
		return
	}
	respond.Reply(w, http.StatusOK, map[string]any{"status": "Success", "data": record})
}

func (f *Service) paymentByUID(uid string) *fzPayment {
	n, err := strconv.ParseInt(uid, 10, 64)
	if err != nil {
		return nil
	}
	return f.payments[n]
}

// maxSearchLimit is the most payments a search page holds: a larger limit
// is cut to it, as the spec says the bank caps it (100 by default), and
// the answer's pageSize says so.
const maxSearchLimit = 100

// SearchPayments answers the payments every given filter matches, newest
// first, a page at a time (mostRecent: only the newest).
func (a *operations) SearchPayments(w http.ResponseWriter, r *http.Request) {
	var q finzly.PaymentSearch
	if err := respond.Decode(r, &q); err != nil {
		a.env.Respond.Fail(w, r, http.StatusBadRequest, "PAYMENT001", "Failed to search payments: the body could not be read")
		return
	}
	match := searchFilter(&q)
	var answer map[string]any // built under the lock, written (and judged) after it
	a.rlock(func() {
		mostRecent := q.MostRecent != nil && *q.MostRecent
		var found []*fzPayment
		for i := len(a.byUID) - 1; i >= 0; i-- { // newest first
			if p := a.byUID[i]; match(p) {
				found = append(found, p)
				if mostRecent {
					break
				}
			}
		}
		page, pagination := pageOf(found, q.Page, min(q.Limit, maxSearchLimit))
		data := make([]any, len(page))
		for i, p := range page {
			data[i] = a.record(p, false)
		}
		answer = map[string]any{"status": "Success", "data": data, "pagination": paginationTree(pagination)}
	})
	respond.Reply(w, http.StatusOK, answer)
}

// searchFilter builds the test of every filter the search gives: ids and
// codes exactly, names and notes as case-insensitive parts, amounts and
// dates as bounds.
func searchFilter(q *finzly.PaymentSearch) func(*fzPayment) bool {
	var tests []func(*fzPayment) bool
	exact := func(want *string, got func(*fzPayment) string) {
		if want != nil {
			tests = append(tests, func(p *fzPayment) bool { return strings.EqualFold(got(p), *want) })
		}
	}
	part := func(want *string, got func(*fzPayment) string) {
		if want != nil {
			w := *want
			tests = append(tests, func(p *fzPayment) bool { return containsFold(got(p), w) })
		}
	}
	exact(q.PaymentUID, func(p *fzPayment) string { return strconv.FormatInt(p.UID, 10) })
	exact(q.ExternalReferenceId, func(p *fzPayment) string { return p.ExternalRef })
	exact(q.Currency, func(*fzPayment) string { return "USD" })
	exact(q.ForexContractNo, func(p *fzPayment) string { return p.FXContract })
	exact(q.ReceiverAccountNo, func(p *fzPayment) string { return p.Receiver.AccountNumber })
	exact(q.SenderAccountNo, func(p *fzPayment) string { return p.Sender.AccountNumber })
	exact(q.SenderAccountId, func(p *fzPayment) string { return p.Sender.AccountUID })
	exact(q.Status, func(p *fzPayment) string { return p.Progress.Status })
	exact(q.WireType, wireType)
	exact(q.DeliveryMethod, func(p *fzPayment) string { return p.DeliveryMethod })
	exact(q.SourceRefNo, func(*fzPayment) string { return "" })
	exact(q.SenderAccountTokenId, func(*fzPayment) string { return "" })
	exact(q.ReceiverAccountTokenId, func(*fzPayment) string { return "" })
	exact(q.UltimateSenderAccountNo, func(*fzPayment) string { return "" })
	exact(q.UltimateReceiverAccountNo, func(*fzPayment) string { return "" })
	part(q.ReceiverName, func(p *fzPayment) string { return p.Receiver.Name })
	part(q.SenderName, func(p *fzPayment) string { return p.Sender.Name })
	part(q.Description, func(p *fzPayment) string { return p.Notes })
	part(q.UltimateSenderName, func(*fzPayment) string { return "" })
	part(q.UltimateReceiverName, func(*fzPayment) string { return "" })
	tests = append(tests, idFilters(q)...)
	tests = append(tests, amountAndDateFilters(q)...)
	return func(p *fzPayment) bool {
		for _, t := range tests {
			if !t(p) {
				return false
			}
		}
		return true
	}
}

// idFilters are the numeric id filters.
func idFilters(q *finzly.PaymentSearch) []func(*fzPayment) bool {
	var tests []func(*fzPayment) bool
	if q.RecurrenceId != nil {
		tests = append(tests, func(p *fzPayment) bool { return p.RecurrenceID == *q.RecurrenceId })
	}
	if q.ReceiverId != nil {
		tests = append(tests, func(p *fzPayment) bool { return p.Receiver.ContactID == *q.ReceiverId })
	}
	if q.CustomerUID != nil {
		tests = append(tests, func(p *fzPayment) bool { return p.Customer == *q.CustomerUID })
	}
	return tests
}

// amountAndDateFilters are the bounds of amount and payment date.
func amountAndDateFilters(q *finzly.PaymentSearch) []func(*fzPayment) bool {
	var tests []func(*fzPayment) bool
	if q.PaymentAmount != nil {
		tests = append(tests, func(p *fzPayment) bool { return p.Amount.Equal(*q.PaymentAmount) })
	}
	if q.MinAmount != nil {
		compare := amountComparer(*q.MinAmount)
		tests = append(tests, func(p *fzPayment) bool { return compare(p) >= 0 })
	}
	if q.MaxAmount != nil {
		compare := amountComparer(*q.MaxAmount)
		tests = append(tests, func(p *fzPayment) bool { return compare(p) <= 0 })
	}
	if from := dateOf(q.FromDate); !from.IsZero() {
		tests = append(tests, func(p *fzPayment) bool { return !before(p.PaymentDate, from) })
	}
	if to := dateOf(q.ToDate); !to.IsZero() {
		tests = append(tests, func(p *fzPayment) bool { return !before(to, p.PaymentDate) })
	}
	return tests
}

// searchScale is the scale of the amounts searches compare as integers:
// ten-thousandths cover every ISO 4217 currency's minor units.
const searchScale = 4

// searchUnits is a in ten-thousandths, and false when a has finer digits
// or does not fit an int64.
func searchUnits(a money.Amount) (int64, bool) {
	d := a.Decimal()
	if d.Exponent() < -searchScale {
		return 0, false
	}
	c := d.Coefficient()
	c.Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Exponent()+searchScale)), nil))
	if !c.IsInt64() {
		return 0, false
	}
	return c.Int64(), true
}

// amountComparer compares payments' amounts with bound: as integers when
// both are in ten-thousandths (a search compares the bound with every
// stored payment), exactly as decimals otherwise.
func amountComparer(bound money.Amount) func(*fzPayment) int {
	units, ok := searchUnits(bound)
	return func(p *fzPayment) int {
		if ok && p.searchAmountOK {
			return cmp.Compare(p.searchAmount, units)
		}
		return p.Amount.Cmp(bound)
	}
}

// containsFold reports whether sub is within s, ignoring case; ASCII text
// is compared without allocating.
func containsFold(s, sub string) bool {
	if !isASCII(s) || !isASCII(sub) {
		return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func before(a, b fedcal.Date) bool {
	return a.Year < b.Year || (a.Year == b.Year && (a.Month < b.Month || (a.Month == b.Month && a.Day < b.Day)))
}

// cancellable are the statuses a payment can still be cancelled in:
// before it leaves the bank.
var cancellable = map[string]bool{fzFutureDated: true, fzInitiated: true, fzValidated: true}

// CancelPayment cancels a payment that has not gone out; otherwise it
// answers Finzly's failure, saying why by the payment's status.
func (a *operations) CancelPayment(w http.ResponseWriter, r *http.Request, paymentUID finzly.PaymentUID) {
	a.lock(func() {
		p := a.paymentByUID(paymentUID)
		if p == nil {
			a.env.Respond.Fail(w, r, http.StatusNotFound, "API900", "Payment not found")
			return
		}
		if !cancellable[p.Progress.Status] {
			respond.Reply(w, http.StatusBadRequest, actionAnswer(p, "PAYMENT001",
				"Failed to cancel a payment: a payment in status "+p.Progress.Status+" can no longer be cancelled"))
			return
		}
		a.move(r, p, fzCancelled)
		respond.Reply(w, http.StatusOK, actionAnswer(p, "", ""))
	})
}

// ReturnPayment returns an incoming, processed payment to its sender.
func (a *operations) ReturnPayment(w http.ResponseWriter, r *http.Request, paymentUID finzly.PaymentUID) {
	a.paymentAction(w, r, paymentUID, "PAYMENT003", "Failed to return a payment: ", "NA_RETURN_INITIATED",
		func(p *fzPayment) bool { return p.Incoming })
}

// ReversePayment reverses an outgoing, processed credit.
func (a *operations) ReversePayment(w http.ResponseWriter, r *http.Request, paymentUID finzly.PaymentUID) {
	a.paymentAction(w, r, paymentUID, "PAYMENT004", "Failed to reverse a payment: ", "NA_RECEIVED_REVERSAL",
		func(p *fzPayment) bool { return !p.Incoming && p.EntryType == "CREDIT" && railOf(p) != "SWIFT" })
}

// paymentAction runs a return or reversal: allowed once, on a PROCESSED
// payment that fits; it marks the payment's memo post status.
func (a *operations) paymentAction(w http.ResponseWriter, r *http.Request, uid, code, prefix, memo string, fits func(*fzPayment) bool) {
	a.lock(func() {
		p := a.paymentByUID(uid)
		switch {
		case p == nil:
			a.env.Respond.Fail(w, r, http.StatusNotFound, "API900", "Payment not found")
		case p.MemoPost != "":
			respond.Reply(w, http.StatusBadRequest, actionAnswer(p, code, prefix+"the payment has already been returned or reversed"))
		case p.Progress.Status != fzProcessed || !fits(p):
			respond.Reply(w, http.StatusBadRequest, actionAnswer(p, code, prefix+"not allowed for this payment in status "+p.Progress.Status))
		default:
			p.MemoPost = memo
			a.notify(p, a.env.Clock.Now())
			a.save(r.Context(), fzPaymentKind, strconv.FormatInt(p.UID, 10), p)
			respond.Reply(w, http.StatusOK, actionAnswer(p, "", ""))
		}
	})
}

// actionAnswer is the answer of cancel, return and reverse.
func actionAnswer(p *fzPayment, code, message string) map[string]any {
	uid := strconv.FormatInt(p.UID, 10)
	if code == "" {
		return map[string]any{"status": "Success", "data": map[string]any{"paymentUID": uid}}
	}
	return map[string]any{"status": "Failure", "code": code, "message": message, "data": nil}
}

// move sets a payment's status off its schedule (a cancellation).
func (f *Service) move(r *http.Request, p *fzPayment, status string) {
	now := f.env.Clock.Now()
	p.Progress.Set(status, now)
	p.Progress.Next = time.Time{}
	f.noteFacts(p)
	f.notify(p, now)
	f.save(r.Context(), fzPaymentKind, strconv.FormatInt(p.UID, 10), p)
}
