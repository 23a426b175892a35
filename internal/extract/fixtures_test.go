package extract

import (
	"testing"
	"testing/fstest"

	"github.com/dealbot/dealbot/internal/deal"
)

// Articles about invented companies: nothing here appears in the seeds, so
// these show the rules are generic.
var fixtures = fstest.MapFS{
	"acme-zorblat.txt": {Data: []byte(`Acme to buy German robot maker

Tuesday 4 March 2025

Acme Robotics Ltd agreed to acquire Zorblat GmbH for €45m, the companies said on Tuesday.

The deal gives Acme access to Zorblat's warehouse robotics and its logistics software. Acme expects the acquisition to close in the summer, pending regulatory approval.

Read more: Brightwave and Quillon unveil new drone lineup

Jane Porter

Jane is a freelance writer covering industrial technology for Acme Weekly.`)},
	"zorblat-history.md": {Data: []byte(`---
title: Zorblat's long road
date: 2024-11-02
source: Factory Gazette
---
# Zorblat's long road

Zorblat was acquired by Hollin Industries in 2019, three years after it was founded in Leipzig.
Hollin later sold a minority stake to Tarvo Capital.
`)},
	"merger-off.html": {Data: []byte(`<html><head><title>Merger called off | Market Wire</title>
<meta property="article:published_time" content="2023-06-12T09:00:00Z"></head>
<body><nav>Home | Markets | Tech</nav>
<article><h1>Merger called off</h1>
<p>Acme and Brightwave have called off their planned merger, citing market conditions.</p>
<p>Analysts at Pellmore Research said the two companies could not agree on valuation.</p>
</article><footer>© Market Wire</footer></body></html>`)},
	"brightwave-round.txt": {Data: []byte(`Brightwave reportedly raised $12 million in a Series A led by Northstar Ventures, people familiar with the matter said.

The startup makes battery controllers for electric vehicles. Brightwave did not comment.`)},
	"delta-kestrel.txt": {Data: []byte(`Sources said Delta Foods denied it was in talks to buy Kestrel Dairy.

Kestrel Dairy, a family-owned cheese maker, has been looking for a buyer since 2022. Delta Foods competes with Ormond Farms in the region.`)},
	"efoo-jv.txt": {Data: []byte(`Nordlys Energi (NE) and eFoo form solar joint venture

Nordlys Energi (NE) and eFoo will set up a joint venture to build solar parks in Spain, the two firms announced on Monday.

NE will hold 60% of the venture. eFoo, a Berlin-based software platform, brings its grid-forecasting tools.`)},
	"earnings.txt": {Data: []byte(`Quillon posts record quarter

Quillon reported revenue of $3.2 billion for the quarter, up 14% from a year earlier, and said it would launch a new drone model in May. Shares of Quillon rose 5%.`)},
	"yuan.txt": {Data: []byte(`Harbin Cloud invests in Lumo

Harbin Cloud said it will invest 1.8 billion yuan ($294 million) in Lumo Networks, a Shanghai-based chip designer, to expand its data centre business.`)},
}

func TestFixtures(t *testing.T) {
	r := Extract(loadFS(t, fixtures))
	find := func(a, b string) *deal.Deal {
		ds := dealsBetween(r.Deals, a, b)
		if len(ds) == 0 {
			t.Errorf("no deal between %s and %s; deals: %v", a, b, summaries(r.Deals))
			return nil
		}
		return &ds[0]
	}
	t.Run("acquisition with euro amount", func(t *testing.T) {
		d := find("Acme", "Zorblat")
		if d == nil {
			return
		}
		if d.Kind != deal.Acquisition || d.PartyWithRole(deal.RoleAcquirer) != "Acme" || d.PartyWithRole(deal.RoleTarget) != "Zorblat" {
			t.Errorf("deal = %v %+v; want Acme acquirer, Zorblat target", d.Kind, d.Parties)
		}
		if d.Status != deal.Announced {
			t.Errorf("status = %v; want announced (agreed, closing later)", d.Status)
		}
		if d.Amount == nil || d.Amount.Currency != "EUR" || d.Amount.Value != 45e6 || d.Amount.USD < 45e6 || !d.Amount.Approximate {
			t.Errorf("amount = %+v; want €45m converted to USD, approximate", d.Amount)
		}
		if d.Date.String() != "2025-03-04" {
			t.Errorf("date = %v; want 2025-03-04", d.Date)
		}
	})
	t.Run("passive voice keeps roles", func(t *testing.T) {
		d := find("Zorblat", "Hollin Industries")
		if d == nil {
			return
		}
		if d.PartyWithRole(deal.RoleAcquirer) != "Hollin Industries" || d.PartyWithRole(deal.RoleTarget) != "Zorblat" {
			t.Errorf("parties = %+v; want Hollin Industries acquirer, Zorblat target", d.Parties)
		}
		if d.Status != deal.Completed || d.Date.String() != "2019" {
			t.Errorf("status %v date %v; want completed in 2019", d.Status, d.Date)
		}
	})
	t.Run("terminated merger", func(t *testing.T) {
		d := find("Acme", "Brightwave")
		if d != nil && (d.Kind != deal.Merger || d.Status != deal.Terminated) {
			t.Errorf("deal = %v %v; want merger, terminated", d.Kind, d.Status)
		}
	})
	t.Run("reported funding round", func(t *testing.T) {
		d := find("Brightwave", "Northstar Ventures")
		if d == nil {
			return
		}
		if d.PartyWithRole(deal.RoleInvestor) != "Northstar Ventures" || d.Status != deal.Reported {
			t.Errorf("deal = %+v %v; want Northstar Ventures investor, reported", d.Parties, d.Status)
		}
		if d.Amount == nil || d.Amount.USD != 12e6 {
			t.Errorf("amount = %+v; want $12 million", d.Amount)
		}
	})
	t.Run("denied talks", func(t *testing.T) {
		d := find("Delta Foods", "Kestrel Dairy")
		if d != nil && d.Status != deal.Denied {
			t.Errorf("status = %v; want denied", d.Status)
		}
	})
	t.Run("joint venture with acronym and lower-case brand", func(t *testing.T) {
		d := find("Nordlys Energi", "eFoo")
		if d != nil && d.Kind != deal.JointVenture {
			t.Errorf("kind = %v; want joint venture", d.Kind)
		}
		for _, c := range r.Companies {
			if c.Name == "Nordlys Energi" && !containsStr(c.Aliases, "NE") {
				t.Errorf("Nordlys Energi aliases = %v; want NE", c.Aliases)
			}
		}
	})
	t.Run("yuan amount with its own conversion is one amount", func(t *testing.T) {
		d := find("Harbin Cloud", "Lumo Networks")
		if d == nil {
			return
		}
		if d.Amount == nil || d.Amount.Currency != "CNY" || d.Amount.Value != 1.8e9 || d.Amount.USD != 294e6 {
			t.Errorf("amount = %+v; want 1.8 billion yuan, USD 294 million from the text", d.Amount)
		}
	})
	t.Run("no party from boilerplate, competitors, analysts or earnings", func(t *testing.T) {
		for _, p := range [][2]string{{"Brightwave", "Quillon"}, {"Acme", "Acme Weekly"}, {"Delta Foods", "Ormond Farms"}, {"Acme", "Pellmore Research"}, {"Brightwave", "Pellmore Research"}} {
			if ds := dealsBetween(r.Deals, p[0], p[1]); len(ds) > 0 {
				t.Errorf("deal between %s and %s: %v; want none", p[0], p[1], summaries(ds))
			}
		}
		for _, d := range r.Deals {
			for _, p := range d.Parties {
				if p.Name == "Quillon" || p.Name == "Jane Porter" || p.Name == "Spain" || p.Name == "Leipzig" {
					t.Errorf("%q is a party of %v", p.Name, summaries([]deal.Deal{d}))
				}
			}
		}
	})
}

func TestMoreFrames(t *testing.T) {
	arts := loadFS(t, fstest.MapFS{
		"sale.txt":  {Data: []byte("Hollin Industries sold Zorblat to Acme Robotics for $80 million in a deal that closed on Friday.\n")},
		"backs.txt": {Data: []byte("Northstar Ventures has backed Brightwave, the battery start-up said in a statement.\n")},
	})
	r := Extract(arts)
	if ds := dealsBetween(r.Deals, "Zorblat", "Acme Robotics"); len(ds) != 1 || ds[0].PartyWithRole(deal.RoleAcquirer) != "Acme Robotics" || ds[0].PartyWithRole(deal.RoleTarget) != "Zorblat" {
		t.Errorf("sale: %v; want Acme Robotics acquiring Zorblat", summaries(r.Deals))
	}
	if ds := dealsBetween(r.Deals, "Hollin Industries", "Acme Robotics"); len(ds) != 0 {
		t.Errorf("the seller is a party: %v", summaries(ds))
	}
	if ds := dealsBetween(r.Deals, "Northstar Ventures", "Brightwave"); len(ds) != 1 || ds[0].PartyWithRole(deal.RoleInvestor) != "Northstar Ventures" {
		t.Errorf("backing: %v; want Northstar Ventures investing in Brightwave", summaries(r.Deals))
	}
}
