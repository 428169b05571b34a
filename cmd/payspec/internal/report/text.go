package report

import (
	"bufio"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/payspec/payspec/validate"
)

// ANSI colours of the text format.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// textWriter writes one line per problem,
//
//	FILE:LINE:COL POINTER SEVERITY CODE MESSAGE
//
// with the root pointer written "", and ends with a summary line. Text
// from the documents and file names is written Printable (and a space in
// a pointer \x20), so that each problem is one line and shows as itself. It
// streams: each result is written when it is added.
type textWriter struct {
	w         io.Writer
	color     bool
	buf       []byte
	manifests []string // the manifests that applied, in the order met
}

func (t *textWriter) paint(code, s string) string {
	if !t.color {
		return s
	}
	return code + s + ansiReset
}

func (t *textWriter) Add(r Result) error {
	if r.Manifest != "" && !slices.Contains(t.manifests, r.Manifest) {
		t.manifests = append(t.manifests, r.Manifest)
	}
	if r.Err != "" {
		return nil // the command reports unreadable input on standard error
	}
	b := t.buf[:0]
	for i := range r.Problems {
		b = append(t.appendLine(b, r, i), '\n')
	}
	t.buf = b
	_, err := t.w.Write(b)
	return err
}

// appendLine appends the line of the result's problem i.
func (t *textWriter) appendLine(b []byte, r Result, i int) []byte {
	p, pos := r.Problems[i], r.position(i)
	loc := lineStart(Printable(r.Source.File)) + ":" + strconv.Itoa(pos.Line) + ":" + strconv.Itoa(pos.Column)
	// A space in a member name would shift the fields that follow.
	ptr := strings.ReplaceAll(Printable(p.Pointer), " ", `\x20`)
	if ptr == "" {
		ptr = `""`
	}
	b = append(b, t.paint(ansiBold, loc)...)
	b = append(b, ' ')
	b = append(b, ptr...)
	b = append(b, ' ')
	b = append(b, t.severity(p.Severity)...)
	b = append(b, ' ')
	b = append(b, t.paint(ansiDim, Printable(p.Code))...)
	b = append(b, ' ')
	return append(b, Printable(p.Message)...)
}

func (t *textWriter) severity(s validate.Severity) string {
	switch s {
	case validate.SeverityError:
		return t.paint(ansiRed, string(s))
	case validate.SeverityWarning:
		return t.paint(ansiYellow, string(s))
	}
	return t.paint(ansiCyan, string(s))
}

func (t *textWriter) Close(s Summary) error {
	bw := bufio.NewWriter(t.w)
	bw.WriteString(t.summary(s))
	if m := t.manifestsUsed(); m != "" {
		bw.WriteString(t.paint(ansiDim, m))
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

// summary is the last line:
//
//	✖ 13 problems (12 errors, 1 warning) in 3 of 8 files
//	✔ 8 files valid
//	✔ 8 files valid (1 warning in 1 file)
func (t *textWriter) summary(s Summary) string {
	noun := s.Noun
	if noun == "" {
		noun = "file"
	}
	unread := ""
	if s.Unreadable > 0 {
		unread = "; " + countNoun(s.Unreadable, noun) + " could not be read"
	}
	read := s.Sources - s.Unreadable
	switch {
	case s.Errors > 0:
		return t.paint(ansiRed+ansiBold, "✖ "+countNoun(s.Total(), "problem")+" ("+t.tally(s.Counts)+") in "+
			t.among(s.WithProblems, s.Sources, noun)+unread)
	case s.Unreadable > 0:
		return t.paint(ansiRed+ansiBold, "✖ "+countNoun(read, noun)+" read"+t.alsoFound(s, noun)+unread)
	}
	return t.paint(ansiGreen+ansiBold, "✔ "+countNoun(read, noun)+" valid"+t.alsoFound(s, noun))
}

// manifestsUsed is "; manifest examples/payspec.yaml" (or "; manifests
// A, B and 2 more") when manifests said what documents are, "" otherwise.
func (t *textWriter) manifestsUsed() string {
	if len(t.manifests) == 0 {
		return ""
	}
	shown := make([]string, 0, 3)
	for _, m := range t.manifests[:min(len(t.manifests), 3)] {
		shown = append(shown, Printable(m))
	}
	s := "; manifest " + shown[0]
	if len(t.manifests) > 1 {
		s = "; manifests " + strings.Join(shown, ", ")
	}
	if more := len(t.manifests) - len(shown); more > 0 {
		s += " and " + strconv.Itoa(more) + " more"
	}
	return s
}

// alsoFound is " (1 warning in 1 file)" for a run without errors.
func (t *textWriter) alsoFound(s Summary, noun string) string {
	if s.Total() == 0 {
		return ""
	}
	return " (" + t.tally(s.Counts) + " in " + countNoun(s.WithProblems, noun) + ")"
}

// tally lists the counts that are not zero: "12 errors, 1 warning".
func (t *textWriter) tally(c Counts) string {
	var parts []string
	for _, n := range []struct {
		n    int
		noun string
	}{{c.Errors, "error"}, {c.Warnings, "warning"}, {c.Infos, "info"}} {
		if n.n > 0 {
			parts = append(parts, countNoun(n.n, n.noun))
		}
	}
	return strings.Join(parts, ", ")
}

// among is "3 of 8 files", or "1 file" when there is only one.
func (t *textWriter) among(n, of int, noun string) string {
	if of == 1 {
		return countNoun(n, noun)
	}
	return strconv.Itoa(n) + " of " + countNoun(of, noun)
}
