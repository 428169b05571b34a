// Package lifecycle moves resources along planned paths of statuses in
// sandbox time: a resource's progress on its path, and the queue of
// resources with a step due.
package lifecycle

import (
	"container/heap"
	"time"
)

// DueQueue orders the resources that have a step due, earliest first. An
// entry is a hint: when it comes due the service checks that the resource
// still wants that step then.
type DueQueue struct{ items dueItems }

type dueItem struct {
	at time.Time
	id string
}

type dueItems []dueItem

func (d dueItems) Len() int           { return len(d) }
func (d dueItems) Less(i, j int) bool { return d[i].at.Before(d[j].at) }
func (d dueItems) Swap(i, j int)      { d[i], d[j] = d[j], d[i] }
func (d *dueItems) Push(x any)        { *d = append(*d, x.(dueItem)) }
func (d *dueItems) Pop() any {
	old := *d
	it := old[len(old)-1]
	*d = old[:len(old)-1]
	return it
}

// Add schedules a look at id at time at.
func (q *DueQueue) Add(at time.Time, id string) {
	if at.IsZero() {
		return
	}
	heap.Push(&q.items, dueItem{at: at, id: id})
}

// pop returns the next id due by now.
func (q *DueQueue) pop(now time.Time) (string, bool) {
	if len(q.items) == 0 || q.items[0].at.After(now) {
		return "", false
	}
	return heap.Pop(&q.items).(dueItem).id, true
}

// Reset empties the queue.
func (q *DueQueue) Reset() { q.items = nil }

// Drain calls step with every id due by now, earliest first, including
// ids that step itself makes due by now.
func (q *DueQueue) Drain(now time.Time, step func(id string)) {
	for {
		id, ok := q.pop(now)
		if !ok {
			return
		}
		step(id)
	}
}

// Step is one status in a resource's planned path and how long after the
// previous one it comes.
type Step struct {
	Status string        `json:"status"`
	After  time.Duration `json:"after"`
}

// Progress is a resource's place on its path of statuses.
type Progress struct {
	Status string    `json:"status"`
	Path   []Step    `json:"path"`
	Next   time.Time `json:"next,omitzero"` // when the next status is due; zero when final
	Events []Event   `json:"events"`
}

// Start sets the first status at time at and schedules the next.
func (p *Progress) Start(path []Step, at time.Time) {
	p.Path = path
	p.Status = path[0].Status
	p.Events = []Event{{At: at, To: p.Status}}
	p.schedule(at)
}

// schedule sets when the step after the current status is due.
func (p *Progress) schedule(from time.Time) {
	p.Next = time.Time{}
	for i, st := range p.Path {
		if st.Status == p.Status && i+1 < len(p.Path) {
			p.Next = from.Add(p.Path[i+1].After)
		}
	}
}

// StepsDue moves along the path as far as now allows, calling moved for
// each new status with the time it took effect.
func (p *Progress) StepsDue(now time.Time, moved func(to string, at time.Time)) {
	for !p.Next.IsZero() && !p.Next.After(now) {
		at := p.Next
		to := p.following()
		p.Set(to, at)
		moved(to, at)
	}
}

func (p *Progress) following() string {
	for i, st := range p.Path {
		if st.Status == p.Status && i+1 < len(p.Path) {
			return p.Path[i+1].Status
		}
	}
	return p.Status
}

// Set moves to status at time at, off the planned path if need be (a
// cancellation), and schedules what follows it on the path.
func (p *Progress) Set(status string, at time.Time) {
	p.Events = append(p.Events, Event{At: at, From: p.Status, To: status})
	p.Status = status
	p.schedule(at)
}

// Event is one status change of a resource.
type Event struct {
	At   time.Time `json:"at"`
	From string    `json:"from,omitempty"` // "" for the status a resource was created in
	To   string    `json:"to"`
}
