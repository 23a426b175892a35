package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

const goodText = "Acme Robotics agreed to buy Zorblat GmbH for €40 million, the companies said on Monday.\n"

func TestLoadMapFS(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":                   {Data: []byte(goodText)},
		"sub/b.MD":                {Data: []byte("# Brightwave raises money\n\nBrightwave raised $20 million from Northstar Ventures.")},
		"sub/deeper/c.HTM":        {Data: []byte("<p>eFoo and Acme Robotics formed a joint venture.</p>")},
		"sub/d.markdown":          {Data: []byte("eFoo bought a stake in Brightwave.")},
		"bom-crlf.txt":            {Data: []byte("\xef\xbb\xbfZorblat agreed a licence with eFoo.\r\nThe terms were not disclosed.\rBoth firms are private.")},
		"empty.txt":               {Data: nil},
		"blank.md":                {Data: []byte(" \n\t\n")},
		"binary.html":             {Data: []byte("PK\x03\x04\x00\x00rest of a zip")},
		"controls.txt":            {Data: []byte("\x01\x02\x03\x04\x05abc\x06\x07\x08")},
		"latin1.txt":              {Data: []byte("Zorblat caf\xe9 deal")},
		"utf16.txt":               {Data: []byte("\xff\xfeA\x00c\x00")},
		"only-boilerplate.txt":    {Data: []byte("Skip to main content\n\nRead more: Acme buys Zorblat\n")},
		"report.pdf":              {Data: []byte("%PDF-1.4")},
		"README":                  {Data: []byte("notes")},
		".hidden.txt":             {Data: []byte(goodText)},
		".git/config.txt":         {Data: []byte(goodText)},
		"sub/.cache/x.txt":        {Data: []byte(goodText)},
		"sub/deeper/picture.JPEG": {Data: []byte{0xff, 0xd8}},
	}
	arts, skipped, err := Load(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatalf("Load error: %v", err)
	}
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	wantIDs := []string{"a.txt", "bom-crlf.txt", "sub/b.MD", "sub/d.markdown", "sub/deeper/c.HTM"}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("article IDs = %q; want %q", ids, wantIDs)
	}
	wantSkipped := []Skipped{
		{"README", "unsupported file type (want .txt, .md or .html)"},
		{"binary.html", "binary file (NUL byte at offset 4)"},
		{"blank.md", "empty file (only white space)"},
		{"controls.txt", "binary file (mostly control characters)"},
		{"empty.txt", "empty file"},
		{"latin1.txt", "not UTF-8 text (invalid byte at offset 11)"},
		{"only-boilerplate.txt", "no article text (nothing left after removing boilerplate)"},
		{"report.pdf", "unsupported file type (want .txt, .md or .html)"},
		{"sub/deeper/picture.JPEG", "unsupported file type (want .txt, .md or .html)"},
		{"utf16.txt", "not UTF-8 text (UTF-16 byte-order mark; save it as UTF-8)"},
	}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped =\n%s\nwant\n%s", fmtSkipped(skipped), fmtSkipped(wantSkipped))
	}

	byID := make(map[string]Article)
	for _, a := range arts {
		byID[a.ID] = a
	}
	if got := texts(byID["bom-crlf.txt"]); !slices.Equal(got, []string{
		"Zorblat agreed a licence with eFoo.", "The terms were not disclosed.", "Both firms are private.",
	}) {
		t.Errorf("bom-crlf.txt sentences = %q; want the BOM gone and one line per CR/CRLF", got)
	}
	formats := map[string]string{"a.txt": "txt", "sub/b.MD": "md", "sub/d.markdown": "md", "sub/deeper/c.HTM": "html"}
	for id, f := range formats {
		if byID[id].Format != f {
			t.Errorf("%s Format = %q; want %q", id, byID[id].Format, f)
		}
	}
	a := byID["a.txt"]
	if a.Size != int64(len(goodText)) || a.Hash != goodTextSHA256 {
		t.Errorf("a.txt Size, Hash = %d, %q; want %d, %q", a.Size, a.Hash, len(goodText), goodTextSHA256)
	}
}

// goodTextSHA256 is the SHA-256 of goodText, from sha256sum.
const goodTextSHA256 = "af0e767403ef2c3563662319919da9497c385606cebe8820b3eabf920a4f6a1c"

func fmtSkipped(s []Skipped) string {
	var b strings.Builder
	for _, x := range s {
		fmt.Fprintf(&b, "  %s: %s\n", x.Path, x.Reason)
	}
	return b.String()
}

func TestParseHashAndSize(t *testing.T) {
	a := mustParse(t, "h.txt", goodText)
	if a.Hash != goodTextSHA256 || a.Size != int64(len(goodText)) {
		t.Errorf("Hash, Size = %q, %d; want %q, %d", a.Hash, a.Size, goodTextSHA256, len(goodText))
	}
	// The hash is of the raw bytes: a BOM changes it, though the text is the same.
	b := mustParse(t, "h.txt", "\xef\xbb\xbf"+goodText)
	if b.Hash == a.Hash || b.Size != a.Size+3 {
		t.Errorf("with a BOM: Hash %q, Size %d; want a different hash and size %d", b.Hash, b.Size, a.Size+3)
	}
}

func TestLoadSizeLimit(t *testing.T) {
	fsys := fstest.MapFS{
		"big.txt":   {Data: []byte(strings.Repeat(goodText, 3))},
		"small.txt": {Data: []byte(goodText)},
	}
	arts, skipped, err := Load(context.Background(), fsys, Options{MaxFileSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || arts[0].ID != "small.txt" {
		t.Errorf("articles = %v; want only small.txt", arts)
	}
	want := []Skipped{{"big.txt", fmt.Sprintf("%d bytes, over the 100 bytes limit", 3*len(goodText))}}
	if !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped = %v; want %v", skipped, want)
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		size, limit int64
		want        string
	}{
		{13002342, DefaultMaxFileSize, "12.4 MB, over the 5 MB limit"},
		{2048, 1000, "2 KB, over the 1000 bytes limit"},
		{1536, 1024, "1.5 KB, over the 1 KB limit"},
	}
	for _, tt := range tests {
		if got := tooLarge(tt.size, tt.limit); got != tt.want {
			t.Errorf("tooLarge(%d, %d) = %q; want %q", tt.size, tt.limit, got, tt.want)
		}
	}
}

// TestLoadOSDir loads a real directory with nested folders, a huge sparse
// file, symbolic links (to a file, to a directory, dangling, and a loop)
// and dot-files.
func TestLoadOSDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("symbolic links not supported here: %v", err)
		}
	}
	write("news/a.txt", goodText)
	write("news/2021/b.html", "<article><p>Brightwave raised $20 million from Northstar Ventures.</p></article>")
	write(".drafts/c.txt", goodText)
	symlink("a.txt", "news/link-to-a.txt")
	symlink("2021", "news/link-to-dir.txt")
	symlink("missing.txt", "news/dangling.txt")
	symlink("loop.txt", "news/loop.txt")
	// A 13 MB sparse file: its size is checked before reading, so the test
	// never holds it in memory.
	big := filepath.Join(dir, "news/huge.txt")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 13002342); err != nil {
		t.Fatal(err)
	}

	arts, skipped, err := Load(context.Background(), DirFS(dir), Options{})
	if err != nil {
		t.Fatalf("Load error: %v", err)
	}
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	if want := []string{"news/2021/b.html", "news/a.txt", "news/link-to-a.txt"}; !slices.Equal(ids, want) {
		t.Errorf("article IDs = %q; want %q", ids, want)
	}
	want := []Skipped{
		{"news/dangling.txt", "cannot read: no such file or directory"},
		{"news/huge.txt", "12.4 MB, over the 5 MB limit"},
		{"news/link-to-dir.txt", "a link to a directory (not followed)"},
		{"news/loop.txt", "cannot read: too many levels of symbolic links"},
	}
	if !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped =\n%s\nwant\n%s", fmtSkipped(skipped), fmtSkipped(want))
	}
}

// deniedFS refuses to open anything under "locked" or named "secret.txt",
// like a directory or file without read permission.
type deniedFS struct{ fs.FS }

func (d deniedFS) Open(name string) (fs.File, error) {
	if name == "locked" || strings.HasPrefix(name, "locked/") || name == "secret.txt" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.FS.Open(name)
}

func TestLoadUnreadable(t *testing.T) {
	fsys := deniedFS{fstest.MapFS{
		"ok.txt":       {Data: []byte(goodText)},
		"secret.txt":   {Data: []byte(goodText)},
		"locked/a.txt": {Data: []byte(goodText)},
	}}
	arts, skipped, err := Load(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Skipped{
		{"locked", "cannot read: permission denied"},
		{"secret.txt", "cannot read: permission denied"},
	}
	if len(arts) != 1 || arts[0].ID != "ok.txt" || !reflect.DeepEqual(skipped, want) {
		t.Errorf("got %d articles, skipped\n%s\nwant ok.txt and\n%s", len(arts), fmtSkipped(skipped), fmtSkipped(want))
	}
}

func TestLoadRootErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file.txt")
	if err := os.WriteFile(file, []byte(goodText), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nope")
	tests := []struct {
		fsys fs.FS
		want string
		kind error
	}{
		{DirFS(missing), fmt.Sprintf("corpus: CORPUS_DIR %q: no such directory", missing), ErrNoDir},
		{DirFS(file), fmt.Sprintf("corpus: CORPUS_DIR %q: not a directory", file), ErrNotDir},
		{DirFS(""), `corpus: CORPUS_DIR "": no such directory`, ErrNoDir},
	}
	for _, tt := range tests {
		arts, skipped, err := Load(context.Background(), tt.fsys, Options{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("Load error = %v; want %q", err, tt.want)
		}
		if !errors.Is(err, tt.kind) {
			t.Errorf("Load error %v does not wrap %v", err, tt.kind)
		}
		if arts != nil || skipped != nil {
			t.Errorf("Load returned %v, %v with an error; want nil", arts, skipped)
		}
	}
}

func TestLoadProgressAndCancel(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 20 {
		fsys[fmt.Sprintf("f%02d.txt", i)] = &fstest.MapFile{Data: []byte(goodText)}
	}
	fsys["skip.pdf"] = &fstest.MapFile{Data: []byte("x")}
	var calls [][2]int
	_, _, err := Load(context.Background(), fsys, Options{Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 20 {
		t.Fatalf("Progress called %d times; want 20 (once per candidate file)", len(calls))
	}
	for i, c := range calls {
		if c != [2]int{i + 1, 20} {
			t.Errorf("Progress call %d = %v; want [%d 20]", i, c, i+1)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Load(ctx, fsys, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Load(cancelled ctx) error = %v; want context.Canceled", err)
	}

	// Cancelling from inside Progress stops the load.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	_, _, err = Load(ctx, fsys, Options{Progress: func(done, total int) {
		if done == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load cancelled mid-way: error = %v; want context.Canceled", err)
	}
}

// TestLoadDeterministic loads the same corpus with one and with several
// workers, several times, and expects identical results.
func TestLoadDeterministic(t *testing.T) {
	fsys := fstest.MapFS{}
	for round := range 4 {
		for _, root := range []fs.FS{Seed(), os.DirFS("testdata/corpus")} {
			fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := fs.ReadFile(root, p)
				if err != nil {
					return err
				}
				fsys[fmt.Sprintf("r%d/%s", round, p)] = &fstest.MapFile{Data: data}
				return nil
			})
		}
	}
	fsys["bad.txt"] = &fstest.MapFile{Data: []byte{0}}
	load := func(procs int) ([]Article, []Skipped) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		arts, skipped, err := Load(context.Background(), fsys, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return arts, skipped
	}
	wantArts, wantSkipped := load(1)
	if n := 4 * (5 + len(loadFixtures(t))); len(wantArts) != n || len(wantSkipped) != 1 {
		t.Fatalf("got %d articles, %d skipped; want %d and 1", len(wantArts), len(wantSkipped), n)
	}
	for i := range 3 {
		arts, skipped := load(4)
		if !reflect.DeepEqual(arts, wantArts) || !reflect.DeepEqual(skipped, wantSkipped) {
			t.Fatalf("run %d with 4 workers differs from the run with 1", i)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		id, data string
		kind     error
		reason   string
	}{
		{"x.pdf", "%PDF", ErrUnsupported, "unsupported file type (want .txt, .md or .html)"},
		{"x.txt", "", ErrEmpty, "empty file"},
		{"x.txt", "a\x00b", ErrBinary, "binary file (NUL byte at offset 1)"},
		{"x.txt", "\xef\xbb\xbfok \xc3\x28", ErrNotUTF8, "not UTF-8 text (invalid byte at offset 6)"},
		{"x.md", "---\ntitle: x\n---\n", ErrNoText, "no article text (nothing left after removing boilerplate)"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.id, []byte(tt.data))
		var se *SkipError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q, %q) error = %v; want a *SkipError", tt.id, tt.data, err)
			continue
		}
		if !errors.Is(err, tt.kind) || se.Reason != tt.reason || se.Path != tt.id {
			t.Errorf("Parse(%q, %q) = %q (%v); want %q (%v)", tt.id, tt.data, se.Reason, se.Err, tt.reason, tt.kind)
		}
		if want := "corpus: " + tt.id + ": " + tt.reason; err.Error() != want {
			t.Errorf("Error() = %q; want %q", err.Error(), want)
		}
	}
}

// TestTokenizerConcurrent splits sentences from many goroutines at once;
// under -race it shows the shared tokenizer is safe.
func TestTokenizerConcurrent(t *testing.T) {
	seeds := loadSeeds(t)
	done := make(chan []string)
	for range 8 {
		go func() {
			var out []string
			for _, id := range []string{"000", "003"} {
				a, err := Parse(seeds[id].ID, mustRead(t, seeds[id].ID))
				if err != nil {
					t.Error(err)
				}
				out = append(out, texts(a)...)
			}
			done <- out
		}()
	}
	first := <-done
	for range 7 {
		if got := <-done; !slices.Equal(got, first) {
			t.Error("concurrent parses gave different sentences")
		}
	}
}

func mustRead(t *testing.T, name string) []byte {
	data, err := fs.ReadFile(Seed(), name)
	if err != nil {
		t.Error(err)
	}
	return data
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	fsys := Seed()
	for b.Loop() {
		if _, _, err := Load(context.Background(), fsys, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseHTML(b *testing.B) {
	data, err := os.ReadFile("testdata/corpus/news/efoo-brightwave.html")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("p.html", data); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParse checks that no input makes Parse panic, and that every loaded
// article keeps its invariants.
func FuzzParse(f *testing.F) {
	f.Add("a.txt", goodText)
	f.Add("a.md", "---\ntitle: x\ndate: 2021-01-02\n---\n# Head\n\n**b** [l](u) ![i](j)\n- item")
	f.Add("a.html", `<html><head><title>T | S</title><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2020-01-01"}]}</script></head><body><article><p>Acme bought Zorblat.</p></article></body></html>`)
	f.Add("a.txt", "Jane Doe\n\nJane is a writer.\n\n3 Comments\n\nx")
	f.Fuzz(func(t *testing.T, id, content string) {
		a, err := Parse(id, []byte(content))
		if err != nil {
			var se *SkipError
			if !errors.As(err, &se) || se.Reason == "" {
				t.Fatalf("Parse error %v is not a *SkipError with a reason", err)
			}
			return
		}
		if len(a.Sentences) == 0 {
			t.Fatal("loaded an article with no sentences")
		}
		for i, s := range a.Sentences {
			if s.Index != i || s.Text == "" || len([]rune(s.Text)) != len([]rune(s.Norm)) {
				t.Fatalf("bad sentence %d: %+v", i, s)
			}
			if s.Kind == Title && i != 0 {
				t.Fatalf("title kind at %d", i)
			}
		}
	})
}

// TestLoadFileChangedUnderIt covers files that change between the directory
// listing and the read: one deleted, one replaced by a link to a directory.
func TestLoadFileChangedUnderIt(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"keep.txt", "gone.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(goodText), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(dir, "sub", "self")); err != nil {
		t.Skipf("symbolic links not supported here: %v", err)
	}
	fsys := &removeOnOpenFS{FS: DirFS(dir), dir: dir, victim: "gone.txt"}
	arts, skipped, err := Load(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Skipped{
		{"gone.txt", "cannot read: it was deleted or moved while the corpus was being read"},
		{"sub/self", "a link to a directory (not followed)"},
	}
	if len(arts) != 1 || arts[0].ID != "keep.txt" || !reflect.DeepEqual(skipped, want) {
		t.Errorf("got %d articles, skipped\n%s\nwant keep.txt and\n%s", len(arts), fmtSkipped(skipped), fmtSkipped(want))
	}
}

// removeOnOpenFS deletes victim from disk just before it is opened.
type removeOnOpenFS struct {
	fs.FS
	dir, victim string
}

func (r *removeOnOpenFS) Open(name string) (fs.File, error) {
	if name == r.victim {
		os.Remove(filepath.Join(r.dir, name))
	}
	return r.FS.Open(name)
}

func TestParseSafelyTurnsPanicsIntoSkips(t *testing.T) {
	boom := func(string, []byte) (Article, error) {
		var s []int
		_ = s[3] // a real bug: index out of range
		return Article{}, nil
	}
	_, err := parseSafely(boom, "odd.html", []byte("<p>"))
	var se *SkipError
	if !errors.As(err, &se) || !errors.Is(err, ErrUnreadable) || !strings.Contains(se.Reason, "could not be parsed (internal error: runtime error: index out of range") {
		t.Errorf("parseSafely of a panicking parser = %v; want a SkipError naming the internal error", err)
	}
	if a, err := parseSafely(Parse, "a.txt", []byte(goodText)); err != nil || len(a.Sentences) == 0 {
		t.Errorf("parseSafely(Parse) = %d sentences, %v; want the article", len(a.Sentences), err)
	}
}

// TestLoadManyTinyFiles loads 100 000 tiny files: every one is either an
// article or skipped with a reason.
func TestLoadManyTinyFiles(t *testing.T) {
	const n = 100_000
	fsys := fstest.MapFS{}
	bodies := []string{"", "   \n", "\x00\x01\x02", "caf\xe9", "x"}
	for i := range n {
		body := bodies[i%len(bodies)]
		if i%100 == 99 {
			body = "A small note about nothing.\n"
		}
		fsys[fmt.Sprintf("d%03d/f%06d.txt", i/1000, i)] = &fstest.MapFile{Data: []byte(body)}
	}
	arts, skipped, err := Load(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts)+len(skipped) != n {
		t.Errorf("articles %d + skipped %d != %d files", len(arts), len(skipped), n)
	}
	for _, s := range skipped {
		if s.Reason == "" {
			t.Fatalf("%s skipped without a reason", s.Path)
		}
	}
	if len(arts) == 0 {
		t.Error("no tiny article loaded")
	}
}
