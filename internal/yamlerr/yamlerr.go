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
)

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
		m.Text = unknownKey.ReplaceAllString(m.Text, `unknown key "$1"`)
		out = append(out, m)
	}
	return out
}
