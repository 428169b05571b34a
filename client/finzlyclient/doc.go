// Package finzlyclient is a production client of the Finzly payments API:
// the generated client of package gen/finzly behind payspec's shared call
// policy (package client): OAuth 2.0 client credentials against the
// tenant's realm, an Idempotent-Key on every create whose spec declares
// one (v4 and v5 credit payments, waterfall transfers), retries that never
// pay twice, validation of both sides of every call with drift
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
// Client has one method per operation of the spec, named after its
// operation id, returning a client.Result holding the decoded answer; each
// method's documentation says whether and how its calls are retried. The
// methods are generated from the generated client (internal/genclient, run
// by go generate), so an operation added to the spec gets its method by
// regenerating. Generated returns the generated client wired to the same
// policy, and client.Call turns any of its calls into a Result.
package finzlyclient
