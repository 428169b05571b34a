// Package problem defines the located finding that every payspec check
// returns: the schema engine in package validate and the rail rules in
// package validate/rules report the same type, so one list holds both.
package problem

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Severity says whether a problem stops a payment.
type Severity string

// Severities, from the most to the least serious.
const (
	// SeverityError marks a problem the provider would refuse or
	// misinterpret; a request with one is invalid.
	SeverityError Severity = "error"
	// SeverityWarning marks a problem worth a look that does not make the
	// request invalid, such as an undeclared property outside strict mode.
	SeverityWarning Severity = "warning"
	// SeverityInfo marks a note about the check itself rather than the
	// payload, such as rail rules that could not run because the body does
	// not fit the operation's type. It never makes a request invalid.
	SeverityInfo Severity = "info"
)

// Problem is one located finding about a request or a response.
type Problem struct {
	// Pointer locates the finding: a JSON Pointer (RFC 6901) from the body
	// root for body fields ("" is the whole body), /path/NAME, /query/NAME
	// and /header/NAME for parameters and headers, and /path and /query for
	// the request path and query string as a whole.
	Pointer string `json:"pointer"`
	// Code is a stable machine-readable code such as REQUIRED or PATTERN.
	Code string `json:"code"`
	// Severity is error, warning or info.
	Severity Severity `json:"severity"`
	// Message names the rule that was broken, in words. It never repeats
	// the value that was submitted.
	Message string `json:"message"`
	// Detail, when set, holds the rule as the spec writes it, for tools:
	// the regular expression behind a PATTERN problem whose message
	// describes it in words. It comes from the spec, never the payload.
	Detail string `json:"detail,omitempty"`

	// omitted is set on the marker that ends a cut list (see Limit).
	omitted *Omitted
}

// String renders the problem on one line, pointer first.
func (p Problem) String() string {
	ptr := p.Pointer
	if ptr == "" {
		ptr = `""`
	}
	return ptr + " " + string(p.Severity) + " " + p.Code + ": " + p.Message
}

// Problems is every finding of one validation, ordered by pointer. It is an
// error, so that a caller can return it and another can recover it with
// errors.As; it marshals to a JSON array of problems.
type Problems []Problem

// Error summarises the problems on one line.
func (ps Problems) Error() string {
	switch len(ps) {
	case 0:
		return "no problems"
	case 1:
		return ps[0].String()
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(ps)))
	b.WriteString(" problems: ")
	for i, p := range ps {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Count writes n followed by noun, in the plural (noun + "s") unless n is
// 1, so that messages agree in number: Count(1, "error") is "1 error",
// Count(3, "error") is "3 errors".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// HasErrors reports whether any problem has SeverityError.
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Err returns the problems as an error when at least one is an error, and
// nil when there are none or only warnings.
func (ps Problems) Err() error {
	if ps.HasErrors() {
		return ps
	}
	return nil
}

// Errors returns the problems with SeverityError.
func (ps Problems) Errors() Problems { return ps.filter(SeverityError) }

// Warnings returns the problems with SeverityWarning.
func (ps Problems) Warnings() Problems { return ps.filter(SeverityWarning) }

// Infos returns the problems with SeverityInfo.
func (ps Problems) Infos() Problems { return ps.filter(SeverityInfo) }

func (ps Problems) filter(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Sort orders problems by pointer (comparing reference tokens, so /a/10
// follows /a/9), then code, and drops repeats of the same code at the same
// pointer. It sorts in place and returns the shortened slice.
func Sort(ps Problems) Problems {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if c := comparePointers(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
	return slices.CompactFunc(ps, func(a, b Problem) bool {
		return a.Pointer == b.Pointer && a.Code == b.Code
	})
}

// comparePointers compares JSON Pointers token by token; tokens that are
// both array indexes compare as numbers.
func comparePointers(a, b string) int {
	for a != "" && b != "" {
		var ta, tb string
		ta, a = nextToken(a)
		tb, b = nextToken(b)
		if ta == tb {
			continue
		}
		na, errA := strconv.Atoi(ta)
		nb, errB := strconv.Atoi(tb)
		if errA == nil && errB == nil {
			return cmp.Compare(na, nb)
		}
		return strings.Compare(ta, tb)
	}
	return cmp.Compare(len(a), len(b))
}

// nextToken splits "/tok/rest" into "tok" and "/rest".
func nextToken(p string) (string, string) {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i], p[i:]
	}
	return p, ""
}
