package heapfloor

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPercentKeepsTheFloorAndNeverGoesBelowBase(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name        string
		live, floor uint64
		base, want  int
	}{
		{"nothing measured yet", 0, 64 * mib, 100, 100},
		{"small heap: the floor decides", 8 * mib, 64 * mib, 100, 800},
		{"rounded up", 3 * mib, 64 * mib, 100, 2134},
		{"heap at the floor", 64 * mib, 64 * mib, 100, 100},
		{"large heap: base decides", 512 * mib, 64 * mib, 100, 100},
		{"a higher base stays", 16 * mib, 64 * mib, 500, 500},
		{"collection off stays off", 8 * mib, 64 * mib, -1, -1},
		{"tiny heap is bounded", 1, 1 << 40, 100, maxPercent},
		{"no floor", 8 * mib, 0, 100, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Percent(tc.live, tc.floor, tc.base))
		})
	}
}

// gogc reads the percentage the collector runs with.
func gogc(t *testing.T) uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	require.Equal(t, metrics.KindUint64, s[0].Value.Kind())
	return s[0].Value.Uint64()
}

func TestStartRaisesThePercentageAfterACollectionAndStopRestoresIt(t *testing.T) {
	old := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(old) })
	const floor = 1 << 40 // far above any heap a test has
	stop := Start(floor, 100)
	runtime.GC()
	assert.Eventually(t, func() bool {
		runtime.GC()
		return gogc(t) > 1000
	}, 5*time.Second, 10*time.Millisecond, "the percentage should follow the floor")
	stop()
	assert.EqualValues(t, 100, gogc(t))
	stop() // a second stop does nothing
	runtime.GC()
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	assert.EqualValues(t, 100, gogc(t), "a stopped keeper changes nothing after a collection")
}
