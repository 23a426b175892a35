// Package rx holds what dealbot's regular-expression prefilters share: the
// bytes a match of an expression can start with, so that a cheap byte test
// can skip a text the expression cannot match.
package rx

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// FirstBytes adds to set every byte a non-empty match of re can start
// with, and reports whether re can match the empty string. ok is false
// when re can start with any byte.
func FirstBytes(re *syntax.Regexp, set *[256]bool) (nullable, ok bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return false, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true, true
		}
		AddRune(set, re.Rune[0], re.Flags&syntax.FoldCase != 0)
		return false, true
	case syntax.OpCharClass:
		fold := re.Flags&syntax.FoldCase != 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
				AddRune(set, r, fold)
			}
			if hi < utf8.RuneSelf {
				continue
			}
			for c := 0xC0; c < 0x100; c++ {
				set[c] = true // the lead byte of any multi-byte rune
			}
			if !fold {
				continue
			}
			// a non-ASCII rune may fold to an ASCII one (Kelvin sign, "k")
			if hi-max(lo, utf8.RuneSelf) > 256 {
				for c := 'A'; c <= 'z'; c++ {
					set[c] = true
				}
				continue
			}
			for r := max(lo, utf8.RuneSelf); r <= hi; r++ {
				AddRune(set, r, true)
			}
		}
		return false, true
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return false, false
	case syntax.OpCapture:
		return FirstBytes(re.Sub[0], set)
	case syntax.OpStar, syntax.OpQuest:
		_, ok := FirstBytes(re.Sub[0], set)
		return true, ok
	case syntax.OpPlus:
		return FirstBytes(re.Sub[0], set)
	case syntax.OpRepeat:
		n, ok := FirstBytes(re.Sub[0], set)
		return n || re.Min == 0, ok
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			n, ok := FirstBytes(sub, set)
			if !ok {
				return false, false
			}
			if !n {
				return false, true
			}
		}
		return true, true
	case syntax.OpAlternate:
		nullable := false
		for _, sub := range re.Sub {
			n, ok := FirstBytes(sub, set)
			if !ok {
				return false, false
			}
			nullable = nullable || n
		}
		return nullable, true
	}
	return false, false
}

// AddRune adds the first byte of r, and with fold of every rune that
// folds to it, to set.
func AddRune(set *[256]bool, r rune, fold bool) {
	add := func(r rune) {
		var b [utf8.UTFMax]byte
		utf8.EncodeRune(b[:], r)
		set[b[0]] = true
	}
	add(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			add(f)
		}
	}
}
