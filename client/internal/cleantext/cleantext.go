// Package cleantext makes text that came from a provider safe to put in an
// error message or a log line: bounded in length, and free of the
// characters that let text rewrite a terminal or forge a line of a log
// (control characters, such as ESC, CR and LF, and invisible formatting
// characters, such as the bidirectional overrides).
package cleantext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds, in characters, of the text the clients keep from an answer.
const (
	// Short bounds a code, a type, a field name, a request id.
	Short = 128
	// Long bounds a message, a description, a URL.
	Long = 1024
)

// ellipsis ends a value that was cut.
const ellipsis = '…'

// Clean returns s with control and formatting characters removed (a run
// of those that are line or white space becomes one space), invalid UTF-8
// replaced by U+FFFD, the ends trimmed of space, and at most limit
// characters, the last one an ellipsis when s was cut. Only the first
// 4*(limit+1) bytes of s are read.
func Clean(s string, limit int) string {
	if limit <= 0 {
		return ""
	}
	if len(s) <= limit && isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), 4*limit))
	n, more := 0, false
	spaced := true // the last character written is a space, or none was written
	for i, r := range s {
		if i >= 4*(limit+1) { // a character is at most 4 bytes: what is left is cut
			more = true
			break
		}
		w := r
		if dropped(r) {
			if spaced || !isSpace(r) {
				continue
			}
			w = ' '
		}
		if n == limit {
			more = true
			break
		}
		b.WriteRune(w)
		n, spaced = n+1, w == ' '
	}
	out := b.String()
	if more {
		if n == limit {
			_, size := utf8.DecodeLastRuneInString(out)
			out = out[:len(out)-size]
		}
		out += string(ellipsis)
	}
	return strings.TrimSpace(out)
}

// isClean reports whether s is valid UTF-8 without a character Clean
// drops or spaces to trim.
func isClean(s string) bool {
	if !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return false
	}
	return !strings.ContainsFunc(s, dropped)
}

// dropped reports whether a character is removed: a control or format
// character, or a line or paragraph separator.
func dropped(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// isSpace reports whether a dropped character separates words.
func isSpace(r rune) bool { return unicode.IsSpace(r) }
