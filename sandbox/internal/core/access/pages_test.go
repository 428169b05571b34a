package access

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const pagesToken = "correct horse battery staple"

// page sends a request for target to pages guarded by policy, and reports
// whether it reached them.
func page(t *testing.T, policy *Policy, method, target, remote, host string, header ...string) (*httptest.ResponseRecorder, bool) {
	t.Helper()
	reached := false
	h := policy.Pages("/console", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { reached = true }))
	r := request(method, remote, "127.0.0.1:4010", host, header...)
	u, err := url.Parse(target)
	require.NoError(t, err)
	r.URL, r.RequestURI = u, target
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	assert.NotContains(t, rec.Body.String(), pagesToken, "a refusal never repeats a token")
	return rec, reached
}

func TestPagesAnswerLoopbackClientsWithoutAToken(t *testing.T) {
	open := New("", nil)
	form := []string{"Content-Type", "application/x-www-form-urlencoded"}
	cases := []struct {
		name, method, remote, host string
		header                     []string
		want                       int // 0: the pages answer
	}{
		{"loopback client", "GET", "127.0.0.1:5000", "localhost:4010", nil, 0},
		{"another client", "GET", "192.0.2.7:5000", "localhost:4010", []string{"X-Forwarded-For", "127.0.0.1"}, 403},
		{"rebound name", "GET", "127.0.0.1:5000", "attacker.example:4010", nil, 403},
		{"a form posted by a loopback client: the pages judge it", "POST", "127.0.0.1:5000", "localhost:4010", form, 0},
		{"a form posted by another client", "POST", "192.0.2.7:5000", "localhost:4010", form, 403},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, reached := page(t, open, c.method, "/console/payments", c.remote, c.host, c.header...)
			assert.Equal(t, c.want == 0, reached)
			if c.want != 0 {
				assert.Equal(t, c.want, rec.Code)
				assert.Equal(t, "text/plain; charset=utf-8", rec.Header().Get("Content-Type"), "a person reads it")
			}
		})
	}
	_, reached := page(t, open, "GET", "/console/payments?token=anything", "127.0.0.1:5000", "localhost")
	assert.True(t, reached, "without a control token, the query's token means nothing")
}

func TestPagesTakeTheControlTokenOnceAndKeepACookie(t *testing.T) {
	withToken := New(pagesToken, nil)
	const loopback, stranger = "127.0.0.1:5000", "192.0.2.7:5000"

	rec, reached := page(t, withToken, "GET", "/console/payments", loopback, "localhost")
	assert.False(t, reached)
	assert.Equal(t, http.StatusUnauthorized, rec.Code, "loopback is not enough once a token is set")
	assert.Contains(t, rec.Body.String(), "/console/?token=<the control token>")
	assert.Equal(t, `Bearer realm="`+Realm+`"`, rec.Header().Get("WWW-Authenticate"))

	_, reached = page(t, withToken, "GET", "/console/payments", stranger, "localhost", "Authorization", "Bearer "+pagesToken)
	assert.True(t, reached, "the token in Authorization, as for the controls (a proxy can add it)")

	rec, _ = page(t, withToken, "GET", "/console/payments?token=correct+horse", loopback, "localhost")
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Empty(t, rec.Result().Cookies(), "a wrong token gets no cookie")

	rec, _ = page(t, withToken, "POST", "/console/clock?token="+url.QueryEscape(pagesToken), loopback, "localhost")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, "the token is shown with a GET only")
	assert.Empty(t, rec.Result().Cookies())

	rec, _ = page(t, withToken, "GET", "/console/payments?token=x&token=y", loopback, "rebound.example")
	assert.Equal(t, http.StatusForbidden, rec.Code, "the Host is judged first")

	rec, reached = page(t, withToken, "GET", "/console/payments?page=2&token="+url.QueryEscape(pagesToken), stranger, "localhost")
	assert.False(t, reached)
	require.Equal(t, http.StatusSeeOther, rec.Code)
	assert.Equal(t, "/console/payments?page=2", rec.Header().Get("Location"), "the same address without the token")
	cookies := rec.Result().Cookies()
	require.Len(t, cookies, 1)
	c := cookies[0]
	assert.Equal(t, PageCookie, c.Name)
	assert.Equal(t, "/console", c.Path)
	assert.True(t, c.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, c.SameSite)
	assert.False(t, c.Secure, "not over plain HTTP")
	assert.NotContains(t, c.Value, "horse", "the cookie holds no token")

	_, reached = page(t, withToken, "GET", "/console/payments", stranger, "localhost", "Cookie", c.Name+"="+c.Value)
	assert.True(t, reached, "the cookie opens the pages to the browser that has it")
	rec, reached = page(t, withToken, "GET", "/console/payments", loopback, "localhost", "Cookie", c.Name+"="+c.Value+"x")
	assert.False(t, reached)
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	other := New(pagesToken+"!", nil)
	_, reached = page(t, other, "GET", "/console/payments", loopback, "localhost", "Cookie", c.Name+"="+c.Value)
	assert.False(t, reached, "a cookie of another token opens nothing")

	// The cookie is no token: the controls do not take it.
	controls := withToken.Controls(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("the cookie opened the controls")
	}))
	r := request("GET", loopback, "127.0.0.1:4010", "localhost", "Authorization", "Bearer "+c.Value, "Cookie", c.Name+"="+c.Value)
	controls.ServeHTTP(httptest.NewRecorder(), r)
}

func TestPagesCookieIsSecureOverHTTPS(t *testing.T) {
	h := New(pagesToken, nil).Pages("/console", http.NotFoundHandler())
	r := request("GET", "127.0.0.1:5000", "127.0.0.1:4010", "localhost")
	r.URL, _ = url.Parse("/console/?token=" + url.QueryEscape(pagesToken))
	r.TLS = &tls.ConnectionState{}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	require.Equal(t, http.StatusSeeOther, rec.Code)
	require.Len(t, rec.Result().Cookies(), 1)
	assert.True(t, rec.Result().Cookies()[0].Secure)
	assert.False(t, strings.Contains(rec.Header().Get("Location"), "token"))
}
