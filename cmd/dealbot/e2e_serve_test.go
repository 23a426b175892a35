package main

// End-to-end tests of `dealbot serve`: the real command (config, engine,
// bot) runs against the fake Slack in internal/slackfake through
// SLACK_API_URL, over a real Socket Mode WebSocket, and the tests assert
// what users would see.

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealbot/dealbot/internal/slackfake"
)

// e2eLogs is a goroutine-safe log sink.
type e2eLogs struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *e2eLogs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *e2eLogs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines parses the JSON log lines.
func (l *e2eLogs) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, s := range strings.Split(strings.TrimSpace(l.String()), "\n") {
		if s == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", s)
		}
		out = append(out, m)
	}
	return out
}

// server is a running `dealbot serve` and its fake Slack.
type server struct {
	fs     *slackfake.Server
	logs   *e2eLogs
	corpus string
	index  string
	cancel context.CancelFunc
	exit   chan int
}

const (
	e2eAdmin  = "UADMIN1"  // in ADMIN_USERS
	e2eOwner  = "UOWNER1"  // workspace owner per users.info
	e2eMember = "UMEMBER1" // neither
	e2eGuest  = "UGUEST1"  // admin flag but a guest: refused
)

// e2eUsers are the fake workspace's users.
func e2eUsers() []slackfake.User {
	return []slackfake.User{
		{ID: e2eAdmin, Name: "ada"}, {ID: e2eOwner, Name: "olga", IsOwner: true},
		{ID: e2eMember, Name: "mel"}, {ID: e2eGuest, Name: "gus", IsAdmin: true, IsRestricted: true},
	}
}

// newFake starts a fake Slack with the e2e users.
func newFake(t *testing.T, opts slackfake.Options) *slackfake.Server {
	t.Helper()
	if opts.WaitTimeout == 0 {
		opts.WaitTimeout = 60 * time.Second // building the index under -race takes a while
	}
	opts.Users = append(e2eUsers(), opts.Users...)
	return slackfake.New(t, opts)
}

// seedCorpus copies the seed articles into a fresh corpus directory.
func seedCorpus(t *testing.T) string {
	t.Helper()
	corpusDir := t.TempDir()
	seeds, err := filepath.Glob(filepath.Join("..", "..", "corpus", "seed", "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("seed articles not found: %v", err)
	}
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(corpusDir, filepath.Base(p)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return corpusDir
}

// serveOpts configures startServeWith. Zero values: a fresh fake, fresh
// corpus (the seed articles) and index directories, no rate limits.
type serveOpts struct {
	fs            *slackfake.Server
	corpus, index string
	env           map[string]string // extra or overriding variables
}

// startServe runs serve against a fresh fake Slack, with the seed articles,
// until the test ends; per-user rate limits are off.
func startServe(t *testing.T) *server {
	t.Helper()
	return startServeWith(t, serveOpts{})
}

// startServeWith runs serve until the test ends and waits until it has
// connected. When the test ends it stops it and fails the test if any log
// line holds a token.
func startServeWith(t *testing.T, o serveOpts) *server {
	t.Helper()
	if o.fs == nil {
		o.fs = newFake(t, slackfake.Options{})
	}
	if o.corpus == "" {
		o.corpus = seedCorpus(t)
	}
	if o.index == "" {
		o.index = t.TempDir()
	}
	fs := o.fs
	vars := map[string]string{
		"SLACK_APP_TOKEN":    fs.AppToken,
		"SLACK_BOT_TOKEN":    fs.BotToken,
		"SLACK_API_URL":      fs.APIURL,
		"CORPUS_DIR":         o.corpus,
		"INDEX_DIR":          o.index,
		"ADMIN_USERS":        e2eAdmin,
		"LOG_LEVEL":          "debug",
		"LOG_FORMAT":         "json",
		"USER_QUERY_LIMIT":   "off",
		"USER_REINDEX_LIMIT": "off",
	}
	for k, v := range o.env {
		vars[k] = v
	}
	s := &server{fs: fs, logs: &e2eLogs{}, corpus: o.corpus, index: o.index, exit: make(chan int, 1)}
	var stdout bytes.Buffer
	env := &Env{Getenv: func(k string) string { return vars[k] }, Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: s.logs, NoDotEnv: true}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	before := fs.Connections()
	go func() { s.exit <- run(ctx, env, []string{"serve"}) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-s.exit:
			s.exit <- code
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop after cancel")
		}
		checkNoTokens(t, s.logs.String(), fs)
	})
	fs.WaitConnections(before + 1)
	return s
}

// checkNoTokens fails t if a log line holds a token, or anything shaped
// like one.
func checkNoTokens(t *testing.T, logs string, fs *slackfake.Server) {
	t.Helper()
	for i, line := range strings.Split(logs, "\n") {
		for _, tok := range []string{"xoxb-", "xapp-", "xoxp-", fs.BotToken, fs.AppToken} {
			if strings.Contains(line, tok) {
				t.Errorf("log line %d holds %q: %s", i+1, tok, line)
			}
		}
	}
}

// stop cancels serve and waits for it to exit, returning its exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.exit:
		s.exit <- code
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	return -1
}

func (s *server) waitLog(t *testing.T, what string, match func(map[string]any) bool) map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		for _, l := range s.logs.lines(t) {
			if match(l) {
				return l
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for log line: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ask runs a slash command as user in channel C1 and returns the answer
// posted to its response_url.
func (s *server) ask(t *testing.T, user, text string) (slackfake.Sent, slackfake.ResponsePost) {
	t.Helper()
	sent := s.fs.SlashCommand(slackfake.SlashCommand{User: user, Channel: "C1", Text: text})
	return sent, s.fs.WaitResponse(sent.ResponseURL)
}

func mustContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q; got:\n%s", what, w, text)
		}
	}
}

func TestServeEndToEnd(t *testing.T) {
	s := startServe(t)
	fs := s.fs

	t.Run("slash query is acked first, then answered privately with deal cards", func(t *testing.T) {
		// Hold the answer: the ack must still arrive, so it comes before any work.
		held := fs.Hold("response_url")
		sent := fs.SlashCommand(slackfake.SlashCommand{User: e2eMember, Channel: "C1", Text: "xiaomi microsoft"})
		ack := fs.WaitAck(sent.EnvelopeID)
		if ack.Payload != nil {
			t.Errorf("ack carried a payload %s; want an empty ack", ack.Payload)
		}
		<-held.Arrived()
		held.Release()
		fs.ClearFaults("response_url")
		post := fs.WaitResponse(sent.ResponseURL)
		if post.Error != "" || post.ResponseType != "ephemeral" {
			t.Fatalf("answer = %+v; want an accepted ephemeral post", post)
		}
		mustContain(t, "answer", post.AllText(),
			"Memorandum of Understanding", // the MoU deal
			"*Xiaomi*", "*Microsoft*",     // companies in bold
			"*Kind*\nPartnership", "*Status*\nAnnounced", "*Date*\n26 February 2018",
			"— Microsoft and Xiaomi to extend their partnership", // source title
			"Share in channel")
		l := s.waitLog(t, "request log", func(l map[string]any) bool { return l["msg"] == "request" && l["envelope"] == sent.EnvelopeID })
		for _, k := range []string{"kind", "command", "user", "latency_ms", "results"} {
			if _, ok := l[k]; !ok {
				t.Errorf("request log line lacks %q: %v", k, l)
			}
		}
		if l["user"] != e2eMember || l["command"] != "query" || l["results"].(float64) < 1 {
			t.Errorf("request log = %v", l)
		}
	})

	t.Run("share posts the answer in the channel and removes the private one", func(t *testing.T) {
		eph := fs.WaitMessage("private answer", func(m slackfake.Message) bool {
			return m.Ephemeral && !m.Deleted && m.To == e2eMember && strings.Contains(m.AllText(), "Memorandum")
		})
		click := fs.Click(e2eMember, eph, "deal_share")
		fs.WaitResponses(click.ResponseURL, 2)
		shared := fs.WaitMessage("shared answer", func(m slackfake.Message) bool {
			return m.Visible() && m.Channel == "C1" && strings.Contains(m.AllText(), "Shared by <@"+e2eMember+">")
		})
		mustContain(t, "shared answer", shared.AllText(), "Memorandum of Understanding", "*Xiaomi*")
		if len(shared.Buttons()) != 0 {
			t.Errorf("shared answer still has buttons %v", shared.Buttons())
		}
		if m, _ := fs.Message(eph.Channel, eph.TS); !m.Deleted {
			t.Error("the private answer was not removed")
		}
	})

	t.Run("help", func(t *testing.T) {
		for _, text := range []string{"", "help"} {
			_, post := s.ask(t, e2eMember, text)
			mustContain(t, "help for “"+text+"”", post.AllText(), "How to use /deal", "/deal &lt;companies or a question&gt;", "e.g. `/deal ",
				"/deal stats", "/deal reindex", "admins only")
		}
	})

	t.Run("unknown subcommand and empty result explain themselves", func(t *testing.T) {
		_, post := s.ask(t, e2eMember, "statz")
		mustContain(t, "answer to statz", post.AllText(), "Did you mean `/deal stats`?")
		_, post = s.ask(t, e2eMember, "qwertyuiop holdings")
		if len(post.AllText()) < 40 || !strings.Contains(post.AllText(), "/deal help") {
			t.Errorf("empty result = %q; want an explanation and a suggestion", post.AllText())
		}
	})

	t.Run("stats", func(t *testing.T) {
		_, post := s.ask(t, e2eMember, "stats")
		mustContain(t, "stats", post.AllText(), "*Articles*\n5", "*Deals*\n", "*Companies*\n", "*Index built*\n", "*Index size*\n")
	})

	t.Run("special mentions are never echoed raw", func(t *testing.T) {
		for _, q := range []string{"<!channel> xiaomi microsoft", "&lt;!channel&gt; xiaomi", "<!here|here> qwertyuiop", "@here nobody"} {
			_, post := s.ask(t, e2eMember, q)
			for _, raw := range []string{"<!channel>", "<!here", "<!everyone>"} {
				if strings.Contains(post.AllText(), raw) {
					t.Errorf("answer to %q contains raw %s:\n%s", q, raw, post.AllText())
				}
			}
			if strings.Contains(post.AllText(), "@here") {
				t.Errorf("answer to %q contains a live @here", q)
			}
		}
	})

	t.Run("mention in a channel is answered in its thread", func(t *testing.T) {
		m := fs.Mention(e2eMember, "C2", "who did xiaomi partner with on video?")
		reply := fs.WaitMessage("threaded reply", func(x slackfake.Message) bool { return x.User == fs.BotUserID && x.Channel == "C2" })
		if reply.ThreadTS != m.TS || !reply.Visible() {
			t.Errorf("reply thread = %q (visible %v); want the mention's thread %q", reply.ThreadTS, reply.Visible(), m.TS)
		}
		mustContain(t, "reply", reply.AllText(), "*Xiaomi*")
	})

	t.Run("DM is answered in the DM, once, and own messages are ignored", func(t *testing.T) {
		dm := fs.DM(e2eMember, "xiaomi microsoft")
		fs.WaitMessage("DM reply", func(x slackfake.Message) bool { return x.User == fs.BotUserID && x.Channel == dm.Channel })
		s.waitLog(t, "echo ignored", func(l map[string]any) bool { return l["reason"] == "message from a bot" })
		// A retried DM, a duplicate delivered as app_mention, and another bot.
		fs.WaitAck(fs.Retry(dm, "timeout").EnvelopeID)
		fs.SendEvent(slackfake.Event{Type: "app_mention", User: e2eMember, Channel: dm.Channel, TS: dm.TS, Text: "<@U0BOT> xiaomi microsoft"})
		fs.SendEvent(slackfake.Event{Type: "message", ChannelType: "im", User: "U0OTHER", BotID: "B0OTHER", Channel: dm.Channel, Text: "xiaomi"})
		sentinel := fs.DM(e2eMember, "stats")
		fs.WaitMessage("sentinel reply", func(x slackfake.Message) bool {
			return x.User == fs.BotUserID && x.Channel == dm.Channel && strings.Contains(x.AllText(), "Articles")
		})
		s.waitLog(t, "sentinel logged", func(l map[string]any) bool { return l["msg"] == "request" && l["envelope"] == sentinel.EnvelopeID })
		if n := len(fs.BotMessages(dm.Channel)); n != 2 {
			t.Errorf("bot messages in the DM = %d; want 2 (the answer and the sentinel)", n)
		}
	})

	t.Run("a retried mention is answered once", func(t *testing.T) {
		m := fs.Mention(e2eMember, "C3", "xiaomi microsoft")
		fs.WaitMessage("reply", func(x slackfake.Message) bool { return x.User == fs.BotUserID && x.ThreadTS == m.TS })
		r := fs.Retry(m, "http_timeout")
		s.waitLog(t, "retry skipped", func(l map[string]any) bool {
			return l["msg"] == "duplicate envelope skipped" && l["envelope"] == r.EnvelopeID
		})
		if n := len(fs.Replies("C3", m.TS)); n != 1 {
			t.Errorf("replies = %d; want 1", n)
		}
	})

	t.Run("reconnect after refresh_requested loses nothing", func(t *testing.T) {
		before := fs.Connections()
		fs.Disconnect("refresh_requested")
		sent := fs.SlashCommand(slackfake.SlashCommand{User: e2eMember, Channel: "C1", Text: "xiaomi microsoft"})
		m := fs.Mention(e2eMember, "C4", "xiaomi")
		fs.WaitConnections(before + 1)
		mustContain(t, "answer after reconnect", fs.WaitResponse(sent.ResponseURL).AllText(), "*Xiaomi*")
		fs.WaitMessage("mention after reconnect", func(x slackfake.Message) bool { return x.User == fs.BotUserID && x.ThreadTS == m.TS })
		if n := len(fs.Calls("apps.connections.open")); n != before+1 {
			t.Errorf("apps.connections.open called %d times; want %d (a fresh URL per connection)", n, before+1)
		}
	})

	t.Run("reindex is refused to non-admins", func(t *testing.T) {
		for _, u := range []string{e2eMember, e2eGuest} {
			_, post := s.ask(t, u, "reindex")
			mustContain(t, "refusal for "+u, post.AllText(), "only admins can run `/deal reindex`")
		}
	})

	t.Run("admin reindex shows progress and the report while queries are answered", func(t *testing.T) {
		article := "Acme Robotics to acquire Zorblat GmbH\nTuesday 5 March 2024\n" +
			"Acme Robotics Inc. has agreed to acquire Zorblat GmbH, a German maker of warehouse robots, for €40 million, the companies announced on Tuesday.\n" +
			"Acme Robotics said the acquisition of Zorblat would strengthen its logistics business in Europe.\n"
		if err := os.WriteFile(filepath.Join(s.corpus, "acme.txt"), []byte(article), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(s.corpus, "notes.bin"), []byte{0, 1, 2, 3}, 0o644); err != nil {
			t.Fatal(err)
		}
		// Freeze the reindex at its first progress message.
		held := fs.Hold("chat.postMessage")
		first := fs.SlashCommand(slackfake.SlashCommand{User: e2eAdmin, Channel: "C1", Text: "reindex"})
		<-held.Arrived()

		// A second reindex, by a workspace owner, is told one is running.
		_, busy := s.ask(t, e2eOwner, "reindex")
		mustContain(t, "second reindex", busy.AllText(), "already running")
		// Queries keep being answered.
		_, q := s.ask(t, e2eMember, "xiaomi microsoft")
		mustContain(t, "query during reindex", q.AllText(), "Memorandum of Understanding")

		held.Release()
		fs.ClearFaults("chat.postMessage")
		report := fs.WaitMessage("reindex report", func(m slackfake.Message) bool {
			return m.Visible() && m.Channel == "C1" && strings.Contains(m.AllText(), "Reindex finished")
		})
		if report.Edits < 1 || !strings.Contains(report.History[0].Text, "Reindexing") {
			t.Errorf("report message edits %d, history %+v; want the progress message updated into the report", report.Edits, report.History)
		}
		mustContain(t, "report", report.AllText(), "*Articles*\n6", "*Files skipped*\n1", "`notes.bin` — ", "Started by <@"+e2eAdmin+">")
		if rs := fs.Responses(first.ResponseURL); len(rs) != 0 {
			t.Errorf("reindex also answered privately: %+v", rs)
		}

		_, st := s.ask(t, e2eMember, "stats")
		mustContain(t, "stats after reindex", st.AllText(), "*Articles*\n6")
		_, acme := s.ask(t, e2eMember, "acme zorblat")
		mustContain(t, "new article", acme.AllText(), "*Zorblat", "(acquirer) → ", "(target)", "Acquisition")
	})

	t.Run("shutdown is clean and logs hold no token", func(t *testing.T) {
		s.cancel()
		select {
		case code := <-s.exit:
			if code != 0 {
				t.Errorf("serve exit code = %d; want 0", code)
			}
			s.exit <- code
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
		}
		out := s.logs.String()
		for _, tok := range []string{"xoxb-", "xapp-", fs.BotToken, fs.AppToken} {
			if strings.Contains(out, tok) {
				t.Errorf("logs contain %q", tok)
			}
		}
		for _, c := range fs.Calls("") {
			if c.Values.Get("link_names") != "" || c.Values.Get("parse") == "full" {
				t.Errorf("%s sent link_names=%q parse=%q; echoed text could ping people", c.Method, c.Values.Get("link_names"), c.Values.Get("parse"))
			}
		}
		var sawConnected, sawStopped bool
		for _, l := range s.logs.lines(t) {
			sawConnected = sawConnected || l["msg"] == "connected to slack"
			sawStopped = sawStopped || l["msg"] == "stopped"
		}
		if !sawConnected || !sawStopped {
			t.Errorf("logs lack connected (%v) or stopped (%v)", sawConnected, sawStopped)
		}
	})
}

func TestServeConfigErrors(t *testing.T) {
	vars := map[string]string{"SLACK_APP_TOKEN": "xoxb-SeCrEtVaLuE-abc", "SLACK_API_URL": "ftp://x", "LOG_LEVEL": "loud"}
	var stderr bytes.Buffer
	env := &Env{Getenv: func(k string) string { return vars[k] }, Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr, NoDotEnv: true}
	code := run(context.Background(), env, []string{"serve"})
	if code != 1 {
		t.Errorf("exit code = %d; want 1", code)
	}
	out := stderr.String()
	mustContain(t, "error", out, "4 configuration problems", "LOG_LEVEL", "SLACK_APP_TOKEN: is a bot token (xoxb-…) but must start with xapp-",
		"SLACK_BOT_TOKEN: not set", "SLACK_API_URL: must be an http:// or https:// URL")
	if strings.Contains(out, "SeCrEtVaLuE") {
		t.Errorf("error output contains a token: %s", out)
	}
}

func TestServeRejectedToken(t *testing.T) {
	fs := slackfake.New(t, slackfake.Options{})
	vars := map[string]string{
		"SLACK_APP_TOKEN": fs.AppToken, "SLACK_BOT_TOKEN": "xoxb-1-1-RevokedTokenValue", "SLACK_API_URL": fs.APIURL,
		"INDEX_DIR": t.TempDir(), "LOG_FORMAT": "json",
	}
	var stderr e2eLogs
	env := &Env{Getenv: func(k string) string { return vars[k] }, Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr, NoDotEnv: true}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if code := run(ctx, env, []string{"serve"}); code != 1 {
		t.Errorf("exit code = %d; want 1", code)
	}
	out := stderr.String()
	mustContain(t, "stderr", out, "Slack rejected the bot token, SLACK_BOT_TOKEN (auth.test: invalid_auth)")
	if strings.Contains(out, "RevokedTokenValue") {
		t.Errorf("output contains the token: %s", out)
	}
}
