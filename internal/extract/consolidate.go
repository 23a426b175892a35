package extract

import (
	"crypto/sha1"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/dealbot/dealbot/internal/deal"
)

// deal consolidation across articles

type consDeal struct {
	parts []*Told
}

func (c *consDeal) pair() [2]string {
	return pairKeys(c.parts[0].Parties[0], c.parts[0].Parties[1])
}

func compatible(c *consDeal, ad *Told) bool {
	if c.pair() != pairKeys(ad.Parties[0], ad.Parties[1]) {
		return false
	}
	// an earlier deal recalled by a later article is the same deal as the
	// one reported at the time: only the kinds and the dates must agree
	first := c.parts[0]
	kindOK := first.Kinds[0] == ad.Kinds[0]
	for _, k := range first.Kinds {
		for _, l := range ad.Kinds {
			if k == l || k.Family() == "control" && l.Family() == "capital" || k.Family() == "capital" && l.Family() == "control" {
				kindOK = true // a reported takeover and a denied stake are one story
			}
		}
	}
	if !kindOK {
		return false
	}
	for _, p := range c.parts {
		if !p.Date.IsZero() && !ad.Date.IsZero() {
			d := p.Date.Time().Sub(ad.Date.Time())
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

func (t *Table) consolidate(ads []*Told) []deal.Deal {
	var cons []*consDeal
	byPair := map[[2]string][]*consDeal{}
	for _, ad := range ads {
		p := pairKeys(ad.Parties[0], ad.Parties[1])
		var into *consDeal
		for _, c := range byPair[p] {
			if compatible(c, ad) {
				into = c
				break
			}
		}
		if into == nil {
			into = &consDeal{}
			cons = append(cons, into)
			byPair[p] = append(byPair[p], into)
		}
		into.parts = append(into.parts, ad)
	}
	var out []deal.Deal
	for _, c := range cons {
		out = append(out, t.build(c))
	}
	sortDeals(out)
	return out
}

// sortDeals orders deals newest first, then by party names.
func sortDeals(ds []deal.Deal) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Date != ds[j].Date {
			return ds[j].Date.Before(ds[i].Date)
		}
		return strings.Join(ds[i].PartyNames(), ",") < strings.Join(ds[j].PartyNames(), ",")
	})
}

// build turns a consolidated group into a deal.Deal.
func (t *Table) build(c *consDeal) deal.Deal {
	parts := append([]*Told(nil), c.parts...)
	sort.SliceStable(parts, func(i, j int) bool {
		di, dj := parts[i].Article.Date, parts[j].Article.Date
		if di.IsZero() != dj.IsZero() {
			return !di.IsZero()
		}
		return di.Before(dj)
	})
	first := parts[0]
	d := deal.Deal{Evidence: map[string]deal.Evidence{}}
	// kinds, main kind first
	for _, p := range parts {
		for _, k := range p.Kinds {
			if !d.HasKind(k) {
				d.Kinds = append(d.Kinds, k)
			}
		}
	}
	d.Kind = d.Kinds[0]
	d.Historic = first.Historic
	// parties and roles: roles from any directed facet
	roles := map[string]deal.Role{}
	order := first.Parties
	for _, p := range parts {
		for co, r := range p.Roles {
			if roles[co] == "" || r == deal.RoleAcquirer || r == deal.RoleTarget {
				roles[co] = r
			}
		}
		if len(p.Roles) > 0 && len(first.Roles) == 0 {
			order = p.Parties
		}
	}
	if len(roles) == 2 && (roles[order[0]] == deal.RoleInvestee || roles[order[0]] == deal.RoleTarget) {
		order = []string{order[1], order[0]}
	}
	for _, co := range order {
		r := roles[co]
		if r == "" {
			r = deal.RolePartner
		}
		d.Parties = append(d.Parties, deal.Party{Name: t.company(co).name, Role: r})
	}
	// status: the latest dated report wins; without dates, the most advanced
	dated := true
	for _, p := range parts {
		if p.Article.Date.IsZero() {
			dated = false
		}
	}
	var statusPart *Told
	for _, p := range parts {
		switch {
		case statusPart == nil:
			statusPart = p
		case dated && !p.Article.Date.Before(statusPart.Article.Date) && (p.Article.Date.After(statusPart.Article.Date) || p.Status.Rank() > statusPart.Status.Rank()):
			statusPart = p
		case !dated && p.Status.Rank() > statusPart.Status.Rank():
			statusPart = p
		}
	}
	d.Status = statusPart.Status
	if statusPart.CueSent >= 0 {
		d.Evidence["status"] = statusPart.evidence(statusPart.CueSent, statusPart.Cue)
	} else {
		cue := "stated as news, with no hedge: announced"
		if statusPart.Historic {
			cue = "told as an earlier deal: completed"
		}
		d.Evidence["status"] = statusPart.evidence(statusPart.BestSent, cue)
	}
	// history: each status with the date it was first seen
	seen := map[deal.Status]bool{}
	for _, p := range parts {
		if seen[p.Status] {
			continue
		}
		seen[p.Status] = true
		when := p.Date
		if !p.Article.Date.IsZero() {
			when = deal.DateOf(p.Article.Date, deal.Day)
		}
		d.History = append(d.History, deal.StatusChange{Status: p.Status, Date: when, Article: p.Article.ID, Cue: p.Cue})
	}
	if len(d.History) < 2 {
		d.History = nil
	}
	// date: the earliest known
	for _, p := range parts {
		if !p.Date.IsZero() && (d.Date.IsZero() || earlierOrFiner(p.Date, d.Date)) {
			d.Date = p.Date
			if p.DateSent >= 0 {
				d.Evidence["date"] = p.evidence(p.DateSent, "")
			} else {
				d.Evidence["date"] = deal.Evidence{Article: p.Article.ID, Sentence: -1, Text: "the article's date", Cue: "article date"}
			}
		}
	}
	// amount: a point value beats a range
	for _, p := range parts {
		if p.Amount == nil {
			continue
		}
		if d.Amount == nil || (d.Amount.IsRange() && !p.Amount.IsRange()) {
			a := *p.Amount
			if a.Currency != "USD" && !d.Date.IsZero() && a.FXSource == "table" {
				t.fx.toUSD(&a, d.Date.Year)
			}
			d.Amount = &a
			d.Evidence["amount"] = p.evidence(p.AmtSent, a.Text)
		}
	}
	d.Evidence["parties"] = first.evidence(first.BestSent, "")
	d.Evidence["kind"] = first.evidence(first.KindSent, "")
	// sources and snippets
	names := d.PartyNames()
	for _, p := range parts {
		src := deal.Source{Article: p.Article.ID, Title: p.Article.Title, URL: p.Article.URL, Status: p.Status, Sentences: p.Sents}
		if !p.Article.Date.IsZero() {
			src.Date = deal.DateOf(p.Article.Date, deal.Day)
		}
		src.Snippet = snippet(p.sentence(p.BestSent).Text, names)
		d.Sources = append(d.Sources, src)
	}
	// focus areas
	d.Areas, d.Evidence = t.areas(parts, d.Evidence)
	if d.Areas == nil {
		d.Areas = []string{}
	}
	d.Summary = summarize(parts, names)
	d.ID = dealID(c.pair(), d.Kind.Family(), first.Article.ID, first.Sents[0])
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

// dealID is stable across rebuilds of the same corpus: the parties, the kind
// family and where the deal is first told.
func dealID(p [2]string, family string, art string, sent int) string {
	h := sha1.New()
	h.Write([]byte(p[0] + "|" + p[1] + "|" + family + "|" + art + "|" + itoa(sent)))
	return "d" + hex.EncodeToString(h.Sum(nil))[:10]
}
