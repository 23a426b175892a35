package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuickReNecessary checks the first-byte test of quickRe: whenever the
// expression matches, the test must let the text through, and texts that
// start (or, unanchored, contain) none of the bytes are ruled out.
func TestQuickReNecessary(t *testing.T) {
	tests := []struct {
		expr     string
		match    []string
		ruledOut []string
	}{
		{`^(skip|jump) to`, []string{"skip to x", "jump to"}, []string{"to skip to", "", "Skip to"}},
		{`(?i)^by\s+x`, []string{"by x", "BY x", "By x"}, []string{"a by x", ""}},
		{`(?i)^kelvin`, []string{"kelvin", "\u212aelvin"}, []string{"elvin"}},
		{`[(\[](sponsored|ad)[)\]]\s*$`, []string{"x (ad)", "[sponsored]"}, []string{"no brackets here"}},
		{`^\p{Lu}\w*$`, []string{"Acme", "Émile"}, []string{"acme", "1acme"}},
		{`^(?:a|b)?c`, []string{"c", "ac", "bc"}, []string{"dc"}},
		{`^x*`, []string{"", "abc"}, nil}, // may match empty: no test
		{`^(?:ab|cd)e`, []string{"abe", "cde!"}, []string{"ace", "abd", "ab"}},
		{`^a{2,}b`, []string{"aab", "aaaab"}, []string{"ab", "aac"}},
		{`^(?:x\s*)+:`, []string{"x:", "x x  x:"}, []string{"xy"}},
		{`(?i)^(?:the )?(?:sKy|sea)\b`, []string{"THE SKY", "the sea", "ſky", "sKy"}, []string{"thy sky", "sun"}},
	}
	for _, tt := range tests {
		q := mustQuick(tt.expr)
		for _, s := range tt.match {
			if !q.Regexp.MatchString(s) {
				t.Fatalf("%s does not match %q: fix the test", tt.expr, s)
			}
			if !q.mayMatch(s) || !q.MatchString(s) {
				t.Errorf("quick %s on %q = false; want true", tt.expr, s)
			}
		}
		for _, s := range tt.ruledOut {
			if q.mayMatch(s) {
				t.Errorf("quick %s lets %q through; want it ruled out", tt.expr, s)
			}
		}
	}
}

// TestQuickReCleaningRules runs every quickRe of the cleaner over the
// lines of the test corpora: the first-byte test never rules out a line
// the expression matches.
func TestQuickReCleaningRules(t *testing.T) {
	var res []*quickRe
	for _, r := range lineRules {
		res = append(res, r.re)
	}
	res = append(res, commentMarkerRe, bylineLineRe, bioNameRe, aboutAuthorRe, nameSubjectRe, bioVerbRe, leadDatelineRe,
		dateLabelRe, bylineRe, readTimeRe, clockPrefixRe, clockRe, bylineDateRe)
	var lines []string
	for _, dir := range []string{"../testdata/eval/corpus", "../testdata/heldout/corpus", "../testdata/blind/corpus", "seed", "testdata"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			for _, l := range strings.Split(string(b), "\n") {
				lines = append(lines, l, lineKey(l), strings.TrimSpace(l))
			}
			return nil
		})
	}
	if len(lines) < 100 {
		t.Fatalf("only %d lines found", len(lines))
	}
	matched := 0
	for _, q := range res {
		for _, l := range lines {
			if q.Regexp.MatchString(l) {
				matched++
				if !q.mayMatch(l) {
					t.Errorf("%s matches %q but its first-byte test rules it out", q, l)
				}
			}
		}
	}
	if matched == 0 {
		t.Error("no line matches any rule: the check tests nothing")
	}
}

// TestFastTextHelpers checks wordCount and collapseSpace against their
// plain definitions.
func TestFastTextHelpers(t *testing.T) {
	plainCount := func(s string) int {
		n, inWord := 0, false
		for _, r := range s {
			if isSpace(r) {
				inWord = false
			} else if !inWord {
				inWord = true
				n++
			}
		}
		return n
	}
	plainCollapse := func(s string) string { return strings.Join(strings.FieldsFunc(s, isSpace), " ") }
	inputs := []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "é b", "a\u2003 b", "\xff b", "a \xff", "one two three", "x\ny", "a\vb", "a\x85b"}
	for _, in := range inputs {
		if got, want := wordCount(in), plainCount(in); got != want {
			t.Errorf("wordCount(%q) = %d; want %d", in, got, want)
		}
		for limit := 0; limit < 4; limit++ {
			if got, want := wordsUpTo(in, limit), min(plainCount(in), limit+1); got != want {
				t.Errorf("wordsUpTo(%q, %d) = %d; want %d", in, limit, got, want)
			}
		}
		if got, want := collapseSpace(in), plainCollapse(in); got != want {
			t.Errorf("collapseSpace(%q) = %q; want %q", in, got, want)
		}
	}
}
