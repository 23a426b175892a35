package corpus

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealbot/dealbot/internal/rx"
)

// quickRe is a regular expression with a cheap test in front: the bytes a
// match can start with. Most lines of an article start with none of them,
// and telling so costs one lookup where the expression costs a pass over
// its whole program (the backtracking matcher clears a bitmap as large as
// the program times the input even when the first byte already fails).
//
// The test is a necessary condition, so results are exactly those of the
// expression: an expression anchored at the start ("^…") can only match a
// text whose first byte is one a match can start with; an unanchored one
// only a text that contains such a byte.
type quickRe struct {
	*regexp.Regexp
	first    [256]bool // bytes a match can start with
	anchored bool      // matches only at the start of the text
	useful   bool      // first rules texts out: the match is never empty
	bytes    string    // unanchored: the bytes of first, for strings.ContainsAny
	// the first prefixLen (anchored) or substringLen bytes of every match,
	// or the whole match when shorter, by their first byte; nil when
	// unknown
	prefixes *[256][]string
}

// prefixLen is how many leading bytes of a match quickRe tells apart at
// the start of a text; substringLen, anywhere in it (for an expression
// that is not anchored, a longer and so rarer string is worth the search).
const (
	prefixLen    = 3
	substringLen = 8
)

// mustQuick compiles expr like regexp.MustCompile, with its first-byte test.
func mustQuick(expr string) *quickRe {
	q := &quickRe{Regexp: regexp.MustCompile(expr)}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return q // cannot happen: MustCompile parsed it
	}
	re = re.Simplify()
	prog, err := syntax.Compile(re)
	if err != nil {
		return q
	}
	q.anchored = prog.StartCond()&syntax.EmptyBeginText != 0 || anchoredAtStart(re)
	nullable, ok := rx.FirstBytes(re, &q.first)
	q.useful = ok && !nullable
	if q.useful {
		k := prefixLen
		if !q.anchored {
			k = substringLen
		}
		if ps, ok := matchPrefixes(re, map[string]bool{"": true}, k); ok && !ps[""] {
			q.prefixes = &[256][]string{}
			for p := range ps {
				q.prefixes[p[0]] = append(q.prefixes[p[0]], p)
			}
		}
	}
	if q.useful && !q.anchored {
		var b []byte
		for c := range 256 {
			if q.first[c] {
				b = append(b, byte(c))
			}
		}
		if len(b) > 8 || hasNonASCII(b) {
			q.useful = false // too common to be worth a search
		} else {
			q.bytes = string(b)
		}
	}
	return q
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// mayMatch reports whether the expression can match s.
func (q *quickRe) mayMatch(s string) bool {
	switch {
	case !q.useful:
		return true
	case q.anchored:
		if s == "" || !q.first[s[0]] {
			return false
		}
		if q.prefixes == nil {
			return true
		}
		for _, p := range q.prefixes[s[0]] {
			if strings.HasPrefix(s, p) {
				return true
			}
		}
		return false
	case q.prefixes == nil:
		return strings.ContainsAny(s, q.bytes)
	}
	// unanchored: a match starts somewhere with one of the prefixes
	for i := 0; i < len(s); i++ {
		for _, p := range q.prefixes[s[i]] {
			if strings.HasPrefix(s[i:], p) {
				return true
			}
		}
	}
	return false
}

// anchoredAtStart reports whether every match of re starts at the start of
// the text: "^a|^b" too, which Prog.StartCond does not see.
func anchoredAtStart(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText:
		return true
	case syntax.OpCapture:
		return anchoredAtStart(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && anchoredAtStart(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !anchoredAtStart(sub) {
				return false
			}
		}
		return len(re.Sub) > 0
	}
	return false
}

// MatchString is regexp.MatchString behind the first-byte test.
func (q *quickRe) MatchString(s string) bool { return q.mayMatch(s) && q.Regexp.MatchString(s) }

// FindStringSubmatch is regexp.FindStringSubmatch behind the first-byte test.
func (q *quickRe) FindStringSubmatch(s string) []string {
	if !q.mayMatch(s) {
		return nil
	}
	return q.Regexp.FindStringSubmatch(s)
}

// ReplaceAllString is regexp.ReplaceAllString behind the first-byte test:
// with no match, s comes back as it was.
func (q *quickRe) ReplaceAllString(s, repl string) string {
	if !q.mayMatch(s) {
		return s
	}
	return q.Regexp.ReplaceAllString(s, repl)
}

// FindStringSubmatchIndex is regexp.FindStringSubmatchIndex behind the
// first-byte test.
func (q *quickRe) FindStringSubmatchIndex(s string) []int {
	if !q.mayMatch(s) {
		return nil
	}
	return q.Regexp.FindStringSubmatchIndex(s)
}

// maxPrefixes bounds the prefix sets matchPrefixes builds.
const maxPrefixes = 256

// matchPrefixes returns the strings a match of re can make of each string
// of in: every string of in followed by the start of a match of re, cut to
// k bytes (strings already that long stay as they are). It
// over-approximates (assertions such as \b and $ are ignored), so that
// every match's first prefixLen bytes, or the whole match when shorter,
// are in the set. ok is false when the set would be too large or re can
// match any character.
func matchPrefixes(re *syntax.Regexp, in map[string]bool, k int) (out map[string]bool, ok bool) {
	saturated := true
	for p := range in {
		if len(p) < k {
			saturated = false
			break
		}
	}
	if saturated {
		return in, true // nothing more to learn, whatever re is
	}
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return in, true
	case syntax.OpNoMatch:
		return map[string]bool{}, true
	case syntax.OpLiteral:
		cur := in
		for _, r := range re.Rune {
			var ok bool
			if cur, ok = extendRunes(cur, foldsOf(r, re.Flags&syntax.FoldCase != 0), k); !ok {
				return nil, false
			}
		}
		return cur, true
	case syntax.OpCharClass:
		var runes []rune
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] > 32 || len(runes) > 64 {
				return nil, false
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				runes = append(runes, foldsOf(r, re.Flags&syntax.FoldCase != 0)...)
			}
		}
		return extendRunes(in, runes, k)
	case syntax.OpCapture:
		return matchPrefixes(re.Sub[0], in, k)
	case syntax.OpConcat:
		cur := in
		for _, sub := range re.Sub {
			var ok bool
			if cur, ok = matchPrefixes(sub, cur, k); !ok {
				return nil, false
			}
		}
		return cur, true
	case syntax.OpAlternate:
		out := map[string]bool{}
		for _, sub := range re.Sub {
			o, ok := matchPrefixes(sub, in, k)
			if !ok || !union(out, o) {
				return nil, false
			}
		}
		return out, true
	case syntax.OpQuest:
		o, ok := matchPrefixes(re.Sub[0], in, k)
		if !ok {
			return nil, false
		}
		out := map[string]bool{}
		if !union(out, in) || !union(out, o) {
			return nil, false
		}
		return out, true
	case syntax.OpStar:
		return closure(re.Sub[0], in, k)
	case syntax.OpPlus:
		o, ok := matchPrefixes(re.Sub[0], in, k)
		if !ok {
			return nil, false
		}
		return closure(re.Sub[0], o, k)
	case syntax.OpRepeat:
		cur := in
		for i := 0; i < min(re.Min, k+1); i++ {
			var ok bool
			if cur, ok = matchPrefixes(re.Sub[0], cur, k); !ok {
				return nil, false
			}
		}
		if re.Max != re.Min || re.Min > k+1 {
			return closure(re.Sub[0], cur, k)
		}
		return cur, true
	}
	return nil, false
}

// closure is in followed by any number of matches of sub.
func closure(sub *syntax.Regexp, in map[string]bool, k int) (map[string]bool, bool) {
	out := map[string]bool{}
	union(out, in)
	cur := in
	for {
		next, ok := matchPrefixes(sub, cur, k)
		if !ok {
			return nil, false
		}
		fresh := map[string]bool{}
		for p := range next {
			if !out[p] {
				fresh[p] = true
			}
		}
		if len(fresh) == 0 {
			return out, true
		}
		if !union(out, fresh) {
			return nil, false
		}
		cur = fresh
	}
}

// union adds from to into, reporting false when into grows too large.
func union(into, from map[string]bool) bool {
	for p := range from {
		into[p] = true
	}
	return len(into) <= maxPrefixes
}

// extendRunes appends each of runes to each string of in shorter than k,
// cutting to k bytes.
func extendRunes(in map[string]bool, runes []rune, k int) (map[string]bool, bool) {
	out := map[string]bool{}
	for p := range in {
		if len(p) >= k {
			out[p] = true
			continue
		}
		for _, r := range runes {
			q := p + string(r)
			if len(q) > k {
				q = q[:k]
			}
			out[q] = true
		}
		if len(out) > maxPrefixes {
			return nil, false
		}
	}
	return out, true
}

// foldsOf returns r and, with fold, every rune that folds to it.
func foldsOf(r rune, fold bool) []rune {
	out := []rune{r}
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			out = append(out, f)
		}
	}
	return out
}
