package finzly

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// recurrencePlan is what a create asks of a series.
type recurrencePlan struct {
	Frequency string
	PayUntil  string // Cancelled, EndDate or NumberOfPayments
	EndDate   fedcal.Date
	Count     int32
}

func recurrenceOfV4(r *finzly.CreditRecurrence) *recurrencePlan {
	if r == nil {
		return nil
	}
	p := &recurrencePlan{Frequency: string(r.Frequency), PayUntil: string(r.PayUntil), EndDate: dateOf(r.EndDate)}
	if r.NumberOfPayments != nil {
		p.Count = *r.NumberOfPayments
	}
	return p
}

func recurrenceOfV3(r *finzly.PaymentRecurrence) *recurrencePlan {
	if r == nil {
		return nil
	}
	p := &recurrencePlan{Frequency: r.Frequency, PayUntil: string(r.PayUntil), EndDate: dateOf(r.EndDate)}
	if r.NumberOfPayments != nil {
		p.Count = *r.NumberOfPayments
	}
	return p
}

// Series statuses, as Finzly's RecurrenceData shows them.
const (
	seriesActive    = "Active"
	seriesCancelled = "Cancelled"
	seriesCompleted = "Completed"
)

// fzRecurrence is a recurring series: the first payment as a template,
// and where the series stands.
type fzRecurrence struct {
	ID          int64       `json:"id"`
	Template    fzPayment   `json:"template"`
	Frequency   string      `json:"frequency"`
	PayUntil    string      `json:"payUntil"`
	EndDate     fedcal.Date `json:"endDate,omitzero"`
	Count       int32       `json:"count,omitempty"`
	Start       fedcal.Date `json:"start"`
	Next        fedcal.Date `json:"next,omitzero"`
	Made        int32       `json:"made"`
	LastPayment int64       `json:"lastPayment,omitempty"`
	Status      string      `json:"status"`
}

func (f *Service) newRecurrence(ctx context.Context, first *fzPayment, plan *recurrencePlan) *fzRecurrence {
	r := &fzRecurrence{ID: f.env.State.Take(ctx, f.recurrenceSeq), Template: *first, Frequency: plan.Frequency,
		PayUntil: plan.PayUntil, EndDate: plan.EndDate, Count: plan.Count, Status: seriesActive}
	if first.PaymentDate.IsZero() {
		now := f.env.Clock.Now()
		first.Rail, first.DeliveryMethod = f.routeSpeed(first.Speed, first.Amount, fedcal.DateOf(now))
		first.PaymentDate = f.earliestDate(first.Rail, now)
	}
	first.RecurrenceID = r.ID
	r.Start, r.Template = first.PaymentDate, *first
	f.recurrences[r.ID] = r
	return r
}

// nextOccurrence is the date a frequency puts after d.
func nextOccurrence(d fedcal.Date, frequency string) fedcal.Date {
	t := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	switch strings.ToLower(frequency) {
	case "daily":
		t = t.AddDate(0, 0, 1)
	case "weekly":
		t = t.AddDate(0, 0, 7)
	case "biweekly":
		t = t.AddDate(0, 0, 14)
	case "quarterly":
		t = t.AddDate(0, 3, 0)
	case "semiannually":
		t = t.AddDate(0, 6, 0)
	case "yearly", "annually":
		t = t.AddDate(1, 0, 0)
	default: // Monthly
		t = t.AddDate(0, 1, 0)
	}
	return fedcal.DateOf(t)
}

// done reports whether the series has made its last payment.
func (r *fzRecurrence) done() bool { return r.doneAt(r.Made, r.Next) }

// doneAt reports whether the series is over once it has made made
// payments and its next one would be dated next.
func (r *fzRecurrence) doneAt(made int32, next fedcal.Date) bool {
	switch r.PayUntil {
	case "NumberOfPayments":
		return r.Count > 0 && made >= r.Count
	case "EndDate":
		return !r.EndDate.IsZero() && before(r.EndDate, next)
	}
	return false
}

// DueCreations counts the payments the active series would create were
// the clock at until, as stepRecurrence creates them, counting no further
// than limit+1.
func (f *Service) DueCreations(until time.Time, limit int) int {
	n := 0
	for _, r := range f.recurrences {
		if n > limit {
			break
		}
		n += r.paymentsBy(until, f.env.Clock.Zone(), limit+1-n)
	}
	return n
}

// paymentsBy counts, up to most, the payments the series would create by
// until.
func (r *fzRecurrence) paymentsBy(until time.Time, zone *time.Location, most int) int {
	if r.Status != seriesActive {
		return 0
	}
	n, made, next := 0, r.Made, r.Next
	for n < most && !next.IsZero() && !midnight(next, zone).After(until) && !r.doneAt(made, next) {
		n++
		made++
		next = nextOccurrence(next, r.Frequency)
	}
	return n
}

// scheduleRecurrence wakes the series when its next payment's date begins.
func (f *Service) scheduleRecurrence(r *fzRecurrence) {
	if r.Status == seriesActive && !r.Next.IsZero() {
		f.due.Add(midnight(r.Next, f.env.Clock.Zone()), recurrenceKey(r.ID))
	}
}

// stepRecurrence creates the series' payments that have fallen due.
func (f *Service) stepRecurrence(ctx context.Context, id int64, now time.Time) {
	r := f.recurrences[id]
	for r != nil && r.Status == seriesActive && !r.Next.IsZero() && !midnight(r.Next, f.env.Clock.Zone()).After(now) {
		if r.done() {
			r.Status, r.Next = seriesCompleted, fedcal.Date{}
			break
		}
		p := r.Template
		p.Progress, p.MemoPost = lifecycle.Progress{}, ""
		p.PaymentDate = r.Next
		if businessDaysOnly(railOf(&p)) {
			p.PaymentDate = f.env.Checker.Calendar().BusinessDayOnOrAfter(r.Next)
		}
		f.createPayment(ctx, &p)
		r.Made++
		r.LastPayment = p.UID
		r.Next = nextOccurrence(r.Next, r.Frequency)
	}
	if r == nil {
		return
	}
	if r.Status == seriesActive && r.done() {
		r.Status, r.Next = seriesCompleted, fedcal.Date{}
	}
	f.scheduleRecurrence(r)
	f.save(ctx, fzRecurrenceKind, strconv.FormatInt(r.ID, 10), r)
}

// view is the series as a payment record shows it.
func (r *fzRecurrence) view() map[string]any {
	m := map[string]any{"paymentRecurrenceId": integer(r.ID), "frequency": r.Frequency, "payUntil": r.PayUntil,
		"startDate": r.Start.String(), "status": r.Status}
	if !r.Next.IsZero() {
		m["nextPaymentDate"] = r.Next.String()
	}
	if !r.EndDate.IsZero() {
		m["endDate"] = r.EndDate.String()
	}
	if r.Count > 0 {
		m["endNumberPayments"] = integer(r.Count)
	}
	if r.LastPayment != 0 {
		m["lastPaymentReference"] = integer(r.LastPayment)
	}
	return m
}

// seriesOf finds an active series, or answers Finzly's not-found failure.
func (a *operations) seriesOf(w http.ResponseWriter, r *http.Request, id int64) *fzRecurrence {
	s := a.recurrences[id]
	if s == nil {
		respond.Reply(w, http.StatusBadRequest, recurrenceAnswer("Failed to find the recurring payment",
			"RECURRING_PAYMENT_NOT_FOUND", "no recurring payment with this id"))
		return nil
	}
	if s.Status != seriesActive {
		respond.Reply(w, http.StatusBadRequest, recurrenceAnswer("Failed to change the recurring payment",
			"RECURRING_PAYMENT_NOT_FOUND", "the series is "+strings.ToLower(s.Status)))
		return nil
	}
	return s
}

// recurrenceAnswer is the body of the recurrence operations; a code makes
// it a failure.
func recurrenceAnswer(message, code, reason string) map[string]any {
	errs := []map[string]string{}
	if code != "" {
		errs = append(errs, map[string]string{"code": code, "message": reason})
	}
	return map[string]any{"message": message, "errors": errs}
}

// SkipNextRecurrence skips the series' next payment.
func (a *operations) SkipNextRecurrence(w http.ResponseWriter, r *http.Request, recurrenceID int64) {
	a.lock(func() {
		s := a.seriesOf(w, r, recurrenceID)
		if s == nil {
			return
		}
		s.Next = nextOccurrence(s.Next, s.Frequency)
		s.Made++
		a.afterSeriesChange(r.Context(), s)
		respond.Reply(w, http.StatusOK, recurrenceAnswer("The next payment of the series is skipped", "", ""))
	})
}

// CancelRecurrence ends the series: no payment is created after it.
func (a *operations) CancelRecurrence(w http.ResponseWriter, r *http.Request, recurrenceID int64, _ finzly.CancelRecurrenceParams) {
	a.lock(func() {
		s := a.seriesOf(w, r, recurrenceID)
		if s == nil {
			return
		}
		s.Status, s.Next = seriesCancelled, fedcal.Date{}
		a.afterSeriesChange(r.Context(), s)
		respond.Reply(w, http.StatusOK, recurrenceAnswer("The series is cancelled", "", ""))
	})
}

// UpdateRecurrence changes what the update names; the rest stays.
func (a *operations) UpdateRecurrence(w http.ResponseWriter, r *http.Request, recurrenceID int64) {
	var req finzly.RecurrenceUpdate
	if err := respond.Decode(r, &req); err != nil {
		respond.Reply(w, http.StatusBadRequest, recurrenceAnswer("Failed to update the series", "PAYMENT001", "the body could not be read"))
		return
	}
	a.lock(func() {
		s := a.seriesOf(w, r, recurrenceID)
		if s == nil {
			return
		}
		if a.beforeToday(dateOf(req.NextPaymentDate)) {
			respond.Reply(w, http.StatusBadRequest, recurrenceAnswer("Failed to update the series", "PAYMENT001", msgSeriesInThePast))
			return
		}
		applyUpdate(s, &req)
		a.afterSeriesChange(r.Context(), s)
		respond.Reply(w, http.StatusOK, recurrenceAnswer("The series is updated", "", ""))
	})
}

func applyUpdate(s *fzRecurrence, u *finzly.RecurrenceUpdate) {
	if u.Amount != nil {
		s.Template.Amount = money.Amount(*u.Amount)
	}
	if u.Frequency != nil {
		s.Frequency = *u.Frequency
	}
	if d := dateOf(u.NextPaymentDate); !d.IsZero() {
		s.Next = d
	}
	if d := dateOf(u.EndDate); !d.IsZero() {
		s.EndDate, s.PayUntil = d, "EndDate"
	}
	if u.NumberOfPayments != nil {
		s.Count, s.PayUntil = *u.NumberOfPayments, "NumberOfPayments"
	}
	if s.done() {
		s.Status, s.Next = seriesCompleted, fedcal.Date{}
	}
}

// msgSeriesInThePast refuses a series dated before today whatever the
// rules say (with rules, PAYMENT_DATE_PAST refuses it first): catching it
// up would create a payment for every day since, work without a bound in
// one request.
const msgSeriesInThePast = "a recurring series cannot start or resume before today"

// beforeToday reports whether d is a date before the sandbox's today.
func (f *Service) beforeToday(d fedcal.Date) bool {
	return !d.IsZero() && before(d, fedcal.DateOf(f.env.Clock.Now()))
}

func (f *Service) afterSeriesChange(ctx context.Context, s *fzRecurrence) {
	f.scheduleRecurrence(s)
	f.save(ctx, fzRecurrenceKind, strconv.FormatInt(s.ID, 10), s)
}
