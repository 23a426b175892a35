package extract

import (
	"regexp"
	"sort"
	"strings"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// areas collects focus terms from the deal's focus sentences, most frequent
// first.
func (t *Table) areas(parts []*Told, ev map[string]deal.Evidence) ([]string, map[string]deal.Evidence) {
	count := map[string]int{}
	firstAt := map[string]int{}
	pos := 0
	var firstEv *deal.Evidence
	for _, p := range parts {
		for _, si := range p.Focus {
			lower := " " + strings.ToLower(p.sentence(si).Norm) + " "
			for _, ft := range focusTerms {
				if containsWord(lower, ft.pat) {
					count[ft.label]++
					if _, ok := firstAt[ft.label]; !ok {
						firstAt[ft.label] = pos
						pos++
						if firstEv == nil {
							e := p.evidence(si, ft.pat)
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
func summarize(parts []*Told, names []string) string {
	type cand struct {
		text  string
		score float64
		facts string
		art   string
		sent  int
	}
	var cs []cand
	seen := map[string]bool{}
	for pi, p := range parts {
		for _, si := range p.Sents {
			s := p.sentence(si)
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
			if si < p.Article.Sentences/3+1 {
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
			cs = append(cs, cand{text: s.Text, score: score, facts: facts, art: p.Article.ID, sent: si})
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

func firstBody(p *Told) int {
	for _, si := range p.Sents {
		if p.sentence(si).Kind == corpus.Body {
			return si
		}
	}
	return -1
}

// nil0 is a rate table with no rates, for finding amounts without converting.
var nil0 = &fxTable{rates: map[string]map[int]float64{}}

// companyList returns the corpus's companies with their aliases and counts.
func (t *Table) Companies(deals []deal.Deal) []deal.Company {
	return t.CompaniesCounted(dealCounts(deals))
}

// dealCounts counts the deals of every company, by name.
func dealCounts(deals []deal.Deal) map[string]int {
	dealCount := map[string]int{}
	for _, d := range deals {
		for _, p := range d.Parties {
			dealCount[p.Name]++
		}
	}
	return dealCount
}

// CompaniesCounted is [Table.Companies] given the count of deals of every
// company name.
func (t *Table) CompaniesCounted(dealCount map[string]int) []deal.Company {
	var out []deal.Company
	for _, c := range t.aliases.companies {
		var aliases []string
		for s := range c.surfaces {
			aliases = append(aliases, s)
		}
		sort.Strings(aliases)
		out = append(out, deal.Company{Name: c.name, Key: c.key, Aliases: aliases, Mentions: c.count, Articles: countArticles(c.members), Deals: dealCount[c.name]})
	}
	return out
}
