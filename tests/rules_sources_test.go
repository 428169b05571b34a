package tests

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate/rules"
)

// TestEveryRuleCitesDocumentsAUserCanOpen requires each document a rule of
// the catalogue names to be one a user of the module can open: a public page
// (an https URL) or a file of this repository, by its path from the module
// root. A fragment on a file must lead somewhere: a heading of a Markdown
// file, or a JSON Pointer that resolves in an OpenAPI file.
func TestEveryRuleCitesDocumentsAUserCanOpen(t *testing.T) {
	catalogue := rules.Catalogue()
	require.NotEmpty(t, catalogue)
	anchors := map[string]map[string]bool{}
	files := &specDocs{root: "..", docs: map[string]any{}}
	for _, r := range catalogue {
		require.NotEmpty(t, strings.TrimSpace(r.Source), "%s cites no document", r.ID)
		for _, doc := range strings.Split(r.Source, rules.SourceSeparator) {
			if strings.HasPrefix(doc, "https://") {
				u, err := url.Parse(doc)
				if assert.NoError(t, err, "%s: %q", r.ID, doc) {
					assert.NotEmpty(t, u.Host, "%s: %q names no host", r.ID, doc)
					assert.NotContains(t, doc, " ", "%s: %q", r.ID, doc)
				}
				continue
			}
			file, fragment, _ := strings.Cut(doc, "#")
			if !assert.Equal(t, path.Clean(file), file, "%s: %q is a clean repository path", r.ID, doc) ||
				!assert.False(t, strings.HasPrefix(file, "../") || path.IsAbs(file), "%s: %q lies in the repository", r.ID, doc) {
				continue
			}
			info, err := os.Stat(filepath.Join("..", filepath.FromSlash(file)))
			if !assert.NoError(t, err, "%s cites %q, which is neither a URL nor a file of the repository", r.ID, doc) ||
				!assert.False(t, info.IsDir(), "%s: %q is a directory", r.ID, doc) || fragment == "" {
				continue
			}
			switch path.Ext(file) {
			case ".md":
				if anchors[file] == nil {
					anchors[file] = markdownAnchors(t, filepath.Join("..", filepath.FromSlash(file)))
				}
				assert.True(t, anchors[file][fragment], "%s: %s has no heading whose anchor is #%s", r.ID, file, fragment)
			case ".yaml", ".json":
				node, _, err := files.resolve(file, "#"+fragment)
				assert.NoError(t, err, "%s: %q", r.ID, doc)
				assert.NotNil(t, node, "%s: %q resolves to nothing", r.ID, doc)
			default:
				t.Errorf("%s: %q has a fragment on a file that has no anchors", r.ID, doc)
			}
		}
	}
}

// TestRulesDocumentNamesOnlyRulesOfTheCatalogue keeps docs/rules.md in step
// with the catalogue: every rule id it names is a rule.
func TestRulesDocumentNamesOnlyRulesOfTheCatalogue(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "rules.md"))
	require.NoError(t, err)
	ids := map[string]bool{}
	for _, r := range rules.Catalogue() {
		ids[r.ID] = true
	}
	named := regexp.MustCompile("`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`").FindAllStringSubmatch(string(b), -1)
	require.NotEmpty(t, named, "docs/rules.md names rules")
	for _, m := range named {
		assert.True(t, ids[m[1]], "docs/rules.md names %s, which is not a rule", m[1])
	}
}

// markdownAnchors returns the anchors of a Markdown file's headings, made
// as GitHub makes them: lower case, spaces to hyphens, other punctuation
// dropped.
func markdownAnchors(t *testing.T, file string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	out := map[string]bool{}
	drop := regexp.MustCompile(`[^a-z0-9 _-]`)
	for _, line := range strings.Split(string(b), "\n") {
		title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		anchor := drop.ReplaceAllString(strings.ToLower(strings.TrimSpace(title)), "")
		out[strings.ReplaceAll(anchor, " ", "-")] = true
	}
	return out
}
