//go:build unix

package index

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile is an advisory lock on a file (flock(2)), shared or exclusive.
// It works between processes and between two opens of the file in one
// process, and the kernel drops it when the process dies, so a killed
// process never leaves a lock behind.
type lockFile struct {
	f *os.File
}

// openLock opens (creating if needed) the lock file at path, unlocked.
func openLock(path string) (*lockFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock %s: %w", path, err)
	}
	return &lockFile{f: f}, nil
}

// lock takes the lock, shared or exclusive (converting a lock already held
// through this file). Without wait it returns false at once when another
// holder conflicts.
func (l *lockFile) lock(exclusive, wait bool) (bool, error) {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(l.f.Fd()), how)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		default:
			return false, fmt.Errorf("lock %s: %w", l.f.Name(), err)
		}
	}
}

// unlock releases the lock and keeps the file open.
func (l *lockFile) unlock() error {
	if err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN); err != nil {
		return fmt.Errorf("unlock %s: %w", l.f.Name(), err)
	}
	return nil
}

// close releases the lock and closes the file.
func (l *lockFile) close() error {
	if l == nil {
		return nil
	}
	return l.f.Close()
}
