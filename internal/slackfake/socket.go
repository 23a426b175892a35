package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Socket Mode limits and timings.
const (
	// MaxAckSize is the size at or above which Slack silently drops an ack.
	MaxAckSize = 20 * 1024
	// drainGrace is how long a socket told to disconnect stays open if the
	// client does not close it.
	drainGrace = 2 * time.Second
)

// conn is one Socket Mode WebSocket.
type conn struct {
	id       int
	ws       *websocket.Conn
	out      chan []byte // frames in order; one writer goroutine
	done     chan struct{}
	once     sync.Once
	draining bool // told to disconnect; s.mu guards it
	// blackholed sockets are dead without a word (a NAT or proxy dropped
	// them): no pings, no frames, no acks get through; s.mu guards it.
	blackholed bool
	sent       []*envelope
}

func (c *conn) close() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

// envelope is one Socket Mode envelope.
type envelope struct {
	id                     string
	typ                    string
	payload                obj
	acceptsResponsePayload bool
	retryAttempt           int
	retryReason            string

	acked       bool
	responseURL string // for slash commands and interactions
	raw         any    // a payload of any shape (SendEnvelope)
}

func (e *envelope) frame() []byte {
	var payload any = e.payload
	if e.raw != nil {
		payload = e.raw
	}
	f := obj{"envelope_id": e.id, "type": e.typ, "payload": payload, "accepts_response_payload": e.acceptsResponsePayload}
	if e.typ == "events_api" {
		f["retry_attempt"] = e.retryAttempt
		f["retry_reason"] = e.retryReason
	}
	b, err := json.Marshal(f)
	if err != nil {
		panic(fmt.Sprintf("slackfake: envelope does not marshal: %v", err))
	}
	return b
}

// Ack is an acknowledgement the bot sent over the socket.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage // nil for a bare ack
	Conn       int             // the socket it came on, from 1
	// Unknown is set when the envelope ID was never sent.
	Unknown bool
	// Dropped is set when Slack would silently drop the ack (≥ 20 KB).
	Dropped bool
	// Error is why a response payload in the ack was rejected.
	Error string
	// At is when the fake read the ack from the socket.
	At time.Time
}

// Sent identifies something the fake sent to the bot.
type Sent struct {
	EnvelopeID  string
	EventID     string // events_api
	TS          string // the user's message (mentions, DMs)
	Channel     string
	ResponseURL string // slash commands and block actions
}

// serveSocket upgrades GET /link/?ticket=… to the Socket Mode WebSocket.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	ok := s.tickets[ticket] && !s.closed
	delete(s.tickets, ticket)
	s.mu.Unlock()
	if !ok {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &conn{ws: ws, out: make(chan []byte, 1024), done: make(chan struct{})}

	s.mu.Lock()
	s.opened++
	c.id = s.opened
	hello, _ := json.Marshal(obj{"type": "hello", "num_connections": len(s.conns) + 1,
		"connection_info": obj{"app_id": s.AppID},
		"debug_info":      obj{"host": fmt.Sprintf("applink-fake-%d", c.id), "build_number": 1, "approximate_connection_time": 3600}})
	c.out <- hello
	s.conns = append(s.conns, c)
	pending := s.pending
	s.pending = nil
	for _, e := range pending {
		s.sendLocked(e)
	}
	s.notifyLocked()
	s.mu.Unlock()

	go s.writeLoop(c)
	go s.pingLoop(c)
	s.readLoop(c)
}

func (s *Server) writeLoop(c *conn) {
	for {
		select {
		case <-c.done:
			return
		case b := <-c.out:
			_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if err := c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
				c.close()
				return
			}
		}
	}
}

func (s *Server) pingLoop(c *conn) {
	t := time.NewTicker(s.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			s.mu.Lock()
			dead := c.blackholed
			s.mu.Unlock()
			if dead {
				continue
			}
			if err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second)); err != nil {
				c.close()
				return
			}
		}
	}
}

// readLoop records acks until the socket closes, then requeues what was
// sent on it and not acknowledged, as Slack redelivers unacknowledged
// envelopes.
func (s *Server) readLoop(c *conn) {
	defer func() {
		c.close()
		s.mu.Lock()
		s.conns = slices.DeleteFunc(s.conns, func(x *conn) bool { return x == c })
		for _, e := range c.sent {
			if e.acked {
				continue
			}
			if e.typ == "events_api" {
				e.retryAttempt++
				e.retryReason = "timeout"
			}
			if !s.closed {
				s.sendLocked(e)
			}
		}
		c.sent = nil
		s.notifyLocked()
		s.mu.Unlock()
	}()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.recordAck(c, data, time.Now())
	}
}

func (s *Server) recordAck(c *conn, data []byte, at time.Time) {
	var a struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &a); err != nil || a.EnvelopeID == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.blackholed {
		return // lost on the way
	}
	ack := Ack{EnvelopeID: a.EnvelopeID, Payload: a.Payload, Conn: c.id, At: at}
	e := s.envelopes[a.EnvelopeID]
	switch {
	case e == nil:
		ack.Unknown = true
	case len(data) >= MaxAckSize:
		ack.Dropped = true
	default:
		e.acked = true
		if len(a.Payload) > 0 && string(a.Payload) != "null" && e.responseURL != "" {
			ack.Error = s.ackResponseLocked(e, a.Payload)
		}
	}
	s.acks = append(s.acks, ack)
	s.notifyLocked()
}

// ackResponseLocked shows a response carried in an ack, as Slack does for
// slash commands and interactions.
func (s *Server) ackResponseLocked(e *envelope, payload json.RawMessage) string {
	var p struct {
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
		ResponseType string          `json:"response_type"`
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		return "invalid_json"
	}
	if p.Text == "" && len(p.Blocks) == 0 {
		return ""
	}
	blocks, errObj := checkContent(p.Text, string(p.Blocks), MaxMessageText)
	if errObj != nil {
		return errString(errObj)
	}
	ru := s.responses[responseURLID(e.responseURL)]
	m := &Message{Channel: ru.channel, TS: s.tsLocked(), User: s.BotUserID, BotID: s.BotID, Text: p.Text, Blocks: blocks, Via: "ack"}
	if p.ResponseType != "in_channel" {
		m.Ephemeral, m.To = true, ru.user
	}
	s.messages = append(s.messages, m)
	return ""
}

// sendLocked delivers e on a live socket — taking turns when there are
// several, as Slack spreads an app's events over its connections — or
// queues it until one connects.
func (s *Server) sendLocked(e *envelope) {
	s.envelopes[e.id] = e
	for i := range s.conns {
		c := s.conns[(s.turn+i)%len(s.conns)]
		if c.draining {
			continue
		}
		if c.blackholed {
			// Slack does not know the socket is dead: the envelope is lost
			// until the socket closes and Slack redelivers it.
			c.sent = append(c.sent, e)
			s.turn = (s.turn + i + 1) % len(s.conns)
			s.deliveries++
			return
		}
		select {
		case c.out <- e.frame():
			c.sent = append(c.sent, e)
			s.turn = (s.turn + i + 1) % len(s.conns)
			s.deliveries++
			return
		default:
		}
	}
	s.pending = append(s.pending, e)
}

func (s *Server) newEnvelopeLocked(typ string, payload obj, accepts bool) *envelope {
	return &envelope{id: fmt.Sprintf("env-%d", s.nextLocked()), typ: typ, payload: payload, acceptsResponsePayload: accepts}
}

// SlashCommand is a slash command a user runs.
type SlashCommand struct {
	User, Channel string
	Text          string
	Command       string // default "/deal"
	ChannelName   string // default "general"
}

// SlashCommand sends a slash_commands envelope and returns its envelope ID
// and the response_url it carries.
func (s *Server) SlashCommand(c SlashCommand) Sent {
	if c.Command == "" {
		c.Command = "/deal"
	}
	if c.ChannelName == "" {
		c.ChannelName = "general"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ru := s.newResponseURLLocked(c.Channel, c.User, nil)
	e := s.newEnvelopeLocked("slash_commands", obj{
		"token": "fakeverificationtoken", "team_id": s.TeamID, "team_domain": "fake",
		"channel_id": c.Channel, "channel_name": c.ChannelName, "user_id": c.User, "user_name": strings.ToLower(c.User),
		"command": c.Command, "text": c.Text, "api_app_id": s.AppID, "is_enterprise_install": "false",
		"response_url": ru, "trigger_id": fmt.Sprintf("trigger-%d", s.nextLocked()),
	}, true)
	e.responseURL = ru
	s.sendLocked(e)
	s.notifyLocked()
	return Sent{EnvelopeID: e.id, Channel: c.Channel, ResponseURL: ru}
}

// Event is an Events API event.
type Event struct {
	Type        string // "app_mention" or "message"
	User        string
	Channel     string
	ChannelType string // for message events: "im", "channel", "group", "mpim"
	Text        string
	TS          string // "" = a new timestamp; reuse one to model duplicates
	ThreadTS    string
	BotID       string
	Subtype     string
	Edited      bool
	EventID     string // "" = a new ID
}

// SendEvent sends an events_api envelope. A message from a user (not a bot)
// also appears in the channel, as the user wrote it.
func (s *Server) SendEvent(ev Event) Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	sent := s.queueEventLocked(ev, ev.BotID == "" && ev.User != s.BotUserID)
	s.notifyLocked()
	return sent
}

// Mention sends an app_mention from user in channel. text is used as is
// when it already mentions the bot; otherwise the mention is put in front.
func (s *Server) Mention(user, channel, text string) Sent {
	return s.SendEvent(Event{Type: "app_mention", User: user, Channel: channel, Text: s.withMention(text)})
}

// MentionInThread sends an app_mention posted as a reply in a thread.
func (s *Server) MentionInThread(user, channel, threadTS, text string) Sent {
	return s.SendEvent(Event{Type: "app_mention", User: user, Channel: channel, ThreadTS: threadTS, Text: s.withMention(text)})
}

func (s *Server) withMention(text string) string {
	if strings.Contains(text, "<@"+s.BotUserID) {
		return text
	}
	return "<@" + s.BotUserID + "> " + text
}

// DM sends a message.im event: user writing to the bot directly.
func (s *Server) DM(user, text string) Sent {
	return s.SendEvent(Event{Type: "message", ChannelType: "im", User: user, Channel: s.DMChannel(user), Text: text})
}

func (s *Server) queueEventLocked(ev Event, record bool) Sent {
	if ev.TS == "" {
		ev.TS = s.tsLocked()
	}
	if ev.EventID == "" {
		ev.EventID = fmt.Sprintf("Ev%06d", s.nextLocked())
	}
	inner := obj{"type": ev.Type, "user": ev.User, "text": ev.Text, "ts": ev.TS, "channel": ev.Channel, "event_ts": ev.TS}
	if ev.Type == "message" {
		inner["channel_type"] = ev.ChannelType
	}
	for k, v := range map[string]string{"thread_ts": ev.ThreadTS, "bot_id": ev.BotID, "subtype": ev.Subtype} {
		if v != "" {
			inner[k] = v
		}
	}
	if ev.Edited {
		inner["edited"] = obj{"user": ev.User, "ts": ev.TS}
	}
	payload := obj{
		"token": "fakeverificationtoken", "team_id": s.TeamID, "api_app_id": s.AppID, "event": inner,
		"type": "event_callback", "event_id": ev.EventID, "event_time": 1700000000 + s.seq,
		"authorizations":        []obj{{"enterprise_id": "", "team_id": s.TeamID, "user_id": s.BotUserID, "is_bot": true, "is_enterprise_install": false}},
		"is_ext_shared_channel": false, "event_context": "4-fake-" + ev.EventID,
	}
	e := s.newEnvelopeLocked("events_api", payload, false)
	if record && s.findLocked(ev.Channel, ev.TS) == nil {
		s.messages = append(s.messages, &Message{Channel: ev.Channel, TS: ev.TS, ThreadTS: ev.ThreadTS, User: ev.User, Text: ev.Text, Via: "user"})
	}
	s.sendLocked(e)
	return Sent{EnvelopeID: e.id, EventID: ev.EventID, TS: ev.TS, Channel: ev.Channel}
}

// Retry redelivers what sent delivered as Slack retries an event: the same
// payload (same event_id) in a new envelope with retry_attempt one higher
// and retry_reason set.
func (s *Server) Retry(sent Sent, reason string) Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	orig := s.envelopes[sent.EnvelopeID]
	if orig == nil {
		s.tb.Fatalf("slackfake: Retry of unknown envelope %q", sent.EnvelopeID)
		return Sent{}
	}
	e := s.newEnvelopeLocked(orig.typ, orig.payload, orig.acceptsResponsePayload)
	e.retryAttempt, e.retryReason, e.responseURL = orig.retryAttempt+1, reason, orig.responseURL
	s.sendLocked(e)
	s.notifyLocked()
	out := sent
	out.EnvelopeID = e.id
	return out
}

// BlockAction is a click on an interactive element.
type BlockAction struct {
	User, Channel string
	ActionID      string
	Value         string
	BlockID       string
	Text          string // the button label
	// MessageTS and Ephemeral describe the message the button was on.
	MessageTS string
	Ephemeral bool
}

// SendBlockAction sends an interactive block_actions envelope. Its
// response_url acts on the message at Channel/MessageTS (delete_original,
// replace_original).
func (s *Server) SendBlockAction(a BlockAction) Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	orig := s.findLocked(a.Channel, a.MessageTS)
	ru := s.newResponseURLLocked(a.Channel, a.User, orig)
	payload := obj{
		"type": "block_actions", "api_app_id": s.AppID, "token": "fakeverificationtoken",
		"user":       obj{"id": a.User, "username": strings.ToLower(a.User), "name": strings.ToLower(a.User), "team_id": s.TeamID},
		"team":       obj{"id": s.TeamID, "domain": "fake"},
		"channel":    obj{"id": a.Channel, "name": "general"},
		"container":  obj{"type": "message", "message_ts": a.MessageTS, "channel_id": a.Channel, "is_ephemeral": a.Ephemeral},
		"trigger_id": fmt.Sprintf("trigger-%d", s.nextLocked()), "response_url": ru,
		"actions": []obj{{"action_id": a.ActionID, "block_id": a.BlockID, "type": "button", "value": a.Value,
			"text": obj{"type": "plain_text", "text": a.Text, "emoji": true}, "action_ts": s.tsLocked()}},
	}
	if orig != nil && !a.Ephemeral {
		payload["message"] = obj{"type": "message", "ts": orig.TS, "text": orig.Text, "user": orig.User}
	}
	e := s.newEnvelopeLocked("interactive", payload, true)
	e.responseURL = ru
	s.sendLocked(e)
	s.notifyLocked()
	return Sent{EnvelopeID: e.id, Channel: a.Channel, ResponseURL: ru, TS: a.MessageTS}
}

// Click presses the button with actionID on m, as user.
func (s *Server) Click(user string, m Message, actionID string) Sent {
	s.tb.Helper()
	for _, b := range m.Buttons() {
		if b.ActionID == actionID {
			return s.SendBlockAction(BlockAction{User: user, Channel: m.Channel, ActionID: b.ActionID, Value: b.Value,
				BlockID: b.BlockID, Text: b.Text, MessageTS: m.TS, Ephemeral: m.Ephemeral})
		}
	}
	s.tb.Fatalf("slackfake: message %s/%s has no button %q (buttons: %+v)", m.Channel, m.TS, actionID, m.Buttons())
	return Sent{}
}

// Disconnect sends a disconnect message with reason ("refresh_requested",
// "warning", "link_disabled", "too_many_websockets") on every socket. The
// fake then sends nothing more on those sockets and closes them if the
// client does not; envelopes sent meanwhile wait for the next socket.
func (s *Server) Disconnect(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	frame, _ := json.Marshal(obj{"type": "disconnect", "reason": reason, "debug_info": obj{"host": "applink-fake"}})
	for _, c := range s.conns {
		if c.draining {
			continue
		}
		c.draining = true
		select {
		case c.out <- frame:
		default:
		}
		c := c
		time.AfterFunc(drainGrace, c.close)
	}
	s.disconnects = append(s.disconnects, reason)
	s.notifyLocked()
}

// Blackhole makes every open socket dead without a word, as when a NAT or
// proxy silently drops a connection: the fake stops pinging it, frames sent
// on it are lost and so are the client's acks. Nothing is closed; once the
// client gives up on the socket (no pings for longer than its limit) and
// closes it, what was sent on it is redelivered, as Slack would.
func (s *Server) Blackhole() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.blackholed = true
	}
	s.notifyLocked()
}

// SendEnvelope sends an envelope of any type with any payload (which is
// marshalled to JSON as is), to test how the client copes with envelopes
// Slack might add or payloads missing fields. A slash_commands or
// interactive payload without a response_url gets none.
func (s *Server) SendEnvelope(typ string, payload any) Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := &envelope{id: fmt.Sprintf("env-%d", s.nextLocked()), typ: typ, acceptsResponsePayload: typ != "events_api", raw: payload}
	s.sendLocked(e)
	s.notifyLocked()
	return Sent{EnvelopeID: e.id}
}

// DropConnections closes every socket abruptly, as a network failure would.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := slices.Clone(s.conns)
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
}

// Deliveries returns how many envelopes have been handed to a socket so
// far, redeliveries included.
func (s *Server) Deliveries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deliveries
}

// Connections returns how many sockets have been opened so far.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened
}

// OpenConnections returns how many sockets are open now.
func (s *Server) OpenConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// WaitConnections waits until n sockets have been opened in total.
func (s *Server) WaitConnections(n int) {
	s.tb.Helper()
	s.wait(fmt.Sprintf("%d socket connections", n), func() bool { return s.opened >= n })
}

// WaitAck waits for the first ack of envelopeID.
func (s *Server) WaitAck(envelopeID string) Ack {
	s.tb.Helper()
	var got Ack
	s.wait("ack of "+envelopeID, func() bool {
		for _, a := range s.acks {
			if a.EnvelopeID == envelopeID {
				got = a
				return true
			}
		}
		return false
	})
	return got
}

// Acks returns every ack received so far.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.acks)
}

// Unacked returns the IDs of envelopes sent and not yet acknowledged.
func (s *Server) Unacked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for id, e := range s.envelopes {
		if !e.acked {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
