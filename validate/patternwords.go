package validate

// patternWords says in words what each pattern of the embedded specs
// accepts, keyed by the pattern exactly as the spec writes it. A PATTERN
// problem gives the words as its message and keeps the pattern in its
// Detail, so that a reader learns the expected form without decoding a
// regular expression. A pattern missing here falls back to a message that
// quotes the pattern; a test requires an entry for every pattern of the
// specs.
var patternWords = map[string]string{
	// Dates, amounts, ids and codes.
	`^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])-[0-9]{4}$`: "must be a date written MM-DD-YYYY, such as 03-15-2030",
	`^-?[0-9]+(\.[0-9]+)?$`:                               "must be a decimal number written with digits, an optional leading minus sign and an optional decimal point, such as 1250.00",
	`^[A-Z]{3}$`:                                          "must be a code of three upper-case letters, such as USD (a currency) or GBR (a country)",
	`^[A-Z]{2}[0-9]{2}[A-Z0-9]+$`:                         "must be an IBAN: two country letters, two check digits, then upper-case letters and digits, with no spaces",
	`^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$`:      "must be a BIC (SWIFT code) of 8 or 11 upper-case letters and digits, such as BARCGB22",
	`^\+[1-9][0-9]{1,14}$`:                                "must be a phone number in international form: + then the country code and number, digits only, such as +447700900123",
	`^[A-Z0-9]+$`:                                         "must be upper-case letters and digits only",
	`^[A-Za-z0-9]*$`:                                      "must be letters and digits only, with no spaces (or empty)",
	`^[a-zA-Z0-9_-]+$`:                                    "must be letters, digits, underscores and hyphens only",
	`^[A-Za-z0-9_-]+$`:                                    "must be letters, digits, underscores and hyphens only",
	`^[a-zA-Z0-9 ]+$`:                                     "must be letters, digits and spaces only",
	`^[0-9]+$`:                                            "must be digits only",
	`^[A-Za-z0-9-]+$`:                                     "must be an id of letters, digits and hyphens only",
	`^[A-Za-z0-9:]+$`:                                     "must be letters, digits and colons only",
	`^[a-zA-Z0-9]+$`:                                      "must be letters and digits only, with no spaces",
	`^[a-zA-Z]+$`:                                         "must be letters A to Z only (either case), with no spaces or digits",
	`^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$`: "must be an email address such as name@example.com",
	`^(https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+)$`: "must be an HTTPS origin (https://, a host and an optional port, no path), such as https://app.example.com, " +
		"or an Android package name or iOS bundle identifier, such as com.example.app",

	// Free text.
	`^[a-zA-Z]+( [a-zA-Z]+)*$`:                       "must be words of letters A to Z separated by single spaces",
	`^[A-Za-z0-9 -]*$`:                               "must hold only letters A to Z, digits, spaces and hyphens",
	`^[^!<>/\r\n\u2028\u2029]*$`:                     "must not contain the characters ! < > / or line breaks",
	`^[\p{L}\p{N} .()/'+=:?_#@%,&-]+$`:               "must be letters, digits, spaces and the characters . ( ) / ' + = : ? _ # @ % , & - only",
	`^[A-Za-z0-9 .()/'+=:?_#@%,&\-]+$`:               "must be letters A to Z, digits, spaces and the characters . ( ) / ' + = : ? _ # @ % , & - only",
	`^[\p{L}\p{N} .,&@%#/'"*!~=^_{}\[\];$|()+?:-]+$`: "must be letters, digits, spaces and the characters . , & @ % # / ' \" * ! ~ = ^ _ { } [ ] ; $ | ( ) + ? : - only",
	`^[a-zA-Z0-9 .,'\{\}\[\]\(\)]+$`:                 "must be letters A to Z, digits, spaces and the characters . , ' { } [ ] ( ) only",
}

// patternMessage is the message of a PATTERN problem for pattern, in words
// when the table has them.
func patternMessage(pattern string) string {
	if words, ok := patternWords[pattern]; ok {
		return words
	}
	return "must match the pattern " + pattern
}
