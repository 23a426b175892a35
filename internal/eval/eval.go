// Package eval measures deal extraction against a gold file: precision,
// recall and F1 for party pairs, accuracy of roles, kind, status, amount,
// date and sources for matched deals, violations of the negative lists, and
// query hit@3.
//
// # Gold file
//
// A YAML file:
//
//	deals:
//	  - id: G01
//	    parties: [Acme Robotics, Zorblat]
//	    kind: acquisition
//	    kinds: [acquisition]                        # optional
//	    roles: {acquirer: Acme Robotics, target: Zorblat}   # directed kinds
//	    status: announced
//	    amount: {currency: EUR, value: 45000000, usd: 50850000}   # or null
//	    date: 2025-03-04                            # or "2019", "2019-03", null
//	    sources: [acme-zorblat.txt]
//	not_deals: [[Acme Robotics, Factory Weekly]]
//	never_parties: [Factory Weekly]
//	queries:
//	  - {q: "who bought zorblat?", expect: G01, intent: acquirer}
package eval

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
)

// Gold is the truth for an evaluation corpus.
type Gold struct {
	Articles     []GoldArticle `yaml:"articles"`
	Deals        []GoldDeal    `yaml:"deals"`
	NotDeals     [][]string    `yaml:"not_deals"`
	NeverParties []string      `yaml:"never_parties"`
	Queries      []GoldQuery   `yaml:"queries"`
}

// GoldArticle is a file of the corpus with its date.
type GoldArticle struct {
	File string  `yaml:"file"`
	Date *string `yaml:"date"`
}

// GoldDeal is one true deal.
type GoldDeal struct {
	ID       string            `yaml:"id"`
	Parties  []string          `yaml:"parties"`
	Kind     string            `yaml:"kind"`
	Kinds    []string          `yaml:"kinds"`
	Roles    map[string]string `yaml:"roles"`
	Status   string            `yaml:"status"`
	Amount   *GoldAmount       `yaml:"amount"`
	Date     *string           `yaml:"date"`
	Sources  []string          `yaml:"sources"`
	Evidence string            `yaml:"evidence"`
}

// GoldAmount is a true amount. USD may be approximate.
type GoldAmount struct {
	Currency  string  `yaml:"currency"`
	Value     float64 `yaml:"value"`
	USD       float64 `yaml:"usd"`
	ValueHigh float64 `yaml:"value_high"`
	USDHigh   float64 `yaml:"usd_high"`
}

// GoldQuery is a query whose expected deal must be in the top 3.
type GoldQuery struct {
	Q string `yaml:"q"`
	// Expect is the gold id of a deal that must be in the top 3; null means
	// no deal may be claimed.
	Expect *string `yaml:"expect"`
	Intent string  `yaml:"intent"`
}

// ReadGold reads and checks a gold file.
func ReadGold(path string) (*Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var g Gold
	if err := yaml.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("eval: %s is not a valid gold file: %w", path, err)
	}
	ids := map[string]bool{}
	for i, d := range g.Deals {
		if len(d.Parties) < 2 {
			return nil, fmt.Errorf("eval: %s: deal %d (%s) has fewer than two parties", path, i+1, d.ID)
		}
		if d.ID != "" {
			ids[d.ID] = true
		}
	}
	for _, q := range g.Queries {
		if q.Expect != nil && !ids[*q.Expect] {
			return nil, fmt.Errorf("eval: %s: query %q expects unknown deal %q", path, q.Q, *q.Expect)
		}
	}
	return &g, nil
}

// Asker answers queries (the engine).
type Asker interface {
	Ask(ctx context.Context, q string) (index.Answer, error)
}

// Score is a precision/recall pair with its counts.
type Score struct {
	TP, FP, FN int
}

// Precision is TP/(TP+FP), or 1 when nothing was predicted.
func (s Score) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall is TP/(TP+FN), or 1 when nothing was expected.
func (s Score) Recall() float64 {
	if s.TP+s.FN == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Accuracy counts correct answers for one field over matched deals.
type Accuracy struct {
	Right, Total int
	Misses       []string
}

// Value is Right/Total, or 1 when there was nothing to check.
func (a Accuracy) Value() float64 {
	if a.Total == 0 {
		return 1
	}
	return float64(a.Right) / float64(a.Total)
}

func (a *Accuracy) check(ok bool, miss string) {
	a.Total++
	if ok {
		a.Right++
	} else {
		a.Misses = append(a.Misses, miss)
	}
}

// Report is the result of an evaluation.
type Report struct {
	Pairs        Score
	Deals        Score // one-to-one: each extracted deal matches at most one gold deal of its pair
	Roles        Accuracy
	Kind         Accuracy
	Status       Accuracy
	Amount       Accuracy
	Date         Accuracy
	Sources      Accuracy
	Queries      Accuracy
	Intent       Accuracy
	NotDeals     []string // violations
	NeverParties []string // violations
	FalsePairs   []string
	MissedPairs  []string
}

// Evaluate compares extracted deals (and, with ask, query answers) to gold.
// aliases maps a company's canonical name to its other names, to match
// gold names written differently.
func Evaluate(ctx context.Context, g *Gold, deals []deal.Deal, companies []deal.Company, ask Asker) (Report, error) {
	var r Report
	canon := newNamer(companies)
	// party pairs: one per unordered pair, predicted vs gold
	goldPairs := map[string][]int{}
	for i, d := range g.Deals {
		k := canon.pair(d.Parties)
		goldPairs[k] = append(goldPairs[k], i)
	}
	predPairs := map[string][]int{}
	for i, d := range deals {
		k := canon.pair(d.PartyNames())
		predPairs[k] = append(predPairs[k], i)
	}
	for k := range predPairs {
		if _, ok := goldPairs[k]; ok {
			r.Pairs.TP++
		} else {
			r.Pairs.FP++
			r.FalsePairs = append(r.FalsePairs, k)
		}
	}
	for k := range goldPairs {
		if _, ok := predPairs[k]; !ok {
			r.Pairs.FN++
			r.MissedPairs = append(r.MissedPairs, k)
		}
	}
	sort.Strings(r.FalsePairs)
	sort.Strings(r.MissedPairs)
	// deals, one to one within each pair
	usedPred := map[int]bool{}
	for _, gd := range g.Deals {
		best, bestScore := -1, -1
		for _, pi := range predPairs[canon.pair(gd.Parties)] {
			if usedPred[pi] {
				continue
			}
			if s := agreement(gd, deals[pi], canon); s > bestScore {
				best, bestScore = pi, s
			}
		}
		if best >= 0 {
			usedPred[best] = true
			r.Deals.TP++
		} else {
			r.Deals.FN++
		}
	}
	r.Deals.FP = len(deals) - len(usedPred)
	// fields of matched deals: each gold deal against the best predicted
	// deal of its pair
	matched := map[string]int{} // gold id → predicted index
	for gi, gd := range g.Deals {
		cands := predPairs[canon.pair(gd.Parties)]
		if len(cands) == 0 {
			continue
		}
		best, bestScore := -1, -1
		for _, pi := range cands {
			s := agreement(gd, deals[pi], canon)
			if s > bestScore {
				best, bestScore = pi, s
			}
		}
		pd := deals[best]
		if gd.ID != "" {
			matched[gd.ID] = best
		}
		label := fmt.Sprintf("%s %s", idOr(gd.ID, gi), strings.Join(gd.Parties, "+"))
		if len(gd.Roles) > 0 {
			ok := true
			for role, name := range gd.Roles {
				if canon.key(pd.PartyWithRole(deal.Role(role))) != canon.key(name) {
					ok = false
				}
			}
			r.Roles.check(ok, fmt.Sprintf("%s: roles %v; want %v", label, pd.Parties, gd.Roles))
		}
		r.Kind.check(string(pd.Kind) == gd.Kind || (gd.Kind != "" && pd.HasKind(deal.Kind(gd.Kind)) && len(gd.Kinds) > 1),
			fmt.Sprintf("%s: kind %s %v; want %s", label, pd.Kind, pd.Kinds, gd.Kind))
		r.Status.check(string(pd.Status) == gd.Status, fmt.Sprintf("%s: status %s; want %s", label, pd.Status, gd.Status))
		r.Amount.check(amountOK(gd.Amount, pd.Amount), fmt.Sprintf("%s: amount %s; want %s", label, fmtAmount(pd.Amount), fmtGoldAmount(gd.Amount)))
		want := ""
		if gd.Date != nil {
			want = *gd.Date
		}
		r.Date.check(dateOK(want, pd.Date), fmt.Sprintf("%s: date %q; want %q", label, pd.Date.String(), want))
		if len(gd.Sources) > 0 {
			var got []string
			for _, s := range pd.Sources {
				got = append(got, s.Article)
			}
			sort.Strings(got)
			w := append([]string(nil), gd.Sources...)
			sort.Strings(w)
			r.Sources.check(strings.Join(got, ",") == strings.Join(w, ","), fmt.Sprintf("%s: sources %v; want %v", label, got, w))
		}
	}
	// negatives
	for _, nd := range g.NotDeals {
		if _, ok := predPairs[canon.pair(nd)]; ok {
			r.NotDeals = append(r.NotDeals, strings.Join(nd, "+"))
		}
	}
	// a never-party matches a party only by name or alias, not by a shared
	// first word ("Linthwaite Estate" is not Linthwaite Software)
	never := map[string]bool{}
	for _, n := range g.NeverParties {
		never[canon.exactKey(n)] = true
	}
	for _, d := range deals {
		for _, p := range d.Parties {
			if never[canon.exactKey(p.Name)] {
				r.NeverParties = append(r.NeverParties, p.Name+" in "+strings.Join(d.PartyNames(), "+"))
			}
		}
	}
	// queries
	if ask != nil {
		byID := map[string]GoldDeal{}
		for _, d := range g.Deals {
			byID[d.ID] = d
		}
		for _, q := range g.Queries {
			ans, err := ask.Ask(ctx, q.Q)
			if err != nil {
				return r, fmt.Errorf("eval: query %q: %w", q.Q, err)
			}
			if q.Expect == nil {
				r.Queries.check(len(ans.Deals) == 0, fmt.Sprintf("%q: claimed %v; want no deal", q.Q, topNames(ans.Deals, 3)))
			} else {
				gd := byID[*q.Expect]
				hit := false
				for i, d := range ans.Deals {
					if i == 3 {
						break
					}
					if canon.pair(d.PartyNames()) == canon.pair(gd.Parties) && (len(deals) == 0 || matchesGold(gd, d, canon)) {
						hit = true
					}
				}
				r.Queries.check(hit, fmt.Sprintf("%q: top 3 %v; want %s %v", q.Q, topNames(ans.Deals, 3), *q.Expect, gd.Parties))
			}
			if q.Intent != "" {
				r.Intent.check(ans.Intent == q.Intent && ans.Lead != "", fmt.Sprintf("%q: intent %q lead %q; want %s", q.Q, ans.Intent, ans.Lead, q.Intent))
			}
		}
	}
	return r, nil
}

func idOr(id string, i int) string {
	if id != "" {
		return id
	}
	return fmt.Sprintf("#%d", i+1)
}

func topNames(ds []deal.Deal, n int) []string {
	var out []string
	for i, d := range ds {
		if i == n {
			break
		}
		out = append(out, strings.Join(d.PartyNames(), "+")+" "+string(d.Kind)+" "+d.Date.String())
	}
	return out
}

// agreement scores how well a predicted deal matches a gold deal of the
// same pair, to pick the right one when a pair has several.
func agreement(g GoldDeal, d deal.Deal, canon *namer) int {
	s := 0
	if string(d.Kind) == g.Kind || d.HasKind(deal.Kind(g.Kind)) {
		s += 2
	}
	if g.Date != nil && d.Date.String() == *g.Date {
		s += 3
	}
	if g.Date == nil && d.Date.IsZero() {
		s++
	}
	if string(d.Status) == g.Status {
		s++
	}
	for _, src := range d.Sources {
		for _, gs := range g.Sources {
			if src.Article == gs {
				s++
			}
		}
	}
	return s
}

// matchesGold reports whether a returned deal is the gold deal rather than
// another deal of the same pair.
func matchesGold(g GoldDeal, d deal.Deal, canon *namer) bool {
	if len(g.Sources) == 0 {
		return true
	}
	for _, src := range d.Sources {
		for _, gs := range g.Sources {
			if src.Article == gs {
				return string(d.Kind) == g.Kind || d.HasKind(deal.Kind(g.Kind)) || g.Date == nil || d.Date.String() == *g.Date
			}
		}
	}
	return false
}

// dateOK accepts the gold date, or a finer date inside a coarser gold date
// ("2024-03-14" for "2024-03").
func dateOK(gold string, got deal.Date) bool {
	g := got.String()
	if g == gold {
		return true
	}
	return gold != "" && strings.HasPrefix(g, gold+"-")
}

func amountOK(g *GoldAmount, a *deal.Amount) bool {
	if g == nil {
		return a == nil
	}
	if a == nil {
		return false
	}
	near := func(x, y float64) bool {
		if y == 0 {
			return x == 0
		}
		return math.Abs(x-y)/math.Abs(y) <= 0.05
	}
	if g.Currency != "" && !strings.EqualFold(g.Currency, a.Currency) {
		return false
	}
	if g.USD > 0 && !near(a.USD, g.USD) {
		return false
	}
	if g.USDHigh > 0 && !near(a.USDHigh, g.USDHigh) {
		return false
	}
	if g.Value > 0 && !near(a.Value, g.Value) {
		return false
	}
	return true
}

func fmtAmount(a *deal.Amount) string {
	if a == nil {
		return "none"
	}
	return fmt.Sprintf("%s (%s %.0f, USD %.0f)", a.Text, a.Currency, a.Value, a.USD)
}

func fmtGoldAmount(a *GoldAmount) string {
	if a == nil {
		return "none"
	}
	return fmt.Sprintf("%s %.0f (USD %.0f)", a.Currency, a.Value, a.USD)
}

// namer maps company names to comparison keys, so that a gold name and an
// extracted name for the same company compare equal.
type namer struct {
	alias map[string]string // normalised alias → canonical key
}

func newNamer(cs []deal.Company) *namer {
	n := &namer{alias: map[string]string{}}
	for _, c := range cs {
		k := deal.NormKey(c.Name)
		n.alias[k] = k
		for _, a := range c.Aliases {
			ak := deal.NormKey(a)
			if _, taken := n.alias[ak]; !taken {
				n.alias[ak] = k
			}
		}
	}
	return n
}

func (n *namer) key(name string) string {
	k := deal.NormKey(name)
	if c, ok := n.alias[k]; ok {
		return c
	}
	// a gold name the extractor knows by a longer or shorter form
	// ("Veltrix" / "Veltrix Semiconductor"): one match by word prefix
	var found string
	for a, c := range n.alias {
		if len(a) < 4 || len(k) < 4 {
			continue // "MI" is no prefix of "Mi Videos"
		}
		if strings.HasPrefix(a, k+" ") || strings.HasPrefix(k, a+" ") {
			if found != "" && found != c {
				return k
			}
			found = c
		}
	}
	if found != "" {
		return found
	}
	return k
}

// exactKey is key without the word-prefix matching.
func (n *namer) exactKey(name string) string {
	k := deal.NormKey(name)
	if c, ok := n.alias[k]; ok {
		return c
	}
	return k
}

func (n *namer) pair(names []string) string {
	ks := make([]string, len(names))
	for i, s := range names {
		ks[i] = n.key(s)
	}
	sort.Strings(ks)
	return strings.Join(ks, " + ")
}

// Field is one accuracy figure with its name.
type Field struct {
	Name string
	Acc  Accuracy
}

// Fields lists the accuracy figures in display order.
func (r Report) Fields() []Field {
	return []Field{{"roles", r.Roles}, {"kind", r.Kind}, {"status", r.Status}, {"amount", r.Amount}, {"date", r.Date},
		{"sources", r.Sources}, {"query hit@3", r.Queries}, {"intent", r.Intent}}
}

// Figures is the report as numbers, for JSON.
type Figures struct {
	DealP        float64            `json:"deal_precision"`
	DealR        float64            `json:"deal_recall"`
	DealF1       float64            `json:"deal_f1"`
	Precision    float64            `json:"pair_precision"`
	Recall       float64            `json:"pair_recall"`
	F1           float64            `json:"pair_f1"`
	TP           int                `json:"pair_tp"`
	FP           int                `json:"pair_fp"`
	FN           int                `json:"pair_fn"`
	Accuracy     map[string]float64 `json:"accuracy"`
	NeverParties []string           `json:"never_party_violations"`
	NotDeals     []string           `json:"not_deal_violations"`
	Misses       []string           `json:"misses"`
}

// Figures returns the report's numbers.
func (r Report) Figures() Figures {
	f := Figures{DealP: r.Deals.Precision(), DealR: r.Deals.Recall(), DealF1: r.Deals.F1(), Precision: r.Pairs.Precision(), Recall: r.Pairs.Recall(), F1: r.Pairs.F1(), TP: r.Pairs.TP, FP: r.Pairs.FP, FN: r.Pairs.FN,
		Accuracy: map[string]float64{}, NeverParties: r.NeverParties, NotDeals: r.NotDeals}
	for _, x := range r.Fields() {
		f.Accuracy[strings.ReplaceAll(x.Name, " ", "_")] = x.Acc.Value()
		f.Misses = append(f.Misses, x.Acc.Misses...)
	}
	if f.NeverParties == nil {
		f.NeverParties = []string{}
	}
	if f.NotDeals == nil {
		f.NotDeals = []string{}
	}
	return f
}
