package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/payspec/payspec/validate"
)

// receiver is one webhook receiver: its own HTTP client (so that its
// connections are bounded apart from the others') and its outstanding
// deliveries, in one lane per subject.
type receiver struct {
	base    *url.URL
	client  *http.Client
	lanes   map[string]*lane // by subject; a lane is removed once empty
	ready   []*lane          // lanes whose first delivery may be tried now, oldest first
	queued  int              // deliveries in the lanes
	busy    int              // attempts in flight
	dropped int              // deliveries dropped since the queue last had room
}

// lane holds one subject's outstanding deliveries to one receiver, in the
// order they were sent. Only the first is ever tried: a lane is either
// ready, being tried by one sender, or waiting for its retry timer.
type lane struct {
	subject string
	items   []*item
	retry   *time.Timer
}

// item is a delivery in its lane, with the check of its payload.
type item struct {
	dl    *Delivery
	check *check
}

// check is the one judgement of a webhook's payload by the engine, shared
// by its deliveries to every receiver and made by the first sender to
// need it (never with the sandbox's state locked).
type check struct {
	once    sync.Once
	opID    string
	payload []byte
	refused bool
}

func newReceiver(base *url.URL, l Limits) *receiver {
	return &receiver{base: base, client: newClient(l), lanes: map[string]*lane{}}
}

// newClient returns a client that keeps at most l.PerReceiver connections,
// bounds every attempt by l.Timeout, goes straight to the receiver (no
// proxy) and never follows a redirect: a 3xx comes back as the answer.
func newClient(l Limits) *http.Client {
	t := &http.Transport{
		DialContext:            (&net.Dialer{Timeout: l.Timeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxConnsPerHost:        l.PerReceiver,
		MaxIdleConns:           l.PerReceiver,
		MaxIdleConnsPerHost:    l.PerReceiver,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    l.Timeout,
		ResponseHeaderTimeout:  l.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{Transport: t, Timeout: l.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// full reports whether the receiver has as many deliveries outstanding as
// the queue holds.
func (rc *receiver) full(queue int) bool { return rc.queued >= queue }

// add puts an item at the end of its subject's lane, and reports whether
// that made a new lane ready.
func (rc *receiver) add(subject string, it *item) bool {
	rc.queued++
	if ln, ok := rc.lanes[subject]; ok {
		ln.items = append(ln.items, it)
		return false
	}
	ln := &lane{subject: subject, items: []*item{it}}
	rc.lanes[subject] = ln
	rc.ready = append(rc.ready, ln)
	return true
}

// pop removes a lane's first item, once it is settled; the lane is ready
// again if more wait in it, and gone if not.
func (rc *receiver) pop(ln *lane) {
	ln.items[0] = nil
	ln.items = ln.items[1:]
	rc.queued--
	if len(ln.items) == 0 {
		delete(rc.lanes, ln.subject)
		return
	}
	rc.ready = append(rc.ready, ln)
}

// forget drops every lane.
func (rc *receiver) forget() {
	rc.lanes, rc.ready, rc.queued, rc.dropped = map[string]*lane{}, nil, 0, 0
}

// sender is one of the pool's goroutines: it tries the first delivery of
// a ready lane, settles it, and takes the next, until Close.
func (d *Dispatcher) sender() {
	defer d.senders.Done()
	for {
		rc, ln, it, gen, ok := d.take()
		if !ok {
			return
		}
		a, refused := d.try(gen.ctx, rc, it)
		d.settle(rc, ln, it, gen, a, refused)
	}
}

// take waits for a ready lane of a receiver that has room for one more
// attempt, looking at the receivers in turn, and marks the attempt as in
// flight. It reports false once the dispatcher is closed.
func (d *Dispatcher) take() (*receiver, *lane, *item, *generation, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for !d.closed {
		n := len(d.receivers)
		for i := range n {
			rc := d.receivers[(d.next+i)%n]
			if len(rc.ready) == 0 || rc.busy >= d.limits.PerReceiver {
				continue
			}
			d.next = (d.next + i + 1) % n
			ln := rc.ready[0]
			rc.ready[0] = nil
			rc.ready = rc.ready[1:]
			rc.busy++
			return rc, ln, ln.items[0], d.gen, true
		}
		d.work.Wait()
	}
	return nil, nil, nil, nil, false
}

// try makes one attempt at a delivery: the payload's check first (once per
// webhook), then the post. It reports refused, and no attempt, for a
// payload that breaks the spec.
func (d *Dispatcher) try(ctx context.Context, rc *receiver, it *item) (Attempt, bool) {
	if it.check.do(ctx, d.engine, d.logger); it.check.refused {
		return Attempt{}, true
	}
	a := Attempt{At: time.Now()}
	status, err := rc.post(ctx, it.dl)
	a.Status, a.Latency = status, time.Since(a.At)
	switch {
	case err != nil:
		a.Error = printable(err.Error())
	case status >= 300 && status < 400:
		a.Error = "redirects are not followed"
	}
	return a, false
}

// do judges the payload against its webhook operation, the first time it
// is called.
func (c *check) do(ctx context.Context, e *validate.Engine, logger *slog.Logger) {
	c.once.Do(func() {
		problems, err := e.ValidateRequest(ctx, c.opID, validate.Request{
			Header: http.Header{"Content-Type": {"application/json"}}, Body: c.payload})
		if c.refused = err != nil || problems.HasErrors(); c.refused {
			logger.Error("sandbox: webhook payload breaks the spec; not sent",
				slog.String("operation", c.opID), slog.Any("problems", problems), slog.Any("error", err))
		}
	})
}

// acknowledged reports whether a receiver's answer takes the webhook: a
// 2xx. Anything else, 3xx and 4xx included, is a failed attempt.
func acknowledged(status int) bool { return status >= 200 && status < 300 }

// settle records an attempt and decides what follows: the delivery is
// done (delivered, refused, or failed with its attempts used up) and the
// lane moves on, or it is retried after its wait. What settles after a
// Reset belongs to a forgotten generation and is dropped; after Close the
// attempt is recorded and Close logs the rest.
func (d *Dispatcher) settle(rc *receiver, ln *lane, it *item, gen *generation, a Attempt, refused bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	rc.busy--
	d.work.Broadcast()
	if gen != d.gen {
		return
	}
	dl := it.dl
	if !refused {
		dl.Attempts = append(dl.Attempts, a)
	}
	if d.closed {
		return
	}
	switch n := len(dl.Attempts); {
	case refused:
		dl.State, dl.Reason = Refused, "the payload breaks the webhook operation's spec; see the sandbox log"
	case a.Error == "" && acknowledged(a.Status):
		dl.State = Delivered
	case n >= d.retry.Attempts:
		dl.State, dl.Reason = Failed, fmt.Sprintf("no 2xx answer in %d attempts", n)
		d.logger.Warn("sandbox: webhook not delivered", slog.String("url", dl.URL), slog.Int("attempts", n))
	default:
		ln.retry = time.AfterFunc(d.retry.wait(n), func() { d.due(rc, ln, gen) })
		return
	}
	rc.pop(ln)
}

// due makes a lane ready again once its retry's wait is over.
func (d *Dispatcher) due(rc *receiver, ln *lane, gen *generation) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if gen != d.gen || d.closed {
		return
	}
	ln.retry = nil
	rc.ready = append(rc.ready, ln)
	d.work.Broadcast()
}

// post posts a delivery's payload and returns the receiver's status,
// reading at most 64 KiB of its answer.
func (rc *receiver) post(ctx context.Context, dl *Delivery) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dl.target, bytes.NewReader(dl.Payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "payspec-sandbox")
	resp, err := rc.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

// printable is s with its control characters written as escapes: an
// attempt's error can quote what a receiver sent (a certificate's names),
// and is shown in the console and the controls.
func printable(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
