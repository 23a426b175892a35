package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
// for another process's build to finish.
func (x *Index) Build(ctx context.Context, snap Snapshot, progress func(done, total int)) error {
	x.buildMu.Lock()
	defer x.buildMu.Unlock()
	if x.isClosed() {
		return ErrClosed
	}
	unlock, err := x.LockBuild(ctx, true)
	if err != nil {
		return fmt.Errorf("index: build: %w", err)
	}
	defer unlock()
	name, lk, err := x.newGenerationDir()
	if err != nil {
		return fmt.Errorf("index: build: %w", err)
	}
	path := filepath.Join(x.dir, name)
	start := time.Now()
	g, err := x.write(ctx, name, path, snap, progress, lk)
	if err == nil {
		err = x.withDirLock(func() error { return writeCurrent(x.dir, name) })
		if err != nil {
			err = fmt.Errorf("write %s: %w", currentFile, err)
			g.release() // closes lk
		}
	} else {
		lk.close()
	}
	if err != nil {
		x.removeIfUnused(name)
		if _, statErr := os.Stat(path); statErr == nil {
			x.lg.Warn("index: failed build left its directory; it is removed on the next start", "dir", path)
		}
		x.lg.Warn("index: build failed; the previous index keeps serving", "err", err)
		return fmt.Errorf("index: build: %w", err)
	}
	old := x.cur.Swap(g)
	if old != nil {
		old.removeOK.Store(true)
		old.release()
	}
	x.sweep()
	x.lg.Info("index: built", "dir", path, "deals", g.meta.Deals, "articles", g.meta.Articles,
		"sentences", g.meta.Sentences, "companies", g.meta.Companies, "took", time.Since(start).Round(time.Millisecond))
	return nil
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

// write builds the generation at path and returns it opened read-only.
// lk is the generation's lock, held exclusively; on success it is held
// shared by the returned generation, on failure the caller closes it.
func (x *Index) write(ctx context.Context, name, path string, snap Snapshot, progress func(done, total int), lk *lockFile) (g *generation, err error) {
	bi, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	defer func() {
		if bi != nil {
			bi.Close()
		}
	}()
	m := deal.NewMatcher(snap.Companies)

	total := len(snap.Articles) + len(snap.Deals)
	sentences := 0
	for i := range snap.Articles {
		total += len(snap.Articles[i].Sentences)
		sentences += len(snap.Articles[i].Sentences)
	}
	done, mentionSentences, batches := 0, 0, 0
	b := bi.NewBatch()
	flush := func(force bool) error {
		if b.Size() < batchSize && !(force && b.Size() > 0) {
			return nil
		}
		if err := x.interrupted(ctx); err != nil {
			return err
		}
		batches++
		if x.beforeBatch != nil {
			if err := x.beforeBatch(batches); err != nil {
				return fmt.Errorf("write batch: %w", err)
			}
		}
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("write batch: %w", err)
		}
		b.Reset()
		if progress != nil {
			progress(done, total)
		}
		return nil
	}
	add := func(id string, doc any) error {
		if err := b.Index(id, doc); err != nil {
			return fmt.Errorf("index %s: %w", id, err)
		}
		return flush(false)
	}

	var rank []byte
	seenDeal := make(map[string]bool, len(snap.Deals))
	for i := range snap.Deals {
		d := &snap.Deals[i]
		doc, err := newDealDoc(m, d)
		if err != nil {
			return nil, err
		}
		id := "d:" + dealID(d, doc.JSON)
		for seenDeal[id] {
			x.lg.Warn("index: duplicate deal ID; keeping both", "id", d.ID)
			id += "+"
		}
		seenDeal[id] = true
		rank = appendRank(rank, id, newRankInfo(d))
		done++
		if err := add(id, doc); err != nil {
			return nil, err
		}
	}
	for i := range snap.Articles {
		a := &snap.Articles[i]
		doc, named, err := newArticleDoc(m, a)
		if err != nil {
			return nil, err
		}
		mentionSentences += named
		done += 1 + len(a.Sentences)
		if err := add("a:"+a.ID, doc); err != nil {
			return nil, err
		}
	}
	if err := flush(true); err != nil {
		return nil, err
	}

	cj, err := json.Marshal(m.Companies())
	if err != nil {
		return nil, fmt.Errorf("encode company table: %w", err)
	}
	skipped := snap.Skipped
	if skipped == nil {
		skipped = []corpus.Skipped{}
	}
	mt := meta{
		Fingerprint: snap.Fingerprint,
		Mapping:     MappingVersion,
		BuiltAt:     time.Now().UTC(),
		Articles:    len(snap.Articles),
		Sentences:   sentences,
		Mentioning:  mentionSentences,
		Deals:       len(snap.Deals),
		Companies:   m.Len(),
		Skipped:     skipped,
	}
	mj, err := json.Marshal(mt)
	if err != nil {
		return nil, fmt.Errorf("encode metadata: %w", err)
	}
	if err := bi.SetInternal(keyCompanies, cj); err != nil {
		return nil, fmt.Errorf("store company table: %w", err)
	}
	if err := bi.SetInternal(keyRank, rank); err != nil {
		return nil, fmt.Errorf("store rank table: %w", err)
	}
	// The metadata goes last: a generation without it is unfinished.
	if err := bi.SetInternal(keyMeta, mj); err != nil {
		return nil, fmt.Errorf("store metadata: %w", err)
	}
	if err := x.interrupted(ctx); err != nil {
		return nil, err
	}
	err = bi.Close()
	bi = nil
	if err != nil {
		return nil, fmt.Errorf("close %s: %w", path, err)
	}
	// Finished: keep the lock, shared, for as long as the generation is open.
	if _, err := lk.lock(false, true); err != nil {
		return nil, err
	}
	if progress != nil {
		progress(total, total)
	}
	return openGeneration(x.lg, x.dir, name, lk)
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
