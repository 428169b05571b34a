// Package yamlerr splits the errors of the YAML library
// (go.yaml.in/yaml/v3) into located messages, one per mistake, so that a
// tool can report each as FILE:LINE: message.
package yamlerr

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Message is one mistake the YAML library reported.
type Message struct {
	Line int    // 1 for the first line; 0 when the library gave none
	Text string // without the library's "yaml: " and "line N: "
}

var (
	linePrefix = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownKey = regexp.MustCompile(`field (\S+) not found in type \S+`)
	wrongKind  = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `.*`)? into (\\S+)$")
)

// yamlKinds names the YAML tags a value may have, in words.
var yamlKinds = map[string]string{"map": "a mapping", "seq": "a list", "str": "a string", "int": "a number",
	"float": "a number", "bool": "true or false", "null": "nothing", "timestamp": "a date"}

// kindWanted names, in words, the kind of YAML value a Go type takes.
func kindWanted(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "map["):
		return "a mapping"
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
		return "a number"
	}
	return "a mapping" // the configuration's own types are mappings
}

// kindText rewrites the library's "cannot unmarshal !!map into
// []pkg.type" as what the file should hold there, in words, without Go's
// names for it.
func kindText(text string) string {
	sub := wrongKind.FindStringSubmatch(text)
	if sub == nil {
		return text
	}
	found, ok := yamlKinds[sub[1]]
	if !ok {
		found = "a value of another kind"
	}
	return "expected " + kindWanted(sub[2]) + ", found " + found
}

// Messages splits err: a *yaml.TypeError gives one message per value that
// did not fit, any other error one message. An unknown key (refused by a
// decoder with KnownFields) is named as such, not by the Go type it was
// decoded into.
func Messages(err error) []Message {
	texts := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		texts = te.Errors
	}
	out := make([]Message, 0, len(texts))
	for _, t := range texts {
		m := Message{Text: strings.TrimPrefix(t, "yaml: ")}
		if sub := linePrefix.FindStringSubmatch(t); sub != nil {
			m.Line, _ = strconv.Atoi(sub[1])
			m.Text = sub[2]
		}
		m.Text = kindText(unknownKey.ReplaceAllString(m.Text, `unknown key "$1"`))
		out = append(out, m)
	}
	return out
}
