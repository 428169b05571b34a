package api

import (
	"fmt"
	"net/url"
	"strings"
)

// TokenEndpoint is a provider's OAuth 2.0 client-credentials token
// endpoint, as its spec declares it.
type TokenEndpoint struct {
	// URL is the spec's tokenUrl: the published (sandbox) endpoint.
	URL string
	// Template is the spec's x-token-url-template, for providers whose
	// token endpoint depends on the tenant, with {name} placeholders;
	// empty when the endpoint is the same for everyone.
	Template string
	// Defaults holds the default value of each placeholder of Template.
	Defaults map[string]string
}

// Expand fills Template with vars, taking Defaults for the placeholders
// vars leaves out or empty. Each value is escaped as one path segment
// (realm) or checked as a host name (any placeholder that stands in the
// host part), so a value cannot change the shape of the URL. Without a
// template, Expand returns URL.
func (t TokenEndpoint) Expand(vars map[string]string) (string, error) {
	if t.Template == "" {
		return t.URL, nil
	}
	scheme, rest, ok := strings.Cut(t.Template, "://")
	if !ok {
		return "", fmt.Errorf("api: token URL template has no scheme")
	}
	host, path, _ := strings.Cut(rest, "/")
	for name, def := range t.Defaults {
		v := vars[name]
		if v == "" {
			v = def
		}
		ph := "{" + name + "}"
		if strings.Contains(host, ph) {
			if !validHost(v) {
				return "", fmt.Errorf("api: token URL variable %s is not a host name", name)
			}
			host = strings.ReplaceAll(host, ph, v)
		}
		path = strings.ReplaceAll(path, ph, url.PathEscape(v))
	}
	out := scheme + "://" + host + "/" + path
	if strings.ContainsAny(out, "{}") {
		return "", fmt.Errorf("api: token URL template has a placeholder without a value")
	}
	return out, nil
}

// validHost accepts a DNS name or an IP address with an optional port:
// letters, digits, '.', '-', ':' and the brackets of an IPv6 literal.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, r := range h {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '.', r == '-', r == ':', r == '[', r == ']':
		default:
			return false
		}
	}
	return true
}
