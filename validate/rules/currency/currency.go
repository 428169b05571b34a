// Package currency holds the ISO 4217 currency table the validation rules
// use for currency codes and their minor units. (The decimal places of an
// amount, as written, come from money.Amount.Scale.)
//
// Minor units come from ISO 4217 data kept in this repository (table.go,
// generated from github.com/moov-io/iso4217 v0.4.0 with the adjustments listed
// in its header), not from golang.org/x/text/currency, whose CLDR-derived
// digits differ from ISO 4217 for dozens of codes (IQD, COP, IDR, ...).
//
// A Table is immutable and safe for concurrent use. Default returns the
// generated ISO table; a bank's configuration can derive its own table from
// it with With (for example to enable CNH or to disable a currency).
package currency

// table.go is written by gen_table.go (run it with `go run gen_table.go`
// in this directory; it fetches moov-io/iso4217 from the module proxy). It
// is not wired to go generate, so that regenerating the API packages never
// needs that download.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Currency is one entry of a Table.
type Currency struct {
	// Code is the ISO 4217 alphabetic code, three upper-case letters A-Z.
	Code string `json:"code" yaml:"code"`
	// Numeric is the ISO 4217 numeric code, three digits, or empty for a
	// code without one (a non-ISO code added by configuration).
	Numeric string `json:"numeric" yaml:"numeric"`
	// MinorUnits is the number of decimal places of the currency (ISO 4217
	// "minor unit" column), 0 to 4. It is 0 for the funds, metals and testing
	// codes whose ISO minor unit is "N.A."; those are inactive.
	MinorUnits int `json:"minorUnits" yaml:"minorUnits"`
	// Active reports whether the code may be used as a payment currency.
	// Withdrawn codes, non-ISO codes and N.A. codes are inactive in Default.
	Active bool `json:"active" yaml:"active"`
	// Name is the English currency name as ISO 4217 lists it.
	Name string `json:"name" yaml:"name"`
}

// Errors NewTable and With wrap; use errors.Is to tell them apart.
var (
	ErrInvalidCode       = errors.New("code must be three upper-case letters A-Z")
	ErrDuplicateCode     = errors.New("duplicate code")
	ErrInvalidNumeric    = errors.New("numeric code must be three digits or empty")
	ErrInvalidMinorUnits = errors.New("minor units must be between 0 and 4")
)

// MaxMinorUnits is the largest number of minor units a Currency may have
// (ISO 4217 uses at most 4, for CLF and UYW).
const MaxMinorUnits = 4

// Table is an immutable set of currencies keyed by alphabetic code. The zero
// value and a nil *Table are empty tables.
type Table struct {
	byCode map[string]Currency
	sorted []Currency // by Code
}

// NewTable builds a Table from cs after checking every entry: the code is
// three upper-case letters A-Z and not repeated, the numeric code is three
// digits or empty, and MinorUnits is between 0 and MaxMinorUnits. All
// problems found are reported together, each naming the offending entry.
func NewTable(cs []Currency) (*Table, error) {
	if err := validate(cs); err != nil {
		return nil, err
	}
	t := &Table{byCode: make(map[string]Currency, len(cs)), sorted: slices.Clone(cs)}
	for _, c := range cs {
		t.byCode[c.Code] = c
	}
	slices.SortFunc(t.sorted, func(a, b Currency) int { return strings.Compare(a.Code, b.Code) })
	return t, nil
}

func validate(cs []Currency) error {
	var errs []error
	seen := make(map[string]int, len(cs))
	for i, c := range cs {
		if !isCode(c.Code) {
			errs = append(errs, fmt.Errorf("currency entry %d (code %q): %w", i, c.Code, ErrInvalidCode))
		} else if j, dup := seen[c.Code]; dup {
			errs = append(errs, fmt.Errorf("currency %s: %w (entries %d and %d)", c.Code, ErrDuplicateCode, j, i))
		} else {
			seen[c.Code] = i
		}
		if c.Numeric != "" && !isNumeric(c.Numeric) {
			errs = append(errs, fmt.Errorf("currency %q: %w, got %q", c.Code, ErrInvalidNumeric, c.Numeric))
		}
		if c.MinorUnits < 0 || c.MinorUnits > MaxMinorUnits {
			errs = append(errs, fmt.Errorf("currency %q: %w, got %d", c.Code, ErrInvalidMinorUnits, c.MinorUnits))
		}
	}
	return errors.Join(errs...)
}

func isCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isNumeric(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// Lookup returns the entry for the alphabetic code. The code must match
// exactly: "usd" and " USD" are not found.
func (t *Table) Lookup(code string) (Currency, bool) {
	if t == nil {
		return Currency{}, false
	}
	c, ok := t.byCode[code]
	return c, ok
}

// Active reports whether code is in the table and active, that is usable as
// a payment currency.
func (t *Table) Active(code string) bool {
	c, ok := t.Lookup(code)
	return ok && c.Active
}

// All returns a copy of every entry, active or not, sorted by code.
func (t *Table) All() []Currency {
	if t == nil {
		return []Currency{}
	}
	return slices.Clone(t.sorted)
}

// Len returns the number of entries.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.sorted)
}

// With returns a new table holding t's entries, where each override replaces
// the entry with the same code or is added when the code is new. Overrides
// are checked like NewTable's entries (an override may not repeat a code
// within overrides). t is not changed. A bank configuration uses With to
// enable or disable codes or to add non-ISO codes such as CNH.
func (t *Table) With(overrides []Currency) (*Table, error) {
	if err := validate(overrides); err != nil {
		return nil, fmt.Errorf("currency overrides: %w", err)
	}
	n := t.Len()
	merged := make([]Currency, 0, n+len(overrides))
	replaced := make(map[string]bool, len(overrides))
	for _, o := range overrides {
		replaced[o.Code] = true
	}
	for _, c := range t.All() {
		if !replaced[c.Code] {
			merged = append(merged, c)
		}
	}
	merged = append(merged, overrides...)
	return NewTable(merged)
}

var defaultTable = sync.OnceValue(func() *Table {
	t, err := NewTable(iso4217)
	if err != nil {
		panic("currency: generated table.go is invalid: " + err.Error())
	}
	return t
})

// Default returns the ISO 4217 table generated into table.go (source
// SourceModule at SourceVersion, adjusted as its header documents). Every
// call returns the same immutable *Table.
func Default() *Table { return defaultTable() }
