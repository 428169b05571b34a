package console

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// fakeBackend is a Backend held in memory, for the console's own tests
// and benchmarks: payments of both providers, a delivery log, a clock
// that moves, and a playground with one operation of each kind.
type fakeBackend struct {
	mu         sync.Mutex
	now        time.Time
	payments   []PaymentDetail // oldest first
	deliveries []Delivery      // oldest first
	resets     int
	sent       []Call
	advanced   []time.Duration
	// problems is what Validate answers.
	problems []Problem
}

// fakeStart is the fake's sandbox time; the fake never looks at the wall
// clock, so its pages do not age.
var fakeStart = time.Date(2030, 3, 4, 9, 30, 0, 0, time.UTC)

// newFake returns a fake holding n payments, alternately Finzly's and
// Redpin's, and a delivery for each.
func newFake(n int) *fakeBackend {
	f := &fakeBackend{now: fakeStart}
	statuses := []string{"FUTURE_DATED", "PROCESSED", "PROCESSING", "PAYMENT_COMPLETED"}
	for i := range n {
		p := PaymentSummary{Provider: "finzly", ID: fmt.Sprint(377300 + i), Status: statuses[i%4], Rail: "ACH",
			Reference: fmt.Sprintf("INV-%05d", i), Amount: "2450.00", Currency: "USD",
			Created: fakeStart.Add(-time.Duration(n-i) * time.Minute)}
		if i%2 == 1 {
			p.Provider, p.ID, p.Rail, p.Currency = "redpin", fmt.Sprintf("5f0c-%05d", i), "", "GBP"
		}
		d := PaymentDetail{PaymentSummary: p, Record: []byte(`{"id":"` + p.ID + `","amount":2450.00}`),
			Timeline: []TimelineEntry{{At: p.Created, To: "INITIATED"}, {At: p.Created.Add(time.Minute), From: "INITIATED", To: p.Status}}}
		f.payments = append(f.payments, d)
		f.deliveries = append(f.deliveries, Delivery{ID: i + 1, Operation: "finzlyPaymentStatusWebhook",
			Receiver: "http://127.0.0.1:9000/payments", Subject: p.ID, PaymentID: p.ID, Status: p.Status, State: "delivered",
			Attempts: []Attempt{{At: p.Created, HTTPStatus: 200, Latency: 3 * time.Millisecond}}})
	}
	return f
}

func (f *fakeBackend) ListPayments(_ context.Context, q PaymentQuery) (PaymentPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var matched []*PaymentSummary
	statuses, rails := map[string]bool{}, map[string]bool{}
	ref := strings.ToLower(q.Reference)
	for i := range f.payments {
		p := &f.payments[i].PaymentSummary
		statuses[p.Status] = true
		if p.Rail != "" {
			rails[p.Rail] = true
		}
		if (q.Provider == "" || p.Provider == q.Provider) && (q.Status == "" || p.Status == q.Status) &&
			(q.Rail == "" || p.Rail == q.Rail) &&
			(ref == "" || strings.Contains(strings.ToLower(p.Reference), ref) || strings.Contains(strings.ToLower(p.ID), ref)) {
			matched = append(matched, p)
		}
	}
	slices.SortFunc(matched, func(a, b *PaymentSummary) int { return b.Created.Compare(a.Created) })
	from, to := q.Offsets(len(matched))
	page := PaymentPage{Total: len(matched), Page: q.Page, Size: q.Size, AllPayments: len(f.payments),
		Statuses: keys(statuses), Rails: keys(rails)}
	for _, p := range matched[from:to] {
		page.Items = append(page.Items, *p)
	}
	return page, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (f *fakeBackend) Payment(_ context.Context, id string) (PaymentDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.payments {
		if p.ID == id {
			for i := len(f.deliveries) - 1; i >= 0; i-- {
				if f.deliveries[i].PaymentID == id {
					p.Webhooks = append(p.Webhooks, f.deliveries[i])
				}
			}
			return p, nil
		}
	}
	return PaymentDetail{}, ErrNotFound
}

func (f *fakeBackend) Deliveries(_ context.Context, q PageRequest) (DeliveryPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	from, to := q.Offsets(len(f.deliveries))
	page := DeliveryPage{Total: len(f.deliveries), Page: q.Page, Size: q.Size}
	for i := from; i < to; i++ {
		page.Items = append(page.Items, f.deliveries[len(f.deliveries)-1-i])
	}
	return page, nil
}

// addDelivery appends a delivery to the log, as a sandbox does when it
// sends a webhook.
func (f *fakeBackend) addDelivery(d Delivery) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d.ID = len(f.deliveries) + 1
	f.deliveries = append(f.deliveries, d)
}

func (f *fakeBackend) Clock(context.Context) (ClockState, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return ClockState{Now: f.now, NextBusinessDay: f.now.Truncate(24 * time.Hour).Add(24 * time.Hour), Offset: f.now.Sub(fakeStart)}, nil
}

// moveTo moves the fake's clock, and the first payment to PROCESSED.
func (f *fakeBackend) moveTo(to time.Time) (Moved, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !to.After(f.now) {
		return Moved{}, ErrClockBackwards
	}
	m := Moved{From: f.now, To: to}
	f.now = to
	if len(f.payments) > 0 {
		p := &f.payments[0]
		step := TimelineEntry{At: to, From: p.Status, To: "PROCESSED"}
		p.Status, p.Timeline = "PROCESSED", append(p.Timeline, step)
		m.Payments = []Movement{{Payment: p.PaymentSummary, Steps: []TimelineEntry{step}}}
	}
	return m, nil
}

func (f *fakeBackend) Advance(_ context.Context, d time.Duration) (Moved, error) {
	f.mu.Lock()
	f.advanced = append(f.advanced, d)
	to := f.now.Add(d)
	f.mu.Unlock()
	return f.moveTo(to)
}

func (f *fakeBackend) AdvanceToNextBusinessDay(ctx context.Context) (Moved, error) {
	c, _ := f.Clock(ctx)
	return f.moveTo(c.NextBusinessDay)
}

func (f *fakeBackend) SetDate(_ context.Context, day time.Time) (Moved, error) {
	f.mu.Lock()
	to := time.Date(day.Year(), day.Month(), day.Day(), f.now.Hour(), f.now.Minute(), 0, 0, time.UTC)
	f.mu.Unlock()
	return f.moveTo(to)
}

func (f *fakeBackend) Reset(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resets++
	f.payments, f.deliveries = nil, nil
	return nil
}

func (f *fakeBackend) Operations() []Operation {
	return []Operation{
		{ID: "createCreditPaymentV4", Provider: "finzly", Method: "POST", Path: "/v4/payments/credit", Body: true,
			Params: []Param{{Name: "Idempotent-Key", In: "header"}}},
		{ID: "getPayment", Provider: "finzly", Method: "GET", Path: "/v3/payments/{paymentUID}",
			Params: []Param{{Name: "paymentUID", In: "path", Required: true}}},
		{ID: "createPayment", Provider: "redpin", Method: "POST", Path: "/v3/customers/{customer_id}/payments", Body: true,
			Params: []Param{{Name: "customer_id", In: "path", Required: true}}},
		{ID: "finzlyPaymentStatusWebhook", Provider: "finzly", Method: "POST", Path: "/payments", Body: true, Webhook: true},
	}
}

// fakeExample is the example body of createCreditPaymentV4.
const fakeExample = "{\n  \"externalReferenceId\": \"INV-1001\",\n  \"paymentCurrency\": \"USD\"\n}\n"

func (f *fakeBackend) Examples(op string) ([]Example, error) {
	switch op {
	case "createCreditPaymentV4":
		return []Example{{Name: "achSenderInCrm", JSON: fakeExample}, {Name: "instantRtp", JSON: "{}\n"}}, nil
	case "createPayment", "finzlyPaymentStatusWebhook", "getPayment":
		return nil, nil
	}
	return nil, ErrUnknownOperation
}

func (f *fakeBackend) Validate(context.Context, Call) ([]Problem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.problems), nil
}

func (f *fakeBackend) Send(_ context.Context, c Call) (Answer, error) {
	if c.Operation == "finzlyPaymentStatusWebhook" {
		return Answer{}, ErrNotSendable
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, c)
	return Answer{Method: "POST", Path: "/finzly/v4/payments/credit", Status: 200,
		Body: "{\n  \"data\": {\"paymentUID\": \"377300\"}\n}", PaymentID: "377300"}, nil
}

// failedDelivery is a delivery of a payment's status whose one attempt
// failed with the given error.
func failedDelivery(operation, receiver, paymentID, status, failure string) Delivery {
	return Delivery{Operation: operation, Receiver: receiver, Subject: paymentID, PaymentID: paymentID,
		Status: status, State: "failed", Attempts: []Attempt{{At: fakeStart, Error: failure}}}
}
