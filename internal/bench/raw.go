package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/dealbot/dealbot/internal/synth"
)

// RawBatchSize is the reference row's batch size (performance.md §3.1).
const RawBatchSize = 1000

// rawKeyword is the lower-cased single-token analyzer of the raw mapping's
// companies field.
const rawKeyword = "raw_lower_keyword"

// rawMapping is the reference "deal" mapping of performance.md §2: a
// lower-cased keyword `companies` field, English `title` and `body`
// (stored, with term vectors, for highlighting), keyword `source`,
// datetime `date`; no _all, no dynamic fields, no doc values on text.
func rawMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(rawKeyword, map[string]any{
		"type": custom.Name, "tokenizer": single.Name, "token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, fmt.Errorf("raw mapping: %w", err)
	}
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store, f.Index, f.IncludeTermVectors, f.DocValues, f.IncludeInAll = true, true, true, false, false
		return f
	}
	kw := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store, f.Index, f.IncludeTermVectors, f.DocValues, f.IncludeInAll = true, true, false, false, false
		return f
	}
	date := bleve.NewDateTimeFieldMapping()
	date.Store, date.IncludeInAll = true, false
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("title", text())
	dm.AddFieldMappingsAt("body", text())
	dm.AddFieldMappingsAt("companies", kw(rawKeyword))
	dm.AddFieldMappingsAt("source", kw("keyword"))
	dm.AddFieldMappingsAt("date", date)
	im.DefaultMapping = dm
	im.DefaultAnalyzer = en.AnalyzerName
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	return im, nil
}

// IndexResult is the outcome of an indexing run.
type IndexResult struct {
	Docs      int     `json:"docs"`
	TextBytes int64   `json:"text_bytes"`
	Seconds   float64 `json:"seconds"`      // raw: first read … last Batch() returned; dealbot: engine.Open
	WallClose float64 `json:"wall_close_s"` // raw: until Close() returned
	DocsPerS  float64 `json:"docs_per_s"`   //
	IndexMB   float64 `json:"index_mb"`     // directory size after close
	Peak      int64   `json:"peak_rss"`     // VmHWM right after indexing
	Deals     int     `json:"deals"`        // dealbot only
	Companies int     `json:"companies"`    // dealbot only
	Recall    float64 `json:"recall"`       // dealbot only: share of true deal pairs found
	Reused    bool    `json:"reused"`       // dealbot only: Open reused an index (should be false)
	Profile   string  `json:"profile,omitempty"`
}

// RawIndex builds the reference index of the corpus in dir at indexDir:
// one goroutine reads each file and indexes its text (HTML tags stripped)
// with the truth's parties as `companies`, in batches of batch documents.
func RawIndex(ctx context.Context, corpusDir string, t *synth.Truth, indexDir string, batch int) (IndexResult, error) {
	im, err := rawMapping()
	if err != nil {
		return IndexResult{}, err
	}
	idx, err := bleve.New(indexDir, im)
	if err != nil {
		return IndexResult{}, fmt.Errorf("raw index: create %s: %w", indexDir, err)
	}
	start := time.Now()
	b := idx.NewBatch()
	var text int64
	for i := range t.Articles {
		a := &t.Articles[i]
		data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(a.File)))
		if err != nil {
			idx.Close()
			return IndexResult{}, fmt.Errorf("raw index: %w", err)
		}
		text += int64(len(data))
		body := string(data)
		if a.Format == "html" {
			body = StripTags(data)
		}
		cs := make([]string, len(a.Parties))
		for k, p := range a.Parties {
			cs[k] = strings.ToLower(p)
		}
		doc := map[string]any{"title": a.Title, "body": body, "source": a.Source, "companies": cs}
		if a.Date != "" {
			if d, err := time.Parse("2006-01-02", a.Date); err == nil {
				doc["date"] = d
			}
		}
		if err := b.Index(a.File, doc); err != nil {
			idx.Close()
			return IndexResult{}, fmt.Errorf("raw index: %s: %w", a.File, err)
		}
		if b.Size() >= batch {
			if err := idx.Batch(b); err != nil {
				idx.Close()
				return IndexResult{}, fmt.Errorf("raw index: batch: %w", err)
			}
			b.Reset()
			if err := ctx.Err(); err != nil {
				idx.Close()
				return IndexResult{}, err
			}
		}
	}
	if b.Size() > 0 {
		if err := idx.Batch(b); err != nil {
			idx.Close()
			return IndexResult{}, fmt.Errorf("raw index: batch: %w", err)
		}
	}
	took := time.Since(start)
	mem, _ := ReadMem(0)
	if err := idx.Close(); err != nil {
		return IndexResult{}, fmt.Errorf("raw index: close: %w", err)
	}
	wall := time.Since(start)
	size, _ := DirSize(indexDir)
	return IndexResult{Docs: len(t.Articles), TextBytes: text, Seconds: took.Seconds(), WallClose: wall.Seconds(),
		DocsPerS: float64(len(t.Articles)) / took.Seconds(), IndexMB: MB(size), Peak: mem.Peak}, nil
}

// StripTags returns an HTML page's text without tags, scripts and styles:
// a trivial scanner, not an HTML parser (the reference is given the text,
// as it is given the companies).
func StripTags(data []byte) string {
	var out bytes.Buffer
	out.Grow(len(data) / 2)
	for i := 0; i < len(data); {
		c := data[i]
		if c != '<' {
			out.WriteByte(c)
			i++
			continue
		}
		for _, skip := range []string{"script", "style"} {
			if hasPrefixFold(data[i+1:], skip) {
				if end := indexFold(data[i:], "</"+skip); end >= 0 {
					i += end
				}
			}
		}
		j := bytes.IndexByte(data[i:], '>')
		if j < 0 {
			break
		}
		i += j + 1
		out.WriteByte(' ')
	}
	return out.String()
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

func indexFold(b []byte, p string) int {
	return strings.Index(strings.ToLower(string(b)), p)
}

// DirSize is the total size of the files under dir.
func DirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n, err
}

// ServeResult is the outcome of a query run on an existing index.
type ServeResult struct {
	OpenMS    float64 `json:"open_ms"`
	FirstMS   float64 `json:"first_ms"`   // the first query after opening
	StartupMS float64 `json:"startup_ms"` // process start … first answer, measured by the parent
	Query     Dist    `json:"query"`      // the timed queries
	AvgHits   float64 `json:"avg_hits"`   //
	Answered  int     `json:"answered"`   // queries with at least one hit (raw) or deal (dealbot)
	Mem       Mem     `json:"mem"`        // after the queries
	Reused    bool    `json:"reused"`     // dealbot: Open reused the index
	Analysed  int     `json:"analysed"`   // dealbot: articles read at start-up (0 when reused)
	Profile   string  `json:"profile,omitempty"`
}

// QueryPair is one timed query: the raw terms (lower-cased full names)
// and the text a user types.
type QueryPair struct {
	Terms [2]string `json:"terms"`
	Text  string    `json:"text"`
}

// Pairs turns the truth's query pairs into QueryPairs.
func Pairs(t *synth.Truth, n int, seed int64) []QueryPair {
	var out []QueryPair
	for _, p := range t.Pairs(n, seed) {
		out = append(out, QueryPair{Terms: [2]string{strings.ToLower(p.A.Name), strings.ToLower(p.B.Name)}, Text: p.Query()})
	}
	return out
}

// rawDealRequest is the reference `/deal a b` query (performance.md §2
// "deal"): both companies must be parties, the body should match the two
// names, top 10, highlighted body and four stored fields.
func rawDealRequest(p QueryPair) *bleve.SearchRequest {
	terms := make([]query.Query, 2)
	for i, t := range p.Terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField("companies")
		terms[i] = tq
	}
	must := bleve.NewConjunctionQuery(terms...)
	mq := bleve.NewMatchQuery(p.Text)
	mq.SetField("body")
	q := bleve.NewBooleanQuery()
	q.AddMust(must)
	q.AddShould(mq)
	req := bleve.NewSearchRequestOptions(q, 10, 0, false)
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.AddField("body")
	req.Fields = []string{"title", "source", "date", "companies"}
	return req
}

// RawServe opens the reference index, runs the first query, then warm-up
// and timed queries of pairs, and reports the latencies and memory.
func RawServe(ctx context.Context, indexDir string, pairs []QueryPair, warmup int) (ServeResult, error) {
	start := time.Now()
	idx, err := bleve.Open(indexDir)
	if err != nil {
		return ServeResult{}, fmt.Errorf("raw serve: open %s: %w", indexDir, err)
	}
	defer idx.Close()
	var r ServeResult
	r.OpenMS = ms(time.Since(start))
	run := func(p QueryPair) (int, error) {
		res, err := idx.SearchInContext(ctx, rawDealRequest(p))
		if err != nil {
			return 0, fmt.Errorf("raw serve: search %q: %w", p.Text, err)
		}
		return len(res.Hits), nil
	}
	t0 := time.Now()
	if len(pairs) > 0 {
		if _, err := run(pairs[0]); err != nil {
			return r, err
		}
	}
	r.FirstMS = ms(time.Since(t0))
	var lat []time.Duration
	hits := 0
	for i, p := range pairs {
		t := time.Now()
		n, err := run(p)
		if err != nil {
			return r, err
		}
		if i >= warmup {
			lat = append(lat, time.Since(t))
			hits += n
			if n > 0 {
				r.Answered++
			}
		}
	}
	r.Query = Summarise(lat)
	if len(lat) > 0 {
		r.AvgHits = float64(hits) / float64(len(lat))
	}
	r.Mem, _ = ReadMem(0)
	return r, nil
}
