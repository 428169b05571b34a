// Package strictjson parses one JSON document into Go values the way a
// payment validator needs: it refuses anything two readers could understand
// differently. Duplicate member names, invalid UTF-8, unpaired surrogate
// escapes, data after the document and nesting beyond a bound are errors,
// each located by a JSON Pointer (RFC 6901). Numbers are kept as the literal
// text (json.Number), so no amount passes through a float.
//
// The values produced are those of encoding/json with UseNumber:
// map[string]any, []any, string, json.Number, bool and nil.
package strictjson

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Error codes, stable across releases.
const (
	CodeSyntax       = "INVALID_JSON"  // not JSON, or empty
	CodeUTF8         = "INVALID_UTF8"  // a string is not valid UTF-8
	CodeDuplicateKey = "DUPLICATE_KEY" // an object names a member twice
	CodeTrailingData = "TRAILING_DATA" // something follows the document
	CodeTooDeep      = "TOO_DEEP"      // nesting exceeds the bound
)

// DefaultMaxDepth bounds nesting when Parse is given a depth below 1.
const DefaultMaxDepth = 64

// Error describes why a document was refused. It never quotes the input.
type Error struct {
	Code    string // one of the Code constants
	Pointer string // JSON Pointer of the value being read; "" is the root
	Offset  int    // byte offset in the input where the problem was found
	Message string // short description of the rule broken
}

// Error gives the code, pointer, offset and rule; never the input.
func (e *Error) Error() string {
	return "strictjson: " + e.Code + " at " + strconv.Quote(e.Pointer) + " (byte " + strconv.Itoa(e.Offset) + "): " + e.Message
}

// Parse decodes data, which must hold exactly one JSON value surrounded only
// by whitespace. Nesting deeper than maxDepth arrays and objects is refused;
// maxDepth < 1 means DefaultMaxDepth. A refusal is always an *Error.
func Parse(data []byte, maxDepth int) (any, error) {
	return Options{MaxDepth: maxDepth}.Parse(data)
}

// Options tune a parse.
type Options struct {
	// MaxDepth bounds nesting; < 1 means DefaultMaxDepth.
	MaxDepth int
}

// utf8BOM is the UTF-8 encoding of the byte order mark, which RFC 8259
// (section 8.1) forbids JSON text to start with.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Parse is the package-level Parse with these options.
func (o Options) Parse(data []byte) (any, error) {
	maxDepth := o.MaxDepth
	if maxDepth < 1 {
		maxDepth = DefaultMaxDepth
	}
	// Strings and numbers are cut from one copy of the input rather than
	// allocated one by one.
	sc := scratchPool.Get().(*scratch)
	p := parser{data: data, src: string(data), maxDepth: maxDepth, path: sc.path[:0], members: sc.members[:0]}
	defer p.release(sc)
	if bytes.HasPrefix(data, utf8BOM) {
		return nil, p.fail(CodeSyntax, "document starts with a byte order mark (U+FEFF), which JSON text must not")
	}
	p.skipSpace()
	if p.pos == len(p.data) {
		return nil, p.fail(CodeSyntax, "document is empty")
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return nil, p.fail(CodeTrailingData, "data follows the JSON document")
	}
	return v, nil
}

// frame is one step of the path from the root to the value being read.
type frame struct {
	key   string
	index int
	array bool
}

type parser struct {
	data     []byte
	src      string // data as a string, for values read without escapes
	pos      int
	maxDepth int
	path     []frame
	// members holds the members of the objects being read, innermost
	// last, until each object's map is made at its full size.
	members []member
}

// scratch is the memory a parse works in and leaves as it found it: the
// path and the member stack, kept for the next parse so that a document
// does not grow them afresh.
type scratch struct {
	path    []frame
	members []member
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Bounds on the scratch kept for reuse, so that a rare deep or wide
// document does not pin its memory.
const (
	maxKeptFrames  = 256
	maxKeptMembers = 1024
)

// release hands the parser's scratch back, holding no part of the
// document: the member stack is empty after a parse that succeeds, and
// whatever a failed one left is cleared with the path.
func (p *parser) release(sc *scratch) {
	if cap(p.path) > maxKeptFrames || cap(p.members) > maxKeptMembers {
		return
	}
	clear(p.path[:cap(p.path)])
	clear(p.members[:cap(p.members)])
	sc.path, sc.members = p.path[:0], p.members[:0]
	scratchPool.Put(sc)
}

// member is one member of an object being read.
type member struct {
	key   string
	value any
}

// smallObject is the number of members at which an object moves from the
// stack to a map.
const smallObject = 16

func (p *parser) fail(code, msg string) *Error {
	return &Error{Code: code, Pointer: p.pointer(), Offset: p.pos, Message: msg}
}

// pointer renders the current path as a JSON Pointer.
func (p *parser) pointer() string {
	var b strings.Builder
	for _, f := range p.path {
		b.WriteByte('/')
		if f.array {
			b.WriteString(strconv.Itoa(f.index))
			continue
		}
		b.WriteString(EscapeToken(f.key))
	}
	return b.String()
}

// IsNumber reports whether s is exactly one JSON number literal (RFC 8259
// §6), with nothing around it.
func IsNumber(s string) bool {
	if s == "" {
		return false
	}
	p := parser{data: []byte(s)}
	_, err := p.number()
	return err == nil && p.pos == len(s)
}

// EscapeToken escapes one reference token for a JSON Pointer (RFC 6901 §3).
func EscapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value() (any, error) {
	if p.pos >= len(p.data) {
		return nil, p.fail(CodeSyntax, "document ends where a value was expected")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	default:
		return nil, p.fail(CodeSyntax, "unexpected character where a value was expected")
	}
}

func (p *parser) literal(word string) error {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return p.fail(CodeSyntax, "invalid literal; expected true, false or null")
	}
	p.pos += len(word)
	return nil
}

func (p *parser) enter() error {
	if len(p.path) >= p.maxDepth {
		return p.fail(CodeTooDeep, "nesting exceeds "+strconv.Itoa(p.maxDepth)+" levels")
	}
	return nil
}

func (p *parser) object() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // '{'
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return map[string]any{}, nil
	}
	// A small object's members are gathered on a stack shared by the
	// nested objects, names compared for duplicates as they come, and its
	// map made once their number is known. An object outgrowing the stack
	// moves to a map, which then finds duplicates.
	first := len(p.members)
	var m map[string]any
	// While a member name is expected or being read, the pointer is the
	// object's own: the member's frame is pushed only once its name is known,
	// and popped before the next name is read.
	// A refusal ends the whole parse, so only the successful return needs
	// to restore the path.
	depth := len(p.path)
	for {
		p.path = p.path[:depth]
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.fail(CodeSyntax, "expected a member name in double quotes")
		}
		key, err := p.name()
		if err != nil {
			return nil, err
		}
		p.path = append(p.path, frame{key: key})
		if p.duplicate(first, key, m) {
			return nil, p.fail(CodeDuplicateKey, "member name appears more than once in this object")
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.fail(CodeSyntax, "expected ':' after a member name")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if m != nil {
			m[key] = v
		} else {
			p.members = append(p.members, member{key, v})
			if len(p.members)-first >= smallObject {
				m = p.toMap(first, 2*smallObject)
			}
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail(CodeSyntax, "document ends inside an object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.path = p.path[:depth]
			if m == nil {
				m = p.toMap(first, len(p.members)-first)
			}
			return m, nil
		default:
			return nil, p.fail(CodeSyntax, "expected ',' or '}' after an object member")
		}
	}
}

// duplicate reports whether key was already read in the object whose
// members are in m, or on the stack from first when m is nil.
func (p *parser) duplicate(first int, key string, m map[string]any) bool {
	if m != nil {
		_, dup := m[key]
		return dup
	}
	for _, mb := range p.members[first:] {
		if mb.key == key {
			return true
		}
	}
	return false
}

// toMap moves the members on the stack from first into a new map with
// room for size members.
func (p *parser) toMap(first, size int) map[string]any {
	members := p.members[first:]
	m := make(map[string]any, size)
	for _, mb := range members {
		m[mb.key] = mb.value
	}
	clear(members) // let the values go with the map
	p.members = p.members[:first]
	return m
}

func (p *parser) array() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // '['
	a := []any{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return a, nil
	}
	p.path = append(p.path, frame{array: true})
	for i := 0; ; i++ {
		p.path[len(p.path)-1].index = i
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail(CodeSyntax, "document ends inside an array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.path = p.path[:len(p.path)-1]
			return a, nil
		default:
			return nil, p.fail(CodeSyntax, "expected ',' or ']' after an array element")
		}
	}
}

// number reads a number literal following the JSON grammar exactly.
func (p *parser) number() (any, error) {
	start := p.pos
	d := p.data
	i := p.pos
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		p.pos = i
		return nil, p.fail(CodeSyntax, "invalid number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			p.pos = i
			return nil, p.fail(CodeSyntax, "invalid number: a digit must follow the decimal point")
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			p.pos = i
			return nil, p.fail(CodeSyntax, "invalid number: the exponent needs digits")
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	p.pos = i
	if p.src != "" {
		return json.Number(p.src[start:i]), nil
	}
	return json.Number(d[start:i]), nil
}

// name reads a member name.
func (p *parser) name() (string, error) { return p.str() }

// str reads a string literal, decoding escapes and checking UTF-8.
func (p *parser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	d := p.data
	// Fast path: printable ASCII without escapes.
	for i := start; i < len(d); i++ {
		c := d[i]
		if c == '"' {
			p.pos = i + 1
			return p.cut(start, i), nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
	}
	var b []byte
	i := start
	for {
		if i >= len(d) {
			p.pos = i
			return "", p.fail(CodeSyntax, "document ends inside a string")
		}
		c := d[i]
		switch {
		case c == '"':
			p.pos = i + 1
			if b == nil {
				return p.cut(start, i), nil
			}
			return string(b), nil
		case c < 0x20:
			p.pos = i
			return "", p.fail(CodeSyntax, "control character inside a string must be escaped")
		case c == '\\':
			if b == nil {
				b = append(make([]byte, 0, i-start+16), d[start:i]...)
			}
			n, err := p.escape(i, &b)
			if err != nil {
				return "", err
			}
			i = n
		case c < utf8.RuneSelf:
			if b != nil {
				b = append(b, c)
			}
			i++
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size <= 1 {
				p.pos = i
				return "", p.fail(CodeUTF8, "string is not valid UTF-8")
			}
			if b != nil {
				b = append(b, d[i:i+size]...)
			}
			i += size
		}
	}
}

// cut returns data[start:end] as a string, from the parse's copy of the
// input when there is one.
func (p *parser) cut(start, end int) string {
	if p.src != "" {
		return p.src[start:end]
	}
	return string(p.data[start:end])
}

// escape decodes the escape sequence at d[i] ('\\') into b and returns the
// index after it.
func (p *parser) escape(i int, b *[]byte) (int, error) {
	d := p.data
	if i+1 >= len(d) {
		p.pos = i
		return 0, p.fail(CodeSyntax, "document ends inside an escape sequence")
	}
	switch d[i+1] {
	case '"', '\\', '/':
		*b = append(*b, d[i+1])
	case 'b':
		*b = append(*b, '\b')
	case 'f':
		*b = append(*b, '\f')
	case 'n':
		*b = append(*b, '\n')
	case 'r':
		*b = append(*b, '\r')
	case 't':
		*b = append(*b, '\t')
	case 'u':
		r, ok := hex4(d, i+2)
		if !ok {
			p.pos = i
			return 0, p.fail(CodeSyntax, `invalid \u escape`)
		}
		next := i + 6
		if utf16.IsSurrogate(r) {
			r2, ok2 := rune(-1), false
			if next+1 < len(d) && d[next] == '\\' && d[next+1] == 'u' {
				r2, ok2 = hex4(d, next+2)
				if !ok2 {
					// A malformed escape follows: that is a syntax error,
					// not an unpaired surrogate.
					p.pos = next
					return 0, p.fail(CodeSyntax, `invalid \u escape`)
				}
			}
			dec := utf16.DecodeRune(r, r2)
			if !ok2 || dec == utf8.RuneError {
				p.pos = i
				return 0, p.fail(CodeUTF8, "string holds an unpaired UTF-16 surrogate escape")
			}
			r = dec
			next += 6
		}
		*b = utf8.AppendRune(*b, r)
		return next, nil
	default:
		p.pos = i
		return 0, p.fail(CodeSyntax, "invalid escape sequence")
	}
	return i + 2, nil
}

func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
