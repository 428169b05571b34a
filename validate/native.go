package validate

import (
	"encoding/json"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// payspec applies the schema keywords of its specs itself, with the
// semantics of kin-openapi's schema visitor (openapi3.Schema.VisitJSON with
// the options of kinOptions) and the problems schemaProblems would make of
// its errors, but without building an error tree, sorting each object's
// keys or formatting a reason per finding: a check is compiled once per
// schema, with its messages, and judging a valid body allocates nothing.
// A schema using a keyword this file does not evaluate (not, discriminator,
// multipleOf, uniqueItems, the OpenAPI 3.1 keywords) is handed to
// kin-openapi whole, as before; a differential test and a fuzz target keep
// the two in agreement.

// check is one schema compiled.
type check struct {
	schema *openapi3.Schema
	// kin marks a schema evaluated by kin-openapi.
	kin   bool
	empty bool // the schema accepts any value but null (IsEmpty)

	nullOK bool // null is accepted (nullable, or a null type)
	allOf  []*check
	anyOf  []*check
	oneOf  []*check
	enum   []any
	// enumStrings holds the enum when every value is a string.
	enumStrings map[string]bool

	// Types permitted, as openapi3.Types.Permits answers.
	str, num, integer, boolean, array, object bool

	minLength uint64
	maxLength int64 // < 0: none
	pattern   openapi3.RegexMatcher
	// strFormat and intFormat validate the format, when one applies.
	strFormat openapi3.StringFormatValidator
	intFormat openapi3.IntegerFormatValidator

	// Number bounds left to kin-openapi's float semantics (the exact
	// decimal ones are the walker's).
	min, max          *float64
	exclMin, exclMax  openapi3.ExclusiveBound
	requireInteger    bool
	minItems          uint64
	maxItems          int64 // < 0: none
	items             *check
	minProps          uint64
	maxProps          int64 // < 0: none
	props             map[string]*check
	declared          []named[*check] // props in name order
	additionalAllowed bool
	additional        *check
	required          []string

	// problems are those this schema can give, by field, pointer left
	// blank (nil for a field the schema cannot fail), rendered the first
	// time one is needed.
	problems     [fieldCount]*Problem
	problemsOnce sync.Once
}

// field names a rule of a schema that a value can break, as kin-openapi's
// errors do (SchemaError.SchemaField).
type field int

const (
	fieldType field = iota
	fieldFloat64
	fieldNullable
	fieldEnum
	fieldPattern
	fieldFormat
	fieldMinLength
	fieldMaxLength
	fieldMinimum
	fieldExclusiveMinimum
	fieldMaximum
	fieldExclusiveMaximum
	fieldMinItems
	fieldMaxItems
	fieldMinProperties
	fieldMaxProperties
	fieldProperties
	fieldRequired
	fieldOneOfMany
	fieldCount
)

// schemaFields are kin-openapi's names of the fields; fieldFloat64 and
// fieldOneOfMany are its "type" and "oneOf" errors with the reasons
// schemaProblem tells apart.
var schemaFields = [fieldCount]string{"type", "type", "nullable", "enum", "pattern", "format", "minLength", "maxLength",
	"minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "minItems", "maxItems",
	"minProperties", "maxProperties", "properties", "required", "oneOf"}

// checks compiles the schemas of one operation.
type checks struct {
	bySchema map[*openapi3.Schema]*check
	patterns *patternCache
	visiting map[*openapi3.Schema]bool // the allOf/anyOf/oneOf chain being compiled
}

func newChecks(patterns *patternCache) *checks {
	return &checks{bySchema: map[*openapi3.Schema]*check{}, patterns: patterns,
		visiting: map[*openapi3.Schema]bool{}}
}

// compile returns the check of s, compiling it and every schema below it.
func (cs *checks) compile(s *openapi3.Schema) *check {
	if c, ok := cs.bySchema[s]; ok {
		if cs.visiting[s] {
			// kin-openapi skips a schema met again while visiting the same
			// value (a cycle through allOf, anyOf or oneOf): leave such
			// cycles to it.
			c.kin = true
		}
		return c
	}
	c := &check{schema: s, maxLength: -1, maxItems: -1, maxProps: -1}
	cs.bySchema[s] = c
	if !supported(s) {
		c.kin = true
		return c
	}
	cs.fill(c, s)
	return c
}

// child compiles a schema applied to a member or an item: a new value, so
// the chain of schemas applied to the same value starts again.
func (cs *checks) child(s *openapi3.Schema) *check {
	saved := cs.visiting
	cs.visiting = map[*openapi3.Schema]bool{}
	defer func() { cs.visiting = saved }()
	return cs.compile(s)
}

// fill compiles what s asks of a value into c, one kind of keyword at a
// time.
func (cs *checks) fill(c *check, s *openapi3.Schema) {
	c.empty = s.IsEmpty()
	c.nullOK = s.Nullable || s.Type.IncludesNull()
	cs.fillComposition(c, s)
	fillEnum(c, s)
	c.str, c.num, c.integer = s.Type.Permits(openapi3.TypeString), s.Type.Permits(openapi3.TypeNumber), s.Type.Permits(openapi3.TypeInteger)
	c.boolean, c.array, c.object = s.Type.Permits(openapi3.TypeBoolean), s.Type.Permits(openapi3.TypeArray), s.Type.Permits(openapi3.TypeObject)
	c.requireInteger = c.integer && !c.num
	cs.fillString(c, s)
	fillFormat(c, s)
	c.min, c.max, c.exclMin, c.exclMax = s.Min, s.Max, s.ExclusiveMin, s.ExclusiveMax
	cs.fillArray(c, s)
	cs.fillObject(c, s)
}

// fillComposition compiles allOf, anyOf and oneOf, which apply to the same
// value as s.
func (cs *checks) fillComposition(c *check, s *openapi3.Schema) {
	cs.visiting[s] = true
	defer delete(cs.visiting, s)
	for _, group := range []struct {
		refs openapi3.SchemaRefs
		dst  *[]*check
	}{{s.AllOf, &c.allOf}, {s.AnyOf, &c.anyOf}, {s.OneOf, &c.oneOf}} {
		for _, r := range group.refs {
			if r == nil || r.Value == nil {
				c.kin = true // an unresolved reference: kin-openapi reports it
				continue
			}
			*group.dst = append(*group.dst, cs.compile(r.Value))
		}
	}
}

// fillEnum keeps the enum, and a set of its values when they are all
// strings.
func fillEnum(c *check, s *openapi3.Schema) {
	c.enum = s.Enum
	if len(s.Enum) == 0 {
		return
	}
	c.enumStrings = map[string]bool{}
	for _, v := range s.Enum {
		str, ok := v.(string)
		if !ok {
			c.enumStrings = nil
			return
		}
		c.enumStrings[str] = true
	}
}

// fillString compiles the length bounds and the pattern.
func (cs *checks) fillString(c *check, s *openapi3.Schema) {
	c.minLength = s.MinLength
	if s.MaxLength != nil {
		c.maxLength = clampInt64(*s.MaxLength)
	}
	if s.Pattern != "" {
		m, err := cs.patterns.compile(s.Pattern)
		if err != nil {
			c.kin = true // kin-openapi reports the pattern
		}
		c.pattern = m
	}
}

// fillFormat picks the format's check: payspec's own for uuid and email,
// kin-openapi's otherwise; number formats are left to kin-openapi.
func fillFormat(c *check, s *openapi3.Schema) {
	f := s.Format
	if f == "" {
		return
	}
	if c.requireInteger {
		c.intFormat = openapi3.SchemaIntegerFormats[f]
	}
	if own := ownStringFormat(f); own != nil {
		c.strFormat = own
	} else {
		c.strFormat = openapi3.SchemaStringFormats[f]
	}
	if !c.requireInteger && openapi3.SchemaNumberFormats[f] != nil {
		c.kin = true
	}
}

// fillArray compiles the item bounds and the items' schema.
func (cs *checks) fillArray(c *check, s *openapi3.Schema) {
	c.minItems = s.MinItems
	if s.MaxItems != nil {
		c.maxItems = clampInt64(*s.MaxItems)
	}
	if s.Items == nil {
		return
	}
	if s.Items.Value == nil {
		c.kin = true
		return
	}
	c.items = cs.child(s.Items.Value)
}

// fillObject compiles the member bounds, the members' schemas, what other
// members may hold, and the required names.
func (cs *checks) fillObject(c *check, s *openapi3.Schema) {
	c.minProps = s.MinProps
	if s.MaxProps != nil {
		c.maxProps = clampInt64(*s.MaxProps)
	}
	if len(s.Properties) > 0 {
		c.props = make(map[string]*check, len(s.Properties))
		for name, r := range s.Properties {
			if r == nil || r.Value == nil {
				c.kin = true
				continue
			}
			c.props[name] = cs.child(r.Value)
		}
		c.declared = byName(c.props)
	}
	c.additionalAllowed = s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has
	if r := s.AdditionalProperties.Schema; r != nil {
		if r.Value == nil {
			c.kin = true
		} else {
			c.additional = cs.child(r.Value)
		}
	}
	c.required = s.Required
}

func clampInt64(n uint64) int64 {
	if n > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(n)
}

// supported reports whether every keyword of s that validates is one this
// file evaluates.
func supported(s *openapi3.Schema) bool {
	if s.ReadOnly || s.WriteOnly || s.Discriminator != nil || s.Not != nil || s.MultipleOf != nil ||
		s.UniqueItems || s.AllowEmptyValue || s.Always != nil {
		return false
	}
	rest := *s
	// What this file evaluates, and what never validates.
	rest.Extensions, rest.Origin = nil, nil
	rest.OneOf, rest.AnyOf, rest.AllOf, rest.Type = nil, nil, nil, nil
	rest.Title, rest.Format, rest.Description, rest.Enum, rest.Default, rest.Example, rest.ExternalDocs = "", "", "", nil, nil, nil, nil
	rest.ExclusiveMin, rest.ExclusiveMax = openapi3.ExclusiveBound{}, openapi3.ExclusiveBound{}
	rest.Nullable, rest.Deprecated, rest.XML = false, false, nil
	rest.Min, rest.Max = nil, nil
	rest.MinLength, rest.MaxLength, rest.Pattern = 0, nil, ""
	rest.MinItems, rest.MaxItems, rest.Items = 0, nil, nil
	rest.Required, rest.Properties, rest.MinProps, rest.MaxProps = nil, nil, 0, nil
	rest.AdditionalProperties = openapi3.AdditionalProperties{}
	if s.Type != nil && len(*s.Type) == 0 {
		return false
	}
	return reflect.ValueOf(rest).IsZero()
}

// problemsOf renders once the problems a schema can give, as
// schemaProblem renders kin-openapi's errors; only the rules the schema
// states (and null, which any schema may refuse) are rendered.
func problemsOf(s *openapi3.Schema) [fieldCount]*Problem {
	can := [fieldCount]bool{
		fieldType:             s.Type != nil,
		fieldFloat64:          true,
		fieldNullable:         true,
		fieldEnum:             len(s.Enum) > 0,
		fieldPattern:          s.Pattern != "",
		fieldFormat:           s.Format != "",
		fieldMinLength:        s.MinLength != 0,
		fieldMaxLength:        s.MaxLength != nil,
		fieldMinimum:          s.Min != nil,
		fieldExclusiveMinimum: s.ExclusiveMin.IsSet(),
		fieldMaximum:          s.Max != nil,
		fieldExclusiveMaximum: s.ExclusiveMax.IsSet(),
		fieldMinItems:         s.MinItems != 0,
		fieldMaxItems:         s.MaxItems != nil,
		fieldMinProperties:    s.MinProps != 0,
		fieldMaxProperties:    s.MaxProps != nil,
		fieldProperties:       s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has,
		fieldRequired:         len(s.Required) > 0,
		fieldOneOfMany:        len(s.OneOf) > 0,
	}
	var out [fieldCount]*Problem
	for f := range fieldCount {
		if !can[f] {
			continue
		}
		e := &openapi3.SchemaError{Schema: s, SchemaField: schemaFields[f]}
		switch f {
		case fieldFloat64:
			e.Reason = "cannot convert json.Number to float64"
		case fieldOneOfMany:
			e.Reason = "more than one"
		}
		p := schemaProblem(e, "")
		out[f] = &p
	}
	return out
}

// evaluation applies checks to one value and collects the problems.
type evaluation struct {
	opts []openapi3.SchemaValidationOption // for the schemas left to kin-openapi
	// base and path are the tokens of the current value's pointer: base
	// those of the value the evaluation started at.
	base []string
	path []string
	out  Problems
	errs int // problems found, kept or not
	// quiet evaluations only answer whether a value matches (an anyOf or
	// oneOf variant): they stop at the first problem and keep none.
	quiet bool
}

func (ev *evaluation) pointer() string {
	if len(ev.path) == 0 {
		return pointerOf(ev.base)
	}
	return pointerOf(append(slices.Clip(ev.base), ev.path...))
}

// fail records the problem of f at the current value.
func (ev *evaluation) fail(c *check, f field) {
	ev.errs++
	if ev.quiet {
		return
	}
	c.problemsOnce.Do(func() { c.problems = problemsOf(c.schema) })
	p := *c.problems[f]
	p.Pointer = ev.pointer()
	ev.out = append(ev.out, p)
}

// failAt records the problem of f at the member k of the current value.
func (ev *evaluation) failAt(c *check, f field, k string) {
	ev.path = append(ev.path, k)
	ev.fail(c, f)
	ev.path = ev.path[:len(ev.path)-1]
}

// add records a problem made elsewhere.
func (ev *evaluation) add(p Problem) {
	ev.errs++
	if !ev.quiet {
		p.Pointer = ev.pointer()
		ev.out = append(ev.out, p)
	}
}

// matches reports whether v matches c, without recording anything.
func (ev *evaluation) matches(c *check, v any) bool {
	quiet, errs := ev.quiet, ev.errs
	ev.quiet, ev.errs = true, 0
	ok := ev.visit(c, v)
	ev.quiet, ev.errs = quiet, errs
	return ok
}

// visit applies c to v, as kin-openapi's visitJSON does, and reports
// whether v matches.
func (ev *evaluation) visit(c *check, v any) bool {
	if c.kin {
		return ev.visitKin(c.schema, v)
	}
	if v == nil && c.nullOK {
		return true
	}
	if c.empty {
		if v == nil {
			ev.fail(c, fieldNullable)
			return false
		}
		return true
	}
	before := ev.errs
	if ok, run := ev.variants(c, v); !ok || !run {
		return ok
	}
	if len(c.enum) > 0 && !inEnum(c, v) {
		ev.fail(c, fieldEnum)
		return false
	}
	switch v := v.(type) {
	case nil:
		ev.fail(c, fieldNullable)
	case bool:
		if !c.boolean {
			ev.fail(c, fieldType)
		}
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			ev.fail(c, fieldFloat64)
			break
		}
		ev.number(c, f)
	case string:
		ev.string(c, v)
	case []any:
		ev.array(c, v)
	case map[string]any:
		ev.object(c, v)
	default:
		return ev.visitKin(c.schema, v)
	}
	return ev.errs == before
}

// visitKin hands a schema to kin-openapi.
func (ev *evaluation) visitKin(s *openapi3.Schema, v any) bool {
	err := s.VisitJSON(v, ev.opts...)
	if err == nil {
		return true
	}
	if ev.quiet {
		ev.errs++
		return false
	}
	n := len(ev.out)
	ev.out = schemaProblems(err, ev.pointer(), ev.opts, ev.out)
	ev.errs += max(len(ev.out)-n, 1)
	return false
}

// variants applies oneOf, anyOf and allOf. It returns whether v matches
// them and whether the rest of the schema applies (not for null, once a
// list matched it).
func (ev *evaluation) variants(c *check, v any) (ok, run bool) {
	visited := false
	if len(c.oneOf) > 0 {
		n := 0
		for _, o := range c.oneOf {
			if ev.matches(o, v) {
				n++
			}
		}
		if n != 1 {
			if n > 1 {
				ev.fail(c, fieldOneOfMany)
			} else {
				ev.add(Problem{Code: CodeOneOf, Severity: SeverityError,
					Message: "must match exactly one of" + noVariantMessage(c.schema.OneOf, v)})
			}
			ev.allOfAfterVariants(c, v)
			return false, false
		}
		visited = true
	}
	if len(c.anyOf) > 0 {
		matched := slices.ContainsFunc(c.anyOf, func(a *check) bool { return ev.matches(a, v) })
		if !matched {
			ev.add(Problem{Code: CodeAnyOf, Severity: SeverityError,
				Message: "must match at least one of" + noVariantMessage(c.schema.AnyOf, v)})
			ev.allOfAfterVariants(c, v)
			return false, false
		}
		visited = true
	}
	failed := false
	for _, a := range c.allOf {
		if !ev.visit(a, v) {
			failed = true
			if ev.quiet {
				return false, false
			}
		}
		visited = true
	}
	if failed {
		return false, false
	}
	return true, !(visited && v == nil)
}

// allOfAfterVariants applies the allOf members of a schema whose oneOf or
// anyOf failed, as schemaProblems does, so that every other finding is
// reported with it.
func (ev *evaluation) allOfAfterVariants(c *check, v any) {
	if ev.quiet {
		return
	}
	for _, a := range c.allOf {
		ev.visit(a, v)
	}
}

// inEnum compares v with the enum as kin-openapi does: numbers by value.
func inEnum(c *check, v any) bool {
	if s, ok := v.(string); ok && c.enumStrings != nil {
		return c.enumStrings[s]
	}
	for _, e := range c.enum {
		if equalJSONValues(e, v) {
			return true
		}
	}
	return false
}

// equalJSONValues is kin-openapi's comparison of an enum value with a
// JSON value.
func equalJSONValues(a, b any) bool {
	if x, ok := jsonNumberAsFloat64(a); ok {
		y, ok := jsonNumberAsFloat64(b)
		return ok && x == y
	}
	switch a := a.(type) {
	case []any:
		b, ok := b.([]any)
		return ok && slices.EqualFunc(a, b, equalJSONValues)
	case map[string]any:
		b, ok := b.(map[string]any)
		return ok && maps.EqualFunc(a, b, equalJSONValues)
	}
	return reflect.DeepEqual(a, b)
}

func jsonNumberAsFloat64(v any) (float64, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case int32:
		return float64(v), true
	}
	return 0, false
}

func (ev *evaluation) number(c *check, f float64) {
	if c.requireInteger {
		if f != math.Trunc(f) {
			ev.fail(c, fieldType)
		}
	} else if !c.integer && !c.num {
		ev.fail(c, fieldType)
		return
	}
	if c.intFormat != nil && integerFormatFails(c.intFormat, f) {
		ev.fail(c, fieldFormat)
	}
	if eb := c.exclMin; eb.IsSet() {
		if eb.Value != nil && !(f > *eb.Value) || eb.Value == nil && eb.IsTrue() && c.min != nil && !(f > *c.min) {
			ev.fail(c, fieldExclusiveMinimum)
		}
	}
	if eb := c.exclMax; eb.IsSet() {
		if eb.Value != nil && !(f < *eb.Value) || eb.Value == nil && eb.IsTrue() && c.max != nil && !(f < *c.max) {
			ev.fail(c, fieldExclusiveMaximum)
		}
	}
	if c.min != nil && !(*c.min <= f) {
		ev.fail(c, fieldMinimum)
	}
	if c.max != nil && !(*c.max >= f) {
		ev.fail(c, fieldMaximum)
	}
}

// integerFormatFails is kin-openapi's check of an integer format.
func integerFormatFails(v openapi3.IntegerFormatValidator, f float64) bool {
	switch {
	case f == float64(math.MaxInt64):
		return v.Validate(math.MaxInt64) != nil
	case f >= float64(math.MinInt64) && f < float64(math.MaxInt64):
		return v.Validate(int64(f)) != nil
	}
	return true
}

func (ev *evaluation) string(c *check, s string) {
	if !c.str {
		ev.fail(c, fieldType)
		return
	}
	if c.minLength != 0 || c.maxLength >= 0 {
		// Runes, which is what kin-openapi's UTF-16 count comes to on
		// decoded text.
		n := int64(utf8.RuneCountInString(s))
		if c.minLength != 0 && uint64(n) < c.minLength {
			ev.fail(c, fieldMinLength)
		}
		if c.maxLength >= 0 && n > c.maxLength {
			ev.fail(c, fieldMaxLength)
		}
	}
	if c.pattern != nil && !c.pattern.MatchString(s) {
		ev.fail(c, fieldPattern)
	}
	if c.strFormat != nil && c.strFormat.Validate(s) != nil {
		ev.fail(c, fieldFormat)
	}
}

// declaredMembers visits the members of m its schema declares, looked up
// by name, then any others (see byDeclaredNames). It reports whether a
// quiet evaluation stopped at a problem.
func (ev *evaluation) declaredMembers(c *check, m map[string]any) bool {
	found := 0
	for _, d := range c.declared {
		v, ok := m[d.name]
		if !ok {
			continue
		}
		if ev.quiet && ev.errs > 0 {
			return true
		}
		found++
		ev.member(d.name, d.val, v)
	}
	return found < len(m) && ev.members(c, m, true)
}

// members visits the members of m (only the undeclared ones when
// undeclaredOnly is set) and reports whether a quiet evaluation stopped
// at a problem.
func (ev *evaluation) members(c *check, m map[string]any, undeclaredOnly bool) bool {
	for k, v := range m {
		if ev.quiet && ev.errs > 0 {
			return true
		}
		sub, declared := c.props[k]
		switch {
		case declared && undeclaredOnly:
			continue
		case declared:
		case !c.additionalAllowed:
			ev.fail(c, fieldProperties)
			continue
		case c.additional == nil:
			continue
		default:
			sub = c.additional
		}
		ev.member(k, sub, v)
	}
	return false
}

// member visits the value v of member k against its check.
func (ev *evaluation) member(k string, c *check, v any) {
	ev.path = append(ev.path, k)
	ev.visit(c, v)
	ev.path = ev.path[:len(ev.path)-1]
}

func (ev *evaluation) array(c *check, a []any) {
	if !c.array {
		ev.fail(c, fieldType)
		return
	}
	n := uint64(len(a))
	if c.minItems != 0 && n < c.minItems {
		ev.fail(c, fieldMinItems)
	}
	if c.maxItems >= 0 && n > uint64(c.maxItems) {
		ev.fail(c, fieldMaxItems)
	}
	if c.items == nil {
		return
	}
	for i, item := range a {
		if ev.quiet && ev.errs > 0 {
			return
		}
		ev.path = append(ev.path, strconv.Itoa(i))
		ev.visit(c.items, item)
		ev.path = ev.path[:len(ev.path)-1]
	}
}

func (ev *evaluation) object(c *check, m map[string]any) {
	if !c.object {
		ev.fail(c, fieldType)
		return
	}
	n := uint64(len(m))
	if c.minProps != 0 && n < c.minProps {
		ev.fail(c, fieldMinProperties)
	}
	if c.maxProps >= 0 && n > uint64(c.maxProps) {
		ev.fail(c, fieldMaxProperties)
	}
	var done bool
	if byDeclaredNames(len(c.declared), len(m)) {
		done = ev.declaredMembers(c, m)
	} else {
		done = ev.members(c, m, false)
	}
	if done {
		return
	}
	for _, k := range c.required {
		if _, ok := m[k]; !ok {
			ev.failAt(c, fieldRequired, k)
		}
	}
}
