package extract

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dealbot/dealbot/corpus"
)

func TestZZTold(t *testing.T) {
	dir := os.Getenv("DBG_DIR")
	if dir == "" {
		t.Skip()
	}
	arts, _, _ := corpus.Load(context.Background(), corpus.DirFS(dir), corpus.Options{})
	names := make([]Names, len(arts))
	for i := range arts {
		names[i] = ReadNames(&arts[i])
	}
	tb := NewTable(names)
	for i := range arts {
		if !strings.Contains(arts[i].ID, os.Getenv("DBG_ART")) {
			continue
		}
		t.Logf("%s date=%v title=%q", arts[i].ID, arts[i].Date, arts[i].Title)
		for _, d := range tb.Deals(&arts[i]) {
			t.Logf("  %v %v kinds=%v hist=%v status=%v date=%v sents=%v", d.Parties, d.Roles, d.Kinds, d.Historic, d.Status, d.Date, d.Sents)
		}
	}
}
