// Package bot is dealbot's Slack bot: a Socket Mode client that answers
// /deal commands, @mentions in channels and direct messages with deal
// cards, lets users share an answer with the channel, and lets admins
// rebuild the index while queries keep being answered.
//
// The Socket Mode adapter ([Bot.Run]) acknowledges every envelope before any
// work, drops duplicates (Slack retries, an @mention also delivered as a DM
// message) and the bot's own and other bots' messages, and hands the rest
// to a bounded pool of workers as plain [Request] values. Commands turn a
// Request into a [Response] without touching Slack ([Bot.Handle]); the
// adapter then delivers it: through the response_url for slash commands
// and buttons, with chat.postMessage in a thread for mentions and DMs.
// Everything from users and articles is escaped, so no answer can ping
// anyone.
package bot

import (
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
)

// Config tunes the bot. Zero values get the defaults named below.
type Config struct {
	// AdminUsers are user IDs allowed to reindex besides workspace admins
	// and owners.
	AdminUsers []string
	// Workers is how many requests are handled at once (default 4, at
	// least 2 so a reindex never blocks queries).
	Workers int
	// QueueSize bounds requests acknowledged and waiting for a worker
	// (default 256).
	QueueSize int
	// QueryTimeout bounds a query, help, stats or share (default 30s).
	QueryTimeout time.Duration
	// ReindexTimeout bounds a reindex (default 30m).
	ReindexTimeout time.Duration
	// ShutdownTimeout is how long Run waits for requests in flight after
	// its context ends (default 25s; Slack's retries cover the rest).
	ShutdownTimeout time.Duration
	// ProgressInterval is the least time between two updates of a progress
	// message (default 1s: chat.update is rate limited).
	ProgressInterval time.Duration
	// AdminCacheTTL is how long a users.info verdict is reused (default 5m).
	AdminCacheTTL time.Duration
	// DedupTTL is how long envelope and event IDs are remembered to drop
	// retries (default 1h; Slack retries within minutes).
	DedupTTL time.Duration
	// MaxDeals is how many deal cards an answer shows (default 10).
	MaxDeals int
	// MaxQueryLen is the longest query, in characters, that is searched
	// (default 500); longer ones are refused with an explanation.
	MaxQueryLen int
	// Claims records the requests taken, to answer each once. Replicas of
	// the bot must share one store (see [NewFileClaims]); nil keeps them in
	// memory, which is enough for a single process.
	Claims Claims
	// QueryRate limits each user's queries, help, stats and shares
	// (default DefaultQueryRate); ReindexRate limits each admin's
	// reindexes (default DefaultReindexRate). A negative Count turns a
	// limit off.
	QueryRate, ReindexRate Rate
	// SlackRetries is how many times a Slack call answered 429 or 5xx is
	// retried (default 3); RetryBackoff is the first wait after a 5xx,
	// doubled each time (default 500ms); MaxRetryWait is the longest
	// Retry-After honoured (default 30s).
	SlackRetries int
	RetryBackoff time.Duration
	MaxRetryWait time.Duration
	// PingInterval is how long the socket may go without a ping from Slack
	// before it is considered dead (default: slack-go's 30s).
	PingInterval time.Duration
	// Command is the slash command, for help text (default "/deal").
	Command string
	// Now tells the time (default time.Now).
	Now func() time.Time
}

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.Workers < 2 {
		c.Workers = max(c.Workers, 4)
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 256
	}
	def(&c.QueryTimeout, 30*time.Second)
	def(&c.ReindexTimeout, 30*time.Minute)
	def(&c.ShutdownTimeout, 25*time.Second)
	def(&c.ProgressInterval, time.Second)
	def(&c.AdminCacheTTL, 5*time.Minute)
	def(&c.DedupTTL, time.Hour)
	if c.MaxDeals <= 0 {
		c.MaxDeals = DefaultMaxDeals
	}
	if c.MaxQueryLen <= 0 {
		c.MaxQueryLen = DefaultMaxQueryLen
	}
	c.QueryRate = c.QueryRate.orDefault(DefaultQueryRate)
	c.ReindexRate = c.ReindexRate.orDefault(DefaultReindexRate)
	if c.SlackRetries <= 0 {
		c.SlackRetries = 3
	}
	def(&c.RetryBackoff, 500*time.Millisecond)
	def(&c.MaxRetryWait, 30*time.Second)
	if c.Command == "" {
		c.Command = "/deal"
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Bot is the Slack bot.
type Bot struct {
	lg     *slog.Logger
	api    *slack.Client // nil in handler tests
	eng    Engine
	cfg    Config
	admins *adminChecker
	seen   *ttlSet // in memory: the fallback when Claims fails
	claims Claims

	queryLimit, reindexLimit *limiter

	query, share *command
	table        []*command

	selfMu sync.RWMutex
	self   identity

	lastAck atomic.Int64 // unix nanoseconds of the last ack queued
}

// identity is who the bot is in the workspace, from auth.test.
type identity struct {
	UserID, BotID string
}

// New returns a bot that talks to Slack through api (whose app-level token
// opens the socket), answers from eng and logs to lg.
func New(lg *slog.Logger, api *slack.Client, eng Engine, cfg Config) *Bot {
	var users UserDirectory
	if api != nil {
		users = api
	}
	return newBot(lg, api, eng, users, cfg)
}

func newBot(lg *slog.Logger, api *slack.Client, eng Engine, users UserDirectory, cfg Config) *Bot {
	cfg = cfg.withDefaults()
	b := &Bot{
		lg:     lg,
		api:    api,
		eng:    eng,
		cfg:    cfg,
		admins: newAdminChecker(cfg.AdminUsers, users, cfg.AdminCacheTTL, cfg.Now),
		seen:   newTTLSet(cfg.DedupTTL, cfg.Now),
	}
	b.admins.lookup = b.lookupUser
	b.claims = cfg.Claims
	if b.claims == nil {
		b.claims = b.seen
	}
	b.queryLimit = newLimiter(cfg.QueryRate, cfg.Now)
	b.reindexLimit = newLimiter(cfg.ReindexRate, cfg.Now)
	b.buildCommands()
	return b
}

// DefaultMaxQueryLen is the longest query searched, in characters.
const DefaultMaxQueryLen = 500

// claim records a request's keys and reports whether it is new. When the
// shared store fails, the in-memory set decides (a replica might then
// answer a request twice, never zero times).
func (b *Bot) claim(keys []string) bool {
	fresh, err := b.claims.Claim(keys...)
	if err != nil {
		b.lg.Warn("claim store failed; deduplicating in memory only", "error", err.Error())
		if b.claims != Claims(b.seen) {
			return b.seen.addAll(keys...)
		}
	}
	return fresh
}

func (b *Bot) now() time.Time { return b.cfg.Now() }

func (b *Bot) identity() identity {
	b.selfMu.RLock()
	defer b.selfMu.RUnlock()
	return b.self
}

func stack() string { return string(debug.Stack()) }
