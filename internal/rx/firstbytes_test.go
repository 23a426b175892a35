package rx

import (
	"regexp"
	"regexp/syntax"
	"testing"
)

// TestFirstBytes checks that every text a match starts is let through by
// the first-byte set, and that the set is tight for simple expressions.
func TestFirstBytes(t *testing.T) {
	texts := []string{"acquire", "Acquired", "stake in", "merger", "Übernahme", "ünd", "kelvin", "\u212aelvin", "9 million", "—and", " x", ""}
	tests := []struct {
		expr   string
		ok     bool
		inSet  string // bytes that must be in the set
		outSet string // bytes that must not
	}{
		{`acqui(?:re|red)`, true, "a", "Abm"},
		{`(?i)acqui(?:re|red)`, true, "aA", "bm"},
		{`(?:stake|merger)s?`, true, "sm", "a"},
		{`[0-9]+ million`, true, "09", "a "},
		{`(?i)k`, true, "kK\xe2", "a"},
		{`[ü-ÿ]x`, true, "\xc3", "a"},
		{`x*`, true, "x", ""}, // nullable: callers must not trust the set alone
		{`.abc`, false, "", ""},
	}
	for _, tt := range tests {
		re, err := syntax.Parse(tt.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		var set [256]bool
		nullable, ok := FirstBytes(re.Simplify(), &set)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v; want %v", tt.expr, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		for i := 0; i < len(tt.inSet); i++ {
			if !set[tt.inSet[i]] {
				t.Errorf("%s: byte %q not in the set", tt.expr, tt.inSet[i])
			}
		}
		for i := 0; i < len(tt.outSet); i++ {
			if set[tt.outSet[i]] {
				t.Errorf("%s: byte %q in the set; want it out", tt.expr, tt.outSet[i])
			}
		}
		anchored := regexp.MustCompile(`^(?:` + tt.expr + `)`)
		for _, s := range texts {
			if loc := anchored.FindStringIndex(s); loc != nil && loc[1] > 0 && !set[s[0]] {
				t.Errorf("%s matches %q but its first byte %q is not in the set", tt.expr, s, s[0])
			}
		}
		if want := tt.expr == `x*`; nullable != want {
			t.Errorf("%s: nullable = %v; want %v", tt.expr, nullable, want)
		}
	}
}
