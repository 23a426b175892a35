package eval

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
)

func strp(s string) *string { return &s }

type fakeAsker map[string]index.Answer

func (f fakeAsker) Ask(_ context.Context, q string) (index.Answer, error) { return f[q], nil }

func TestEvaluateCounts(t *testing.T) {
	g := &Gold{
		Deals: []GoldDeal{
			{ID: "G1", Parties: []string{"Acme Robotics", "Zorblat"}, Kind: "acquisition", Roles: map[string]string{"acquirer": "Acme Robotics", "target": "Zorblat"},
				Status: "announced", Amount: &GoldAmount{Currency: "EUR", Value: 45e6, USD: 50.85e6}, Date: strp("2025-03-04"), Sources: []string{"a.txt"}},
			{ID: "G2", Parties: []string{"Brightwave", "Northstar Ventures"}, Kind: "investment", Status: "reported", Sources: []string{"b.txt"}},
		},
		NotDeals:     [][]string{{"Acme Robotics", "Factory Weekly"}},
		NeverParties: []string{"Pellmore Research"},
		Queries:      []GoldQuery{{Q: "who bought zorblat?", Expect: strp("G1"), Intent: "acquirer"}, {Q: "brightwave", Expect: strp("G2")}},
	}
	acme := deal.Deal{Parties: []deal.Party{{Name: "Acme", Role: deal.RoleAcquirer}, {Name: "Zorblat", Role: deal.RoleTarget}},
		Kind: deal.Acquisition, Kinds: []deal.Kind{deal.Acquisition}, Status: deal.Announced, Date: deal.Date{Year: 2025, Month: 3, Day: 4},
		Amount: &deal.Amount{Currency: "EUR", Value: 45e6, USD: 51e6}, Sources: []deal.Source{{Article: "a.txt"}}}
	wrong := deal.Deal{Parties: []deal.Party{{Name: "Acme", Role: deal.RolePartner}, {Name: "Pellmore Research", Role: deal.RolePartner}},
		Kind: deal.Partnership, Status: deal.Announced}
	companies := []deal.Company{{Name: "Acme", Aliases: []string{"Acme", "Acme Robotics", "Acme Robotics Ltd"}}, {Name: "Zorblat", Aliases: []string{"Zorblat"}}}
	ask := fakeAsker{"who bought zorblat?": {Intent: "acquirer", Lead: "Acme bought Zorblat.", Deals: []deal.Deal{acme}}}
	r, err := Evaluate(t.Context(), g, []deal.Deal{acme, wrong}, companies, ask)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pairs.TP != 1 || r.Pairs.FP != 1 || r.Pairs.FN != 1 {
		t.Errorf("pairs %+v; want TP 1 (Acme = Acme Robotics by alias), FP 1, FN 1", r.Pairs)
	}
	if math.Abs(r.Pairs.F1()-0.5) > 1e-9 {
		t.Errorf("F1 = %v; want 0.5", r.Pairs.F1())
	}
	for _, f := range []Field{{"roles", r.Roles}, {"kind", r.Kind}, {"status", r.Status}, {"amount", r.Amount}, {"date", r.Date}, {"sources", r.Sources}} {
		if f.Acc.Right != 1 || f.Acc.Total != 1 {
			t.Errorf("%s = %d/%d; want 1/1 (USD within 5%%): %v", f.Name, f.Acc.Right, f.Acc.Total, f.Acc.Misses)
		}
	}
	if r.Queries.Right != 1 || r.Queries.Total != 2 || r.Intent.Right != 1 {
		t.Errorf("queries %d/%d intent %d/%d; want 1/2 and 1/1", r.Queries.Right, r.Queries.Total, r.Intent.Right, r.Intent.Total)
	}
	if len(r.NeverParties) != 1 || len(r.NotDeals) != 0 {
		t.Errorf("never %v not-deals %v; want Pellmore Research flagged", r.NeverParties, r.NotDeals)
	}
}

func TestAmountTolerance(t *testing.T) {
	g := &GoldAmount{Currency: "GBP", Value: 9.5e6, USD: 11.7e6}
	for _, tt := range []struct {
		a    *deal.Amount
		want bool
	}{
		{&deal.Amount{Currency: "GBP", Value: 9.5e6, USD: 12.1e6}, true},
		{&deal.Amount{Currency: "GBP", Value: 9.5e6, USD: 13e6}, false},
		{&deal.Amount{Currency: "USD", Value: 11.7e6, USD: 11.7e6}, false},
		{nil, false},
	} {
		if got := amountOK(g, tt.a); got != tt.want {
			t.Errorf("amountOK(%+v) = %v; want %v", tt.a, got, tt.want)
		}
	}
	if !amountOK(nil, nil) || amountOK(nil, &deal.Amount{}) {
		t.Errorf("a gold deal without amount must match only no amount")
	}
}

func TestReadGoldRejectsBadFiles(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"notyaml.yaml":  "deals: [unclosed",
		"oneparty.yaml": "deals:\n  - parties: [Acme]\n",
		"badquery.yaml": "deals:\n  - {id: G1, parties: [A, B]}\nqueries:\n  - {q: x, expect: G9}\n",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		if _, err := ReadGold(p); err == nil {
			t.Errorf("ReadGold(%s) succeeded; want an error", name)
		}
	}
}
