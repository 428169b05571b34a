// Package bankid checks the shape and check digits of bank identifiers:
// US ABA routing transit numbers, ISO 9362 BICs and ISO 13616 IBANs.
//
// Every function here is pure and has no dependencies beyond the standard
// library. The country tables are compiled into the package, so results
// never depend on the environment.
//
// A passing check only says that an identifier is well formed. It does not
// say that the bank, branch or account exists, nor that it can receive a
// payment on a given rail; answering that needs a directory lookup.
//
// Every failure is returned as an *Error. Its Kind names the identifier type
// and its Reason is one of the Reason constants, so callers can branch on it.
// The message never repeats the value that was checked, because these values
// are account data and must not end up in logs. Every *Error matches
// ErrInvalid under errors.Is.
package bankid
