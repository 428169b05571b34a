package report

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// junitWriter writes JUnit XML: one test suite, one test case per document
// (named by its source, classed by its operation). A document with errors
// fails, listing every problem in the text format; warnings and infos of a
// passing document go to its system-out; a document that could not be read
// is an error.
type junitWriter struct {
	w     io.Writer
	cases []junitCase
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (j *junitWriter) Add(r Result) error {
	c := junitCase{Name: r.Source.String(), ClassName: r.Operation}
	if r.Response != 0 {
		c.ClassName += " response " + strconv.Itoa(r.Response)
	}
	if r.Err != "" {
		c.Error = &junitProblem{Message: r.Err, Type: "unreadable"}
		j.cases = append(j.cases, c)
		return nil
	}
	lines := (&textWriter{}).lines(r)
	if counts := CountsOf(r.Problems); counts.Errors > 0 {
		c.Failure = &junitProblem{Message: countNoun(counts.Errors, "error") + " in " + countNoun(counts.Total(), "problem"),
			Type: "invalid", Text: lines}
	} else {
		c.SystemOut = lines
	}
	j.cases = append(j.cases, c)
	return nil
}

func (j *junitWriter) Close(s Summary) error {
	suite := junitSuite{Name: "payspec validate", Tests: s.Sources, Failures: s.WithErrors, Errors: s.Unreadable, Cases: j.cases}
	doc := junitSuites{Name: "payspec", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(j.w, xml.Header+string(logSafe(b, xmlEscape))+"\n")
	return err
}

// lines is the result's problems in the text format, one per line.
func (t *textWriter) lines(r Result) string {
	var b []byte
	for i := range r.Problems {
		b = append(t.appendLine(b, r, i), '\n')
	}
	return strings.TrimSuffix(string(b), "\n")
}
