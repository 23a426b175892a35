package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/dealbot/dealbot/bot"
	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/dealbot/dealbot/internal/synth"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// cannedEngine answers from a table, so a benchmark measures the bot alone.
type cannedEngine struct {
	answers map[string]index.Answer
}

func (c *cannedEngine) Ask(_ context.Context, q string) (index.Answer, error) {
	return c.answers[q], nil
}
func (c *cannedEngine) Deals(context.Context) ([]deal.Deal, error) { return nil, nil }
func (c *cannedEngine) Stats(context.Context) (index.Stats, error) { return index.Stats{}, nil }
func (c *cannedEngine) Reindex(context.Context, func(engine.Progress)) (engine.Report, error) {
	return engine.Report{}, nil
}
func (c *cannedEngine) ReindexFull(context.Context, func(engine.Progress)) (engine.Report, error) {
	return engine.Report{}, nil
}

// synthEngine opens an engine on a generated 200-article corpus and returns
// query texts (half of them pairs with a deal).
func synthEngine(b *testing.B) (*engine.Engine, []string) {
	b.Helper()
	corpusDir := b.TempDir()
	tr, err := synth.Generate(corpusDir, 200, 1)
	if err != nil {
		b.Fatal(err)
	}
	e, err := engine.Open(context.Background(), quiet(), engine.Options{CorpusDir: corpusDir, IndexDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	var qs []string
	for _, p := range tr.Pairs(20, 1) {
		qs = append(qs, p.Query())
	}
	return e, qs
}

// slash is a /deal command from one of a few users.
func slash(i int, text string) bot.Request {
	return bot.Request{Kind: bot.KindSlash, UserID: fmt.Sprintf("UB%07d", i%8), ChannelID: "C0BENCH", Text: text}
}

// benchConfig turns the per-user rate limit off: the benchmarks measure
// answering, not refusing.
var benchConfig = bot.Config{QueryRate: bot.Rate{Count: -1}}

// BenchmarkRender renders real answers (deal cards, or co-mentions when
// there is no deal) to Block Kit and encodes them, without searching.
func BenchmarkRender(b *testing.B) {
	e, qs := synthEngine(b)
	ce := &cannedEngine{answers: map[string]index.Answer{}}
	for _, q := range qs {
		a, err := e.Ask(context.Background(), q)
		if err != nil {
			b.Fatal(err)
		}
		ce.answers[q] = a
	}
	bt := bot.New(quiet(), nil, ce, benchConfig)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		resp := bt.Handle(ctx, slash(i, qs[i%len(qs)]))
		if resp.Outcome != "" && resp.Outcome != "empty" {
			b.Fatalf("render %q: outcome %q; want an answer", qs[i%len(qs)], resp.Outcome)
		}
		if _, err := json.Marshal(resp.Blocks); err != nil || len(resp.Blocks) == 0 {
			b.Fatalf("render %q: %d blocks, %v", qs[i%len(qs)], len(resp.Blocks), err)
		}
		i++
	}
}

// BenchmarkHandleQuery is a /deal query in process: search, ranking,
// rendering and encoding.
func BenchmarkHandleQuery(b *testing.B) {
	e, qs := synthEngine(b)
	bt := bot.New(quiet(), nil, e, benchConfig)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		resp := bt.Handle(ctx, slash(i, qs[i%len(qs)]))
		if resp.Err != nil || (resp.Outcome != "" && resp.Outcome != "empty") {
			b.Fatalf("query %q: outcome %q, %v; want an answer", qs[i%len(qs)], resp.Outcome, resp.Err)
		}
		if _, err := json.Marshal(resp.Blocks); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
