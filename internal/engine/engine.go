// Package engine is dealbot's deal engine: it loads the corpus, extracts the
// deals, keeps them in the Bleve index and answers queries from it. The CLI
// and the Slack bot both run on one Engine.
//
// On [Open] the index on disk is reused when it was built from the same
// corpus by the same extraction and mapping versions; otherwise it is rebuilt.
// [Engine.Reindex] rebuilds it while queries keep being answered from the
// previous build, which is swapped out atomically when the new one is ready.
//
// Several processes (replicas of the bot) may share one corpus and index
// directory: one rebuilds at a time (the others' Reindex returns [ErrBusy]),
// and with [Options.RefreshInterval] set each process notices a rebuild
// made by another and switches to it (see [index.Index.Refresh]). An
// article that makes extraction panic is found and skipped, with the
// reason in the report, so a bad file never stops the bot from starting.
package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/extract"
)

// Options configure an Engine.
type Options struct {
	CorpusDir   string // "" = the embedded seed corpus
	IndexDir    string // required
	MaxFileSize int64  // 0 = corpus.DefaultMaxFileSize
	// RefreshInterval, when positive, is how often the engine checks
	// whether another process sharing IndexDir rebuilt the index, and
	// switches to the new build (serve sets it; one-shot commands do not).
	RefreshInterval time.Duration

	// readNames and consolidate replace extract.ReadNames and
	// Table.Consolidate (tests: extraction that panics).
	readNames func(*corpus.Article) extract.Names
	// keepArticlesUpTo replaces the constant of that name (tests; -1: spill always).
	keepArticlesUpTo int64
	consolidate      func(*extract.Table, []extract.Told) []deal.Deal
}

// Engine answers deal queries from an indexed corpus. It is safe for
// concurrent use.
type Engine struct {
	lg     *slog.Logger
	opts   Options
	fsys   fs.FS
	idx    *index.Index
	busy   sync.Mutex // held while a reindex runs
	last   Report     // the last reindex, or the reuse at Open
	lastMu sync.Mutex

	stopRefresh chan struct{} // closed by Close
	refreshDone chan struct{} // closed when the refresh loop has stopped
	closeOnce   sync.Once
}

// Open opens the index in opts.IndexDir, rebuilding it if the corpus, the
// extraction rules or the index mapping changed since it was built. When
// another process is rebuilding the same directory, Open waits for it and
// uses its build if it fits. When the rebuild fails but an older index is
// there, Open logs why and serves the older index rather than fail.
func Open(ctx context.Context, lg *slog.Logger, opts Options) (*Engine, error) {
	if opts.IndexDir == "" {
		return nil, fmt.Errorf("engine: no index directory")
	}
	fsys := corpus.Seed()
	if opts.CorpusDir != "" {
		fsys = corpus.DirFS(opts.CorpusDir)
	}
	idx, err := index.Open(lg, opts.IndexDir)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	e := &Engine{lg: lg, opts: opts, fsys: fsys, idx: idx}
	if err := e.openOrBuild(ctx); err != nil {
		idx.Close()
		return nil, err
	}
	if opts.RefreshInterval > 0 {
		e.stopRefresh, e.refreshDone = make(chan struct{}), make(chan struct{})
		go e.refreshLoop(opts.RefreshInterval)
	}
	return e, nil
}

// openOrBuild reuses the index when it is up to date, and otherwise builds
// it, holding the directory's build lock so that replicas starting together
// build once.
func (e *Engine) openOrBuild(ctx context.Context) error {
	sc, err := e.scan(ctx)
	if err != nil {
		return err
	}
	fp := sc.fp
	if e.reuse(ctx, fp) {
		return nil
	}
	unlock, err := e.idx.LockBuild(ctx, false)
	if errors.Is(err, index.ErrBuildBusy) {
		e.lg.Info("another process is rebuilding the index; waiting for it", "dir", e.opts.IndexDir)
		unlock, err = e.idx.LockBuild(ctx, true)
	}
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	defer unlock()
	if _, err := e.idx.Refresh(); err != nil {
		e.lg.Warn("reading the index another process built", "error", err)
	}
	if e.reuse(ctx, fp) {
		return nil
	}
	e.lg.Info("bringing the index up to date", "dir", e.opts.IndexDir, "corpus", e.corpusName())
	_, err = e.reindexLocked(ctx, sc, false, nil)
	if err == nil {
		return nil
	}
	if _, ok := e.idx.Fingerprint(); ok && ctx.Err() == nil {
		e.lg.Error("rebuilding the index failed; serving the previous index until the next reindex", "error", err)
		st, _ := e.idx.Stats(ctx)
		e.setLast(Report{Articles: st.Articles, Sentences: st.Sentences, Deals: st.Deals, Companies: st.Companies, Skipped: e.idx.Skipped(), Reused: true})
		return nil
	}
	return err
}

// reuse reports whether the live index was built from fp, and records the
// reuse.
func (e *Engine) reuse(ctx context.Context, fp string) bool {
	have, ok := e.idx.Fingerprint()
	if !ok || have != fp {
		return false
	}
	st, _ := e.idx.Stats(ctx)
	e.lg.Info("index is up to date; reusing it", "dir", e.opts.IndexDir, "articles", st.Articles, "deals", st.Deals)
	e.setLast(Report{Articles: st.Articles, Sentences: st.Sentences, Deals: st.Deals, Companies: st.Companies, Skipped: e.idx.Skipped(), Reused: true})
	return true
}

// refreshLoop switches to builds made by other processes until Close.
func (e *Engine) refreshLoop(every time.Duration) {
	defer close(e.refreshDone)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-e.stopRefresh:
			return
		case <-t.C:
		}
		switched, err := e.idx.Refresh()
		switch {
		case errors.Is(err, index.ErrClosed):
			return
		case err != nil:
			e.lg.Warn("checking for a new index built by another process", "error", err)
		case switched:
			st, _ := e.idx.Stats(context.Background())
			e.setLast(Report{Articles: st.Articles, Sentences: st.Sentences, Deals: st.Deals, Companies: st.Companies, Skipped: e.idx.Skipped(), Reused: true})
		}
	}
}

func (e *Engine) corpusName() string {
	if e.opts.CorpusDir == "" {
		return "embedded seed articles"
	}
	return e.opts.CorpusDir
}

// corpusScan is the corpus's files as one walk found them, and its
// fingerprint.
type corpusScan struct {
	files   []corpus.File
	skipped []corpus.Skipped // found unusable without reading them
	fp      string
}

// scan lists the corpus and computes its fingerprint, which identifies the
// corpus content and the code that turns it into an index: file paths,
// sizes and modification times (content hashes where the file system has
// no times, as for the embedded corpus), plus the extraction and mapping
// versions.
func (e *Engine) scan(ctx context.Context) (*corpusScan, error) {
	files, skipped, err := corpus.Scan(ctx, e.fsys)
	if err != nil {
		return nil, fmt.Errorf("engine: reading the corpus %s: %w", e.corpusName(), err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "extract=%d mapping=%d\n", extract.Version, index.MappingVersion)
	var b []byte
	for _, f := range files {
		b = append(b[:0], f.Path...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, f.Size, 10)
		b = append(b, ' ')
		if !f.ModTime.IsZero() && f.Size >= 0 {
			b = strconv.AppendInt(b, f.ModTime.UnixNano(), 10)
		} else if r, err := e.fsys.Open(f.Path); err == nil {
			fh := sha256.New()
			io.Copy(fh, r)
			r.Close()
			b = hex.AppendEncode(b, fh.Sum(nil))
		}
		b = append(b, '\n')
		h.Write(b)
	}
	for _, s := range skipped {
		io.WriteString(h, s.Path+" skipped "+s.Reason+"\n")
	}
	return &corpusScan{files: files, skipped: skipped, fp: hex.EncodeToString(h.Sum(nil))}, nil
}

// Reindex reads the corpus again, extracts the deals and swaps a freshly
// built index in. Queries keep being answered from the old index meanwhile.
// It returns ErrBusy while another reindex runs, in this process or in
// another one sharing the index directory; a failed reindex leaves the old
// index serving and returns why.
//
// Only the files added, changed or deleted since the last reindex are
// read (see [Report.Mode]); [Engine.ReindexFull] reads every file.
func (e *Engine) Reindex(ctx context.Context, progress func(Progress)) (Report, error) {
	return e.reindex(ctx, false, progress)
}

// ReindexFull is [Engine.Reindex] reading the whole corpus again.
func (e *Engine) ReindexFull(ctx context.Context, progress func(Progress)) (Report, error) {
	return e.reindex(ctx, true, progress)
}

func (e *Engine) reindex(ctx context.Context, full bool, progress func(Progress)) (Report, error) {
	if !e.busy.TryLock() {
		return Report{}, ErrBusy
	}
	defer e.busy.Unlock()
	unlock, err := e.idx.LockBuild(ctx, false)
	if errors.Is(err, index.ErrBuildBusy) {
		return Report{}, fmt.Errorf("%w (in another process sharing the index)", ErrBusy)
	}
	if err != nil {
		return Report{}, fmt.Errorf("engine: %w", err)
	}
	defer unlock()
	sc, err := e.scan(ctx)
	if err != nil {
		return Report{}, err
	}
	return e.reindexLocked(ctx, sc, full, progress)
}

// reindexLocked brings the index up to date with the corpus sc: incrementally when the extraction state of the last
// reindex allows it and full is false, otherwise by a full rebuild. The
// caller holds the build lock.
func (e *Engine) reindexLocked(ctx context.Context, sc *corpusScan, full bool, progress func(Progress)) (Report, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	if !full {
		rep, err := e.incremental(ctx, sc, progress)
		var why errFull
		if !errors.As(err, &why) {
			return rep, err
		}
		e.lg.Info("reading the whole corpus", "why", why.why)
	}
	return e.rebuild(ctx, sc, progress)
}

func (e *Engine) setLast(r Report) {
	e.lastMu.Lock()
	e.last = r
	e.lastMu.Unlock()
}

// LastReport returns the report of the last reindex (or of the reuse of the
// index at Open).
func (e *Engine) LastReport() Report {
	e.lastMu.Lock()
	defer e.lastMu.Unlock()
	return e.last
}

// Ask answers a query such as "xiaomi microsoft" or "who bought Acme?".
func (e *Engine) Ask(ctx context.Context, query string) (index.Answer, error) {
	a, err := e.idx.Ask(ctx, query)
	if err != nil {
		return a, err
	}
	for i := range a.Deals {
		orderParties(&a.Deals[i], a.Companies)
	}
	return a, nil
}

// orderParties lists the partners of an undirected deal in the order the
// query named them ("xiaomi microsoft" shows Xiaomi ↔ Microsoft). Directed
// deals keep investor/acquirer first.
func orderParties(d *deal.Deal, asked []string) {
	for _, p := range d.Parties {
		if p.Role != deal.RolePartner {
			return
		}
	}
	rank := func(name string) int {
		for i, a := range asked {
			if strings.EqualFold(a, name) {
				return i
			}
		}
		return len(asked)
	}
	sort.SliceStable(d.Parties, func(i, j int) bool { return rank(d.Parties[i].Name) < rank(d.Parties[j].Name) })
}

// Deals returns every deal in the index.
func (e *Engine) Deals(ctx context.Context) ([]deal.Deal, error) {
	return e.idx.Deals(ctx)
}

// Stats describes the live index.
func (e *Engine) Stats(ctx context.Context) (index.Stats, error) {
	return e.idx.Stats(ctx)
}

// Companies returns the companies the corpus names.
func (e *Engine) Companies() []deal.Company { return e.idx.Companies() }

// Close stops watching for other processes' builds, waits for a running
// reindex to finish and closes the index.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		if e.stopRefresh != nil {
			close(e.stopRefresh)
			<-e.refreshDone
		}
	})
	e.busy.Lock()
	defer e.busy.Unlock()
	return e.idx.Close()
}

// CorpusLabel names the corpus for people: a directory, or the embedded seeds.
func (e *Engine) CorpusLabel() string { return e.corpusName() }
