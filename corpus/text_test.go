package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ASCII", "plain ASCII"},
		{"Xiaomi’s “deal”", `Xiaomi's "deal"`},
		{"‘quoted’ ‚low‘ 5′ 6″", `'quoted' 'low' 5' 6"`},
		{"„German“ «French»", `"German" "French"`},
		{"a\u00a0b\u2009c\u202fd\u3000e\tf", "a b c d e f"},
		{"2019–2021 — firm ‒ x ― y − z", "2019-2021 - firm - x - y - z"},
		{"non\u2011breaking hyphen", "non-breaking hyphen"},
		{"£630 million, 5 €", "£630 million, 5 €"},
		{"", ""},
	}
	for _, tt := range tests {
		got := Normalize(tt.in)
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(tt.in) {
			t.Errorf("Normalize(%q) has %d runes; want %d", tt.in, utf8.RuneCountInString(got), utf8.RuneCountInString(tt.in))
		}
	}
}

// TestNormRuneAligned checks, for every sentence of the seeds and fixtures,
// that Norm is Normalize(Text) and has Text's runes one for one: same count,
// and every rune either equal or a mapped quote, dash or space.
func TestNormRuneAligned(t *testing.T) {
	var arts []Article
	for _, a := range loadSeeds(t) {
		arts = append(arts, a)
	}
	arts = append(arts, loadFixtures(t)...)
	for _, a := range arts {
		for _, s := range a.Sentences {
			if s.Norm != Normalize(s.Text) {
				t.Errorf("%s #%d: Norm %q != Normalize(Text %q)", a.ID, s.Index, s.Norm, s.Text)
			}
			tr, nr := []rune(s.Text), []rune(s.Norm)
			if len(tr) != len(nr) {
				t.Fatalf("%s #%d: Text has %d runes, Norm %d", a.ID, s.Index, len(tr), len(nr))
			}
			for i := range tr {
				if tr[i] != nr[i] && !strings.ContainsRune(`'"- `, nr[i]) {
					t.Errorf("%s #%d: rune %d %q became %q", a.ID, s.Index, i, tr[i], nr[i])
				}
			}
			if s.Text != trimSpace(s.Text) || s.Text == "" {
				t.Errorf("%s #%d: Text %q is empty or not trimmed", a.ID, s.Index, s.Text)
			}
		}
	}
}

// FuzzNormalize checks the rune-for-rune property on arbitrary input.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Xiaomi’s “deal”", "a\u00a0b", "—", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if utf8.ValidString(s) && utf8.RuneCountInString(n) != utf8.RuneCountInString(s) {
			t.Errorf("Normalize(%q) = %q: rune count %d; want %d", s, n, utf8.RuneCountInString(n), utf8.RuneCountInString(s))
		}
	})
}
