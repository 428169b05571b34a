package spectest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
)

func TestEquivalentJSON(t *testing.T) {
	same, _, err := EquivalentJSON([]byte(`{"a":1.50,"b":null,"c":[{"d":null}]}`), []byte(`{"c":[{}],"a":1.50}`))
	require.NoError(t, err)
	assert.True(t, same, "member order and null members do not matter")

	same, diff, err := EquivalentJSON([]byte(`{"a":1.50}`), []byte(`{"a":1.5}`))
	require.NoError(t, err)
	assert.False(t, same, "numbers are compared as written")
	assert.Contains(t, diff, "1.50")

	_, _, err = EquivalentJSON([]byte(`{"a":1} {}`), []byte(`{}`))
	assert.Error(t, err, "trailing data is refused")
}

func TestExamplesFindsEveryKind(t *testing.T) {
	kinds := map[Kind]int{}
	for _, e := range Examples(t, api.ProviderFinzly) {
		kinds[e.Kind]++
		assert.NotEmpty(t, e.JSON, e.Location)
	}
	assert.Positive(t, kinds[KindRequest])
	assert.Positive(t, kinds[KindResponse])
	assert.Positive(t, kinds[KindSchema])
}

func TestDecodeRefusesTrailingData(t *testing.T) {
	for _, in := range []string{`{} }`, `{}]`, `1 2`, `{} {}`} {
		_, err := Decode([]byte(in))
		assert.Error(t, err, in)
	}
	v, err := Decode([]byte(` {"a": 10.50} `))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"a": json.Number("10.50")}, v)
}
