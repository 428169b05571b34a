package console

import (
	"encoding/json"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// span finds the text a problem at byte offset off of body points at: a
// member's name and value, or a value, cut at the end of its first line
// (of a whole object only its opening is selected), or the rest of the
// line where the body cannot be read. It returns UTF-16 offsets, as a
// browser's textarea counts them.
func span(body string, off int) (start, end int) {
	off = min(max(off, 0), len(body))
	stop := memberEnd(body, off)
	if nl := strings.IndexByte(body[off:stop], '\n'); nl >= 0 {
		stop = off + nl
	}
	stop = off + len(strings.TrimRight(body[off:stop], " \t\r"))
	return utf16Len(body[:off]), utf16Len(body[:stop])
}

// memberEnd is where the member or value starting at off ends: past the
// value of a member whose name starts there, past the value otherwise; at
// the end of the line when the value is an object or array (only its
// opening is selected, and it is not read through) or cannot be read.
func memberEnd(body string, off int) int {
	at := off
	if strings.HasPrefix(body[at:], `"`) {
		if n, ok := valueLen(body[at:]); ok {
			rest := strings.TrimLeft(body[at+n:], " \t\r\n")
			if !strings.HasPrefix(rest, ":") {
				return at + n // a string value
			}
			value := strings.TrimLeft(rest[1:], " \t\r\n")
			at = len(body) - len(value)
		}
	}
	if !strings.HasPrefix(body[at:], "{") && !strings.HasPrefix(body[at:], "[") {
		if n, ok := valueLen(body[at:]); ok {
			return at + n
		}
	}
	if nl := strings.IndexByte(body[off:], '\n'); nl >= 0 {
		return off + nl
	}
	return len(body)
}

// valueLen is the length of the JSON value at the start of s.
func valueLen(s string) (int, bool) {
	dec := json.NewDecoder(strings.NewReader(s))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return 0, false
	}
	return int(dec.InputOffset()), true
}

// utf16Len counts the UTF-16 code units of s.
func utf16Len(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size <= 1 {
			n++
		} else {
			n += utf16.RuneLen(r)
		}
		s = s[size:]
	}
	return n
}
