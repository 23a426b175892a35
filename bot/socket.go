package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// ackTimeout bounds the wait to queue an ack; slack-go buffers 20.
const ackTimeout = 2 * time.Second

// ackFlushGrace is how long the socket stays open after the last ack was
// queued, at shutdown: slack-go writes acks from a queue, and one still
// queued when the socket closes would make Slack deliver the request
// again although it was answered.
const ackFlushGrace = 500 * time.Millisecond

// tokenRejected are the auth.test errors that mean the bot token is bad.
var tokenRejected = map[string]bool{"invalid_auth": true, "not_authed": true, "token_revoked": true, "token_expired": true, "account_inactive": true, "not_allowed_token_type": true}

// job is an acknowledged envelope on its way to a worker. The socket's
// event loop only acknowledges envelopes and passes them on, so that no
// decoding or claim-store I/O delays the next ack; one intake goroutine
// then decodes them and drops duplicates and what needs no answer, in the
// order they arrived (so of two copies of a request the later one is the
// duplicate), and queues the rest for the workers.
type job struct {
	env *socketmode.Request
	// data is slack-go's own decoding of the payload (a slack.SlashCommand
	// for slash commands), which spares decoding it again.
	data     any
	received time.Time
	req      Request // set by accept
}

// Run connects to Slack over Socket Mode and serves requests until ctx
// ends, then stops taking work, finishes the requests in flight (up to
// ShutdownTimeout) and returns nil. It returns an error when Slack rejects
// the tokens. Run must be called once.
func (b *Bot) Run(ctx context.Context) error {
	if b.api == nil {
		return errors.New("bot: no Slack client")
	}
	var auth *slack.AuthTestResponse
	err := b.withRetry(ctx, "auth.test", func() error {
		var err error
		auth, err = b.api.AuthTestContext(ctx)
		return err
	})
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	switch {
	case err == nil:
		b.selfMu.Lock()
		b.self = identity{UserID: auth.UserID, BotID: auth.BotID}
		b.selfMu.Unlock()
		b.lg.Info("slack identity", "bot_user", auth.UserID, "bot_id", auth.BotID, "team", auth.TeamID)
	case errors.As(err, &se) && tokenRejected[se.Err]:
		return fmt.Errorf("bot: Slack rejected the bot token, SLACK_BOT_TOKEN (auth.test: %s)", se.Err)
	case errors.As(err, &se), errors.As(err, &sc) && (sc.Code == 404 || sc.Code == 405 || sc.Code == 501):
		// an endpoint without auth.test (a proxy or another fake): go on
		// without knowing our own IDs; our messages are still recognised
		// by their bot_id and subtype
		b.lg.Warn("auth.test unavailable; serving without the bot's own user ID", "err", redactURL(err).Error())
	default:
		return fmt.Errorf("bot: cannot reach Slack (auth.test): %w", err)
	}

	opts := []socketmode.Option{socketmode.OptionLog(slogWriter{b.lg.With("component", "socketmode"), slog.LevelDebug})}
	if b.cfg.PingInterval > 0 {
		opts = append(opts, socketmode.OptionPingInterval(b.cfg.PingInterval))
	}
	sm := socketmode.New(b.api, opts...)

	// The socket outlives ctx until the requests already acknowledged are
	// finished, so that acks slack-go still holds are written (see below).
	sockCtx, stopSock := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSock()
	sockErr := make(chan error, 1)
	go func() { sockErr <- sm.RunContext(sockCtx) }()

	// Workers outlive ctx so requests already acknowledged are finished;
	// workCtx is cancelled only if they overrun the shutdown grace.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	intake := make(chan job, b.cfg.QueueSize)
	queue := make(chan job, b.cfg.QueueSize)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(queue)
		for j := range intake {
			b.intake(ctx, j, queue, &wg)
		}
	})
	for range b.cfg.Workers {
		wg.Go(func() {
			for j := range queue {
				b.process(workCtx, j)
			}
		})
	}

	var runErr error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-sockErr:
			sockErr <- err // for the drain below
			if err != nil && !errors.Is(err, context.Canceled) {
				var se slack.SlackErrorResponse
				if errors.As(err, &se) {
					runErr = fmt.Errorf("bot: Slack rejected the app-level token, SLACK_APP_TOKEN (apps.connections.open: %s)", se.Err)
				} else {
					runErr = fmt.Errorf("bot: socket mode: %w", err)
				}
			}
			break loop
		case evt := <-sm.Events:
			b.onEvent(ctx, sm, evt, intake)
		}
	}

	// Stop taking work: envelopes that arrive from now on are not
	// acknowledged (Slack delivers them again, to another replica or after
	// the restart). Finish what was acknowledged, give the last acks time
	// to be written, then close the socket.
	b.lg.Info("shutting down: finishing requests in flight")
	close(intake)
	drained := make(chan struct{})
	go func() { wg.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(b.cfg.ShutdownTimeout):
		b.lg.Warn("shutdown grace over: cancelling requests still running", "grace", b.cfg.ShutdownTimeout)
		cancelWork()
		<-drained
	}
	if wait := ackFlushGrace - time.Since(time.Unix(0, b.lastAck.Load())); wait > 0 {
		time.Sleep(wait)
	}
	stopSock()
	<-sockErr
	b.lg.Info("stopped")
	return runErr
}

// onEvent handles one Socket Mode event: it acknowledges envelopes and
// passes them to the intake, and does nothing else that could delay the
// next ack.
func (b *Bot) onEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event, intake chan<- job) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.lg.Debug("connecting to slack")
		return
	case socketmode.EventTypeConnected:
		b.lg.Info("connected to slack", "connection", connectionNumber(evt))
		return
	case socketmode.EventTypeHello:
		if evt.Request != nil {
			b.lg.Debug("socket mode hello", "connections", evt.Request.NumConnections,
				"approx_lifetime_s", evt.Request.DebugInfo.ApproximateConnectionTime)
		}
		return
	case socketmode.EventTypeConnectionError:
		b.lg.Warn("slack connection failed; retrying", "error", eventError(evt))
		return
	case socketmode.EventTypeInvalidAuth:
		b.lg.Error("slack rejected the app-level token (SLACK_APP_TOKEN)")
		return
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		b.lg.Warn("socket mode error", "type", evt.Type, "error", eventError(evt))
		return
	case socketmode.EventTypeErrorBadMessage:
		b.onBadMessage(ctx, sm, evt)
		return
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeEventsAPI, socketmode.EventTypeInteractive:
	default:
		b.lg.Debug("socket mode event ignored", "type", evt.Type)
		return
	}
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	r := evt.Request
	if ctx.Err() != nil {
		// Shutting down: leave it unacknowledged; Slack delivers it again,
		// to another connection or replica.
		return
	}
	received := b.now()
	// Ack first, before any work: Slack retries what is not acknowledged
	// within 3 seconds. An ack that cannot even be queued (the socket is
	// being replaced and the queue is full, or we are stopping) is left to
	// Slack's redelivery rather than answered unacknowledged.
	ackCtx, cancel := context.WithTimeout(ctx, ackTimeout)
	err := sm.AckCtx(ackCtx, r.EnvelopeID, nil)
	cancel()
	if err != nil {
		b.lg.Warn("ack failed; leaving the envelope to Slack's redelivery", "envelope", r.EnvelopeID, "type", r.Type, "error", err)
		return
	}
	b.lastAck.Store(time.Now().UnixNano())
	// The intake never waits for long (it queues or refuses), so this
	// send only blocks while it is busy with a claim.
	intake <- job{env: r, data: evt.Data, received: received}
}

// intake decodes an acknowledged envelope, drops it if it needs no answer
// or duplicates a request already taken, and queues it for a worker.
func (b *Bot) intake(ctx context.Context, j job, queue chan<- job, wg *sync.WaitGroup) {
	if !b.accept(&j) {
		return
	}
	select {
	case queue <- j:
	default:
		// Every worker is busy and the queue is full: tell the user rather
		// than hold up later envelopes.
		b.lg.Warn("overloaded: request refused", "envelope", j.req.EnvelopeID, "kind", j.req.Kind, "user", j.req.UserID)
		wg.Go(func() {
			resp := simpleResponse("overloaded", ":hourglass: I'm handling a lot of requests right now. Please try again in a minute.")
			resp.Outcome = "overloaded"
			b.finishRequest(context.WithoutCancel(ctx), j, resp, nil)
		})
	}
}

// accept decodes an acknowledged envelope into j.req and reports whether
// it is to be answered: not malformed, not something that needs no answer
// (the bot's own messages, edits…) and not a duplicate of a request
// already taken.
func (b *Bot) accept(j *job) bool {
	r := j.env
	var d decoded
	var err error
	if sc, ok := j.data.(slack.SlashCommand); ok && r.Type == envSlash {
		d = decodeSlash(r.EnvelopeID, r.RetryAttempt, slashPayload{Command: sc.Command, Text: sc.Text,
			UserID: sc.UserID, ChannelID: sc.ChannelID, ResponseURL: sc.ResponseURL})
	} else {
		d, err = decodeEnvelope(r.Type, r.EnvelopeID, r.RetryAttempt, r.Payload, b.identity())
	}
	if err != nil {
		b.lg.Warn("envelope dropped: cannot decode", "envelope", r.EnvelopeID, "type", r.Type, "error", err)
		return false
	}
	if d.skip != "" {
		b.lg.Debug("envelope needs no answer", "envelope", r.EnvelopeID, "type", r.Type, "reason", d.skip)
		return false
	}
	// Slack retries events, and may hand a retry to another replica: their
	// claims go to the shared store. Slash commands and button clicks are
	// never retried and reach one connection only, so only a repeat within
	// this process (a redelivery after a reconnect) can happen: the
	// in-memory set catches it without the shared store's disk I/O.
	fresh := false
	if r.Type == envEvents {
		fresh = b.claim(d.keys)
	} else {
		fresh = b.seen.addAll(d.keys...)
	}
	if !fresh {
		b.lg.Info("duplicate envelope skipped", "envelope", r.EnvelopeID, "kind", d.req.Kind, "retry", r.RetryAttempt,
			"retry_reason", r.RetryReason, "user", d.req.UserID)
		return false
	}
	j.req = d.req
	return true
}

// onBadMessage acknowledges an envelope slack-go could not parse (it
// comes without a Request), so Slack does not retry it forever.
func (b *Bot) onBadMessage(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	bad, ok := evt.Data.(*socketmode.ErrorBadMessage)
	if !ok {
		return
	}
	var env struct {
		EnvelopeID string `json:"envelope_id"`
		Type       string `json:"type"`
	}
	if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
		if err := sm.AckCtx(ctx, env.EnvelopeID, nil); err != nil {
			b.lg.Warn("ack failed", "envelope", env.EnvelopeID, "error", err)
		}
	}
	b.lg.Warn("envelope dropped: malformed", "envelope", env.EnvelopeID, "type", env.Type, "error", bad.Cause)
}

// process handles one request on a worker: it runs the command, delivers
// the response and logs one line. A panic anywhere becomes an "internal
// error" answer; the bot keeps running.
func (b *Bot) process(ctx context.Context, j job) {
	c, req := b.route(j.req)
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	sink := newProgressSink(b, req)
	req.Progress = func(r Response) { sink.show(ctx, r) }
	resp := b.run(ctx, c, req)
	b.finishRequest(ctx, j, resp, sink)
}

// finishRequest delivers resp (replacing the progress message, if one was
// shown) and logs the request.
func (b *Bot) finishRequest(ctx context.Context, j job, resp Response, sink *progressSink) {
	req := j.req
	err := b.safeDeliver(ctx, req, resp, sink)
	outcome := resp.Outcome
	if outcome == "" {
		outcome = "ok"
	}
	attrs := []any{
		"kind", string(req.Kind), "command", resp.Command, "user", req.UserID, "channel", req.ChannelID,
		"envelope", req.EnvelopeID, "latency_ms", b.now().Sub(j.received).Milliseconds(),
		"results", resp.Results, "outcome", outcome,
	}
	if req.RetryAttempt > 0 {
		attrs = append(attrs, "retry", req.RetryAttempt)
	}
	level := slog.LevelInfo
	if resp.Err != nil {
		attrs = append(attrs, "error", resp.Err.Error())
		level = slog.LevelError
	}
	if err != nil {
		attrs = append(attrs, "delivery_error", err.Error())
		level = slog.LevelError
	}
	b.lg.Log(ctx, level, "request", attrs...)
	if b.lg.Enabled(ctx, slog.LevelDebug) {
		b.lg.Debug("request text", "envelope", req.EnvelopeID, "text", clip(req.Text, 200))
	}
}

// safeDeliver delivers resp and turns a panic into one more attempt with a
// plain internal-error message.
func (b *Bot) safeDeliver(ctx context.Context, req Request, resp Response, sink *progressSink) (err error) {
	defer func() {
		if r := recover(); r != nil {
			b.lg.Error("delivery panicked", "envelope", req.EnvelopeID, "panic", fmt.Sprint(r), "stack", stack())
			err = fmt.Errorf("delivery panicked: %v", r)
			func() {
				defer func() { _ = recover() }()
				_ = b.deliver(ctx, req, internalError(resp.Command, nil))
			}()
		}
	}()
	if sink != nil && sink.finish(ctx, resp) {
		return nil
	}
	return b.deliver(ctx, req, resp)
}

func connectionNumber(evt socketmode.Event) int {
	if c, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
		return c.ConnectionCount + 1
	}
	return 0
}

func eventError(evt socketmode.Event) string {
	switch d := evt.Data.(type) {
	case *slack.ConnectionErrorEvent:
		return fmt.Sprint(d.ErrorObj)
	case *slack.IncomingEventError:
		return fmt.Sprint(d.ErrorObj)
	case *socketmode.ErrorWriteFailed:
		return fmt.Sprint(d.Cause)
	case error:
		return d.Error()
	}
	return fmt.Sprint(evt.Data)
}

// slogWriter adapts slog to the Output-style logger slack-go takes.
type slogWriter struct {
	lg    *slog.Logger
	level slog.Level
}

// Output implements slack-go's logger interface.
func (w slogWriter) Output(_ int, s string) error {
	w.lg.Log(context.Background(), w.level, strings.TrimSpace(s))
	return nil
}
