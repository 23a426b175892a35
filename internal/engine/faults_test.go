package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/extract"
)

// Articles about invented companies.
const (
	acmeArticle = "Acme Robotics to buy Zorblat\n\nTuesday 4 March 2025\n\n" +
		"Acme Robotics Ltd agreed to acquire Zorblat GmbH for €45m, the companies said on Tuesday.\n\n" +
		"The deal gives Acme access to Zorblat's warehouse robotics software.\n"
	brightwaveArticle = "---\ntitle: Brightwave raises $12 million\ndate: 2024-05-02\n---\n" +
		"Brightwave raised $12 million in a round led by Northstar Ventures, the company said.\n"
	quillonArticle = "Quillon to buy Pellmore\n\nMonday 3 March 2025\n\nQuillon agreed to buy Pellmore for $2 billion, the companies said.\n"
)

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// genDirs lists the index's generation directories.
func genDirs(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "gen-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func hasDeal(t *testing.T, e *Engine, q string) bool {
	t.Helper()
	a, err := e.Ask(t.Context(), q)
	if err != nil {
		t.Fatalf("Ask(%q): %v", q, err)
	}
	return len(a.Deals) > 0
}

const (
	childCorpusEnv = "DEALBOT_ENGINE_CHILD_CORPUS"
	childIndexEnv  = "DEALBOT_ENGINE_CHILD_INDEX"
	childMarkerEnv = "DEALBOT_ENGINE_CHILD_MARKER"
)

// TestHelperReindexChild is not a test: run by TestReindexKilledHalfway in a
// child process, it adds an article, starts a reindex and stops once the
// new index is being written, waiting to be killed.
func TestHelperReindexChild(t *testing.T) {
	corpusDir := os.Getenv(childCorpusEnv)
	if corpusDir == "" {
		t.Skip("helper process for TestReindexKilledHalfway")
	}
	e, err := Open(context.Background(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: os.Getenv(childIndexEnv)})
	if err != nil {
		t.Fatalf("child Open: %v", err)
	}
	writeFile(t, corpusDir, "quillon.txt", quillonArticle)
	_, err = e.Reindex(context.Background(), func(p Progress) {
		if p.Stage == StageIndexing {
			if err := os.WriteFile(os.Getenv(childMarkerEnv), []byte("indexing"), 0o644); err != nil {
				t.Errorf("marker: %v", err)
			}
			select {} // half-way: wait to be killed
		}
	})
	t.Fatalf("child reindex returned (%v); it should have been killed", err)
}

func TestReindexKilledHalfway(t *testing.T) {
	corpusDir, indexDir := t.TempDir(), t.TempDir()
	writeFile(t, corpusDir, "acme.txt", acmeArticle)
	writeFile(t, corpusDir, "brightwave.md", brightwaveArticle)
	serving, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: indexDir, RefreshInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer serving.Close()
	before := genDirs(t, indexDir)

	marker := filepath.Join(t.TempDir(), "indexing")
	child := exec.Command(os.Args[0], "-test.run=^TestHelperReindexChild$")
	child.Env = append(os.Environ(), childCorpusEnv+"="+corpusDir, childIndexEnv+"="+indexDir, childMarkerEnv+"="+marker)
	out := &strings.Builder{}
	var outMu sync.Mutex
	child.Stdout = writerFunc(func(p []byte) (int, error) { outMu.Lock(); defer outMu.Unlock(); return out.Write(p) })
	child.Stderr = child.Stdout
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { child.Process.Kill(); child.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(marker); err == nil {
			break
		}
		if time.Now().After(deadline) {
			outMu.Lock()
			t.Fatalf("the child never reached the indexing stage; output:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}

	// Mid-build: the other process's reindex is refused, queries answered.
	if _, err := serving.Reindex(t.Context(), nil); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "another process") {
		t.Errorf("Reindex while another process rebuilds = %v; want ErrBusy naming the other process", err)
	}
	if !hasDeal(t, serving, "acme zorblat") {
		t.Error("no answer during the other process's reindex")
	}
	if n := len(genDirs(t, indexDir)); n != len(before)+1 {
		t.Fatalf("generations mid-build = %d; want the live one and the half-built one", n)
	}

	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()

	// The process that kept running still answers from the previous index.
	if !hasDeal(t, serving, "acme zorblat") || hasDeal(t, serving, "quillon pellmore") {
		t.Error("after the kill the running process does not serve the previous index")
	}
	// The next start recovers on its own: it removes the half-built
	// generation and rebuilds with the article the killed reindex had added.
	next, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		t.Fatalf("Open after the kill: %v", err)
	}
	defer next.Close()
	if next.LastReport().Reused {
		t.Error("the next start reused the index although the corpus changed")
	}
	if !hasDeal(t, next, "quillon pellmore") || !hasDeal(t, next, "acme zorblat") {
		t.Error("the next start does not answer from the full corpus")
	}
	// The running process picks the new build up, and only it is left.
	deadline = time.Now().Add(30 * time.Second)
	for !hasDeal(t, serving, "quillon pellmore") {
		if time.Now().After(deadline) {
			t.Fatal("the running process never switched to the new build")
		}
		time.Sleep(20 * time.Millisecond)
	}
	deadline = time.Now().Add(30 * time.Second)
	for len(genDirs(t, indexDir)) != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("generation directories = %q; want only the live one (no half-built one left)", genDirs(t, indexDir))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// panicOn makes extraction panic on any article that contains marker.
func panicOn(marker string) func(*corpus.Article) extract.Names {
	return func(a *corpus.Article) extract.Names {
		for _, s := range a.Sentences {
			if strings.Contains(s.Text, marker) {
				var m map[string]int
				m["boom"]++ // a real bug: assignment to a nil map
			}
		}
		return extract.ReadNames(a)
	}
}

func TestExtractionPanicSkipsTheArticle(t *testing.T) {
	corpusDir, indexDir := t.TempDir(), t.TempDir()
	writeFile(t, corpusDir, "acme.txt", acmeArticle)
	writeFile(t, corpusDir, "brightwave.md", brightwaveArticle)
	writeFile(t, corpusDir, "cursed.txt", "Cursed article\n\nThe Kaboomer Corp said on Monday it would merge with Ixion Ltd.\n")
	e, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: indexDir, readNames: panicOn("Kaboomer")})
	if err != nil {
		t.Fatalf("Open with an article that makes extraction panic: %v; want it skipped", err)
	}
	defer e.Close()
	rep := e.LastReport()
	var reason string
	for _, s := range rep.Skipped {
		if s.Path == "cursed.txt" {
			reason = s.Reason
		}
	}
	if !strings.Contains(reason, "deal extraction failed on this article") || !strings.Contains(reason, "nil map") {
		t.Errorf("report for cursed.txt = %q; want it skipped as an extraction failure (skipped: %+v)", reason, rep.Skipped)
	}
	if rep.Articles != 2 || !hasDeal(t, e, "acme zorblat") || !hasDeal(t, e, "brightwave northstar") {
		t.Errorf("report %d articles; want the two good articles indexed and answering", rep.Articles)
	}
	if st, _ := e.Stats(t.Context()); st.Skipped != 1 {
		t.Errorf("stats skipped = %d; want 1", st.Skipped)
	}
}

func TestExtractionPanicWithoutCulpritKeepsServing(t *testing.T) {
	corpusDir, indexDir := t.TempDir(), t.TempDir()
	writeFile(t, corpusDir, "acme.txt", acmeArticle)
	e, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	// Extraction now panics when it merges what the articles tell: no
	// single article is to blame.
	pairPanic := func(*extract.Table, []extract.Told) []deal.Deal {
		panic("index out of range [3] with length 3")
	}
	writeFile(t, corpusDir, "brightwave.md", brightwaveArticle)
	e, err = Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: indexDir, consolidate: pairPanic})
	if err != nil {
		t.Fatalf("Open when the rebuild fails but an index exists: %v; want the previous index served", err)
	}
	defer e.Close()
	if !e.LastReport().Reused || !hasDeal(t, e, "acme zorblat") {
		t.Error("the previous index is not served after a failed rebuild")
	}
	if _, err := e.Reindex(t.Context(), nil); err == nil || !strings.Contains(err.Error(), "extraction failed") {
		t.Errorf("Reindex = %v; want the extraction failure", err)
	}
	if !hasDeal(t, e, "acme zorblat") || len(genDirs(t, indexDir)) != 1 {
		t.Error("a failed reindex did not leave the previous index serving alone")
	}
	// Without any previous index, Open reports the failure.
	if _, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: t.TempDir(), consolidate: pairPanic}); err == nil {
		t.Error("Open with no index and a failing extraction succeeded")
	}
}

// vanishingFS deletes victim from disk the first time it is opened, as if
// an admin removed it while the reindex was reading the corpus.
type vanishingFS struct {
	fs.FS
	dir, victim string
	once        sync.Once
}

func (v *vanishingFS) Open(name string) (fs.File, error) {
	if name == v.victim {
		v.once.Do(func() { os.Remove(filepath.Join(v.dir, v.victim)) })
	}
	return v.FS.Open(name)
}

func TestReindexReportsBadFiles(t *testing.T) {
	corpusDir, indexDir := t.TempDir(), t.TempDir()
	writeFile(t, corpusDir, "acme.txt", acmeArticle)
	writeFile(t, corpusDir, "news/brightwave.md", brightwaveArticle)
	e, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()

	// Then an admin drops broken files into the corpus.
	writeFile(t, corpusDir, "quillon.txt", quillonArticle)
	writeFile(t, corpusDir, "binary.txt", "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00\x01\x00\x00\x00"+strings.Repeat("\x00\x01\x02", 200))
	writeFile(t, corpusDir, "latin1.txt", "Caf\xe9 Ren\xe9 signed a d\xe9al with Zorblat\n")
	writeFile(t, corpusDir, "frontmatter.md", "---\ntitle: [unclosed\ndate: : :\n---\nOrmond Farms agreed to buy Kestrel Dairy for $3 million, the companies said.\n")
	writeFile(t, corpusDir, "unclosed.html", "<html><head><title>Vexa deal</title><body><article><p>Vexa Labs agreed to acquire Drummond Tools for $9 million, the companies said.<div><span><p>More<b><i>")
	writeFile(t, corpusDir, "gone.txt", "Doomed article\n\nNobody will read this.\n")
	huge := filepath.Join(corpusDir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200 << 20); err != nil { // a sparse 200 MB file
		t.Fatal(err)
	}
	f.Close()
	if err := os.Symlink("loop-b.txt", filepath.Join(corpusDir, "loop-a.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop-a.txt", filepath.Join(corpusDir, "loop-b.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(corpusDir, "news", "parent")); err != nil { // a directory loop
		t.Fatal(err)
	}
	e.fsys = &vanishingFS{FS: corpus.DirFS(corpusDir), dir: corpusDir, victim: "gone.txt"}

	rep, err := e.Reindex(t.Context(), nil)
	if err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	reasons := map[string]string{}
	for _, s := range append(rep.Skipped, rep.Warnings...) {
		reasons[s.Path] = s.Reason
	}
	wants := map[string]string{
		"binary.txt":     "binary",
		"latin1.txt":     "UTF-8",
		"huge.txt":       "200 MB, over the 5 MB limit",
		"loop-a.txt":     "symbolic links",
		"loop-b.txt":     "symbolic links",
		"news/parent":    "link to a directory",
		"gone.txt":       "deleted",
		"frontmatter.md": "front matter",
	}
	for path, want := range wants {
		if got, ok := reasons[path]; !ok || !strings.Contains(got, want) {
			t.Errorf("report for %s = %q; want a reason mentioning %q", path, got, want)
		}
	}
	if rep.Articles != 5 { // acme, brightwave, quillon, frontmatter.md (body), unclosed.html
		t.Errorf("articles = %d; want 5 (skipped: %+v)", rep.Articles, rep.Skipped)
	}
	for _, q := range []string{"acme zorblat", "brightwave", "quillon pellmore", "ormond kestrel", "vexa drummond"} {
		if !hasDeal(t, e, q) {
			t.Errorf("%q: no deal; want the good files indexed", q)
		}
	}
}

// memTempDir is a temporary directory in memory (/dev/shm) when there is
// one, else t.TempDir(): creating 100 000 files on a busy disk can take
// half a minute, on tmpfs about a second.
func memTempDir(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "dealbot-test-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return t.TempDir()
}

func TestReindexHundredThousandTinyFiles(t *testing.T) {
	corpusDir, indexDir := memTempDir(t), t.TempDir()
	const n = 100_000
	// Four kinds of junk in turn; every 100th file is a tiny but readable
	// note instead.
	kinds := []struct{ prefix, body, reason string }{
		{"empty", "", "empty"},
		{"blank", " \n\t\n", "empty"},
		{"junk", "\x00\x01\x02\x03", "binary"},
		{"latin", "caf\xe9\n", "UTF-8"},
		{"note", "nothing to report today.\n", ""},
	}
	kindOf := func(i int) int {
		if i%100 == 99 {
			return 4
		}
		return i % 4
	}
	want := make([]int, len(kinds))
	for i := range n {
		k := kindOf(i)
		want[k]++
		sub := filepath.Join(corpusDir, fmt.Sprintf("d%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%s-%06d.txt", kinds[k].prefix, i)), []byte(kinds[k].body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, corpusDir, "acme.txt", acmeArticle)
	e, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	rep := e.LastReport()
	if got := rep.Articles + len(rep.Skipped); got != n+1 {
		t.Errorf("articles %d + skipped %d = %d; want every one of the %d files accounted for", rep.Articles, len(rep.Skipped), got, n+1)
	}
	counts := make([]int, len(kinds))
	for _, s := range rep.Skipped {
		for i, k := range kinds {
			if strings.HasPrefix(filepath.Base(s.Path), k.prefix+"-") {
				if k.reason == "" || !strings.Contains(s.Reason, k.reason) {
					t.Fatalf("%s skipped for %q; want a reason mentioning %q", s.Path, s.Reason, k.reason)
				}
				counts[i]++
			}
		}
	}
	for i, k := range kinds[:4] {
		if counts[i] != want[i] {
			t.Errorf("%s files skipped = %d; want %d", k.prefix, counts[i], want[i])
		}
	}
	if rep.Articles != want[4]+1 {
		t.Errorf("articles = %d; want the %d notes and the real article", rep.Articles, want[4])
	}
	if !hasDeal(t, e, "acme zorblat") {
		t.Error("the real article among the tiny files is not answered")
	}
}
