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
//
// The entries are rendered as they come and spooled (see spool) until
// Close, which writes the verdict and counts first.
type jsonWriter struct {
	w     io.Writer
	files spool
}

// jsonHead is the part of the report before its files.
type jsonHead struct {
	Valid  bool        `json:"valid"`
	Counts summaryJSON `json:"counts"`
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
	b, err := json.Marshal(fileReportOf(r))
	if err != nil {
		return err
	}
	if j.files.n > 0 {
		b = append([]byte{','}, b...)
	}
	return j.files.add(logSafe(b, jsonEscape))
}

// fileReportOf is one document's entry.
func fileReportOf(r Result) fileReport {
	f := fileReport{Source: sourceJSON{File: r.Source.File, Line: r.Source.Line}, Operation: r.Operation,
		Response: r.Response, Manifest: r.Manifest, Counts: CountsOf(r.Problems),
		Problems: make([]problemJSON, len(r.Problems)), Error: r.Err}
	for i, p := range r.Problems {
		pos := r.position(i)
		f.Problems[i] = problemJSON{Pointer: p.Pointer, Code: p.Code, Severity: p.Severity, Message: p.Message,
			Detail: p.Detail, Line: pos.Line, Column: pos.Column}
	}
	f.Valid = r.Err == "" && !r.Problems.HasErrors()
	return f
}

// Close writes {"valid":...,"counts":{...},"files":[...]} on one line.
func (j *jsonWriter) Close(s Summary) error {
	defer j.files.close()
	head, err := json.Marshal(jsonHead{Valid: s.Valid(),
		Counts: summaryJSON{Documents: s.Sources, WithProblems: s.WithProblems, Unreadable: s.Unreadable, Counts: s.Counts}})
	if err != nil {
		return err
	}
	head = logSafe(head, jsonEscape)
	head = append(head[:len(head)-1], `,"files":`...) // in place of the closing brace
	if _, err := j.w.Write(head); err != nil {
		return err
	}
	if err := writeArray(j.w, &j.files, ""); err != nil {
		return err
	}
	_, err = io.WriteString(j.w, "}\n")
	return err
}
