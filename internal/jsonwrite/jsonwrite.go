// Package jsonwrite writes JSON answers byte for byte as encoding/json.Marshal
// does, without reflection for the values answers are built of: maps and
// slices of any, strings, booleans, integers, json.Number and money
// amounts. It also tells whether the value written is a JSON tree as
// payspec's strict reader makes them, so that a validator may judge the
// value instead of reading the bytes back.
package jsonwrite

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/money"
)

// Shape describes a value Append wrote.
type Shape struct {
	// Tree says that the value is made only of map[string]any, []any,
	// string, json.Number, bool and nil, with every string valid UTF-8:
	// reading the bytes written gives the value back, as strictjson
	// would make it.
	Tree bool
	// Depth is the deepest nesting of objects and arrays in the value
	// (0 for a scalar).
	Depth int
}

// ErrNumber is the error of a json.Number that is not a JSON number literal.
var ErrNumber = errors.New("jsonwrite: json.Number is not a JSON number literal")

// ErrTooDeep is the error of a value nested deeper than MaxNesting, such
// as a map that holds itself.
var ErrTooDeep = errors.New("jsonwrite: value nested too deep (a cycle?)")

// MaxNesting bounds the objects and arrays nested in a value written, so
// that a cycle is an error rather than a crash. Unlike encoding/json, it
// also refuses a value nested that deep without a cycle; no engine reads
// so deep a document anyway (validate's default bound is 64).
const MaxNesting = 1000

// IsTree reports what Append's Shape.Tree would, without writing: whether
// v is made only of map[string]any, []any, string (valid UTF-8),
// json.Number (a JSON number literal), bool and nil, within MaxNesting.
func IsTree(v any) bool { return isTree(v, 0) }

func isTree(v any, depth int) bool {
	switch v := v.(type) {
	case nil, bool:
		return true
	case string:
		return utf8.ValidString(v)
	case json.Number:
		return strictjson.IsNumber(string(v))
	case map[string]any:
		if v == nil || depth >= MaxNesting {
			return false
		}
		for name, m := range v {
			if !utf8.ValidString(name) || !isTree(m, depth+1) {
				return false
			}
		}
		return true
	case []any:
		if v == nil || depth >= MaxNesting {
			return false
		}
		for _, item := range v {
			if !isTree(item, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// Marshal returns v's JSON as encoding/json.Marshal does.
func Marshal(v any) ([]byte, error) {
	b, _, err := Append(make([]byte, 0, 1024), v)
	return b, err
}

// Append appends v's JSON to b, as encoding/json.Marshal writes it, and
// describes v. A value of any type other than those listed in the package
// documentation is written by encoding/json.
func Append(b []byte, v any) ([]byte, Shape, error) {
	w := writer{b: b, tree: true}
	err := w.value(v, 0)
	if err != nil {
		return nil, Shape{}, err
	}
	return w.b, Shape{Tree: w.tree, Depth: w.depth}, nil
}

type writer struct {
	b     []byte
	tree  bool // nothing outside the strict reader's types so far
	depth int  // deepest nesting so far
}

func (w *writer) value(v any, depth int) error {
	switch v := v.(type) {
	case nil:
		w.b = append(w.b, "null"...)
	case string:
		w.string(v)
	case bool:
		w.b = strconv.AppendBool(w.b, v)
	case json.Number:
		return w.number(v)
	case map[string]any:
		if depth >= MaxNesting {
			return ErrTooDeep
		}
		return w.object(v, depth+1)
	case []any:
		if depth >= MaxNesting {
			return ErrTooDeep
		}
		return w.array(v, depth+1)
	default:
		w.tree = false
		return w.other(v)
	}
	return nil
}

// other writes the values that are not a tree's.
func (w *writer) other(v any) error {
	switch v := v.(type) {
	case int:
		w.b = strconv.AppendInt(w.b, int64(v), 10)
	case int32:
		w.b = strconv.AppendInt(w.b, int64(v), 10)
	case int64:
		w.b = strconv.AppendInt(w.b, v, 10)
	case money.Amount:
		w.b = append(w.b, v.String()...)
	default:
		out, err := json.Marshal(v)
		if err != nil {
			return err
		}
		w.b = append(w.b, out...)
	}
	return nil
}

// number writes a json.Number as encoding/json does: the literal, or 0
// when it is empty.
func (w *writer) number(n json.Number) error {
	if n == "" {
		w.tree = false
		w.b = append(w.b, '0')
		return nil
	}
	if !strictjson.IsNumber(string(n)) {
		return ErrNumber
	}
	w.b = append(w.b, n...)
	return nil
}

func (w *writer) nest(depth int) {
	if depth > w.depth {
		w.depth = depth
	}
}

// object writes a map's members in the order of their names, as
// encoding/json does.
func (w *writer) object(m map[string]any, depth int) error {
	if m == nil {
		w.tree = false
		w.b = append(w.b, "null"...)
		return nil
	}
	w.nest(depth)
	w.b = append(w.b, '{')
	var err error
	if len(m) > smallObject {
		err = w.largeObject(m, depth)
	} else {
		err = w.smallObject(m, depth)
	}
	if err != nil {
		return err
	}
	w.b = append(w.b, '}')
	return nil
}

// smallObject writes the members of an object of at most smallObject
// members, its names and values gathered on the stack in one pass.
func (w *writer) smallObject(m map[string]any, depth int) error {
	var names [smallObject]string
	var values [smallObject]any
	n := 0
	for name, v := range m {
		names[n], values[n] = name, v
		n++
	}
	var order [smallObject]uint8
	for i, k := range sortIndexes(names[:n], order[:n]) {
		if err := w.member(i, names[k], values[k], depth); err != nil {
			return err
		}
	}
	return nil
}

// largeObject writes the members of a larger object.
func (w *writer) largeObject(m map[string]any, depth int) error {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		if err := w.member(i, name, m[name], depth); err != nil {
			return err
		}
	}
	return nil
}

// smallObject is the most members an object may have for its names to be
// ordered on the stack.
const smallObject = 64

// sortIndexes fills order with the indexes of names in the order of the
// names, and returns it. It moves indexes, not the strings: moving a string
// is a pointer write, which costs the garbage collector's write barrier
// while it marks. Each name is inserted where a binary search puts it, so
// that a record's forty members take some 200 comparisons, not 400.
func sortIndexes(names []string, order []uint8) []uint8 {
	for i := range names {
		lo, hi := 0, i
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if names[order[mid]] < names[i] {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		copy(order[lo+1:i+1], order[lo:i])
		order[lo] = uint8(i)
	}
	return order
}

// member writes the i-th member of an object.
func (w *writer) member(i int, name string, v any, depth int) error {
	if i > 0 {
		w.b = append(w.b, ',')
	}
	w.string(name)
	w.b = append(w.b, ':')
	return w.value(v, depth)
}

func (w *writer) array(items []any, depth int) error {
	if items == nil {
		w.tree = false
		w.b = append(w.b, "null"...)
		return nil
	}
	w.nest(depth)
	w.b = append(w.b, '[')
	for i, item := range items {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		if err := w.value(item, depth); err != nil {
			return err
		}
	}
	w.b = append(w.b, ']')
	return nil
}

const hexDigits = "0123456789abcdef"

// plain marks the ASCII bytes a string is written with as they are.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// string writes s as a JSON string with encoding/json's escapes: '<',
// '>' and '&' as \u00XX, control characters, invalid UTF-8 as \ufffd
// (which makes the value no tree: it would not read back the same), and
// the line and paragraph separators.
func (w *writer) string(s string) {
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if plain[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscape(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			w.tree = false
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	w.b = append(append(b, s[start:]...), '"')
}

// appendEscape writes the escape of an ASCII byte a JSON string cannot
// hold as it is (or that encoding/json escapes for HTML).
func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}
