package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/cmd/payspec/internal/report"
	"github.com/payspec/payspec/internal/jsonpos"
	"github.com/payspec/payspec/validate"
)

func problem(ptr, code string, sev validate.Severity) validate.Problem {
	return validate.Problem{Pointer: ptr, Code: code, Severity: sev, Message: "m"}
}

var (
	clean   = report.Result{Source: report.Source{File: "a.json"}, Operation: "createQuote"}
	warned  = report.Result{Source: report.Source{File: "b.json"}, Operation: "createQuote", Problems: validate.Problems{problem("/x", "UNKNOWN_PROPERTY", validate.SeverityWarning)}}
	invalid = report.Result{Source: report.Source{File: "c.ndjson", Line: 7}, Operation: "createQuote",
		Problems: validate.Problems{
			problem("", "TYPE", validate.SeverityError),
			problem("/y", "PATTERN", validate.SeverityError),
			problem("/z", "RULES_SKIPPED", validate.SeverityInfo),
		},
		Positions: []jsonpos.Position{{Line: 7, Column: 1}, {Line: 7, Column: 9}, {Line: 7, Column: 20}}}
	unread = report.Result{Source: report.Source{File: "d.json"}, Operation: "createQuote", Err: "cannot read: permission denied"}
)

// write runs a writer over results and returns its output.
func write(t *testing.T, format string, opts report.Options, results ...report.Result) string {
	t.Helper()
	var b bytes.Buffer
	w, err := report.New(format, &b, opts)
	require.NoError(t, err)
	var sum report.Summary
	for _, r := range results {
		require.NoError(t, w.Add(r))
		sum.Tally(r)
	}
	require.NoError(t, w.Close(sum))
	return b.String()
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestTextSummary(t *testing.T) {
	for _, tc := range []struct {
		name    string
		results []report.Result
		want    string
	}{
		{"one valid file", []report.Result{clean}, "✔ 1 file valid"},
		{"valid files", []report.Result{clean, clean}, "✔ 2 files valid"},
		{"warnings only", []report.Result{clean, warned}, "✔ 2 files valid (1 warning in 1 file)"},
		{"errors", []report.Result{clean, warned, invalid}, "✖ 4 problems (2 errors, 1 warning, 1 info) in 2 of 3 files"},
		{"errors in the only file", []report.Result{invalid}, "✖ 3 problems (2 errors, 1 info) in 1 file"},
		{"unreadable", []report.Result{clean, unread}, "✖ 1 file read; 1 file could not be read"},
		{"errors and unreadable", []report.Result{invalid, unread}, "✖ 3 problems (2 errors, 1 info) in 1 of 2 files; 1 file could not be read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, lastLine(write(t, "text", report.Options{}, tc.results...)))
		})
	}
}

func TestTextLines(t *testing.T) {
	out := write(t, "text", report.Options{}, invalid, unread)
	assert.Equal(t, `c.ndjson:7:1 "" error TYPE m
c.ndjson:7:9 /y error PATTERN m
c.ndjson:7:20 /z info RULES_SKIPPED m
✖ 3 problems (2 errors, 1 info) in 1 of 2 files; 1 file could not be read
`, out, "an unreadable file has no line on standard output")
	coloured := write(t, "text", report.Options{Color: true}, invalid)
	assert.Contains(t, coloured, "\x1b[31merror\x1b[0m")
	assert.Contains(t, coloured, "\x1b[36minfo\x1b[0m")
	noPositions := write(t, "text", report.Options{}, warned)
	assert.True(t, strings.HasPrefix(noPositions, "b.json:1:1 /x warning"), "no position: the start of the file")
}

// TestJSONShape: one shape for one document or many, every problem with
// its line and column.
func TestJSONShape(t *testing.T) {
	type problemJSON struct {
		Pointer, Code, Severity, Message, Detail string
		Line, Column                             int
	}
	type jsonReport struct {
		Valid  bool
		Counts map[string]int
		Files  []map[string]json.RawMessage
	}
	var one jsonReport
	require.NoError(t, json.Unmarshal([]byte(write(t, "json", report.Options{}, clean)), &one))
	assert.True(t, one.Valid)
	assert.Equal(t, map[string]int{"documents": 1, "withProblems": 0, "unreadable": 0, "errors": 0, "warnings": 0, "infos": 0}, one.Counts)
	require.Len(t, one.Files, 1)
	assert.JSONEq(t, `[]`, string(one.Files[0]["problems"]), "an empty list, not null")

	var many jsonReport
	withManifest := invalid
	withManifest.Manifest = "payloads/payspec.yaml"
	require.NoError(t, json.Unmarshal([]byte(write(t, "json", report.Options{}, clean, withManifest, unread)), &many))
	assert.False(t, many.Valid)
	assert.Equal(t, map[string]int{"documents": 3, "withProblems": 1, "unreadable": 1, "errors": 2, "warnings": 0, "infos": 1}, many.Counts)
	require.Len(t, many.Files, 3)
	assert.JSONEq(t, `{"file": "c.ndjson", "line": 7}`, string(many.Files[1]["source"]))
	assert.JSONEq(t, `false`, string(many.Files[1]["valid"]))
	assert.JSONEq(t, `"payloads/payspec.yaml"`, string(many.Files[1]["manifest"]))
	assert.NotContains(t, many.Files[0], "manifest", "no manifest applied")
	var ps []problemJSON
	require.NoError(t, json.Unmarshal(many.Files[1]["problems"], &ps))
	assert.Equal(t, []problemJSON{
		{Pointer: "", Code: "TYPE", Severity: "error", Message: "m", Line: 7, Column: 1},
		{Pointer: "/y", Code: "PATTERN", Severity: "error", Message: "m", Line: 7, Column: 9},
		{Pointer: "/z", Code: "RULES_SKIPPED", Severity: "info", Message: "m", Line: 7, Column: 20},
	}, ps)
	assert.JSONEq(t, `"cannot read: permission denied"`, string(many.Files[2]["error"]))
	assert.JSONEq(t, `false`, string(many.Files[2]["valid"]))

	var noPositions jsonReport
	require.NoError(t, json.Unmarshal([]byte(write(t, "json", report.Options{}, warned)), &noPositions))
	require.NoError(t, json.Unmarshal(noPositions.Files[0]["problems"], &ps))
	assert.Equal(t, 1, ps[0].Line, "no position: the start of the file")
	assert.Equal(t, 1, ps[0].Column)
}

func TestSARIF(t *testing.T) {
	docs := map[string]string{"PATTERN": "a pattern"}
	out := write(t, "sarif", report.Options{ToolVersion: "v9", RuleDoc: func(c string) string { return docs[c] }},
		invalid, unread, report.Result{Source: report.Source{File: report.StdinName}, Operation: "createQuote",
			Problems: validate.Problems{problem("/q", "TYPE", validate.SeverityError)}})
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Version string
					Rules   []struct {
						ID               string
						ShortDescription *struct{ Text string }
					}
				}
			}
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct{ Message struct{ Text string } }
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
					LogicalLocations []struct{ FullyQualifiedName string }
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	run := log.Runs[0]
	assert.Equal(t, "v9", run.Tool.Driver.Version)
	require.Len(t, run.Tool.Driver.Rules, 3, "one rule a code, in the order the codes first occur")
	assert.Equal(t, "TYPE", run.Tool.Driver.Rules[0].ID)
	assert.Nil(t, run.Tool.Driver.Rules[0].ShortDescription)
	assert.Equal(t, "PATTERN", run.Tool.Driver.Rules[1].ID)
	require.NotNil(t, run.Tool.Driver.Rules[1].ShortDescription)
	assert.Equal(t, "a pattern", run.Tool.Driver.Rules[1].ShortDescription.Text)
	assert.Equal(t, "RULES_SKIPPED", run.Tool.Driver.Rules[2].ID)
	require.Len(t, run.Results, 4)
	assert.Equal(t, []string{"error", "error", "note", "error"}, []string{run.Results[0].Level, run.Results[1].Level, run.Results[2].Level, run.Results[3].Level})
	for _, r := range run.Results {
		assert.Equal(t, r.RuleID, run.Tool.Driver.Rules[r.RuleIndex].ID)
	}
	loc := run.Results[1].Locations[0]
	assert.Equal(t, "c.ndjson", loc.PhysicalLocation.ArtifactLocation.URI)
	assert.Equal(t, 7, loc.PhysicalLocation.Region.StartLine)
	assert.Equal(t, 9, loc.PhysicalLocation.Region.StartColumn)
	assert.Equal(t, "/y", loc.LogicalLocations[0].FullyQualifiedName)
	assert.Nil(t, run.Results[3].Locations[0].PhysicalLocation, "standard input is no file")
	assert.False(t, run.Invocations[0].ExecutionSuccessful)
	assert.Contains(t, run.Invocations[0].ToolExecutionNotifications[0].Message.Text, "d.json: cannot read")
}

func TestJUnit(t *testing.T) {
	out := write(t, "junit", report.Options{}, clean, warned, invalid, unread)
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suite    struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Error *struct {
					Message string `xml:"message,attr"`
				} `xml:"error"`
				SystemOut string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal([]byte(out), &doc))
	assert.Equal(t, [3]int{4, 1, 1}, [3]int{doc.Tests, doc.Failures, doc.Errors})
	cases := doc.Suite.Cases
	require.Len(t, cases, 4)
	assert.Nil(t, cases[0].Failure)
	assert.Nil(t, cases[1].Failure, "warnings do not fail a case")
	assert.Contains(t, cases[1].SystemOut, "/x warning UNKNOWN_PROPERTY")
	assert.Equal(t, "c.ndjson:7", cases[2].Name)
	assert.Equal(t, "2 errors in 3 problems", cases[2].Failure.Message)
	assert.Equal(t, 3, strings.Count(cases[2].Failure.Text, "\n")+1, "a line per problem")
	assert.Equal(t, "cannot read: permission denied", cases[3].Error.Message)
}

// A test case is named as the text lines name its file: control
// characters escaped, not replaced.
func TestJUnitNamesEscapeControlCharacters(t *testing.T) {
	r := invalid
	r.Source = report.Source{File: "a\x01\x02.json"}
	out := write(t, "junit", report.Options{}, r)
	cases := junitCases(t, out)
	require.Len(t, cases, 1)
	assert.Equal(t, `a\x01\x02.json`, cases[0].Name)
	assert.Contains(t, cases[0].Failure.Text, `a\x01\x02.json:`)
	assert.NotContains(t, out, "\ufffd")
}

// junitCase is a test case of a JUnit report, as the tests read it.
type junitCase struct {
	Name    string `xml:"name,attr"`
	Failure struct {
		Text string `xml:",chardata"`
	} `xml:"failure"`
}

// junitCases reads the test cases of a JUnit report.
func junitCases(t *testing.T, out string) []junitCase {
	t.Helper()
	var doc struct {
		Suite struct {
			Cases []junitCase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal([]byte(out), &doc))
	return doc.Suite.Cases
}

func TestUnknownFormat(t *testing.T) {
	_, err := report.New("xml", &bytes.Buffer{}, report.Options{})
	assert.Error(t, err)
}
