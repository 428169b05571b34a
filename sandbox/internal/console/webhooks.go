package console

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// deliveriesView is the delivery log's table, on its page and in its
// stream.
type deliveriesView struct {
	Page     DeliveryPage
	From, To int
	Failed   int // failed or refused deliveries on the page
	Loc      *time.Location
	Prefix   string
}

// webhooksView is the webhook log page.
type webhooksView struct {
	Log   deliveriesView
	Live  bool // the first page, which the stream keeps current
	Pager pager
}

func (c *Console) deliveries(ctx context.Context, page int) (deliveriesView, error) {
	req := PageRequest{Page: page, Size: PageSize}
	dp, err := c.backend.Deliveries(ctx, req)
	if err != nil {
		return deliveriesView{}, err
	}
	v := deliveriesView{Page: dp, Loc: time.UTC, Prefix: Prefix}
	if clock, err := c.backend.Clock(ctx); err == nil {
		v.Loc = clock.Now.Location()
	}
	from, to := req.Offsets(dp.Total)
	v.From, v.To = from+1, to
	for _, d := range dp.Items {
		if d.State == "failed" || d.State == "refused" {
			v.Failed++
		}
	}
	return v, nil
}

func (c *Console) webhookLog(w http.ResponseWriter, r *http.Request) {
	page := pageParam(r)
	log, err := c.deliveries(r.Context(), page)
	if err != nil {
		c.failBackend(w, r, err)
		return
	}
	c.page(w, r, http.StatusOK, "webhooks", "Webhooks", webhooksView{Log: log, Live: page == 1,
		Pager: newPager(Prefix+"/webhooks", url.Values{}, page, log.Page.Total)})
}

// renderDeliveries renders the first page of the delivery log's table.
func (c *Console) renderDeliveries(ctx context.Context) ([]byte, error) {
	log, err := c.deliveries(ctx, 1)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := c.pages["webhooks"].ExecuteTemplate(&buf, "deliveries", log); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// webhookStream keeps an open webhook log current: a server-sent event
// carrying the log's first page whenever it changes. A stream lasts
// streamLifetime, then asks the browser to reconnect; at most maxStreams
// are open at once.
func (c *Console) webhookStream(w http.ResponseWriter, r *http.Request) {
	select {
	case c.streams <- struct{}{}:
		defer func() { <-c.streams }()
	default:
		w.Header().Set("Retry-After", "5")
		http.Error(w, "too many open webhook streams", http.StatusServiceUnavailable)
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(c.streamLifetime + 10*time.Second))
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write([]byte("retry: 2000\n\n")); err != nil || rc.Flush() != nil {
		return
	}
	end := time.NewTimer(c.streamLifetime)
	defer end.Stop()
	tick := time.NewTicker(c.streamEvery)
	defer tick.Stop()
	var last []byte
	for {
		if last = c.sendIfChanged(r.Context(), w, rc, last); last == nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-end.C:
			return
		case <-tick.C:
		}
	}
}

// newlines turns the line ends an event stream knows (CRLF, CR) into LF.
var newlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// sendIfChanged sends the log's first page when it differs from last, and
// returns what the browser now shows (nil when the stream broke).
func (c *Console) sendIfChanged(ctx context.Context, w http.ResponseWriter, rc *http.ResponseController, last []byte) []byte {
	frag, err := c.renderDeliveries(ctx)
	if err != nil {
		return nil
	}
	if bytes.Equal(frag, last) {
		return last
	}
	var ev strings.Builder
	ev.WriteString("event: deliveries\n")
	// An event stream ends a line at CR, LF or CRLF: every one of them in
	// the fragment starts a new data line, so that no text in it (an error
	// a receiver's TLS certificate made) can end the event early.
	for line := range strings.Lines(newlines.Replace(string(frag))) {
		ev.WriteString("data: ")
		ev.WriteString(strings.TrimSuffix(line, "\n"))
		ev.WriteString("\n")
	}
	ev.WriteString("\n")
	if _, err := w.Write([]byte(ev.String())); err != nil || rc.Flush() != nil {
		return nil
	}
	return frag
}
