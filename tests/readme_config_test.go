package tests

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
)

// readmeRulesConfig returns the YAML block of the README that shows a
// --rules-config file: the one after the words saying that this test
// applies it.
func readmeRulesConfig(t *testing.T) []byte {
	t.Helper()
	text := readme(t)
	at := strings.Index(text, "a test applies it to every valid")
	require.GreaterOrEqual(t, at, 0, "the README no longer shows the configuration this test applies")
	_, block, ok := strings.Cut(text[at:], "```yaml\n")
	require.True(t, ok, "no yaml block after the README's configuration example")
	block, _, ok = strings.Cut(block, "```")
	require.True(t, ok)
	return []byte(block)
}

// TestReadmeRulesConfigKeepsValidExamplesValid applies the README's own
// configuration example to every valid example: laid over the defaults, it
// must not turn any of them invalid.
func TestReadmeRulesConfigKeepsValidExamplesValid(t *testing.T) {
	cfg, err := rules.LoadConfig(readmeRulesConfig(t))
	require.NoError(t, err, "the README's configuration example must load")
	checker, err := rules.New(cfg)
	require.NoError(t, err)
	e, err := validate.New(context.Background(), validate.WithClock(exampleClock), validate.WithRules(checker))
	require.NoError(t, err)
	checked := 0
	for _, f := range findExampleFiles(t) {
		if !strings.HasPrefix(f.name, "valid") {
			continue
		}
		body, err := os.ReadFile(filepath.Join(examplesDir, filepath.FromSlash(f.rel)))
		require.NoError(t, err)
		op, ok := e.Operation(f.opID)
		require.True(t, ok, f.opID)
		ps, err := e.ValidateRequest(context.Background(), f.opID, exampleRequestOf(t, op, body))
		require.NoError(t, err)
		assert.Empty(t, ps, "%s turns invalid under the README's configuration", f.rel)
		checked++
	}
	assert.GreaterOrEqual(t, checked, 5)
}
