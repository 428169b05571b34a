package validate

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// patterns are shapes from the specs plus ones the fast path must refuse.
var patterns = []string{
	`^[A-Za-z0-9 .()/'+=:?_#@%,&\-]+$`,
	`^[a-zA-Z]+$`,
	`^[0-9]+$`,
	`^[^!<>/\r\n\u2028\u2029]*$`,
	`^[\p{L}\p{N} .,&@%#/'"*!~=^_{}\[\];$|()+?:-]+$`,
	`^[A-Z]{3}$`,
	`^[a-zA-Z]+( [a-zA-Z]+)*$`,
	`^(?i)[a-z]+$`,
	`^x*$`,
	`[a-z]+`,
	`^[a-z]+`,
	`^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])-[0-9]{4}$`,
	`^-?[0-9]+(\.[0-9]+)?$`,
	`^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$`,
	`^(?i)usd|^eur$`,
	`^$`,
	`^a$|^$`,
	`^\bab`,
	`(?m)^ab$`,
	`^.+$`,
	`^(?s).+$`,
	`^a*?b`,
	`^(a|ab)(c|bcd)$`,
	`^[^a]x`,
	`^k$`,
	`^(?i)k$`,
	`^a{2,40}b{3,40}c{4,40}$`,
	`^(a^b|c)$`,
	`^(a$b|c)`,
	`^a$\b`,
	`^$\B`,
	`^a$(?m)$`,
	`^a\z\b`,
	`^(?:\z\Bx|(?s:.)*)`,
	`^\\u0041$`,
	`^\u0041\\$`,
	`^[\u0041-\u005a]+\\\u0041$`,
}

var patternInputs = []string{
	"", "a", "abc", "ABC", "abc1", "a b", "0123", "Zoë", "日本", "a\nb", "a\u2028", "<", "x", "xx",
	"\xff", "a\xffb", "\uFFFD", "O'Brien & Co. (Ltd) #2", "USD", "usd", "USDX", "Economy Plus", "Economy  Plus",
	"12-07-2026", "13-07-2026", "00-01-2026", "02-31-2026", "12-07-20261", "12-07-202", "1234567.89", "-0.5", "1.", ".5",
	"ops@example.com", "a.b@c.d.io", "a@b.c", "a@@b.cc", "ops@exämple.com", "eur", "EUR", "Eur", "usdx", "K", "k", "\u212a",
	"ab", "abc", "abcd", "xx", "bx", "a\nb\n", "ab\n", "\nab", "aab", "aaab",
	`\u0041`, `\x{0041}`, `A\`, `AZ\A`,
}

func TestCompilePatternAgreesWithRegexp(t *testing.T) {
	for _, p := range patterns {
		fast, err := compilePattern(p)
		require.NoError(t, err, p)
		ref := regexp.MustCompile(goRegexpSyntax(p))
		for _, in := range patternInputs {
			assert.Equal(t, ref.MatchString(in), fast.MatchString(in), "pattern %q input %q", p, in)
		}
	}
}

func TestCompilePatternUsesAnAutomatonForAnchoredPatterns(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		dfa     bool
	}{
		{`^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])-[0-9]{4}$`, true},
		{`^-?[0-9]+(\.[0-9]+)?$`, true},
		{`^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$`, true},
		{`^[a-zA-Z]+( [a-zA-Z]+)*$`, true},
		{`^[a-z]+`, true},
		{`[a-z]+`, false},                  // unanchored: a match may start anywhere
		{`^\bab`, false},                   // word boundaries are not modelled
		{`(?m)^ab$`, false},                // nor line anchors
		{`^a{2,40}b{3,40}c{4,40}$`, false}, // more states than the bound
	} {
		m, err := compilePattern(tc.pattern)
		require.NoError(t, err)
		_, isDFA := m.(*asciiDFA)
		assert.Equal(t, tc.dfa, isDFA, tc.pattern)
	}
}

func TestCompilePatternUsesTheScanForClassRuns(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		fast    bool
	}{
		{`^[a-zA-Z]+$`, true},
		{`^[^!<>/\r\n\u2028\u2029]*$`, true},
		{`^x*$`, true},
		{`^[A-Z]{3}$`, false},
		{`^[a-zA-Z]+( [a-zA-Z]+)*$`, false},
		{`[a-z]+`, false},
	} {
		m, err := compilePattern(tc.pattern)
		require.NoError(t, err)
		_, isFast := m.(*runMatcher)
		assert.Equal(t, tc.fast, isFast, tc.pattern)
	}
}

func TestGoRegexpSyntaxRewritesUnicodeEscapesOnly(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`^\u0041$`, `^\x{0041}$`},
		{`[\u00e9-\u00FF]`, `[\x{00e9}-\x{00FF}]`},
		{`^\\u0041$`, `^\\u0041$`},     // an escaped backslash, then the text u0041
		{`^\\\u0041$`, `^\\\x{0041}$`}, // an escaped backslash, then an escape
		{`^\\\\u0041$`, `^\\\\u0041$`}, // two escaped backslashes
		{`\u12`, `\u12`},               // too short
		{`\u12G4`, `\u12G4`},           // not hexadecimal
		{`a\`, `a\`},                   // a trailing backslash is the parser's to refuse
		{`\d\u0030`, `\d\x{0030}`},
		{`no escapes`, `no escapes`},
	} {
		assert.Equal(t, tc.want, goRegexpSyntax(tc.in), tc.in)
	}
}

func TestCompilePatternReadsAnEscapedBackslashBeforeU(t *testing.T) {
	m, err := compilePattern(`^\\u0041$`)
	require.NoError(t, err)
	assert.True(t, m.MatchString(`\u0041`))
	assert.False(t, m.MatchString(`\x{0041}`))
	assert.False(t, m.MatchString(`A`))
}

// manyOptionalClasses is a pattern within the automaton's bounds on
// states and instructions whose construction would still take thousands
// of closure steps a state: ^[\x00-\x01]?[\x00-\x02]?...[\x00-\x3e]?
func manyOptionalClasses() string {
	var b strings.Builder
	b.WriteString("^")
	for hi := 1; hi <= 0x3e; hi++ {
		fmt.Fprintf(&b, `[\x00-\x%02x]?`, hi)
	}
	return b.String()
}

func TestCompilePatternLeavesCostlyAutomataToRegexp(t *testing.T) {
	p := manyOptionalClasses()
	m, err := compilePattern(p)
	require.NoError(t, err)
	_, isDFA := m.(*asciiDFA)
	assert.False(t, isDFA, "the construction's budget should run out")
	ref := regexp.MustCompile(p)
	for _, in := range []string{"", "\x00", "\x00\x01\x02", "abc", strings.Repeat("\x00", 70)} {
		assert.Equal(t, ref.MatchString(in), m.MatchString(in), "input %q", in)
	}
}

func BenchmarkCompilePatternCostly(b *testing.B) {
	p := manyOptionalClasses()
	for b.Loop() {
		if _, err := compilePattern(p); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCompilePatternRefusesNonRE2(t *testing.T) {
	_, err := compilePattern(`^(?!.*[!<>/]).*$`)
	assert.Error(t, err)
}

func FuzzCompilePattern(f *testing.F) {
	for i, p := range patterns {
		f.Add(p, patternInputs[i%len(patternInputs)])
	}
	f.Fuzz(func(t *testing.T, pattern, input string) {
		ref, err := regexp.Compile(goRegexpSyntax(pattern))
		if err != nil {
			return
		}
		fast, err := compilePattern(pattern)
		require.NoError(t, err)
		assert.Equal(t, ref.MatchString(input), fast.MatchString(input), "pattern %q input %q", pattern, input)
	})
}
