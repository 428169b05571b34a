package yamlerr_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/payspec/payspec/internal/yamlerr"
)

func TestMessages(t *testing.T) {
	type file struct {
		Name  string `yaml:"name"`
		Count int    `yaml:"count"`
	}
	decode := func(src string) error {
		dec := yaml.NewDecoder(bytes.NewReader([]byte(src)))
		dec.KnownFields(true)
		var f file
		return dec.Decode(&f)
	}
	err := decode("name: x\ncount: many\ncolour: red\n")
	require.Error(t, err)
	assert.Equal(t, []yamlerr.Message{
		{Line: 2, Text: "cannot unmarshal !!str `many` into int"},
		{Line: 3, Text: `unknown key "colour"`},
	}, yamlerr.Messages(err))

	err = decode("name: [\n")
	require.Error(t, err)
	got := yamlerr.Messages(err)
	require.Len(t, got, 1)
	assert.Equal(t, 1, got[0].Line)
	assert.NotContains(t, got[0].Text, "yaml:")
}
