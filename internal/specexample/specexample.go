// Package specexample reads the examples written in payspec's embedded
// specs, with numbers kept exactly as written (2450.00 stays 2450.00, never
// passing through a float), so that tools can print them and tests can
// feed them to the code under test.
package specexample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/payspec/payspec/api"
)

// Kind says where in a spec an example sits.
type Kind string

// Example locations.
const (
	KindRequest  Kind = "request"  // an operation's request body
	KindResponse Kind = "response" // an operation's response body for one status
	KindSchema   Kind = "schema"   // a component schema's own example
)

// Example is one example value found in a spec.
type Example struct {
	Provider    api.Provider
	Kind        Kind
	OperationID string // request and response examples
	Status      string // response examples
	Schema      string // schema examples: the component name
	Name        string // key in an `examples` map; "" for a single `example`
	Location    string // JSON Pointer of the example inside the spec, for messages
	JSON        []byte // the value as JSON, numbers exactly as written
}

// String names the example for test output.
func (e Example) String() string {
	return string(e.Provider) + e.Location
}

// Body is one JSON body an operation declares: its request body (Status
// "") or its response body for a status, and the component schema the body
// refers to ("" when it is written inline).
type Body struct {
	OperationID string
	Status      string
	Schema      string
}

// Catalogue is every example of one spec and every body they belong to.
type Catalogue struct {
	Examples []Example // sorted by location
	Bodies   []Body    // in the spec's order
}

// Load reads the examples and bodies of the provider's embedded spec.
func Load(p api.Provider) (*Catalogue, error) {
	b, ok := api.Spec(p)
	if !ok {
		return nil, fmt.Errorf("specexample: unknown provider %q", p)
	}
	return read(p, b)
}

// ForBody returns the examples of one body: those written for the body
// itself, or else the example of the component schema it refers to (named
// "schema example"); nil when there is neither.
func (c *Catalogue) ForBody(b Body) []Example {
	var out []Example
	for _, ex := range c.Examples {
		if ex.Kind != KindSchema && ex.OperationID == b.OperationID && ex.Status == b.Status {
			out = append(out, ex)
		}
	}
	if len(out) > 0 || b.Schema == "" {
		return out
	}
	for _, ex := range c.Examples {
		if ex.Kind == KindSchema && ex.Schema == b.Schema {
			ex.Name = "schema example"
			return []Example{ex}
		}
	}
	return nil
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func read(p api.Provider, spec []byte) (*Catalogue, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(spec, &root); err != nil {
		return nil, err
	}
	if len(root.Content) != 1 {
		return nil, fmt.Errorf("empty document")
	}
	doc := root.Content[0]
	c := &Catalogue{}
	for _, pathKV := range pairs(child(doc, "paths")) {
		for _, m := range httpMethods {
			if op := child(pathKV.value, m); op != nil {
				if err := c.operation(p, doc, op, "/paths/"+escape(pathKV.key)+"/"+m); err != nil {
					return nil, err
				}
			}
		}
	}
	// Component schema examples.
	for _, s := range pairs(child(child(doc, "components"), "schemas")) {
		ex := child(s.value, "example")
		if ex == nil {
			continue
		}
		loc := "/components/schemas/" + s.key + "/example"
		js, err := NodeJSON(ex)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", loc, err)
		}
		c.Examples = append(c.Examples, Example{Provider: p, Kind: KindSchema, Schema: s.key, Location: loc, JSON: js})
	}
	sort.SliceStable(c.Examples, func(i, j int) bool { return c.Examples[i].Location < c.Examples[j].Location })
	return c, nil
}

// operation adds the bodies of one operation and their own examples.
func (c *Catalogue) operation(p api.Provider, doc, op *yaml.Node, base string) error {
	opID := scalar(child(op, "operationId"))
	if rb := child(op, "requestBody"); rb != nil {
		if err := c.body(rb, base+"/requestBody", Example{Provider: p, Kind: KindRequest, OperationID: opID}); err != nil {
			return err
		}
	}
	for _, resp := range pairs(child(op, "responses")) {
		node, loc := resp.value, base+"/responses/"+resp.key
		if ref := scalar(child(node, "$ref")); ref != "" {
			name := strings.TrimPrefix(ref, "#/components/responses/")
			node = child(child(child(doc, "components"), "responses"), name)
			if node == nil {
				return fmt.Errorf("%s: unresolved %s", loc, ref)
			}
			loc = "/components/responses/" + name
		}
		tmpl := Example{Provider: p, Kind: KindResponse, OperationID: opID, Status: resp.key}
		if err := c.body(node, loc, tmpl); err != nil {
			return err
		}
	}
	return nil
}

// body adds the JSON body a request body or response declares, if any, and
// its examples.
func (c *Catalogue) body(holder *yaml.Node, loc string, tmpl Example) error {
	if mt := child(child(holder, "content"), "application/json"); mt != nil {
		ref := scalar(child(child(mt, "schema"), "$ref"))
		c.Bodies = append(c.Bodies, Body{OperationID: tmpl.OperationID, Status: tmpl.Status,
			Schema: strings.TrimPrefix(ref, "#/components/schemas/")})
	}
	got, err := mediaExamples(tmpl.Provider, holder, loc, tmpl)
	if err != nil {
		return err
	}
	c.Examples = append(c.Examples, got...)
	return nil
}

// mediaExamples collects content/*/example and content/*/examples/*/value.
func mediaExamples(p api.Provider, holder *yaml.Node, loc string, tmpl Example) ([]Example, error) {
	var out []Example
	for _, mt := range pairs(child(holder, "content")) {
		mloc := loc + "/content/" + escape(mt.key)
		if ex := child(mt.value, "example"); ex != nil {
			js, err := NodeJSON(ex)
			if err != nil {
				return nil, fmt.Errorf("%s/example: %w", mloc, err)
			}
			e := tmpl
			e.Location, e.JSON = mloc+"/example", js
			out = append(out, e)
		}
		for _, named := range pairs(child(mt.value, "examples")) {
			v := child(named.value, "value")
			if v == nil {
				continue
			}
			js, err := NodeJSON(v)
			if err != nil {
				return nil, fmt.Errorf("%s/examples/%s: %w", mloc, named.key, err)
			}
			e := tmpl
			e.Name, e.Location, e.JSON = named.key, mloc+"/examples/"+escape(named.key)+"/value", js
			out = append(out, e)
		}
	}
	return out, nil
}

// jsonNumber is the JSON number grammar (RFC 8259).
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// NodeJSON converts a YAML node to JSON. Numbers keep the text they were
// written with (2450.00 stays 2450.00); a YAML number that is not also a
// JSON number (0x1F, .5, 1_000) is an error, as are anchors, aliases and
// non-string keys.
func NodeJSON(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, n); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeJSON(buf *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) != 1 {
			return fmt.Errorf("line %d: empty document", n.Line)
		}
		return writeJSON(buf, n.Content[0])
	case yaml.MappingNode:
		buf.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Tag != "!!str" {
				return fmt.Errorf("line %d: keys must be strings", k.Line)
			}
			if i > 0 {
				buf.WriteByte(',')
			}
			kb, _ := json.Marshal(k.Value)
			buf.Write(kb)
			buf.WriteByte(':')
			if err := writeJSON(buf, n.Content[i+1]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, c); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			b, _ := json.Marshal(n.Value)
			buf.Write(b)
		case "!!int", "!!float":
			if !jsonNumber.MatchString(n.Value) {
				return fmt.Errorf("line %d: %q is not a JSON number", n.Line, n.Value)
			}
			buf.WriteString(n.Value)
		case "!!bool":
			switch n.Value {
			case "true", "false":
				buf.WriteString(n.Value)
			default:
				return fmt.Errorf("line %d: write booleans as true or false", n.Line)
			}
		case "!!null":
			buf.WriteString("null")
		default:
			return fmt.Errorf("line %d: unsupported tag %s", n.Line, n.Tag)
		}
	default:
		return fmt.Errorf("line %d: anchors and aliases are not supported in examples", n.Line)
	}
	return nil
}

type kv struct {
	key   string
	value *yaml.Node
}

func pairs(m *yaml.Node) []kv {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]kv, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, kv{m.Content[i].Value, m.Content[i+1]})
	}
	return out
}

func child(m *yaml.Node, key string) *yaml.Node {
	for _, p := range pairs(m) {
		if p.key == key {
			return p.value
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// escape encodes a key as a JSON Pointer reference token (RFC 6901).
func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
