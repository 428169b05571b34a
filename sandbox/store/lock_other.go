//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import (
	"errors"
	"os"
)

// errLocked says that another holds the lock.
var errLocked = errors.New("locked")

// flock takes no lock on systems without flock(2): there, two stores on one
// file are not refused, and SQLite's own locking keeps each transaction
// whole.
func flock(*os.File) error { return nil }

// linkCount is 1 where the number of a file's names is not known.
func linkCount(os.FileInfo) uint64 { return 1 }
