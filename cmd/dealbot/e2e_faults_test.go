package main

// End-to-end tests of what real Slack does to a bot: sockets recycled or
// dropped, events redelivered, calls rate limited or failing, a second
// replica on the same app, shutdown in the middle of a burst, and bad
// input. Each runs the real `serve` against internal/slackfake over a real
// Socket Mode WebSocket. The load figures they log (lines starting with
// "LOAD") are copied into docs/issue5-faults.md.

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealbot/dealbot/internal/slackfake"
)

// sentReq is one request a test sent, and how to find its answers.
type sentReq struct {
	slackfake.Sent
	slash bool
	user  string
}

// answers returns the bot's answers to r so far: posts to its response_url
// for slash commands, replies in its thread for mentions.
func answers(fs *slackfake.Server, r sentReq) []string {
	var out []string
	if r.slash {
		for _, p := range fs.Responses(r.ResponseURL) {
			if p.Error == "" {
				out = append(out, p.AllText())
			}
		}
		return out
	}
	for _, m := range fs.Replies(r.Channel, r.TS) {
		out = append(out, m.AllText())
	}
	return out
}

// waitAnswered waits until every request has at least one answer.
func waitAnswered(t *testing.T, fs *slackfake.Server, reqs []sentReq) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		missing := 0
		for _, r := range reqs {
			if len(answers(fs, r)) == 0 {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d requests never answered (unacked envelopes: %v)", missing, len(reqs), fs.Unacked())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settle waits until every envelope sent has been acknowledged and a
// sentinel request sent after them all has been answered: by then any
// duplicate answer would have been posted.
func settle(t *testing.T, fs *slackfake.Server) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for len(fs.Unacked()) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("envelopes never acknowledged: %v", fs.Unacked())
		}
		time.Sleep(20 * time.Millisecond)
	}
	s := fs.SlashCommand(slackfake.SlashCommand{User: e2eMember, Channel: "CSENTINEL", Text: "stats"})
	fs.WaitResponse(s.ResponseURL)
}

// checkOnce fails t unless every request has exactly one answer, and
// returns how many were answered.
func checkOnce(t *testing.T, fs *slackfake.Server, reqs []sentReq, want string) int {
	t.Helper()
	// workers answer in parallel: wait until every request has an answer
	// (or a generous deadline passes), then give duplicates a moment
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		missing := 0
		for _, r := range reqs {
			if len(answers(fs, r)) == 0 {
				missing++
			}
		}
		if missing == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	answered := 0
	for _, r := range reqs {
		as := answers(fs, r)
		if len(as) > 0 {
			answered++
		}
		if len(as) != 1 {
			t.Errorf("%s (user %s): %d answers; want exactly 1", r.EnvelopeID, r.user, len(as))
			continue
		}
		if want != "" && !strings.Contains(as[0], want) {
			t.Errorf("%s: answer lacks %q:\n%s", r.EnvelopeID, want, as[0])
		}
	}
	return answered
}

func slash(fs *slackfake.Server, user, channel, text string) sentReq {
	return sentReq{Sent: fs.SlashCommand(slackfake.SlashCommand{User: user, Channel: channel, Text: text}), slash: true, user: user}
}

func mention(fs *slackfake.Server, user, channel, text string) sentReq {
	return sentReq{Sent: fs.Mention(user, channel, text), user: user}
}

func TestServeSurvivesSocketFaults(t *testing.T) {
	t.Parallel()
	fs := newFake(t, slackfake.Options{PingInterval: 100 * time.Millisecond})
	s := startServeWith(t, serveOpts{fs: fs, env: map[string]string{"SLACK_PING_TIMEOUT": "1s", "SLACK_RECONNECT_BACKOFF": "20ms"}})
	faults := []struct {
		name string
		do   func()
	}{
		{"disconnect warning", func() { fs.Disconnect("warning") }},
		{"disconnect refresh_requested", func() { fs.Disconnect("refresh_requested") }},
		{"disconnect link_disabled, then apps.connections.open failing until it is re-enabled", func() {
			fs.InjectFault("apps.connections.open", slackfake.Fault{Status: http.StatusServiceUnavailable, Times: 2})
			fs.Disconnect("link_disabled")
		}},
		{"disconnect too_many_websockets", func() { fs.Disconnect("too_many_websockets") }},
		{"socket dropped without a word", fs.DropConnections},
		{"no pings for longer than the client's limit", fs.Blackhole},
	}
	var all []sentReq
	for i, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			before := fs.Connections()
			ch := fmt.Sprintf("CF%d", i)
			reqs := []sentReq{slash(fs, e2eMember, ch, "xiaomi microsoft"), mention(fs, e2eMember, ch, "xiaomi microsoft")}
			f.do()
			// Sent while the socket is going away or already dead.
			reqs = append(reqs, slash(fs, e2eOwner, ch, "xiaomi microsoft"), mention(fs, e2eOwner, ch, "xiaomi microsoft"))
			fs.WaitConnections(before + 1)
			reqs = append(reqs, slash(fs, e2eAdmin, ch, "xiaomi microsoft"), mention(fs, e2eAdmin, ch, "xiaomi microsoft"))
			waitAnswered(t, fs, reqs)
			all = append(all, reqs...)
			opens := 0
			for _, c := range fs.Calls("apps.connections.open") {
				if c.Status == http.StatusOK {
					opens++
				}
			}
			if opens != fs.Connections() {
				t.Errorf("apps.connections.open answered %d times for %d connections; want a fresh URL for each", opens, fs.Connections())
			}
		})
	}
	settle(t, fs)
	answered := checkOnce(t, fs, all, "*Xiaomi*")
	t.Logf("LOAD socket-faults sent=%d answered=%d connections=%d deliveries=%d", len(all), answered, fs.Connections(), fs.Deliveries())

	// Six reconnects within seconds of each other: each waited longer.
	var backoffs []float64
	for _, l := range s.logs.lines(t) {
		if l["msg"] == "reconnecting to slack after a backoff" {
			backoffs = append(backoffs, l["backoff_ms"].(float64))
		}
	}
	if len(backoffs) < 3 {
		t.Fatalf("backoffs logged = %v; want the quick reconnects to back off", backoffs)
	}
	for i := 1; i < len(backoffs); i++ {
		if backoffs[i] < backoffs[i-1]*1.4 && backoffs[i] < 25000 {
			t.Errorf("backoffs = %v; want each about twice the one before", backoffs)
			break
		}
	}
}

func TestServeLoadAcrossReconnects(t *testing.T) {
	t.Parallel()
	fs := newFake(t, slackfake.Options{})
	// The default per-user limits (10 a minute, 5 at once): 50 users send
	// 4 commands each.
	s := startServeWith(t, serveOpts{fs: fs, env: map[string]string{
		"USER_QUERY_LIMIT": "10/1m", "USER_QUERY_BURST": "5", "LOG_LEVEL": "info", "SLACK_RECONNECT_BACKOFF": "20ms",
	}})
	queries := []string{"xiaomi microsoft", "how much did xiaomi invest in iqiyi?", "tencent samsung", "mi firework"}
	faults := []func(){
		func() { fs.Disconnect("refresh_requested") },
		fs.DropConnections,
		func() { fs.Disconnect("too_many_websockets") },
	}
	start := fs.Connections()
	var reqs []sentReq
	for burst := range 4 {
		for u := range 50 {
			reqs = append(reqs, slash(fs, fmt.Sprintf("ULOAD%02d", u), "CLOAD", queries[burst]))
		}
		if burst < len(faults) {
			faults[burst]()
			fs.WaitConnections(start + burst + 1)
		}
	}
	waitAnswered(t, fs, reqs)
	settle(t, fs)
	answered := checkOnce(t, fs, reqs, "")
	for _, r := range reqs {
		if as := answers(fs, r); len(as) == 1 && (strings.Contains(as[0], "asking faster") || strings.Contains(as[0], "lot of requests")) {
			t.Errorf("%s was refused (%q); want every command answered", r.EnvelopeID, as[0])
		}
	}
	if n := fs.Connections() - start; n != 3 {
		t.Errorf("reconnects = %d; want 3", n)
	}
	requests := 0
	for _, l := range s.logs.lines(t) {
		if l["msg"] == "request" && l["channel"] == "CLOAD" {
			requests++
		}
	}
	if requests != 200 {
		t.Errorf("request log lines = %d; want 200", requests)
	}
	t.Logf("LOAD burst sent=%d deliveries=%d answered=%d duplicates=%d reconnects=%d", len(reqs), fs.Deliveries(), answered, requests-answered, fs.Connections()-start)
}

func TestServeRedelivery(t *testing.T) {
	t.Parallel()
	s := startServe(t)
	fs := s.fs
	// Slack's retries of one event: retry_attempt 1, 2 and 3.
	m := mention(fs, e2eMember, "CRETRY", "xiaomi microsoft")
	retry := m.Sent
	for range 3 {
		retry = fs.Retry(retry, "timeout")
	}
	// One @mention in a DM delivered as message.im and as app_mention.
	dm := fs.DM(e2eMember, "tencent samsung")
	fs.SendEvent(slackfake.Event{Type: "app_mention", User: e2eMember, Channel: dm.Channel, TS: dm.TS, Text: "<@U0BOT> tencent samsung"})
	// wait for both answers (workers run in parallel, so the settle
	// sentinel alone is no barrier), then let any duplicate arrive
	fs.WaitMessage("the retried mention's answer", func(x slackfake.Message) bool {
		return x.Channel == "CRETRY" && x.ThreadTS == m.TS && x.User == fs.BotUserID
	})
	fs.WaitMessage("the DM mention's answer", func(x slackfake.Message) bool { return x.Channel == dm.Channel && x.User == fs.BotUserID })
	settle(t, fs)
	if n := len(fs.Replies("CRETRY", m.TS)); n != 1 {
		t.Errorf("answers to an event delivered 4 times = %d; want 1", n)
	}
	if n := len(fs.BotMessages(dm.Channel)); n != 1 {
		t.Errorf("answers to a DM mention delivered twice = %d; want 1", n)
	}
	skipped := 0
	for _, l := range s.logs.lines(t) {
		if l["msg"] == "duplicate envelope skipped" {
			skipped++
		}
	}
	if skipped != 4 {
		t.Errorf("duplicates logged = %d; want 4 (3 retries, 1 double delivery)", skipped)
	}
}

func TestServeSlackErrors(t *testing.T) {
	t.Parallel()
	s := startServe(t)
	fs := s.fs

	t.Run("429 on chat.postMessage: Retry-After honoured, then delivered", func(t *testing.T) {
		n := len(fs.Calls("chat.postMessage"))
		fs.InjectFault("chat.postMessage", slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1, Times: 1})
		m := mention(fs, e2eMember, "C429", "xiaomi microsoft")
		waitAnswered(t, fs, []sentReq{m})
		calls := fs.Calls("chat.postMessage")[n:]
		if len(calls) < 2 || calls[0].Status != 429 || calls[1].Status != 200 {
			t.Fatalf("calls = %+v; want a 429 then a success", calls)
		}
		if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
			t.Errorf("retried after %v; want at least the 1s Retry-After", gap)
		}
	})

	t.Run("429 on response_url: Retry-After honoured, then delivered", func(t *testing.T) {
		n := len(fs.Calls("response_url"))
		fs.InjectFault("response_url", slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1, Times: 1})
		r := slash(fs, e2eMember, "C429", "xiaomi microsoft")
		fs.WaitResponse(r.ResponseURL)
		calls := fs.Calls("response_url")[n:]
		if len(calls) != 2 || calls[0].Status != 429 {
			t.Fatalf("calls = %+v; want a 429 then the answer", calls)
		}
		if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
			t.Errorf("retried after %v; want at least the 1s Retry-After", gap)
		}
	})

	t.Run("5xx on chat.postMessage: retried, then delivered", func(t *testing.T) {
		n := len(fs.Calls("chat.postMessage"))
		fs.InjectFault("chat.postMessage", slackfake.Fault{Status: http.StatusBadGateway, Times: 2})
		m := mention(fs, e2eMember, "C5XX", "xiaomi microsoft")
		waitAnswered(t, fs, []sentReq{m})
		if calls := fs.Calls("chat.postMessage")[n:]; len(calls) != 3 {
			t.Errorf("chat.postMessage calls = %d; want 2 failures and the answer", len(calls))
		}
	})

	t.Run("5xx on response_url that lasts: bounded retries, then an ephemeral answer", func(t *testing.T) {
		n := len(fs.Calls("response_url"))
		fs.InjectFault("response_url", slackfake.Fault{Status: http.StatusServiceUnavailable})
		defer fs.ClearFaults("response_url")
		r := slash(fs, e2eMember, "C5XX", "xiaomi microsoft")
		m := fs.WaitMessage("ephemeral fallback", func(m slackfake.Message) bool {
			return m.Via == "chat.postEphemeral" && m.Channel == "C5XX" && m.To == e2eMember
		})
		mustContain(t, "fallback answer", m.AllText(), "*Xiaomi*")
		if calls := fs.Calls("response_url")[n:]; len(calls) != 4 {
			t.Errorf("response_url calls = %d; want 4 (the first and 3 retries)", len(calls))
		}
		_ = r
	})

	t.Run("not_in_channel: answered privately, saying how to invite the bot", func(t *testing.T) {
		fs.SetChannel("CNOTIN", slackfake.Channel{NotMember: true})
		mention(fs, e2eMember, "CNOTIN", "xiaomi microsoft")
		m := fs.WaitMessage("ephemeral answer", func(m slackfake.Message) bool {
			return m.Via == "chat.postEphemeral" && m.Channel == "CNOTIN" && m.To == e2eMember
		})
		mustContain(t, "ephemeral answer", m.AllText(), "I can't post in this channel (not_in_channel)", "/invite @dealbot", "*Xiaomi*")
	})

	t.Run("channel_not_found: answered in a DM, saying what to do", func(t *testing.T) {
		fs.SetChannel("CGONE", slackfake.Channel{Missing: true})
		mention(fs, e2eMember, "CGONE", "xiaomi microsoft")
		m := fs.WaitMessage("DM answer", func(m slackfake.Message) bool {
			return m.Channel == fs.DMChannel(e2eMember) && m.User == fs.BotUserID && strings.Contains(m.AllText(), "CGONE")
		})
		mustContain(t, "DM answer", m.AllText(), "I couldn't answer you in <#CGONE>", "/invite @dealbot", "*Xiaomi*")
	})

	t.Run("response_url used up: answered through the Web API", func(t *testing.T) {
		held := fs.Hold("response_url")
		r := slash(fs, e2eOwner, "CUSED", "xiaomi microsoft")
		<-held.Arrived()
		fs.ExpireResponseURL(r.ResponseURL)
		held.Release()
		fs.ClearFaults("response_url")
		m := fs.WaitMessage("Web API answer", func(m slackfake.Message) bool {
			return m.Via == "chat.postEphemeral" && m.Channel == "CUSED" && m.To == e2eOwner
		})
		mustContain(t, "answer", m.AllText(), "*Xiaomi*")
		if ps := fs.Responses(r.ResponseURL); len(ps) != 1 || ps[0].Error != "used_url" {
			t.Errorf("response_url posts = %+v; want the one refused as used_url", ps)
		}
	})
}

func TestServeTwoReplicas(t *testing.T) {
	t.Parallel()
	fs := newFake(t, slackfake.Options{})
	corpusDir, indexDir := seedCorpus(t), t.TempDir()
	env := map[string]string{"INDEX_POLL_INTERVAL": "100ms"}
	a := startServeWith(t, serveOpts{fs: fs, corpus: corpusDir, index: indexDir, env: env})
	b := startServeWith(t, serveOpts{fs: fs, corpus: corpusDir, index: indexDir, env: env})
	if n := fs.OpenConnections(); n != 2 {
		t.Fatalf("open sockets = %d; want one per replica", n)
	}

	// Slack spreads events over both sockets; retries and double
	// deliveries land on either.
	var reqs []sentReq
	for i := range 20 {
		reqs = append(reqs, slash(fs, e2eMember, "CREP", "xiaomi microsoft"))
		m := mention(fs, e2eMember, "CREP", "xiaomi microsoft")
		reqs = append(reqs, m)
		if i%2 == 0 {
			fs.Retry(m.Sent, "timeout")
		}
	}
	var dms []slackfake.Sent
	for range 10 {
		dm := fs.DM(e2eOwner, "tencent samsung")
		fs.SendEvent(slackfake.Event{Type: "app_mention", User: e2eOwner, Channel: dm.Channel, TS: dm.TS, Text: "<@U0BOT> tencent samsung"})
		dms = append(dms, dm)
	}
	waitAnswered(t, fs, reqs)
	settle(t, fs)
	answered := checkOnce(t, fs, reqs, "*Xiaomi*")
	if n := len(fs.BotMessages(fs.DMChannel(e2eOwner))); n != len(dms) {
		t.Errorf("DM answers = %d; want %d (one per message)", n, len(dms))
	}
	perReplica := func(s *server) int {
		n := 0
		for _, l := range s.logs.lines(t) {
			if l["msg"] == "request" && (l["channel"] == "CREP" || l["channel"] == fs.DMChannel(e2eOwner)) {
				n++
			}
		}
		return n
	}
	na, nb := perReplica(a), perReplica(b)
	if na == 0 || nb == 0 || na+nb != len(reqs)+len(dms) {
		t.Errorf("requests answered by replica A %d, B %d; want both busy and %d in total", na, nb, len(reqs)+len(dms))
	}
	t.Logf("LOAD two-replicas sent=%d deliveries=%d answered=%d replicaA=%d replicaB=%d", len(reqs)+len(dms), fs.Deliveries(), answered+len(fs.BotMessages(fs.DMChannel(e2eOwner))), na, nb)

	// A reindex asked of one replica reaches the other.
	article := "Acme Robotics to acquire Zorblat GmbH\nTuesday 5 March 2024\n" +
		"Acme Robotics Inc. has agreed to acquire Zorblat GmbH, a German maker of warehouse robots, for €40 million, the companies announced on Tuesday.\n"
	if err := os.WriteFile(filepath.Join(corpusDir, "acme.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	seen := map[*server]int{a: len(a.logs.lines(t)), b: len(b.logs.lines(t))}
	slash(fs, e2eAdmin, "CREP", "reindex")
	fs.WaitMessage("reindex report", func(m slackfake.Message) bool { return strings.Contains(m.AllText(), "Reindex finished") })
	for _, s := range []*server{a, b} {
		deadline := time.Now().Add(30 * time.Second)
		for !slices.ContainsFunc(s.logs.lines(t)[seen[s]:], func(l map[string]any) bool {
			return l["msg"] == "index: built" || l["msg"] == "index: updated" || l["msg"] == "index: switched to a generation built by another process"
		}) {
			if time.Now().After(deadline) {
				t.Fatal("a replica never switched to the new index")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	var after []sentReq
	for range 10 {
		after = append(after, slash(fs, e2eMember, "CREP2", "acme zorblat"))
	}
	waitAnswered(t, fs, after)
	checkOnce(t, fs, after, "*Zorblat")
	gens, _ := filepath.Glob(filepath.Join(indexDir, "gen-*"))
	if len(gens) != 1 {
		t.Errorf("generation directories = %v; want only the live one", gens)
	}
}

func TestServeShutdownDuringBurst(t *testing.T) {
	t.Parallel()
	fs := newFake(t, slackfake.Options{})
	corpusDir, indexDir := seedCorpus(t), t.TempDir()
	a := startServeWith(t, serveOpts{fs: fs, corpus: corpusDir, index: indexDir})
	held := fs.Hold("response_url")
	var reqs []sentReq
	for i := range 30 {
		reqs = append(reqs, slash(fs, fmt.Sprintf("USTOP%02d", i), "CSTOP", "xiaomi microsoft"))
	}
	<-held.Arrived()
	a.cancel() // SIGTERM in the middle of the burst
	time.Sleep(100 * time.Millisecond)
	held.Release()
	fs.ClearFaults("response_url")
	if code := a.stop(t); code != 0 {
		t.Errorf("exit code = %d; want 0", code)
	}
	acked := map[string]bool{}
	for _, ack := range fs.Acks() {
		acked[ack.EnvelopeID] = true
	}
	ackedN := 0
	for _, r := range reqs {
		n := len(fs.Responses(r.ResponseURL))
		if acked[r.EnvelopeID] {
			ackedN++
			if n != 1 {
				t.Errorf("%s was acknowledged before exit but has %d answers; want 1", r.EnvelopeID, n)
			}
		} else if n != 0 {
			t.Errorf("%s was answered but never acknowledged", r.EnvelopeID)
		}
	}
	// What the stopped process did not take is redelivered to the next one.
	startServeWith(t, serveOpts{fs: fs, corpus: corpusDir, index: indexDir})
	waitAnswered(t, fs, reqs)
	settle(t, fs)
	answered := checkOnce(t, fs, reqs, "*Xiaomi*")
	t.Logf("LOAD shutdown sent=%d acked_before_exit=%d answered=%d", len(reqs), ackedN, answered)
	if ackedN == 0 {
		t.Error("nothing was in flight at shutdown; the test did not test anything")
	}
}

func TestServeBadInput(t *testing.T) {
	t.Parallel()
	s := startServe(t)
	fs := s.fs
	inputs := []string{
		"",
		strings.Repeat("xiaomi ", 1428) + "xiao", // 10 000 characters
		"?!.,;:()[]{}&*%$#@!~`'\"",
		"🚀🔥💰🤝",
		"שיאומי ומיקרוסופט",
		"<@U123> <#C123|x> <!channel> <https://x.example|y>",
		"+a -b field:x ~2",
		"xiaomi\x00\x01\x1b[2J\u202e microsoft",
		"go to https://evil.example/login or evil.example",
	}
	t.Run("query text", func(t *testing.T) {
		for _, in := range inputs {
			r := slash(fs, e2eMember, "CBAD", in)
			post := fs.WaitResponse(r.ResponseURL)
			text := post.AllText()
			if post.Error != "" || text == "" {
				t.Errorf("%.40q: answer %+v; want an accepted answer", in, post)
			}
			low := strings.ToLower(text)
			for _, bad := range []string{"bleve", "syntax", "internal error", "<!channel>", "<@U123>", "<#C123", "<https://x.example", "https://evil.example", "evil.example"} {
				if strings.Contains(low, strings.ToLower(bad)) {
					t.Errorf("%.40q: answer contains %q:\n%s", in, bad, text)
				}
			}
		}
		long := slash(fs, e2eMember, "CBAD", strings.Repeat("xiaomi ", 1428)+"xiao")
		mustContain(t, "10 000 characters", fs.WaitResponse(long.ResponseURL).AllText(), "That's 10000 characters; I search at most 500")
	})
	t.Run("payloads", func(t *testing.T) {
		odd := []slackfake.Sent{
			fs.SendEnvelope("workflow_step_execute", map[string]any{"callback_id": "x"}),
			fs.SendEnvelope("slash_commands", map[string]any{"command": "/deal", "text": "xiaomi"}), // no user, channel or response_url
			fs.SendEnvelope("events_api", map[string]any{"type": "event_callback", "event_id": "EvNoEvent"}),
			fs.SendEnvelope("events_api", map[string]any{"type": "event_callback", "event_id": "EvBad", "event": "not an object"}),
			fs.SendEnvelope("interactive", map[string]any{"type": "block_actions", "actions": []any{}}),
			fs.SendEnvelope("interactive", map[string]any{"type": "shortcut", "callback_id": "x"}),
		}
		huge := slash(fs, e2eMember, "CBAD", strings.Repeat("a", 1<<20))
		mustContain(t, "1 MB of text", fs.WaitResponse(huge.ResponseURL).AllText(), "I search at most 500")
		// A forged Share button pointing at a deal that does not exist, and
		// a button the bot never made.
		forged := fs.SendBlockAction(slackfake.BlockAction{User: e2eMember, Channel: "CBAD", ActionID: "deal_share", Value: "zorblatix holdings <!channel>", MessageTS: "1.1", Ephemeral: true})
		p := fs.WaitResponse(forged.ResponseURL)
		if p.ResponseType == "in_channel" || !strings.Contains(p.AllText(), "Nothing to share") || strings.Contains(p.AllText(), "<!channel>") {
			t.Errorf("forged share = %+v; want a private explanation", p)
		}
		unknown := fs.SendBlockAction(slackfake.BlockAction{User: e2eMember, Channel: "CBAD", ActionID: "deal_delete_everything", Value: "x", MessageTS: "1.1"})
		mustContain(t, "unknown button", fs.WaitResponse(unknown.ResponseURL).AllText(), "no longer does anything")
		settle(t, fs)
		for _, o := range odd {
			if slices.Contains(fs.Unacked(), o.EnvelopeID) {
				t.Errorf("odd envelope %s not acknowledged (Slack would retry it)", o.EnvelopeID)
			}
		}
	})
}

func TestServeWhoMayDoWhat(t *testing.T) {
	t.Parallel()
	fs := newFake(t, slackfake.Options{Users: []slackfake.User{
		{ID: "UNAMEDADA", Name: "ada"}, // same name as the admin
		{ID: "UGONE1", Name: "gone", IsAdmin: true, Deleted: true},
		{ID: "UULTRA1", Name: "ultra", IsOwner: true, IsUltraRestricted: true},
	}})
	s := startServeWith(t, serveOpts{fs: fs, env: map[string]string{
		"ADMIN_USERS": e2eAdmin + ",UGONE1", "USER_QUERY_LIMIT": "10/1m", "USER_QUERY_BURST": "3", "USER_REINDEX_LIMIT": "1/5m",
	}})
	t.Run("admin commands by user ID only", func(t *testing.T) {
		for _, u := range []string{e2eMember, e2eGuest, "UNAMEDADA", "UGONE1", "UULTRA1"} {
			_, post := s.ask(t, u, "reindex")
			mustContain(t, "refusal for "+u, post.AllText(), "only admins can run `/deal reindex`")
			s.waitLog(t, "refusal of "+u, func(l map[string]any) bool { return l["msg"] == "admin command refused" && l["user"] == u })
		}
		slash(fs, e2eOwner, "C1", "reindex")
		fs.WaitMessage("reindex report", func(m slackfake.Message) bool {
			return strings.Contains(m.AllText(), "Started by <@"+e2eOwner+">") && strings.Contains(m.AllText(), "Reindex finished")
		})
	})
	t.Run("reindex rate limit", func(t *testing.T) {
		slash(fs, e2eAdmin, "C1", "reindex")
		fs.WaitMessage("admin's reindex report", func(m slackfake.Message) bool {
			return strings.Contains(m.AllText(), "Started by <@"+e2eAdmin+">") && strings.Contains(m.AllText(), "Reindex finished")
		})
		_, again := s.ask(t, e2eAdmin, "reindex")
		mustContain(t, "second reindex", again.AllText(), "once every 5 minutes", "please wait")
	})
	t.Run("query rate limit", func(t *testing.T) {
		limited := 0
		for range 6 {
			_, post := s.ask(t, "ULIMIT1", "xiaomi microsoft")
			if strings.Contains(post.AllText(), "You're asking faster than I can answer") {
				limited++
			} else {
				mustContain(t, "answer", post.AllText(), "*Xiaomi*")
			}
		}
		if limited != 3 {
			t.Errorf("limited answers = %d of 6; want 3 (burst of 3)", limited)
		}
		s.waitLog(t, "limit logged", func(l map[string]any) bool {
			return l["msg"] == "request" && l["user"] == "ULIMIT1" && l["outcome"] == "rate_limited"
		})
	})
	t.Run("no token in stats or logs", func(t *testing.T) {
		_, st := s.ask(t, e2eMember, "stats")
		checkNoTokens(t, st.AllText(), fs)
		for _, c := range fs.Calls("") {
			if c.Auth == "invalid" || c.Auth == "missing" {
				t.Errorf("%s call authenticated %s", c.Method, c.Auth)
			}
		}
	})
}
