package cleantext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"clean text is kept", "PAYMENT001", Short, "PAYMENT001"},
		{"escape sequences lose their ESC", "\x1b[31mRED\x1b[0m", Short, "[31mRED[0m"},
		{"line breaks become one space", "a\r\n\r\nb", Short, "a b"},
		{"tabs and NEL too", "a\t\u0085b", Short, "a b"},
		{"line separators", "a\u2028b\u2029c", Short, "a b c"},
		{"other controls are removed", "a\x00\x07\x7fb\u009b", Short, "ab"},
		{"bidirectional overrides are removed", "abc\u202edef\u2066", Short, "abcdef"},
		{"zero-width characters are removed", "a\u200bb\ufeff", Short, "ab"},
		{"ends are trimmed", "\n  code  \r\n", Short, "code"},
		{"invalid UTF-8 is replaced", "a\xffb", Short, "a\ufffdb"},
		{"cut at the limit", "abcdefgh", 5, "abcd…"},
		{"exactly the limit", "abcde", 5, "abcde"},
		{"limit counts characters", "ééééé", 5, "ééééé"},
		{"multi-byte cut", "éééééé", 5, "éééé…"},
		{"dropped characters do not count", "\x1b\x1b\x1babc", 3, "abc"},
		{"no limit, no text", "abc", 0, ""},
		{"only controls", "\x1b\x00\r\n", Short, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Clean(tc.in, tc.limit))
		})
	}
}

func TestCleanReadsABoundedPrefix(t *testing.T) {
	huge := strings.Repeat("\x1b", 10<<20) + "tail"
	assert.Equal(t, "…", Clean(huge, 10), "what is past the bytes read is cut")
	long := strings.Repeat("x", 10<<20)
	assert.Equal(t, strings.Repeat("x", Short-1)+"…", Clean(long, Short))
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "PAYMENT001", "\x1b[2J\r\n::error::x", "a\u202eb", "\xff\xfe", "ééé", "a \n b"} {
		f.Add(s, 8)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit%300 + 1
		if limit <= 0 {
			limit += 300
		}
		out := Clean(s, limit)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 %q", out)
		}
		if n := utf8.RuneCountInString(out); n > limit {
			t.Fatalf("%d characters over the limit %d: %q", n, limit, out)
		}
		if i := strings.IndexFunc(out, func(r rune) bool { return dropped(r) }); i >= 0 {
			t.Fatalf("a dropped character at %d: %q", i, out)
		}
		if strings.TrimSpace(out) != out {
			t.Fatalf("spaces not trimmed: %q", out)
		}
		if Clean(out, limit) != out {
			t.Fatalf("not stable: %q", out)
		}
	})
}
