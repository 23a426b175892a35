package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/dealbot/dealbot/internal/synth"
)

// Options configure a benchmark run.
type Options struct {
	Sizes []int  // corpus sizes, in articles
	Dir   string // cache for corpora and scratch indexes
	Runs  int    // runs per size; medians are reported
	// SizeRuns overrides Runs for some sizes.
	SizeRuns map[int]int
	Seed     int64 // corpus seed
	Queries  int   // timed queries per serve job
	Warmup   int   // untimed queries before them
	// Load is the end-to-end run through Socket Mode: LoadN commands with
	// LoadC in flight after LoadWarmup; LoadN 0 skips it.
	LoadN, LoadC, LoadWarmup int
	Workers                  int    // BOT_WORKERS for the load (0 = default)
	BotBinary                string // the load's bot: a dealbot binary (its serve), EchoBot, or "" for the built-in copy of serve's wiring
	Profile                  string // directory for CPU profiles of every child ("" = none)
	Keep                     bool   // keep the scratch indexes
	Exe                      string // this executable, to start children
	Log                      *slog.Logger
	ChildLogs                io.Writer // children's stderr
}

// RunResult is one run at one size. A failed job leaves its error and the
// other jobs still run.
type RunResult struct {
	RawIndex     IndexResult       `json:"raw_index"`
	RawIndexProc Child             `json:"raw_index_proc"`
	BotIndex     IndexResult       `json:"bot_index"`
	BotIndexProc Child             `json:"bot_index_proc"`
	RawServe     ServeResult       `json:"raw_serve"`
	BotServe     ServeResult       `json:"bot_serve"`
	BotServeProc Child             `json:"bot_serve_proc"`
	Incr         IncrResult        `json:"incr"`
	Load         LoadResult        `json:"load"`
	LoadFloor    LoadResult        `json:"load_floor"` // the same load against the calibration bot
	Recall       RecallResult      `json:"recall"`
	Errors       map[string]string `json:"errors,omitempty"`
}

// SizeResult is every run at one size.
type SizeResult struct {
	Size       int         `json:"size"`
	TextMB     float64     `json:"text_mb"`
	TruthDeals int         `json:"truth_deals"`
	Runs       []RunResult `json:"runs"`
	GenS       float64     `json:"generate_s"` // 0 when the corpus was cached
}

// Report is the whole benchmark.
type Report struct {
	Started time.Time    `json:"started"`
	Options Options      `json:"-"`
	Sizes   []SizeResult `json:"sizes"`
}

// Run runs the benchmark: for each size, the corpus is generated (or
// reused from Dir), then Runs times, interleaved, the raw-Bleve and
// dealbot jobs, each in its own process.
func Run(ctx context.Context, o Options) (*Report, error) {
	if o.Runs < 1 {
		o.Runs = 1
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	rep := &Report{Started: time.Now(), Options: o}
	rn := &Runner{Exe: o.Exe, Logs: o.ChildLogs}
	for _, n := range o.Sizes {
		corpusDir := filepath.Join(o.Dir, fmt.Sprintf("corpus-%d-seed%d", n, o.Seed))
		start := time.Now()
		t, made, err := synth.Ensure(corpusDir, n, o.Seed)
		if err != nil {
			return rep, err
		}
		sr := SizeResult{Size: n, TruthDeals: len(t.Deals)}
		if made {
			sr.GenS = time.Since(start).Seconds()
			o.Log.Info("generated corpus", "articles", n, "dir", corpusDir, "took", time.Since(start).Round(time.Millisecond))
		}
		var text int64
		for _, a := range t.Articles {
			text += int64(a.Bytes)
		}
		sr.TextMB = MB(text)
		pairs := Pairs(&t, o.Warmup+o.Queries, o.Seed)
		changed := incrFile(&t)
		runs := o.Runs
		if k, ok := o.SizeRuns[n]; ok {
			runs = k
		}
		for r := 1; r <= runs; r++ {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			work := filepath.Join(o.Dir, "work", fmt.Sprintf("n%d-r%d", n, r))
			_ = os.RemoveAll(work)
			res := runOnce(ctx, o, rn, n, r, corpusDir, work, pairs, changed)
			sr.Runs = append(sr.Runs, res)
			if !o.Keep {
				_ = os.RemoveAll(work)
			}
		}
		rep.Sizes = append(rep.Sizes, sr)
	}
	return rep, nil
}

// incrFile picks the article the incremental row changes: a .txt deal
// article in the middle of the corpus.
func incrFile(t *synth.Truth) string {
	n := len(t.Articles)
	for k := range n {
		a := t.Articles[(n/2+k)%n]
		if a.Format == "txt" && a.Type == "deal" {
			return a.File
		}
	}
	if n > 0 {
		return t.Articles[0].File
	}
	return ""
}

func runOnce(ctx context.Context, o Options, rn *Runner, n, r int, corpusDir, work string, pairs []QueryPair, changed string) RunResult {
	res := RunResult{Errors: map[string]string{}}
	rawDir, botDir := filepath.Join(work, "raw"), filepath.Join(work, "bot")
	if err := os.MkdirAll(work, 0o755); err != nil {
		res.Errors["setup"] = err.Error()
		return res
	}
	prof := func(kind string) string {
		if o.Profile == "" {
			return ""
		}
		return filepath.Join(o.Profile, fmt.Sprintf("%s-%d-r%d.prof", kind, n, r))
	}
	step := func(name string, f func() error) {
		if ctx.Err() != nil {
			return
		}
		start := time.Now()
		if err := f(); err != nil {
			res.Errors[name] = err.Error()
			o.Log.Warn("job failed", "size", n, "run", r, "job", name, "err", err)
			return
		}
		o.Log.Info("job done", "size", n, "run", r, "job", name, "took", time.Since(start).Round(time.Millisecond))
	}
	var err error
	step(JobRawIndex, func() error {
		res.RawIndexProc, err = rn.Run(ctx, Job{Kind: JobRawIndex, Corpus: corpusDir, Index: rawDir, Batch: RawBatchSize, Profile: prof(JobRawIndex)}, &res.RawIndex)
		return err
	})
	step(JobBotIndex, func() error {
		res.BotIndexProc, err = rn.Run(ctx, Job{Kind: JobBotIndex, Corpus: corpusDir, Index: botDir, Profile: prof(JobBotIndex)}, &res.BotIndex)
		return err
	})
	if r == 1 {
		step(JobRecall, func() error {
			_, err = rn.Run(ctx, Job{Kind: JobRecall, Corpus: corpusDir, Index: botDir}, &res.Recall)
			return err
		})
	}
	step(JobRawServe, func() error {
		_, err = rn.Run(ctx, Job{Kind: JobRawServe, Index: rawDir, Pairs: pairs, Warmup: o.Warmup, Profile: prof(JobRawServe)}, &res.RawServe)
		return err
	})
	step(JobBotServe, func() error {
		res.BotServeProc, err = rn.Run(ctx, Job{Kind: JobBotServe, Corpus: corpusDir, Index: botDir, Pairs: pairs, Warmup: o.Warmup, Profile: prof(JobBotServe)}, &res.BotServe)
		res.BotServe.StartupMS = ms(res.BotServeProc.First)
		return err
	})
	if o.LoadN > 0 {
		step("load", func() error {
			logs, _ := os.Create(filepath.Join(work, "bot-load.log"))
			if logs != nil {
				defer logs.Close()
			}
			if p := prof("fake-load"); p != "" {
				if stop, perr := StartProfile(p); perr == nil {
					defer stop()
				}
			}
			res.Load, err = RunLoad(ctx, o.Log, LoadOptions{N: o.LoadN, C: o.LoadC, Warmup: o.LoadWarmup, Pairs: pairs,
				Corpus: corpusDir, Index: botDir, BotCmd: rn.BotCmd(o.BotBinary, prof("bot-load")), Logs: logs, Workers: o.Workers})
			if err == nil && res.Load.Errors > 0 {
				err = fmt.Errorf("%d of %d commands failed, e.g. %v", res.Load.Errors, res.Load.N, res.Load.Samples)
			}
			return err
		})
	}
	if o.LoadN > 0 {
		step("load-floor", func() error {
			res.LoadFloor, err = RunLoad(ctx, o.Log, LoadOptions{N: o.LoadN, C: o.LoadC, Warmup: o.LoadWarmup, Pairs: pairs,
				Corpus: corpusDir, Index: botDir, BotCmd: rn.BotCmd(EchoBot, "")})
			return err
		})
	}
	step(JobBotIncr, func() error {
		_, err = rn.Run(ctx, Job{Kind: JobBotIncr, Corpus: corpusDir, Index: botDir, File: changed, Profile: prof(JobBotIncr)}, &res.Incr)
		return err
	})
	return res
}
