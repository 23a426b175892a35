package extract

import (
	"regexp"
	"strings"
)

// sentenceMentions finds the companies a tokenised sentence names: at each
// name-like word, the longest run of words whose key names a company. keys
// builds the keys of runs of words; nil for a new one.
//
// A run that holds a word with a part no key of the table has (and that
// normKey keeps) has no company: runs stop before such a word, without
// changing what is found.
func (t *Table) sentenceMentions(toks []token, override map[string]*company, keys *keyMaker) []mention {
	if keys == nil {
		keys = t.newKeyMaker()
	}
	keyParts := t.aliases.keyParts()
	var out []mention
	var buf []byte
	var ends [16]int
	var words, parts []string
	var partEnds []int
	for i := 0; i < len(toks); i++ {
		if !toks[i].word || !(toks[i].nameLike() || toks[i].isAllCaps()) {
			continue
		}
		// the runs that may be names: words only, and only the last word
		// may carry a possessive or a hyphenated tail
		maxN := min(t.aliases.maxTokens+1, len(toks)-i)
		valid := 0
		buf = buf[:0]
		endsOf := ends[:0]
		words = words[:0]
		for k := i; k < i+maxN; k++ {
			// a word with a part no key has ends the runs worth a look
			if !toks[k].word || keys.blocks(toks[k].s, keyParts) {
				break
			}
			if k > i {
				buf = append(buf, ' ')
			}
			buf = append(buf, toks[k].s...)
			endsOf = append(endsOf, len(buf))
			words = append(words, toks[k].s)
			valid++
			if toks[k].poss || toks[k].hyphen != "" {
				break
			}
		}
		parts, partEnds = keys.runParts(words, parts[:0], partEnds[:0])
		for n := valid; n >= 1; n-- {
			surface := buf[:endsOf[n-1]]
			key := keys.partsKey(parts[:partEnds[n-1]]) // normKey(surface)
			c := t.aliases.byKey[string(key)]           // t.aliases.lookup, without a copy of key
			if o := override[string(key)]; o != nil {
				c = o
			}
			if c == nil {
				continue
			}
			// short aliases ("MI") must be written as the corpus wrote them
			if len(key) <= 3 && c.surfaces[string(surface)] == 0 {
				continue
			}
			out = append(out, mention{c: c, tokLo: i, tokHi: i + n})
			i += n - 1
			break
		}
	}
	return out
}

// overrides reads a short form several companies share as the one this
// article names in full: "Corvath" is Corvath Ventures in an article about
// Corvath Ventures. plain holds the mentions of each sentence read without overrides.
func (t *Table) overrides(toks [][]token, plain [][]mention) map[string]*company {
	if len(t.aliases.alternatives) == 0 {
		return nil
	}
	named := map[*company]bool{}
	used := map[string]bool{}
	for si, ts := range toks {
		for _, m := range plain[si] {
			surface := ""
			for k := m.tokLo; k < m.tokHi; k++ {
				surface += ts[k].s + " "
			}
			key := normKey(surface)
			if _, alt := t.aliases.alternatives[key]; alt {
				used[key] = true
				continue
			}
			named[m.c] = true
		}
	}
	var out map[string]*company
	for key := range used {
		var only *company
		n := 0
		for _, c := range t.aliases.alternatives[key] {
			if named[c] {
				only = c
				n++
			}
		}
		if n == 1 {
			if out == nil {
				out = map[string]*company{}
			}
			out[key] = only
		}
	}
	return out
}

// articleMentions returns the companies each tokenised sentence of an
// article names, read with the article's overrides (see [Table.overrides]).
func (t *Table) articleMentions(toks [][]token) [][]mention {
	ms := make([][]mention, len(toks))
	keys := t.newKeyMaker()
	for si, ts := range toks {
		ms[si] = t.sentenceMentions(ts, nil, keys)
	}
	override := t.overrides(toks, ms)
	if override == nil {
		return ms // with no overrides, the mentions are the same
	}
	for si, ts := range toks {
		ms[si] = t.sentenceMentions(ts, override, keys)
	}
	return ms
}

// discourse carries what earlier sentences of an article said, to resolve
// "it", "the company", "they" and "the latter".
type discourse struct {
	salient     *company
	lastSubject *company
	lastPair    [2]*company
	lastFrame   *frame
	lastMention *company
}

var (
	reRefSingle = regexp.MustCompile(`^(?:the|this)\s(?:[a-z-]+\s){0,4}?(?:company|firm|startup|start-up|group|giant|maker|manufacturer|provider|platform|operator|retailer|developer|conglomerate|business|brand|lender|bank|carrier|automaker|carmaker|chipmaker|insurer|publisher|network|service|unicorn)$`)
	rePairRef   = map[string]bool{"they": true, "both companies": true, "both the companies": true, "the two companies": true, "the two firms": true, "the two": true, "both firms": true, "both sides": true, "both parties": true, "both the parties": true, "these companies": true, "the companies": true, "the pair": true, "the duo": true, "the two sides": true, "both": true}
)

// frameString rewrites a sentence for frame matching, resolving references.
// It returns the string and the mention list its @N refer to.
func frameString(toks []token, ms []mention, dc *discourse, source string) (string, []mention) {
	var b strings.Builder
	var out []mention
	mi := 0
	clauseStart := 0 // index in b of the last clause punctuation
	var lastInSentence *company
	write := func(s string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	addMention := func(m mention) string {
		out = append(out, m)
		return "@" + itoa(len(out)-1)
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		// "Nordlys Energi (NE)", "Albrunn Pharma (SIX: ALBN)": a bracket
		// after a name that only repeats it (or names nothing) is dropped
		if t.s == "(" && mi > 0 && ms[mi-1].tokHi == i {
			if end := closeParen(toks, i, 10); end > 0 {
				same := true
				k := mi
				for ; k < len(ms) && ms[k].tokLo < end; k++ {
					if ms[k].c != ms[mi-1].c {
						same = false
					}
				}
				if same {
					mi = k
					i = end
					continue
				}
			}
		}
		if mi < len(ms) && ms[mi].tokLo == i {
			m := ms[mi]
			mi++

			last := toks[m.tokHi-1]
			sofar := strings.ToLower(b.String()[clauseStart:])
			before := strings.TrimSpace(sofar)
			after := joinLower(toks, m.tokHi, m.tokHi+3)
			parent := hasAnySuffix(before, parentBeforeEnds) && reParentBefore.MatchString(before)
			switch {
			case parent:
				m.excl = true // "X, a subsidiary of Y": Y is never a party
			case last.hyphen != "":
				m.excl = true
			case containsAnyOf(before, exclusionWords) && exclusionCue.MatchString(before) && !reBuyRival.MatchString(before):
				m.excl = true
			case hasAnySuffix(before, reporterBeforeEnds) && reporterBefore.MatchString(before) || strings.HasSuffix(before, "according to"):
				m.excl = true
			case after != "" && strings.IndexByte("rwcfs", after[0]) >= 0 && reReporterAfter.MatchString(after):
				m.excl = true
			case source != "" && normKey(source) == m.c.key:
				m.excl = true
			}
			var s string
			if m.excl {
				s = "#"
			} else {
				s = addMention(m)
			}
			if !parent {
				lastInSentence = m.c // "rival Y, whose … when it bought Z": it is Y
			}
			if last.hyphen != "" {
				s += "-" + last.hyphen
			}
			if last.poss {
				s += "'s"
			}
			write(s)
			i = m.tokHi - 1
			continue
		}
		if !t.word {
			switch t.s {
			case ",", ";", ":", ".", "(", ")", "[", "]", "-", "!", "?", "%", "$", "€", "£", "¥":
				write(t.s)
				if t.s != "-" && t.s != "%" && t.s != "$" && t.s != "€" && t.s != "£" && t.s != "¥" {
					clauseStart = b.Len()
				}
			}
			continue
		}
		// references
		if dc != nil {
			// "the latter" / "the former"
			if t.lower == "the" && i+1 < len(toks) && (toks[i+1].lower == "latter" || toks[i+1].lower == "former") {
				var c *company
				if dc.lastFrame != nil {
					if toks[i+1].lower == "latter" {
						c = dc.lastFrame.b
					} else {
						c = dc.lastFrame.a
					}
				} else if toks[i+1].lower == "latter" {
					c = dc.lastMention
				}
				if c != nil {
					s := addMention(mention{c: c, ref: true})
					if toks[i+1].poss {
						s += "'s"
					}
					write(s)
					lastInSentence = c
					i++
					continue
				}
			}
			// pair references: "they", "both companies", "the two"
			if dc.lastPair[0] != nil && pairRefFirst[t.lower] {
				matched := 0
				for n := 3; n >= 1; n-- {
					if i+n > len(toks) {
						continue
					}
					if rePairRef[joinLower(toks, i, i+n)] {
						matched = n
						break
					}
				}
				if matched > 0 && !(matched == 1 && t.lower == "both" && i+1 < len(toks) && toks[i+1].word && toks[i+1].lower != "are" && toks[i+1].lower != "will" && toks[i+1].lower != "have") {
					p := dc.lastPair
					write(addMention(mention{c: p[0], ref: true}) + " and " + addMention(mention{c: p[1], ref: true}))
					i += matched - 1
					continue
				}
			}
			// "it" (not "it is"), "the company", "the burgeoning startup"
			if (t.lower == "it" && !(i+1 < len(toks) && (toks[i+1].lower == "is" || toks[i+1].lower == "was" || toks[i+1].lower == "'s"))) ||
				(t.lower == "we" || t.lower == "we're" || t.lower == "we've") && dc.salient != nil {
				c := firstNonNil(lastInSentence, dc.lastSubject, dc.salient)
				if t.lower != "it" {
					c = dc.salient // "we" is the company telling the story
				}
				if c != nil {
					write(addMention(mention{c: c, ref: true}))
					lastInSentence = c
					continue
				}
			}
			if t.lower == "the" || t.lower == "this" {
				for n := 6; n >= 2; n-- {
					if i+n > len(toks) {
						continue
					}
					if !refSingleNouns[lowerForm(toks[i+n-1])] {
						continue // reRefSingle ends with one of these nouns
					}
					phrase := joinLower(toks, i, i+n)
					if strings.ContainsAny(phrase, ",;.") || !reRefSingle.MatchString(phrase) {
						continue
					}
					// "the US company instead of…" and other descriptors are
					// references only as a subject, or as the object of a
					// deal preposition ("a stake in the company": the
					// company the sentence is about, not the buyer)
					subject := i == 0 || (i > 0 && (toks[i-1].s == "," || toks[i-1].lower == "that"))
					object := i > 0 && objectPreps[toks[i-1].lower]
					if !subject && !object {
						break
					}
					if object {
						var c *company
						for _, m := range out {
							if m.c != lastInSentence {
								c = m.c
								break
							}
						}
						if c == nil && dc.lastSubject != lastInSentence {
							c = dc.lastSubject
						}
						if c != nil {
							write(addMention(mention{c: c, ref: true}))
							i += n - 1
							goto next
						}
						break
					}
					if c := firstNonNil(lastInSentence, dc.lastSubject, dc.salient); c != nil {
						s := addMention(mention{c: c, ref: true})
						if toks[i+n-1].poss {
							s += "'s"
						}
						write(s)
						lastInSentence = c
						i += n - 1
						goto next
					}
				}
			}
		}
		{
			w := t.lower
			if t.hyphen != "" {
				w += "-" + t.hyphen
			}
			if t.poss {
				w += "'s"
			}
			write(w)
		}
	next:
	}
	return collapseAsides(b.String()), out
}

var reAside = regexp.MustCompile(` , (?:which|who|whose|where|a|an|one of|the) [^@,;]{0,160}? ,`)

// reAsideDeal finds deal words that keep an aside: "X, which had acquired a
// minority stake in 2017, …".
var reAsideDeal = regexp.MustCompile(`\b(?:acqui\w*|bought|buy\w*|invest\w*|stake|shares|merg\w*|partner\w*|licen\w*|venture|takeover|took over)\b`)

// collapseAsides drops relative clauses and appositives that name no
// company and tell no deal ("X, which makes software for restaurants,
// raised …"), so the subject stays near its verb.
func collapseAsides(fs string) string {
	if !strings.Contains(fs, " , ") {
		return fs
	}
	return reAside.ReplaceAllStringFunc(fs, func(m string) string {
		if reAsideDeal.MatchString(m) {
			return m
		}
		return ""
	})
}

var (
	// reParentBefore: "X, a subsidiary of Y", "a unit of Y": the parent.
	reParentBefore = regexp.MustCompile(`\b(?:a|an|the|its)\s(?:\S+\s){0,2}?(?:subsidiary|subsidiaries|unit|division|arm|affiliate|part|member|portfolio company|holding company|parent company|parent)\sof$|\b(?:owned|controlled) by$`)
	// reBuyRival: "agreed to buy rival Y" makes Y the target, not a rival
	// to leave out
	reBuyRival = regexp.MustCompile(`\b(?:acquire[sd]?|acquiring|buy|buys|buying|bought|purchase[sd]?|take over|takes over|took over|merge with|merger with|acquisition of|takeover of|bid for|offer for)\s(?:\S+\s){0,2}?rivals?$`)
)

// closeParen returns the index of the ")" closing the "(" at toks[i], at
// most max tokens on, or -1.
func closeParen(toks []token, i, max int) int {
	for k := i + 1; k < len(toks) && k <= i+max; k++ {
		switch toks[k].s {
		case ")":
			return k
		case "(":
			return -1
		}
	}
	return -1
}

// reReporterAfter: "X reported that …" makes X the source, not a party.
var reReporterAfter = regexp.MustCompile(`^(?:reported|reports|wrote|writes|cited|first reported|said in a report)\b`)

// objectPreps introduce the object of a deal: "a stake in", "invest into".
var objectPreps = set("in|into|of|for|acquire|acquired|acquires|buy|buys|bought")

func firstNonNil(cs ...*company) *company {
	for _, c := range cs {
		if c != nil {
			return c
		}
	}
	return nil
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
