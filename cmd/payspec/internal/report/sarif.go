package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"

	"github.com/payspec/payspec/validate"
)

// sarifSchema is the schema the SARIF output declares.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// sarifWriter writes a SARIF 2.1.0 log with one run: a result per problem,
// located by file, line and column (columns count Unicode code points) and
// by the problem's JSON Pointer as a logical location; a rule per problem
// code; documents that could not be read as tool notifications.
//
// Results and notifications are rendered as they come and spooled (see
// spool) until Close, which writes the tool and its rules first; the rules
// are listed in the order their codes first occur, so that each result's
// ruleIndex is known when it is rendered.
type sarifWriter struct {
	w       io.Writer
	version string
	ruleDoc func(string) string
	codes   map[string]int // rule index by code
	order   []string       // codes by rule index
	results spool
	notes   spool
}

// sarifSkeleton is the log without its results and notifications, whose
// places hold marker strings (see splice).
type sarifSkeleton struct {
	Schema  string             `json:"$schema"`
	Version string             `json:"version"`
	Runs    []sarifRunSkeleton `json:"runs"`
}

type sarifRunSkeleton struct {
	Tool        sarifTool                 `json:"tool"`
	Invocations []sarifInvocationSkeleton `json:"invocations"`
	ColumnKind  string                    `json:"columnKind"`
	Results     json.RawMessage           `json:"results"`
}

type sarifInvocationSkeleton struct {
	ExecutionSuccessful bool            `json:"executionSuccessful"`
	Notifications       json.RawMessage `json:"toolExecutionNotifications,omitempty"`
}

// The markers, and the indentation of the arrays' elements in the log.
const (
	sarifResultsMarker       = "@payspec-results@"
	sarifNotificationsMarker = "@payspec-notifications@"
	sarifResultIndent        = "        "
	sarifNotificationIndent  = "            "
)

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
	if r.Err != "" {
		return addIndented(&s.notes, sarifNotificationIndent, sarifNotification{
			Level: "error", Message: sarifMessage{Text: r.Source.String() + ": " + r.Err},
			Locations: physicalOnly(r.Source),
		})
	}
	for i, p := range r.Problems {
		if err := addIndented(&s.results, sarifResultIndent, s.result(r, i, p, s.ruleIndex(p.Code))); err != nil {
			return err
		}
	}
	return nil
}

// addIndented spools v as an element of a JSON array indented by indent.
func addIndented(sp *spool, indent string, v any) error {
	b, err := json.MarshalIndent(v, indent, "  ")
	if err != nil {
		return err
	}
	sep := "\n"
	if sp.n > 0 {
		sep = ",\n"
	}
	return sp.add(logSafe(append([]byte(sep+indent), b...), jsonEscape))
}

// ruleIndex is the index of code's rule, which it adds when new.
func (s *sarifWriter) ruleIndex(code string) int {
	if i, ok := s.codes[code]; ok {
		return i
	}
	if s.codes == nil {
		s.codes = map[string]int{}
	}
	s.codes[code] = len(s.order)
	s.order = append(s.order, code)
	return len(s.order) - 1
}

func (s *sarifWriter) Close(sum Summary) error {
	defer s.results.close()
	defer s.notes.close()
	run := sarifRunSkeleton{
		Tool:        sarifTool{Driver: sarifDriver{Name: "payspec", Version: s.version, Rules: s.rules()}},
		Invocations: []sarifInvocationSkeleton{{ExecutionSuccessful: sum.Unreadable == 0}},
		ColumnKind:  "unicodeCodePoints",
		Results:     json.RawMessage(`"` + sarifResultsMarker + `"`),
	}
	arrays := []spliced{{sarifResultsMarker, &s.results}}
	if s.notes.n > 0 {
		run.Invocations[0].Notifications = json.RawMessage(`"` + sarifNotificationsMarker + `"`)
		arrays = append([]spliced{{sarifNotificationsMarker, &s.notes}}, arrays...)
	}
	b, err := json.MarshalIndent(sarifSkeleton{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRunSkeleton{run}}, "", "  ")
	if err != nil {
		return err
	}
	if err := splice(s.w, logSafe(b, jsonEscape), arrays...); err != nil {
		return err
	}
	_, err = io.WriteString(s.w, "\n")
	return err
}

// rules describes the codes that occurred, in the order of their indexes.
func (s *sarifWriter) rules() []sarifRule {
	out := make([]sarifRule, 0, len(s.order))
	for _, c := range s.order {
		rule := sarifRule{ID: c}
		if s.ruleDoc != nil {
			if doc := s.ruleDoc(c); doc != "" {
				rule.ShortDescription = &sarifMessage{Text: doc}
			}
		}
		out = append(out, rule)
	}
	return out
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
