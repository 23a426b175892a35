package bench

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// Row is one line of the results table: a target of the performance issue
// at one corpus size, medians over the runs.
type Row struct {
	Size   int
	Name   string
	Bot    float64 // NaN when not measured
	Raw    float64 // NaN when there is no raw counterpart
	Ratio  float64 // Bot ÷ Raw, median of the per-run ratios; NaN when none
	Goal   string
	Status string // "pass", "MISS", "–" (not measured), "error"
	unit   string
}

// rowSpec defines a table row.
type rowSpec struct {
	name, unit, goal string
	bot, raw         func(*RunResult) float64 // NaN = not measured
	jobs             []string                 // a failure of one of these makes the cell an error
	ok               func(bot, raw, ratio float64) bool
}

var nan = math.NaN()

func pos(v float64) float64 {
	if v <= 0 {
		return nan
	}
	return v
}

var rowSpecs = []rowSpec{
	{name: "full reindex throughput, extraction included", unit: "docs/s", goal: "≥ 0.5× raw",
		bot: func(r *RunResult) float64 { return pos(r.BotIndex.DocsPerS) }, raw: func(r *RunResult) float64 { return pos(r.RawIndex.DocsPerS) },
		jobs: []string{JobBotIndex, JobRawIndex}, ok: func(_, _, x float64) bool { return x >= 0.5 }},
	{name: "incremental reindex, 1 file changed", unit: "s", goal: "≤ 1 s",
		bot: func(r *RunResult) float64 { return pos(r.Incr.Seconds) }, raw: func(*RunResult) float64 { return nan },
		jobs: []string{JobBotIncr}, ok: func(b, _, _ float64) bool { return b <= 1 }},
	{name: "start-up to first answer, unchanged index", unit: "ms", goal: "≤ 1000 ms",
		bot: func(r *RunResult) float64 {
			if !r.BotServe.Reused {
				return nan
			}
			return pos(r.BotServe.StartupMS)
		},
		raw:  func(r *RunResult) float64 { return pos(r.RawServe.OpenMS + r.RawServe.FirstMS) },
		jobs: []string{JobBotServe}, ok: func(b, _, _ float64) bool { return b <= 1000 }},
	{name: "/deal a b search + render p99, in-process", unit: "ms", goal: "≤ 3× raw",
		bot: func(r *RunResult) float64 { return pos(r.BotServe.Query.P99) }, raw: func(r *RunResult) float64 { return pos(r.RawServe.Query.P99) },
		jobs: []string{JobBotServe, JobRawServe}, ok: func(_, _, x float64) bool { return x <= 3 }},
	{name: "/deal a b via Socket Mode, c=8: ack p99", unit: "ms", goal: "≤ 5 ms",
		bot: func(r *RunResult) float64 { return pos(r.Load.Ack.P99) }, raw: func(*RunResult) float64 { return nan },
		jobs: []string{"load"}, ok: func(b, _, _ float64) bool { return b <= 5 }},
	{name: "/deal a b via Socket Mode, c=8: answer p99", unit: "ms", goal: "≤ 20 ms",
		bot: func(r *RunResult) float64 { return pos(r.Load.Answer.P99) }, raw: func(*RunResult) float64 { return nan },
		jobs: []string{"load"}, ok: func(b, _, _ float64) bool { return b <= 20 }},
	{name: "/deal a b via Socket Mode, c=8: throughput", unit: "answers/s", goal: "≥ 500/s",
		bot: func(r *RunResult) float64 { return pos(r.Load.PerSecond) }, raw: func(*RunResult) float64 { return nan },
		jobs: []string{"load"}, ok: func(b, _, _ float64) bool { return b >= 500 }},
	{name: "peak RSS during full reindex", unit: "MB", goal: "≤ 1.5× raw",
		bot: func(r *RunResult) float64 { return pos(MB(r.BotIndexProc.MaxRSS)) }, raw: func(r *RunResult) float64 { return pos(MB(r.RawIndexProc.MaxRSS)) },
		jobs: []string{JobBotIndex, JobRawIndex}, ok: func(_, _, x float64) bool { return x <= 1.5 }},
	{name: "RSS serving the index", unit: "MB", goal: "≤ 2× raw",
		bot: func(r *RunResult) float64 { return pos(MB(r.BotServe.Mem.RSS)) }, raw: func(r *RunResult) float64 { return pos(MB(r.RawServe.Mem.RSS)) },
		jobs: []string{JobBotServe, JobRawServe}, ok: func(_, _, x float64) bool { return x <= 2 }},
}

// Rows computes the table.
func (rep *Report) Rows() []Row {
	var out []Row
	for _, s := range rep.Sizes {
		for _, spec := range rowSpecs {
			var bots, raws, ratios []float64
			failed := false
			for i := range s.Runs {
				r := &s.Runs[i]
				for _, j := range spec.jobs {
					if _, bad := r.Errors[j]; bad {
						failed = true
					}
				}
				b, w := spec.bot(r), spec.raw(r)
				bots, raws = append(bots, b), append(raws, w)
				if !math.IsNaN(b) && !math.IsNaN(w) {
					ratios = append(ratios, b/w)
				}
			}
			row := Row{Size: s.Size, Name: spec.name, unit: spec.unit, Goal: spec.goal,
				Bot: Median(bots), Raw: Median(raws), Ratio: Median(ratios)}
			if !strings.Contains(spec.goal, "×") {
				row.Ratio = nan // an absolute goal: the raw figure is context
			}
			switch {
			case math.IsNaN(row.Bot):
				row.Status = "–"
				if failed {
					row.Status = "error"
				}
			case spec.ok(row.Bot, row.Raw, row.Ratio):
				row.Status = "pass"
			default:
				row.Status = "MISS"
			}
			if row.Status == "MISS" && strings.Contains(spec.goal, "×") && math.IsNaN(row.Ratio) {
				row.Status = "–"
			}
			out = append(out, row)
		}
	}
	return out
}

// WriteTable prints the results table, as Markdown.
func (rep *Report) WriteTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintln(tw, "| size\t| target\t| unit\t| dealbot\t| raw Bleve\t| ratio\t| goal\t| result\t|")
	fmt.Fprintln(tw, "|---:\t|---\t|---\t|---:\t|---:\t|---:\t|---\t|---\t|")
	for _, r := range rep.Rows() {
		fmt.Fprintf(tw, "| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t|\n", sizeLabel(r.Size), r.Name, r.unit, num3(r.Bot), num3(r.Raw), ratio(r.Ratio), r.Goal, r.Status)
	}
	tw.Flush()
}

// WriteDetails prints the figures behind the table: per size, the medians
// of the other measurements.
func (rep *Report) WriteDetails(w io.Writer) {
	for _, s := range rep.Sizes {
		med := func(f func(*RunResult) float64) string {
			var xs []float64
			for i := range s.Runs {
				xs = append(xs, f(&s.Runs[i]))
			}
			return num3(Median(xs))
		}
		fmt.Fprintf(w, "\n%s articles (%s MB of files, %d true deals, %d run(s)):\n", sizeLabel(s.Size), num3(s.TextMB), s.TruthDeals, len(s.Runs))
		fmt.Fprintf(w, "  reindex: dealbot %s s (%s deals, %s companies, index %s MB); raw %s s to last batch, %s s with close (index %s MB)\n",
			med(func(r *RunResult) float64 { return pos(r.BotIndex.Seconds) }), med(func(r *RunResult) float64 { return float64(r.BotIndex.Deals) }),
			med(func(r *RunResult) float64 { return float64(r.BotIndex.Companies) }), med(func(r *RunResult) float64 { return pos(r.BotIndex.IndexMB) }),
			med(func(r *RunResult) float64 { return pos(r.RawIndex.Seconds) }), med(func(r *RunResult) float64 { return pos(r.RawIndex.WallClose) }),
			med(func(r *RunResult) float64 { return pos(r.RawIndex.IndexMB) }))
		if s.Runs[0].Recall.Deals > 0 {
			fmt.Fprintf(w, "  extraction recall (true deal pairs found): %.1f%%\n", 100*s.Runs[0].Recall.Recall)
		}
		fmt.Fprintf(w, "  start-up: dealbot open %s ms + first answer %s ms (process start to first answer %s ms, index reused: %v); raw open %s ms + first query %s ms\n",
			med(func(r *RunResult) float64 { return r.BotServe.OpenMS }), med(func(r *RunResult) float64 { return r.BotServe.FirstMS }),
			med(func(r *RunResult) float64 { return pos(r.BotServe.StartupMS) }), s.Runs[0].BotServe.Reused,
			med(func(r *RunResult) float64 { return r.RawServe.OpenMS }), med(func(r *RunResult) float64 { return r.RawServe.FirstMS }))
		fmt.Fprintf(w, "  query p50/p99 ms: dealbot Ask+render %s / %s (%s of %d with deals); raw deal query + highlight %s / %s (avg hits %s)\n",
			med(func(r *RunResult) float64 { return r.BotServe.Query.P50 }), med(func(r *RunResult) float64 { return r.BotServe.Query.P99 }),
			med(func(r *RunResult) float64 { return float64(r.BotServe.Answered) }), s.Runs[0].BotServe.Query.N,
			med(func(r *RunResult) float64 { return r.RawServe.Query.P50 }), med(func(r *RunResult) float64 { return r.RawServe.Query.P99 }),
			med(func(r *RunResult) float64 { return r.RawServe.AvgHits }))
		fmt.Fprintf(w, "  serving memory MB: dealbot RSS %s (anon %s, file %s); raw RSS %s (anon %s, file %s)\n",
			med(func(r *RunResult) float64 { return MB(r.BotServe.Mem.RSS) }), med(func(r *RunResult) float64 { return MB(r.BotServe.Mem.Anon) }),
			med(func(r *RunResult) float64 { return MB(r.BotServe.Mem.File) }), med(func(r *RunResult) float64 { return MB(r.RawServe.Mem.RSS) }),
			med(func(r *RunResult) float64 { return MB(r.RawServe.Mem.Anon) }), med(func(r *RunResult) float64 { return MB(r.RawServe.Mem.File) }))
		if s.Runs[0].Load.N > 0 {
			fmt.Fprintf(w, "  load bot: %s\n", s.Runs[0].Load.Bot)
			fmt.Fprintf(w, "  Socket Mode load (n=%d, c=%d): ack p50/p90/p99/max %s/%s/%s/%s ms; answer %s/%s/%s/%s ms; %s answers/s; errors %s; bot RSS %s MB (peak %s MB)\n",
				s.Runs[0].Load.N, s.Runs[0].Load.C,
				med(func(r *RunResult) float64 { return r.Load.Ack.P50 }), med(func(r *RunResult) float64 { return r.Load.Ack.P90 }),
				med(func(r *RunResult) float64 { return r.Load.Ack.P99 }), med(func(r *RunResult) float64 { return r.Load.Ack.Max }),
				med(func(r *RunResult) float64 { return r.Load.Answer.P50 }), med(func(r *RunResult) float64 { return r.Load.Answer.P90 }),
				med(func(r *RunResult) float64 { return r.Load.Answer.P99 }), med(func(r *RunResult) float64 { return r.Load.Answer.Max }),
				med(func(r *RunResult) float64 { return r.Load.PerSecond }), med(func(r *RunResult) float64 { return float64(r.Load.Errors) }),
				med(func(r *RunResult) float64 { return MB(r.Load.BotMem.RSS) }), med(func(r *RunResult) float64 { return MB(r.Load.BotMem.Peak) }))
		}
		if s.Runs[0].LoadFloor.N > 0 {
			fmt.Fprintf(w, "  harness floor (same load, calibration bot that answers \"ok\" without searching): ack p50/p99 %s/%s ms; answer p50/p99 %s/%s ms; %s answers/s\n",
				med(func(r *RunResult) float64 { return r.LoadFloor.Ack.P50 }), med(func(r *RunResult) float64 { return r.LoadFloor.Ack.P99 }),
				med(func(r *RunResult) float64 { return r.LoadFloor.Answer.P50 }), med(func(r *RunResult) float64 { return r.LoadFloor.Answer.P99 }),
				med(func(r *RunResult) float64 { return r.LoadFloor.PerSecond }))
		}
		if len(s.Runs[0].Incr.Report) > 0 {
			fmt.Fprintf(w, "  incremental: changed %s; engine report %s\n", s.Runs[0].Incr.File, s.Runs[0].Incr.Report)
		}
		for i, r := range s.Runs {
			for job, e := range r.Errors {
				fmt.Fprintf(w, "  run %d: %s failed: %s\n", i+1, job, e)
			}
		}
	}
}

func sizeLabel(n int) string {
	switch {
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

// num3 prints a figure with about three significant digits.
func num3(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case v >= 1000:
		return thousands(int64(math.Round(v)))
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

func ratio(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", v)
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
