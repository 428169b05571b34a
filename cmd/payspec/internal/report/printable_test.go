package report_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/cmd/payspec/internal/report"
	"github.com/payspec/payspec/internal/jsonpos"
	"github.com/payspec/payspec/validate"
)

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain/path.json", "plain/path.json"},
		{`C:\payloads\a.json`, `C:\payloads\a.json`},
		{"café 💶", "café 💶"},
		{"a\nb", `a\nb`},
		{"a\r\nb\tc", `a\r\nb\tc`},
		{"\x1b[2Jcleared", `\x1b[2Jcleared`},
		{"\x00\x07\x7f", `\x00\x07\x7f`},
		{"\u009b31m", `\x9b31m`}, // CSI as a C1 control
		{"bad\xffutf8", `bad\xffutf8`},
		{"x\u2028y\u2029z", `x\u2028y\u2029z`},
		{"abc\u202etxt.json", `abc\u202etxt.json`}, // right-to-left override
		{"\u2066isolate\u2069", `\u2066isolate\u2069`},
		{"##vso[task.setvariable variable=x]y", `#\x23vso[task.setvariable variable=x]y`},
		{"###", `#\x23#`},
		{"#a#", "#a#"},
	} {
		assert.Equal(t, tc.want, report.Printable(tc.in), "%q", tc.in)
	}
}

// hostile is a result whose file name, pointers, codes and messages carry
// what could steer a terminal or a CI log.
var hostile = report.Result{
	Source:    report.Source{File: "::error title=forged::pwned\x1b[2J\r.json"},
	Operation: "createQuote",
	Problems: validate.Problems{
		{Pointer: "/a\nb.json:1:1 /x error FORGED m", Code: "TYPE", Severity: validate.SeverityError, Message: "is \x1b[32mfine\u202e"},
		{Pointer: "/##vso[task.setvariable variable=x]y", Code: "UNKNOWN_PROPERTY", Severity: validate.SeverityWarning, Message: "m\r\n::warning::x"},
		{Pointer: "/first name", Code: "REQUIRED", Severity: validate.SeverityError, Message: "m\u2028n"},
	},
	Positions: []jsonpos.Position{{Line: 1, Column: 2}, {Line: 3, Column: 4}, {Line: 5, Column: 6}},
}

// assertLogSafe checks that out holds no character that steers a
// terminal or a CI log: no control character but the line ends, no line
// starting a CI command, no "##", no bidirectional formatting.
func assertLogSafe(t *testing.T, out string) {
	t.Helper()
	for _, r := range out {
		if r == '\n' {
			continue
		}
		assert.Falsef(t, unicode.IsControl(r), "raw control character %U", r)
		assert.Falsef(t, r == 0x2028 || r == 0x2029 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069, "raw formatting character %U", r)
	}
	assert.NotContains(t, out, "##")
	for _, line := range strings.Split(out, "\n") {
		assert.False(t, strings.HasPrefix(strings.TrimLeft(line, " \t"), "::"), "line starts a CI command: %q", line)
	}
}

func TestTextIsLogSafe(t *testing.T) {
	for _, color := range []bool{false, true} {
		out := write(t, "text", report.Options{Color: color}, hostile)
		if color {
			// The report's own colours are the only escapes.
			out = strings.NewReplacer("\x1b[0m", "", "\x1b[1m", "", "\x1b[2m", "", "\x1b[31m", "", "\x1b[32m", "", "\x1b[33m", "", "\x1b[36m", "").Replace(out)
		}
		assertLogSafe(t, out)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		require.Len(t, lines, 4, "a line per problem, then the summary")
		if !color {
			assert.Equal(t, `./::error title=forged::pwned\x1b[2J\r.json:1:2 /a\nb.json:1:1\x20/x\x20error\x20FORGED\x20m error TYPE is \x1b[32mfine\u202e`, lines[0])
			assert.Equal(t, `./::error title=forged::pwned\x1b[2J\r.json:3:4 /#\x23vso[task.setvariable\x20variable=x]y warning UNKNOWN_PROPERTY m\r\n::warning::x`, lines[1])
			assert.Equal(t, `./::error title=forged::pwned\x1b[2J\r.json:5:6 /first\x20name error REQUIRED m\u2028n`, lines[2])
		}
	}
}

func TestJSONAndSARIFAreLogSafeAndMeanTheSame(t *testing.T) {
	for _, format := range []string{"json", "sarif"} {
		out := write(t, format, report.Options{}, hostile)
		assertLogSafe(t, out)
		// The escapes are JSON's own: the document still says what the
		// result said.
		var v any
		require.NoError(t, json.Unmarshal([]byte(out), &v), format)
		s, err := json.Marshal(v)
		require.NoError(t, err)
		for _, p := range hostile.Problems {
			want, _ := json.Marshal(p.Pointer)
			assert.Contains(t, string(s), strings.Trim(string(want), `"`), format)
		}
	}
	var many struct {
		Files []struct{ Source struct{ File string } }
	}
	require.NoError(t, json.Unmarshal([]byte(write(t, "json", report.Options{}, hostile)), &many))
	assert.Equal(t, hostile.Source.File, many.Files[0].Source.File)
}

func TestJUnitIsLogSafe(t *testing.T) {
	out := write(t, "junit", report.Options{}, hostile)
	assertLogSafe(t, out)
	cases := junitCases(t, out)
	require.Len(t, cases, 1)
	assert.Contains(t, cases[0].Failure.Text, "/#\\x23vso[", "the problem lines are the text format's")
	assert.Equal(t, 3, strings.Count(cases[0].Failure.Text, "\n")+1, "a line per problem")
}
