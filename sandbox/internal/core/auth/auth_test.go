package auth

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
)

func TestExpiredTokensAreForgottenAsTokensPileUp(t *testing.T) {
	now := time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)
	a := New([]Credentials{{ClientID: "sandbox", ClientSecret: "sandbox"}}, time.Minute, func() time.Time { return now })
	// Many clients, each below its own cap, so that only the sweep forgets.
	first := a.issue("client-0", api.ProviderFinzly)
	for i := 1; i < minPrune; i++ {
		a.issue("client-"+strconv.Itoa(i%50), api.ProviderFinzly)
	}
	require.Len(t, a.tokens, minPrune, "no sweep below the threshold")
	now = now.Add(2 * time.Minute) // every token so far has expired
	live := a.issue("client-0", api.ProviderFinzly)
	assert.Len(t, a.tokens, 1, "the sweep forgot the expired tokens")
	req, err := http.NewRequest(http.MethodGet, "/", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+live)
	assert.True(t, a.Valid(api.ProviderFinzly, req))
	req.Header.Set("Authorization", "Bearer "+first)
	assert.False(t, a.Valid(api.ProviderFinzly, req))
}

func TestLiveTokensPerClientAreCapped(t *testing.T) {
	now := time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)
	a := New(nil, time.Hour, func() time.Time { return now })
	valid := func(token string) bool {
		req, err := http.NewRequest(http.MethodGet, "/", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		return a.Valid(api.ProviderFinzly, req)
	}
	var tokens []string
	for range MaxTokensPerClient + 5 {
		tokens = append(tokens, a.issue("flood", api.ProviderFinzly))
	}
	other := a.issue("quiet", api.ProviderFinzly)
	assert.Len(t, a.tokens, MaxTokensPerClient+1, "the flooding client holds the cap; the other client its one token")
	for i, tok := range tokens {
		assert.Equal(t, i >= 5, valid(tok), "token %d: the oldest five were revoked", i)
	}
	assert.True(t, valid(other), "another client's token is untouched")
	assert.Len(t, a.byClient["flood"], MaxTokensPerClient)

	now = now.Add(2 * time.Hour) // all expired: the next issue drops them from the client's list
	a.issue("flood", api.ProviderFinzly)
	assert.Len(t, a.byClient["flood"], 1)
}
