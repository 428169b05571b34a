package report

import (
	"encoding/json"
	"io"

	"github.com/payspec/payspec/validate"
)

// jsonWriter writes one JSON object on one line. For a command naming one
// file it is the engine's own verdict, {"valid": bool, "problems": [...]};
// otherwise the run's verdict and counts, and an entry per document with
// its source, operation, verdict, counts and problems (or the reason it
// could not be read).
type jsonWriter struct {
	w       io.Writer
	single  bool
	results []Result
}

// singleReport is the one-document shape.
type singleReport struct {
	Valid    bool              `json:"valid"`
	Problems validate.Problems `json:"problems"`
}

// manyReport is the shape for several documents.
type manyReport struct {
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
	Source    sourceJSON        `json:"source"`
	Operation string            `json:"operation,omitempty"`
	Response  int               `json:"response,omitempty"`
	Valid     bool              `json:"valid"`
	Counts    Counts            `json:"counts"`
	Problems  validate.Problems `json:"problems"`
	Error     string            `json:"error,omitempty"`
}

type sourceJSON struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

func (j *jsonWriter) Add(r Result) error {
	j.results = append(j.results, r)
	return nil
}

func (j *jsonWriter) Close(s Summary) error {
	var v any
	if j.single && len(j.results) == 1 && j.results[0].Err == "" {
		ps := j.results[0].Problems
		if ps == nil {
			ps = validate.Problems{}
		}
		v = singleReport{Valid: !ps.HasErrors(), Problems: ps}
	} else {
		m := manyReport{Valid: s.Valid(), Files: make([]fileReport, 0, len(j.results)),
			Counts: summaryJSON{Documents: s.Sources, WithProblems: s.WithProblems, Unreadable: s.Unreadable, Counts: s.Counts}}
		for _, r := range j.results {
			f := fileReport{Source: sourceJSON{File: r.Source.File, Line: r.Source.Line}, Operation: r.Operation,
				Response: r.Response, Counts: CountsOf(r.Problems), Problems: r.Problems, Error: r.Err}
			if f.Problems == nil {
				f.Problems = validate.Problems{}
			}
			f.Valid = r.Err == "" && !r.Problems.HasErrors()
			m.Files = append(m.Files, f)
		}
		v = m
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = j.w.Write(append(logSafe(b, jsonEscape), '\n'))
	return err
}
