package validate

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// compilePattern is the regex compiler payspec gives kin-openapi. Patterns
// must be RE2 (a spec test enforces it). The common shape of a payment
// field pattern, one character class repeated over the whole string
// (^[A-Za-z0-9 .,-]+$), is answered by a direct scan over the class's rune
// ranges; other patterns anchored at the start (dates, emails, words
// separated by spaces) by an automaton over ASCII text (patterndfa.go);
// everything else goes to the regexp package. All give the same answer on
// every input, which a fuzz test checks.
func compilePattern(expr string) (openapi3.RegexMatcher, error) {
	expr = goRegexpSyntax(expr)
	// regexp.Compile parses with the same flags and returns the same error.
	parsed, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, err
	}
	if m, ok := classRun(parsed); ok {
		return m, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	if d, ok := newASCIIDFA(parsed, re); ok {
		return d, nil
	}
	return re, nil
}

// patternCache remembers what compilePattern gave for each pattern, for
// one engine: kin-openapi compiles every pattern of a document each time
// it checks one, and the operations of a spec share most of theirs. It is
// safe for concurrent use.
type patternCache struct {
	mu sync.Mutex
	m  map[string]compiledPattern
}

type compiledPattern struct {
	m   openapi3.RegexMatcher
	err error
}

// compile is compilePattern, remembered.
func (c *patternCache) compile(expr string) (openapi3.RegexMatcher, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.m[expr]; ok {
		return p.m, p.err
	}
	m, err := compilePattern(expr)
	if c.m == nil {
		c.m = map[string]compiledPattern{}
	}
	c.m[expr] = compiledPattern{m, err}
	return m, err
}

// goRegexpSyntax rewrites the \uXXXX escapes of ECMA-262 patterns as RE2
// writes them, \x{XXXX}. A backslash that is itself escaped (\\u0041, a
// backslash then the text u0041) is left alone: escapes are read pairwise
// from the left, as the pattern's parser reads them.
func goRegexpSyntax(expr string) string {
	if !strings.Contains(expr, `\u`) {
		return expr
	}
	var b strings.Builder
	b.Grow(len(expr) + 8)
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		if c != '\\' || i+1 == len(expr) {
			b.WriteByte(c)
			continue
		}
		if hex := expr[i+2 : min(i+6, len(expr))]; expr[i+1] == 'u' && isHex4(hex) {
			b.WriteString(`\x{` + hex + `}`)
			i += 5
			continue
		}
		b.WriteString(expr[i : i+2]) // the escape pair, whatever it is
		i++
	}
	return b.String()
}

// isHex4 reports whether s is four hexadecimal digits.
func isHex4(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := range len(s) {
		if c := s[i] | 0x20; !(s[i] >= '0' && s[i] <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// runMatcher matches strings made only of runes of one class, with a
// length (in runes) between min and max (max < 0: unbounded).
type runMatcher struct {
	ascii    [4]uint32 // bitmap of the ASCII runes in the class
	ranges   []rune    // pairs lo, hi of the class (for non-ASCII runes)
	min, max int
}

// classRun recognises ^C*$, ^C+$ and ^C{m,n}$ for a character class C,
// with ^ and $ anchoring the whole text (no multi-line flag).
func classRun(parsed *syntax.Regexp) (*runMatcher, bool) {
	re := parsed.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) != 3 ||
		re.Sub[0].Op != syntax.OpBeginText || re.Sub[2].Op != syntax.OpEndText {
		return nil, false
	}
	rep := re.Sub[1]
	m := &runMatcher{}
	switch rep.Op {
	case syntax.OpStar:
		m.min, m.max = 0, -1
	case syntax.OpPlus:
		m.min, m.max = 1, -1
	default:
		return nil, false
	}
	if len(rep.Sub) != 1 {
		return nil, false
	}
	class := rep.Sub[0]
	switch class.Op {
	case syntax.OpCharClass:
		m.ranges = class.Rune
	case syntax.OpLiteral:
		if len(class.Rune) != 1 || class.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		m.ranges = []rune{class.Rune[0], class.Rune[0]}
	default:
		return nil, false
	}
	for i := 0; i+1 < len(m.ranges); i += 2 {
		for r := m.ranges[i]; r <= m.ranges[i+1] && r < utf8.RuneSelf; r++ {
			m.ascii[r/32] |= 1 << (r % 32)
		}
	}
	return m, true
}

// MatchString reports whether every rune of s is in the class and the
// count is within bounds. Invalid UTF-8 decodes to U+FFFD, as in regexp.
func (m *runMatcher) MatchString(s string) bool {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if m.ascii[c/32]&(1<<(c%32)) == 0 {
				return false
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !m.inRanges(r) {
				return false
			}
			i += size
		}
		n++
	}
	return n >= m.min && (m.max < 0 || n <= m.max)
}

func (m *runMatcher) inRanges(r rune) bool {
	for i := 0; i+1 < len(m.ranges); i += 2 {
		if r < m.ranges[i] {
			return false
		}
		if r <= m.ranges[i+1] {
			return true
		}
	}
	return false
}
