// Package report writes the results of payspec validate in the formats CI
// systems read: text for people (one problem per line, located, with a
// summary), JSON, SARIF 2.1.0 for code scanning, and JUnit XML.
//
// A Writer is given the results in the order they are to appear and then
// closed with the run's summary. The text writer streams; the others
// render each result as it comes and keep the rendering (never the
// document) until Close, since their reports start with counts: in memory
// up to 4 MiB, then in a temporary file, so that a run's memory does not
// grow with the number of documents.
package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/payspec/payspec/internal/jsonpos"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/problem"
)

// Formats lists the output formats, the default first.
var Formats = []string{"text", "json", "sarif", "junit"}

// Source names where one document came from.
type Source struct {
	// File is the path as given or found, StdinName for standard input,
	// or "<OPERATION>" for a request judged without a body.
	File string
	// Line is the line of an NDJSON document, 0 for a whole file.
	Line int
}

// StdinName is the File of standard input.
const StdinName = "<stdin>"

// String is FILE, or FILE:LINE for an NDJSON document.
func (s Source) String() string {
	if s.Line > 0 {
		return s.File + ":" + strconv.Itoa(s.Line)
	}
	return s.File
}

// IsFile reports whether the source is a file on disk (not standard input
// and not a request without a body).
func (s Source) IsFile() bool {
	return s.File != "" && s.File[0] != '<'
}

// Result is the judgement of one document.
type Result struct {
	Source    Source
	Operation string
	Response  int // the response status judged; 0 for a request
	Problems  validate.Problems
	// Positions holds, for each problem, its line and column in the file
	// (an NDJSON document's lines already counted from the file's start).
	Positions []jsonpos.Position
	// Err says why the document could not be read; it was then not judged.
	Err string
	// Manifest names the payspec.yaml that said what the document is, or
	// which rules judge it; "" when none did.
	Manifest string
}

// Counts counts problems by severity.
type Counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// Total is the number of problems counted.
func (c Counts) Total() int { return c.Errors + c.Warnings + c.Infos }

// CountsOf counts a list of problems.
func CountsOf(ps validate.Problems) Counts {
	var c Counts
	for _, p := range ps {
		switch p.Severity {
		case validate.SeverityError:
			c.Errors++
		case validate.SeverityWarning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	return c
}

func (c *Counts) add(o Counts) {
	c.Errors += o.Errors
	c.Warnings += o.Warnings
	c.Infos += o.Infos
}

// Summary is what a whole run found.
type Summary struct {
	Counts
	Sources      int    // documents read or attempted
	WithProblems int    // documents with at least one problem
	WithErrors   int    // documents with at least one error
	Unreadable   int    // documents that could not be read
	Noun         string // what a source is called: file, document, request
}

// Tally adds one result to the summary.
func (s *Summary) Tally(r Result) {
	s.Sources++
	if r.Err != "" {
		s.Unreadable++
		return
	}
	c := CountsOf(r.Problems)
	s.add(c)
	if c.Total() > 0 {
		s.WithProblems++
	}
	if c.Errors > 0 {
		s.WithErrors++
	}
}

// Valid reports whether every document was read and none has an error.
func (s Summary) Valid() bool { return s.Errors == 0 && s.Unreadable == 0 }

// Writer writes results in one format.
type Writer interface {
	// Add writes or keeps one result.
	Add(Result) error
	// Close finishes the output with the run's summary.
	Close(Summary) error
}

// Options tune a writer.
type Options struct {
	// Color marks up text output with ANSI colours.
	Color bool
	// ToolVersion is payspec's version, for SARIF.
	ToolVersion string
	// RuleDoc describes a problem code in one line, "" when unknown.
	RuleDoc func(code string) string
}

// New returns the writer of a format, writing to w.
func New(format string, w io.Writer, opts Options) (Writer, error) {
	switch format {
	case "text":
		return &textWriter{w: w, color: opts.Color}, nil
	case "json":
		return &jsonWriter{w: w}, nil
	case "sarif":
		return &sarifWriter{w: w, version: opts.ToolVersion, ruleDoc: opts.RuleDoc}, nil
	case "junit":
		return &junitWriter{w: w}, nil
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

// countNoun writes n and a noun in agreement; "info" does not change.
func countNoun(n int, noun string) string {
	if noun == "info" {
		return strconv.Itoa(n) + " info"
	}
	return problem.Count(n, noun)
}

// position is the problem's place, or the start of the file.
func (r Result) position(i int) jsonpos.Position {
	if i < len(r.Positions) {
		return r.Positions[i]
	}
	return jsonpos.Position{Line: max(r.Source.Line, 1), Column: 1}
}
