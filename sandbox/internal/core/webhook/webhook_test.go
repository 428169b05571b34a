package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox/internal/core/webhook"
	"github.com/payspec/payspec/validate"
)

// op is the webhook operation the tests send through: Finzly's payment
// status, posted to /payments.
const op = "finzlyPaymentStatusWebhook"

var discard = slog.New(slog.DiscardHandler)

var sharedEngine = sync.OnceValues(func() (*validate.Engine, error) {
	return validate.New(context.Background(), validate.WithoutRules())
})

func engine(t testing.TB) *validate.Engine {
	t.Helper()
	e, err := sharedEngine()
	require.NoError(t, err)
	return e
}

// quick retries twice more, a millisecond apart.
var quick = webhook.Retry{First: time.Millisecond, Factor: 1, Max: time.Millisecond, Attempts: 3}

// status is a payment status webhook that passes the spec.
func status(payment int, st string) map[string]any {
	return map[string]any{"paymentId": payment, "paymentStatus": st}
}

// dispatcher returns a dispatcher to urls, closed when the test ends.
func dispatcher(t testing.TB, urls []string, retry webhook.Retry, limits webhook.Limits, logger *slog.Logger) *webhook.Dispatcher {
	t.Helper()
	if logger == nil {
		logger = discard
	}
	d, err := webhook.New(engine(t), urls, retry, limits, logger)
	require.NoError(t, err)
	t.Cleanup(d.Close)
	return d
}

// sink is a webhook receiver that records what it is posted and answers
// with answer (200 when nil), or never answers while silent.
type sink struct {
	srv    *httptest.Server
	answer func(r *http.Request, n int) int // n counts the requests so far, from 1
	silent bool

	mu        sync.Mutex
	requests  int
	got       []map[string]any // the payloads answered 2xx, in order
	conns     int              // connections opened to it
	active    int              // requests being handled
	maxActive int
	bySubject map[string]int // requests being handled, by paymentId
	overlap   bool           // one subject's webhooks arrived side by side
}

func newSink(t testing.TB, silent bool, answer func(*http.Request, int) int) *sink {
	t.Helper()
	s := &sink{silent: silent, answer: answer, bySubject: map[string]int{}}
	release := make(chan struct{})
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve(release)))
	s.srv.Config.ConnState = func(_ net.Conn, cs http.ConnState) {
		if cs == http.StateNew {
			s.mu.Lock()
			s.conns++
			s.mu.Unlock()
		}
	}
	s.srv.Start()
	t.Cleanup(func() {
		close(release)
		s.srv.Close()
	})
	return s
}

func (s *sink) serve(release chan struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(b, &body)
		subject := fmt.Sprint(body["paymentId"])
		s.mu.Lock()
		s.requests++
		n := s.requests
		s.active++
		s.maxActive = max(s.maxActive, s.active)
		s.bySubject[subject]++
		s.overlap = s.overlap || s.bySubject[subject] > 1
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.active--
			s.bySubject[subject]--
			s.mu.Unlock()
		}()
		if s.silent {
			select { // never answers: waits for the sender to give up, or the test to end
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		code := http.StatusOK
		if s.answer != nil {
			code = s.answer(r, n)
		}
		if code >= 200 && code < 300 {
			s.mu.Lock()
			s.got = append(s.got, body)
			s.mu.Unlock()
		}
		w.WriteHeader(code)
	}
}

func (s *sink) stats() (requests, conns, active, maxActive int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, s.conns, s.active, s.maxActive
}

// settled waits until no delivery is pending.
func settled(t testing.TB, d *webhook.Dispatcher) []webhook.Delivery {
	t.Helper()
	require.Eventually(t, func() bool {
		for _, dl := range d.Deliveries() {
			if dl.State == webhook.Pending {
				return false
			}
		}
		return true
	}, 10*time.Second, 5*time.Millisecond)
	return d.Deliveries()
}

func states(ds []webhook.Delivery) map[string]int {
	out := map[string]int{}
	for _, dl := range ds {
		out[dl.State]++
	}
	return out
}

// TestOnlyA2xxAnswerDelivers: a receiver's answer counts as taking the
// webhook only when it is 2xx; a 3xx, 4xx or 5xx is a failed attempt,
// retried until the attempts run out, and each attempt is logged with the
// status it got.
func TestOnlyA2xxAnswerDelivers(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   string
	}{
		{http.StatusOK, webhook.Delivered},
		{http.StatusAccepted, webhook.Delivered},
		{http.StatusNoContent, webhook.Delivered},
		{http.StatusMovedPermanently, webhook.Failed},
		{http.StatusFound, webhook.Failed},
		{http.StatusNotModified, webhook.Failed},
		{http.StatusBadRequest, webhook.Failed},
		{http.StatusUnauthorized, webhook.Failed},
		{http.StatusNotFound, webhook.Failed},
		{http.StatusConflict, webhook.Failed},
		{http.StatusUnprocessableEntity, webhook.Failed},
		{http.StatusInternalServerError, webhook.Failed},
		{http.StatusServiceUnavailable, webhook.Failed},
	} {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			t.Parallel()
			s := newSink(t, false, func(*http.Request, int) int { return tc.status })
			d := dispatcher(t, []string{s.srv.URL}, quick, webhook.Limits{}, nil)
			d.Send(op, "1", "PROCESSED", status(1, "PROCESSED"))
			got := settled(t, d)
			require.Len(t, got, 1)
			assert.Equal(t, tc.want, got[0].State)
			wantAttempts := 1
			if tc.want == webhook.Failed {
				wantAttempts = quick.Attempts
				assert.Equal(t, "no 2xx answer in 3 attempts", got[0].Reason)
			}
			require.Len(t, got[0].Attempts, wantAttempts)
			for _, a := range got[0].Attempts {
				assert.Equal(t, tc.status, a.Status)
			}
			requests, _, _, _ := s.stats()
			assert.Equal(t, wantAttempts, requests)
		})
	}
}

// TestRedirectIsNeverFollowed: a receiver answering 3xx does not send the
// webhook (nor its payload) anywhere else; the attempt fails and says why.
func TestRedirectIsNeverFollowed(t *testing.T) {
	elsewhere := newSink(t, false, nil)
	redirecting := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.srv.URL+"/payments", http.StatusTemporaryRedirect)
	})
	d := dispatcher(t, []string{redirecting.URL}, quick, webhook.Limits{}, nil)
	d.Send(op, "1", "PROCESSED", status(1, "PROCESSED"))
	got := settled(t, d)
	require.Len(t, got, 1)
	assert.Equal(t, webhook.Failed, got[0].State)
	require.Len(t, got[0].Attempts, quick.Attempts)
	for _, a := range got[0].Attempts {
		assert.Equal(t, http.StatusTemporaryRedirect, a.Status)
		assert.Equal(t, "redirects are not followed", a.Error)
	}
	requests, conns, _, _ := elsewhere.stats()
	assert.Zero(t, requests+conns, "nothing reached the redirect's target")
}

// serve runs h on a test server for the rest of the test.
func serve(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// TestOneSubjectInOrderOneAtATime: with several senders at work, a
// receiver still gets each subject's webhooks in the order they were
// sent, never two of one subject at once (a retry holds back the later
// ones), and never more attempts or connections at once than the limit.
func TestOneSubjectInOrderOneAtATime(t *testing.T) {
	const subjects, perSubject, perReceiver = 40, 5, 3
	s := newSink(t, false, func(_ *http.Request, n int) int {
		time.Sleep(time.Millisecond) // long enough for the senders to overlap
		if n%4 == 0 {
			return http.StatusServiceUnavailable // every fourth request fails and is retried
		}
		return http.StatusOK
	})
	d := dispatcher(t, []string{s.srv.URL}, webhook.Retry{First: time.Millisecond, Factor: 1, Max: time.Millisecond, Attempts: 20},
		webhook.Limits{PerReceiver: perReceiver}, nil)
	for k := range perSubject {
		for p := range subjects {
			d.Send(op, strconv.Itoa(p), "S"+strconv.Itoa(k), status(p, "S"+strconv.Itoa(k)))
		}
	}
	got := settled(t, d)
	assert.Equal(t, map[string]int{webhook.Delivered: subjects * perSubject}, states(got))
	order := map[float64][]any{}
	s.mu.Lock()
	for _, body := range s.got {
		id := body["paymentId"].(float64)
		order[id] = append(order[id], body["paymentStatus"])
	}
	overlap := s.overlap
	s.mu.Unlock()
	require.Len(t, order, subjects)
	for id, seen := range order {
		assert.Equal(t, []any{"S0", "S1", "S2", "S3", "S4"}, seen, "payment %v", id)
	}
	assert.False(t, overlap, "one subject's webhooks never arrive side by side")
	_, conns, _, maxActive := s.stats()
	assert.LessOrEqual(t, maxActive, perReceiver)
	assert.LessOrEqual(t, conns, perReceiver)
	assert.Greater(t, maxActive, 1, "subjects are delivered side by side")
}

// TestRefusedPayloadIsNeverSent: a payload that breaks the spec is logged
// as refused and never posted; the subject's next webhook still goes.
func TestRefusedPayloadIsNeverSent(t *testing.T) {
	s := newSink(t, false, nil)
	var logs bytes.Buffer
	d := dispatcher(t, []string{s.srv.URL}, quick, webhook.Limits{}, slog.New(slog.NewTextHandler(&logs, nil)))
	d.Send(op, "7", "PROCESSED", map[string]any{"paymentId": "not a number", "paymentStatus": "PROCESSED"})
	d.Send(op, "7", "CANCELLED", status(7, "CANCELLED"))
	got := settled(t, d)
	require.Len(t, got, 2)
	assert.Equal(t, webhook.Refused, got[0].State)
	assert.Contains(t, got[0].Reason, "breaks the webhook operation's spec")
	assert.Empty(t, got[0].Attempts)
	assert.Equal(t, webhook.Delivered, got[1].State)
	s.mu.Lock()
	defer s.mu.Unlock()
	assert.Equal(t, 1, s.requests)
	assert.Contains(t, logs.String(), "webhook payload breaks the spec")
}

// TestSilentReceiverPileUpIsBounded: a receiver that never answers holds
// as many senders and connections as the per-receiver limit, whatever the
// number of webhooks; past the queue's length webhooks are dropped, each
// shown in the delivery log with its reason, and the sandbox's log says so
// once; two such receivers do not hold up a third that answers; and Close
// ends the attempts in flight at once.
func TestSilentReceiverPileUpIsBounded(t *testing.T) {
	const payments, queue, perReceiver = 2000, 300, 2
	silent, silent2 := newSink(t, true, nil), newSink(t, true, nil)
	good := newSink(t, false, nil)
	before := runtime.NumGoroutine()
	var logs bytes.Buffer
	d, err := webhook.New(engine(t), []string{silent.srv.URL, silent2.srv.URL, good.srv.URL}, webhook.DefaultRetry,
		webhook.Limits{PerReceiver: perReceiver, Queue: queue}, slog.New(slog.NewTextHandler(&logs, nil)))
	require.NoError(t, err)
	for p := range payments {
		d.Send(op, strconv.Itoa(p), "PROCESSED", status(p, "PROCESSED"))
	}
	for _, s := range []*sink{silent, silent2} {
		require.Eventually(t, func() bool {
			_, _, active, _ := s.stats()
			return active == perReceiver
		}, 5*time.Second, time.Millisecond)
	}
	pendingTo := func(url string) int {
		n := 0
		for _, dl := range d.Deliveries() {
			if strings.HasPrefix(dl.URL, url) && dl.State == webhook.Pending {
				n++
			}
		}
		return n
	}
	require.Eventually(t, func() bool { return pendingTo(good.srv.URL) == 0 }, 10*time.Second, time.Millisecond,
		"the receiver that answers is served meanwhile")
	for p := payments; p < payments+10; p++ {
		d.Send(op, strconv.Itoa(p), "PROCESSED", status(p, "PROCESSED"))
	}
	require.Eventually(t, func() bool { return pendingTo(good.srv.URL) == 0 }, 10*time.Second, time.Millisecond)
	late := 0
	good.mu.Lock()
	for _, body := range good.got {
		if body["paymentId"].(float64) >= payments {
			late++
		}
	}
	good.mu.Unlock()
	assert.Equal(t, 10, late, "what is sent once the receiver caught up reaches it")

	// The pool is perReceiver senders per receiver; a connection costs
	// the client two goroutines and the test server two; a few more are
	// the test's own.
	assert.LessOrEqual(t, runtime.NumGoroutine()-before, 3*perReceiver+3*perReceiver*4+8)
	_, conns, _, maxActive := silent.stats()
	assert.LessOrEqual(t, conns, perReceiver)
	assert.Equal(t, perReceiver, maxActive)

	bySilent := map[string]int{}
	for _, dl := range d.Deliveries() {
		if strings.HasPrefix(dl.URL, silent.srv.URL) {
			bySilent[dl.State]++
			if dl.State == webhook.Dropped {
				assert.Equal(t, "the receiver's queue is full (300 deliveries outstanding)", dl.Reason)
			}
		}
	}
	assert.Equal(t, map[string]int{webhook.Pending: queue, webhook.Dropped: payments + 10 - queue}, bySilent)
	full := 0
	for line := range strings.Lines(logs.String()) {
		if strings.Contains(line, "webhook queue full") && strings.Contains(line, silent.srv.URL) {
			full++
		}
	}
	assert.Equal(t, 1, full, "the overflow is logged once, not once per webhook")

	closed := make(chan struct{})
	go func() {
		d.Close()
		close(closed)
	}()
	require.Eventually(t, func() bool {
		select {
		case <-closed:
			return true
		default:
			return false
		}
	}, 5*time.Second, time.Millisecond, "Close does not wait out a receiver that never answers")
	for _, dl := range d.Deliveries() {
		assert.NotEqual(t, webhook.Pending, dl.State)
		if dl.State == webhook.Dropped && len(dl.Attempts) > 0 {
			assert.Equal(t, "the sandbox closed before it was delivered", dl.Reason)
		}
	}
}

// TestQueueHasRoomAgain: once the receiver catches up, webhooks are taken
// again, and the log says how many were dropped meanwhile.
func TestQueueHasRoomAgain(t *testing.T) {
	answer := make(chan struct{})
	s := newSink(t, false, func(r *http.Request, _ int) int {
		<-answer
		return http.StatusOK
	})
	var logs bytes.Buffer
	d := dispatcher(t, []string{s.srv.URL}, quick, webhook.Limits{PerReceiver: 1, Queue: 2},
		slog.New(slog.NewTextHandler(&logs, nil)))
	for p := range 5 {
		d.Send(op, strconv.Itoa(p), "PROCESSED", status(p, "PROCESSED"))
	}
	close(answer)
	settled(t, d)
	d.Send(op, "9", "PROCESSED", status(9, "PROCESSED"))
	got := settled(t, d)
	assert.Equal(t, []string{webhook.Delivered, webhook.Delivered, webhook.Dropped, webhook.Dropped, webhook.Dropped, webhook.Delivered},
		func() (out []string) {
			for _, dl := range got {
				out = append(out, dl.State)
			}
			return out
		}())
	assert.Contains(t, logs.String(), "webhook queue has room again")
	assert.Contains(t, logs.String(), "dropped=3")
}

// TestResetForgetsWhatWaits: Reset cancels the attempt in flight and
// forgets the deliveries waiting (a retry an hour off included), so a
// webhook sent after it goes out at once rather than behind them.
func TestResetForgetsWhatWaits(t *testing.T) {
	arrived, cancelled := make(chan struct{}, 1), make(chan struct{}, 1)
	var mu sync.Mutex
	hang := true
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // so that the server notices the client going
		mu.Lock()
		h := hang
		mu.Unlock()
		if h {
			arrived <- struct{}{}
			<-r.Context().Done()
			cancelled <- struct{}{}
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	d := dispatcher(t, []string{srv.URL}, webhook.Retry{First: time.Hour, Factor: 1, Max: time.Hour, Attempts: 5},
		webhook.Limits{}, nil)
	d.Send(op, "1", "PROCESSED", status(1, "PROCESSED"))
	d.Send(op, "1", "CANCELLED", status(1, "CANCELLED"))
	<-arrived
	mu.Lock()
	hang = false
	mu.Unlock()
	d.Reset()
	<-cancelled
	assert.Empty(t, d.Deliveries())

	d.Send(op, "1", "INITIATED", status(1, "INITIATED"))
	got := settled(t, d)
	require.Len(t, got, 1)
	assert.Equal(t, webhook.Delivered, got[0].State, "not held back by what Reset forgot")
	require.Len(t, got[0].Attempts, 1)
}

// TestAttemptIsBoundedInTime: an attempt at a receiver that never answers
// ends at the per-attempt timeout and counts as failed.
func TestAttemptIsBoundedInTime(t *testing.T) {
	silent := newSink(t, true, nil)
	d := dispatcher(t, []string{silent.srv.URL}, quick, webhook.Limits{Timeout: 50 * time.Millisecond}, nil)
	d.Send(op, "1", "PROCESSED", status(1, "PROCESSED"))
	got := settled(t, d)
	require.Len(t, got, 1)
	assert.Equal(t, webhook.Failed, got[0].State)
	require.Len(t, got[0].Attempts, quick.Attempts)
	for _, a := range got[0].Attempts {
		assert.Zero(t, a.Status)
		assert.Contains(t, a.Error, "Timeout exceeded")
	}
}

// TestDefaultLimits pins the defaults that the sandbox's option docs and
// the README state: change them together.
func TestDefaultLimits(t *testing.T) {
	assert.Equal(t, webhook.Limits{PerReceiver: 4, Queue: 10000, Timeout: 10 * time.Second}, webhook.DefaultLimits)
}

// TestLatestAndAboutCopyWhatIsAsked: the log is paged from the newest,
// a page past the end is empty, one subject's deliveries come newest
// first, and each attempt keeps how long it took, which the JSON leaves
// out.
func TestLatestAndAboutCopyWhatIsAsked(t *testing.T) {
	s := newSink(t, false, func(*http.Request, int) int {
		time.Sleep(2 * time.Millisecond)
		return http.StatusOK
	})
	d := dispatcher(t, []string{s.srv.URL}, quick, webhook.Limits{}, nil)
	for i, subject := range []string{"1", "2", "1", "3", "1"} {
		d.Send(op, subject, "S"+strconv.Itoa(i), status(i, "S"+strconv.Itoa(i)))
	}
	settled(t, d)

	ids := func(ds []webhook.Delivery) []int {
		var out []int
		for _, dl := range ds {
			out = append(out, dl.ID)
		}
		return out
	}
	page, total := d.Latest(0, 2)
	assert.Equal(t, 5, total)
	assert.Equal(t, []int{5, 4}, ids(page))
	page, _ = d.Latest(4, 6)
	assert.Equal(t, []int{1}, ids(page), "cut at the log's end")
	page, total = d.Latest(9, 11)
	assert.Empty(t, page)
	assert.Equal(t, 5, total)
	page, _ = d.Latest(-3, 1)
	assert.Equal(t, []int{5}, ids(page), "a negative position counts as the newest")

	about := d.About("1")
	assert.Equal(t, []int{5, 3, 1}, ids(about))
	assert.Empty(t, d.About("9"))
	require.Len(t, about[0].Attempts, 1)
	assert.GreaterOrEqual(t, about[0].Attempts[0].Latency, 2*time.Millisecond, "from sending to the answer")
	b, err := json.Marshal(about[0].Attempts[0])
	require.NoError(t, err)
	assert.NotContains(t, strings.ToLower(string(b)), "latency")

	about[0].Attempts[0].Status = 599
	assert.Equal(t, http.StatusOK, d.About("1")[0].Attempts[0].Status, "a copy: the log is untouched")
}

// TestReceiverURLKeepsItsQueryAndMasksItsPassword: the webhook's path is
// joined to the receiver's path, its query is kept, its credentials are
// sent, and the delivery log shows the URL with the password masked.
func TestReceiverURLKeepsItsQueryAndMasksItsPassword(t *testing.T) {
	type seen struct{ uri, user, password string }
	got := make(chan seen, 1)
	recv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		user, password, _ := r.BasicAuth()
		got <- seen{r.URL.RequestURI(), user, password}
	})
	base := strings.Replace(recv.URL, "http://", "http://hooks:s3cret@", 1) + "/in/?token=abc"
	d := dispatcher(t, []string{base}, quick, webhook.Limits{}, nil)
	d.Send(op, "1", "PROCESSED", status(1, "PROCESSED"))
	dl := settled(t, d)
	require.Len(t, dl, 1)
	assert.Equal(t, webhook.Delivered, dl[0].State)
	assert.Equal(t, seen{"/in/payments?token=abc", "hooks", "s3cret"}, <-got)
	assert.NotContains(t, dl[0].URL, "s3cret")
	assert.Contains(t, dl[0].URL, "/in/payments?token=abc")
}

func TestParseReceiverRefusesWhatCannotBeAReceiver(t *testing.T) {
	for _, raw := range []string{
		"ftp://example.com/hooks",
		"http:opaque",
		"http:///no-host",
		"http://example.com/hooks#frag",
		"http://example.com/hooks#",
		"http://user:p%zzword@example.com/",
		"example.com/hooks",
	} {
		t.Run(raw, func(t *testing.T) {
			_, err := webhook.ParseReceiver(raw)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "example.com", "the error does not repeat the URL")
			_, err = webhook.New(engine(t), []string{raw}, quick, webhook.Limits{}, discard)
			assert.Error(t, err)
		})
	}
	u, err := webhook.ParseReceiver("https://example.com:8443/hooks?token=abc")
	require.NoError(t, err)
	assert.Equal(t, "/hooks/payments", u.JoinPath("/payments").Path)
}
