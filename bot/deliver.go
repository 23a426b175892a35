package bot

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// deliver shows resp where req came from: through the response_url for
// slash commands and buttons (ephemeral unless InChannel), and with
// chat.postMessage in the thread or DM for mentions and DMs. Calls Slack
// rate limits or fails with a 5xx are retried (see [Bot.withRetry]). When
// the response_url cannot be used (used up, expired) or the bot may not
// post in the channel, the answer goes another way — an ephemeral message
// in the channel, else a DM — with a note saying what to do.
func (b *Bot) deliver(ctx context.Context, req Request, resp Response) error {
	switch req.Kind {
	case KindSlash, KindAction:
		err := b.respond(ctx, req.ResponseURL, resp)
		if err != nil {
			b.lg.Warn("response_url failed; answering through the Web API instead", "envelope", req.EnvelopeID, "user", req.UserID, "error", err.Error())
			if ferr := b.fallback(ctx, req, resp, err); ferr != nil {
				return errors.Join(err, ferr)
			}
			return nil
		}
		if req.Kind == KindAction && resp.DeleteOriginal {
			err := b.withRetry(ctx, "response_url delete_original", func() error {
				_, _, err := b.api.PostMessageContext(ctx, "", slack.MsgOptionDeleteOriginal(req.ResponseURL))
				return err
			})
			if err != nil {
				// The answer is out; the private copy just stays.
				b.lg.Warn("could not remove the private answer after sharing it", "envelope", req.EnvelopeID, "error", redactURL(err).Error())
			}
		}
		return nil
	case KindMention, KindDM:
		_, _, err := b.post(ctx, req.ChannelID, req.ThreadTS, resp)
		if err != nil && cannotPostHere(err) {
			b.lg.Warn("cannot post in the channel; answering privately instead", "envelope", req.EnvelopeID, "channel", req.ChannelID, "user", req.UserID, "error", err.Error())
			if ferr := b.fallback(ctx, req, resp, err); ferr != nil {
				return errors.Join(err, ferr)
			}
			return nil
		}
		return err
	}
	return fmt.Errorf("deliver: unknown request kind %q", req.Kind)
}

// fallback delivers resp when its usual way failed with cause: a shared
// answer in the channel with chat.postMessage, else privately — an
// ephemeral message in the channel, else a DM — with a note saying why and
// what to do.
func (b *Bot) fallback(ctx context.Context, req Request, resp Response, cause error) error {
	var errs []error
	if resp.InChannel && !cannotPostHere(cause) && req.ChannelID != "" {
		if _, _, err := b.post(ctx, req.ChannelID, req.ThreadTS, resp); err == nil {
			return nil
		} else {
			errs = append(errs, err)
			cause = err
		}
	}
	blocked := cannotPostHere(cause)
	if req.ChannelID != "" && req.UserID != "" && !strings.HasPrefix(req.ChannelID, "D") {
		r := resp
		if blocked {
			r = withNote(resp, fmt.Sprintf(":information_source: I can't post in this channel (%s). Invite me with `/invite @%s` to get answers here; only you can see this one.",
				escape(slackErrorCode(cause)), b.botName()))
		}
		err := b.withRetry(ctx, "chat.postEphemeral", func() error {
			_, err := b.api.PostEphemeralContext(ctx, req.ChannelID, req.UserID, messageOptions(r, "")...)
			return err
		})
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Errorf("chat.postEphemeral: %w", err))
	}
	if req.UserID == "" {
		return errors.Join(errs...)
	}
	where := "there"
	if channelIDPattern.MatchString(req.ChannelID) && !strings.HasPrefix(req.ChannelID, "D") {
		where = "in <#" + req.ChannelID + ">"
	}
	note := fmt.Sprintf(":information_source: I couldn't answer you %s, so here is the answer. ", where)
	if blocked {
		note += fmt.Sprintf("Invite me with `/invite @%s` to get answers in that channel, or ask me here.", b.botName())
	} else {
		note += "Ask me here any time."
	}
	if _, _, err := b.post(ctx, req.UserID, "", withNote(resp, note)); err != nil {
		errs = append(errs, fmt.Errorf("DM: %w", err))
		return errors.Join(errs...)
	}
	return nil
}

// channelIDPattern is a Slack conversation ID, safe in <#…> markup.
var channelIDPattern = regexp.MustCompile(`^[CGD][A-Z0-9]{2,20}$`)

// botName is how users invite the bot.
func (b *Bot) botName() string { return "dealbot" }

// withNote returns resp with note (mrkdwn, ours) in a context block first.
func withNote(resp Response, note string) Response {
	blocks := make([]slack.Block, 0, len(resp.Blocks)+1)
	blocks = append(blocks, contextBlock(note))
	blocks = append(blocks, resp.Blocks...)
	if len(blocks) > maxBlocks {
		blocks = blocks[:maxBlocks]
	}
	resp.Blocks = blocks
	return resp
}

// messageOptions are the options that post resp as a message: text and
// blocks, no unfurls, in threadTS's thread when set.
func messageOptions(resp Response, threadTS string) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(resp.Text, false), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl()}
	if len(resp.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(resp.Blocks...))
	}
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	return opts
}

// respond posts resp to a response_url.
func (b *Bot) respond(ctx context.Context, url string, resp Response) error {
	if url == "" {
		return errors.New("no response_url")
	}
	typ := slack.ResponseTypeEphemeral
	if resp.InChannel {
		typ = slack.ResponseTypeInChannel
	}
	opts := []slack.MsgOption{slack.MsgOptionResponseURL(url, typ), slack.MsgOptionText(resp.Text, false)}
	if len(resp.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(resp.Blocks...))
	}
	err := b.withRetry(ctx, "response_url", func() error {
		_, _, err := b.api.PostMessageContext(ctx, "", opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("post to response_url: %w", redactURL(err))
	}
	return nil
}

// redactURL hides the path of the URL in a transport error: a response_url
// lets whoever holds it post in the channel, so it stays out of the logs.
func redactURL(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	if u, perr := url.Parse(ue.URL); perr == nil {
		return &url.Error{Op: ue.Op, URL: u.Scheme + "://" + u.Host + "/…", Err: ue.Err}
	}
	return &url.Error{Op: ue.Op, URL: "…", Err: ue.Err}
}

// post posts resp in channel (in threadTS's thread when set) and returns
// the channel and timestamp of the message.
func (b *Bot) post(ctx context.Context, channel, threadTS string, resp Response) (string, string, error) {
	var ch, ts string
	err := b.withRetry(ctx, "chat.postMessage", func() error {
		var err error
		ch, ts, err = b.api.PostMessageContext(ctx, channel, messageOptions(resp, threadTS)...)
		return err
	})
	if err != nil {
		return "", "", fmt.Errorf("chat.postMessage: %w", err)
	}
	return ch, ts, nil
}

// update replaces the message at channel/ts with resp.
func (b *Bot) update(ctx context.Context, channel, ts string, resp Response) error {
	// MsgOptionBlocks with no blocks clears the old ones.
	opts := []slack.MsgOption{slack.MsgOptionText(resp.Text, false), slack.MsgOptionBlocks(resp.Blocks...)}
	err := b.withRetry(ctx, "chat.update", func() error {
		_, _, _, err := b.api.UpdateMessageContext(ctx, channel, ts, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("chat.update: %w", err)
	}
	return nil
}

// progressSink shows a request's progress as one message that is posted on
// the first update and then edited, at most once per ProgressInterval; the
// final response replaces it. Slash commands post it in the channel, or in
// a DM with the user when the bot cannot post there; mentions and DMs in
// their thread.
type progressSink struct {
	b   *Bot
	req Request

	mu        sync.Mutex
	state     progressState
	firstDone chan struct{} // closed when the first post has been tried
	channel   string
	ts        string
	pending   *Response
	wake      chan struct{}
	stop      chan struct{}
	stopped   chan struct{}
}

type progressState int

const (
	progressNone progressState = iota
	progressPosting
	progressPosted
	progressFailed
	progressFinished
)

func newProgressSink(b *Bot, req Request) *progressSink {
	return &progressSink{b: b, req: req, firstDone: make(chan struct{}), wake: make(chan struct{}, 1),
		stop: make(chan struct{}), stopped: make(chan struct{})}
}

// show displays r. The first call posts the message before returning, so
// the user sees it as soon as the work has started; later calls only record
// r for the updater and never block.
func (p *progressSink) show(ctx context.Context, r Response) {
	p.mu.Lock()
	switch p.state {
	case progressNone:
		p.state = progressPosting
		p.mu.Unlock()
		ch, ts, err := p.postFirst(ctx, r)
		p.mu.Lock()
		defer p.mu.Unlock()
		defer close(p.firstDone)
		if err != nil {
			p.state = progressFailed
			p.b.lg.Warn("progress message could not be posted", "envelope", p.req.EnvelopeID, "user", p.req.UserID, "error", err)
			return
		}
		p.channel, p.ts = ch, ts
		if p.state == progressPosting {
			p.state = progressPosted
			go p.updater(ctx)
		}
	case progressPosting, progressPosted:
		p.pending = &r
		p.mu.Unlock()
		select {
		case p.wake <- struct{}{}:
		default:
		}
	default:
		p.mu.Unlock()
	}
}

func (p *progressSink) postFirst(ctx context.Context, r Response) (string, string, error) {
	switch p.req.Kind {
	case KindSlash:
		ch, ts, err := p.b.post(ctx, p.req.ChannelID, "", r)
		if err == nil {
			return ch, ts, nil
		}
		// The bot may not be in the channel: show progress in a DM instead.
		ch, ts, err2 := p.b.post(ctx, p.req.UserID, "", r)
		if err2 != nil {
			return "", "", errors.Join(err, err2)
		}
		return ch, ts, nil
	case KindMention, KindDM:
		return p.b.post(ctx, p.req.ChannelID, p.req.ThreadTS, r)
	}
	return "", "", fmt.Errorf("no progress message for %s requests", p.req.Kind)
}

// updater applies pending updates, throttled, until finish.
func (p *progressSink) updater(ctx context.Context) {
	defer close(p.stopped)
	last := p.b.now()
	for {
		select {
		case <-p.stop:
			return
		case <-p.wake:
		}
		if wait := p.b.cfg.ProgressInterval - p.b.now().Sub(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-p.stop:
				t.Stop()
				return
			case <-t.C:
			}
		}
		p.mu.Lock()
		r := p.pending
		p.pending = nil
		p.mu.Unlock()
		if r == nil {
			continue
		}
		if err := p.b.update(ctx, p.channel, p.ts, *r); err != nil {
			p.b.lg.Warn("progress update failed", "envelope", p.req.EnvelopeID, "error", err)
		}
		last = p.b.now()
	}
}

// finish replaces the progress message with final and reports whether it
// did; when no progress message was shown (or it cannot be edited) the
// caller delivers final the usual way.
func (p *progressSink) finish(ctx context.Context, final Response) bool {
	p.mu.Lock()
	if p.state == progressPosting {
		p.mu.Unlock()
		<-p.firstDone
		p.mu.Lock()
	}
	st := p.state
	p.state = progressFinished
	p.mu.Unlock()
	if st != progressPosted {
		return false
	}
	close(p.stop)
	<-p.stopped
	if err := p.b.update(ctx, p.channel, p.ts, final); err != nil {
		p.b.lg.Warn("final progress update failed; posting the result instead", "envelope", p.req.EnvelopeID, "error", err)
		return false
	}
	return true
}
