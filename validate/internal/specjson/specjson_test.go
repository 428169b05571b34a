package specjson_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/validate/internal/specjson"
)

// TestJSONIsCurrent fails when a spec changed without `go generate`.
func TestJSONIsCurrent(t *testing.T) {
	for _, p := range api.Providers() {
		doc, ok := api.Spec(p)
		require.True(t, ok)
		want, err := specjson.Prepare(doc)
		require.NoError(t, err)
		got, ok := specjson.JSON(p)
		require.True(t, ok)
		assert.True(t, bytes.Equal(want, got), "%s.json is stale: run go generate ./validate/...", p)
	}
}

func TestJSONRefusesUnknownProvider(t *testing.T) {
	_, ok := specjson.JSON("acme")
	assert.False(t, ok)
}

func TestConvertKeepsDatesAsStrings(t *testing.T) {
	out, err := specjson.Convert([]byte("a: 2026-11-23\nb: [1, x]\n"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"2026-11-23","b":[1,"x"]}`, string(out))
}

func TestConvertReportsBadYAML(t *testing.T) {
	_, err := specjson.Convert([]byte("a: [\n"))
	assert.Error(t, err)
}
