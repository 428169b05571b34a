// Package finzlyclient is a production client of the Finzly payments API:
// the generated client of package gen/finzly behind payspec's shared call
// policy (package client): OAuth 2.0 client credentials against the
// tenant's realm, an Idempotent-Key on every v4 credit payment, retries
// that never pay twice, validation of both sides of every call with drift
// reported rather than fatal, and one typed error, *Error, for every
// failure envelope the spec declares.
//
// The name keeps it apart from the generated package, which is package
// finzly; programs import both:
//
//	import (
//		"github.com/payspec/payspec/client/finzlyclient"
//		"github.com/payspec/payspec/gen/finzly"
//	)
//
// The methods of Client cover each operation of the spec and return a
// client.Result holding the decoded answer. Operations added to the spec
// later are reachable with no new code here: Generated returns the
// generated client wired to the same policy, and client.Call turns any of
// its calls into a Result.
package finzlyclient
