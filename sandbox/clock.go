package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/payspec/payspec/sandbox/internal/core/clock"
)

// LatestYear is the last year the sandbox clock may reach: a clock change
// (Advance, SetToday, the control API, WithToday) that would take the
// sandbox date past 31 December 2100 is refused with ErrClockTooFar.
const LatestYear = clock.LatestYear

// MaxPaymentsPerClockChange bounds the work one clock change may cause: a
// change that would make recurring series create more payments than this
// is refused with ErrClockChangeTooLarge, before the clock moves (move it
// in smaller steps). Payments already made move on without a bound: each
// has a short path of statuses.
const MaxPaymentsPerClockChange = 10_000

// ErrClockBackwards is returned for an advance that is not positive or a
// date before today: the sandbox's time never runs back, so nothing that
// happened is undone.
var ErrClockBackwards = clock.ErrBackwards

// ErrClockTooFar is returned for a clock change past LatestYear.
var ErrClockTooFar = clock.ErrTooFar

// ErrClockChangeTooLarge is returned for a clock change that would create
// more than MaxPaymentsPerClockChange recurring payments.
var ErrClockChangeTooLarge = fmt.Errorf("sandbox: the clock change would create more than %d recurring payments; move the clock in smaller steps",
	MaxPaymentsPerClockChange)

// Advance moves the sandbox clock forward by d and brings every payment up
// to the new time, queueing the webhooks of what changed. It returns
// ErrClockBackwards, ErrClockTooFar or ErrClockChangeTooLarge, leaving the
// clock where it was, for a change it refuses.
func (s *Sandbox) Advance(ctx context.Context, d time.Duration) error {
	if err := s.env.Clock.Check(d); err != nil {
		return err
	}
	return s.moveClock(ctx, d, func() error { return s.env.Clock.Advance(d) })
}

// SetToday moves the sandbox clock to a later date (the time of day stays),
// as Advance does.
func (s *Sandbox) SetToday(ctx context.Context, day time.Time) error {
	d, err := s.env.Clock.UntilDay(day)
	if err != nil {
		return err
	}
	return s.moveClock(ctx, d, func() error { return s.env.Clock.SetToday(day) })
}

// moveClock counts, with the state locked, the payments a move of d
// would create, refuses the move past the bound, and otherwise moves the
// clock and catches every provider up before anyone sees the state.
func (s *Sandbox) moveClock(ctx context.Context, d time.Duration, move func() error) error {
	var err error
	s.env.State.Lock(func() {
		until := s.env.Clock.Now().Add(d)
		created := 0
		for _, p := range s.providers {
			created += p.DueCreations(until, MaxPaymentsPerClockChange-created)
		}
		if created > MaxPaymentsPerClockChange {
			err = ErrClockChangeTooLarge
			return
		}
		if err = move(); err != nil {
			return
		}
		now := s.env.Clock.Now()
		for _, p := range s.providers {
			p.Advance(ctx, now)
		}
	})
	if err != nil {
		return err
	}
	if err := s.saveClock(ctx); err != nil {
		return err
	}
	return s.env.State.Commit(ctx)
}

// clockRefusal is the control API's status for a refused clock change:
// 409 for time running back, 400 for a change out of bounds.
func clockRefusal(err error) int {
	if errors.Is(err, ErrClockBackwards) {
		return http.StatusConflict
	}
	return http.StatusBadRequest
}
