package deal

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Match is one occurrence of a company alias in a text.
type Match struct {
	Company string // the company's Key
	Start   int    // byte offset of the first byte of the alias in the text
	End     int    // byte offset just past the alias (a possessive ’s is not included)
	Surface string // the text between Start and End, as written
}

// Matcher finds company names in text and resolves query words to
// companies. It is built once per company table and is safe for concurrent
// use.
//
// Aliases are compared word by word, case-insensitively, on word
// boundaries: a word is a run of letters and digits, and '&' is a word of
// its own. Between the words of an alias the text may use any spaces
// (including no-break spaces), hyphens, apostrophes or one period. Aliases
// of at most three letters ("MI", "KF") are case-sensitive in text: they
// match only as written or in capitals.
type Matcher struct {
	companies []Company
	byKey     map[string]int
	byName    map[string]int      // folded name or alias joined → company index
	byFirst   map[string][]*alias // first folded word → aliases, longest first
	byLen     map[int][]*alias    // folded joined rune length → fuzzy candidates
}

// alias is one surface form of a company, tokenised.
type alias struct {
	words   []string // folded words
	joined  string   // folded words joined with single spaces
	runes   []rune   // joined as runes, for edit distance
	alnum   string   // the alias's letters and digits as written (case kept)
	short   bool     // at most three letters and digits
	common  bool     // short and also a common English word ("on", "us")
	company int
	isName  bool // the company's canonical name
}

// shortAliasLen is the longest alias (in letters and digits) that is matched
// case-sensitively in text and exactly-only in queries.
const shortAliasLen = 3

// commonShort are short words that are also plausible short company aliases;
// such an alias matches only when written in capitals.
var commonShort = map[string]bool{
	"a": true, "i": true, "on": true, "in": true, "it": true, "at": true, "us": true, "go": true,
	"be": true, "so": true, "no": true, "we": true, "me": true, "an": true, "as": true,
	"by": true, "do": true, "he": true, "if": true, "is": true, "my": true, "of": true,
	"or": true, "to": true, "up": true, "am": true, "hi": true, "ok": true, "oh": true,
	"and": true, "the": true, "for": true, "are": true, "but": true, "not": true,
	"you": true, "all": true, "any": true, "can": true, "had": true, "her": true,
	"was": true, "one": true, "our": true, "out": true, "day": true, "get": true,
	"has": true, "him": true, "his": true, "how": true, "man": true, "new": true,
	"now": true, "old": true, "see": true, "two": true, "way": true, "who": true,
	"did": true, "its": true, "let": true, "put": true, "say": true, "she": true,
	"too": true, "use": true, "box": true, "top": true, "big": true, "win": true,
	"car": true, "art": true, "sun": true, "buy": true, "per": true, "via": true,
	"yes": true, "own": true, "off": true, "net": true, "pay": true, "app": true,
}

// NewMatcher indexes the aliases and names of companies. A company with an
// empty Key gets NormKey(Name). When two companies share an alias, the one
// whose canonical name it is wins, then the one with more mentions.
func NewMatcher(companies []Company) *Matcher {
	m := &Matcher{
		companies: make([]Company, len(companies)),
		byKey:     make(map[string]int, len(companies)),
		byName:    make(map[string]int, len(companies)*2),
		byFirst:   make(map[string][]*alias, len(companies)*2),
		byLen:     make(map[int][]*alias),
	}
	copy(m.companies, companies)
	for i := range m.companies {
		c := &m.companies[i]
		if c.Key == "" {
			c.Key = NormKey(c.Name)
		}
		if _, dup := m.byKey[c.Key]; !dup {
			m.byKey[c.Key] = i
		}
	}
	seen := make(map[string]*alias)
	var toks []token
	for i := range m.companies {
		c := &m.companies[i]
		if m.byKey[c.Key] != i {
			continue // duplicate key: the first one stands for both
		}
		forms := append([]string{c.Name}, c.Aliases...)
		for fi, form := range forms {
			toks = tokenize(form, toks[:0])
			for len(toks) > 0 && toks[len(toks)-1].poss {
				toks = toks[:len(toks)-1]
			}
			if len(toks) == 0 {
				continue
			}
			a := &alias{company: i, isName: fi == 0}
			var alnum strings.Builder
			for _, t := range toks {
				a.words = append(a.words, t.fold)
				for _, r := range form[t.start:t.end] {
					if isWordRune(r) {
						alnum.WriteRune(r)
					}
				}
			}
			a.joined = strings.Join(a.words, " ")
			a.runes = []rune(a.joined)
			a.alnum = alnum.String()
			a.short = utf8.RuneCountInString(a.alnum) <= shortAliasLen
			a.common = a.short && commonShort[strings.ToLower(a.alnum)]
			id := a.joined
			if a.short {
				id = "\x00" + a.alnum // short aliases differ by case
			}
			if old, ok := seen[id]; ok {
				if old.company == i || !m.better(a, old) {
					continue
				}
				*old = *a // replace in place: the slices below hold old
				m.byName[a.joined] = i
				continue
			}
			seen[id] = a
			m.byFirst[a.words[0]] = append(m.byFirst[a.words[0]], a)
			if !a.short {
				n := len(a.runes)
				m.byLen[n] = append(m.byLen[n], a)
			}
			if _, ok := m.byName[a.joined]; !ok || a.isName {
				m.byName[a.joined] = i
			}
		}
	}
	for _, as := range m.byFirst {
		slices.SortStableFunc(as, func(x, y *alias) int {
			if c := cmp.Compare(len(y.words), len(x.words)); c != 0 {
				return c
			}
			return cmp.Compare(len(y.runes), len(x.runes))
		})
	}
	return m
}

// better reports whether alias a should win over b for the same surface.
func (m *Matcher) better(a, b *alias) bool {
	if a.isName != b.isName {
		return a.isName
	}
	ca, cb := &m.companies[a.company], &m.companies[b.company]
	if ca.Mentions != cb.Mentions {
		return ca.Mentions > cb.Mentions
	}
	return ca.Key < cb.Key
}

// Len returns the number of companies.
func (m *Matcher) Len() int { return len(m.byKey) }

// Companies returns the company table (keys filled in).
func (m *Matcher) Companies() []Company { return m.companies }

// Company returns the company with the given key.
func (m *Matcher) Company(key string) (Company, bool) {
	i, ok := m.byKey[key]
	if !ok {
		return Company{}, false
	}
	return m.companies[i], true
}

// KeyOf returns the key of the company whose name or alias is name
// (compared word by word, case-insensitively), or NormKey(name) when no
// company has it.
func (m *Matcher) KeyOf(name string) string {
	toks := tokenize(name, nil)
	for len(toks) > 0 && toks[len(toks)-1].poss {
		toks = toks[:len(toks)-1]
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.fold
	}
	if i, ok := m.byName[strings.Join(words, " ")]; ok {
		return m.companies[i].Key
	}
	return NormKey(name)
}

// Find returns the company aliases in text, left to right, without
// overlaps, preferring the longest alias at each position. A possessive
// ("Acme’s") may follow an alias but is not part of the match.
func (m *Matcher) Find(text string) []Match {
	var buf [64]token
	toks := tokenize(text, buf[:0])
	var out []Match
	for i := 0; i < len(toks); {
		if toks[i].poss {
			i++
			continue
		}
		a, n := m.longestText(text, toks[i:])
		if a == nil {
			i++
			continue
		}
		start, end := toks[i].start, toks[i+n-1].end
		out = append(out, Match{Company: m.companies[a.company].Key, Start: start, End: end, Surface: text[start:end]})
		i += n
	}
	return out
}

// longestText returns the longest alias matching the words at the start of
// toks in text, and how many tokens it covers.
func (m *Matcher) longestText(text string, toks []token) (*alias, int) {
	for _, a := range m.byFirst[toks[0].fold] {
		if len(a.words) > len(toks) {
			continue
		}
		ok := true
		for j := 1; j < len(a.words); j++ {
			if toks[j].fold != a.words[j] || toks[j].poss || !joiner(text[toks[j-1].end:toks[j].start]) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		n := len(a.words)
		if a.short && !shortOK(a, text[toks[0].start:toks[n-1].end], true) {
			continue
		}
		return a, n
	}
	return nil, 0
}

// shortOK applies the case rule for short aliases to surface. In text
// (inText), the surface must be written as the alias or in capitals, and a
// common-word alias only in capitals. In a query the case is free unless
// the alias is a common word, which must be written in capitals.
func shortOK(a *alias, surface string, inText bool) bool {
	var alnum strings.Builder
	upper, letters := true, 0
	for _, r := range surface {
		if !isWordRune(r) {
			continue
		}
		alnum.WriteRune(r)
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				upper = false
			}
		}
	}
	allCaps := upper && letters > 0
	if a.common {
		return allCaps && (letters > 1 || !inText)
	}
	if !inText {
		return true
	}
	return alnum.String() == a.alnum || allCaps
}

// Prefix returns the company whose alias matches the longest run of words
// at the start of words, and the number of words it covers; n is 0 when
// none does. words are query words as the user typed them (case kept), one
// per word of the alias tokenisation: "AT&T" is "AT", "&", "T". A short
// alias matches only the exact word(s), case-insensitively, and one that is
// also a common English word only when written in capitals.
func (m *Matcher) Prefix(words []string) (key string, n int) {
	if len(words) == 0 {
		return "", 0
	}
	first := fold(words[0])
	for _, a := range m.byFirst[first] {
		if len(a.words) > len(words) {
			continue
		}
		ok := true
		for j := 1; j < len(a.words); j++ {
			if fold(words[j]) != a.words[j] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if a.short && !shortOK(a, strings.Join(words[:len(a.words)], ""), false) {
			continue
		}
		return m.companies[a.company].Key, len(a.words)
	}
	return "", 0
}

// FirstWord returns the company that word names as the first word of a
// longer name ("corvina" for "Corvina Seguros"), when exactly one company's
// names start with it and it has at least four letters.
func (m *Matcher) FirstWord(word string) (key string, ok bool) {
	first := fold(word)
	if len([]rune(first)) < 4 {
		return "", false
	}
	found := -1
	for _, a := range m.byFirst[first] {
		if len(a.words) < 2 {
			continue
		}
		if found >= 0 && found != a.company {
			return "", false
		}
		found = a.company
	}
	if found < 0 {
		return "", false
	}
	return m.companies[found].Key, true
}

// FuzzyMaxDist returns the edit distance fuzzy matching allows for a query
// of n runes: 1 from 5 runes, 2 from 9, none below 5.
func FuzzyMaxDist(n int) int {
	switch {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// Fuzzy returns the company with an alias within FuzzyMaxDist edits (see
// [EditDistance]) of the
// words joined by spaces ("microsft" → Microsoft), the smallest distance
// winning, then the same first letter, then more mentions. Short aliases
// never match fuzzily.
func (m *Matcher) Fuzzy(words []string) (key string, dist int, ok bool) {
	q := []rune(fold(strings.Join(words, " ")))
	maxd := FuzzyMaxDist(len(q))
	if maxd == 0 {
		return "", 0, false
	}
	var best *alias
	bestD := maxd + 1
	for n := len(q) - maxd; n <= len(q)+maxd; n++ {
		for _, a := range m.byLen[n] {
			d := editDistance(q, a.runes, bestD)
			if d > maxd || d > bestD {
				continue
			}
			if best == nil || d < bestD || m.fuzzyBetter(a, best, q) {
				best, bestD = a, d
			}
		}
	}
	if best == nil {
		return "", 0, false
	}
	return m.companies[best.company].Key, bestD, true
}

func (m *Matcher) fuzzyBetter(a, b *alias, q []rune) bool {
	af, bf := a.runes[0] == q[0], b.runes[0] == q[0]
	if af != bf {
		return af
	}
	ca, cb := &m.companies[a.company], &m.companies[b.company]
	if ca.Mentions != cb.Mentions {
		return ca.Mentions > cb.Mentions
	}
	return ca.Key < cb.Key
}

// Suggest returns up to n company names closest to word by edit distance
// over every alias, for "did you mean" messages. Only names within about a
// third of the word's length are suggested.
func (m *Matcher) Suggest(word string, n int) []string {
	q := []rune(fold(word))
	if len(q) == 0 || n <= 0 {
		return nil
	}
	maxd := max(2, len(q)/3)
	type cand struct {
		company, dist int
	}
	bestOf := map[int]int{}
	for l := len(q) - maxd; l <= len(q)+maxd; l++ {
		for _, a := range m.byLen[l] {
			d := editDistance(q, a.runes, maxd)
			if d > maxd {
				continue
			}
			if old, ok := bestOf[a.company]; !ok || d < old {
				bestOf[a.company] = d
			}
		}
	}
	cands := make([]cand, 0, len(bestOf))
	for c, d := range bestOf {
		cands = append(cands, cand{c, d})
	}
	slices.SortFunc(cands, func(x, y cand) int {
		if c := cmp.Compare(x.dist, y.dist); c != 0 {
			return c
		}
		if c := cmp.Compare(m.companies[y.company].Mentions, m.companies[x.company].Mentions); c != 0 {
			return c
		}
		return cmp.Compare(m.companies[x.company].Name, m.companies[y.company].Name)
	})
	var out []string
	for _, c := range cands {
		if len(out) == n {
			break
		}
		out = append(out, m.companies[c.company].Name)
	}
	return out
}

// editDistance returns the optimal-string-alignment distance between a and
// b (insertions, deletions, substitutions and swaps of two adjacent runes
// each cost one), or limit+1 as soon as it is certain to exceed limit. Only
// the diagonal band of width 2·limit+1 is computed.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) == 0 || len(b) == 0 {
		return max(len(a), len(b))
	}
	var buf0, buf1, buf2 [48]int
	var pp, p, c []int // rows i-2, i-1 and i
	if n := len(b) + 1; n <= len(buf0) {
		pp, p, c = buf0[:n], buf1[:n], buf2[:n]
	} else {
		pp, p, c = make([]int, n), make([]int, n), make([]int, n)
	}
	big := limit + 1
	for j := range p {
		p[j] = min(j, big)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		if lo > 1 {
			c[lo-1] = big
		} else {
			c[0] = min(i, big)
		}
		rowMin := c[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(p[j-1]+cost, c[j-1]+1)
			if j < i+limit { // p[j] is inside the previous row's band
				v = min(v, p[j]+1)
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, pp[j-2]+1)
			}
			c[j] = min(v, big)
			rowMin = min(rowMin, c[j])
		}
		if hi < len(b) {
			c[hi+1] = big
		}
		if rowMin > limit {
			return big
		}
		pp, p, c = p, c, pp
	}
	return p[len(b)]
}

// EditDistance returns the edit distance between a and b in runes:
// Levenshtein's insertions, deletions and substitutions, plus swaps of two
// adjacent runes ("frim" → "firm"), each costing one.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	return editDistance(ra, rb, max(len(ra), len(rb)))
}

// token is one word of a text: a run of letters and digits, or '&'.
type token struct {
	start, end int    // byte offsets
	fold       string // lower case
	poss       bool   // the "s" of a possessive ’s / 's
}

// isWordRune reports whether r belongs to a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// isApostrophe reports whether r is a straight or curly apostrophe.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == '´'
}

// tokenize appends the words of s to dst.
func tokenize(s string, dst []token) []token {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '&' {
			dst = append(dst, token{start: i, end: i + size, fold: "&"})
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
		t := token{start: i, end: j, fold: fold(s[i:j])}
		if t.fold == "s" && len(dst) > 0 {
			// "Acme’s": the s directly follows an apostrophe that directly
			// follows the previous word.
			prev := dst[len(dst)-1]
			ar, asz := utf8.DecodeLastRuneInString(s[:i])
			if isApostrophe(ar) && prev.end == i-asz && prev.fold != "&" {
				t.poss = true
			}
		}
		dst = append(dst, t)
		i = j
	}
	return dst
}

// joiner reports whether gap, the text between two words of an alias, may
// join them: spaces, hyphens, apostrophes, slashes and at most one period,
// at most four runes in all.
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

// fold lower-cases s.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

// Tokens splits s into the words a Matcher compares, with the possessive
// "s" of "Acme’s" dropped, case kept: "AT&T’s deal" → ["AT", "&", "T",
// "deal"]. Query resolution feeds these words to [Matcher.Prefix] and
// [Matcher.Fuzzy].
func Tokens(s string) []string {
	toks := tokenize(s, nil)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !t.poss {
			out = append(out, s[t.start:t.end])
		}
	}
	return out
}

// corporateSuffixes are the words NormKey drops from the end of a name.
var corporateSuffixes = map[string]bool{
	"corp": true, "corporation": true, "inc": true, "incorporated": true, "ltd": true,
	"limited": true, "llc": true, "plc": true, "gmbh": true, "ag": true, "sa": true,
	"co": true, "company": true, "holdings": true, "holding": true, "group": true,
	"nv": true, "bv": true, "se": true, "spa": true, "ab": true, "asa": true, "oy": true,
	"kk": true, "pty": true, "lp": true, "llp": true, "sas": true, "srl": true,
	"sarl": true, "bhd": true, "pte": true, "oyj": true, "pvt": true,
}

// NormKey returns the normalised key of a company name: lower case, text in
// parentheses dropped, possessives and punctuation removed ('&' kept),
// trailing corporate suffixes (Corp, Inc, Ltd, LLC, PLC, GmbH, AG, SA, Co,
// Holdings, Group…) and a leading "The" removed unless they are the only
// word, spaces collapsed: "Xiaomi Corp." → "xiaomi", "Acme Robotics’s" →
// "acme robotics", "AT&T Inc." → "at&t", "S.A. Group" → "sa group" → "sa".
func NormKey(name string) string {
	if isASCII(name) {
		return normKeyASCII(name)
	}
	return normKeyRunes(name)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isASCIIWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// normKeyASCII is normKeyRunes for ASCII text, byte by byte: names are
// nearly always ASCII, and this path allocates little.
func normKeyASCII(name string) string {
	var stack [64]byte
	b := stack[:0]
	depth := 0
	n := len(name)
	for i := 0; i < n; i++ {
		c := name[i]
		switch {
		case c == '(' || c == '[':
			depth++
			b = append(b, ' ')
		case c == ')' || c == ']':
			if depth > 0 {
				depth--
			}
			b = append(b, ' ')
		case depth > 0:
		case isASCIIWordByte(c):
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		case c == '&':
			b = append(b, '&')
		case c == '\'' || c == '`':
			if i > 0 && isASCIIWordByte(name[i-1]) && i+1 < n && (name[i+1] == 's' || name[i+1] == 'S') &&
				(i+2 == n || !isASCIIWordByte(name[i+2])) {
				i++
			}
		case c == '.':
			if i > 0 && isASCIILetter(name[i-1]) && (i == 1 || !isASCIIWordByte(name[i-2])) {
				continue
			}
			b = append(b, ' ')
		default:
			b = append(b, ' ')
		}
	}
	// the words of b (separated by spaces), without a leading "the" and
	// trailing corporate suffixes unless they are the only word
	var spans [16][2]int
	words := spans[:0]
	for i := 0; i < len(b); {
		for i < len(b) && b[i] == ' ' {
			i++
		}
		if i == len(b) {
			break
		}
		j := i
		for j < len(b) && b[j] != ' ' {
			j++
		}
		words = append(words, [2]int{i, j})
		i = j
	}
	if len(words) > 1 && string(b[words[0][0]:words[0][1]]) == "the" {
		words = words[1:]
	}
	for len(words) > 1 {
		last := b[words[len(words)-1][0]:words[len(words)-1][1]]
		if !corporateSuffixes[string(last)] && string(last) != "&" {
			break
		}
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return ""
	}
	size := len(words) - 1
	for _, w := range words {
		size += w[1] - w[0]
	}
	var out strings.Builder
	out.Grow(size)
	for k, w := range words {
		if k > 0 {
			out.WriteByte(' ')
		}
		out.Write(b[w[0]:w[1]])
	}
	return out.String()
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// normKeyRunes is NormKey for any text.
func normKeyRunes(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	depth := 0
	rs := []rune(name)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '(' || r == '[':
			depth++
			b.WriteByte(' ')
		case r == ')' || r == ']':
			if depth > 0 {
				depth--
			}
			b.WriteByte(' ')
		case depth > 0:
		case isWordRune(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '&':
			b.WriteByte('&')
		case isApostrophe(r):
			// possessive: drop "’s" at the end of a word; other
			// apostrophes vanish ("O'Reilly" → "oreilly").
			if i > 0 && isWordRune(rs[i-1]) && i+1 < len(rs) && (rs[i+1] == 's' || rs[i+1] == 'S') &&
				(i+2 == len(rs) || !isWordRune(rs[i+2])) {
				i++
			}
		case r == '.':
			// an abbreviation's period vanishes ("S.A." → "sa"), others split.
			if i > 0 && unicode.IsLetter(rs[i-1]) && (i == 1 || !isWordRune(rs[i-2])) {
				continue
			}
			b.WriteByte(' ')
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	for len(words) > 1 && (corporateSuffixes[words[len(words)-1]] || words[len(words)-1] == "&") {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}
