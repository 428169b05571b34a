package rules

import "strings"

// upperCurrency reads a currency code as the provider means it: the schema
// lets lower case through (its pattern is letters of either case),
// the provider expects upper case, so a lower-case code draws a warning and
// is judged in upper case by the other rules.
func upperCurrency(r *report, ptr, code string) string {
	// ASCII letters only: strings.ToUpper would also turn the long s (ſ)
	// into S and so read "uſd" as USD.
	up := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - ('a' - 'A')
		}
		return r
	}, code)
	if up != code {
		r.add(RuleCurrencyCase, ptr, "is not in upper case; the provider expects upper-case ISO 4217 codes")
	}
	return up
}
