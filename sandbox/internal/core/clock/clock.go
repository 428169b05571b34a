// Package clock is the sandbox's own time: the wall clock shifted by an
// offset that only grows, read in the zone of the providers' business
// days, and never past a latest date.
package clock

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Clock is the sandbox's own time: the wall clock shifted by an offset that
// the control API sets (a new date) or grows (an advance). Dates are taken
// in America/New_York, as the providers' business days are.
type Clock struct {
	mu     sync.RWMutex
	offset time.Duration
	wall   func() time.Time
	zone   *time.Location
}

// New returns a clock on the wall clock's time in zone.
func New(wall func() time.Time, zone *time.Location) *Clock {
	return &Clock{wall: wall, zone: zone}
}

// LatestYear is the last year the sandbox date may reach: a change that
// would take the sandbox past 31 December of it is refused. Years, not
// millennia: far enough for any test, near enough that every offset fits a
// time.Duration (about 292 years) with room to spare.
const LatestYear = 2100

// Latest is the last moment the sandbox time may reach: the end of
// LatestYear in zone.
func Latest(zone *time.Location) time.Time {
	return time.Date(LatestYear+1, time.January, 1, 0, 0, 0, 0, zone).Add(-time.Nanosecond)
}

// ErrBackwards is returned for an advance that is not positive or a date
// before today: the sandbox's time never runs back, so nothing that
// happened is undone.
var ErrBackwards = errors.New("sandbox: the clock only moves forward")

// ErrTooFar is returned for a change that would take the sandbox time
// past the end of LatestYear.
var ErrTooFar = fmt.Errorf("sandbox: the sandbox date must stay on or before %d-12-31", LatestYear)

// Now is the sandbox time.
func (c *Clock) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.now()
}

func (c *Clock) now() time.Time { return c.wall().Add(c.offset).In(c.zone) }

// Today is the sandbox date at midnight in New York.
func (c *Clock) Today() time.Time {
	n := c.Now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, c.zone)
}

// SetToday moves the clock to the same time of day on a later date (or
// today).
func (c *Clock) SetToday(day time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, err := c.toDay(day)
	if err != nil {
		return err
	}
	return c.move(d)
}

// UntilDay is how far the clock would move for SetToday(day), checked as
// SetToday checks it, without moving it.
func (c *Clock) UntilDay(day time.Time) (time.Duration, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	d, err := c.toDay(day)
	if err != nil {
		return 0, err
	}
	return d, c.check(d)
}

// toDay is the way from now to the same time of day on day.
func (c *Clock) toDay(day time.Time) (time.Duration, error) {
	if day.Year() > LatestYear {
		return 0, ErrTooFar // before time.Date or Sub could saturate
	}
	now := c.now()
	target := time.Date(day.Year(), day.Month(), day.Day(), now.Hour(), now.Minute(), now.Second(), now.Nanosecond(), c.zone)
	if target.Before(now) {
		return 0, ErrBackwards
	}
	return target.Sub(now), nil
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) error {
	if d <= 0 {
		return ErrBackwards
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.move(d)
}

// Check reports whether Advance(d) would be accepted, without moving the
// clock.
func (c *Clock) Check(d time.Duration) error {
	if d <= 0 {
		return ErrBackwards
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.check(d)
}

// move grows the offset by d, which is not negative, if the sandbox time
// stays within its bound.
func (c *Clock) move(d time.Duration) error {
	if err := c.check(d); err != nil {
		return err
	}
	c.offset += d
	return nil
}

// check refuses a move of d that would overflow the offset or take the
// sandbox time past Latest. Nothing here can wrap: the room left is a
// saturating subtraction, compared before anything is added.
func (c *Clock) check(d time.Duration) error {
	room := Latest(c.zone).Sub(c.now())
	if d > room || c.offset > maxOffset-d {
		return ErrTooFar
	}
	return nil
}

// maxOffset is the largest offset a duration holds.
const maxOffset = time.Duration(1<<63 - 1)

// Offset is how far the sandbox time is from the wall clock.
func (c *Clock) Offset() time.Duration {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset
}

// SetOffset puts the clock at an offset it had before (restored from a
// store), refusing one that puts the sandbox time past Latest.
func (c *Clock) SetOffset(d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wall().Add(d).After(Latest(c.zone)) {
		return ErrTooFar
	}
	c.offset = d
	return nil
}

// Zone is the zone the clock's dates are taken in.
func (c *Clock) Zone() *time.Location { return c.zone }
