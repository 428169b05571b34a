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
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/payspec/payspec/internal/strictjson"
)

// Error reports a value that does not fit the destination type.
type Error struct {
	Pointer string // JSON Pointer of the value
	Type    string // Go type it was to be stored in
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
	if err := d.store(tree, rv.Elem()); err != nil {
		// Member order of a map is random; to report the same value on
		// every run, look again with members in name order, into a
		// scratch value, and report the first that does not fit.
		again := decoder{sorted: true}
		if err2 := again.store(tree, reflect.New(rv.Elem().Type()).Elem()); err2 != nil {
			return err2
		}
		return err
	}
	return nil
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
	numberType      = reflect.TypeFor[json.Number]()
)

type decoder struct {
	path   []string
	sorted bool // visit object members in name order
}

// eachMember calls f on each member of an object, in map order, or in name
// order when the decoder is sorted; it stops at the first error.
func (d *decoder) eachMember(m map[string]any, f func(k string, item any) error) error {
	if d.sorted {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if err := f(k, m[k]); err != nil {
				return err
			}
		}
		return nil
	}
	for k, item := range m {
		if err := f(k, item); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) fail(t reflect.Type) error {
	var b strings.Builder
	for _, p := range d.path {
		b.WriteByte('/')
		b.WriteString(strictjson.EscapeToken(p))
	}
	return &Error{Pointer: b.String(), Type: t.String()}
}

func (d *decoder) store(v any, dst reflect.Value) error {
	t := dst.Type()
	// null leaves non-pointer values alone and clears pointers, maps,
	// slices and interfaces, as encoding/json does; a non-pointer
	// json.Unmarshaler is given the literal null (json.RawMessage keeps it).
	if v == nil {
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
	if t.Kind() == reflect.Pointer {
		if dst.IsNil() {
			dst.Set(reflect.New(t.Elem()))
		}
		return d.store(v, dst.Elem())
	}
	k := kindOf(t)
	if k.json {
		var raw []byte
		if n, ok := v.(json.Number); ok {
			raw = []byte(n) // the literal, exactly as written
		} else {
			var err error
			if raw, err = json.Marshal(v); err != nil {
				return d.fail(t)
			}
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
	if k.text {
		// encoding/json gives a TextUnmarshaler every string, even when
		// its kind is string, and refuses it any other value.
		s, ok := v.(string)
		if !ok {
			return d.fail(t)
		}
		if err := dst.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return d.fail(t)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return d.fail(t)
		}
		g, err := d.plain(v)
		if err != nil {
			return err
		}
		dst.Set(reflect.ValueOf(g))
		return nil
	case reflect.String:
		switch s := v.(type) {
		case string:
			if t == numberType && !strictjson.IsNumber(s) {
				break // encoding/json refuses it too
			}
			dst.SetString(s)
			return nil
		case json.Number:
			if t == numberType {
				dst.SetString(string(s))
				return nil
			}
		}
	case reflect.Bool:
		if b, ok := v.(bool); ok {
			dst.SetBool(b)
			return nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n, ok := v.(json.Number); ok {
			i, err := strconv.ParseInt(string(n), 10, t.Bits())
			if err == nil {
				dst.SetInt(i)
				return nil
			}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n, ok := v.(json.Number); ok {
			u, err := strconv.ParseUint(string(n), 10, t.Bits())
			if err == nil {
				dst.SetUint(u)
				return nil
			}
		}
	case reflect.Float32, reflect.Float64:
		if n, ok := v.(json.Number); ok {
			f, err := strconv.ParseFloat(string(n), t.Bits())
			if err == nil {
				dst.SetFloat(f)
				return nil
			}
		}
	case reflect.Slice:
		if a, ok := v.([]any); ok {
			out := reflect.MakeSlice(t, len(a), len(a))
			for i, item := range a {
				d.path = append(d.path, strconv.Itoa(i))
				if err := d.store(item, out.Index(i)); err != nil {
					return err
				}
				d.path = d.path[:len(d.path)-1]
			}
			dst.Set(out)
			return nil
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok && t.Key().Kind() == reflect.String {
			if dst.IsNil() {
				dst.Set(reflect.MakeMapWithSize(t, len(m)))
			}
			return d.eachMember(m, func(k string, item any) error {
				d.path = append(d.path, k)
				ev := reflect.New(t.Elem()).Elem()
				if err := d.store(item, ev); err != nil {
					return err
				}
				dst.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
				d.path = d.path[:len(d.path)-1]
				return nil
			})
		}
	case reflect.Struct:
		if m, ok := v.(map[string]any); ok {
			fields := fieldsOf(t)
			return d.eachMember(m, func(k string, item any) error {
				f, ok := fields[k]
				if !ok {
					return nil
				}
				d.path = append(d.path, k)
				if err := d.store(item, dst.Field(f)); err != nil {
					return err
				}
				d.path = d.path[:len(d.path)-1]
				return nil
			})
		}
	}
	return d.fail(t)
}

// plain converts a tree value to what encoding/json stores in an empty
// interface: numbers become float64 (out of range is an error), in fresh
// maps and slices.
func (d *decoder) plain(v any) (any, error) {
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
			d.path = append(d.path, k)
			g, err := d.plain(item)
			if err != nil {
				return err
			}
			out[k] = g
			d.path = d.path[:len(d.path)-1]
			return nil
		})
		return out, err
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			d.path = append(d.path, strconv.Itoa(i))
			g, err := d.plain(item)
			if err != nil {
				return nil, err
			}
			out[i] = g
			d.path = d.path[:len(d.path)-1]
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

// fieldsOf maps the JSON names of a struct's exported, top-level fields to
// their index. Generated types embed nothing, so embedded structs are not
// flattened; their fields are reached by their own name, if tagged.
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
