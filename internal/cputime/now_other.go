//go:build !unix

package cputime

import "time"

// Now reports that the platform does not tell the process's CPU time.
func Now() (time.Duration, bool) { return 0, false }
