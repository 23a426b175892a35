package extract_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/extract"
)

// The benchmarks below measure the per-article steps of a reindex on a
// corpus on disk, one goroutine, so that ns/op is CPU per article:
//
//	DEALBOT_BENCH_CORPUS=/path/to/corpus DEALBOT_BENCH_N=2000 \
//	    go test -run='^$' -bench=Corpus ./internal/extract
//
// Without DEALBOT_BENCH_CORPUS they are skipped.

type benchFile struct {
	id   string
	data []byte
}

// cpuTime is the CPU time this process has used, all threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start: on a shared
// machine it is steadier than the wall time.
func reportCPU(b *testing.B, start time.Duration, ops int) {
	if ops > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(ops), "cpu-ns/op")
	}
}

func benchFiles(b *testing.B) []benchFile {
	b.Helper()
	dir := os.Getenv("DEALBOT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("DEALBOT_BENCH_CORPUS not set")
	}
	n := 2000
	if s := os.Getenv("DEALBOT_BENCH_N"); s != "" {
		if v, err := strconv.Atoi(s); err == nil && v > 0 {
			n = v
		}
	}
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	sort.Strings(paths)
	var out []benchFile
	for _, p := range paths {
		if len(out) == n {
			break
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, benchFile{id: filepath.ToSlash(rel), data: data})
	}
	return out
}

func benchArticles(b *testing.B) []corpus.Article {
	b.Helper()
	var arts []corpus.Article
	for _, f := range benchFiles(b) {
		if a, err := corpus.Parse(f.id, f.data); err == nil {
			arts = append(arts, a)
		}
	}
	return arts
}

// BenchmarkCorpusParse is the loading step: corpus.Parse of one article.
func BenchmarkCorpusParse(b *testing.B) {
	files := benchFiles(b)
	_, _ = corpus.Parse(files[0].id, files[0].data) // the sentence model loads once
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	start := cpuTime()
	defer func() { reportCPU(b, start, i) }()
	for b.Loop() {
		f := files[i%len(files)]
		i++
		_, _ = corpus.Parse(f.id, f.data)
	}
}

// BenchmarkCorpusReadNames is name learning: extract.ReadNames of one
// article.
func BenchmarkCorpusReadNames(b *testing.B) {
	arts := benchArticles(b)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	start := cpuTime()
	defer func() { reportCPU(b, start, i) }()
	for b.Loop() {
		extract.ReadNames(&arts[i%len(arts)])
		i++
	}
}

// BenchmarkCorpusDeals is deal extraction: Table.Deals of one article,
// against the table of the whole benchmark corpus.
func BenchmarkCorpusDeals(b *testing.B) {
	arts := benchArticles(b)
	names := make([]extract.Names, len(arts))
	for i := range arts {
		names[i] = extract.ReadNames(&arts[i])
	}
	t := extract.NewTable(names)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	start := cpuTime()
	defer func() { reportCPU(b, start, i) }()
	for b.Loop() {
		t.Deals(&arts[i%len(arts)])
		i++
	}
}
