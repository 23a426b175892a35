package extract

import (
	"github.com/dealbot/dealbot/corpus"
)

// Names is what one article says about the names it contains: how often each
// is used and written, and the evidence of what it is. The names of every
// article add up to the corpus's [Table]; an article's Names depend on that
// article alone, so they can be kept and reused while the article is
// unchanged.
type Names struct {
	Article string
	Names   map[string]*NameEvidence // by name key
	Parens  [][2]string              // "X (Y)": the keys of X and Y
}

// NameEvidence is one article's evidence about one name.
type NameEvidence struct {
	Surfaces   map[string]int // written forms and their counts
	Count      int
	FirstPos   int  // index of the first sentence that names it
	NonInitial bool // named somewhere other than at the start of a sentence
	Org        float64
	Person     float64
	Place      float64
	FrameOrg   float64 // a party of a deal frame: weighs only for organisation
}

// ReadNames reads the names of one article and their evidence.
func ReadNames(a *corpus.Article) Names {
	n := Names{Article: a.ID, Names: map[string]*NameEvidence{}}
	type sent struct {
		toks  []token
		cands []cand
	}
	sents := make([]sent, len(a.Sentences))
	for si := range a.Sentences {
		s := &a.Sentences[si]
		toks := tokenize(s.Norm)
		if titleCase(toks) {
			// "China Carmaker Money For Lanyue": every word is capitalised,
			// so capitals say nothing about names
			sents[si] = sent{toks, nil}
			continue
		}
		cs := candidates(toks)
		sents[si] = sent{toks, cs}
		for ci, c := range cs {
			ev := n.Names[c.key]
			if ev == nil {
				ev = &NameEvidence{Surfaces: map[string]int{}, FirstPos: si}
				n.Names[c.key] = ev
			}
			ev.Count++
			ev.Surfaces[c.surface]++
			if !c.initial {
				ev.NonInitial = true
			}
			if s.Kind != corpus.Heading {
				var nc *cand
				for k := ci + 1; k < len(cs) && k <= ci+2; k++ {
					if (cs[k].first == c.last+2 && toks[c.last+1].s != "(") || (cs[k].first == c.last+5 && toks[c.last+1].s == "(" && toks[c.last+3].s == ")") {
						nc = &cs[k]
						break
					}
				}
				gatherEvidence(ev, c, nc, toks)
			}
			// "X (Y)", "X (SIX: Y)", `X ("Y" or the "Company")`
			if y := bracketAlias(toks, c, cs[ci+1:]); y != "" {
				n.Parens = append(n.Parens, [2]string{c.key, y})
			}
		}
	}
	// Being a party in a deal frame is evidence of an organisation. The
	// frames run over the names this article does not show to be a person,
	// a place or an ordinary word.
	tmp := map[string]*company{}
	for si := range a.Sentences {
		if a.Sentences[si].Kind == corpus.Heading {
			continue
		}
		var ms []mention
		for _, c := range sents[si].cands {
			if !localCandidate(c.key, n.Names[c.key]) {
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
		fs, fms := frameString(sents[si].toks, ms, nil, a.Source)
		for _, f := range findFrames(fs, fms, nil) {
			n.Names[f.a.key].FrameOrg += 2
			n.Names[f.b.key].FrameOrg += 2
		}
	}
	return n
}

// bracketAlias returns the key of the name a bracket right after c gives
// as another name for it: "MI (Xiaomi)", "Albrunn Pharma (SIX: ALBN)",
// `Corvath Industries Inc. ("Corvath" or the "Company")`.
func bracketAlias(toks []token, c cand, next []cand) string {
	open := c.last + 1
	if open >= len(toks) || toks[open].s != "(" || len(next) == 0 {
		return ""
	}
	end := -1
	for k := open + 1; k < len(toks) && k <= open+10; k++ {
		if toks[k].s == ")" {
			end = k
			break
		}
	}
	if end < 0 {
		return ""
	}
	y := next[0]
	if y.last >= end {
		return ""
	}
	switch {
	case y.first == open+1 && y.last == end-1: // (Y)
		return y.key
	case y.first == open+3 && toks[open+2].s == ":" && y.last == end-1: // (EXCHANGE: Y)
		return y.key
	case y.first == open+2 && (toks[open+1].s == "\"" || toks[open+1].s == "'") && y.last+1 < end && (toks[y.last+1].s == "\"" || toks[y.last+1].s == "'"): // ("Y" …)
		return y.key
	}
	return ""
}

// titleCase reports whether a line capitalises (nearly) every word, as
// headlines in title case do.
func titleCase(toks []token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		if !t.word || len(t.s) < 4 {
			continue
		}
		words++
		if t.isUpperStart() {
			caps++
		}
	}
	return words >= 4 && caps*10 >= words*8
}

// localCandidate reports whether a name may fill a frame slot going by one
// article's evidence: not a person, a place or an ordinary word.
func localCandidate(key string, ev *NameEvidence) bool {
	switch {
	case ev == nil, gpe[key]:
		return false
	case ev.Person >= 2 && ev.Person > ev.Org:
		return false
	case ev.Place >= 3 && ev.Place > ev.Org:
		return false
	case !containsSpace(key) && isDictWord(key) && ev.Org < 2:
		return false
	}
	return true
}

func containsSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return true
		}
	}
	return false
}

// Table is what the whole corpus says about names: which are companies, and
// which written forms name the same company. Deals are read against it.
type Table struct {
	fx      *fxTable
	aliases *aliasTable
}

// NewTable learns the corpus's companies from the names of its articles:
// it is a [Tally] of them turned into a table.
func NewTable(names []Names) *Table {
	t := NewTally()
	for i := range names {
		t.Add(&names[i], uint32(i))
	}
	return t.Table()
}
