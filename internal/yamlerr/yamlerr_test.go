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
		{Line: 2, Text: "expected a number, found a string"},
		{Line: 3, Text: `unknown key "colour"`},
	}, yamlerr.Messages(err))

	err = decode("name: [\n")
	require.Error(t, err)
	got := yamlerr.Messages(err)
	require.Len(t, got, 1)
	assert.Equal(t, 1, got[0].Line)
	assert.NotContains(t, got[0].Text, "yaml:")
}

// A value of the wrong kind is named in words, not by Go's types.
func TestMessagesNameKindsInWords(t *testing.T) {
	type entry struct {
		Code string `yaml:"code"`
	}
	type file struct {
		List  []entry           `yaml:"list"`
		Table map[string]string `yaml:"table"`
		On    bool              `yaml:"on"`
		Item  entry             `yaml:"item"`
	}
	var f file
	err := yaml.Unmarshal([]byte("list: {a: b}\ntable: \"Wire`x into y\"\non: [x]\nitem: text\n"), &f)
	require.Error(t, err)
	assert.Equal(t, []yamlerr.Message{
		{Line: 1, Text: "expected a list, found a mapping"},
		{Line: 2, Text: "expected a mapping, found a string"},
		{Line: 3, Text: "expected true or false, found a list"},
		{Line: 4, Text: "expected a mapping, found a string"},
	}, yamlerr.Messages(err))
	for _, m := range yamlerr.Messages(err) {
		assert.NotContains(t, m.Text, "yamlerr_test", "no Go type names")
	}
}
