package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/internal/proccpu"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/sandbox/store"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
)

// loadClients is how many clients send requests at once in the
// throughput benchmark.
const loadClients = 16

// loadTarget is a server the throughput benchmark loads: its Finzly base URL,
// the bearer token to send, and its process id when it runs apart (0 in
// this process).
type loadTarget struct {
	base, token string
	pid         int
}

// BenchmarkCreateThenGet creates a v4 credit payment and reads it back,
// from 16 concurrent clients over loopback HTTP, against the sandbox with
// each store and, when PAYSPEC_PRISM_URL names a running Prism mock of
// api/finzly.yaml (see scripts/bench-sandbox.sh), against Prism, so the
// figures come from one run on one machine. One op is one create and one
// get; req/s counts both, and cpu-ms/pair is the server process's CPU
// time per pair when it runs as a process of its own. gen-busy is the
// share of a CPU the load generator itself used: well under 1 says the
// server, not the generator, set the pace.
//
// The sandbox runs in this process unless PAYSPEC_SANDBOX_URL (in memory)
// and PAYSPEC_SANDBOX_SQLITE_URL (with --data) name running `payspec
// serve` processes, as the script starts them, each with a CPU of its own.
func BenchmarkCreateThenGet(b *testing.B) {
	body := benchExample(b)
	b.Run("sandbox-memory", func(b *testing.B) {
		runLoad(b, targetAt(b, "PAYSPEC_SANDBOX_URL", sandbox.FinzlyPrefix, func() loadTarget { return startTarget(b) }), body)
	})
	b.Run("sandbox-sqlite", func(b *testing.B) {
		runLoad(b, targetAt(b, "PAYSPEC_SANDBOX_SQLITE_URL", sandbox.FinzlyPrefix, func() loadTarget {
			db, err := store.OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "state.db"))
			require.NoError(b, err)
			b.Cleanup(func() { _ = db.Close() })
			return startTarget(b, sandbox.WithStore(db))
		}), body)
	})
	b.Run("prism", func(b *testing.B) {
		runLoad(b, targetAt(b, "PAYSPEC_PRISM_URL", "", func() loadTarget {
			b.Skip("PAYSPEC_PRISM_URL is not set; scripts/bench-sandbox.sh starts Prism and sets it")
			return loadTarget{}
		}), body)
	})
}

// targetAt is the server the environment variable names (its API under
// prefix), or else the one start makes. A server named so is asked for a
// token as the sandbox hands them out; Prism takes any.
func targetAt(b *testing.B, env, prefix string, start func() loadTarget) loadTarget {
	b.Helper()
	url := strings.TrimSuffix(os.Getenv(env), "/")
	if url == "" {
		return start()
	}
	t := loadTarget{base: url + prefix, token: "prism", pid: serverPID(b, env)}
	if prefix != "" {
		t.token = fetchToken(b, t.base)
	}
	return t
}

// serverPID is the process id the script gives with the URL (env + _PID),
// or 0.
func serverPID(b *testing.B, env string) int {
	pid, err := strconv.Atoi(os.Getenv(env + "_PID"))
	if err != nil {
		return 0
	}
	return pid
}

func benchExample(b *testing.B) []byte {
	b.Helper()
	body, err := os.ReadFile(filepath.Join("..", "examples", "finzly", "createCreditPaymentV4", "valid-fedwire.json"))
	require.NoError(b, err)
	return body
}

// startTarget runs a sandbox on a loopback server and fetches a token.
func startTarget(b *testing.B, opts ...sandbox.Option) loadTarget {
	b.Helper()
	sb, err := sandbox.New(append([]sandbox.Option{sandbox.WithToday(march2030)}, opts...)...)
	require.NoError(b, err)
	srv := httptest.NewServer(sb.Handler())
	b.Cleanup(func() {
		srv.Close()
		_ = sb.Close()
	})
	base := srv.URL + sandbox.FinzlyPrefix
	return loadTarget{base: base, token: fetchToken(b, base)}
}

// fetchToken gets a bearer token from a sandbox's Finzly token endpoint.
func fetchToken(b *testing.B, base string) string {
	b.Helper()
	form := "grant_type=client_credentials&client_id=sandbox&client_secret=sandbox"
	resp, err := http.Post(base+sandbox.FinzlyTokenPath, "application/x-www-form-urlencoded", strings.NewReader(form))
	require.NoError(b, err)
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(b, json.NewDecoder(resp.Body).Decode(&tok))
	return tok.AccessToken
}

// runLoad sends b.N create-then-get pairs from loadClients goroutines and
// reports requests per second and the 99th percentile of a pair.
func runLoad(b *testing.B, t loadTarget, body []byte) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * loadClients}, Timeout: 30 * time.Second}
	var next atomic.Int64
	lat := make([][]time.Duration, loadClients)
	errs := make(chan error, loadClients)
	cpuBefore, _ := proccpu.Of(t.pid)
	genBefore, _ := proccpu.Of(os.Getpid())
	b.ResetTimer()
	start := time.Now()
	for c := range loadClients {
		go func() {
			for next.Add(1) <= int64(b.N) {
				began := time.Now()
				if err := createThenGet(client, t, body); err != nil {
					errs <- err
					return
				}
				lat[c] = append(lat[c], time.Since(began))
			}
			errs <- nil
		}()
	}
	for range loadClients {
		require.NoError(b, <-errs)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if genAfter, ok := proccpu.Of(os.Getpid()); ok {
		b.ReportMetric(float64(genAfter-genBefore)/float64(elapsed), "gen-busy")
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(2*b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-pair-ms")
	if cpuAfter, ok := proccpu.Of(t.pid); ok {
		b.ReportMetric(float64((cpuAfter-cpuBefore).Microseconds())/1000/float64(b.N), "cpu-ms/pair")
	}
}

func createThenGet(c *http.Client, t loadTarget, body []byte) error {
	status, out, err := send(c, t, http.MethodPost, "/v4/payments/credit", body)
	if err != nil || status != http.StatusOK {
		return fmt.Errorf("create: %d %v %.300s", status, err, out)
	}
	var created struct {
		Data struct {
			PaymentUID string `json:"paymentUID"`
		} `json:"data"`
	}
	if err := json.Unmarshal(out, &created); err != nil || created.Data.PaymentUID == "" {
		return fmt.Errorf("create answer: %v %.300s", err, out)
	}
	status, out, err = send(c, t, http.MethodGet, "/v3/payments/"+created.Data.PaymentUID, nil)
	if err != nil || status != http.StatusOK {
		return fmt.Errorf("get: %d %v %.300s", status, err, out)
	}
	return nil
}

func send(c *http.Client, t loadTarget, method, path string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(context.Background(), method, t.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+t.token)
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// BenchmarkCreateThenGetInProcess is BenchmarkCreateThenGet without the
// network: one create and one get of a v4 Fedwire payment handed straight
// to the sandbox's handler, so that its time and allocations are the
// sandbox's own (routing, the engine judging both requests and answers,
// the handlers), with those of building the two requests.
func BenchmarkCreateThenGetInProcess(b *testing.B) {
	body := benchExample(b)
	sb, err := sandbox.New(sandbox.WithToday(march2030), sandbox.WithoutAuth())
	require.NoError(b, err)
	b.Cleanup(func() { _ = sb.Close() })
	h := sb.Handler()
	b.ReportAllocs()
	for b.Loop() {
		status, out := serve(h, http.MethodPost, "/finzly/v4/payments/credit", body)
		if status != http.StatusOK {
			b.Fatalf("create: %d %.300s", status, out)
		}
		uid := paymentUIDOf(out)
		if status, out = serve(h, http.MethodGet, "/finzly/v3/payments/"+uid, nil); status != http.StatusOK {
			b.Fatalf("get %q: %d %.300s", uid, status, out)
		}
	}
}

// paymentUIDOf reads the paymentUID of a v4 create's answer.
func paymentUIDOf(answer []byte) string {
	var created struct {
		Data struct {
			PaymentUID string `json:"paymentUID"`
		} `json:"data"`
	}
	_ = json.Unmarshal(answer, &created)
	return created.Data.PaymentUID
}

// BenchmarkSearchAmong100kPayments stores 100,000 payments, reports the
// heap they take, and times a filtered searchPayments among them (one op
// is one search; p99 over the run).
func BenchmarkSearchAmong100kPayments(b *testing.B) {
	const stored = 100_000
	body := benchExample(b)
	before := heapInUse()
	sb, err := sandbox.New(sandbox.WithToday(march2030), sandbox.WithoutAuth())
	require.NoError(b, err)
	b.Cleanup(func() { _ = sb.Close() })
	h := sb.Handler()
	for i := range stored {
		// Every tenth payment is of 125.00, so the filter matches 10,000.
		amount := "1234567.89"
		if i%10 == 0 {
			amount = "125.00"
		}
		one := bytes.Replace(body, []byte("1234567.89"), []byte(amount), 1)
		status, out := serve(h, http.MethodPost, "/finzly/v4/payments/credit", one)
		require.Equal(b, http.StatusOK, status, "%.300s", out)
	}
	heap := (float64(heapInUse()) - float64(before)) / (1 << 20)

	query := []byte(`{"page":1,"limit":50,"minAmount":100,"maxAmount":200,"status":"FUTURE_DATED","deliveryMethod":"FEDWIRE","senderName":"Harbor Freight Logistics LLC"}`)
	status, out := serve(h, http.MethodPost, "/finzly/v3/payments/search", query)
	require.Equal(b, http.StatusOK, status, "%.500s", out)
	require.Contains(b, string(out), `"totalRecords":10000`, "%.500s", out)
	// The store is seeded once; the search runs as a sub-benchmark.
	b.Run("filtered-search", func(b *testing.B) {
		lat := make([]time.Duration, 0, b.N)
		for range b.N {
			began := time.Now()
			serve(h, http.MethodPost, "/finzly/v3/payments/search", query)
			lat = append(lat, time.Since(began))
		}
		b.StopTimer()
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(heap, "MB-heap-100k")
	})
}

// serve sends one request to h as a client on this machine would (the
// sandbox answers only requests naming it in their Host).
func serve(h http.Handler, method, path string, body []byte) (int, []byte) {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Host, req.RemoteAddr = "localhost", "127.0.0.1:40000"
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// BenchmarkNew builds a sandbox and closes it: in memory, on an empty
// SQLite file, and on one holding 2,000 payments (a restart). The engine
// sub-benchmark builds only what New builds for the validation engine (the
// rail rules and validate.New), so that the sandbox's own share of its
// start is the difference.
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	b.Run("engine", func(b *testing.B) {
		for b.Loop() {
			checker, err := rules.New(nil)
			require.NoError(b, err)
			_, err = validate.New(ctx, validate.WithRules(checker))
			require.NoError(b, err)
		}
	})
	b.Run("memory", func(b *testing.B) {
		for b.Loop() {
			sb, err := sandbox.New(sandbox.WithToday(march2030))
			require.NoError(b, err)
			require.NoError(b, sb.Close())
		}
	})
	for _, payments := range []int{0, 2000} {
		b.Run(fmt.Sprintf("sqlite-%d-payments", payments), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "state.db")
			seedPayments(b, path, payments)
			for b.Loop() {
				db, err := store.OpenSQLite(ctx, path)
				require.NoError(b, err)
				sb, err := sandbox.New(sandbox.WithStore(db))
				require.NoError(b, err)
				require.NoError(b, sb.Close())
				require.NoError(b, db.Close())
			}
		})
	}
}

// seedPayments makes n payments in the SQLite file at path.
func seedPayments(b *testing.B, path string, n int) {
	b.Helper()
	db, err := store.OpenSQLite(context.Background(), path)
	require.NoError(b, err)
	defer db.Close()
	sb, err := sandbox.New(sandbox.WithStore(db), sandbox.WithToday(march2030), sandbox.WithoutAuth())
	require.NoError(b, err)
	defer sb.Close()
	body := benchExample(b)
	for range n {
		status, out := serve(sb.Handler(), http.MethodPost, "/finzly/v4/payments/credit", body)
		require.Equal(b, http.StatusOK, status, "%.300s", out)
	}
}
