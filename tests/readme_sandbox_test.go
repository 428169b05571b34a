package tests

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
)

// readmeSection returns the README's section under the heading.
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	text := readme(t)
	start := strings.Index(text, heading)
	require.GreaterOrEqual(t, start, 0, "README has a section %q", heading)
	section := text[start:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	return section
}

// sandboxSection returns the README's "Test against the sandbox" section.
func sandboxSection(t *testing.T) string {
	t.Helper()
	return readmeSection(t, "## Test against the sandbox")
}

// TestREADMESandboxFactsHold keeps the section's credentials, token paths
// and faults in step with the sandbox.
func TestREADMESandboxFactsHold(t *testing.T) {
	section := sandboxSection(t)
	assert.Contains(t, section, "client `"+sandbox.DefaultCredentials.ClientID+"`, secret `"+sandbox.DefaultCredentials.ClientSecret+"`")
	assert.Contains(t, section, "`"+sandbox.RedpinPrefix+sandbox.RedpinTokenPath+"`")
	assert.Contains(t, section, "`"+sandbox.FinzlyPrefix+strings.Replace(sandbox.FinzlyTokenPath, "/sandbox/", "/{realm}/", 1)+"`")
	assert.Contains(t, section, "header `"+sandbox.FaultHeader+"` with")

	row := regexp.MustCompile("(?m)^\\| faults \\|.*$").FindString(section)
	require.NotEmpty(t, row, "the faults row")
	listed := regexp.MustCompile("`(\\d{3}|timeout)`").FindAllStringSubmatch(row, -1)
	require.Len(t, listed, 9, "eight statuses and timeout")
	sb := sandbox.Start(t, sandbox.WithFaultTimeout(1))
	for _, l := range listed {
		status, err := strconv.Atoi(l[1])
		if err != nil {
			continue // timeout: TestFaultsAskedByHeader covers it
		}
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, sb.FinzlyURL+"/v3/payments/1", nil)
		require.NoError(t, err)
		req.Header.Set(sandbox.FaultHeader, l[1])
		resp, err := sb.FinzlyHTTP.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, status, resp.StatusCode, "fault %s", l[1])
	}
}

// TestREADMESandboxControlsAreServed asks the sandbox for every control the
// section names.
func TestREADMESandboxControlsAreServed(t *testing.T) {
	section := sandboxSection(t)
	sb := sandbox.Start(t)
	for _, c := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/_sandbox/clock", http.StatusOK},
		{http.MethodGet, "/_sandbox/webhooks", http.StatusOK},
		{http.MethodPost, "/_sandbox/reset", http.StatusNoContent},
		{http.MethodGet, "/_sandbox/payments/{id}/events", http.StatusNotFound}, // no such payment
		{http.MethodGet, "/_sandbox/payments", http.StatusOK},
		{http.MethodGet, "/_sandbox", http.StatusOK},
		{http.MethodGet, "/_sandbox/health", http.StatusOK},
		{http.MethodGet, "/", http.StatusOK},
	} {
		if c.path != "/" {
			require.Contains(t, section, "`"+c.method+" "+c.path+"`")
		}
		req, err := http.NewRequestWithContext(context.Background(), c.method, sb.URL+strings.Replace(c.path, "{id}", "1", 1), nil)
		require.NoError(t, err)
		if c.method == http.MethodPost {
			req.Header.Set("Content-Type", "application/json") // as the access policy requires
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, c.want, resp.StatusCode, c.path)
	}
}
