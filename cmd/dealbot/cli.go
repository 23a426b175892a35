package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/dealbot/dealbot/config"
	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/dealbot/dealbot/internal/highlight"
)

// openEngine loads the configuration and opens the engine for a CLI command.
// Logs go to stderr, at warn level unless LOG_LEVEL asks for more, so that
// stdout carries only the answer.
func openEngine(ctx context.Context, env *Env) (*engine.Engine, *slog.Logger, error) {
	cfg, err := loadConfig(env)
	if err != nil {
		return nil, nil, err
	}
	if env.Getenv(config.EnvLogLevel) == "" {
		cfg.LogLevel = slog.LevelWarn
	}
	lg := config.NewLogger(env.Stderr, cfg)
	e, err := engine.Open(ctx, lg, engine.Options{CorpusDir: cfg.CorpusDir, IndexDir: cfg.IndexDir, MaxFileSize: cfg.MaxFileSize})
	if err != nil {
		return nil, nil, err
	}
	return e, lg, nil
}

func newFlags(name string, env *Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

func cmdAsk(ctx context.Context, env *Env, args []string) error {
	fs := newFlags("ask", env)
	asJSON := fs.Bool("json", false, "print the structured answer as JSON")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		return errUsage
	}
	e, _, err := openEngine(ctx, env)
	if err != nil {
		return err
	}
	defer e.Close()
	ans, err := e.Ask(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, ans)
	}
	printAnswer(env.Stdout, ans, styleFor(env.Stdout))
	return nil
}

func cmdDeals(ctx context.Context, env *Env, args []string) error {
	fs := newFlags("deals", env)
	asJSON := fs.Bool("json", false, "print the deals as JSON")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return errUsage
	}
	e, _, err := openEngine(ctx, env)
	if err != nil {
		return err
	}
	defer e.Close()
	ds, err := e.Deals(ctx)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []deal.Deal{}
	}
	if *asJSON {
		return writeJSON(env.Stdout, struct {
			Deals []deal.Deal `json:"deals"`
		}{ds})
	}
	st := styleFor(env.Stdout)
	if len(ds) == 0 {
		fmt.Fprintf(env.Stdout, "No deals found in the corpus (%s).\n", e.CorpusLabel())
		return nil
	}
	fmt.Fprintf(env.Stdout, "%d deals in %s:\n\n", len(ds), e.CorpusLabel())
	for _, d := range ds {
		printDeal(env.Stdout, d, nil, st, false)
	}
	return nil
}

func cmdIndex(ctx context.Context, env *Env, args []string) error {
	fs := newFlags("index", env)
	full := fs.Bool("full", false, "read every article again, not only the files added, changed or deleted")
	asJSON := fs.Bool("json", false, "print the reindex report as JSON")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return errUsage
	}
	e, _, err := openEngine(ctx, env)
	if err != nil {
		return err
	}
	defer e.Close()
	rep := e.LastReport()
	switch {
	case *full:
		rep, err = e.ReindexFull(ctx, nil)
	case rep.Reused:
		// Open found the index up to date; check the files again, as asked
		rep, err = e.Reindex(ctx, nil)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, rep)
	}
	st, _ := e.Stats(ctx)
	how := "read every article"
	if rep.Mode == engine.ModeIncremental {
		how = fmt.Sprintf("incremental: %d changed, %d added, %d deleted, %d re-read", rep.Changed, rep.Added, rep.Deleted, rep.Reread)
	}
	fmt.Fprintf(env.Stdout, "Indexed %d articles (%d sentences): %d deals between %d companies in %s (%s).\n",
		rep.Articles, rep.Sentences, rep.Deals, rep.Companies, rep.Duration.Round(time.Millisecond), how)
	fmt.Fprintf(env.Stdout, "Corpus: %s\nIndex:  %s (%s)\n", e.CorpusLabel(), st.Dir, humanBytes(st.SizeBytes))
	if len(rep.Skipped) > 0 {
		fmt.Fprintf(env.Stdout, "Skipped %d files:\n", len(rep.Skipped))
		for _, s := range rep.Skipped {
			fmt.Fprintf(env.Stdout, "  %s: %s\n", s.Path, s.Reason)
		}
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(env.Stdout, "Warning: %s: %s\n", w.Path, w.Reason)
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// style is how bold text is shown: ANSI on a terminal, **…** elsewhere.
type style struct{ open, close string }

func styleFor(w io.Writer) style {
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == "" {
			return style{"\x1b[1m", "\x1b[0m"}
		}
	}
	return style{"**", "**"}
}

func (s style) bold(text string, terms []string) string {
	return highlight.Apply(text, highlight.Spans(text, terms), s.open, s.close, nil)
}

func printAnswer(w io.Writer, a index.Answer, st style) {
	if a.Lead != "" {
		fmt.Fprintln(w, st.bold(a.Lead, a.Terms))
		fmt.Fprintln(w)
	}
	if a.Message != "" {
		fmt.Fprintln(w, a.Message)
		fmt.Fprintln(w)
	}
	for i, d := range a.Deals {
		printDeal(w, d, a.Terms, st, i == 0)
	}
	if a.Total > len(a.Deals) {
		fmt.Fprintf(w, "…and %d more deals.\n\n", a.Total-len(a.Deals))
	}
	if len(a.Mentions) > 0 {
		fmt.Fprintln(w, "Mentioned together in:")
		for _, m := range a.Mentions {
			fmt.Fprintf(w, "  %s\n    %s\n", sourceLine(m.Article, m.Title, m.URL, m.Date), st.bold(m.Snippet, a.Terms))
		}
		fmt.Fprintln(w)
	}
}

func sourceLine(article, title, url string, date deal.Date) string {
	s := article
	if title != "" {
		s = fmt.Sprintf("%q (%s)", title, article)
	}
	if url != "" {
		s += " " + url
	}
	return s + ", " + date.Human()
}

func partiesLine(d deal.Deal) string {
	names := d.PartyNames()
	if len(d.Parties) == 2 && d.Parties[0].Role != deal.RolePartner && d.Parties[1].Role != deal.RolePartner {
		return fmt.Sprintf("%s (%s) → %s (%s)", d.Parties[0].Name, d.Parties[0].Role, d.Parties[1].Name, d.Parties[1].Role)
	}
	return strings.Join(names, " ↔ ")
}

// AmountText formats an amount as written plus its USD value.
func amountText(a *deal.Amount) string {
	if a == nil {
		return ""
	}
	s := a.Text
	if a.Currency == "USD" && !a.IsRange() {
		return s
	}
	if a.USD > 0 {
		usd := "$" + shortMoney(a.USD)
		if a.IsRange() && a.USDHigh > 0 {
			usd += "–$" + shortMoney(a.USDHigh)
		}
		approx := ""
		if a.Approximate {
			approx = "≈ "
		}
		s += " (" + approx + usd + ")"
	}
	return s
}

func shortMoney(v float64) string {
	switch {
	case v >= 1e9:
		return trimZero(fmt.Sprintf("%.2f", v/1e9)) + "B"
	case v >= 1e6:
		return trimZero(fmt.Sprintf("%.2f", v/1e6)) + "M"
	case v >= 1e3:
		return trimZero(fmt.Sprintf("%.1f", v/1e3)) + "K"
	}
	return fmt.Sprintf("%.0f", v)
}

func trimZero(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func printDeal(w io.Writer, d deal.Deal, terms []string, st style, top bool) {
	if terms == nil {
		terms = d.PartyNames()
	}
	kinds := make([]string, len(d.Kinds))
	for i, k := range d.Kinds {
		kinds[i] = string(k)
	}
	head := []string{st.bold(partiesLine(d), terms), strings.Join(kinds, " + "), statusText(d)}
	if !d.Date.IsZero() {
		head = append(head, d.Date.Human())
	} else {
		head = append(head, "date not given")
	}
	if d.Historic {
		head = append(head, "earlier deal")
	}
	fmt.Fprintln(w, strings.Join(head, " · "))
	if d.Amount != nil {
		fmt.Fprintf(w, "  Amount: %s\n", amountText(d.Amount))
	}
	if len(d.Areas) > 0 {
		fmt.Fprintf(w, "  Focus: %s\n", strings.Join(d.Areas, ", "))
	}
	if d.Summary != "" {
		fmt.Fprintf(w, "  %s\n", st.bold(d.Summary, terms))
	}
	for i, s := range d.Sources {
		if i == 3 {
			fmt.Fprintf(w, "  …and %d more sources\n", len(d.Sources)-3)
			break
		}
		fmt.Fprintf(w, "  Source: %s\n", sourceLine(s.Article, s.Title, s.URL, s.Date))
		fmt.Fprintf(w, "    “%s”\n", st.bold(s.Snippet, terms))
	}
	fmt.Fprintln(w)
}

// statusText is the deal's status, with the steps that led to it when
// several articles told different stages: "completed (announced 4 March
// 2024, completed 11 June 2024)".
func statusText(d deal.Deal) string {
	if len(d.History) < 2 {
		return string(d.Status)
	}
	var steps []string
	for _, h := range d.History {
		steps = append(steps, string(h.Status)+" "+h.Date.Human())
	}
	return string(d.Status) + " (" + strings.Join(steps, ", ") + ")"
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
