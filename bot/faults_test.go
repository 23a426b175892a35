package bot

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
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dealbot/dealbot/config"
	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/slack-go/slack"
)

// fakeClock is a settable time source.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestFileClaimsSharedByReplicas(t *testing.T) {
	dir := t.TempDir()
	a, err := NewFileClaims(discardLogger(), dir, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewFileClaims(discardLogger(), dir, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	defer b.Close()

	// 50 events, each delivered to both replicas at once (a retry landing
	// on the other socket): exactly one claim wins per event.
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range 50 {
		for _, c := range []*FileClaims{a, b} {
			wg.Go(func() {
				ok, err := c.Claim("env:E"+fmt.Sprint(i), fmt.Sprintf("event:Ev%d", i))
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			})
		}
	}
	wg.Wait()
	if n := wins.Load(); n != 50 {
		t.Errorf("claims won = %d; want 50 (one per event)", n)
	}
	// An @mention in a DM: app_mention and message.im share the message key.
	if ok, _ := a.Claim("env:1", "event:EvA", "msg:D1/1.1"); !ok {
		t.Error("first delivery of a message was not new")
	}
	if ok, _ := b.Claim("env:2", "event:EvB", "msg:D1/1.1"); ok {
		t.Error("the same message as another event was new to the other replica")
	}
	// Keys are hashed: anything makes a safe file name.
	if ok, err := a.Claim("../../etc/passwd\x00/ü"); !ok || err != nil {
		t.Errorf("odd key = %v, %v; want claimed", ok, err)
	}
}

func TestFileClaimsExpire(t *testing.T) {
	dir := t.TempDir()
	clock := newClock()
	c, err := newFileClaims(discardLogger(), dir, time.Hour, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if ok, _ := c.Claim("event:Ev1"); !ok {
		t.Fatal("first claim not new")
	}
	// Make the claim file old, then let a sweep run.
	old := time.Now().Add(-2 * time.Hour)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Chtimes(filepath.Join(dir, e.Name()), old, old)
	}
	clock.Set(time.Now())
	c.Close() // the sweep at start
	c.sweep()
	if ok, _ := c.Claim("event:Ev1"); !ok {
		t.Error("a claim older than the time to live was not forgotten")
	}
	if ok, _ := c.Claim("event:Ev1"); ok {
		t.Error("a fresh claim was forgotten")
	}
}

func TestFileClaimsFallBackToMemory(t *testing.T) {
	dir := t.TempDir()
	c, err := NewFileClaims(discardLogger(), dir, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	os.RemoveAll(dir)
	os.WriteFile(dir, []byte("not a directory"), 0o644) // the store breaks
	logs := &syncBuffer{}
	b := newBot(slog.New(slog.NewJSONHandler(logs, nil)), nil, corpusEngine(), nil, Config{Claims: c})
	if !b.claim([]string{"event:Ev9"}) {
		t.Error("first claim with a broken store not new")
	}
	if b.claim([]string{"event:Ev9"}) {
		t.Error("a duplicate got through when the store broke; want the in-memory set to catch it")
	}
	if !strings.Contains(logs.String(), "claim store failed") {
		t.Error("the broken store was not logged")
	}
}

func TestLimiter(t *testing.T) {
	clock := newClock()
	l := newLimiter(Rate{Count: 10, Per: time.Minute, Burst: 5}, clock.Now)
	for i := range 5 {
		if ok, _ := l.allow("U1"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.allow("U1")
	if ok || wait <= 0 || wait > 6*time.Second {
		t.Errorf("6th request = %v, wait %v; want refused with a wait up to 6s", ok, wait)
	}
	if ok, _ := l.allow("U2"); !ok {
		t.Error("another user was limited")
	}
	clock.Advance(6 * time.Second)
	if ok, _ := l.allow("U1"); !ok {
		t.Error("a token did not come back after 6s")
	}
	if ok, _ := l.allow("U1"); ok {
		t.Error("two tokens came back after 6s")
	}
	off := newLimiter(Rate{Count: -1}, clock.Now)
	for range 100 {
		if ok, _ := off.allow("U1"); !ok {
			t.Fatal("an unlimited limiter refused")
		}
	}
}

func TestRateLimitedRequests(t *testing.T) {
	clock := newClock()
	users := &fakeUsers{users: map[string]slack.User{"UADM": {ID: "UADM", IsAdmin: true}}}
	var reindexes atomic.Int32
	eng := corpusEngine()
	eng.ReindexFn = func(context.Context, func(engine.Progress)) (engine.Report, error) {
		reindexes.Add(1)
		return engine.Report{Articles: 1}, nil
	}
	logs := &syncBuffer{}
	b := newBot(slog.New(slog.NewJSONHandler(logs, nil)), nil, eng, users, Config{
		Now: clock.Now, QueryRate: Rate{Count: 2, Per: time.Minute, Burst: 2}, ReindexRate: DefaultReindexRate,
	})
	ctx := context.Background()
	for i := range 2 {
		if r := b.Handle(ctx, Request{Kind: KindSlash, UserID: "U1", Text: "acme"}); r.Outcome == "rate_limited" {
			t.Fatalf("query %d limited", i+1)
		}
	}
	r := b.Handle(ctx, Request{Kind: KindSlash, UserID: "U1", Text: "acme"})
	if r.Outcome != "rate_limited" || !strings.Contains(allText(t, r), "please wait 30 seconds") || !strings.Contains(allText(t, r), "2 a minute") {
		t.Errorf("3rd query = %q (%s); want a friendly wait", allText(t, r), r.Outcome)
	}
	checkSlackLimits(t, r)
	if r := b.Handle(ctx, Request{Kind: KindDM, UserID: "U2", Text: "stats"}); r.Outcome == "rate_limited" {
		t.Error("another user was limited")
	}
	clock.Advance(30 * time.Second)
	if r := b.Handle(ctx, Request{Kind: KindSlash, UserID: "U1", Text: "acme"}); r.Outcome == "rate_limited" {
		t.Error("still limited after the wait it announced")
	}

	if r := b.Handle(ctx, Request{Kind: KindSlash, UserID: "UADM", Text: "reindex"}); !strings.Contains(allText(t, r), "Reindex finished") {
		t.Fatalf("first reindex = %q", allText(t, r))
	}
	r = b.Handle(ctx, Request{Kind: KindSlash, UserID: "UADM", Text: "reindex"})
	if r.Outcome != "rate_limited" || !strings.Contains(allText(t, r), "once every 5 minutes") || reindexes.Load() != 1 {
		t.Errorf("second reindex = %q (%s, %d runs); want a friendly refusal", allText(t, r), r.Outcome, reindexes.Load())
	}
	clock.Advance(5 * time.Minute)
	if r := b.Handle(ctx, Request{Kind: KindSlash, UserID: "UADM", Text: "reindex"}); !strings.Contains(allText(t, r), "Reindex finished") {
		t.Errorf("reindex after 5 minutes = %q", allText(t, r))
	}
}

func TestAdminChecks(t *testing.T) {
	clock := newClock()
	users := &fakeUsers{users: map[string]slack.User{
		"UCFGGONE":  {ID: "UCFGGONE", Deleted: true},
		"UCFGGUEST": {ID: "UCFGGUEST", IsUltraRestricted: true},
		"UNAMED":    {ID: "UNAMED", Name: "UCFG", RealName: "Ada Admin", Profile: slack.UserProfile{DisplayName: "UCFG"}},
		"UOWNER":    {ID: "UOWNER", IsOwner: true},
		"UBOT":      {ID: "UBOT", IsAdmin: true, IsBot: true},
	}}
	logs := &syncBuffer{}
	b := newBot(slog.New(slog.NewJSONHandler(logs, nil)), nil, &fakeEngine{}, users, noLimits(Config{
		AdminUsers: []string{"UCFG", "UCFGGONE", "UCFGGUEST"}, Now: clock.Now, AdminCacheTTL: time.Minute,
	}))
	ctx := context.Background()
	tests := []struct {
		user, why string
		allowed   bool
	}{
		{"UCFG", "", true},                 // listed; users.info does not know it: the list decides
		{"UCFGGONE", "deactivated", false}, // listed, but deactivated
		{"UCFGGUEST", "a guest", false},    // listed, but a single-channel guest
		{"UNAMED", "not an admin", false},  // display name equals an admin's ID
		{"UBOT", "a bot", false},
		{"UOWNER", "", true},
	}
	for _, tt := range tests {
		r := b.Handle(ctx, Request{Kind: KindSlash, UserID: tt.user, Text: "reindex", EnvelopeID: "E-" + tt.user})
		allowed := r.Outcome != "refused"
		if allowed != tt.allowed {
			t.Errorf("%s: outcome %q; want allowed=%v", tt.user, r.Outcome, tt.allowed)
		}
		if !tt.allowed {
			found := false
			for _, l := range logs.lines(t) {
				if l["msg"] == "admin command refused" && l["user"] == tt.user && l["reason"] == tt.why {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no refusal logged with the user ID and reason %q", tt.user, tt.why)
			}
		}
	}
	// Verdicts are cached briefly: a demoted owner keeps the right for the
	// cache's lifetime, no longer.
	users.mu.Lock()
	users.users["UOWNER"] = slack.User{ID: "UOWNER"}
	users.mu.Unlock()
	if r := b.Handle(ctx, Request{Kind: KindSlash, UserID: "UOWNER", Text: "reindex"}); r.Outcome == "refused" {
		t.Error("cached verdict not used")
	}
	clock.Advance(2 * time.Minute)
	if r := b.Handle(ctx, Request{Kind: KindSlash, UserID: "UOWNER", Text: "reindex"}); r.Outcome != "refused" {
		t.Error("a demoted owner may still reindex after the cache expired")
	}
}

func TestQueryTooLong(t *testing.T) {
	b := newTestBot(corpusEngine(), nil, Config{})
	asked := false
	b.eng.(*fakeEngine).AskFn = func(context.Context, string) (index.Answer, error) { asked = true; return index.Answer{}, nil }
	r := b.Handle(context.Background(), Request{Kind: KindSlash, UserID: "U1", Text: strings.Repeat("acme ", 2000)})
	if r.Outcome != "too_long" || !strings.Contains(allText(t, r), "That's 10000 characters; I search at most 500") || asked {
		t.Errorf("10 000-character query = %q (%s, asked %v); want a refusal without searching", allText(t, r), r.Outcome, asked)
	}
	checkSlackLimits(t, r)
}

func TestCleanInputAndEcho(t *testing.T) {
	tests := []struct{ in, want string }{
		{"acme\x00\x07 zorblat\x1b[31m", "acme zorblat[31m"},
		{"acme\u202ezorblat\u2066", "acmezorblat"},   // direction overrides
		{"ac\u200bme \ufeffzorblat", "acme zorblat"}, // zero-width space, BOM
		{"bad \xff\xfe utf8", "bad utf8"},            // invalid UTF-8
		{"line\nbreak\ttab", "line break tab"},       // spaces
		{"👨‍👩‍👧 family", "👨‍👩‍👧 family"},             // joiners inside emoji kept
		{"שלום acme مرحبا", "שלום acme مرحبا"},       // right-to-left text kept
		{"<@U123> <#C123|general> <!channel> <https://x.example|y>", "general y"},
	}
	for _, tt := range tests {
		if got := plainQuery(tt.in); got != tt.want {
			t.Errorf("plainQuery(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"see https://evil.example/login", "evil.example", "mailto:a@b.example", "#general @here @U123 <!channel>"} {
		got := echo(in)
		for _, bad := range []string{"https://", "evil.example", "mailto:a", "#general", "@here", "<!", "b.example"} {
			if strings.Contains(got, bad) {
				t.Errorf("echo(%q) = %q; still has %q, which Slack would link", in, got, bad)
			}
		}
		if strings.ReplaceAll(got, "\u200b", "") != strings.ReplaceAll(escape(in), "\u200b", "") {
			t.Errorf("echo(%q) = %q; want the escaped text with invisible breaks only", in, got)
		}
	}
}

func TestRetryable(t *testing.T) {
	base := 100 * time.Millisecond
	tests := []struct {
		name     string
		err      error
		retry    bool
		min, max time.Duration
	}{
		{"429 with Retry-After", &slack.RateLimitedError{RetryAfter: 7 * time.Second}, true, 7 * time.Second, 7 * time.Second},
		{"429 with Retry-After 0", &slack.RateLimitedError{}, true, time.Second, time.Second},
		{"429 without header", slack.StatusCodeError{Code: 429}, true, time.Second, 2 * time.Second},
		{"500", fmt.Errorf("post: %w", slack.StatusCodeError{Code: 500}), true, base, 2 * base},
		{"503", slack.StatusCodeError{Code: 503}, true, base, 2 * base},
		{"404", slack.StatusCodeError{Code: 404}, false, 0, 0},
		{"channel_not_found", slack.SlackErrorResponse{Err: "channel_not_found"}, false, 0, 0},
		{"connection refused", &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}, true, base, 2 * base},
		{"timeout", context.DeadlineExceeded, false, 0, 0},
	}
	for _, tt := range tests {
		wait, ok := retryable(tt.err, 0, base)
		if ok != tt.retry || (ok && (wait < tt.min || wait > tt.max)) {
			t.Errorf("%s: retryable = %v, %v; want %v in [%v, %v]", tt.name, wait, ok, tt.retry, tt.min, tt.max)
		}
	}
	if w, _ := retryable(slack.StatusCodeError{Code: 500}, 3, base); w < 8*base {
		t.Errorf("4th retry of a 500 waits %v; want at least %v (exponential)", w, 8*base)
	}
	if !responseURLGone(slack.StatusCodeError{Code: 404}) || !responseURLGone(slack.SlackErrorResponse{Err: "used_url"}) || responseURLGone(slack.StatusCodeError{Code: 500}) {
		t.Error("responseURLGone misclassifies")
	}
	if !cannotPostHere(fmt.Errorf("x: %w", slack.SlackErrorResponse{Err: "not_in_channel"})) || cannotPostHere(errors.New("not_in_channel")) {
		t.Error("cannotPostHere misclassifies")
	}
}

func TestWithRetryIsBounded(t *testing.T) {
	b := newTestBot(&fakeEngine{}, nil, Config{RetryBackoff: time.Millisecond, SlackRetries: 3})
	calls := 0
	err := b.withRetry(context.Background(), "test", func() error { calls++; return slack.StatusCodeError{Code: 502} })
	if err == nil || calls != 4 {
		t.Errorf("withRetry on a lasting 502 = %v after %d calls; want an error after 4", err, calls)
	}
	calls = 0
	err = b.withRetry(context.Background(), "test", func() error {
		calls++
		if calls < 3 {
			return slack.StatusCodeError{Code: 500}
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Errorf("withRetry on two 500s = %v after %d calls; want success on the 3rd", err, calls)
	}
	b.cfg.MaxRetryWait = time.Second
	calls = 0
	err = b.withRetry(context.Background(), "test", func() error { calls++; return &slack.RateLimitedError{RetryAfter: time.Hour} })
	if err == nil || calls != 1 {
		t.Errorf("withRetry with Retry-After 1h = %v after %d calls; want to give up at once", err, calls)
	}
}

// stubTransport answers every request with 200 and counts them.
type stubTransport struct{ n atomic.Int32 }

func (s *stubTransport) RoundTrip(*http.Request) (*http.Response, error) {
	s.n.Add(1)
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{"ok":true}`)), Header: http.Header{}}, nil
}

func TestReconnectPacer(t *testing.T) {
	logs := &syncBuffer{}
	p := NewReconnectPacer(slog.New(slog.NewJSONHandler(logs, nil)), &stubTransport{}, 100*time.Millisecond, 400*time.Millisecond, time.Minute)
	t0 := time.Now()
	var got []time.Duration
	for i := range 6 {
		d, _ := p.delay(t0.Add(time.Duration(i) * time.Millisecond))
		got = append(got, d)
	}
	if got[0] != 0 {
		t.Errorf("first connection waits %v; want none", got[0])
	}
	for i, min := range []time.Duration{100, 200, 400, 400, 400} {
		if d := got[i+1]; d < min*time.Millisecond || d > min*time.Millisecond+50*time.Millisecond {
			t.Errorf("reconnect %d in a row waits %v; want %vms plus jitter", i+1, d, min)
		}
	}
	// After a stable connection the next reconnect is immediate again.
	if d, _ := p.delay(t0.Add(10 * time.Minute)); d != 0 {
		t.Errorf("reconnect after a stable connection waits %v; want none", d)
	}
	// Only apps.connections.open is paced, and a cancelled wait returns.
	req, _ := http.NewRequest(http.MethodPost, "http://x/api/chat.postMessage", nil)
	if _, err := p.RoundTrip(req); err != nil {
		t.Error(err)
	}
	p.delay(time.Now())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, "http://x/api/apps.connections.open", nil)
	if _, err := p.RoundTrip(req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled paced open = %v; want context.Canceled", err)
	}
	if !strings.Contains(logs.String(), "reconnecting to slack after a backoff") {
		t.Error("the backoff is not logged")
	}
}

func TestDecodeRefusesIncompletePayloads(t *testing.T) {
	self := identity{UserID: "U0BOT"}
	tests := []struct {
		name, typ, payload string
	}{
		{"slash without user", envSlash, `{"command":"/deal","text":"acme","channel_id":"C1","response_url":"https://r/1"}`},
		{"slash without channel", envSlash, `{"command":"/deal","text":"acme","user_id":"U1","response_url":"https://r/1"}`},
		{"event without event", envEvents, `{"type":"event_callback","event_id":"Ev1"}`},
		{"mention without ts", envEvents, `{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","user":"U1","channel":"C1","text":"acme"}}`},
		{"mention without channel", envEvents, `{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","user":"U1","ts":"1.1","text":"acme"}}`},
		{"action without user", envInteractive, `{"type":"block_actions","response_url":"https://r/2","actions":[{"action_id":"deal_share","value":"acme"}]}`},
		{"action without actions", envInteractive, `{"type":"block_actions","user":{"id":"U1"},"response_url":"https://r/2","actions":[]}`},
		{"unknown envelope type", "workflow_step_execute", `{"anything":true}`},
		{"null payload", envSlash, `null`},
	}
	for _, tt := range tests {
		d, err := decodeEnvelope(tt.typ, "E", 0, json.RawMessage(tt.payload), self)
		if err != nil {
			continue // refused as undecodable: fine
		}
		if d.skip == "" {
			t.Errorf("%s: decoded to %+v; want it skipped with a reason", tt.name, d.req)
		}
	}
	for _, bad := range []string{`{"text":`, `"just a string"`, `[1,2]`, `{"user_id":42}`} {
		if _, err := decodeEnvelope(envSlash, "E", 0, json.RawMessage(bad), self); err == nil {
			t.Errorf("payload %s decoded without error", bad)
		}
	}
}

// FuzzDecodeEnvelope feeds the decoder any payload: it never panics, and
// what it accepts is a complete request.
func FuzzDecodeEnvelope(f *testing.F) {
	f.Add(envSlash, `{"command":"/deal","text":"acme &amp; zorblat","user_id":"U1","channel_id":"C1","response_url":"https://r/1"}`)
	f.Add(envEvents, `{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","user":"U1","text":"<@U0BOT> who bought zorblat?","ts":"10.1","channel":"C1"}}`)
	f.Add(envEvents, `{"type":"event_callback","event_id":"Ev1","event":{"type":"message","channel_type":"im","user":"U1","text":"acme","ts":"11.1","channel":"D1","edited":null}}`)
	f.Add(envInteractive, `{"type":"block_actions","user":{"id":"U1"},"container":{"channel_id":"C1"},"response_url":"https://r/2","actions":[{"action_id":"deal_share","value":"acme"}]}`)
	f.Add("hello", `{}`)
	f.Add(envSlash, `{"text":"`+strings.Repeat("x", 5000)+`","user_id":"U1","channel_id":"C1","response_url":"u"}`)
	f.Fuzz(func(t *testing.T, typ, payload string) {
		d, err := decodeEnvelope(typ, "E1", 0, json.RawMessage(payload), identity{UserID: "U0BOT", BotID: "B0BOT"})
		if err != nil || d.skip != "" {
			return
		}
		r := d.req
		if r.UserID == "" || r.Kind == "" || (r.ChannelID == "" && r.Kind != KindAction) || len(d.keys) == 0 {
			t.Fatalf("accepted an incomplete request %+v from %s %q", r, typ, payload)
		}
		if (r.Kind == KindSlash || r.Kind == KindAction) && r.ResponseURL == "" {
			t.Fatalf("accepted a %s without response_url", r.Kind)
		}
		if r.UserID == "U0BOT" {
			t.Fatal("accepted the bot's own message")
		}
		if strings.ContainsAny(r.Text, "\x00\u202e") || !utf8.ValidString(r.Text) {
			t.Fatalf("query text keeps control characters or invalid UTF-8: %q", r.Text)
		}
	})
}

// TestSecretsStayOutOfLogs: a panic or an error whose text holds a token
// (as a careless library might produce) reaches the log redacted, and the
// user sees neither.
func TestSecretsStayOutOfLogs(t *testing.T) {
	logs := &syncBuffer{}
	lg := config.NewLogger(logs, config.Config{LogLevel: slog.LevelDebug, LogFormat: config.LogFormatJSON})
	eng := &fakeEngine{
		AskFn: func(_ context.Context, q string) (index.Answer, error) {
			if q == "boom" {
				panic("dial failed with token xoxb-1234-5678-SeCrEt")
			}
			return index.Answer{}, errors.New("upstream said: invalid xapp-1-A1-2-SeCrEt")
		},
		StatsFn: func(context.Context) (index.Stats, error) {
			return index.Stats{Dir: "/var/lib/dealbot/index"}, nil
		},
	}
	b := newBot(lg, nil, eng, nil, noLimits(Config{}))
	var shown strings.Builder
	for _, q := range []string{"boom", "acme", "stats"} {
		r := b.Handle(context.Background(), Request{Kind: KindSlash, UserID: "U1", Text: q})
		shown.WriteString(allText(t, r))
		if r.Err != nil {
			lg.Error("request", "error", r.Err)
		}
	}
	for _, where := range []struct{ name, text string }{{"logs", logs.String()}, {"answers", shown.String()}} {
		if strings.Contains(where.text, "SeCrEt") || strings.Contains(where.text, "xoxb-") || strings.Contains(where.text, "xapp-") {
			t.Errorf("%s hold a token:\n%s", where.name, where.text)
		}
	}
	if !strings.Contains(logs.String(), "[REDACTED]") {
		t.Errorf("logs = %s; want the panic and the error logged, redacted", logs.String())
	}
}
