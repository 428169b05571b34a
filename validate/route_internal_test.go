package validate

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resolveEachReading is routing as resolve defines it, matching each
// reading of the path on its own: resolve may match once when the two
// readings are the same segments, and must come to the same outcome.
func resolveEachReading(ops []*operation, t target) routed {
	method := strings.ToUpper(t.method)
	a := match(ops, method, muxSegments(t.escaped))
	b := match(ops, method, plainSegments(t.decoded))
	if method == http.MethodHead && a.op == nil && b.op == nil {
		a = match(ops, http.MethodGet, muxSegments(t.escaped))
		b = match(ops, http.MethodGet, plainSegments(t.decoded))
	}
	return reconcile(a, b)
}

var routePaths = []string{
	"/v3/payments/377300", "/V3/Payments/377300/", "/v3/payments//377300", "/v3/./payments/377300",
	"/x/../v3/payments/377300", "/v3/payments/a%2Fb", "/v3/payments/x%2Fv3%2Fpayments%2F377300",
	"/v3/payments/%zz", "/v3/payments/a%2Fb%zz", "/v3/payments/%25", "/v3/payments;x/1", "/v4/payments/credit",
	"/v3/payments/search", "", "/", "%2F", "/v3/payments/%", "/api/v3/payments/1", "/v3/payments/1%2F..%2Fsearch",
}

func FuzzResolveAgreesWithEachReading(f *testing.F) {
	for _, p := range routePaths {
		for _, m := range []string{"GET", "HEAD", "post"} {
			f.Add(m, p)
		}
	}
	e, err := New(context.Background())
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, method, escaped string) {
		decoded, err := url.PathUnescape(escaped)
		if err != nil {
			decoded = escaped
		}
		for _, tg := range []target{{method, escaped, decoded}, {method, escaped, escaped}} {
			got, want := resolve(e.api, tg), resolveEachReading(e.api, tg)
			assert.Equal(t, want.op, got.op, "%s %q", method, escaped)
			assert.Equal(t, want.params, got.params, "%s %q", method, escaped)
			assert.Equal(t, len(want.problems), len(got.problems), "%s %q", method, escaped)
		}
	})
}
