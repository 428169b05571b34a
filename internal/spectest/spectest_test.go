package spectest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/payspec/payspec/api"
)

func nodeJSON(t *testing.T, src string) ([]byte, error) {
	t.Helper()
	var n yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte(src), &n))
	return NodeJSON(&n)
}

func TestNodeJSONKeepsNumbersAsWritten(t *testing.T) {
	got, err := nodeJSON(t, "a: 2450.00\nb: [1, -0.5, 1e3]\nc: '007'\nd: true\ne: null\n")
	require.NoError(t, err)
	assert.Equal(t, `{"a":2450.00,"b":[1,-0.5,1e3],"c":"007","d":true,"e":null}`, string(got))
}

func TestNodeJSONRefusesWhatJSONCannotSay(t *testing.T) {
	for _, src := range []string{"a: 0x1F\n", "a: .5\n", "a: 1_000\n", "a: +1\n", "a: .inf\n", "1: x\n", "a: &x 1\nb: *x\n", "a: yes_not_bool\nb: !!bool True\n"} {
		t.Run(src, func(t *testing.T) {
			_, err := nodeJSON(t, src)
			assert.Error(t, err)
		})
	}
}

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
