package bankid

import "errors"

// Kind values carried by Error.Kind, one per identifier type.
const (
	KindABA  = "ABA"
	KindBIC  = "BIC"
	KindIBAN = "IBAN"
)

// Reason values carried by Error.Reason. They are stable codes meant for
// programs (metrics, problem details, branching); treat them as part of the
// API and do not change their spelling.
const (
	// ReasonLength: the value has the wrong number of characters for its
	// type, or for the country its prefix names (IBAN).
	ReasonLength = "length"
	// ReasonCharacters: the value holds a character outside the alphabet its
	// type allows, such as a space, a lower-case letter, punctuation or a
	// non-ASCII rune.
	ReasonCharacters = "characters"
	// ReasonStructure: every character is allowed on its own but one sits in
	// a position that needs another class, such as a digit where a country
	// letter is expected.
	ReasonStructure = "structure"
	// ReasonCountry: the country code is well formed but is not one the
	// package accepts for this identifier type.
	ReasonCountry = "country"
	// ReasonCheckDigits: the IBAN check digits are outside 02 to 98, a range
	// that no correctly computed IBAN can leave.
	ReasonCheckDigits = "check_digits"
	// ReasonChecksum: the checksum over the whole value does not hold (ABA
	// weighted sum, IBAN mod 97).
	ReasonChecksum = "checksum"
	// ReasonAllZeros: the ABA number is 000000000, which satisfies the
	// checksum but is never issued.
	ReasonAllZeros = "all_zeros"
	// ReasonPrefix: the first two digits of the ABA number fall outside the
	// ranges that are assigned.
	ReasonPrefix = "prefix"
)

// ErrInvalid is the sentinel for every validation failure in this package:
// errors.Is(err, ErrInvalid) reports true for any *Error.
var ErrInvalid = errors.New("bankid: invalid bank identifier")

// Error describes why a value failed a check. It deliberately holds no copy
// of the value, so it is safe to log or return to a client.
type Error struct {
	// Kind is KindABA, KindBIC or KindIBAN.
	Kind string
	// Reason is one of the Reason constants.
	Reason string
}

// Error returns a fixed message built only from Kind and Reason.
func (e *Error) Error() string {
	if e == nil {
		return "bankid: <nil>"
	}
	return "bankid: invalid " + e.Kind + ": " + e.Reason
}

// Is makes errors.Is match ErrInvalid for every *Error. It also matches a
// target *Error whose non-empty fields equal this error's fields, so that
// errors.Is(err, &Error{Reason: ReasonChecksum}) tests for a checksum
// failure of any kind.
func (e *Error) Is(target error) bool {
	if target == ErrInvalid {
		return true
	}
	t, ok := target.(*Error)
	if !ok || t == nil || e == nil {
		return false
	}
	return (t.Kind == "" || t.Kind == e.Kind) && (t.Reason == "" || t.Reason == e.Reason)
}

// fail builds the *Error returned by the checks.
func fail(kind, reason string) error {
	return &Error{Kind: kind, Reason: reason}
}
