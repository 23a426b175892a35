//go:build unix

package corpus

import (
	"context"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
)

// TestLoadFIFO checks that a named pipe with a .txt name is skipped, not
// opened: reading it would block for ever.
func TestLoadFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	arts, skipped, err := Load(context.Background(), DirFS(dir), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Skipped{{"pipe.txt", "not a regular file (a named pipe)"}}
	if len(arts) != 0 || !reflect.DeepEqual(skipped, want) {
		t.Errorf("got %d articles, skipped %v; want none and %v", len(arts), skipped, want)
	}
}
