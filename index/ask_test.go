package index

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func dealIDs(a Answer) []string {
	ids := make([]string, len(a.Deals))
	for i, d := range a.Deals {
		ids[i] = d.ID
	}
	return ids
}

func TestAsk(t *testing.T) {
	x, _ := openBuilt(t, "fp1")
	tests := []struct {
		name      string
		query     string
		companies []string
		deals     []string // exact deal order; nil = no deals
		intent    string
		lead      string // substring of Lead; "" = Lead must be empty
		message   string // substring of Message; "" = Message must be empty
		mentions  int
		unknown   []string
	}{
		{name: "two companies", query: "acme zorblat", companies: []string{"Acme Robotics", "Zorblat GmbH"},
			deals: []string{"acq-acme-zorblat"}},
		{name: "two companies, other order", query: "Zorblat Acme", companies: []string{"Zorblat GmbH", "Acme Robotics"},
			deals: []string{"acq-acme-zorblat"}},
		{name: "ampersand", query: "Acme & Brightwave", companies: []string{"Acme Robotics", "Brightwave"},
			deals: []string{"part-acme-brightwave-2018", "lic-acme-brightwave-2016", "collab-acme-brightwave-2012"}},
		{name: "slack-escaped ampersand", query: "acme &amp; brightwave", companies: []string{"Acme Robotics", "Brightwave"},
			deals: []string{"part-acme-brightwave-2018", "lic-acme-brightwave-2016", "collab-acme-brightwave-2012"}},
		{name: "kind hint ranks the licence first", query: "acme brightwave licensing", companies: []string{"Acme Robotics", "Brightwave"},
			deals: []string{"lic-acme-brightwave-2016", "part-acme-brightwave-2018", "collab-acme-brightwave-2012"}},
		{name: "typo", query: "brigthwave northstar", companies: []string{"Brightwave", "Northstar Ventures"},
			deals: []string{"inv-northstar-brightwave"}},
		{name: "typo in a longer name", query: "zorblatt acme", companies: []string{"Zorblat GmbH", "Acme Robotics"},
			deals: []string{"acq-acme-zorblat"}},
		{name: "multi-word alias", query: "youkai tsunamy acme", companies: []string{"Youkai Tsunami", "Acme Robotics"},
			deals: []string{"jv-youkai-acme"}},
		{name: "full name with suffix", query: "Acme Robotics Zorblat GmbH", companies: []string{"Acme Robotics", "Zorblat GmbH"},
			deals: []string{"acq-acme-zorblat"}},
		{name: "short alias", query: "kf efoo", companies: []string{"Kestrel Foods", "eFoo"},
			deals: []string{"part-efoo-kestrel"}},
		{name: "lowercase-initial name in capitals", query: "EFOO", companies: []string{"eFoo"},
			deals: []string{"part-efoo-kestrel"}},
		{name: "how much", query: "how much did Northstar invest in Brightwave?", companies: []string{"Northstar Ventures", "Brightwave"},
			deals: []string{"inv-northstar-brightwave"}, intent: "amount",
			lead: "Northstar Ventures' investment in Brightwave: US$5 million (about $5M USD), completed."},
		{name: "how much, no amount", query: "How much did Northstar put into Acme?", companies: []string{"Northstar Ventures", "Acme Robotics"},
			deals: []string{"inv-northstar-acme"}, intent: "amount",
			lead: "No amount is given for Northstar Ventures' investment in Acme Robotics."},
		{name: "who bought", query: "who bought Zorblat?", companies: []string{"Zorblat GmbH"},
			deals: []string{"acq-acme-zorblat"}, intent: "acquirer",
			lead: "Acme Robotics bought Zorblat GmbH (announced 2019-03-04)."},
		{name: "who did X buy", query: "Who did Acme buy?", companies: []string{"Acme Robotics"},
			deals:  []string{"acq-acme-zorblat", "jv-youkai-acme", "part-acme-brightwave-2018", "lic-acme-brightwave-2016", "inv-northstar-acme", "collab-acme-brightwave-2012"},
			intent: "target", lead: "Zorblat GmbH, bought by Acme Robotics"},
		{name: "who invested", query: "who invested in brightwave", companies: []string{"Brightwave"},
			deals: []string{"inv-northstar-brightwave", "part-acme-brightwave-2018", "lic-acme-brightwave-2016", "collab-acme-brightwave-2012"}, intent: "investor",
			lead: "Northstar Ventures invested US$5 million in Brightwave (completed 2017-06)."},
		{name: "when", query: "when did acme and brightwave partner?", companies: []string{"Acme Robotics", "Brightwave"},
			deals: []string{"part-acme-brightwave-2018", "lic-acme-brightwave-2016", "collab-acme-brightwave-2012"}, intent: "date",
			lead: "Acme Robotics and Brightwave partnered on 2 May 2018."},
		{name: "partners of one company, topic word", query: "who did Brightwave partner with on patents?", companies: []string{"Brightwave"},
			// the deal about the topic (a patent licence) comes before a partnership that is not about it
			deals: []string{"lic-acme-brightwave-2016", "part-acme-brightwave-2018", "inv-northstar-brightwave", "collab-acme-brightwave-2012"}, intent: "partner",
			lead: "Brightwave's partners: Acme Robotics."},
		{name: "one company, newest first", query: "acme", companies: []string{"Acme Robotics"},
			deals: []string{"jv-youkai-acme", "acq-acme-zorblat", "part-acme-brightwave-2018", "lic-acme-brightwave-2016", "inv-northstar-acme", "collab-acme-brightwave-2012"}},
		{name: "no deal, co-mentioned", query: "acme pellucid", companies: []string{"Acme Robotics", "Pellucid Systems"},
			message: "No deal found between Acme Robotics and Pellucid Systems; they are mentioned together in 2 articles.", mentions: 2},
		{name: "no deal, never together", query: "quillfeather zorblat", companies: []string{"Quillfeather", "Zorblat GmbH"},
			message: "No deal found between Quillfeather and Zorblat GmbH, and no article mentions them together."},
		{name: "one company without deals", query: "pellucid", companies: []string{"Pellucid Systems"},
			message: "No deal found for Pellucid Systems; it is mentioned in 3 articles.", mentions: 3},
		{name: "unknown name", query: "brightwxyz frobnicator", companies: []string{},
			message: "No company named “brightwxyz” and “frobnicator” in the indexed articles. Did you mean Brightwave?",
			unknown: []string{"brightwxyz", "frobnicator"}},
		{name: "unknown next to a known one", query: "acme frobnicator", companies: []string{"Acme Robotics"},
			deals:   []string{"jv-youkai-acme", "acq-acme-zorblat", "part-acme-brightwave-2018", "lic-acme-brightwave-2016", "inv-northstar-acme", "collab-acme-brightwave-2012"},
			message: "No company named “frobnicator”", unknown: []string{"frobnicator"}},
		{name: "topic word next to a known one", query: "acme drones", companies: []string{"Acme Robotics"},
			deals: []string{"jv-youkai-acme", "acq-acme-zorblat", "part-acme-brightwave-2018", "lic-acme-brightwave-2016", "inv-northstar-acme", "collab-acme-brightwave-2012"}},
		{name: "question without company", query: "who invested in solar?", companies: []string{},
			deals: []string{"inv-northstar-brightwave"}, intent: "investor", message: "showing deals that mention “solar”"},
		{name: "question without anything", query: "who invested?", companies: []string{}, intent: "investor",
			message: "couldn't find a company name"},
		{name: "bleve syntax", query: `+acme -zorblat party:x ~2 "`, companies: []string{"Acme Robotics", "Zorblat GmbH"},
			deals: []string{"acq-acme-zorblat"}, message: "No company named “party”", unknown: []string{"party"}},
		{name: "bleve syntax only", query: `+ - : ~2 " * ?`, companies: []string{}, message: "couldn't find a company name"},
		{name: "slack markup", query: "<@U123ABC> <!channel> <#C42|general> acme <https://x.example|zorblat>",
			companies: []string{"Acme Robotics", "Zorblat GmbH"}, deals: []string{"acq-acme-zorblat"}},
		{name: "possessive", query: "Acme’s deal with Zorblat", companies: []string{"Acme Robotics", "Zorblat GmbH"},
			deals: []string{"acq-acme-zorblat"}},
		{name: "common word never a company", query: "deals news", companies: []string{}, message: "couldn't find a company name"},
		{name: "empty", query: "   ", companies: []string{}, message: "Name one or two companies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := x.Ask(t.Context(), tt.query)
			if err != nil {
				t.Fatalf("Ask(%q): %v", tt.query, err)
			}
			if !slices.Equal(a.Companies, tt.companies) {
				t.Errorf("Ask(%q).Companies = %q; want %q", tt.query, a.Companies, tt.companies)
			}
			if got := dealIDs(a); !slices.Equal(got, tt.deals) && !(len(got) == 0 && len(tt.deals) == 0) {
				t.Errorf("Ask(%q) deals = %q; want %q", tt.query, got, tt.deals)
			}
			if a.Total != len(tt.deals) {
				t.Errorf("Ask(%q).Total = %d; want %d", tt.query, a.Total, len(tt.deals))
			}
			if a.Intent != tt.intent {
				t.Errorf("Ask(%q).Intent = %q; want %q", tt.query, a.Intent, tt.intent)
			}
			if (tt.lead == "") != (a.Lead == "") || !strings.Contains(a.Lead, tt.lead) {
				t.Errorf("Ask(%q).Lead = %q; want %q", tt.query, a.Lead, tt.lead)
			}
			if (tt.message == "") != (a.Message == "") || !strings.Contains(a.Message, tt.message) {
				t.Errorf("Ask(%q).Message = %q; want %q", tt.query, a.Message, tt.message)
			}
			if len(a.Mentions) != tt.mentions {
				t.Errorf("Ask(%q) has %d mentions; want %d: %+v", tt.query, len(a.Mentions), tt.mentions, a.Mentions)
			}
			if !slices.Equal(a.Unknown, tt.unknown) {
				t.Errorf("Ask(%q).Unknown = %q; want %q", tt.query, a.Unknown, tt.unknown)
			}
			for _, name := range a.Companies {
				if !slices.Contains(a.Terms, name) {
					t.Errorf("Ask(%q).Terms = %q; want %q among them", tt.query, a.Terms, name)
				}
			}
		})
	}
}

func TestAskMentions(t *testing.T) {
	x, _ := openBuilt(t, "fp1")
	a, err := x.Ask(t.Context(), "acme pellucid")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Mentions) != 2 {
		t.Fatalf("got %d mentions; want 2", len(a.Mentions))
	}
	// Newest article first; the undated article last.
	m := a.Mentions[0]
	if m.Article != "news/a1.md" || m.Title != "Acme buys Zorblat" || m.URL != "https://example.com/news/a1.md" ||
		m.Date.String() != "2019-03-04" || m.Snippet != "Acme Robotics and Pellucid Systems both exhibited at the Hanover fair." {
		t.Errorf("first mention = %+v; want the 2019-03-04 sentence of news/a1.md", m)
	}
	if !slices.Equal(m.Companies, []string{"Acme Robotics", "Pellucid Systems"}) {
		t.Errorf("first mention companies = %q; want Acme Robotics, Pellucid Systems", m.Companies)
	}
	if got := a.Mentions[1].Article; got != "news/a4.md" {
		t.Errorf("second mention from %q; want news/a4.md (undated, last)", got)
	}
	if !a.Mentions[1].Date.IsZero() {
		t.Errorf("undated article mention has date %v", a.Mentions[1].Date)
	}
	if len(a.Deals) != 0 {
		t.Errorf("got deals %q for a pair without a deal", dealIDs(a))
	}
}

func TestAskJSONShape(t *testing.T) {
	x, _ := openBuilt(t, "fp1")
	a, err := x.Ask(t.Context(), "acme pellucid")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	// Empty lists encode as [], not null, so consumers need no nil checks.
	if !strings.Contains(string(b), `"deals":[]`) {
		t.Errorf("JSON = %s; want \"deals\":[]", b)
	}
}

func TestAskTerms(t *testing.T) {
	x, _ := openBuilt(t, "fp1")
	a, err := x.Ask(t.Context(), "kf brightwave")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Kestrel Foods", "KF", "Brightwave", "Brightwave’s"} {
		if !slices.Contains(a.Terms, want) {
			t.Errorf("Terms = %q; want %q among them", a.Terms, want)
		}
	}
}

func TestAskManyDeals(t *testing.T) {
	// More deals than are ranked in memory: Bleve pre-sorts them.
	dir := t.TempDir()
	x, err := Open(testLogger(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Build(t.Context(), bigSnapshot("big", maxCandidates+100), nil); err != nil {
		t.Fatal(err)
	}
	a, err := x.Ask(t.Context(), "efoo")
	if err != nil {
		t.Fatal(err)
	}
	if a.Total != maxCandidates+101 || len(a.Deals) != MaxDeals {
		t.Fatalf("Total = %d, %d deals; want %d, %d", a.Total, len(a.Deals), maxCandidates+101, MaxDeals)
	}
	// All are undated; the one with a source ranks first.
	if a.Deals[0].ID != "part-efoo-kestrel" {
		t.Errorf("top deal = %q; want part-efoo-kestrel", a.Deals[0].ID)
	}
	if got := dealIDs(mustAsk(t, x, "efoo kf")); !slices.Equal(got, []string{"part-efoo-kestrel"}) {
		t.Errorf("efoo kf deals = %q; want [part-efoo-kestrel]", got)
	}
}

func mustAsk(t *testing.T, x *Index, q string) Answer {
	t.Helper()
	a, err := x.Ask(t.Context(), q)
	if err != nil {
		t.Fatalf("Ask(%q): %v", q, err)
	}
	return a
}
