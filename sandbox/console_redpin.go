package sandbox

import (
	"encoding/json"

	"github.com/payspec/payspec/api"
)

// consolePayments calls visit with every Redpin payment, as the console
// lists it. It runs under the sandbox lock.
func (r *redpinService) consolePayments(visit func(consolePayment)) {
	for _, p := range r.payments {
		visit(r.consoleRow(p))
	}
}

// consolePayment returns one Redpin payment and its stored record. It
// runs under the sandbox lock.
func (r *redpinService) consolePayment(id string) (consolePayment, []byte, bool) {
	p, ok := r.payments[id]
	if !ok {
		return consolePayment{}, nil, false
	}
	record, err := json.Marshal(p)
	if err != nil {
		return consolePayment{}, nil, false
	}
	return r.consoleRow(p), record, true
}

// consoleRow shows a Redpin payment's client_reference_id as its
// reference, or else its instruction number.
func (r *redpinService) consoleRow(p *rpPayment) consolePayment {
	ref := p.Instruction
	if p.Request.ClientReferenceId != nil && *p.Request.ClientReferenceId != "" {
		ref = *p.Request.ClientReferenceId
	}
	return consolePayment{provider: api.ProviderRedpin, id: p.ID, status: p.Progress.Status, reference: ref,
		amount: p.Request.Amount.Value, currency: p.Request.Amount.Currency, created: p.Created, events: p.Progress.Events}
}
