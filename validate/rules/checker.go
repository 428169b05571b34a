package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"
	_ "time/tzdata" // America/New_York without relying on the host's zoneinfo

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/internal/jsontree"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules/currency"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// FXTrade is a foreign-exchange trade a payment settles.
type FXTrade struct {
	Amount   money.Amount
	Currency string
}

// Env is what a check needs from outside the payment: the date to judge
// against and the caller's lookups. A nil lookup means the caller has no
// such data, and the rules that need it are skipped.
type Env struct {
	// Today is the date date rules judge against (America/New_York).
	Today fedcal.Date
	// Now is the moment the payment is submitted, in America/New_York,
	// for the rails' cut-offs (CUTOFF_PASSED); the zero time skips them.
	// Its date must be Today's.
	Now time.Time
	// FXTrade finds the trade behind an fxContractNumber.
	FXTrade func(contract string) (FXTrade, bool)
	// FundingCurrency gives a Redpin customer's funding currency.
	FundingCurrency func(customerID string) (string, bool)
	// CustomerID is the Redpin customer_id path parameter.
	CustomerID string
	// CoPAnswers finds the Confirmation of Payee / Verification of Payee
	// answer the caller received for a customer's check event, so that a
	// confirm_recipient can be matched with it (CONFIRM_RECIPIENT).
	CoPAnswers func(customerID, eventID string) (CoPAnswer, bool)
	// Payment finds what the return and reversal rules need to know of a
	// Finzly payment (PaymentFactsFromRecord reads it from a getPayment
	// answer).
	Payment func(paymentUID string) (PaymentFacts, bool)
	// PaymentUID is the Finzly paymentUID path parameter.
	PaymentUID string
	// Decoded, when set, is given the body as the rules decoded it (a
	// pointer to the operation's generated request type) before they
	// judge it, so that a handler can use it without decoding the body
	// again. The rules only read it.
	Decoded func(v any)
}

// Checker runs the rail rules with one configuration. It is immutable and
// safe for concurrent use.
type Checker struct {
	cfg        *Config
	calendar   *fedcal.Calendar
	currencies *currency.Table
	severity   map[string]problem.Severity
	secCodes   map[string]bool
	purposes   map[string]bool
	payout     map[string]bool
	newYork    *time.Location // where the rails keep their days and cut-offs
}

// New builds a checker; a nil cfg means DefaultConfig.
func New(cfg *Config) (*Checker, error) {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	table, err := currency.Default().With(cfg.Currencies)
	if err != nil {
		return nil, fmt.Errorf("%w: currencies: %v", ErrConfig, err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	c := &Checker{
		newYork:    ny,
		cfg:        cfg.clone(),
		calendar:   fedcal.New(fedcal.Overrides{Closed: cfg.Closed, Open: cfg.Open}),
		currencies: table,
		severity:   map[string]problem.Severity{},
		secCodes:   map[string]bool{},
		purposes:   map[string]bool{},
		payout:     map[string]bool{},
	}
	for _, r := range catalogue {
		c.severity[r.ID] = r.Severity
	}
	for id, s := range cfg.Severities {
		c.severity[id] = s
	}
	for _, s := range cfg.SECCodes {
		c.secCodes[s] = true
	}
	for _, p := range cfg.PurposeCodes {
		c.purposes[p] = true
	}
	for _, p := range cfg.PayoutCurrencies {
		c.payout[p] = true
	}
	return c, nil
}

// Handles reports whether the checker has rules for the operation.
func (c *Checker) Handles(operationID string) bool {
	_, ok := checks[operationID]
	return ok
}

// Check decodes a request body into the operation's generated type and runs
// its rules. Operations without rules give no problems. A body that cannot
// be decoded gives no problems either: the schema check reports it.
func (c *Checker) Check(operationID string, body []byte, env Env) problem.Problems {
	ps, _ := c.run(operationID, env, func(dst any) error { return json.Unmarshal(body, dst) })
	return ps
}

// CheckTree is Check for a body already decoded into the values
// encoding/json produces with UseNumber (map[string]any, []any, string,
// json.Number, bool, nil), as the validation engine holds it; it spares
// parsing the body a second time.
func (c *Checker) CheckTree(operationID string, tree any, env Env) problem.Problems {
	ps, _ := c.RunTree(operationID, tree, env)
	return ps
}

// RunTree is CheckTree that says when the rules could not run: the error
// is a *DecodeError when the body does not fit the
// operation's generated type. The rules run on any body that fits, even
// one the schema finds fault with, so that a caller can report every
// problem at once.
func (c *Checker) RunTree(operationID string, tree any, env Env) (problem.Problems, error) {
	return c.run(operationID, env, func(dst any) error { return DecodeTree(tree, dst) })
}

//go:generate go run ./internal/gendecode

// DecodeTree stores tree, a JSON value as payspec's strict reader makes it
// (map[string]any, []any, string, json.Number, bool, nil), into dst, a
// pointer, following encoding/json's rules for the destination types
// except that member names match only exactly. The request bodies the
// rules read (the generated types of the payment, quote and recipient
// operations) are decoded without reflection, by decoders generated for
// them; any other type, or a tree that does not fit, goes through the
// reflective decoder, whose *jsontree.Error names the value that does not
// fit.
func DecodeTree(tree any, dst any) error {
	if ok, handled := decodeGenerated(tree, dst); ok {
		return nil
	} else if handled {
		reflect.ValueOf(dst).Elem().SetZero()
	}
	return jsontree.Decode(tree, dst)
}

// DecodeError says that a body does not fit the operation's generated
// type, so its rules did not run.
type DecodeError struct {
	Pointer string // JSON Pointer of the value that does not fit; "" is the body
	Type    string // Go type it was to be stored in
	Want    string // the JSON value that type takes, in words ("a string"); "" when unknown
}

// Error names the value by its pointer and the type it did not fit.
func (e *DecodeError) Error() string {
	return "rules: the value at " + strconv.Quote(e.Pointer) + " does not fit " + e.Type
}

func (c *Checker) run(operationID string, env Env, decode func(any) error) (problem.Problems, error) {
	run, ok := checks[operationID]
	if !ok {
		return nil, nil
	}
	if env.Decoded != nil {
		read := decode
		decode = func(dst any) error {
			err := read(dst)
			if err == nil {
				env.Decoded(dst)
			}
			return err
		}
	}
	return run(c, env, decode)
}

// checks runs each operation's rules on its decoded request body.
var checks = map[string]func(c *Checker, env Env, decode func(any) error) (problem.Problems, error){
	api.OpCreateCreditPaymentV4: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.CreditPaymentInstruction) problem.Problems { return c.CheckCreditPaymentV4(p, env) })
	},
	api.OpCreateCreditPaymentV3: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.CreditPaymentRequest) problem.Problems { return c.CheckCreditPaymentV3(p, env) })
	},
	api.OpCreateBookTransfer: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.BookTransferRequest) problem.Problems { return c.CheckBookTransfer(p, env) })
	},
	api.OpCreateCreditPaymentV5: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.V5CreditPaymentInstruction) problem.Problems { return c.CheckCreditPaymentV4(p, env) })
	},
	api.OpCreateDebitPayment: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.DebitPaymentRequest) problem.Problems { return c.CheckDebitPayment(p, env) })
	},
	api.OpReturnPayment: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.ReturnPaymentRequest) problem.Problems { return c.CheckReturnPayment(p, env) })
	},
	api.OpReversePayment: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.ReversePaymentRequest) problem.Problems { return c.CheckReversePayment(p, env) })
	},
	api.OpUpdateRecurrence: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.RecurrenceUpdate) problem.Problems { return c.CheckRecurrenceUpdate(p, env) })
	},
	api.OpCreateWaterfallTransfer: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.WaterfallTransferRequest) problem.Problems { return c.CheckWaterfallTransfer(p, env) })
	},
	api.OpCreateFXQuote: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.FXQuoteRequest) problem.Problems { return c.CheckFXQuote(p, env) })
	},
	api.OpAcceptFXQuote: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *finzly.FXAcceptRequest) problem.Problems { return c.CheckFXAccept(p, env) })
	},
	api.OpCreatePayment: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *redpin.CreatePaymentRequest) problem.Problems { return c.CheckCreatePayment(p, env) })
	},
	api.OpCreateQuote: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *redpin.CreateQuoteRequest) problem.Problems { return c.CheckCreateQuote(p, env) })
	},
	api.OpCreateRecipient: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *redpin.CreateRecipientRequest) problem.Problems { return c.CheckCreateRecipient(p, env) })
	},
	api.OpUpdateRecipientAccount: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *redpin.UpdateRecipientAccountRequest) problem.Problems {
			return c.CheckUpdateRecipientAccount(p, env)
		})
	},
	api.OpCreatePaymentSession: func(c *Checker, env Env, decode func(any) error) (problem.Problems, error) {
		return decoded(decode, func(p *redpin.CreatePaymentSessionRequest) problem.Problems {
			return c.CheckCreatePaymentSession(p, env)
		})
	},
}

// decoded decodes the body into a fresh T and checks it; a body that does
// not decode gives a *DecodeError and no problems.
func decoded[T any](decode func(any) error, check func(*T) problem.Problems) (problem.Problems, error) {
	var p T
	if err := decode(&p); err != nil {
		de := &DecodeError{Type: reflect.TypeFor[T]().String(), Want: "an object"}
		var je *jsontree.Error
		if errors.As(err, &je) {
			de.Pointer, de.Type, de.Want = je.Pointer, je.Type, je.Want
		}
		return nil, de
	}
	return check(&p), nil
}

// report collects the problems of one check.
type report struct {
	c   *Checker
	out problem.Problems
}

// add records a finding of rule id at ptr, with the configured severity.
func (r *report) add(id, ptr, msg string) {
	sev, ok := r.c.severity[id]
	if !ok {
		panic("rules: unknown rule id " + id) // a programming error, caught by tests
	}
	if sev == SeverityOff {
		return
	}
	r.out = append(r.out, problem.Problem{Pointer: ptr, Code: id, Severity: sev, Message: msg})
}

func (r *report) done() problem.Problems {
	if len(r.out) == 0 {
		return nil
	}
	return problem.Sort(slices.Clip(r.out))
}
