package proccpu

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseStat(t *testing.T) {
	line := "4242 (pay spec) (x)) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 37 0 0 20 0 9 0 100 0 0\n"
	d, ok := parseStat([]byte(line))
	assert.True(t, ok)
	assert.Equal(t, 2870*time.Millisecond, d, "utime 250 and stime 37 ticks")
	for _, bad := range []string{"", "4242 no parenthesis", "1 (x) S 1 2 3", "1 (x) S 1 2 3 4 5 6 7 8 9 10 a 3"} {
		_, ok := parseStat([]byte(bad))
		assert.False(t, ok, bad)
	}
}

func TestOfThisProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	_, ok := Of(os.Getpid())
	assert.True(t, ok)
	_, ok = Of(0)
	assert.False(t, ok)
}
