package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealbot/dealbot/internal/english"
)

// isDictWord reports whether w (lower case) is a common English word.
func isDictWord(w string) bool { return english.IsWord(w) }

// token is one word or punctuation mark of a normalised sentence.
type token struct {
	s      string // as written (normalised text)
	lower  string
	lo, hi int    // byte offsets in the sentence
	word   bool   // letters/digits, else punctuation
	poss   bool   // the word carried a possessive 's, stripped from s
	hyphen string // for "Baidu-owned": the lower-case part after the hyphen ("owned"); s is then "Baidu"
}

// isUpperStart reports whether t starts with an upper-case letter.
func (t token) isUpperStart() bool {
	r, _ := utf8.DecodeRuneInString(t.s)
	return unicode.IsUpper(r)
}

// isMixedCase reports a lower-case-initial name with an inner capital: iQiyi, eBay.
func (t token) isMixedCase() bool {
	r, n := utf8.DecodeRuneInString(t.s)
	if !unicode.IsLower(r) {
		return false
	}
	// "edge-AI", "next-Gen": a lower-case word joined to a capitalised one
	if k := strings.IndexByte(t.s, '-'); k > 0 && strings.ToLower(t.s[:k]) == t.s[:k] {
		return false
	}
	for _, c := range t.s[n:] {
		if unicode.IsUpper(c) {
			return true
		}
	}
	return false
}

// isAllCaps reports a token of two or more letters, all upper case (IBM, MI).
func (t token) isAllCaps() bool {
	letters := 0
	for _, c := range t.s {
		if unicode.IsLetter(c) {
			if !unicode.IsUpper(c) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// nameLike reports whether t can be part of a name.
func (t token) nameLike() bool {
	return t.word && (t.isUpperStart() || t.isMixedCase())
}

// hyphenSuffixes are compound tails that turn "X-owned" into a relation, not
// part of a name.
var hyphenSuffixes = set("owned|backed|based|led|controlled|listed|made|focused|run|funded|affiliated|linked|born|headquartered|founded|supported|operated|designed|branded|powered|style|type|like|related|specific|friendly|centric|only|free|registered|incorporated")

// abbrevs end with a period that does not end the sentence.
var abbrevs = set("inc|corp|ltd|co|jr|sr|bros|mr|mrs|ms|dr|st|no|vs|plc|llc|sa|ag|nv|bv|cie|mt|ft|gen|gov|sen|rep|prof|approx|est|dept|intl")

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tokenize splits a normalised sentence into words and punctuation. Inner
// apostrophes, hyphens, periods and ampersands stay inside words ("AT&T",
// "U.S", "Mercedes-Benz"); a possessive 's is stripped and flagged.
func tokenize(s string) []token {
	out := make([]token, 0, len(s)/5+4) // about one token per five bytes of news text
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		if !isWordRune(r) {
			// the period of an abbreviation inside a sentence ("S.A.",
			// "Inc.") belongs to the word, not to the sentence
			if r == '.' && len(out) > 0 && out[len(out)-1].word && out[len(out)-1].hi == i && strings.TrimSpace(s[i+n:]) != "" &&
				(strings.Contains(out[len(out)-1].s, ".") || abbrevs[out[len(out)-1].lower]) {
				out[len(out)-1].hi = i + n
				i += n
				continue
			}
			out = append(out, token{s: s[i : i+n], lower: s[i : i+n], lo: i, hi: i + n})
			i += n
			continue
		}
		j := i + n
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r) {
				j += n
				continue
			}
			if r == '\'' || r == '-' || r == '.' || r == '&' {
				// joiner only between word runes
				r2, _ := utf8.DecodeRuneInString(s[j+n:])
				if j+n < len(s) && isWordRune(r2) {
					j += n
					continue
				}
			}
			break
		}
		t := token{s: s[i:j], lo: i, hi: j, word: true}
		// possessive
		if strings.HasSuffix(t.s, "'s") && len(t.s) > 2 {
			t.s = t.s[:len(t.s)-2]
			t.poss = true
		} else if strings.HasSuffix(t.s, "s'") {
			t.poss = true
		}
		// X-owned, X-based…
		if k := strings.LastIndexByte(t.s, '-'); k > 0 {
			tail := strings.ToLower(t.s[k+1:])
			if hyphenSuffixes[tail] {
				t.hyphen = tail
				t.s = t.s[:k]
			}
		}
		t.lower = strings.ToLower(t.s)
		out = append(out, t)
		i = j
		// a trailing possessive apostrophe after s ("partners'")
		if i < len(s) && s[i] == '\'' {
			i++
		}
	}
	return out
}
