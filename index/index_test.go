package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/dealbot/dealbot/internal/deal"
)

// genDirs lists the generation directories in dir.
func genDirs(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), genPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

// checkOneGeneration asserts that dir holds exactly the live generation and
// no temporary files.
func checkOneGeneration(t *testing.T, dir string) {
	t.Helper()
	gens := genDirs(t, dir)
	cur, err := readCurrent(dir)
	if err != nil {
		t.Fatalf("readCurrent: %v", err)
	}
	if len(gens) != 1 || gens[0] != cur {
		t.Errorf("generation dirs = %q, CURRENT = %q; want exactly the CURRENT one", gens, cur)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("stray temporary file %q", e.Name())
		}
	}
}

func askTop(t testing.TB, x *Index, q string) deal.Deal {
	t.Helper()
	a, err := x.Ask(context.Background(), q)
	if err != nil {
		t.Fatalf("Ask(%q): %v", q, err)
	}
	if len(a.Deals) == 0 {
		t.Fatalf("Ask(%q) found no deal; message %q", q, a.Message)
	}
	return a.Deals[0]
}

func TestOpenBuildReuse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx") // Open creates it
	x, err := Open(testLogger(t), dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if fp, ok := x.Fingerprint(); ok || fp != "" {
		t.Errorf("empty index Fingerprint = %q, %v; want \"\", false", fp, ok)
	}
	a, err := x.Ask(t.Context(), "acme zorblat")
	if err != nil || a.Message != msgEmptyIndex || len(a.Deals) != 0 {
		t.Errorf("Ask on empty index = %+v, %v; want message %q", a, err, msgEmptyIndex)
	}
	if ds, err := x.Deals(t.Context()); err != nil || len(ds) != 0 {
		t.Errorf("Deals on empty index = %d deals, %v; want none", len(ds), err)
	}

	var calls [][2]int
	err = x.Build(t.Context(), fixtureSnapshot("fp1"), func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if len(calls) == 0 || calls[len(calls)-1][0] != calls[len(calls)-1][1] {
		t.Errorf("progress calls = %v; want the last one with done == total", calls)
	}
	if fp, ok := x.Fingerprint(); !ok || fp != "fp1" {
		t.Errorf("Fingerprint = %q, %v; want fp1, true", fp, ok)
	}
	st, err := x.Stats(t.Context())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	want := Stats{Articles: 4, Sentences: 13, Deals: 8, Companies: 9, Skipped: 1, Mapping: MappingVersion}
	if st.Articles != want.Articles || st.Sentences != want.Sentences || st.Deals != want.Deals ||
		st.Companies != want.Companies || st.Skipped != want.Skipped || st.Mapping != want.Mapping {
		t.Errorf("Stats = %+v; want counts %+v", st, want)
	}
	if st.SizeBytes <= 0 || st.BuiltAt.IsZero() || !strings.HasPrefix(st.Dir, dir) {
		t.Errorf("Stats = %+v; want a size, a build time and a dir under %s", st, dir)
	}
	checkOneGeneration(t, dir)
	if got := askTop(t, x, "acme zorblat").ID; got != "acq-acme-zorblat" {
		t.Errorf("top deal = %q; want acq-acme-zorblat", got)
	}

	if err := x.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := x.Close(); err != nil {
		t.Errorf("second Close: %v; want nil", err)
	}
	if _, err := x.Ask(t.Context(), "acme"); !errors.Is(err, ErrClosed) {
		t.Errorf("Ask after Close: %v; want ErrClosed", err)
	}
	if err := x.Build(t.Context(), fixtureSnapshot("fp2"), nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Build after Close: %v; want ErrClosed", err)
	}

	// Reopen: the index is reused as is.
	y, err := Open(testLogger(t), dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer y.Close()
	if fp, ok := y.Fingerprint(); !ok || fp != "fp1" {
		t.Errorf("reopened Fingerprint = %q, %v; want fp1, true", fp, ok)
	}
	if got := askTop(t, y, "Zorblat & Acme").ID; got != "acq-acme-zorblat" {
		t.Errorf("reopened top deal = %q; want acq-acme-zorblat", got)
	}
	checkOneGeneration(t, dir)
}

func TestDeals(t *testing.T) {
	x, _ := openBuilt(t, "fp1")
	ds, err := x.Deals(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.ID)
	}
	want := []string{"jv-youkai-acme", "acq-acme-zorblat", "part-acme-brightwave-2018", "inv-northstar-brightwave",
		"lic-acme-brightwave-2016", "collab-acme-brightwave-2012", "part-efoo-kestrel", "inv-northstar-acme"}
	if !slices.Equal(got, want) {
		t.Errorf("Deals = %q; want %q", got, want)
	}
	// The stored JSON round-trips the whole deal.
	for _, d := range ds {
		if d.ID == "acq-acme-zorblat" && (d.Amount == nil || d.Amount.USD != 45e6 || d.Summary == "" || len(d.Sources) != 1) {
			t.Errorf("decoded deal = %+v; want amount, summary and source", d)
		}
	}
}

// variant returns the fixture with the acquisition's amount text changed,
// so answers tell which build they came from.
func variant(fp, amount string) Snapshot {
	s := fixtureSnapshot(fp)
	for i := range s.Deals {
		if s.Deals[i].ID == "acq-acme-zorblat" {
			a := *s.Deals[i].Amount
			a.Text = amount
			s.Deals[i].Amount = &a
		}
	}
	return s
}

func TestRebuildWhileSearching(t *testing.T) {
	x, dir := openBuilt(t, "fp1")
	if err := x.Build(t.Context(), variant("old", "€40 million"), nil); err != nil {
		t.Fatal(err)
	}
	var (
		stop     atomic.Bool
		wg       sync.WaitGroup
		searches atomic.Int64
		mu       sync.Mutex
		problems []string
	)
	for i := range 8 {
		wg.Go(func() {
			q := []string{"acme zorblat", "how much did acme pay for zorblat?", "Zorblat"}[i%3]
			for !stop.Load() {
				a, err := x.Ask(context.Background(), q)
				searches.Add(1)
				var p string
				switch {
				case err != nil:
					p = fmt.Sprintf("Ask(%q): %v", q, err)
				case len(a.Deals) == 0:
					p = fmt.Sprintf("Ask(%q): no deal (message %q)", q, a.Message)
				case a.Deals[0].Amount == nil || (a.Deals[0].Amount.Text != "€40 million" && a.Deals[0].Amount.Text != "€41 million"):
					p = fmt.Sprintf("Ask(%q): amount %+v from neither generation", q, a.Deals[0].Amount)
				}
				if p != "" {
					mu.Lock()
					problems = append(problems, p)
					mu.Unlock()
				}
			}
		})
	}
	for i, amount := range []string{"€41 million", "€40 million", "€41 million"} {
		if err := x.Build(t.Context(), variant(fmt.Sprintf("v%d", i), amount), nil); err != nil {
			t.Errorf("rebuild %d: %v", i, err)
		}
	}
	stop.Store(true)
	wg.Wait()
	for _, p := range problems[:min(len(problems), 5)] {
		t.Error(p)
	}
	if searches.Load() == 0 {
		t.Error("no search ran during the rebuilds")
	}
	if fp, _ := x.Fingerprint(); fp != "v2" {
		t.Errorf("Fingerprint = %q; want v2", fp)
	}
	if got := askTop(t, x, "acme zorblat").Amount.Text; got != "€41 million" {
		t.Errorf("amount after rebuilds = %q; want €41 million", got)
	}
	checkOneGeneration(t, dir)
}

// bigSnapshot has enough deals for several batches.
func bigSnapshot(fp string, n int) Snapshot {
	s := fixtureSnapshot(fp)
	for i := range n {
		s.Deals = append(s.Deals, deal.Deal{
			ID: fmt.Sprintf("filler-%05d", i), Kind: deal.Partnership, Status: deal.Reported,
			Parties: []deal.Party{{Name: "eFoo"}, {Name: fmt.Sprintf("Filler %d", i)}},
			Summary: "filler",
		})
	}
	return s
}

func TestFailedBuildKeepsOldGeneration(t *testing.T) {
	tests := []struct {
		name  string
		build func(t *testing.T, x *Index) error
		want  string
	}{
		{"cancelled before start", func(t *testing.T, x *Index) error {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			return x.Build(ctx, fixtureSnapshot("new"), nil)
		}, "context canceled"},
		{"cancelled after the first batch", func(t *testing.T, x *Index) error {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			return x.Build(ctx, bigSnapshot("new", 2500), func(done, total int) { cancel() })
		}, "context canceled"},
		{"deal that cannot be encoded", func(t *testing.T, x *Index) error {
			s := fixtureSnapshot("new")
			s.Deals[0].Amount = &deal.Amount{Text: "a lot", Value: math.NaN()}
			return x.Build(t.Context(), s, nil)
		}, "acq-acme-zorblat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, dir := openBuilt(t, "old")
			err := tt.build(t, x)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Build error = %v; want one mentioning %q", err, tt.want)
			}
			if fp, ok := x.Fingerprint(); !ok || fp != "old" {
				t.Errorf("Fingerprint after failed build = %q, %v; want old, true", fp, ok)
			}
			if got := askTop(t, x, "acme zorblat").ID; got != "acq-acme-zorblat" {
				t.Errorf("top deal after failed build = %q; want acq-acme-zorblat", got)
			}
			checkOneGeneration(t, dir)
			// The next build succeeds.
			if err := x.Build(t.Context(), fixtureSnapshot("next"), nil); err != nil {
				t.Fatalf("Build after failure: %v", err)
			}
			checkOneGeneration(t, dir)
		})
	}
}

func TestOpenRemovesLeftovers(t *testing.T) {
	x, dir := openBuilt(t, "fp1")
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	// A build killed half-way leaves a generation that CURRENT does not name.
	half := filepath.Join(dir, genPrefix+"1")
	if err := os.MkdirAll(filepath.Join(half, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(half, "store", "junk.zap"), []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, currentFile+".tmp-42"), []byte("gen-1"), 0o644); err != nil {
		t.Fatal(err)
	}
	y, err := Open(testLogger(t), dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer y.Close()
	if _, err := os.Stat(half); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("leftover generation still there (stat: %v)", err)
	}
	checkOneGeneration(t, dir)
	if fp, ok := y.Fingerprint(); !ok || fp != "fp1" {
		t.Errorf("Fingerprint = %q, %v; want fp1, true", fp, ok)
	}
}

func TestOpenUnusableIndex(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir, gen string)
	}{
		{"CURRENT names a missing generation", func(t *testing.T, dir, gen string) {
			os.RemoveAll(filepath.Join(dir, gen))
		}},
		{"CURRENT is garbage", func(t *testing.T, dir, gen string) {
			os.WriteFile(filepath.Join(dir, currentFile), []byte("../../etc\n"), 0o644)
		}},
		{"generation is corrupt", func(t *testing.T, dir, gen string) {
			os.WriteFile(filepath.Join(dir, gen, "index_meta.json"), []byte("{not json"), 0o644)
		}},
		{"other mapping version", func(t *testing.T, dir, gen string) {
			bi, err := bleve.Open(filepath.Join(dir, gen))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(meta{Fingerprint: "fp1", Mapping: MappingVersion - 1})
			if err := bi.SetInternal(keyMeta, b); err != nil {
				t.Fatal(err)
			}
			bi.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, dir := openBuilt(t, "fp1")
			gen, _ := readCurrent(dir)
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			tt.break_(t, dir, gen)
			y, err := Open(testLogger(t), dir)
			if err != nil {
				t.Fatalf("Open of an unusable index: %v; want it treated as absent", err)
			}
			defer y.Close()
			if fp, ok := y.Fingerprint(); ok {
				t.Errorf("Fingerprint = %q, true; want ok false", fp)
			}
			a, err := y.Ask(t.Context(), "acme")
			if err != nil || a.Message != msgEmptyIndex {
				t.Errorf("Ask = %q, %v; want message %q", a.Message, err, msgEmptyIndex)
			}
			if err := y.Build(t.Context(), fixtureSnapshot("fp2"), nil); err != nil {
				t.Fatalf("Build: %v", err)
			}
			if fp, ok := y.Fingerprint(); !ok || fp != "fp2" {
				t.Errorf("Fingerprint after rebuild = %q, %v; want fp2, true", fp, ok)
			}
			checkOneGeneration(t, dir)
		})
	}
}

func TestOpenOnFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(testLogger(t), f); err == nil {
		t.Error("Open on a regular file succeeded; want an error")
	}
}
