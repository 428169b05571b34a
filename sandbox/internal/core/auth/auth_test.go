package auth

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
)

func TestExpiredTokensAreForgottenAsTokensPileUp(t *testing.T) {
	now := time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)
	a := New([]Credentials{{ClientID: "sandbox", ClientSecret: "sandbox"}}, time.Minute, func() time.Time { return now })
	first := a.issue(api.ProviderFinzly)
	for range minPrune - 1 {
		a.issue(api.ProviderFinzly)
	}
	require.Len(t, a.tokens, minPrune, "no sweep below the threshold")
	now = now.Add(2 * time.Minute) // every token so far has expired
	live := a.issue(api.ProviderFinzly)
	assert.Len(t, a.tokens, 1, "the sweep forgot the expired tokens")
	req, err := http.NewRequest(http.MethodGet, "/", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+live)
	assert.True(t, a.Valid(api.ProviderFinzly, req))
	req.Header.Set("Authorization", "Bearer "+first)
	assert.False(t, a.Valid(api.ProviderFinzly, req))
}
