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
// Leftover generations are removed by [Open] and after each build.
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

// currentFile names the live generation inside the index directory.
const currentFile = "CURRENT"

// genPrefix starts the name of every generation directory.
const genPrefix = "gen-"

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

	refs     atomic.Int64
	removeOK atomic.Bool // remove the directory once closed (it was replaced)
	done     chan struct{}
	closeErr error
}

// Open opens the index in dir, creating dir if needed. The generation named
// by CURRENT is opened when it is usable; other generation directories
// (left by a build that was killed) are removed. A generation that cannot
// be opened or was written with another [MappingVersion] is logged and
// treated as absent: the index is then empty until the next [Index.Build].
func Open(lg *slog.Logger, dir string) (*Index, error) {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	x := &Index{lg: lg, dir: dir, closing: make(chan struct{})}
	name, err := readCurrent(dir)
	if err != nil {
		lg.Warn("index: ignoring unreadable CURRENT file; the index is empty until rebuilt", "dir", dir, "err", err)
		name = ""
	}
	x.removeStale(name, "")
	if name == "" {
		if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
			lg.Warn("index: directory holds an index in an old layout; ignoring it until rebuilt", "dir", dir)
		}
		return x, nil
	}
	g, err := openGeneration(lg, dir, name)
	if err != nil {
		lg.Warn("index: ignoring unusable index; it will be rebuilt", "dir", filepath.Join(dir, name), "err", err)
		return x, nil
	}
	x.cur.Store(g)
	lg.Info("index: opened", "dir", g.path, "deals", g.meta.Deals, "articles", g.meta.Articles, "built_at", g.meta.BuiltAt)
	return x, nil
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

// removeStale removes generation directories and temporary files in the
// index directory other than keep and busy.
func (x *Index) removeStale(keep, busy string) {
	entries, err := os.ReadDir(x.dir)
	if err != nil {
		x.lg.Warn("index: cannot list index directory", "dir", x.dir, "err", err)
		return
	}
	for _, e := range entries {
		n := e.Name()
		stale := (strings.HasPrefix(n, genPrefix) && n != keep && n != busy) ||
			strings.HasPrefix(n, currentFile+".tmp-")
		if !stale {
			continue
		}
		if err := os.RemoveAll(filepath.Join(x.dir, n)); err != nil {
			x.lg.Warn("index: cannot remove leftover generation", "dir", filepath.Join(x.dir, n), "err", err)
			continue
		}
		x.lg.Info("index: removed leftover generation", "dir", filepath.Join(x.dir, n))
	}
}

// openGeneration opens generation name read-only and loads its metadata
// and company table.
func openGeneration(lg *slog.Logger, dir, name string) (*generation, error) {
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
// it was replaced, removes its directory.
func (g *generation) release() {
	if g.refs.Add(-1) != 0 {
		return
	}
	g.closeErr = g.bi.Close()
	if g.closeErr != nil {
		g.lg.Warn("index: closing generation", "dir", g.path, "err", g.closeErr)
	}
	if g.removeOK.Load() {
		if err := os.RemoveAll(g.path); err != nil {
			g.lg.Warn("index: removing replaced generation", "dir", g.path, "err", err)
		} else {
			g.lg.Info("index: removed replaced generation", "dir", g.path)
		}
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
	if g == nil {
		return nil
	}
	g.release()
	<-g.done
	if g.closeErr != nil {
		return fmt.Errorf("index: close: %w", g.closeErr)
	}
	return nil
}
