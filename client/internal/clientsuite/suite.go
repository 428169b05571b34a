// Package clientsuite is the contract suite of the provider clients: a
// case for every operation of both specs, called through finzlyclient and
// redpinclient against any server that speaks the two APIs. A case asks
// nothing of the server beyond the APIs themselves and, for the cases of
// payments that must settle first, a clock to move (Env.Advance). It runs
// against payspec's sandbox, and its cases of the operations the
// in-process stand-in of package providertest answers run against that
// too:
//
//	clientsuite.Run(t, sandboxtest.Start(t).Contract())                 // every operation
//	clientsuite.Run(t, providertest.Start(t).Env(), api.OpGetPayment)   // some
//
// Every answer must conform to the spec: the clients run in enforce mode,
// so the suite fails on drift.
package clientsuite

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/client/redpinclient"
)

// suite is what every case gets: the server and a client of each
// provider.
type suite struct {
	env providertest.Env
	fz  *finzlyclient.Client
	rp  *redpinclient.Client
}

// caseFunc checks one operation.
type caseFunc func(t *testing.T, s *suite)

// cases holds the case of every operation, by operation id.
var cases = func() map[string]caseFunc {
	all := map[string]caseFunc{}
	for _, group := range []map[string]caseFunc{finzlyCases, finzlyDirectoryCases, redpinCases, redpinReferenceCases} {
		for op, c := range group {
			all[op] = c
		}
	}
	return all
}()

// Operations returns the operation ids the suite has a case for, sorted.
func Operations() []string { return slices.Sorted(maps.Keys(cases)) }

// Run runs the cases of ops against env, in the order of their ids, or of
// every operation when ops is empty.
func Run(t *testing.T, env providertest.Env, ops ...string) {
	if len(ops) == 0 {
		ops = Operations()
	}
	opts, _ := providertest.Options(t)
	opts = append(opts, client.WithDriftMode(client.DriftEnforce))
	ctx := context.Background()
	fz, err := finzlyclient.New(ctx, finzlyclient.Config{BaseURL: env.FinzlyURL, TokenURL: env.FinzlyTokenURL,
		Credentials: env.Credentials}, opts...)
	require.NoError(t, err)
	rp, err := redpinclient.New(ctx, redpinclient.Config{BaseURL: env.RedpinURL, TokenURL: env.RedpinTokenURL,
		Credentials: env.Credentials}, opts...)
	require.NoError(t, err)
	s := &suite{env: env, fz: fz, rp: rp}
	for _, op := range slices.Sorted(slices.Values(ops)) {
		c, ok := cases[op]
		require.True(t, ok, "the suite has no case for %s", op)
		t.Run(op, func(t *testing.T) { c(t, s) })
	}
}

// advance moves the server's clock, for cases whose payments must settle.
func (s *suite) advance(t *testing.T, d time.Duration) {
	t.Helper()
	require.NotNil(t, s.env.Advance, "this case needs a server whose clock can be moved")
	require.NoError(t, s.env.Advance(context.Background(), d))
}

// example decodes one of the repository's valid examples.
func example[T any](t *testing.T, name string) T {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "..", "examples", name))
	require.NoError(t, err)
	var v T
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}

// serial numbers the references cases make, so that each is unique
// within a server's life.
var serial atomic.Int64

func next() int64 { return serial.Add(1) }
