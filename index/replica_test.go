package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Tests of what happens when several processes share an index directory
// (replicas of the bot), when a build is killed half-way and when the disk
// fills up. Two Index values opened on one directory behave like two
// processes: flock(2) locks taken through different open files conflict
// even within one process.

// childEnv names the index directory a helper process builds into; marker
// is the file it creates once its build is under way.
const (
	childEnv    = "DEALBOT_INDEX_BUILD_CHILD"
	childMarker = "DEALBOT_INDEX_BUILD_MARKER"
)

// TestHelperBuildChild is not a test: run by TestBuildKilledHalfway in a
// child process, it opens the index, starts a build and stops after the
// first batch, waiting to be killed.
func TestHelperBuildChild(t *testing.T) {
	dir := os.Getenv(childEnv)
	if dir == "" {
		t.Skip("helper process for TestBuildKilledHalfway")
	}
	x, err := Open(testLogger(t), dir)
	if err != nil {
		t.Fatalf("child Open: %v", err)
	}
	_ = x.Build(context.Background(), bigSnapshot("child", 5000), func(done, total int) {
		if err := os.WriteFile(os.Getenv(childMarker), []byte("building"), 0o644); err != nil {
			t.Errorf("child marker: %v", err)
		}
		select {} // half-way: wait to be killed
	})
	t.Fatal("child build returned; it should have been killed")
}

// otherGens returns the generation directories that CURRENT does not name.
func otherGens(t *testing.T, dir string) []string {
	t.Helper()
	cur, err := readCurrent(dir)
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(genDirs(t, dir), func(n string) bool { return n == cur })
}

type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestBuildKilledHalfway(t *testing.T) {
	x, dir := openBuilt(t, "old")
	marker := filepath.Join(t.TempDir(), "building")
	child := exec.Command(os.Args[0], "-test.run=^TestHelperBuildChild$", "-test.v")
	child.Env = append(os.Environ(), childEnv+"="+dir, childMarker+"="+marker)
	var out lockedBuilder
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			child.Process.Kill()
			child.Wait()
		}
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(marker); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("child never reached the middle of its build; output:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}

	// While the child is alive, its half-built generation is protected.
	partial := otherGens(t, dir)
	if len(partial) != 1 {
		t.Fatalf("generations other than CURRENT while the child builds = %q; want its one", partial)
	}
	if _, err := x.LockBuild(t.Context(), false); !errors.Is(err, ErrBuildBusy) {
		t.Errorf("LockBuild while another process builds = %v; want ErrBuildBusy", err)
	}
	peer, err := Open(testLogger(t), dir) // sweeps
	if err != nil {
		t.Fatal(err)
	}
	if got := otherGens(t, dir); !slices.Equal(got, partial) {
		t.Errorf("after another process opened the directory, generations other than CURRENT = %q; want the child's %q kept", got, partial)
	}
	if fp, _ := peer.Fingerprint(); fp != "old" {
		t.Errorf("peer serves %q during the child's build; want old", fp)
	}
	peer.Close()

	// Kill it half-way.
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	killed = true

	// The running process keeps serving the old generation.
	if got := askTop(t, x, "acme zorblat").ID; got != "acq-acme-zorblat" {
		t.Errorf("top deal after the kill = %q; want the old index's", got)
	}
	// The next start serves the old generation and removes the half-built one.
	y, err := Open(testLogger(t), dir)
	if err != nil {
		t.Fatalf("Open after the kill: %v", err)
	}
	defer y.Close()
	if fp, ok := y.Fingerprint(); !ok || fp != "old" {
		t.Errorf("Fingerprint after the kill = %q, %v; want old, true", fp, ok)
	}
	if got := askTop(t, y, "acme zorblat").ID; got != "acq-acme-zorblat" {
		t.Errorf("top deal after restart = %q; want acq-acme-zorblat", got)
	}
	checkOneGeneration(t, dir)
	if _, err := os.Stat(filepath.Join(dir, locksDir, partial[0]+lockSuffix)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed build's lock file is still there (stat: %v)", err)
	}
	// And the next build takes the lock the dead process held.
	if err := y.Build(t.Context(), fixtureSnapshot("new"), nil); err != nil {
		t.Fatalf("Build after the kill: %v", err)
	}
	// The first process still reads the old generation until it refreshes.
	if n := len(genDirs(t, dir)); n != 2 {
		t.Errorf("generations while the first process still reads the old one = %d; want 2", n)
	}
	if switched, err := x.Refresh(); !switched || err != nil {
		t.Errorf("Refresh = %v, %v; want a switch to the new build", switched, err)
	}
	checkOneGeneration(t, dir)
}

func TestBuildDiskFull(t *testing.T) {
	x, dir := openBuilt(t, "old")
	x.beforeBatch = func(n int) error {
		if n == 2 {
			return &os.PathError{Op: "write", Path: "store/00000002.zap", Err: syscall.ENOSPC}
		}
		return nil
	}
	err := x.Build(t.Context(), bigSnapshot("new", 2500), nil)
	if err == nil || !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("Build on a full disk = %v; want ENOSPC", err)
	}
	if fp, ok := x.Fingerprint(); !ok || fp != "old" {
		t.Errorf("Fingerprint after a failed build = %q, %v; want old, true", fp, ok)
	}
	if got := askTop(t, x, "acme zorblat").ID; got != "acq-acme-zorblat" {
		t.Errorf("top deal after a failed build = %q; want acq-acme-zorblat", got)
	}
	checkOneGeneration(t, dir)
	locks, _ := os.ReadDir(filepath.Join(dir, locksDir))
	for _, l := range locks {
		if n, ok := strings.CutSuffix(l.Name(), lockSuffix); ok {
			if cur, _ := readCurrent(dir); n != cur {
				t.Errorf("lock file %s of the failed build left behind", l.Name())
			}
		}
	}
	x.beforeBatch = nil
	if err := x.Build(t.Context(), bigSnapshot("next", 2500), nil); err != nil {
		t.Fatalf("Build once space is back: %v", err)
	}
	checkOneGeneration(t, dir)
}

func TestReplicaPicksUpRebuild(t *testing.T) {
	a, dir := openBuilt(t, "v1")
	b, err := Open(testLogger(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if fp, _ := b.Fingerprint(); fp != "v1" {
		t.Fatalf("replica serves %q; want v1", fp)
	}
	v1, _ := readCurrent(dir)

	if err := a.Build(t.Context(), variant("v2", "€41 million"), nil); err != nil {
		t.Fatal(err)
	}
	// The replica still reads v1: the builder must not have removed it.
	if _, err := os.Stat(filepath.Join(dir, v1)); err != nil {
		t.Errorf("the builder removed the generation a replica still reads: %v", err)
	}
	if got := askTop(t, b, "acme zorblat").Amount.Text; got != "€40 million" {
		t.Errorf("replica before refresh answers %q; want the v1 amount", got)
	}
	switched, err := b.Refresh()
	if err != nil || !switched {
		t.Fatalf("Refresh = %v, %v; want a switch", switched, err)
	}
	if got := askTop(t, b, "acme zorblat").Amount.Text; got != "€41 million" {
		t.Errorf("replica after refresh answers %q; want the v2 amount", got)
	}
	if again, err := b.Refresh(); again || err != nil {
		t.Errorf("second Refresh = %v, %v; want no switch", again, err)
	}
	// Nobody reads v1 any more: it is gone.
	checkOneGeneration(t, dir)
}

func TestConcurrentBuildsAcrossProcesses(t *testing.T) {
	a, dir := openBuilt(t, "v0")
	b, err := Open(testLogger(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	// One process holding the build lock makes the other's LockBuild busy.
	unlock, err := a.LockBuild(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.LockBuild(t.Context(), false); !errors.Is(err, ErrBuildBusy) {
		t.Errorf("LockBuild while another process holds it = %v; want ErrBuildBusy", err)
	}
	nested, err := a.LockBuild(t.Context(), false)
	if err != nil {
		t.Errorf("nested LockBuild in the holder = %v; want nil", err)
	} else {
		nested()
	}
	unlock()

	// Two builds at once, one per process: both succeed, one after the
	// other, and the directory ends with one good generation.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, x := range []*Index{a, b} {
		wg.Go(func() { errs[i] = x.Build(context.Background(), bigSnapshot(fmt.Sprintf("p%d", i), 1500), nil) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("build %d: %v", i, err)
		}
	}
	for _, x := range []*Index{a, b} {
		if _, err := x.Refresh(); err != nil {
			t.Fatal(err)
		}
	}
	fa, _ := a.Fingerprint()
	fb, _ := b.Fingerprint()
	if fa != fb || (fa != "p0" && fa != "p1") {
		t.Errorf("after both builds the processes serve %q and %q; want the same, last build", fa, fb)
	}
	for _, x := range []*Index{a, b} {
		if got := askTop(t, x, "acme zorblat").ID; got != "acq-acme-zorblat" {
			t.Errorf("top deal = %q; want acq-acme-zorblat", got)
		}
	}
	checkOneGeneration(t, dir)
}
