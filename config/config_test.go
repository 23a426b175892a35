package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	goodApp = "xapp-1-A0123456789-1234567890123-abcdef0123456789"
	goodBot = "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func problemVars(err error) []string {
	var ce *Error
	if !errors.As(err, &ce) {
		return nil
	}
	var vs []string
	for _, p := range ce.Problems {
		vs = append(vs, p.Var)
	}
	return vs
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(envOf(nil))
	if err != nil {
		t.Fatalf("Load(empty) error = %v; want nil", err)
	}
	if c.IndexDir == "" || !strings.Contains(c.IndexDir, filepath.Join("dealbot", "index")) {
		t.Errorf("IndexDir = %q; want a default under dealbot/index", c.IndexDir)
	}
	if c.LogLevel != slog.LevelInfo || c.LogFormat != LogFormatText {
		t.Errorf("LogLevel, LogFormat = %v, %q; want INFO, text", c.LogLevel, c.LogFormat)
	}
	if c.Workers != DefaultWorkers || c.CorpusDir != "" || c.SlackAPIURL != "" || c.MaxFileSize != 0 {
		t.Errorf("defaults = %+v; want workers %d and empty optional fields", c, DefaultWorkers)
	}
}

func TestLoadValues(t *testing.T) {
	corpus := t.TempDir()
	c, err := Load(envOf(map[string]string{
		EnvSlackAppToken: goodApp,
		EnvSlackBotToken: " " + goodBot + " ",
		EnvSlackAPIURL:   "http://127.0.0.1:9999/api",
		EnvCorpusDir:     corpus,
		EnvIndexDir:      filepath.Join(corpus, "idx"),
		EnvAdminUsers:    "U012AB3CD, W0ABCDEF1;U999",
		EnvLogLevel:      "DEBUG",
		EnvLogFormat:     "json",
		EnvMaxFileSize:   "5MB",
		EnvBotWorkers:    "8",
	}))
	if err != nil {
		t.Fatalf("Load error = %v; want nil", err)
	}
	if got := c.SlackBotToken.Reveal(); got != goodBot {
		t.Errorf("bot token not trimmed: got len %d; want %d", len(got), len(goodBot))
	}
	if c.SlackAPIURL != "http://127.0.0.1:9999/api/" {
		t.Errorf("SlackAPIURL = %q; want trailing slash added", c.SlackAPIURL)
	}
	if want := []string{"U012AB3CD", "W0ABCDEF1", "U999"}; !slices.Equal(c.AdminUsers, want) {
		t.Errorf("AdminUsers = %v; want %v", c.AdminUsers, want)
	}
	if c.LogLevel != slog.LevelDebug || c.LogFormat != LogFormatJSON || c.MaxFileSize != 5<<20 || c.Workers != 8 {
		t.Errorf("got level %v format %q size %d workers %d; want DEBUG json %d 8", c.LogLevel, c.LogFormat, c.MaxFileSize, c.Workers, 5<<20)
	}
	if err := c.ValidateSlack(); err != nil {
		t.Errorf("ValidateSlack() = %v; want nil", err)
	}
}

func TestLoadListsEveryProblem(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(envOf(map[string]string{
		EnvCorpusDir:   filepath.Join(t.TempDir(), "missing"),
		EnvIndexDir:    file,
		EnvAdminUsers:  "U012AB3CD,bob",
		EnvLogLevel:    "loud",
		EnvLogFormat:   "xml",
		EnvMaxFileSize: "lots",
		EnvBotWorkers:  "1",
	}))
	want := []string{EnvCorpusDir, EnvIndexDir, EnvAdminUsers, EnvLogLevel, EnvLogFormat, EnvMaxFileSize, EnvBotWorkers}
	if got := problemVars(err); !slices.Equal(got, want) {
		t.Fatalf("problems = %v; want %v (err: %v)", got, want, err)
	}
	msg := err.Error()
	for _, frag := range []string{"7 configuration problems", `"bob" is not a Slack user ID`, "U012AB3CD", "debug, info, warn or error", "text or json", "5MB"} {
		if !strings.Contains(msg, frag) {
			t.Errorf("error %q does not contain %q", msg, frag)
		}
	}
}

func TestValidateSlack(t *testing.T) {
	tests := []struct {
		name     string
		app, bot string
		url      string
		wantVars []string
		wantMsg  []string
	}{
		{"ok", goodApp, goodBot, "", nil, nil},
		{"both missing", "", "", "", []string{EnvSlackAppToken, EnvSlackBotToken}, []string{"not set", "xapp-1-", "xoxb-", "connections:write"}},
		{"swapped", goodBot, goodApp, "", []string{EnvSlackAppToken, EnvSlackBotToken}, []string{"is a bot token (xoxb-…) but must start with xapp-", "is an app-level token (xapp-…) but must start with xoxb-"}},
		{"user token", goodApp, "xoxp-1234567890-1234", "", []string{EnvSlackBotToken}, []string{"a user token"}},
		{"garbage", "hello-world-123", goodBot, "", []string{EnvSlackAppToken}, []string{"not a Slack token"}},
		{"quoted", `"` + goodApp + `"`, goodBot, "", []string{EnvSlackAppToken}, []string{"spaces or quotes"}},
		{"short", "xapp-1", goodBot, "", []string{EnvSlackAppToken}, []string{"too short"}},
		{"placeholder", goodApp, "xoxb-0000000000-0000000000000-replace-me", "", []string{EnvSlackBotToken}, []string{"placeholder from .env.example"}},
		{"ftp url", goodApp, goodBot, "ftp://example.com/api/", []string{EnvSlackAPIURL}, []string{"http:// or https://"}},
		{"no host", goodApp, goodBot, "http:///api/", []string{EnvSlackAPIURL}, []string{"no host"}},
		{"not a url", goodApp, goodBot, "::nope", []string{EnvSlackAPIURL}, []string{"not a URL"}},
		{"all at once", "", "xoxp-123456789012", "file:///x/", []string{EnvSlackAppToken, EnvSlackBotToken, EnvSlackAPIURL}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(envOf(map[string]string{EnvSlackAppToken: tt.app, EnvSlackBotToken: tt.bot, EnvSlackAPIURL: tt.url}))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			err = c.ValidateSlack()
			if got := problemVars(err); !slices.Equal(got, tt.wantVars) {
				t.Fatalf("problems = %v; want %v (err: %v)", got, tt.wantVars, err)
			}
			if err == nil {
				return
			}
			msg := err.Error()
			for _, frag := range tt.wantMsg {
				if !strings.Contains(msg, frag) {
					t.Errorf("error %q does not contain %q", msg, frag)
				}
			}
			for _, secret := range []string{tt.app, tt.bot} {
				if len(secret) > 6 && strings.Contains(msg, strings.Trim(secret, `"`)) {
					t.Errorf("error %q contains a token value", msg)
				}
			}
		})
	}
}

func TestJoin(t *testing.T) {
	a := &Error{Problems: []Problem{{Var: "A", Msg: "bad"}}}
	b := &Error{Problems: []Problem{{Var: "B", Msg: "worse"}}}
	err := Join(nil, a, fmt.Errorf("wrapped: %w", b), errors.New("token xoxb-123-456 rejected"))
	if got, want := problemVars(err), []string{"A", "B", "config"}; !slices.Equal(got, want) {
		t.Fatalf("Join problems = %v; want %v", got, want)
	}
	if strings.Contains(err.Error(), "xoxb-123") {
		t.Errorf("Join kept a token: %v", err)
	}
	if Join(nil, nil) != nil {
		t.Errorf("Join(nil, nil) != nil")
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s := Secret(goodBot)
	type holder struct {
		Token Secret `json:"token"`
	}
	var logs bytes.Buffer
	lg := slog.New(slog.NewJSONHandler(&logs, nil))
	lg.Info("tok", "token", s, "holder", holder{s})
	js, err := json.Marshal(holder{s})
	if err != nil {
		t.Fatal(err)
	}
	outs := []string{
		fmt.Sprint(s), fmt.Sprintf("%s %v %q %x %X %#v %+v %d", s, s, s, s, s, s, s, s),
		fmt.Sprintf("%v %+v %#v", holder{s}, holder{s}, holder{s}), s.String(), string(js), logs.String(),
	}
	for _, out := range outs {
		if strings.Contains(out, "xoxb") || strings.Contains(out, "AbCdEf") {
			t.Errorf("secret leaked in %q", out)
		}
		if !strings.Contains(out, "REDACTED") {
			t.Errorf("output %q does not say REDACTED", out)
		}
	}
	if s.Reveal() != goodBot {
		t.Errorf("Reveal() = %q; want the token", s.Reveal())
	}
	if Secret("").String() != "" {
		t.Errorf("empty Secret prints %q; want empty", Secret("").String())
	}
}

func TestRedactTokens(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"token=" + goodBot + "&x=1", "token=[REDACTED]&x=1"},
		{"bearer " + goodApp, "bearer [REDACTED]"},
		{"xoxp-1-2-3 and xoxe-abc", "[REDACTED] and [REDACTED]"},
		{"an xbox review", "an xbox review"},
	}
	for _, tt := range tests {
		if got := RedactTokens(tt.in); got != tt.want {
			t.Errorf("RedactTokens(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestNewLogger(t *testing.T) {
	for _, format := range []string{LogFormatText, LogFormatJSON} {
		var buf bytes.Buffer
		lg := NewLogger(&buf, Config{LogLevel: slog.LevelInfo, LogFormat: format})
		lg.Debug("hidden")
		lg.Info("posting with "+goodBot, "err", errors.New("bad "+goodApp), "s", "x "+goodBot)
		out := buf.String()
		if strings.Contains(out, "hidden") {
			t.Errorf("%s logger printed a debug line at info level: %q", format, out)
		}
		if strings.Contains(out, "xoxb-") || strings.Contains(out, "xapp-") {
			t.Errorf("%s logger leaked a token: %q", format, out)
		}
		if strings.Count(out, "[REDACTED]") != 3 {
			t.Errorf("%s logger output %q; want 3 redactions", format, out)
		}
		if format == LogFormatJSON && !json.Valid(bytes.TrimSpace(buf.Bytes())) {
			t.Errorf("json logger wrote invalid JSON: %q", out)
		}
	}
}

func TestWithDotEnv(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	content := "# dealbot\nSLACK_BOT_TOKEN=" + goodBot + "\nexport CORPUS_DIR=\"/from/file\"\nLOG_LEVEL=debug # inline comment\nMULTI=\"a\nb\"\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	real := map[string]string{"CORPUS_DIR": "/from/env", "LOG_LEVEL": ""}
	getenv, err := WithDotEnv(envOf(real), path)
	if err != nil {
		t.Fatalf("WithDotEnv: %v", err)
	}
	tests := []struct{ k, want string }{
		{"SLACK_BOT_TOKEN", goodBot},
		{"CORPUS_DIR", "/from/env"}, // the real environment wins
		{"LOG_LEVEL", "debug"},      // empty counts as unset
		{"MULTI", "a\nb"},
		{"NOPE", ""},
	}
	for _, tt := range tests {
		if got := getenv(tt.k); got != tt.want {
			t.Errorf("getenv(%q) = %q; want %q", tt.k, got, tt.want)
		}
	}

	t.Run("missing file is fine", func(t *testing.T) {
		g, err := WithDotEnv(envOf(real), filepath.Join(dir, "nope.env"))
		if err != nil || g("CORPUS_DIR") != "/from/env" {
			t.Fatalf("WithDotEnv(missing) = %v; want the plain environment", err)
		}
	})

	bad := []struct {
		name, content string
		line          int
		what          string
	}{
		{"bad name", "A=1\nB=2\nSLACK-BOT-TOKEN=" + goodBot + "\nC=3\n", 3, "unexpected character"},
		{"unterminated", "A=1\nSLACK_APP_TOKEN=\"" + goodApp + "\nB=2\n", 2, "unterminated quoted value"},
		{"crlf", "A=1\r\nB-C=2\r\n", 2, "unexpected character"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "bad.env")
			if err := os.WriteFile(p, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := WithDotEnv(envOf(nil), p)
			if err == nil {
				t.Fatalf("WithDotEnv(%q) = nil error; want a parse error", tt.content)
			}
			msg := err.Error()
			if want := fmt.Sprintf("%s line %d: %s", p, tt.line, tt.what); !strings.Contains(msg, want) {
				t.Errorf("error = %q; want it to contain %q", msg, want)
			}
			if strings.Contains(msg, "xoxb-") || strings.Contains(msg, "xapp-") {
				t.Errorf("error leaks file contents: %q", msg)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1048576", 1 << 20, true}, {"512KB", 512 << 10, true}, {"5mb", 5 << 20, true},
		{"2 GiB", 2 << 30, true}, {"10B", 10, true}, {"", 0, false}, {"MB", 0, false}, {"-1", 0, false}, {"1.5MB", 0, false},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestLoadLimitsAndTimings(t *testing.T) {
	c, err := Load(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.QueryLimit != DefaultQueryLimit || c.ReindexLimit != DefaultReindexLimit || c.SlackPingTimeout != DefaultPingTimeout ||
		c.IndexPollInterval != DefaultIndexPollInterval || c.ReconnectBackoff != DefaultReconnectBackoff {
		t.Errorf("defaults = %+v %+v %v %v; want the documented defaults", c.QueryLimit, c.ReindexLimit, c.SlackPingTimeout, c.IndexPollInterval)
	}
	c, err = Load(envOf(map[string]string{
		EnvUserQueryLimit: "30/1h", EnvUserQueryBurst: "3", EnvUserReindexLimit: "off",
		EnvSlackPingTimeout: "5s", EnvIndexPollInterval: "500ms", EnvReconnectBackoff: "20ms",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if want := (RateLimit{Count: 30, Per: time.Hour, Burst: 3}); c.QueryLimit != want {
		t.Errorf("QueryLimit = %+v; want %+v", c.QueryLimit, want)
	}
	if !c.ReindexLimit.Off || c.SlackPingTimeout != 5*time.Second || c.IndexPollInterval != 500*time.Millisecond || c.ReconnectBackoff != 20*time.Millisecond {
		t.Errorf("ReindexLimit %+v, ping %v, poll %v; want off, 5s, 500ms", c.ReindexLimit, c.SlackPingTimeout, c.IndexPollInterval)
	}
	for _, tt := range []struct{ in, want string }{
		{"10/m", "10/1m0s"}, {"10/min", "10/1m0s"}, {"1/5m", "1/5m0s"}, {"2 / 30s", "2/30s"},
	} {
		r, err := parseRate(tt.in)
		if got := fmt.Sprintf("%d/%v", r.Count, r.Per); err != nil || got != tt.want {
			t.Errorf("parseRate(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	_, err = Load(envOf(map[string]string{
		EnvUserQueryLimit: "lots", EnvUserQueryBurst: "0", EnvUserReindexLimit: "1/0s",
		EnvSlackPingTimeout: "forever", EnvIndexPollInterval: "1ns", EnvReconnectBackoff: "1h",
	}))
	got := problemVars(err)
	want := []string{EnvUserQueryLimit, EnvUserQueryBurst, EnvUserReindexLimit, EnvSlackPingTimeout, EnvIndexPollInterval, EnvReconnectBackoff}
	if !slices.Equal(got, want) {
		t.Errorf("problems = %v; want %v (%v)", got, want, err)
	}
}
