package validate

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type decodedBody struct {
	Name string `json:"name"`
}

func TestDecodeBodyHandsOverWhatTheRulesDecodedOnce(t *testing.T) {
	f := &inFlight{parsed: parsedBody{tree: map[string]any{"name": "from the tree"}}}
	p := &f.parsed
	ctx := context.WithValue(context.Background(), inFlightKey{}, f)
	p.keepDecoded(&decodedBody{Name: "from the rules"})

	var other struct {
		Name string `json:"name"`
	}
	ok, err := DecodeBody(ctx, &other)
	require.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, "from the tree", other.Name, "another type decodes the tree")

	var first, second decodedBody
	ok, err = DecodeBody(ctx, &first)
	require.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, "from the rules", first.Name, "the rules' value is handed over")
	ok, err = DecodeBody(ctx, &second)
	require.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, "from the tree", second.Name, "only once: a second call decodes afresh")

	p.keepDecoded(&decodedBody{Name: "from the rules"})
	filled := decodedBody{Name: "set by the caller"}
	ok, err = DecodeBody(ctx, &filled)
	require.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, "from the tree", filled.Name, "a destination holding something is decoded into, as encoding/json would")
	assert.NotNil(t, p.decoded, "and the rules' value is kept for an empty one")

	var nilPtr *decodedBody
	_, err = DecodeBody(ctx, nilPtr)
	assert.Error(t, err, "a nil destination is refused, not written through")
}
