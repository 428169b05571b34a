package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
)

// The engine evaluates schemas itself (native.go) with the semantics of
// kin-openapi's visitor. These tests judge the same bodies with an engine
// that leaves every schema to kin-openapi and require the same problems,
// message for message.

// twinEngines returns an engine that evaluates schemas itself and one that
// leaves them to kin-openapi, otherwise alike.
func twinEngines(tb testing.TB) (native, kin *Engine) {
	tb.Helper()
	ctx := context.Background()
	native, err := New(ctx, WithoutRules())
	require.NoError(tb, err)
	kin, err = New(ctx, WithoutRules(), func(c *config) { c.kinOnly = true })
	require.NoError(tb, err)
	return native, kin
}

// sameJudgement requires both engines to judge body alike, as a request
// of op and as its response for status (when status is not 0).
func sameJudgement(t *testing.T, native, kin *Engine, op string, status int, body []byte) {
	t.Helper()
	ctx := context.Background()
	h := http.Header{"Content-Type": {"application/json"}}
	params := map[string]string{"customer_id": "C-100245", "payment_id": "P-1", "paymentUID": "12930"}
	if status == 0 {
		req := Request{PathParams: params, Header: h, Body: body}
		want, err := kin.ValidateRequest(ctx, op, req)
		require.NoError(t, err)
		got, err := native.ValidateRequest(ctx, op, req)
		require.NoError(t, err)
		assert.Equal(t, want, got, "request of %s: %s", op, body)
		return
	}
	resp := Response{Status: status, Header: h, Body: body}
	want, err := kin.ValidateResponse(ctx, op, resp)
	require.NoError(t, err)
	got, err := native.ValidateResponse(ctx, op, resp)
	require.NoError(t, err)
	assert.Equal(t, want, got, "response %d of %s: %s", status, op, body)
}

// TestNativeSchemasMatchKin judges every request and response example of
// both specs, and many broken copies of each (every member removed,
// nulled, given a value of another type, an empty or over-long string, an
// unknown sibling), with both engines.
func TestNativeSchemasMatchKin(t *testing.T) {
	native, kin := twinEngines(t)
	for _, p := range api.Providers() {
		for _, ex := range spectest.Examples(t, p) {
			status := 0
			switch ex.Kind {
			case spectest.KindRequest:
			case spectest.KindResponse:
				n, err := strconv.Atoi(ex.Status)
				if err != nil {
					continue // default or 4XX: any status of its class judges the same
				}
				status = n
			default:
				continue
			}
			for _, body := range mutations(t, ex.JSON) {
				sameJudgement(t, native, kin, ex.OperationID, status, body)
			}
		}
	}
}

// mutations returns body and copies of it broken in one place each.
func mutations(t *testing.T, body []byte) [][]byte {
	t.Helper()
	var tree any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&tree))
	out := [][]byte{body}
	replacements := []any{nil, true, json.Number("12.5"), json.Number("-3"), json.Number("1e400"), "", "!!",
		strings.Repeat("x", 300), "2026-13-45", map[string]any{}, []any{}, []any{"x"}}
	var walk func(path []any)
	walk = func(path []any) {
		v := getAt(tree, path)
		for _, r := range replacements {
			out = append(out, marshalWith(t, tree, path, r))
		}
		switch v := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(mapKeysOf(v)) {
				out = append(out, marshalWith(t, tree, path, without(v, k)))
				walk(append(slices.Clip(path), k))
			}
			out = append(out, marshalWith(t, tree, path, with(v, "unexpectedMember", "x")))
		case []any:
			for i := range v {
				walk(append(slices.Clip(path), i))
			}
		}
	}
	walk(nil)
	return out
}

func mapKeysOf(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func getAt(v any, path []any) any {
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

// marshalWith returns tree as JSON with the value at path replaced.
func marshalWith(t *testing.T, tree any, path []any, r any) []byte {
	t.Helper()
	b, err := json.Marshal(replaceAt(tree, path, r))
	require.NoError(t, err)
	return b
}

func replaceAt(v any, path []any, r any) any {
	if len(path) == 0 {
		return r
	}
	switch s := path[0].(type) {
	case string:
		m := with(v.(map[string]any), s, nil)
		m[s] = replaceAt(v.(map[string]any)[s], path[1:], r)
		return m
	case int:
		a := slices.Clone(v.([]any))
		a[s] = replaceAt(a[s], path[1:], r)
		return a
	}
	return v
}

func with(m map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for key, val := range m {
		out[key] = val
	}
	out[k] = v
	return out
}

func without(m map[string]any, k string) map[string]any {
	out := with(m, k, nil)
	delete(out, k)
	return out
}

// FuzzNativeSchemasMatchKin judges arbitrary bodies with both engines, as
// a request and as answers 200 and 400 of one operation.
func FuzzNativeSchemasMatchKin(f *testing.F) {
	for _, p := range api.Providers() {
		for _, ex := range spectest.Examples(f, p) {
			if ex.Kind != spectest.KindSchema {
				f.Add(uint8(0), ex.JSON)
			}
		}
	}
	f.Add(uint8(3), []byte(`{"paymentAmount":1e999999999,"sender":null}`))
	native, kin := twinEngines(f)
	ops := native.Operations()
	f.Fuzz(func(t *testing.T, pick uint8, body []byte) {
		op := ops[int(pick)%len(ops)].ID
		sameJudgement(t, native, kin, op, 0, body)
		sameJudgement(t, native, kin, op, 200, body)
		sameJudgement(t, native, kin, op, 400, body)
	})
}
