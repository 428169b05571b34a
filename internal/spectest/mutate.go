package spectest

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
)

// Mutations returns body (a JSON document) and copies of it broken in one
// place each: every value replaced by null, a boolean, numbers (one beyond
// float64's range), strings (empty, punctuation, over-long, a bad date),
// an empty object and arrays; every object member removed in turn; an
// unknown member added to every object. Tests that compare two
// implementations judge them all.
func Mutations(tb testing.TB, body []byte) [][]byte {
	tb.Helper()
	var tree any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		tb.Fatalf("mutations: %v", err)
	}
	out := [][]byte{body}
	add := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			tb.Fatalf("mutations: %v", err)
		}
		out = append(out, b)
	}
	replacements := []any{nil, true, json.Number("12.5"), json.Number("-3"), json.Number("1e400"), "", "!!",
		strings.Repeat("x", 300), "2026-13-45", map[string]any{}, []any{}, []any{"x"}}
	var walk func(path []any)
	walk = func(path []any) {
		for _, r := range replacements {
			add(replaceAt(tree, path, r))
		}
		switch v := valueAt(tree, path).(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(v)) {
				smaller := maps.Clone(v)
				delete(smaller, k)
				add(replaceAt(tree, path, smaller))
				walk(append(slices.Clip(path), k))
			}
			larger := maps.Clone(v)
			larger["unexpectedMember"] = "x"
			add(replaceAt(tree, path, larger))
		case []any:
			for i := range v {
				walk(append(slices.Clip(path), i))
			}
		}
	}
	walk(nil)
	return out
}

func valueAt(v any, path []any) any {
	for _, step := range path {
		switch s := step.(type) {
		case string:
			v = v.(map[string]any)[s]
		case int:
			v = v.([]any)[s]
		}
	}
	return v
}

// replaceAt returns a copy of v with the value at path replaced by r.
func replaceAt(v any, path []any, r any) any {
	if len(path) == 0 {
		return r
	}
	switch s := path[0].(type) {
	case string:
		m := maps.Clone(v.(map[string]any))
		m[s] = replaceAt(m[s], path[1:], r)
		return m
	case int:
		a := slices.Clone(v.([]any))
		a[s] = replaceAt(a[s], path[1:], r)
		return a
	}
	return v
}
