package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// batchSize is the number of documents per Bleve batch: the size the
// performance baseline was measured with (bigger batches index faster and
// use more memory).
const batchSize = 1000

// Build writes snap into a fresh generation beside the live one and then
// makes it live: CURRENT is replaced atomically, new searches use the new
// generation at once, and the old one is closed and its directory removed
// when the searches still running on it finish (and no other process reads
// it). progress, when not nil, is called after each batch with the
// documents written so far and the total.
//
// A build that fails or is cancelled (ctx, or [Index.Close]) removes its
// directory, leaves the old generation serving and returns the reason.
// Builds are serialised, in this process and, through the build lock (see
// [Index.LockBuild]), across processes sharing the directory: Build waits
// for another process's build to finish. [Index.NewBuilder] does the same
// one article at a time.
func (x *Index) Build(ctx context.Context, snap Snapshot, progress func(done, total int)) error {
	b, err := x.NewBuilder(ctx, snap.Companies)
	if err != nil {
		return err
	}
	total := len(snap.Articles) + len(snap.Deals)
	for i := range snap.Articles {
		total += len(snap.Articles[i].Sentences)
	}
	done := 0
	b.progress = func() {
		if progress != nil {
			progress(done, total)
		}
	}
	for i := range snap.Articles {
		done += 1 + len(snap.Articles[i].Sentences)
		if err := b.AddArticle(ctx, &snap.Articles[i]); err != nil {
			b.Abort()
			return err
		}
	}
	done += len(snap.Deals)
	if err := b.AddDeals(ctx, snap.Deals); err != nil {
		b.Abort()
		return err
	}
	if err := b.Finish(ctx, snap); err != nil {
		return err
	}
	if progress != nil {
		progress(total, total)
	}
	return nil
}

// Builder writes a new generation document by document, so that a caller
// need not hold the whole corpus in memory: [Index.NewBuilder], then
// [Builder.AddArticle] for every article and [Builder.AddDeals] for the
// deals (from any number of goroutines), then [Builder.Finish], or
// [Builder.Abort]. It holds the
// build lock from NewBuilder to Finish or Abort.
type Builder struct {
	x      *Index
	name   string
	path   string
	lk     *lockFile
	unlock func()
	bi     bleve.Index
	m      *deal.Matcher

	mu                              sync.Mutex
	batch                           *bleve.Batch
	articles, sentences, mentioning int
	batches                         int
	err                             error
	ended                           bool
	writing                         sync.WaitGroup // batches being written outside mu

	rank     []byte          // the rank table, see appendRank
	dealIDs  map[string]bool // document IDs of the deals added
	progress func()          // after each batch (Build)
}

// NewBuilder starts a new generation for an index whose companies are
// companies (their names and aliases find the companies each article
// names).
func (x *Index) NewBuilder(ctx context.Context, companies []deal.Company) (*Builder, error) {
	x.buildMu.Lock()
	fail := func(err error) (*Builder, error) {
		x.buildMu.Unlock()
		return nil, err
	}
	if x.isClosed() {
		return fail(ErrClosed)
	}
	unlock, err := x.LockBuild(ctx, true)
	if err != nil {
		return fail(fmt.Errorf("index: build: %w", err))
	}
	name, lk, err := x.newGenerationDir()
	if err != nil {
		unlock()
		return fail(fmt.Errorf("index: build: %w", err))
	}
	path := filepath.Join(x.dir, name)
	bi, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		lk.close()
		x.removeIfUnused(name)
		unlock()
		return fail(fmt.Errorf("index: build: create %s: %w", path, err))
	}
	return &Builder{x: x, name: name, path: path, lk: lk, unlock: unlock, bi: bi, m: deal.NewMatcher(companies),
		batch: bi.NewBatch(), dealIDs: map[string]bool{}}, nil
}

// AddArticle indexes one article. It is safe for concurrent use.
func (b *Builder) AddArticle(ctx context.Context, a *corpus.Article) error {
	doc, named, err := newArticleDoc(b.m, a)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return b.err
	}
	if b.ended {
		return errors.New("index: build: article added after the build ended")
	}
	if err != nil {
		b.err = fmt.Errorf("index: build: %w", err)
		return b.err
	}
	b.articles++
	b.sentences += len(a.Sentences)
	b.mentioning += named
	return b.put(ctx, "a:"+a.ID, doc)
}

// AddDeals indexes deals. It is safe for concurrent use.
func (b *Builder) AddDeals(ctx context.Context, ds []deal.Deal) error {
	docs := make([]*dealDoc, len(ds))
	for i := range ds {
		doc, err := newDealDoc(b.m, &ds[i])
		if err != nil {
			b.mu.Lock()
			defer b.mu.Unlock()
			if b.err == nil {
				b.err = fmt.Errorf("index: build: %w", err)
			}
			return b.err
		}
		docs[i] = doc
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ended {
		return errors.New("index: build: deals added after the build ended")
	}
	for i := range ds {
		if b.err != nil {
			return b.err
		}
		d := &ds[i]
		id := "d:" + dealID(d, docs[i].JSON)
		for b.dealIDs[id] {
			b.x.lg.Warn("index: duplicate deal ID; keeping both", "id", d.ID)
			id += "+"
		}
		b.dealIDs[id] = true
		b.rank = appendRank(b.rank, id, newRankInfo(d))
		if err := b.put(ctx, id, docs[i]); err != nil {
			return err
		}
	}
	return b.err
}

// put adds a document to the batch and writes the batch when it is full.
// The caller holds b.mu; put releases it while the batch is written, so
// that other goroutines keep preparing documents meanwhile.
func (b *Builder) put(ctx context.Context, id string, doc any) error {
	if err := b.batch.Index(id, doc); err != nil {
		b.err = fmt.Errorf("index: build: index %s: %w", id, err)
		return b.err
	}
	if b.batch.Size() < batchSize {
		return nil
	}
	full := b.batch
	b.batch = b.bi.NewBatch()
	b.batches++
	n := b.batches
	b.writing.Add(1)
	b.mu.Unlock()
	err := b.write(ctx, full, n)
	b.writing.Done()
	b.mu.Lock()
	if err != nil && b.err == nil {
		b.err = err
	}
	return b.err
}

// write writes batch number n.
func (b *Builder) write(ctx context.Context, batch *bleve.Batch, n int) error {
	if err := b.x.interrupted(ctx); err != nil {
		return fmt.Errorf("index: build: %w", err)
	}
	if b.x.beforeBatch != nil {
		if err := b.x.beforeBatch(n); err != nil {
			return fmt.Errorf("index: build: write batch: %w", err)
		}
	}
	if err := b.x.interrupted(ctx); err != nil {
		return fmt.Errorf("index: build: %w", err)
	}
	if err := b.bi.Batch(batch); err != nil {
		return fmt.Errorf("index: build: write batch: %w", err)
	}
	if b.progress != nil {
		b.progress()
	}
	return nil
}

// flush writes the batch. The caller holds b.mu.
func (b *Builder) flush(ctx context.Context) error {
	if b.batch.Size() == 0 {
		return nil
	}
	b.batches++
	if err := b.write(ctx, b.batch, b.batches); err != nil {
		b.err = err
		return err
	}
	b.batch.Reset()
	return nil
}

// Abort ends a build without making it live, and removes its directory.
func (b *Builder) Abort() {
	b.writing.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ended {
		return
	}
	b.ended = true
	if b.bi != nil {
		b.bi.Close()
	}
	b.lk.close()
	b.x.removeIfUnused(b.name)
	if _, statErr := os.Stat(b.path); statErr == nil {
		b.x.lg.Warn("index: failed build left its directory; it is removed on the next start", "dir", b.path)
	}
	b.unlock()
	b.x.buildMu.Unlock()
}

// Finish writes snap's company table and metadata (snap.Articles and
// snap.Deals are ignored: they were added with AddArticle and AddDeals)
// and makes the generation live. On failure the build is aborted and the old generation keeps
// serving.
func (b *Builder) Finish(ctx context.Context, snap Snapshot) error {
	b.writing.Wait() // callers have returned from AddArticle; this is for safety
	b.mu.Lock()
	if b.ended {
		b.mu.Unlock()
		return errors.New("index: build: already ended")
	}
	start := time.Now()
	g, err := b.finish(ctx, snap)
	b.mu.Unlock()
	if err != nil {
		b.Abort()
		b.x.lg.Warn("index: build failed; the previous index keeps serving", "err", err)
		return err
	}
	x := b.x
	err = x.withDirLock(func() error { return writeCurrent(x.dir, b.name) })
	if err != nil {
		g.release() // closes lk
		b.mu.Lock()
		b.ended = true
		b.mu.Unlock()
		x.removeIfUnused(b.name)
		b.unlock()
		x.buildMu.Unlock()
		err = fmt.Errorf("index: build: write %s: %w", currentFile, err)
		x.lg.Warn("index: build failed; the previous index keeps serving", "err", err)
		return err
	}
	b.mu.Lock()
	b.ended = true
	b.mu.Unlock()
	if old := x.cur.Swap(g); old != nil {
		old.removeOK.Store(true)
		old.release()
	}
	x.sweep()
	b.unlock()
	x.buildMu.Unlock()
	x.lg.Info("index: built", "dir", b.path, "deals", g.meta.Deals, "articles", g.meta.Articles,
		"sentences", g.meta.Sentences, "companies", g.meta.Companies, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// finish writes the rest of the generation and returns it opened
// read-only, holding lk shared. The caller holds b.mu.
func (b *Builder) finish(ctx context.Context, snap Snapshot) (*generation, error) {
	if b.err != nil {
		return nil, b.err
	}
	if err := b.flush(ctx); err != nil {
		return nil, err
	}
	m := deal.NewMatcher(snap.Companies)
	mt := meta{
		Fingerprint: snap.Fingerprint,
		Articles:    b.articles,
		Sentences:   b.sentences,
		Mentioning:  b.mentioning,
		Deals:       len(b.dealIDs),
		Skipped:     snap.Skipped,
	}
	if err := storeTables(b.bi, m, b.rank, mt); err != nil {
		return nil, fmt.Errorf("index: build: %w", err)
	}
	if err := b.x.interrupted(ctx); err != nil {
		return nil, fmt.Errorf("index: build: %w", err)
	}
	err := b.bi.Close()
	b.bi = nil
	if err != nil {
		return nil, fmt.Errorf("index: build: close %s: %w", b.path, err)
	}
	// Finished: keep the lock, shared, for as long as the generation is open.
	if _, err := b.lk.lock(false, true); err != nil {
		return nil, fmt.Errorf("index: build: %w", err)
	}
	g, err := openGeneration(b.x.lg, b.x.dir, b.name, b.lk)
	if err != nil {
		return nil, fmt.Errorf("index: build: %w", err)
	}
	return g, nil
}

// newGenerationDir picks a name for a new generation and takes its lock
// exclusively, so that no process removes the directory while it is being
// written.
func (x *Index) newGenerationDir() (name string, lk *lockFile, err error) {
	err = x.withDirLock(func() error {
		name = fmt.Sprintf("%s%d", genPrefix, time.Now().UnixNano())
		for {
			_, err1 := os.Lstat(filepath.Join(x.dir, name))
			_, err2 := os.Lstat(x.genLockPath(name))
			if errors.Is(err1, os.ErrNotExist) && errors.Is(err2, os.ErrNotExist) {
				break
			}
			name += "x"
		}
		l, err := openLock(x.genLockPath(name))
		if err != nil {
			return err
		}
		if _, err := l.lock(true, true); err != nil {
			l.close()
			return err
		}
		lk = l
		return nil
	})
	return name, lk, err
}

// storeTables stores a generation's company table, rank table and
// metadata (mt's mapping version, build time and company count are filled
// in), the metadata last: a generation without it is unfinished.
func storeTables(bi bleve.Index, m *deal.Matcher, rank []byte, mt meta) error {
	cj, err := json.Marshal(m.Companies())
	if err != nil {
		return fmt.Errorf("encode company table: %w", err)
	}
	if mt.Skipped == nil {
		mt.Skipped = []corpus.Skipped{}
	}
	mt.Mapping, mt.BuiltAt, mt.Companies = MappingVersion, time.Now().UTC(), m.Len()
	mj, err := json.Marshal(mt)
	if err != nil {
		return fmt.Errorf("encode metadata: %w", err)
	}
	if err := bi.SetInternal(keyCompanies, cj); err != nil {
		return fmt.Errorf("store company table: %w", err)
	}
	if err := bi.SetInternal(keyRank, rank); err != nil {
		return fmt.Errorf("store rank table: %w", err)
	}
	if err := bi.SetInternal(keyMeta, mj); err != nil {
		return fmt.Errorf("store metadata: %w", err)
	}
	return nil
}

// interrupted returns why the build must stop, if it must.
func (x *Index) interrupted(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if x.isClosed() {
		return ErrClosed
	}
	return nil
}

// newDealDoc turns a deal into its document.
func newDealDoc(m *deal.Matcher, d *deal.Deal) (*dealDoc, error) {
	j, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encode deal %q: %w", d.ID, err)
	}
	doc := &dealDoc{Type: typeDeal, Status: string(d.Status), Era: "current", Sources: len(d.Sources), JSON: string(j)}
	if d.Historic {
		doc.Era = "historic"
	}
	seen := map[string]bool{}
	for _, p := range d.Parties {
		k := m.KeyOf(p.Name)
		if k != "" && !seen[k] {
			seen[k] = true
			doc.Party = append(doc.Party, k)
		}
	}
	kinds := map[deal.Kind]bool{}
	for _, k := range append([]deal.Kind{d.Kind}, d.Kinds...) {
		if k != "" && !kinds[k] {
			kinds[k] = true
			doc.Kind = append(doc.Kind, string(k))
		}
	}
	if !d.Date.IsZero() {
		doc.Date = d.Date.Time()
	}
	doc.Text = dealText(d)
	return doc, nil
}

// dealText is the searchable text of a deal: summary, focus areas,
// evidence and source snippets, each once.
func dealText(d *deal.Deal) string {
	var b strings.Builder
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			return
		}
		seen[s] = true
		b.WriteString(s)
		b.WriteString("\n")
	}
	add(d.Summary)
	for _, a := range d.Areas {
		add(a)
	}
	for _, src := range d.Sources {
		add(src.Snippet)
	}
	for _, f := range []string{"parties", "kind", "status", "amount", "date", "areas"} {
		if e, ok := d.Evidence[f]; ok {
			add(e.Text)
		}
	}
	return b.String()
}

// dealID is the deal's ID, or one derived from its content when it has none.
func dealID(d *deal.Deal, js string) string {
	if d.ID != "" {
		return d.ID
	}
	return fmt.Sprintf("h%016x", fnv64(js))
}

func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// newArticleDoc builds an article's document, and counts the sentences
// that name a company.
func newArticleDoc(m *deal.Matcher, a *corpus.Article) (*articleDoc, int, error) {
	doc := &articleDoc{Type: typeArticle, Title: a.Title, URL: a.URL, Source: a.Source}
	if !a.Date.IsZero() {
		doc.Day = deal.DateOf(a.Date, deal.Day).String()
		doc.Date = a.Date
	}
	var sents []storedSentence
	companies := map[string]bool{}
	pairs := map[string]bool{}
	for j := range a.Sentences {
		s := &a.Sentences[j]
		keys := companyKeys(m, s)
		if len(keys) == 0 {
			continue
		}
		sents = append(sents, storedSentence{Index: s.Index, Text: s.Text, Keys: keys})
		for x, k := range keys {
			if !companies[k] {
				companies[k] = true
				doc.Companies = append(doc.Companies, k)
			}
			for _, k2 := range keys[x+1:] {
				if p := pairKey(k, k2); !pairs[p] {
					pairs[p] = true
					doc.Pairs = append(doc.Pairs, p)
				}
			}
		}
	}
	if len(sents) > 0 {
		b, err := json.Marshal(sents)
		if err != nil {
			return nil, 0, fmt.Errorf("encode sentences of %s: %w", a.ID, err)
		}
		doc.Sents = string(b)
	}
	return doc, len(sents), nil
}

// companyKeys returns the keys of the companies a sentence names, in order
// of first mention.
func companyKeys(m *deal.Matcher, s *corpus.Sentence) []string {
	text := s.Norm
	if text == "" {
		text = s.Text
	}
	ms := m.Find(text)
	if len(ms) == 0 {
		return nil
	}
	keys := make([]string, 0, len(ms))
	for _, mt := range ms {
		dup := false
		for _, k := range keys {
			dup = dup || k == mt.Company
		}
		if !dup {
			keys = append(keys, mt.Company)
		}
	}
	return keys
}
