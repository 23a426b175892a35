package index

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// liveSegments counts the segment files of the live generation.
func liveSegments(t *testing.T, dir string) int {
	t.Helper()
	name, err := readCurrent(dir)
	if err != nil {
		t.Fatal(err)
	}
	zaps, err := filepath.Glob(filepath.Join(dir, name, "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	return len(zaps)
}

func TestUpdate(t *testing.T) {
	x, dir := openBuilt(t, "fp-1")
	before, err := x.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// One article rewritten: the Acme/Zorblat deal is now terminated and a
	// new deal between eFoo and Quillfeather appears.
	deals := fixtureDeals()
	changed := deals[0]
	changed.Status = deal.Terminated
	changed.Summary = "Acme Robotics called off its purchase of Zorblat GmbH."
	added := deal.Deal{ID: "part-efoo-quillfeather", Kind: deal.Partnership, Kinds: []deal.Kind{deal.Partnership}, Status: deal.Announced,
		Parties: []deal.Party{{Name: "eFoo", Role: deal.RolePartner}, {Name: "Quillfeather", Role: deal.RolePartner}},
		Summary: "eFoo and Quillfeather will sell feathers together."}
	a1 := article("news/a1.md", "Acme drops Zorblat", time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC),
		"Acme Robotics called off its purchase of Zorblat GmbH.",
		"eFoo and Quillfeather will sell feathers together.")
	err = x.Update(t.Context(), Delta{
		Fingerprint: "fp-2", RemoveArticles: []string{"news/a1.md"}, Articles: []corpus.Article{a1},
		RemoveDeals: []string{"acq-acme-zorblat", "inv-northstar-acme"}, Deals: []deal.Deal{changed, added},
		Companies: fixtureCompanies(), Sentences: before.Sentences - 2,
	}, nil)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if fp, _ := x.Fingerprint(); fp != "fp-2" {
		t.Errorf("fingerprint = %q; want fp-2", fp)
	}
	st, _ := x.Stats(t.Context())
	if st.Articles != before.Articles || st.Deals != before.Deals || st.Sentences != before.Sentences-2 {
		t.Errorf("stats after update = %d articles, %d deals, %d sentences; want %d, %d, %d",
			st.Articles, st.Deals, st.Sentences, before.Articles, before.Deals, before.Sentences-2)
	}
	if d := askTop(t, x, "acme zorblat"); d.Status != deal.Terminated {
		t.Errorf("acme zorblat = %s; want the updated deal, terminated", d.Status)
	}
	if d := askTop(t, x, "efoo quillfeather"); d.ID != "part-efoo-quillfeather" {
		t.Errorf("efoo quillfeather = %q; want the added deal", d.ID)
	}
	ans, err := x.Ask(t.Context(), "northstar acme")
	if err != nil || len(ans.Deals) != 0 {
		t.Errorf("northstar acme = %d deals (%v); want the removed deal gone", len(ans.Deals), err)
	}
	if d := askTop(t, x, "northstar brightwave"); d.ID != "inv-northstar-brightwave" {
		t.Errorf("an untouched deal = %q; want it kept", d.ID)
	}
	checkOneGeneration(t, dir)

	// Many small updates do not pile up segments.
	for i := range 30 {
		d := added
		d.Summary = fmt.Sprintf("eFoo and Quillfeather will sell feathers together, round %d.", i)
		err := x.Update(t.Context(), Delta{Fingerprint: fmt.Sprintf("fp-%d", i+3), RemoveDeals: []string{added.ID},
			Deals: []deal.Deal{d}, Companies: fixtureCompanies(), Sentences: st.Sentences}, nil)
		if err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
	}
	if n := liveSegments(t, dir); n > 15 {
		t.Errorf("%d segments after 31 updates; want the small ones merged", n)
	}
	if d := askTop(t, x, "efoo quillfeather"); !strings.Contains(d.Summary, "round 29") {
		t.Errorf("after the updates: %q; want the last version", d.Summary)
	}
	checkOneGeneration(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "CURRENT")); err != nil {
		t.Fatal(err)
	}
}
