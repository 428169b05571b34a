package report

import (
	"bytes"
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
//
// The test cases are rendered as they come and spooled (see spool) until
// Close, which writes the counts that head the suite.
type junitWriter struct {
	w     io.Writer
	cases spool
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
	// The name is escaped as the text lines escape it: XML cannot hold
	// most control characters, which the encoder would replace with U+FFFD.
	c := junitCase{Name: Printable(r.Source.String()), ClassName: r.Operation}
	if r.Response != 0 {
		c.ClassName += " response " + strconv.Itoa(r.Response)
	}
	switch counts := CountsOf(r.Problems); {
	case r.Err != "":
		c.Error = &junitProblem{Message: r.Err, Type: "unreadable"}
	case counts.Errors > 0:
		c.Failure = &junitProblem{Message: countNoun(counts.Errors, "error") + " in " + countNoun(counts.Total(), "problem"),
			Type: "invalid", Text: (&textWriter{}).lines(r)}
	default:
		c.SystemOut = (&textWriter{}).lines(r)
	}
	var b bytes.Buffer
	b.WriteByte('\n')
	enc := xml.NewEncoder(&b)
	enc.Indent(junitCaseIndent, "  ")
	if err := enc.EncodeElement(c, xml.StartElement{Name: xml.Name{Local: "testcase"}}); err != nil {
		return err
	}
	return j.cases.add(logSafe(b.Bytes(), xmlEscape))
}

// junitCaseIndent is the indentation of a test case in the document
// (testsuites, then testsuite).
const junitCaseIndent = "    "

func (j *junitWriter) Close(s Summary) error {
	defer j.cases.close()
	suite := junitSuite{Name: "payspec validate", Tests: s.Sources, Failures: s.WithErrors, Errors: s.Unreadable}
	doc := junitSuites{Name: "payspec", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	b = logSafe(b, xmlEscape)
	// The suite was rendered empty, <testsuite ...></testsuite>: its cases
	// go between the two tags.
	end := []byte("></testsuite>")
	at := bytes.Index(b, end)
	if at < 0 || j.cases.n == 0 {
		_, err = io.WriteString(j.w, xml.Header+string(b)+"\n")
		return err
	}
	if _, err := io.WriteString(j.w, xml.Header+string(b[:at+1])); err != nil {
		return err
	}
	if err := j.cases.writeTo(j.w); err != nil {
		return err
	}
	_, err = io.WriteString(j.w, "\n  </testsuite>"+string(b[at+len(end):])+"\n")
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
