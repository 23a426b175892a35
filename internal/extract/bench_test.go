package extract_test

import (
	"context"
	"testing"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/extract"
	"github.com/dealbot/dealbot/internal/synth"
)

// BenchmarkExtractSynth extracts the deals of a generated corpus of 200
// articles (name learning, frames, consolidation).
func BenchmarkExtractSynth(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Generate(dir, 200, 1); err != nil {
		b.Fatal(err)
	}
	arts, _, err := corpus.Load(context.Background(), corpus.DirFS(dir), corpus.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if res := extract.Extract(arts); len(res.Deals) == 0 {
			b.Fatal("no deals extracted")
		}
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}
