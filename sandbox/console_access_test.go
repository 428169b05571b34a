package sandbox_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
)

// consoleSecret reads the console's form secret from its clock page.
func consoleSecret(t *testing.T, h http.Handler, header ...string) string {
	t.Helper()
	rec := from(t, h, loopback, "localhost", http.MethodGet, "/console/clock", nil, header...)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	require.NotNil(t, m, "the clock page's forms carry the console's secret")
	return m[1]
}

// TestConsoleAnswersLoopbackClientsOnly: without a control token the
// console answers loopback clients that name the sandbox, and its forms
// (posted as forms, not JSON) are taken from its own pages only.
func TestConsoleAnswersLoopbackClientsOnly(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	h := sb.Handler()

	rec := from(t, h, loopback, "localhost", http.MethodGet, "/console/payments", nil)
	assert.Equal(t, http.StatusOK, rec.Code)
	rec = from(t, h, loopback, "localhost", http.MethodGet, "/console", nil)
	assert.Equal(t, http.StatusSeeOther, rec.Code, "the console's own home, not the control API's 404")
	for _, path := range []string{"/console", "/console/", "/console/payments", "/console/assets/console.css"} {
		rec = from(t, h, stranger, "localhost", http.MethodGet, path, nil, "X-Forwarded-For", "127.0.0.1")
		assert.Equal(t, http.StatusForbidden, rec.Code, "%s from another machine", path)
		assert.Contains(t, rec.Body.String(), "loopback clients only", path)
		rec = from(t, h, loopback, "attacker.example", http.MethodGet, path, nil)
		assert.Equal(t, http.StatusForbidden, rec.Code, "%s by a rebound name", path)
	}

	secret := consoleSecret(t, h)
	form := func(secret string) []byte {
		return []byte(url.Values{"move": {"hour"}, "csrf": {secret}}.Encode())
	}
	formType := []string{"Content-Type", "application/x-www-form-urlencoded"}
	rec = from(t, h, loopback, "localhost", http.MethodPost, "/console/clock", form(secret),
		append(formType, "Origin", "http://localhost", "Sec-Fetch-Site", "same-origin")...)
	assert.Equal(t, http.StatusOK, rec.Code, "a form from the console's own page moves the clock")
	assert.Contains(t, rec.Body.String(), "moved")
	rec = from(t, h, loopback, "localhost", http.MethodPost, "/console/clock", form(secret),
		append(formType, "Origin", "http://attacker.example", "Sec-Fetch-Site", "cross-site")...)
	assert.Equal(t, http.StatusForbidden, rec.Code, "a form another site posts")
	rec = from(t, h, loopback, "localhost", http.MethodPost, "/console/clock", form("guessed"), formType...)
	assert.Equal(t, http.StatusForbidden, rec.Code, "a form without the console's secret")
	rec = from(t, h, stranger, "localhost", http.MethodPost, "/console/clock", form(secret), formType...)
	assert.Equal(t, http.StatusForbidden, rec.Code, "a form from another machine")

	rec = from(t, h, loopback, "localhost", http.MethodPost, "/_sandbox/clock", []byte(`advance=48h`), formType...)
	assert.Equal(t, http.StatusUnsupportedMediaType, rec.Code, "the control API still takes JSON only")
}

// TestConsoleTakesTheControlTokenOnce: with a control token the console
// needs it from every client, loopback included; a browser shows it once
// in the query and keeps a cookie that opens the console and nothing
// else.
func TestConsoleTakesTheControlTokenOnce(t *testing.T) {
	const token = "0c4d2f0e-console-token-for-tests"
	sb := sandbox.Start(t, sandbox.WithControlToken(token))
	h := sb.Handler()

	rec := from(t, h, loopback, "localhost", http.MethodGet, "/console/payments", nil)
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Contains(t, rec.Body.String(), "/console/?token=")

	rec = from(t, h, stranger, "localhost", http.MethodGet, "/console/?token="+url.QueryEscape(token), nil)
	require.Equal(t, http.StatusSeeOther, rec.Code)
	assert.Equal(t, "/console/", rec.Header().Get("Location"))
	assert.NotContains(t, rec.Header().Get("Location")+rec.Body.String(), token)
	cookies := rec.Result().Cookies()
	require.Len(t, cookies, 1)
	cookie := []string{"Cookie", cookies[0].Name + "=" + cookies[0].Value}
	assert.NotContains(t, cookies[0].Value, token)

	rec = from(t, h, stranger, "localhost", http.MethodGet, "/console/payments", nil, cookie...)
	assert.Equal(t, http.StatusOK, rec.Code, "the browser with the cookie, from any machine")
	assert.NotContains(t, rec.Body.String(), token, "the console never shows the token")
	rec = from(t, h, stranger, "localhost", http.MethodGet, "/console/payments", nil, "Authorization", "Bearer "+token)
	assert.Equal(t, http.StatusOK, rec.Code, "or the token itself, as a proxy would add it")

	secret := consoleSecret(t, h, cookie...)
	rec = from(t, h, loopback, "localhost", http.MethodPost, "/console/clock",
		[]byte(url.Values{"move": {"hour"}, "csrf": {secret}}.Encode()),
		append([]string{"Content-Type", "application/x-www-form-urlencoded"}, cookie...)...)
	assert.Equal(t, http.StatusOK, rec.Code, "its forms work with the cookie")
	rec = from(t, h, loopback, "localhost", http.MethodPost, "/console/clock",
		[]byte(url.Values{"move": {"hour"}, "csrf": {secret}}.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	assert.Equal(t, http.StatusUnauthorized, rec.Code, "and not without it (a cross-site post never carries it)")

	for _, path := range []string{"/", "/_sandbox/clock"} {
		rec = from(t, h, loopback, "localhost", http.MethodGet, path, nil, cookie...)
		assert.Equal(t, http.StatusUnauthorized, rec.Code, "%s: the cookie opens the console only", path)
	}
}
