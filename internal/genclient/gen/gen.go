// Package gen reads the client interface oapi-codegen generates for a
// provider and renders one typed method per operation for that
// provider's production client (client/finzlyclient, client/redpinclient):
// each method sends the generated call through client.Call, so that every
// operation of the spec gets the shared call policy with the same shape.
package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"
)

// Config says how to render one provider's methods.
type Config struct {
	// Source names the generated file read, for the header.
	Source string
	// Package is the package the methods are written into.
	Package string
	// GenImport, APIImport and ClientImport are the import paths of the
	// generated package, of package api and of package client.
	GenImport, APIImport, ClientImport string
	// Operations are the provider's operation ids; every method must be
	// one of them.
	Operations []string
	// IdempotencyHeader is the header a key travels in (Idempotent-Key for
	// Finzly); empty when the provider has none.
	IdempotencyHeader string
	// Repeatable lists operations that are safe to repeat though they are
	// neither GETs nor keyed (a search sent as POST, a price quote).
	Repeatable []string
	// Manual lists operations whose methods are written by hand.
	Manual []string
}

// Policy is how a method's calls are retried.
type Policy int

// The retry policies of a method.
const (
	// Once: sent at most once (retried only when it provably never left).
	Once Policy = iota
	// Read: a GET, retried as the retry policy allows.
	Read
	// Repeatable: not a GET, but marked safe to repeat.
	Repeatable
	// Keyed: carries the provider's idempotency key, repeated on retries.
	Keyed
)

// Method is one rendered method.
type Method struct {
	Name, OpID, Const   string
	HTTPMethod, Path    string
	Summary, Deprecated string
	Params              []Param // after ctx, in order
	Args                []string
	Result              string // the success body type, qualified
	Policy              Policy
	// Options are the call options every call passes before the caller's:
	// client.Repeatable, and client.PathParam for each path parameter
	// that is a string, so that Call checks it before the request is
	// built.
	Options []string
	paths   []Param // the path parameters, in order
}

// Param is one argument of a method.
type Param struct{ Name, Type string }

// file is what the generator reads from the generated source.
type file struct {
	pkg     string
	aliases map[string]ast.Expr
	structs map[string]*ast.StructType
	iface   *ast.InterfaceType
}

// Parse reads the generated source and returns the methods to render,
// sorted by name.
func Parse(src []byte, cfg Config) ([]Method, error) {
	f, err := read(src)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, id := range cfg.Operations {
		known[id] = true
	}
	used := map[string]bool{}
	var out []Method
	for _, m := range f.iface.Methods.List {
		if len(m.Names) != 1 || strings.HasSuffix(m.Names[0].Name, "WithBody") {
			continue
		}
		name := m.Names[0].Name
		id := lowerFirst(name)
		if !known[id] {
			return nil, fmt.Errorf("%s: no operation %q among the provider's operation ids", name, id)
		}
		used[id] = true
		if slices.Contains(cfg.Manual, id) {
			continue
		}
		meth, err := f.method(name, id, m, cfg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, meth)
	}
	for _, id := range append(slices.Clone(cfg.Repeatable), cfg.Manual...) {
		if !used[id] {
			return nil, fmt.Errorf("%s is listed but the generated client has no such method", id)
		}
	}
	slices.SortFunc(out, func(a, b Method) int { return strings.Compare(a.Name, b.Name) })
	linkDeprecations(out, cfg.Manual)
	return out, nil
}

// read parses the source and indexes its types.
func read(src []byte) (*file, error) {
	parsed, err := parser.ParseFile(token.NewFileSet(), "gen.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	f := &file{pkg: parsed.Name.Name, aliases: map[string]ast.Expr{}, structs: map[string]*ast.StructType{}}
	for _, decl := range parsed.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			switch t := ts.Type.(type) {
			case *ast.StructType:
				f.structs[ts.Name.Name] = t
			case *ast.InterfaceType:
				if ts.Name.Name == "ClientInterface" {
					f.iface = t
				}
			}
			if ts.Assign.IsValid() {
				f.aliases[ts.Name.Name] = ts.Type
			}
		}
	}
	if f.iface == nil {
		return nil, fmt.Errorf("no ClientInterface in the source")
	}
	return f, nil
}

// method builds one method from the interface's method of that name.
func (f *file) method(name, id string, m *ast.Field, cfg Config) (Method, error) {
	meth := Method{Name: name, OpID: id, Const: "Op" + name}
	if err := meth.readDoc(m.Doc); err != nil {
		return meth, err
	}
	fn := m.Type.(*ast.FuncType)
	params := fn.Params.List
	if len(params) < 2 || typeString(params[0].Type) != "context.Context" {
		return meth, fmt.Errorf("the generated method does not take a context first")
	}
	for _, p := range params[1 : len(params)-1] { // between ctx and the request editors
		if err := f.param(&meth, p, cfg.IdempotencyHeader); err != nil {
			return meth, err
		}
	}
	result, err := f.result(name)
	if err != nil {
		return meth, err
	}
	meth.Result = result
	switch {
	case meth.Policy == Keyed:
	case meth.HTTPMethod == "GET" || meth.HTTPMethod == "HEAD":
		meth.Policy = Read
	case slices.Contains(cfg.Repeatable, id):
		meth.Policy = Repeatable
		meth.Options = append(meth.Options, "client.Repeatable()")
	}
	return meth, meth.checkPaths()
}

var pathParam = regexp.MustCompile(`\{([^{}]+)\}`)

// checkPaths adds a client.PathParam option for each path parameter that
// is a string, named as the path template names it: oapi-codegen gives
// the path parameters in the template's order.
func (m *Method) checkPaths() error {
	names := pathParam.FindAllStringSubmatch(m.Path, -1)
	if len(names) != len(m.paths) {
		return fmt.Errorf("%d path parameters in %s, %d arguments", len(names), m.Path, len(m.paths))
	}
	for i, p := range m.paths {
		if p.Type == "string" {
			m.Options = append(m.Options, fmt.Sprintf("client.PathParam(%q, %s)", names[i][1], p.Name))
		}
	}
	return nil
}

var (
	corresponds = regexp.MustCompile(`^Corresponds with ([A-Z]+) (\S+) \(`)
	deprecated  = regexp.MustCompile(`^Deprecated: (.+)$`)
)

// readDoc takes the summary, method, path and deprecation from the
// comment oapi-codegen writes above each method.
func (m *Method) readDoc(doc *ast.CommentGroup) error {
	if doc == nil {
		return fmt.Errorf("the generated method has no comment")
	}
	lines := strings.Split(strings.TrimSpace(doc.Text()), "\n")
	m.Summary = strings.TrimSpace(strings.TrimPrefix(lines[0], m.Name))
	for _, l := range lines {
		if g := corresponds.FindStringSubmatch(l); g != nil {
			m.HTTPMethod, m.Path = g[1], g[2]
		}
		if g := deprecated.FindStringSubmatch(l); g != nil {
			m.Deprecated = g[1]
		}
	}
	if m.HTTPMethod == "" {
		return fmt.Errorf("the generated comment does not give the method and path")
	}
	return nil
}

// param adds one generated argument: a body, a path parameter or a
// parameters struct (passed as a value, flattened when it holds one
// required member, or left to the call policy when it holds only the
// idempotency key).
func (f *file) param(m *Method, p *ast.Field, keyHeader string) error {
	if len(p.Names) != 1 {
		return fmt.Errorf("unnamed or grouped parameters")
	}
	name := goName(p.Names[0].Name)
	star, isPtr := p.Type.(*ast.StarExpr)
	if !isPtr {
		param := Param{Name: name, Type: f.qualified(p.Type)}
		m.Params = append(m.Params, param)
		m.Args = append(m.Args, name)
		if p.Names[0].Name != "body" {
			m.paths = append(m.paths, param)
		}
		return nil
	}
	ident, ok := star.X.(*ast.Ident)
	st := f.structs[identName(ident)]
	if !ok || st == nil {
		return fmt.Errorf("parameter %s: pointer to %s is not a parameters struct", name, typeString(star.X))
	}
	return f.paramsStruct(m, ident.Name, st, keyHeader)
}

func (f *file) paramsStruct(m *Method, typeName string, st *ast.StructType, keyHeader string) error {
	var members []*ast.Field
	keyed := false
	for _, fld := range st.Fields.List {
		tag := structTag(fld)
		if tag.Get("form") != "" {
			members = append(members, fld)
			continue
		}
		if keyHeader != "" && jsonName(tag) == keyHeader {
			keyed = true
			continue
		}
		return fmt.Errorf("%s: header %q is not supported; write the method by hand", typeName, jsonName(tag))
	}
	switch {
	case keyed && len(members) > 0:
		return fmt.Errorf("%s: an idempotency key beside other parameters is not supported", typeName)
	case keyed:
		m.Policy = Keyed
		m.Args = append(m.Args, "nil")
	case len(members) == 1 && len(members[0].Names) == 1 && !isPointer(members[0].Type):
		member := members[0].Names[0].Name
		arg := goName(lowerFirst(member))
		m.Params = append(m.Params, Param{Name: arg, Type: f.qualified(members[0].Type)})
		m.Args = append(m.Args, fmt.Sprintf("&%s.%s{%s: %s}", f.pkg, typeName, member, arg))
	default:
		m.Params = append(m.Params, Param{Name: "params", Type: f.pkg + "." + typeName})
		m.Args = append(m.Args, "&params")
	}
	return nil
}

// result finds the success body type of the operation's parsed response:
// the type of its JSON200 or JSON201 member (one type when both exist).
func (f *file) result(name string) (string, error) {
	st := f.structs[name+"Response"]
	if st == nil {
		return "", fmt.Errorf("no %sResponse type", name)
	}
	var found ast.Expr
	for _, fld := range st.Fields.List {
		if len(fld.Names) != 1 || !strings.HasPrefix(fld.Names[0].Name, "JSON2") {
			continue
		}
		star, ok := fld.Type.(*ast.StarExpr)
		if !ok {
			return "", fmt.Errorf("%s is not a pointer", fld.Names[0].Name)
		}
		if found != nil && typeString(found) != typeString(star.X) {
			return "", fmt.Errorf("its 2xx answers have different types; write the method by hand")
		}
		found = star.X
	}
	if found == nil {
		return "", fmt.Errorf("no JSON success answer; write the method by hand")
	}
	return f.qualified(found), nil
}

// qualified renders a type of the generated package as the provider
// client writes it: aliases of builtin or local types resolved (a path
// parameter of type PaymentUID is a string), local names qualified.
func (f *file) qualified(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		if target, ok := f.aliases[t.Name]; ok {
			if id, ok := target.(*ast.Ident); ok {
				return f.qualified(id)
			}
			return f.pkg + "." + t.Name
		}
		if isBuiltin(t.Name) {
			return t.Name
		}
		return f.pkg + "." + t.Name
	case *ast.ArrayType:
		if t.Len == nil {
			return "[]" + f.qualified(t.Elt)
		}
	case *ast.StarExpr:
		return "*" + f.qualified(t.X)
	}
	return f.pkg + "." + typeString(e) // not reached by oapi-codegen's output
}

// linkDeprecations names methods, not operation ids, in deprecation
// notes: "use createCreditPaymentV4" becomes "use CreateCreditPaymentV4".
func linkDeprecations(ms []Method, manual []string) {
	ids := map[string]string{}
	for _, m := range ms {
		ids[m.OpID] = m.Name
	}
	for _, id := range manual {
		ids[id] = upperFirst(id)
	}
	word := regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`)
	for i := range ms {
		ms[i].Deprecated = word.ReplaceAllStringFunc(ms[i].Deprecated, func(w string) string {
			if name, ok := ids[w]; ok {
				return name
			}
			return w
		})
	}
}

// Render returns the formatted source of the methods.
func Render(cfg Config, methods []Method) ([]byte, error) {
	var buf bytes.Buffer
	if err := source.Execute(&buf, struct {
		Config
		Methods []Method
	}{cfg, methods}); err != nil {
		return nil, err
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the generated source: %w", err)
	}
	return out, nil
}

var source = template.Must(template.New("methods").Funcs(template.FuncMap{
	"doc": doc,
	"params": func(ps []Param) string {
		var b strings.Builder
		for _, p := range ps {
			b.WriteString(", " + p.Name + " " + p.Type)
		}
		return b.String()
	},
	"join": strings.Join,
}).Parse(`// Code generated by internal/genclient from {{.Source}}; DO NOT EDIT.

package {{.Package}}

import (
	"context"
	"net/http"

	"{{.APIImport}}"
	"{{.ClientImport}}"
	"{{.GenImport}}"
)
{{range .Methods}}
{{doc . $.IdempotencyHeader}}
func (c *Client) {{.Name}}(ctx context.Context{{params .Params}}, opts ...client.CallOption) (*client.Result[{{.Result}}], error) {
	return client.Call[{{.Result}}](ctx, c.Core(), api.{{.Const}},
		func(ctx context.Context) (*http.Response, error) {
			return c.Generated().{{.Name}}(ctx{{range .Args}}, {{.}}{{end}})
		}, {{if .Options}}append([]client.CallOption{ {{- join .Options ", " -}} }, opts...)...{{else}}opts...{{end}})
}
{{end}}`))

// doc is a method's comment: what it calls, how it is retried, and its
// deprecation, wrapped at docWidth columns.
func doc(m Method, keyHeader string) string {
	var policy string
	switch m.Policy {
	case Keyed:
		policy = "It sends an " + keyHeader + " (a new uuid v4, or the one client.WithIdempotencyKey gives), " +
			"returns it in Result.IdempotencyKey (or, when no answer came, in the *client.UnknownOutcomeError) " +
			"and sends it unchanged on every retry, so retries never act twice."
	case Read:
		policy = "It only reads, so it is retried as the retry policy allows."
	case Repeatable:
		policy = "Repeating it changes nothing that matters (it reads or prices), so it is retried as a GET is."
	default:
		policy = "It carries no idempotency key, so once sent it is never repeated: after an unclear failure, " +
			"look the outcome up before trying again."
	}
	paras := []string{fmt.Sprintf("%s calls %s, %s %s: %s %s", m.Name, m.OpID, m.HTTPMethod, m.Path, sentence(m.Summary), policy)}
	if m.Deprecated != "" {
		paras = append(paras, "Deprecated: "+m.Deprecated)
	}
	var lines []string
	for i, p := range paras {
		if i > 0 {
			lines = append(lines, "//")
		}
		lines = append(lines, wrap(p, docWidth)...)
	}
	return strings.Join(lines, "\n")
}

// docWidth is the width comments are wrapped at, "// " included.
const docWidth = 100

// wrap splits text into comment lines of at most width columns (a longer
// word stands alone).
func wrap(text string, width int) []string {
	var lines []string
	line := "//"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > width && line != "//" {
			lines = append(lines, line)
			line = "//"
		}
		line += " " + w
	}
	return append(lines, line)
}

// sentence turns a summary into the end of a sentence: its first letter
// lowered unless it starts an acronym, and a full stop.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(r) && !unicode.IsUpper(next) {
		s = string(unicode.ToLower(r)) + s[n:]
	}
	return strings.TrimSuffix(s, ".") + "."
}

// goName spells an identifier's trailing Id as ID, as Go names do.
func goName(s string) string {
	if base, ok := strings.CutSuffix(s, "Id"); ok {
		return base + "ID"
	}
	return s
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func identName(id *ast.Ident) string {
	if id == nil {
		return ""
	}
	return id.Name
}

func isPointer(e ast.Expr) bool {
	_, ok := e.(*ast.StarExpr)
	return ok
}

func isBuiltin(name string) bool {
	switch name {
	case "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
		"uint64", "float32", "float64", "byte", "rune", "any":
		return true
	}
	return false
}

func structTag(f *ast.Field) reflect.StructTag {
	if f.Tag == nil {
		return ""
	}
	s, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return ""
	}
	return reflect.StructTag(s)
}

func jsonName(tag reflect.StructTag) string {
	name, _, _ := strings.Cut(tag.Get("json"), ",")
	return name
}

// typeString renders a type expression as written.
func typeString(e ast.Expr) string {
	var b bytes.Buffer
	_ = format.Node(&b, token.NewFileSet(), e)
	return b.String()
}
