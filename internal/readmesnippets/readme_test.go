package readmesnippets

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// importPaths are the packages a README block may use, by the name it
// uses them by.
var importPaths = map[string]string{
	"api":           "github.com/payspec/payspec/api",
	"client":        "github.com/payspec/payspec/client",
	"finzly":        "github.com/payspec/payspec/gen/finzly",
	"finzlyclient":  "github.com/payspec/payspec/client/finzlyclient",
	"finzlywebhook": "github.com/payspec/payspec/gen/finzlywebhook",
	"money":         "github.com/payspec/payspec/money",
	"redpin":        "github.com/payspec/payspec/gen/redpin",
	"redpinclient":  "github.com/payspec/payspec/client/redpinclient",
	"redpinwebhook": "github.com/payspec/payspec/gen/redpinwebhook",
	"rules":         "github.com/payspec/payspec/validate/rules",
	"sandbox":       "github.com/payspec/payspec/sandbox",
	"validate":      "github.com/payspec/payspec/validate",
	"openapi_types": "github.com/oapi-codegen/runtime/types",
	"assert":        "github.com/stretchr/testify/assert",
	"require":       "github.com/stretchr/testify/require",
	"context":       "context",
	"errors":        "errors",
	"fmt":           "fmt",
	"http":          "net/http",
	"httptest":      "net/http/httptest",
	"slog":          "log/slog",
	"testing":       "testing",
	"time":          "time",
}

// snippet is one ```go block of the README.
type snippet struct {
	line  int    // of the block's first line of code
	given string // the declarations it takes as given
	code  string
}

// goBlock is a ```go block with its givens, in a comment just before it
// ("<!-- go given:") or, where the text before a block must lead straight
// into it, just after it ("<!-- go given above:").
var goBlock = regexp.MustCompile("(?s)(?:<!-- go given:\n(.*?)-->\n)?```go\n(.*?)```\n(?:<!-- go given above:\n(.*?)-->\n)?")

// snippets finds the ```go blocks of a Markdown text.
func snippets(md string) []snippet {
	var out []snippet
	for _, m := range goBlock.FindAllStringSubmatchIndex(md, -1) {
		s := snippet{line: strings.Count(md[:m[4]], "\n") + 1, code: md[m[4]:m[5]]}
		if m[2] >= 0 {
			s.given = md[m[2]:m[3]]
		}
		if m[6] >= 0 {
			s.given += md[m[6]:m[7]]
		}
		out = append(out, s)
	}
	return out
}

// source writes a block as a Go file of package pkg: its givens, then the
// block as the body of a function, each name it declares at its top level
// used once more (a fragment need not use all it declares), and the
// packages its code and givens name imported.
func source(pkg string, s snippet) (string, error) {
	body := "package " + pkg + "\n\n" + s.given + "\nfunc snippet() {\n" + s.code + "}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "snippet.go", body, parser.AllErrors)
	if err != nil {
		return "", err
	}
	var names []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "snippet" {
			continue
		}
		for _, st := range fn.Body.List {
			if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
				for _, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" && !slices.Contains(names, id.Name) {
						names = append(names, id.Name)
					}
				}
			}
		}
	}
	var imports []string
	for _, id := range f.Unresolved {
		p, ok := importPaths[id.Name]
		if !ok {
			continue
		}
		spec := strconv.Quote(p)
		if path.Base(p) != id.Name {
			spec = id.Name + " " + spec
		}
		if !slices.Contains(imports, spec) {
			imports = append(imports, spec)
		}
	}
	slices.Sort(imports)
	var b strings.Builder
	b.WriteString("package " + pkg + "\n\nimport (\n")
	for _, spec := range imports {
		b.WriteString("\t" + spec + "\n")
	}
	b.WriteString(")\n\n" + s.given + "\nfunc snippet() {\n" + s.code)
	for _, n := range names {
		b.WriteString("\t_ = " + n + "\n")
	}
	b.WriteString("}\n")
	return b.String(), nil
}

// moduleRoot is the repository root, two directories up.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return root
}

// TestREADMEGoCompiles compiles every ```go block of README.md against the
// module as it is, in a module of its own that replaces this one by the
// working tree. Nothing is fetched: the modules come from the module
// cache, as the repository's own build left them.
func TestREADMEGoCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module of its own")
	}
	root := moduleRoot(t)
	md, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	blocks := snippets(string(md))
	require.GreaterOrEqual(t, len(blocks), 10, "the README shows Go")

	dir := t.TempDir()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	mod := regexp.MustCompile(`(?m)^module .*$`).ReplaceAllString(string(gomod), "module readme.example")
	mod += "\nrequire github.com/payspec/payspec v0.0.0-00010101000000-000000000000\n\nreplace github.com/payspec/payspec => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	for i, s := range blocks {
		pkg := fmt.Sprintf("block%02d", i+1)
		src, err := source(pkg, s)
		require.NoError(t, err, "README.md:%d: the block does not parse as a function body", s.line)
		require.NoError(t, os.Mkdir(filepath.Join(dir, pkg), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, pkg, "snippet.go"), []byte(src), 0o644))
	}
	cmd := exec.Command(goCommand(), "build", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	assert.NoError(t, err, "a Go block of README.md does not compile:\n%s", readmeLines(out.String(), blocks))
}

// readmeLines points the compiler's messages at README.md: blockNN/snippet.go:L:C
// becomes README.md:LINE (blockNN) with the line in the README.
func readmeLines(out string, blocks []snippet) string {
	re := regexp.MustCompile(`block(\d\d)/snippet\.go:(\d+):\d+`)
	return re.ReplaceAllStringFunc(out, func(m string) string {
		sub := re.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[1]) // "09" is nine, not octal
		line, _ := strconv.Atoi(sub[2])
		if n < 1 || n > len(blocks) {
			return m
		}
		s := blocks[n-1]
		// The file: package, blank, import block, blank, givens, blank,
		// func line, then the code.
		header := strings.Count(sourceHeader(s), "\n")
		return fmt.Sprintf("README.md:%d (block %d)", s.line+line-header-1, n)
	})
}

// sourceHeader is what source writes before a block's code.
func sourceHeader(s snippet) string {
	src, err := source("p", s)
	if err != nil {
		return ""
	}
	head, _, _ := strings.Cut(src, "func snippet() {\n")
	return head + "func snippet() {\n"
}

// goCommand finds the go command: from PATH, else the toolchain that built
// this test binary.
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// TestSourceCanFail shows the check can fail: a block that calls what does
// not exist is refused by the compiler, and the message points into the
// README.
func TestSourceCanFail(t *testing.T) {
	md := "x\n<!-- go given:\nvar ctx context.Context\n-->\n```go\nengine, err := validate.New(ctx)\n_ = engine.NoSuchMethod\n```\n"
	blocks := snippets(md)
	require.Len(t, blocks, 1)
	assert.Equal(t, 6, blocks[0].line)
	src, err := source("p", blocks[0])
	require.NoError(t, err)
	assert.Contains(t, src, "\t\"context\"\n\t\"github.com/payspec/payspec/validate\"\n")
	assert.Contains(t, src, "\t_ = engine\n\t_ = err\n")
	after := snippets("Runnable:\n\n```go\nfmt.Println(ctx)\n```\n<!-- go given above:\nvar ctx context.Context\n-->\n")
	require.Len(t, after, 1)
	assert.Equal(t, "var ctx context.Context\n", after[0].given, "givens after the block")

	blocks = append(make([]snippet, 8), blocks...) // the ninth block
	assert.Equal(t, "README.md:7 (block 9): engine.NoSuchMethod undefined",
		readmeLines("block09/snippet.go:"+fmt.Sprint(strings.Count(sourceHeader(blocks[8]), "\n")+2)+":6: engine.NoSuchMethod undefined", blocks))
}
