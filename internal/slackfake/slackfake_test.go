package slackfake

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func newAPI(fs *Server, botToken, appToken string) *slack.Client {
	return slack.New(botToken, slack.OptionAppLevelToken(appToken), slack.OptionAPIURL(fs.APIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 5 * time.Second}))
}

// runSocket runs a socketmode client that acks everything and records
// what it receives.
type socketClient struct {
	mu     sync.Mutex
	events []socketmode.Event
	got    chan socketmode.Event
}

func startSocket(t *testing.T, fs *Server, ack bool) *socketClient {
	t.Helper()
	api := newAPI(fs, fs.BotToken, fs.AppToken)
	sm := socketmode.New(api, socketmode.OptionPingInterval(5*time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	sc := &socketClient{got: make(chan socketmode.Event, 100)}
	done := make(chan struct{}, 2)
	go func() { _ = sm.RunContext(ctx); done <- struct{}{} }()
	go func() {
		defer func() { done <- struct{}{} }()
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Request != nil && evt.Request.EnvelopeID != "" {
					if ack {
						_ = sm.Ack(*evt.Request)
					}
					sc.got <- evt
				}
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done; <-done })
	return sc
}

func (sc *socketClient) next(t *testing.T) socketmode.Event {
	t.Helper()
	select {
	case e := <-sc.got:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no envelope received")
		return socketmode.Event{}
	}
}

func TestSocketDeliversAndRecordsAcks(t *testing.T) {
	fs := New(t, Options{})
	sc := startSocket(t, fs, true)
	fs.WaitConnections(1)

	sent := fs.SlashCommand(SlashCommand{User: "U1", Channel: "C1", Text: "acme robotics"})
	evt := sc.next(t)
	cmd, ok := evt.Data.(slack.SlashCommand)
	if !ok || evt.Type != socketmode.EventTypeSlashCommand {
		t.Fatalf("got event %v %T; want a slash command", evt.Type, evt.Data)
	}
	if cmd.Text != "acme robotics" || cmd.UserID != "U1" || cmd.ChannelID != "C1" || cmd.ResponseURL != sent.ResponseURL || cmd.Command != "/deal" {
		t.Errorf("slash command = %+v; want text, user, channel, response_url as sent", cmd)
	}
	if a := fs.WaitAck(sent.EnvelopeID); a.Unknown || a.Conn != 1 {
		t.Errorf("ack = %+v; want a known ack on socket 1", a)
	}

	m := fs.Mention("U2", "C1", "who bought Zorblat?")
	evt = sc.next(t)
	if evt.Type != socketmode.EventTypeEventsAPI || evt.Request.RetryAttempt != 0 {
		t.Fatalf("got %v retry %d; want events_api retry 0", evt.Type, evt.Request.RetryAttempt)
	}
	r := fs.Retry(m, "timeout")
	evt = sc.next(t)
	if evt.Request.RetryAttempt != 1 || evt.Request.RetryReason != "timeout" || evt.Request.EnvelopeID != r.EnvelopeID {
		t.Errorf("retry request = attempt %d reason %q env %q; want 1, timeout, %q", evt.Request.RetryAttempt, evt.Request.RetryReason, evt.Request.EnvelopeID, r.EnvelopeID)
	}
	if !strings.Contains(string(evt.Request.Payload), m.EventID) {
		t.Errorf("retry payload does not carry event_id %s", m.EventID)
	}
	if msgs := fs.Messages("C1"); len(msgs) != 1 || msgs[0].Via != "user" || msgs[0].Text != "<@U0BOT> who bought Zorblat?" {
		t.Errorf("channel messages = %+v; want the user's mention once", msgs)
	}
}

func TestSocketQueuesUntilReconnect(t *testing.T) {
	fs := New(t, Options{})
	// Nothing is connected: the envelope waits.
	sent := fs.SlashCommand(SlashCommand{User: "U1", Channel: "C1", Text: "x"})
	sc := startSocket(t, fs, true)
	if evt := sc.next(t); evt.Request.EnvelopeID != sent.EnvelopeID {
		t.Fatalf("first envelope = %s; want the queued %s", evt.Request.EnvelopeID, sent.EnvelopeID)
	}
	fs.Disconnect("refresh_requested")
	after := fs.SlashCommand(SlashCommand{User: "U1", Channel: "C1", Text: "y"})
	fs.WaitConnections(2)
	if evt := sc.next(t); evt.Request.EnvelopeID != after.EnvelopeID {
		t.Fatalf("envelope after refresh = %s; want %s", evt.Request.EnvelopeID, after.EnvelopeID)
	}
	if a := fs.WaitAck(after.EnvelopeID); a.Conn != 2 {
		t.Errorf("ack came on socket %d; want 2", a.Conn)
	}
	if n := len(fs.Calls("apps.connections.open")); n != 2 {
		t.Errorf("apps.connections.open called %d times; want 2 (a fresh URL per connection)", n)
	}
}

func TestUnackedEventsAreRedelivered(t *testing.T) {
	fs := New(t, Options{})
	sc := startSocket(t, fs, false)
	fs.WaitConnections(1)
	m := fs.DM("U1", "hello")
	if evt := sc.next(t); evt.Request.RetryAttempt != 0 {
		t.Fatalf("first delivery retry_attempt = %d", evt.Request.RetryAttempt)
	}
	fs.DropConnections()
	evt := sc.next(t)
	if evt.Request.EnvelopeID != m.EnvelopeID || evt.Request.RetryAttempt != 1 || evt.Request.RetryReason != "timeout" {
		t.Errorf("redelivery = %s attempt %d %q; want %s attempt 1 timeout", evt.Request.EnvelopeID, evt.Request.RetryAttempt, evt.Request.RetryReason, m.EnvelopeID)
	}
	if got := fs.Unacked(); len(got) != 1 {
		t.Errorf("Unacked() = %v; want one envelope", got)
	}
}

func TestWebAPIAuth(t *testing.T) {
	fs := New(t, Options{})
	ctx := context.Background()
	tests := []struct {
		name     string
		bot, app string
		call     func(*slack.Client) error
		want     string
	}{
		{"bad bot token", "xoxb-wrong", fs.AppToken, func(c *slack.Client) error { _, err := c.AuthTestContext(ctx); return err }, "invalid_auth"},
		{"no bot token", "", fs.AppToken, func(c *slack.Client) error { _, err := c.AuthTestContext(ctx); return err }, "not_authed"},
		{"bad app token", fs.BotToken, "xapp-wrong", func(c *slack.Client) error { _, _, err := c.StartSocketModeContext(ctx); return err }, "invalid_auth"},
		{"bot token for socket", fs.BotToken, fs.BotToken, func(c *slack.Client) error { _, _, err := c.StartSocketModeContext(ctx); return err }, "not_allowed_token_type"},
		{"ok", fs.BotToken, fs.AppToken, func(c *slack.Client) error { _, err := c.AuthTestContext(ctx); return err }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(newAPI(fs, tt.bot, tt.app))
			var got string
			var se slack.SlackErrorResponse
			if errors.As(err, &se) {
				got = se.Err
			} else if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error = %q; want %q", got, tt.want)
			}
		})
	}
	for _, c := range fs.Calls("") {
		if c.Values.Has("token") {
			t.Errorf("call %s recorded its token", c.Method)
		}
	}
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)
}

func TestPostUpdateDeleteAndLimits(t *testing.T) {
	fs := New(t, Options{Users: []User{{ID: "U1", Name: "ann"}}})
	api := newAPI(fs, fs.BotToken, fs.AppToken)
	ctx := context.Background()

	ch, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false), slack.MsgOptionBlocks(section("*hi*")), slack.MsgOptionTS("1.0"))
	if err != nil || ch != "C1" || ts == "" {
		t.Fatalf("PostMessage = %q %q %v", ch, ts, err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", ts, slack.MsgOptionText("bye", false)); err != nil {
		t.Fatalf("UpdateMessage: %v", err)
	}
	m, _ := fs.Message("C1", ts)
	if m.Text != "bye" || m.Blocks != nil || m.Edits != 1 || m.History[0].Text != "hi" || m.ThreadTS != "1.0" {
		t.Errorf("updated message = %+v; want text bye, blocks dropped, one edit, in thread 1.0", m)
	}
	if _, _, err := api.DeleteMessageContext(ctx, "C1", ts); err != nil {
		t.Fatalf("DeleteMessage: %v", err)
	}
	if m, _ := fs.Message("C1", ts); m.Visible() {
		t.Errorf("deleted message still visible")
	}

	// Posting to a user ID lands in the DM.
	ch, _, err = api.PostMessageContext(ctx, "U1", slack.MsgOptionText("dm", false))
	if err != nil || ch != fs.DMChannel("U1") {
		t.Errorf("post to user = %q, %v; want %q", ch, err, fs.DMChannel("U1"))
	}

	fs.SetChannel("C2", Channel{NotMember: true})
	fs.SetChannel("C3", Channel{Missing: true})
	many := make([]slack.Block, 51)
	for i := range many {
		many[i] = slack.NewDividerBlock()
	}
	tooLongHeader := slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, strings.Repeat("h", 151), false, false))
	mrkdwnHeader := slack.NewHeaderBlock(slack.NewTextBlockObject(slack.MarkdownType, "h", false, false))
	longButton := slack.NewActionBlock("a", slack.NewButtonBlockElement("x", "v", slack.NewTextBlockObject(slack.PlainTextType, strings.Repeat("b", 76), false, false)))
	longValue := slack.NewActionBlock("a", slack.NewButtonBlockElement("x", strings.Repeat("v", 2001), slack.NewTextBlockObject(slack.PlainTextType, "ok", false, false)))
	errTests := []struct {
		name    string
		channel string
		opts    []slack.MsgOption
		want    string
	}{
		{"not member", "C2", []slack.MsgOption{slack.MsgOptionText("x", false)}, "not_in_channel"},
		{"missing", "C3", []slack.MsgOption{slack.MsgOptionText("x", false)}, "channel_not_found"},
		{"no text", "C1", nil, "no_text"},
		{"51 blocks", "C1", []slack.MsgOption{slack.MsgOptionBlocks(many...)}, "invalid_blocks"},
		{"long section", "C1", []slack.MsgOption{slack.MsgOptionBlocks(section(strings.Repeat("x", 3001)))}, "invalid_blocks"},
		{"long header", "C1", []slack.MsgOption{slack.MsgOptionBlocks(tooLongHeader)}, "invalid_blocks"},
		{"mrkdwn header", "C1", []slack.MsgOption{slack.MsgOptionBlocks(mrkdwnHeader)}, "invalid_blocks"},
		{"long button", "C1", []slack.MsgOption{slack.MsgOptionBlocks(longButton)}, "invalid_blocks"},
		{"long value", "C1", []slack.MsgOption{slack.MsgOptionBlocks(longValue)}, "invalid_blocks"},
		{"empty section", "C1", []slack.MsgOption{slack.MsgOptionBlocks(section(""))}, "invalid_blocks"},
		{"huge text", "C1", []slack.MsgOption{slack.MsgOptionText(strings.Repeat("x", 40001), false)}, "msg_too_long"},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := api.PostMessageContext(ctx, tt.channel, tt.opts...)
			var se slack.SlackErrorResponse
			if !errors.As(err, &se) || se.Err != tt.want {
				t.Errorf("PostMessage error = %v; want %s", err, tt.want)
			}
		})
	}
	_, ts, _ = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("short", false))
	_, _, _, err = api.UpdateMessageContext(ctx, "C1", ts, slack.MsgOptionText(strings.Repeat("x", 4001), false))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "msg_too_long" {
		t.Errorf("update with 4001 chars: %v; want msg_too_long", err)
	}
}

func TestUsersInfoAndEphemeral(t *testing.T) {
	fs := New(t, Options{Users: []User{{ID: "UADMIN", IsAdmin: true}, {ID: "UGUEST", IsRestricted: true}}})
	api := newAPI(fs, fs.BotToken, fs.AppToken)
	ctx := context.Background()
	u, err := api.GetUserInfoContext(ctx, "UADMIN")
	if err != nil || !u.IsAdmin || u.IsRestricted {
		t.Errorf("users.info(UADMIN) = %+v, %v; want an admin", u, err)
	}
	u, err = api.GetUserInfoContext(ctx, "UGUEST")
	if err != nil || u.IsAdmin || !u.IsRestricted {
		t.Errorf("users.info(UGUEST) = %+v, %v; want a restricted user", u, err)
	}
	if _, err := api.GetUserInfoContext(ctx, "UNOPE"); err == nil || err.Error() != "user_not_found" {
		t.Errorf("users.info(UNOPE) error = %v; want user_not_found", err)
	}
	ts, err := api.PostEphemeralContext(ctx, "C1", "UADMIN", slack.MsgOptionText("psst", false))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := fs.Message("C1", ts)
	if !m.Ephemeral || m.To != "UADMIN" || m.Visible() {
		t.Errorf("ephemeral = %+v; want ephemeral to UADMIN", m)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", ts, slack.MsgOptionText("x", false)); err == nil {
		t.Errorf("chat.update on an ephemeral message succeeded; Slack refuses it")
	}
}

func TestResponseURLAndShareFlow(t *testing.T) {
	fs := New(t, Options{})
	api := newAPI(fs, fs.BotToken, fs.AppToken)
	ctx := context.Background()
	sent := fs.SlashCommand(SlashCommand{User: "U1", Channel: "C1", Text: "q"})
	btn := slack.NewActionBlock("share", slack.NewButtonBlockElement("deal_share", "q", slack.NewTextBlockObject(slack.PlainTextType, "Share in channel", false, false)))
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(sent.ResponseURL, slack.ResponseTypeEphemeral),
		slack.MsgOptionText("answer", false), slack.MsgOptionBlocks(section("answer"), btn)); err != nil {
		t.Fatalf("response_url post: %v", err)
	}
	post := fs.WaitResponse(sent.ResponseURL)
	if post.ResponseType != "ephemeral" || post.AllText() == "" || len(post.Buttons()) != 1 {
		t.Errorf("post = %+v; want an ephemeral answer with a button", post)
	}
	eph := fs.WaitMessage("ephemeral answer", func(m Message) bool { return m.Ephemeral && m.To == "U1" })
	click := fs.Click("U1", eph, "deal_share")
	// Share: post visibly, then delete the ephemeral original.
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(click.ResponseURL, slack.ResponseTypeInChannel), slack.MsgOptionText("shared", false)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionDeleteOriginal(click.ResponseURL)); err != nil {
		t.Fatal(err)
	}
	msgs := fs.Messages("C1")
	var visible, liveEphemeral int
	for _, m := range msgs {
		if m.Visible() && m.Text == "shared" {
			visible++
		}
		if m.Ephemeral && !m.Deleted {
			liveEphemeral++
		}
	}
	if visible != 1 || liveEphemeral != 0 {
		t.Errorf("after share: %d visible shared, %d live ephemeral; want 1 and 0 (%+v)", visible, liveEphemeral, msgs)
	}
	// Slack accepts a response_url five times.
	for range 3 {
		_, _, _ = api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(click.ResponseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText("x", false))
	}
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(click.ResponseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText("x", false)); err == nil {
		t.Errorf("sixth use of a response_url succeeded; want used_url")
	}
}

func TestFaultsAndHolds(t *testing.T) {
	fs := New(t, Options{})
	api := newAPI(fs, fs.BotToken, fs.AppToken)
	ctx := context.Background()

	fs.InjectFault("chat.postMessage", Fault{Status: http.StatusTooManyRequests, RetryAfter: 7, Times: 1})
	_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Fatalf("error = %v; want RateLimitedError(7s)", err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("second post after a one-shot fault: %v", err)
	}
	fs.InjectFault("chat.update", Fault{Error: "ratelimited"})
	fs.InjectFault("auth.test", Fault{Status: 503, Times: 1})
	if _, err := api.AuthTestContext(ctx); err == nil {
		t.Errorf("auth.test with a 503 fault succeeded")
	}
	fs.ClearFaults("chat.update")

	h := fs.Hold("chat.postMessage")
	done := make(chan error, 1)
	go func() {
		_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("held", false))
		done <- err
	}()
	<-h.Arrived()
	select {
	case <-done:
		t.Fatal("held call returned before release")
	default:
	}
	h.Release()
	if err := <-done; err != nil {
		t.Errorf("released call: %v", err)
	}
}

func TestEnvelopesAreSpreadOverSockets(t *testing.T) {
	fs := New(t, Options{})
	startSocket(t, fs, true)
	fs.WaitConnections(1)
	startSocket(t, fs, true)
	fs.WaitConnections(2)
	var sent []Sent
	for range 4 {
		sent = append(sent, fs.SlashCommand(SlashCommand{User: "U1", Channel: "C1", Text: "x"}))
	}
	for _, s := range sent {
		fs.WaitAck(s.EnvelopeID)
	}
	perConn := map[int]int{}
	for _, ack := range fs.Acks() {
		perConn[ack.Conn]++
	}
	if perConn[1] != 2 || perConn[2] != 2 {
		t.Errorf("acks per socket = %v; want 2 and 2", perConn)
	}
}

func TestBlackholedSocketLosesFramesUntilClosed(t *testing.T) {
	fs := New(t, Options{PingInterval: 50 * time.Millisecond})
	api := newAPI(fs, fs.BotToken, fs.AppToken)
	// A client that gives up on a socket after 300ms without a ping.
	sm := socketmode.New(api, socketmode.OptionPingInterval(300*time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go sm.RunContext(ctx)
	got := make(chan socketmode.Event, 10)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Request != nil && evt.Request.EnvelopeID != "" {
					_ = sm.Ack(*evt.Request)
					got <- evt
				}
			}
		}
	}()
	fs.WaitConnections(1)
	fs.Blackhole()
	lost := fs.SlashCommand(SlashCommand{User: "U1", Channel: "C1", Text: "lost"})
	fs.WaitConnections(2) // the client noticed the silence and reconnected
	select {
	case evt := <-got:
		if evt.Request.EnvelopeID != lost.EnvelopeID {
			t.Errorf("got %s; want the envelope lost on the dead socket, redelivered", evt.Request.EnvelopeID)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the envelope sent on the dead socket was never redelivered")
	}
	if a := fs.WaitAck(lost.EnvelopeID); a.Conn != 2 {
		t.Errorf("ack on socket %d; want 2", a.Conn)
	}
	if n := fs.Deliveries(); n != 2 {
		t.Errorf("deliveries = %d; want 2 (lost, then redelivered)", n)
	}
}

func TestSendEnvelopeExpireAndCallTimes(t *testing.T) {
	fs := New(t, Options{})
	sc := startSocket(t, fs, true)
	fs.WaitConnections(1)
	odd := fs.SendEnvelope("slash_commands", map[string]any{"command": "/deal", "callback_id": "cb"})
	evt := sc.next(t)
	if evt.Request.EnvelopeID != odd.EnvelopeID || string(evt.Request.Type) != "slash_commands" || !strings.Contains(string(evt.Request.Payload), `"callback_id":"cb"`) ||
		strings.Contains(string(evt.Request.Payload), "response_url") {
		t.Errorf("odd envelope = %+v; want it delivered as sent", evt.Request)
	}
	sent := fs.SlashCommand(SlashCommand{User: "U1", Channel: "C1", Text: "x"})
	sc.next(t)
	fs.ExpireResponseURL(sent.ResponseURL)
	api := newAPI(fs, fs.BotToken, fs.AppToken)
	before := time.Now()
	_, _, err := api.PostMessageContext(context.Background(), "", slack.MsgOptionResponseURL(sent.ResponseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText("late", false))
	var sc404 slack.StatusCodeError
	if !errors.As(err, &sc404) || sc404.Code != http.StatusNotFound {
		t.Errorf("post to an expired response_url = %v; want 404", err)
	}
	if ps := fs.Responses(sent.ResponseURL); len(ps) != 1 || ps[0].Error != "used_url" {
		t.Errorf("posts = %+v; want one refused as used_url", ps)
	}
	calls := fs.Calls("response_url")
	if len(calls) != 1 || calls[0].At.Before(before) {
		t.Errorf("response_url calls = %+v; want one stamped with its arrival", calls)
	}
}
