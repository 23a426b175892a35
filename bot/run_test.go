package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/dealbot/dealbot/internal/slackfake"
	"github.com/slack-go/slack"
)

// harness runs a Bot against a fake Slack over a real socket.
type harness struct {
	fs     *slackfake.Server
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

func startBot(t *testing.T, eng Engine, cfg Config, opts slackfake.Options) *harness {
	t.Helper()
	fs := slackfake.New(t, opts)
	h := &harness{fs: fs, logs: &syncBuffer{}, done: make(chan error, 1)}
	lg := slog.New(slog.NewJSONHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	api := slack.New(fs.BotToken, slack.OptionAppLevelToken(fs.AppToken), slack.OptionAPIURL(fs.APIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 5 * time.Second}))
	if cfg.ProgressInterval == 0 {
		cfg.ProgressInterval = 10 * time.Millisecond
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 5 * time.Second
	}
	if cfg.RetryBackoff == 0 {
		cfg.RetryBackoff = 10 * time.Millisecond
	}
	b := New(lg, api, eng, noLimits(cfg))
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after cancel")
		}
		if out := h.logs.String(); strings.Contains(out, fs.BotToken) || strings.Contains(out, fs.AppToken) {
			t.Error("a token appears in the logs")
		}
	})
	fs.WaitConnections(1)
	return h
}

// requestLogs returns the "request" log lines.
func (h *harness) requestLogs(t *testing.T) []map[string]any {
	var out []map[string]any
	for _, l := range h.logs.lines(t) {
		if l["msg"] == "request" {
			out = append(out, l)
		}
	}
	return out
}

func (h *harness) waitLog(t *testing.T, what string, match func(map[string]any) bool) map[string]any {
	t.Helper()
	var got map[string]any
	waitFor(t, "log line: "+what, func() bool {
		for _, l := range h.logs.lines(t) {
			if match(l) {
				got = l
				return true
			}
		}
		return false
	})
	return got
}

func TestRunSlashCommandAndShare(t *testing.T) {
	h := startBot(t, corpusEngine(), Config{}, slackfake.Options{})
	fs := h.fs
	sent := fs.SlashCommand(slackfake.SlashCommand{User: "U1", Channel: "C1", Text: "acme zorblat"})
	if ack := fs.WaitAck(sent.EnvelopeID); ack.Payload != nil || ack.Unknown {
		t.Errorf("ack = %+v; want a bare ack", ack)
	}
	post := fs.WaitResponse(sent.ResponseURL)
	if post.ResponseType != "ephemeral" || post.Error != "" {
		t.Fatalf("response = %+v; want an accepted ephemeral post", post)
	}
	if text := post.AllText(); !strings.Contains(text, "*Acme Robotics* (acquirer) → *Zorblat GmbH* (target)") || !strings.Contains(text, "“*Acme Robotics* said") {
		t.Errorf("answer = %q; want the deal card with bold companies", text)
	}
	eph := fs.WaitMessage("ephemeral answer", func(m slackfake.Message) bool { return m.Ephemeral && m.To == "U1" && !m.Deleted })

	click := fs.Click("U1", eph, ShareActionID)
	fs.WaitAck(click.EnvelopeID)
	shared := fs.WaitMessage("shared answer", func(m slackfake.Message) bool { return m.Visible() && m.Channel == "C1" && m.User == fs.BotUserID })
	if text := shared.AllText(); !strings.Contains(text, "Shared by <@U1>") || !strings.Contains(text, "*Zorblat GmbH*") || len(shared.Buttons()) != 0 {
		t.Errorf("shared message = %q (buttons %v); want the answer, shared by U1, no button", text, shared.Buttons())
	}
	fs.WaitResponses(click.ResponseURL, 2)
	if m, _ := fs.Message(eph.Channel, eph.TS); !m.Deleted {
		t.Error("the ephemeral answer was not removed after sharing")
	}

	h.waitLog(t, "share request", func(l map[string]any) bool { return l["msg"] == "request" && l["command"] == "share" })
	lines := h.requestLogs(t)
	if len(lines) != 2 {
		t.Fatalf("request log lines = %v; want one per request", lines)
	}
	first := lines[0]
	if first["envelope"] != sent.EnvelopeID {
		first = lines[1]
	}
	for k, want := range map[string]any{"kind": "slash", "command": "query", "user": "U1", "results": 1.0, "envelope": sent.EnvelopeID, "outcome": "ok"} {
		if first[k] != want {
			t.Errorf("log %s = %v; want %v (line %v)", k, first[k], want, first)
		}
	}
	if _, ok := first["latency_ms"].(float64); !ok {
		t.Errorf("log line has no latency_ms: %v", first)
	}
}

func TestRunMentionsAndDMs(t *testing.T) {
	h := startBot(t, corpusEngine(), Config{}, slackfake.Options{})
	fs := h.fs

	m := fs.Mention("U1", "C1", "who bought zorblat?")
	reply := fs.WaitMessage("threaded reply", func(x slackfake.Message) bool { return x.User == fs.BotUserID && x.Channel == "C1" })
	if reply.ThreadTS != m.TS || !reply.Visible() || !strings.Contains(reply.AllText(), "*Zorblat GmbH*") {
		t.Errorf("reply = thread %q visible %v %q; want in thread %q", reply.ThreadTS, reply.Visible(), reply.AllText(), m.TS)
	}

	in := fs.MentionInThread("U2", "C1", "99.000001", "brightwave")
	fs.WaitMessage("reply in existing thread", func(x slackfake.Message) bool {
		return x.User == fs.BotUserID && x.ThreadTS == "99.000001" && strings.Contains(x.AllText(), "Brightwave")
	})
	_ = in

	dm := fs.DM("U3", "northstar")
	dmReply := fs.WaitMessage("DM reply", func(x slackfake.Message) bool { return x.User == fs.BotUserID && x.Channel == dm.Channel })
	if dmReply.ThreadTS != "" || !strings.Contains(dmReply.AllText(), "Northstar Ventures") {
		t.Errorf("DM reply = thread %q %q; want an unthreaded answer in the DM", dmReply.ThreadTS, dmReply.AllText())
	}
	// The fake echoes the bot's DM post as a message.im event with bot_id;
	// the bot must not answer itself.
	h.waitLog(t, "own DM message ignored", func(l map[string]any) bool { return l["reason"] == "message from a bot" })
	sentinel := fs.DM("U3", "acme")
	fs.WaitMessage("sentinel reply", func(x slackfake.Message) bool {
		return x.User == fs.BotUserID && x.Channel == dm.Channel && strings.Contains(x.AllText(), "Acme")
	})
	_ = sentinel
	if n := len(fs.BotMessages(dm.Channel)); n != 2 {
		t.Errorf("bot messages in the DM = %d; want 2 (one per question)", n)
	}
}

func TestRunDuplicatesAndBots(t *testing.T) {
	var asks atomic.Int32
	eng := corpusEngine()
	ask := eng.AskFn
	eng.AskFn = func(ctx context.Context, q string) (index.Answer, error) {
		asks.Add(1)
		return ask(ctx, q)
	}
	h := startBot(t, eng, Config{}, slackfake.Options{})
	fs := h.fs

	m := fs.Mention("U1", "C1", "acme")
	fs.WaitAck(m.EnvelopeID)
	r := fs.Retry(m, "timeout")
	fs.WaitAck(r.EnvelopeID)
	h.waitLog(t, "retry skipped", func(l map[string]any) bool {
		return l["msg"] == "duplicate envelope skipped" && l["envelope"] == r.EnvelopeID
	})

	// A mention in a DM arrives as message.im and app_mention with one ts.
	d1 := fs.SendEvent(slackfake.Event{Type: "message", ChannelType: "im", User: "U2", Channel: fs.DMChannel("U2"), Text: "<@U0BOT> brightwave"})
	d2 := fs.SendEvent(slackfake.Event{Type: "app_mention", User: "U2", Channel: fs.DMChannel("U2"), Text: "<@U0BOT> brightwave", TS: d1.TS})
	fs.WaitAck(d2.EnvelopeID)
	// Another bot mentioning us, and a bot_message.
	b1 := fs.SendEvent(slackfake.Event{Type: "app_mention", User: "U9", BotID: "B9", Channel: "C1", Text: "<@U0BOT> acme"})
	b2 := fs.SendEvent(slackfake.Event{Type: "message", Subtype: "bot_message", ChannelType: "im", BotID: "B9", Channel: fs.DMChannel("U2"), Text: "acme"})
	fs.WaitAck(b1.EnvelopeID)
	fs.WaitAck(b2.EnvelopeID)

	// Sentinel: once it is answered, everything before it has been decided.
	s := fs.Mention("U1", "C2", "northstar")
	fs.WaitMessage("sentinel reply", func(x slackfake.Message) bool { return x.User == fs.BotUserID && x.ThreadTS == s.TS })
	h.waitLog(t, "sentinel logged", func(l map[string]any) bool { return l["msg"] == "request" && l["envelope"] == s.EnvelopeID })

	if n := len(fs.Replies("C1", m.TS)); n != 1 {
		t.Errorf("replies to the retried mention = %d; want 1", n)
	}
	if n := len(fs.BotMessages(fs.DMChannel("U2"))); n != 1 {
		t.Errorf("replies to the doubled DM mention = %d; want 1", n)
	}
	if n := asks.Load(); n != 3 {
		t.Errorf("engine asked %d times; want 3 (mention, DM, sentinel)", n)
	}
}

func TestRunReindex(t *testing.T) {
	started := make(chan struct{})
	progressed := make(chan struct{})
	release := make(chan struct{})
	var runs atomic.Int32
	eng := corpusEngine()
	eng.ReindexFn = func(ctx context.Context, progress func(engine.Progress)) (engine.Report, error) {
		if runs.Add(1) > 1 {
			return engine.Report{}, engine.ErrBusy
		}
		progress(engine.Progress{Stage: engine.StageLoading, Total: 3})
		close(started)
		progress(engine.Progress{Stage: engine.StageExtracting, Done: 1, Total: 3})
		<-progressed
		progress(engine.Progress{Stage: engine.StageExtracting, Done: 2, Total: 3})
		<-release
		return engine.Report{Articles: 3, Deals: 3, Companies: 5, Duration: 1500 * time.Millisecond}, nil
	}
	h := startBot(t, eng, Config{}, slackfake.Options{Users: []slackfake.User{
		{ID: "UOWNER", IsOwner: true}, {ID: "UMEMBER"}, {ID: "UGUEST", IsAdmin: true, IsRestricted: true},
	}})
	fs := h.fs

	for _, u := range []string{"UMEMBER", "UGUEST"} {
		no := fs.SlashCommand(slackfake.SlashCommand{User: u, Channel: "C1", Text: "reindex"})
		if p := fs.WaitResponse(no.ResponseURL); p.ResponseType != "ephemeral" || !strings.Contains(p.AllText(), "only admins can run `/deal reindex`") {
			t.Errorf("%s: reindex answer %q; want a private refusal", u, p.AllText())
		}
	}
	if runs.Load() != 0 {
		t.Fatal("a non-admin started a reindex")
	}

	re := fs.SlashCommand(slackfake.SlashCommand{User: "UOWNER", Channel: "C1", Text: "reindex"})
	<-started
	prog := fs.WaitMessage("progress message", func(m slackfake.Message) bool { return m.Visible() && strings.Contains(m.AllText(), "Reindexing") })
	if prog.Channel != "C1" || !strings.Contains(prog.AllText(), "Started by <@UOWNER>") {
		t.Errorf("progress message = %s %q", prog.Channel, prog.AllText())
	}
	fs.WaitMessage("progress updated", func(m slackfake.Message) bool {
		return m.TS == prog.TS && strings.Contains(m.AllText(), "Finding deals: 1/3")
	})
	close(progressed)
	fs.WaitMessage("progress updated again", func(m slackfake.Message) bool {
		return m.TS == prog.TS && strings.Contains(m.AllText(), "Finding deals: 2/3")
	})

	// While it runs: a second reindex is refused, queries are answered.
	again := fs.SlashCommand(slackfake.SlashCommand{User: "UOWNER", Channel: "C1", Text: "reindex"})
	if p := fs.WaitResponse(again.ResponseURL); !strings.Contains(p.AllText(), "already running") {
		t.Errorf("second reindex = %q; want already running", p.AllText())
	}
	q := fs.SlashCommand(slackfake.SlashCommand{User: "UMEMBER", Channel: "C1", Text: "acme"})
	if p := fs.WaitResponse(q.ResponseURL); !strings.Contains(p.AllText(), "Acme Robotics") {
		t.Errorf("query during reindex = %q", p.AllText())
	}

	close(release)
	final := fs.WaitMessage("report", func(m slackfake.Message) bool {
		return m.TS == prog.TS && strings.Contains(m.AllText(), "Reindex finished")
	})
	for _, want := range []string{"in 1.5 s", "*Articles*\n3", "*Deals*\n3", "*Companies*\n5", "*Files skipped*\n0"} {
		if !strings.Contains(final.AllText(), want) {
			t.Errorf("report lacks %q: %s", want, final.AllText())
		}
	}
	if final.Edits < 3 {
		t.Errorf("progress message edited %d times; want progress updates and the report", final.Edits)
	}
	if rs := fs.Responses(re.ResponseURL); len(rs) != 0 {
		t.Errorf("reindex also answered through the response_url: %+v", rs)
	}
}

func TestRunReindexProgressFallsBackToDM(t *testing.T) {
	eng := corpusEngine()
	eng.ReindexFn = func(ctx context.Context, progress func(engine.Progress)) (engine.Report, error) {
		progress(engine.Progress{Stage: engine.StageLoading, Total: 1})
		return engine.Report{Articles: 1}, nil
	}
	h := startBot(t, eng, Config{AdminUsers: []string{"UADMIN"}}, slackfake.Options{Users: []slackfake.User{{ID: "UADMIN"}}})
	h.fs.SetChannel("CPRIVATE", slackfake.Channel{NotMember: true})
	h.fs.SlashCommand(slackfake.SlashCommand{User: "UADMIN", Channel: "CPRIVATE", Text: "reindex"})
	m := h.fs.WaitMessage("report in DM", func(m slackfake.Message) bool { return strings.Contains(m.AllText(), "Reindex finished") })
	if m.Channel != h.fs.DMChannel("UADMIN") {
		t.Errorf("report posted in %s; want the admin's DM", m.Channel)
	}
}

func TestRunPanicKeepsRunning(t *testing.T) {
	eng := corpusEngine()
	ask := eng.AskFn
	eng.AskFn = func(ctx context.Context, q string) (index.Answer, error) {
		if q == "boom" {
			var m map[string]int
			m["x"]++ // a real bug: assignment to a nil map
		}
		return ask(ctx, q)
	}
	h := startBot(t, eng, Config{}, slackfake.Options{})
	bad := h.fs.SlashCommand(slackfake.SlashCommand{User: "U1", Channel: "C1", Text: "boom"})
	if p := h.fs.WaitResponse(bad.ResponseURL); !strings.Contains(p.AllText(), "internal error") {
		t.Errorf("answer after a panic = %q; want internal error", p.AllText())
	}
	l := h.waitLog(t, "panic logged", func(l map[string]any) bool { return l["msg"] == "handler panicked" })
	if l["envelope"] != bad.EnvelopeID || !strings.Contains(l["stack"].(string), "run_test.go") {
		t.Errorf("panic log = %v; want the envelope and a stack", l)
	}
	good := h.fs.SlashCommand(slackfake.SlashCommand{User: "U1", Channel: "C1", Text: "acme"})
	if p := h.fs.WaitResponse(good.ResponseURL); !strings.Contains(p.AllText(), "Acme Robotics") {
		t.Errorf("answer after the panic = %q; want the bot still answering", p.AllText())
	}
}

func TestRunReconnects(t *testing.T) {
	h := startBot(t, corpusEngine(), Config{}, slackfake.Options{})
	fs := h.fs
	for i, reason := range []string{"refresh_requested", "warning"} {
		fs.Disconnect(reason)
		sent := fs.SlashCommand(slackfake.SlashCommand{User: "U1", Channel: "C1", Text: "acme"})
		fs.WaitConnections(i + 2)
		if p := fs.WaitResponse(sent.ResponseURL); !strings.Contains(p.AllText(), "Acme Robotics") {
			t.Errorf("after %s: answer %q", reason, p.AllText())
		}
	}
	if n := len(fs.Calls("apps.connections.open")); n != 3 {
		t.Errorf("apps.connections.open called %d times; want 3 (a fresh URL each time)", n)
	}
	// Envelopes caught in a reconnect are redelivered; all end up acknowledged.
	waitFor(t, "every envelope acknowledged", func() bool { return len(fs.Unacked()) == 0 })
}

func TestRunShutdownFinishesInFlight(t *testing.T) {
	asked := make(chan struct{})
	release := make(chan struct{})
	eng := corpusEngine()
	ask := eng.AskFn
	eng.AskFn = func(ctx context.Context, q string) (index.Answer, error) {
		close(asked)
		<-release
		return ask(ctx, q)
	}
	h := startBot(t, eng, Config{}, slackfake.Options{})
	sent := h.fs.SlashCommand(slackfake.SlashCommand{User: "U1", Channel: "C1", Text: "acme"})
	<-asked
	h.cancel()
	// Run waits for the request in flight.
	select {
	case err := <-h.done:
		t.Fatalf("Run returned %v while a request was in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("Run = %v; want nil after a graceful shutdown", err)
		}
		h.done <- err // for the cleanup
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the request finished")
	}
	if p := h.fs.Responses(sent.ResponseURL); len(p) != 1 || !strings.Contains(p[0].AllText(), "Acme Robotics") {
		t.Errorf("in-flight request answered %+v; want its answer", p)
	}
}

func TestRunRejectsBadTokens(t *testing.T) {
	fs := slackfake.New(t, slackfake.Options{})
	tests := []struct{ name, bot, app, want string }{
		{"bot token", "xoxb-wrong-token", fs.AppToken, "Slack rejected the bot token, SLACK_BOT_TOKEN (auth.test: invalid_auth)"},
		{"app token", fs.BotToken, "xapp-wrong-token", "Slack rejected the app-level token, SLACK_APP_TOKEN (apps.connections.open: invalid_auth)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := slack.New(tt.bot, slack.OptionAppLevelToken(tt.app), slack.OptionAPIURL(fs.APIURL))
			logs := &syncBuffer{}
			b := New(slog.New(slog.NewJSONHandler(logs, nil)), api, corpusEngine(), Config{})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := b.Run(ctx)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run = %v; want an error mentioning %q", err, tt.want)
			}
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Run kept retrying a rejected token until the deadline")
			}
			if strings.Contains(logs.String()+err.Error(), "wrong-token") {
				t.Errorf("a token leaked: %v / %s", err, logs.String())
			}
		})
	}
}

func TestRunDeliveryFailureIsLogged(t *testing.T) {
	h := startBot(t, corpusEngine(), Config{}, slackfake.Options{})
	// The response_url keeps failing and the channel is gone: the answer
	// cannot be delivered at all, and the log says so.
	h.fs.InjectFault("response_url", slackfake.Fault{Status: http.StatusInternalServerError})
	h.fs.SetChannel("CGONE", slackfake.Channel{Missing: true})
	bad := h.fs.SlashCommand(slackfake.SlashCommand{User: "UNOBODY", Channel: "CGONE", Text: "acme"})
	l := h.waitLog(t, "failed delivery", func(l map[string]any) bool { return l["msg"] == "request" && l["envelope"] == bad.EnvelopeID })
	if l["level"] != "ERROR" || !strings.Contains(fmt.Sprint(l["delivery_error"]), "500") {
		t.Errorf("log line = %v; want an error with the delivery failure", l)
	}
	h.fs.ClearFaults("response_url")
	good := h.fs.SlashCommand(slackfake.SlashCommand{User: "U1", Channel: "C1", Text: "acme"})
	if p := h.fs.WaitResponse(good.ResponseURL); !strings.Contains(p.AllText(), "Acme Robotics") {
		t.Errorf("answer after a failed delivery = %q", p.AllText())
	}
}

func TestRedactURL(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &url.Error{Op: "Post", URL: "https://hooks.slack.com/actions/T1/123/s3cr3t", Err: errors.New("timeout")})
	got := redactURL(err).Error()
	if strings.Contains(got, "s3cr3t") || !strings.Contains(got, "https://hooks.slack.com/…") || !strings.Contains(got, "timeout") {
		t.Errorf("redactURL = %q; want the host and cause without the path", got)
	}
	plain := errors.New("invalid_blocks")
	if redactURL(plain) != plain {
		t.Error("redactURL changed an error without a URL")
	}
}

// Another Slack endpoint (a proxy, a different fake) may not implement
// auth.test; the bot still serves.
func TestRunWithoutAuthTest(t *testing.T) {
	h := startBot(t, corpusEngine(), Config{}, slackfake.Options{Faults: map[string]slackfake.Fault{"auth.test": {Status: 404}}})
	fs := h.fs
	sent := fs.SlashCommand(slackfake.SlashCommand{User: "U1", Channel: "C1", Text: "acme zorblat"})
	fs.WaitAck(sent.EnvelopeID)
	if text := fs.WaitResponse(sent.ResponseURL).AllText(); !strings.Contains(text, "*Zorblat GmbH*") {
		t.Errorf("answer = %q; want the deal card", text)
	}
}
