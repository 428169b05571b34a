package finzly

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"strconv"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/sandbox/internal/core"
	"github.com/payspec/payspec/sandbox/internal/core/state"
)

// Store kinds of the Finzly directory.
const (
	fzContactKind  = "finzly.contact"
	fzCustomerKind = "finzly.customer"
)

// directory is the customer side of the sandbox's Finzly: each
// customer's accounts (seeded, the same for a customer every time) and
// contacts (created with createBeneficiary). The payment operations read
// it through account and contact. Its state is guarded by the state
// lock, like every provider's.
//
// Every customerUID has the four accounts of accountTemplates. Their
// accountUIDs are the customer's number followed by the template's digit
// (1 to 4). A customerUID of at most 14 digits without a leading zero is
// its own number: customer 112344 has accounts 1123441 to 1123444, known
// without any setup. Any other customerUID gets a number between 10^14 and
// 9×10^14 from a hash of the id, which the sandbox records (and keeps in
// its store) the first time the customer is named, so that its accounts
// can be found by accountUID alone after that. Every accountUID stays
// below 2^53, exact in any JSON reader.
type directory struct {
	env *core.Env

	contacts   map[int64]*fzContact // by contactUID
	numbers    map[string]int64     // hashed customer numbers, by customerUID
	customers  map[int64]string     // the same, by number
	contactSeq *state.Sequence
}

// fzContact is a contact (beneficiary) as the sandbox keeps it.
type fzContact struct {
	UID      int64          `json:"uid"`
	Customer string         `json:"customer"`
	Data     finzly.Contact `json:"data"`
}

// fzAccount is one of a customer's seeded accounts.
type fzAccount struct {
	UID      int64
	Customer string
	Details  finzly.AccountDetails
}

// firstContactUID is the first contactUID handed out (the spec's example
// contact id).
const firstContactUID = 88231

// Bounds of customer numbers.
const (
	maxNumericCustomer = 99_999_999_999_999 // 14 digits
	hashedCustomerBase = 100_000_000_000_000
	hashedCustomerSpan = 800_000_000_000_000
)

func newDirectory(env *core.Env) *directory {
	d := &directory{env: env}
	d.reset()
	return d
}

// reset forgets every contact and recorded customer number.
func (d *directory) reset() {
	d.contacts = map[int64]*fzContact{}
	d.numbers = map[string]int64{}
	d.customers = map[int64]string{}
	d.contactSeq = state.NewSequence(fzContactKind, firstContactUID)
}

// load restores the contacts and recorded customer numbers from the store.
func (d *directory) load(ctx context.Context) error {
	var err error
	if d.contactSeq, err = d.env.State.LoadSequence(ctx, fzContactKind, firstContactUID); err != nil {
		return err
	}
	err = d.env.State.List(ctx, fzContactKind, func(_ string, b []byte) error {
		c := &fzContact{}
		if err := json.Unmarshal(b, c); err != nil {
			return state.ErrNotJSON
		}
		d.contacts[c.UID] = c
		return nil
	})
	if err != nil {
		return err
	}
	return d.env.State.List(ctx, fzCustomerKind, func(id string, b []byte) error {
		var n int64
		if err := json.Unmarshal(b, &n); err != nil {
			return state.ErrNotJSON
		}
		d.numbers[id], d.customers[n] = n, id
		return nil
	})
}

// lock runs fn with the state locked.
func (d *directory) lock(fn func()) { d.env.State.Lock(fn) }

// save stores a record, logging a failure.
func (d *directory) save(ctx context.Context, kind, id string, v any) {
	d.env.State.Save(ctx, kind, id, v)
}

// numericCustomer reads a customerUID that is its own number.
func numericCustomer(id string) (int64, bool) {
	if id == "" || id[0] == '0' || len(id) > 14 {
		return 0, false
	}
	n, err := strconv.ParseInt(id, 10, 64)
	return n, err == nil && n <= maxNumericCustomer
}

// customerNumber is the number a customer's accountUIDs start with,
// recording a hashed one the first time it is needed.
func (d *directory) customerNumber(ctx context.Context, id string) int64 {
	if n, ok := numericCustomer(id); ok {
		return n
	}
	if n, ok := d.numbers[id]; ok {
		return n
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	n := hashedCustomerBase + int64(h.Sum64()%hashedCustomerSpan)
	for d.customers[n] != "" { // two ids hashing alike: take the next free number
		n = hashedCustomerBase + (n-hashedCustomerBase+1)%hashedCustomerSpan
	}
	d.numbers[id], d.customers[n] = n, id
	d.save(ctx, fzCustomerKind, id, n)
	return n
}

// customerOf finds the customer a number belongs to.
func (d *directory) customerOf(n int64) (string, bool) {
	if n >= 1 && n <= maxNumericCustomer {
		return strconv.FormatInt(n, 10), true
	}
	id, ok := d.customers[n]
	return id, ok
}

// accountsOf returns a customer's accounts, in accountUID order.
func (d *directory) accountsOf(ctx context.Context, customer string) []fzAccount {
	n := d.customerNumber(ctx, customer)
	out := make([]fzAccount, len(accountTemplates))
	for i := range accountTemplates {
		out[i] = seededAccount(customer, n, i)
	}
	return out
}

// account finds an account by its accountUID alone, as a payment's sender
// names it. The caller holds the state lock.
func (d *directory) account(uid int64) (fzAccount, bool) {
	k := int(uid % 10)
	if uid < 0 || k < 1 || k > len(accountTemplates) {
		return fzAccount{}, false
	}
	customer, ok := d.customerOf(uid / 10)
	if !ok {
		return fzAccount{}, false
	}
	return seededAccount(customer, uid/10, k-1), true
}

// contact finds a contact by its contactUID alone, as a payment's
// receiver names it (v4 beneficiaryId, v3 receiver accountUID). The caller
// holds the state lock and must not change what the copy's pointers
// lead to.
func (d *directory) contact(uid int64) (fzContact, bool) {
	c, ok := d.contacts[uid]
	if !ok {
		return fzContact{}, false
	}
	return *c, true
}
