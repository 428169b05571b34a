package validate_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

// redirecting starts a server answering every request with a 307 to
// another server, and returns its URL and the number of requests the
// other server received.
func redirecting(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(other.Close)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/not/in/the/spec", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(api.Close)
	return api.URL, &hits
}

func TestDoerJudgesARedirectInsteadOfFollowingIt(t *testing.T) {
	base, hits := redirecting(t)
	req, err := http.NewRequest(http.MethodGet, base+"/v3/payments/377300", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer secret-token")
	resp, err := (&validate.Doer{Engine: engine(t)}).Do(req)
	var re *validate.ResponseError
	require.ErrorAs(t, err, &re, "a 307 is not an answer getPayment declares")
	require.NotNil(t, resp)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
	assert.Zero(t, hits.Load(), "nothing went to the redirect's target")
}

func TestDoerRefusesTheAnswerOfAFollowedRedirect(t *testing.T) {
	base, hits := redirecting(t)
	req, err := http.NewRequest(http.MethodGet, base+"/v3/payments/377300", nil)
	require.NoError(t, err)
	resp, err := (&validate.Doer{Engine: engine(t), Next: &http.Client{}}).Do(req)
	assert.ErrorIs(t, err, validate.ErrRedirectFollowed)
	assert.Nil(t, resp)
	assert.Equal(t, int32(1), hits.Load(), "the caller's client followed it")
}

// A client with a timeout sends a copy of the request; that is not a
// redirect.
func TestDoerAcceptsASenderThatCopiesTheRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	defer srv.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/v3/payments/377300", nil)
	require.NoError(t, err)
	resp, err := (&validate.Doer{Engine: engine(t), Next: &http.Client{Timeout: time.Minute}}).Do(req)
	require.NotNil(t, resp)
	defer resp.Body.Close()
	assert.NotErrorIs(t, err, validate.ErrRedirectFollowed)
	assert.Equal(t, http.StatusTeapot, resp.StatusCode)
}

func TestClientRefusesOpaqueURLs(t *testing.T) {
	sent := 0
	d := &validate.Doer{Engine: engine(t), Next: doerFunc(func(*http.Request) (*http.Response, error) {
		sent++
		return nil, errors.New("sent")
	})}
	req, err := http.NewRequest(http.MethodGet, "https://api.test/v3/payments/377300", nil)
	require.NoError(t, err)
	req.URL.Opaque = "/v2/customers/anything/accounts"
	_, err = d.Do(req)
	assert.ErrorIs(t, err, validate.ErrOpaqueURL)
	assert.Zero(t, sent)
}

// Header keys go out as the caller wrote them, and the server reads them
// in canonical form: the client judges them that way, and sends what it
// judged.
func TestClientJudgesHeaderKeysAsTheServerReadsThem(t *testing.T) {
	var got http.Header
	d := &validate.Doer{Engine: engine(t), Next: doerFunc(func(r *http.Request) (*http.Response, error) {
		got = r.Header
		return nil, errors.New("not answered")
	})}
	send := func(key, value string) error {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost,
			"https://api.test/v4/payments/credit", bytes.NewReader(v4Fedwire(t)))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header[key] = []string{value}
		_, err = d.Do(req)
		return err
	}

	var re *validate.RequestError
	require.ErrorAs(t, send("idempotent-key", "not-a-uuid"), &re)
	require.NotEmpty(t, re.Problems)
	assert.Equal(t, "/header/Idempotent-Key", re.Problems[0].Pointer, "%v", re.Problems)

	got = nil
	require.ErrorAs(t, send("content-type", "text/plain"), &re, "two Content-Type values reach the server")
	assert.Nil(t, got, "nothing was sent")

	err := send("idempotent-key", "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00")
	require.NotErrorAs(t, err, &re)
	require.NotNil(t, got)
	assert.Equal(t, []string{"0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00"}, got["Idempotent-Key"])
	assert.NotContains(t, got, "idempotent-key")
}
