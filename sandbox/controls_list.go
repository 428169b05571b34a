package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/sandbox/internal/core"
	"github.com/payspec/payspec/sandbox/internal/core/paging"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/sandbox/internal/core/state"
)

// This file holds the controls that describe the sandbox: the list of
// controls (GET /_sandbox), the health check (GET /_sandbox/health) and
// the list of payments (GET /_sandbox/payments).

// PaymentSummary is a payment of either provider as the control API lists
// it: provider, id, status, rail, the caller's reference, amount (an exact
// decimal in a string), currency and creation time.
type PaymentSummary = core.PaymentSummary

// PaymentFilter selects payments; an empty member selects every payment.
// Provider, Status and Rail are matched in any letter case, Reference
// exactly.
type PaymentFilter struct {
	Provider  api.Provider
	Status    string
	Rail      string
	Reference string
}

func (f PaymentFilter) matches(p PaymentSummary) bool {
	return (f.Provider == "" || strings.EqualFold(string(f.Provider), string(p.Provider))) &&
		(f.Status == "" || strings.EqualFold(f.Status, p.Status)) &&
		(f.Rail == "" || strings.EqualFold(f.Rail, p.Rail)) &&
		(f.Reference == "" || f.Reference == p.Reference)
}

// Payments returns the payments of both providers that f selects, newest
// first, each brought up to the current sandbox time.
func (s *Sandbox) Payments(ctx context.Context, f PaymentFilter) []PaymentSummary {
	return s.payments(ctx, f.matches)
}

// payments returns the payments of both providers that keep selects,
// newest first, each brought up to the current sandbox time. keep sees
// every stored payment, once, with the state locked for reading.
func (s *Sandbox) payments(ctx context.Context, keep func(PaymentSummary) bool) []PaymentSummary {
	s.catchUp(ctx)
	lists := make([][]PaymentSummary, 0, len(s.providers))
	s.env.State.RLock(func() {
		for _, p := range s.providers {
			kept := slices.DeleteFunc(p.Payments(), func(sum PaymentSummary) bool { return !keep(sum) })
			lists = append(lists, kept)
		}
	})
	return mergeNewest(lists)
}

// mergeNewest merges lists that are each newest first into one list,
// newest first. Among payments made at one instant, the earlier list's
// come first, each list keeping its own order.
func mergeNewest(lists [][]PaymentSummary) []PaymentSummary {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]PaymentSummary, 0, n)
	for len(out) < n {
		next := -1
		for i, l := range lists {
			if len(l) > 0 && (next < 0 || l[0].Created.After(lists[next][0].Created)) {
				next = i
			}
		}
		out = append(out, lists[next][0])
		lists[next] = lists[next][1:]
	}
	return out
}

// Bounds of the payment list's paging.
const (
	defaultPaymentLimit = 20
	maxPaymentLimit     = 100
	maxPaymentPage      = 1_000_000
)

// paymentList is the answer of GET /_sandbox/payments.
type paymentList struct {
	Payments []PaymentSummary `json:"payments"`
	Page     int              `json:"page"`
	Limit    int              `json:"limit"`
	Total    int              `json:"total"`
}

// paymentQuery is what GET /_sandbox/payments is asked.
type paymentQuery struct {
	filter      PaymentFilter
	page, limit int
}

// errPaymentQuery describes the query GET /_sandbox/payments takes.
var errPaymentQuery = errors.New("the query takes provider (finzly or redpin), status, rail, reference, " +
	"page (from 1) and limit (1 to 100), each at most once")

// parsePaymentQuery reads the query of GET /_sandbox/payments, refusing
// anything it does not know.
func parsePaymentQuery(raw string) (paymentQuery, error) {
	q := paymentQuery{page: 1, limit: defaultPaymentLimit}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return q, errPaymentQuery
	}
	for name, vs := range values {
		if len(vs) != 1 {
			return q, errPaymentQuery
		}
		v := vs[0]
		switch name {
		case "provider":
			q.filter.Provider = api.Provider(strings.ToLower(v))
			if !slices.Contains(api.Providers(), q.filter.Provider) {
				return q, errPaymentQuery
			}
		case "status":
			q.filter.Status = v
		case "rail":
			q.filter.Rail = v
		case "reference":
			q.filter.Reference = v
		case "page":
			if q.page, err = boundedInt(v, maxPaymentPage); err != nil {
				return q, errPaymentQuery
			}
		case "limit":
			if q.limit, err = boundedInt(v, maxPaymentLimit); err != nil {
				return q, errPaymentQuery
			}
		default:
			return q, errPaymentQuery
		}
	}
	return q, nil
}

// boundedInt reads a whole number from 1 to most, digits only.
func boundedInt(s string, most int) (int, error) {
	if s == "" || len(s) > 7 || strings.Trim(s, "0123456789") != "" {
		return 0, strconv.ErrSyntax
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > most {
		return 0, strconv.ErrRange
	}
	return n, nil
}

func (s *Sandbox) listPayments(w http.ResponseWriter, r *http.Request) {
	q, err := parsePaymentQuery(r.URL.RawQuery)
	if err != nil {
		respond.ControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	all := s.Payments(r.Context(), q.filter)
	page := paging.Cut(all, int32(q.page), int32(q.limit))
	respond.WriteJSON(w, http.StatusOK, paymentList{Payments: append(make([]PaymentSummary, 0, len(page)), page...),
		Page: q.page, Limit: q.limit, Total: len(all)})
}

// health answers whether the sandbox serves: its store answers a read.
// It is open to any caller (it tells nothing but that, and the sandbox
// time), so that a container's or a CI job's probe needs no credentials.
func (s *Sandbox) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var rec clockRecord
	if _, err := s.env.State.Get(ctx, state.MetaKind, clockID, &rec); err != nil {
		respond.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable",
			"error": "the sandbox's store does not answer"})
		return
	}
	respond.WriteJSON(w, http.StatusOK, map[string]any{"status": "ok", "now": s.env.Clock.Now()})
}

// controlIndex is the answer of GET /_sandbox.
type controlIndex struct {
	Controls []core.Control `json:"controls"`
	Headers  []headerDoc    `json:"headers"`
}

// headerDoc describes a header the sandbox reads.
type headerDoc struct {
	Name string `json:"name"`
	Does string `json:"does"`
}

// ownControls describes the controls of package sandbox, served by
// controlRoutes and controlListRoutes.
func ownControls() []core.Control {
	c := func(method, path, does string) core.Control {
		return core.Control{Method: method, Path: ControlPrefix + path, Does: does}
	}
	return []core.Control{
		c(http.MethodGet, "", "lists the controls (this list)"),
		c(http.MethodGet, "/health", `answers {"status": "ok", "now": sandbox time} while the sandbox serves `+
			`and its store answers, 503 otherwise; open to every caller`),
		c(http.MethodGet, "/clock", "the sandbox time"),
		c(http.MethodPost, "/clock", `moves the sandbox time forward: {"today": "YYYY-MM-DD"} or {"advance": "48h"}`),
		c(http.MethodPost, "/reset", "forgets every resource, idempotency key and delivery; the clock stays"),
		c(http.MethodGet, "/payments", "lists both providers' payments, newest first: "+
			"?provider=finzly|redpin&status=&rail=&reference=&page=1&limit=20 (limit at most 100)"),
		c(http.MethodGet, "/payments/{id}/events", "a payment's status changes"),
		c(http.MethodGet, "/webhooks", "the webhook delivery log"),
	}
}

// controlIndex lists every control: the sandbox's, then each provider's.
func (s *Sandbox) controlIndex() controlIndex {
	controls := ownControls()
	for _, p := range s.providers {
		controls = append(controls, p.ControlList()...)
	}
	return controlIndex{Controls: controls, Headers: []headerDoc{{Name: FaultHeader, Does: "on a provider's " +
		"operation, fails the request as the provider would, changing nothing: 401, 403, 404, 409, 422, 429, 500, " +
		"503, or timeout (the connection is dropped unanswered); 429 and 503 carry Retry-After, 1 second unless " +
		";retry-after=SECONDS (0 to 86400) names another, as in 503;retry-after=7"}}}
}

func (s *Sandbox) listControls(w http.ResponseWriter, _ *http.Request) {
	respond.WriteJSON(w, http.StatusOK, s.controlIndex())
}

// controlListRoutes mounts the list of controls and of payments on the
// control API's mux.
func (s *Sandbox) controlListRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+ControlPrefix, s.listControls)
	mux.HandleFunc("GET "+ControlPrefix+"/{$}", s.listControls)
	mux.HandleFunc("GET "+ControlPrefix+"/payments", s.listPayments)
}

// healthRoute mounts the health check. It is kept out of the control
// API's own mux on purpose: a health probe carries no credentials.
func (s *Sandbox) healthRoute(mux *http.ServeMux) {
	mux.HandleFunc("GET "+ControlPrefix+"/health", s.health)
}
