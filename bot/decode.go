package bot

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Socket Mode envelope types.
const (
	envSlash       = "slash_commands"
	envEvents      = "events_api"
	envInteractive = "interactive"
)

// slackbotUser is Slackbot's user ID; its messages are never answered.
const slackbotUser = "USLACKBOT"

type slashPayload struct {
	Command     string `json:"command"`
	Text        string `json:"text"`
	UserID      string `json:"user_id"`
	ChannelID   string `json:"channel_id"`
	ResponseURL string `json:"response_url"`
}

type eventsPayload struct {
	Type    string `json:"type"`
	EventID string `json:"event_id"`
	Event   struct {
		Type        string          `json:"type"`
		Subtype     string          `json:"subtype"`
		User        string          `json:"user"`
		BotID       string          `json:"bot_id"`
		Text        string          `json:"text"`
		TS          string          `json:"ts"`
		ThreadTS    string          `json:"thread_ts"`
		Channel     string          `json:"channel"`
		ChannelType string          `json:"channel_type"`
		Edited      json.RawMessage `json:"edited"`
		Hidden      bool            `json:"hidden"`
	} `json:"event"`
}

type interactivePayload struct {
	Type        string `json:"type"`
	ResponseURL string `json:"response_url"`
	User        struct {
		ID string `json:"id"`
	} `json:"user"`
	Channel struct {
		ID string `json:"id"`
	} `json:"channel"`
	Container struct {
		ChannelID string `json:"channel_id"`
		MessageTS string `json:"message_ts"`
		ThreadTS  string `json:"thread_ts"`
	} `json:"container"`
	Actions []struct {
		ActionID string `json:"action_id"`
		Value    string `json:"value"`
	} `json:"actions"`
}

// decoded is an envelope turned into a request, or the reason it is not one.
type decoded struct {
	req Request
	// keys identify the request for duplicate detection.
	keys []string
	// skip says why the envelope needs no answer ("" = answer it).
	skip string
}

// decodeEnvelope turns a Socket Mode envelope into a Request. self is the
// bot's identity, to ignore its own messages.
func decodeEnvelope(typ, envelopeID string, retry int, payload json.RawMessage, self identity) (decoded, error) {
	d := decoded{req: Request{EnvelopeID: envelopeID, RetryAttempt: retry}, keys: []string{"env:" + envelopeID}}
	switch typ {
	case envSlash:
		var p slashPayload
		if err := json.Unmarshal(payload, &p); err != nil {
			return d, fmt.Errorf("decode slash command: %w", err)
		}
		return decodeSlash(envelopeID, retry, p), nil

	case envInteractive:
		var p interactivePayload
		if err := json.Unmarshal(payload, &p); err != nil {
			return d, fmt.Errorf("decode interaction: %w", err)
		}
		if p.Type != "block_actions" || len(p.Actions) == 0 {
			d.skip = "interaction " + p.Type + " not handled"
			return d, nil
		}
		ch := p.Container.ChannelID
		if ch == "" {
			ch = p.Channel.ID
		}
		d.req.Kind, d.req.UserID, d.req.ChannelID, d.req.ResponseURL = KindAction, p.User.ID, ch, p.ResponseURL
		d.req.ActionID, d.req.ActionValue = p.Actions[0].ActionID, p.Actions[0].Value
		switch {
		case p.ResponseURL == "":
			d.skip = "interaction without response_url"
		case p.User.ID == "":
			d.skip = "interaction without a user"
		}
		return d, nil

	case envEvents:
		var p eventsPayload
		if err := json.Unmarshal(payload, &p); err != nil {
			return d, fmt.Errorf("decode event: %w", err)
		}
		if p.EventID != "" {
			d.keys = append(d.keys, "event:"+p.EventID)
		}
		ev := p.Event
		if p.Type != "event_callback" {
			d.skip = "event " + p.Type + " not handled"
			return d, nil
		}
		d.req.UserID, d.req.ChannelID = ev.User, ev.Channel
		switch {
		case ev.Type != "app_mention" && ev.Type != "message":
			d.skip = "event " + ev.Type + " not handled"
		case ev.BotID != "":
			d.skip = "message from a bot"
		case ev.User == "" || ev.User == slackbotUser:
			d.skip = "message from no user or Slackbot"
		case self.UserID != "" && ev.User == self.UserID:
			d.skip = "our own message"
		case ev.Subtype != "" || ev.Hidden:
			d.skip = "message subtype " + ev.Subtype
		case len(ev.Edited) > 0 && string(ev.Edited) != "null":
			d.skip = "edited message"
		case ev.Type == "message" && ev.ChannelType != "im":
			d.skip = "channel message without a mention"
		case ev.Channel == "" || ev.TS == "":
			d.skip = "event without channel or ts"
		}
		if d.skip != "" {
			return d, nil
		}
		// An @mention in a DM can arrive as both app_mention and message:
		// the channel and ts identify the user's message either way.
		d.keys = append(d.keys, "msg:"+ev.Channel+"/"+ev.TS)
		d.req.Text = plainQuery(ev.Text)
		if ev.Type == "message" || strings.HasPrefix(ev.Channel, "D") {
			// A DM: answer in the DM, in the thread only if the user wrote in one.
			d.req.Kind, d.req.ThreadTS = KindDM, ev.ThreadTS
		} else {
			// A mention in a channel: answer in its thread.
			d.req.Kind, d.req.ThreadTS = KindMention, ev.ThreadTS
			if d.req.ThreadTS == "" {
				d.req.ThreadTS = ev.TS
			}
		}
		return d, nil
	}
	d.skip = "envelope type " + typ + " not handled"
	return d, nil
}

// decodeSlash turns a slash command's payload into a Request.
func decodeSlash(envelopeID string, retry int, p slashPayload) decoded {
	d := decoded{req: Request{EnvelopeID: envelopeID, RetryAttempt: retry}, keys: []string{"env:" + envelopeID}}
	d.req.Kind, d.req.UserID, d.req.ChannelID = KindSlash, p.UserID, p.ChannelID
	d.req.Text, d.req.ResponseURL = plainQuery(p.Text), p.ResponseURL
	switch {
	case p.ResponseURL == "":
		d.skip = "slash command without response_url"
	case p.UserID == "" || p.ChannelID == "":
		d.skip = "slash command without user_id or channel_id"
	}
	return d
}
