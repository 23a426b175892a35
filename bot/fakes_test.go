package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/dealbot/dealbot/internal/slackfake"
	"github.com/slack-go/slack"
)

// fakeEngine is an Engine made of functions; nil ones answer empty.
type fakeEngine struct {
	AskFn     func(ctx context.Context, q string) (index.Answer, error)
	DealsFn   func(ctx context.Context) ([]deal.Deal, error)
	StatsFn   func(ctx context.Context) (index.Stats, error)
	ReindexFn func(ctx context.Context, progress func(engine.Progress)) (engine.Report, error)
	// FullFn answers ReindexFull; nil: ReindexFn.
	FullFn func(ctx context.Context, progress func(engine.Progress)) (engine.Report, error)
}

var _ Engine = (*fakeEngine)(nil)

func (f *fakeEngine) Ask(ctx context.Context, q string) (index.Answer, error) {
	if f.AskFn == nil {
		return index.Answer{Query: q, Message: "No deal found."}, nil
	}
	return f.AskFn(ctx, q)
}

func (f *fakeEngine) Deals(ctx context.Context) ([]deal.Deal, error) {
	if f.DealsFn == nil {
		return nil, nil
	}
	return f.DealsFn(ctx)
}

func (f *fakeEngine) Stats(ctx context.Context) (index.Stats, error) {
	if f.StatsFn == nil {
		return index.Stats{}, nil
	}
	return f.StatsFn(ctx)
}

func (f *fakeEngine) ReindexFull(ctx context.Context, progress func(engine.Progress)) (engine.Report, error) {
	if f.FullFn != nil {
		return f.FullFn(ctx, progress)
	}
	return f.Reindex(ctx, progress)
}

func (f *fakeEngine) Reindex(ctx context.Context, progress func(engine.Progress)) (engine.Report, error) {
	if f.ReindexFn == nil {
		return engine.Report{}, nil
	}
	return f.ReindexFn(ctx, progress)
}

// fakeUsers is a UserDirectory.
type fakeUsers struct {
	mu    sync.Mutex
	users map[string]slack.User
	err   error
	calls int
}

func (f *fakeUsers) GetUserInfoContext(_ context.Context, id string, _ ...slack.GetUserInfoOption) (*slack.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	u, ok := f.users[id]
	if !ok {
		return nil, errors.New("user_not_found")
	}
	return &u, nil
}

// Invented companies, so nothing is tuned to the seed articles.
var (
	acmeBuysZorblat = deal.Deal{
		ID: "d1",
		Parties: []deal.Party{
			{Name: "Acme Robotics", Role: deal.RoleAcquirer},
			{Name: "Zorblat GmbH", Role: deal.RoleTarget},
		},
		Kind: deal.Acquisition, Kinds: []deal.Kind{deal.Acquisition}, Status: deal.Completed,
		Amount: &deal.Amount{Text: "€40 million", Value: 40e6, Currency: "EUR", USD: 44e6, Approximate: true, FXYear: 2024, FXSource: "table"},
		Date:   deal.Date{Year: 2024, Month: 3, Day: 5}, Areas: []string{"warehouse robots", "logistics"},
		Summary: "Acme Robotics bought Zorblat GmbH, a maker of warehouse robots.",
		Stake:   "100%",
		Sources: []deal.Source{{
			Article: "news/acme.md", Title: "Acme Robotics buys Zorblat", URL: "https://news.example.com/acme?a=1&b=2",
			Date: deal.Date{Year: 2024, Month: 3, Day: 5}, Snippet: "Acme Robotics said on Tuesday it had completed its acquisition of Zorblat GmbH for €40 million.",
		}},
	}
	brightwavePartnership = deal.Deal{
		ID:      "d2",
		Parties: []deal.Party{{Name: "Brightwave", Role: deal.RolePartner}, {Name: "Northstar Ventures", Role: deal.RolePartner}},
		Kind:    deal.Partnership, Kinds: []deal.Kind{deal.Partnership, deal.Licensing}, Status: deal.Announced,
		Date: deal.Date{Year: 2023, Month: 11}, Summary: "Brightwave and Northstar Ventures will build solar farms together.",
		Sources: []deal.Source{
			{Article: "a.txt", Title: "Brightwave teams up", Snippet: "Brightwave and Northstar Ventures signed a partnership."},
			{Article: "b.txt", Title: "Solar news", URL: "https://solar.example.org/x", Snippet: "The Brightwave deal with Northstar Ventures covers three farms."},
		},
	}
	eFooInvestment = deal.Deal{
		ID:      "d3",
		Parties: []deal.Party{{Name: "Northstar Ventures", Role: deal.RoleInvestor}, {Name: "eFoo", Role: deal.RoleInvestee}},
		Kind:    deal.Investment, Kinds: []deal.Kind{deal.Investment}, Status: deal.Reported,
		Amount:  &deal.Amount{Text: "$12m", Value: 12e6, Currency: "USD", USD: 12e6},
		Date:    deal.Date{Year: 2022},
		Sources: []deal.Source{{Article: "c.txt", Title: "eFoo raises", Snippet: "Northstar Ventures reportedly put $12m into eFoo."}},
	}
)

func answerFor(q string, deals ...deal.Deal) index.Answer {
	a := index.Answer{Query: q, Deals: deals, Total: len(deals)}
	seen := map[string]bool{}
	for _, d := range deals {
		for _, p := range d.Parties {
			if !seen[p.Name] {
				seen[p.Name] = true
				a.Companies = append(a.Companies, p.Name)
				a.Terms = append(a.Terms, p.Name)
			}
		}
	}
	return a
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// logLines parses JSON log lines.
func (s *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", l)
		}
		out = append(out, m)
	}
	return out
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func blocksJSON(t *testing.T, blocks []slack.Block) []byte {
	t.Helper()
	js, err := json.Marshal(blocks)
	if err != nil {
		t.Fatalf("blocks do not marshal: %v", err)
	}
	return js
}

// checkSlackLimits fails t if resp would be rejected by Slack.
func checkSlackLimits(t *testing.T, resp Response) {
	t.Helper()
	if err := slackfake.ValidateBlocks(blocksJSON(t, resp.Blocks)); err != nil {
		t.Errorf("blocks rejected: %v", err)
	}
	if n := slackLen(resp.Text); n == 0 || n > 4000 {
		t.Errorf("fallback text has %d characters; want 1 to 4000", n)
	}
}

// allText is every text a user can read in resp.
func allText(t *testing.T, resp Response) string {
	t.Helper()
	var bl []map[string]any
	if err := json.Unmarshal(blocksJSON(t, resp.Blocks), &bl); err != nil {
		t.Fatal(err)
	}
	return resp.Text + "\n" + strings.Join(slackfake.BlockTexts(bl), "\n")
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
