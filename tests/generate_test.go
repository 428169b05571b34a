package tests

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// generateCommand is one //go:generate line of generate.go.
type generateCommand struct {
	args   []string // after "go"
	config string   // value of -config (oapi-codegen)
	out    string   // value of -out (internal/genops)
}

func readGenerateCommands(t *testing.T, root string) []generateCommand {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "generate.go"))
	require.NoError(t, err)
	defer f.Close()
	var out []generateCommand
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "//go:generate ")
		if !ok {
			continue
		}
		fields := strings.Fields(line)
		require.GreaterOrEqual(t, len(fields), 3, line)
		require.Equal(t, []string{"go", "run"}, fields[:2], "generation runs the pinned tool with go run: %s", line)
		cmd := generateCommand{args: fields[1:]}
		for i, f := range fields {
			if f == "-config" && i+1 < len(fields) {
				cmd.config = fields[i+1]
			}
			if f == "-out" && i+1 < len(fields) {
				cmd.out = fields[i+1]
			}
		}
		require.True(t, (cmd.config == "") != (cmd.out == ""), "%s names a config or an output file", line)
		out = append(out, cmd)
	}
	require.NoError(t, sc.Err())
	return out
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// TestCommittedCodeMatchesGenerate runs every //go:generate command of
// generate.go into a temporary file and requires the committed output to be
// identical, so gen/ and the provider clients' methods can never drift from
// api/.
func TestCommittedCodeMatchesGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the code generator")
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	cmds := readGenerateCommands(t, root)
	require.Len(t, cmds, 7, "one oapi-codegen command per generated package (finzly, finzlywebhook, redpin, redpinwebhook), "+
		"the operation ids, and each provider client's methods")
	for _, c := range cmds {
		if c.out != "" {
			t.Run(c.out, func(t *testing.T) { checkOwnGeneratorOutput(t, root, c) })
			continue
		}
		t.Run(c.config, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(root, c.config))
			require.NoError(t, err)
			var cfg map[string]any
			require.NoError(t, yaml.Unmarshal(raw, &cfg))
			committed, ok := cfg["output"].(string)
			require.True(t, ok, "config names its output file")

			fresh := filepath.Join(t.TempDir(), "out.gen.go")
			cfg["output"] = fresh
			tmpCfg := filepath.Join(t.TempDir(), "cfg.yaml")
			b, err := yaml.Marshal(cfg)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(tmpCfg, b, 0o600))

			runAndCompare(t, root, c.args, c.config, tmpCfg, fresh, committed)
		})
	}
}

// checkOwnGeneratorOutput runs one of the repository's own generators (the
// operation ids, a provider client's methods) into a temporary file and
// compares it with the committed one.
func checkOwnGeneratorOutput(t *testing.T, root string, c generateCommand) {
	fresh := filepath.Join(t.TempDir(), filepath.Base(c.out))
	runAndCompare(t, root, c.args, c.out, fresh, fresh, c.out)
}

// runAndCompare runs a generate command with the argument from replaced by
// to, and requires the file it wrote, fresh, to equal the committed one.
func runAndCompare(t *testing.T, root string, args []string, from, to, fresh, committed string) {
	args = append([]string(nil), args...)
	for i := range args {
		if args[i] == from {
			args[i] = to
		}
	}
	cmd := exec.Command(goTool(), args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), "generator failed: %s", stderr.String())
	want, err := os.ReadFile(fresh)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(root, committed))
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got),
		"%s differs from what go generate produces; run `go generate ./...` and commit", committed)
}

// generatedHeader is the marker Go tools recognise for generated files.
var generatedHeader = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

// TestGenHoldsOnlyGeneratedCode keeps gen/ free of hand-written code: every
// non-test Go file there carries the generated-code header, except each
// package's doc.go, which holds its documentation and nothing else. Runnable
// examples (_test.go files) are the other hand-written files allowed.
func TestGenHoldsOnlyGeneratedCode(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "gen", "*", "*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		if filepath.Base(f) == "doc.go" {
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ParseComments)
			require.NoError(t, err)
			assert.Empty(t, parsed.Decls, "%s holds the package documentation and no code", f)
			assert.Empty(t, parsed.Imports, "%s holds the package documentation and no code", f)
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Regexp(t, generatedHeader, string(b), "%s is generated", f)
	}
}

// TestGeneratedPackagesAreDocumentedByDocGo requires each generated package
// to have its documentation in doc.go and nowhere else: the generated file
// carries no package comment that would be shown beside it or instead of
// it, and the documentation says how the package is regenerated.
func TestGeneratedPackagesAreDocumentedByDocGo(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "gen", "*"))
	require.NoError(t, err)
	require.Len(t, dirs, 4, "finzly, finzlywebhook, redpin, redpinwebhook")
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		var documented []string
		var doc *ast.File
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ParseComments|parser.PackageClauseOnly)
			require.NoError(t, err)
			if f.Doc != nil {
				documented = append(documented, filepath.Base(name))
			}
			if filepath.Base(name) == "doc.go" {
				doc = f
			}
		}
		assert.Equal(t, []string{"doc.go"}, documented, "%s: only doc.go carries a package comment", dir)
		require.NotNil(t, doc, "%s has a doc.go", dir)
		pkg, text := doc.Name.Name, doc.Doc.Text()
		assert.Equal(t, filepath.Base(dir), pkg)
		assert.True(t, strings.HasPrefix(text, "Package "+pkg+" "), "%s: the comment starts with the package name", dir)
		assert.Contains(t, text, "go generate ./...", "%s: the documentation says how to regenerate", dir)
		assert.Contains(t, text, "api/"+pkg+".cfg.yaml", "%s: the documentation names its configuration", dir)
	}
}
