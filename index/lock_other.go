//go:build !unix

package index

import (
	"fmt"
	"os"
)

// lockFile stands in for flock(2) where it does not exist: the locks always
// succeed, so only one process may use an index directory there.
type lockFile struct {
	f *os.File
}

func openLock(path string) (*lockFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock %s: %w", path, err)
	}
	return &lockFile{f: f}, nil
}

func (l *lockFile) lock(exclusive, wait bool) (bool, error) { return true, nil }

func (l *lockFile) unlock() error { return nil }

func (l *lockFile) close() error {
	if l == nil {
		return nil
	}
	return l.f.Close()
}
