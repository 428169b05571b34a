package main

import (
	"fmt"
	"io"
	"time"

	"github.com/payspec/payspec/validate/problem"
)

// progressThreshold is the number of documents from which progress is
// shown: below it a run is over before a person would look.
const progressThreshold = 200

// progressEvery is how often the progress line is rewritten.
const progressEvery = 100 * time.Millisecond

// progress shows how many documents have been judged on one line of
// standard error, rewritten in place, when many are judged at a terminal.
// A nil progress shows nothing. Its methods are called from one goroutine.
type progress struct {
	w     io.Writer
	total int // 0 when not known in advance (NDJSON)
	noun  string
	n     int
	last  time.Time
	shown bool
	now   func() time.Time
}

// progress returns the indicator for a plan: nil unless standard error is
// a terminal and the plan may hold more than progressThreshold documents.
func (a *app) progress(plan []job) *progress {
	if !a.terminal(a.stderr) {
		return nil
	}
	return newProgress(a.stderr, plan)
}

func newProgress(w io.Writer, plan []job) *progress {
	p := &progress{w: w, noun: nounOf(plan), now: time.Now}
	ndjson := len(plan) > 0 && plan[0].in.ndjson
	if !ndjson {
		if len(plan) <= progressThreshold {
			return nil
		}
		p.total = len(plan)
	}
	return p
}

// step counts one document judged.
func (p *progress) step() {
	if p == nil {
		return
	}
	p.n++
	if p.n <= progressThreshold && p.total == 0 {
		return
	}
	if now := p.now(); p.shown && now.Sub(p.last) < progressEvery && p.n != p.total {
		return
	} else {
		p.last = now
	}
	p.shown = true
	if p.total > 0 {
		fmt.Fprintf(p.w, "\r\x1b[Kjudged %d of %s", p.n, problem.Count(p.total, p.noun))
	} else {
		fmt.Fprintf(p.w, "\r\x1b[Kjudged %s", problem.Count(p.n, p.noun))
	}
}

// done clears the progress line.
func (p *progress) done() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
