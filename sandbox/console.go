package sandbox

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/jsonpos"
	"github.com/payspec/payspec/internal/specexample"
	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/sandbox/internal/console"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// This file is the console's view of the sandbox: consoleBackend
// implements console.Backend over a *Sandbox, through what every provider
// offers in the same terms (core.Provider's payment list, one payment's
// record and its events) and the webhook dispatcher's delivery log.

// consoleHandler serves the console under console.Prefix. The console is
// built on its first request, so that a sandbox nobody looks at does not
// pay for its templates.
func (s *Sandbox) consoleHandler() http.Handler {
	build := sync.OnceValues(func() (*console.Console, error) { return console.New(&consoleBackend{s: s}) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := build()
		if err != nil {
			http.Error(w, "the console could not start", http.StatusInternalServerError)
			return
		}
		c.ServeHTTP(w, r)
	})
}

// consoleBackend is the sandbox as the console sees it.
type consoleBackend struct {
	s *Sandbox

	examplesOnce sync.Once
	examples     map[string][]console.Example // request body examples by operation
	examplesErr  error

	tokenMu sync.Mutex
	tokens  map[api.Provider]consoleToken
}

// consoleToken is a token the console fetched to send requests with.
type consoleToken struct {
	value   string
	expires time.Time
}

// consoleSummary is a payment in the console's terms.
func consoleSummary(p PaymentSummary) console.PaymentSummary {
	return console.PaymentSummary{Provider: string(p.Provider), ID: p.ID, Status: p.Status, Rail: p.Rail,
		Reference: p.Reference, Amount: p.Amount, Currency: p.Currency, Created: p.Created}
}

// ListPayments returns the page asked for of the payments that match the
// query, from the sandbox's payment list (the one GET /_sandbox/payments
// serves), newest first.
func (b *consoleBackend) ListPayments(ctx context.Context, q console.PaymentQuery) (console.PaymentPage, error) {
	f := newConsoleFilter(q)
	found := b.s.payments(ctx, f.keep)
	from, to := q.Offsets(len(found))
	page := console.PaymentPage{Total: len(found), Page: q.Page, Size: q.Size, AllPayments: f.all,
		Statuses: slices.Sorted(maps.Keys(f.statuses)), Rails: slices.Sorted(maps.Keys(f.rails))}
	for _, p := range found[from:to] {
		page.Items = append(page.Items, consoleSummary(p))
	}
	return page, nil
}

// consoleFilter selects the payments a console query asks for, and notes
// what every stored payment offers the filters.
type consoleFilter struct {
	q   console.PaymentQuery
	ref string // the query's reference, in lower case

	all             int             // payments stored
	statuses, rails map[string]bool // the values the filters can take
}

func newConsoleFilter(q console.PaymentQuery) *consoleFilter {
	return &consoleFilter{q: q, ref: strings.ToLower(q.Reference), statuses: map[string]bool{}, rails: map[string]bool{}}
}

// keep notes a stored payment and reports whether the query selects it:
// provider, status and rail as written, and the reference as any part of
// the payment's reference or id, ignoring case.
func (f *consoleFilter) keep(p PaymentSummary) bool {
	f.all++
	f.statuses[p.Status] = true
	if p.Rail != "" {
		f.rails[p.Rail] = true
	}
	q := f.q
	return (q.Provider == "" || string(p.Provider) == q.Provider) && (q.Status == "" || p.Status == q.Status) &&
		(q.Rail == "" || p.Rail == q.Rail) && (f.ref == "" || hasFold(p.Reference, f.ref) || hasFold(p.ID, f.ref))
}

// hasFold reports whether s holds sub, ignoring case, without allocating:
// it runs for every stored payment.
func hasFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// Payment returns one payment with its history, webhooks and record.
func (b *consoleBackend) Payment(ctx context.Context, id string) (console.PaymentDetail, error) {
	b.s.catchUp(ctx)
	var d console.PaymentDetail
	found := false
	b.s.env.State.RLock(func() {
		for _, p := range b.s.providers {
			sum, record, ok := p.Payment(id)
			if !ok {
				continue
			}
			events, _ := p.Events(id)
			d = console.PaymentDetail{PaymentSummary: consoleSummary(sum), Timeline: timeline(events), Record: record}
			found = true
			return
		}
	})
	if !found {
		return console.PaymentDetail{}, console.ErrNotFound
	}
	for _, dl := range b.s.env.Hooks.About(id) {
		if paymentWebhooks[dl.Operation] {
			d.Webhooks = append(d.Webhooks, consoleDelivery(dl))
		}
	}
	return d, nil
}

// timeline copies a payment's events.
func timeline(events []Event) []console.TimelineEntry {
	out := make([]console.TimelineEntry, len(events))
	for i, e := range events {
		out[i] = console.TimelineEntry{At: e.At, From: e.From, To: e.To}
	}
	return out
}

// paymentWebhooks are the webhook operations whose subject is a payment.
var paymentWebhooks = map[string]bool{
	api.OpFinzlyPaymentStatusWebhook:         true,
	api.OpRedpinPaymentStatusWebhook:         true,
	api.OpRedpinPaymentStatusEnvelopeWebhook: true,
}

// consoleDelivery is a delivery in the console's terms.
func consoleDelivery(d Delivery) console.Delivery {
	out := console.Delivery{ID: d.ID, Operation: d.Operation, Receiver: d.URL, Subject: d.Subject, Status: d.Status,
		State: d.State, Attempts: make([]console.Attempt, len(d.Attempts))}
	if paymentWebhooks[d.Operation] {
		out.PaymentID = d.Subject
	}
	for i, a := range d.Attempts {
		out.Attempts[i] = console.Attempt{At: a.At, HTTPStatus: a.Status, Latency: a.Latency, Error: a.Error}
	}
	return out
}

// Deliveries pages the webhook log, newest first, copying only the page.
func (b *consoleBackend) Deliveries(_ context.Context, q console.PageRequest) (console.DeliveryPage, error) {
	from := max(q.Page-1, 0) * max(q.Size, 0)
	log, total := b.s.env.Hooks.Latest(from, from+max(q.Size, 0))
	page := console.DeliveryPage{Total: total, Page: q.Page, Size: q.Size}
	for _, dl := range log {
		page.Items = append(page.Items, consoleDelivery(dl))
	}
	return page, nil
}

// Clock reports the sandbox time and its next business day.
func (b *consoleBackend) Clock(context.Context) (console.ClockState, error) {
	now := b.s.env.Clock.Now()
	return console.ClockState{Now: now, Offset: b.s.env.Clock.Offset(), NextBusinessDay: b.nextBusinessDay(now)}, nil
}

// nextBusinessDay is the first business day after the date of now, at
// midnight in now's zone.
func (b *consoleBackend) nextBusinessDay(now time.Time) time.Time {
	next := b.s.env.Checker.Calendar().BusinessDayOnOrAfter(fedcal.DateOf(now).AddDays(1))
	return time.Date(next.Year, next.Month, next.Day, 0, 0, 0, 0, now.Location())
}

// Advance moves the clock forward by d.
func (b *consoleBackend) Advance(ctx context.Context, d time.Duration) (console.Moved, error) {
	return b.move(ctx, func() error { return b.s.Advance(ctx, d) })
}

// AdvanceToNextBusinessDay moves the clock to the next business day.
func (b *consoleBackend) AdvanceToNextBusinessDay(ctx context.Context) (console.Moved, error) {
	return b.move(ctx, func() error {
		return b.s.SetToday(ctx, b.nextBusinessDay(b.s.env.Clock.Now()))
	})
}

// SetDate moves the clock to a later date.
func (b *consoleBackend) SetDate(ctx context.Context, day time.Time) (console.Moved, error) {
	return b.move(ctx, func() error { return b.s.SetToday(ctx, day) })
}

// move runs a move of the clock and reports the payments whose status
// changed during it, with the steps each took after the move began.
func (b *consoleBackend) move(ctx context.Context, act func() error) (console.Moved, error) {
	from := b.s.env.Clock.Now()
	before := b.statuses(ctx)
	if err := act(); err != nil {
		if errors.Is(err, ErrClockBackwards) {
			return console.Moved{}, console.ErrClockBackwards
		}
		return console.Moved{}, err
	}
	changed := b.s.payments(ctx, func(p PaymentSummary) bool {
		old, ok := before[paymentKey(p)]
		return ok && old != p.Status
	})
	moved := console.Moved{From: from, To: b.s.env.Clock.Now()}
	if len(changed) > console.MaxMoved {
		changed, moved.More = changed[:console.MaxMoved], len(changed)-console.MaxMoved
	}
	moved.Payments = b.movements(changed, from)
	return moved, nil
}

// paymentRef names a payment uniquely across providers.
type paymentRef struct {
	provider api.Provider
	id       string
}

func paymentKey(p PaymentSummary) paymentRef { return paymentRef{p.Provider, p.ID} }

// statuses maps every stored payment to its status.
func (b *consoleBackend) statuses(ctx context.Context) map[paymentRef]string {
	out := map[paymentRef]string{}
	b.s.payments(ctx, func(p PaymentSummary) bool {
		out[paymentKey(p)] = p.Status
		return false // noted; the list itself is not needed
	})
	return out
}

// movements pairs each payment with its status changes after since.
func (b *consoleBackend) movements(ps []PaymentSummary, since time.Time) []console.Movement {
	out := make([]console.Movement, 0, len(ps))
	b.s.env.State.RLock(func() {
		for _, p := range ps {
			m := console.Movement{Payment: consoleSummary(p)}
			for _, prov := range b.s.providers {
				if prov.Name() != p.Provider {
					continue
				}
				events, _ := prov.Events(p.ID)
				for _, e := range events {
					if e.At.After(since) {
						m.Steps = append(m.Steps, console.TimelineEntry{At: e.At, From: e.From, To: e.To})
					}
				}
			}
			out = append(out, m)
		}
	})
	return out
}

// Reset forgets everything but the clock.
func (b *consoleBackend) Reset(ctx context.Context) error { return b.s.Reset(ctx) }

// Operations lists both specs' operations.
func (b *consoleBackend) Operations() []console.Operation {
	var out []console.Operation
	for _, op := range b.s.engine.Operations() {
		c := console.Operation{ID: op.ID, Provider: string(op.Provider), Method: op.Method, Path: op.Path,
			Webhook: op.Webhook, Body: op.RequestBody}
		for _, p := range op.Parameters {
			c.Params = append(c.Params, console.Param{Name: p.Name, In: p.In, Required: p.Required})
		}
		out = append(out, c)
	}
	return out
}

// Examples returns an operation's request body examples, indented as
// `payspec example` prints them.
func (b *consoleBackend) Examples(op string) ([]console.Example, error) {
	if _, ok := b.s.engine.Operation(op); !ok {
		return nil, console.ErrUnknownOperation
	}
	b.examplesOnce.Do(b.loadExamples)
	return b.examples[op], b.examplesErr
}

// loadExamples reads the request body examples of both specs, named as
// `payspec example --list` names them.
func (b *consoleBackend) loadExamples() {
	b.examples = map[string][]console.Example{}
	for _, p := range api.Providers() {
		cat, err := specexample.Load(p)
		if err != nil {
			b.examplesErr = err
			return
		}
		for _, body := range cat.Bodies {
			if body.Status != "" {
				continue
			}
			for _, ex := range cat.ForBody(body) {
				name := cmp.Or(ex.Name, "example")
				b.examples[body.OperationID] = append(b.examples[body.OperationID],
					console.Example{Name: name, JSON: indentedJSON(ex.JSON) + "\n"})
			}
		}
	}
}

// request turns a call into what the engine judges: each parameter where
// the operation declares it.
func (b *consoleBackend) request(c console.Call) (validate.Operation, validate.Request, error) {
	op, ok := b.s.engine.Operation(c.Operation)
	if !ok {
		return op, validate.Request{}, console.ErrUnknownOperation
	}
	r := validate.Request{PathParams: map[string]string{}, Query: url.Values{}, Header: http.Header{}}
	for _, p := range op.Parameters {
		v, ok := c.Params[p.Name]
		if !ok {
			continue
		}
		switch p.In {
		case "path":
			r.PathParams[p.Name] = v
		case "query":
			r.Query.Set(p.Name, v)
		case "header":
			r.Header.Set(p.Name, v)
		}
	}
	if op.RequestBody {
		r.Header.Set("Content-Type", "application/json")
		r.Body = c.Body
	}
	return op, r, nil
}

// Validate judges a call with the sandbox's engine and places each
// problem in the body.
func (b *consoleBackend) Validate(ctx context.Context, c console.Call) ([]console.Problem, error) {
	op, req, err := b.request(c)
	if err != nil {
		return nil, err
	}
	ps, err := b.s.engine.ValidateRequest(ctx, op.ID, req)
	if err != nil {
		return nil, err
	}
	return locateProblems(op, req.Body, ps), nil
}

// locateProblems turns the engine's problems into the console's, each
// placed at its line and column in the body, or named by its parameter.
func locateProblems(op validate.Operation, body []byte, ps validate.Problems) []console.Problem {
	pointers := make([]string, len(ps))
	for i, p := range ps {
		pointers[i] = p.Pointer
	}
	pos := jsonpos.Locate(body, pointers)
	readErr := readingError(body)
	out := make([]console.Problem, len(ps))
	for i, p := range ps {
		cp := console.Problem{Code: p.Code, Severity: string(p.Severity), Pointer: p.Pointer, Message: p.Message,
			Param: paramOf(op, p.Pointer), Offset: -1}
		if cp.Param == "" && len(body) > 0 {
			at := pos[i]
			if readErr != nil && readErr.Code == p.Code {
				at = jsonpos.At(body, readErr.Offset)
			}
			cp.Line, cp.Column, cp.Offset = at.Line, at.Column, at.Offset
		}
		out[i] = cp
	}
	return out
}

// readingError is the strict reader's complaint about a body, if any: a
// problem of reading is placed where the reader stopped.
func readingError(body []byte) *strictjson.Error {
	if len(body) == 0 {
		return nil
	}
	var se *strictjson.Error
	if _, err := strictjson.Parse(body, validate.DefaultMaxDepth); errors.As(err, &se) {
		return se
	}
	return nil
}

// paramOf names the declared parameter a problem's pointer is about
// (/path/NAME, /query/NAME, /header/NAME), or "" for the body.
func paramOf(op validate.Operation, pointer string) string {
	for _, p := range op.Parameters {
		if strings.EqualFold(pointer, "/"+p.In+"/"+p.Name) {
			return p.Name
		}
	}
	return ""
}

// maxAnswer bounds the answer the console keeps of a sent request.
const maxAnswer = 1 << 20

// Send sends a call through the sandbox's own handler, with a token
// fetched for its provider, and returns the answer.
func (b *consoleBackend) Send(ctx context.Context, c console.Call) (console.Answer, error) {
	op, req, err := b.request(c)
	if err != nil {
		return console.Answer{}, err
	}
	if op.Webhook {
		return console.Answer{}, console.ErrNotSendable
	}
	path := providerPrefix(op.Provider) + fillPath(op.Path, req.PathParams)
	target := path
	if len(req.Query) > 0 {
		target += "?" + req.Query.Encode()
	}
	if !b.s.cfg.noAuth {
		token, err := b.token(ctx, op.Provider)
		if err != nil {
			return console.Answer{}, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec, err := b.serve(ctx, op.Method, target, req.Header, req.Body)
	if err != nil {
		return console.Answer{}, err
	}
	ans := console.Answer{Method: op.Method, Path: path, Status: rec.status, Body: rec.body.String()}
	if json.Valid(rec.body.Bytes()) {
		ans.Body = indentedJSON(rec.body.Bytes())
		ans.PaymentID = b.paymentOf(rec.body.Bytes())
	}
	return ans, nil
}

// indentedJSON indents a JSON document two spaces a level, as `payspec
// example` prints one; text that is not JSON is returned as it is.
func indentedJSON(b []byte) string {
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return string(b)
	}
	return out.String()
}

// providerPrefix is the path a provider is served under.
func providerPrefix(p api.Provider) string {
	if p == api.ProviderRedpin {
		return RedpinPrefix
	}
	return FinzlyPrefix
}

// fillPath puts the path parameters into a path template, escaped.
func fillPath(template string, params map[string]string) string {
	for name, v := range params {
		template = strings.ReplaceAll(template, "{"+name+"}", url.PathEscape(v))
	}
	return template
}

// paymentOf finds the stored payment an answer is about: Finzly's
// data.paymentUID or Redpin's payment_id.
func (b *consoleBackend) paymentOf(body []byte) string {
	var ans struct {
		Data *struct {
			PaymentUID string `json:"paymentUID"`
		} `json:"data"`
		PaymentID string `json:"payment_id"`
	}
	if json.Unmarshal(body, &ans) != nil {
		return ""
	}
	id := ans.PaymentID
	if ans.Data != nil && ans.Data.PaymentUID != "" {
		id = ans.Data.PaymentUID
	}
	if id == "" {
		return ""
	}
	if _, ok := b.s.Events(id); !ok {
		return ""
	}
	return id
}

// consoleTokenMargin is how long before its expiry a fetched token is
// replaced.
const consoleTokenMargin = time.Minute

// token returns a live token of the provider, fetching one from the
// provider's token endpoint with the sandbox's first client when none is
// kept.
func (b *consoleBackend) token(ctx context.Context, p api.Provider) (string, error) {
	b.tokenMu.Lock()
	defer b.tokenMu.Unlock()
	if t, ok := b.tokens[p]; ok && time.Now().Add(consoleTokenMargin).Before(t.expires) {
		return t.value, nil
	}
	if len(b.s.cfg.clients) == 0 {
		return "", fmt.Errorf("the sandbox accepts no OAuth client, so no token can be fetched")
	}
	creds := b.s.cfg.clients[0]
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {creds.ClientID}, "client_secret": {creds.ClientSecret}}
	tokenPath := FinzlyTokenPath
	if p == api.ProviderRedpin {
		tokenPath = RedpinTokenPath
	}
	rec, err := b.serve(ctx, http.MethodPost, providerPrefix(p)+tokenPath,
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, []byte(form.Encode()))
	if err != nil {
		return "", err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if rec.status != http.StatusOK || json.Unmarshal(rec.body.Bytes(), &tok) != nil || tok.AccessToken == "" {
		return "", fmt.Errorf("the sandbox's token endpoint answered %d", rec.status)
	}
	if b.tokens == nil {
		b.tokens = map[api.Provider]consoleToken{}
	}
	b.tokens[p] = consoleToken{value: tok.AccessToken, expires: time.Now().Add(time.Duration(tok.ExpiresIn) * time.Second)}
	return tok.AccessToken, nil
}

// serve runs one request through the sandbox's handler in this process,
// as a request from the local machine.
func (b *consoleBackend) serve(ctx context.Context, method, target string, h http.Header, body []byte) (rec *answerRecorder, err error) {
	req, err := http.NewRequestWithContext(ctx, method, "http://localhost"+target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = h
	req.RemoteAddr = "127.0.0.1:0"
	req.RequestURI = target
	rec = &answerRecorder{header: http.Header{}}
	defer func() {
		if r := recover(); r != nil {
			rec, err = nil, fmt.Errorf("the sandbox gave no answer")
		}
	}()
	b.s.handler.ServeHTTP(rec, req)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec, nil
}

// answerRecorder keeps an in-process answer, its body cut at maxAnswer.
type answerRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *answerRecorder) Header() http.Header { return a.header }

func (a *answerRecorder) WriteHeader(status int) {
	if a.status == 0 && status >= 200 {
		a.status = status
	}
}

func (a *answerRecorder) Write(p []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if room := maxAnswer - a.body.Len(); room > 0 {
		a.body.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
