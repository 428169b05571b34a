// Package jsontree stores a decoded JSON value (the map[string]any, []any,
// string, json.Number, bool and nil that strictjson produces) into a Go
// value, following encoding/json's rules for the types generated code
// uses. It spares a second parse of a body already read once: validation
// reads the body into a tree for the schema, and the rail rules need the
// same body as a generated struct.
//
// Member names match struct fields by their exact JSON name. encoding/json
// would also accept a name differing in letter case; payspec's reader
// refuses such names before this package is used, so the results agree.
package jsontree

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/payspec/payspec/internal/strictjson"
)

// Error reports a value that does not fit the destination type.
type Error struct {
	Pointer string // JSON Pointer of the value
	Type    string // Go type it was to be stored in
	// Want names in words the JSON value that type takes ("a string",
	// "an object" ...), or is "" for a type that reads its own JSON
	// (a json.Unmarshaler), whose wants only the type knows.
	Want string
}

// Error names the value by its pointer and the type it did not fit.
func (e *Error) Error() string {
	return "jsontree: value at " + strconv.Quote(e.Pointer) + " does not fit " + e.Type
}

// Decode stores tree into the value dst points to.
func Decode(tree any, dst any) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("jsontree: Decode needs a non-nil pointer, got %T", dst)
	}
	d := decoder{}
	return d.store(tree, rv.Elem())
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
	numberType      = reflect.TypeFor[json.Number]()
)

type decoder struct {
	path []string
}

// eachMember calls f on each member of an object, in map order. When some
// members do not fit, it returns the error of the first in name order, so
// that the same value is reported on every run; finding it takes storing
// every member, but no sorting.
func (d *decoder) eachMember(m map[string]any, f func(k string, item any) error) error {
	var first error
	firstKey := ""
	for k, item := range m {
		if err := f(k, item); err != nil && (first == nil || k < firstKey) {
			first, firstKey = err, k
		}
	}
	return first
}

func (d *decoder) fail(t reflect.Type) error {
	var b strings.Builder
	for _, p := range d.path {
		b.WriteByte('/')
		b.WriteString(strictjson.EscapeToken(p))
	}
	return &Error{Pointer: b.String(), Type: t.String(), Want: want(t)}
}

// want names in words the JSON value a destination of type t takes: by
// its kind, a text unmarshaler taking a string; "" for a json.Unmarshaler.
func want(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch k := kindOf(t); {
	case t == numberType:
		return "a number"
	case k.json:
		return ""
	case k.text:
		return "a string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return ""
}

// store puts the tree value v into dst as encoding/json would: null,
// pointers, the unmarshaler interfaces, then by dst's kind.
func (d *decoder) store(v any, dst reflect.Value) error {
	t := dst.Type()
	if v == nil {
		return d.storeNull(dst)
	}
	if t.Kind() == reflect.Pointer {
		if dst.IsNil() {
			dst.Set(reflect.New(t.Elem()))
		}
		return d.store(v, dst.Elem())
	}
	if k := kindOf(t); k.json {
		return d.storeJSON(v, dst)
	} else if k.text {
		return d.storeText(v, dst)
	}
	switch t.Kind() {
	case reflect.Interface:
		return d.storeInterface(v, dst)
	case reflect.Slice:
		if a, ok := v.([]any); ok {
			return d.storeSlice(a, dst)
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok && t.Key().Kind() == reflect.String {
			return d.storeMap(m, dst)
		}
	case reflect.Struct:
		if m, ok := v.(map[string]any); ok {
			return d.storeStruct(m, dst)
		}
	default:
		if storeScalar(v, dst) {
			return nil
		}
	}
	return d.fail(t)
}

// storeNull leaves non-pointer values alone and clears pointers, maps,
// slices and interfaces, as encoding/json does; a non-pointer
// json.Unmarshaler is given the literal null (json.RawMessage keeps it).
func (d *decoder) storeNull(dst reflect.Value) error {
	t := dst.Type()
	if t.Kind() != reflect.Pointer && kindOf(t).json {
		if err := dst.Addr().Interface().(json.Unmarshaler).UnmarshalJSON([]byte("null")); err != nil {
			return d.fail(t)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		dst.SetZero()
	}
	return nil
}

// JSONOf returns the JSON a json.Unmarshaler is given for a tree value: a
// number as the literal exactly as written, anything else marshalled.
func JSONOf(v any) ([]byte, bool) {
	if n, ok := v.(json.Number); ok {
		return []byte(n), true
	}
	raw, err := json.Marshal(v)
	return raw, err == nil
}

// storeJSON hands a json.Unmarshaler its value's JSON (JSONOf).
func (d *decoder) storeJSON(v any, dst reflect.Value) error {
	t := dst.Type()
	raw, ok := JSONOf(v)
	if !ok {
		return d.fail(t)
	}
	if t == rawMessage {
		dst.SetBytes(raw)
		return nil
	}
	if err := dst.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
		return d.fail(t)
	}
	return nil
}

// storeText gives an encoding.TextUnmarshaler its string: encoding/json
// gives it every string, even when its kind is string, and refuses it any
// other value.
func (d *decoder) storeText(v any, dst reflect.Value) error {
	s, ok := v.(string)
	if !ok {
		return d.fail(dst.Type())
	}
	if err := dst.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
		return d.fail(dst.Type())
	}
	return nil
}

// storeInterface stores into an empty interface what encoding/json would.
func (d *decoder) storeInterface(v any, dst reflect.Value) error {
	if dst.Type().NumMethod() != 0 {
		return d.fail(dst.Type())
	}
	g, err := d.plain(v)
	if err != nil {
		return err
	}
	dst.Set(reflect.ValueOf(g))
	return nil
}

// storeScalar stores a string, bool or number of dst's kind, and reports
// false when v does not fit it.
func storeScalar(v any, dst reflect.Value) bool {
	t := dst.Type()
	n, isNumber := v.(json.Number)
	switch t.Kind() {
	case reflect.String:
		if s, ok := v.(string); ok && (t != numberType || strictjson.IsNumber(s)) {
			dst.SetString(s) // a json.Number from a string must be a number, as encoding/json requires
			return true
		}
		if isNumber && t == numberType {
			dst.SetString(string(n))
			return true
		}
	case reflect.Bool:
		if b, ok := v.(bool); ok {
			dst.SetBool(b)
			return true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if i, err := strconv.ParseInt(string(n), 10, t.Bits()); isNumber && err == nil {
			dst.SetInt(i)
			return true
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if u, err := strconv.ParseUint(string(n), 10, t.Bits()); isNumber && err == nil {
			dst.SetUint(u)
			return true
		}
	case reflect.Float32, reflect.Float64:
		if f, err := strconv.ParseFloat(string(n), t.Bits()); isNumber && err == nil {
			dst.SetFloat(f)
			return true
		}
	}
	return false
}

// at runs fn with token added to the path of the value being stored.
func (d *decoder) at(token string, fn func() error) error {
	d.path = append(d.path, token)
	err := fn()
	d.path = d.path[:len(d.path)-1]
	return err
}

func (d *decoder) storeSlice(a []any, dst reflect.Value) error {
	out := reflect.MakeSlice(dst.Type(), len(a), len(a))
	for i, item := range a {
		if err := d.at(strconv.Itoa(i), func() error { return d.store(item, out.Index(i)) }); err != nil {
			return err
		}
	}
	dst.Set(out)
	return nil
}

func (d *decoder) storeMap(m map[string]any, dst reflect.Value) error {
	t := dst.Type()
	if dst.IsNil() {
		dst.Set(reflect.MakeMapWithSize(t, len(m)))
	}
	return d.eachMember(m, func(k string, item any) error {
		return d.at(k, func() error {
			ev := reflect.New(t.Elem()).Elem()
			if err := d.store(item, ev); err != nil {
				return err
			}
			dst.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
			return nil
		})
	})
}

func (d *decoder) storeStruct(m map[string]any, dst reflect.Value) error {
	fields := fieldsOf(dst.Type())
	return d.eachMember(m, func(k string, item any) error {
		f, ok := fields[k]
		if !ok {
			return nil
		}
		return d.at(k, func() error { return d.store(item, dst.Field(f)) })
	})
}

// Plain converts a tree value to what encoding/json stores in an empty
// interface: numbers become float64, in fresh maps and slices. It reports
// false when a number is out of float64's range.
func Plain(v any) (any, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		return f, err == nil
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			g, ok := Plain(item)
			if !ok {
				return nil, false
			}
			out[k] = g
		}
		return out, true
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			g, ok := Plain(item)
			if !ok {
				return nil, false
			}
			out[i] = g
		}
		return out, true
	}
	return v, true
}

// plain is Plain that names the number that does not fit, the first in
// name order.
func (d *decoder) plain(v any) (any, error) {
	if g, ok := Plain(v); ok {
		return g, nil
	}
	switch v := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return nil, d.fail(reflect.TypeFor[float64]())
		}
		return f, nil
	case map[string]any:
		out := make(map[string]any, len(v))
		err := d.eachMember(v, func(k string, item any) error {
			return d.at(k, func() error {
				g, err := d.plain(item)
				out[k] = g
				return err
			})
		})
		return out, err
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			err := d.at(strconv.Itoa(i), func() error {
				g, err := d.plain(item)
				out[i] = g
				return err
			})
			if err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return v, nil
}

// typeKind says how values of a type are stored.
type typeKind struct {
	json bool // json.RawMessage or a json.Unmarshaler
	text bool // an encoding.TextUnmarshaler
}

var kindCache sync.Map // reflect.Type → typeKind

// Unmarshalers says how values of t are stored: given their JSON (t is
// json.RawMessage, or *t implements json.Unmarshaler), given their string
// (*t implements encoding.TextUnmarshaler), or by kind (neither). JSON
// comes first when both apply.
func Unmarshalers(t reflect.Type) (json, text bool) {
	k := kindOf(t)
	return k.json, k.text
}

func kindOf(t reflect.Type) typeKind {
	if k, ok := kindCache.Load(t); ok {
		return k.(typeKind)
	}
	pt := reflect.PointerTo(t)
	k := typeKind{json: t == rawMessage || pt.Implements(jsonUnmarshaler), text: pt.Implements(textUnmarshaler)}
	kindCache.Store(t, k)
	return k
}

var fieldCache sync.Map // reflect.Type → map[string]int

// Fields maps the JSON names of a struct's exported, top-level fields to
// their index, as Decode matches members to fields. Generated types embed
// nothing, so embedded structs are not flattened; their fields are reached
// by their own name, if tagged. The map is shared: callers must not modify
// it.
func Fields(t reflect.Type) map[string]int { return fieldsOf(t) }

func fieldsOf(t reflect.Type) map[string]int {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("json"); ok {
			if tag == "-" {
				continue // but "-," names the member "-"
			}
			tn, _, _ := strings.Cut(tag, ",")
			if tn != "" {
				name = tn
			}
		}
		m[name] = i
	}
	fieldCache.Store(t, m)
	return m
}
