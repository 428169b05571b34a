package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/payspec/payspec/validate"
)

// WebhookRetry says how failed webhook deliveries are retried: after
// First, then each wait Factor times the one before (at most Max), with
// ±20% jitter, for at most Attempts attempts in all.
type WebhookRetry struct {
	First    time.Duration
	Factor   float64
	Max      time.Duration
	Attempts int
}

// DefaultWebhookRetry retries quickly, so that tests do not wait: after
// about half a second, then one, two, four ... seconds, eight attempts in
// all.
var DefaultWebhookRetry = WebhookRetry{First: 500 * time.Millisecond, Factor: 2, Max: 30 * time.Second, Attempts: 8}

func (rp WebhookRetry) wait(attempt int) time.Duration {
	d := float64(rp.First)
	for range attempt - 1 {
		d *= rp.Factor
	}
	d = min(d, float64(rp.Max))
	return time.Duration(d * (0.8 + 0.4*rand.Float64()))
}

// Delivery is one webhook sent (or being sent) to one receiver, as the
// delivery log shows it.
type Delivery struct {
	ID        int             `json:"id"`
	Operation string          `json:"operation"` // the webhook operation of the spec
	URL       string          `json:"url"`       // where it is posted
	Subject   string          `json:"subject"`   // the payment (or customer) it is about
	Status    string          `json:"status"`    // the status it reports
	Payload   json.RawMessage `json:"payload"`
	Attempts  []Attempt       `json:"attempts"`
	// State is pending, delivered, failed (attempts used up) or refused
	// (the payload broke the spec and was not sent).
	State string `json:"state"`
}

// Attempt is one try at a delivery.
type Attempt struct {
	At      time.Time     `json:"at"`
	Status  int           `json:"status,omitempty"` // HTTP status, when an answer came
	Error   string        `json:"error,omitempty"`
	Latency time.Duration `json:"-"` // from sending to the answer (or the failure); shown by the console
}

// maxDeliveryLog bounds the delivery log; the oldest entries go first.
const maxDeliveryLog = 10000

// dispatcher delivers webhooks to every receiver, validating each payload
// against its webhook operation first and retrying failures.
type dispatcher struct {
	engine  *validate.Engine
	urls    []string
	retry   WebhookRetry
	client  *http.Client
	logger  *slog.Logger
	ctx     context.Context
	cancel  context.CancelFunc
	pending sync.WaitGroup

	mu    sync.Mutex
	log   []*Delivery
	seq   int
	lanes map[string][]*Delivery // deliveries waiting, by receiver and subject
}

func newDispatcher(e *validate.Engine, urls []string, retry WebhookRetry, logger *slog.Logger) *dispatcher {
	ctx, cancel := context.WithCancel(context.Background())
	return &dispatcher{engine: e, urls: urls, retry: retry, logger: logger, ctx: ctx, cancel: cancel,
		client: &http.Client{Timeout: 10 * time.Second}, lanes: map[string][]*Delivery{}}
}

// send validates a webhook and delivers it to every receiver, in the
// background. path is the webhook operation's path, added to each
// receiver's base URL. A receiver gets the webhooks about one subject in
// the order they were sent, one at a time: a delivery being retried holds
// back the later ones about the same subject.
func (d *dispatcher) send(opID, path, subject, status string, payload []byte) {
	if len(d.urls) == 0 {
		return
	}
	problems, err := d.engine.ValidateRequest(d.ctx, opID, validate.Request{
		Header: http.Header{"Content-Type": {"application/json"}}, Body: payload})
	refused := err != nil || problems.HasErrors()
	for _, base := range d.urls {
		dl := d.record(&Delivery{Operation: opID, URL: strings.TrimSuffix(base, "/") + path,
			Subject: subject, Status: status, Payload: payload, State: "pending"})
		if refused {
			d.logger.Error("sandbox: webhook payload breaks the spec; not sent",
				slog.String("operation", opID), slog.Any("problems", problems), slog.Any("error", err))
			d.setState(dl, "refused")
			continue
		}
		d.enqueue(base+"\x00"+subject, dl)
	}
}

// enqueue adds a delivery to its lane, starting the lane's sender if the
// lane was idle.
func (d *dispatcher) enqueue(lane string, dl *Delivery) {
	d.pending.Add(1)
	d.mu.Lock()
	defer d.mu.Unlock()
	waiting, busy := d.lanes[lane]
	d.lanes[lane] = append(waiting, dl)
	if !busy {
		go d.drain(lane)
	}
}

// drain delivers a lane's deliveries in order until the lane is empty.
func (d *dispatcher) drain(lane string) {
	for {
		d.mu.Lock()
		waiting := d.lanes[lane]
		if len(waiting) == 0 {
			delete(d.lanes, lane)
			d.mu.Unlock()
			return
		}
		dl := waiting[0]
		d.lanes[lane] = waiting[1:]
		d.mu.Unlock()
		d.deliver(dl)
	}
}

// enabled reports whether there is any receiver to deliver to.
func (d *dispatcher) enabled() bool { return len(d.urls) > 0 }

func (d *dispatcher) record(dl *Delivery) *Delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seq++
	dl.ID = d.seq
	d.log = append(d.log, dl)
	if len(d.log) > maxDeliveryLog {
		d.log = d.log[len(d.log)-maxDeliveryLog:]
	}
	return dl
}

func (d *dispatcher) setState(dl *Delivery, state string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	dl.State = state
}

// deliver tries a delivery until it succeeds, the attempts run out or the
// sandbox closes.
func (d *dispatcher) deliver(dl *Delivery) {
	defer d.pending.Done()
	for attempt := 1; ; attempt++ {
		at := time.Now()
		status, err := d.post(dl)
		d.mu.Lock()
		dl.Attempts = append(dl.Attempts, Attempt{At: at, Status: status, Error: errText(err), Latency: time.Since(at)})
		d.mu.Unlock()
		if err == nil && status >= 200 && status < 300 {
			d.setState(dl, "delivered")
			return
		}
		if attempt >= d.retry.Attempts {
			d.setState(dl, "failed")
			d.logger.Warn("sandbox: webhook not delivered", slog.String("url", dl.URL), slog.Int("attempts", attempt))
			return
		}
		select {
		case <-time.After(d.retry.wait(attempt)):
		case <-d.ctx.Done():
			d.setState(dl, "failed")
			return
		}
	}
}

func (d *dispatcher) post(dl *Delivery) (int, error) {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, dl.URL, bytes.NewReader(dl.Payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "payspec-sandbox")
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// deliveries returns a copy of the delivery log, oldest first.
func (d *dispatcher) deliveries() []Delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Delivery, len(d.log))
	for i, dl := range d.log {
		out[i] = *dl
		out[i].Attempts = append([]Attempt(nil), dl.Attempts...)
	}
	return out
}

// reset forgets the delivery log.
func (d *dispatcher) reset() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.log = nil
}

// close stops retries and waits for deliveries in flight.
func (d *dispatcher) close() {
	d.cancel()
	d.pending.Wait()
}

// retryAfter is the Retry-After value of a fault answer.
func retryAfter(d time.Duration) string { return strconv.Itoa(max(1, int(d/time.Second))) }
