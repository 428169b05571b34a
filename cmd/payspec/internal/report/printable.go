package report

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Reports reach terminals and CI logs, and carry text that came from the
// documents judged (member names in pointers and messages) and from the
// file system (file names). Neither may steer what reads the report: a
// control character could move a terminal's cursor or recolour it, a line
// break could forge a result line, and a CI runner reads commands in its
// log (GitHub Actions "::error ...::" at the start of a line, Azure
// Pipelines "##vso[...]" anywhere in one).

// Printable returns s written so that it shows as itself and nothing
// else: C0 and C1 control characters and DEL are written \n, \r, \t or
// \xHH, bytes that are not UTF-8 \xHH, line and paragraph separators and
// bidirectional formatting characters \uHHHH, and the second of two #s
// \x23. Other text, backslashes included, is unchanged.
func Printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	prev := rune(0)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case isControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case isInvisibleFormat(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		case r == '#' && prev == '#':
			b.WriteString(`\x23`)
			r = 0 // "###" is "#\x23#": the next # follows an escape
		default:
			b.WriteRune(r)
		}
		prev = r
		i += size
	}
	return b.String()
}

// needsEscape reports whether Printable would change s.
func needsEscape(s string) bool {
	if strings.Contains(s, "##") || !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if r < 0x20 || isControl(r) || isInvisibleFormat(r) {
			return true
		}
	}
	return false
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
}

// isInvisibleFormat reports whether r breaks a line in some readers or
// reorders the text around it on screen: line and paragraph separators,
// and the bidirectional marks, embeddings, overrides and isolates.
func isInvisibleFormat(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f: // Arabic letter mark, LRM, RLM
		return true
	case r >= 0x2028 && r <= 0x202e: // separators, embeddings, overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // isolates
		return true
	}
	return false
}

// lineStart is a file name as the first field of a text line: one that
// begins with ':' or white space gets "./" in front, so that no line of
// the report can start a CI runner's command (GitHub Actions reads a line
// starting "::" as one). Names that hold a path separator or a root, and
// the names of standard input and of a request without a body, start
// otherwise and are unchanged.
func lineStart(file string) string {
	if file != "" && (file[0] == ':' || file[0] == ' ' || file[0] == '\t') {
		return "./" + file
	}
	return file
}

// logSafe rewrites encoded output (JSON or XML) so that what the encoder
// leaves as it is cannot steer a terminal or a CI log either: DEL, C1
// controls, line and paragraph separators and bidirectional formatting
// characters are written with the format's own character escape, and so
// is the second of two #s. Both formats allow these escapes wherever
// such characters can stand (inside strings and text), so the document
// means what it meant.
func logSafe(b []byte, escape func(rune) string) []byte {
	if !bytes.Contains(b, []byte("##")) && !bytes.ContainsFunc(b, func(r rune) bool {
		return r == 0x7f || isControl(r) && r >= 0x80 || isInvisibleFormat(r)
	}) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	prev := rune(0)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == 0x7f || r >= 0x80 && r < 0xa0 && size > 1 || isInvisibleFormat(r):
			out = append(out, escape(r)...)
		case r == '#' && prev == '#':
			out = append(out, escape(r)...)
			r = 0
		default:
			out = append(out, b[i:i+size]...)
		}
		prev = r
		i += size
	}
	return out
}

// jsonEscape is a JSON string's escape of r (r is in the Basic
// Multilingual Plane).
func jsonEscape(r rune) string { return fmt.Sprintf(`\u%04x`, r) }

// xmlEscape is an XML character reference to r.
func xmlEscape(r rune) string { return fmt.Sprintf("&#x%x;", r) }
