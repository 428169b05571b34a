package sandbox

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

// newClock returns a clock on the wall clock's time in zone.
func newClock(wall func() time.Time, zone *time.Location) *Clock {
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
		return ErrClockBackwards
	}
	c.offset += target.Sub(now)
	return nil
}

// ErrClockBackwards is returned for an advance that is not positive: the
// sandbox's time never runs back, so nothing that happened is undone.
var ErrClockBackwards = errors.New("sandbox: the clock only moves forward")

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) error {
	if d <= 0 {
		return ErrClockBackwards
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

func (c *Clock) setOffset(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = d
}

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("sandbox: %q is not a date written YYYY-MM-DD", s)
	}
	return d, nil
}
