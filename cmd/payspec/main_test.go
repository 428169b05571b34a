package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/validate"
)

// Most of these tests run the command as a user would, in this process:
// run with arguments and standard input, in the module root (TestMain
// moves there, so that paths read as they do in examples/README.md), judged
// by exit status, standard output and standard error. Engines are built
// once per configuration and shared, as building one costs far more than
// judging a document. The tests of what only a process shows (signals, a
// terminal, another working directory, devices) run the binary, built on
// first use.

// pkgDir is this package's directory, from the module root.
const pkgDir = "cmd/payspec"

func TestMain(m *testing.M) {
	os.Exit(chdirAndRun(m))
}

func chdirAndRun(m *testing.M) int {
	if err := os.Chdir(filepath.Join("..", "..")); err != nil {
		fmt.Fprintln(os.Stderr, "moving to the module root:", err)
		return 1
	}
	defer func() {
		if built.dir != "" {
			os.RemoveAll(built.dir)
		}
	}()
	return m.Run()
}

// built is the binary of the process tests, built once by cliBinary.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// cliBinary builds the payspec binary on first use and returns its path.
func cliBinary(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "payspec-cli-test-")
		if built.err != nil {
			return
		}
		name := "payspec"
		if runtime.GOOS == "windows" {
			name += ".exe"
		}
		built.path = filepath.Join(built.dir, name)
		// Without version control stamping, so that --version and the
		// SARIF tool version are the same in every checkout.
		cmd := exec.Command(goCommand(), "build", "-buildvcs=false", "-o", built.path, "./"+pkgDir)
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, built.err)
	return built.path
}

// goCommand finds the go command: from PATH, else the toolchain that built
// this test binary.
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// moduleRoot is the directory the tests run in.
func moduleRoot(t testing.TB) string {
	t.Helper()
	root, err := os.Getwd()
	require.NoError(t, err)
	return root
}

// cliResult is what one run of the command produced.
type cliResult struct {
	code   int
	stdout string
	stderr string
}

// runCLI runs the command in this process with args and stdin, in the
// module root.
func runCLI(t testing.TB, stdin string, args ...string) cliResult {
	t.Helper()
	return runInProcess(t, strings.NewReader(stdin), args...)
}

// runInProcess runs the command in this process, as the binary would with
// the same arguments and standard input, sharing engines with other runs.
func runInProcess(t testing.TB, stdin io.Reader, args ...string) cliResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := &app{stdin: stdin, stdout: &stdout, stderr: &stderr, terminal: func(io.Writer) bool { return false },
		getenv: func(string) string { return "" }, newEngine: sharedEngines.get, examples: sharedExamples.get}
	code := a.execute(context.Background(), args)
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// sharedEngines builds each engine spec once for all the tests.
var sharedEngines = &engineCache{m: map[engineSpec]*cachedEngine{}}

type engineCache struct {
	mu sync.Mutex
	m  map[engineSpec]*cachedEngine
}

type cachedEngine struct {
	once sync.Once
	e    *validate.Engine
	err  error
}

func (c *engineCache) get(ctx context.Context, s engineSpec) (*validate.Engine, error) {
	c.mu.Lock()
	ce := c.m[s]
	if ce == nil {
		ce = &cachedEngine{}
		c.m[s] = ce
	}
	c.mu.Unlock()
	ce.once.Do(func() { ce.e, ce.err = buildEngine(ctx, s) })
	return ce.e, ce.err
}

// sharedExamples reads the specs' example bodies once for all the tests.
var sharedExamples = &examplesOnce{}

type examplesOnce struct {
	once sync.Once
	cat  []exampleBody
	err  error
}

func (c *examplesOnce) get(e *validate.Engine) ([]exampleBody, error) {
	c.once.Do(func() { c.cat, c.err = loadExamples(e) })
	return c.cat, c.err
}

// runBinary runs the built binary in the module root.
func runBinary(t testing.TB, stdin string, args ...string) cliResult {
	t.Helper()
	return execCLI(t, moduleRoot(t), strings.NewReader(stdin), 2*time.Minute, args...)
}

// execCLI runs the binary in dir and fails the test if it has not finished
// within timeout (an unbounded read would not end).
func execCLI(t testing.TB, dir string, stdin io.Reader, timeout time.Duration, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cliBinary(t), args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	require.NoError(t, ctx.Err(), "payspec %v did not finish", args)
	code := 0
	if err != nil {
		var ee *exec.ExitError
		require.Truef(t, errors.As(err, &ee), "running payspec %v: %v", args, err)
		code = ee.ExitCode()
	}
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// readExample returns an example file's content.
func readExample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot(t), filepath.FromSlash(rel)))
	require.NoError(t, err)
	return string(b)
}

// withMember adds a top-level member to a JSON object.
func withMember(t *testing.T, object, member string) string {
	t.Helper()
	s := strings.TrimSpace(object)
	require.True(t, strings.HasPrefix(s, "{"), "not an object")
	return "{" + member + "," + s[1:]
}

// cliProblem is one problem of the JSON report.
type cliProblem struct {
	Pointer  string `json:"pointer"`
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// decodeReport checks that stdout holds exactly one JSON object, the
// report of one document: the members valid, counts and files, one file,
// each problem having exactly the members pointer, code, severity,
// message, line and column (and detail, optionally). It returns the
// verdict and the problems.
func decodeReport(t *testing.T, stdout string) (bool, []cliProblem) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	var raw map[string]json.RawMessage
	require.NoError(t, dec.Decode(&raw), "stdout is not a JSON object: %q", stdout)
	var extra any
	require.ErrorIs(t, dec.Decode(&extra), io.EOF, "stdout holds more than one JSON value")
	assert.ElementsMatch(t, []string{"valid", "counts", "files"}, keys(raw))
	var valid bool
	require.NoError(t, json.Unmarshal(raw["valid"], &valid), "valid is not a boolean")
	var files []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw["files"], &files), "files is not a list of objects")
	require.Len(t, files, 1, "the report of one document")
	var fileValid bool
	require.NoError(t, json.Unmarshal(files[0]["valid"], &fileValid))
	assert.Equal(t, valid, fileValid, "the run's verdict is its document's")

	var items []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(files[0]["problems"], &items), "problems is not an array of objects")
	require.NotNil(t, items, "problems must be an array, not null")
	problems := make([]cliProblem, len(items))
	want := []string{"pointer", "code", "severity", "message", "line", "column"}
	for i, item := range items {
		if _, ok := item["detail"]; ok {
			assert.ElementsMatch(t, append(want, "detail"), keys(item), "problem %d", i)
		} else {
			assert.ElementsMatch(t, want, keys(item), "problem %d", i)
		}
		require.NoError(t, json.Unmarshal(files[0]["problems"], &problems))
		assert.Contains(t, []string{"error", "warning", "info"}, problems[i].Severity, "problem %d", i)
		assert.NotEmpty(t, problems[i].Code, "problem %d", i)
		assert.NotEmpty(t, problems[i].Message, "problem %d", i)
		assert.Positive(t, problems[i].Line, "problem %d", i)
		assert.Positive(t, problems[i].Column, "problem %d", i)
	}
	return valid, problems
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// textLines splits text output into lines, requiring a final newline.
func textLines(t *testing.T, stdout string) []string {
	t.Helper()
	require.True(t, strings.HasSuffix(stdout, "\n"), "output does not end with a newline: %q", stdout)
	return strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
}

// problemLine is one problem line of the text format.
var problemLine = regexp.MustCompile(`^(\S+):(\d+):(\d+) ("")?(\S*) (error|warning|info) ([A-Z][A-Z0-9_]+) (.+)$`)

// assertProblemLines checks that every text line but the last is a problem,
// FILE:LINE:COL POINTER SEVERITY CODE MESSAGE (the root pointer written
// ""), and that the last is the summary. It returns the problem lines.
func assertProblemLines(t *testing.T, stdout string) []string {
	t.Helper()
	lines := textLines(t, stdout)
	require.NotEmpty(t, lines)
	summary := lines[len(lines)-1]
	assert.Regexp(t, `^(✖|✔) `, summary, "the last line is the summary")
	lines = lines[:len(lines)-1]
	for _, line := range lines {
		m := problemLine.FindStringSubmatch(line)
		require.NotNilf(t, m, "line %q is not FILE:LINE:COL POINTER SEVERITY CODE MESSAGE", line)
		ptr := m[5]
		assert.Truef(t, m[4] == `""` && ptr == "" || strings.HasPrefix(ptr, "/"), "line %q does not have a pointer", line)
	}
	return lines
}

// withoutLocation drops the FILE:LINE:COL of a problem line.
func withoutLocation(line string) string {
	_, rest, _ := strings.Cut(line, " ")
	return rest
}

// hasProblem reports whether ps holds a problem at ptr with code and severity.
func hasProblem(ps []cliProblem, ptr, code, severity string) bool {
	for _, p := range ps {
		if p.Pointer == ptr && p.Code == code && p.Severity == severity {
			return true
		}
	}
	return false
}

// v4ResponseExample is the spec's own example of V4PaymentResponse, the
// 200 body of createCreditPaymentV4, with numbers as written in the spec.
func v4ResponseExample(t *testing.T) string {
	t.Helper()
	for _, ex := range spectest.Examples(t, api.ProviderFinzly) {
		if ex.Kind == spectest.KindSchema && ex.Schema == "V4PaymentResponse" {
			return string(ex.JSON)
		}
	}
	t.Fatal("the Finzly spec has no V4PaymentResponse example")
	return ""
}

const (
	v4Dir         = "examples/finzly/createCreditPaymentV4/"
	v4Valid       = v4Dir + "valid-rtp.json"
	v4Invalid     = v4Dir + "invalid-types-and-lengths.json"
	quoteValid    = "examples/redpin/createQuote/valid.json"
	quoteInvalid  = "examples/redpin/createQuote/invalid.json"
	cliCustomerID = "customer_id=CUST-0048213"
	validKey      = "123e4567-e89b-12d3-a456-426614174000"
)

func TestCLIValidate(t *testing.T) {
	warned := withMember(t, readExample(t, v4Valid), `"memo":"quarterly claim batch"`)
	response200 := v4ResponseExample(t)

	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
		check func(t *testing.T, r cliResult)
	}{
		{
			name: "valid example prints valid",
			args: []string{"validate", "--op", "createCreditPaymentV4", v4Valid},
			code: exitOK,
			check: func(t *testing.T, r cliResult) {
				assert.Equal(t, "✔ 1 file valid\n", r.stdout)
			},
		},
		{
			name: "valid example as JSON",
			args: []string{"validate", "--op", "createCreditPaymentV4", "--format", "json", v4Dir + "valid-fedwire.json"},
			code: exitOK,
			check: func(t *testing.T, r cliResult) {
				valid, ps := decodeReport(t, r.stdout)
				assert.True(t, valid)
				assert.Empty(t, ps)
			},
		},
		{
			name: "invalid example as JSON is one object",
			args: []string{"validate", "--op", "createCreditPaymentV4", "--format", "json", v4Invalid},
			code: exitInvalid,
			check: func(t *testing.T, r cliResult) {
				valid, ps := decodeReport(t, r.stdout)
				assert.False(t, valid)
				assert.GreaterOrEqual(t, len(ps), 2)
				assert.True(t, hasProblem(ps, "/paymentAmount", "TYPE", "error"))
				assert.True(t, hasProblem(ps, "/paymentNotes", "MAX_LENGTH", "error"))
			},
		},
		{
			name: "invalid example as text puts the pointer first",
			args: []string{"validate", "--op", "createCreditPaymentV4", v4Dir + "invalid-missing-fields.json"},
			code: exitInvalid,
			check: func(t *testing.T, r cliResult) {
				lines := assertProblemLines(t, r.stdout)
				assert.Contains(t, lines, v4Dir+"invalid-missing-fields.json:1:1 /paymentCurrency error REQUIRED is required",
					"a missing member is placed at its object")
				assert.Contains(t, lines, v4Dir+"invalid-missing-fields.json:14:5 /receiver/bank/bankIdType error REQUIRED is required")
			},
		},
		{
			name:  "the root pointer is written as two quotes",
			stdin: `[]`,
			args:  []string{"validate", "--op", "createCreditPaymentV4", "-"},
			code:  exitInvalid,
			check: func(t *testing.T, r cliResult) {
				lines := assertProblemLines(t, r.stdout)
				require.Len(t, lines, 2)
				assert.True(t, strings.HasPrefix(lines[0], `<stdin>:1:1 "" error TYPE `), lines[0])
				assert.True(t, strings.HasPrefix(lines[1], `<stdin>:1:1 "" info RULES_SKIPPED `), lines[1])
			},
		},
		{
			name:  "standard input",
			stdin: readExample(t, v4Dir+"valid-ach-sender-in-crm.json"),
			args:  []string{"validate", "--op", "createCreditPaymentV4", "-"},
			code:  exitOK,
			check: func(t *testing.T, r cliResult) {
				assert.Equal(t, "✔ 1 file valid\n", r.stdout)
			},
		},
		{
			name:  "invalid standard input",
			stdin: readExample(t, v4Dir+"invalid-ambiguous.json"),
			args:  []string{"validate", "--op", "createCreditPaymentV4", "--format", "json", "-"},
			code:  exitInvalid,
			check: func(t *testing.T, r cliResult) {
				valid, ps := decodeReport(t, r.stdout)
				assert.False(t, valid)
				assert.True(t, hasProblem(ps, "/PaymentAmount", "AMBIGUOUS_KEY_CASE", "error"))
			},
		},
		{
			name:  "warnings only exit 0",
			stdin: warned,
			args:  []string{"validate", "--op", "createCreditPaymentV4", "-"},
			code:  exitOK,
			check: func(t *testing.T, r cliResult) {
				lines := assertProblemLines(t, r.stdout)
				require.Len(t, lines, 1)
				assert.True(t, strings.HasPrefix(lines[0], "<stdin>:1:2 /memo warning UNKNOWN_PROPERTY "), lines[0])
				assert.Equal(t, "✔ 1 file valid (1 warning in 1 file)", textLines(t, r.stdout)[1])
			},
		},
		{
			name:  "warnings only as JSON are valid",
			stdin: warned,
			args:  []string{"validate", "--op", "createCreditPaymentV4", "--format", "json", "-"},
			code:  exitOK,
			check: func(t *testing.T, r cliResult) {
				valid, ps := decodeReport(t, r.stdout)
				assert.True(t, valid)
				require.Len(t, ps, 1)
				assert.True(t, hasProblem(ps, "/memo", "UNKNOWN_PROPERTY", "warning"))
			},
		},
		{
			name:  "strict turns the warning into an error",
			stdin: warned,
			args:  []string{"validate", "--op", "createCreditPaymentV4", "--strict", "--format", "json", "-"},
			code:  exitInvalid,
			check: func(t *testing.T, r cliResult) {
				valid, ps := decodeReport(t, r.stdout)
				assert.False(t, valid)
				require.Len(t, ps, 1)
				assert.True(t, hasProblem(ps, "/memo", "UNKNOWN_PROPERTY", "error"))
			},
		},
		{
			name: "strict leaves a valid example valid",
			args: []string{"validate", "--op", "createCreditPaymentV4", "--strict", v4Dir + "valid-fedwire.json"},
			code: exitOK,
			check: func(t *testing.T, r cliResult) {
				assert.Equal(t, "✔ 1 file valid\n", r.stdout)
			},
		},
		{
			name:  "response 200 with the spec's example",
			stdin: response200,
			args:  []string{"validate", "--op", "createCreditPaymentV4", "--response", "200", "-"},
			code:  exitOK,
			check: func(t *testing.T, r cliResult) {
				assert.Equal(t, "✔ 1 file valid\n", r.stdout)
			},
		},
		{
			name:  "response 200 with a wrong body",
			stdin: `{"data":{"paymentUID":12930,"paymentStatus":"INITIATED"},"errors":"none"}`,
			args:  []string{"validate", "--op", "createCreditPaymentV4", "--response", "200", "--format", "json", "-"},
			code:  exitInvalid,
			check: func(t *testing.T, r cliResult) {
				valid, ps := decodeReport(t, r.stdout)
				assert.False(t, valid)
				assert.True(t, hasProblem(ps, "/data/paymentUID", "TYPE", "error"))
				assert.True(t, hasProblem(ps, "/errors", "TYPE", "error"))
			},
		},
		{
			name:  "response with an undeclared status",
			stdin: response200,
			// createCreditPaymentV4 declares a default answer, which takes
			// any status; the waterfall operation declares none.
			args: []string{"validate", "--op", "createWaterfallTransfer", "--response", "299", "--format", "json", "-"},
			code: exitInvalid,
			check: func(t *testing.T, r cliResult) {
				valid, ps := decodeReport(t, r.stdout)
				assert.False(t, valid)
				require.Len(t, ps, 1)
				assert.True(t, hasProblem(ps, "", "UNDECLARED_STATUS", "error"))
			},
		},
		{
			name: "Redpin path parameter",
			args: []string{"validate", "--op", "createQuote", "--param", cliCustomerID, quoteValid},
			code: exitOK,
			check: func(t *testing.T, r cliResult) {
				assert.Equal(t, "✔ 1 file valid\n", r.stdout)
			},
		},
		{
			name: "Redpin invalid example",
			args: []string{"validate", "--op", "createPayment", "--param", cliCustomerID, "--format", "json",
				"examples/redpin/createPayment/invalid.json"},
			code: exitInvalid,
			check: func(t *testing.T, r cliResult) {
				valid, ps := decodeReport(t, r.stdout)
				assert.False(t, valid)
				assert.True(t, hasProblem(ps, "/amount/value", "TYPE", "error"))
				for _, p := range ps {
					assert.False(t, strings.HasPrefix(p.Pointer, "/path/"), "customer_id was given: %+v", p)
				}
			},
		},
		{
			name: "Redpin without its path parameter",
			args: []string{"validate", "--op", "createQuote", quoteValid},
			code: exitInvalid,
			check: func(t *testing.T, r cliResult) {
				assert.Equal(t, quoteValid+":1:1 /path/customer_id error REQUIRED is required\n✖ 1 problem (1 error) in 1 file\n", r.stdout)
			},
		},
		{
			name: "Redpin query parameter",
			args: []string{"validate", "--op", "getBankTransferInstructions", "--param", cliCustomerID,
				"--param", "payment_id=PAY-1", "--param", "from_country=gbr", "--format", "json", "-"},
			code: exitInvalid,
			check: func(t *testing.T, r cliResult) {
				_, ps := decodeReport(t, r.stdout)
				require.Len(t, ps, 1)
				assert.True(t, hasProblem(ps, "/query/from_country", "PATTERN", "error"))
			},
		},
		{
			name: "Idempotent-Key that is a UUID",
			args: []string{"validate", "--op", "createCreditPaymentV4", "--header", "Idempotent-Key: " + validKey, v4Valid},
			code: exitOK,
			check: func(t *testing.T, r cliResult) {
				assert.Equal(t, "✔ 1 file valid\n", r.stdout)
			},
		},
		{
			name: "Idempotent-Key that is not a UUID",
			args: []string{"validate", "--op", "createCreditPaymentV4", "--header", "Idempotent-Key: not-a-uuid",
				"--format", "json", v4Valid},
			code: exitInvalid,
			check: func(t *testing.T, r cliResult) {
				valid, ps := decodeReport(t, r.stdout)
				assert.False(t, valid)
				require.Len(t, ps, 1)
				assert.Equal(t, "/header/Idempotent-Key", ps[0].Pointer)
				assert.Equal(t, "error", ps[0].Severity)
			},
		},
		{
			name: "Content-Type header is checked",
			args: []string{"validate", "--op", "createCreditPaymentV4", "--header", "Content-Type: text/plain", v4Valid},
			code: exitInvalid,
			check: func(t *testing.T, r cliResult) {
				assert.Equal(t, v4Valid+":1:1 /header/Content-Type error UNSUPPORTED_MEDIA_TYPE must be application/json\n"+
					"✖ 1 problem (1 error) in 1 file\n", r.stdout)
			},
		},
		{
			name: "a valid date for --today",
			args: []string{"validate", "--op", "createBookTransfer", "--today", "2027-02-28", "examples/finzly/createBookTransfer/valid.json"},
			code: exitOK,
			check: func(t *testing.T, r cliResult) {
				assert.Equal(t, "✔ 1 file valid\n", r.stdout)
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, c.stdin, c.args...)
			require.Equalf(t, c.code, r.code, "exit status; stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			assert.Empty(t, r.stderr)
			if c.check != nil {
				c.check(t, r)
			}
		})
	}
}

// TestCLIExamples runs every example under examples/ through the binary:
// valid ones exit 0 with no problem at all, invalid ones exit 1.
func TestCLIExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(moduleRoot(t), "examples", "*", "*", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		rel, err := filepath.Rel(moduleRoot(t), file)
		require.NoError(t, err)
		rel = filepath.ToSlash(rel)
		parts := strings.Split(rel, "/") // examples/<provider>/<operationId>/<name>.json
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			args := []string{"validate", "--op", parts[2], "--format", "json"}
			own := cliExampleArgs[parts[2]]
			for _, name := range cliPathParams(t, parts[2]) {
				if !slices.ContainsFunc(own, func(a string) bool { return strings.HasPrefix(a, name+"=") }) {
					args = append(args, "--param", name+"="+cliParamValues[name])
				}
			}
			args = append(args, own...)
			r := runCLI(t, "", append(args, rel)...)
			assert.Empty(t, r.stderr)
			valid, ps := decodeReport(t, r.stdout)
			switch {
			case strings.HasPrefix(parts[3], "valid"):
				assert.Equal(t, exitOK, r.code)
				assert.True(t, valid)
				assert.Empty(t, ps)
			case strings.HasPrefix(parts[3], "warning-"):
				assert.Equal(t, exitOK, r.code)
				assert.True(t, valid)
				require.NotEmpty(t, ps)
				for _, p := range ps {
					assert.Equal(t, "warning", p.Severity)
				}
			default:
				assert.Equal(t, exitInvalid, r.code)
				assert.False(t, valid)
				assert.NotEmpty(t, ps)
			}
		})
	}
}

// cliParamValues are the path parameter values the examples are validated
// with.
var cliParamValues = map[string]string{"customer_id": "CUST-0048213", "recipient_id": "1668758"}

// cliPathParams lists the path parameters the operation declares.
func cliPathParams(t *testing.T, opID string) []string {
	t.Helper()
	e, err := sharedEngines.get(context.Background(), schemaOnly)
	require.NoError(t, err)
	op, ok := e.Operation(opID)
	require.True(t, ok, opID)
	var out []string
	for _, p := range op.Parameters {
		if p.In == "path" {
			out = append(out, p.Name)
		}
	}
	return out
}

// TestCLITextAndJSONAgree checks that the text lines are the JSON problems,
// in the same order, each line starting with its problem's pointer.
func TestCLITextAndJSONAgree(t *testing.T) {
	for _, c := range []struct{ op, file string }{
		{"createCreditPaymentV4", v4Invalid},
		{"createCreditPaymentV3", "examples/finzly/createCreditPaymentV3/invalid.json"},
		{"createBookTransfer", "examples/finzly/createBookTransfer/invalid.json"},
		{"createQuote", quoteInvalid},
	} {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			args := []string{"validate", "--op", c.op, c.file}
			if strings.Contains(c.file, "/redpin/") {
				args = append(args[:3], "--param", cliCustomerID, c.file)
			}
			text := runCLI(t, "", args...)
			js := runCLI(t, "", append([]string{"validate", "--format", "json"}, args[1:]...)...)
			require.Equal(t, exitInvalid, text.code)
			require.Equal(t, exitInvalid, js.code)
			_, ps := decodeReport(t, js.stdout)
			lines := assertProblemLines(t, text.stdout)
			require.Len(t, lines, len(ps))
			for i, p := range ps {
				ptr := p.Pointer
				if ptr == "" {
					ptr = `""`
				}
				assert.True(t, strings.HasPrefix(lines[i], c.file+":"), lines[i])
				assert.Equal(t, ptr+" "+p.Severity+" "+p.Code+" "+p.Message, withoutLocation(lines[i]))
			}
		})
	}
}

// TestCLIUsageErrors covers exit status 2: a one-line message on standard
// error and nothing on standard output.
func TestCLIUsageErrors(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		stdin string
		want  string // substring of the message
	}{
		{"unknown op", []string{"validate", "--op", "createCreditPaymentV6", v4Valid}, "",
			`unknown operation "createCreditPaymentV6" (did you mean`},
		{"unknown op in another case", []string{"validate", "--op", "getpayment"}, "", "(did you mean getPayment?)"},
		{"unknown op far from any", []string{"validate", "--op", "refund", v4Valid}, "", "see payspec ops"},
		{"missing file", []string{"validate", "--op", "createCreditPaymentV4", "examples/no-such-file.json"}, "", "examples/no-such-file.json"},
		{"glob matching nothing", []string{"validate", "--op", "createCreditPaymentV4", "examples/*.xml"}, "", "no file matches examples/*.xml"},
		{"directory without documents", []string{"validate", "--op", "createCreditPaymentV4", "api"}, "", "api holds no .json files"},
		{"standard input twice", []string{"validate", "--op", "createCreditPaymentV4", "-", "-"}, "", "only once"},
		{"standard input without --op", []string{"validate", "-"}, "", "standard input needs --op"},
		{"no input for an operation with a body", []string{"validate", "--op", "createCreditPaymentV4"}, "", "createCreditPaymentV4 takes a request body"},
		{"nothing at all", []string{"validate"}, "", "name the documents to judge"},
		{"no operation from context", []string{"validate", "README.md"}, "", "no operation for README.md"},
		{"impossible --today", []string{"validate", "--op", "createCreditPaymentV4", "--today", "2027-02-30", v4Valid}, "", "--today"},
		{"--today in another layout", []string{"validate", "--op", "createCreditPaymentV4", "--today", "02-28-2027", v4Valid}, "", "--today"},
		{"--today past the calendar", []string{"validate", "--op", "createCreditPaymentV4", "--today", "2319-06-01", v4Valid}, "",
			"--today must be a date from 1990-01-01 to 2100-12-31"},
		{"--today before the calendar", []string{"validate", "--op", "createCreditPaymentV4", "--today", "0001-01-01", v4Valid}, "",
			"--today must be a date from 1990-01-01 to 2100-12-31"},
		{"example --today past the calendar", []string{"example", "createCreditPaymentV4", "--today", "2319-06-01"}, "",
			"--today must be a date from 1990-01-01 to 2100-12-31"},
		{"completion for an unknown shell", []string{"completion", "nosuch"}, "", `completion: unknown shell "nosuch" (bash, fish, powershell, zsh)`},
		{"example with two operations", []string{"example", "createCreditPaymentV4", "getPayment"}, "",
			"example takes one operation id at most; 2 arguments were given"},
		{"--param given twice", []string{"validate", "--op", "getPayment", "--param", "paymentUID=1", "--param", "paymentUID=bad value"}, "",
			`--param "paymentUID" is given two values`},
		{"--format xml", []string{"validate", "--op", "createCreditPaymentV4", "--format", "xml", v4Valid}, "", "--format must be one of text, json, sarif, junit"},
		{"--color purple", []string{"validate", "--op", "createCreditPaymentV4", "--color", "purple", v4Valid}, "", "--color"},
		{"unknown --param", []string{"validate", "--op", "createQuote", "--param", "currency=GBP", quoteValid}, "", `createQuote has no path or query parameter "currency"`},
		{"--param no operation declares", []string{"validate", "--param", "currency=GBP", "examples/redpin"}, "", `has a path or query parameter "currency"`},
		{"--param without =", []string{"validate", "--op", "createQuote", "--param", "customer_id", quoteValid}, "", "name=value"},
		{"--param for a header", []string{"validate", "--op", "createCreditPaymentV4", "--param", "Idempotent-Key=" + validKey, v4Valid}, "", `"Idempotent-Key"`},
		{"--param with --response", []string{"validate", "--op", "createQuote", "--param", cliCustomerID, "--response", "200", quoteValid}, "", "--param"},
		{"malformed --header", []string{"validate", "--op", "createCreditPaymentV4", "--header", "Idempotent-Key " + validKey, v4Valid}, "", "--header"},
		{"--header without a name", []string{"validate", "--op", "createCreditPaymentV4", "--header", ": value", v4Valid}, "", "--header"},
		{"--response out of range", []string{"validate", "--op", "createCreditPaymentV4", "--response", "99", v4Valid}, "", "--response"},
		{"--response not a number", []string{"validate", "--op", "createCreditPaymentV4", "--response", "ok", v4Valid}, "", "--response"},
		{"unknown flag", []string{"validate", "--op", "createCreditPaymentV4", "--verbose", v4Valid}, "", "validate: unknown flag --verbose (see payspec validate --help)"},
		{"misspelt flag", []string{"validate", "--opp", "createCreditPaymentV4", v4Valid}, "", "validate: unknown flag --opp (did you mean --op?)"},
		{"misspelt flag of another command", []string{"rules", "--rules-confg", "x.yaml"}, "", "rules: unknown flag --rules-confg (did you mean --rules-config?)"},
		{"unknown command", []string{"check", v4Valid}, "", `unknown command "check" (commands: completion, example, help, ops, rules, serve, validate)`},
		{"misspelt command", []string{"valdate", v4Valid}, "", `unknown command "valdate" (did you mean validate?)`},
		{"ops with an argument", []string{"ops", "finzly"}, "", "no arguments"},
		{"example of an unknown operation", []string{"example", "createQuot"}, "", `unknown operation "createQuot" (did you mean createQuote?)`},
		{"example of a request without a body", []string{"example", "getPayment"}, "", "getPayment takes no request body"},
		{"example of an undeclared status", []string{"example", "createQuote", "--response", "299"}, "", "no body for response 299"},
		{"example with an unknown name", []string{"example", "createCreditPaymentV4", "--name", "nope"}, "", `has no example "nope"`},
		{"example without an operation", []string{"example"}, "", "name an operation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, c.stdin, c.args...)
			require.Equalf(t, exitUsage, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			assert.Empty(t, r.stdout)
			lines := textLines(t, r.stderr)
			require.Lenf(t, lines, 1, "stderr must be exactly one line: %q", r.stderr)
			assert.True(t, strings.HasPrefix(lines[0], "payspec: "), lines[0])
			assert.Contains(t, lines[0], c.want)
		})
	}
}

// TestCLINoArguments: with nothing to do, payspec prints its usage (several
// lines, the one exit-2 case that is not a one-line message) to standard
// error.
func TestCLINoArguments(t *testing.T) {
	r := runCLI(t, "")
	assert.Equal(t, exitUsage, r.code)
	assert.Empty(t, r.stdout)
	assert.True(t, strings.HasPrefix(r.stderr, "Usage:\n"), r.stderr)
	for _, cmd := range []string{"validate", "example", "ops", "rules", "completion", "help"} {
		assert.Contains(t, r.stderr, "\n  "+cmd+" ")
	}
}

// TestCLIHelp: help, --help and -h print the command's usage with every
// flag on standard output and exit 0.
func TestCLIHelp(t *testing.T) {
	flags := map[string][]string{
		"validate": {"--op", "--response", "--header", "--param", "--today", "--strict", "--no-rules", "--rules-config",
			"--format", "--max-problems", "--ndjson", "--color", "--jobs", "--help"},
		"example": {"--response", "--name", "--list", "--help"},
		"rules":   {"--rules-config", "--format", "--help"},
		"ops":     {"--help"},
		"":        {"--version", "--help"},
	}
	for cmd, want := range flags {
		for _, form := range [][]string{{"help", cmd}, {cmd, "--help"}, {cmd, "-h"}} {
			args := slices.DeleteFunc(slices.Clone(form), func(s string) bool { return s == "" })
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				t.Parallel()
				r := runCLI(t, "", args...)
				require.Equal(t, exitOK, r.code, r.stderr)
				assert.Empty(t, r.stderr)
				assert.Contains(t, r.stdout, "Usage:")
				for _, f := range want {
					assert.Contains(t, r.stdout, f)
				}
			})
		}
	}
}

// TestCLIVersion runs the binary, built with -buildvcs=false like go run
// (describeBuild's table test covers the other builds).
func TestCLIVersion(t *testing.T) {
	r := runBinary(t, "", "--version")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "payspec devel ("+noVCSNote+")\n", r.stdout, "a build without version control stamping")
	assert.Equal(t, 1, strings.Count(r.stdout, "\n"))
}

func TestCLICompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "", "completion", shell)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Contains(t, r.stdout, "payspec")
			assert.Greater(t, len(r.stdout), 1000)
		})
	}
	// The shell asks payspec for the values of --op.
	r := runCLI(t, "", "__complete", "validate", "--op", "createCred")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "createCreditPaymentV4\tPOST /v4/payments/credit")
	r = runCLI(t, "", "__complete", "validate", "--format", "")
	assert.Contains(t, r.stdout, "sarif")
}

func TestCLIOps(t *testing.T) {
	want := map[string][3]string{ // id → method, path, provider
		"createCreditPaymentV3":       {"POST", "/v3/payments/creditrequest", "finzly"},
		"createCreditPaymentV4":       {"POST", "/v4/payments/credit", "finzly"},
		"createBookTransfer":          {"POST", "/v3/payments/booktransfer", "finzly"},
		"getPayment":                  {"GET", "/v3/payments/{paymentUID}", "finzly"},
		"cancelPayment":               {"PUT", "/v3/payments/{paymentUID}/cancel", "finzly"},
		"searchPayments":              {"POST", "/v3/payments/search", "finzly"},
		"createPayment":               {"POST", "/v3/customers/{customer_id}/payments", "redpin"},
		"getPaymentDetails":           {"GET", "/v3/customers/{customer_id}/payments/{payment_id}", "redpin"},
		"getBankTransferInstructions": {"GET", "/v3/customers/{customer_id}/payments/{payment_id}/bank-transfer-instructions", "redpin"},
		"createQuote":                 {"POST", "/v3/customers/{customer_id}/quotes", "redpin"},

		"createRecipient":                               {"POST", "/v2/customers/{customer_id}/recipients", "redpin"},
		"listRecipients":                                {"GET", "/v2/customers/{customer_id}/recipients", "redpin"},
		"getRecipient":                                  {"GET", "/v2/customers/{customer_id}/recipients/{recipient_id}", "redpin"},
		"updateRecipientAccount":                        {"PUT", "/v2/customers/{customer_id}/recipients/{recipient_id}", "redpin"},
		"createThirdPartyCustomer":                      {"POST", "/api/v1/customers/{customer_id}/third-parties", "redpin"},
		"listCurrencies":                                {"GET", "/v1/currencies", "redpin"},
		"listTransactionPurposes":                       {"GET", "/v1/transaction-purpose", "redpin"},
		"createPaymentSession":                          {"POST", "/v1/customers/{customer_id}/sessions", "redpin"},
		"listPaymentSessions":                           {"GET", "/v1/customers/{customer_id}/sessions", "redpin"},
		"redpinPaymentStatusWebhook":                    {"POST", "/webhooks/payment-status-updated", "redpin"},
		"redpinPaymentStatusEnvelopeWebhook":            {"POST", "/webhooks/payments/payment-status-updated", "redpin"},
		"redpinCustomerStatusWebhook":                   {"POST", "/webhooks/customers/customer-status-updated", "redpin"},
		"redpinThirdPartyCustomerStatusWebhook":         {"POST", "/webhooks/third-party-customer-status-updated", "redpin"},
		"redpinThirdPartyCustomerStatusEnvelopeWebhook": {"POST", "/webhooks/third-party-customers/third-party-customer-status-updated", "redpin"},
	}
	for id, row := range finzlyOpsAdded {
		want[id] = row
	}
	r := runCLI(t, "", "ops")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	lines := textLines(t, r.stdout)
	require.NotEmpty(t, lines)
	assert.Equal(t, []string{"OPERATION", "METHOD", "PATH", "PROVIDER"}, strings.Fields(lines[0]))
	got := map[string][3]string{}
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		require.Lenf(t, f, 4, "line %q", line)
		_, dup := got[f[0]]
		assert.Falsef(t, dup, "%s listed twice", f[0])
		got[f[0]] = [3]string{f[1], f[2], f[3]}
	}
	assert.Equal(t, want, got)
}

// cliExampleArgs are the parameters and headers the examples of the
// Finzly operations with required ones need.
var cliExampleArgs = map[string][]string{
	"cancelPayment":           {"--param", "paymentUID=12930"},
	"returnPayment":           {"--param", "paymentUID=12930"},
	"reversePayment":          {"--param", "paymentUID=12930"},
	"updateRecurrence":        {"--param", "recurrenceId=4066"},
	"createBeneficiary":       {"--param", "customerId=112344"},
	"updateBeneficiary":       {"--param", "customerId=112344", "--param", "contactId=88231"},
	"createWaterfallTransfer": {"--header", "Idempotent-Key: 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"},
}

// finzlyOpsAdded are the Finzly operations beyond the first ten.
var finzlyOpsAdded = map[string][3]string{
	"createCreditPaymentV5":          {"POST", "/v5/payments/credit", "finzly"},
	"createDebitPayment":             {"POST", "/v3/payments/debitrequest", "finzly"},
	"returnPayment":                  {"PUT", "/v3/payments/{paymentUID}/return", "finzly"},
	"reversePayment":                 {"PUT", "/v3/payments/{paymentUID}/reverse", "finzly"},
	"createWaterfallTransfer":        {"POST", "/api/gateway/v1/payments/waterfall", "finzly"},
	"skipNextRecurrence":             {"PUT", "/v1/recurrences/{recurrenceId}", "finzly"},
	"cancelRecurrence":               {"DELETE", "/v1/recurrences/{recurrenceId}", "finzly"},
	"updateRecurrence":               {"PATCH", "/v1/recurrences/{recurrenceId}", "finzly"},
	"createBeneficiary":              {"POST", "/v1/customers/{customerId}/beneficiary", "finzly"},
	"updateBeneficiary":              {"PATCH", "/v1/customers/{customerId}/beneficiary/{contactId}", "finzly"},
	"searchContacts":                 {"GET", "/v2/customers/{customerUID}/contacts", "finzly"},
	"getContact":                     {"GET", "/v2/customers/{customerUID}/contacts/{contactUID}", "finzly"},
	"searchAccounts":                 {"GET", "/v2/customers/{customerUID}/accounts", "finzly"},
	"getAccount":                     {"GET", "/v2/customers/{customerUID}/accounts/{accountUID}", "finzly"},
	"getBankByRoutingNumber":         {"GET", "/v1/banks/{routingNumber}", "finzly"},
	"searchBanksByRoutingNumber":     {"GET", "/v1/banks/search/{routingNumber}", "finzly"},
	"searchBanks":                    {"GET", "/v1/banks", "finzly"},
	"createFXQuote":                  {"POST", "/v2/fx/quote", "finzly"},
	"acceptFXQuote":                  {"PUT", "/v2/fx/accept", "finzly"},
	"rejectFXQuote":                  {"PUT", "/v2/fx/{quoteUUID}/reject", "finzly"},
	"getFXTrade":                     {"GET", "/v2/fx/{forexContractNo}", "finzly"},
	"finzlyPaymentStatusWebhook":     {"POST", "/payments", "finzly"},
	"finzlyTransactionUpdateWebhook": {"POST", "/transaction/webhook", "finzly"},
}

// TestCLIRules covers the rail rules on the command line: --no-rules,
// --rules-config, --today and the rules command.
func TestCLIRules(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	rulesFile := "examples/finzly/createCreditPaymentV4/invalid-rules-same-day-ach.json"
	offFile := write("off.yaml", "severities:\n  NOTES_TRUNCATED: off\n")
	badFile := write("bad.yaml", "limits:\n  FEDNOW:\n    - {from: 2024-01-01, max: 600000}\n")
	closeFile := write("closed.yaml", "calendar:\n  closed: [2030-03-15]\n")

	t.Run("rules report schema-valid payments", func(t *testing.T) {
		r := runCLI(t, "", "validate", "--op", "createCreditPaymentV4", "--format", "json", rulesFile)
		assert.Equal(t, exitInvalid, r.code)
		_, ps := decodeReport(t, r.stdout)
		codes := map[string]bool{}
		for _, p := range ps {
			codes[p.Code] = true
		}
		assert.True(t, codes["DATE_NOT_BUSINESS_DAY"])
		assert.True(t, codes["BANK_ABA"])
		assert.True(t, codes["NOTES_TRUNCATED"])
	})
	t.Run("--no-rules checks the schema only", func(t *testing.T) {
		r := runCLI(t, "", "validate", "--op", "createCreditPaymentV4", "--no-rules", rulesFile)
		assert.Equal(t, exitOK, r.code)
		assert.Equal(t, "✔ 1 file valid\n", r.stdout)
	})
	t.Run("--rules-config changes severities", func(t *testing.T) {
		r := runCLI(t, "", "validate", "--op", "createCreditPaymentV4", "--rules-config", offFile, "--format", "json", rulesFile)
		assert.Equal(t, exitInvalid, r.code)
		_, ps := decodeReport(t, r.stdout)
		for _, p := range ps {
			assert.NotEqual(t, "NOTES_TRUNCATED", p.Code)
		}
	})
	t.Run("--rules-config closes a day", func(t *testing.T) {
		r := runCLI(t, "", "validate", "--op", "createCreditPaymentV4", "--rules-config", closeFile,
			"examples/finzly/createCreditPaymentV4/valid-fedwire.json")
		assert.Equal(t, exitInvalid, r.code)
		assert.Contains(t, r.stdout, "/paymentDate error DATE_NOT_BUSINESS_DAY")
	})
	t.Run("an invalid configuration is a usage error", func(t *testing.T) {
		r := runCLI(t, "", "validate", "--op", "createCreditPaymentV4", "--rules-config", badFile, rulesFile)
		assert.Equal(t, exitUsage, r.code)
		assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line: %q", r.stderr)
		assert.Contains(t, r.stderr, "above the FEDNOW network maximum")
	})
	t.Run("--no-rules and --rules-config together", func(t *testing.T) {
		r := runCLI(t, "", "validate", "--op", "createCreditPaymentV4", "--no-rules", "--rules-config", offFile, rulesFile)
		assert.Equal(t, exitUsage, r.code)
	})
	t.Run("--today judges dates", func(t *testing.T) {
		file := "examples/finzly/createCreditPaymentV4/valid-fedwire.json"
		r := runCLI(t, "", "validate", "--op", "createCreditPaymentV4", "--today", "2030-03-14", file)
		assert.Equal(t, exitOK, r.code)
		r = runCLI(t, "", "validate", "--op", "createCreditPaymentV4", "--today", "2030-03-16", file)
		assert.Equal(t, exitInvalid, r.code)
		assert.Contains(t, r.stdout, "/paymentDate error DATE_PAST")
	})
	t.Run("rules lists the catalogue in 100 columns", func(t *testing.T) {
		r := runCLI(t, "", "rules")
		assert.Equal(t, exitOK, r.code)
		lines := textLines(t, r.stdout)
		require.Greater(t, len(lines), 40)
		assert.Regexp(t, `^RULE\s+SEVERITY\s+CHECKS$`, lines[0])
		assert.Contains(t, r.stdout, "CREDIT_AMOUNT_NOFXMATCH")
		cutLines := 0
		for _, line := range lines {
			assert.LessOrEqual(t, utf8.RuneCountInString(line), 100, line)
			if strings.HasSuffix(line, "…") {
				cutLines++
			}
		}
		assert.Positive(t, cutLines, "long descriptions are cut")
		assert.Equal(t, "(payspec rules RULE prints a rule in full, with its operations and source)", lines[len(lines)-1])
	})
	t.Run("rules RULE prints one rule in full", func(t *testing.T) {
		r := runCLI(t, "", "rules", "AMOUNT_NOT_POSITIVE")
		require.Equal(t, exitOK, r.code, r.stderr)
		lines := textLines(t, r.stdout)
		for _, line := range lines {
			assert.LessOrEqual(t, utf8.RuneCountInString(line), 100, line)
		}
		assert.Equal(t, "RULE        AMOUNT_NOT_POSITIVE", lines[0])
		assert.Equal(t, "SEVERITY    error", lines[1])
		assert.True(t, strings.HasPrefix(lines[2], "OPERATIONS  createCreditPaymentV3, createCreditPaymentV4,"), lines[2])
		assert.Contains(t, r.stdout, "\n            createPayment, createPaymentSession, createDebitPayment", "wrapped under its label")
		assert.Contains(t, r.stdout, "\nCHECKS      amount must be above zero (an ACH ENR enrolment excepted); for Redpin, the whole and\n"+
			"            each recipient's or item's share\n")
		assert.Contains(t, r.stdout, "\nSOURCE      ")

		r = runCLI(t, "", "rules", "--rules-config", offFile, "--format", "json", "NOTES_TRUNCATED")
		require.Equal(t, exitOK, r.code, r.stderr)
		var rule map[string]any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &rule))
		assert.Equal(t, "off", rule["severity"])

		r = runCLI(t, "", "rules", "DATE_PAS")
		assert.Equal(t, exitUsage, r.code)
		assert.Equal(t, "payspec: rules: unknown rule \"DATE_PAS\" (did you mean DATE_PAST?)\n", r.stderr)
	})
	t.Run("rules as JSON with a configuration", func(t *testing.T) {
		r := runCLI(t, "", "rules", "--format", "json", "--rules-config", offFile)
		assert.Equal(t, exitOK, r.code)
		var catalogue []map[string]any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &catalogue))
		found := false
		for _, rule := range catalogue {
			for _, k := range []string{"id", "operations", "severity", "doc", "source"} {
				assert.Contains(t, rule, k)
			}
			if rule["id"] == "NOTES_TRUNCATED" {
				found = true
				assert.Equal(t, "off", rule["severity"])
			}
		}
		assert.True(t, found)
	})
	t.Run("rules takes one rule at most", func(t *testing.T) {
		r := runCLI(t, "", "rules", "DATE_PAST", "DATE_INVALID")
		assert.Equal(t, exitUsage, r.code)
	})
}
