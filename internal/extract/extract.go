// Package extract finds the deals that news articles describe: who partnered
// with, invested in, acquired or merged with whom, with roles, kind, status,
// amount, date, focus areas and the sentences that support each fact.
//
// It is a rule-based pipeline with no company names built in. Names are
// learned from the corpus: capitalised phrases are typed as organisations,
// people or places from the evidence around them, variants of one name are
// merged (legal suffixes, "X (Y)" aliases, short forms, misspellings), and
// deals are read from frames around trigger words ("X … partnership with Y",
// "Y was acquired by X"). The same deal told by several articles becomes one
// deal with several sources.
package extract

import (
	"crypto/sha1"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// Result is what extraction finds in a corpus.
type Result struct {
	Deals     []deal.Deal
	Companies []deal.Company
	// Mentions maps an article ID to, per sentence index, the keys of the
	// companies the sentence names.
	Mentions map[string]map[int][]string
}

// Extract finds the deals in articles. It never fails: an article with no
// deal adds none.
func Extract(articles []corpus.Article) Result {
	x := &extractor{fx: loadFX(), stats: map[string]*nameStats{}}
	x.learnNames(articles)
	var found []*articleDeal
	mentions := map[string]map[int][]string{}
	for i := range articles {
		ads, ms := x.articleDeals(&articles[i])
		found = append(found, ads...)
		if len(ms) > 0 {
			mentions[articles[i].ID] = ms
		}
	}
	deals := x.consolidate(found)
	return Result{Deals: deals, Companies: x.companyList(deals), Mentions: mentions}
}

type extractor struct {
	fx    *fxTable
	stats map[string]*nameStats
	table *aliasTable
}

// learnNames runs over the corpus once to find names, type them and build
// the alias table.
func (x *extractor) learnNames(articles []corpus.Article) {
	var parens [][2]string
	for ai := range articles {
		a := &articles[ai]
		for si := range a.Sentences {
			s := &a.Sentences[si]
			toks := tokenize(s.Norm)
			cs := candidates(toks)
			for ci, c := range cs {
				st := x.stats[c.key]
				if st == nil {
					st = &nameStats{key: c.key, surfaces: map[string]int{}, articles: map[string]int{}, firstPos: map[string]int{}, initialOnly: true}
					x.stats[c.key] = st
				}
				st.count++
				st.surfaces[c.surface]++
				st.articles[a.ID]++
				if _, ok := st.firstPos[a.ID]; !ok {
					st.firstPos[a.ID] = si
				}
				if !c.initial {
					st.initialOnly = false
				}
				if s.Kind != corpus.Heading {
					var nc *cand
					for k := ci + 1; k < len(cs) && k <= ci+2; k++ {
						if (cs[k].first == c.last+2 && toks[c.last+1].s != "(") || (cs[k].first == c.last+5 && toks[c.last+1].s == "(" && toks[c.last+3].s == ")") {
							nc = &cs[k]
							break
						}
					}
					gatherEvidence(st, c, nc, toks)
				}
				// "X (Y)"
				if ci+1 < len(cs) {
					n := cs[ci+1]
					if n.first == c.last+2 && toks[c.last+1].s == "(" && n.last+1 < len(toks) && toks[n.last+1].s == ")" {
						parens = append(parens, [2]string{c.key, n.key})
					}
				}
			}
		}
	}
	typeNames(x.stats)
	// being a party in a deal frame is evidence of an organisation: run the
	// frames over every name not already a person, place or common word
	x.frameEvidence(articles)
	for _, st := range x.stats {
		if st.typ != typePerson && st.typ != typePlace {
			st.typ = typeUnknown
		}
	}
	typeNames(x.stats)
	x.table = buildAliases(x.stats, parens)
}

// frameEvidence credits the names that fill a deal frame's slots.
func (x *extractor) frameEvidence(articles []corpus.Article) {
	tmp := map[string]*company{}
	for ai := range articles {
		a := &articles[ai]
		for si := range a.Sentences {
			s := &a.Sentences[si]
			if s.Kind == corpus.Heading {
				continue
			}
			toks := tokenize(s.Norm)
			var ms []mention
			for _, c := range candidates(toks) {
				st := x.stats[c.key]
				if st == nil || st.typ == typePerson || st.typ == typePlace || st.typ == typeCommon {
					continue
				}
				co := tmp[c.key]
				if co == nil {
					co = &company{key: c.key}
					tmp[c.key] = co
				}
				ms = append(ms, mention{c: co, tokLo: c.first, tokHi: c.last + 1})
			}
			if len(ms) < 2 {
				continue
			}
			fs, fms := x.frameString(toks, ms, nil, a.Source)
			for _, f := range findFrames(fs, fms, nil) {
				x.stats[f.a.key].org += 2
				x.stats[f.b.key].org += 2
			}
		}
	}
}

// sentenceMentions finds the companies a tokenised sentence names.
func (x *extractor) sentenceMentions(toks []token) []mention {
	var out []mention
	for i := 0; i < len(toks); i++ {
		if !toks[i].word || !(toks[i].nameLike() || toks[i].isAllCaps()) {
			continue
		}
		for n := min(x.table.maxTokens+1, len(toks)-i); n >= 1; n-- {
			ok := true
			parts := make([]string, 0, n)
			for k := i; k < i+n; k++ {
				if !toks[k].word || (k < i+n-1 && (toks[k].poss || toks[k].hyphen != "")) {
					ok = false
					break
				}
				parts = append(parts, toks[k].s)
			}
			if !ok {
				continue
			}
			surface := strings.Join(parts, " ")
			key := normKey(surface)
			c := x.table.lookup(key)
			if c == nil {
				continue
			}
			// short aliases ("MI") must be written as the corpus wrote them
			if len(key) <= 3 && c.surfaces[surface] == 0 {
				continue
			}
			out = append(out, mention{c: c, tokLo: i, tokHi: i + n})
			i += n - 1
			break
		}
	}
	return out
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
func (x *extractor) frameString(toks []token, ms []mention, dc *discourse, source string) (string, []mention) {
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
		if mi < len(ms) && ms[mi].tokLo == i {
			m := ms[mi]
			mi++
			// "Nordlys Energi (NE)": the bracketed alias repeats the name
			if i > 0 && toks[i-1].s == "(" && m.tokHi < len(toks) && toks[m.tokHi].s == ")" && mi >= 2 && ms[mi-2].c == m.c && ms[mi-2].tokHi == i-1 {
				s := b.String()
				b.Reset()
				b.WriteString(strings.TrimRight(strings.TrimSuffix(strings.TrimRight(s, " "), "("), " "))
				clauseStart = min(clauseStart, b.Len())
				i = m.tokHi // skip ")"
				continue
			}
			last := toks[m.tokHi-1]
			sofar := strings.ToLower(b.String()[clauseStart:])
			before := strings.TrimSpace(sofar)
			after := joinLower(toks, m.tokHi, m.tokHi+3)
			switch {
			case last.hyphen != "":
				m.excl = true
			case exclusionCue.MatchString(before):
				m.excl = true
			case reporterBefore.MatchString(before) || strings.HasSuffix(before, "according to"):
				m.excl = true
			case regexp.MustCompile(`^(?:reported|reports|wrote|writes|cited|first reported|said in a report)\b`).MatchString(after):
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
			lastInSentence = m.c // "rival Y, whose … when it bought Z": it is Y
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
			case ",", ";", ":", ".", "(", ")", "[", "]", "-", "!", "?":
				write(t.s)
				if t.s != "-" {
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
			if dc.lastPair[0] != nil {
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
			if t.lower == "it" && !(i+1 < len(toks) && (toks[i+1].lower == "is" || toks[i+1].lower == "was" || toks[i+1].lower == "'s")) {
				if c := firstNonNil(lastInSentence, dc.lastSubject, dc.salient); c != nil {
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
	return b.String(), out
}

// objectPreps introduce the object of a deal: "a stake in", "invest into".
var objectPreps = set("in|into|of|acquire|acquired|acquires|buy|buys|bought")

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

// rawDeal is one frame in one sentence, with the facts read around it.
type rawDeal struct {
	f        frame
	art      *corpus.Article
	sent     int
	historic bool
	status   deal.Status
	cue      string
	date     deal.Date
	dateSent int
	amount   *deal.Amount
	amtSent  int
}

// articleDeal is a deal as one article tells it.
type articleDeal struct {
	art            *corpus.Article
	parties        []*company // in order of appearance; for directed kinds, investor/acquirer first
	roles          map[*company]deal.Role
	kinds          []deal.Kind
	historic       bool
	status         deal.Status
	cue            string
	cueSent        int
	date           deal.Date
	dateSent       int // -1: the article date
	amount         *deal.Amount
	amtSent        int
	sents          []int // supporting sentences, in order
	bestSent       int
	focusSentences []int
	kindSent       int
	both           map[int]bool // sentences that name both parties
	specific       bool         // some frame named its kind, not just "deal" or "agreement"
}

// foldGeneric folds an alliance told only with generic words ("the deal …
// with X") into a specific deal between the same pair in the article: "agree
// to merge in an all-share deal" is one merger, not a merger and a
// partnership.
func foldGeneric(ads []*articleDeal) []*articleDeal {
	var out []*articleDeal
	for _, ad := range ads {
		if ad.specific || ad.kinds[0].Family() != "alliance" {
			out = append(out, ad)
			continue
		}
		var into *articleDeal
		for _, o := range ads {
			if o != ad && o.specific && o.historic == ad.historic && pairOf(o.parties[0], o.parties[1]) == pairOf(ad.parties[0], ad.parties[1]) {
				into = o
				break
			}
		}
		if into == nil {
			out = append(out, ad)
			continue
		}
		for _, si := range ad.sents {
			if !containsInt(into.sents, si) {
				into.sents = append(into.sents, si)
			}
		}
		sort.Ints(into.sents)
	}
	return out
}

func (ad *articleDeal) namesBoth(si int) bool { return ad.both[si] }

var reOrphanStake = regexp.MustCompile(`@(\d+)[^;]{0,160}?\b(?:buy|buys|acquire|acquires|purchase|purchases|take|takes|took|taking|pay|pays|paid)\s(?:\S+\s){0,3}?(?:stock|shares|stakes?|equity)\b`)

// articleDeals reads one article's deals, and the companies each sentence
// names.
func (x *extractor) articleDeals(a *corpus.Article) ([]*articleDeal, map[int][]string) {
	dc := &discourse{}
	var raws []rawDeal
	sentMentions := map[int][]string{}
	sentComps := map[int][]*company{}
	year := 0
	if !a.Date.IsZero() {
		year = a.Date.Year()
	}
	for si := range a.Sentences {
		s := &a.Sentences[si]
		toks := tokenize(s.Norm)
		ms := x.sentenceMentions(toks)
		keys := map[string]bool{}
		for _, m := range ms {
			if !keys[m.c.key] {
				keys[m.c.key] = true
				sentMentions[si] = append(sentMentions[si], m.c.key)
			}
		}
		if dc.salient == nil && len(ms) > 0 && (s.Kind == corpus.Title || s.Kind == corpus.Body) {
			dc.salient = ms[0].c
		}
		if s.Kind == corpus.Heading {
			continue
		}
		fs, fms := x.frameString(toks, ms, dc, a.Source)
		for _, m := range fms {
			sentComps[si] = append(sentComps[si], m.c)
		}
		context := firstNonNil(dc.lastSubject, dc.salient)
		frames := findFrames(fs, fms, context)
		// "… partnership with Y and plans to buy stock": the stake is in Y
		if len(frames) > 0 {
			if loc := reOrphanStake.FindStringSubmatchIndex(fs); loc != nil {
				ia := atoiSafe(fs[loc[2]:loc[3]])
				for _, f := range frames {
					if f.kind.Family() == "alliance" && ia < len(fms) && fms[ia].c == f.a {
						frames = append(frames, frame{kind: deal.Investment, a: f.a, b: f.b, directed: true, trigger: fs[loc[0]:loc[1]], pos: loc[0], bothNamed: f.bothNamed})
						break
					}
				}
			}
		}
		lower := strings.ToLower(s.Norm)
		if len(frames) > 0 {
			st, cue := statusOf(lower)
			hist := isHistoric(lower)
			dates := findDates(s.Norm, a.Date)
			var money []money
			for _, m := range findMoney(s.Norm, year, x.fx) {
				if !m.context {
					money = append(money, m)
				}
			}
			for _, f := range frames {
				r := rawDeal{f: f, art: a, sent: si, historic: hist, status: st, cue: cue, dateSent: -1, amtSent: -1}
				// a date in the sentence, not a founding date
				for _, d := range dates {
					if d.founding || d.target {
						continue
					}
					if !a.Date.IsZero() && d.d.Time().After(a.Date) {
						continue // a future date is a target, not the deal's date
					}
					r.date, r.dateSent = d.d, si
					break
				}
				if r.date.IsZero() {
					if d, ds := followingDate(a, si, f); !d.IsZero() {
						r.date, r.dateSent = d, ds
					}
				}
				if !r.date.IsZero() && !a.Date.IsZero() && r.date.Time().Before(a.Date.AddDate(-1, 0, 0)) {
					r.historic = true
				}
				if len(money) > 0 && f.kind != deal.Partnership || len(money) > 0 && regexp.MustCompile(`\b(?:worth|valued at|for|deal of|invest\w*)\b`).MatchString(lower) {
					if len(money) > 0 {
						m := money[0]
						r.amount, r.amtSent = &m.amt, si
					}
				}
				raws = append(raws, r)
			}
			last := frames[len(frames)-1]
			dc.lastFrame = &last
			dc.lastPair = [2]*company{frames[0].a, frames[0].b}
		} else if len(fms) >= 2 {
			// a coordinated pair sets "they": "X and Y …"
			if m := regexp.MustCompile(`@(\d+) (?:and|&) @(\d+)`).FindStringSubmatch(fs); m != nil {
				p, q := fms[atoiSafe(m[1])].c, fms[atoiSafe(m[2])].c
				if p != q {
					dc.lastPair = [2]*company{p, q}
				}
			}
		}
		if len(fms) > 0 {
			dc.lastSubject = fms[0].c
			dc.lastMention = fms[len(fms)-1].c
		}
	}
	return x.groupArticle(a, raws, sentComps), sentMentions
}

var reDealSubject = regexp.MustCompile(`^(?:the|this|that)\s(?:\S+\s){0,2}?(?:deal|agreement|acquisition|transaction|merger|takeover|purchase|investment|round|partnership|alliance|licen[cs]e|contract|venture|mou|pact|sale)\s?,?\s(?:which\s)?(?:was\s|were\s|is\s|has\s|has been\s|had been\s|will be\s)?(?:signed|closed|completed|announced|agreed|finali[sz]ed|struck|reached|sealed|inked|approved|unveiled|concluded)\b`)

// followingDate reads a deal's date from the next sentences when they tell
// it about "the deal": "The deal closed on Monday." They must not name
// other companies.
func followingDate(a *corpus.Article, si int, f frame) (deal.Date, int) {
	for k := si + 1; k < len(a.Sentences) && k <= si+2; k++ {
		s := a.Sentences[k]
		if s.Kind != corpus.Body {
			break
		}
		lower := strings.ToLower(strings.TrimSpace(s.Norm))
		if !reDealSubject.MatchString(lower) {
			continue
		}
		verbEnd := len(reDealSubject.FindString(lower))
		for _, d := range findDates(s.Norm, a.Date) {
			if d.lo < verbEnd || d.founding || d.target || (!a.Date.IsZero() && d.d.Time().After(a.Date)) {
				continue
			}
			return d.d, k
		}
	}
	return deal.Date{}, -1
}

func atoiSafe(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func pairOf(a, b *company) [2]*company {
	if a.key > b.key {
		a, b = b, a
	}
	return [2]*company{a, b}
}

// groupArticle merges an article's frames into its deals: frames about the
// same pair are one deal (a partnership with a share purchase has two
// facets), except that earlier deals the article recalls stay apart.
func (x *extractor) groupArticle(a *corpus.Article, raws []rawDeal, sentComps map[int][]*company) []*articleDeal {
	var ads []*articleDeal
	for _, r := range raws {
		p := pairOf(r.f.a, r.f.b)
		var into *articleDeal
		for _, ad := range ads {
			if pairOf(ad.parties[0], ad.parties[1]) != p || ad.historic != r.historic {
				continue
			}
			fam := r.f.kind.Family()
			famOK := false
			for _, k := range ad.kinds {
				if k.Family() == fam || (k.Family() == "alliance" && fam == "capital") || (k.Family() == "capital" && fam == "alliance") {
					famOK = true
				}
			}
			if !famOK {
				continue
			}
			if r.historic {
				// earlier deals merge only when they agree on date and kind,
				// or the new mention is vague (an undated partnership)
				vague := r.date.IsZero() && r.f.kind == deal.Partnership
				same := ad.kinds[0] == r.f.kind && (r.date.IsZero() || ad.date.IsZero() || r.date == ad.date)
				if !vague && !same {
					continue
				}
			}
			into = ad
			break
		}
		if into == nil {
			into = &articleDeal{art: a, roles: map[*company]deal.Role{}, dateSent: -1, amtSent: -1, cueSent: -1, historic: r.historic, kindSent: r.sent, bestSent: r.sent}
			into.parties = []*company{r.f.a, r.f.b}
			ads = append(ads, into)
		}
		into.addKind(r.f.kind, r.historic && r.date.IsZero() && r.f.kind == deal.Partnership && len(into.kinds) > 0)
		if r.f.directed {
			inv, tgt := deal.RoleInvestor, deal.RoleInvestee
			if r.f.kind == deal.Acquisition {
				inv, tgt = deal.RoleAcquirer, deal.RoleTarget
			}
			if into.roles[r.f.a] == "" || r.f.kind == deal.Acquisition {
				into.roles[r.f.a], into.roles[r.f.b] = inv, tgt
				into.parties = []*company{r.f.a, r.f.b}
			}
		}
		if r.status != "" && (into.status == "" || r.status.Rank() > into.status.Rank()) {
			into.status, into.cue, into.cueSent = r.status, r.cue, r.sent
		}
		if into.date.IsZero() && !r.date.IsZero() {
			into.date, into.dateSent = r.date, r.dateSent
		}
		if r.amount != nil && (into.amount == nil || (into.amount.IsRange() && !r.amount.IsRange())) {
			into.amount, into.amtSent = r.amount, r.amtSent
		}
		if !containsInt(into.sents, r.sent) {
			into.sents = append(into.sents, r.sent)
		}
		if !r.f.generic {
			into.specific = true
		}
	}
	ads = foldGeneric(ads)
	for _, ad := range ads {
		ad.bestSent = x.bestSentence(a, ad)
		if ad.status == "" {
			ad.status = deal.Announced
			if ad.historic {
				ad.status = deal.Completed
			}
		}
		if ad.historic && ad.status == deal.Announced {
			ad.status = deal.Completed
		}
		if ad.date.IsZero() && !ad.historic && !a.Date.IsZero() {
			ad.date = deal.DateOf(a.Date, deal.Day)
			ad.dateSent = -1
		}
		ad.focusSentences = x.focusSentences(a, ad, ads, sentComps)
	}
	return ads
}

func (ad *articleDeal) addKind(k deal.Kind, vague bool) {
	if vague {
		return
	}
	for _, x := range ad.kinds {
		if x == k {
			return
		}
	}
	ad.kinds = append(ad.kinds, k)
}

// bestSentence picks the sentence that best shows a deal: a body sentence
// naming both parties, else the first body sentence, else the first.
func (x *extractor) bestSentence(a *corpus.Article, ad *articleDeal) int {
	best, bestScore := ad.sents[0], -1
	for _, si := range ad.sents {
		s := a.Sentences[si]
		score := 0
		if s.Kind == corpus.Body {
			score += 2
		}
		named := map[*company]bool{}
		for _, m := range x.sentenceMentions(tokenize(s.Norm)) {
			named[m.c] = true
		}
		if named[ad.parties[0]] && named[ad.parties[1]] {
			score += 3
			if ad.both == nil {
				ad.both = map[int]bool{}
			}
			ad.both[si] = true
		}
		if strings.ContainsAny(s.Text, "“”\"") {
			score--
		}
		if score > bestScore {
			best, bestScore = si, score
		}
	}
	return best
}

func containsInt(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

var reDealNoun = regexp.MustCompile(`\b(?:the|this|their|its) (?:partnership|deal|agreement|alliance|collaboration|investment|acquisition|merger|joint venture|tie-up|mou)\b`)

// focusSentences are the sentences a deal's focus areas are read from: its
// own sentences, and for a current deal the sentences about only its parties
// or about "the partnership".
func (x *extractor) focusSentences(a *corpus.Article, ad *articleDeal, all []*articleDeal, sentComps map[int][]*company) []int {
	out := append([]int(nil), ad.sents...)
	if ad.historic {
		return out
	}
	others := map[int]bool{}
	current := 0
	for _, o := range all {
		if o != ad {
			for _, s := range o.sents {
				others[s] = true
			}
		}
		if !o.historic {
			current++
		}
	}
	for si := range a.Sentences {
		if others[si] || containsInt(out, si) || a.Sentences[si].Kind == corpus.Heading {
			continue
		}
		cs := sentComps[si]
		has := map[*company]bool{}
		others := false
		for _, c := range cs {
			has[c] = true
			if c != ad.parties[0] && c != ad.parties[1] {
				others = true
			}
		}
		dealNoun := reDealNoun.MatchString(strings.ToLower(a.Sentences[si].Norm))
		var ok bool
		switch {
		case others:
			ok = false
		case has[ad.parties[0]] && has[ad.parties[1]]:
			ok = true // both parties
		case len(cs) > 0:
			ok = dealNoun // one party and "the partnership"
		default:
			ok = dealNoun && current == 1
		}
		if ok {
			out = append(out, si)
		}
	}
	sort.Ints(out)
	return out
}

// deal consolidation across articles

type consDeal struct {
	parts []*articleDeal
}

func (c *consDeal) pair() [2]*company {
	return pairOf(c.parts[0].parties[0], c.parts[0].parties[1])
}

func compatible(c *consDeal, ad *articleDeal) bool {
	if c.pair() != pairOf(ad.parties[0], ad.parties[1]) {
		return false
	}
	first := c.parts[0]
	if first.historic != ad.historic {
		// an earlier deal recalled by a later article is the same deal as
		// the one reported at the time, when both dates agree
		if first.date.IsZero() || ad.date.IsZero() {
			return false
		}
	}
	kindOK := first.kinds[0] == ad.kinds[0]
	for _, k := range first.kinds {
		for _, l := range ad.kinds {
			if k == l {
				kindOK = true
			}
		}
	}
	if !kindOK {
		return false
	}
	for _, p := range c.parts {
		if !p.date.IsZero() && !ad.date.IsZero() {
			d := p.date.Time().Sub(ad.date.Time())
			if d < 0 {
				d = -d
			}
			if d > 366*24*time.Hour {
				return false
			}
		}
	}
	return true
}

func (x *extractor) consolidate(ads []*articleDeal) []deal.Deal {
	var cons []*consDeal
	for _, ad := range ads {
		var into *consDeal
		for _, c := range cons {
			if compatible(c, ad) {
				into = c
				break
			}
		}
		if into == nil {
			into = &consDeal{}
			cons = append(cons, into)
		}
		into.parts = append(into.parts, ad)
	}
	var out []deal.Deal
	for _, c := range cons {
		out = append(out, x.build(c))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[j].Date.Before(out[i].Date)
		}
		return strings.Join(out[i].PartyNames(), ",") < strings.Join(out[j].PartyNames(), ",")
	})
	return out
}

// build turns a consolidated group into a deal.Deal.
func (x *extractor) build(c *consDeal) deal.Deal {
	parts := append([]*articleDeal(nil), c.parts...)
	sort.SliceStable(parts, func(i, j int) bool {
		di, dj := parts[i].art.Date, parts[j].art.Date
		if di.IsZero() != dj.IsZero() {
			return !di.IsZero()
		}
		return di.Before(dj)
	})
	first := parts[0]
	d := deal.Deal{Evidence: map[string]deal.Evidence{}}
	// kinds, main kind first
	for _, p := range parts {
		for _, k := range p.kinds {
			if !d.HasKind(k) {
				d.Kinds = append(d.Kinds, k)
			}
		}
	}
	d.Kind = d.Kinds[0]
	d.Historic = first.historic
	// parties and roles: roles from any directed facet
	roles := map[*company]deal.Role{}
	order := first.parties
	for _, p := range parts {
		for co, r := range p.roles {
			if roles[co] == "" || r == deal.RoleAcquirer || r == deal.RoleTarget {
				roles[co] = r
			}
		}
		if len(p.roles) > 0 && len(first.roles) == 0 {
			order = p.parties
		}
	}
	if len(roles) == 2 && (roles[order[0]] == deal.RoleInvestee || roles[order[0]] == deal.RoleTarget) {
		order = []*company{order[1], order[0]}
	}
	for _, co := range order {
		r := roles[co]
		if r == "" {
			r = deal.RolePartner
		}
		d.Parties = append(d.Parties, deal.Party{Name: co.name, Role: r})
	}
	// status: the latest dated report wins; without dates, the most advanced
	dated := true
	for _, p := range parts {
		if p.art.Date.IsZero() {
			dated = false
		}
	}
	var statusPart *articleDeal
	for _, p := range parts {
		switch {
		case statusPart == nil:
			statusPart = p
		case dated && !p.art.Date.Before(statusPart.art.Date) && (p.art.Date.After(statusPart.art.Date) || p.status.Rank() > statusPart.status.Rank()):
			statusPart = p
		case !dated && p.status.Rank() > statusPart.status.Rank():
			statusPart = p
		}
	}
	d.Status = statusPart.status
	if statusPart.cueSent >= 0 {
		d.Evidence["status"] = evidenceOf(statusPart.art, statusPart.cueSent, statusPart.cue)
	} else {
		cue := "stated as news, with no hedge: announced"
		if statusPart.historic {
			cue = "told as an earlier deal: completed"
		}
		d.Evidence["status"] = evidenceOf(statusPart.art, statusPart.bestSent, cue)
	}
	// history: each status with the date it was first seen
	seen := map[deal.Status]bool{}
	for _, p := range parts {
		if seen[p.status] {
			continue
		}
		seen[p.status] = true
		when := p.date
		if !p.art.Date.IsZero() {
			when = deal.DateOf(p.art.Date, deal.Day)
		}
		d.History = append(d.History, deal.StatusChange{Status: p.status, Date: when, Article: p.art.ID, Cue: p.cue})
	}
	if len(d.History) < 2 {
		d.History = nil
	}
	// date: the earliest known
	for _, p := range parts {
		if !p.date.IsZero() && (d.Date.IsZero() || earlierOrFiner(p.date, d.Date)) {
			d.Date = p.date
			if p.dateSent >= 0 {
				d.Evidence["date"] = evidenceOf(p.art, p.dateSent, "")
			} else {
				d.Evidence["date"] = deal.Evidence{Article: p.art.ID, Sentence: -1, Text: "the article's date", Cue: "article date"}
			}
		}
	}
	// amount: a point value beats a range
	for _, p := range parts {
		if p.amount == nil {
			continue
		}
		if d.Amount == nil || (d.Amount.IsRange() && !p.amount.IsRange()) {
			a := *p.amount
			if a.Currency != "USD" && !d.Date.IsZero() && a.FXSource == "table" {
				x.fx.toUSD(&a, d.Date.Year)
			}
			d.Amount = &a
			d.Evidence["amount"] = evidenceOf(p.art, p.amtSent, a.Text)
		}
	}
	d.Evidence["parties"] = evidenceOf(first.art, first.bestSent, "")
	d.Evidence["kind"] = evidenceOf(first.art, first.kindSent, "")
	// sources and snippets
	names := d.PartyNames()
	for _, p := range parts {
		src := deal.Source{Article: p.art.ID, Title: p.art.Title, URL: p.art.URL, Status: p.status, Sentences: p.sents}
		if !p.art.Date.IsZero() {
			src.Date = deal.DateOf(p.art.Date, deal.Day)
		}
		src.Snippet = snippet(p.art.Sentences[p.bestSent].Text, names)
		d.Sources = append(d.Sources, src)
	}
	// focus areas
	d.Areas, d.Evidence = x.areas(parts, d.Evidence)
	if d.Areas == nil {
		d.Areas = []string{}
	}
	d.Summary = summarize(parts, names)
	d.ID = dealID(c.pair(), d.Kind.Family(), first.art.ID, first.sents[0])
	return d
}

// earlierOrFiner reports whether date a should replace b as a deal's date:
// it is earlier, or it is the same period told more precisely ("2016-09-14"
// rather than "2016").
func earlierOrFiner(a, b deal.Date) bool {
	if a.Year == b.Year && (b.Month == 0 || a.Month == b.Month) && len(a.String()) > len(b.String()) {
		return true
	}
	if b.Year == a.Year && (a.Month == 0 || a.Month == b.Month) && len(b.String()) > len(a.String()) {
		return false
	}
	return a.Before(b)
}

func evidenceOf(a *corpus.Article, si int, cue string) deal.Evidence {
	if si < 0 || si >= len(a.Sentences) {
		return deal.Evidence{Article: a.ID, Sentence: -1, Cue: cue}
	}
	return deal.Evidence{Article: a.ID, Sentence: si, Text: a.Sentences[si].Text, Cue: cue}
}

// dealID is stable across rebuilds of the same corpus: the parties, the kind
// family and where the deal is first told.
func dealID(p [2]*company, family string, art string, sent int) string {
	h := sha1.New()
	h.Write([]byte(p[0].key + "|" + p[1].key + "|" + family + "|" + art + "|" + itoa(sent)))
	return "d" + hex.EncodeToString(h.Sum(nil))[:10]
}

// areas collects focus terms from the deal's focus sentences, most frequent
// first.
func (x *extractor) areas(parts []*articleDeal, ev map[string]deal.Evidence) ([]string, map[string]deal.Evidence) {
	count := map[string]int{}
	firstAt := map[string]int{}
	pos := 0
	var firstEv *deal.Evidence
	for _, p := range parts {
		for _, si := range p.focusSentences {
			lower := " " + strings.ToLower(p.art.Sentences[si].Norm) + " "
			for _, ft := range focusTerms {
				if containsWord(lower, ft.pat) {
					count[ft.label]++
					if _, ok := firstAt[ft.label]; !ok {
						firstAt[ft.label] = pos
						pos++
						if firstEv == nil {
							e := evidenceOf(p.art, si, ft.pat)
							firstEv = &e
						}
					}
				}
			}
		}
	}
	var labels []string
	for l := range count {
		labels = append(labels, l)
	}
	// "short video" implies "video"; keep the more specific term
	drop := map[string]bool{}
	for _, l := range labels {
		for _, m := range labels {
			if l != m && strings.Contains(l, m) {
				drop[m] = true
			}
		}
	}
	var keep []string
	for _, l := range labels {
		if !drop[l] {
			keep = append(keep, l)
		}
	}
	sort.Slice(keep, func(i, j int) bool {
		if count[keep[i]] != count[keep[j]] {
			return count[keep[i]] > count[keep[j]]
		}
		return firstAt[keep[i]] < firstAt[keep[j]]
	})
	if len(keep) > 6 {
		keep = keep[:6]
	}
	if firstEv != nil {
		ev["areas"] = *firstEv
	}
	return keep, ev
}

var wordBoundary = func(r byte) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
}

// containsWord reports whether pat occurs in s on word boundaries (an "s"
// plural allowed).
func containsWord(s, pat string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], pat)
		if k < 0 {
			return false
		}
		k += i
		end := k + len(pat)
		if end < len(s) && s[end] == 's' {
			end++
		}
		if (k == 0 || wordBoundary(s[k-1])) && (end >= len(s) || wordBoundary(s[end])) {
			return true
		}
		i = k + 1
	}
}

// snippet trims a sentence to about 300 characters around the first party
// name it contains.
func snippet(text string, names []string) string {
	const max = 300
	r := []rune(text)
	if len(r) <= max {
		return text
	}
	lower := strings.ToLower(text)
	at := -1
	for _, n := range names {
		if k := strings.Index(lower, strings.ToLower(n)); k >= 0 && (at < 0 || k < at) {
			at = k
		}
	}
	start := 0
	if at > 0 {
		start = len([]rune(text[:at])) - 60
		if start < 0 {
			start = 0
		}
	}
	end := start + max
	if end > len(r) {
		end = len(r)
		start = max0(end - max)
	}
	out := string(r[start:end])
	if start > 0 {
		out = "…" + strings.TrimLeft(out[strings.IndexByte(out, ' ')+1:], " ")
	}
	if end < len(r) {
		if k := strings.LastIndexByte(out, ' '); k > 0 {
			out = out[:k]
		}
		out += "…"
	}
	return out
}

func max0(n int) int {
	if n < 0 {
		return 0
	}
	return n
}

// summarize picks one or two sentences that best tell the deal: both parties
// named, a trigger, an amount, a status cue, early in the article; then a
// second sentence that adds a fact.
func summarize(parts []*articleDeal, names []string) string {
	type cand struct {
		text  string
		score float64
		facts string
		art   *corpus.Article
		sent  int
	}
	var cs []cand
	seen := map[string]bool{}
	for pi, p := range parts {
		for _, si := range p.sents {
			s := p.art.Sentences[si]
			if seen[s.Norm] {
				continue
			}
			seen[s.Norm] = true
			lower := strings.ToLower(s.Norm)
			score := 2.0 // a frame sentence has a trigger
			if p.namesBoth(si) {
				score += 3
			}
			facts := ""
			if len(findMoney(s.Norm, 0, nil0)) > 0 {
				score++
				facts += "a"
			}
			if st, _ := statusOf(lower); st != "" {
				score++
				facts += "s"
			}
			if si < len(p.art.Sentences)/3+1 {
				score++
			}
			if s.Kind == corpus.Body && si == firstBody(p) {
				score += 1.5 // the sentence that first tells the deal
			}
			if s.Kind == corpus.Bullet || strings.ContainsAny(s.Text, "“\"") {
				score -= 2
			}
			if s.Kind == corpus.Title {
				score -= 1
			}
			if len(strings.Fields(s.Text)) > 40 {
				score--
			}
			score -= float64(pi) * 0.1
			if reDealDoc.MatchString(lower) {
				facts += "d"
			}
			cs = append(cs, cand{text: s.Text, score: score, facts: facts, art: p.art, sent: si})
		}
	}
	if len(cs) == 0 {
		return ""
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	out := cs[0].text
	// a second sentence that adds a fact (an amount, a status, the signed
	// document), preferably close after the first
	best, bestScore := -1, 0.0
	for i, c := range cs[1:] {
		score := 0.0
		for _, f := range c.facts {
			if !strings.ContainsRune(cs[0].facts, f) {
				score += 2
			}
		}
		if score == 0 {
			continue
		}
		if c.art == cs[0].art && c.sent > cs[0].sent && c.sent-cs[0].sent <= 3 {
			score += 2
		}
		if len(strings.Fields(c.text)) > 30 || strings.ContainsAny(c.text, "“\"") {
			score--
		}
		if score > bestScore {
			best, bestScore = i+1, score
		}
	}
	if best > 0 && bestScore >= 2 {
		out += " " + cs[best].text
	}
	return out
}

// reDealDoc finds the document a deal was signed as.
var reDealDoc = regexp.MustCompile(`\b(?:memorandum of understanding|mou|letter of intent|term sheet|definitive agreement|framework agreement|contract)\b`)

func firstBody(p *articleDeal) int {
	for _, si := range p.sents {
		if p.art.Sentences[si].Kind == corpus.Body {
			return si
		}
	}
	return -1
}

// nil0 is a rate table with no rates, for finding amounts without converting.
var nil0 = &fxTable{rates: map[string]map[int]float64{}}

// companyList returns the corpus's companies with their aliases and counts.
func (x *extractor) companyList(deals []deal.Deal) []deal.Company {
	dealCount := map[string]int{}
	for _, d := range deals {
		for _, p := range d.Parties {
			dealCount[p.Name]++
		}
	}
	var out []deal.Company
	for _, c := range x.table.companies {
		var aliases []string
		for s := range c.surfaces {
			aliases = append(aliases, s)
		}
		sort.Strings(aliases)
		out = append(out, deal.Company{Name: c.name, Key: c.key, Aliases: aliases, Mentions: c.count, Articles: len(c.articles), Deals: dealCount[c.name]})
	}
	return out
}

// Version identifies the extraction rules. Bump it whenever a change would
// extract different deals from the same articles, so that existing indexes
// are rebuilt.
const Version = 2
