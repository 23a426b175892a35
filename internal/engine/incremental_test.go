package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealbot/dealbot/internal/deal"
)

// copyCorpus copies the files of testdata corpus dir src into a new
// directory.
func copyCorpus(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// snapshotOf is what users see of an engine's index: every deal, the
// company table and the counts.
func snapshotOf(t *testing.T, e *Engine) string {
	t.Helper()
	ds, err := e.Deals(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(ds, func(a, b deal.Deal) int { return strings.Compare(a.ID, b.ID) })
	st, err := e.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	st.BuiltAt, st.SizeBytes, st.Dir = time.Time{}, 0, ""
	cs := e.Companies()
	b, err := json.MarshalIndent(struct {
		Deals     []deal.Deal
		Companies []deal.Company
		Stats     any
		Skipped   any
	}{ds, cs, st, e.LastReport().Skipped}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestIncrementalMatchesFull changes a corpus step by step (an article
// edited to tell a new deal, one deleted, one added, one made unreadable,
// one renamed) and checks after each incremental reindex that users see
// exactly what a full reindex of the same files shows.
func TestIncrementalMatchesFull(t *testing.T) {
	corpusDir := copyCorpus(t, filepath.Join("..", "..", "testdata", "heldout", "corpus"))
	indexDir := t.TempDir()
	e, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if got := e.LastReport().Mode; got != ModeFull {
		t.Fatalf("first build mode = %q; want %q", got, ModeFull)
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*"))
	slices.Sort(files)
	heldout := filepath.Join("..", "..", "testdata", "eval", "corpus")
	extra, _ := filepath.Glob(filepath.Join(heldout, "*.txt"))
	slices.Sort(extra)
	appendTo := func(p, text string) {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(text)
		f.Close()
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(corpusDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		change  func()
		changed int
		reread  bool // other articles must be read again
	}{
		{"edit: a new deal with a new company", func() {
			appendTo(files[3], "\n\nSeparately, Quillonex Dynamics said on Tuesday it had agreed to acquire Marrowpine Analytics for $42 million in cash.\n")
		}, 1, false},
		{"edit: an existing company in a new deal", func() {
			appendTo(files[7], "\n\nQuillonex Dynamics also announced a strategic partnership with Tessaril Systems to build payment software.\n")
		}, 1, false},
		{"delete", func() { os.Remove(files[10]) }, 1, false},
		{"add", func() {
			b, _ := os.ReadFile(extra[0])
			os.WriteFile(filepath.Join(corpusDir, "added-"+filepath.Base(extra[0])), b, 0o644)
		}, 1, false},
		{"unreadable", func() { os.WriteFile(files[12], []byte{0xff, 0xfe, 0, 0, 1, 2, 3}, 0o644) }, 1, false},
		{"rename", func() { os.Rename(files[15], filepath.Join(corpusDir, "renamed-"+filepath.Base(files[15]))) }, 2, false},
		{"add: a deal between new companies", func() {
			write("pelligrane-1.txt", "Pelligrane Robotics to buy Quorvane Labs\n\nPelligrane Robotics said on Monday it had agreed to acquire Quorvane Labs for $12 million. Pelligrane Robotics makes warehouse robots.\n")
		}, 1, false},
		{"add: one company's name written another way, more often", func() {
			write("pelligrane-2.txt", "PelliGrane Robotics opens a plant\n\nPelliGrane Robotics opened a plant in Ohio on Tuesday. PelliGrane Robotics will hire 200 people there. PelliGrane Robotics said the plant cost $5 million. Shares of PelliGrane Robotics rose 3%.\n")
		}, 1, true},
		{"touch only", func() {
			now := time.Now().Add(time.Minute)
			os.Chtimes(files[20], now, now)
		}, 0, false},
	}
	for _, s := range steps {
		s.change()
		rep, err := e.Reindex(t.Context(), nil)
		if err != nil {
			t.Fatalf("%s: Reindex: %v", s.name, err)
		}
		if rep.Mode != ModeIncremental {
			t.Errorf("%s: mode = %q; want %q", s.name, rep.Mode, ModeIncremental)
		}
		if n := rep.Changed + rep.Added + rep.Deleted; n != s.changed {
			t.Errorf("%s: changed+added+deleted = %d (%+v); want %d", s.name, n, rep, s.changed)
		}
		if s.reread && rep.Reread == 0 {
			t.Errorf("%s: no other article read again; want the articles naming the company read again", s.name)
		}
		got := snapshotOf(t, e)
		// the full rebuild puts its parsed articles aside on disk, as it
		// does for large corpora
		full, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: t.TempDir(), keepArticlesUpTo: -1})
		if err != nil {
			t.Fatal(err)
		}
		want := snapshotOf(t, full)
		full.Close()
		if got != want {
			t.Errorf("%s: incremental index differs from a full rebuild:\n%s", s.name, firstDiff(got, want))
		}
	}
	if !hasDeal(t, e, "quillonex marrowpine") || !hasDeal(t, e, "quillonex tessaril") {
		t.Error("the deals added by editing articles are not answered")
	}
	// ReindexFull reads everything and agrees too.
	before := snapshotOf(t, e)
	rep, err := e.ReindexFull(t.Context(), nil)
	if err != nil || rep.Mode != ModeFull {
		t.Fatalf("ReindexFull = %+v, %v; want a full reindex", rep, err)
	}
	if after := snapshotOf(t, e); after != before {
		t.Errorf("full reindex after the incremental ones differs:\n%s", firstDiff(before, after))
	}
}

// firstDiff shows the first differing line of two texts, with context.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < min(len(al), len(bl)); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-3)
			return "incremental:\n" + strings.Join(al[lo:min(len(al), i+3)], "\n") + "\nfull:\n" + strings.Join(bl[lo:min(len(bl), i+3)], "\n")
		}
	}
	return "one is a prefix of the other"
}

// TestDamagedStateMeansFullReindex: a state file that cannot be read is
// not trusted; the reindex reads everything and writes a good one.
func TestDamagedStateMeansFullReindex(t *testing.T) {
	corpusDir := copyCorpus(t, filepath.Join("..", "..", "testdata", "heldout", "corpus"))
	indexDir := t.TempDir()
	e, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	want := snapshotOf(t, e)
	for _, damage := range []struct {
		name string
		do   func(path string) error
	}{
		{"garbage", func(p string) error { return os.WriteFile(p, []byte("not a database at all"), 0o644) }},
		{"empty", func(p string) error { return os.WriteFile(p, nil, 0o644) }},
		{"gone", os.Remove},
	} {
		if err := damage.do(filepath.Join(indexDir, stateFile)); err != nil {
			t.Fatal(err)
		}
		rep, err := e.Reindex(t.Context(), nil)
		if err != nil {
			t.Fatalf("%s state: Reindex: %v", damage.name, err)
		}
		if rep.Mode != ModeFull {
			t.Errorf("%s state: mode %q; want a full reindex", damage.name, rep.Mode)
		}
		if got := snapshotOf(t, e); got != want {
			t.Errorf("%s state: index differs:\n%s", damage.name, firstDiff(got, want))
		}
		// and the state written is good again
		appendFile(t, filepath.Join(corpusDir, "tessaril.txt"), "Tessaril Systems said on Friday it would invest $3 million in Marrowpine Analytics.\n")
		if rep, err := e.Reindex(t.Context(), nil); err != nil || rep.Mode != ModeIncremental {
			t.Errorf("%s state: next reindex = %q, %v; want incremental", damage.name, rep.Mode, err)
		}
		want = snapshotOf(t, e)
	}
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
