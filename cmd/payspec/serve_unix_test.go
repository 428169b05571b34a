//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/internal/proccpu"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/sandbox/store"
)

// serving is a payspec serve process of a test.
type serving struct {
	cmd    *exec.Cmd
	base   string
	lines  chan string // standard output after the first line
	stderr *syncBuffer
}

// syncBuffer is a buffer the process writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs the built binary's serve command on a free port and
// waits for its first line.
func startServe(t testing.TB, args ...string) *serving {
	t.Helper()
	return startServeWith(t, nil, args...)
}

// startServeWith is startServe with these variables added to the
// environment.
func startServeWith(t testing.TB, env []string, args ...string) *serving {
	t.Helper()
	cmd := exec.Command(cliBinary(t), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	s := &serving{cmd: cmd, lines: make(chan string, 100), stderr: &syncBuffer{}}
	cmd.Stderr = s.stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	sc := bufio.NewScanner(stdout)
	require.True(t, sc.Scan(), "no first line")
	first := sc.Text()
	base, ok := strings.CutPrefix(first, "payspec sandbox listening on ")
	require.True(t, ok, "first line: %q", first)
	s.base = base
	go func() {
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	return s
}

func TestServePrintsItsAddressAndOneLinePerRequest(t *testing.T) {
	s := startServe(t, "--no-auth", "--today", "2030-03-01")
	resp, err := http.Post(s.base+"/finzly/v3/payments/search", "application/json",
		strings.NewReader(`{"page":1,"limit":10}`))
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	select {
	case line := <-s.lines:
		f := strings.Fields(line)
		require.Len(t, f, 6, line)
		assert.Equal(t, []string{"POST", "/finzly/v3/payments/search", "searchPayments", "200"}, f[1:5])
	case <-time.After(5 * time.Second):
		t.Fatal("no request log line")
	}
	// Standard error reaches the test through a pipe of its own, which may
	// lag behind standard output.
	assert.Eventually(t, func() bool { return strings.Contains(s.stderr.String(), "/finzly") }, 5*time.Second, 10*time.Millisecond,
		"the access details on standard error: %q", s.stderr.String())
	assert.Contains(t, s.stderr.String(), "  console  "+s.base+"/console/ ", "the console's address first")
}

func TestServeStopsGracefullyOnSIGTERM(t *testing.T) {
	s := startServe(t, "--no-auth")
	// A request still arriving when the signal comes is answered: its
	// body is sent only after SIGTERM.
	pr, pw := io.Pipe()
	answered := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, s.base+"/finzly/v3/payments/search", pr)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	_, err := io.WriteString(pw, `{"page":1,`)
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond) // the request is in flight
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	time.Sleep(200 * time.Millisecond)
	_, err = io.WriteString(pw, `"limit":10}`)
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	assert.Equal(t, http.StatusOK, <-answered, "the request in flight is finished")

	assert.NoError(t, s.waitExit(t, 15*time.Second), "exit status 0 after SIGTERM")
	assert.Contains(t, s.stderr.String(), "stopped")
	_, err = http.Get(s.base + "/")
	var ue *url.Error
	assert.ErrorAs(t, err, &ue, "nothing listens any more")
}

// A request whose body stops coming does not hold the stop beyond the
// grace: its connection is closed, its line is logged, and serve exits 0.
func TestServeStopClosesWhatIsStillBusyAfterTheGrace(t *testing.T) {
	s := startServe(t, "--no-auth", "--shutdown-grace", "300ms")
	const search = "POST /finzly/v3/payments/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
	s.sendRaw(t, search+"Content-Length: 100\r\n\r\n{\"page\":1,")
	// A handler that never reads its body and waits on its request: the
	// timeout fault.
	s.sendRaw(t, search+"Payspec-Sandbox-Fault: timeout\r\nContent-Length: 10\r\n\r\n{\"page\":1}")
	time.Sleep(200 * time.Millisecond) // both requests are in their handlers
	began := time.Now()
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	assert.NoError(t, s.waitExit(t, 5*time.Second), "exit status 0")
	assert.Less(t, time.Since(began), 3*time.Second)
	assert.Contains(t, s.stderr.String(), "payspec sandbox stopped; the requests still running after 300ms were cut off")
	var logged []string
	for line := range s.lines {
		logged = append(logged, line)
	}
	require.Len(t, logged, 2, "the lines of the requests cut off")
	assert.True(t, slices.ContainsFunc(logged, func(line string) bool {
		return strings.Contains(line, "POST /finzly/v3/payments/search searchPayments - ")
	}), "the timeout fault's line, without a status: %q", logged)
}

func TestServeKeepsStateInItsDataFile(t *testing.T) {
	data := t.TempDir() + "/sandbox.db"
	first := startServe(t, "--no-auth", "--data", data, "--today", "2030-03-01")
	body := readExample(t, "examples/finzly/createCreditPaymentV4/valid-fedwire.json")
	resp, err := http.Post(first.base+"/finzly/v4/payments/credit", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(out))
	require.NoError(t, first.cmd.Process.Signal(syscall.SIGTERM))
	_ = first.cmd.Wait()

	second := startServe(t, "--no-auth", "--data", data)
	resp, err = http.Get(second.base + "/finzly/v3/payments/377300")
	require.NoError(t, err)
	out, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the payment survived the restart")
	assert.Contains(t, string(out), `"paymentUID":377300`)
}

// get sends a GET with the headers given in pairs (Host among them) and
// returns the status.
func get(t *testing.T, url string, header ...string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if host := req.Header.Get("Host"); host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// waitStderr waits until the process has written text on standard error,
// which reaches the test through a pipe of its own and may come after its
// first line on standard output.
// sendRaw writes raw bytes to the server on a connection of their own,
// left open until the test ends.
func (s *serving) sendRaw(t *testing.T, raw string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	_, err = io.WriteString(conn, raw)
	require.NoError(t, err)
}

// waitExit waits for the process to end, within the given time, and
// returns how it ended.
func (s *serving) waitExit(t *testing.T, within time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(within):
		t.Fatal("serve did not stop")
		return nil
	}
}

func (s *serving) waitStderr(t *testing.T, text string) {
	t.Helper()
	require.Eventually(t, func() bool { return strings.Contains(s.stderr.String(), text) }, 5*time.Second, 10*time.Millisecond,
		"%q on standard error: %q", text, s.stderr.String())
}

func TestServeOnLoopbackDoesNotWarn(t *testing.T) {
	s := startServe(t, "--no-auth")
	assert.Equal(t, http.StatusOK, get(t, s.base+"/_sandbox/clock"))
	s.waitStderr(t, "(loopback clients only)")
	assert.NotContains(t, s.stderr.String(), "WARNING")
}

func TestServeWarnsWhatIsExposedOffLoopback(t *testing.T) {
	s := startServe(t, "--addr", "0.0.0.0:0")
	require.Eventually(t, func() bool { return strings.Contains(s.stderr.String(), "WARNING") }, 5*time.Second, 20*time.Millisecond)
	warning := s.stderr.String()
	assert.Contains(t, warning, "is not a loopback address")
	assert.Contains(t, warning, "call the Finzly and Redpin APIs with the test client credentials")
	assert.Contains(t, warning, "answer loopback clients only (give --control-token to open them to others)")
	// The address it prints works, for the API and (from this machine)
	// the controls.
	assert.Equal(t, http.StatusOK, get(t, s.base+"/_sandbox/clock"), s.base)
	assert.Equal(t, http.StatusUnauthorized, get(t, s.base+"/finzly/v3/payments/1"), "the API answers, asking for its token")
	assert.Equal(t, http.StatusForbidden, get(t, s.base+"/_sandbox/clock", "Host", "attacker.example"))
}

func TestServeControlToken(t *testing.T) {
	const token = "tok-5f0e6c1d2b7a4e39"
	for name, s := range map[string]*serving{
		"flag":        startServe(t, "--control-token", token, "--allowed-host", "sandbox.test"),
		"environment": startServeWith(t, []string{controlTokenEnv + "=" + token}, "--allowed-host", "sandbox.test"),
	} {
		assert.Equal(t, http.StatusUnauthorized, get(t, s.base+"/_sandbox/clock"), name)
		assert.Equal(t, http.StatusUnauthorized, get(t, s.base+"/"), name)
		assert.Equal(t, http.StatusOK, get(t, s.base+"/_sandbox/clock", "Authorization", "Bearer "+token), name)
		assert.Equal(t, http.StatusOK, get(t, s.base+"/_sandbox/clock", "Authorization", "Bearer "+token, "Host", "sandbox.test:80"), name)
		assert.Equal(t, http.StatusForbidden, get(t, s.base+"/_sandbox/clock", "Authorization", "Bearer "+token, "Host", "other.test"), name)
		s.waitStderr(t, "(control token required)")
		assert.Equal(t, http.StatusUnauthorized, get(t, s.base+"/console/payments"), name)
		assert.Equal(t, http.StatusOK, get(t, s.base+"/console/payments", "Authorization", "Bearer "+token), name)
		assert.Contains(t, s.stderr.String(), "  console  "+s.base+"/console/   (open "+s.base+"/console/?token=<control token> once)", name)
		assert.NotContains(t, s.stderr.String(), token, "%s: the token is never printed", name)
	}
}

// TestServeKeepsWhatItAnsweredThroughAKill: a payment acknowledged is in
// the data file even when the process is killed at once after (no
// graceful stop), and a sandbox started again on the file finds it.
func TestServeKeepsWhatItAnsweredThroughAKill(t *testing.T) {
	data := t.TempDir() + "/sandbox.db"
	first := startServe(t, "--no-auth", "--data", data, "--today", "2030-03-01")
	body := readExample(t, "examples/finzly/createCreditPaymentV4/valid-fedwire.json")
	for range 3 {
		resp, err := http.Post(first.base+"/finzly/v4/payments/credit", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, string(out))
	}
	require.NoError(t, first.cmd.Process.Kill())
	_ = first.cmd.Wait()

	second := startServe(t, "--no-auth", "--data", data)
	resp, err := http.Get(second.base + "/finzly/v3/payments/377302")
	require.NoError(t, err)
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the last payment answered survived the kill: %s", out)
}

// TestServeRefusesADataFileInUse: a second sandbox on the same --data file
// is refused, saying which process holds it; the first keeps serving. The
// file's name holds characters a URI gives a meaning to, and names that
// file.
func TestServeRefusesADataFileInUse(t *testing.T) {
	dir := t.TempDir()
	data := dir + "/st%41te#1?.db"
	first := startServe(t, "--no-auth", "--data", data)

	r := runCLI(t, "", "serve", "--addr", "127.0.0.1:0", "--no-auth", "--data", data)
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "in use")
	assert.Contains(t, r.stderr, data)
	assert.Contains(t, r.stderr, "process "+strconv.Itoa(first.cmd.Process.Pid))

	resp, err := http.Get(first.base + "/_sandbox/clock")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the first sandbox still serves")
	_, err = os.Stat(data)
	assert.NoError(t, err, "the data file is the file named")
}

func TestServeRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--today", "03-01-2030"},
		{"serve", "--webhook-url", "ftp://x"},
		{"serve", "--webhook-url", "http://127.0.0.1:9/hooks#fragment"},
		{"serve", "--webhook-url", "http:///no-host"},
		{"serve", "--shutdown-grace", "-1s"},
		{"serve", "--shutdown-grace", "11m"},
		{"serve", "--addr", "256.0.0.1:99999"},
		{"serve", "--rules-config", "/nonexistent.yaml"},
	} {
		r := runCLI(t, "", args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
	}
}

// BenchmarkServeStartup measures payspec serve from exec to its first
// answer: the wall time (ms-to-first-answer) and, on Linux, the CPU time
// the process has used by then (cpu-ms-to-first-answer, which a busy
// machine disturbs less), each the mean over the runs; in memory, and on
// a --data file holding 2,000 payments, which a start loads.
func BenchmarkServeStartup(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchServeStartup(b) })
	b.Run("data-2000-payments", func(b *testing.B) {
		data := filepath.Join(b.TempDir(), "state.db")
		seedDataFile(b, data, 2000)
		benchServeStartup(b, "--data", data)
	})
}

func benchServeStartup(b *testing.B, args ...string) {
	var total, cpu time.Duration
	for b.Loop() {
		start := time.Now()
		cmd := exec.Command(cliBinary(b), append([]string{"serve", "--addr", "127.0.0.1:0", "--no-auth"}, args...)...)
		stdout, err := cmd.StdoutPipe()
		require.NoError(b, err)
		require.NoError(b, cmd.Start())
		line, err := bufio.NewReader(stdout).ReadString('\n')
		require.NoError(b, err)
		base := strings.TrimSpace(strings.TrimPrefix(line, "payspec sandbox listening on "))
		resp, err := http.Get(base + "/_sandbox/clock")
		require.NoError(b, err)
		resp.Body.Close()
		total += time.Since(start)
		if used, ok := proccpu.Of(cmd.Process.Pid); ok {
			cpu += used
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-to-first-answer")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms-to-first-answer")
	}
}

// seedDataFile makes n Finzly payments in a sandbox data file.
func seedDataFile(b *testing.B, path string, n int) {
	b.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, path)
	require.NoError(b, err)
	defer db.Close()
	sb, err := sandbox.New(sandbox.WithStore(db), sandbox.WithoutAuth(), sandbox.WithToday(time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)))
	require.NoError(b, err)
	defer sb.Close()
	body, err := os.ReadFile(filepath.Join("examples", "finzly", "createCreditPaymentV4", "valid-fedwire.json")) // TestMain runs in the module root
	require.NoError(b, err)
	for range n {
		req := httptest.NewRequest(http.MethodPost, "/finzly/v4/payments/credit", bytes.NewReader(body))
		req.Host, req.RemoteAddr = "localhost", "127.0.0.1:40000" // a client on this machine
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sb.Handler().ServeHTTP(rec, req)
		require.Equal(b, http.StatusOK, rec.Code, rec.Body.String())
	}
}
