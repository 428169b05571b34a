package rules

import (
	"github.com/payspec/payspec/api"
	"regexp"
	"strings"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate/problem"
)

// Operation groups of returns and reversals.
var (
	returns   = []string{api.OpReturnPayment}
	reversals = []string{api.OpReversePayment}
)

// PaymentFacts is what the return and reversal rules need to know of the
// payment a request names: its status, its rail and its direction. A
// caller feeds them from its own records or from a getPayment answer
// (PaymentFactsFromRecord).
type PaymentFacts struct {
	// Status is the payment's status as Finzly writes it (PROCESSED ...).
	Status string
	// Rail is the delivery method (ACH, FEDWIRE, RTP, FEDNOW, SWIFT ...),
	// upper case; empty when unknown.
	Rail string
	// Incoming reports a payment the bank received; nil when unknown.
	Incoming *bool
	// Credit reports a credit (not a debit); nil when unknown.
	Credit *bool
}

// PaymentFactsFromRecord reads the facts of a payment from a getPayment
// answer, and false when the answer holds no payment.
func PaymentFactsFromRecord(r *finzly.PaymentRecordResponse) (PaymentFacts, bool) {
	if r == nil || r.Data == nil || (r.Status != nil && *r.Status != finzly.RequestStatusSuccess) {
		return PaymentFacts{}, false
	}
	d := r.Data
	f := PaymentFacts{Status: strings.ToUpper(deref(d.Status)), Rail: strings.ToUpper(deref(d.DeliveryMethod))}
	switch wire := strings.ToUpper(deref(d.WireType)); {
	case strings.HasPrefix(wire, "INCOMING"):
		f.Incoming = ptrTo(true)
	case strings.HasPrefix(wire, "OUTGOING"):
		f.Incoming = ptrTo(false)
	}
	switch strings.ToUpper(deref(d.EntryType)) {
	case "CREDIT":
		f.Credit = ptrTo(true)
	case "DEBIT":
		f.Credit = ptrTo(false)
	}
	return f, f.Status != ""
}

func ptrTo[T any](v T) *T { return &v }

// statusProcessed is the only status a payment can be returned or
// reversed from.
const statusProcessed = "PROCESSED"

// achReturnCode is the form of an ACH return reason code (R01 ...).
var achReturnCode = regexp.MustCompile(`^R[0-9]{2}$`)

// CheckReturnPayment runs the rules of a return: a reason, and, when the
// caller's lookup knows the payment, an incoming PROCESSED payment with
// the details its rail needs.
func (c *Checker) CheckReturnPayment(p *finzly.ReturnPaymentRequest, env Env) problem.Problems {
	r := &report{c: c}
	if p.ReturnCode == nil && isBlank(p.AchReturnCode) {
		r.add(RuleReturnReason, "/returnCode", "is required: a return states its reason")
	}
	if a := p.AchReturnCode; a != nil {
		msg := "is deprecated; the provider reads ACH returns from returnCode"
		if !achReturnCode.MatchString(*a) {
			msg = "is not an ACH return code (R followed by two digits), and " + msg[3:]
		}
		r.add(RuleReturnACHCode, "/achReturnCode", msg)
	}
	facts, ok := lookupPayment(env)
	if !ok {
		return r.done()
	}
	if facts.Status != statusProcessed || (facts.Incoming != nil && !*facts.Incoming) {
		r.add(RulePaymentActionStatus, "", "only an incoming payment whose status is PROCESSED can be returned")
	}
	if facts.Rail == "FEDWIRE" {
		if p.ReturnCode == nil {
			r.add(RuleReturnFedwire, "/returnCode", "is required to return a Fedwire payment")
		}
		if isBlank(p.ReturnNotes) {
			r.add(RuleReturnFedwire, "/returnNotes", "is required to return a Fedwire payment")
		}
	}
	return r.done()
}

// CheckReversePayment runs the rules of a reversal that the caller's lookup
// lets it judge: an outgoing PROCESSED credit, not over SWIFT, with a
// reason code on Fedwire.
func (c *Checker) CheckReversePayment(p *finzly.ReversePaymentRequest, env Env) problem.Problems {
	r := &report{c: c}
	facts, ok := lookupPayment(env)
	if !ok {
		return nil
	}
	outgoingCredit := (facts.Incoming == nil || !*facts.Incoming) && (facts.Credit == nil || *facts.Credit)
	if facts.Status != statusProcessed || !outgoingCredit {
		r.add(RulePaymentActionStatus, "", "only an outgoing credit whose status is PROCESSED can be reversed")
	}
	switch facts.Rail {
	case "SWIFT":
		r.add(RuleReversalSWIFT, "", "a SWIFT payment cannot be reversed")
	case "FEDWIRE":
		if p.ReversalCode == nil {
			r.add(RuleReversalFedwire, "/reversalCode", "is required to reverse a Fedwire payment")
		}
	}
	return r.done()
}

// lookupPayment asks the caller's lookup for the payment of the path.
func lookupPayment(env Env) (PaymentFacts, bool) {
	if env.Payment == nil || env.PaymentUID == "" {
		return PaymentFacts{}, false
	}
	return env.Payment(env.PaymentUID)
}
