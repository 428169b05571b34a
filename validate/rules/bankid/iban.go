package bankid

// Length bounds used by LooksLikeIBAN. The shortest IBAN in the table is 15
// characters (NO) and ISO 13616 caps the length at 34.
const (
	ibanMinLen = 15
	ibanMaxLen = 34
)

// CheckIBAN reports whether s is a valid IBAN in electronic format.
//
// Callers must pass the electronic form: upper case, no spaces and no other
// separators, such as "GB82WEST12345698765432". The printed form with groups
// of four ("GB82 WEST 1234 ...") and lower-case input both fail with
// ReasonCharacters; normalise first if that input is to be accepted.
//
// The checks run in this order:
//
//  1. every character is A-Z or 0-9 (ReasonCharacters; an empty or
//     too-short value gives ReasonLength);
//  2. positions 1-2 are letters and positions 3-4 are digits
//     (ReasonStructure);
//  3. the country is in the IBAN length table (ReasonCountry);
//  4. the total length equals that country's length (ReasonLength);
//  5. the check digits are between 02 and 98 (ReasonCheckDigits);
//  6. the ISO 7064 mod 97-10 checksum holds (ReasonChecksum).
//
// The country-specific BBAN layout (which positions are letters or digits)
// is not checked, so a nil result means the IBAN is well formed and its
// check digits agree, not that the account exists.
func CheckIBAN(s string) error {
	if len(s) == 0 {
		return fail(KindIBAN, ReasonLength)
	}
	for i := 0; i < len(s); i++ {
		if !isUpperAlnum(s[i]) {
			return fail(KindIBAN, ReasonCharacters)
		}
	}
	if len(s) < 4 {
		return fail(KindIBAN, ReasonLength)
	}
	if !isUpper(s[0]) || !isUpper(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return fail(KindIBAN, ReasonStructure)
	}
	want, ok := ibanLengths[s[:2]]
	if !ok {
		return fail(KindIBAN, ReasonCountry)
	}
	if len(s) != want {
		return fail(KindIBAN, ReasonLength)
	}
	if cd := int(s[2]-'0')*10 + int(s[3]-'0'); cd < 2 || cd > 98 {
		return fail(KindIBAN, ReasonCheckDigits)
	}
	if ibanMod97(s) != 1 {
		return fail(KindIBAN, ReasonChecksum)
	}
	return nil
}

// IBANCountry returns the two-letter country prefix of s when s passes
// CheckIBAN, and "" otherwise.
func IBANCountry(s string) string {
	if CheckIBAN(s) != nil {
		return ""
	}
	return s[:2]
}

// UsesIBAN reports whether cc, an upper-case ISO 3166-1 alpha-2 code (or
// XK), is a country of the IBAN table: one whose accounts are identified by
// IBAN in cross-border payments.
func UsesIBAN(cc string) bool {
	_, ok := ibanLengths[cc]
	return ok
}

// LooksLikeIBAN reports whether s has the outward shape of an IBAN: 15 to 34
// ASCII letters and digits, beginning with two letters and then two digits.
// Letters of either case count, so that a lower-case IBAN is still seen as
// one and can then be rejected by CheckIBAN instead of passing as a plain
// account number. Spaces and other separators make the result false.
//
// It is meant for deciding whether an account number claims to be an IBAN;
// it says nothing about validity.
func LooksLikeIBAN(s string) bool {
	if len(s) < ibanMinLen || len(s) > ibanMaxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIAlnum(s[i]) {
			return false
		}
	}
	return isASCIILetter(s[0]) && isASCIILetter(s[1]) && isDigit(s[2]) && isDigit(s[3])
}

// ibanMod97 computes the ISO 7064 mod 97-10 remainder of an IBAN that has
// already been checked to hold only A-Z and 0-9 and to be at least four
// characters long. The first four characters are taken as if moved to the
// end, and each letter stands for the two-digit number 10 (A) to 35 (Z).
// The remainder is folded in one digit or letter at a time, so it never
// grows past a few thousand and needs no big-number arithmetic.
func ibanMod97(s string) int {
	r := 0
	for i := 4; i < len(s); i++ {
		r = mod97Step(r, s[i])
	}
	for i := 0; i < 4; i++ {
		r = mod97Step(r, s[i])
	}
	return r
}

// mod97Step appends one IBAN character to the running remainder r: a digit
// shifts r by one decimal place, a letter by two.
func mod97Step(r int, c byte) int {
	if isDigit(c) {
		return (r*10 + int(c-'0')) % 97
	}
	return (r*100 + int(c-'A') + 10) % 97
}

// isASCIILetter reports whether c is an ASCII letter of either case.
func isASCIILetter(c byte) bool { return isUpper(c) || (c >= 'a' && c <= 'z') }

// isASCIIAlnum reports whether c is an ASCII letter of either case or a
// digit.
func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || isDigit(c) }
