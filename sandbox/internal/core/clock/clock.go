// Package clock is the sandbox's own time: the wall clock shifted by an
// offset that only grows, read in the zone of the providers' business
// days.
package clock

import (
	"errors"
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

// Now is the sandbox time.
func (c *Clock) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.wall().Add(c.offset).In(c.zone)
}

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
	now := c.wall().Add(c.offset).In(c.zone)
	target := time.Date(day.Year(), day.Month(), day.Day(), now.Hour(), now.Minute(), now.Second(), now.Nanosecond(), c.zone)
	if target.Before(now) {
		return ErrBackwards
	}
	c.offset += target.Sub(now)
	return nil
}

// ErrBackwards is returned for an advance that is not positive: the
// sandbox's time never runs back, so nothing that happened is undone.
var ErrBackwards = errors.New("sandbox: the clock only moves forward")

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) error {
	if d <= 0 {
		return ErrBackwards
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
	return nil
}

// Offset is how far the sandbox time is from the wall clock.
func (c *Clock) Offset() time.Duration {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset
}

// SetOffset puts the clock at an offset it had before (restored from a
// store).
func (c *Clock) SetOffset(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = d
}

// Zone is the zone the clock's dates are taken in.
func (c *Clock) Zone() *time.Location { return c.zone }
