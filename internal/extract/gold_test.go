package extract

import (
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// loadFS parses every file of fsys.
func loadFS(t testing.TB, fsys fs.FS) []corpus.Article {
	t.Helper()
	var arts []corpus.Article
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		a, err := corpus.Parse(p, b)
		if err != nil {
			t.Fatalf("parse %s: %v", p, err)
		}
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

func pairKey(names ...string) string {
	n := append([]string(nil), names...)
	for i := range n {
		n[i] = strings.ToLower(n[i])
	}
	sort.Strings(n)
	return strings.Join(n, "+")
}

// dealsBetween returns the deals whose parties are exactly a and b.
func dealsBetween(ds []deal.Deal, a, b string) []deal.Deal {
	var out []deal.Deal
	for _, d := range ds {
		if pairKey(d.PartyNames()...) == pairKey(a, b) {
			out = append(out, d)
		}
	}
	return out
}

func sourceIDs(d deal.Deal) []string {
	var out []string
	for _, s := range d.Sources {
		out = append(out, s.Article[:3])
	}
	sort.Strings(out)
	return out
}

func TestSeedGold(t *testing.T) {
	r := Extract(loadFS(t, corpus.Seed()))
	one := func(t *testing.T, a, b string, pick func(deal.Deal) bool) deal.Deal {
		t.Helper()
		for _, d := range dealsBetween(r.Deals, a, b) {
			if pick == nil || pick(d) {
				return d
			}
		}
		t.Fatalf("no deal between %s and %s; deals: %v", a, b, summaries(r.Deals))
		return deal.Deal{}
	}
	current := func(d deal.Deal) bool { return !d.Historic }

	t.Run("D1 Xiaomi-Firework partnership", func(t *testing.T) {
		d := one(t, "Xiaomi", "Firework", nil)
		checkDeal(t, d, deal.Partnership, deal.Announced, "", []string{"000", "001"})
		if d.Amount != nil {
			t.Errorf("amount = %+v; want none", d.Amount)
		}
	})
	t.Run("D2 Xiaomi-Youku Tudou partnership with stake", func(t *testing.T) {
		d := one(t, "Xiaomi", "Youku Tudou", nil)
		checkDeal(t, d, deal.Partnership, deal.Announced, "", []string{"002", "004"})
		if !d.HasKind(deal.Investment) {
			t.Errorf("kinds = %v; want investment among them", d.Kinds)
		}
		if d.Amount != nil && (d.Amount.USD == 1e9 || d.Amount.Value == 1e9) {
			t.Errorf("amount = %+v; the $1 billion fund is not the deal amount", d.Amount)
		}
		if d.Amount == nil || d.Amount.USD != 1e7 || d.Amount.USDHigh != 1e8-1 {
			t.Errorf("amount = %+v; want the eight-digit range 10M–99.99M USD", d.Amount)
		}
		if got := len(dealsBetween(r.Deals, "Xiaomi", "Youku Tudou")); got != 1 {
			t.Errorf("%d Xiaomi–Youku Tudou deals; want 1 (both spellings merged)", got)
		}
	})
	t.Run("D3 Xiaomi invests in iQiyi, reported", func(t *testing.T) {
		d := one(t, "Xiaomi", "iQiyi", nil)
		checkDeal(t, d, deal.Investment, deal.Reported, "", []string{"002", "004"})
		if d.PartyWithRole(deal.RoleInvestor) != "Xiaomi" || d.PartyWithRole(deal.RoleInvestee) != "iQiyi" {
			t.Errorf("parties = %+v; want Xiaomi investor, iQiyi investee", d.Parties)
		}
		if d.Amount == nil || d.Amount.USD != 3e8 || d.Amount.Currency != "USD" {
			t.Errorf("amount = %+v; want US$300 million", d.Amount)
		}
	})
	t.Run("D4 Xiaomi-Microsoft MoU", func(t *testing.T) {
		d := one(t, "Xiaomi", "Microsoft", current)
		checkDeal(t, d, deal.Partnership, deal.Announced, "2018-02-26", []string{"003"})
		if d.Amount != nil {
			t.Errorf("amount = %+v; want none", d.Amount)
		}
		hits := 0
		for _, a := range d.Areas {
			for _, w := range []string{"cloud", "azure", "ai", "cortana", "laptop", "marketing"} {
				if strings.Contains(strings.ToLower(a), w) {
					hits++
					break
				}
			}
		}
		if hits < 2 {
			t.Errorf("areas = %v; want at least two of cloud, AI, laptops, marketing", d.Areas)
		}
		if !strings.Contains(d.Sources[0].Snippet, "Xiaomi and Microsoft are all set to expand their partnership.") {
			t.Errorf("snippet = %q; want the lead sentence", d.Sources[0].Snippet)
		}
	})
	t.Run("D5 and D6 earlier Xiaomi-Microsoft deals stay apart", func(t *testing.T) {
		ds := dealsBetween(r.Deals, "Xiaomi", "Microsoft")
		if len(ds) != 3 {
			t.Fatalf("%d Xiaomi–Microsoft deals; want 3 (MoU, licensing, 2015): %v", len(ds), summaries(ds))
		}
		lic := one(t, "Xiaomi", "Microsoft", func(d deal.Deal) bool { return d.HasKind(deal.Licensing) })
		if lic.Date.String() == "2018-02-26" || lic.Status != deal.Completed {
			t.Errorf("licensing deal: date %v status %v; want an earlier, completed deal", lic.Date, lic.Status)
		}
		y2015 := one(t, "Xiaomi", "Microsoft", func(d deal.Deal) bool { return d.Date.String() == "2015" })
		if y2015.Status != deal.Completed {
			t.Errorf("2015 deal status = %v; want completed", y2015.Status)
		}
	})
	t.Run("D7 Tencent-Samsung", func(t *testing.T) {
		d := one(t, "Tencent", "Samsung", nil)
		checkDeal(t, d, deal.Partnership, deal.Announced, "2018-02-25", []string{"003"})
	})
	t.Run("no dates invented", func(t *testing.T) {
		for _, p := range [][2]string{{"Xiaomi", "Firework"}, {"Xiaomi", "Youku Tudou"}, {"Xiaomi", "iQiyi"}} {
			for _, d := range dealsBetween(r.Deals, p[0], p[1]) {
				if !d.Date.IsZero() {
					t.Errorf("%s–%s date = %v; want none (the articles give none)", p[0], p[1], d.Date)
				}
			}
		}
	})
	t.Run("not deals", func(t *testing.T) {
		for _, p := range [][2]string{{"Xiaomi", "TikTok"}, {"Firework", "TikTok"}, {"Xiaomi", "Sina"}, {"Xiaomi", "Sina Tech"},
			{"Sina Tech", "iQiyi"}, {"Xiaomi", "Samsung"}, {"Xiaomi", "Netflix"}, {"Xiaomi", "Baidu"}, {"Baidu", "Alibaba"},
			{"Microsoft", "Google"}, {"Microsoft", "Amazon"}, {"Xiaomi", "Apple"}, {"Xiaomi", "Huawei"}, {"TechNode", "Sixth Tone"},
			{"ITProPortal", "Betbull"}, {"Xiaomi", "Tech Crunch"}} {
			if ds := dealsBetween(r.Deals, p[0], p[1]); len(ds) > 0 {
				t.Errorf("deal between %s and %s: %v; want none", p[0], p[1], summaries(ds))
			}
		}
	})
	t.Run("entities", func(t *testing.T) {
		byName := map[string]deal.Company{}
		for _, c := range r.Companies {
			byName[c.Name] = c
		}
		want := map[string][]string{
			"Xiaomi":      {"Xiaomi", "Xiaomi Corp", "Xiaomi Corporation", "MI"},
			"Firework":    {"Firework"},
			"Youku Tudou": {"Youku Tudou", "Youku Todou", "Youku"},
			"iQiyi":       {"iQiyi"},
			"Microsoft":   {"Microsoft"},
			"Tencent":     {"Tencent"},
			"Samsung":     {"Samsung"},
		}
		for name, aliases := range want {
			c, ok := byName[name]
			if !ok {
				t.Errorf("company %q not found; have %v", name, companyNames(r.Companies))
				continue
			}
			for _, a := range aliases {
				if !containsStr(c.Aliases, a) {
					t.Errorf("%s aliases = %v; want %q among them", name, c.Aliases, a)
				}
			}
		}
		if containsStr(byName["Microsoft"].Aliases, "Microsoft AI") {
			t.Errorf("Microsoft aliases %v include Microsoft AI", byName["Microsoft"].Aliases)
		}
		notOrgs := []string{"Wang Dong", "Sudarshan Kadam", "Lei Jun", "Chen Tong", "Wang Chuan", "Harry Shun", "Emma Lee", "Jamie Hinks", "Thomas An",
			"India", "Russia", "Indonesia", "China", "Europe", "US", "Silicon Valley"}
		for _, n := range notOrgs {
			if _, ok := byName[n]; ok {
				t.Errorf("%q is listed as a company", n)
			}
		}
		parties := map[string]bool{}
		for _, d := range r.Deals {
			for _, p := range d.Parties {
				parties[p.Name] = true
			}
		}
		for _, n := range append(notOrgs, "Mi Videos", "MIUI", "Azure", "Cortana", "Bing", "Edge", "XiaoIce", "SwiftKey", "Translator", "Pix", "Cognitive Services", "Skype", "Windows 10", "Reveal", "Invoke") {
			if parties[n] {
				t.Errorf("%q is a deal party", n)
			}
		}
	})
}

func checkDeal(t *testing.T, d deal.Deal, kind deal.Kind, status deal.Status, date string, sources []string) {
	t.Helper()
	if d.Kind != kind {
		t.Errorf("kind = %v (kinds %v); want %v", d.Kind, d.Kinds, kind)
	}
	if d.Status != status {
		t.Errorf("status = %v; want %v", d.Status, status)
	}
	if d.Date.String() != date {
		t.Errorf("date = %q; want %q", d.Date.String(), date)
	}
	if got := strings.Join(sourceIDs(d), ","); got != strings.Join(sources, ",") {
		t.Errorf("sources = %v; want %v", got, sources)
	}
	if d.Summary == "" || len(d.Sources) == 0 || d.Sources[0].Snippet == "" {
		t.Errorf("deal %s has no summary or snippet", d.ID)
	}
}

func summaries(ds []deal.Deal) []string {
	var out []string
	for _, d := range ds {
		out = append(out, strings.Join(d.PartyNames(), "/")+" "+string(d.Kind)+" "+string(d.Status)+" "+d.Date.String())
	}
	return out
}

func companyNames(cs []deal.Company) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Every field of every deal can be traced to the sentence it came from.
func TestEvidence(t *testing.T) {
	r := Extract(loadFS(t, corpus.Seed()))
	for _, d := range r.Deals {
		for _, f := range []string{"parties", "kind", "status"} {
			if e, ok := d.Evidence[f]; !ok || e.Text == "" || e.Article == "" {
				t.Errorf("%v: no evidence for %s", summaries([]deal.Deal{d}), f)
			}
		}
		if d.Amount != nil && d.Evidence["amount"].Text == "" {
			t.Errorf("%v: no evidence for the amount", summaries([]deal.Deal{d}))
		}
		if !d.Date.IsZero() && d.Evidence["date"].Article == "" {
			t.Errorf("%v: no evidence for the date", summaries([]deal.Deal{d}))
		}
		if len(d.Areas) > 0 && d.Evidence["areas"].Text == "" {
			t.Errorf("%v: no evidence for the areas", summaries([]deal.Deal{d}))
		}
	}
}
