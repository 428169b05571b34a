// Package heapfloor lets a long-running process collect garbage less
// often while its live heap is small. The Go collector's default (GOGC=100)
// lets the heap grow by as much as is live before the next collection: a
// server that keeps a few megabytes and allocates a few kilobytes a request
// collects every few hundred requests, and spends a tenth of its time
// doing so. With a floor, the heap may grow by at least the floor's bytes
// between collections; once the live heap is larger than the floor, the
// collector's own percentage applies unchanged.
//
// The percentage is recomputed after every collection from the live heap
// the runtime reports, so the extra memory is bounded by the floor.
package heapfloor

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// liveMetric is the runtime's count of the heap bytes the last
// collection found live.
const liveMetric = "/gc/heap/live:bytes"

// Percent is the GOGC percentage that lets a heap with live bytes grow by
// at least floor bytes, and by base percent when that is more. A live heap
// of 0 (none measured yet) gets base.
func Percent(live, floor uint64, base int) int {
	if live == 0 || base < 0 {
		return base
	}
	need := (floor*100 + live - 1) / live // ceiling of floor/live in percent
	if need > uint64(maxPercent) {
		return maxPercent
	}
	if int(need) > base {
		return int(need)
	}
	return base
}

// maxPercent bounds the percentage set for a tiny live heap, where the
// floor alone decides the goal anyway.
const maxPercent = 1 << 20

// floorKeeper recomputes the percentage after each collection.
type floorKeeper struct {
	floor uint64
	base  int

	mu      sync.Mutex
	stopped bool
	set     int // the percentage last set
	sample  []metrics.Sample
}

// sentinel is an object the keeper lets go of at once, so that its cleanup
// runs after the next collection. It is larger than the runtime's tiny
// allocations, so it is not kept alive by a neighbour.
type sentinel struct {
	_ *floorKeeper
	_ [16]byte
}

// Start keeps the floor from now on: the heap may grow by at least floor
// bytes between collections, and by base percent of what is live when that
// is more (base is the GOGC the process would otherwise run with, 100 by
// default). stop restores base and ends the adjustments. A memory limit
// set with GOMEMLIMIT still bounds the heap.
func Start(floor uint64, base int) (stop func()) {
	k := &floorKeeper{floor: floor, base: base, set: base, sample: []metrics.Sample{{Name: liveMetric}}}
	k.adjust()
	k.arm()
	return k.stop
}

// arm leaves a sentinel for the next collection to find unreachable.
func (k *floorKeeper) arm() {
	runtime.AddCleanup(&sentinel{}, func(k *floorKeeper) { k.afterCollection() }, k)
}

func (k *floorKeeper) afterCollection() {
	if k.adjust() {
		k.arm()
	}
}

// adjust sets the percentage for the live heap last measured; it reports
// false once the keeper has stopped.
func (k *floorKeeper) adjust() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stopped {
		return false
	}
	metrics.Read(k.sample)
	var live uint64
	if k.sample[0].Value.Kind() == metrics.KindUint64 {
		live = k.sample[0].Value.Uint64()
	}
	if p := Percent(live, k.floor, k.base); p != k.set {
		debug.SetGCPercent(p)
		k.set = p
	}
	return true
}

func (k *floorKeeper) stop() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stopped {
		return
	}
	k.stopped = true
	if k.set != k.base {
		debug.SetGCPercent(k.base)
	}
}
