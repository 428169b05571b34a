package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
)

// ErrInUse is returned by OpenSQLite for a database file another store
// (in this process or another) has open.
var ErrInUse = errors.New("store: the database is in use")

// fileLock is an exclusive, advisory lock on a lock file, held for as long
// as the file stays open. The operating system releases it when the
// process ends, however it ends, so a stale lock file locks nothing.
type fileLock struct {
	f *os.File
}

// lockFile takes the lock at path, creating the file if need be, and
// writes the process id into it so that a refusal can say who holds it.
func lockFile(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: locking %s: %w", path, err)
	}
	if err := flock(f); err != nil {
		_ = f.Close()
		if errors.Is(err, errLocked) {
			return nil, inUse(path)
		}
		return nil, fmt.Errorf("store: locking %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &fileLock{f: f}, nil
}

// inUse says which file is held, and by which process when its lock file
// tells.
func inUse(lockPath string) error {
	data := lockPath[:len(lockPath)-len(".lock")]
	b, _ := os.ReadFile(lockPath)
	if pid, err := strconv.Atoi(string(bytes.TrimSpace(b))); err == nil && pid > 0 {
		return fmt.Errorf("%w: %s is held by process %d (its lock is %s)", ErrInUse, data, pid, lockPath)
	}
	return fmt.Errorf("%w: %s is held by another process (its lock is %s)", ErrInUse, data, lockPath)
}

func (l *fileLock) release() {
	if l != nil && l.f != nil {
		_ = l.f.Close() // closing the file releases the lock
		l.f = nil
	}
}
