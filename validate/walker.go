package validate

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
)

// walker checks one body against its shape: the members it declares, exact
// number rules, and (through kin-openapi, one element at a time) the
// schemas of array items and additional members.
//
// The walker holds the problem budget of the body. Once more errors than
// the budget allows are found it stops, since the verdict is known and
// every further error would be left out; warnings past the budget are only
// counted. Object members are visited in name order, so the problems kept
// are the same on every run.
type walker struct {
	strict bool
	opts   []openapi3.SchemaValidationOption // kin-openapi options for element schemas
	max    int                               // problem budget; < 1 means none
	path   []string                          // tokens of the current value's pointer
	out    Problems
	errs   int             // errors in out
	warns  int             // warnings in out
	left   problem.Omitted // problems counted but not kept
	keys   [][]string      // a key buffer per path depth
}

// stopped reports whether the walker gave up on the rest of the body.
func (w *walker) stopped() bool { return w.left.AtLeast }

// keep adds a problem within the budget.
func (w *walker) keep(p Problem) {
	if p.Severity == SeverityError {
		if w.max > 0 && w.errs >= w.max {
			w.left.Errors++
			w.left.AtLeast = true
			return
		}
		w.errs++
	} else {
		if w.max > 0 && w.warns >= w.max {
			w.left.Warnings++
			return
		}
		w.warns++
	}
	w.out = append(w.out, p)
}

func (w *walker) add(code string, sev Severity, msg string) {
	if sev != SeverityError && w.max > 0 && w.warns >= w.max {
		w.left.Warnings++ // counted without rendering its pointer
		return
	}
	w.keep(Problem{Pointer: w.pointer(), Code: code, Severity: sev, Message: msg})
}

func (w *walker) pointer() string { return pointerOf(w.path) }

// visit applies a schema moved off kin-openapi's copy to one element.
func (w *walker) visit(s *openapi3.Schema, v any) {
	err := s.VisitJSON(v, w.opts...)
	if err == nil {
		return
	}
	for _, p := range schemaProblems(err, w.pointer(), w.opts, nil) {
		w.keep(p)
	}
}

func (w *walker) walk(v any, sh *shape) {
	if sh == nil || w.stopped() {
		return
	}
	switch v := v.(type) {
	case map[string]any:
		w.object(v, sh)
	case []any:
		w.array(v, sh)
	case json.Number:
		if sh.num != nil {
			w.number(string(v), sh.num)
		}
		if sh.intFmt != "" {
			w.integer(string(v), sh.intFmt)
		}
	}
}

func (w *walker) object(v map[string]any, sh *shape) {
	w.variants(v, sh)
	if !sh.object {
		return
	}
	for _, k := range w.sortedKeys(v) {
		if w.stopped() {
			return
		}
		w.path = append(w.path, k)
		w.member(k, v[k], sh)
		w.path = w.path[:len(w.path)-1]
	}
}

// member checks one member of an object.
func (w *walker) member(k string, val any, sh *shape) {
	if child, ok := sh.props[k]; ok {
		w.walk(val, child)
		return
	}
	if name, ok := sh.folded[foldCase(k)]; ok {
		w.add(CodeAmbiguousKeyCase, SeverityError,
			"member name differs only in letter case from the declared property "+name)
		return
	}
	if sh.addl != nil || len(sh.kinAddl) > 0 {
		for _, s := range sh.kinAddl {
			w.visit(s, val)
		}
		w.walk(val, sh.addl)
		return
	}
	if !sh.open && !sh.closed {
		sev := SeverityWarning
		if w.strict {
			sev = SeverityError
		}
		w.add(CodeUnknownProperty, sev, "property is not declared by the schema")
	}
}

// variants applies the required-only anyOf and oneOf lists of the shape.
func (w *walker) variants(v map[string]any, sh *shape) {
	for _, vr := range sh.variants {
		switch n := vr.satisfied(v); {
		case vr.oneOf && n != 1:
			msg := "must match exactly one of: " + variants(vr.refs)
			if n > 1 {
				msg += "; it matches more than one"
			}
			w.add(CodeOneOf, SeverityError, msg)
		case !vr.oneOf && n == 0:
			w.add(CodeAnyOf, SeverityError, "must match at least one of: "+variants(vr.refs))
		}
	}
}

func (w *walker) array(v []any, sh *shape) {
	if sh.items == nil && len(sh.kinItems) == 0 {
		return
	}
	for i, item := range v {
		if w.stopped() {
			return
		}
		w.path = append(w.path, strconv.Itoa(i))
		for _, s := range sh.kinItems {
			w.visit(s, item)
		}
		w.walk(item, sh.items)
		w.path = w.path[:len(w.path)-1]
	}
}

// sortedKeys returns the object's member names in order, in a buffer kept
// for the current depth.
func (w *walker) sortedKeys(m map[string]any) []string {
	d := len(w.path)
	for len(w.keys) <= d {
		w.keys = append(w.keys, nil)
	}
	ks := w.keys[d][:0]
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	w.keys[d] = ks
	return ks
}

// number applies exact decimal bounds to a number literal.
func (w *walker) number(lit string, r *numberRule) {
	a, err := money.Parse(lit)
	if err != nil {
		w.add(CodeNumberRange, SeverityError,
			"number cannot be held exactly (at most 64 characters and an exponent within ±64)")
		return
	}
	if r.min != nil {
		c := a.Cmp(*r.min)
		if c < 0 || (r.exclMin && c == 0) {
			w.add(CodeMinimum, SeverityError, boundMessage("greater than", "at least", r.exclMin, *r.min))
		}
	}
	if r.max != nil {
		c := a.Cmp(*r.max)
		if c > 0 || (r.exclMax && c == 0) {
			w.add(CodeMaximum, SeverityError, boundMessage("less than", "at most", r.exclMax, *r.max))
		}
	}
	if r.multipleOf != nil && !r.multipleOf.IsZero() {
		if !a.Decimal().Mod(r.multipleOf.Decimal()).IsZero() {
			w.add(CodeMultipleOf, SeverityError, "must be a multiple of "+r.multipleOf.String())
		}
	}
}

func boundMessage(strict, inclusive string, exclusive bool, bound money.Amount) string {
	if exclusive {
		return "must be " + strict + " " + bound.String()
	}
	return "must be " + inclusive + " " + bound.String()
}

// integer checks that an integer is written as one and fits its format, so
// that the schema and Go's decoder agree on it.
func (w *walker) integer(lit string, format string) {
	if strings.ContainsAny(lit, ".eE") {
		w.add(CodeType, SeverityError, "must be an integer written without a fraction or exponent")
		return
	}
	bits := 64
	if format == "int32" {
		bits = 32
	}
	if _, err := strconv.ParseInt(lit, 10, bits); err != nil {
		w.add(CodeNumberRange, SeverityError, "integer does not fit in "+strconv.Itoa(bits)+" bits")
	}
}
