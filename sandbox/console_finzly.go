package sandbox

import (
	"encoding/json"
	"strconv"

	"github.com/payspec/payspec/api"
)

// consolePayments calls visit with every Finzly payment, as the console
// lists it. It runs under the sandbox lock.
func (f *finzlyService) consolePayments(visit func(consolePayment)) {
	for _, p := range f.byUID {
		visit(f.consoleRow(p))
	}
}

// consolePayment returns one Finzly payment and its stored record. It
// runs under the sandbox lock.
func (f *finzlyService) consolePayment(id string) (consolePayment, []byte, bool) {
	uid, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return consolePayment{}, nil, false
	}
	p, ok := f.payments[uid]
	if !ok {
		return consolePayment{}, nil, false
	}
	record, err := json.Marshal(p)
	if err != nil {
		return consolePayment{}, nil, false
	}
	return f.consoleRow(p), record, true
}

func (f *finzlyService) consoleRow(p *fzPayment) consolePayment {
	rail := string(p.Rail)
	if rail == "" {
		rail = p.DeliveryMethod
	}
	return consolePayment{provider: api.ProviderFinzly, uid: p.UID, status: p.Progress.Status, rail: rail,
		reference: p.ExternalRef, amount: p.Amount, currency: p.Currency, created: p.Created, events: p.Progress.Events}
}
