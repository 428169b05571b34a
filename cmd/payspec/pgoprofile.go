//go:build pgoprofile

package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"time"
)

// With the pgoprofile build tag (scripts/pgo-profile.sh), payspec records
// a CPU profile of itself into the file PAYSPEC_CPUPROFILE names, for
// PAYSPEC_CPUPROFILE_SECONDS seconds from start-up (10 by default). The
// script turns such profiles into default.pgo, which the Go toolchain uses
// to optimise the builds of this command. Ordinary builds leave this file
// out.
func init() {
	path := os.Getenv("PAYSPEC_CPUPROFILE")
	if path == "" {
		return
	}
	seconds, err := strconv.Atoi(os.Getenv("PAYSPEC_CPUPROFILE_SECONDS"))
	if err != nil || seconds <= 0 {
		seconds = 10
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "payspec: cpu profile:", err)
		return
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "payspec: cpu profile:", err)
		_ = f.Close()
		return
	}
	time.AfterFunc(time.Duration(seconds)*time.Second, func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "payspec: cpu profile:", err)
		}
	})
}
