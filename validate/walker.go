package validate

import (
	"cmp"
	"encoding/json"
	"math"
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
// counted. Which problems are kept then depends on the order members are
// visited in, so a walk in map order stops at the first problem the budget
// would leave out, and is done again in sorted mode, with members in name
// order: the problems kept are the same on
// every run, and the cost of an object with many undeclared members stays
// close to linear (only as many names as the budget can list are sorted).
// A walk within the budget keeps every problem, in whatever order, and
// pays for no sorting.
type walker struct {
	strict bool
	sorted bool                              // visit members in name order
	opts   []openapi3.SchemaValidationOption // kin-openapi options for element schemas
	native bool                              // element schemas are evaluated by payspec (native.go)
	max    int                               // problem budget; < 1 means none
	path   []string                          // tokens of the current value's pointer
	out    Problems
	errs   int             // errors in out
	warns  int             // warnings in out
	left   problem.Omitted // problems counted but not kept
	names  [][2][]string   // member name buffers (declared, undeclared) per path depth
	fold   []byte          // buffer for case-folded names
	// again marks a walk in map order that met a problem the budget would
	// leave out: it stops, to be done again in name order.
	again bool
}

// pathCap is the room a walk's pointer tokens are given at first: deeper
// bodies are rare.
const pathCap = 16

// stopped reports whether the walker gave up on the rest of the body: the
// budget is spent on errors, or (in map order) it left something out, so
// the walk must be done again in name order.
func (w *walker) stopped() bool { return w.left.AtLeast || w.again }

// keep adds a problem within the budget.
func (w *walker) keep(p Problem) {
	if !w.sorted && w.full(p.Severity) {
		w.again = true
		return
	}
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
	if w.dropped(sev) {
		return // counted without rendering its pointer
	}
	w.keep(Problem{Pointer: w.pointer(), Code: code, Severity: sev, Message: msg})
}

// addLazy is add for a message that costs something to write: it is
// written only when the problem is kept.
func (w *walker) addLazy(code string, sev Severity, msg func() string) {
	if w.dropped(sev) {
		return
	}
	w.keep(Problem{Pointer: w.pointer(), Code: code, Severity: sev, Message: msg()})
}

// full reports whether the budget has no room for a problem of severity
// sev.
func (w *walker) full(sev Severity) bool {
	if sev == SeverityError {
		return w.max > 0 && w.errs >= w.max
	}
	return w.max > 0 && w.warns >= w.max
}

// dropped reports whether a problem of severity sev would be left out by
// the budget, and if so counts it as keep would.
func (w *walker) dropped(sev Severity) bool {
	switch {
	case !w.sorted && w.full(sev):
		w.again = true
		return true
	case w.max < 1:
		return false
	case sev == SeverityError && w.errs >= w.max:
		w.left.Errors++
		w.left.AtLeast = true
		return true
	case sev != SeverityError && w.warns >= w.max:
		w.left.Warnings++
		return true
	}
	return false
}

func (w *walker) pointer() string { return pointerOf(w.path) }

// visit applies a schema moved off kin-openapi's copy to one element:
// its compiled check when payspec evaluates schemas itself (c is nil
// otherwise).
func (w *walker) visit(s *openapi3.Schema, c *check, v any) {
	if w.native {
		ev := evaluation{opts: w.opts, base: w.path}
		ev.visit(c, v)
		if len(ev.out) > 1 {
			// The evaluation goes over members in map order; the budget
			// keeps the first problems in name order, as kin-openapi's
			// visitor (which sorts each object's keys) would give them.
			ev.out = sortProblems(ev.out)
		}
		for _, p := range ev.out {
			w.keep(p)
		}
		return
	}
	err := s.VisitJSON(v, w.opts...)
	if err == nil {
		return
	}
	for _, p := range schemaProblems(err, w.pointer(), w.opts, nil) {
		w.keep(p)
	}
}

// walk checks v against sh. It returns the value kin-openapi should see for
// the rest of the schema: v itself, or (changed) a copy without the
// undeclared members the walker has already judged, so that the library's
// own pass over an object is bounded by the schema rather than the body.
func (w *walker) walk(v any, sh *shape) (any, bool) {
	if sh == nil || w.stopped() {
		return v, false
	}
	switch v := v.(type) {
	case map[string]any:
		return w.object(v, sh)
	case []any:
		return w.array(v, sh)
	case json.Number:
		if sh.num != nil {
			w.number(string(v), sh.num)
		}
		if sh.intFmt != "" {
			w.integer(string(v), sh.intFmt)
		}
	}
	return v, false
}

func (w *walker) object(v map[string]any, sh *shape) (any, bool) {
	w.variants(v, sh)
	if !sh.object {
		return v, false
	}
	if !w.sorted {
		return w.objectUnsorted(v, sh)
	}
	declared, undeclared := w.partition(v, sh)
	var pruned map[string]any
	for _, k := range declared {
		if w.stopped() {
			break
		}
		w.path = append(w.path, k)
		nv, changed := w.walk(v[k], sh.props[k])
		w.path = w.path[:len(w.path)-1]
		if changed {
			pruned = w.prune(pruned, v, sh)
			pruned[k] = nv
		}
	}
	w.undeclared(v, undeclared, sh)
	if len(undeclared) > 0 && !sh.counted {
		pruned = w.prune(pruned, v, sh)
	}
	if pruned != nil {
		return pruned, true
	}
	return v, false
}

// objectUnsorted is object for a walk in map order: one pass over the
// members, judging the declared ones as they come, then the undeclared
// ones, if any.
func (w *walker) objectUnsorted(v map[string]any, sh *shape) (any, bool) {
	var pruned map[string]any
	undeclared := 0
	if byDeclaredNames(len(sh.declared), len(v)) {
		found := 0
		for _, d := range sh.declared {
			val, ok := v[d.name]
			if !ok {
				continue
			}
			found++
			pruned = w.declaredMember(v, sh, pruned, d.name, val, d.val)
		}
		undeclared = len(v) - found
	} else {
		for k, val := range v {
			sub, ok := sh.props[k]
			if !ok {
				undeclared++
				continue
			}
			pruned = w.declaredMember(v, sh, pruned, k, val, sub)
		}
	}
	if undeclared > 0 && w.max > 0 && undeclared > w.max && sh.addl == nil && len(sh.kinAddl) == 0 && !sh.open {
		// Each undeclared member is a problem, more than the budget holds:
		// the walk will be done again in name order, so stop now.
		w.again = true
		return v, false
	}
	if undeclared > 0 {
		d := len(w.path)
		for len(w.names) <= d {
			w.names = append(w.names, [2][]string{})
		}
		names := w.names[d][1][:0]
		for k := range v {
			if _, ok := sh.props[k]; !ok {
				names = append(names, k)
			}
		}
		w.names[d][1] = names
		w.undeclared(v, names, sh)
		if !sh.counted {
			pruned = w.prune(pruned, v, sh)
		}
	}
	if pruned != nil {
		return pruned, true
	}
	return v, false
}

// declaredMember walks the declared member k of v (of shape sh), with its
// value val and shape sub, and returns pruned with the member's value
// changed when the walk changed it.
func (w *walker) declaredMember(v map[string]any, sh *shape, pruned map[string]any, k string, val any, sub *shape) map[string]any {
	if sub == nil || w.stopped() {
		return pruned
	}
	w.path = append(w.path, k)
	nv, changed := w.walk(val, sub)
	w.path = w.path[:len(w.path)-1]
	if changed {
		pruned = w.prune(pruned, v, sh)
		pruned[k] = nv
	}
	return pruned
}

// prune returns m, or when m is nil a copy of v with its declared members
// only.
func (w *walker) prune(m, v map[string]any, sh *shape) map[string]any {
	if m != nil {
		return m
	}
	m = make(map[string]any, len(sh.props))
	for k := range sh.props {
		if val, ok := v[k]; ok {
			m[k] = val
		}
	}
	return m
}

// partition splits the object's member names into declared and undeclared
// ones, the declared in name order, in buffers kept for the current depth.
func (w *walker) partition(v map[string]any, sh *shape) (declared, undeclared []string) {
	d := len(w.path)
	for len(w.names) <= d {
		w.names = append(w.names, [2][]string{})
	}
	declared, undeclared = w.names[d][0][:0], w.names[d][1][:0]
	for k := range v {
		if _, ok := sh.props[k]; ok {
			declared = append(declared, k)
		} else {
			undeclared = append(undeclared, k)
		}
	}
	if w.sorted {
		slices.Sort(declared)
	}
	w.names[d] = [2][]string{declared, undeclared}
	return declared, undeclared
}

// undeclared judges the members the shape does not declare, in name order.
// When there are more than the budget can list and judging one is cheap
// (no schema applies to additional members), only the first names in order
// are judged in full and the others are counted by the problem they would
// give.
func (w *walker) undeclared(v map[string]any, names []string, sh *shape) {
	if len(names) == 0 || (sh.open && sh.addl == nil && len(sh.kinAddl) == 0 && len(sh.folded) == 0) {
		return
	}
	if cheap := sh.addl == nil && len(sh.kinAddl) == 0; w.sorted && cheap && w.max > 0 && len(names) > w.max+1 {
		selectSmallest(names, w.max+1)
		for _, k := range names[w.max+1:] {
			w.countUndeclared(k, sh)
		}
		names = names[:w.max+1]
	}
	if w.sorted {
		slices.Sort(names)
	}
	for _, k := range names {
		if w.stopped() {
			return
		}
		w.path = append(w.path, k)
		w.member(k, v[k], sh)
		w.path = w.path[:len(w.path)-1]
	}
}

// member judges one undeclared member.
func (w *walker) member(k string, val any, sh *shape) {
	if name, ok := w.ambiguous(k, sh); ok {
		w.addLazy(CodeAmbiguousKeyCase, SeverityError, func() string {
			return "member name differs only in letter case from the declared property " + name
		})
		return
	}
	switch {
	case sh.addl != nil || len(sh.kinAddl) > 0:
		nv, _ := w.walk(val, sh.addl)
		for i, s := range sh.kinAddl {
			w.visit(s, elementCheck(sh.addlChecks, i), nv)
		}
	case sh.closed:
		w.add(CodeUnknownProperty, SeverityError, "property is not allowed by the schema")
	case !sh.open:
		w.add(CodeUnknownProperty, w.unknownSeverity(), "property is not declared by the schema")
	}
}

// countUndeclared counts the problem member would give without listing it.
func (w *walker) countUndeclared(k string, sh *shape) {
	sev := Severity("")
	switch _, ambiguous := w.ambiguous(k, sh); {
	case ambiguous, sh.closed:
		sev = SeverityError
	case !sh.open:
		sev = w.unknownSeverity()
	}
	switch sev {
	case SeverityError:
		w.left.Errors++
	case SeverityWarning:
		w.left.Warnings++
	}
}

func (w *walker) unknownSeverity() Severity {
	if w.strict {
		return SeverityError
	}
	return SeverityWarning
}

// ambiguous returns the declared property a member name equals but for
// letter case.
func (w *walker) ambiguous(k string, sh *shape) (string, bool) {
	if len(sh.folded) == 0 {
		return "", false
	}
	w.fold = appendFolded(w.fold[:0], k)
	name, ok := sh.folded[string(w.fold)]
	return name, ok
}

// variants applies the required-only anyOf and oneOf lists of the shape.
func (w *walker) variants(v map[string]any, sh *shape) {
	for _, vr := range sh.variants {
		switch n := vr.satisfied(v); {
		case vr.oneOf && n > 1:
			w.addLazy(CodeOneOf, SeverityError, func() string {
				return "must match exactly one of: " + variants(vr.refs) + "; it matches more than one"
			})
		case vr.oneOf && n == 0:
			w.addLazy(CodeOneOf, SeverityError, func() string { return "must match exactly one of its variants: " + vr.missing(v) })
		case !vr.oneOf && n == 0:
			w.addLazy(CodeAnyOf, SeverityError, func() string { return "must match at least one of its variants: " + vr.missing(v) })
		}
	}
}

func (w *walker) array(v []any, sh *shape) (any, bool) {
	if sh.items == nil && len(sh.kinItems) == 0 {
		return v, false
	}
	var pruned []any
	for i, item := range v {
		if w.stopped() {
			break
		}
		w.path = append(w.path, strconv.Itoa(i))
		nv, changed := w.walk(item, sh.items)
		for j, s := range sh.kinItems {
			w.visit(s, elementCheck(sh.itemChecks, j), nv)
		}
		w.path = w.path[:len(w.path)-1]
		if changed {
			if pruned == nil {
				pruned = slices.Clone(v)
			}
			pruned[i] = nv
		}
	}
	if pruned != nil {
		return pruned, true
	}
	return v, false
}

// elementCheck returns the i-th compiled element check, nil when none
// were compiled.
func elementCheck(cs []*check, i int) *check {
	if i < len(cs) {
		return cs[i]
	}
	return nil
}

// selectSmallest reorders names so that its first k are the k smallest,
// in no particular order (a quickselect).
func selectSmallest(names []string, k int) {
	lo, hi := 0, len(names)
	for hi-lo > 1 {
		pivot := medianOfThree(names[lo], names[lo+(hi-lo)/2], names[hi-1])
		lt, gt := threeWay(names[lo:hi], pivot)
		switch {
		case k < lo+lt:
			hi = lo + lt
		case k > lo+gt:
			lo += gt
		default:
			return
		}
	}
}

// threeWay partitions a around pivot: a[:lt] < pivot, a[lt:gt] == pivot,
// a[gt:] > pivot.
func threeWay(a []string, pivot string) (lt, gt int) {
	i := 0
	gt = len(a)
	for i < gt {
		switch c := strings.Compare(a[i], pivot); {
		case c < 0:
			a[lt], a[i] = a[i], a[lt]
			lt++
			i++
		case c > 0:
			gt--
			a[i], a[gt] = a[gt], a[i]
		default:
			i++
		}
	}
	return lt, gt
}

func medianOfThree(a, b, c string) string {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		return a
	}
	return b
}

// number applies exact decimal bounds to a number literal.
func (w *walker) number(lit string, r *numberRule) {
	c, ok := compareSmall(lit, r)
	if !ok {
		var err error
		if c, err = compareExact(lit, r); err != nil {
			w.add(CodeNumberRange, SeverityError,
				"number cannot be held exactly (at most 64 characters and an exponent within ±64)")
			return
		}
	}
	if r.min != nil && (c.min < 0 || (r.exclMin && c.min == 0)) {
		w.addLazy(CodeMinimum, SeverityError, func() string { return boundMessage("greater than", "at least", r.exclMin, *r.min) })
	}
	if r.max != nil && (c.max > 0 || (r.exclMax && c.max == 0)) {
		w.addLazy(CodeMaximum, SeverityError, func() string { return boundMessage("less than", "at most", r.exclMax, *r.max) })
	}
	if !c.multiple {
		w.addLazy(CodeMultipleOf, SeverityError, func() string { return "must be a multiple of " + r.multipleOf.String() })
	}
}

// comparison is how a number compares with the bounds of its rule: min
// and max as Cmp gives them (for the bounds the rule has), and whether it
// is a multiple of multipleOf (true without one).
type comparison struct {
	min, max int
	multiple bool
}

// compareExact compares lit with r's bounds as decimals.
func compareExact(lit string, r *numberRule) (comparison, error) {
	a, err := money.Parse(lit)
	if err != nil {
		return comparison{}, err
	}
	c := comparison{multiple: true}
	if r.min != nil {
		c.min = a.Cmp(*r.min)
	}
	if r.max != nil {
		c.max = a.Cmp(*r.max)
	}
	if r.multipleOf != nil && !r.multipleOf.IsZero() {
		c.multiple = a.Decimal().Mod(r.multipleOf.Decimal()).IsZero()
	}
	return c, nil
}

// compareSmall is compareExact for the common case of a literal and bounds
// written without an exponent in at most 18 digits, which it compares as
// integers at a common scale, without building decimals. It reports false
// when any of them is not of that kind or the common scale overflows.
func compareSmall(lit string, r *numberRule) (comparison, bool) {
	a, ok := parseSmall(lit)
	if !ok {
		return comparison{}, false
	}
	c := comparison{multiple: true}
	if r.min != nil {
		if c.min, ok = cmpSmall(a, r.min.String()); !ok {
			return comparison{}, false
		}
	}
	if r.max != nil {
		if c.max, ok = cmpSmall(a, r.max.String()); !ok {
			return comparison{}, false
		}
	}
	if r.multipleOf != nil && !r.multipleOf.IsZero() {
		m, ok := parseSmall(r.multipleOf.String())
		if !ok {
			return comparison{}, false
		}
		x, y, ok := align(a, m)
		if !ok {
			return comparison{}, false
		}
		c.multiple = x%y == 0
	}
	return c, true
}

// smallNumber is the value units × 10^-scale.
type smallNumber struct {
	units int64
	scale int
}

// parseSmall reads a literal of the form -?(0|[1-9][0-9]*)(\.[0-9]+)? with
// at most 18 digits, so that its units fit in an int64.
func parseSmall(lit string) (smallNumber, bool) {
	i, neg := 0, false
	if i < len(lit) && lit[i] == '-' {
		i, neg = 1, true
	}
	if i >= len(lit) || !isDigit(lit[i]) || (lit[i] == '0' && i+1 < len(lit) && isDigit(lit[i+1])) {
		return smallNumber{}, false
	}
	var n smallNumber
	digits, point := 0, -1
	for ; i < len(lit); i++ {
		switch ch := lit[i]; {
		case isDigit(ch):
			n.units = n.units*10 + int64(ch-'0')
			digits++
		case ch == '.' && point < 0 && i+1 < len(lit):
			point = i
		default:
			return smallNumber{}, false
		}
		if digits > 18 {
			return smallNumber{}, false
		}
	}
	if point >= 0 {
		n.scale = len(lit) - point - 1
	}
	if neg {
		n.units = -n.units
	}
	return n, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// cmpSmall compares a with the literal b, reporting false when b is not a
// small number or the two cannot be brought to one scale in an int64.
func cmpSmall(a smallNumber, b string) (int, bool) {
	n, ok := parseSmall(b)
	if !ok {
		return 0, false
	}
	x, y, ok := align(a, n)
	if !ok {
		return 0, false
	}
	return cmp.Compare(x, y), true
}

// align returns the units of a and b at the larger of their scales.
func align(a, b smallNumber) (x, y int64, ok bool) {
	x, y = a.units, b.units
	switch {
	case a.scale < b.scale:
		x, ok = scaleUp(x, b.scale-a.scale)
	case b.scale < a.scale:
		y, ok = scaleUp(y, a.scale-b.scale)
	default:
		ok = true
	}
	return x, y, ok
}

// powersOf10 are 10^0 to 10^18.
var powersOf10 = [...]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18}

// scaleUp multiplies units by 10^d, reporting false on overflow.
func scaleUp(units int64, d int) (int64, bool) {
	if d >= len(powersOf10) {
		return 0, false
	}
	p := powersOf10[d]
	if units > math.MaxInt64/p || units < -math.MaxInt64/p {
		return 0, false
	}
	return units * p, true
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
		w.addLazy(CodeNumberRange, SeverityError, func() string { return "integer does not fit in " + strconv.Itoa(bits) + " bits" })
	}
}
