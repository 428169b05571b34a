package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/cmd/payspec/internal/report"
)

func TestDescribeBuild(t *testing.T) {
	rev := "2ae15c3e2f734f06356e615dbde1cb6a21e9102a"
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: "2026-12-07T14:21:29Z"}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tc := range []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"go install @v0.1.0", "v0.1.0", nil, "v0.1.0"},
		{"go install @commit", "v0.0.0-20261207142129-2ae15c3e2f73", nil, "v0.0.0-20261207142129-2ae15c3e2f73 (commit 2ae15c3e2f73)"},
		{"go install @commit after a tag", "v0.1.1-0.20261207142129-2ae15c3e2f73", nil, "v0.1.1-0.20261207142129-2ae15c3e2f73 (commit 2ae15c3e2f73)"},
		{"go install @commit after a pre-release", "v0.2.0-rc.1.0.20261207142129-2ae15c3e2f73", nil, "v0.2.0-rc.1.0.20261207142129-2ae15c3e2f73 (commit 2ae15c3e2f73)"},
		{"go build at a tag", "v0.1.0", vcs("false"), "v0.1.0 (commit 2ae15c3e2f73, 2026-12-07T14:21:29Z)"},
		{"go build between tags", "v0.0.0-20261207142129-2ae15c3e2f73", vcs("false"), "v0.0.0-20261207142129-2ae15c3e2f73 (commit 2ae15c3e2f73, 2026-12-07T14:21:29Z)"},
		{"go build with changes", "v0.0.0-20261207142129-2ae15c3e2f73+dirty", vcs("true"), "v0.0.0-20261207142129-2ae15c3e2f73+dirty (commit 2ae15c3e2f73, 2026-12-07T14:21:29Z, modified)"},
		{"go build with an older toolchain", "(devel)", vcs("false"), "devel (commit 2ae15c3e2f73, 2026-12-07T14:21:29Z)"},
		{"go run", "(devel)", nil, "devel (" + noVCSNote + ")"},
		{"no build information", "", nil, "devel (" + noVCSNote + ")"},
		{"a version that is no pseudo-version", "v1.2.3-beta.1", nil, "v1.2.3-beta.1"},
	} {
		info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/payspec/payspec", Version: tc.version}, Settings: tc.settings}
		assert.Equal(t, tc.want, describeBuild(info), tc.name)
	}
	assert.Equal(t, "devel", buildVersion(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}))
	assert.Equal(t, "v0.1.0", buildVersion(&debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}}))
}

func TestClosest(t *testing.T) {
	ids := []string{"createCreditPaymentV3", "createCreditPaymentV4", "createQuote", "getPayment", "getPaymentDetails"}
	for _, tc := range []struct{ name, want string }{
		{"createCreditPaymentV5", "createCreditPaymentV3 or createCreditPaymentV4"},
		{"getpayment", "getPayment"},
		{"createQuot", "createQuote"},
		{"getPaymentDetail", "getPaymentDetails"},
		{"getPay", "getPayment or getPaymentDetails"}, // a prefix of both
		{"refund", ""},
		{"", ""},
	} {
		got, ok := closest(tc.name, ids)
		assert.Equal(t, tc.want, got, tc.name)
		assert.Equal(t, tc.want != "", ok, tc.name)
	}
	assert.Equal(t, 3, editDistance("kitten", "sitting"))
	assert.Equal(t, 0, editDistance("", ""))
	assert.Equal(t, 4, editDistance("", "abcd"))
}

func TestMatchSegments(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"*.json", "a.json", true},
		{"*.json", "d/a.json", false},
		{"**/*.json", "a.json", true},
		{"**/*.json", "d/e/a.json", true},
		{"d/**", "d/e/a.json", true},
		{"d/**/a.json", "d/a.json", true},
		{"d/**/a.json", "x/a.json", false},
		{"quotes/*-200.json", "quotes/p-200.json", true},
		{"quotes/*-200.json", "quotes/p-201.json", false},
		{"[ab].json", "b.json", true},
		{"**/**/a.json", "a.json", true},
		{"**/**/a.json", "d/e/a.json", true},
		{"d/**/**/e/**/a.json", "d/e/a.json", true},
		{"d/**/e/**/e/a.json", "d/e/a.json", false},
		{"**/e", "d/e/a.json", false},
		{"**", "d/e/a.json", true},
		{"*/**/*", "a.json", false},
	} {
		got := matchSegments(strings.Split(tc.pattern, "/"), strings.Split(tc.name, "/"))
		assert.Equal(t, tc.want, got, "%s ~ %s", tc.pattern, tc.name)
	}
}

// starryPattern is twelve **, each followed by an element that matches
// every directory of deepTree, then a file name: trying every way the **s
// could split a path 25 deep is trillions of ways, so a matcher that
// backtracks never answers for a file that does not match.
func starryPattern(last string) string {
	return strings.Repeat("**/d*/", 12) + last
}

// deepTree writes a chain of 25 directories below a new directory, each
// holding a.json, and returns the new directory.
func deepTree(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	dir := root
	for i := range 25 {
		dir = filepath.Join(dir, fmt.Sprintf("d%02d", i))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "a.json"), []byte("{}"), 0o644))
	}
	return root
}

func TestMatchSegmentsManyDoubleStars(t *testing.T) {
	var deep []string
	for i := range 25 {
		deep = append(deep, fmt.Sprintf("d%02d", i))
	}
	name := append(slices.Clone(deep), "a.json")
	assert.False(t, matchSegments(strings.Split(starryPattern("b.json"), "/"), name), "no b.json")
	assert.True(t, matchSegments(strings.Split(starryPattern("a.json"), "/"), name))
	assert.True(t, matchSegments(strings.Split(starryPattern("a.json"), "/"), name[13:]), "twelve directories")
	assert.False(t, matchSegments(strings.Split(starryPattern("a.json"), "/"), name[14:]), "eleven directories")
	// 60 deep: a matcher that backtracks would try C(60,12), about 10^12,
	// splits before giving up.
	long := append(slices.Repeat([]string{"d"}, 60), "a.json")
	assert.False(t, matchSegments(strings.Split(starryPattern("b.json"), "/"), long))
	assert.True(t, matchSegments(strings.Split(starryPattern("a.json"), "/"), long))
}

// TestGlobManyDoubleStars globs twelve ** over a tree 25 deep: it answers
// (a backtracking matcher would not), with the files below the twelfth
// directory.
func TestGlobManyDoubleStars(t *testing.T) {
	root := deepTree(t)
	got, err := glob(filepath.Join(root, starryPattern("a.json")))
	require.NoError(t, err)
	require.Len(t, got, 25-11, "a.json in directories 12 to 25")
	for _, p := range got {
		rel, err := filepath.Rel(root, p)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, strings.Count(filepath.ToSlash(rel), "/"), 12, rel)
	}
	got, err = glob(filepath.Join(root, starryPattern("b.json")))
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = glob(filepath.Join(root, strings.Repeat("**/", 12)+"a.json"))
	require.NoError(t, err)
	assert.Len(t, got, 25, "repeated ** are one")
}

// BenchmarkGlobManyDoubleStars is the glob of TestGlobManyDoubleStars, for
// a file that is not there (every path of the tree is tried and refused).
func BenchmarkGlobManyDoubleStars(b *testing.B) {
	pattern := filepath.Join(deepTree(b), starryPattern("b.json"))
	for b.Loop() {
		if got, err := glob(pattern); err != nil || len(got) != 0 {
			b.Fatal(got, err)
		}
	}
}

// tree writes files (path → content) below a new directory and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

func TestExpandInputs(t *testing.T) {
	dir := tree(t, map[string]string{
		"b/two.json": "{}", "a/one.json": "{}", "a/deeper/three.JSON": "{}", "a/notes.txt": "",
		".hidden/four.json": "{}", "lines.ndjson": "{}\n", "more.jsonl": "{}\n",
	})
	names := func(ins []input) []string {
		var out []string
		for _, in := range ins {
			rel, _ := filepath.Rel(dir, in.path)
			if in.stdin {
				rel = in.name
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return out
	}
	ins, err := expandInputs([]string{dir}, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"a/deeper/three.JSON", "a/one.json", "b/two.json"}, names(ins), "name order, hidden directories left out")

	ins, err = expandInputs([]string{filepath.Join(dir, "b", "two.json"), dir, "-"}, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"b/two.json", "a/deeper/three.JSON", "a/one.json", stdinName}, names(ins), "the order given, each file once")

	ins, err = expandInputs([]string{filepath.Join(dir, "**", "*.json")}, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"a/one.json", "b/two.json"}, names(ins), "** matches any depth; the pattern's case counts")

	ins, err = expandInputs([]string{filepath.Join(dir, "*")}, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"a/deeper/three.JSON", "a/one.json", "b/two.json", "lines.ndjson", "more.jsonl"}, names(ins),
		"matched directories are walked, matched files taken as named, hidden names not matched")

	ins, err = expandInputs([]string{dir}, true)
	require.NoError(t, err)
	assert.Equal(t, []string{"lines.ndjson", "more.jsonl"}, names(ins), "--ndjson walks NDJSON files")
	for _, in := range ins {
		assert.True(t, in.ndjson)
	}

	ins, err = expandInputs(nil, false)
	require.NoError(t, err)
	assert.Equal(t, []input{{nobody: true}}, ins, "no input: a request without a body")

	for _, bad := range [][]string{{filepath.Join(dir, "none.json")}, {filepath.Join(dir, "*.xml")}, {filepath.Join(dir, "a", "deeper", "[")}, {"-", "-"}} {
		_, err := expandInputs(bad, false)
		var ue *usageError
		assert.ErrorAs(t, err, &ue, "%v", bad)
	}
}

func TestProgress(t *testing.T) {
	var out bytes.Buffer
	plan := make([]job, progressThreshold+50)
	now := time.Unix(0, 0)
	p := newProgress(&out, plan)
	require.NotNil(t, p)
	p.now = func() time.Time { return now }
	for range len(plan) {
		p.step()
		now = now.Add(30 * time.Millisecond)
	}
	p.done()
	s := out.String()
	assert.Contains(t, s, "judged 1 of 250 files")
	assert.Contains(t, s, "\rjudged 250 of 250 files"[1:], "the last count is always shown")
	assert.Less(t, strings.Count(s, "\r"), len(plan), "rewritten at most every 100ms")
	assert.True(t, strings.HasSuffix(s, "\r\x1b[K"), "the line is cleared at the end")

	assert.Nil(t, newProgress(&out, make([]job, progressThreshold)), "no progress for a few hundred files")
	var nilProgress *progress
	nilProgress.step()
	nilProgress.done()

	out.Reset()
	ndjson := []job{{in: input{ndjson: true}}}
	p = newProgress(&out, ndjson)
	require.NotNil(t, p, "the number of NDJSON documents is not known in advance")
	for range progressThreshold {
		p.step()
	}
	assert.Empty(t, out.String(), "nothing for the first documents")
	p.step()
	assert.Contains(t, out.String(), "judged 201 documents")
}

func TestColorOutput(t *testing.T) {
	for _, tc := range []struct {
		mode, noColor string
		terminal      bool
		want          bool
	}{
		{"auto", "", true, true},
		{"auto", "1", true, false}, // NO_COLOR, whatever its value
		{"auto", "", false, false},
		{"always", "1", false, true},
		{"never", "", true, false},
	} {
		a := &app{stdout: &bytes.Buffer{}, getenv: func(k string) string {
			if k == "NO_COLOR" {
				return tc.noColor
			}
			return ""
		}, terminal: func(io.Writer) bool { return tc.terminal }}
		assert.Equal(t, tc.want, a.colorOutput(tc.mode), "%+v", tc)
	}
	assert.False(t, isTerminal(&bytes.Buffer{}))
}

// failingWriter fails on its first result.
type failingWriter struct{ adds int }

func (f *failingWriter) Add(report.Result) error { f.adds++; return errors.New("disk full") }
func (f *failingWriter) Close(report.Summary) error {
	panic("Close after a failed Add")
}

// TestJudgeStopsWhenTheReportCannotBeWritten: a writer that fails ends the
// run with its error, without judging everything or hanging.
func TestJudgeStopsWhenTheReportCannotBeWritten(t *testing.T) {
	e, err := sharedEngines.get(context.Background(), schemaOnly)
	require.NoError(t, err)
	op, ok := e.Operation("getPayment")
	require.True(t, ok)
	plan := make([]job, 500)
	for i := range plan {
		plan[i] = job{in: input{name: "<getPayment>", nobody: true}, target: target{engine: e, op: op, params: map[string]string{}, headers: http.Header{}}}
	}
	j := &judge{jobs: 2, limit: 1 << 20, stderr: io.Discard}
	w := &failingWriter{}
	done := make(chan error, 1)
	go func() {
		_, err := j.run(context.Background(), plan, w)
		done <- err
	}()
	select {
	case err := <-done:
		assert.ErrorContains(t, err, "disk full")
		assert.Equal(t, 1, w.adds)
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not end")
	}
}

// TestRequestLogLine: a request record is one plain line; a missing field
// leaves its place empty; other records go to the error stream with their
// attributes.
func TestRequestLogLine(t *testing.T) {
	var out, errOut strings.Builder
	logger := slog.New(newRequestLog(&out, &errOut))
	logger.Info("request", "method", "POST", "path", "/finzly/v4/payments/credit",
		"operation", "createCreditPaymentV4", "status", 200, "latency", 1500*time.Microsecond)
	logger.Info("request", "method", "GET", "status", 404)
	logger.Warn("sandbox: saving state", "kind", "finzly.payment")
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, []string{"POST", "/finzly/v4/payments/credit", "createCreditPaymentV4", "200", "1.5ms"}, strings.Fields(lines[0])[1:])
	assert.True(t, strings.HasSuffix(lines[1], " GET   404 "), "%q", lines[1])
	assert.Contains(t, errOut.String(), `WARN sandbox: saving state kind="finzly.payment"`)
}
