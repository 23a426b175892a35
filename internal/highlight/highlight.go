// Package highlight finds company names in text and wraps them in markup,
// for bolding the companies a query named in the snippets of an answer.
//
// Matching is word by word and case-insensitive: a word is a run of letters
// and digits, and '&' is a word of its own. Between the words of a term the
// text may use any spaces (no-break spaces included), hyphens, straight or
// curly apostrophes, or one period, so "Youku Tudou" also finds
// "Youku\u00a0Tudou". Terms of at most three letters ("MI") are
// case-sensitive: they match as written or in capitals, never inside other
// words. A possessive ("Acme’s", "Acme's") directly after a term is part of
// its span, so "*Acme’s*" renders as one bold word.
package highlight

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// shortTerm is the longest term, in letters and digits, that is matched
// case-sensitively.
const shortTerm = 3

type word struct {
	start, end int
	fold       string
}

type term struct {
	words []string
	alnum string // letters and digits as written, for short terms
	short bool
	size  int // folded length, to try longer terms first
}

// Spans returns the byte spans [start, end) of the terms in text, sorted by
// start, without overlaps; at each position the longest term wins. A
// trailing possessive ’s / 's is included in the span.
func Spans(text string, terms []string) [][2]int {
	if text == "" || len(terms) == 0 {
		return nil
	}
	byFirst := make(map[string][]term, len(terms))
	for _, s := range terms {
		ws := words(s, nil)
		for len(ws) > 1 && isPossessive(s, ws, len(ws)-1) {
			ws = ws[:len(ws)-1]
		}
		if len(ws) == 0 {
			continue
		}
		t := term{}
		var alnum strings.Builder
		for _, w := range ws {
			t.words = append(t.words, w.fold)
			t.size += len(w.fold)
			for _, r := range s[w.start:w.end] {
				if isWordRune(r) {
					alnum.WriteRune(r)
				}
			}
		}
		t.alnum = alnum.String()
		t.short = utf8.RuneCountInString(t.alnum) <= shortTerm
		byFirst[t.words[0]] = append(byFirst[t.words[0]], t)
	}
	for _, ts := range byFirst {
		slices.SortStableFunc(ts, func(a, b term) int {
			if c := cmp.Compare(len(b.words), len(a.words)); c != 0 {
				return c
			}
			return cmp.Compare(b.size, a.size)
		})
	}
	var buf [64]word
	ws := words(text, buf[:0])
	var out [][2]int
	for i := 0; i < len(ws); {
		n := 0
		for _, t := range byFirst[ws[i].fold] {
			if matches(text, ws[i:], t) {
				n = len(t.words)
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		start, end := ws[i].start, ws[i+n-1].end
		if i+n < len(ws) && isPossessive(text, ws, i+n) {
			end = ws[i+n].end
			n++
		}
		out = append(out, [2]int{start, end})
		i += n
	}
	return out
}

// matches reports whether term t matches at the start of ws.
func matches(text string, ws []word, t term) bool {
	if len(t.words) > len(ws) {
		return false
	}
	for j := range t.words {
		if ws[j].fold != t.words[j] {
			return false
		}
		if j > 0 && (!joiner(text[ws[j-1].end:ws[j].start]) || isPossessive(text, ws, j)) {
			return false
		}
	}
	if !t.short {
		return true
	}
	var alnum strings.Builder
	upper, letters := true, 0
	for _, r := range text[ws[0].start:ws[len(t.words)-1].end] {
		if !isWordRune(r) {
			continue
		}
		alnum.WriteRune(r)
		if unicode.IsLetter(r) {
			letters++
			upper = upper && unicode.IsUpper(r)
		}
	}
	return alnum.String() == t.alnum || (upper && letters > 0)
}

// isPossessive reports whether ws[i] is the "s" of a possessive: directly
// after an apostrophe that directly follows the previous word.
func isPossessive(s string, ws []word, i int) bool {
	if i == 0 || ws[i].fold != "s" {
		return false
	}
	r, size := utf8.DecodeLastRuneInString(s[:ws[i].start])
	return isApostrophe(r) && ws[i-1].end == ws[i].start-size && ws[i-1].fold != "&"
}

// words appends the words of s to dst.
func words(s string, dst []word) []word {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '&' {
			dst = append(dst, word{i, i + size, "&"})
			i += size
			continue
		}
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r2, s2 := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r2) {
				break
			}
			j += s2
		}
		dst = append(dst, word{i, j, strings.ToLower(s[i:j])})
		i = j
	}
	return dst
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == '´'
}

// joiner reports whether gap may join two words of a term: spaces,
// hyphens, apostrophes, slashes and at most one period, four runes at most.
func joiner(gap string) bool {
	n, dots := 0, 0
	for _, r := range gap {
		n++
		switch {
		case unicode.IsSpace(r), r == '-', r == '‐', r == '‑', r == '‒', r == '–', r == '/', isApostrophe(r):
		case r == '.':
			dots++
		default:
			return false
		}
	}
	return n <= 4 && dots <= 1
}

// Apply returns text with each span wrapped in open and close. Every piece
// of text, inside the spans and between them, goes through escape (nil
// means no escaping); open and close are written as given. Spans are taken
// in order of start; spans that overlap an earlier one, fall outside text
// or cut a UTF-8 sequence are ignored.
func Apply(text string, spans [][2]int, open, close string, escape func(string) string) string {
	if escape == nil {
		escape = func(s string) string { return s }
	}
	sorted := slices.Clone(spans)
	slices.SortStableFunc(sorted, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	var b strings.Builder
	b.Grow(len(text) + len(spans)*(len(open)+len(close)) + 16)
	pos := 0
	for _, sp := range sorted {
		s, e := sp[0], sp[1]
		if s < pos || e <= s || e > len(text) || !boundary(text, s) || !boundary(text, e) {
			continue
		}
		b.WriteString(escape(text[pos:s]))
		b.WriteString(open)
		b.WriteString(escape(text[s:e]))
		b.WriteString(close)
		pos = e
	}
	b.WriteString(escape(text[pos:]))
	return b.String()
}

func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// EscapeSlack escapes the three characters Slack's mrkdwn reserves: &, <
// and >, so "<!channel>" in an article cannot ping anyone.
func EscapeSlack(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return slackEscaper.Replace(s)
}

var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Slack returns text escaped for Slack mrkdwn with the terms in bold.
func Slack(text string, terms []string) string {
	return Apply(text, Spans(text, terms), "*", "*", EscapeSlack)
}
