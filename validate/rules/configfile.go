package rules

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/payspec/payspec/internal/yamlerr"
)

// ConfigError is one mistake in a configuration file: the line it is on
// (0 when unknown), the path of the entry (speeds.Wire,
// limits.FEDNOW[1].max; "" for the file as a whole) and what is wrong.
type ConfigError struct {
	Line    int
	Path    string
	Message string
}

// Error gives the line, the path and the message on one line.
func (e ConfigError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		b.WriteString("line " + strconv.Itoa(e.Line) + ": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// ConfigErrors is every mistake found in one configuration file, in line
// order. It wraps ErrConfig, so errors.Is(err, ErrConfig) holds, and
// errors.As recovers the list to show each mistake with its location.
type ConfigErrors []ConfigError

// Error joins the mistakes on one line.
func (es ConfigErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return ErrConfig.Error() + ": " + strings.Join(parts, "; ")
}

// Unwrap returns ErrConfig.
func (es ConfigErrors) Unwrap() error { return ErrConfig }

// configFile is a configuration file being read: its YAML tree, for the
// line of each entry, and the mistakes found so far.
type configFile struct {
	doc     *yaml.Node // the document's root mapping; nil for an empty file
	replace map[string]bool
	errs    ConfigErrors
}

// readConfigFile parses data as YAML (JSON is YAML too) and decodes it into
// f, collecting every mistake the reading can find: syntax, unknown keys,
// wrong types and malformed replace directives.
func readConfigFile(data []byte, f *fileConfig) *configFile {
	cf := &configFile{replace: map[string]bool{}}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		cf.yamlError(err)
		return cf
	}
	if len(root.Content) == 0 {
		return cf // an empty file changes nothing
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		cf.errs = append(cf.errs, ConfigError{Line: doc.Line, Message: "the file must be a mapping of sections"})
		return cf
	}
	cf.doc = doc
	cf.directives(reflect.TypeFor[fileConfig]())
	cf.unknownKeys(doc, reflect.TypeFor[fileConfig](), nil)
	if err := doc.Decode(f); err != nil {
		cf.yamlError(err)
	}
	return cf
}

// directives takes the replace directive out of each section: a mapping
// section holds "replace: true" beside its entries; a list section is
// then written {replace: true, values: [...]}. A section whose directive
// is malformed is reported and left out, so that it gives one mistake.
func (cf *configFile) directives(t reflect.Type) {
	kept := cf.doc.Content[:0:0]
	for i := 0; i+1 < len(cf.doc.Content); i += 2 {
		key, val := cf.doc.Content[i], cf.doc.Content[i+1]
		if field, ok := fieldByTag(t, key.Value); ok && val.Kind == yaml.MappingNode {
			var good bool
			if val, good = cf.directive(key.Value, val, field.Type.Kind() == reflect.Slice); !good {
				continue
			}
		}
		kept = append(kept, key, val)
	}
	cf.doc.Content = kept
}

// directive reads the replace directive of one section and returns the
// section without it, and false when the directive is malformed.
func (cf *configFile) directive(section string, val *yaml.Node, list bool) (*yaml.Node, bool) {
	at := []any{section}
	rep, rest, found := takeKey(val, "replace")
	if !found {
		return val, true
	}
	if rep.Kind != yaml.ScalarNode || rep.Tag != "!!bool" {
		cf.add(at, rep.Line, "replace must be true or false")
		return nil, false
	}
	cf.replace[section] = rep.Value == "true"
	trimmed := *val
	trimmed.Content = rest
	if !list {
		return &trimmed, true
	}
	values, others, _ := takeKey(&trimmed, "values")
	switch {
	case len(others) > 0:
		cf.add(at, val.Line, "a list section is written as a list, or as {replace: true, values: [...]}")
	case values == nil:
		cf.add(at, val.Line, "values is required beside replace")
	default:
		return values, true
	}
	return nil, false
}

// takeKey returns the value of key in a mapping node and the other pairs.
func takeKey(m *yaml.Node, key string) (*yaml.Node, []*yaml.Node, bool) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i].Kind == yaml.ScalarNode {
			rest := slices.Concat(m.Content[:i], m.Content[i+2:])
			return m.Content[i+1], rest, true
		}
	}
	return nil, m.Content, false
}

// unknownKeys reports mapping keys that name no field of the struct type t
// decodes into, at any depth.
func (cf *configFile) unknownKeys(n *yaml.Node, t reflect.Type, at []any) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			f, ok := fieldByTag(t, key)
			if !ok {
				cf.add(at, n.Content[i].Line, "unknown key "+strconv.Quote(key)+" (known: "+strings.Join(tagNames(t), ", ")+")")
				continue
			}
			cf.unknownKeys(n.Content[i+1], f.Type, appendPath(at, key))
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Map:
		for i := 0; i+1 < len(n.Content); i += 2 {
			cf.unknownKeys(n.Content[i+1], t.Elem(), appendPath(at, n.Content[i].Value))
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for i, item := range n.Content {
			cf.unknownKeys(item, t.Elem(), appendPath(at, i))
		}
	}
}

func appendPath(at []any, step any) []any {
	return append(slices.Clip(at), step)
}

// fieldByTag finds the struct field whose yaml tag is name, looking into
// inlined structs as the YAML decoder does.
func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == name {
			return f, true
		}
		if inlined(tag, opts, f.Type) {
			if inner, ok := fieldByTag(f.Type, name); ok {
				return inner, true
			}
		}
	}
	return reflect.StructField{}, false
}

func tagNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case inlined(tag, opts, f.Type):
			out = append(out, tagNames(f.Type)...)
		case tag != "" && tag != "-":
			out = append(out, tag)
		}
	}
	return out
}

// inlined reports a struct field whose members the YAML decoder reads as
// the enclosing struct's own.
func inlined(tag, opts string, t reflect.Type) bool {
	return tag == "" && strings.Contains(opts, "inline") && t.Kind() == reflect.Struct
}

// yamlError records a syntax or type error of the YAML library, one
// mistake per line it reports.
func (cf *configFile) yamlError(err error) {
	for _, m := range yamlerr.Messages(err) {
		cf.errs = append(cf.errs, ConfigError{Line: m.Line, Message: m.Text})
	}
}

// addf records a mistake in the entry at path (keys and indexes from the
// root), located at the entry's line when the file has it.
func (cf *configFile) addf(at []any, format string, args ...any) {
	cf.add(at, cf.lineOf(at), fmt.Sprintf(format, args...))
}

func (cf *configFile) add(at []any, line int, msg string) {
	cf.errs = append(cf.errs, ConfigError{Line: line, Path: pathString(at), Message: msg})
}

// lineOf is the line of the entry at path, or of its nearest ancestor the
// file holds; 0 without a file.
func (cf *configFile) lineOf(at []any) int {
	n := cf.doc
	if n == nil {
		return 0
	}
	line := n.Line
	for _, step := range at {
		var next *yaml.Node
		switch s := step.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == s {
						line, next = n.Content[i].Line, n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && s >= 0 && s < len(n.Content) {
				next = n.Content[s]
				line = next.Line
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return line
}

// pathString writes a path as speeds.Wire or limits.FEDNOW[1].max.
func pathString(at []any) string {
	var b strings.Builder
	for _, step := range at {
		switch s := step.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(s) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, s)
		}
	}
	return b.String()
}

// err returns the mistakes in line order, or nil.
func (cf *configFile) err() error {
	if len(cf.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(cf.errs, func(a, b ConfigError) int { return a.Line - b.Line })
	return cf.errs
}
