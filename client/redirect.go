package client

import (
	"fmt"
	"net/http"

	"github.com/payspec/payspec/client/internal/cleantext"
)

// RedirectError reports an answer that redirects elsewhere (any 3xx). The
// clients never follow a redirect, neither for API calls nor for token
// requests: following one would send the token, the client secret or the
// payment to a host the caller did not configure.
type RedirectError struct {
	// Operation is the operation id; empty for the token endpoint.
	Operation string
	// Status is the 3xx status.
	Status int
	// Location is the answer's Location header, cut to a bounded length
	// and stripped of control characters.
	Location string
}

// Error names the operation (or the token endpoint), the status and where
// the answer pointed.
func (e *RedirectError) Error() string {
	who := e.Operation
	if who == "" {
		who = "the token endpoint"
	}
	return fmt.Sprintf("payspec client: %s: status %d redirects to %q, which is not followed", who, e.Status, e.Location)
}

// redirected returns the *RedirectError of a 3xx answer, or nil.
func redirected(op string, resp *http.Response) error {
	if resp == nil || resp.StatusCode < 300 || resp.StatusCode > 399 {
		return nil
	}
	return &RedirectError{Operation: op, Status: resp.StatusCode,
		Location: cleantext.Clean(resp.Header.Get("Location"), cleantext.Long)}
}

// refuseRedirects is the CheckRedirect of every *http.Client the clients
// send with: the 3xx answer comes back unfollowed.
func refuseRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// withoutRedirects returns a copy of hc (a new client when hc is nil) that
// hands a redirect back instead of following it. hc itself, which the
// caller may use elsewhere, is left as it is.
func withoutRedirects(hc *http.Client) *http.Client {
	out := &http.Client{Timeout: DefaultTimeout}
	if hc != nil {
		*out = *hc
	}
	out.CheckRedirect = refuseRedirects
	return out
}
