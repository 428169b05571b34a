package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate/rules"
)

// readme returns the README's text.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	return string(b)
}

// TestREADMERulesConfigurationLoads keeps the README's configuration
// example a configuration payspec accepts.
func TestREADMERulesConfigurationLoads(t *testing.T) {
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(readme(t), -1)
	require.NotEmpty(t, blocks, "README has no yaml example")
	for _, b := range blocks {
		if strings.HasPrefix(b[1], "payloads:") {
			continue // a payspec.yaml manifest, read by the command line
		}
		cfg, err := rules.LoadConfig([]byte(b[1]))
		require.NoError(t, err)
		_, err = rules.New(cfg)
		assert.NoError(t, err)
	}
}

// TestREADMEMainCommandNamesAnExample keeps the README's first command
// pointing at an example file that exists and is valid.
func TestREADMEMainCommandNamesAnExample(t *testing.T) {
	m := regexp.MustCompile(`go run ./cmd/payspec validate --op (\S+) (examples/\S+\.json)`).FindStringSubmatch(readme(t))
	require.NotNil(t, m, "README has no payspec validate command")
	op, file := m[1], m[2]
	assert.Equal(t, op, filepath.Base(filepath.Dir(file)), "the example sits under its operation's directory")
	assert.True(t, strings.HasPrefix(filepath.Base(file), "valid"), "the main command validates a valid example")
	_, err := os.Stat(filepath.Join("..", file))
	assert.NoError(t, err)
}
