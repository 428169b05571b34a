// Package auth issues the sandbox's OAuth 2.0 bearer tokens with the
// client-credentials grant, and checks them on API calls. A token is good
// for the one provider it was issued by.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// Credentials are an OAuth 2.0 client id and secret the sandbox accepts.
type Credentials struct {
	ClientID     string
	ClientSecret string
}

// Authority issues bearer tokens for configured clients and checks them.
// Token lifetimes run on the wall clock, not the sandbox clock, so that
// moving the sandbox's date does not log clients out.
type Authority struct {
	clients  map[string]string // client id → secret
	lifetime time.Duration
	now      func() time.Time

	mu       sync.Mutex
	tokens   map[string]issued
	byClient map[string][]string // each client's tokens, oldest first (some perhaps gone)
	pruneAt  int                 // the number of tokens at which expired ones are next forgotten
}

// minPrune is the fewest tokens worth a sweep for expired ones.
const minPrune = 1024

// MaxTokensPerClient bounds the live tokens of one client (both providers
// together): issuing one more revokes the client's oldest, so that a
// client asking for tokens in a loop holds a bounded number of them.
const MaxTokensPerClient = 100

type issued struct {
	provider api.Provider
	expires  time.Time
}

// New returns an authority that accepts clients and issues tokens valid
// for lifetime, on the clock now.
func New(clients []Credentials, lifetime time.Duration, now func() time.Time) *Authority {
	a := &Authority{clients: map[string]string{}, lifetime: lifetime, now: now, tokens: map[string]issued{},
		byClient: map[string][]string{}}
	for _, c := range clients {
		a.clients[c.ClientID] = c.ClientSecret
	}
	return a
}

// maxTokenRequest bounds a token request's form.
const maxTokenRequest = 16 << 10

// TokenEndpoint answers client-credentials token requests for a provider,
// with the client's credentials as form fields or HTTP Basic
// authentication, and answers in the provider's style.
func (a *Authority) TokenEndpoint(p api.Provider, style Style) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "the token endpoint takes POST")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxTokenRequest)
		if err := r.ParseForm(); err != nil {
			oauthError(w, http.StatusBadRequest, "invalid_request", "the body must be an application/x-www-form-urlencoded form")
			return
		}
		if r.PostForm.Get("grant_type") != "client_credentials" {
			oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "only grant_type=client_credentials is supported")
			return
		}
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		want, known := a.clients[id]
		if !known || id == "" || subtle.ConstantTimeCompare([]byte(want), []byte(secret)) != 1 {
			oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
			return
		}
		token := a.issue(id, p)
		w.Header().Set("Cache-Control", "no-store")
		respond.WriteJSON(w, http.StatusOK, tokenResponse(style, token, a.lifetime))
	})
}

// Style is the shape of a token endpoint's answer.
type Style int

const (
	// Plain is the answer RFC 6749 describes.
	Plain Style = iota
	// Keycloak adds the members a Keycloak realm's endpoint sends.
	Keycloak
)

func tokenResponse(style Style, token string, lifetime time.Duration) map[string]any {
	// Whole seconds, rounded up: a sub-second lifetime said as 0 would read
	// to OAuth clients as "never expires".
	secs := int((lifetime + time.Second - 1) / time.Second)
	if style == Keycloak {
		return map[string]any{"access_token": token, "expires_in": secs, "refresh_expires_in": 0,
			"token_type": "Bearer", "not-before-policy": 0, "scope": ""}
	}
	return map[string]any{"access_token": token, "token_type": "bearer", "expires_in": secs}
}

// issue creates a token of a client for a provider, revoking the
// client's oldest live token if it holds MaxTokensPerClient.
func (a *Authority) issue(client string, p api.Provider) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	token := base64.RawURLEncoding.EncodeToString(b)
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	a.prune(now)
	held := a.live(a.byClient[client], now)
	if len(held) >= MaxTokensPerClient {
		delete(a.tokens, held[0])
		held = held[1:]
	}
	a.byClient[client] = append(held, token)
	a.tokens[token] = issued{provider: p, expires: now.Add(a.lifetime)}
	return token
}

// live drops from the front of a client's tokens, oldest first, those
// already expired or forgotten. Every token lives as long, so the ones
// left are the live ones.
func (a *Authority) live(held []string, now time.Time) []string {
	for len(held) > 0 {
		is, ok := a.tokens[held[0]]
		if ok && !now.After(is.expires) {
			break
		}
		delete(a.tokens, held[0])
		held = held[1:]
	}
	return held
}

// prune forgets expired tokens once their number has doubled since the
// last sweep, so that issuing costs amortised constant time however many
// tokens are live.
func (a *Authority) prune(now time.Time) {
	if len(a.tokens) < max(a.pruneAt, minPrune) {
		return
	}
	for t, is := range a.tokens {
		if now.After(is.expires) {
			delete(a.tokens, t)
		}
	}
	a.pruneAt = 2 * len(a.tokens)
}

// Held is how many tokens the authority holds, expired ones not yet
// forgotten included.
func (a *Authority) Held() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.tokens)
}

// Valid reports whether the request carries a live token of the provider.
func (a *Authority) Valid(p api.Provider, r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	is, ok := a.tokens[strings.TrimSpace(token)]
	return ok && is.provider == p && a.now().Before(is.expires)
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	respond.WriteJSON(w, status, map[string]string{"error": code, "error_description": desc})
}
