// Package access is the sandbox's access policy: which requests may reach
// its controls (the control API, the index page and any other page that
// drives the sandbox), and which Host names any request may use.
//
// The controls answer loopback clients only, judged by the connection's
// own remote address (never a forwarding header), unless a control token
// is configured; then every client, loopback or not, must send it as a
// bearer token. A control request that changes something (any method but
// GET and HEAD) must say Content-Type: application/json, which a web page
// cannot send to another site without its consent, and is refused when it
// carries an Origin other than the sandbox's own. Every request, control
// or API, must name the sandbox in its Host header (localhost, a loopback
// address, the address the connection arrived on, or a configured name),
// so that a web page whose own name was pointed at a loopback address (DNS
// rebinding) cannot reach it.
package access

import (
	"crypto/sha256"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// Policy is the sandbox's access policy. The zero Policy has no control
// token and allows no host names beyond its own.
type Policy struct {
	token    [sha256.Size]byte // the control token's digest, compared in constant time
	hasToken bool
	hosts    map[string]bool // host names allowed besides the sandbox's own, normalised
}

// New returns the policy for a control token ("" for none: loopback
// clients only) and the host names allowed besides localhost, loopback
// addresses and the address a connection arrived on (a port given with a
// name is ignored).
func New(token string, hosts []string) *Policy {
	p := &Policy{hosts: map[string]bool{}}
	if token != "" {
		p.token, p.hasToken = sha256.Sum256([]byte(token)), true
	}
	for _, h := range hosts {
		if n := hostName(h); n != "" {
			p.hosts[n] = true
		}
	}
	return p
}

// HasToken reports whether a control token is configured.
func (p *Policy) HasToken() bool { return p.hasToken }

// Realm is the realm a refused control request is told to authenticate
// to.
const Realm = "payspec-sandbox-controls"

// Controls wraps a control handler in the policy: Host, then client
// (loopback or token), then, for requests that change something, the
// content type and the origin. A refusal is the control API's JSON error.
func (p *Policy) Controls(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status, msg := p.judgeControl(r); status != 0 {
			if status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="`+Realm+`"`)
			}
			respond.ControlError(w, status, msg)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Refusal messages. They name what is missing, never what was sent.
const (
	msgHost = "the Host header names no host this sandbox serves (localhost, a loopback address, " +
		"the address it listens on, or one allowed with --allowed-host / WithAllowedHosts)"
	msgLoopback = "the sandbox's controls answer loopback clients only, unless it is given a control " +
		"token (--control-token / WithControlToken)"
	msgToken       = "the sandbox's controls need its control token: Authorization: Bearer <token>"
	msgContentType = "a control request that changes something must say Content-Type: application/json"
	msgOrigin      = "a control request from another origin is refused"
)

// judgeControl returns the status and message of a refusal, or 0.
func (p *Policy) judgeControl(r *http.Request) (int, string) {
	switch {
	case !p.HostAllowed(r):
		return http.StatusForbidden, msgHost
	case p.hasToken && !p.tokenGiven(r):
		return http.StatusUnauthorized, msgToken
	case !p.hasToken && !loopbackClient(r):
		return http.StatusForbidden, msgLoopback
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		return 0, ""
	case !jsonContent(r):
		return http.StatusUnsupportedMediaType, msgContentType
	case !sameOrigin(r):
		return http.StatusForbidden, msgOrigin
	}
	return 0, ""
}

// HostAllowed reports whether the request's Host names this sandbox:
// localhost, a loopback address, the local address the connection arrived
// on, or a host name the policy allows. The port is not compared.
func (p *Policy) HostAllowed(r *http.Request) bool {
	name := hostName(r.Host)
	switch {
	case name == "":
		return false
	case name == "localhost", p.hosts[name]:
		return true
	}
	addr, err := netip.ParseAddr(name)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	if addr.IsLoopback() {
		return true
	}
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	ap, err := netip.ParseAddrPort(local.String())
	return err == nil && ap.Addr().Unmap().WithZone("") == addr.WithZone("")
}

// HostRefusal is the message of a request refused by HostAllowed.
const HostRefusal = msgHost

// hostName is the host of a Host header or configured name, without port
// or brackets, in lower case, without a final dot; "" when there is none.
func hostName(host string) string {
	h := strings.TrimSpace(host)
	if name, _, err := net.SplitHostPort(h); err == nil {
		h = name
	} else {
		h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// tokenGiven reports whether the request carries the control token, with
// the digests compared in constant time (the token's length is not
// revealed either).
func (p *Policy) tokenGiven(r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && p.tokenMatches(strings.TrimSpace(token))
}

// loopbackClient reports whether the connection comes from a loopback
// address. Only the connection's own address counts: forwarding headers
// are the client's to write.
func loopbackClient(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && ap.Addr().Unmap().IsLoopback()
}

// jsonContent reports whether the request says its body is JSON.
func jsonContent(r *http.Request) bool {
	media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && media == "application/json"
}

// sameOrigin reports whether the request carries no Origin (not sent by a
// browser's page) or the sandbox's own: its scheme and the Host it was
// sent to.
func sameOrigin(r *http.Request) bool {
	origin, sent := r.Header["Origin"]
	if !sent {
		return true
	}
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	return len(origin) == 1 && strings.EqualFold(origin[0], scheme+r.Host)
}
