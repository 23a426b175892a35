package extract

import (
	"sort"
	"strings"
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// Told is a deal as one article tells it, with the sentences it rests on.
// It is plain data: a Told depends only on its article and the [Table] it
// was read against, so it can be kept and consolidated again later.
type Told struct {
	Article  ToldArticle
	Parties  []string // company keys; for directed deals investor/acquirer first
	Roles    map[string]deal.Role
	Kinds    []deal.Kind
	Historic bool // an earlier deal the article recalls
	Specific bool // some sentence named its kind, not just "deal" or "agreement"
	Status   deal.Status
	Cue      string
	CueSent  int // sentence of the status cue, or -1
	Date     deal.Date
	DateSent int // sentence of the date, or -1 for the article's date
	Amount   *deal.Amount
	AmtSent  int
	Sents    []int // the sentences that tell the deal
	BestSent int   // the one that shows it best
	KindSent int
	Focus    []int        // sentences its focus areas are read from
	Both     map[int]bool // sentences that name both parties
	Text     map[int]ToldSentence
}

// ToldArticle is what consolidation needs of an article.
type ToldArticle struct {
	ID, Title, URL string
	Date           time.Time
	Sentences      int // how many sentences the article has
}

// ToldSentence is one sentence a Told refers to.
type ToldSentence struct {
	Text, Norm string
	Kind       corpus.SentenceKind
}

func (t *Told) sentence(i int) ToldSentence { return t.Text[i] }

func (t *Told) namesBoth(i int) bool { return t.Both[i] }

func (t *Told) evidence(si int, cue string) deal.Evidence {
	s, ok := t.Text[si]
	if si < 0 || !ok {
		return deal.Evidence{Article: t.Article.ID, Sentence: -1, Cue: cue}
	}
	return deal.Evidence{Article: t.Article.ID, Sentence: si, Text: s.Text, Cue: cue}
}

// Deals reads the deals one article tells.
func (t *Table) Deals(a *corpus.Article) []Told {
	var out []Told
	for _, ad := range t.articleDeals(a) {
		out = append(out, ad.told(a))
	}
	return out
}

// told turns an article's grouped frames into plain data.
func (ad *articleDeal) told(a *corpus.Article) Told {
	// Strings are copied: a Told outlives its article, and a substring
	// would keep the article's whole text in memory.
	r := Told{
		Article:  ToldArticle{ID: strings.Clone(a.ID), Title: strings.Clone(a.Title), URL: strings.Clone(a.URL), Date: a.Date, Sentences: len(a.Sentences)},
		Roles:    map[string]deal.Role{},
		Kinds:    ad.kinds,
		Historic: ad.historic, Specific: ad.specific,
		Status: ad.status, Cue: strings.Clone(ad.cue), CueSent: ad.cueSent,
		Date: ad.date, DateSent: ad.dateSent,
		Amount: ad.amount, AmtSent: ad.amtSent,
		Sents: ad.sents, BestSent: ad.bestSent, KindSent: ad.kindSent,
		Focus: ad.focusSentences, Both: ad.both,
		Text: map[int]ToldSentence{},
	}
	if ad.amount != nil {
		amt := *ad.amount
		amt.Text = strings.Clone(amt.Text)
		r.Amount = &amt
	}
	for _, c := range ad.parties {
		r.Parties = append(r.Parties, c.key)
	}
	for c, role := range ad.roles {
		r.Roles[c.key] = role
	}
	keep := append(append([]int{ad.bestSent, ad.kindSent, ad.cueSent, ad.dateSent, ad.amtSent}, ad.sents...), ad.focusSentences...)
	for _, si := range keep {
		if si >= 0 && si < len(a.Sentences) {
			s := a.Sentences[si]
			t := ToldSentence{Text: strings.Clone(s.Text), Norm: s.Norm, Kind: s.Kind}
			if s.Norm == s.Text {
				t.Norm = t.Text
			} else {
				t.Norm = strings.Clone(s.Norm)
			}
			r.Text[si] = t
		}
	}
	return r
}

// Consolidate merges the deals articles tell into deals: the same deal told
// by several articles becomes one deal with several sources.
func (t *Table) Consolidate(told []Told) []deal.Deal {
	ptrs := make([]*Told, len(told))
	for i := range told {
		ptrs[i] = &told[i]
	}
	// articles in a stable order, so the result does not depend on the
	// order the caller read them in
	sort.SliceStable(ptrs, func(i, j int) bool {
		if ptrs[i].Article.ID != ptrs[j].Article.ID {
			return ptrs[i].Article.ID < ptrs[j].Article.ID
		}
		return ptrs[i].Sents[0] < ptrs[j].Sents[0]
	})
	return t.consolidate(ptrs)
}

// company returns the company of a key.
func (t *Table) company(key string) *company { return t.aliases.byCanon[key] }

func pairKeys(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}
