// Package gen reads the operations and the token endpoint of an OpenAPI
// document and renders them as the Go source of api/operations.gen.go.
package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Spec is what the generator takes from one document.
type Spec struct {
	File     string // base name, such as finzly.yaml
	Provider string // the file name without its extension
	Ops      []Op   // sorted by id
	Token    Token
}

// Op is one operation.
type Op struct {
	ID, Const, Method, Path, Summary string
	Deprecated, Webhook              bool
}

// Token is the OAuth 2.0 client-credentials token endpoint of a spec.
type Token struct {
	URL       string // flows.clientCredentials.tokenUrl
	Template  string // x-token-url-template.url; empty when the spec has none
	Variables []Var  // the template's variables, sorted by name
}

// Var is one variable of a token URL template.
type Var struct{ Name, Default string }

// document is the part of an OpenAPI document the generator reads.
type document struct {
	Paths      map[string]map[string]yaml.Node `yaml:"paths"`
	Components struct {
		SecuritySchemes map[string]securityScheme `yaml:"securitySchemes"`
	} `yaml:"components"`
}

type operation struct {
	OperationID string   `yaml:"operationId"`
	Summary     string   `yaml:"summary"`
	Deprecated  bool     `yaml:"deprecated"`
	Tags        []string `yaml:"tags"`
}

type securityScheme struct {
	Type  string `yaml:"type"`
	Flows struct {
		ClientCredentials *struct {
			TokenURL string `yaml:"tokenUrl"`
		} `yaml:"clientCredentials"`
	} `yaml:"flows"`
	Template *struct {
		URL       string `yaml:"url"`
		Variables map[string]struct {
			Default string `yaml:"default"`
		} `yaml:"variables"`
	} `yaml:"x-token-url-template"`
}

// webhookTag marks the operations a provider calls on the bank (the same
// tag package validate reads).
const webhookTag = "webhooks"

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// Parse reads one document; path names the file, whose base name without
// extension is the provider.
func Parse(path string, data []byte) (Spec, error) {
	var doc document
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Spec{}, fmt.Errorf("%s: %w", path, err)
	}
	base := filepath.Base(path)
	s := Spec{File: base, Provider: strings.TrimSuffix(base, filepath.Ext(base))}
	for p, item := range doc.Paths {
		for _, m := range methods {
			node, ok := item[m]
			if !ok {
				continue
			}
			var o operation
			if err := node.Decode(&o); err != nil {
				return Spec{}, fmt.Errorf("%s: %s %s: %w", path, m, p, err)
			}
			c, err := constName(o.OperationID)
			if err != nil {
				return Spec{}, fmt.Errorf("%s: %s %s: %w", path, m, p, err)
			}
			s.Ops = append(s.Ops, Op{ID: o.OperationID, Const: c, Method: strings.ToUpper(m), Path: p,
				Summary: oneLine(o.Summary), Deprecated: o.Deprecated, Webhook: slices.Contains(o.Tags, webhookTag)})
		}
	}
	slices.SortFunc(s.Ops, func(a, b Op) int { return strings.Compare(a.ID, b.ID) })
	tok, err := token(doc)
	if err != nil {
		return Spec{}, fmt.Errorf("%s: %w", path, err)
	}
	s.Token = tok
	return s, nil
}

// token finds the spec's one client-credentials scheme.
func token(doc document) (Token, error) {
	var found []Token
	for _, sc := range doc.Components.SecuritySchemes {
		if sc.Type != "oauth2" || sc.Flows.ClientCredentials == nil {
			continue
		}
		t := Token{URL: sc.Flows.ClientCredentials.TokenURL}
		if sc.Template != nil {
			t.Template = sc.Template.URL
			for name, v := range sc.Template.Variables {
				t.Variables = append(t.Variables, Var{Name: name, Default: v.Default})
			}
			slices.SortFunc(t.Variables, func(a, b Var) int { return strings.Compare(a.Name, b.Name) })
		}
		found = append(found, t)
	}
	switch len(found) {
	case 0:
		return Token{}, nil
	case 1:
		return found[0], nil
	}
	return Token{}, fmt.Errorf("%d OAuth 2.0 client-credentials schemes; expected at most one", len(found))
}

// constName turns an operationId into the name of its constant:
// createCreditPaymentV4 becomes OpCreateCreditPaymentV4. Characters that
// cannot appear in a Go identifier start a new word.
func constName(id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("operation without an operationId")
	}
	var b strings.Builder
	b.WriteString("Op")
	upper := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 2 {
		return "", fmt.Errorf("operationId %q has no letters or digits", id)
	}
	return b.String(), nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Render returns the formatted source of operations.gen.go. Operation ids
// and constant names must be unique across the specs.
func Render(specs []Spec) ([]byte, error) {
	ids, consts := map[string]string{}, map[string]string{}
	var files []string
	for _, s := range specs {
		files = append(files, s.File)
		for _, op := range s.Ops {
			if prev, dup := ids[op.ID]; dup {
				return nil, fmt.Errorf("operationId %q is declared in %s and %s", op.ID, prev, s.File)
			}
			if prev, dup := consts[op.Const]; dup {
				return nil, fmt.Errorf("operationIds %q and %q both become %s", prev, op.ID, op.Const)
			}
			ids[op.ID], consts[op.Const] = s.File, op.ID
		}
	}
	var buf bytes.Buffer
	if err := source.Execute(&buf, struct {
		Files []string
		Specs []Spec
	}{files, specs}); err != nil {
		return nil, err
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the generated source: %w", err)
	}
	return out, nil
}

var source = template.Must(template.New("ops").Funcs(template.FuncMap{
	"quote": strconv.Quote,
	"title": func(s string) string { return strings.ToUpper(s[:1]) + s[1:] },
	"join":  strings.Join,
}).Parse(`// Code generated by internal/genops from {{join .Files ", "}}; DO NOT EDIT.

package api
{{range .Specs}}{{$p := .Provider}}
// Operation ids of the {{title $p}} spec ({{.File}}).
const (
{{- range .Ops}}
	// {{.Const}} is {{.Method}} {{.Path}}{{if .Summary}}: {{.Summary}}{{end}}.{{if .Webhook}} The provider calls it on the bank (a webhook).{{end}}
	{{- if .Deprecated}}
	//
	// Deprecated: the provider has deprecated this operation; see the spec.{{end}}
	{{.Const}} = {{quote .ID}}
{{- end}}
)
{{end}}
// OperationIDs returns the operation ids of the provider's spec, sorted,
// and nil for an unknown provider.
func OperationIDs(p Provider) []string {
	switch p {
{{- range .Specs}}
	case Provider({{quote .Provider}}):
		return []string{ {{- range $i, $op := .Ops}}{{if $i}}, {{end}}{{.Const}}{{end -}} }
{{- end}}
	}
	return nil
}

// TokenEndpointOf returns the OAuth 2.0 client-credentials token endpoint
// the provider's spec declares, and false for an unknown provider or a
// spec without one.
func TokenEndpointOf(p Provider) (TokenEndpoint, bool) {
	switch p {
{{- range .Specs}}{{if .Token.URL}}
	case Provider({{quote .Provider}}):
		return TokenEndpoint{
			URL: {{quote .Token.URL}},
			{{- if .Token.Template}}
			Template: {{quote .Token.Template}},
			Defaults: map[string]string{ {{- range $i, $v := .Token.Variables}}{{if $i}}, {{end}}{{quote $v.Name}}: {{quote $v.Default}}{{end -}} },
			{{- end}}
		}, true
{{- end}}{{end}}
	}
	return TokenEndpoint{}, false
}
`))
