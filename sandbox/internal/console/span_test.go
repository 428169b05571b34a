package console

import (
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
)

func TestSpanSelectsTheOffendingText(t *testing.T) {
	body := "{\n  \"name\": \"Zoë 🚀\",\n  \"amount\": 12.50,\n  \"sender\": {\n    \"id\": 1\n  },\n  \"tags\": [\"a\", \"b\"],\n  \"bad\": tru\n}"
	tests := []struct {
		name string
		at   string // the text the problem's offset starts at
		want string // the text selected
	}{
		{"a member and its string value", `"name"`, `"name": "Zoë 🚀"`},
		{"a member and its number", `"amount"`, `"amount": 12.50`},
		{"an object: its opening only", `"sender"`, `"sender": {`},
		{"an array item", `"b"`, `"b"`},
		{"a value that cannot be read: the rest of the line", `"bad"`, `"bad": tru`},
		{"the root: its first line", "{", "{"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := indexOf(t, body, tt.at)
			start, end := span(body, off)
			units := utf16.Encode([]rune(body))
			assert.Equal(t, tt.want, string(utf16.Decode(units[start:end])))
		})
	}
}

func TestSpanClampsOffsets(t *testing.T) {
	for _, off := range []int{-5, 0, 3, 100} {
		start, end := span(`{"a":1}`, off)
		assert.True(t, 0 <= start && start <= end && end <= 7, "offset %d: %d..%d", off, start, end)
	}
}

func indexOf(t *testing.T, s, sub string) int {
	t.Helper()
	for i := range len(s) - len(sub) + 1 {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	t.Fatalf("%q not in the body", sub)
	return -1
}

// FuzzSpan checks that any body and offset give a selection inside the
// body, counted in UTF-16 units, without a panic.
func FuzzSpan(f *testing.F) {
	f.Add("{\n  \"a\": [1, {\"b\": \"é\"}]\n}", 5)
	f.Add(`"unterminated`, 0)
	f.Add("\xff\xfe{}", 2)
	f.Fuzz(func(t *testing.T, body string, off int) {
		start, end := span(body, off)
		if start < 0 || start > end || end > utf16Len(body) {
			t.Fatalf("span(%q, %d) = %d..%d outside 0..%d", body, off, start, end, utf16Len(body))
		}
	})
}
