// Package jsonpos finds where the values named by JSON Pointers (RFC 6901)
// sit in the text of a JSON document: the byte offset, and the line and
// column an editor shows. It serves tools that report problems by pointer
// and want to point a person at the place in the file.
//
// The document need not be valid: scanning stops at the first byte it
// cannot read, and the values found before it keep their places. The work
// is one pass over the document, skipping the parts no pointer leads into,
// and nesting deeper than MaxDepth is not entered.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting the scan enters.
const MaxDepth = 256

// Position is a place in a document.
type Position struct {
	Offset int // bytes from the start of the document
	Line   int // 1 for the first line; lines end at '\n'
	Column int // 1 for the first character of a line, counting Unicode code points
}

// Locate returns the position of each pointer's value: for an object
// member, the opening quote of its name; for an array item or the root,
// its first character. A pointer to a value the document does not hold
// (a missing member, an index past the end, or anything after the point
// where the document cannot be read) is placed at its nearest ancestor
// that it holds, and at the start of the document when there is none.
func Locate(data []byte, pointers []string) []Position {
	s := scanner{data: data, wanted: map[string]bool{}, found: map[string]int{}}
	for _, p := range pointers {
		for prefix := p; ; {
			s.wanted[prefix] = true
			i := strings.LastIndexByte(prefix, '/')
			if i < 0 {
				break
			}
			prefix = prefix[:i]
		}
	}
	s.skipSpace()
	s.value(nil, 0, s.pos)
	offsets := make([]int, len(pointers))
	for i, p := range pointers {
		offsets[i] = s.nearest(p)
	}
	return positions(data, offsets)
}

// At returns the position of a byte offset.
func At(data []byte, offset int) Position {
	return positions(data, []int{offset})[0]
}

type scanner struct {
	data   []byte
	pos    int
	wanted map[string]bool // the pointers and all their ancestors
	found  map[string]int  // pointer → offset, for wanted pointers found
}

// nearest is the offset of p, or of its nearest found ancestor.
func (s *scanner) nearest(p string) int {
	for {
		if off, ok := s.found[p]; ok {
			return off
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return 0
		}
		p = p[:i]
	}
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value reads the value at s.pos, whose pointer is ptr and whose place to
// report is at; it returns false when the document cannot be read on.
func (s *scanner) value(ptr []byte, depth int, at int) bool {
	if s.wanted[string(ptr)] {
		if _, seen := s.found[string(ptr)]; !seen {
			s.found[string(ptr)] = at
		}
	} else {
		return s.skipValue()
	}
	if s.pos >= len(s.data) || depth >= MaxDepth {
		return false
	}
	switch s.data[s.pos] {
	case '{':
		return s.object(ptr, depth)
	case '[':
		return s.array(ptr, depth)
	}
	return s.skipValue()
}

func (s *scanner) object(ptr []byte, depth int) bool {
	s.pos++ // '{'
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return true
	}
	for {
		s.skipSpace()
		at := s.pos
		name, ok := s.name()
		if !ok {
			return false
		}
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return false
		}
		s.pos++
		s.skipSpace()
		child := append(append(ptr[:len(ptr):len(ptr)], '/'), escapeToken(name)...)
		if !s.value(child, depth+1, at) {
			return false
		}
		if more, ok := s.next('}'); !more {
			return ok
		}
	}
}

func (s *scanner) array(ptr []byte, depth int) bool {
	s.pos++ // '['
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		return true
	}
	for i := 0; ; i++ {
		s.skipSpace()
		child := strconv.AppendInt(append(ptr[:len(ptr):len(ptr)], '/'), int64(i), 10)
		if !s.value(child, depth+1, s.pos) {
			return false
		}
		if more, ok := s.next(']'); !more {
			return ok
		}
	}
}

// next reads what follows a member or an item: a comma (more follows) or
// the closing bracket (the container ends, ok); anything else stops the
// scan.
func (s *scanner) next(closing byte) (more, ok bool) {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return false, false
	}
	switch s.data[s.pos] {
	case ',':
		s.pos++
		return true, true
	case closing:
		s.pos++
		return false, true
	}
	return false, false
}

// name reads a member name and returns it decoded.
func (s *scanner) name() (string, bool) {
	start := s.pos
	if !s.skipString() {
		return "", false
	}
	raw := s.data[start:s.pos]
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1]), true
	}
	var out string
	if json.Unmarshal(raw, &out) != nil {
		return "", false
	}
	return out, true
}

// skipString moves past the string that starts at s.pos.
func (s *scanner) skipString() bool {
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		return false
	}
	for i := s.pos + 1; i < len(s.data); i++ {
		switch s.data[i] {
		case '\\':
			i++
		case '"':
			s.pos = i + 1
			return true
		}
	}
	return false
}

// skipValue moves past one value without recording anything in it.
func (s *scanner) skipValue() bool {
	if s.pos >= len(s.data) {
		return false
	}
	switch s.data[s.pos] {
	case '"':
		return s.skipString()
	case '{', '[':
		return s.skipContainer()
	}
	start := s.pos
	for s.pos < len(s.data) && !isDelimiter(s.data[s.pos]) {
		s.pos++
	}
	return s.pos > start
}

// skipContainer moves past an object or array by counting brackets,
// skipping strings whole.
func (s *scanner) skipContainer() bool {
	depth := 0
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '"':
			if !s.skipString() {
				return false
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				s.pos++
				return true
			}
		}
		s.pos++
	}
	return false
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ':', ' ', '\t', '\n', '\r', '"', '{', '[':
		return true
	}
	return false
}

func escapeToken(name string) string {
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}

// positions turns byte offsets into positions in one pass over data.
func positions(data []byte, offsets []int) []Position {
	order := make([]int, len(offsets))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return offsets[order[a]] < offsets[order[b]] })
	out := make([]Position, len(offsets))
	line, col, pos := 1, 1, 0
	for _, i := range order {
		target := min(max(offsets[i], 0), len(data))
		for pos < target {
			r, size := utf8.DecodeRune(data[pos:])
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			pos += size
		}
		out[i] = Position{Offset: target, Line: line, Column: col}
	}
	return out
}
