package sandbox

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
)

// Server is a sandbox serving on a local test server, with the base URLs of
// both providers and generated clients already holding sandbox
// credentials.
type Server struct {
	*Sandbox
	// URL is the server's root: the index page and, under /_sandbox, the
	// control API.
	URL string
	// FinzlyURL and RedpinURL are the base URLs to give the providers'
	// clients.
	FinzlyURL, RedpinURL string
	// Finzly and Redpin are generated clients of the sandbox, each
	// authenticated with the provider's token endpoint.
	Finzly *finzly.ClientWithResponses
	Redpin *redpin.ClientWithResponses
	// FinzlyHTTP and RedpinHTTP are the authenticated HTTP clients behind
	// them, for requests of one's own.
	FinzlyHTTP, RedpinHTTP *http.Client
}

// Start runs a sandbox on an httptest server for the rest of the test and
// closes both in t.Cleanup. It fails the test if the sandbox cannot start.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	sb, err := New(opts...)
	if err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	ts := httptest.NewServer(sb.Handler())
	t.Cleanup(func() {
		ts.Close()
		_ = sb.Close()
	})
	srv := &Server{Sandbox: sb, URL: ts.URL, FinzlyURL: ts.URL + FinzlyPrefix, RedpinURL: ts.URL + RedpinPrefix}
	creds := DefaultCredentials
	if len(sb.cfg.clients) > 0 {
		creds = sb.cfg.clients[0]
	}
	srv.FinzlyHTTP = srv.authenticated(ts.Client(), creds, srv.FinzlyURL+FinzlyTokenPath)
	srv.RedpinHTTP = srv.authenticated(ts.Client(), creds, srv.RedpinURL+RedpinTokenPath)
	if srv.Finzly, err = finzly.NewClientWithResponses(srv.FinzlyURL, finzly.WithHTTPClient(srv.FinzlyHTTP)); err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	if srv.Redpin, err = redpin.NewClientWithResponses(srv.RedpinURL, redpin.WithHTTPClient(srv.RedpinHTTP)); err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	return srv
}

// authenticated returns an HTTP client that fetches and renews tokens from
// tokenURL with the client-credentials grant, over base.
func (srv *Server) authenticated(base *http.Client, creds Credentials, tokenURL string) *http.Client {
	cc := clientcredentials.Config{ClientID: creds.ClientID, ClientSecret: creds.ClientSecret, TokenURL: tokenURL,
		AuthStyle: oauth2.AuthStyleInParams}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, base)
	return &http.Client{Transport: &oauth2.Transport{Source: cc.TokenSource(ctx), Base: base.Transport}}
}
