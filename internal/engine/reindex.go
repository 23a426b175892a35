package engine

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/extract"
	"github.com/dealbot/dealbot/internal/workers"
)

// maxAffectedShare is the share of the corpus an incremental reindex may
// read again because the company table changed under it; beyond it a full
// reindex is as cheap.
const maxAffectedShare = 0.2

// extractFailed is the reason given for an article that makes extraction
// panic.
func extractFailed(why any) string {
	return fmt.Sprintf("deal extraction failed on this article (internal error: %v); the other articles were indexed", why)
}

// readNames runs extract.ReadNames (or the test hook), turning a panic
// into a skip reason.
func (e *Engine) readNames(a *corpus.Article) (n extract.Names, skip string) {
	defer func() {
		if r := recover(); r != nil {
			skip = extractFailed(r)
			e.lg.Error("skipping an article that makes extraction fail", "file", a.ID, "panic", r)
		}
	}()
	if e.opts.readNames != nil {
		return e.opts.readNames(a), ""
	}
	return extract.ReadNames(a), ""
}

// dealsOf reads the deals of one article, turning a panic into a skip
// reason.
func (e *Engine) dealsOf(t *extract.Table, a *corpus.Article) (told []extract.Told, skip string) {
	defer func() {
		if r := recover(); r != nil {
			told, skip = nil, extractFailed(r)
			e.lg.Error("skipping an article that makes extraction fail", "file", a.ID, "panic", r)
		}
	}()
	return t.Deals(a), ""
}

// consolidate merges the deals told of one company pair.
func (e *Engine) consolidate(t *extract.Table, told []extract.Told) (ds []deal.Deal, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("engine: extraction failed: panic: %v", r)
		}
	}()
	if e.opts.consolidate != nil {
		return e.opts.consolidate(t, told), nil
	}
	return t.Consolidate(told), nil
}

// fileWork is one corpus file in a reindex.
type fileWork struct {
	file    corpus.File
	stat    fileStat
	art     *corpus.Article // nil when skipped
	spilled spilled         // where a full reindex put the article aside
	rec     *fileRec
	told    []extract.Told
}

func (w *fileWork) skip(reason string) {
	w.stat.Skip = reason
	w.art = nil
	w.told = nil
}

// read reads and parses the file, and reads its names.
func (e *Engine) read(w *fileWork) {
	a, skip, hash := corpus.Read(e.fsys, w.file.Path, e.corpusOptions())
	w.stat = fileStat{Size: w.file.Size, ModTime: unixNano(w.file.ModTime), Hash: hash}
	w.rec = &fileRec{}
	if skip != nil {
		w.stat.Skip = skip.Reason
		return
	}
	w.art = &a
	w.stat.Sentences = len(a.Sentences)
	w.rec.Warnings = a.Warnings
	names, why := e.readNames(&a)
	if why != "" {
		w.skip(why)
		return
	}
	w.rec.Names = &names
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func (e *Engine) corpusOptions() corpus.Options {
	return corpus.Options{MaxFileSize: e.opts.MaxFileSize}
}

// syncProgress serialises calls to progress from several goroutines.
func syncProgress(progress func(Progress)) func(Progress) {
	var mu sync.Mutex
	return func(p Progress) {
		mu.Lock()
		progress(p)
		mu.Unlock()
	}
}

// keepArticlesUpTo is the corpus size (bytes of files) up to which a full
// reindex keeps the parsed articles in memory between its two passes over
// the corpus; beyond it they are put aside in a temporary file (see spill),
// so that memory does not grow with the corpus.
const keepArticlesUpTo = 64 << 20

// rebuild reads the whole corpus, extracts every deal and builds a new
// index, and writes a new extraction state. It streams: a first pass reads
// every file and counts its names, a second reads the deals of each
// against the company table the names made, indexing the article and
// writing its state record as it goes; only what consolidation needs (the
// deals each article tells) stays in memory. The caller holds the build
// lock.
func (e *Engine) rebuild(ctx context.Context, sc *corpusScan, progress func(Progress)) (rep Report, err error) {
	start := time.Now()
	progress = syncProgress(progress)
	progress(Progress{Stage: StageLoading})
	files, scanSkipped, fp := sc.files, sc.skipped, sc.fp
	var corpusBytes int64
	for _, f := range files {
		corpusBytes += max(f.Size, 0)
	}
	keepUpTo := int64(keepArticlesUpTo)
	if e.opts.keepArticlesUpTo != 0 {
		keepUpTo = e.opts.keepArticlesUpTo
	}
	keep := corpusBytes <= keepUpTo
	lap := stopwatch(e.lg, "full reindex")
	var sp *spill
	if !keep {
		if sp, err = newSpill(e.opts.IndexDir); err != nil {
			return Report{}, fmt.Errorf("engine: %w", err)
		}
		defer sp.close()
	}
	sw, err := newStateWriter(e.opts.IndexDir)
	if err != nil {
		return Report{}, fmt.Errorf("engine: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			sw.abort()
		}
	}()

	// pass 1: names
	work := make([]fileWork, len(files))
	errs := make([]error, len(work))
	tally := extract.NewTally()
	var tallyMu sync.Mutex
	var done atomic.Int64
	workers.Each(len(files), func(i int) {
		if ctx.Err() != nil {
			return
		}
		w := &work[i]
		w.file = files[i]
		e.read(w)
		w.stat.Num = uint32(i)
		if w.rec.Names != nil {
			tallyMu.Lock()
			tally.Add(w.rec.Names, w.stat.Num)
			tallyMu.Unlock()
			errs[i] = sw.putNames(w.file.Path, w.rec.Names)
			w.rec.Names = nil
		}
		if w.art != nil {
			w.art.Removed = nil
			if !keep {
				var err error
				w.spilled, err = sp.put(w.art)
				errs[i] = errors.Join(errs[i], err)
				w.art = nil
			}
		}
		progress(Progress{Stage: StageLoading, Done: int(done.Add(1)), Total: len(files)})
	})
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	if err := errors.Join(errs...); err != nil {
		return Report{}, fmt.Errorf("engine: %w", err)
	}
	lap("pass 1: read files and names")
	table := tally.Table()
	lap("company table")

	// pass 2: deals, article documents and state records
	b, err := e.idx.NewBuilder(ctx, table.CompaniesCounted(nil))
	if err != nil {
		return Report{}, fmt.Errorf("engine: building the index: %w", err)
	}
	built := false
	defer func() {
		if !built {
			b.Abort()
		}
	}()
	progress(Progress{Stage: StageExtracting, Total: len(files)})
	done.Store(0)
	workers.Each(len(work), func(i int) {
		if ctx.Err() != nil {
			return
		}
		w := &work[i]
		if w.stat.Skip == "" {
			a := w.art
			if a == nil {
				back, err := sp.get(w.spilled)
				if err != nil {
					errs[i] = err
					return
				}
				a = &back
			}
			if a != nil {
				told, why := e.dealsOf(table, a)
				if why != "" {
					w.skip(why)
				} else {
					w.told = told
					errs[i] = b.AddArticle(ctx, a)
				}
			}
			w.art = nil
		}
		for _, t := range w.told {
			if p := pairOf(&t); !slices.Contains(w.rec.Pairs, p) {
				w.rec.Pairs = append(w.rec.Pairs, p)
			}
		}
		if errs[i] == nil {
			errs[i] = sw.put(w.file.Path, w.stat, w.rec, w.told)
		}
		if n := done.Add(1); n%1000 == 0 || int(n) == len(work) {
			progress(Progress{Stage: StageExtracting, Done: int(n), Total: len(files)})
		}
	})
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	if err := errors.Join(errs...); err != nil {
		return Report{}, fmt.Errorf("engine: building the index: %w", err)
	}

	lap("pass 2: deals and article documents")
	// consolidation: the same deal from several articles is one deal
	byPair := map[string][]extract.Told{}
	for i := range work {
		for _, t := range work[i].told {
			p := pairOf(&t)
			byPair[p] = append(byPair[p], t)
		}
		work[i].told = nil
	}
	pairs := sortedKeys(byPair)
	toldOf := make([][]extract.Told, len(pairs))
	for i, p := range pairs {
		toldOf[i] = byPair[p]
	}
	byPair = nil
	// each pair's deals go to the index as soon as they are made; what the
	// state and the company table need of them is kept
	perPair := make([]pairDeals, len(pairs))
	cerrs := make([]error, len(pairs))
	workers.Each(len(pairs), func(i int) {
		ds, err := e.consolidate(table, toldOf[i])
		toldOf[i] = nil
		if err == nil {
			err = b.AddDeals(ctx, ds)
		}
		cerrs[i] = err
		for _, d := range ds {
			perPair[i].IDs = append(perPair[i].IDs, d.ID)
			perPair[i].Parties = append(perPair[i].Parties, d.PartyNames())
		}
	})
	if err := errors.Join(cerrs...); err != nil {
		return Report{}, err
	}
	st := &fullState{
		header: stateHeader{version: stateVersion(e.corpusName(), e.opts.MaxFileSize), fingerprint: fp, nextNum: uint32(len(files))},
		tally:  tally,
		digest: table.Digest(),
		deals:  make(map[string]pairDeals, len(pairs)),
		counts: map[string]int{},
	}
	deals := 0
	for i, p := range pairs {
		st.deals[p] = perPair[i]
		deals += len(perPair[i].IDs)
		countParties(st.counts, perPair[i], 1)
	}
	skipped := slices.Clone(scanSkipped)
	articles := 0
	for i := range work {
		w := &work[i]
		if w.stat.Skip == "" {
			articles++
			st.header.sentences += w.stat.Sentences
			for _, warn := range w.rec.Warnings {
				rep.Warnings = append(rep.Warnings, corpus.Skipped{Path: w.file.Path, Reason: warn})
			}
		} else {
			skipped = append(skipped, corpus.Skipped{Path: w.file.Path, Reason: w.stat.Skip})
		}
	}
	work = nil
	slices.SortFunc(skipped, func(a, b corpus.Skipped) int { return cmp.Compare(a.Path, b.Path) })
	for _, s := range skipped {
		e.lg.Warn("skipped a corpus file", "file", s.Path, "reason", s.Reason)
	}
	lap("consolidation and deal documents")
	companies := table.CompaniesCounted(st.counts)
	progress(Progress{Stage: StageIndexing, Done: 0, Total: deals})
	built = true
	if err := b.Finish(ctx, index.Snapshot{Fingerprint: fp, Companies: companies, Skipped: skipped}); err != nil {
		return Report{}, fmt.Errorf("engine: building the index: %w", err)
	}
	lap("index written")
	committed = true
	if err := sw.commit(st); err != nil {
		e.lg.Warn("the next reindex will be a full one", "error", err)
	}
	lap("state written")
	rep = Report{Articles: articles, Sentences: st.header.sentences, Deals: deals, Companies: len(companies),
		Skipped: skipped, Warnings: rep.Warnings, Duration: time.Since(start), Mode: ModeFull}
	return e.finish(rep, progress), nil
}

func (e *Engine) finish(rep Report, progress func(Progress)) Report {
	progress(Progress{Stage: StageDone, Done: rep.Articles, Total: rep.Articles})
	e.lg.Info("index built", "mode", rep.Mode, "articles", rep.Articles, "deals", rep.Deals, "companies", rep.Companies,
		"skipped", len(rep.Skipped), "changed", rep.Changed, "duration_ms", rep.Duration.Milliseconds())
	e.setLast(rep)
	return rep
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// errFull says why an incremental reindex cannot be done; the reindex is
// then a full one.
type errFull struct{ why string }

func (e errFull) Error() string { return e.why }

// incremental updates the index for the files added, changed and deleted
// since the last reindex. It returns an errFull when only a full reindex
// can do.
func (e *Engine) incremental(ctx context.Context, sc *corpusScan, progress func(Progress)) (Report, error) {
	fp := sc.fp
	start := time.Now()
	path := filepath.Join(e.opts.IndexDir, stateFile)
	if _, err := os.Stat(path); err != nil {
		return Report{}, errFull{"no extraction state from an earlier reindex"}
	}
	liveFP, ok := e.idx.Fingerprint()
	if !ok {
		return Report{}, errFull{"no live index"}
	}
	db, err := openState(path)
	if err != nil {
		return Report{}, errFull{err.Error()}
	}
	defer db.Close()
	tx, err := db.Begin(true)
	if err != nil {
		return Report{}, errFull{err.Error()}
	}
	defer tx.Rollback()
	h, ok := readHeader(tx)
	switch {
	case !ok:
		return Report{}, errFull{"the extraction state is incomplete"}
	case h.version != stateVersion(e.corpusName(), e.opts.MaxFileSize):
		return Report{}, errFull{"the extraction state was written by another version or for another corpus"}
	case h.fingerprint != liveFP:
		return Report{}, errFull{"the extraction state does not describe the live index"}
	}
	u, err := e.planUpdate(ctx, tx, h, sc, progress)
	if err != nil {
		return Report{}, err
	}
	if len(u.work) == 0 && len(u.deleted) == 0 && fp == liveFP {
		st, _ := e.idx.Stats(ctx)
		rep := Report{Articles: st.Articles, Sentences: st.Sentences, Deals: st.Deals, Companies: st.Companies,
			Skipped: u.skipped, Duration: time.Since(start), Mode: ModeIncremental}
		return e.finish(rep, progress), nil
	}
	err = e.idx.Update(ctx, u.delta(fp), func(done, total int) {
		progress(Progress{Stage: StageIndexing, Done: done, Total: total})
	})
	if err != nil {
		if errors.Is(err, index.ErrNoLive) {
			return Report{}, errFull{err.Error()}
		}
		return Report{}, fmt.Errorf("engine: updating the index: %w", err)
	}
	u.lap("update the index")
	h.fingerprint = fp
	h.sentences = u.sentences
	h.nextNum = u.nextNum
	err = errors.Join(u.save(tx), writeHeader(tx, h), tx.Commit())
	u.lap("save the state")
	if err != nil {
		// The index is updated but the state is not: it no longer
		// describes the live index, so the next reindex is a full one.
		e.lg.Warn("saving the extraction state failed; the next reindex will be a full one", "error", err)
	}
	st, _ := e.idx.Stats(ctx)
	rep := Report{Articles: st.Articles, Sentences: st.Sentences, Deals: st.Deals, Companies: st.Companies,
		Skipped: u.skipped, Duration: time.Since(start), Mode: ModeIncremental,
		Changed: len(u.changed), Added: len(u.added), Deleted: len(u.deleted), Reread: len(u.reread)}
	for i := range u.articles {
		a := &u.articles[i]
		for _, w := range a.Warnings {
			rep.Warnings = append(rep.Warnings, corpus.Skipped{Path: a.ID, Reason: w})
		}
	}
	return e.finish(rep, progress), nil
}

// update is an incremental reindex being planned.
type update struct {
	stats     map[string]fileStat // every file's new stat
	changed   []string            // content changed
	added     []string
	deleted   []string
	reread    []string // unchanged but read again: the company table changed under them
	work      map[string]*fileWork
	tally     *extract.Tally
	digest    extract.Digest
	counts    map[string]int // deals by company name
	removeArt []string       // articles to remove from the index
	articles  []corpus.Article
	oldPairs  map[string]pairDeals // pairs redone: what they had
	newPairs  map[string]pairDeals
	newTold   map[string][]extract.Told // by pair: what the reread files tell
	deals     []deal.Deal
	companies []deal.Company
	skipped   []corpus.Skipped
	sentences int
	nextNum   uint32

	lap func(step string)
}

// stopwatch returns a function that logs at debug level how long the step
// just finished took.
func stopwatch(lg *slog.Logger, what string) func(step string) {
	last := time.Now()
	return func(step string) {
		now := time.Now()
		lg.Debug(what, "step", step, "ms", now.Sub(last).Milliseconds())
		last = now
	}
}

func (u *update) delta(fp string) index.Delta {
	var removeDeals []string
	for _, pd := range u.oldPairs {
		removeDeals = append(removeDeals, pd.IDs...)
	}
	return index.Delta{Fingerprint: fp, RemoveArticles: u.removeArt, Articles: u.articles, RemoveDeals: removeDeals,
		Deals: u.deals, Companies: u.companies, Skipped: u.skipped, Sentences: u.sentences}
}

// planUpdate finds what changed and works out the new documents, reading
// the state in tx.
func (e *Engine) planUpdate(ctx context.Context, tx *bolt.Tx, h stateHeader, sc *corpusScan, progress func(Progress)) (*update, error) {
	progress(Progress{Stage: StageLoading})
	files, scanSkipped := sc.files, sc.skipped
	statB, filesB, toldB, dealsB, namesB := tx.Bucket(bStat), tx.Bucket(bFiles), tx.Bucket(bTold), tx.Bucket(bDeals), tx.Bucket(bNames)
	if statB == nil || filesB == nil || toldB == nil || dealsB == nil || namesB == nil {
		return nil, errFull{"the extraction state is incomplete"}
	}
	u := &update{lap: stopwatch(e.lg, "incremental reindex"), nextNum: h.nextNum, stats: map[string]fileStat{}, work: map[string]*fileWork{}, sentences: h.sentences,
		oldPairs: map[string]pairDeals{}, newPairs: map[string]pairDeals{}, newTold: map[string][]extract.Told{}}
	u.lap("scan")
	// What changed: the scan and the state's records, both sorted by path,
	// side by side. A file whose size and time are those recorded is
	// unchanged (its record is not even decoded); any other is read, and
	// its content hash decides.
	var maybe []*fileWork
	unchangedSkips := map[string]string{}
	total := 0 // files the state will hold
	c := statB.Cursor()
	k, v := c.First()
	var prefix []byte
	for _, f := range files {
		for k != nil && string(k) < f.Path {
			u.deleted = append(u.deleted, string(k))
			k, v = c.Next()
		}
		total++
		if k == nil || string(k) != f.Path {
			maybe = append(maybe, &fileWork{file: f})
			continue
		}
		prefix = statPrefix(prefix[:0], f.Size, unixNano(f.ModTime))
		if f.Size >= 0 && !f.ModTime.IsZero() && bytes.HasPrefix(v, prefix) {
			if skip := statSkip(v); skip != "" {
				unchangedSkips[f.Path] = skip
			}
		} else {
			maybe = append(maybe, &fileWork{file: f})
		}
		k, v = c.Next()
	}
	for ; k != nil; k, v = c.Next() {
		u.deleted = append(u.deleted, string(k))
	}
	u.lap("compare file records")
	workers.Each(len(maybe), func(i int) { e.read(maybe[i]) })
	for _, w := range maybe {
		p := w.file.Path
		prev, existed := statOf(statB, p)
		switch {
		case !existed:
			u.added = append(u.added, p)
			u.work[p] = w
			w.stat.Num = u.nextNum
			u.nextNum++
		case w.stat.Hash == prev.Hash && w.stat.Hash != "" && w.stat.Skip == prev.Skip:
			w.stat.Sentences, w.stat.Num = prev.Sentences, prev.Num
			u.stats[p] = w.stat // same content, new time
			continue
		default:
			u.changed = append(u.changed, p)
			u.work[p] = w
			w.stat.Num = prev.Num
		}
		u.stats[p] = w.stat
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	u.lap("read changed files")
	tb := tx.Bucket(bMeta).Get(kTally)
	u.tally = extract.NewTally()
	if err := u.tally.UnmarshalBinary(tb); err != nil {
		return nil, errFull{"the extraction state is damaged: " + err.Error()}
	}
	var oldDigest extract.Digest
	if err := getGob(tx.Bucket(bMeta), kDigest, &oldDigest); err != nil {
		return nil, errFull{"the extraction state is damaged: " + err.Error()}
	}
	if _, err := getJSON(tx.Bucket(bMeta), kDealCounts, &u.counts); err != nil || u.counts == nil {
		return nil, errFull{"the extraction state has no deal counts"}
	}
	u.lap("decode tally")
	recs := map[string]*fileRec{}
	oldRec := func(p string) (*fileRec, error) {
		if r, ok := recs[p]; ok {
			return r, nil
		}
		r := &fileRec{}
		if _, err := getJSON(filesB, []byte(p), r); err != nil {
			return nil, errFull{"the extraction state is damaged: " + err.Error()}
		}
		if b := namesB.Get([]byte(p)); b != nil {
			r.Names = &extract.Names{}
			if err := r.Names.UnmarshalBinary(b); err != nil {
				return nil, errFull{"the extraction state is damaged: " + err.Error()}
			}
		}
		recs[p] = r
		return r, nil
	}
	gone := append(slices.Clone(u.changed), u.deleted...)
	for _, p := range gone {
		r, err := oldRec(p)
		if err != nil {
			return nil, err
		}
		if prev, ok := statOf(statB, p); ok && r.Names != nil {
			u.tally.Remove(r.Names, prev.Num)
		}
	}
	for _, p := range append(slices.Clone(u.changed), u.added...) {
		if w := u.work[p]; w.rec.Names != nil {
			u.tally.Add(w.rec.Names, w.stat.Num)
		}
	}
	table := u.tally.Table()
	u.digest = table.Digest()
	u.lap("new table")
	keys, all := u.digest.Changed(oldDigest)
	if all {
		return nil, errFull{"the longest company name changed"}
	}
	if len(keys) > 0 {
		affected := u.tally.Affected(keys)
		byPath := make(map[string]corpus.File, len(files))
		for _, f := range files {
			byPath[f.Path] = f
		}
		var rw []*fileWork
		err := statB.ForEach(func(k, v []byte) error {
			p := string(k)
			f, there := byPath[p]
			if _, done := u.work[p]; done || !there {
				return nil
			}
			s, err := decodeFileStat(v)
			if err != nil {
				return err
			}
			if !affected[s.Num] || s.Skip != "" {
				return nil
			}
			if s2, ok := u.stats[p]; ok && s2.Skip != "" {
				return nil
			}
			u.reread = append(u.reread, p)
			rw = append(rw, &fileWork{file: f, stat: s})
			return nil
		})
		if err != nil {
			return nil, errFull{"the extraction state is damaged: " + err.Error()}
		}
		if float64(len(u.reread)) > maxAffectedShare*float64(total) {
			return nil, errFull{fmt.Sprintf("the company table changed for %d of %d articles", len(u.reread), total)}
		}
		workers.Each(len(rw), func(i int) {
			num := rw[i].stat.Num
			e.read(rw[i])
			rw[i].stat.Num = num
		})
		for i, p := range u.reread {
			u.work[p] = rw[i]
			u.stats[p] = rw[i].stat
		}
	}
	u.lap("compare tables")
	progress(Progress{Stage: StageExtracting, Total: len(u.work)})
	// the deals of every file read, against the new table
	touched := map[string]bool{}
	redo := sortedKeys(u.work)
	isAdded := map[string]bool{}
	for _, p := range u.added {
		isAdded[p] = true
	}
	for _, p := range append(slices.Clone(redo), u.deleted...) {
		if isAdded[p] {
			continue // new: told nothing before
		}
		r, err := oldRec(p)
		if err != nil {
			return nil, err
		}
		for _, pr := range r.Pairs {
			touched[pr] = true
		}
	}
	for _, p := range redo {
		w := u.work[p]
		if w.art != nil {
			told, why := e.dealsOf(table, w.art)
			if why != "" {
				w.skip(why)
			}
			w.told = told
		}
		w.rec.Pairs = nil
		for i := range w.told {
			pr := pairOf(&w.told[i])
			touched[pr] = true
			u.newTold[pr] = append(u.newTold[pr], w.told[i])
			if !slices.Contains(w.rec.Pairs, pr) {
				w.rec.Pairs = append(w.rec.Pairs, pr)
			}
		}
	}
	u.lap("deals of the files read")
	// every touched pair consolidated again from all that its articles tell
	redoSet := map[string]bool{}
	for _, p := range redo {
		redoSet[p] = true
	}
	for _, p := range u.deleted {
		redoSet[p] = true
	}
	for _, pr := range sortedKeys(touched) {
		var pd pairDeals
		if _, err := getJSON(dealsB, []byte(pr), &pd); err != nil {
			return nil, errFull{"the extraction state is damaged: " + err.Error()}
		}
		u.oldPairs[pr] = pd
		told := slices.Clone(u.newTold[pr])
		c := toldB.Cursor()
		prefix := toldPrefix(pr)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			path, _, _ := strings.Cut(string(k[len(prefix):]), "\x00")
			if redoSet[path] {
				continue
			}
			var t extract.Told
			if err := json.Unmarshal(v, &t); err != nil {
				return nil, errFull{"the extraction state is damaged: " + err.Error()}
			}
			told = append(told, t)
		}
		var ds []deal.Deal
		if len(told) > 0 {
			var err error
			if ds, err = e.consolidate(table, told); err != nil {
				return nil, err
			}
		}
		npd := pairDeals{}
		for _, d := range ds {
			npd.IDs = append(npd.IDs, d.ID)
			npd.Parties = append(npd.Parties, d.PartyNames())
		}
		u.newPairs[pr] = npd
		u.deals = append(u.deals, ds...)
	}
	u.lap("consolidate")
	// the company table counts every deal
	for pr := range touched {
		countParties(u.counts, u.oldPairs[pr], -1)
		countParties(u.counts, u.newPairs[pr], 1)
	}
	u.companies = table.CompaniesCounted(u.counts)
	u.lap("companies")

	// the index documents to replace
	for _, p := range append(slices.Clone(redo), u.deleted...) {
		if s, ok := statOf(statB, p); ok && s.Skip == "" {
			u.removeArt = append(u.removeArt, p)
			u.sentences -= s.Sentences
		}
	}
	for _, p := range redo {
		if w := u.work[p]; w.art != nil {
			u.articles = append(u.articles, *w.art)
			u.sentences += w.stat.Sentences
		}
	}
	u.skipped = slices.Clone(scanSkipped)
	for p, s := range u.stats {
		if s.Skip != "" {
			u.skipped = append(u.skipped, corpus.Skipped{Path: p, Reason: s.Skip})
		}
	}
	for p, skip := range unchangedSkips {
		u.skipped = append(u.skipped, corpus.Skipped{Path: p, Reason: skip})
	}
	slices.SortFunc(u.skipped, func(a, b corpus.Skipped) int { return cmp.Compare(a.Path, b.Path) })
	return u, nil
}

// statOf returns a file's stat as the state has it.
func statOf(statB *bolt.Bucket, p string) (fileStat, bool) {
	v := statB.Get([]byte(p))
	if v == nil {
		return fileStat{}, false
	}
	s, err := decodeFileStat(v)
	return s, err == nil
}

// save writes the update into the state.
func (u *update) save(tx *bolt.Tx) error {
	statB, filesB, toldB, dealsB, namesB := tx.Bucket(bStat), tx.Bucket(bFiles), tx.Bucket(bTold), tx.Bucket(bDeals), tx.Bucket(bNames)
	// told entries of every file read again or gone: removed by pair
	var del [][]byte
	for pr := range u.oldPairs {
		c := toldB.Cursor()
		prefix := toldPrefix(pr)
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			path, _, _ := strings.Cut(string(k[len(prefix):]), "\x00")
			if _, redo := u.work[path]; redo || slices.Contains(u.deleted, path) {
				del = append(del, slices.Clone(k))
			}
		}
	}
	for _, k := range del {
		if err := toldB.Delete(k); err != nil {
			return err
		}
	}
	for _, p := range u.deleted {
		if err := errors.Join(statB.Delete([]byte(p)), filesB.Delete([]byte(p)), namesB.Delete([]byte(p))); err != nil {
			return err
		}
	}
	for p, s := range u.stats {
		if err := statB.Put([]byte(p), s.encode()); err != nil {
			return err
		}
	}
	for p, w := range u.work {
		if err := putJSON(filesB, []byte(p), w.rec); err != nil {
			return err
		}
		if w.rec.Names == nil {
			if err := namesB.Delete([]byte(p)); err != nil {
				return err
			}
		} else if b, err := w.rec.Names.MarshalBinary(); err != nil {
			return err
		} else if err := namesB.Put([]byte(p), b); err != nil {
			return err
		}
		for i := range w.told {
			if err := putJSON(toldB, toldKey(pairOf(&w.told[i]), p, i), &w.told[i]); err != nil {
				return err
			}
		}
	}
	for pr, pd := range u.newPairs {
		var err error
		if len(pd.IDs) == 0 {
			err = dealsB.Delete([]byte(pr))
		} else {
			err = putJSON(dealsB, []byte(pr), pd)
		}
		if err != nil {
			return err
		}
	}
	return writeCorpusWide(tx.Bucket(bMeta), u.tally, u.digest, u.counts)
}
