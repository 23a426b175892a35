package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/slack-go/slack"

	"github.com/dealbot/dealbot/bot"
	"github.com/dealbot/dealbot/config"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/dealbot/dealbot/internal/synth"
)

// BotIndex runs dealbot's full reindex of corpusDir into the empty
// indexDir through the engine's public API (engine.Open on a directory
// without an index: load, extract, index) and times it.
func BotIndex(ctx context.Context, lg *slog.Logger, corpusDir, indexDir string) (IndexResult, error) {
	start := time.Now()
	eng, err := engine.Open(ctx, lg, engine.Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		return IndexResult{}, fmt.Errorf("dealbot index: %w", err)
	}
	took := time.Since(start)
	mem, _ := ReadMem(0)
	rep := eng.LastReport()
	if err := eng.Close(); err != nil {
		return IndexResult{}, fmt.Errorf("dealbot index: close: %w", err)
	}
	size, _ := DirSize(indexDir)
	return IndexResult{Docs: rep.Articles, Seconds: took.Seconds(), WallClose: time.Since(start).Seconds(),
		DocsPerS: float64(rep.Articles) / took.Seconds(), IndexMB: MB(size), Peak: mem.Peak,
		Deals: rep.Deals, Companies: rep.Companies, Reused: rep.Reused}, nil
}

// Recall is the share of the truth's deal pairs (current and historic)
// that dealbot's index holds a deal for, matching names by their
// normalised keys.
func Recall(ctx context.Context, lg *slog.Logger, corpusDir, indexDir string, t *synth.Truth) (float64, int, error) {
	eng, err := engine.Open(ctx, lg, engine.Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		return 0, 0, fmt.Errorf("recall: %w", err)
	}
	defer eng.Close()
	ds, err := eng.Deals(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("recall: %w", err)
	}
	return PairRecall(t, ds), len(ds), nil
}

// PairRecall is the share of the truth's deal pairs found among deals.
func PairRecall(t *synth.Truth, deals []deal.Deal) float64 {
	key := func(a, b string) string {
		a, b = deal.NormKey(a), deal.NormKey(b)
		if b < a {
			a, b = b, a
		}
		return a + "|" + b
	}
	got := map[string]bool{}
	for _, d := range deals {
		for i := range d.Parties {
			for j := i + 1; j < len(d.Parties); j++ {
				got[key(d.Parties[i].Name, d.Parties[j].Name)] = true
			}
		}
	}
	want := map[string]bool{}
	for _, d := range t.Deals {
		if len(d.Parties) == 2 {
			want[key(d.Parties[0], d.Parties[1])] = true
		}
	}
	if len(want) == 0 {
		return 0
	}
	hit := 0
	for k := range want {
		if got[k] {
			hit++
		}
	}
	return float64(hit) / float64(len(want))
}

// answer is what a user gets for one /deal query in process: the engine's
// answer rendered by the bot (bot.Bot.Handle, no Slack), encoded as the
// JSON payload Slack would receive. Each query comes from another user, as
// in a workspace, so no per-user rate limit applies.
func answer(ctx context.Context, b *bot.Bot, user int, text string) (int, error) {
	resp := b.Handle(ctx, bot.Request{Kind: bot.KindSlash, UserID: fmt.Sprintf("UB%07d", user), ChannelID: "C0BENCH", Text: text})
	if resp.Err != nil {
		return 0, fmt.Errorf("dealbot query %q: %w", text, resp.Err)
	}
	if _, err := json.Marshal(resp.Blocks); err != nil {
		return 0, fmt.Errorf("dealbot query %q: encode blocks: %w", text, err)
	}
	return resp.Results, nil
}

// BotServe opens dealbot's existing index (start-up), answers the first
// query, calls first, then runs the warm-up and timed queries through
// search and rendering, and reports latencies and memory.
func BotServe(ctx context.Context, lg *slog.Logger, corpusDir, indexDir string, pairs []QueryPair, warmup int, first func()) (ServeResult, error) {
	start := time.Now()
	eng, err := engine.Open(ctx, lg, engine.Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		return ServeResult{}, fmt.Errorf("dealbot serve: %w", err)
	}
	defer eng.Close()
	var r ServeResult
	r.OpenMS = ms(time.Since(start))
	rep := eng.LastReport()
	r.Reused = rep.Reused
	if !rep.Reused {
		r.Analysed = rep.Articles
	}
	b := bot.New(lg, nil, eng, bot.Config{})
	t0 := time.Now()
	if len(pairs) > 0 {
		if _, err := answer(ctx, b, len(pairs), pairs[0].Text); err != nil {
			return r, err
		}
	}
	r.FirstMS = ms(time.Since(t0))
	if first != nil {
		first()
	}
	var lat []time.Duration
	deals := 0
	for i, p := range pairs {
		t := time.Now()
		n, err := answer(ctx, b, i, p.Text)
		if err != nil {
			return r, err
		}
		if i >= warmup {
			lat = append(lat, time.Since(t))
			deals += n
			if n > 0 {
				r.Answered++
			}
		}
	}
	r.Query = Summarise(lat)
	if len(lat) > 0 {
		r.AvgHits = float64(deals) / float64(len(lat))
	}
	r.Mem, _ = ReadMem(0)
	return r, nil
}

// IncrResult is the outcome of changing one file and reindexing.
type IncrResult struct {
	Seconds    float64         `json:"seconds"`     // engine.Reindex after one file changed
	OpenReused bool            `json:"open_reused"` // the index was reused at Open
	File       string          `json:"file"`
	Report     json.RawMessage `json:"report"` // the engine's report of the reindex
	Profile    string          `json:"profile,omitempty"`
}

// BotIncremental opens the existing index, changes one article (a sentence
// appended), times engine.Reindex, and puts the file back as it was
// (content and modification time).
func BotIncremental(ctx context.Context, lg *slog.Logger, corpusDir, indexDir, file string) (IncrResult, error) {
	eng, err := engine.Open(ctx, lg, engine.Options{CorpusDir: corpusDir, IndexDir: indexDir})
	if err != nil {
		return IncrResult{}, fmt.Errorf("dealbot incremental: %w", err)
	}
	defer eng.Close()
	r := IncrResult{OpenReused: eng.LastReport().Reused, File: file}
	path := filepath.Join(corpusDir, filepath.FromSlash(file))
	orig, err := os.ReadFile(path)
	if err != nil {
		return r, fmt.Errorf("dealbot incremental: %w", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return r, fmt.Errorf("dealbot incremental: %w", err)
	}
	defer func() {
		_ = os.WriteFile(path, orig, 0o644)
		_ = os.Chtimes(path, info.ModTime(), info.ModTime())
	}()
	changed := append(append([]byte(nil), orig...), []byte("\nThis article was updated to correct the spelling of a name.\n")...)
	if err := os.WriteFile(path, changed, 0o644); err != nil {
		return r, fmt.Errorf("dealbot incremental: %w", err)
	}
	// a different modification time even on coarse-grained file systems
	later := info.ModTime().Add(2 * time.Second)
	_ = os.Chtimes(path, later, later)
	start := time.Now()
	rep, err := eng.Reindex(ctx, nil)
	if err != nil {
		return r, fmt.Errorf("dealbot incremental: reindex: %w", err)
	}
	r.Seconds = time.Since(start).Seconds()
	r.Report, _ = json.Marshal(rep)
	return r, nil
}

// slackHTTPTimeout and slackRetries are serve's settings for slack-go.
const (
	slackHTTPTimeout = 15 * time.Second
	slackRetries     = 3
)

// RunBot runs the Slack bot the way `dealbot serve` does (configuration
// from getenv, slack-go client with serve's options, engine.Open,
// bot.New, Bot.Run) until ctx ends. It is for the load tool, which cannot
// reach the serve command's unexported wiring.
func RunBot(ctx context.Context, getenv func(string) string, logs io.Writer) error {
	cfg, err := config.Load(getenv)
	var cerr *config.Error
	if err != nil && !errors.As(err, &cerr) {
		return err
	}
	if err := config.Join(err, cfg.ValidateSlack()); err != nil {
		return err
	}
	lg := config.NewLogger(logs, cfg)
	opts := []slack.Option{
		slack.OptionAppLevelToken(cfg.SlackAppToken.Reveal()),
		slack.OptionHTTPClient(&http.Client{Timeout: slackHTTPTimeout}),
		slack.OptionRetry(slackRetries),
	}
	if cfg.SlackAPIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.SlackAPIURL))
	}
	api := slack.New(cfg.SlackBotToken.Reveal(), opts...)
	eng, err := engine.Open(ctx, lg, engine.Options{CorpusDir: cfg.CorpusDir, IndexDir: cfg.IndexDir, MaxFileSize: cfg.MaxFileSize})
	if err != nil {
		return err
	}
	defer eng.Close()
	return bot.New(lg, api, eng, bot.Config{AdminUsers: cfg.AdminUsers, Workers: cfg.Workers}).Run(ctx)
}
