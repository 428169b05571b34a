package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/textproto"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/payspec/payspec/internal/yamlerr"
	"github.com/payspec/payspec/validate"
)

// manifestName is the file that says what the documents beside it are.
const manifestName = "payspec.yaml"

// manifest is a payspec.yaml: globs relative to its directory, each with
// the operation, response status, parameters and headers of the documents
// it matches.
type manifest struct {
	dir     string // absolute
	entries []manifestEntry
}

type manifestFile struct {
	Payloads []manifestEntry `yaml:"payloads"`
}

// manifestEntry is one glob of a manifest and what applies to the
// documents it matches.
type manifestEntry struct {
	Files    string            `yaml:"files"`
	Op       string            `yaml:"op"`
	Response int               `yaml:"response"`
	Params   map[string]string `yaml:"params"`
	Headers  map[string]string `yaml:"headers"`

	op validate.Operation // Op, looked up
}

// loadManifest reads the manifest of dir, if it has one: nil without one.
// Every mistake in it is reported at once, each as FILE:LINE: message.
func loadManifest(e *validate.Engine, dir string) (*manifest, error) {
	p := filepath.Join(dir, manifestName)
	st, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err == nil && !st.Mode().IsRegular() {
		return nil, usagef("validate: %s is not a regular file", displayPath(p))
	}
	data, err := readFileAtMost(displayPath(p), maxConfigBytes, "manifest")
	if err != nil {
		return nil, err
	}
	m := &manifest{dir: dir}
	var mistakes []yamlerr.Message
	fail := func(line int, format string, args ...any) {
		mistakes = append(mistakes, yamlerr.Message{Line: line, Text: fmt.Sprintf(format, args...)})
	}
	var f manifestFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		for _, msg := range yamlerr.Messages(err) {
			fail(max(msg.Line, 1), "%s", msg.Text)
		}
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, manifestError(p, mistakes) // a syntax error: nothing more to check
		}
	}
	lines := entryLines(data)
	for i, entry := range f.Payloads {
		line := 1
		if i < len(lines) {
			line = lines[i]
		}
		entry.check(e, func(format string, args ...any) { fail(line, format, args...) })
		m.entries = append(m.entries, entry)
	}
	if len(mistakes) > 0 {
		return nil, manifestError(p, mistakes)
	}
	return m, nil
}

// manifestError reports every mistake of a manifest, in line order, one
// per line as FILE:LINE: message.
func manifestError(p string, mistakes []yamlerr.Message) error {
	slices.SortStableFunc(mistakes, func(a, b yamlerr.Message) int { return a.Line - b.Line })
	lines := make([]string, len(mistakes))
	for i, m := range mistakes {
		lines[i] = fmt.Sprintf("%s:%d: %s", displayPath(p), m.Line, m.Text)
	}
	return usageLines(lines)
}

// displayPath is a path relative to the working directory when it lies
// below it, as a person would write it; else the path itself.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return rel
}

// check looks the entry's operation up and refuses what cannot apply.
func (entry *manifestEntry) check(e *validate.Engine, fail func(string, ...any)) {
	if entry.Files == "" {
		fail("files is required: a glob relative to the manifest's directory")
	} else if _, err := path.Match(entry.Files, ""); err != nil {
		fail("files: bad pattern %q", entry.Files)
	}
	if entry.Op != "" {
		op, err := findOperation(e, "op", entry.Op)
		if err != nil {
			fail("%v", err)
		}
		entry.op = op
	}
	if entry.Response != 0 && (entry.Response < 100 || entry.Response > 599) {
		fail("response must be an HTTP status between 100 and 599")
	}
	if entry.Response != 0 && len(entry.Params) > 0 {
		fail("params apply to requests, not to a response")
	}
	for name := range entry.Params {
		if _, ok := paramIn(entry.op, name); entry.Op != "" && entry.op.ID != "" && !ok {
			fail("%s has no path or query parameter %q", entry.op.ID, name)
		}
	}
	for name := range entry.Headers {
		if name == "" || strings.ContainsAny(name, " \t:") || textproto.CanonicalMIMEHeaderKey(name) == "" {
			fail("%q is not a header name", name)
		}
	}
}

// match finds the first entry whose glob matches the file.
func (m *manifest) match(abs string) (manifestEntry, bool) {
	rel, err := filepath.Rel(m.dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return manifestEntry{}, false
	}
	name := strings.Split(filepath.ToSlash(rel), "/")
	for _, entry := range m.entries {
		if matchSegments(strings.Split(strings.TrimPrefix(entry.Files, "./"), "/"), name) {
			return entry, true
		}
	}
	return manifestEntry{}, false
}

// entryLines finds the line of each entry of the payloads list.
func entryLines(data []byte) []int {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 {
		return nil
	}
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == "payloads" {
			var lines []int
			for _, item := range doc.Content[i+1].Content {
				lines = append(lines, item.Line)
			}
			return lines
		}
	}
	return nil
}
