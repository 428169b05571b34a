package validate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/validate"
)

// The worst requests an attacker can send within the body limit, for every
// operation with a request body, next to a valid body of the same size.
// Run with:
//
//	go test ./validate -run '^$' -bench BenchmarkWorstRequests -benchmem
//
// The goals are under 50 ms and 64 MiB allocated per request on two cores,
// and never more than 20 times the cost of the valid body.

// worstSize is the size every crafted body is grown to: the default limit.
const worstSize = validate.DefaultMaxBodyBytes

// worstCase builds one crafted body from an operation's example; ok is
// false when the example has nothing the case can grow (no array).
type worstCase struct {
	name  string
	build func(example any) ([]byte, bool)
}

var worstCases = []worstCase{
	{"valid", validBody},
	{"valid-whitespace", validWhitespace},
	{"empty-items", emptyItems},
	{"unknown-members", unknownMembers},
	{"deep-nesting", deepNesting},
	{"long-strings", longStrings},
	{"every-field-wrong", everyFieldWrong},
}

func BenchmarkWorstRequests(b *testing.B) {
	e := newEngine(b)
	ctx := context.Background()
	for _, w := range worstRequests(b) {
		b.Run(w.op+"/"+w.name, func(b *testing.B) {
			b.SetBytes(int64(len(w.req.Body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.ValidateRequest(ctx, w.op, w.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestWorstRequestsAreBounded checks what the benchmark measures: every
// crafted body is judged with a bounded list, invalid ones refused.
func TestWorstRequestsAreBounded(t *testing.T) {
	e := newEngine(t)
	for _, w := range worstRequests(t) {
		ps, err := e.ValidateRequest(context.Background(), w.op, w.req)
		if err != nil {
			t.Fatalf("%s/%s: %v", w.op, w.name, err)
		}
		if len(ps) > validate.DefaultMaxProblems+1 {
			t.Errorf("%s/%s: %d problems, want at most %d", w.op, w.name, len(ps), validate.DefaultMaxProblems+1)
		}
		if w.name == "empty-items" || w.name == "every-field-wrong" {
			if !ps.HasErrors() {
				t.Errorf("%s/%s: accepted", w.op, w.name)
			}
		}
	}
}

type worstRequest struct {
	op, name string
	req      validate.Request
}

// worstRequests builds every case for every operation with a JSON request
// body.
func worstRequests(tb testing.TB) []worstRequest {
	tb.Helper()
	var out []worstRequest
	for _, p := range api.Providers() {
		doc, examples := spectest.Load(tb, p), spectest.Examples(tb, p)
		for _, op := range newEngine(tb).Operations() {
			if op.Provider != p {
				continue
			}
			exs := spectest.RequestExamples(tb, doc, examples, op.ID)
			if len(exs) == 0 {
				continue
			}
			var example any
			dec := json.NewDecoder(bytes.NewReader(exs[0].JSON))
			dec.UseNumber()
			if err := dec.Decode(&example); err != nil {
				tb.Fatalf("%s: %v", exs[0], err)
			}
			out = append(out, worstOf(tb, op.ID, example)...)
		}
	}
	return out
}

// worstOf builds every case that applies to one example.
func worstOf(tb testing.TB, op string, example any) []worstRequest {
	var out []worstRequest
	for _, c := range worstCases {
		body, ok := c.build(example)
		if !ok {
			continue
		}
		if len(body) > worstSize {
			tb.Fatalf("%s/%s: body of %d bytes", op, c.name, len(body))
		}
		out = append(out, worstRequest{op: op, name: c.name, req: validate.Request{
			PathParams: map[string]string{"customer_id": "CUST-0048213", "paymentUID": "377300"},
			Header:     jsonHeader(), Body: body,
		}})
	}
	return out
}

// marshal encodes v without HTML escaping.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSpace(b.Bytes())
}

// firstArray returns the first non-empty array in v, depth first, and a
// function that replaces it.
func firstArray(v any) ([]any, func([]any)) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			if a, ok := v[k].([]any); ok && len(a) > 0 {
				return a, func(n []any) { v[k] = n }
			}
			if a, set := firstArray(v[k]); a != nil {
				return a, set
			}
		}
	case []any:
		for _, item := range v {
			if a, set := firstArray(item); a != nil {
				return a, set
			}
		}
	}
	return nil, nil
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

// fill repeats item in the example's first array until the body reaches
// the size; ok is false when the example has no array.
func fill(example any, item func(first any) any) ([]byte, bool) {
	v := deepCopy(example)
	a, set := firstArray(v)
	if a == nil {
		return nil, false
	}
	base := len(marshal(v))
	one := item(a[0])
	n := (worstSize - base) / (len(marshal(one)) + 1)
	items := make([]any, 0, n+len(a))
	items = append(items, a...)
	for range n {
		items = append(items, one)
	}
	set(items)
	return marshal(v), true
}

// validBody is a body the engine accepts, made of the operation's own
// data: the example with its first array grown with copies of its first
// item or, when it has no array, with undeclared members (accepted with a
// warning each, unless the engine is strict).
func validBody(example any) ([]byte, bool) {
	if b, ok := fill(example, func(first any) any { return first }); ok {
		return b, true
	}
	return unknownMembers(example)
}

// validWhitespace is the example padded with trailing white space: the
// cheapest body of the size.
func validWhitespace(example any) ([]byte, bool) {
	b := marshal(example)
	return append(b, bytes.Repeat([]byte{' '}, worstSize-len(b))...), true
}

func emptyItems(example any) ([]byte, bool) {
	return fill(example, func(any) any { return map[string]any{} })
}

// unknownMembers adds undeclared members to the top-level object.
func unknownMembers(example any) ([]byte, bool) {
	m, ok := deepCopy(example).(map[string]any)
	if !ok {
		return nil, false
	}
	return grow(m, func(i int) (string, string) { return fmt.Sprintf("u%06d", i), "0" }), true
}

// deepNesting adds members holding arrays nested to the depth limit.
func deepNesting(example any) ([]byte, bool) {
	m, ok := deepCopy(example).(map[string]any)
	if !ok {
		return nil, false
	}
	d := validate.DefaultMaxDepth - 1
	deep := strings.Repeat("[", d) + "0" + strings.Repeat("]", d)
	return grow(m, func(i int) (string, string) { return fmt.Sprintf("d%06d", i), deep }), true
}

// grow appends members to the encoded object until it reaches the size.
func grow(m map[string]any, member func(i int) (name, value string)) []byte {
	b := marshal(m)
	b = b[:len(b)-1] // drop '}'
	for i := 0; ; i++ {
		name, value := member(i)
		add := `,"` + name + `":` + value
		if len(b)+len(add)+1 > worstSize {
			break
		}
		b = append(b, add...)
	}
	return append(b, '}')
}

// longStrings makes every string of the example as long as the size
// allows.
func longStrings(example any) ([]byte, bool) {
	v := deepCopy(example)
	n := countStrings(v)
	if n == 0 {
		return nil, false
	}
	long := strings.Repeat("A", (worstSize-len(marshal(v)))/n-8)
	return marshal(mapLeaves(v, func(l any) any {
		if _, ok := l.(string); ok {
			return long
		}
		return l
	})), true
}

// everyFieldWrong gives every leaf a value of the wrong type, and grows the
// first array with such items (or the object with undeclared members).
func everyFieldWrong(example any) ([]byte, bool) {
	wrong := mapLeaves(deepCopy(example), func(l any) any {
		if _, ok := l.(string); ok {
			return json.Number("12345")
		}
		return "wrong"
	})
	if b, ok := fill(wrong, func(first any) any { return first }); ok {
		return b, true
	}
	return unknownMembers(wrong)
}

func countStrings(v any) int {
	n := 0
	mapLeaves(v, func(l any) any {
		if _, ok := l.(string); ok {
			n++
		}
		return l
	})
	return n
}

func mapLeaves(v any, f func(any) any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			v[k] = mapLeaves(c, f)
		}
		return v
	case []any:
		for i, c := range v {
			v[i] = mapLeaves(c, f)
		}
		return v
	}
	return f(v)
}

func deepCopy(v any) any {
	var out any
	dec := json.NewDecoder(bytes.NewReader(marshal(v)))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		panic(err)
	}
	return out
}
