package client

import (
	"fmt"
	"slices"
	"strings"

	"github.com/payspec/payspec/validate"
)

// PathParamError reports a path parameter value the client refused to
// send, before anything was sent: a value that would change which path
// the request reaches, there or at a server that decodes the path more
// than once. It never holds the value.
type PathParamError struct {
	Operation string
	// Param is the parameter's name in the spec.
	Param string
	// Reason says what is wrong: empty, a dot segment, a slash, a
	// backslash, possibly once percent-decoded.
	Reason string
}

// Error names the operation, the parameter and the reason.
func (e *PathParamError) Error() string {
	return fmt.Sprintf("payspec client: %s: path parameter %s %s; nothing was sent", e.Operation, e.Param, e.Reason)
}

// pathValue is one path parameter value given to Call.
type pathValue struct{ name, value string }

// PathParam gives Call the value of a path parameter (name as in the
// spec), to be checked before the request is built: a value that is
// empty, "." or "..", or holds "/" or "\", also once or more
// percent-decoded ("%2e%2e", "%2F", "%255C"), is refused with a
// *PathParamError. The provider clients' methods pass it for every path
// parameter that is a string.
func PathParam(name, value string) CallOption {
	return func(r *record) { r.paths = append(r.paths, pathValue{name, value}) }
}

// checkPaths returns the *PathParamError of the first value given with
// PathParam that cannot be sent, or nil.
func checkPaths(op string, paths []pathValue) error {
	for _, p := range paths {
		if why := pathValueProblem(p.value); why != "" {
			return &PathParamError{Operation: op, Param: p.name, Reason: why}
		}
	}
	return nil
}

// checkRequestPath checks the path parameters of a request already built
// for op, as a server decoding its path once reads them. A dot segment is
// gone by then (URL resolution removed it), and the request no longer fits
// op's template.
func checkRequestPath(op validate.Operation, escapedPath string) error {
	params, ok := pathSegments(op.Path, escapedPath)
	if !ok {
		return nil // routing found op by its own reading; it judges the path
	}
	for i := range params {
		params[i].value = percentDecode(params[i].value)
	}
	return checkPaths(op.ID, params)
}

// maxDecodes bounds the rounds of percent-decoding a value is checked
// through; a value still encoded after them is refused.
const maxDecodes = 8

// pathValueProblem says why a path parameter value cannot be sent, or "".
// The value is checked as given and after each round of percent-decoding,
// which undoes every valid escape and keeps the rest, as the most lenient
// server would.
func pathValueProblem(v string) string {
	if v == "" {
		return "is empty"
	}
	for round := 0; ; round++ {
		why := ""
		switch {
		case v == "." || v == "..":
			why = "is a dot segment"
		case strings.Contains(v, "/"):
			why = "holds a slash"
		case strings.Contains(v, `\`):
			why = "holds a backslash"
		}
		if why != "" {
			if round > 0 {
				why += " once percent-decoded"
			}
			return why
		}
		d := percentDecode(v)
		if d == v {
			return ""
		}
		if round == maxDecodes {
			return "is percent-encoded too many times over"
		}
		v = d
	}
}

// percentDecode undoes every valid %XX escape of s and keeps the rest.
func percentDecode(s string) string {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// pathSegments aligns an escaped path with an operation's path template
// from the end, as a client's base URL comes before the template: literal
// segments must be equal but for letter case, parameter segments not
// empty. It returns the parameter segments, still escaped, by name.
func pathSegments(tmpl, path string) ([]pathValue, bool) {
	tmpl = strings.TrimSuffix(tmpl, "/")
	path = strings.TrimSuffix(path, "/")
	var params []pathValue
	for tmpl != "" {
		ti, pi := strings.LastIndexByte(tmpl, '/'), strings.LastIndexByte(path, '/')
		if pi < 0 {
			return nil, false
		}
		ts, ps := tmpl[ti+1:], path[pi+1:]
		if name, ok := strings.CutPrefix(ts, "{"); ok {
			if ps == "" {
				return nil, false
			}
			params = append(params, pathValue{strings.TrimSuffix(name, "}"), ps})
		} else if !strings.EqualFold(ts, ps) {
			return nil, false
		}
		tmpl, path = tmpl[:max(ti, 0)], path[:pi]
	}
	slices.Reverse(params)
	return params, true
}

// fits reports whether a method and escaped path fit an operation (see
// pathSegments). Routing proper is the validator's; this only catches a
// Call given the wrong operation id.
func fits(op validate.Operation, method, path string) bool {
	_, ok := pathSegments(op.Path, path)
	return ok && method == op.Method
}
