package validate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/payspec/payspec/money"
)

// shape is what payspec itself checks of a body value, beside the schema
// checks it leaves to kin-openapi: which member names an object declares
// (for unknown and case-ambiguous members) and exact numeric rules.
type shape struct {
	props map[string]*shape // declared members, over allOf/anyOf/oneOf
	// declared lists props in name order, for objects with at least half
	// as many members as there are names (walker.objectUnsorted).
	declared []named[*shape]
	folded   map[string]string // case-folded name → declared name
	object   bool              // the schema describes an object
	open     bool              // additionalProperties allows any member
	closed   bool              // additionalProperties: false
	// counted marks an object whose schema bounds its member count, so
	// kin-openapi must see every member.
	counted bool
	addl    *shape // schema of additional members, if any
	items   *shape
	// kinItems and kinAddl are the schemas of array items and of
	// additional members whose validation payspec moved off kin-openapi's
	// copy of the schema: the walker applies them one element at a time,
	// so that the work spent on a body with many bad elements stops once
	// the problem budget is spent.
	kinItems []*openapi3.Schema
	kinAddl  []*openapi3.Schema
	// itemChecks and addlChecks are the same schemas compiled for
	// payspec's own evaluation (native.go); nil when it is not used.
	itemChecks []*check
	addlChecks []*check
	num        *numberRule
	intFmt     string // "int32" or "int64" for integer schemas; "any" for other integers
	// variants are anyOf/oneOf lists whose variants only name required
	// members ("Sender in CRM" / "Sender not in CRM"); payspec checks them
	// itself, since kin-openapi would re-validate the whole object once per
	// variant.
	variants []variantRule
}

// named is a declared member's name and what belongs to it (its shape, or
// its compiled check).
type named[T any] struct {
	name string
	val  T
}

// byName lists m's entries in name order.
func byName[T any](m map[string]T) []named[T] {
	out := make([]named[T], 0, len(m))
	for name, v := range m {
		out = append(out, named[T]{name, v})
	}
	slices.SortFunc(out, func(a, b named[T]) int { return strings.Compare(a.name, b.name) })
	return out
}

// byDeclaredNames reports whether an object of members members is better
// gone over by the declared names, looked up in it, than member by
// member: when it has at least half as many members as there are names.
func byDeclaredNames(names, members int) bool {
	return names > 0 && names <= 2*members
}

// variantRule is an anyOf (at least one) or oneOf (exactly one) over
// variants that each only require members.
type variantRule struct {
	oneOf    bool
	refs     openapi3.SchemaRefs
	required [][]string
}

// satisfied counts the variants whose required members are all present
// (present even when null, as in kin-openapi's own required check).
func (v variantRule) satisfied(m map[string]any) int {
	n := 0
	for _, req := range v.required {
		all := true
		for _, k := range req {
			if _, ok := m[k]; !ok {
				all = false
				break
			}
		}
		if all {
			n++
		}
	}
	return n
}

// missing says what each variant still needs for m to match it, the
// closest variant (the fewest members missing) first and the others in
// their declared order: "add beneficiaryId (Beneficiary in CRM), or
// accountNumber and name (Beneficiary not in CRM)".
func (v variantRule) missing(m map[string]any) string {
	type need struct {
		name    string
		members []string
	}
	needs := make([]need, len(v.required))
	for i, req := range v.required {
		needs[i].name = variantName(v.refs[i], i)
		for _, k := range req {
			if _, ok := m[k]; !ok {
				needs[i].members = append(needs[i].members, k)
			}
		}
	}
	slices.SortStableFunc(needs, func(a, b need) int { return cmp.Compare(len(a.members), len(b.members)) })
	parts := make([]string, len(needs))
	for i, n := range needs {
		parts[i] = wordList(n.members, "and") + " (" + n.name + ")"
	}
	return "add " + strings.Join(parts, ", or ")
}

// wordList joins words as a sentence does: "a", "a and b", "a, b and c".
func wordList(words []string, conj string) string {
	switch n := len(words); n {
	case 0:
		return ""
	case 1:
		return words[0]
	default:
		return strings.Join(words[:n-1], ", ") + " " + conj + " " + words[n-1]
	}
}

// requiredOnly returns the variant rule for refs when every variant
// consists of a required list and nothing else that validates.
func requiredOnly(refs openapi3.SchemaRefs, oneOf bool) (variantRule, bool) {
	if len(refs) == 0 {
		return variantRule{}, false
	}
	v := variantRule{oneOf: oneOf, refs: refs}
	for _, r := range refs {
		if r == nil || r.Value == nil || len(r.Value.Required) == 0 {
			return variantRule{}, false
		}
		rest := *r.Value
		rest.Title, rest.Description, rest.Required, rest.Extensions = "", "", nil, nil
		if !rest.IsEmpty() {
			return variantRule{}, false
		}
		v.required = append(v.required, r.Value.Required)
	}
	return v, true
}

// numberRule holds a number schema's bounds as exact decimals. Bounds are
// moved here from the kin-openapi schema, which would compare them as
// float64.
type numberRule struct {
	min, max         *money.Amount
	exclMin, exclMax bool
	multipleOf       *money.Amount
}

// shapeBuilder compiles shapes for the bodies of one document.
type shapeBuilder struct {
	shapes map[*openapi3.Schema]*shape
	// conditional records number schemas reached through anyOf, oneOf or
	// not, or used outside bodies: their bounds stay with kin-openapi,
	// since they apply only when that variant is the one chosen.
	conditional map[*openapi3.Schema]bool
	numbers     map[*openapi3.Schema][]*shape
	// variantOwners are the schemas whose required-only anyOf/oneOf payspec
	// checks; finish removes those lists from kin-openapi's copy.
	variantOwners map[*openapi3.Schema][]*shape
	// itemOwners and addlOwners are the array and map schemas whose element
	// schemas finish moves from kin-openapi to the walker.
	itemOwners map[*openapi3.Schema][]*shape
	addlOwners map[*openapi3.Schema][]*shape
	// readWrite records whether any body schema declares readOnly or
	// writeOnly.
	readWrite bool
}

func newShapeBuilder() *shapeBuilder {
	return &shapeBuilder{
		shapes:        map[*openapi3.Schema]*shape{},
		conditional:   map[*openapi3.Schema]bool{},
		numbers:       map[*openapi3.Schema][]*shape{},
		variantOwners: map[*openapi3.Schema][]*shape{},
		itemOwners:    map[*openapi3.Schema][]*shape{},
		addlOwners:    map[*openapi3.Schema][]*shape{},
	}
}

// build returns the shape of s, reached unconditionally unless cond.
func (b *shapeBuilder) build(ref *openapi3.SchemaRef, cond bool) *shape {
	if ref == nil || ref.Value == nil {
		return nil
	}
	s := ref.Value
	if cond {
		b.markConditional(s, map[*openapi3.Schema]bool{})
	}
	if sh, ok := b.shapes[s]; ok {
		return sh
	}
	sh := &shape{}
	b.shapes[s] = sh
	b.fill(sh, s, cond)
	return sh
}

// fill adds s's declarations to sh, merging allOf members and collecting
// the members of anyOf and oneOf variants.
func (b *shapeBuilder) fill(sh *shape, s *openapi3.Schema, cond bool) {
	if s.ReadOnly || s.WriteOnly {
		b.readWrite = true
	}
	if s.Type.Is(openapi3.TypeObject) || len(s.Properties) > 0 {
		sh.object = true
	}
	if s.MinProps > 0 || s.MaxProps != nil {
		sh.counted = true
	}
	for name, p := range s.Properties {
		if _, dup := sh.props[name]; dup {
			continue
		}
		if sh.props == nil {
			sh.props = map[string]*shape{}
		}
		sh.props[name] = b.build(p, cond)
	}
	if ap := s.AdditionalProperties; ap.Has != nil && !*ap.Has {
		sh.closed = true
	} else if ap.Has != nil || ap.Schema != nil {
		sh.open = true
		if ap.Schema != nil && ap.Schema.Value != nil {
			if sh.addl == nil {
				sh.addl = b.build(ap.Schema, cond)
			}
			own(b.addlOwners, s, sh)
		}
	}
	if s.Items != nil && s.Items.Value != nil {
		if sh.items == nil {
			sh.items = b.build(s.Items, cond)
		}
		own(b.itemOwners, s, sh)
	}
	if s.Type.Is(openapi3.TypeNumber) {
		own(b.numbers, s, sh)
		if cond {
			b.conditional[s] = true
		}
	}
	if s.Type.Is(openapi3.TypeInteger) {
		switch s.Format {
		case "int32", "int64":
			sh.intFmt = s.Format
		default:
			sh.intFmt = "any"
		}
	}
	for _, m := range s.AllOf {
		if m.Value != nil {
			b.fill(sh, m.Value, cond)
		}
	}
	if v, ok := requiredOnly(s.AnyOf, false); ok && len(s.OneOf) == 0 && !cond {
		sh.variants = append(sh.variants, v)
		own(b.variantOwners, s, sh)
	} else if v, ok := requiredOnly(s.OneOf, true); ok && len(s.AnyOf) == 0 && !cond {
		sh.variants = append(sh.variants, v)
		own(b.variantOwners, s, sh)
	}
	for _, group := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf} {
		for _, m := range group {
			if m.Value != nil {
				b.markConditional(m.Value, map[*openapi3.Schema]bool{})
				b.fill(sh, m.Value, true)
			}
		}
	}
	if s.Not != nil && s.Not.Value != nil {
		b.markConditional(s.Not.Value, map[*openapi3.Schema]bool{})
	}
}

// markConditional marks every schema under s as conditional: kin-openapi
// keeps applying it, since it holds only where s is the variant chosen.
func (b *shapeBuilder) markConditional(s *openapi3.Schema, seen map[*openapi3.Schema]bool) {
	if s == nil || seen[s] {
		return
	}
	seen[s] = true
	b.conditional[s] = true
	visit := func(r *openapi3.SchemaRef) {
		if r != nil {
			b.markConditional(r.Value, seen)
		}
	}
	for _, p := range s.Properties {
		visit(p)
	}
	visit(s.Items)
	visit(s.AdditionalProperties.Schema)
	visit(s.Not)
	for _, g := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		for _, m := range g {
			visit(m)
		}
	}
}

// finish builds the case-folding tables and moves the bounds of every
// unconditional number schema from kin-openapi to payspec's exact checks.
func (b *shapeBuilder) finish() error {
	for _, sh := range b.shapes {
		if len(sh.props) == 0 {
			continue
		}
		sh.folded = make(map[string]string, len(sh.props))
		for name := range sh.props {
			sh.folded[foldCase(name)] = name
		}
		sh.declared = byName(sh.props)
	}
	for s, owners := range b.variantOwners {
		if b.conditional[s] {
			// Also reached through another variant list: kin-openapi keeps
			// checking it, so that it applies only where it should.
			for _, sh := range owners {
				sh.variants = nil
			}
			continue
		}
		s.AnyOf, s.OneOf = nil, nil
	}
	b.moveElements()
	for s, owners := range b.numbers {
		if b.conditional[s] {
			continue
		}
		rule, err := numberRuleOf(s)
		if err != nil {
			return err
		}
		for _, sh := range owners {
			sh.num = rule
		}
		s.Min, s.Max, s.MultipleOf = nil, nil, nil
		s.ExclusiveMin = openapi3.ExclusiveBound{}
		s.ExclusiveMax = openapi3.ExclusiveBound{}
	}
	return nil
}

// moveElements takes the item and additional-member schemas of every
// unconditional array and map schema off kin-openapi's copy and gives them
// to the walker of every shape the schema was merged into (see
// shape.kinItems).
func (b *shapeBuilder) moveElements() {
	for s, owners := range b.itemOwners {
		if !b.conditional[s] {
			for _, sh := range owners {
				sh.kinItems = append(sh.kinItems, s.Items.Value)
			}
			s.Items = nil
		}
	}
	for s, owners := range b.addlOwners {
		if !b.conditional[s] {
			for _, sh := range owners {
				sh.kinAddl = append(sh.kinAddl, s.AdditionalProperties.Schema.Value)
			}
			s.AdditionalProperties.Schema = nil
		}
	}
}

// compileChecks compiles the element schemas of every shape for payspec's
// own evaluation. It runs after finish, on the schemas as kin-openapi
// would see them.
func (b *shapeBuilder) compileChecks(cs *checks) {
	for _, sh := range b.shapes {
		for _, s := range sh.kinItems {
			sh.itemChecks = append(sh.itemChecks, cs.child(s))
		}
		for _, s := range sh.kinAddl {
			sh.addlChecks = append(sh.addlChecks, cs.child(s))
		}
	}
}

// own records that schema s was merged into shape sh.
func own(m map[*openapi3.Schema][]*shape, s *openapi3.Schema, sh *shape) {
	if !slices.Contains(m[s], sh) {
		m[s] = append(m[s], sh)
	}
}

func numberRuleOf(s *openapi3.Schema) (*numberRule, error) {
	r := &numberRule{}
	conv := func(f *float64) (*money.Amount, error) {
		if f == nil {
			return nil, nil
		}
		// The shortest representation that round-trips is the literal
		// written in the spec for every bound a payment spec uses.
		a, err := money.Parse(strconv.FormatFloat(*f, 'f', -1, 64))
		if err != nil {
			return nil, err
		}
		return &a, nil
	}
	var err error
	if r.min, err = conv(s.Min); err != nil {
		return nil, err
	}
	if r.max, err = conv(s.Max); err != nil {
		return nil, err
	}
	if r.multipleOf, err = conv(s.MultipleOf); err != nil {
		return nil, err
	}
	r.exclMin = s.ExclusiveMin.IsTrue()
	r.exclMax = s.ExclusiveMax.IsTrue()
	if s.ExclusiveMin.Value != nil {
		v := *s.ExclusiveMin.Value
		if r.min, err = conv(&v); err != nil {
			return nil, err
		}
		r.exclMin = true
	}
	if s.ExclusiveMax.Value != nil {
		v := *s.ExclusiveMax.Value
		if r.max, err = conv(&v); err != nil {
			return nil, err
		}
		r.exclMax = true
	}
	return r, nil
}

// foldCase maps s to a key shared by every spelling that differs only in
// letter case, using Unicode simple case folding (as encoding/json's
// case-insensitive field matching does).
func foldCase(s string) string { return string(appendFolded(nil, s)) }

// appendFolded appends the case-folded form of s to b: each rune is
// replaced by the smallest rune of its folding orbit.
func appendFolded(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return appendFoldedRunes(b, s[i:])
		}
		// The smallest rune of an ASCII letter's orbit is its upper-case
		// form (the other members, such as U+017F for s and U+212A for k,
		// lie above ASCII).
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

func appendFoldedRunes(b []byte, s string) []byte {
	for _, r := range s {
		min := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < min {
				min = f
			}
		}
		b = utf8.AppendRune(b, min)
	}
	return b
}
