// Package cputime measures the CPU time a process has used, for benchmarks
// run on a machine shared with other work: wall-clock time per operation
// moves with everything else the machine runs, CPU time much less.
package cputime

import (
	"testing"
	"time"
)

// Report adds the process's CPU time (user and system, every thread) per
// iteration since start, as the metric cpu-ns/op, to a benchmark whose
// loop has finished. It reports nothing where the platform does not say.
func Report(b *testing.B, start time.Duration) {
	b.Helper()
	now, ok := Now()
	if !ok || b.N == 0 {
		return
	}
	b.ReportMetric(float64(now-start)/float64(b.N), "cpu-ns/op")
}

// Start returns the CPU time used so far, for Report.
func Start() time.Duration {
	now, _ := Now()
	return now
}
