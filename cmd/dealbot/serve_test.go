package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestServeUsage(t *testing.T) {
	var stderr bytes.Buffer
	env := &Env{Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr, NoDotEnv: true}
	if code := run(context.Background(), env, []string{"serve", "extra"}); code != 2 || !strings.Contains(stderr.String(), "usage: dealbot serve") {
		t.Errorf("serve extra = exit %d, %q; want 2 and the usage line", code, stderr.String())
	}
}

func TestServeReportsBadDotEnvAlone(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("SLACK_BOT_TOKEN=xoxb-SeCrEt-1234567890\nBAD-NAME=1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	env := &Env{Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr}
	code := run(context.Background(), env, []string{"serve"})
	out := stderr.String()
	if code != 1 || !strings.Contains(out, ".env line 2: unexpected character") {
		t.Errorf("serve with a bad .env = exit %d, %q; want 1 and the file and line", code, out)
	}
	if strings.Contains(out, "SeCrEt") || strings.Contains(out, "not set") {
		t.Errorf("output %q leaks the file or adds unrelated problems", out)
	}
}

// TestManifest checks manifest.yaml describes the app serve expects: Socket
// Mode, the /deal command, the two events, interactivity, the Messages tab,
// and only the scopes the bot uses.
func TestManifest(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				MessagesTab         bool `yaml:"messages_tab_enabled"`
				MessagesTabReadOnly bool `yaml:"messages_tab_read_only_enabled"`
			} `yaml:"app_home"`
			BotUser struct {
				DisplayName string `yaml:"display_name"`
			} `yaml:"bot_user"`
			SlashCommands []struct {
				Command string `yaml:"command"`
				URL     string `yaml:"url"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				RequestURL string   `yaml:"request_url"`
				BotEvents  []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	if !m.Settings.SocketMode || !m.Settings.Interactivity.Enabled {
		t.Errorf("socket mode %v, interactivity %v; want both on", m.Settings.SocketMode, m.Settings.Interactivity.Enabled)
	}
	if !m.Features.AppHome.MessagesTab || m.Features.AppHome.MessagesTabReadOnly {
		t.Errorf("Messages tab enabled %v, read-only %v; want DMs possible", m.Features.AppHome.MessagesTab, m.Features.AppHome.MessagesTabReadOnly)
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/deal" || m.Features.SlashCommands[0].URL != "" {
		t.Errorf("slash commands = %+v; want /deal without a URL (Socket Mode)", m.Features.SlashCommands)
	}
	events := slices.Sorted(slices.Values(m.Settings.Events.BotEvents))
	if !slices.Equal(events, []string{"app_mention", "message.im"}) || m.Settings.Events.RequestURL != "" {
		t.Errorf("bot events = %v; want app_mention and message.im only, no request URL", events)
	}
	scopes := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	if want := []string{"app_mentions:read", "chat:write", "commands", "im:history", "users:read"}; !slices.Equal(scopes, want) {
		t.Errorf("bot scopes = %v; want exactly %v", scopes, want)
	}
}
