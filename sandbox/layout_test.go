package sandbox_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/payspec/payspec/"

// TestLayoutKeepsProvidersApart checks the sandbox's layering with the Go
// tool's own view of the imports: the core names no provider (neither a
// provider's generated code nor its package), and neither provider
// reaches into the other. Imports are followed through the sandbox's own
// packages only: what the validation engine imports is the engine's
// business.
func TestLayoutKeepsProvidersApart(t *testing.T) {
	imports := sandboxImports(t)
	rules := []struct {
		from      string
		forbidden []string
	}{
		{"sandbox/internal/core", []string{"gen/finzly", "gen/redpin", "sandbox/internal/finzly", "sandbox/internal/redpin"}},
		{"sandbox/internal/finzly", []string{"gen/redpin", "sandbox/internal/redpin"}},
		{"sandbox/internal/redpin", []string{"gen/finzly", "sandbox/internal/finzly"}},
		{"sandbox/internal/console", []string{"gen/", "sandbox/internal/core", "sandbox/internal/finzly", "sandbox/internal/redpin"}},
	}
	for _, rule := range rules {
		t.Run(rule.from, func(t *testing.T) {
			var roots []string
			for pkg := range imports {
				if within(pkg, module+rule.from) {
					roots = append(roots, pkg)
				}
			}
			require.NotEmpty(t, roots, "the packages exist")
			for via, pkg := range reachable(imports, roots) {
				for _, bad := range rule.forbidden {
					assert.False(t, strings.HasPrefix(pkg, module+bad), via)
				}
				assert.NotEqual(t, module+"sandbox", pkg, via)
			}
		})
	}
}

// sandboxImports maps every package the sandbox's packages depend on to
// its direct imports, as `go list -deps` reports them.
func sandboxImports(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "./...").Output()
	require.NoError(t, err, "go list")
	imports := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) > 0 {
			imports[fields[0]] = fields[1:]
		}
	}
	return imports
}

// reachable returns every package roots import, directly or through the
// sandbox's own packages, keyed by "importer -> imported".
func reachable(imports map[string][]string, roots []string) map[string]string {
	found := map[string]string{}
	seen := map[string]bool{}
	queue := append([]string(nil), roots...)
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		if seen[pkg] {
			continue
		}
		seen[pkg] = true
		for _, imp := range imports[pkg] {
			found[pkg+" -> "+imp] = imp
			if within(imp, module+"sandbox") {
				queue = append(queue, imp)
			}
		}
	}
	return found
}

// within reports whether pkg is dir or below it.
func within(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }
