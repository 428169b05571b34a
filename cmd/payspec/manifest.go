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
	"regexp"
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
// it matches, and the rules configuration for every document it governs.
type manifest struct {
	dir     string // absolute
	path    string // as shown to the user
	rules   string // the rules configuration it names, absolute; "" for none
	entries []manifestEntry
}

type manifestFile struct {
	Rules    string          `yaml:"rules"`
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
// top is the highest directory the search for manifests may reach; a
// manifest, or the rules configuration it names, whose file lies outside
// top (through a link, or "..") is refused, since it is not the
// repository's own. Every mistake in the manifest is reported at once,
// each as FILE:LINE: message, and no message repeats a value written in
// the file: a manifest is read from a pull request as often as not.
func loadManifest(e *validate.Engine, dir string, top searchBound) (*manifest, error) {
	p := filepath.Join(dir, manifestName)
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if !within(p, top.dir) {
		return nil, usagef("validate: %s leads outside %s (%s), through a link; payspec reads manifests only from inside it",
			displayPath(p), top.name, displayPath(top.dir))
	}
	if err == nil && st.Mode()&fs.ModeSymlink != 0 {
		st, err = os.Stat(p)
	}
	if err == nil && !st.Mode().IsRegular() {
		return nil, usagef("validate: %s is not a regular file", displayPath(p))
	}
	data, err := readFileAtMost(displayPath(p), maxConfigBytes, "manifest")
	if err != nil {
		return nil, err
	}
	m := &manifest{dir: dir, path: displayPath(p)}
	var mistakes []yamlerr.Message
	fail := func(line int, format string, args ...any) {
		mistakes = append(mistakes, yamlerr.Message{Line: line, Text: fmt.Sprintf(format, args...)})
	}
	var f manifestFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		for _, msg := range yamlerr.Messages(err) {
			fail(max(msg.Line, 1), "%s", withoutValues(msg.Text))
		}
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, manifestError(p, mistakes) // a syntax error: nothing more to check
		}
	}
	lines := keyLines(data)
	if f.Rules != "" {
		m.rules = filepath.Join(dir, filepath.FromSlash(f.Rules))
		if !within(m.rules, top.dir) {
			fail(lines.rules, "rules: the configuration named leads outside %s (%s); it must be a file inside it", top.name, displayPath(top.dir))
		}
	}
	for i, entry := range f.Payloads {
		line := 1
		if i < len(lines.entries) {
			line = lines.entries[i]
		}
		entry.check(e, func(format string, args ...any) { fail(line, format, args...) })
		m.entries = append(m.entries, entry)
	}
	if len(mistakes) > 0 {
		return nil, manifestError(p, mistakes)
	}
	return m, nil
}

// within reports whether p is top or lies below it once every link on the
// way to each is followed. A file that does not exist is judged by its
// path; one that cannot be resolved is not within.
func within(p, top string) bool {
	real, err := filepath.EvalSymlinks(p)
	if errors.Is(err, fs.ErrNotExist) {
		real, err = filepath.EvalSymlinks(filepath.Dir(p))
		real = filepath.Join(real, filepath.Base(p))
	}
	if err != nil {
		return false
	}
	realTop, err := filepath.EvalSymlinks(top)
	return err == nil && isBelow(real, realTop)
}

// quoted finds the values the YAML library quotes in its messages.
var quoted = regexp.MustCompile("`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'")

// yamlTypeError is the YAML library's message for a value of the wrong
// kind, the value left out.
var yamlTypeError = regexp.MustCompile(`^cannot unmarshal !!(\w+) … into (.+)$`)

// withoutValues rewrites a YAML library message without the values it
// quotes, and in words for a value of the wrong kind.
func withoutValues(msg string) string {
	msg = quoted.ReplaceAllString(msg, "…")
	if strings.HasPrefix(msg, "unknown key") {
		return "unknown key (a manifest has rules and payloads; an entry files, op, response, params and headers)"
	}
	if m := yamlTypeError.FindStringSubmatch(msg); m != nil {
		return "expected " + goTypeInWords(m[2]) + ", found a " + yamlTagInWords(m[1])
	}
	return msg
}

func goTypeInWords(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.HasPrefix(t, "main."):
		return "a mapping"
	case t == "int":
		return "a whole number"
	}
	return "a " + t
}

func yamlTagInWords(tag string) string {
	switch tag {
	case "str":
		return "string"
	case "seq":
		return "list"
	case "map":
		return "mapping"
	case "int", "float":
		return "number"
	}
	return tag
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
// Its messages name what is wrong, never the value written.
func (entry *manifestEntry) check(e *validate.Engine, fail func(string, ...any)) {
	if entry.Files == "" {
		fail("files is required: a glob relative to the manifest's directory")
	} else if _, err := path.Match(entry.Files, ""); err != nil {
		fail("files: not a valid glob (an unclosed [ or a \\ at the end)")
	}
	if entry.Op != "" {
		op, ok := e.Operation(entry.Op)
		if !ok {
			fail("op: unknown operation%s", suggestion(e, entry.Op))
		}
		entry.op = op
	}
	if entry.Response != 0 && (entry.Response < 100 || entry.Response > 599) {
		fail("response must be an HTTP status between 100 and 599")
	}
	if entry.Response != 0 && len(entry.Params) > 0 {
		fail("params apply to requests, not to a response")
	}
	if entry.op.ID != "" {
		for name := range entry.Params {
			if _, ok := paramIn(entry.op, name); !ok {
				fail("params: %s has no path or query parameter of one of these names (it has %s)", entry.op.ID, paramNames(entry.op))
				break
			}
		}
	}
	for name := range entry.Headers {
		if name == "" || strings.ContainsAny(name, " \t:") || textproto.CanonicalMIMEHeaderKey(name) == "" {
			fail("headers: a name is empty or holds a space, tab or colon")
			break
		}
	}
}

// suggestion is " (did you mean ID?)" for the operation closest to id,
// else " (see payspec ops)".
func suggestion(e *validate.Engine, id string) string {
	ids := make([]string, 0, len(e.Operations()))
	for _, op := range e.Operations() {
		ids = append(ids, op.ID)
	}
	if best, ok := closest(id, ids); ok {
		return " (did you mean " + best + "?)"
	}
	return " (see payspec ops)"
}

// paramNames lists the path and query parameters of an operation, or says
// it has none.
func paramNames(op validate.Operation) string {
	var names []string
	for _, p := range op.Parameters {
		if p.In == "path" || p.In == "query" {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
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

// manifestLines are the lines of a manifest's keys, for its messages.
type manifestLines struct {
	rules   int
	entries []int // of each entry of payloads
}

// keyLines finds the line of rules and of each entry of payloads.
func keyLines(data []byte) manifestLines {
	out := manifestLines{rules: 1}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 {
		return out
	}
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		switch doc.Content[i].Value {
		case "rules":
			out.rules = doc.Content[i].Line
		case "payloads":
			for _, item := range doc.Content[i+1].Content {
				out.entries = append(out.entries, item.Line)
			}
		}
	}
	return out
}
