package validate

import "github.com/payspec/payspec/validate/problem"

// Problem is one located finding; see package problem.
type Problem = problem.Problem

// Problems is every finding of one validation, ordered by pointer; it is an
// error and marshals to a JSON array. See package problem.
type Problems = problem.Problems

// Severity says whether a problem stops a payment.
type Severity = problem.Severity

// Severities.
const (
	SeverityError   = problem.SeverityError
	SeverityWarning = problem.SeverityWarning
	SeverityInfo    = problem.SeverityInfo
)

func sortProblems(ps Problems) Problems { return problem.Sort(ps) }
