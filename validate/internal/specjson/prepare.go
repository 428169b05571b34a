package specjson

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Prepare turns a YAML document into the form the engine loads: the JSON
// kin-openapi's loader reads from it (see Convert) without what only
// documents it: descriptions, summaries, external docs, XML hints, and the
// examples of schemas, parameters and request bodies. Titles (which name
// the variants of anyOf and oneOf in messages), defaults, enums,
// extensions and response examples (the error envelope reads a code from
// the 400 example) are kept. Member names inside properties, examples and
// other values are never touched: the walk follows the OpenAPI 3.0
// objects, not key names alone.
//
// Validating the examples against their schemas is the job of the whole
// spec's check (validate.WithEagerCompile, run by payspec's tests), which
// reads the YAML itself.
func Prepare(doc []byte) ([]byte, error) {
	full, err := Convert(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(full))
	dec.UseNumber() // bounds and enums keep their literal text
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("specjson: %w", err)
	}
	document(root)
	return json.Marshal(root)
}

type object = map[string]any

func asObject(v any) object {
	m, _ := v.(object)
	return m
}

func drop(m object, keys ...string) {
	for _, k := range keys {
		delete(m, k)
	}
}

// each calls f on every member of a map-valued member.
func each(v any, f func(object)) {
	for _, x := range asObject(v) {
		if m := asObject(x); m != nil {
			f(m)
		}
	}
}

// eachItem calls f on every object of an array-valued member.
func eachItem(v any, f func(object)) {
	list, _ := v.([]any)
	for _, x := range list {
		if m := asObject(x); m != nil {
			f(m)
		}
	}
}

func document(m object) {
	drop(m, "externalDocs")
	if info := asObject(m["info"]); info != nil {
		drop(info, "description")
	}
	eachItem(m["tags"], func(t object) { drop(t, "description", "externalDocs") })
	each(m["paths"], pathItem)
	if c := asObject(m["components"]); c != nil {
		drop(c, "examples")
		each(c["schemas"], schema)
		each(c["parameters"], parameter)
		each(c["headers"], parameter)
		each(c["requestBodies"], requestBody)
		each(c["responses"], response)
		each(c["securitySchemes"], func(s object) { drop(s, "description") })
		each(c["callbacks"], func(cb object) { each(cb, pathItem) })
	}
}

// methods are the members of a path item that are operations.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func pathItem(m object) {
	if _, ok := m["$ref"]; ok {
		return
	}
	drop(m, "summary", "description")
	eachItem(m["parameters"], parameter)
	for _, k := range methods {
		if op := asObject(m[k]); op != nil {
			operation(op)
		}
	}
}

func operation(m object) {
	drop(m, "summary", "description", "externalDocs")
	eachItem(m["parameters"], parameter)
	if rb := asObject(m["requestBody"]); rb != nil {
		requestBody(rb)
	}
	each(m["responses"], response)
	each(m["callbacks"], func(cb object) { each(cb, pathItem) })
}

// isRef reports whether m is a reference object, whose other members
// kin-openapi ignores.
func isRef(m object) bool {
	_, ok := m["$ref"]
	return ok
}

// parameter strips a parameter or a header (a parameter without name and
// location).
func parameter(m object) {
	if isRef(m) {
		return
	}
	drop(m, "description", "example", "examples")
	if s := asObject(m["schema"]); s != nil {
		schema(s)
	}
	each(m["content"], func(mt object) { mediaType(mt, false) })
}

func requestBody(m object) {
	if isRef(m) {
		return
	}
	drop(m, "description")
	each(m["content"], func(mt object) { mediaType(mt, false) })
}

func response(m object) {
	if isRef(m) {
		return
	}
	m["description"] = "" // required by OpenAPI; its text is not
	each(m["headers"], parameter)
	each(m["content"], func(mt object) { mediaType(mt, true) })
}

func mediaType(m object, keepExample bool) {
	drop(m, "examples")
	if !keepExample {
		drop(m, "example")
	}
	if s := asObject(m["schema"]); s != nil {
		schema(s)
	}
	each(m["encoding"], func(e object) { each(e["headers"], parameter) })
}

func schema(m object) {
	if isRef(m) {
		drop(m, "description")
		return
	}
	drop(m, "description", "example", "examples", "externalDocs", "xml")
	for _, k := range []string{"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"} {
		each(m[k], schema)
	}
	for _, k := range []string{"items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
		"additionalItems", "unevaluatedItems", "unevaluatedProperties", "contentSchema"} {
		if s := asObject(m[k]); s != nil {
			schema(s)
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf", "prefixItems"} {
		eachItem(m[k], schema)
	}
}
