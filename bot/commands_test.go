package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/slack-go/slack"
)

func newTestBot(eng Engine, users UserDirectory, cfg Config) *Bot {
	return newBot(discardLogger(), nil, eng, users, noLimits(cfg))
}

// noLimits turns the per-user rate limits off unless cfg sets them: most
// tests send many requests as one user.
func noLimits(cfg Config) Config {
	if cfg.QueryRate == (Rate{}) {
		cfg.QueryRate = Rate{Count: -1}
	}
	if cfg.ReindexRate == (Rate{}) {
		cfg.ReindexRate = Rate{Count: -1}
	}
	return cfg
}

// corpusEngine answers from a fixed set of invented deals.
func corpusEngine() *fakeEngine {
	all := []deal.Deal{acmeBuysZorblat, brightwavePartnership, eFooInvestment}
	return &fakeEngine{
		AskFn: func(_ context.Context, q string) (index.Answer, error) {
			var hits []deal.Deal
			for _, d := range all {
				for _, p := range d.Parties {
					if strings.Contains(strings.ToLower(q), strings.ToLower(strings.Fields(p.Name)[0])) {
						hits = append(hits, d)
						break
					}
				}
			}
			if len(hits) == 0 {
				return index.Answer{Query: q, Message: "No company in “" + q + "” appears in the articles.", Unknown: strings.Fields(q)}, nil
			}
			return answerFor(q, hits...), nil
		},
		DealsFn: func(context.Context) ([]deal.Deal, error) { return all, nil },
		StatsFn: func(context.Context) (index.Stats, error) {
			return index.Stats{Articles: 3, Deals: 3, Companies: 5, BuiltAt: time.Now().Add(-2 * time.Hour), SizeBytes: 2048}, nil
		},
	}
}

func TestHandleRouting(t *testing.T) {
	b := newTestBot(corpusEngine(), nil, Config{})
	ctx := context.Background()
	tests := []struct {
		name        string
		req         Request
		wantCommand string
		want        []string
		notWant     []string
	}{
		{"empty is help", Request{Kind: KindSlash}, "help", []string{"How to use /deal", "/deal stats", "/deal reindex", "_(admins only)_", "e.g. `/deal acme robotics zorblat gmbh`", "e.g. `/deal who bought Zorblat GmbH?`"}, nil},
		{"help", Request{Kind: KindSlash, Text: "help"}, "help", []string{"How to use /deal", "/deal help"}, nil},
		{"HELP in a DM", Request{Kind: KindDM, Text: "HELP me"}, "help", []string{"How to use /deal"}, nil},
		{"stats", Request{Kind: KindSlash, Text: "stats"}, "stats", []string{"*Articles*\n3", "*Deals*\n3", "*Companies*\n5", "2 hours ago", "2.0 KB"}, nil},
		{"query", Request{Kind: KindSlash, Text: "acme zorblat"}, "query", []string{"*Acme Robotics* (acquirer) → *Zorblat GmbH* (target)", "Share in channel"}, nil},
		{"mention query has no share button", Request{Kind: KindMention, Text: "who bought zorblat?"}, "query", []string{"*Zorblat GmbH*"}, []string{"Share in channel"}},
		{"unknown subcommand", Request{Kind: KindSlash, Text: "statz"}, "query", []string{"Did you mean `/deal stats`?", "“statz”"}, nil},
		{"empty result", Request{Kind: KindSlash, Text: "frobnitz industries"}, "query", []string{"No company in “frobnitz industries” appears", "Check the spelling"}, []string{"Share in channel"}},
		{"special mention echoed safely", Request{Kind: KindSlash, Text: "<!channel> frobnitz"}, "query", []string{"&lt;!channel&gt;"}, []string{"<!channel>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := b.Handle(ctx, tt.req)
			checkSlackLimits(t, resp)
			if resp.Command != tt.wantCommand {
				t.Errorf("command = %q; want %q", resp.Command, tt.wantCommand)
			}
			text := allText(t, resp)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("response lacks %q; got:\n%s", w, text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(text, w) {
					t.Errorf("response contains %q; got:\n%s", w, text)
				}
			}
		})
	}
}

func TestHelpWithoutDeals(t *testing.T) {
	b := newTestBot(&fakeEngine{DealsFn: func(context.Context) ([]deal.Deal, error) { return nil, errors.New("closed") }}, nil, Config{})
	resp := b.Handle(context.Background(), Request{Kind: KindSlash, Text: "help"})
	if text := allText(t, resp); !strings.Contains(text, "/deal &lt;companies or a question&gt;") || strings.Contains(text, "e.g.") {
		t.Errorf("help without deals = %q; want usage without examples", text)
	}
}

func TestEngineErrorsAreExplained(t *testing.T) {
	boom := errors.New("index closed")
	eng := &fakeEngine{
		AskFn:   func(context.Context, string) (index.Answer, error) { return index.Answer{}, boom },
		StatsFn: func(context.Context) (index.Stats, error) { return index.Stats{}, boom },
		ReindexFn: func(context.Context, func(engine.Progress)) (engine.Report, error) {
			return engine.Report{}, boom
		},
	}
	b := newTestBot(eng, nil, Config{AdminUsers: []string{"UADMIN"}})
	for _, text := range []string{"acme", "stats", "reindex"} {
		resp := b.Handle(context.Background(), Request{Kind: KindSlash, Text: text, UserID: "UADMIN"})
		if !errors.Is(resp.Err, boom) || resp.Outcome != "error" {
			t.Errorf("%q: Err = %v, outcome %q; want the engine error logged", text, resp.Err, resp.Outcome)
		}
		if at := allText(t, resp); strings.Contains(at, "index closed") || !strings.Contains(at, "Sorry") && !strings.Contains(at, "failed") {
			t.Errorf("%q: user sees %q; want a plain apology without internals", text, at)
		}
	}
}

func TestPanicBecomesInternalError(t *testing.T) {
	b := newTestBot(&fakeEngine{AskFn: func(context.Context, string) (index.Answer, error) { panic("nil map") }}, nil, Config{})
	resp := b.Handle(context.Background(), Request{Kind: KindSlash, Text: "acme"})
	if resp.Outcome != "panic" || !strings.Contains(allText(t, resp), "internal error") {
		t.Errorf("response to a panic = %q (outcome %q); want internal error", allText(t, resp), resp.Outcome)
	}
}

func TestReindexAdmins(t *testing.T) {
	users := &fakeUsers{users: map[string]slack.User{
		"UOWNER":  {ID: "UOWNER", IsOwner: true},
		"UWSADM":  {ID: "UWSADM", IsAdmin: true},
		"UGUEST":  {ID: "UGUEST", IsAdmin: true, IsRestricted: true},
		"UGONE":   {ID: "UGONE", IsAdmin: true, Deleted: true},
		"UMEMBER": {ID: "UMEMBER"},
	}}
	var runs int
	var mu sync.Mutex
	eng := &fakeEngine{ReindexFn: func(context.Context, func(engine.Progress)) (engine.Report, error) {
		mu.Lock()
		runs++
		mu.Unlock()
		return engine.Report{Articles: 2, Deals: 1, Companies: 2, Duration: time.Second}, nil
	}}
	b := newTestBot(eng, users, Config{AdminUsers: []string{"UCONFIG"}})
	tests := []struct {
		user    string
		allowed bool
	}{
		{"UCONFIG", true}, {"UOWNER", true}, {"UWSADM", true},
		{"UGUEST", false}, {"UGONE", false}, {"UMEMBER", false}, {"UNKNOWN", false},
	}
	for _, tt := range tests {
		mu.Lock()
		before := runs
		mu.Unlock()
		resp := b.Handle(context.Background(), Request{Kind: KindSlash, Text: "reindex", UserID: tt.user})
		mu.Lock()
		ran := runs > before
		mu.Unlock()
		text := allText(t, resp)
		if ran != tt.allowed {
			t.Errorf("%s: reindex ran = %v; want %v (%s)", tt.user, ran, tt.allowed, text)
		}
		if tt.allowed && !strings.Contains(text, "Reindex finished") {
			t.Errorf("%s: response %q; want the report", tt.user, text)
		}
		if !tt.allowed && tt.user != "UNKNOWN" && (resp.Outcome != "refused" || !strings.Contains(text, "only admins can run `/deal reindex`")) {
			t.Errorf("%s: response %q (outcome %q); want a clear refusal", tt.user, text, resp.Outcome)
		}
	}
	// UNKNOWN is an error from users.info: the user is told to retry.
	calls := users.calls
	b.Handle(context.Background(), Request{Kind: KindSlash, Text: "reindex", UserID: "UOWNER"})
	if users.calls != calls {
		t.Errorf("users.info called again for a cached user")
	}
}

func TestReindexBusyAndProgress(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	eng := &fakeEngine{ReindexFn: func(ctx context.Context, progress func(engine.Progress)) (engine.Report, error) {
		select {
		case <-started:
			return engine.Report{}, engine.ErrBusy
		default:
		}
		progress(engine.Progress{Stage: engine.StageLoading, Done: 0, Total: 4})
		close(started)
		<-release
		progress(engine.Progress{Stage: engine.StageIndexing, Done: 4, Total: 4})
		return engine.Report{Articles: 4, Deals: 2, Companies: 3,
			Skipped: []corpus.Skipped{{Path: "notes.bin", Reason: "binary file"}}}, nil
	}}
	b := newTestBot(eng, nil, Config{AdminUsers: []string{"UADMIN"}})
	var mu sync.Mutex
	var shown []string
	req := Request{Kind: KindSlash, Text: "reindex", UserID: "UADMIN", Progress: func(r Response) {
		mu.Lock()
		defer mu.Unlock()
		shown = append(shown, r.Text)
	}}
	done := make(chan Response)
	go func() { done <- b.Handle(context.Background(), req) }()
	<-started
	busy := b.Handle(context.Background(), Request{Kind: KindSlash, Text: "reindex", UserID: "UADMIN"})
	if busy.Outcome != "busy" || !strings.Contains(allText(t, busy), "already running") {
		t.Errorf("second reindex = %q; want already running", allText(t, busy))
	}
	close(release)
	final := <-done
	text := allText(t, final)
	for _, want := range []string{"Reindex finished", "*Articles*\n4", "`notes.bin` — binary file"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q: %s", want, text)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(shown) != 2 || !strings.Contains(shown[0], "Reading articles") || !strings.Contains(shown[1], "Writing the index") {
		t.Errorf("progress shown = %q; want reading then writing", shown)
	}
}

func TestReindexFullOrChangesOnly(t *testing.T) {
	eng := &fakeEngine{
		ReindexFn: func(context.Context, func(engine.Progress)) (engine.Report, error) {
			return engine.Report{Articles: 9, Mode: engine.ModeIncremental, Changed: 1, Added: 2, Deleted: 3}, nil
		},
		FullFn: func(context.Context, func(engine.Progress)) (engine.Report, error) {
			return engine.Report{Articles: 9, Mode: engine.ModeFull}, nil
		},
	}
	b := newTestBot(eng, nil, Config{AdminUsers: []string{"UADMIN"}})
	tests := []struct{ text, want string }{
		{"reindex", "only the changes were read: 1 changed, 2 added, 3 deleted"},
		{"reindex full", "every article was read"},
		{"reindex FULL", "every article was read"},
		{"reindex everything", "`/deal reindex full` reads every file. I don't know “everything”"},
	}
	for _, tt := range tests {
		got := allText(t, b.Handle(context.Background(), Request{Kind: KindSlash, Text: tt.text, UserID: "UADMIN"}))
		if !strings.Contains(got, tt.want) {
			t.Errorf("%q answered %q; want it to contain %q", tt.text, got, tt.want)
		}
	}
}

func TestShare(t *testing.T) {
	b := newTestBot(corpusEngine(), nil, Config{})
	resp := b.Handle(context.Background(), Request{Kind: KindAction, ActionID: ShareActionID, ActionValue: "acme zorblat", UserID: "U9"})
	if !resp.InChannel || !resp.DeleteOriginal || resp.Command != "share" {
		t.Errorf("share = in channel %v, delete original %v, command %q; want true, true, share", resp.InChannel, resp.DeleteOriginal, resp.Command)
	}
	if text := allText(t, resp); !strings.Contains(text, "Shared by <@U9>") || strings.Contains(text, "Share in channel") {
		t.Errorf("shared answer = %q", text)
	}
	gone := b.Handle(context.Background(), Request{Kind: KindAction, ActionID: ShareActionID, ActionValue: "frobnitz", UserID: "U9"})
	if gone.InChannel || gone.DeleteOriginal || !strings.Contains(allText(t, gone), "no longer matches a deal") {
		t.Errorf("share of a stale query = %q (in channel %v); want a private explanation", allText(t, gone), gone.InChannel)
	}
	other := b.Handle(context.Background(), Request{Kind: KindAction, ActionID: "something_else"})
	if other.InChannel || !strings.Contains(allText(t, other), "no longer does anything") {
		t.Errorf("unknown action = %q", allText(t, other))
	}
}
