// Command dealbench measures dealbot against raw Bleve on synthetic news
// and load-tests the Slack bot through the fake Slack.
//
//	dealbench [-sizes 1000,10000,100000] [-runs 3] [-dir DIR] [-quick] …
//	dealbench load [-n 2000] [-c 8] [-size 10000 | -corpus DIR] …
//	dealbench gen [-n 1000] [-seed 1] DIR
//
// The default command generates (or reuses, from DIR) a synthetic corpus
// per size and, for each run, measures in separate processes and
// interleaved: the raw-Bleve reference index and dealbot's full reindex,
// extraction recall, raw queries and dealbot start-up and queries, the
// end-to-end load through Socket Mode, and an incremental reindex. It
// prints the targets table (Markdown) and the figures behind it.
//
// `load` runs only the load tool: the real bot wiring in a child process
// against internal/slackfake over loopback, N /deal commands with C in
// flight, and reports ack and answer latency, throughput, errors and the
// bot's memory.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dealbot/dealbot/internal/bench"
	"github.com/dealbot/dealbot/internal/synth"
)

func main() {
	if child, code := bench.ChildMain(); child {
		os.Exit(code)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "dealbench:", err)
		}
		os.Exit(1)
	}
}

func defaultDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "dealbot", "bench")
	}
	return filepath.Join(os.TempDir(), "dealbot-bench")
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "load":
			return runLoad(ctx, args[1:], stdout, stderr)
		case "gen":
			return runGen(args[1:], stdout, stderr)
		}
	}
	return runBench(ctx, args, stdout, stderr)
}

func logger(w io.Writer, verbose bool) *slog.Logger {
	lvl := slog.LevelWarn
	if verbose {
		lvl = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

func executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot find my own executable to start measured jobs: %w", err)
	}
	return exe, nil
}

// parseSizes reads "1000,10k,100k:1": corpus sizes, each optionally with
// its own number of runs.
func parseSizes(s string) ([]int, map[int]int, error) {
	var out []int
	runs := map[int]int{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(strings.ToLower(f))
		f, r, hasRuns := strings.Cut(f, ":")
		mult := 1
		if strings.HasSuffix(f, "k") {
			f, mult = strings.TrimSuffix(f, "k"), 1000
		}
		n, err := strconv.Atoi(f)
		if err != nil || n*mult < 10 {
			return nil, nil, fmt.Errorf("-sizes: %q is not a corpus size (at least 10 articles; e.g. 1000,10k,100k:1)", f)
		}
		if hasRuns {
			k, err := strconv.Atoi(r)
			if err != nil || k < 1 {
				return nil, nil, fmt.Errorf("-sizes: %q is not a number of runs (e.g. 100k:1)", r)
			}
			runs[n*mult] = k
		}
		out = append(out, n*mult)
	}
	return out, runs, nil
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("dealbench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	sizes := fl.String("sizes", "1k,10k,100k:1", "corpus sizes in articles, comma separated (10k = 10000; 100k:1 = one run at that size, whatever -runs says)")
	dir := fl.String("dir", defaultDir(), "cache directory for generated corpora and scratch indexes")
	runs := fl.Int("runs", 3, "runs per size; the table shows medians")
	quick := fl.Bool("quick", false, "a smoke run: 1k articles, one run, a short load")
	seed := fl.Int64("seed", 1, "corpus seed")
	queries := fl.Int("queries", 200, "timed queries per serve job")
	warmup := fl.Int("warmup", 50, "untimed queries before them")
	loadN := fl.Int("load-n", 2000, "/deal commands in the Socket Mode load (0 skips it)")
	loadC := fl.Int("load-c", 8, "commands in flight in the load")
	workers := fl.Int("workers", 0, "BOT_WORKERS for the load's bot (0 = the bot's default)")
	botBin := fl.String("bot", "auto", "the bot the load runs: `auto` (build cmd/dealbot and run its serve; the built-in copy of serve's wiring if that fails), `builtin`, or the path of a dealbot binary")
	profile := fl.String("profile", "", "write a CPU profile of every measured process into this directory")
	jsonOut := fl.String("json", "", "also write the full results as JSON to this file")
	keep := fl.Bool("keep", false, "keep the scratch indexes")
	verbose := fl.Bool("v", false, "log progress")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (commands: load, gen)", fl.Arg(0))
	}
	if *quick {
		*sizes, *runs = "1000", 1
		if !flagSet(fl, "load-n") {
			*loadN = 200
		}
	}
	ns, sizeRuns, err := parseSizes(*sizes)
	if err != nil {
		return err
	}
	exe, err := executable()
	if err != nil {
		return err
	}
	if *profile != "" {
		if err := os.MkdirAll(*profile, 0o755); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	childLogs, err := os.Create(filepath.Join(*dir, "children.log"))
	if err != nil {
		return err
	}
	defer childLogs.Close()
	lg := logger(stderr, *verbose)
	start := time.Now()
	bin := resolveBot(ctx, *botBin, *dir, stderr)
	rep, err := bench.Run(ctx, bench.Options{Sizes: ns, SizeRuns: sizeRuns, Dir: *dir, Runs: *runs, Seed: *seed, Queries: *queries, Warmup: *warmup,
		LoadN: *loadN, LoadC: *loadC, LoadWarmup: min(50, *loadN), Workers: *workers, BotBinary: bin,
		Profile: *profile, Keep: *keep, Exe: exe, Log: lg, ChildLogs: childLogs})
	if rep != nil && len(rep.Sizes) > 0 {
		rep.WriteTable(stdout)
		rep.WriteDetails(stdout)
		fmt.Fprintf(stdout, "\nmedians over the runs; took %s; children's logs in %s\n", time.Since(start).Round(time.Second), childLogs.Name())
		if *jsonOut != "" {
			b, _ := json.MarshalIndent(rep, "", "  ")
			if werr := os.WriteFile(*jsonOut, b, 0o644); werr != nil {
				return werr
			}
		}
	}
	return err
}

// resolveBot turns the -bot flag into a dealbot binary path, or "" for the
// built-in copy of serve's wiring.
func resolveBot(ctx context.Context, flagValue, dir string, stderr io.Writer) string {
	switch flagValue {
	case "builtin", "":
		return ""
	case bench.EchoBot:
		return bench.EchoBot
	case "auto":
		bin, err := bench.BuildDealbot(ctx, dir)
		if err != nil {
			fmt.Fprintf(stderr, "dealbench: cannot build the dealbot binary, so the load runs the built-in copy of serve's wiring: %v\n", err)
			return ""
		}
		return bin
	}
	return flagValue
}

func flagSet(fl *flag.FlagSet, name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("dealbench load", flag.ContinueOnError)
	fl.SetOutput(stderr)
	n := fl.Int("n", 2000, "timed /deal commands")
	c := fl.Int("c", 8, "commands in flight")
	warm := fl.Int("warmup", 50, "untimed commands first")
	size := fl.Int("size", 10000, "articles in the generated corpus (without -corpus)")
	corpusDir := fl.String("corpus", "", "a corpus made by `dealbench gen` (default: generate one of -size in -dir)")
	indexDir := fl.String("index", "", "the bot's INDEX_DIR (default: beside the corpus; built on first use)")
	dir := fl.String("dir", defaultDir(), "cache directory")
	seed := fl.Int64("seed", 1, "corpus seed")
	workers := fl.Int("workers", 0, "BOT_WORKERS (0 = the bot's default)")
	botBin := fl.String("bot", "auto", "`auto` (build cmd/dealbot and run its serve; the built-in copy of serve's wiring if that fails), `builtin`, `echo` (a bare slack-go client that answers \"ok\": the harness's floor), or the path of a dealbot binary")
	profile := fl.String("profile", "", "write the bot's CPU profile to this file (built-in bot only)")
	fakeProfile := fl.String("fake-profile", "", "write the CPU profile of this process (the fake Slack and the load driver) to this file")
	verbose := fl.Bool("v", false, "log progress")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *fakeProfile != "" {
		stop, err := bench.StartProfile(*fakeProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	lg := logger(stderr, *verbose)
	var t synth.Truth
	var err error
	if *corpusDir == "" {
		*corpusDir = filepath.Join(*dir, fmt.Sprintf("corpus-%d-seed%d", *size, *seed))
		t, _, err = synth.Ensure(*corpusDir, *size, *seed)
	} else {
		t, err = synth.ReadTruth(*corpusDir)
		if err != nil {
			err = fmt.Errorf("%w (the load tool draws its queries from the truth file of a corpus made by `dealbench gen`)", err)
		}
	}
	if err != nil {
		return err
	}
	if *indexDir == "" {
		*indexDir = filepath.Join(filepath.Dir(*corpusDir), "index-"+filepath.Base(*corpusDir))
	}
	exe, err := executable()
	if err != nil {
		return err
	}
	rn := &bench.Runner{Exe: exe}
	bin := resolveBot(ctx, *botBin, filepath.Dir(*corpusDir), stderr)
	logs, err := os.Create(filepath.Join(filepath.Dir(*corpusDir), "bot-load.log"))
	if err != nil {
		return err
	}
	defer logs.Close()
	res, err := bench.RunLoad(ctx, lg, bench.LoadOptions{N: *n, C: *c, Warmup: *warm, Pairs: bench.Pairs(&t, 250, *seed),
		Corpus: *corpusDir, Index: *indexDir, BotCmd: rn.BotCmd(bin, *profile), Logs: logs, Workers: *workers})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "load: %d /deal commands, %d in flight, corpus %s (%d articles)\n", res.N, res.C, *corpusDir, len(t.Articles))
	fmt.Fprintf(stdout, "bot: %s; connected after %.1f s (index %s)\n", res.Bot, res.StartS, *indexDir)
	fmt.Fprintf(stdout, "%-28s %8s %8s %8s %8s\n", "latency, ms", "p50", "p90", "p99", "max")
	fmt.Fprintf(stdout, "%-28s %8.2f %8.2f %8.2f %8.2f\n", "ack (sent → ack)", res.Ack.P50, res.Ack.P90, res.Ack.P99, res.Ack.Max)
	fmt.Fprintf(stdout, "%-28s %8.2f %8.2f %8.2f %8.2f\n", "answer (sent → response_url)", res.Answer.P50, res.Answer.P90, res.Answer.P99, res.Answer.Max)
	fmt.Fprintf(stdout, "answers/s %.0f over %.2f s; errors %d\n", res.PerSecond, res.Seconds, res.Errors)
	if res.N > 0 {
		fmt.Fprintf(stdout, "CPU per command: bot %.3f ms, fake Slack and driver %.3f ms\n", 1000*res.BotCPU/float64(res.N), 1000*res.HarnessCPU/float64(res.N))
	}
	for _, e := range res.Samples {
		fmt.Fprintln(stdout, "  error:", e)
	}
	fmt.Fprintf(stdout, "bot RSS %.0f MB (anon %.0f MB, file %.0f MB), peak %.0f MB; log %s\n",
		bench.MB(res.BotMem.RSS), bench.MB(res.BotMem.Anon), bench.MB(res.BotMem.File), bench.MB(res.BotMem.Peak), logs.Name())
	return nil
}

func runGen(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("dealbench gen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	n := fl.Int("n", 1000, "articles")
	seed := fl.Int64("seed", 1, "seed")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return errors.New("usage: dealbench gen [-n 1000] [-seed 1] DIR")
	}
	start := time.Now()
	t, err := synth.Generate(fl.Arg(0), *n, *seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d articles (%d deals) and %s to %s in %s\n", len(t.Articles), len(t.Deals), synth.TruthFile, fl.Arg(0), time.Since(start).Round(time.Millisecond))
	return nil
}
