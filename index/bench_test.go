package index_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/extract"
	"github.com/dealbot/dealbot/internal/synth"
)

// synthSnapshot loads and extracts a generated corpus of n articles.
func synthSnapshot(b *testing.B, n int) (index.Snapshot, synth.Truth) {
	b.Helper()
	dir := b.TempDir()
	tr, err := synth.Generate(dir, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	arts, skipped, err := corpus.Load(context.Background(), corpus.DirFS(dir), corpus.Options{})
	if err != nil {
		b.Fatal(err)
	}
	res := extract.Extract(arts)
	return index.Snapshot{Fingerprint: "bench", Articles: arts, Deals: res.Deals, Companies: res.Companies, Skipped: skipped}, tr
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// BenchmarkIndexBuild writes a generation of a 200-article corpus's
// deals and articles (documents, batches, company table, swap).
func BenchmarkIndexBuild(b *testing.B) {
	snap, _ := synthSnapshot(b, 200)
	x, err := index.Open(quiet(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := x.Build(ctx, snap, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(snap.Articles)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkAskSynth answers queries on a 200-article corpus: query
// resolution (exact, first-word and fuzzy names), search, ranking and
// decoding the answer.
func BenchmarkAskSynth(b *testing.B) {
	snap, tr := synthSnapshot(b, 200)
	x, err := index.Open(quiet(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	if err := x.Build(ctx, snap, nil); err != nil {
		b.Fatal(err)
	}
	var deal, none synth.Pair
	for _, p := range tr.Pairs(50, 1) {
		if p.HasDeal && deal.A.Name == "" {
			deal = p
		}
		if !p.HasDeal && none.A.Name == "" {
			none = p
		}
	}
	typo := []byte(deal.A.Short)
	typo[1], typo[2] = typo[2], typo[1]
	queries := []struct{ name, q string }{
		{"pair-with-deal", deal.Query()},
		{"pair-without-deal", none.Query()},
		{"full-names", deal.A.Name + " & " + deal.B.Name},
		{"one-company", deal.A.Short},
		{"question", "who did " + deal.A.Short + " partner with?"},
		{"typo", string(typo) + " " + deal.B.Short},
		{"unknown", "zzqx wobblefrotz"},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := x.Ask(ctx, q.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
