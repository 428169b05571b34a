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
		if strings.HasPrefix(b[1], "payloads:") || strings.Contains(b[1], "\npayloads:") {
			shown = append(shown, b[1])
		}
	}
	_, help, ok := strings.Cut(validateLong, "\n  payloads:")
	require.True(t, ok, "the help shows no manifest")
	help, _, _ = strings.Cut(help, "\n\n")
	shown = append(shown, "payloads:"+strings.ReplaceAll(help, "\n  ", "\n"))
	require.Len(t, shown, 2)
	e, err := sharedEngines.get(context.Background(), schemaOnly)
	require.NoError(t, err)
	for _, m := range shown {
		dir := tree(t, map[string]string{manifestName: m})
		got, err := loadManifest(e, dir, searchBound{dir: dir, name: "the test directory"})
		require.NoError(t, err, m)
		assert.GreaterOrEqual(t, len(got.entries), 3, m)
	}
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

// TestCLIManifestLinkOutOfTheRepository: a manifest, or the rules it
// names, that lies outside the repository through a link or a path is
// refused, saying which file and why, without reading it.
func TestCLIManifestLinkOutOfTheRepository(t *testing.T) {
	secret := "payloads:\n  - files: '**/*.json'\n    op: createQuote\n# SECRET-TOKEN-123\n"
	dir := tree(t, map[string]string{
		"outside/payspec.yaml":          secret,
		"outside/rules.yaml":            "severities: {SECRET-TOKEN-123: off}\n",
		"repo/.git/HEAD":                "ref: refs/heads/main\n",
		"repo/createQuote/q.json":       readExample(t, quoteValid),
		"repo/inside/payspec.yaml":      "payloads:\n  - files: '*.json'\n    op: createQuote\n    params: {customer_id: C}\n",
		"repo/inside/q.json":            readExample(t, quoteValid),
		"repo/rules/payspec.yaml":       "rules: ../../outside/rules.yaml\n",
		"repo/rules/createQuote/q.json": readExample(t, quoteValid),
	})
	repo := filepath.Join(dir, "repo")
	require.NoError(t, os.Symlink(filepath.Join(dir, "outside", "payspec.yaml"), filepath.Join(repo, "createQuote", manifestName)))
	r := runCLIIn(t, repo, "", "validate", "--param", "customer_id=C", "createQuote/q.json")
	assert.Equal(t, exitUsage, r.code, r.stdout)
	assert.Equal(t, "payspec: validate: createQuote/payspec.yaml leads outside the repository (.), through a link; "+
		"payspec reads manifests only from inside it\n", r.stderr)
	assert.NotContains(t, r.stderr, "SECRET")

	r = runCLIIn(t, repo, "", "validate", "--param", "customer_id=C", "rules/createQuote/q.json")
	assert.Equal(t, exitUsage, r.code, r.stdout)
	assert.Equal(t, "payspec: rules/payspec.yaml:1: rules: the configuration named leads outside the repository (.); "+
		"it must be a file inside it\n", r.stderr)
	assert.NotContains(t, r.stderr, "SECRET")

	// A link that stays inside the repository is followed.
	require.NoError(t, os.Remove(filepath.Join(repo, "createQuote", manifestName)))
	require.NoError(t, os.Symlink(filepath.Join("..", "inside", manifestName), filepath.Join(repo, "createQuote", manifestName)))
	r = runCLIIn(t, repo, "", "validate", "--today", today, "createQuote/q.json")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "✔ 1 file valid; manifest createQuote/payspec.yaml\n", r.stdout, "its globs are relative to where the link is")
}

// TestCLIManifestValuesAreNotEchoed: every mistake of a manifest is
// located and named, but no message repeats what the file holds (a
// manifest from a pull request could be made to print anything).
func TestCLIManifestValuesAreNotEchoed(t *testing.T) {
	e, err := sharedEngines.get(context.Background(), schemaOnly)
	require.NoError(t, err)
	for name, content := range map[string]string{
		"values": "payloads:\n" +
			"  - files: '[SECRET'\n    op: SECRETop\n" +
			"  - files: '*.json'\n    op: createQuote\n    params: {SECRETparam: x}\n    headers: {'SECRET header': x}\n" +
			"  - files: '*.json'\n    response: SECRETstatus\n    SECRETkey: 1\n" +
			"rules: [SECRETlist]\n",
		"a scalar":      "root:SECRET$6$hash:19000:0:99999:7:::\n",
		"a list":        "- SECRET\n",
		"a bad key":     "SECRETkey: 1\n",
		"a duplicate":   "payloads: []\npayloads: [SECRET]\n",
		"a bad anchor":  "payloads: *SECRET\n",
		"a syntax slip": "payloads:\n  - files: 'SECRET\n",
	} {
		dir := tree(t, map[string]string{manifestName: content})
		_, err := loadManifest(e, dir, searchBound{dir: dir, name: "the test directory"})
		require.Error(t, err, name)
		lines := errorLines(err)
		require.NotEmpty(t, lines, name)
		for _, line := range lines {
			assert.NotContains(t, line, "SECRET", name)
			assert.Regexp(t, `payspec\.yaml:\d+: \S`, line, name)
		}
	}
}

// TestCLIManifestSearchStopsAtTheWorkingDirectory: outside a repository a
// manifest above the working directory (one planted in a shared directory)
// is not read; one beside a document named outside the working directory
// is.
func TestCLIManifestSearchStopsAtTheWorkingDirectory(t *testing.T) {
	planted := "payloads:\n  - files: '**/*.json'\n    op: createQuote\n"
	dir := tree(t, map[string]string{
		manifestName:                  planted,
		"work/x.json":                 readExample(t, quoteValid),
		"other/" + manifestName:       planted + "    params: {customer_id: C}\n",
		"other/y.json":                readExample(t, quoteValid),
		"work/sub/createQuote/z.json": readExample(t, quoteValid),
		"work/sub/" + manifestName:    "payloads:\n  - files: '**/*.json'\n    params: {customer_id: C}\n",
	})
	work := filepath.Join(dir, "work")
	r := runCLIIn(t, work, "", "validate", "x.json")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "no operation for x.json", "the manifest above the working directory is not read")

	r = runCLIIn(t, work, "", "validate", "--today", today, filepath.Join("..", "other", "y.json"), "sub")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "✔ 2 files valid; manifests "+filepath.Join(dir, "other", manifestName)+", sub/payspec.yaml\n", r.stdout,
		"a document outside the working directory: the manifest beside it")

	r = runCLIIn(t, dir, "", "validate", "--param", "customer_id=C", "--today", today, "work/x.json")
	assert.Equal(t, exitOK, r.code, "from the directory above, its manifest applies: %s", r.stderr)
	assert.Equal(t, "✔ 1 file valid; manifest payspec.yaml\n", r.stdout)
}

// TestCLIManifestNamesTheRules: a manifest's rules configuration judges
// the documents below it, unless --rules-config or --no-rules says
// otherwise; the report names the manifest.
func TestCLIManifestNamesTheRules(t *testing.T) {
	payment := readExample(t, "examples/finzly/createCreditPaymentV4/valid-fedwire.json") // dated 03-15-2030
	dir := tree(t, map[string]string{
		manifestName:                         "rules: bank/rules.yaml\n",
		"bank/rules.yaml":                    "calendar:\n  closed: [2030-03-15]\n",
		"createCreditPaymentV4/payment.json": payment,
		"off.yaml":                           "severities: {DATE_NOT_BUSINESS_DAY: off}\n",
	})
	file := filepath.Join(dir, "createCreditPaymentV4", "payment.json")
	r := runCLI(t, "", "validate", "--today", today, file)
	assert.Equal(t, exitOK, r.code, "named alone, outside the working directory: only its own directory is searched")
	r = runCLI(t, "", "validate", "--today", today, dir)
	assert.Equal(t, exitInvalid, r.code, r.stderr)
	assert.Contains(t, r.stdout, "/paymentDate error DATE_NOT_BUSINESS_DAY")
	assert.Contains(t, r.stdout, "; manifest "+filepath.Join(dir, manifestName)+"\n")

	r = runCLI(t, "", "validate", "--today", today, "--format", "json", dir)
	assert.Contains(t, r.stdout, `"manifest":"`+filepath.Join(dir, manifestName)+`"`)

	r = runCLI(t, "", "validate", "--today", today, "--no-rules", dir)
	assert.Equal(t, exitOK, r.code, "--no-rules wins: %s", r.stdout)
	r = runCLI(t, "", "validate", "--today", today, "--rules-config", filepath.Join(dir, "off.yaml"), dir)
	assert.Equal(t, exitOK, r.code, "--rules-config wins: %s", r.stdout)
	assert.Equal(t, "✔ 1 file valid\n", r.stdout)

	bad := tree(t, map[string]string{manifestName: "rules: none.yaml\n", "createQuote/q.json": "{}"})
	r = runCLI(t, "", "validate", bad)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "cannot read rules configuration "+filepath.Join(bad, "none.yaml"))
}
