package synth_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/extract"
	"github.com/dealbot/dealbot/internal/synth"
)

// generate writes an n-article corpus into a fresh directory.
func generate(t *testing.T, n int, seed int64) (string, synth.Truth) {
	t.Helper()
	dir := t.TempDir()
	tr, err := synth.Generate(dir, n, seed)
	if err != nil {
		t.Fatalf("Generate(%d, %d): %v", n, seed, err)
	}
	return dir, tr
}

// files reads every file under dir, by relative path.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	d1, t1 := generate(t, 300, 7)
	d2, _ := generate(t, 300, 7)
	d3, _ := generate(t, 300, 8)
	f1, f2, f3 := files(t, d1), files(t, d2), files(t, d3)
	if len(f1) != 301 {
		t.Fatalf("got %d files; want 300 articles and the truth file", len(f1))
	}
	for p, b := range f1 {
		if !bytes.Equal(b, f2[p]) {
			t.Fatalf("%s differs between two runs with the same seed", p)
		}
	}
	same := 0
	for p, b := range f1 {
		if bytes.Equal(b, f3[p]) {
			same++
		}
	}
	if same > 1 { // the truth files differ too; at most a coincidence
		t.Errorf("%d files identical with another seed; want different corpora", same)
	}
	got, err := synth.ReadTruth(d1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != len(t1.Articles) || got.Articles[42].File != t1.Articles[42].File || got.Articles[42].Bytes != t1.Articles[42].Bytes {
		t.Errorf("ReadTruth does not give back what Generate returned")
	}
	text, a := synth.Render(300, 7, 42)
	if text != string(f1[a.File]) || a.File != t1.Articles[42].File {
		t.Errorf("Render(300, 7, 42) differs from the generated file %s", a.File)
	}
}

func TestGenerateCoversTheVariety(t *testing.T) {
	dir, tr := generate(t, 1000, 1)
	count := func(f func(synth.Article) bool) int {
		n := 0
		for _, a := range tr.Articles {
			if f(a) {
				n++
			}
		}
		return n
	}
	for _, f := range []string{"txt", "md", "html"} {
		if n := count(func(a synth.Article) bool { return a.Format == f }); n < 200 {
			t.Errorf("%d .%s articles of 1000; want at least 200", n, f)
		}
	}
	if n := count(func(a synth.Article) bool { return a.Type == "nondeal" }); n < 60 || n > 150 {
		t.Errorf("%d non-deal articles of 1000; want about 10%%", n)
	}
	for _, typ := range []string{"roundup", "followup", "deal"} {
		if n := count(func(a synth.Article) bool { return a.Type == typ }); n == 0 {
			t.Errorf("no %s articles", typ)
		}
	}
	if n := count(func(a synth.Article) bool { return a.Date == "" }); n == 0 || n > 300 {
		t.Errorf("%d undated articles of 1000; want some, not most", n)
	}
	var bytesTotal int
	for _, a := range tr.Articles {
		bytesTotal += a.Bytes
		if a.Words < 200 || a.Words > 750 {
			t.Errorf("%s has %d words; want 200–600 (a paragraph over at most)", a.File, a.Words)
		}
	}
	if avg := bytesTotal / len(tr.Articles); avg < 2500 || avg > 4500 {
		t.Errorf("average file is %d bytes; want about 3 KB", avg)
	}
	kinds, statuses, currencies := map[string]int{}, map[string]int{}, map[string]int{}
	multi, historic, ranges := 0, 0, 0
	for _, d := range tr.Deals {
		kinds[d.Kind]++
		statuses[d.Status]++
		if d.Amount != nil {
			currencies[d.Amount.Currency]++
			if d.Amount.High > 0 {
				ranges++
			}
		}
		if len(d.Sources) > 1 {
			multi++
		}
		if d.Historic {
			historic++
			if len(d.Date) != 4 {
				t.Errorf("historic deal %s has date %q; want a year", d.ID, d.Date)
			}
		}
	}
	for _, k := range []string{"partnership", "joint venture", "licensing", "investment", "acquisition", "merger"} {
		if kinds[k] == 0 {
			t.Errorf("no %s deal", k)
		}
	}
	for _, s := range []string{"reported", "announced", "completed", "terminated", "denied"} {
		if statuses[s] == 0 {
			t.Errorf("no %s deal", s)
		}
	}
	for _, c := range []string{"USD", "EUR", "GBP", "CNY", "INR", "JPY"} {
		if currencies[c] == 0 {
			t.Errorf("no amount in %s", c)
		}
	}
	if multi == 0 || historic == 0 || ranges == 0 {
		t.Errorf("multi-source deals %d, historic deals %d, digit-range amounts %d; want some of each", multi, historic, ranges)
	}
	all := files(t, dir)
	var joined strings.Builder
	for _, b := range all {
		joined.Write(b)
	}
	text := joined.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`\bUS\$\d`), regexp.MustCompile(`€\d`), regexp.MustCompile(`£\d`),
		regexp.MustCompile(`\d( billion| million)? yuan \(\$\d`), regexp.MustCompile(`(Rs |₹)\d+ crore`), regexp.MustCompile(`-digit US dollar sum`),
		regexp.MustCompile(`\bsaid on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`),
		regexp.MustCompile(`\bin (19|20)\d\d\b`), regexp.MustCompile(`(?m)^Read more: `), regexp.MustCompile(`(?m)^Leave a comment$`),
		regexp.MustCompile(`(?m)^Share this article: `), regexp.MustCompile(`is an? \w+ correspondent for`),
		regexp.MustCompile(`article:published_time`), regexp.MustCompile(`(?m)^date: \d{4}-\d\d-\d\d$`),
	} {
		if !want.MatchString(text) {
			t.Errorf("no article matches %s", want)
		}
	}
	if len(tr.Companies) != synth.NumCompanies {
		t.Errorf("%d companies; want %d", len(tr.Companies), synth.NumCompanies)
	}
}

// TestCorpusReadsTheTruth loads a generated corpus with the product's
// loader: every file loads, with the title and date the truth has, and the
// boilerplate is gone.
func TestCorpusReadsTheTruth(t *testing.T) {
	dir, tr := generate(t, 200, 3)
	arts, skipped, err := corpus.Load(context.Background(), corpus.DirFS(dir), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) > 0 {
		t.Errorf("skipped %v; want every article loaded (the truth file is a dot-file)", skipped)
	}
	byID := map[string]corpus.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	for _, ta := range tr.Articles {
		a, ok := byID[ta.File]
		if !ok {
			t.Errorf("%s not loaded", ta.File)
			continue
		}
		got := ""
		if !a.Date.IsZero() {
			got = a.Date.Format("2006-01-02")
		}
		if got != ta.Date {
			t.Errorf("%s (%s): loaded date %q; want %q", ta.File, ta.Format, got, ta.Date)
		}
		if a.Title != ta.Title {
			t.Errorf("%s: loaded title %q; want %q", ta.File, a.Title, ta.Title)
		}
		for _, s := range a.Sentences {
			for _, junk := range []string{"Read more", "Leave a comment", "Share this article", "Sign up for", "Skip to main", "correspondent for"} {
				if strings.Contains(s.Text, junk) {
					t.Errorf("%s: boilerplate left in sentence %q", ta.File, s.Text)
				}
			}
		}
	}
}

// TestTruthNamesAppear checks that each deal's parties are named in every
// article the truth gives as its source.
func TestTruthNamesAppear(t *testing.T) {
	dir, tr := generate(t, 300, 5)
	all := files(t, dir)
	short := map[string]string{}
	for _, c := range tr.Companies {
		short[c.Name] = c.Short
	}
	for _, d := range tr.Deals {
		if len(d.Parties) != 2 || d.Parties[0] == d.Parties[1] {
			t.Errorf("deal %s has parties %v; want two different companies", d.ID, d.Parties)
		}
		for _, src := range d.Sources {
			text := string(all[src])
			for _, p := range d.Parties {
				if !strings.Contains(text, short[p]) {
					t.Errorf("deal %s: %s does not name %s", d.ID, src, p)
				}
			}
		}
	}
}

// TestExtractionFindsMostDeals runs the product's extraction on a generated
// corpus: the prose must be realistic enough for it to find most deals,
// since the benchmarks report recall as a sanity check.
func TestExtractionFindsMostDeals(t *testing.T) {
	if testing.Short() {
		t.Skip("extraction of 200 articles")
	}
	dir, tr := generate(t, 200, 11)
	arts, _, err := corpus.Load(context.Background(), corpus.DirFS(dir), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := extract.Extract(arts)
	key := func(a, b string) string {
		a, b = deal.NormKey(a), deal.NormKey(b)
		if b < a {
			a, b = b, a
		}
		return a + "|" + b
	}
	got := map[string]bool{}
	for _, d := range res.Deals {
		for i := range d.Parties {
			for j := i + 1; j < len(d.Parties); j++ {
				got[key(d.Parties[i].Name, d.Parties[j].Name)] = true
			}
		}
	}
	hit := 0
	for _, d := range tr.Deals {
		if got[key(d.Parties[0], d.Parties[1])] {
			hit++
		}
	}
	if r := float64(hit) / float64(len(tr.Deals)); r < 0.6 {
		t.Errorf("extraction found %d of %d true deals (%.0f%%); want at least 60%%", hit, len(tr.Deals), 100*r)
	}
}

func TestPairs(t *testing.T) {
	_, tr := generate(t, 300, 2)
	ps := tr.Pairs(100, 9)
	if len(ps) != 100 {
		t.Fatalf("got %d pairs; want 100", len(ps))
	}
	withDeal := 0
	for _, p := range ps {
		if p.HasDeal {
			withDeal++
		}
		if p.A.Name == p.B.Name || p.A.Name == "" {
			t.Errorf("pair %+v; want two companies", p)
		}
		if q := p.Query(); q != strings.ToLower(q) || len(strings.Fields(q)) < 2 {
			t.Errorf("query %q; want two lower-case short names", q)
		}
	}
	if withDeal < 50 || withDeal > 70 {
		t.Errorf("%d of 100 pairs have a deal; want about half", withDeal)
	}
	again := tr.Pairs(100, 9)
	for i := range ps {
		if ps[i].Query() != again[i].Query() {
			t.Fatalf("Pairs is not deterministic: %q then %q", ps[i].Query(), again[i].Query())
		}
	}
}

func TestTinyCorpora(t *testing.T) {
	for _, n := range []int{0, 1, 3} {
		dir := t.TempDir()
		tr, err := synth.Generate(dir, n, 1)
		if err != nil {
			t.Fatalf("Generate(%d): %v", n, err)
		}
		if len(tr.Articles) != n {
			t.Errorf("Generate(%d) made %d articles", n, len(tr.Articles))
		}
		if ps := tr.Pairs(10, 1); len(ps) != 10 {
			t.Errorf("Pairs(10) on %d articles gave %d pairs; want 10", n, len(ps))
		}
	}
	if _, err := synth.Generate(t.TempDir(), -1, 1); err == nil {
		t.Error("Generate(-1): no error")
	}
}
