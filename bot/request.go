package bot

import (
	"github.com/slack-go/slack"
)

// Kind is the surface a request came from.
type Kind string

// Request kinds.
const (
	KindSlash   Kind = "slash"   // /deal …
	KindMention Kind = "mention" // @dealbot … in a channel
	KindDM      Kind = "dm"      // a direct message to the bot
	KindAction  Kind = "action"  // a button click
)

// Request is one thing a user asked, whatever the surface. The Socket Mode
// adapter builds it from an envelope; handlers see nothing else.
type Request struct {
	Kind         Kind
	EnvelopeID   string
	RetryAttempt int
	UserID       string
	ChannelID    string
	// Text is what the user typed, as plain text: the slash command's text,
	// or the message with the bot's mention and other Slack markup removed
	// and &amp; &lt; &gt; decoded.
	Text string
	// ThreadTS is the thread a reply goes in ("" = not threaded).
	ThreadTS string
	// ResponseURL answers slash commands and button clicks.
	ResponseURL string
	// ActionID and ActionValue describe a clicked button.
	ActionID, ActionValue string
	// Progress, when not nil, shows an interim message that later calls and
	// the final response replace (reindex progress). Handlers call it
	// from any goroutine; it never blocks for long.
	Progress func(Response)
}

// Response is the bot's answer to a Request.
type Response struct {
	// Text is the notification and fallback text, already escaped.
	Text   string
	Blocks []slack.Block
	// InChannel makes a slash-command or button response visible to the
	// whole channel; by default those are ephemeral (only the user sees them).
	InChannel bool
	// DeleteOriginal removes the message a button was on once the response
	// is posted (Share in channel).
	DeleteOriginal bool

	// Command, Results and Outcome ("ok", "empty", "refused", "busy",
	// "error", "panic"…; "" means ok) describe the request for the log line.
	Command string
	Results int
	Outcome string
	// Err is an internal error behind the response, logged and never shown.
	Err error
}
