// Package sandboxtest runs the provider clients against payspec's sandbox
// in tests: it starts a sandbox, builds clients wired to its token
// endpoints, and makes chosen requests fail through the sandbox's fault
// header (sandbox.FaultHeader), which the sandbox reads per request.
//
//	env := sandboxtest.Start(t)
//	env.Faults.On(api.OpGetPayment, "503")   // the next getPayment request answers 503
//	fz := env.Finzly(t)
package sandboxtest

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/client/redpinclient"
	"github.com/payspec/payspec/sandbox"
)

// Env is a running sandbox and what a client test inspects besides it.
type Env struct {
	*sandbox.Server
	// Faults schedules failures and records every request the clients
	// built from Env sent.
	Faults *Faults
	// Harness holds the retry waits (recorded, not waited) and the log of
	// the clients built from Env.
	providertest.Harness
	opts []client.Option
}

// Start starts a sandbox for the rest of the test.
func Start(tb testing.TB, opts ...sandbox.Option) *Env {
	tb.Helper()
	base, h := providertest.Options(tb)
	f := &Faults{}
	return &Env{Server: sandbox.Start(tb, opts...), Faults: f, Harness: h,
		opts: append(base, client.WithHook(f.Hook()))}
}

// Credentials are the sandbox's default client credentials.
func Credentials() client.Credentials {
	return client.Credentials{ClientID: sandbox.DefaultCredentials.ClientID, ClientSecret: sandbox.DefaultCredentials.ClientSecret}
}

// Contract returns where the contract suite finds the sandbox.
func (e *Env) Contract() providertest.Env {
	return providertest.Env{FinzlyURL: e.FinzlyURL, RedpinURL: e.RedpinURL,
		FinzlyTokenURL: e.FinzlyURL + sandbox.FinzlyTokenPath, RedpinTokenURL: e.RedpinURL + sandbox.RedpinTokenPath,
		Credentials: Credentials(), Advance: e.Advance}
}

// Options returns the options of the clients Env builds (the shared
// engine, recorded retry waits, the harness's logger and the fault hook)
// followed by extra, which win.
func (e *Env) Options(extra ...client.Option) []client.Option {
	return append(append([]client.Option(nil), e.opts...), extra...)
}

// Finzly builds a Finzly client of the sandbox.
func (e *Env) Finzly(tb testing.TB, extra ...client.Option) *finzlyclient.Client {
	tb.Helper()
	c, err := finzlyclient.New(context.Background(), finzlyclient.Config{BaseURL: e.FinzlyURL,
		TokenURL: e.FinzlyURL + sandbox.FinzlyTokenPath, Credentials: Credentials()}, e.Options(extra...)...)
	require.NoError(tb, err)
	return c
}

// Redpin builds a Redpin client of the sandbox.
func (e *Env) Redpin(tb testing.TB, extra ...client.Option) *redpinclient.Client {
	tb.Helper()
	c, err := redpinclient.New(context.Background(), redpinclient.Config{BaseURL: e.RedpinURL,
		TokenURL: e.RedpinURL + sandbox.RedpinTokenPath, Credentials: Credentials()}, e.Options(extra...)...)
	require.NoError(tb, err)
	return c
}

// Faults is a client.Hook that sets the sandbox's fault header on the
// requests a test chose, and records every request. The zero value is
// ready to use; it is safe for concurrent use.
type Faults struct {
	mu      sync.Mutex
	planned map[string][]string // operation id → faults of its next requests
	sent    []Request
}

// Request is one HTTP request a client sent, as the hook saw it.
type Request struct {
	Operation      string
	Attempt        int    // the call's attempt number (a resend after a 401 keeps it)
	Fault          string // the fault asked for, "" for none
	IdempotencyKey string
	Authorization  string
	Status         int // the answer's status, 0 when none came
}

// On schedules faults for the next requests of an operation, one per
// request in order: a status ("503") or "timeout"; "" lets a request
// through.
func (f *Faults) On(op string, faults ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.planned == nil {
		f.planned = map[string][]string{}
	}
	f.planned[op] = append(f.planned[op], faults...)
}

// Hook returns the client.Hook to give the clients.
func (f *Faults) Hook() client.Hook {
	return func(ctx context.Context, a client.Attempt) (context.Context, func(client.AttemptResult)) {
		f.mu.Lock()
		fault := ""
		if q := f.planned[a.Operation]; len(q) > 0 {
			fault, f.planned[a.Operation] = q[0], q[1:]
		}
		i := len(f.sent)
		f.sent = append(f.sent, Request{Operation: a.Operation, Attempt: a.Number, Fault: fault,
			IdempotencyKey: a.IdempotencyKey, Authorization: a.Request.Header.Get("Authorization")})
		f.mu.Unlock()
		// The hook's request is this attempt's own: the next attempt starts
		// without the header.
		if fault != "" {
			a.Request.Header.Set(sandbox.FaultHeader, fault)
		}
		return ctx, func(r client.AttemptResult) {
			f.mu.Lock()
			f.sent[i].Status = r.Status
			f.mu.Unlock()
		}
	}
}

// Requests returns the requests sent for an operation, in order.
func (f *Faults) Requests(op string) []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Request
	for _, r := range f.sent {
		if r.Operation == op {
			out = append(out, r)
		}
	}
	return out
}

// Statuses returns the statuses of an operation's requests, in order.
func (f *Faults) Statuses(op string) []int {
	var out []int
	for _, r := range f.Requests(op) {
		out = append(out, r.Status)
	}
	return out
}
