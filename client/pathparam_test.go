package client

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPathValueProblem(t *testing.T) {
	tests := []struct{ value, want string }{
		{"12930", ""},
		{"CUST-0048213", ""},
		{"a.b", ""},
		{"...", ""},
		{"..a", ""},
		{"100%", ""},
		{"%zz", ""},
		{"%2", ""},
		{"%41BC", ""},
		{"", "is empty"},
		{".", "is a dot segment"},
		{"..", "is a dot segment"},
		{"/", "holds a slash"},
		{"a/b", "holds a slash"},
		{`a\b`, "holds a backslash"},
		{"%2e", "is a dot segment once percent-decoded"},
		{"%2E%2e", "is a dot segment once percent-decoded"},
		{".%2E", "is a dot segment once percent-decoded"},
		{"%2f", "holds a slash once percent-decoded"},
		{"a%2Fb", "holds a slash once percent-decoded"},
		{"%5c", "holds a backslash once percent-decoded"},
		{"%252e%252e", "is a dot segment once percent-decoded"},
		{"%2f%zz", "holds a slash once percent-decoded"},
		{"%25" + strings.Repeat("25", 6) + "2F", "holds a slash once percent-decoded"},
		{"%25" + strings.Repeat("25", 7) + "41", "is percent-encoded too many times over"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, pathValueProblem(tc.value), "%q", tc.value)
	}
}

func TestPathSegments(t *testing.T) {
	got, ok := pathSegments("/v3/customers/{customer_id}/payments/{payment_id}", "/redpin/v3/customers/C%2F1/payments/P1")
	require.True(t, ok)
	assert.Equal(t, []pathValue{{"customer_id", "C%2F1"}, {"payment_id", "P1"}}, got, "escaped, in path order")
	_, ok = pathSegments("/v3/payments/{uid}", "/v3/payments/")
	assert.False(t, ok, "an empty parameter does not fit")
}

// FuzzPathValue checks that a value the client accepts stays one path
// segment, whatever reads it: escaped as the generated clients escape it
// and resolved as a URL, it is still the last segment, and no number of
// decodings makes it a dot segment or splits it.
func FuzzPathValue(f *testing.F) {
	for _, s := range []string{"12930", "..", "%2e%2e", "a%2Fb", `a\b`, "%252F", "100%", "%zz%2f"} {
		f.Add(s)
	}
	base, err := url.Parse("https://api.example/finzly/")
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, v string) {
		if pathValueProblem(v) != "" {
			return
		}
		u, err := base.Parse("v3/payments/" + url.PathEscape(v))
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		segs, ok := pathSegments("/v3/payments/{uid}", u.EscapedPath())
		if !ok || len(segs) != 1 || !strings.HasPrefix(u.EscapedPath(), "/finzly/v3/payments/") {
			t.Fatalf("%q went to %s", v, u.EscapedPath())
		}
		s := segs[0].value
		for range maxDecodes + 2 {
			d := percentDecode(s)
			if d == "." || d == ".." || strings.ContainsAny(d, `/\`) {
				t.Fatalf("%q reads as %q", v, d)
			}
			s = d
		}
	})
}
