package api_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
)

func TestSpecReturnsEachProvidersDocument(t *testing.T) {
	for _, p := range api.Providers() {
		b, ok := api.Spec(p)
		require.True(t, ok, p)
		assert.Contains(t, string(b), "openapi: 3.0.3")
		name, ok := api.FileName(p)
		require.True(t, ok)
		assert.Equal(t, string(p)+".yaml", name)
	}
}

func TestSpecReturnsACopy(t *testing.T) {
	a, ok := api.Spec(api.ProviderFinzly)
	require.True(t, ok)
	orig := a[0]
	a[0] = 'X'
	b, _ := api.Spec(api.ProviderFinzly)
	assert.Equal(t, orig, b[0], "changing a returned spec does not change the embedded one")
}

func TestUnknownProvider(t *testing.T) {
	b, ok := api.Spec("stripe")
	assert.False(t, ok)
	assert.Nil(t, b)
	_, ok = api.FileName("stripe")
	assert.False(t, ok)
}
