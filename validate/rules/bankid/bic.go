package bankid

// CheckBIC reports whether s is a well-formed ISO 9362 business identifier
// code (SWIFT BIC) in the 2014 layout.
//
// s must be 8 or 11 characters, upper-case letters and digits only:
//
//	positions 1-4   business party prefix, [A-Z0-9]{4}
//	positions 5-6   country, [A-Z]{2}, an ISO 3166-1 alpha-2 code or XK
//	positions 7-8   location, [A-Z0-9]{2}
//	positions 9-11  optional branch, [A-Z0-9]{3}
//
// Since the 2014 edition the prefix may contain digits, so 1234DEFF passes.
// Lower-case input is rejected rather than folded, because BICs are
// upper-case in payment messages. UK is rejected (the code for the United
// Kingdom is GB), as is every user-assigned code other than XK.
//
// Location codes whose second character is 0 (test and training BICs) are
// accepted here; a caller that handles live traffic may want to refuse them.
func CheckBIC(s string) error {
	if len(s) != 8 && len(s) != 11 {
		return fail(KindBIC, ReasonLength)
	}
	for i := 0; i < len(s); i++ {
		if !isUpperAlnum(s[i]) {
			return fail(KindBIC, ReasonCharacters)
		}
	}
	if !isUpper(s[4]) || !isUpper(s[5]) {
		return fail(KindBIC, ReasonStructure)
	}
	if !bicCountryAccepted(s[4:6]) {
		return fail(KindBIC, ReasonCountry)
	}
	return nil
}

// BICCountry returns the two-letter country code held in positions 5 and 6
// of s when s passes CheckBIC, and "" otherwise.
func BICCountry(s string) string {
	if CheckBIC(s) != nil {
		return ""
	}
	return s[4:6]
}

// bicCountryAccepted reports whether cc may appear as the country of a BIC:
// any officially assigned ISO 3166-1 alpha-2 code, plus XK for Kosovo.
func bicCountryAccepted(cc string) bool {
	if cc == "XK" {
		return true
	}
	_, ok := iso3166Alpha2[cc]
	return ok
}

// isUpper reports whether c is an ASCII upper-case letter.
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isUpperAlnum reports whether c is an ASCII upper-case letter or digit.
func isUpperAlnum(c byte) bool { return isUpper(c) || isDigit(c) }
