package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// Delta is a change to the live index: the documents of a few articles and
// deals replaced, the rest kept.
type Delta struct {
	Fingerprint    string
	RemoveArticles []string         // IDs of articles changed or gone
	Articles       []corpus.Article // articles added or changed
	RemoveDeals    []string         // IDs (deal.Deal.ID) of deals no longer told
	Deals          []deal.Deal      // deals added or changed
	Companies      []deal.Company   // the whole company table
	Skipped        []corpus.Skipped // every file skipped
	Sentences      int              // sentences in the whole corpus
}

// ErrNoLive is returned by [Index.Update] when there is no live generation
// to update.
var ErrNoLive = errors.New("index: no live index to update")

// Update applies d to a copy of the live generation and makes the copy
// live, as [Index.Build] does with a new one: searches in flight finish on
// the old generation and a failed update leaves it serving. The copy
// shares the old generation's segment files (they are never written once
// made; the copy links them), so an update costs what the changed
// documents cost, not the size of the index.
//
// progress, when not nil, is called with the documents written so far and
// the total, once the copy is made and once it is written.
func (x *Index) Update(ctx context.Context, d Delta, progress func(done, total int)) error {
	x.buildMu.Lock()
	defer x.buildMu.Unlock()
	if x.isClosed() {
		return ErrClosed
	}
	unlock, err := x.LockBuild(ctx, true)
	if err != nil {
		return fmt.Errorf("index: update: %w", err)
	}
	defer unlock()
	old := x.acquire()
	if old == nil {
		return ErrNoLive
	}
	defer old.release()
	name, lk, err := x.newGenerationDir()
	if err != nil {
		return fmt.Errorf("index: update: %w", err)
	}
	path := filepath.Join(x.dir, name)
	start := time.Now()
	g, err := x.writeDelta(ctx, old, name, path, d, lk, progress)
	if err == nil {
		err = x.withDirLock(func() error { return writeCurrent(x.dir, name) })
		if err != nil {
			err = fmt.Errorf("write %s: %w", currentFile, err)
			g.release()
		}
	} else {
		lk.close()
	}
	if err != nil {
		x.removeIfUnused(name)
		x.lg.Warn("index: update failed; the previous index keeps serving", "err", err)
		return fmt.Errorf("index: update: %w", err)
	}
	if prev := x.cur.Swap(g); prev != nil {
		prev.removeOK.Store(true)
		prev.release()
	}
	x.sweep()
	x.lg.Info("index: updated", "dir", path, "deals", g.meta.Deals, "articles", g.meta.Articles,
		"articles_changed", len(d.Articles)+len(d.RemoveArticles), "deals_changed", len(d.Deals)+len(d.RemoveDeals),
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// writeDelta makes the generation at path a copy of old with d applied,
// and returns it opened read-only (see [Index.write] for lk).
func (x *Index) writeDelta(ctx context.Context, old *generation, name, path string, d Delta, lk *lockFile, progress func(done, total int)) (*generation, error) {
	if progress == nil {
		progress = func(int, int) {}
	}
	total := len(d.RemoveArticles) + len(d.Articles) + len(d.RemoveDeals) + len(d.Deals)
	if err := linkTree(old.path, path); err != nil {
		return nil, fmt.Errorf("copy %s: %w", old.path, err)
	}
	progress(0, total)
	// Bleve's own merger, which runs while the copy is open, keeps to the
	// small segments too.
	mp := smallMerges()
	bi, err := bleve.OpenUsing(path, map[string]any{"scorchMergePlanOptions": map[string]any{
		"MaxSegmentsPerTier": mp.MaxSegmentsPerTier, "MaxSegmentSize": mp.MaxSegmentSize,
		"MaxSegmentFileSize": mp.MaxSegmentFileSize, "TierGrowth": mp.TierGrowth,
		"SegmentsPerMergeTask": mp.SegmentsPerMergeTask, "FloorSegmentSize": mp.FloorSegmentSize,
		"ReclaimDeletesWeight": mp.ReclaimDeletesWeight,
	}})
	if err != nil {
		return nil, fmt.Errorf("open copy %s: %w", path, err)
	}
	defer func() {
		if bi != nil {
			bi.Close()
		}
	}()
	removedMentioning, err := old.mentioningOf(ctx, d.RemoveArticles)
	if err != nil {
		return nil, err
	}
	matcher := deal.NewMatcher(d.Companies)
	rank := make(map[string]rankInfo, len(old.rank)+len(d.Deals))
	for id, r := range old.rank {
		rank[id] = r
	}
	b := bi.NewBatch()
	removed := 0
	for _, id := range d.RemoveDeals {
		for doc := "d:" + id; ; doc += "+" { // "+": IDs made unique at build
			if _, ok := rank[doc]; !ok {
				break
			}
			delete(rank, doc)
			b.Delete(doc)
			removed++
		}
	}
	for i := range d.Deals {
		dl := &d.Deals[i]
		doc, err := newDealDoc(matcher, dl)
		if err != nil {
			return nil, err
		}
		id := "d:" + dealID(dl, doc.JSON)
		for _, dup := rank[id]; dup; _, dup = rank[id] {
			id += "+"
		}
		rank[id] = newRankInfo(dl)
		if err := b.Index(id, doc); err != nil {
			return nil, fmt.Errorf("index %s: %w", id, err)
		}
	}
	articles, mentioning := old.meta.Articles, old.meta.Mentioning-removedMentioning
	for _, id := range d.RemoveArticles {
		b.Delete("a:" + id)
	}
	articles -= len(uniq(d.RemoveArticles))
	for i := range d.Articles {
		a := &d.Articles[i]
		doc, named, err := newArticleDoc(matcher, a)
		if err != nil {
			return nil, err
		}
		mentioning += named
		articles++
		if err := b.Index("a:"+a.ID, doc); err != nil {
			return nil, fmt.Errorf("index a:%s: %w", a.ID, err)
		}
	}
	if err := x.interrupted(ctx); err != nil {
		return nil, err
	}
	if err := bi.Batch(b); err != nil {
		return nil, fmt.Errorf("write batch: %w", err)
	}
	mergeSmallSegments(ctx, x.lg, bi)
	var rb []byte
	for id, r := range rank {
		rb = appendRank(rb, id, r)
	}
	mt := meta{
		Fingerprint: d.Fingerprint,
		Articles:    articles,
		Sentences:   d.Sentences,
		Mentioning:  mentioning,
		Deals:       len(rank),
		Skipped:     d.Skipped,
	}
	if err := storeTables(bi, matcher, rb, mt); err != nil {
		return nil, err
	}
	if err := x.interrupted(ctx); err != nil {
		return nil, err
	}
	err = bi.Close()
	bi = nil
	if err != nil {
		return nil, fmt.Errorf("close %s: %w", path, err)
	}
	if _, err := lk.lock(false, true); err != nil {
		return nil, err
	}
	progress(total, total)
	return openGeneration(x.lg, x.dir, name, lk)
}

// mergeSmallSegments merges the small segments that updates leave behind
// (one per update) once there are more than a few of them, so that a
// long-lived index does not gather hundreds; the large segments of the
// full build are left alone.
func mergeSmallSegments(ctx context.Context, lg *slog.Logger, bi bleve.Index) {
	adv, err := bi.Advanced()
	if err != nil {
		return
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return
	}
	opts := smallMerges()
	if err := sc.ForceMerge(ctx, &opts); err != nil {
		lg.Warn("index: merging small segments", "err", err)
	}
}

// smallMerges is the merge policy of updates: only segments of up to a
// couple of thousand documents are merged, those updates leave (a few
// documents each) and the odd small one of a full build. The full build's
// large segments are left alone, so an update never pays for merging them.
func smallMerges() mergeplan.MergePlanOptions {
	opts := mergeplan.DefaultMergePlanOptions
	opts.MaxSegmentSize = 2000
	return opts
}

// uniq returns the IDs without repeats.
func uniq(ids []string) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// mentioningOf counts the sentences naming a company in the articles ids
// (those the generation has), and checks they are all there.
func (g *generation) mentioningOf(ctx context.Context, ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	docs := make([]string, 0, len(ids))
	for id := range uniq(ids) {
		docs = append(docs, "a:"+id)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(docs), len(docs), 0, false)
	req.Fields = []string{fSents}
	res, err := g.bi.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("read replaced articles: %w", err)
	}
	if len(res.Hits) != len(docs) {
		return 0, fmt.Errorf("the live index has %d of the %d articles to replace", len(res.Hits), len(docs))
	}
	n := 0
	for _, h := range res.Hits {
		if s, _ := h.Fields[fSents].(string); s != "" {
			var sents []storedSentence
			if err := json.Unmarshal([]byte(s), &sents); err != nil {
				return 0, fmt.Errorf("decode sentences of %s: %w", h.ID, err)
			}
			n += len(sents)
		}
	}
	return n, nil
}

// linkTree copies the generation directory src to dst: segment files
// (.zap, written once and never changed) as hard links, every other file
// (the snapshot database, the index metadata) as a copy.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if strings.HasSuffix(p, ".zap") {
			if err := os.Link(p, to); err == nil {
				return nil
			}
		}
		return copyFile(p, to)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
