package sandbox

import (
	"net/http"

	"github.com/payspec/payspec/sandbox/internal/console"
	"github.com/payspec/payspec/sandbox/internal/core/access"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// The sandbox's access policy, in one place.
//
// The controls (everything under /_sandbox, and the index page) answer
// loopback clients only, judged by the connection's remote address, never
// by X-Forwarded-For or any other header, unless a control token is set
// with WithControlToken; then they answer any client that sends it as
// "Authorization: Bearer <token>", and no other, loopback included. A
// control request that changes something (POST) must carry
// "Content-Type: application/json" and, if it carries an Origin, the
// sandbox's own. These stop a web page the developer happens to visit from
// driving a sandbox on their machine.
//
// The console (/console) answers the same clients. As a browser cannot
// add a header to a link, it also takes the control token once in the
// query: opening /console/?token=TOKEN sets an HttpOnly, SameSite=Strict
// cookie for /console (holding a digest of the token, not the token) and
// leads on to the console without it. Its forms are posted as forms, not
// JSON: the console refuses those sent from another origin
// (Sec-Fetch-Site, Origin) or without its own per-process secret, and the
// cookie never comes with a post from another site.
//
// Every request, control or API, must name the sandbox in its Host:
// localhost, a loopback address, the address the connection arrived on,
// or a name given with WithAllowedHosts. This stops DNS rebinding (a page
// whose own name was re-pointed at 127.0.0.1). The API is otherwise open
// to whoever can reach the address, with the sandbox's test credentials.

// WithControlToken requires token, sent as "Authorization: Bearer
// <token>", on every control request, on the index page and on the
// console, from any client; without it (or with ""), those answer
// loopback clients only. A browser opens the console once as
// /console/?token=TOKEN and is given a cookie for it. The token is never
// shown by the sandbox.
func WithControlToken(token string) Option { return func(c *config) { c.controlToken = token } }

// WithAllowedHosts allows requests whose Host is one of these names (a
// port given with a name is ignored), besides localhost, loopback
// addresses and the address the connection arrived on: for a sandbox
// reached by a LAN or container name. It does not open the controls to
// other clients; WithControlToken does.
func WithAllowedHosts(hosts ...string) Option {
	return func(c *config) { c.allowedHosts = append(c.allowedHosts, hosts...) }
}

// controlAccess wraps a handler of controls (the control API, the index
// page, any page that drives the sandbox) in the access policy. routes
// puts every path outside the providers' prefixes behind it; a route group
// mounted elsewhere wraps its handler in it.
func (s *Sandbox) controlAccess(h http.Handler) http.Handler { return s.access.Controls(h) }

// consoleAccess wraps the console in the access policy as a browser can
// meet it: the Host check, then loopback clients, or the control token
// (in Authorization, or in the cookie given for /console/?token=TOKEN).
// The console's forms guard themselves against posts from other origins.
func (s *Sandbox) consoleAccess(h http.Handler) http.Handler {
	return s.access.Pages(console.Prefix, h)
}

// apiAccess refuses an API request (token endpoint included) whose Host
// names no host of the sandbox: with 403 in the provider's envelope when
// the request names one of its operations, as the control API's JSON
// otherwise.
func (s *Sandbox) apiAccess(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.access.HostAllowed(r) {
			next.ServeHTTP(w, r)
			return
		}
		if op, ok := s.env.Respond.Route(r); ok {
			s.env.Respond.AnswerChecked(w, r, op, http.StatusForbidden, "FORBIDDEN", access.HostRefusal, nil)
			return
		}
		respond.ControlError(w, http.StatusForbidden, access.HostRefusal)
	})
}

// shownClient is a client as the index page shows it: the secret only
// when it is the well-known default one.
type shownClient struct{ ID, Secret string }

// shownClients are the configured clients for the index page, which never
// prints a secret someone chose.
func (s *Sandbox) shownClients() []shownClient {
	out := make([]shownClient, len(s.cfg.clients))
	for i, c := range s.cfg.clients {
		out[i].ID = c.ClientID
		if c == DefaultCredentials {
			out[i].Secret = c.ClientSecret
		}
	}
	return out
}

// accessSummary says on the index page who may use the controls.
func (s *Sandbox) accessSummary() string {
	who := "They answer loopback clients only."
	if s.access.HasToken() {
		who = "They need the control token, sent as Authorization: Bearer."
	}
	return who + " A POST must say Content-Type: application/json and come from no other origin."
}
