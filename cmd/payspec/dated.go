package main

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/payspec/payspec/internal/specexample"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// maxDateMoves bounds the days a template's dates are moved on, one at a
// time, looking for the first day the rules accept them.
const maxDateMoves = 60

// dater moves the dates of example bodies so that the rules accept them on
// a given day: the spec's examples are written on one day, and a template
// printed later must still be valid when it is printed.
type dater struct {
	engine *validate.Engine // with the rules, judging on today
	today  time.Time        // midnight UTC of the day judged on
	cfg    *rules.Config    // the rules configuration; nil for the defaults
}

// newDater builds a dater from an engine whose clock gives the day and the
// rules configuration it was built with (nil for the defaults).
func newDater(e *validate.Engine, cfg *rules.Config) *dater {
	t := e.Today()
	return &dater{engine: e, today: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), cfg: cfg}
}

// calendar is the rules' calendar, with the configuration's closed and
// open days.
func (d *dater) calendar() *fedcal.Calendar {
	if d.cfg == nil {
		d.cfg = rules.DefaultConfig()
	}
	return fedcal.New(fedcal.Overrides{Closed: d.cfg.Closed, Open: d.cfg.Open})
}

// forToday returns body with its dates moved, all by the same number of
// days, so that the earliest lands on the first day, today or later, on
// which the rules find no fault with any date of the body: today for a
// rail that runs every day, the next business day for ACH, Fedwire and
// SWIFT, five days on for a hosted session's due date. A body whose dates
// the rules accept as they are, or without dates, is returned unchanged;
// one no day within maxDateMoves fixes is returned with its dates on the
// last day tried, for the rules to explain.
func (d *dater) forToday(ctx context.Context, b exampleBody, body []byte) []byte {
	dates, err := specexample.Dates(body)
	if err != nil || len(dates) == 0 {
		return body
	}
	at := map[string]bool{}
	earliest := dates[0].Day
	for _, dt := range dates {
		at[dt.Pointer] = true
		if dt.Day.Before(earliest) {
			earliest = dt.Day
		}
	}
	faults := d.dateFaults(ctx, b, body, at)
	if len(faults) == 0 {
		return body
	}
	day := d.today
	moved := body
	for range maxDateMoves {
		moved = specexample.ShiftDates(body, dates, int(day.Sub(earliest).Hours()/24))
		faults = d.dateFaults(ctx, b, moved, at)
		if len(faults) == 0 {
			return moved
		}
		day = day.AddDate(0, 0, 1)
		if onlyCode(faults, rules.RuleDateNotBusinessDay) {
			next := d.calendar().BusinessDayOnOrAfter(fedcal.DateOf(day))
			day = time.Date(next.Year, next.Month, next.Day, 0, 0, 0, 0, time.UTC)
		}
	}
	return moved
}

// dateFaults are the problems the engine finds at the body's dates.
func (d *dater) dateFaults(ctx context.Context, b exampleBody, body []byte, at map[string]bool) validate.Problems {
	var out validate.Problems
	for _, p := range judgeBody(ctx, d.engine, b, body) {
		if at[p.Pointer] {
			out = append(out, p)
		}
	}
	return out
}

// onlyCode reports whether every problem has the code.
func onlyCode(ps validate.Problems, code string) bool {
	for _, p := range ps {
		if p.Code != code {
			return false
		}
	}
	return true
}

// judgeBody validates an example body as its operation's request, or as
// its response for its status ("default": a status the operation does not
// declare otherwise). Parameters are left out: only the body's own
// problems matter here.
func judgeBody(ctx context.Context, e *validate.Engine, b exampleBody, body []byte) validate.Problems {
	h := http.Header{"Content-Type": {"application/json"}}
	var ps validate.Problems
	if b.body.Status == "" {
		ps, _ = e.ValidateRequest(ctx, b.op.ID, validate.Request{Header: h, Body: body})
		return ps
	}
	code, err := strconv.Atoi(b.body.Status)
	if err != nil {
		code = 599 // default
	}
	ps, _ = e.ValidateResponse(ctx, b.op.ID, validate.Response{Status: code, Header: h, Body: body})
	return ps
}
