package main

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"time"

	"github.com/dealbot/dealbot/bot"
	"github.com/dealbot/dealbot/config"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/slack-go/slack"
)

// slackHTTPTimeout bounds every Web API and response_url call; slack-go's
// default client has none.
const slackHTTPTimeout = 15 * time.Second

// claimTTL is how long a request is remembered to drop Slack's retries of
// it and copies delivered to another replica; Slack retries within minutes.
const claimTTL = time.Hour

// cmdServe runs the Slack bot over Socket Mode until ctx ends (SIGINT or
// SIGTERM): it stops taking work, finishes the requests in flight and
// closes the index.
//
// Replicas: several serve processes may run for one Slack app when they
// share CORPUS_DIR and INDEX_DIR (one machine, or one shared volume with
// working flock). Slack hands each event to one of their sockets; a claim
// store in INDEX_DIR/claims makes sure a request Slack delivers twice
// (retries, or a mention seen as app_mention and message.im) is answered by
// one of them only. One replica rebuilds at a time; the others notice the
// new index within INDEX_POLL_INTERVAL and switch to it.
func cmdServe(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	cfg, err := loadConfig(env)
	var cerr *config.Error
	if err != nil && !errors.As(err, &cerr) {
		return err // an unreadable .env: its own problem, reported alone
	}
	if err := config.Join(err, cfg.ValidateSlack()); err != nil {
		return err
	}
	lg := config.NewLogger(env.Stderr, cfg)

	// Retries of 429s and 5xx are the bot's (it honours Retry-After and
	// logs them); the transport only spaces out reconnects that come in a
	// storm.
	httpClient := &http.Client{Timeout: slackHTTPTimeout, Transport: bot.NewReconnectPacer(lg, nil, cfg.ReconnectBackoff, 0, 0)}
	opts := []slack.Option{
		slack.OptionAppLevelToken(cfg.SlackAppToken.Reveal()),
		slack.OptionHTTPClient(httpClient),
	}
	apiURL := slack.APIURL
	if cfg.SlackAPIURL != "" {
		apiURL = cfg.SlackAPIURL
		opts = append(opts, slack.OptionAPIURL(cfg.SlackAPIURL))
	}
	api := slack.New(cfg.SlackBotToken.Reveal(), opts...)

	corpusLabel := cfg.CorpusDir
	if corpusLabel == "" {
		corpusLabel = "embedded seed articles"
	}
	lg.Info("starting dealbot", "corpus", corpusLabel, "index", cfg.IndexDir, "slack_api", apiURL,
		"admins", len(cfg.AdminUsers), "workers", cfg.Workers)
	eng, err := engine.Open(ctx, lg, engine.Options{CorpusDir: cfg.CorpusDir, IndexDir: cfg.IndexDir, MaxFileSize: cfg.MaxFileSize,
		RefreshInterval: cfg.IndexPollInterval})
	if err != nil {
		if ctx.Err() != nil {
			lg.Info("interrupted while opening the index")
			return nil
		}
		return err
	}
	defer func() {
		if err := eng.Close(); err != nil {
			lg.Error("closing the index", "error", err)
		}
	}()

	claims, err := bot.NewFileClaims(lg, filepath.Join(cfg.IndexDir, "claims"), claimTTL)
	if err != nil {
		return err
	}
	defer claims.Close()
	b := bot.New(lg, api, eng, bot.Config{
		AdminUsers:   cfg.AdminUsers,
		Workers:      cfg.Workers,
		Claims:       claims,
		QueryRate:    botRate(cfg.QueryLimit),
		ReindexRate:  botRate(cfg.ReindexLimit),
		PingInterval: cfg.SlackPingTimeout,
	})
	return b.Run(ctx)
}

// botRate converts a configured rate limit.
func botRate(r config.RateLimit) bot.Rate {
	if r.Off {
		return bot.Rate{Count: -1}
	}
	return bot.Rate{Count: r.Count, Per: r.Per, Burst: r.Burst}
}
