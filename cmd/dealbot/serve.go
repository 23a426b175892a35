package main

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/dealbot/dealbot/bot"
	"github.com/dealbot/dealbot/config"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/slack-go/slack"
)

// slackHTTPTimeout bounds every Web API and response_url call; slack-go's
// default client has none.
const slackHTTPTimeout = 15 * time.Second

// slackRetries is how often a call answered 429 is retried, honouring
// Retry-After.
const slackRetries = 3

// cmdServe runs the Slack bot over Socket Mode until ctx ends (SIGINT or
// SIGTERM): it stops taking work, finishes the requests in flight and
// closes the index.
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

	opts := []slack.Option{
		slack.OptionAppLevelToken(cfg.SlackAppToken.Reveal()),
		slack.OptionHTTPClient(&http.Client{Timeout: slackHTTPTimeout}),
		slack.OptionRetry(slackRetries), // after OptionHTTPClient, which it wraps
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
	eng, err := engine.Open(ctx, lg, engine.Options{CorpusDir: cfg.CorpusDir, IndexDir: cfg.IndexDir, MaxFileSize: cfg.MaxFileSize})
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

	b := bot.New(lg, api, eng, bot.Config{AdminUsers: cfg.AdminUsers, Workers: cfg.Workers})
	return b.Run(ctx)
}
