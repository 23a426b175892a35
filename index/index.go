// Package index is dealbot's search index: deals and articles (with the
// sentences that name companies) in a Bleve (scorch) index on disk, and the
// query resolution that turns "how much did Acme put into Brightwave?" into
// an [Answer].
//
// # On-disk layout
//
// The index directory holds generation directories, each a complete Bleve
// index named gen-<unix nanoseconds>, and a CURRENT file naming the live
// one. [Index.Build] writes a new generation beside the live one and then
// replaces CURRENT atomically (write, fsync, rename), so a crash leaves
// either the old or the new generation live, never a half-built one.
//
// # Several processes
//
// Several processes (replicas of the bot) may share one index directory.
// The locks/ subdirectory holds flock(2) locks, which the kernel releases
// when a process dies: locks/BUILD is held by the one process rebuilding
// (see [Index.LockBuild]); locks/gen-<…>.lock is held exclusively by the
// process writing that generation and shared by every process reading it;
// locks/LOCK guards the short steps that read or change CURRENT and the set
// of generations. A generation directory is removed only when it is not
// CURRENT and nobody holds its lock — so a build killed half-way (its lock
// died with it) is removed by the next [Open], [Index.Refresh] or build of
// any process, while a generation another live process is writing or still
// reading is left alone. [Index.Refresh] picks up a generation another
// process made CURRENT.
//
// Inside a generation, the mapping (see [MappingVersion]) has two document
// types: "deal" (party keys, kinds, status, date and an English-analysed
// text; the deal itself as stored JSON) and "article" (the keys of the
// companies it names, a term for every pair of companies named in one
// sentence, its date, its metadata and the sentences that name companies,
// stored). The company table, a ranking table of the deals and the build
// metadata are stored with SetInternal.
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// ErrClosed is returned by calls on a closed Index.
var ErrClosed = errors.New("index: closed")

// ErrBuildBusy is returned by [Index.LockBuild] when another process is
// rebuilding the index.
var ErrBuildBusy = errors.New("index: another process is rebuilding the index")

// currentFile names the live generation inside the index directory.
const currentFile = "CURRENT"

// genPrefix starts the name of every generation directory.
const genPrefix = "gen-"

// Lock files, in the locks/ subdirectory of the index directory.
const (
	locksDir      = "locks"
	dirLockFile   = "LOCK"  // guards CURRENT and the set of generations
	buildLockFile = "BUILD" // held by the process rebuilding
	lockSuffix    = ".lock" // gen-<…>.lock: a generation's readers and writer
)

// sweepEvery is the least time between two sweeps of leftover generations
// by [Index.Refresh].
const sweepEvery = 30 * time.Second

// openConfig opens a finished generation read-only, so any number of
// processes can search it, and fails instead of blocking forever when
// another process holds it for writing.
func openConfig() map[string]any {
	return map[string]any{"read_only": true, "bolt_timeout": "5s"}
}

// meta describes one generation; stored with SetInternal.
type meta struct {
	Fingerprint string           `json:"fingerprint"`
	Mapping     int              `json:"mapping_version"`
	BuiltAt     time.Time        `json:"built_at"`
	Articles    int              `json:"articles"`
	Sentences   int              `json:"sentences"`  // sentences in the corpus
	Mentioning  int              `json:"mentioning"` // sentences naming a company
	Deals       int              `json:"deals"`
	Companies   int              `json:"companies"`
	Skipped     []corpus.Skipped `json:"skipped"`
}

// Index is the live search index. It is safe for concurrent use: searches
// run on the generation that was live when they started, while a build
// writes the next one.
type Index struct {
	lg  *slog.Logger
	dir string

	cur     atomic.Pointer[generation]
	buildMu sync.Mutex // one build at a time; Close waits for it
	closing chan struct{}
	once    sync.Once

	// buildLock is locks/BUILD; holds counts LockBuild and Build holders
	// in this process (the flock is taken by the first, dropped by the last).
	buildLock *lockFile
	holdMu    sync.Mutex
	holds     int

	lastSweep atomic.Int64 // unix nanoseconds

	// beforeBatch, when set (tests), is called before each batch is written
	// with the batch number from 1; an error fails the build as a full disk
	// would.
	beforeBatch func(n int) error
}

// generation is one opened generation directory with its company table.
// It is reference-counted: the Index holds one reference while it is live
// and every search holds one while it runs; the last release closes it.
type generation struct {
	lg      *slog.Logger
	name    string
	path    string
	bi      bleve.Index
	meta    meta
	matcher *deal.Matcher
	rank    map[string]rankInfo // deal document ID → ranking facts
	lock    *lockFile           // shared while open, so no process removes it

	dealCache   sync.Map // document ID → deal.Deal, see fetchDeals
	cachedDeals atomic.Int64

	refs     atomic.Int64
	removeOK atomic.Bool // remove the directory once closed (it was replaced)
	done     chan struct{}
	closeErr error
}

// Open opens the index in dir, creating dir if needed. The generation named
// by CURRENT is opened when it is usable; other generation directories
// that no process is using (left by a build that was killed) are removed.
// A generation that cannot be opened or was written with another
// [MappingVersion] is logged and treated as absent: the index is then empty
// until the next [Index.Build] or [Index.Refresh].
func Open(lg *slog.Logger, dir string) (*Index, error) {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(filepath.Join(dir, locksDir), 0o755); err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	bl, err := openLock(filepath.Join(dir, locksDir, buildLockFile))
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	x := &Index{lg: lg, dir: dir, closing: make(chan struct{}), buildLock: bl}
	g, name, err := x.openCurrent()
	x.sweep()
	switch {
	case err != nil && name == "":
		lg.Warn("index: ignoring unreadable CURRENT file; the index is empty until rebuilt", "dir", dir, "err", err)
	case err != nil:
		lg.Warn("index: ignoring unusable index; it will be rebuilt", "dir", filepath.Join(dir, name), "err", err)
	case g == nil:
		if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
			lg.Warn("index: directory holds an index in an old layout; ignoring it until rebuilt", "dir", dir)
		}
	default:
		x.cur.Store(g)
		lg.Info("index: opened", "dir", g.path, "deals", g.meta.Deals, "articles", g.meta.Articles, "built_at", g.meta.BuiltAt)
	}
	return x, nil
}

// withDirLock runs fn holding locks/LOCK exclusively: the steps that read
// or change CURRENT and the set of generations run one at a time across
// processes.
func (x *Index) withDirLock(fn func() error) error {
	l, err := openLock(filepath.Join(x.dir, locksDir, dirLockFile))
	if err != nil {
		return err
	}
	defer l.close()
	if _, err := l.lock(true, true); err != nil {
		return err
	}
	return fn()
}

// genLockPath is the lock file of generation name.
func (x *Index) genLockPath(name string) string {
	return filepath.Join(x.dir, locksDir, name+lockSuffix)
}

// openCurrent opens the generation CURRENT names, holding its lock shared
// so that no process removes it while it is open. It returns a nil
// generation when there is none; name is the generation CURRENT names.
func (x *Index) openCurrent() (g *generation, name string, err error) {
	var lk *lockFile
	err = x.withDirLock(func() error {
		n, err := readCurrent(x.dir)
		if err != nil || n == "" {
			return err
		}
		name = n
		if _, err := os.Stat(filepath.Join(x.dir, n)); err != nil {
			return err
		}
		l, err := openLock(x.genLockPath(n))
		if err != nil {
			return err
		}
		if ok, err := l.lock(false, false); !ok || err != nil {
			l.close()
			if err == nil {
				err = fmt.Errorf("generation %s is locked for writing", n)
			}
			return err
		}
		lk = l
		return nil
	})
	if err != nil || lk == nil {
		return nil, name, err
	}
	g, err = openGeneration(x.lg, x.dir, name, lk)
	if err != nil {
		lk.close()
		return nil, name, err
	}
	return g, name, nil
}

// readCurrent returns the generation name in CURRENT, or "" when there is
// no CURRENT file.
func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if !validGenName(name) {
		return "", fmt.Errorf("bad generation name %q", name)
	}
	return name, nil
}

func validGenName(name string) bool {
	return strings.HasPrefix(name, genPrefix) && len(name) > len(genPrefix) &&
		!strings.ContainsAny(name, `/\`) && name != "." && name != ".."
}

// writeCurrent points CURRENT at name atomically: write a temporary file,
// fsync it, rename it over CURRENT and fsync the directory.
func writeCurrent(dir, name string) error {
	tmp, err := os.CreateTemp(dir, currentFile+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.WriteString(name + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, currentFile)); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every file system syncs directories
		d.Close()
	}
	return nil
}

// sweep removes generation directories that are not CURRENT and that no
// process is writing or reading (their lock is free), with their lock
// files, and leftover temporary CURRENT files.
func (x *Index) sweep() {
	x.lastSweep.Store(time.Now().UnixNano())
	err := x.withDirLock(func() error {
		cur, err := readCurrent(x.dir)
		if err != nil {
			cur = ""
		}
		entries, err := os.ReadDir(x.dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			n := e.Name()
			switch {
			case strings.HasPrefix(n, currentFile+".tmp-"):
				if err := os.Remove(filepath.Join(x.dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					x.lg.Warn("index: cannot remove temporary file", "file", filepath.Join(x.dir, n), "err", err)
				}
			case strings.HasPrefix(n, genPrefix) && n != cur:
				x.removeIfUnusedLocked(n)
			}
		}
		// Lock files of generations that are gone.
		locks, err := os.ReadDir(filepath.Join(x.dir, locksDir))
		if err != nil {
			return err
		}
		for _, e := range locks {
			n, ok := strings.CutSuffix(e.Name(), lockSuffix)
			if !ok || !strings.HasPrefix(n, genPrefix) || n == cur {
				continue
			}
			if _, err := os.Lstat(filepath.Join(x.dir, n)); errors.Is(err, fs.ErrNotExist) {
				x.removeIfUnusedLocked(n)
			}
		}
		return nil
	})
	if err != nil {
		x.lg.Warn("index: cannot clean the index directory", "dir", x.dir, "err", err)
	}
}

// removeIfUnused removes generation name if no process holds its lock.
func (x *Index) removeIfUnused(name string) {
	err := x.withDirLock(func() error {
		if cur, _ := readCurrent(x.dir); cur == name {
			return nil
		}
		x.removeIfUnusedLocked(name)
		return nil
	})
	if err != nil {
		x.lg.Warn("index: cannot clean the index directory", "dir", x.dir, "err", err)
	}
}

// removeIfUnusedLocked removes generation name and its lock file if nobody
// holds the lock. The directory lock must be held and name must not be
// CURRENT.
func (x *Index) removeIfUnusedLocked(name string) {
	path := filepath.Join(x.dir, name)
	l, err := openLock(x.genLockPath(name))
	if err != nil {
		x.lg.Warn("index: cannot check leftover generation", "dir", path, "err", err)
		return
	}
	defer l.close()
	if ok, err := l.lock(true, false); !ok || err != nil {
		return // being written or read by a live process
	}
	_, statErr := os.Lstat(path)
	if err := os.RemoveAll(path); err != nil {
		x.lg.Warn("index: cannot remove leftover generation", "dir", path, "err", err)
		return
	}
	if err := os.Remove(x.genLockPath(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		x.lg.Warn("index: cannot remove lock file", "file", x.genLockPath(name), "err", err)
	}
	if statErr == nil {
		x.lg.Info("index: removed unused generation", "dir", path)
	}
}

// Refresh makes live the generation CURRENT names when another process
// sharing the index directory (a replica) built it, and reports whether it
// switched. Searches in flight finish on the previous generation, which is
// closed, and removed once no process reads it. Refresh also removes
// leftover generations now and then. It does nothing while this Index is
// building.
func (x *Index) Refresh() (bool, error) {
	if x.isClosed() {
		return false, ErrClosed
	}
	if !x.buildMu.TryLock() {
		return false, nil
	}
	defer x.buildMu.Unlock()
	defer func() {
		if time.Since(time.Unix(0, x.lastSweep.Load())) >= sweepEvery {
			x.sweep()
		}
	}()
	name, err := readCurrent(x.dir)
	if err != nil {
		return false, fmt.Errorf("index: refresh: %w", err)
	}
	cur := x.cur.Load()
	if name == "" || (cur != nil && cur.name == name) {
		return false, nil
	}
	g, name, err := x.openCurrent()
	if err != nil {
		return false, fmt.Errorf("index: refresh: open %s: %w", name, err)
	}
	if g == nil || (cur != nil && g.name == cur.name) {
		if g != nil {
			g.release()
		}
		return false, nil
	}
	old := x.cur.Swap(g)
	if old != nil {
		old.removeOK.Store(true)
		old.release()
	}
	x.lg.Info("index: switched to a generation built by another process", "dir", g.path, "deals", g.meta.Deals,
		"articles", g.meta.Articles, "built_at", g.meta.BuiltAt)
	x.sweep()
	return true, nil
}

// LockBuild takes the index directory's build lock, which one process at a
// time holds while it rebuilds the index, and returns the function that
// releases it. With wait it waits for another process's rebuild to end (or
// ctx); without, it returns [ErrBuildBusy] at once. [Index.Build] takes the
// lock itself; callers take it first when they prepare a build (reading
// and extracting the corpus), so that two replicas do not both do that
// work. The lock is held per Index: calls on one Index nest.
func (x *Index) LockBuild(ctx context.Context, wait bool) (func(), error) {
	if x.isClosed() {
		return nil, ErrClosed
	}
	x.holdMu.Lock()
	defer x.holdMu.Unlock()
	if x.buildLock == nil {
		return nil, ErrClosed
	}
	if x.holds == 0 {
		for {
			ok, err := x.buildLock.lock(true, false)
			if err != nil {
				return nil, fmt.Errorf("index: %w", err)
			}
			if ok {
				break
			}
			if !wait {
				return nil, ErrBuildBusy
			}
			t := time.NewTimer(50 * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, fmt.Errorf("index: waiting for another process's rebuild: %w", ctx.Err())
			case <-x.closing:
				t.Stop()
				return nil, ErrClosed
			case <-t.C:
			}
		}
	}
	x.holds++
	var once sync.Once
	return func() {
		once.Do(func() {
			x.holdMu.Lock()
			defer x.holdMu.Unlock()
			x.holds--
			if x.holds == 0 && x.buildLock != nil {
				if err := x.buildLock.unlock(); err != nil {
					x.lg.Warn("index: releasing the build lock", "err", err)
				}
			}
		})
	}, nil
}

// openGeneration opens generation name read-only and loads its metadata
// and company table. lk is the generation's lock, held shared; the
// generation closes it when it is closed.
func openGeneration(lg *slog.Logger, dir, name string, lk *lockFile) (*generation, error) {
	path := filepath.Join(dir, name)
	bi, err := bleve.OpenUsing(path, openConfig())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	g, err := newGeneration(lg, name, path, bi)
	if err != nil {
		bi.Close()
		return nil, err
	}
	g.lock = lk
	return g, nil
}

func newGeneration(lg *slog.Logger, name, path string, bi bleve.Index) (*generation, error) {
	g := &generation{lg: lg, name: name, path: path, bi: bi, done: make(chan struct{})}
	mb, err := bi.GetInternal(keyMeta)
	if err != nil {
		return nil, fmt.Errorf("read metadata: %w", err)
	}
	if len(mb) == 0 {
		return nil, errors.New("no metadata: not a dealbot index or an unfinished build")
	}
	if err := json.Unmarshal(mb, &g.meta); err != nil {
		return nil, fmt.Errorf("decode metadata: %w", err)
	}
	if g.meta.Mapping != MappingVersion {
		return nil, fmt.Errorf("mapping version %d, want %d", g.meta.Mapping, MappingVersion)
	}
	cb, err := bi.GetInternal(keyCompanies)
	if err != nil {
		return nil, fmt.Errorf("read company table: %w", err)
	}
	var companies []deal.Company
	if err := json.Unmarshal(cb, &companies); err != nil {
		return nil, fmt.Errorf("decode company table: %w", err)
	}
	g.matcher = deal.NewMatcher(companies)
	rb, err := bi.GetInternal(keyRank)
	if err != nil {
		return nil, fmt.Errorf("read rank table: %w", err)
	}
	if g.rank, err = decodeRank(rb); err != nil {
		return nil, err
	}
	if len(g.rank) != g.meta.Deals {
		return nil, fmt.Errorf("rank table has %d deals, metadata %d", len(g.rank), g.meta.Deals)
	}
	g.refs.Store(1)
	return g, nil
}

// tryRef takes a reference unless the generation is already released.
func (g *generation) tryRef() bool {
	for {
		n := g.refs.Load()
		if n <= 0 {
			return false
		}
		if g.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// release drops a reference; the last one closes the generation and, when
// it was replaced, removes its directory unless another process still
// reads it (that process removes it when it lets go).
func (g *generation) release() {
	if g.refs.Add(-1) != 0 {
		return
	}
	g.closeErr = g.bi.Close()
	if g.closeErr != nil {
		g.lg.Warn("index: closing generation", "dir", g.path, "err", g.closeErr)
	}
	if err := g.lock.close(); err != nil {
		g.lg.Warn("index: releasing generation lock", "dir", g.path, "err", err)
	}
	if g.removeOK.Load() {
		x := &Index{lg: g.lg, dir: filepath.Dir(g.path)}
		x.removeIfUnused(g.name)
	}
	close(g.done)
}

// acquire returns the live generation with a reference taken, or nil when
// there is none. The caller must release it.
func (x *Index) acquire() *generation {
	for {
		g := x.cur.Load()
		if g == nil {
			return nil
		}
		if g.tryRef() {
			return g
		}
		// g was replaced and released between Load and tryRef: reload.
	}
}

func (x *Index) isClosed() bool {
	select {
	case <-x.closing:
		return true
	default:
		return false
	}
}

// Fingerprint returns the corpus fingerprint the live generation was built
// from. ok is false when there is no usable live generation (none built,
// or one written with another mapping version).
func (x *Index) Fingerprint() (fp string, ok bool) {
	g := x.acquire()
	if g == nil {
		return "", false
	}
	defer g.release()
	return g.meta.Fingerprint, g.meta.Mapping == MappingVersion
}

// Stats describes the live generation; the zero Stats (with Dir and
// Mapping set) when there is none.
func (x *Index) Stats(ctx context.Context) (Stats, error) {
	if x.isClosed() {
		return Stats{}, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return Stats{}, fmt.Errorf("index: stats: %w", err)
	}
	g := x.acquire()
	if g == nil {
		return Stats{Dir: x.dir, Mapping: MappingVersion}, nil
	}
	defer g.release()
	size, err := dirSize(g.path)
	if err != nil {
		return Stats{}, fmt.Errorf("index: stats: %w", err)
	}
	m := g.meta
	return Stats{
		Articles:  m.Articles,
		Sentences: m.Sentences,
		Deals:     m.Deals,
		Companies: m.Companies,
		Skipped:   len(m.Skipped),
		BuiltAt:   m.BuiltAt,
		SizeBytes: size,
		Dir:       g.path,
		Mapping:   m.Mapping,
	}, nil
}

// Skipped returns the files the live generation's corpus skipped.
func (x *Index) Skipped() []corpus.Skipped {
	g := x.acquire()
	if g == nil {
		return nil
	}
	defer g.release()
	return append([]corpus.Skipped(nil), g.meta.Skipped...)
}

// Companies returns the company table of the live generation.
func (x *Index) Companies() []deal.Company {
	g := x.acquire()
	if g == nil {
		return nil
	}
	defer g.release()
	return append([]deal.Company(nil), g.matcher.Companies()...)
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	return n, err
}

// Close closes the index: a build in progress stops (returning
// [ErrClosed]), and Close returns once searches in flight have finished and
// the live generation is closed. Later calls return [ErrClosed] (Close
// itself is idempotent).
func (x *Index) Close() error {
	x.once.Do(func() { close(x.closing) })
	x.buildMu.Lock()
	defer x.buildMu.Unlock()
	g := x.cur.Swap(nil)
	if g != nil {
		g.release()
		<-g.done
	}
	x.holdMu.Lock()
	if x.buildLock != nil {
		x.buildLock.close()
		x.buildLock = nil
	}
	x.holdMu.Unlock()
	if g != nil && g.closeErr != nil {
		return fmt.Errorf("index: close: %w", g.closeErr)
	}
	return nil
}
