// Package engine is dealbot's deal engine: it loads the corpus, extracts the
// deals, keeps them in the Bleve index and answers queries from it. The CLI
// and the Slack bot both run on one Engine.
//
// On [Open] the index on disk is reused when it was built from the same
// corpus by the same extraction and mapping versions; otherwise it is rebuilt.
// [Engine.Reindex] rebuilds it while queries keep being answered from the
// previous build, which is swapped out atomically when the new one is ready.
package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
}

// Open opens the index in opts.IndexDir, rebuilding it if the corpus, the
// extraction rules or the index mapping changed since it was built.
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
	fp, err := e.fingerprint()
	if err != nil {
		idx.Close()
		return nil, err
	}
	if have, ok := idx.Fingerprint(); ok && have == fp {
		st, _ := idx.Stats(ctx)
		lg.Info("index is up to date; reusing it", "dir", opts.IndexDir, "articles", st.Articles, "deals", st.Deals)
		e.setLast(Report{Articles: st.Articles, Sentences: st.Sentences, Deals: st.Deals, Companies: st.Companies, Skipped: idx.Skipped(), Reused: true})
		return e, nil
	}
	lg.Info("building the index", "dir", opts.IndexDir, "corpus", e.corpusName())
	if _, err := e.Reindex(ctx, nil); err != nil {
		idx.Close()
		return nil, err
	}
	return e, nil
}

func (e *Engine) corpusName() string {
	if e.opts.CorpusDir == "" {
		return "embedded seed articles"
	}
	return e.opts.CorpusDir
}

// fingerprint identifies the corpus content and the code that turns it into
// an index: file paths, sizes and modification times (content hashes where
// the file system has no times, as for the embedded corpus), plus the
// extraction and mapping versions.
func (e *Engine) fingerprint() (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "extract=%d mapping=%d\n", extract.Version, index.MappingVersion)
	var lines []string
	err := fs.WalkDir(e.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			lines = append(lines, p+" error "+err.Error())
			return nil
		}
		name := d.Name()
		if p != "." && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			lines = append(lines, p+" error")
			return nil
		}
		line := p + " " + strconv.FormatInt(info.Size(), 10)
		if t := info.ModTime(); !t.IsZero() {
			line += " " + strconv.FormatInt(t.UnixNano(), 10)
		} else if f, err := e.fsys.Open(p); err == nil {
			fh := sha256.New()
			io.Copy(fh, f)
			f.Close()
			line += " " + hex.EncodeToString(fh.Sum(nil))
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("engine: reading the corpus %s: %w", e.corpusName(), err)
	}
	sort.Strings(lines)
	for _, l := range lines {
		io.WriteString(h, l+"\n")
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Reindex reads the corpus again, extracts the deals and swaps a freshly
// built index in. Queries keep being answered from the old index meanwhile.
// It returns ErrBusy while another reindex runs; a failed reindex leaves the
// old index serving and returns why.
func (e *Engine) Reindex(ctx context.Context, progress func(Progress)) (Report, error) {
	if !e.busy.TryLock() {
		return Report{}, ErrBusy
	}
	defer e.busy.Unlock()
	if progress == nil {
		progress = func(Progress) {}
	}
	start := time.Now()
	fp, err := e.fingerprint()
	if err != nil {
		return Report{}, err
	}
	progress(Progress{Stage: StageLoading})
	arts, skipped, err := corpus.Load(ctx, e.fsys, corpus.Options{
		MaxFileSize: e.opts.MaxFileSize,
		Progress:    func(done, total int) { progress(Progress{Stage: StageLoading, Done: done, Total: total}) },
	})
	if err != nil {
		return Report{}, fmt.Errorf("engine: loading the corpus: %w", err)
	}
	for _, s := range skipped {
		e.lg.Warn("skipped a corpus file", "file", s.Path, "reason", s.Reason)
	}
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	progress(Progress{Stage: StageExtracting, Total: len(arts)})
	res, err := safeExtract(arts)
	if err != nil {
		return Report{}, err
	}
	progress(Progress{Stage: StageExtracting, Done: len(arts), Total: len(arts)})
	snap := index.Snapshot{Fingerprint: fp, Articles: arts, Deals: res.Deals, Companies: res.Companies, Skipped: skipped}
	err = e.idx.Build(ctx, snap, func(done, total int) {
		progress(Progress{Stage: StageIndexing, Done: done, Total: total})
	})
	if err != nil {
		return Report{}, fmt.Errorf("engine: building the index: %w", err)
	}
	rep := Report{Articles: len(arts), Deals: len(res.Deals), Companies: len(res.Companies), Skipped: skipped, Duration: time.Since(start)}
	for _, a := range arts {
		rep.Sentences += len(a.Sentences)
		for _, w := range a.Warnings {
			rep.Warnings = append(rep.Warnings, corpus.Skipped{Path: a.ID, Reason: w})
		}
	}
	progress(Progress{Stage: StageDone, Done: rep.Articles, Total: rep.Articles})
	e.lg.Info("index built", "articles", rep.Articles, "deals", rep.Deals, "companies", rep.Companies, "skipped", len(skipped), "duration_ms", rep.Duration.Milliseconds())
	e.setLast(rep)
	return rep, nil
}

// safeExtract runs extraction, turning a panic on some odd article into an
// error so that a reindex fails cleanly and the old index keeps serving.
func safeExtract(arts []corpus.Article) (res extract.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("engine: extraction failed: %v", r)
		}
	}()
	return extract.Extract(arts), nil
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

// Close waits for a running reindex to finish and closes the index.
func (e *Engine) Close() error {
	e.busy.Lock()
	defer e.busy.Unlock()
	return e.idx.Close()
}

// CorpusLabel names the corpus for people: a directory, or the embedded seeds.
func (e *Engine) CorpusLabel() string { return e.corpusName() }
