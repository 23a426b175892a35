// Package config reads dealbot's configuration from the environment, with
// a .env file as a fallback, and reports every problem at once.
//
// # Variables
//
//	SLACK_APP_TOKEN  app-level token (xapp-…) with connections:write; serve only
//	SLACK_BOT_TOKEN  bot token (xoxb-…); serve only
//	SLACK_API_URL    Slack Web API base URL; default https://slack.com/api/
//	                 (tests and staging point the bot at another Slack)
//	CORPUS_DIR       directory of articles; default: the embedded seed corpus
//	INDEX_DIR        where the index lives; default <user cache dir>/dealbot/index
//	ADMIN_USERS      Slack user IDs allowed to reindex, comma or space separated
//	                 (workspace admins and owners may always reindex)
//	LOG_LEVEL        debug | info | warn | error; default info
//	LOG_FORMAT       text | json; default text
//	MAX_FILE_SIZE    largest article file read, e.g. 5MB; default: the corpus loader's
//	BOT_WORKERS      requests handled at once by the Slack bot; default 4
//	USER_QUERY_LIMIT   each user's queries, e.g. 10/1m (per minute); off for none; default 10/1m
//	USER_QUERY_BURST   queries a user may send at once; default 5
//	USER_REINDEX_LIMIT each admin's reindexes, e.g. 1/5m; off for none; default 1/5m
//	SLACK_PING_TIMEOUT how long the socket may go without a ping from Slack before
//	                   the bot reconnects; default 30s
//	INDEX_POLL_INTERVAL how often serve checks whether another replica rebuilt the
//	                   index; default 2s
//	SLACK_RECONNECT_BACKOFF first wait before reconnecting when sockets keep
//	                   closing (doubled each time, up to 30s); default 100ms
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Environment variable names.
const (
	EnvSlackAppToken = "SLACK_APP_TOKEN"
	EnvSlackBotToken = "SLACK_BOT_TOKEN"
	EnvSlackAPIURL   = "SLACK_API_URL"
	EnvCorpusDir     = "CORPUS_DIR"
	EnvIndexDir      = "INDEX_DIR"
	EnvAdminUsers    = "ADMIN_USERS"
	EnvLogLevel      = "LOG_LEVEL"
	EnvLogFormat     = "LOG_FORMAT"
	EnvMaxFileSize   = "MAX_FILE_SIZE"
	EnvBotWorkers    = "BOT_WORKERS"

	EnvUserQueryLimit    = "USER_QUERY_LIMIT"
	EnvUserQueryBurst    = "USER_QUERY_BURST"
	EnvUserReindexLimit  = "USER_REINDEX_LIMIT"
	EnvSlackPingTimeout  = "SLACK_PING_TIMEOUT"
	EnvIndexPollInterval = "INDEX_POLL_INTERVAL"
	EnvReconnectBackoff  = "SLACK_RECONNECT_BACKOFF"
)

// Defaults.
const (
	// DefaultWorkers is how many Slack requests the bot serves at once: enough
	// that a reindex (which holds one worker) never stalls queries.
	DefaultWorkers = 4
	maxWorkers     = 64
	// LogFormatText and LogFormatJSON are the accepted LOG_FORMAT values.
	LogFormatText = "text"
	LogFormatJSON = "json"

	// DefaultPingTimeout is slack-go's: Slack pings every few seconds.
	DefaultPingTimeout = 30 * time.Second
	// DefaultIndexPollInterval is how often serve looks for a rebuild made
	// by another replica.
	DefaultIndexPollInterval = 2 * time.Second
	// DefaultReconnectBackoff is the first wait before a reconnect that
	// follows another closely.
	DefaultReconnectBackoff = 100 * time.Millisecond
)

// Default per-user rate limits.
var (
	DefaultQueryLimit   = RateLimit{Count: 10, Per: time.Minute, Burst: 5}
	DefaultReindexLimit = RateLimit{Count: 1, Per: 5 * time.Minute, Burst: 1}
)

// RateLimit is a per-user limit: Count requests per Per, up to Burst at
// once. Off means no limit.
type RateLimit struct {
	Count int
	Per   time.Duration
	Burst int
	Off   bool
}

// Config is dealbot's configuration.
type Config struct {
	SlackAppToken Secret // xapp-…, opens the Socket Mode connection
	SlackBotToken Secret // xoxb-…, every Web API call
	// SlackAPIURL is the Web API base URL, ending in '/'; "" means Slack's.
	SlackAPIURL string
	CorpusDir   string // "" = the embedded seed corpus
	IndexDir    string
	AdminUsers  []string // Slack user IDs, e.g. "U012AB3CD"
	LogLevel    slog.Level
	LogFormat   string // LogFormatText or LogFormatJSON
	MaxFileSize int64  // 0 = the corpus loader's default
	Workers     int

	QueryLimit, ReindexLimit RateLimit
	// SlackPingTimeout is how long the socket may be silent (no ping from
	// Slack) before the bot reconnects.
	SlackPingTimeout time.Duration
	// IndexPollInterval is how often serve checks for a rebuild by another
	// replica sharing INDEX_DIR.
	IndexPollInterval time.Duration
	// ReconnectBackoff is the first wait before reconnecting when sockets
	// keep closing; it doubles each time, up to 30s.
	ReconnectBackoff time.Duration
}

// Problem is one bad or missing setting.
type Problem struct {
	Var string // the environment variable
	Msg string // what is wrong and what a good value looks like; never the value of a secret
}

// Error lists every configuration problem found.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		b.WriteString("configuration problem:")
	} else {
		fmt.Fprintf(&b, "%d configuration problems:", len(e.Problems))
	}
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %s: %s", p.Var, p.Msg)
	}
	return b.String()
}

func (e *Error) add(v, format string, args ...any) {
	e.Problems = append(e.Problems, Problem{Var: v, Msg: fmt.Sprintf(format, args...)})
}

func (e *Error) errOrNil() error {
	if e == nil || len(e.Problems) == 0 {
		return nil
	}
	return e
}

// Join merges configuration errors into one [Error] listing all their
// problems. nil errors are skipped; an error that is not an *Error becomes a
// problem of its own.
func Join(errs ...error) error {
	out := &Error{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		var ce *Error
		if errors.As(err, &ce) {
			out.Problems = append(out.Problems, ce.Problems...)
			continue
		}
		out.Problems = append(out.Problems, Problem{Var: "config", Msg: RedactTokens(err.Error())})
	}
	return out.errOrNil()
}

// userIDPattern is a Slack user ID: U or W followed by upper-case letters and digits.
var userIDPattern = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// Load reads the configuration through getenv and validates everything except
// the Slack settings (see [Config.ValidateSlack]; only serve needs them). It
// returns the configuration filled as far as possible even when it also
// returns an error, so callers can add their own problems with [Join].
func Load(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	errs := &Error{}
	c := Config{
		SlackAppToken: Secret(get(EnvSlackAppToken)),
		SlackBotToken: Secret(get(EnvSlackBotToken)),
		SlackAPIURL:   get(EnvSlackAPIURL),
		CorpusDir:     get(EnvCorpusDir),
		IndexDir:      get(EnvIndexDir),
		LogFormat:     LogFormatText,
		Workers:       DefaultWorkers,

		QueryLimit:        DefaultQueryLimit,
		ReindexLimit:      DefaultReindexLimit,
		SlackPingTimeout:  DefaultPingTimeout,
		IndexPollInterval: DefaultIndexPollInterval,
		ReconnectBackoff:  DefaultReconnectBackoff,
	}
	if c.SlackAPIURL != "" && !strings.HasSuffix(c.SlackAPIURL, "/") {
		c.SlackAPIURL += "/"
	}

	if c.CorpusDir != "" {
		fi, err := os.Stat(c.CorpusDir)
		switch {
		case err != nil && errors.Is(err, os.ErrNotExist):
			errs.add(EnvCorpusDir, "directory %q does not exist; set it to a directory of .txt/.md/.html articles, or leave it unset for the built-in seed articles", c.CorpusDir)
		case err != nil:
			errs.add(EnvCorpusDir, "cannot read %q: %v", c.CorpusDir, errors.Unwrap(err))
		case !fi.IsDir():
			errs.add(EnvCorpusDir, "%q is a file, not a directory; set it to the directory that holds the articles", c.CorpusDir)
		}
	}

	if c.IndexDir == "" {
		c.IndexDir = DefaultIndexDir()
	} else if fi, err := os.Stat(c.IndexDir); err == nil && !fi.IsDir() {
		errs.add(EnvIndexDir, "%q is a file, not a directory; set it to a directory dealbot may write its index into, e.g. ~/.cache/dealbot/index", c.IndexDir)
	}

	for _, f := range strings.FieldsFunc(getenv(EnvAdminUsers), func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n'
	}) {
		if userIDPattern.MatchString(f) {
			c.AdminUsers = append(c.AdminUsers, f)
			continue
		}
		errs.add(EnvAdminUsers, "%q is not a Slack user ID; list IDs like U012AB3CD separated by commas (in Slack: profile → ⋮ → Copy member ID)", truncateForMsg(f))
	}

	switch lv := strings.ToLower(get(EnvLogLevel)); lv {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		errs.add(EnvLogLevel, "%q is not a log level; use debug, info, warn or error", truncateForMsg(lv))
	}

	switch f := strings.ToLower(get(EnvLogFormat)); f {
	case "", LogFormatText:
		c.LogFormat = LogFormatText
	case LogFormatJSON:
		c.LogFormat = LogFormatJSON
	default:
		errs.add(EnvLogFormat, "%q is not a log format; use text or json", truncateForMsg(f))
	}

	if s := get(EnvMaxFileSize); s != "" {
		n, err := parseSize(s)
		if err != nil || n <= 0 {
			errs.add(EnvMaxFileSize, "%q is not a size; use bytes or a unit, e.g. 5MB, 512KB or 1048576", truncateForMsg(s))
		} else {
			c.MaxFileSize = n
		}
	}

	if s := get(EnvBotWorkers); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 2 || n > maxWorkers {
			errs.add(EnvBotWorkers, "%q is not a worker count; use a whole number from 2 to %d (default %d)", truncateForMsg(s), maxWorkers, DefaultWorkers)
		} else {
			c.Workers = n
		}
	}

	if s := get(EnvUserQueryLimit); s != "" {
		if r, err := parseRate(s); err != nil {
			errs.add(EnvUserQueryLimit, "%q is not a rate; use requests/period such as 10/1m or 30/1h, or off: %v", truncateForMsg(s), err)
		} else {
			r.Burst = c.QueryLimit.Burst
			c.QueryLimit = r
		}
	}
	if s := get(EnvUserQueryBurst); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			errs.add(EnvUserQueryBurst, "%q is not a burst size; use a whole number from 1 to 1000 (default %d)", truncateForMsg(s), DefaultQueryLimit.Burst)
		} else {
			c.QueryLimit.Burst = n
		}
	}
	if s := get(EnvUserReindexLimit); s != "" {
		if r, err := parseRate(s); err != nil {
			errs.add(EnvUserReindexLimit, "%q is not a rate; use requests/period such as 1/5m, or off: %v", truncateForMsg(s), err)
		} else {
			r.Burst = 1
			c.ReindexLimit = r
		}
	}
	if s := get(EnvSlackPingTimeout); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 100*time.Millisecond || d > 10*time.Minute {
			errs.add(EnvSlackPingTimeout, "%q is not a duration from 100ms to 10m, such as 30s (default)", truncateForMsg(s))
		} else {
			c.SlackPingTimeout = d
		}
	}
	if s := get(EnvIndexPollInterval); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 50*time.Millisecond || d > time.Hour {
			errs.add(EnvIndexPollInterval, "%q is not a duration from 50ms to 1h, such as 2s (default)", truncateForMsg(s))
		} else {
			c.IndexPollInterval = d
		}
	}
	if s := get(EnvReconnectBackoff); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Millisecond || d > 10*time.Second {
			errs.add(EnvReconnectBackoff, "%q is not a duration from 1ms to 10s, such as 100ms (default)", truncateForMsg(s))
		} else {
			c.ReconnectBackoff = d
		}
	}
	return c, errs.errOrNil()
}

// parseRate parses "10/1m", "10/m", "10/min", "30/1h", "1/5m" or "off".
func parseRate(s string) (RateLimit, error) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	switch s {
	case "off", "none", "unlimited", "0":
		return RateLimit{Off: true}, nil
	}
	n, per, ok := strings.Cut(s, "/")
	if !ok {
		return RateLimit{}, errors.New("no '/'")
	}
	count, err := strconv.Atoi(n)
	if err != nil || count < 1 || count > 1_000_000 {
		return RateLimit{}, errors.New("the count must be a whole number from 1")
	}
	units := map[string]time.Duration{"s": time.Second, "sec": time.Second, "second": time.Second,
		"m": time.Minute, "min": time.Minute, "minute": time.Minute, "h": time.Hour, "hour": time.Hour}
	d, ok := units[per]
	if !ok {
		if d, err = time.ParseDuration(per); err != nil {
			return RateLimit{}, errors.New("the period must be a duration such as 1m, 30s or 1h")
		}
	}
	if d < time.Second || d > 24*time.Hour {
		return RateLimit{}, errors.New("the period must be from 1s to 24h")
	}
	return RateLimit{Count: count, Per: d, Burst: 1}, nil
}

// ValidateSlack checks the Slack settings serve needs and reports every
// problem at once, with what a good value looks like. It never includes a
// token's value.
func (c Config) ValidateSlack() error {
	errs := &Error{}
	checkToken(errs, EnvSlackAppToken, c.SlackAppToken, "xapp-",
		"the app-level token from your app's Basic Information → App-Level Tokens, with the connections:write scope; it looks like xapp-1-A0123456789-…")
	checkToken(errs, EnvSlackBotToken, c.SlackBotToken, "xoxb-",
		"the Bot User OAuth Token from your app's OAuth & Permissions page; it looks like xoxb-1234-5678-…")
	if c.SlackAPIURL != "" {
		u, err := url.Parse(c.SlackAPIURL)
		switch {
		case err != nil:
			errs.add(EnvSlackAPIURL, "not a URL; leave it unset for Slack (https://slack.com/api/) or use a base URL such as http://127.0.0.1:8080/api/")
		case u.Scheme != "http" && u.Scheme != "https":
			errs.add(EnvSlackAPIURL, "must be an http:// or https:// URL, such as https://slack.com/api/; got scheme %q", u.Scheme)
		case u.Host == "":
			errs.add(EnvSlackAPIURL, "has no host; use a base URL such as https://slack.com/api/")
		case u.RawQuery != "" || u.Fragment != "":
			errs.add(EnvSlackAPIURL, "must be a base URL without ?query or #fragment, such as https://slack.com/api/")
		}
	}
	return errs.errOrNil()
}

// tokenPrefixes names the kinds of Slack token, to explain a token pasted
// into the wrong variable.
var tokenPrefixes = map[string]string{
	"xapp-": "an app-level token",
	"xoxb-": "a bot token",
	"xoxp-": "a user token",
	"xoxe-": "a refresh or configuration token",
	"xoxa-": "a workspace app token",
}

func checkToken(errs *Error, name string, tok Secret, prefix, good string) {
	v := tok.Reveal()
	switch {
	case v == "":
		errs.add(name, "not set; set it to %s", good)
	case strings.Contains(v, "replace-me"):
		errs.add(name, "is still the placeholder from .env.example; set it to %s", good)
	case strings.ContainsAny(v, " \t\r\n\"'"):
		errs.add(name, "contains spaces or quotes; paste the token alone, %s", good)
	case !strings.HasPrefix(v, prefix):
		kind := "not a Slack token"
		for p, k := range tokenPrefixes {
			if strings.HasPrefix(v, p) {
				kind = k + " (" + p + "…)"
			}
		}
		errs.add(name, "is %s but must start with %s; set it to %s", kind, prefix, good)
	case len(v) < len(prefix)+8:
		errs.add(name, "is too short to be a token; set it to %s", good)
	}
}

// DefaultIndexDir is where the index goes when INDEX_DIR is unset: the
// user's cache directory, or the temporary directory when there is none.
func DefaultIndexDir() string {
	if d, err := os.UserCacheDir(); err == nil && d != "" {
		return filepath.Join(d, "dealbot", "index")
	}
	return filepath.Join(os.TempDir(), "dealbot", "index")
}

// parseSize parses "1048576", "512KB", "5MB", "1GB", "5 MiB" (units are
// powers of 1024).
func parseSize(s string) (int64, error) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{
		{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10},
		{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10},
		{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1},
	} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("size out of range")
	}
	return n * mult, nil
}

// truncateForMsg shortens a bad value quoted in a problem message and
// redacts anything token-shaped in it.
func truncateForMsg(s string) string {
	s = RedactTokens(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
