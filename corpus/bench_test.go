package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/synth"
)

// benchArticles is the size of the synthetic corpus the benchmarks use:
// big enough for steady numbers, small enough for CI's -benchtime=1x.
const benchArticles = 200

// BenchmarkLoadSynth loads a generated corpus of .txt, .md and .html
// articles (reading, parsing, cleaning, sentence splitting).
func BenchmarkLoadSynth(b *testing.B) {
	dir := b.TempDir()
	tr, err := synth.Generate(dir, benchArticles, 1)
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, a := range tr.Articles {
		size += int64(a.Bytes)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		arts, skipped, err := corpus.Load(context.Background(), corpus.DirFS(dir), corpus.Options{})
		if err != nil || len(arts) != benchArticles || len(skipped) > 0 {
			b.Fatalf("Load: %d articles, skipped %v, %v; want %d articles", len(arts), skipped, err, benchArticles)
		}
	}
	b.ReportMetric(float64(benchArticles*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkParseSynth parses one generated article of each format.
func BenchmarkParseSynth(b *testing.B) {
	dir := b.TempDir()
	tr, err := synth.Generate(dir, 30, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"txt", "md", "html"} {
		b.Run(format, func(b *testing.B) {
			var file string
			for _, a := range tr.Articles {
				if a.Format == format {
					file = a.File
					break
				}
			}
			data, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := corpus.Parse(file, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
