package validate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/payspec/payspec/api"
)

// specPatterns returns every pattern of the embedded specs, each with the
// spec lines that use it.
func specPatterns(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, p := range api.Providers() {
		b, ok := api.Spec(p)
		require.True(t, ok)
		var root yaml.Node
		require.NoError(t, yaml.Unmarshal(b, &root))
		var visit func(n *yaml.Node)
		visit = func(n *yaml.Node) {
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					k, v := n.Content[i], n.Content[i+1]
					if k.Value == "pattern" && v.Kind == yaml.ScalarNode {
						name, _ := api.FileName(p)
						out[v.Value] = append(out[v.Value], fmt.Sprintf("api/%s:%d", name, v.Line))
					}
				}
			}
			for _, c := range n.Content {
				visit(c)
			}
		}
		visit(&root)
	}
	return out
}

func TestEveryPatternHasWords(t *testing.T) {
	patterns := specPatterns(t)
	require.NotEmpty(t, patterns)
	for pattern, uses := range patterns {
		words, ok := patternWords[pattern]
		if !assert.Truef(t, ok, "no words for the pattern %s (used at %s): add an entry to patternWords in validate/patternwords.go",
			pattern, strings.Join(uses, ", ")) {
			continue
		}
		assert.Truef(t, strings.HasPrefix(words, "must "), "the words for %s must read as a rule: %q", pattern, words)
		assert.NotContainsf(t, words, pattern, "the words for %s must not quote the pattern", pattern)
	}
}

func TestPatternWordsAreForPatternsInUse(t *testing.T) {
	patterns := specPatterns(t)
	for pattern := range patternWords {
		_, ok := patterns[pattern]
		assert.Truef(t, ok, "patternWords has words for %s, which no spec uses", pattern)
		_, err := regexp.Compile(goRegexpSyntax(pattern))
		assert.NoErrorf(t, err, "%s is not RE2", pattern)
	}
}

// TestPatternWordsMatchTheirExamples checks that the sample a description
// gives is one the pattern accepts, so the words never teach a wrong form.
func TestPatternWordsMatchTheirExamples(t *testing.T) {
	sample := regexp.MustCompile(`such as (\S+?)(?: or (\S+?))?(?:,|$)`)
	checked := 0
	for pattern, words := range patternWords {
		m := sample.FindStringSubmatch(words)
		if m == nil {
			continue
		}
		re := regexp.MustCompile(goRegexpSyntax(pattern))
		for _, s := range slices.DeleteFunc(m[1:], func(s string) bool { return s == "" }) {
			assert.Truef(t, re.MatchString(s), "the words for %s give %q, which it refuses", pattern, s)
			checked++
		}
	}
	assert.Positive(t, checked)
}

func TestPatternMessage(t *testing.T) {
	assert.Equal(t, "must be a date written MM-DD-YYYY, such as 03-15-2030",
		patternMessage(`^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])-[0-9]{4}$`))
	assert.Equal(t, "must match the pattern ^x$", patternMessage(`^x$`), "a pattern without words is quoted")
}
