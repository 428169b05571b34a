package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The tests of package sandbox itself pin the wall clock (withWallClock)
// at noon in New York on Friday 1 March 2030, so that the sandbox time is
// exactly what they set and the dates they name never age.

var newYork = mustZone("America/New_York")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// frozen is a sandbox on a wall clock that never moves, without
// authentication, closed with the test.
func frozen(t testing.TB, opts ...Option) *Sandbox {
	t.Helper()
	sb, err := newFrozen(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

// newFrozen is a sandbox on a wall clock that never moves, without
// authentication.
func newFrozen(opts ...Option) (*Sandbox, error) {
	wall := time.Date(2030, 3, 1, 12, 0, 0, 0, newYork)
	return New(append([]Option{withWallClock(func() time.Time { return wall }), WithoutAuth()}, opts...)...)
}

// do sends a JSON request to the handler from a loopback client.
func do(t testing.TB, h http.Handler, method, path string, body []byte) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Host, req.RemoteAddr = "localhost", "127.0.0.1:50000"
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var m map[string]any
	if rec.Body.Len() > 0 {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m), rec.Body.String())
	}
	return rec.Code, m
}

// exampleBody reads an example request of the repository.
func exampleBody(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", filepath.FromSlash(rel)))
	require.NoError(t, err)
	return b
}

// dailySeries creates a daily RTP series that runs until cancelled, its
// first payment today.
func dailySeries(t testing.TB, h http.Handler) {
	t.Helper()
	body := strings.Replace(string(exampleBody(t, "finzly/createCreditPaymentV4/valid-rtp.json")), `"speed"`,
		`"recurrence":{"frequency":"Daily","payUntil":"Cancelled"},"speed"`, 1)
	status, out := do(t, h, http.MethodPost, "/finzly/v4/payments/credit", []byte(body))
	require.Equal(t, http.StatusOK, status, "%v", out)
}

// finzlyPayments counts Finzly's payments.
func finzlyPayments(t testing.TB, h http.Handler) int {
	t.Helper()
	status, out := do(t, h, http.MethodPost, "/finzly/v3/payments/search", []byte(`{"page":1,"limit":1}`))
	require.Equal(t, http.StatusOK, status, "%v", out)
	return int(out["pagination"].(map[string]any)["totalRecords"].(float64))
}
