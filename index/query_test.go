package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealbot/dealbot/internal/deal"
)

func TestParseQueryWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"acme zorblat", []string{"acme", "zorblat"}},
		{"Acme & Brightwave", []string{"Acme", "&", "Brightwave"}},
		{"acme &amp; brightwave", []string{"acme", "&", "brightwave"}},
		{"<@U123> <!channel> <#C1|general> acme <https://x.example/a|Zorblat GmbH> <https://y.example>", []string{"acme", "Zorblat", "GmbH"}},
		{"Acme’s team-up with O'Reilly?", []string{"Acme's", "team-up", "with", "O'Reilly"}},
		{`+acme -zorblat party:x ~2 "q" (a OR b)`, []string{"acme", "zorblat", "party", "x", "2", "q", "a", "OR", "b"}},
		{"acme\x00\tzorblat\u00a0gmbh", []string{"acme", "zorblat", "gmbh"}},
		{"-leading- 'quoted' trailing-", []string{"leading", "quoted", "trailing"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, w := range parseQuery(tt.in).words {
			got = append(got, w.orig)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("words(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseQueryIntent(t *testing.T) {
	tests := []struct {
		in       string
		intent   string
		kind     deal.Kind // first kind hint, "" for none
		question bool
	}{
		{"acme zorblat", "", "", false},
		{"how much did Acme invest in Brightwave?", "amount", deal.Investment, true},
		{"For how much did Acme buy Zorblat", "amount", deal.Acquisition, true},
		{"how big was the acme zorblat deal", "amount", "", true},
		{"who bought zorblat", "acquirer", deal.Acquisition, true},
		{"who has acquired zorblat", "acquirer", deal.Acquisition, true},
		{"who took over zorblat", "acquirer", deal.Acquisition, true},
		{"who invested in brightwave", "investor", deal.Investment, true},
		{"who backed brightwave?", "investor", deal.Investment, true},
		{"who did acme buy", "target", deal.Acquisition, true},
		{"what companies did acme acquire", "target", deal.Acquisition, true},
		{"who did acme partner with on video?", "partner", deal.Partnership, true},
		{"who did acme team up with", "partner", deal.Partnership, true},
		{"partners of acme", "partner", deal.Partnership, true},
		{"when did acme and brightwave partner", "date", deal.Partnership, true},
		{"acme brightwave licensing", "", deal.Licensing, false},
		{"acme brightwave joint venture", "", deal.JointVenture, false},
		{"did acme merge with zorblat?", "", deal.Merger, true},
		{"acme zorblat?", "", "", true},
	}
	for _, tt := range tests {
		q := parseQuery(tt.in)
		kind := deal.Kind("")
		if len(q.kinds) > 0 {
			kind = q.kinds[0]
		}
		if q.intent != tt.intent || kind != tt.kind || q.question != tt.question {
			t.Errorf("parseQuery(%q) = intent %q, kind %q, question %v; want %q, %q, %v",
				tt.in, q.intent, kind, q.question, tt.intent, tt.kind, tt.question)
		}
	}
}

func FuzzAsk(f *testing.F) {
	x, _ := openBuilt(f, "fz")
	for _, s := range []string{"acme zorblat", "how much did acme invest in zorblat?", `+a -b field:x ~2 "`,
		"<@U1|x> <!here>", "\xff\xfe", "& & &", "who did", strings.Repeat("acme ", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := x.Ask(context.Background(), s)
		if err != nil {
			t.Fatalf("Ask(%q): %v", s, err)
		}
		if len(a.Deals) == 0 && a.Message == "" {
			t.Fatalf("Ask(%q): no deals and no message", s)
		}
		if len(a.Deals) > MaxDeals || a.Total < len(a.Deals) {
			t.Fatalf("Ask(%q): %d deals, total %d", s, len(a.Deals), a.Total)
		}
	})
}

// benchSnapshot is a synthetic corpus: n companies, n*2 deals between
// neighbouring companies, and n/2 articles of 20 sentences.
func benchSnapshot(n int) Snapshot {
	s := Snapshot{Fingerprint: "bench"}
	name := func(i int) string { return fmt.Sprintf("Firm%04d Labs", i) }
	for i := range n {
		s.Companies = append(s.Companies, deal.Company{Name: name(i), Key: deal.NormKey(name(i)),
			Aliases: []string{name(i), fmt.Sprintf("Firm%04d", i)}, Mentions: n - i})
	}
	kinds := []deal.Kind{deal.Partnership, deal.Investment, deal.Acquisition, deal.Licensing}
	for i := range n * 2 {
		a, b := i%n, (i*7+1)%n
		if a == b {
			continue
		}
		k := kinds[i%len(kinds)]
		roles := [2]deal.Role{deal.RolePartner, deal.RolePartner}
		if k == deal.Investment {
			roles = [2]deal.Role{deal.RoleInvestor, deal.RoleInvestee}
		} else if k == deal.Acquisition {
			roles = [2]deal.Role{deal.RoleAcquirer, deal.RoleTarget}
		}
		snippet := fmt.Sprintf("%s and %s announced a %s on cloud video services.", name(a), name(b), k)
		s.Deals = append(s.Deals, deal.Deal{
			ID: fmt.Sprintf("d%05d", i), Kind: k, Kinds: []deal.Kind{k}, Status: deal.Announced,
			Parties: []deal.Party{{Name: name(a), Role: roles[0]}, {Name: name(b), Role: roles[1]}},
			Amount:  &deal.Amount{Text: "US$10 million", Value: 1e7, Currency: "USD", USD: 1e7},
			Date:    deal.Date{Year: 2010 + i%12, Month: 1 + i%12, Day: 1 + i%28}, Areas: []string{"cloud", "video"},
			Summary: snippet, Sources: []deal.Source{{Article: fmt.Sprintf("a%d", i%(n/2)), Snippet: snippet}},
		})
	}
	for i := range n / 2 {
		var sents []string
		for j := range 20 {
			sents = append(sents, fmt.Sprintf("Analysts said %s and %s met in city %d to talk about robots.", name((i+j)%n), name((i*3+j)%n), j))
		}
		art := article(fmt.Sprintf("a%d", i), "title", benchDate(i), sents...)
		s.Articles = append(s.Articles, art)
	}
	return s
}

func benchDate(i int) time.Time {
	return time.Date(2015+i%8, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
}

func BenchmarkAsk(b *testing.B) {
	dir := b.TempDir()
	x, err := Open(testLogger(b), dir)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	const n = 1000
	if err := x.Build(context.Background(), benchSnapshot(n), nil); err != nil {
		b.Fatal(err)
	}
	queries := []string{
		"firm0001 firm0008",             // a pair with a deal
		"Firm0002 Labs & Firm0015 Labs", // full names
		"firm0003 firm0500",             // a pair without a deal: mentions
		"how much did firm0004 invest in firm0029?",
		"frim0005 firm0036", // typo
		"firm0006",          // one company
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := x.Ask(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
