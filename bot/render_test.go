package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/slack-go/slack"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current rendering")

func TestRenderAnswerCard(t *testing.T) {
	a := answerFor("acme zorblat", acmeBuysZorblat)
	resp := renderAnswer(a, renderOptions{Share: true, Command: "/deal"})
	checkSlackLimits(t, resp)
	text := allText(t, resp)
	for _, want := range []string{
		"Deals: Acme Robotics × Zorblat GmbH",                  // header
		"*Acme Robotics* (acquirer) → *Zorblat GmbH* (target)", // parties and roles
		"*Kind*\nAcquisition", "*Status*\nCompleted",           // kind, status
		"*Amount*\n€40 million ≈ US$44M · 100% stake", // amount as written and in USD
		"*Date*\n5 March 2024", "*Focus*\nwarehouse robots, logistics",
		"Acme Robotics bought Zorblat GmbH", // summary
		"“*Acme Robotics* said on Tuesday it had completed its acquisition of *Zorblat GmbH* for €40 million.”", // snippet, bold
		"<https://news.example.com/acme?a=1&amp;b=2|Acme Robotics buys Zorblat>",                                // linked title
		"Share in channel",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("answer does not contain %q; got:\n%s", want, text)
		}
	}
	if resp.Results != 1 {
		t.Errorf("Results = %d; want 1", resp.Results)
	}
	var btn *slack.ButtonBlockElement
	for _, b := range resp.Blocks {
		if ab, ok := b.(*slack.ActionBlock); ok {
			btn, _ = ab.Elements.ElementSet[0].(*slack.ButtonBlockElement)
		}
	}
	if btn == nil || btn.ActionID != ShareActionID || btn.Value != "acme zorblat" {
		t.Errorf("share button = %+v; want action %q with the query as value", btn, ShareActionID)
	}

	shared := renderAnswer(a, renderOptions{SharedBy: "U777", Command: "/deal"})
	st := allText(t, shared)
	if strings.Contains(st, "Share in channel") || !strings.Contains(st, "Shared by <@U777> · /deal acme zorblat") {
		t.Errorf("shared answer = %q; want no button and a Shared by line", st)
	}
}

func TestShareValue(t *testing.T) {
	for _, q := range []string{"acme", strings.Repeat("a", 2500), strings.Repeat("😀", 1500), strings.Repeat("é", 2001)} {
		v := shareValue(q)
		if slackLen(v) > maxButtonValue || !strings.HasPrefix(q, v) || (slackLen(q) <= maxButtonValue && v != q) {
			t.Errorf("shareValue(%d chars) = %d chars; want a prefix within %d", slackLen(q), slackLen(v), maxButtonValue)
		}
	}
}

func TestRenderGolden(t *testing.T) {
	a := answerFor("northstar", brightwavePartnership, eFooInvestment)
	a.Lead = "Northstar Ventures invested $12m in eFoo (reported)."
	a.Total = 5
	resp := renderAnswer(a, renderOptions{Share: true, Command: "/deal"})
	got, err := json.MarshalIndent(struct {
		Text   string        `json:"text"`
		Blocks []slack.Block `json:"blocks"`
	}{resp.Text, resp.Blocks}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "answer.golden.json")
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestRenderGolden -update)", err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	gj, _ := json.Marshal(g)
	wj, _ := json.Marshal(w)
	if !bytes.Equal(gj, wj) {
		t.Errorf("rendering differs from %s (run with -update after checking):\ngot:\n%s", path, got)
	}
}

func TestRenderEscapesHeader(t *testing.T) {
	a := answerFor("<!channel> & friends", eFooInvestment)
	a.Companies = nil
	resp := renderAnswer(a, renderOptions{Command: "/deal"})
	checkSlackLimits(t, resp)
	h, ok := resp.Blocks[0].(*slack.HeaderBlock)
	if !ok || h.Text.Text != "Deals for “&lt;!channel&gt; &amp; friends”" {
		t.Errorf("header = %+v; want the query escaped", resp.Blocks[0])
	}
}

func TestRenderDirectedAndPartners(t *testing.T) {
	tests := []struct {
		d    deal.Deal
		want string
	}{
		{eFooInvestment, "*Northstar Ventures* (investor) → *eFoo* (investee)"},
		{brightwavePartnership, "*Brightwave* &amp; *Northstar Ventures*"},
		{deal.Deal{Kind: deal.Investment, Parties: []deal.Party{{Name: "A", Role: deal.RoleInvestor}, {Name: "B", Role: deal.RoleInvestor}, {Name: "C", Role: deal.RoleInvestee}, {Name: "D", Role: deal.RolePartner}}},
			"*A* &amp; *B* (investors) → *C* (investee), with *D*"},
		{deal.Deal{Kind: deal.JointVenture, Parties: []deal.Party{{Name: "A"}, {Name: "B"}, {Name: "C"}}}, "*A*, *B* &amp; *C*"},
	}
	for _, tt := range tests {
		if got := partiesMrkdwn(tt.d); got != tt.want {
			t.Errorf("partiesMrkdwn(%v) = %q; want %q", tt.d.PartyNames(), got, tt.want)
		}
	}
}

func TestRenderRespectsLimits(t *testing.T) {
	long := strings.Repeat("Zorblat GmbH & <!channel> partners ", 400) // ~14,000 chars
	name := strings.Repeat("Acme Robotics Holdings ", 30)
	var deals []deal.Deal
	for i := range 80 {
		d := acmeBuysZorblat
		d.ID = fmt.Sprint(i)
		d.Parties = []deal.Party{{Name: name + fmt.Sprint(i), Role: deal.RoleAcquirer}, {Name: "Zorblat GmbH", Role: deal.RoleTarget}}
		d.Summary = long
		d.Areas = strings.Fields(long)
		d.Amount = &deal.Amount{Text: long, Currency: "EUR", USD: 1e9}
		for j := range 7 {
			d.Sources = append(d.Sources, deal.Source{Title: long, URL: "https://x.example/" + long[:50], Snippet: long + fmt.Sprint(j)})
		}
		deals = append(deals, d)
	}
	for _, max := range []int{0, 10, 100} {
		a := answerFor(long, deals...)
		a.Total = 500
		a.Lead = long
		resp := renderAnswer(a, renderOptions{Share: true, SharedBy: "U1", MaxDeals: max, Command: "/deal"})
		checkSlackLimits(t, resp)
		text := allText(t, resp)
		if !strings.Contains(text, "more deals") {
			t.Errorf("MaxDeals %d: no “N more deals” line", max)
		}
		if strings.Contains(text, "<!channel>") {
			t.Errorf("MaxDeals %d: raw <!channel> in output", max)
		}
	}
}

func TestRenderNoDeals(t *testing.T) {
	a := index.Answer{
		Query: "acme <!here> frobnitz", Companies: []string{"Acme Robotics"}, Unknown: []string{"frobnitz"},
		Message: "No deal found between Acme Robotics and frobnitz.", Terms: []string{"Acme Robotics", "Acme"},
		Mentions: []index.Mention{{Article: "a.txt", Title: "Robots & <!channel>", Snippet: "Acme said frobnitz <!here> was next.", Companies: []string{"Acme Robotics"}}},
	}
	resp := renderAnswer(a, renderOptions{Share: true, Command: "/deal"})
	checkSlackLimits(t, resp)
	text := allText(t, resp)
	for _, want := range []string{
		"No deal found between Acme Robotics and frobnitz.", "I understood: *Acme Robotics*",
		"Not a company I know from the articles: “frobnitz”", "“*Acme* said frobnitz &lt;!here&gt; was next.”",
		"— Robots &amp; &lt;!channel&gt;", "Check the spelling",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("empty answer lacks %q; got:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Share in channel") || resp.Results != 0 {
		t.Errorf("empty answer offers sharing or counts results: %q", text)
	}
	if strings.Contains(text, "<!here>") || strings.Contains(text, "<!channel>") {
		t.Errorf("raw special mention in %q", text)
	}
}

func TestRenderStatsProgressReport(t *testing.T) {
	now := time.Date(2026, 11, 21, 13, 0, 0, 0, time.UTC)
	stats := renderStats(index.Stats{Articles: 6, Sentences: 410, Deals: 5, Companies: 12, Skipped: 1, BuiltAt: now.Add(-5 * time.Minute), SizeBytes: 1_300_000, Mapping: 3}, now)
	checkSlackLimits(t, stats)
	for _, want := range []string{"*Articles*\n6", "*Deals*\n5", "*Companies*\n12", "5 minutes ago", "*Index size*\n1.2 MB", "*Files skipped*\n1"} {
		if !strings.Contains(allText(t, stats), want) {
			t.Errorf("stats lack %q: %s", want, allText(t, stats))
		}
	}

	prog := renderProgress(engine.Progress{Stage: engine.StageExtracting, Done: 3, Total: 6}, "U1", 2500*time.Millisecond)
	checkSlackLimits(t, prog)
	if pt := allText(t, prog); !strings.Contains(pt, "Finding deals: 3/6 ▰▰▰▰▰▱▱▱▱▱") || !strings.Contains(pt, "Started by <@U1> · 2.5 s elapsed") {
		t.Errorf("progress = %q", pt)
	}

	var skipped []corpus.Skipped
	for i := range 13 {
		skipped = append(skipped, corpus.Skipped{Path: fmt.Sprintf("bad/<file%d>.bin", i), Reason: "binary file"})
	}
	rep := renderReport(engine.Report{Articles: 6, Deals: 5, Companies: 12, Skipped: skipped, Duration: 2400 * time.Millisecond}, "U1")
	checkSlackLimits(t, rep)
	rt := allText(t, rep)
	for _, want := range []string{"Reindex finished* in 2.4 s", "*Articles*\n6", "*Deals*\n5", "*Companies*\n12", "*Files skipped*\n13",
		"Skipped 13 files:*", "• `bad/&lt;file0&gt;.bin` — binary file", "…and 3 more"} {
		if !strings.Contains(rt, want) {
			t.Errorf("report lacks %q: %s", want, rt)
		}
	}
	reused := allText(t, renderReport(engine.Report{Reused: true, Duration: 80 * time.Millisecond}, "U1"))
	if !strings.Contains(reused, "already up to date") {
		t.Errorf("reused report = %q", reused)
	}
}

func TestHumanize(t *testing.T) {
	for v, want := range map[float64]string{300e6: "US$300M", 1.25e9: "US$1.3B", 44e6: "US$44M", 45_000: "US$45K", 999: "US$999", 12.5e6: "US$12.5M"} {
		if got := humanUSD(v); got != want {
			t.Errorf("humanUSD(%v) = %q; want %q", v, got, want)
		}
	}
	for d, want := range map[time.Duration]string{850 * time.Millisecond: "850 ms", 2400 * time.Millisecond: "2.4 s", 185 * time.Second: "3 min 5 s", 2*time.Hour + 3*time.Minute: "2 h 3 min"} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q; want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{10 * time.Second: "just now", time.Minute: "1 minute ago", 3 * time.Hour: "3 hours ago", 72 * time.Hour: "3 days ago"} {
		if got := humanAge(d); got != want {
			t.Errorf("humanAge(%v) = %q; want %q", d, got, want)
		}
	}
	for n, want := range map[int64]string{812: "812 B", 1536: "1.5 KB", 1_300_000: "1.2 MB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestRenderStatusHistory(t *testing.T) {
	d := deal.Deal{ID: "d1", Parties: []deal.Party{{Name: "Acme", Role: deal.RoleAcquirer}, {Name: "Zorblat", Role: deal.RoleTarget}},
		Kind: deal.Acquisition, Kinds: []deal.Kind{deal.Acquisition}, Status: deal.Completed,
		History: []deal.StatusChange{{Status: deal.Announced, Date: deal.Date{Year: 2024, Month: 6, Day: 12}}, {Status: deal.Completed, Date: deal.Date{Year: 2024, Month: 10, Day: 2}}},
		Sources: []deal.Source{{Article: "a.txt", Snippet: "Acme bought Zorblat."}}}
	msg := renderAnswer(index.Answer{Query: "acme zorblat", Companies: []string{"Acme", "Zorblat"}, Deals: []deal.Deal{d}, Total: 1}, renderOptions{MaxDeals: 5})
	b, _ := json.Marshal(msg.Blocks)
	if !strings.Contains(string(b), "announced 12 June 2024, completed 2 October 2024") {
		t.Errorf("card lacks the status history:\n%s", b)
	}
}
