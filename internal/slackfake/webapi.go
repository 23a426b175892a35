package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// obj is a JSON object answer.
type obj = map[string]any

func writeJSON(w http.ResponseWriter, status int, v obj) {
	if ra, ok := v["_retry_after"].(int); ok {
		delete(v, "_retry_after")
		w.Header().Set("Retry-After", strconv.Itoa(ra))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func slackErr(code string, detail ...string) obj {
	o := obj{"ok": false, "error": code}
	if len(detail) > 0 && detail[0] != "" {
		o["response_metadata"] = obj{"messages": []string{"[ERROR] " + detail[0]}}
	}
	return o
}

// serveAPI answers POST /api/{method}.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		http.Error(w, "read error", http.StatusBadRequest)
		return
	}
	call := Call{Method: method, Status: http.StatusOK, At: time.Now()}
	var token string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		call.Body = json.RawMessage(body)
		token = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	} else {
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		token = vals.Get("token")
		if token == "" {
			token = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		}
		vals.Del("token")
		call.Values = vals
	}

	want := s.BotToken
	if method == "apps.connections.open" {
		want = s.AppToken
		if call.Values.Get("token") != "" {
			// Slack insists on the header for this method.
			token = ""
		}
	}
	call.tokenKind = tokenKind(token)
	switch {
	case token == "":
		call.Auth = "missing"
	case token != want:
		call.Auth = "invalid"
	default:
		call.Auth = "ok"
	}

	s.waitHeld(method)
	status, answer := s.answerAPI(method, &call)
	call.Status = status
	if e, ok := answer["error"].(string); ok {
		call.Error = e
	}
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.notifyLocked()
	s.mu.Unlock()
	writeJSON(w, status, answer)
}

func (s *Server) answerAPI(method string, call *Call) (int, obj) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status, answer, ok := s.faultAnswerLocked(method); ok {
		return status, answer
	}
	switch call.Auth {
	case "missing":
		return http.StatusOK, slackErr("not_authed")
	case "invalid":
		if method == "apps.connections.open" && call.tokenKind == "xoxb" {
			return http.StatusOK, slackErr("not_allowed_token_type")
		}
		return http.StatusOK, slackErr("invalid_auth")
	}
	v := call.Values
	switch method {
	case "apps.connections.open":
		ticket := fmt.Sprintf("ticket-%d", s.nextLocked())
		s.tickets[ticket] = true
		u := strings.Replace(s.URL, "http://", "ws://", 1) + "/link/?ticket=" + ticket + "&app_id=" + s.AppID
		return http.StatusOK, obj{"ok": true, "url": u}
	case "auth.test":
		return http.StatusOK, obj{"ok": true, "url": "https://fake.slack.com/", "team": "Fake Workspace",
			"user": "dealbot", "team_id": s.TeamID, "user_id": s.BotUserID, "bot_id": s.BotID, "is_enterprise_install": false}
	case "chat.postMessage":
		return s.postMessageLocked(v)
	case "chat.postEphemeral":
		return s.postEphemeralLocked(v)
	case "chat.update":
		return s.updateLocked(v)
	case "chat.delete":
		ch, ts := v.Get("channel"), v.Get("ts")
		m := s.findLocked(ch, ts)
		if m == nil || m.Deleted || m.Ephemeral {
			return http.StatusOK, slackErr("message_not_found")
		}
		if m.User != s.BotUserID {
			return http.StatusOK, slackErr("cant_delete_message")
		}
		m.Deleted = true
		return http.StatusOK, obj{"ok": true, "channel": ch, "ts": ts}
	case "users.info":
		u, ok := s.users[v.Get("user")]
		if !ok {
			return http.StatusOK, slackErr("user_not_found")
		}
		return http.StatusOK, obj{"ok": true, "user": obj{
			"id": u.ID, "team_id": s.TeamID, "name": u.Name, "deleted": u.Deleted, "is_bot": u.IsBot,
			"is_admin": u.IsAdmin, "is_owner": u.IsOwner, "is_primary_owner": u.IsPrimaryOwner,
			"is_restricted": u.IsRestricted, "is_ultra_restricted": u.IsUltraRestricted,
		}}
	case "conversations.open":
		users := strings.Split(v.Get("users"), ",")
		if len(users) != 1 || users[0] == "" {
			return http.StatusOK, slackErr("users_list_not_supplied")
		}
		if _, ok := s.users[users[0]]; !ok {
			return http.StatusOK, slackErr("user_not_found")
		}
		return http.StatusOK, obj{"ok": true, "channel": obj{"id": s.DMChannel(users[0])}}
	}
	return http.StatusOK, slackErr("unknown_method")
}

// faultAnswerLocked applies the next injected fault on method, if any.
func (s *Server) faultAnswerLocked(method string) (int, obj, bool) {
	f := s.takeFaultLocked(method)
	if f == nil {
		return 0, nil, false
	}
	if f.Status == http.StatusTooManyRequests {
		o := obj{"ok": false, "error": "ratelimited"}
		if f.RetryAfter > 0 {
			o["_retry_after"] = f.RetryAfter
		}
		return f.Status, o, true
	}
	if f.Status != 0 && f.Status != http.StatusOK {
		return f.Status, obj{"ok": false, "error": http.StatusText(f.Status)}, true
	}
	if f.Error != "" {
		return http.StatusOK, slackErr(f.Error), true
	}
	return 0, nil, false
}

// tokenKind is a token's prefix without the dash ("xoxb"), for error choice.
func tokenKind(tok string) string {
	if i := strings.IndexByte(tok, '-'); i > 0 {
		return tok[:i]
	}
	return ""
}

// resolveChannelLocked maps a channel argument to a conversation: a user ID
// means the bot's DM with that user. It returns a Slack error code when the
// bot cannot post there.
func (s *Server) resolveChannelLocked(ch string, posting bool) (string, string) {
	if ch == "" {
		return "", "channel_not_found"
	}
	if ch[0] == 'U' || ch[0] == 'W' {
		if _, ok := s.users[ch]; !ok {
			return "", "channel_not_found"
		}
		return s.DMChannel(ch), ""
	}
	if !strings.ContainsAny(ch[:1], "CGD") {
		return "", "channel_not_found"
	}
	c := s.channels[ch]
	if c.Missing {
		return "", "channel_not_found"
	}
	if posting && c.NotMember {
		return "", "not_in_channel"
	}
	return ch, ""
}

// checkContent validates text and blocks the way Slack does.
func checkContent(text, blocksJSON string, maxText int) ([]map[string]any, obj) {
	blocks, berr := parseBlocks(blocksJSON)
	if berr != nil {
		return nil, slackErr(berr.code, berr.detail)
	}
	if text == "" && len(blocks) == 0 {
		return nil, slackErr("no_text")
	}
	if utf8.RuneCountInString(text) > maxText {
		return nil, slackErr("msg_too_long", fmt.Sprintf("text has %d characters; at most %d", utf8.RuneCountInString(text), maxText))
	}
	return blocks, nil
}

func (s *Server) postMessageLocked(v url.Values) (int, obj) {
	ch, code := s.resolveChannelLocked(v.Get("channel"), true)
	if code != "" {
		return http.StatusOK, slackErr(code)
	}
	blocks, e := checkContent(v.Get("text"), v.Get("blocks"), MaxMessageText)
	if e != nil {
		return http.StatusOK, e
	}
	m := &Message{Channel: ch, TS: s.tsLocked(), ThreadTS: v.Get("thread_ts"), User: s.BotUserID, BotID: s.BotID,
		Text: v.Get("text"), Blocks: blocks, Via: "chat.postMessage"}
	s.messages = append(s.messages, m)
	if strings.HasPrefix(ch, "D") && !s.opts.NoEcho {
		// Slack tells the bot about its own DM posts: message.im with bot_id and no subtype.
		s.queueEventLocked(Event{Type: "message", ChannelType: "im", Channel: ch, User: s.BotUserID,
			BotID: s.BotID, Text: m.Text, TS: m.TS, ThreadTS: m.ThreadTS}, false)
	}
	return http.StatusOK, obj{"ok": true, "channel": ch, "ts": m.TS,
		"message": obj{"type": "message", "user": s.BotUserID, "bot_id": s.BotID, "text": m.Text, "ts": m.TS, "thread_ts": m.ThreadTS}}
}

func (s *Server) postEphemeralLocked(v url.Values) (int, obj) {
	ch, code := s.resolveChannelLocked(v.Get("channel"), false)
	if code != "" {
		return http.StatusOK, slackErr(code)
	}
	user := v.Get("user")
	if _, ok := s.users[user]; !ok {
		return http.StatusOK, slackErr("user_not_in_channel")
	}
	blocks, e := checkContent(v.Get("text"), v.Get("blocks"), MaxMessageText)
	if e != nil {
		return http.StatusOK, e
	}
	m := &Message{Channel: ch, TS: s.tsLocked(), ThreadTS: v.Get("thread_ts"), User: s.BotUserID, BotID: s.BotID,
		Ephemeral: true, To: user, Text: v.Get("text"), Blocks: blocks, Via: "chat.postEphemeral"}
	s.messages = append(s.messages, m)
	return http.StatusOK, obj{"ok": true, "message_ts": m.TS}
}

func (s *Server) updateLocked(v url.Values) (int, obj) {
	ch, ts := v.Get("channel"), v.Get("ts")
	if _, code := s.resolveChannelLocked(ch, false); code != "" {
		return http.StatusOK, slackErr(code)
	}
	m := s.findLocked(ch, ts)
	if m == nil || m.Deleted || m.Ephemeral {
		return http.StatusOK, slackErr("message_not_found")
	}
	if m.User != s.BotUserID {
		return http.StatusOK, slackErr("cant_update_message")
	}
	_, hasBlocks := v["blocks"]
	blocks, e := checkContent(v.Get("text"), v.Get("blocks"), MaxUpdateText)
	if e != nil {
		return http.StatusOK, e
	}
	m.History = append(m.History, Revision{Text: m.Text, Blocks: m.Blocks})
	m.Edits++
	m.Text = v.Get("text")
	if hasBlocks {
		m.Blocks = blocks
	} else {
		// Slack drops the blocks when an update sends text alone.
		m.Blocks = nil
	}
	return http.StatusOK, obj{"ok": true, "channel": ch, "ts": ts, "text": m.Text}
}

// responseURL is one response_url handed out with a slash command or an
// interaction.
type responseURL struct {
	id      string
	channel string
	user    string
	// original is the message a block action came from; for a slash
	// command, the last message posted through the URL.
	original *Message
	action   bool // handed out with an interaction: original is fixed
	uses     int
	posts    []ResponsePost
}

// maxResponseURLUses is how many times Slack accepts a response_url.
const maxResponseURLUses = 5

// ResponsePost is one JSON post to a response_url.
type ResponsePost struct {
	Text            string           `json:"text"`
	Blocks          []map[string]any `json:"-"`
	ResponseType    string           `json:"response_type"`
	ReplaceOriginal bool             `json:"replace_original"`
	DeleteOriginal  bool             `json:"delete_original"`
	ThreadTS        string           `json:"thread_ts"`
	// Error is the error the fake answered, or "" when accepted.
	Error string `json:"-"`
	// At is when the post arrived.
	At time.Time `json:"-"`
}

func (s *Server) newResponseURLLocked(channel, user string, original *Message) string {
	id := fmt.Sprintf("R%d", s.nextLocked())
	s.responses[id] = &responseURL{id: id, channel: channel, user: user, original: original, action: original != nil}
	return s.URL + "/response/" + id
}

// serveResponseURL answers POST /response/{id}.
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	s.waitHeld("response_url")
	body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		http.Error(w, "read error", http.StatusBadRequest)
		return
	}
	// Decode and check the post before taking the lock: under load the
	// lock would otherwise serialize every answer's decoding.
	post := parseResponsePost(body)
	post.post.At = at
	s.mu.Lock()
	status, answer := s.answerResponseURLLocked(r.PathValue("id"), post)
	s.calls = append(s.calls, Call{Method: "response_url", Body: body, Auth: "ok", Status: status, Error: errString(answer), At: at})
	s.notifyLocked()
	s.mu.Unlock()
	writeJSON(w, status, answer)
}

func errString(o obj) string {
	e, _ := o["error"].(string)
	return e
}

// parsedPost is a response_url post decoded and checked, before the
// server's state is looked at.
type parsedPost struct {
	post ResponsePost
	// invalid is set when the body is not JSON; contentErr is what
	// checkContent answered about its text and blocks.
	invalid    bool
	contentErr obj
}

// parseResponsePost decodes a response_url post and checks its text and
// blocks; it touches no state, so it runs without the lock.
func parseResponsePost(body []byte) parsedPost {
	var raw struct {
		ResponsePost
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return parsedPost{invalid: true}
	}
	p := parsedPost{post: raw.ResponsePost}
	if !p.post.DeleteOriginal {
		p.post.Blocks, p.contentErr = checkContent(p.post.Text, string(raw.Blocks), MaxMessageText)
	}
	return p
}

func (s *Server) answerResponseURLLocked(id string, p parsedPost) (int, obj) {
	if status, answer, ok := s.faultAnswerLocked("response_url"); ok {
		return status, answer
	}
	ru := s.responses[id]
	if ru == nil {
		return http.StatusNotFound, slackErr("invalid_url")
	}
	if p.invalid {
		return http.StatusBadRequest, slackErr("invalid_json")
	}
	post := p.post
	ru.uses++
	record := func(code string) {
		post.Error = code
		ru.posts = append(ru.posts, post)
	}
	if ru.uses > maxResponseURLUses {
		post.Blocks = nil
		record("used_url")
		return http.StatusNotFound, slackErr("used_url")
	}
	if post.DeleteOriginal {
		record("")
		if ru.original != nil {
			ru.original.Deleted = true
		}
		return http.StatusOK, obj{"ok": true}
	}
	if e := p.contentErr; e != nil {
		post.Blocks = nil
		record(errString(e))
		return http.StatusOK, e
	}
	blocks := post.Blocks
	record("")
	if post.ReplaceOriginal && ru.original != nil && !ru.original.Deleted {
		m := ru.original
		m.History = append(m.History, Revision{Text: m.Text, Blocks: m.Blocks})
		m.Edits++
		m.Text, m.Blocks = post.Text, blocks
		return http.StatusOK, obj{"ok": true}
	}
	m := &Message{Channel: ru.channel, TS: s.tsLocked(), ThreadTS: post.ThreadTS, User: s.BotUserID, BotID: s.BotID,
		Text: post.Text, Blocks: blocks, Via: "response_url", ResponseURL: s.URL + "/response/" + id}
	if post.ResponseType != "in_channel" {
		m.Ephemeral, m.To = true, ru.user
	}
	s.messages = append(s.messages, m)
	if !ru.action {
		ru.original = m
	}
	return http.StatusOK, obj{"ok": true}
}

// ExpireResponseURL makes responseURL answer used_url from now on, as Slack
// does once a response_url has been used five times or is 30 minutes old.
func (s *Server) ExpireResponseURL(responseURL string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ru := s.responses[responseURLID(responseURL)]; ru != nil {
		ru.uses = maxResponseURLUses
	}
}

// Responses returns the posts made to a response_url so far.
func (s *Server) Responses(responseURL string) []ResponsePost {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ru := s.responses[responseURLID(responseURL)]; ru != nil {
		return cloneResponsePosts(ru.posts)
	}
	return nil
}

// WaitResponse waits for the first post to responseURL.
func (s *Server) WaitResponse(responseURL string) ResponsePost {
	s.tb.Helper()
	return s.WaitResponses(responseURL, 1)[0]
}

// WaitResponses waits for n posts to responseURL and returns them all.
func (s *Server) WaitResponses(responseURL string, n int) []ResponsePost {
	s.tb.Helper()
	id := responseURLID(responseURL)
	var out []ResponsePost
	s.wait(fmt.Sprintf("%d posts to %s", n, responseURL), func() bool {
		ru := s.responses[id]
		if ru == nil || len(ru.posts) < n {
			return false
		}
		out = cloneResponsePosts(ru.posts)
		return true
	})
	return out
}

func cloneResponsePosts(ps []ResponsePost) []ResponsePost {
	out := make([]ResponsePost, len(ps))
	for i, p := range ps {
		p.Blocks = cloneBlocks(p.Blocks)
		out[i] = p
	}
	return out
}

func responseURLID(u string) string {
	if i := strings.LastIndex(u, "/response/"); i >= 0 {
		return u[i+len("/response/"):]
	}
	return u
}

// AllText returns the post's text and block texts, as [Message.AllText].
func (p ResponsePost) AllText() string {
	return Message{Text: p.Text, Blocks: p.Blocks}.AllText()
}

// Buttons returns the post's buttons.
func (p ResponsePost) Buttons() []Button { return Message{Blocks: p.Blocks}.Buttons() }
