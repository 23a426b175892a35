package bot

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"syscall"
	"time"

	"github.com/slack-go/slack"
)

// retryable says whether a failed Slack call may be tried again and after
// how long: a 429 after its Retry-After (at least a second), a 5xx after an
// exponential backoff from base, a refused connection (nothing was sent)
// likewise. Errors Slack answered in the body (channel_not_found…) are
// final.
func retryable(err error, attempt int, base time.Duration) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return max(rl.RetryAfter, time.Second), true
	}
	backoff := base << attempt
	backoff += time.Duration(rand.Int64N(int64(base/2) + 1))
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		switch {
		case sc.Code == http.StatusTooManyRequests:
			return max(backoff, time.Second), true
		case sc.Code >= 500:
			return backoff, true
		}
		return 0, false
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return backoff, true
	}
	return 0, false
}

// withRetry runs a Slack call, retrying what [retryable] allows up to
// SlackRetries times. A Retry-After longer than MaxRetryWait, or one that
// would outlast ctx, ends the retries.
func (b *Bot) withRetry(ctx context.Context, op string, call func() error) error {
	var err error
	for attempt := 0; ; attempt++ {
		if err = call(); err == nil {
			return nil
		}
		wait, ok := retryable(err, attempt, b.cfg.RetryBackoff)
		if !ok || attempt >= b.cfg.SlackRetries {
			return err
		}
		if wait > b.cfg.MaxRetryWait {
			b.lg.Warn("slack asks to wait longer than allowed; giving up", "call", op, "wait_ms", wait.Milliseconds(), "error", redactURL(err).Error())
			return err
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return err
		}
		b.lg.Info("slack call failed; retrying", "call", op, "attempt", attempt+1, "wait_ms", wait.Milliseconds(), "error", redactURL(err).Error())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
	}
}

// slackErrorCode returns the error code Slack answered ("not_in_channel"),
// or "".
func slackErrorCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// cannotPostHere reports whether err means the bot may not post in the
// channel (it is not a member, the channel is private or gone).
func cannotPostHere(err error) bool {
	switch slackErrorCode(err) {
	case "channel_not_found", "not_in_channel", "is_archived", "restricted_action", "cant_post_here",
		"restricted_action_read_only_channel", "restricted_action_thread_only_channel", "ekm_access_denied":
		return true
	}
	return false
}

// responseURLGone reports whether err means the response_url can no longer
// be used: used five times, expired (30 minutes) or unknown.
func responseURLGone(err error) bool {
	switch slackErrorCode(err) {
	case "used_url", "expired_url", "invalid_url", "no_url":
		return true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && (sc.Code == http.StatusNotFound || sc.Code == http.StatusGone || sc.Code == http.StatusForbidden) {
		return true
	}
	return false
}
