package bankid

// abaWeights are the multipliers applied to the nine digits of a routing
// number, left to right; a valid number has a weighted sum divisible by 10.
var abaWeights = [9]int{3, 7, 1, 3, 7, 1, 3, 7, 1}

// CheckABA reports whether s is a well-formed US ABA routing transit number.
//
// s must be exactly nine ASCII digits with no separators. The number must not
// be all zeros, its first two digits must lie in 00-12, 21-32, 61-72 or 80,
// and the digits weighted 3, 7, 1, 3, 7, 1, 3, 7, 1 must sum to a multiple
// of 10. Failures are reported in that order after the length and character
// checks. A nil result does not mean the number is in use or reachable on
// any particular rail.
func CheckABA(s string) error {
	if len(s) != 9 {
		return fail(KindABA, ReasonLength)
	}
	if !allDigits(s) {
		return fail(KindABA, ReasonCharacters)
	}
	if s == "000000000" {
		return fail(KindABA, ReasonAllZeros)
	}
	if !abaPrefixAssigned(int(s[0]-'0')*10 + int(s[1]-'0')) {
		return fail(KindABA, ReasonPrefix)
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += abaWeights[i] * int(s[i]-'0')
	}
	if sum%10 != 0 {
		return fail(KindABA, ReasonChecksum)
	}
	return nil
}

// ABACheckDigit returns the ninth digit that completes the eight-digit
// routing number prefix first8, as an ASCII character '0' to '9' so that
// first8+string(d) is the full number.
//
// first8 must be exactly eight ASCII digits; otherwise the error is an
// *Error of kind ABA with ReasonLength or ReasonCharacters. The prefix range
// and the all-zeros rule are not applied here; CheckABA applies them to the
// completed number.
func ABACheckDigit(first8 string) (byte, error) {
	if len(first8) != 8 {
		return 0, fail(KindABA, ReasonLength)
	}
	if !allDigits(first8) {
		return 0, fail(KindABA, ReasonCharacters)
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += abaWeights[i] * int(first8[i]-'0')
	}
	// The ninth weight is 1, so the check digit is whatever brings the sum
	// up to the next multiple of 10.
	return byte('0' + (10-sum%10)%10), nil
}

// abaPrefixAssigned reports whether the two leading digits of a routing
// number fall in an assigned range: 00 (US government), 01-12 (Federal
// Reserve districts), 21-32 (historically thrift institutions), 61-72
// (electronic transactions) or 80 (traveler's cheques).
func abaPrefixAssigned(p int) bool {
	switch {
	case p >= 0 && p <= 12:
		return true
	case p >= 21 && p <= 32:
		return true
	case p >= 61 && p <= 72:
		return true
	case p == 80:
		return true
	}
	return false
}

// allDigits reports whether every byte of s is an ASCII digit.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
