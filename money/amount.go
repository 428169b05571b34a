// Package money holds Amount, the exact decimal type payspec uses for every
// monetary field of the generated provider packages.
//
// An Amount is read from and written to JSON as a JSON number, never as a
// string and never through float32 or float64. It keeps the literal text it
// was read from, so a payload round-trips byte for byte in its amounts
// ("175.50" stays "175.50", "1234567.89" stays "1234567.89"), and the number of
// decimal places a sender wrote can be checked against the currency's ISO 4217
// minor units.
package money

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// MaxLiteralLength is the longest number literal an Amount accepts. Real
// amounts are far shorter; the bound keeps hostile input from costing
// unbounded memory or arithmetic.
const MaxLiteralLength = 64

// MaxExponent bounds the magnitude of an exponent written in a literal such
// as 1.5e3. It keeps arithmetic on a parsed Amount cheap.
const MaxExponent = 64

// ErrSyntax reports text that is not a JSON number.
var ErrSyntax = errors.New("not a JSON number")

// ErrRange reports a literal that is a JSON number but too long or with too
// large an exponent to be a money amount.
var ErrRange = errors.New("number out of range for a money amount")

// ParseError describes why a text could not be read as an Amount. It wraps
// ErrSyntax or ErrRange, so callers can use errors.Is. The offending text is
// not included in the message.
type ParseError struct {
	// Offset is the byte offset of the first offending character, or -1
	// when the whole literal is at fault.
	Offset int
	// Err is ErrSyntax or ErrRange.
	Err error
	// Reason says what is wrong in a few words.
	Reason string
}

// Error implements error.
func (e *ParseError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("money: %v: %s at offset %d", e.Err, e.Reason, e.Offset)
	}
	return fmt.Sprintf("money: %v: %s", e.Err, e.Reason)
}

// Unwrap returns ErrSyntax or ErrRange.
func (e *ParseError) Unwrap() error { return e.Err }

// Amount is an exact decimal amount that remembers how it was written.
//
// The zero value is the amount 0. Amounts are immutable; compare them with
// Cmp or Equal, not with ==, which compares the literal text.
type Amount struct {
	lit string          // JSON number literal, "" for the zero value
	dec decimal.Decimal // exact value of lit
}

// Parse reads s, which must follow the JSON number grammar (RFC 8259 §6):
// an optional minus sign, an integer part without leading zeros, an
// optional fraction and an optional exponent. Leading plus signs, spaces,
// hexadecimal, "NaN" and "Infinity" are refused.
func Parse(s string) (Amount, error) {
	if err := checkLiteral(s); err != nil {
		return Amount{}, err
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return Amount{}, &ParseError{Offset: -1, Err: ErrSyntax, Reason: "unreadable number"}
	}
	return Amount{lit: s, dec: d}, nil
}

// MustParse is Parse for literals known to be valid, such as constants in
// code and tests. It panics when s is not a valid amount.
func MustParse(s string) Amount {
	a, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

// FromMinorUnits builds the amount units×10^-scale written with exactly
// scale decimal places: FromMinorUnits(123456789, 2) is 1234567.89 and
// FromMinorUnits(500, 2) is 5.00. A negative scale is treated as 0.
func FromMinorUnits(units int64, scale int32) Amount {
	if scale < 0 {
		scale = 0
	}
	d := decimal.New(units, -scale)
	return Amount{lit: d.StringFixed(scale), dec: d}
}

// FromDecimal converts d to an Amount written with d's own exponent, so
// decimal.RequireFromString("10.50") becomes 10.50, not 10.5.
func FromDecimal(d decimal.Decimal) Amount {
	scale := int32(0)
	if e := d.Exponent(); e < 0 {
		scale = -e
	}
	return Amount{lit: d.StringFixed(scale), dec: d}
}

// Decimal returns the exact value for arithmetic.
func (a Amount) Decimal() decimal.Decimal { return a.dec }

// String returns the literal the amount was read or built from ("0" for the
// zero value).
func (a Amount) String() string {
	if a.lit == "" {
		return "0"
	}
	return a.lit
}

// Scale returns the number of decimal places the literal carries, taking an
// exponent into account: 10.50 has 2, 1e-3 has 3, 1.5e2 has 0. Trailing zeros
// count, because they are what the sender wrote.
func (a Amount) Scale() int32 {
	return literalScale(a.lit)
}

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int { return a.dec.Sign() }

// IsZero reports whether the amount equals zero.
func (a Amount) IsZero() bool { return a.dec.IsZero() }

// Cmp compares values: -1 if a < b, 0 if they are equal, +1 if a > b.
// 10.5 and 10.50 are equal.
func (a Amount) Cmp(b Amount) int { return a.dec.Cmp(b.dec) }

// Equal reports whether a and b have the same value.
func (a Amount) Equal(b Amount) bool { return a.Cmp(b) == 0 }

// MarshalJSON writes the amount as a JSON number, exactly as it was read.
func (a Amount) MarshalJSON() ([]byte, error) {
	return []byte(a.String()), nil
}

// UnmarshalJSON reads a JSON number. A JSON string (even one holding
// digits), boolean, array or object is an error. JSON null leaves the
// Amount unchanged, as encoding/json does for other types.
func (a *Amount) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		return &ParseError{Offset: 0, Err: ErrSyntax, Reason: "amount must be a JSON number, not a string"}
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// MarshalText writes the literal, for use in query strings and form values.
func (a Amount) MarshalText() ([]byte, error) {
	return []byte(a.String()), nil
}

// UnmarshalText reads a JSON number literal from text.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// checkLiteral enforces the JSON number grammar and the size bounds.
func checkLiteral(s string) error {
	if len(s) == 0 {
		return &ParseError{Offset: -1, Err: ErrSyntax, Reason: "empty"}
	}
	if len(s) > MaxLiteralLength {
		return &ParseError{Offset: -1, Err: ErrRange, Reason: "literal longer than " + strconv.Itoa(MaxLiteralLength) + " characters"}
	}
	i := 0
	if s[i] == '-' {
		i++
	}
	// Integer part: 0 or a non-zero digit followed by digits.
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return &ParseError{Offset: i, Err: ErrSyntax, Reason: "expected a digit"}
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return &ParseError{Offset: i, Err: ErrSyntax, Reason: "expected a digit after the decimal point"}
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return &ParseError{Offset: i, Err: ErrSyntax, Reason: "expected a digit in the exponent"}
		}
		exp, err := strconv.Atoi(s[start:i])
		if err != nil || exp > MaxExponent {
			return &ParseError{Offset: start, Err: ErrRange, Reason: "exponent too large"}
		}
	}
	if i != len(s) {
		return &ParseError{Offset: i, Err: ErrSyntax, Reason: "unexpected character"}
	}
	return nil
}

// literalScale counts decimal places in a literal already known to be valid.
func literalScale(s string) int32 {
	frac := 0
	exp := 0
	i := 0
	for i < len(s) && s[i] != '.' && s[i] != 'e' && s[i] != 'E' {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			frac++
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		exp, _ = strconv.Atoi(s[i+1:]) // sign handled by Atoi; bounded by checkLiteral
	}
	if scale := frac - exp; scale > 0 {
		return int32(scale)
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
