package bench

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/synth"
)

func TestMain(m *testing.M) {
	if child, code := ChildMain(); child {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func TestSummarise(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	got := Summarise(ds)
	want := Dist{N: 100, P50: 50, P90: 90, P99: 99, Max: 100}
	if got != want {
		t.Errorf("Summarise(1..100 ms) = %+v; want %+v", got, want)
	}
	if got := Summarise(nil); got != (Dist{}) {
		t.Errorf("Summarise(nil) = %+v; want zero", got)
	}
	if got := Median([]float64{3, math.NaN(), 1, 2}); got != 2 {
		t.Errorf("Median(3, NaN, 1, 2) = %v; want 2 (NaN ignored)", got)
	}
	if got := Median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("Median(4, 1, 3, 2) = %v; want 2.5", got)
	}
	if got := Median(nil); !math.IsNaN(got) {
		t.Errorf("Median(nil) = %v; want NaN", got)
	}
}

func TestStripTags(t *testing.T) {
	in := `<html><head><title>T</title><script>var x = "<p>no</p>";</script><STYLE>p{}</STYLE></head>` +
		`<body><p>Acme &amp; Zorblat</p><p>agreed</p></body></html>`
	got := strings.Join(strings.Fields(StripTags([]byte(in))), " ")
	if got != "T Acme &amp; Zorblat agreed" {
		t.Errorf("StripTags = %q; want the text without tags, script or style", got)
	}
}

func TestReadMem(t *testing.T) {
	m, err := ReadMem(0)
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS <= 0 || m.Peak < m.RSS || m.Anon <= 0 {
		t.Errorf("ReadMem(self) = %+v; want positive RSS, peak ≥ RSS", m)
	}
	if _, err := ReadMem(1 << 30); err == nil {
		t.Error("ReadMem of a process that does not exist: no error")
	}
}

func TestPairRecall(t *testing.T) {
	tr := &synth.Truth{Deals: []synth.Deal{
		{Parties: []string{"Acme Robotics", "Zorblat GmbH"}},
		{Parties: []string{"Brightwave", "Northstar Ventures"}},
	}}
	found := []deal.Deal{{Parties: []deal.Party{{Name: "Zorblat GmbH"}, {Name: "Acme Robotics"}}}}
	if got := PairRecall(tr, found); got != 0.5 {
		t.Errorf("PairRecall = %v; want 0.5 (one of two pairs, in either order)", got)
	}
}

func TestRows(t *testing.T) {
	run := RunResult{
		RawIndex: IndexResult{DocsPerS: 1000}, BotIndex: IndexResult{DocsPerS: 400},
		Incr:         IncrResult{Seconds: 0.2},
		RawServe:     ServeResult{Query: Dist{P99: 1}, Mem: Mem{RSS: 100e6}, OpenMS: 1, FirstMS: 1},
		BotServe:     ServeResult{Query: Dist{P99: 2.5}, Mem: Mem{RSS: 250e6}, StartupMS: 300, Reused: true},
		Load:         LoadResult{N: 10, Ack: Dist{P99: 1}, Answer: Dist{P99: 30}, PerSecond: 800},
		RawIndexProc: Child{MaxRSS: 600e6}, BotIndexProc: Child{MaxRSS: 700e6},
		Errors: map[string]string{},
	}
	rep := &Report{Sizes: []SizeResult{{Size: 1000, Runs: []RunResult{run}}}}
	want := []string{"MISS", "pass", "pass", "pass", "pass", "MISS", "pass", "pass", "MISS"}
	rows := rep.Rows()
	if len(rows) != len(want) {
		t.Fatalf("%d rows; want %d", len(rows), len(want))
	}
	for i, r := range rows {
		if r.Status != want[i] {
			t.Errorf("row %q: %s (dealbot %v, raw %v, ratio %v); want %s", r.Name, r.Status, r.Bot, r.Raw, r.Ratio, want[i])
		}
	}
	run.Errors = map[string]string{JobBotIncr: "boom"}
	run.Incr = IncrResult{}
	rep.Sizes[0].Runs[0] = run
	if got := rep.Rows()[1].Status; got != "error" {
		t.Errorf("incremental row after a failed job: %s; want error", got)
	}
	var b strings.Builder
	rep.WriteTable(&b)
	if !strings.Contains(b.String(), "| 1k ") || !strings.Contains(b.String(), "0.40×") {
		t.Errorf("table lacks the size or the throughput ratio:\n%s", b.String())
	}
}

// TestRawReference builds and queries the reference index of a small
// generated corpus in process.
func TestRawReference(t *testing.T) {
	corpusDir := t.TempDir()
	tr, err := synth.Generate(corpusDir, 120, 4)
	if err != nil {
		t.Fatal(err)
	}
	idx := t.TempDir() + "/raw"
	ir, err := RawIndex(context.Background(), corpusDir, &tr, idx, 50)
	if err != nil {
		t.Fatal(err)
	}
	if ir.Docs != 120 || ir.DocsPerS <= 0 || ir.IndexMB <= 0 {
		t.Errorf("RawIndex = %+v; want 120 docs, a rate and an index size", ir)
	}
	pairs := Pairs(&tr, 40, 1)
	sr, err := RawServe(context.Background(), idx, pairs, 10)
	if err != nil {
		t.Fatal(err)
	}
	if sr.Query.N != 30 {
		t.Errorf("RawServe timed %d queries; want 30 (40 minus 10 warm-up)", sr.Query.N)
	}
	withDeal := 0
	for _, p := range tr.Pairs(40, 1)[10:] {
		if p.HasDeal {
			withDeal++
		}
	}
	if sr.Answered < withDeal {
		t.Errorf("raw queries answered %d; want at least the %d pairs that have a deal", sr.Answered, withDeal)
	}
}
