package finzlyclient_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate"
)

// benchServer answers every v4 credit payment at once, and tokens.
func benchServer(b *testing.B) *httptest.Server {
	srv := tenant(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"data":{"paymentUID":"12930","paymentStatus":"INITIATED"},"errors":[]}`)
	})
	b.Cleanup(srv.Close)
	return srv
}

// The three benchmarks send the same v4 credit payment, with a bearer
// token and an Idempotent-Key, to the same local server: the bare
// generated client, the generated client behind validate.Doer (what
// validation costs), and finzlyclient (token cache, idempotency key, retry
// policy, validation, drift handling, result decoding). The client layer's
// overhead is the third minus the second.

func BenchmarkCreditPaymentBareGenerated(b *testing.B) {
	srv := benchServer(b)
	c, err := finzly.NewClient(srv.URL)
	require.NoError(b, err)
	benchGenerated(b, c)
}

func BenchmarkCreditPaymentValidatedGenerated(b *testing.B) {
	srv := benchServer(b)
	c, err := finzly.NewClient(srv.URL, finzly.WithHTTPClient(&validate.Doer{Engine: engine(b), Next: http.DefaultClient}))
	require.NoError(b, err)
	benchGenerated(b, c)
}

// benchGenerated sends what a production call needs by hand: a bearer
// token and a fresh Idempotent-Key, as the client does.
func benchGenerated(b *testing.B, c *finzly.Client) {
	ctx := context.Background()
	p := fedwire()
	bearer := func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer t")
		return nil
	}
	b.ReportAllocs()
	for b.Loop() {
		key := uuid.New()
		resp, err := c.CreateCreditPaymentV4(ctx, &finzly.CreateCreditPaymentV4Params{IdempotentKey: &key}, p, bearer)
		if err != nil {
			b.Fatal(err)
		}
		parsed, err := finzly.ParseCreateCreditPaymentV4Response(resp)
		if err != nil || parsed.JSON200 == nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreditPaymentClient(b *testing.B) {
	srv := benchServer(b)
	c, err := finzlyclient.New(context.Background(), finzlyclient.Config{
		BaseURL: srv.URL, TokenURL: srv.URL + "/token",
		Credentials: client.Credentials{ClientID: "a", ClientSecret: "b"},
	}, client.WithEngine(engine(b)), client.WithHTTPClient(http.DefaultClient))
	require.NoError(b, err)
	benchClient(b, c)
}

// memoryDoer answers in memory, so that what the benchmarks below measure
// is the client's own work, without the network's noise.
type memoryDoer struct{}

func (memoryDoer) Do(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body:    io.NopCloser(strings.NewReader(`{"data":{"paymentUID":"12930","paymentStatus":"INITIATED"},"errors":[]}`)),
		Request: r}, nil
}

func BenchmarkInMemoryBareGenerated(b *testing.B) {
	c, err := finzly.NewClient("https://tenant.example", finzly.WithHTTPClient(memoryDoer{}))
	require.NoError(b, err)
	benchGenerated(b, c)
}

func BenchmarkInMemoryValidatedGenerated(b *testing.B) {
	c, err := finzly.NewClient("https://tenant.example", finzly.WithHTTPClient(&validate.Doer{Engine: engine(b), Next: memoryDoer{}}))
	require.NoError(b, err)
	benchGenerated(b, c)
}

func BenchmarkInMemoryClient(b *testing.B) {
	c, err := finzlyclient.New(context.Background(), finzlyclient.Config{BaseURL: "https://tenant.example"},
		client.WithEngine(engine(b)), client.WithHTTPClient(memoryDoer{}),
		client.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"})))
	require.NoError(b, err)
	benchClient(b, c)
}

func benchClient(b *testing.B, c *finzlyclient.Client) {
	ctx := context.Background()
	p := fedwire()
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.CreateCreditPaymentV4(ctx, p)
		if err != nil || res.Value.Data == nil {
			b.Fatal(err)
		}
	}
}
