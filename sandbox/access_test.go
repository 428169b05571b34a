package sandbox_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
)

// from sends a request straight to the sandbox's handler as if it came
// from remote and named host, the way a server hands it over.
func from(t *testing.T, h http.Handler, remote, host, method, path string, body []byte, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.RemoteAddr, req.Host = remote, host
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const (
	loopback = "127.0.0.1:50000"
	stranger = "192.0.2.7:50000" // TEST-NET-1: never loopback
)

func TestControlsAnswerLoopbackClientsOnly(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	h := sb.Handler()
	for _, path := range []string{"/", "/_sandbox", "/_sandbox/clock", "/_sandbox/webhooks", "/_sandbox/payments/1/events",
		"/_sandbox/redpin/sessions/x", "/_sandbox/no-such-control"} {
		rec := from(t, h, stranger, "localhost", http.MethodGet, path, nil, "X-Forwarded-For", "127.0.0.1")
		assert.Equal(t, http.StatusForbidden, rec.Code, "%s from another machine, whatever it forwards", path)
		assert.Contains(t, rec.Body.String(), "loopback clients only", path)
	}
	rec := from(t, h, stranger, "localhost", http.MethodPost, "/_sandbox/clock", []byte(`{"advance":"48h"}`),
		"Content-Type", "application/json")
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Equal(t, "2030-03-01", sb.Clock().Today().Format("2006-01-02"), "the clock did not move")

	rec = from(t, h, loopback, "localhost", http.MethodGet, "/_sandbox/clock", nil)
	assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	// The API itself answers whoever reaches it (with its own credentials).
	rec = from(t, h, stranger, "localhost", http.MethodGet, "/finzly/v3/payments/1", nil)
	assert.Equal(t, http.StatusUnauthorized, rec.Code, "judged by the API's own authentication, not the control policy")
}

func TestControlTokenIsRequiredOfEveryClient(t *testing.T) {
	const token = "0c4d2f0e-control-token-for-tests"
	sb := sandbox.Start(t, sandbox.WithControlToken(token))
	h := sb.Handler()
	for _, c := range []struct {
		name, remote string
		header       []string
		want         int
	}{
		{"loopback without it", loopback, nil, http.StatusUnauthorized},
		{"loopback with another", loopback, []string{"Authorization", "Bearer " + token + "x"}, http.StatusUnauthorized},
		{"loopback with it", loopback, []string{"Authorization", "Bearer " + token}, http.StatusOK},
		{"another machine with it", stranger, []string{"Authorization", "Bearer " + token}, http.StatusOK},
		{"another machine without it", stranger, nil, http.StatusUnauthorized},
	} {
		for _, path := range []string{"/_sandbox/clock", "/"} {
			rec := from(t, h, c.remote, "localhost", http.MethodGet, path, nil, c.header...)
			assert.Equal(t, c.want, rec.Code, "%s: %s", c.name, path)
			assert.NotContains(t, rec.Body.String(), token, "the token is never shown")
		}
	}
	rec := from(t, h, stranger, "localhost", http.MethodGet, "/", nil, "Authorization", "Bearer "+token)
	assert.Contains(t, rec.Body.String(), "need the control token")
	// The ready-made clients use the API's credentials, not the token.
	status, body, _ := call(t, sb.FinzlyHTTP, http.MethodGet, sb.FinzlyURL+"/v3/payments/1", nil)
	assert.Equal(t, http.StatusNotFound, status, string(body))
}

func TestControlPostsAreJSONFromTheSandboxsOwnOrigin(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	own := "http://" + strings.TrimPrefix(sb.URL, "http://")
	for _, c := range []struct {
		name   string
		header []string
		want   int
	}{
		{"no content type", nil, http.StatusUnsupportedMediaType},
		{"a form", []string{"Content-Type", "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType},
		{"text", []string{"Content-Type", "text/plain"}, http.StatusUnsupportedMediaType},
		{"JSON from another site", []string{"Content-Type", "application/json", "Origin", "https://attacker.example"}, http.StatusForbidden},
		{"JSON from its own page", []string{"Content-Type", "application/json", "Origin", own}, http.StatusOK},
		{"JSON from a program", []string{"Content-Type", "application/json"}, http.StatusOK},
	} {
		req, err := http.NewRequest(http.MethodPost, sb.URL+"/_sandbox/clock", strings.NewReader(`{"advance":"1h"}`))
		require.NoError(t, err)
		for i := 0; i+1 < len(c.header); i += 2 {
			req.Header.Set(c.header[i], c.header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, c.want, resp.StatusCode, c.name)
	}
	// A reset is a POST like the others.
	status, _, _ := call(t, http.DefaultClient, http.MethodPost, sb.URL+"/_sandbox/reset", nil, "Content-Type", "text/plain")
	assert.Equal(t, http.StatusUnsupportedMediaType, status)
}

func TestRequestsMustNameTheSandboxInTheirHost(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithAllowedHosts("sandbox.internal"))
	h := sb.Handler()
	rebound := "attacker.example:4010"
	rec := from(t, h, loopback, rebound, http.MethodGet, "/_sandbox/clock", nil)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Contains(t, rec.Body.String(), "Host header")
	rec = from(t, h, loopback, rebound, http.MethodGet, "/", nil)
	assert.Equal(t, http.StatusForbidden, rec.Code)

	// An API operation is refused in its provider's envelope, checked
	// against the spec like every other answer.
	rec = from(t, h, loopback, rebound, http.MethodGet, "/finzly/v3/payments/1", nil)
	assert.Equal(t, http.StatusForbidden, rec.Code, "Finzly declares its 403 without a body")
	rec = from(t, h, loopback, rebound, http.MethodGet, "/redpin/v1/currencies", nil)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Contains(t, rec.Body.String(), "FORBIDDEN")
	rec = from(t, h, loopback, rebound, http.MethodPost, "/finzly"+sandbox.FinzlyTokenPath,
		[]byte("grant_type=client_credentials&client_id=sandbox&client_secret=sandbox"),
		"Content-Type", "application/x-www-form-urlencoded")
	assert.Equal(t, http.StatusForbidden, rec.Code, "no token for a rebound page")
	assert.NotContains(t, rec.Body.String(), "access_token")

	for _, host := range []string{"localhost:4010", "127.0.0.1:4010", "[::1]:4010", "SANDBOX.internal:8080"} {
		rec = from(t, h, loopback, host, http.MethodGet, "/_sandbox/clock", nil)
		assert.Equal(t, http.StatusOK, rec.Code, host)
		rec = from(t, h, loopback, host, http.MethodPost, "/finzly"+sandbox.FinzlyTokenPath,
			[]byte("grant_type=client_credentials&client_id=sandbox&client_secret=sandbox"),
			"Content-Type", "application/x-www-form-urlencoded")
		assert.Equal(t, http.StatusOK, rec.Code, host)
	}
}

func TestIndexPageNeverShowsAChosenSecret(t *testing.T) {
	chosen := sandbox.Credentials{ClientID: "bank-a", ClientSecret: "s3cret-of-bank-a"}
	sb := sandbox.Start(t, sandbox.WithClients(chosen, sandbox.DefaultCredentials))
	status, body, _ := call(t, http.DefaultClient, http.MethodGet, sb.URL+"/", nil)
	require.Equal(t, http.StatusOK, status)
	page := string(body)
	assert.Contains(t, page, "<code>bank-a</code>, secret as configured (not shown)")
	assert.NotContains(t, page, chosen.ClientSecret)
	assert.Contains(t, page, "<code>sandbox</code>, secret <code>sandbox</code>", "the well-known default is shown")
	assert.Contains(t, page, "loopback clients only")
}
