package bot

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestDecodeEnvelope(t *testing.T) {
	self := identity{UserID: "U0BOT", BotID: "B0BOT"}
	ev := func(inner map[string]any) json.RawMessage {
		js, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": "Ev1", "event": inner})
		return js
	}
	tests := []struct {
		name     string
		typ      string
		payload  json.RawMessage
		want     Request
		wantKeys []string
		skip     bool
	}{
		{"slash", envSlash, json.RawMessage(`{"command":"/deal","text":"acme &amp; zorblat","user_id":"U1","channel_id":"C1","response_url":"https://r/1"}`),
			Request{Kind: KindSlash, UserID: "U1", ChannelID: "C1", Text: "acme & zorblat", ResponseURL: "https://r/1"}, []string{"env:E"}, false},
		{"mention", envEvents, ev(map[string]any{"type": "app_mention", "user": "U1", "text": "<@U0BOT> who bought zorblat?", "ts": "10.1", "channel": "C1"}),
			Request{Kind: KindMention, UserID: "U1", ChannelID: "C1", Text: "who bought zorblat?", ThreadTS: "10.1"}, []string{"env:E", "event:Ev1", "msg:C1/10.1"}, false},
		{"mention in a thread", envEvents, ev(map[string]any{"type": "app_mention", "user": "U1", "text": "<@U0BOT> acme", "ts": "10.5", "thread_ts": "10.1", "channel": "C1"}),
			Request{Kind: KindMention, UserID: "U1", ChannelID: "C1", Text: "acme", ThreadTS: "10.1"}, nil, false},
		{"dm", envEvents, ev(map[string]any{"type": "message", "channel_type": "im", "user": "U1", "text": "acme", "ts": "11.1", "channel": "D1"}),
			Request{Kind: KindDM, UserID: "U1", ChannelID: "D1", Text: "acme"}, []string{"env:E", "event:Ev1", "msg:D1/11.1"}, false},
		{"mention inside a dm", envEvents, ev(map[string]any{"type": "app_mention", "user": "U1", "text": "<@U0BOT> acme", "ts": "11.1", "channel": "D1"}),
			Request{Kind: KindDM, UserID: "U1", ChannelID: "D1", Text: "acme"}, []string{"env:E", "event:Ev1", "msg:D1/11.1"}, false},
		{"block action", envInteractive, json.RawMessage(`{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C1"},"container":{"channel_id":"C1","message_ts":"1.2"},"response_url":"https://r/2","actions":[{"action_id":"deal_share","value":"acme"}]}`),
			Request{Kind: KindAction, UserID: "U1", ChannelID: "C1", ResponseURL: "https://r/2", ActionID: "deal_share", ActionValue: "acme"}, nil, false},
		{"own dm message", envEvents, ev(map[string]any{"type": "message", "channel_type": "im", "user": "U0BOT", "bot_id": "B0BOT", "text": "answer", "ts": "12.1", "channel": "D1"}), Request{}, nil, true},
		{"own message without bot_id", envEvents, ev(map[string]any{"type": "message", "channel_type": "im", "user": "U0BOT", "text": "answer", "ts": "12.1", "channel": "D1"}), Request{}, nil, true},
		{"other bot mention", envEvents, ev(map[string]any{"type": "app_mention", "user": "U2", "bot_id": "B9", "text": "<@U0BOT> acme", "ts": "12.2", "channel": "C1"}), Request{}, nil, true},
		{"bot_message subtype", envEvents, ev(map[string]any{"type": "message", "channel_type": "im", "subtype": "bot_message", "text": "x", "ts": "12.3", "channel": "D1"}), Request{}, nil, true},
		{"slackbot", envEvents, ev(map[string]any{"type": "message", "channel_type": "im", "user": "USLACKBOT", "text": "x", "ts": "12.4", "channel": "D1"}), Request{}, nil, true},
		{"edited mention", envEvents, ev(map[string]any{"type": "app_mention", "user": "U1", "text": "<@U0BOT> acme", "ts": "12.5", "channel": "C1", "edited": map[string]any{"ts": "13"}}), Request{}, nil, true},
		{"message_changed", envEvents, ev(map[string]any{"type": "message", "channel_type": "im", "subtype": "message_changed", "ts": "12.6", "channel": "D1"}), Request{}, nil, true},
		{"channel message", envEvents, ev(map[string]any{"type": "message", "channel_type": "channel", "user": "U1", "text": "acme", "ts": "12.7", "channel": "C1"}), Request{}, nil, true},
		{"other event", envEvents, ev(map[string]any{"type": "reaction_added", "user": "U1"}), Request{}, nil, true},
		{"view submission", envInteractive, json.RawMessage(`{"type":"view_submission","user":{"id":"U1"}}`), Request{}, nil, true},
		{"no response_url", envSlash, json.RawMessage(`{"text":"acme","user_id":"U1"}`), Request{}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := decodeEnvelope(tt.typ, "E", 0, tt.payload, self)
			if err != nil {
				t.Fatalf("decodeEnvelope: %v", err)
			}
			if (d.skip != "") != tt.skip {
				t.Fatalf("skip = %q; want skipped=%v", d.skip, tt.skip)
			}
			if tt.skip {
				return
			}
			tt.want.EnvelopeID = "E"
			if d.req.Progress != nil {
				t.Fatal("decoded request has a Progress func")
			}
			if !reflect.DeepEqual(d.req, tt.want) {
				t.Errorf("request = %+v; want %+v", d.req, tt.want)
			}
			if tt.wantKeys != nil && !slices.Equal(d.keys, tt.wantKeys) {
				t.Errorf("keys = %v; want %v", d.keys, tt.wantKeys)
			}
		})
	}
	if _, err := decodeEnvelope(envEvents, "E", 0, json.RawMessage(`{"event":`), self); err == nil {
		t.Error("malformed payload decoded without error")
	}
}

func TestTTLSet(t *testing.T) {
	now := time.Unix(1000, 0)
	s := newTTLSet(time.Minute, func() time.Time { return now })
	if !s.add("a") || s.add("a") {
		t.Fatal("add(a) twice: want new then seen")
	}
	if s.addAll("b", "a") {
		t.Error("addAll(b, a) = new; want seen because of a")
	}
	if s.add("b") {
		t.Error("b was recorded by addAll; want seen")
	}
	now = now.Add(2 * time.Minute)
	if !s.add("a") {
		t.Error("a after the TTL = seen; want new")
	}
	if len(s.m) > 2 {
		t.Errorf("expired keys kept: %v", s.m)
	}
}
