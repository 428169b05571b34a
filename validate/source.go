package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/validate/internal/specjson"
)

// A source is one embedded document, read only as far as listing its
// operations needs: its members, paths and components are kept as raw
// JSON, and an operation is compiled from them when first used (see
// operation.compiled). Loading a whole document into kin-openapi costs far
// more than judging a request, and a process that judges one operation
// should not pay for all of them.
type source struct {
	provider   api.Provider
	top        map[string]json.RawMessage            // members of the document but paths and components
	paths      map[string]map[string]json.RawMessage // path → path item members
	components map[string]map[string]json.RawMessage // kind (schemas, ...) → name → value
}

// loadSource reads the provider's prepared JSON document. Only the
// members down to single components and operations are split out; their
// values stay raw JSON until an operation is listed or compiled.
func loadSource(p api.Provider) (*source, error) {
	data, ok := specjson.JSON(p)
	if !ok {
		return nil, fmt.Errorf("validate: no embedded spec for provider %q", p)
	}
	s := &source{provider: p}
	var err error
	if s.top, err = rawObject(data); err != nil {
		return nil, fmt.Errorf("validate: loading the %s spec: %w", p, err)
	}
	if s.paths, err = rawObjects(s.top["paths"]); err != nil {
		return nil, fmt.Errorf("validate: loading the %s spec: paths: %w", p, err)
	}
	if s.components, err = rawObjects(s.top["components"]); err != nil {
		return nil, fmt.Errorf("validate: loading the %s spec: components: %w", p, err)
	}
	delete(s.top, "paths")
	delete(s.top, "components")
	return s, nil
}

// httpMethods are the members of a path item that are operations, by the
// method they serve.
var httpMethods = map[string]string{
	"get": http.MethodGet, "put": http.MethodPut, "post": http.MethodPost, "delete": http.MethodDelete,
	"options": http.MethodOptions, "head": http.MethodHead, "patch": http.MethodPatch, "trace": http.MethodTrace,
}

// readOperation reads what listing an operation needs, leaving the rest
// (responses, schemas, examples) unread.
func readOperation(raw json.RawMessage) (rawOperation, error) {
	var o rawOperation
	members, err := rawObject(raw)
	if err != nil {
		return o, err
	}
	for _, f := range []struct {
		name string
		dst  any
	}{{"operationId", &o.OperationID}, {"tags", &o.Tags}, {"parameters", &o.Parameters}} {
		if v, ok := members[f.name]; ok {
			if err := json.Unmarshal(v, f.dst); err != nil {
				return o, fmt.Errorf("%s: %w", f.name, err)
			}
		}
	}
	if v, ok := members["requestBody"]; ok {
		rb, err := rawObject(v)
		if err != nil {
			return o, fmt.Errorf("requestBody: %w", err)
		}
		o.RequestBody = &rawRequestBody{}
		if ref, ok := rb["$ref"]; ok {
			if err := json.Unmarshal(ref, &o.RequestBody.Ref); err != nil {
				return o, fmt.Errorf("requestBody: %w", err)
			}
		}
		if o.RequestBody.Content, err = rawObject(rb["content"]); err != nil {
			return o, fmt.Errorf("requestBody: %w", err)
		}
	}
	return o, nil
}

// rawOperation is what listing an operation reads of it.
type rawOperation struct {
	OperationID string         `json:"operationId"`
	Tags        []string       `json:"tags"`
	Parameters  []rawParameter `json:"parameters"`
	RequestBody *rawRequestBody
}

// rawRequestBody is a request body or a reference to one.
type rawRequestBody struct {
	Ref     string
	Content map[string]json.RawMessage
}

// rawParameter is a parameter or a reference to one.
type rawParameter struct {
	Ref      string `json:"$ref"`
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
}

// operations lists the operations of the document, in path order, without
// compiling any.
func (s *source) operations() ([]*operation, error) {
	var out []*operation
	for _, path := range slices.Sorted(maps.Keys(s.paths)) {
		item := s.paths[path]
		var itemParams []rawParameter
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &itemParams); err != nil {
				return nil, fmt.Errorf("validate: %s %s: parameters: %w", s.provider, path, err)
			}
		}
		for _, key := range slices.Sorted(maps.Keys(item)) {
			method, ok := httpMethods[key]
			if !ok {
				continue
			}
			op, err := s.operation(path, key, method, item[key], itemParams)
			if err != nil {
				return nil, err
			}
			out = append(out, op)
		}
	}
	return out, nil
}

// operation lists one operation.
func (s *source) operation(path, key, method string, raw json.RawMessage, itemParams []rawParameter) (*operation, error) {
	o, err := readOperation(raw)
	if err != nil {
		return nil, fmt.Errorf("validate: %s %s %s: %w", s.provider, method, path, err)
	}
	if o.OperationID == "" {
		return nil, fmt.Errorf("validate: %s %s %s has no operationId", s.provider, method, path)
	}
	op := &operation{
		info: Operation{ID: o.OperationID, Method: method, Path: path, Provider: s.provider,
			Webhook: slices.Contains(o.Tags, WebhookTag)},
		src: s, key: key,
	}
	op.segments = strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, seg := range op.segments {
		if !isParamSegment(seg) {
			op.literals++
		}
	}
	// Operation parameters override path-item ones with the same name and
	// location, as in compile.
	own := make([]rawParameter, 0, len(o.Parameters))
	for _, p := range o.Parameters {
		rp, err := s.parameter(p)
		if err != nil {
			return nil, fmt.Errorf("validate: %s: %w", o.OperationID, err)
		}
		own = append(own, rp)
	}
	params := own
	for _, p := range itemParams {
		rp, err := s.parameter(p)
		if err != nil {
			return nil, fmt.Errorf("validate: %s: %w", o.OperationID, err)
		}
		if !slices.ContainsFunc(own, func(q rawParameter) bool { return q.In == rp.In && q.Name == rp.Name }) {
			params = append(params, rp)
		}
	}
	for _, p := range params {
		op.info.Parameters = append(op.info.Parameters, Parameter{Name: p.Name, In: p.In, Required: p.Required})
	}
	if rb := o.RequestBody; rb != nil {
		content := rb.Content
		if rb.Ref != "" {
			raw, err := s.component(rb.Ref, "requestBodies")
			if err == nil {
				var body map[string]json.RawMessage
				if body, err = rawObject(raw); err == nil {
					content, err = rawObject(body["content"])
				}
			}
			if err != nil {
				return nil, fmt.Errorf("validate: %s: %w", o.OperationID, err)
			}
		}
		op.info.RequestBody = len(content) > 0
	}
	return op, nil
}

// parameter resolves a parameter reference.
func (s *source) parameter(p rawParameter) (rawParameter, error) {
	if p.Ref == "" {
		return p, nil
	}
	raw, err := s.component(p.Ref, "parameters")
	if err != nil {
		return rawParameter{}, err
	}
	var out rawParameter
	err = json.Unmarshal(raw, &out)
	return out, err
}

// component returns the component a local reference of the given kind
// names.
func (s *source) component(ref, kind string) (json.RawMessage, error) {
	k, name, ok := componentOf(ref)
	if !ok || k != kind {
		return nil, fmt.Errorf("reference %q does not name one of the document's %s", ref, kind)
	}
	raw, ok := s.components[k][name]
	if !ok {
		return nil, fmt.Errorf("reference %q names nothing", ref)
	}
	return raw, nil
}

// componentsPrefix starts every local reference to a component.
const componentsPrefix = "#/components/"

// pointerUnescaper undoes the escapes of a JSON Pointer token.
var pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

// componentOf splits a local reference into the component's kind and
// name.
func componentOf(ref string) (kind, name string, ok bool) {
	rest, ok := strings.CutPrefix(ref, componentsPrefix)
	if !ok {
		return "", "", false
	}
	kind, name, ok = strings.Cut(rest, "/")
	if !ok || strings.Contains(name, "/") {
		return "", "", false
	}
	if strings.Contains(name, "~") {
		name = pointerUnescaper.Replace(name)
	}
	return kind, name, true
}

// document returns a document holding one operation and everything it
// refers to, for kin-openapi to load: the members of the whole document,
// the operation's path item with only that operation, the components it
// reaches through references, and every security scheme.
func (s *source) document(path, key string) []byte {
	item := s.paths[path]
	var b bytes.Buffer
	b.WriteByte('{')
	for _, k := range slices.Sorted(maps.Keys(s.top)) {
		writeMember(&b, k, s.top[k])
		b.WriteByte(',')
	}
	b.WriteString(`"paths":{`)
	writeKey(&b, path)
	writePathItem(&b, item, key)
	b.WriteString(`},"components":`)
	s.writeComponents(&b, s.reached(item, key))
	b.WriteByte('}')
	return b.Bytes()
}

// keeps says whether a member of a path item belongs to the document of
// the operation under key: its own method and the members that are no
// method (parameters shared by the item, ...).
func keeps(member, key string) bool {
	_, isMethod := httpMethods[member]
	return !isMethod || member == key
}

// reached returns the components, by kind and name, that the operation
// under key reaches through references, directly or through each other.
func (s *source) reached(item map[string]json.RawMessage, key string) map[string]map[string]bool {
	needed := map[string]map[string]bool{}
	var queue []json.RawMessage
	for k, v := range item {
		if keeps(k, key) {
			queue = append(queue, v)
		}
	}
	for len(queue) > 0 {
		raw := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, ref := range localRefs(raw) {
			kind, name, ok := componentOf(ref)
			if !ok || needed[kind][name] {
				continue
			}
			if needed[kind] == nil {
				needed[kind] = map[string]bool{}
			}
			needed[kind][name] = true
			if v, ok := s.components[kind][name]; ok {
				queue = append(queue, v)
			}
		}
	}
	return needed
}

// writePathItem writes the path item with only the operation under key.
func writePathItem(b *bytes.Buffer, item map[string]json.RawMessage, key string) {
	b.WriteByte('{')
	first := true
	for _, k := range slices.Sorted(maps.Keys(item)) {
		if !keeps(k, key) {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeMember(b, k, item[k])
	}
	b.WriteByte('}')
}

// writeComponents writes the components needed, and every security scheme
// (security requirements name them without a reference).
func (s *source) writeComponents(b *bytes.Buffer, needed map[string]map[string]bool) {
	b.WriteByte('{')
	first := true
	for _, kind := range slices.Sorted(maps.Keys(s.components)) {
		names := needed[kind]
		if kind == "securitySchemes" {
			names = nil
			for n := range s.components[kind] {
				names = mapSet(names, n)
			}
		}
		if len(names) == 0 {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeKey(b, kind)
		b.WriteByte('{')
		for i, n := range slices.Sorted(maps.Keys(names)) {
			if i > 0 {
				b.WriteByte(',')
			}
			if v, ok := s.components[kind][n]; ok {
				writeMember(b, n, v)
			} else {
				// A dangling reference: leave it to the loader to report.
				writeMember(b, n, json.RawMessage(`{}`))
			}
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
}

func mapSet(m map[string]bool, k string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[k] = true
	return m
}

// refMarker is how a local reference to a component starts in JSON text
// (as a "$ref" value or a discriminator mapping).
var refMarker = []byte(`"` + componentsPrefix)

// localRefs returns the strings of raw JSON that are local references to
// components.
func localRefs(raw []byte) []string {
	var out []string
	for {
		i := bytes.Index(raw, refMarker)
		if i < 0 {
			return out
		}
		raw = raw[i+1:]
		end := bytes.IndexByte(raw, '"')
		if end < 0 {
			return out
		}
		ref := raw[:end]
		if bytes.IndexByte(ref, '\\') >= 0 {
			// An escaped character: read the string as JSON does.
			var s string
			if j := closingQuote(raw); j > 0 && json.Unmarshal(append([]byte{'"'}, raw[:j+1]...), &s) == nil {
				out = append(out, s)
				raw = raw[j+1:]
				continue
			}
		}
		out = append(out, string(ref))
		raw = raw[end+1:]
	}
}

// closingQuote finds the quote that ends a JSON string whose opening
// quote is just before s.
func closingQuote(s []byte) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

func writeKey(b *bytes.Buffer, k string) {
	q, _ := json.Marshal(k)
	b.Write(q)
	b.WriteByte(':')
}

func writeMember(b *bytes.Buffer, k string, v json.RawMessage) {
	writeKey(b, k)
	b.Write(v)
}

// rawObjects splits a JSON object whose members are objects, and each of
// them, into raw members. Absent (nil) is an empty object.
func rawObjects(data []byte) (map[string]map[string]json.RawMessage, error) {
	outer, err := rawObject(data)
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]json.RawMessage, len(outer))
	for k, v := range outer {
		if out[k], err = rawObject(v); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
	}
	return out, nil
}

// rawObject splits a JSON object into its members, the values left as
// raw JSON; nil is an empty object. It reads only as much of each value as
// finding its end takes, which makes indexing a large document cheap; the
// values are checked when they are read.
func rawObject(data []byte) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	if data == nil {
		return out, nil
	}
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, errNotObject
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return out, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return nil, errNotObject
		}
		end, err := skipValue(data, i)
		if err != nil {
			return nil, err
		}
		key, err := jsonString(data[i:end])
		if err != nil {
			return nil, err
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return nil, errNotObject
		}
		i = skipSpace(data, i+1)
		end, err = skipValue(data, i)
		if err != nil {
			return nil, err
		}
		out[key] = data[i:end:end]
		i = skipSpace(data, end)
		switch {
		case i < len(data) && data[i] == ',':
			i = skipSpace(data, i+1)
		case i < len(data) && data[i] == '}':
			return out, nil
		default:
			return nil, errNotObject
		}
	}
}

var errNotObject = errors.New("malformed JSON object")

// jsonString decodes a JSON string literal, quotes included.
func jsonString(lit []byte) (string, error) {
	if bytes.IndexByte(lit, '\\') < 0 {
		return string(lit[1 : len(lit)-1]), nil
	}
	var s string
	err := json.Unmarshal(lit, &s)
	return s, err
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipValue returns the end of the JSON value starting at data[i].
func skipValue(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, errNotObject
	}
	switch data[i] {
	case '"':
		for j := i + 1; ; {
			k := bytes.IndexByte(data[j:], '"')
			if k < 0 {
				return 0, errNotObject
			}
			j += k
			// The quote ends the string unless an odd number of
			// backslashes escapes it.
			n := 0
			for data[j-1-n] == '\\' {
				n++
			}
			if n%2 == 0 {
				return j + 1, nil
			}
			j++
		}
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, err := skipValue(data, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errNotObject
	}
	j := i
	for j < len(data) {
		switch data[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			if j == i {
				return 0, errNotObject
			}
			return j, nil
		}
		j++
	}
	return j, nil
}
