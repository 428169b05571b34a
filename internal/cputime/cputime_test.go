package cputime_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/payspec/payspec/internal/cputime"
)

func TestNowAdvancesWithWork(t *testing.T) {
	start, ok := cputime.Now()
	if !ok {
		t.Skip("no CPU time on " + runtime.GOOS)
	}
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	end, _ := cputime.Now()
	assert.Greater(t, end, start, "x=%d", x)
}

func BenchmarkReport(b *testing.B) {
	start := cputime.Start()
	for b.Loop() {
		runtime.Gosched()
	}
	cputime.Report(b, start)
}
