package specexample

import (
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

func TestForBodyFallsBackToTheSchemaExample(t *testing.T) {
	for _, p := range api.Providers() {
		c, err := Load(p)
		require.NoError(t, err)
		require.NotEmpty(t, c.Bodies)
		for _, b := range c.Bodies {
			for _, ex := range c.ForBody(b) {
				assert.NotEmpty(t, ex.JSON, "%s %s", b.OperationID, b.Status)
				if ex.Kind == KindSchema {
					assert.Equal(t, b.Schema, ex.Schema)
					assert.Equal(t, "schema example", ex.Name)
				} else {
					assert.Equal(t, b.OperationID, ex.OperationID)
					assert.Equal(t, b.Status, ex.Status)
				}
			}
		}
	}
	c, err := Load(api.ProviderFinzly)
	require.NoError(t, err)
	assert.NotEmpty(t, c.ForBody(Body{OperationID: "createCreditPaymentV4"}), "a request body's own examples")
	assert.Empty(t, c.ForBody(Body{OperationID: "noSuchOperation"}))
	_, err = Load("nobody")
	assert.Error(t, err)
}
