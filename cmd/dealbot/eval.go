package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/dealbot/dealbot/config"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/dealbot/dealbot/internal/eval"
)

func cmdEval(ctx context.Context, env *Env, args []string) error {
	fs := newFlags("eval", env)
	goldPath := fs.String("gold", "", "gold file (YAML)")
	corpusDir := fs.String("corpus", "", "directory of the articles the gold file describes")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	verbose := fs.Bool("v", false, "list every miss")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *goldPath == "" || *corpusDir == "" {
		return errUsage
	}
	g, err := eval.ReadGold(*goldPath)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "dealbot-eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	if env.Getenv(config.EnvLogLevel) == "" {
		cfg.LogLevel = slog.LevelError // the report is the output
	}
	e, err := engine.Open(ctx, config.NewLogger(env.Stderr, cfg), engine.Options{CorpusDir: *corpusDir, IndexDir: tmp, MaxFileSize: cfg.MaxFileSize})
	if err != nil {
		return err
	}
	defer e.Close()
	deals, err := e.Deals(ctx)
	if err != nil {
		return err
	}
	rep, err := eval.Evaluate(ctx, g, deals, e.Companies(), e)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, rep.Figures())
	}
	last := e.LastReport()
	fmt.Fprintf(env.Stdout, "Evaluated %d articles: %d gold deals, %d extracted, %d queries (gold: %s)\n\n",
		last.Articles, len(g.Deals), len(deals), len(g.Queries), *goldPath)
	printReport(env.Stdout, rep, *verbose)
	return nil
}

func printReport(w io.Writer, r eval.Report, verbose bool) {
	fmt.Fprintf(w, "%-14s precision %.3f  recall %.3f  F1 %.3f  (TP %d, FP %d, FN %d)\n", "deals",
		r.Deals.Precision(), r.Deals.Recall(), r.Deals.F1(), r.Deals.TP, r.Deals.FP, r.Deals.FN)
	fmt.Fprintf(w, "%-14s precision %.3f  recall %.3f  F1 %.3f  (TP %d, FP %d, FN %d)\n", "party pairs",
		r.Pairs.Precision(), r.Pairs.Recall(), r.Pairs.F1(), r.Pairs.TP, r.Pairs.FP, r.Pairs.FN)
	for _, f := range r.Fields() {
		fmt.Fprintf(w, "%-14s accuracy  %.3f  (%d/%d)\n", f.Name, f.Acc.Value(), f.Acc.Right, f.Acc.Total)
	}
	fmt.Fprintf(w, "%-14s %d\n", "never-a-party", len(r.NeverParties))
	fmt.Fprintf(w, "%-14s %d\n", "not-a-deal", len(r.NotDeals))
	var misses []string
	for _, p := range r.FalsePairs {
		misses = append(misses, "extra pair: "+p)
	}
	for _, p := range r.MissedPairs {
		misses = append(misses, "missed pair: "+p)
	}
	for _, f := range r.Fields() {
		misses = append(misses, f.Acc.Misses...)
	}
	for _, v := range r.NeverParties {
		misses = append(misses, "never a party: "+v)
	}
	for _, v := range r.NotDeals {
		misses = append(misses, "not a deal: "+v)
	}
	if len(misses) == 0 {
		return
	}
	fmt.Fprintln(w)
	if !verbose && len(misses) > 20 {
		fmt.Fprintf(w, "%d misses (first 20; -v lists all):\n", len(misses))
		misses = misses[:20]
	} else {
		fmt.Fprintf(w, "%d misses:\n", len(misses))
	}
	for _, m := range misses {
		fmt.Fprintln(w, "  "+strings.TrimSpace(m))
	}
}
