// Package proccpu reads how much CPU time a running process has used, for
// benchmarks that measure a server running as a process of its own: on a
// machine shared with other work, a server's CPU time per request is
// disturbed less than its requests per second.
package proccpu

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// clockTick is the unit of the times /proc gives: USER_HZ, 100 a second
// on Linux.
const clockTick = 10 * time.Millisecond

// Of returns the user and system CPU time the process pid has used so far,
// all its threads together, read from /proc/<pid>/stat. It returns false
// where there is no such file (not Linux, or no such process).
func Of(pid int) (time.Duration, bool) {
	if pid <= 0 {
		return 0, false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	return parseStat(b)
}

// parseStat reads utime and stime from a stat line: the 12th and 13th
// fields after the command's closing parenthesis (the command may hold
// spaces and parentheses itself).
func parseStat(b []byte) (time.Duration, bool) {
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return 0, false
	}
	f := bytes.Fields(b[end+1:])
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(string(f[11]), 10, 64)
	stime, err2 := strconv.ParseInt(string(f[12]), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * clockTick, true
}
