package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealbot/dealbot/internal/bench"
)

// TestMain lets the test binary act as dealbench's measured children, as
// the real binary does.
func TestMain(m *testing.M) {
	if child, code := bench.ChildMain(); child {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestBenchSmoke runs the whole benchmark on a tiny corpus: every job in
// its own process, the load through the fake Slack, and the table. It
// checks that every row was measured, not how fast anything was.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a dozen processes")
	}
	dir := t.TempDir()
	var out, errs bytes.Buffer
	args := []string{"-sizes", "80", "-runs", "1", "-queries", "10", "-warmup", "2", "-load-n", "20", "-load-c", "4", "-bot", "builtin", "-dir", dir}
	if err := run(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("dealbench %v: %v\nstderr:\n%s", args, err, errs.String())
	}
	table := out.String()
	rows := 0
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| 80 ") {
			continue
		}
		rows++
		cells := strings.Split(line, "|")
		status := strings.TrimSpace(cells[len(cells)-2])
		if status != "pass" && status != "MISS" {
			t.Errorf("row not measured (%s): %s", status, line)
		}
	}
	if rows != 9 {
		t.Errorf("got %d table rows for size 80; want 9\n%s", rows, table)
	}
	for _, want := range []string{"extraction recall", "Socket Mode load (n=20, c=4)", "errors 0.000", "index reused: true", "harness floor"} {
		if !strings.Contains(table, want) {
			t.Errorf("output lacks %q:\n%s", want, table)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "corpus-80-seed1", ".truth.json")); err != nil {
		t.Errorf("the corpus was not cached in -dir: %v", err)
	}
}

func TestLoadCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the bot")
	}
	dir := t.TempDir()
	var out, errs bytes.Buffer
	args := []string{"load", "-size", "100", "-n", "20", "-c", "3", "-warmup", "2", "-bot", "builtin", "-dir", dir}
	if err := run(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("dealbench %v: %v\nstderr:\n%s", args, err, errs.String())
	}
	for _, want := range []string{"load: 20 /deal commands, 3 in flight", "ack (sent → ack)", "answer (sent → response_url)", "errors 0", "bot RSS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestGenCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errs bytes.Buffer
	if err := run(context.Background(), []string{"gen", "-n", "25", "-seed", "3", dir}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "wrote 25 articles") {
		t.Errorf("output = %q; want it to say 25 articles were written", out.String())
	}
	if err := run(context.Background(), []string{"gen"}, &out, &errs); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("gen without a directory: err = %v; want a usage message", err)
	}
}

func TestParseSizes(t *testing.T) {
	tests := []struct {
		in   string
		want []int
		runs map[int]int
		bad  bool
	}{
		{"1000,10000,100000", []int{1000, 10000, 100000}, map[int]int{}, false},
		{"1k, 10K,100k:1", []int{1000, 10000, 100000}, map[int]int{100000: 1}, false},
		{"5", nil, nil, true},
		{"ten", nil, nil, true},
		{"1k:0", nil, nil, true},
	}
	for _, tt := range tests {
		got, runs, err := parseSizes(tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("parseSizes(%q) error = %v; want error %v", tt.in, err, tt.bad)
			continue
		}
		if tt.bad {
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || fmt.Sprint(runs) != fmt.Sprint(tt.runs) {
			t.Errorf("parseSizes(%q) = %v, %v; want %v, %v", tt.in, got, runs, tt.want, tt.runs)
		}
	}
}
