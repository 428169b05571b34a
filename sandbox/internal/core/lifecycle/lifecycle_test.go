package lifecycle

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestStepDueExactlyNowIsTaken(t *testing.T) {
	start := time.Date(2030, 3, 1, 12, 0, 0, 0, time.UTC)
	var p Progress
	p.Start([]Step{{Status: "A"}, {Status: "B", After: time.Minute}, {Status: "C", After: time.Minute}}, start)
	var moved []string
	p.StepsDue(start.Add(time.Minute), func(to string, _ time.Time) { moved = append(moved, to) })
	assert.Equal(t, []string{"B"}, moved, "B is due exactly now; C a minute later")
	assert.Equal(t, start.Add(2*time.Minute), p.Next)

	var q DueQueue
	q.Add(start.Add(time.Minute), "x")
	q.Add(start.Add(time.Minute+time.Nanosecond), "y")
	var drained []string
	q.Drain(start.Add(time.Minute), func(id string) { drained = append(drained, id) })
	assert.Equal(t, []string{"x"}, drained, "x is due exactly now; y a nanosecond later")
}
