package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"slices"

	"github.com/payspec/payspec/validate"
)

// sarifSchema is the schema the SARIF output declares.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// sarifWriter writes a SARIF 2.1.0 log with one run: a result per problem,
// located by file, line and column (columns count Unicode code points) and
// by the problem's JSON Pointer as a logical location; a rule per problem
// code; documents that could not be read as tool notifications.
type sarifWriter struct {
	w       io.Writer
	version string
	ruleDoc func(string) string
	results []Result
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	ColumnKind  string            `json:"columnKind"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string        `json:"id"`
	ShortDescription *sarifMessage `json:"shortDescription,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifMessage    `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	Physical *sarifPhysical `json:"physicalLocation,omitempty"`
	Logical  []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
}

func (s *sarifWriter) Add(r Result) error {
	s.results = append(s.results, r)
	return nil
}

func (s *sarifWriter) Close(sum Summary) error {
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: "payspec", Version: s.version, Rules: []sarifRule{}}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: sum.Unreadable == 0}},
		ColumnKind:  "unicodeCodePoints",
		Results:     []sarifResult{},
	}
	index := s.rules(&run.Tool.Driver)
	for _, r := range s.results {
		if r.Err != "" {
			run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, sarifNotification{
				Level: "error", Message: sarifMessage{Text: r.Source.String() + ": " + r.Err},
				Locations: physicalOnly(r.Source),
			})
			continue
		}
		for i, p := range r.Problems {
			run.Results = append(run.Results, s.result(r, i, p, index[p.Code]))
		}
	}
	b, err := json.MarshalIndent(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}, "", "  ")
	if err != nil {
		return err
	}
	_, err = s.w.Write(append(logSafe(b, jsonEscape), '\n'))
	return err
}

// rules lists every code that occurs, sorted, and returns their indexes.
func (s *sarifWriter) rules(d *sarifDriver) map[string]int {
	var codes []string
	for _, r := range s.results {
		for _, p := range r.Problems {
			codes = append(codes, p.Code)
		}
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	index := make(map[string]int, len(codes))
	for i, c := range codes {
		rule := sarifRule{ID: c}
		if s.ruleDoc != nil {
			if doc := s.ruleDoc(c); doc != "" {
				rule.ShortDescription = &sarifMessage{Text: doc}
			}
		}
		d.Rules = append(d.Rules, rule)
		index[c] = i
	}
	return index
}

func (s *sarifWriter) result(r Result, i int, p validate.Problem, ruleIndex int) sarifResult {
	ptr := p.Pointer
	where := ptr
	if where == "" {
		where = "the document"
	}
	props := map[string]any{"pointer": ptr, "operation": r.Operation, "source": r.Source.String()}
	if p.Detail != "" {
		props["detail"] = p.Detail
	}
	if r.Response != 0 {
		props["response"] = r.Response
	}
	loc := sarifLocation{Logical: []sarifLogical{{FullyQualifiedName: ptr}}}
	if ptr == "" {
		loc.Logical = nil
	}
	if r.Source.IsFile() {
		pos := r.position(i)
		loc.Physical = &sarifPhysical{Artifact: sarifArtifact{URI: fileURI(r.Source.File)},
			Region: &sarifRegion{StartLine: pos.Line, StartColumn: pos.Column}}
	}
	return sarifResult{RuleID: p.Code, RuleIndex: ruleIndex, Level: sarifLevel(p.Severity),
		Message: sarifMessage{Text: where + ": " + p.Message}, Locations: []sarifLocation{loc}, Properties: props}
}

func physicalOnly(src Source) []sarifLocation {
	if !src.IsFile() {
		return nil
	}
	return []sarifLocation{{Physical: &sarifPhysical{Artifact: sarifArtifact{URI: fileURI(src.File)}}}}
}

func sarifLevel(s validate.Severity) string {
	switch s {
	case validate.SeverityError:
		return "error"
	case validate.SeverityWarning:
		return "warning"
	}
	return "note"
}

// fileURI is a relative URI reference for a relative path, and a file URI
// for an absolute one.
func fileURI(path string) string {
	slashed := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		return (&url.URL{Scheme: "file", Path: slashed}).String()
	}
	return (&url.URL{Path: slashed}).String()
}
