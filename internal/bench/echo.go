package bench

import (
	"context"
	"net/http"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// RunEchoBot is the load tool's calibration bot: a bare slack-go Socket
// Mode client that acknowledges each slash command and posts a one-line
// answer to its response_url, with no search and no rendering. Its
// latencies are the floor of the harness (the fake, slack-go, loopback) on
// this machine.
func RunEchoBot(ctx context.Context, getenv func(string) string) error {
	api := slack.New(getenv("SLACK_BOT_TOKEN"), slack.OptionAppLevelToken(getenv("SLACK_APP_TOKEN")), slack.OptionAPIURL(getenv("SLACK_API_URL")))
	sm := socketmode.New(api)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Type != socketmode.EventTypeSlashCommand || evt.Request == nil {
					continue
				}
				sm.Ack(*evt.Request)
				cmd, ok := evt.Data.(slack.SlashCommand)
				if !ok {
					continue
				}
				go func() {
					req, err := http.NewRequestWithContext(ctx, http.MethodPost, cmd.ResponseURL, strings.NewReader(`{"text":"ok","response_type":"ephemeral"}`))
					if err != nil {
						return
					}
					req.Header.Set("Content-Type", "application/json")
					if resp, err := http.DefaultClient.Do(req); err == nil {
						resp.Body.Close()
					}
				}()
			}
		}
	}()
	err := sm.RunContext(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}
