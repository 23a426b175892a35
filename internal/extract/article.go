package extract

import (
	"regexp"
	"sort"
	"strings"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

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

var (
	// reAllianceMoney: an amount in an alliance sentence is the deal's when
	// the sentence says what it is for
	reAllianceMoney = regexp.MustCompile(`\b(?:worth|valued at|for|deal of|invest\w*)\b`)
	reCoordPair     = regexp.MustCompile(`@(\d+) (?:and|&) @(\d+)`)
)

var reMentionRef = regexp.MustCompile(`@(\d+)`)

var reOrphanStake = regexp.MustCompile(`@(\d+)[^;]{0,160}?\b(?:buy|buys|bought|acquire|acquires|acquired|purchase|purchases|purchased|take|takes|took|taking|taken|pay|pays|paid|hold|holds|held)\s(?:\S+\s){0,3}?(?:stock|shares|stakes?|equity)\b`)

// articleDeals reads one article's deals, and the companies each sentence
// names.
func (t *Table) articleDeals(a *corpus.Article) []*articleDeal {
	dc := &discourse{}
	var raws []rawDeal
	sentMentions := map[int][]string{}
	sentComps := map[int][]*company{}
	year := 0
	if !a.Date.IsZero() {
		year = a.Date.Year()
	}
	toksOf := make([][]token, len(a.Sentences))
	for si := range a.Sentences {
		toksOf[si] = tokenize(a.Sentences[si].Norm)
	}
	msOf := t.articleMentions(toksOf)
	dc.salient = t.salient(a, msOf)
	for si := range a.Sentences {
		s := &a.Sentences[si]
		toks := toksOf[si]
		ms := msOf[si]
		keys := map[string]bool{}
		for _, m := range ms {
			if !keys[m.c.key] {
				keys[m.c.key] = true
				sentMentions[si] = append(sentMentions[si], m.c.key)
			}
		}

		if s.Kind == corpus.Heading {
			// a heading names what follows: "Hearthnote Health" above
			// "The Boston-based maker … raised"
			if len(ms) > 0 {
				dc.lastSubject = ms[0].c
				dc.lastMention = ms[len(ms)-1].c
			}
			continue
		}
		fs, fms := frameString(toks, ms, dc, a.Source)
		for _, m := range fms {
			sentComps[si] = append(sentComps[si], m.c)
		}
		context := firstNonNil(dc.lastSubject, dc.salient)
		frames := findFrames(fs, fms, context)
		// "… partnership with Y and plans to buy stock": the stake is in Y;
		// "Y … X had taken a 12% stake": with no other company named, the
		// stake is in the one the sentence is about
		var loc []int
		if containsAnyOf(fs, orphanStakeWords) {
			loc = reOrphanStake.FindStringSubmatchIndex(fs)
		}
		if loc != nil && !reNegated.MatchString(fs[loc[0]:loc[1]]) {
			ia := atoiSafe(fs[loc[2]:loc[3]])
			found := false
			for _, f := range frames {
				if f.kind.Family() == "alliance" && ia < len(fms) && fms[ia].c == f.a {
					frames = append(frames, frame{kind: deal.Investment, a: f.a, b: f.b, directed: true, trigger: fs[loc[0]:loc[1]], pos: loc[0], bothNamed: f.bothNamed})
					found = true
					break
				}
			}
			// with no other frame, the buyer is the company named last
			// before the verb
			if ms := reMentionRef.FindAllStringSubmatch(fs[loc[0]:loc[1]], -1); len(ms) > 0 && len(frames) == 0 {
				ia = atoiSafe(ms[len(ms)-1][1])
			}
			if !found && len(frames) == 0 && ia < len(fms) {
				others := map[*company]bool{}
				for _, m := range fms {
					if m.c != fms[ia].c {
						others[m.c] = true
					}
				}
				if len(others) == 1 {
					for o := range others {
						f := frame{kind: deal.Investment, a: fms[ia].c, b: o, directed: true, trigger: fs[loc[0]:loc[1]], pos: loc[0]}
						if reControl.MatchString(fs[loc[0]:]) {
							f.kind = deal.Acquisition
						}
						frames = append(frames, f)
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
			for _, m := range findMoney(s.Norm, year, t.fx) {
				if !m.context {
					money = append(money, m)
				}
			}
			for _, f := range frames {
				r := rawDeal{f: f, art: a, sent: si, historic: hist, status: st, cue: cue, dateSent: -1, amtSent: -1}
				// a date in the sentence, not a founding date
				// the most precise date the sentence gives for the deal
				for _, d := range dates {
					if d.founding || d.target {
						continue
					}
					if !a.Date.IsZero() && d.d.Time().After(a.Date) {
						continue // a future date is a target, not the deal's date
					}
					if r.date.IsZero() || len(d.d.String()) > len(r.date.String()) {
						r.date, r.dateSent = d.d, si
					}
				}
				if r.date.IsZero() {
					if d, ds := followingDate(a, si, f); !d.IsZero() {
						r.date, r.dateSent = d, ds
					}
				}
				if !r.date.IsZero() && !a.Date.IsZero() && r.date.Time().Before(a.Date.AddDate(-1, 0, 0)) {
					r.historic = true
				}
				if len(money) > 0 && f.kind != deal.Partnership || len(money) > 0 && reAllianceMoney.MatchString(lower) {
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
			if m := reCoordPair.FindStringSubmatch(fs); m != nil {
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
	return t.groupArticle(a, raws, sentComps, msOf)
}

// salient is the company an article is about: the first one its title or
// first sentences name, else the one it names most.
func (t *Table) salient(a *corpus.Article, msOf [][]mention) *company {
	count := map[*company]int{}
	var most *company
	for si, ms := range msOf {
		if len(ms) > 0 && si < 3 && (a.Sentences[si].Kind == corpus.Title || a.Sentences[si].Kind == corpus.Body) {
			return ms[0].c
		}
		for _, m := range ms {
			count[m.c]++
			if most == nil || count[m.c] > count[most] {
				most = m.c
			}
		}
	}
	return most
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
func (t *Table) groupArticle(a *corpus.Article, raws []rawDeal, sentComps map[int][]*company, msOf [][]mention) []*articleDeal {
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
				if k.Family() == fam || related(k.Family(), fam) {
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
		// a stake bought as part of a takeover is not a second kind
		subsumed := r.f.kind.Family() == "capital" && len(into.kinds) > 0 && into.kinds[0].Family() == "control"
		into.addKind(r.f.kind, subsumed || r.historic && r.date.IsZero() && r.f.kind == deal.Partnership && len(into.kinds) > 0)
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
		ad.bestSent = t.bestSentence(a, ad, msOf)
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
		ad.focusSentences = t.focusSentences(a, ad, ads, sentComps)
	}
	return ads
}

// related reports whether two kind families tell one deal when they join the
// same pair: a partnership with a share purchase, a takeover paid partly in
// shares.
func related(a, b string) bool {
	return a != b && (a == "capital" || b == "capital")
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
func (t *Table) bestSentence(a *corpus.Article, ad *articleDeal, msOf [][]mention) int {
	best, bestScore := ad.sents[0], -1
	for _, si := range ad.sents {
		s := a.Sentences[si]
		score := 0
		if s.Kind == corpus.Body {
			score += 2
		}
		named := map[*company]bool{}
		for _, m := range msOf[si] {
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
func (t *Table) focusSentences(a *corpus.Article, ad *articleDeal, all []*articleDeal, sentComps map[int][]*company) []int {
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
		lower := strings.ToLower(a.Sentences[si].Norm)
		dealNoun := containsAnyOf(lower, dealNounWords) && reDealNoun.MatchString(lower)
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
