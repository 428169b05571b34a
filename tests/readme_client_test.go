package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestREADMECallingTheAPIsFollowsTheExamples keeps the code of the
// "Calling the APIs" section in step with the runnable examples it quotes:
// every line of a block that names an example file appears in that file.
func TestREADMECallingTheAPIsFollowsTheExamples(t *testing.T) {
	section := readmeSection(t, "## Calling the APIs")
	quoted := regexp.MustCompile("(?s)\\(`(client/[a-z]+/example_test\\.go)`, runnable\\):\n\n```go\n(.*?)```").
		FindAllStringSubmatch(section, -1)
	require.Len(t, quoted, 2, "one quoted example per provider")
	for _, q := range quoted {
		src, err := os.ReadFile(filepath.Join("..", q[1]))
		require.NoError(t, err)
		var code []string // the example's lines, spacing aside (gofmt aligns comments)
		for _, line := range strings.Split(string(src), "\n") {
			code = append(code, strings.Join(strings.Fields(line), " "))
		}
		for _, line := range strings.Split(q[2], "\n") {
			if line = strings.Join(strings.Fields(line), " "); line != "" {
				assert.Contains(t, code, line, "%s quotes a line its example lacks", q[1])
			}
		}
	}
}
