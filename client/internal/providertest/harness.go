package providertest

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/validate"
)

// sharedEngine is built once per test binary: compiling the specs is the
// slow part of building a client.
var sharedEngine = sync.OnceValues(func() (*validate.Engine, error) {
	return validate.New(context.Background(), validate.WithClock(noonToday))
})

// noonToday is noon, New York time, of the day it is in New York: the
// tests' payments are dated today or later, so the date moves with the
// calendar, but the time of day is pinned before every rail's cut-off, so
// that a run in the evening judges them as one in the morning does.
func noonToday() time.Time {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		return time.Now()
	}
	y, m, d := time.Now().In(ny).Date()
	return time.Date(y, m, d, 12, 0, 0, 0, ny)
}

// Engine returns the test binary's shared validation engine.
func Engine(tb testing.TB) *validate.Engine {
	tb.Helper()
	e, err := sharedEngine()
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// Sleeps records the waits of a retry policy instead of waiting.
type Sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

// Sleep records d and returns at once (with the context's error, if any).
func (s *Sleeps) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

// All returns the waits recorded.
func (s *Sleeps) All() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// Log is a buffer for a debug-level text logger, safe for concurrent use.
type Log struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends to the log.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns what was logged.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Logger returns a debug-level logger writing to l.
func (l *Log) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// Harness is what a client test inspects besides the client.
type Harness struct {
	Sleeps *Sleeps
	Log    *Log
}

// Options returns the options every client test starts from: the shared
// engine, retries that record their waits instead of waiting, and a
// debug logger into the harness's log. Options given after them win.
func Options(tb testing.TB) ([]client.Option, Harness) {
	h := Harness{Sleeps: &Sleeps{}, Log: &Log{}}
	return []client.Option{
		client.WithEngine(Engine(tb)),
		client.WithRetry(client.RetryPolicy{Sleep: h.Sleeps.Sleep}),
		client.WithLogger(h.Log.Logger()),
	}, h
}

// Credentials are the ones the token endpoint accepts.
func Credentials() client.Credentials {
	return client.Credentials{ClientID: ClientID, ClientSecret: ClientSecret}
}

// Env is where a contract suite finds the two APIs: a stand-in's or the
// sandbox's base URLs, token endpoints and credentials, and what the
// server offers beyond the APIs.
type Env struct {
	FinzlyURL, RedpinURL           string
	FinzlyTokenURL, RedpinTokenURL string
	Credentials                    client.Credentials
	// Advance moves the server's clock forward, so that payments settle;
	// nil when the server has no clock to move.
	Advance func(ctx context.Context, d time.Duration) error
}
