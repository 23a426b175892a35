package engine_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealbot/dealbot/internal/engine"
	"github.com/dealbot/dealbot/internal/synth"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// openSynth builds an index of a generated 200-article corpus.
func openSynth(b *testing.B) (corpusDir, indexDir string) {
	b.Helper()
	corpusDir, indexDir = b.TempDir(), b.TempDir()
	if _, err := synth.Generate(corpusDir, 200, 1); err != nil {
		b.Fatal(err)
	}
	e, err := engine.Open(context.Background(), quiet(), engine.Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		b.Fatal(err)
	}
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	return corpusDir, indexDir
}

// BenchmarkEngineOpenReuse is start-up with an unchanged corpus: Open finds
// the index up to date and reuses it.
func BenchmarkEngineOpenReuse(b *testing.B) {
	corpusDir, indexDir := openSynth(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		e, err := engine.Open(ctx, quiet(), engine.Options{CorpusDir: corpusDir, IndexDir: indexDir})
		if err != nil {
			b.Fatal(err)
		}
		if !e.LastReport().Reused {
			b.Fatal("Open rebuilt an up-to-date index")
		}
		e.Close()
	}
}

// BenchmarkEngineReindex rebuilds the index of a 200-article corpus: load,
// extract, index, swap.
func BenchmarkEngineReindex(b *testing.B) {
	corpusDir, indexDir := openSynth(b)
	ctx := context.Background()
	e, err := engine.Open(ctx, quiet(), engine.Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.ReindexFull(ctx, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(200*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkEngineReindexOneChanged is the incremental reindex after one
// article of the 200 changed: a sentence appended to it.
func BenchmarkEngineReindexOneChanged(b *testing.B) {
	corpusDir, indexDir := openSynth(b)
	ctx := context.Background()
	e, err := engine.Open(ctx, quiet(), engine.Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no .txt article in the synthetic corpus (%v)", err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		f, err := os.OpenFile(files[i%len(files)], os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(f, "\nThe company said on Monday it had hired %d engineers.\n", i)
		f.Close()
		i++
		rep, err := e.Reindex(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Mode != engine.ModeIncremental || rep.Changed != 1 {
			b.Fatalf("reindex after one change: mode %q, %d changed; want incremental, 1", rep.Mode, rep.Changed)
		}
	}
}

// BenchmarkEngineAsk answers a pair query through the engine.
func BenchmarkEngineAsk(b *testing.B) {
	corpusDir, indexDir := openSynth(b)
	tr, err := synth.ReadTruth(corpusDir)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	e, err := engine.Open(ctx, quiet(), engine.Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	pairs := tr.Pairs(20, 1)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := e.Ask(ctx, pairs[i%len(pairs)].Query()); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
