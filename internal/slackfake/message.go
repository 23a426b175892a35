package slackfake

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Message is a message as users see it.
type Message struct {
	Channel  string
	TS       string
	ThreadTS string // parent's ts for a thread reply
	User     string // author: the bot's user ID for the bot's posts
	BotID    string // set on the bot's posts
	// Ephemeral messages are seen only by To.
	Ephemeral bool
	To        string
	Text      string
	Blocks    []map[string]any
	Deleted   bool
	// Edits counts chat.update calls and response_url replacements.
	Edits int
	// History holds the earlier versions of an edited message, oldest first.
	History []Revision
	// Via is how the message got there: "user", "chat.postMessage",
	// "chat.postEphemeral", "response_url" or "ack".
	Via string
	// ResponseURL is the response_url that posted it, if any.
	ResponseURL string
}

// Revision is an earlier version of an edited message.
type Revision struct {
	Text   string
	Blocks []map[string]any
}

// Visible reports whether everyone in the channel can see m.
func (m Message) Visible() bool { return !m.Ephemeral && !m.Deleted }

// AllText returns the message's text and every text in its blocks (section
// text and fields, headers, context elements, button labels), one per line:
// what a user can read.
func (m Message) AllText() string {
	var parts []string
	if m.Text != "" {
		parts = append(parts, m.Text)
	}
	parts = append(parts, BlockTexts(m.Blocks)...)
	return strings.Join(parts, "\n")
}

// BlockText returns only the text shown in the blocks.
func (m Message) BlockText() string { return strings.Join(BlockTexts(m.Blocks), "\n") }

// BlockTypes returns the types of m's blocks in order.
func (m Message) BlockTypes() []string {
	out := make([]string, len(m.Blocks))
	for i, b := range m.Blocks {
		out[i], _ = b["type"].(string)
	}
	return out
}

// Button is an interactive button in a message.
type Button struct {
	ActionID, Value, Text, BlockID string
}

// Buttons returns the buttons in m's actions blocks.
func (m Message) Buttons() []Button {
	var out []Button
	for _, b := range m.Blocks {
		if b["type"] != "actions" {
			continue
		}
		els, _ := b["elements"].([]any)
		for _, e := range els {
			em, _ := e.(map[string]any)
			if em["type"] != "button" {
				continue
			}
			btn := Button{}
			btn.ActionID, _ = em["action_id"].(string)
			btn.Value, _ = em["value"].(string)
			btn.BlockID, _ = b["block_id"].(string)
			if t, ok := em["text"].(map[string]any); ok {
				btn.Text, _ = t["text"].(string)
			}
			out = append(out, btn)
		}
	}
	return out
}

// BlockTexts returns every text object's text in blocks, in order.
func BlockTexts(blocks []map[string]any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if t, ok := x["type"].(string); ok && (t == "plain_text" || t == "mrkdwn") {
				if s, ok := x["text"].(string); ok {
					out = append(out, s)
				}
				return
			}
			for _, k := range []string{"text", "fields", "elements", "accessory"} {
				if c, ok := x[k]; ok {
					walk(c)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, b := range blocks {
		walk(b)
	}
	return out
}

func (m *Message) clone() Message {
	c := *m
	c.Blocks = cloneBlocks(m.Blocks)
	c.History = slices.Clone(m.History)
	return c
}

func cloneBlocks(b []map[string]any) []map[string]any {
	if b == nil {
		return nil
	}
	js, err := json.Marshal(b)
	if err != nil {
		panic(fmt.Sprintf("slackfake: blocks do not marshal: %v", err))
	}
	var out []map[string]any
	if err := json.Unmarshal(js, &out); err != nil {
		panic(fmt.Sprintf("slackfake: blocks do not unmarshal: %v", err))
	}
	return out
}

// Messages returns the messages in channel ("" = every channel), oldest
// first, including deleted and ephemeral ones (check Visible, Ephemeral).
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(func(m *Message) bool { return channel == "" || m.Channel == channel })
}

func (s *Server) messagesLocked(keep func(*Message) bool) []Message {
	var out []Message
	for _, m := range s.messages {
		if keep(m) {
			out = append(out, m.clone())
		}
	}
	return out
}

// BotMessages returns the bot's messages in channel ("" = everywhere) that
// are not deleted, visible and ephemeral.
func (s *Server) BotMessages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(func(m *Message) bool {
		return (channel == "" || m.Channel == channel) && m.User == s.BotUserID && !m.Deleted
	})
}

// Replies returns the bot's live replies in the thread under parentTS.
func (s *Server) Replies(channel, parentTS string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(func(m *Message) bool {
		return m.Channel == channel && m.ThreadTS == parentTS && m.User == s.BotUserID && !m.Deleted
	})
}

// Message returns the message at channel/ts.
func (s *Server) Message(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.findLocked(channel, ts); m != nil {
		return m.clone(), true
	}
	return Message{}, false
}

func (s *Server) findLocked(channel, ts string) *Message {
	for _, m := range s.messages {
		if m.Channel == channel && m.TS == ts {
			return m
		}
	}
	return nil
}

// WaitMessage waits until some message satisfies match and returns it
// (the first such, oldest first).
func (s *Server) WaitMessage(what string, match func(Message) bool) Message {
	s.tb.Helper()
	var got Message
	s.wait(what, func() bool {
		for _, m := range s.messages {
			if c := m.clone(); match(c) {
				got = c
				return true
			}
		}
		return false
	})
	return got
}
