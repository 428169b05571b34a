package report

import (
	"encoding/json"
	"io"

	"github.com/payspec/payspec/validate"
)

// jsonWriter writes one JSON object on one line, of the same shape
// whatever the number of documents: the run's verdict and counts, and an
// entry per document with its source, operation, the manifest that
// applied, its verdict, counts and problems (or the reason it could not be
// read). Every problem carries the line and column of its member in the
// file.
type jsonWriter struct {
	w       io.Writer
	results []Result
}

// jsonReport is the report.
type jsonReport struct {
	Valid  bool         `json:"valid"`
	Counts summaryJSON  `json:"counts"`
	Files  []fileReport `json:"files"`
}

type summaryJSON struct {
	Documents    int `json:"documents"`
	WithProblems int `json:"withProblems"`
	Unreadable   int `json:"unreadable"`
	Counts
}

type fileReport struct {
	Source    sourceJSON    `json:"source"`
	Operation string        `json:"operation,omitempty"`
	Response  int           `json:"response,omitempty"`
	Manifest  string        `json:"manifest,omitempty"`
	Valid     bool          `json:"valid"`
	Counts    Counts        `json:"counts"`
	Problems  []problemJSON `json:"problems"`
	Error     string        `json:"error,omitempty"`
}

type sourceJSON struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

// problemJSON is a problem and its place in the file.
type problemJSON struct {
	Pointer  string            `json:"pointer"`
	Code     string            `json:"code"`
	Severity validate.Severity `json:"severity"`
	Message  string            `json:"message"`
	Detail   string            `json:"detail,omitempty"`
	Line     int               `json:"line"`
	Column   int               `json:"column"`
}

func (j *jsonWriter) Add(r Result) error {
	j.results = append(j.results, r)
	return nil
}

func (j *jsonWriter) Close(s Summary) error {
	rep := jsonReport{Valid: s.Valid(), Files: make([]fileReport, 0, len(j.results)),
		Counts: summaryJSON{Documents: s.Sources, WithProblems: s.WithProblems, Unreadable: s.Unreadable, Counts: s.Counts}}
	for _, r := range j.results {
		f := fileReport{Source: sourceJSON{File: r.Source.File, Line: r.Source.Line}, Operation: r.Operation,
			Response: r.Response, Manifest: r.Manifest, Counts: CountsOf(r.Problems),
			Problems: make([]problemJSON, len(r.Problems)), Error: r.Err}
		for i, p := range r.Problems {
			pos := r.position(i)
			f.Problems[i] = problemJSON{Pointer: p.Pointer, Code: p.Code, Severity: p.Severity, Message: p.Message,
				Detail: p.Detail, Line: pos.Line, Column: pos.Column}
		}
		f.Valid = r.Err == "" && !r.Problems.HasErrors()
		rep.Files = append(rep.Files, f)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	_, err = j.w.Write(append(logSafe(b, jsonEscape), '\n'))
	return err
}
