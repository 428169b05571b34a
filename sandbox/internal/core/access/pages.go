package access

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
)

// PageCookie is the cookie that carries a browser's access to the pages
// Pages guards, once it has shown the control token.
const PageCookie = "payspec_sandbox_console"

// PageTokenParam is the query parameter a browser shows the control token
// in, once, to be given the cookie.
const PageTokenParam = "token"

// Refusal messages of the pages, for a person in a browser. Like the
// controls', they never repeat what was sent.
const (
	msgPageToken = "These pages need the sandbox's control token. Open them once in this browser as " +
		"PATH/?" + PageTokenParam + "=<the control token>, or send it as Authorization: Bearer."
	msgPageWrongToken = "That is not the sandbox's control token."
	msgPageMethod     = "Show the control token with a GET."
)

// Pages wraps the handler of pages a person drives from a browser (the
// console, served under path) in the policy: the Host check, then the
// client: loopback, or with a control token configured, the token. A
// browser cannot add a header to a link, so besides Authorization the
// token is taken once from the query: a GET of path/?token=TOKEN that
// names it gets a cookie (HttpOnly, SameSite=Strict, for path only,
// holding a digest of the token rather than the token) and is sent on to
// the same address without it.
//
// Unlike Controls, Pages leaves a request that changes something to the
// pages themselves: a browser posts their forms as forms, never as JSON,
// so they must refuse posts from other origins and carry a secret of
// their own. The cookie, being SameSite=Strict, never comes with a post
// from another site.
func (p *Policy) Pages(path string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case !p.HostAllowed(r):
			refusePage(w, http.StatusForbidden, msgHost)
		case !p.hasToken && !loopbackClient(r):
			refusePage(w, http.StatusForbidden, msgLoopback)
		case p.hasToken && r.URL.Query().Has(PageTokenParam):
			p.admitPage(w, r, path)
		case p.hasToken && !p.tokenGiven(r) && !p.cookieGiven(r):
			w.Header().Set("WWW-Authenticate", `Bearer realm="`+Realm+`"`)
			refusePage(w, http.StatusUnauthorized, strings.ReplaceAll(msgPageToken, "PATH", path))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// admitPage gives a browser that shows the control token in the query
// the cookie, and sends it to the same address without the token.
func (p *Policy) admitPage(w http.ResponseWriter, r *http.Request, path string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		refusePage(w, http.StatusMethodNotAllowed, msgPageMethod)
		return
	}
	if !p.tokenMatches(r.URL.Query().Get(PageTokenParam)) {
		refusePage(w, http.StatusUnauthorized, msgPageWrongToken)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: PageCookie, Value: p.cookieValue(), Path: path,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	to := *r.URL
	q := to.Query()
	q.Del(PageTokenParam)
	to.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to.RequestURI(), http.StatusSeeOther)
}

// cookieValue is what the cookie holds: a digest of the token, kept apart
// from the token's own digest, so that the cookie opens the pages only and
// never stands for the token elsewhere.
func (p *Policy) cookieValue() string {
	sum := sha256.Sum256(append([]byte("payspec sandbox pages\x00"), p.token[:]...))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// cookieGiven reports whether the request carries the pages' cookie,
// compared in constant time.
func (p *Policy) cookieGiven(r *http.Request) bool {
	c, err := r.Cookie(PageCookie)
	return err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(p.cookieValue())) == 1
}

// tokenMatches reports whether s is the control token, its digest compared
// in constant time.
func (p *Policy) tokenMatches(s string) bool {
	sum := sha256.Sum256([]byte(s))
	return subtle.ConstantTimeCompare(sum[:], p.token[:]) == 1
}

// refusePage answers a refused page in plain text, which a browser shows
// as it is.
func refusePage(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}
