package validate

import (
	"fmt"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
)

// Routing reads a request's path the way the routers in front of a
// handler do, so that no spelling of a path reaches a handler unjudged:
//
//   - The path is cleaned as net/http.ServeMux cleans it (dot segments
//     resolved, repeated slashes folded) and a trailing slash is ignored.
//   - It is split at '/' and each segment is then unescaped, as ServeMux
//     does: an escaped slash stays inside its segment. Routers that
//     unescape the whole path first (reading %2F as a separator) see other
//     segments, so the unescaped path is matched too; a path whose two
//     readings name different operations, or the same one with different
//     parameters, is ambiguous and refused.
//   - Literal segments match without regard to letter case and ignore a
//     ";..." suffix, which some servers strip; parameter segments keep
//     their whole value, which is what validation then judges.
//   - HEAD is matched as GET where no HEAD operation exists, as ServeMux
//     serves HEAD with GET handlers. A method override header
//     (X-HTTP-Method-Override and its variants) is honoured too, since
//     middleware behind this one may apply it.
//
// Templates are matched against the end of the path, so a base path such
// as /api/openbanking needs no configuration; when several match, an API
// operation wins over a webhook, then the one with the most literal
// segments. Every reading (both path readings, the method and each
// override) is matched against all the operations served at once, API and
// webhooks together, so a request cannot be judged as an API operation by
// one reading while a router sends it to a webhook by another: such a
// request is ambiguous too.

// CodeAmbiguousRoute is the code of a request whose path or method names
// different operations to different readers.
const CodeAmbiguousRoute = "AMBIGUOUS_ROUTE"

// Route finds the API operation (not webhook) a request method and escaped
// URL path belong to, and returns its path parameters, unescaped. Routing
// is described above; the error wraps ErrUnknownOperation when nothing
// matches, and is the Problems of the ambiguity when two readings of the
// path disagree.
func (e *Engine) Route(method, escapedPath string) (Operation, map[string]string, error) {
	decoded, err := url.PathUnescape(escapedPath)
	if err != nil {
		decoded = escapedPath
	}
	rt := resolve(e.api, target{method: method, escaped: escapedPath, decoded: decoded})
	switch {
	case rt.op == nil:
		return Operation{}, nil, fmt.Errorf("%w: no operation matches %s %s", ErrUnknownOperation, method, escapedPath)
	case len(rt.problems) > 0:
		return Operation{}, nil, rt.problems
	}
	return rt.op.info, rt.params, nil
}

// target is the part of a request that routing reads.
type target struct {
	method  string
	escaped string // the path as sent (url.URL.EscapedPath)
	decoded string // the path with every escape undone (url.URL.Path)
}

// routed is the outcome of routing a request.
type routed struct {
	op     *operation        // nil when no operation matches
	params map[string]string // path parameters, unescaped
	// problems refuse the request before anything else is checked: the
	// route is ambiguous (op is then one of the candidates, for the error
	// format).
	problems Problems
}

// methodOverrideHeaders are the headers frameworks read to run a request as
// another method, and methodOverrideParam the query or form parameter
// (gorilla/handlers, kataras/methodoverride and others read _method).
var methodOverrideHeaders = []string{"X-Http-Method-Override", "X-Http-Method", "X-Method-Override"}

const methodOverrideParam = "_method"

// override is a method a request asks to be run as, and where it asks.
type override struct {
	pointer, method string
}

// routeRequest routes an HTTP request among ops. A method override in a
// header or in the query is routed as well: when it names an operation
// the request's own method does not, that one is judged; when both name
// one and they differ, the request is refused. A request that routes to
// nothing but carries a form body, on a path other methods route, is
// refused too, since the form may name one of them in _method.
func routeRequest(ops []*operation, r *http.Request) routed {
	t := target{method: r.Method, escaped: r.URL.EscapedPath(), decoded: r.URL.Path}
	rt := resolve(ops, t)
	for _, o := range overrides(r) {
		if o.method == "" || strings.EqualFold(o.method, r.Method) {
			continue
		}
		alt := resolve(ops, target{method: o.method, escaped: t.escaped, decoded: t.decoded})
		switch {
		case alt.op == nil:
		case rt.op == nil:
			rt = alt
		case rt.op != alt.op:
			return ambiguous(rt.op, o.pointer, "names another operation than the request method")
		}
	}
	if rt.op == nil && hasFormBody(r.Header) {
		if op := otherMethodRoute(ops, t); op != nil {
			return ambiguous(op, "/header/Content-Type",
				"a form body can name another method in "+methodOverrideParam+"; this path has operations under other methods")
		}
	}
	return rt
}

// overrides lists the method overrides a request carries: every value of
// each override header, then of the _method query parameter.
func overrides(r *http.Request) []override {
	var out []override
	for _, h := range methodOverrideHeaders {
		for _, v := range r.Header.Values(h) {
			out = append(out, override{pointer: "/header/" + h, method: strings.TrimSpace(v)})
		}
	}
	if raw := r.URL.RawQuery; strings.Contains(raw, "_") || strings.Contains(raw, "%5F") || strings.Contains(raw, "%5f") {
		// As url.ParseQuery reads it (names unescaped), which is how a
		// framework's FormValue finds the parameter; a query without an
		// underscore, written or escaped, has no _method and is not read
		// here (the check reads it once, later).
		q, _ := url.ParseQuery(r.URL.RawQuery)
		for _, v := range q[methodOverrideParam] {
			out = append(out, override{pointer: "/query/" + methodOverrideParam, method: strings.TrimSpace(v)})
		}
	}
	return out
}

// hasFormBody reports whether the request declares a form body, which
// FormValue reads.
func hasFormBody(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && (mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data")
}

// overrideMethods are the methods otherMethodRoute tries.
var overrideMethods = []string{http.MethodGet, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodPost}

// otherMethodRoute returns an operation the path of t routes to under a
// method other than t's, or nil.
func otherMethodRoute(ops []*operation, t target) *operation {
	for _, m := range overrideMethods {
		if strings.EqualFold(m, t.method) {
			continue
		}
		if alt := resolve(ops, target{method: m, escaped: t.escaped, decoded: t.decoded}); alt.op != nil {
			return alt.op
		}
	}
	return nil
}

// resolve matches both readings of the path and reconciles them.
func resolve(ops []*operation, t target) routed {
	method := strings.ToUpper(t.method)
	escaped := muxSegments(t.escaped)
	decoded := escaped
	if t.decoded != t.escaped || strings.IndexByte(t.escaped, '%') >= 0 {
		decoded = plainSegments(t.decoded)
	}
	a, b := matchBoth(ops, method, escaped, decoded)
	if method == http.MethodHead && a.op == nil && b.op == nil {
		a, b = matchBoth(ops, http.MethodGet, escaped, decoded)
	}
	return reconcile(a, b)
}

// reconcile is the route of a path whose escaped reading routes as a and
// whose decoded reading routes as b.
func reconcile(a, b routed) routed {
	switch {
	case a.op == nil:
		return b
	case b.op == nil:
		return a
	case a.op != b.op || !maps.Equal(a.params, b.params):
		return ambiguous(a.op, "/path", "names another operation, or other parameters, when an escaped '/' in it is read as a separator")
	}
	return a
}

// matchBoth matches the two readings of a path, once when they are the
// same segments (a path without escapes).
func matchBoth(ops []*operation, method string, escaped, decoded []string) (a, b routed) {
	a = match(ops, method, escaped)
	if slices.Equal(escaped, decoded) {
		return a, a
	}
	return a, match(ops, method, decoded)
}

// ambiguous refuses a request whose route depends on who reads it; ptr is
// "/path" or the header that made it so.
func ambiguous(op *operation, ptr, why string) routed {
	return routed{op: op, problems: Problems{{Pointer: ptr, Code: CodeAmbiguousRoute, Severity: SeverityError, Message: why}}}
}

// muxSegments splits an escaped path as net/http.ServeMux does: cleaned,
// split at '/', then each segment unescaped (kept as sent when its
// escapes are malformed).
func muxSegments(escaped string) []string {
	segs := splitClean(escaped)
	for i, s := range segs {
		if strings.IndexByte(s, '%') >= 0 {
			if u, err := url.PathUnescape(s); err == nil {
				segs[i] = u
			}
		}
	}
	return segs
}

// plainSegments splits an already unescaped path.
func plainSegments(decoded string) []string { return splitClean(decoded) }

// splitClean cleans a path as ServeMux does and splits it into segments,
// without the empty segment a trailing slash leaves.
func splitClean(p string) []string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	p = strings.TrimSuffix(path.Clean(p), "/")
	if p == "" {
		return nil
	}
	return strings.Split(p[1:], "/")
}

// match finds the operation whose template fits the end of segs best.
func match(ops []*operation, method string, segs []string) routed {
	var best *operation
	for _, op := range ops {
		if op.info.Method != method || len(op.segments) > len(segs) {
			continue
		}
		if !op.matches(segs[len(segs)-len(op.segments):]) {
			continue
		}
		if best == nil || outranks(op, best) {
			best = op
		}
	}
	if best == nil {
		return routed{}
	}
	tail := segs[len(segs)-len(best.segments):]
	params := map[string]string{}
	for i, s := range best.segments {
		if isParamSegment(s) {
			params[s[1:len(s)-1]] = tail[i]
		}
	}
	return routed{op: best, params: params}
}

// outranks reports whether op is preferred to other when both fit a path:
// an API operation before a webhook, so that an API request whose path
// also ends in a webhook's is judged as the API operation; then the
// template with more literal segments, then the longer one.
func outranks(op, other *operation) bool {
	if op.info.Webhook != other.info.Webhook {
		return !op.info.Webhook
	}
	if op.literals != other.literals {
		return op.literals > other.literals
	}
	return len(op.segments) > len(other.segments)
}

// matches reports whether the unescaped path segments fit the template.
func (op *operation) matches(segs []string) bool {
	for i, s := range op.segments {
		if isParamSegment(s) {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if !literalMatches(s, segs[i]) {
			return false
		}
	}
	return true
}

// literalMatches compares a template's literal segment with a request's,
// ignoring letter case and a ";..." suffix.
func literalMatches(literal, seg string) bool {
	if i := strings.IndexByte(seg, ';'); i >= 0 {
		seg = seg[:i]
	}
	return strings.EqualFold(literal, seg)
}
