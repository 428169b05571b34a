package rules

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/jsontree"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/validate/rules/internal/gendecode/gen"
)

// bodyTypes returns the Go type each operation's rules decode its body
// into, by asking each check for its destination.
func bodyTypes(t testing.TB) map[string]reflect.Type {
	t.Helper()
	c, err := New(nil)
	require.NoError(t, err)
	stop := errors.New("stop")
	out := map[string]reflect.Type{}
	for id, run := range checks {
		_, _ = run(c, Env{}, func(dst any) error {
			out[id] = reflect.TypeOf(dst).Elem()
			return stop
		})
	}
	return out
}

// sameDecoding requires the generated decoder and jsontree to agree on
// tree: both fit it or neither does, and the values are equal.
func sameDecoding(t *testing.T, typ reflect.Type, tree any, what string) {
	t.Helper()
	got := reflect.New(typ)
	ok, handled := decodeGenerated(tree, got.Interface())
	require.True(t, handled, "no generated decoder for %s", typ)
	want := reflect.New(typ)
	err := jsontree.Decode(tree, want.Interface())
	require.Equal(t, err == nil, ok, "%s: generated decoder ok=%v, jsontree error %v", what, ok, err)
	if ok {
		assert.Equal(t, want.Elem().Interface(), got.Elem().Interface(), what)
	}
}

// TestGeneratedDecodersMatchJSONTree decodes every request example of the
// operations with rules, and broken copies of each, with both decoders.
func TestGeneratedDecodersMatchJSONTree(t *testing.T) {
	types := bodyTypes(t)
	for _, p := range api.Providers() {
		for _, ex := range spectest.Examples(t, p) {
			typ, ok := types[ex.OperationID]
			if ex.Kind != spectest.KindRequest || !ok {
				continue
			}
			for _, body := range spectest.Mutations(t, ex.JSON) {
				tree, err := strictjson.Parse(body, 0)
				require.NoError(t, err)
				sameDecoding(t, typ, tree, ex.OperationID+": "+string(body))
			}
		}
	}
}

// TestEveryRuleBodyHasAGeneratedDecoder fails when an operation gains
// rules without `go generate` listing its body type.
func TestEveryRuleBodyHasAGeneratedDecoder(t *testing.T) {
	for id, typ := range bodyTypes(t) {
		_, handled := decodeGenerated(map[string]any{}, reflect.New(typ).Interface())
		assert.True(t, handled, "%s: add %s to gendecode's roots and run go generate", id, typ)
	}
}

// FuzzGeneratedDecoders decodes arbitrary bodies into every body type with
// both decoders.
func FuzzGeneratedDecoders(f *testing.F) {
	for _, p := range api.Providers() {
		for _, ex := range spectest.Examples(f, p) {
			if ex.Kind == spectest.KindRequest {
				f.Add(ex.JSON)
			}
		}
	}
	types := bodyTypes(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		tree, err := strictjson.Parse(body, 0)
		if err != nil {
			return
		}
		for id, typ := range types {
			sameDecoding(t, typ, tree, id)
		}
	})
}

// TestGeneratedDecodersAreCurrent fails when the generated types changed
// without `go generate ./validate/rules`.
func TestGeneratedDecodersAreCurrent(t *testing.T) {
	want, err := gen.Source()
	require.NoError(t, err)
	got, err := os.ReadFile("decode.gen.go")
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "decode.gen.go is stale: run go generate ./validate/rules")
}
