package currency

import (
	"math"
	"strconv"
)

// Decimals returns the number of decimal places of a JSON number literal as
// written, the figure the rules compare with a currency's MinorUnits.
//
// literal must be exactly a JSON number (RFC 8259 §6): an optional minus,
// an integer part without superfluous leading zeros, an optional fraction
// of one or more digits after '.', and an optional exponent 'e' or 'E' with
// an optional sign and one or more digits. No whitespace, no leading '+',
// no bare ".5" or "5.", no "NaN" or "Infinity". Anything else returns
// (0, false).
//
// The result is the scale of the exact value as written: a literal with f
// fraction digits and exponent e denotes an integer of all its digits times
// 10^(e-f), so it is written to max(0, f-e) decimal places. Trailing zeros
// count, because they were written:
//
//	"25"      -> 0
//	"25.00"   -> 2
//	"-0.5"    -> 1
//	"1e2"     -> 0  (100)
//	"1.5e-3"  -> 4  (0.0015)
//	"1.50e1"  -> 1  (15.0)
//	"1.234e2" -> 1  (123.4)
//	"100e-2"  -> 2  (1.00)
//	"1E+2"    -> 0
//
// The value itself is not checked: "0", "-1" and "1e-400" are numbers too.
// An exponent whose value does not fit in an int64, or a scale that does
// not fit in an int, also returns (0, false); such a literal is never a
// money amount.
func Decimals(literal string) (int, bool) {
	s := literal
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	// Integer part: "0" or [1-9][0-9]*.
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return 0, false
	}
	// Fraction.
	frac := 0
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		frac = i - start
		if frac == 0 {
			return 0, false
		}
	}
	// Exponent.
	var exp int64
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		start := i
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		digits := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == digits || i != len(s) {
			return 0, false
		}
		var err error
		exp, err = strconv.ParseInt(s[start:i], 10, 64) // accepts the sign and leading zeros
		if err != nil {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	// scale = max(0, frac - exp) without overflow; frac <= len(s).
	if exp >= int64(frac) {
		return 0, true
	}
	if exp < 0 && -(exp+1) >= math.MaxInt64-int64(frac) { // frac - exp > MaxInt64
		return 0, false
	}
	scale := int64(frac) - exp
	if scale > math.MaxInt {
		return 0, false
	}
	return int(scale), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
