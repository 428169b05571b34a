package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

// runCLIIn runs the binary in dir.
func runCLIIn(t *testing.T, dir, stdin string, args ...string) cliResult {
	t.Helper()
	return execCLI(t, dir, strings.NewReader(stdin), time.Minute, args...)
}

// manyReportOf decodes the json format's report of several documents into
// file → operation and validity.
func manyReportOf(t *testing.T, stdout string) map[string]string {
	t.Helper()
	var rep struct {
		Files []struct {
			Source    struct{ File string }
			Operation string
			Response  int
			Valid     bool
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), stdout)
	out := map[string]string{}
	for _, f := range rep.Files {
		v := f.Operation
		if f.Response != 0 {
			v += " response"
		}
		if !f.Valid {
			v += " invalid"
		}
		out[filepath.ToSlash(f.Source.File)] = v
	}
	return out
}

func TestCLIOperationFromContext(t *testing.T) {
	quote := readExample(t, quoteValid)
	dir := tree(t, map[string]string{
		"payspec.yaml": "payloads:\n" +
			"  - files: special/*.json\n    op: createQuote\n    params: {customer_id: CUST-1}\n" +
			"  - files: '**/*.json'\n    params: {customer_id: CUST-1}\n",
		"createQuote/q.json":                       quote,                   // the directory names it; the manifest adds the parameter
		"special/s.json":                           quote,                   // the first matching entry names it
		"nested/createCreditPaymentV4/deep/x.json": readExample(t, v4Valid), // the nearest directory named after an operation
	})
	r := runCLIIn(t, dir, "", "validate", "--today", today, "--format", "json", ".")
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	assert.Equal(t, map[string]string{
		"createQuote/q.json":                       "createQuote",
		"special/s.json":                           "createQuote",
		"nested/createCreditPaymentV4/deep/x.json": "createCreditPaymentV4",
	}, manyReportOf(t, r.stdout))

	// --op overrides everything, the manifest included.
	r = runCLIIn(t, dir, "", "validate", "--today", today, "--op", "createQuote", "special/s.json")
	assert.Equal(t, exitInvalid, r.code, "without the manifest's customer_id")
	assert.Contains(t, r.stdout, "/path/customer_id error REQUIRED")
}

func TestCLIManifestStopsAtTheRepositoryTop(t *testing.T) {
	dir := tree(t, map[string]string{
		"payspec.yaml":   "payloads:\n  - files: '**/*.json'\n    op: createQuote\n",
		"repo/.git/HEAD": "ref: refs/heads/main\n",
		"repo/x.json":    "{}",
		"other/y.json":   "{}",
	})
	r := runCLIIn(t, dir, "", "validate", "repo/x.json")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "no operation for repo/x.json", "the manifest above the repository is not read")
	r = runCLIIn(t, dir, "", "validate", "--param", "customer_id=C", "other/y.json")
	assert.Equal(t, exitInvalid, r.code, "outside the repository the manifest applies: %s", r.stderr)
}

func TestCLIManifestIsBoundedAndRegular(t *testing.T) {
	dir := tree(t, map[string]string{"createQuote/q.json": "{}"})
	require.NoError(t, os.Mkdir(filepath.Join(dir, "createQuote", manifestName), 0o755))
	r := runCLIIn(t, dir, "", "validate", "createQuote/q.json")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "is not a regular file")

	big := tree(t, map[string]string{"createQuote/q.json": "{}"})
	f, err := os.Create(filepath.Join(big, manifestName))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(1<<30)) // sparse: no disk used
	require.NoError(t, f.Close())
	r = runCLIIn(t, big, "", "validate", "createQuote/q.json")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "larger than")
}

// TestDocumentedManifestsLoad keeps the manifests shown in the README and
// in payspec validate --help ones payspec accepts.
func TestDocumentedManifestsLoad(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(moduleRoot(t), "README.md"))
	require.NoError(t, err)
	var shown []string
	for _, b := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(readme), -1) {
		if strings.HasPrefix(b[1], "payloads:") {
			shown = append(shown, b[1])
		}
	}
	_, help, ok := strings.Cut(validateLong, "\n  payloads:")
	require.True(t, ok, "the help shows no manifest")
	help, _, _ = strings.Cut(help, "\n\n")
	shown = append(shown, "payloads:"+strings.ReplaceAll(help, "\n  ", "\n"))
	require.Len(t, shown, 2)
	e, err := newTestEngine()
	require.NoError(t, err)
	for _, m := range shown {
		dir := tree(t, map[string]string{manifestName: m})
		got, err := loadManifest(e, dir)
		require.NoError(t, err, m)
		assert.GreaterOrEqual(t, len(got.entries), 3, m)
	}
}

func newTestEngine() (*validate.Engine, error) {
	return validate.New(context.Background(), validate.WithoutRules())
}

// TestCLIAtATerminal runs payspec in a pseudo-terminal (through script(1)):
// the text is coloured unless NO_COLOR is set, and judging more than a few
// hundred files shows progress on standard error.
func TestCLIAtATerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed")
	}
	files := map[string]string{manifestName: "payloads:\n  - files: '**/*.json'\n    params: {customer_id: CUST-1}\n"}
	quote := readExample(t, quoteValid)
	for i := range progressThreshold + 50 {
		files["createQuote/q"+strconv.Itoa(i)+".json"] = quote
	}
	dir := tree(t, files)
	atTerminal := func(noColor bool) string {
		cmd := exec.Command(script, "-q", "-e", "-c", cliBinary(t)+" validate --today "+today+" .", "/dev/null")
		cmd.Dir = dir
		cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "NO_COLOR=") })
		if noColor {
			cmd.Env = append(cmd.Env, "NO_COLOR=1")
		}
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	out := atTerminal(false)
	assert.Contains(t, out, "\x1b[32m\x1b[1m✔ 250 files valid\x1b[0m", "coloured at a terminal")
	assert.Contains(t, out, "judged 250 of 250 files", "progress for more than a few hundred files")
	out = atTerminal(true)
	assert.Contains(t, out, "✔ 250 files valid")
	assert.NotContains(t, out, "\x1b[32m", "NO_COLOR turns colour off")
}
