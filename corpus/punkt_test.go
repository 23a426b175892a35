package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/neurosnap/sentences/english"
)

// TestQuickAnnotationsSameSplits checks that the sentence splitter with the
// quick annotations splits exactly as the English model
// as shipped, on every line of the test corpora and on hard cases.
func TestQuickAnnotationsSameSplits(t *testing.T) {
	plain, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	quick, err := englishTokenizer()
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(plain.Annotations, quick.Annotations) {
		t.Fatal("the quick annotations are not installed")
	}
	texts := []string{
		"Acme Corp. bought Zorblat Inc. in the U.S. on Monday. It paid $5 m.",
		"1. The first item. 2. The second item.",
		"1) The first item. 2) The second item.",
		"You can find it at N°. 1026.253.553. That is where the treasure is.",
		"She said, \"This is great.\" She left.",
		"I never meant that.... She left the store.",
		"Mr. Smith met Dr. J. Doe at 3 p.m. Then they left!",
		"What? No! Yes. 12.5% of shares. 2024. Next.",
		"Acme said。 Then Zorblat left. . . And then? \"Fine.\" (Really!) 3. Go.",
		"It rose 5 p.c. in Q3. A. B. Smith joined. St. Louis Corp. agreed. Inc. 500 firms.",
	}
	for _, dir := range []string{"../testdata/eval/corpus", "../testdata/heldout/corpus", "../testdata/blind/corpus", "seed"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if b, err := os.ReadFile(p); err == nil {
				texts = append(texts, strings.Split(string(b), "\n")...)
			}
			return nil
		})
	}
	if len(texts) < 100 {
		t.Fatalf("only %d texts", len(texts))
	}
	texts = append(texts, "", " ", "a", "a ", " a", "x\ny\n\nz", "这是第一句。这是第二句！好？", "end。", "é", "a é", "a\u00a0b", "a\u2003b c")
	for _, text := range texts {
		// the same word tokens
		wt, pt := quick.WordTokenizer.Tokenize(text, false), plain.WordTokenizer.Tokenize(text, false)
		if len(wt) != len(pt) {
			t.Errorf("word tokens of %q: %d; want %d", text, len(wt), len(pt))
		} else {
			for i := range wt {
				if wt[i].Tok != pt[i].Tok || wt[i].Position != pt[i].Position || wt[i].ParaStart != pt[i].ParaStart || wt[i].LineStart != pt[i].LineStart {
					t.Errorf("word token %d of %q: %v; want %v", i, text, wt[i], pt[i])
				}
			}
		}
		var want, got []string
		for _, s := range plain.Tokenize(text) {
			want = append(want, s.Text)
		}
		for _, s := range quick.Tokenize(text) {
			got = append(got, s.Text)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("split of %q:\n got %q\nwant %q", text, got, want)
		}
	}
}
