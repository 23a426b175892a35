package index

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// Invented companies and deals, so nothing is tuned to the seed articles.

func fixtureCompanies() []deal.Company {
	return []deal.Company{
		{Name: "Acme Robotics", Key: "acme robotics", Aliases: []string{"Acme Robotics", "Acme"}, Mentions: 12},
		{Name: "Zorblat GmbH", Key: "zorblat", Aliases: []string{"Zorblat GmbH", "Zorblat"}, Mentions: 5},
		{Name: "Brightwave", Key: "brightwave", Aliases: []string{"Brightwave", "Brightwave’s"}, Mentions: 8},
		{Name: "Northstar Ventures", Key: "northstar ventures", Aliases: []string{"Northstar Ventures", "Northstar"}, Mentions: 4},
		{Name: "eFoo", Key: "efoo", Aliases: []string{"eFoo"}, Mentions: 3},
		{Name: "Kestrel Foods", Key: "kestrel foods", Aliases: []string{"Kestrel Foods", "KF"}, Mentions: 3},
		{Name: "Youkai Tsunami", Key: "youkai tsunami", Aliases: []string{"Youkai Tsunami", "Youkai Tsunamy"}, Mentions: 3},
		{Name: "Pellucid Systems", Key: "pellucid systems", Aliases: []string{"Pellucid Systems", "Pellucid"}, Mentions: 2},
		{Name: "Quillfeather", Key: "quillfeather", Aliases: []string{"Quillfeather"}, Mentions: 1},
	}
}

func day(y, m, d int) deal.Date { return deal.Date{Year: y, Month: m, Day: d} }

func fixtureDeals() []deal.Deal {
	src := func(article, snippet string, d deal.Date) []deal.Source {
		return []deal.Source{{Article: article, Title: "t", Snippet: snippet, Date: d}}
	}
	return []deal.Deal{
		{
			ID: "acq-acme-zorblat", Kind: deal.Acquisition, Kinds: []deal.Kind{deal.Acquisition}, Status: deal.Announced,
			Parties: []deal.Party{{Name: "Acme Robotics", Role: deal.RoleAcquirer}, {Name: "Zorblat GmbH", Role: deal.RoleTarget}},
			Amount:  &deal.Amount{Text: "€40 million", Value: 40e6, Currency: "EUR", USD: 45e6, Approximate: true},
			Date:    day(2019, 3, 4), Areas: []string{"warehouse automation"},
			Summary: "Acme Robotics agreed to buy Zorblat GmbH, a maker of warehouse robots.",
			Sources: src("news/a1.md", "Acme Robotics agreed to buy Zorblat GmbH for €40 million.", day(2019, 3, 4)),
		},
		{
			ID: "inv-northstar-brightwave", Kind: deal.Investment, Kinds: []deal.Kind{deal.Investment}, Status: deal.Completed,
			Parties: []deal.Party{{Name: "Northstar Ventures", Role: deal.RoleInvestor}, {Name: "Brightwave", Role: deal.RoleInvestee}},
			Amount:  &deal.Amount{Text: "US$5 million", Value: 5e6, Currency: "USD", USD: 5e6},
			Date:    deal.Date{Year: 2017, Month: 6}, Areas: []string{"solar"},
			Summary: "Northstar Ventures invested US$5 million in Brightwave.",
			Sources: src("news/a2.md", "Northstar Ventures invested US$5 million in Brightwave.", day(2017, 6, 20)),
		},
		{
			ID: "lic-acme-brightwave-2016", Kind: deal.Licensing, Kinds: []deal.Kind{deal.Licensing}, Status: deal.Completed,
			Parties: []deal.Party{{Name: "Acme Robotics", Role: deal.RolePartner}, {Name: "Brightwave", Role: deal.RolePartner}},
			Date:    deal.Date{Year: 2016}, Areas: []string{"patents"},
			Summary: "Acme Robotics and Brightwave signed a patent licence in 2016.",
			Sources: src("news/a3.md", "Acme and Brightwave had signed a patent licence in 2016.", day(2018, 5, 2)),
		},
		{
			ID: "part-acme-brightwave-2018", Kind: deal.Partnership, Kinds: []deal.Kind{deal.Partnership}, Status: deal.Announced,
			Parties: []deal.Party{{Name: "Acme Robotics", Role: deal.RolePartner}, {Name: "Brightwave", Role: deal.RolePartner}},
			Date:    day(2018, 5, 2), Areas: []string{"video analytics"},
			Summary: "Acme Robotics and Brightwave partnered on video analytics for robots.",
			Sources: src("news/a3.md", "Acme and Brightwave are teaming up on video analytics.", day(2018, 5, 2)),
		},
		{
			ID: "collab-acme-brightwave-2012", Kind: deal.Partnership, Kinds: []deal.Kind{deal.Partnership}, Status: deal.Completed,
			Parties: []deal.Party{{Name: "Acme Robotics", Role: deal.RolePartner}, {Name: "Brightwave", Role: deal.RolePartner}},
			Date:    deal.Date{Year: 2012}, Historic: true, Areas: []string{"sensors"},
			Summary: "Acme Robotics first worked with Brightwave in 2012.",
			Sources: src("news/a3.md", "Acme Robotics first worked with Brightwave in 2012.", day(2018, 5, 2)),
		},
		{
			ID: "part-efoo-kestrel", Kind: deal.Partnership, Kinds: []deal.Kind{deal.Partnership}, Status: deal.Announced,
			Parties: []deal.Party{{Name: "eFoo", Role: deal.RolePartner}, {Name: "Kestrel Foods", Role: deal.RolePartner}},
			Areas:   []string{"grocery delivery"},
			Summary: "eFoo and Kestrel Foods will deliver groceries together.",
			Sources: src("news/a4.md", "eFoo and KF will deliver groceries together.", deal.Date{}),
		},
		{
			ID: "jv-youkai-acme", Kind: deal.JointVenture, Kinds: []deal.Kind{deal.JointVenture}, Status: deal.Announced,
			Parties: []deal.Party{{Name: "Youkai Tsunami", Role: deal.RolePartner}, {Name: "Acme Robotics", Role: deal.RolePartner}},
			Date:    deal.Date{Year: 2020, Month: 1}, Areas: []string{"drones"},
			Summary: "Youkai Tsunami and Acme Robotics formed a drone joint venture.",
			Sources: src("news/a4.md", "Youkai Tsunamy and Acme formed a joint venture for drones.", deal.Date{}),
		},
		{
			ID: "inv-northstar-acme", Kind: deal.Investment, Kinds: []deal.Kind{deal.Investment}, Status: deal.Reported,
			Parties: []deal.Party{{Name: "Northstar Ventures", Role: deal.RoleInvestor}, {Name: "Acme Robotics", Role: deal.RoleInvestee}},
			Summary: "Northstar Ventures is said to be investing in Acme Robotics.",
			Sources: src("news/a1.md", "Northstar is said to be investing in Acme.", day(2019, 3, 4)),
		},
	}
}

func sentence(i int, text string) corpus.Sentence {
	norm := strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "\u00a0", " ").Replace(text)
	return corpus.Sentence{Index: i, Kind: corpus.Body, Text: text, Norm: norm}
}

func article(id, title string, date time.Time, texts ...string) corpus.Article {
	a := corpus.Article{ID: id, Format: "md", Title: title, URL: "https://example.com/" + id, Date: date}
	for i, t := range texts {
		a.Sentences = append(a.Sentences, sentence(i, t))
	}
	return a
}

func fixtureArticles() []corpus.Article {
	return []corpus.Article{
		article("news/a1.md", "Acme buys Zorblat", time.Date(2019, 3, 4, 0, 0, 0, 0, time.UTC),
			"Acme Robotics agreed to buy Zorblat GmbH for €40 million.",
			"Northstar is said to be investing in Acme.",
			"Acme Robotics and Pellucid Systems both exhibited at the Hanover fair.",
			"The weather was fine."),
		article("news/a2.md", "Northstar backs Brightwave", time.Date(2017, 6, 20, 0, 0, 0, 0, time.UTC),
			"Northstar Ventures invested US$5 million in Brightwave.",
			"Brightwave’s panels <!channel> are cheap & light."),
		article("news/a3.md", "Acme and Brightwave team up", time.Date(2018, 5, 2, 0, 0, 0, 0, time.UTC),
			"Acme and Brightwave are teaming up on video analytics.",
			"Acme and Brightwave had signed a patent licence in 2016.",
			"Acme Robotics first worked with Brightwave in 2012.",
			"Pellucid was not involved."),
		article("news/a4.md", "", time.Time{},
			"eFoo and KF will deliver groceries together.",
			"Youkai Tsunamy and Acme formed a joint venture for drones.",
			"Analysts compared Pellucid Systems with Acme Robotics."),
	}
}

func fixtureSnapshot(fp string) Snapshot {
	return Snapshot{
		Fingerprint: fp,
		Articles:    fixtureArticles(),
		Deals:       fixtureDeals(),
		Companies:   fixtureCompanies(),
		Skipped:     []corpus.Skipped{{Path: "bad.bin", Reason: "binary"}},
	}
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// openBuilt opens an index in a temp dir and builds the fixture into it.
func openBuilt(t testing.TB, fp string) (*Index, string) {
	t.Helper()
	dir := t.TempDir()
	x, err := Open(testLogger(t), dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	if err := x.Build(t.Context(), fixtureSnapshot(fp), nil); err != nil {
		t.Fatalf("Build: %v", err)
	}
	return x, dir
}
