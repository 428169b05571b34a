package access

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

// request builds a control request as a server would hand it over: from
// remote, to the local address local, naming host.
func request(method, remote, local, host string, header ...string) *http.Request {
	r := httptest.NewRequest(method, "/_sandbox/clock", nil)
	r.RemoteAddr, r.Host = remote, host
	if local != "" {
		addr, _ := net.ResolveTCPAddr("tcp", local)
		r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, addr))
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	return r
}

func TestPolicyJudgesControlRequests(t *testing.T) {
	const local = "127.0.0.1:4010"
	open := New("", []string{"Sandbox.LAN:4010"})
	withToken := New("correct horse battery staple", nil)
	json := []string{"Content-Type", "application/json"}
	cases := []struct {
		name   string
		policy *Policy
		req    *http.Request
		want   int
	}{
		{"loopback client", open, request("GET", "127.0.0.1:5000", local, "127.0.0.1:4010"), 0},
		{"IPv6 loopback client", open, request("GET", "[::1]:5000", "[::1]:4010", "[::1]:4010"), 0},
		{"IPv4-mapped loopback client", open, request("GET", "[::ffff:127.0.0.1]:5000", local, "localhost:4010"), 0},
		{"another client", open, request("GET", "192.0.2.7:5000", "192.0.2.1:4010", "192.0.2.1:4010"), 403},
		{"another client claiming loopback by header", open, request("GET", "192.0.2.7:5000", "192.0.2.1:4010", "192.0.2.1:4010",
			"X-Forwarded-For", "127.0.0.1", "X-Real-IP", "127.0.0.1", "Forwarded", "for=127.0.0.1"), 403},
		{"a remote address that is no IP", open, request("GET", "@", local, "localhost"), 403},
		{"rebound name", open, request("GET", "127.0.0.1:5000", local, "attacker.example:4010"), 403},
		{"rebound name with a loopback-looking prefix", open, request("GET", "127.0.0.1:5000", local, "127.0.0.1.attacker.example"), 403},
		{"no Host", open, request("GET", "127.0.0.1:5000", local, ""), 403},
		{"unspecified address as Host", open, request("GET", "127.0.0.1:5000", local, "0.0.0.0:4010"), 403},
		{"allowed name, any case and port", open, request("GET", "127.0.0.1:5000", local, "sandbox.lan:80"), 0},
		{"localhost with a final dot", open, request("GET", "127.0.0.1:5000", local, "LOCALHOST.:4010"), 0},
		{"the address the connection arrived on", open, request("GET", "127.0.0.1:5000", "192.0.2.1:4010", "192.0.2.1:4010"), 0},
		{"another address of the machine", open, request("GET", "127.0.0.1:5000", "192.0.2.1:4010", "192.0.2.9:4010"), 403},
		{"POST with JSON", open, request("POST", "127.0.0.1:5000", local, "localhost:4010", json...), 0},
		{"POST with JSON and a charset", open, request("POST", "127.0.0.1:5000", local, "localhost:4010",
			"Content-Type", "application/json; charset=utf-8"), 0},
		{"POST without a content type", open, request("POST", "127.0.0.1:5000", local, "localhost:4010"), 415},
		{"POST as a form", open, request("POST", "127.0.0.1:5000", local, "localhost:4010",
			"Content-Type", "application/x-www-form-urlencoded"), 415},
		{"POST as text", open, request("POST", "127.0.0.1:5000", local, "localhost:4010", "Content-Type", "text/plain"), 415},
		{"POST from its own origin", open, request("POST", "127.0.0.1:5000", local, "localhost:4010",
			"Content-Type", "application/json", "Origin", "http://localhost:4010"), 0},
		{"POST from another origin", open, request("POST", "127.0.0.1:5000", local, "localhost:4010",
			"Content-Type", "application/json", "Origin", "http://attacker.example"), 403},
		{"POST from an opaque origin", open, request("POST", "127.0.0.1:5000", local, "localhost:4010",
			"Content-Type", "application/json", "Origin", "null"), 403},
		{"POST from another port", open, request("POST", "127.0.0.1:5000", local, "localhost:4010",
			"Content-Type", "application/json", "Origin", "http://localhost:3000"), 403},
		{"POST with two origins", open, request("POST", "127.0.0.1:5000", local, "localhost:4010",
			"Content-Type", "application/json", "Origin", "http://localhost:4010", "Origin", "http://attacker.example"), 403},
		{"token: loopback without it", withToken, request("GET", "127.0.0.1:5000", local, "localhost"), 401},
		{"token: a wrong one", withToken, request("GET", "127.0.0.1:5000", local, "localhost",
			"Authorization", "Bearer correct horse battery stapler"), 401},
		{"token: as basic credentials", withToken, request("GET", "127.0.0.1:5000", local, "localhost",
			"Authorization", "Basic correct horse battery staple"), 401},
		{"token: another client with it", withToken, request("GET", "192.0.2.7:5000", "192.0.2.1:4010", "192.0.2.1:4010",
			"Authorization", "Bearer correct horse battery staple"), 0},
		{"token: given, but the Host is rebound", withToken, request("GET", "192.0.2.7:5000", local, "attacker.example",
			"Authorization", "bearer correct horse battery staple"), 403},
		{"token: given, POST needs JSON still", withToken, request("POST", "192.0.2.7:5000", "192.0.2.1:4010", "192.0.2.1:4010",
			"Authorization", "Bearer correct horse battery staple"), 415},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, msg := c.policy.judgeControl(c.req)
			assert.Equal(t, c.want, status, msg)
			assert.NotContains(t, msg, "correct horse", "a refusal never repeats a token")
		})
	}
}

func TestRefusalsAreControlErrors(t *testing.T) {
	h := New("a-token", nil).Controls(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("a refused request reached the handler")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, request("GET", "127.0.0.1:5000", "127.0.0.1:4010", "localhost"))
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, `Bearer realm="`+Realm+`"`, rec.Header().Get("WWW-Authenticate"))
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.JSONEq(t, `{"error":"`+msgToken+`"}`, rec.Body.String())
}
