package config

import (
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// redacted is what a Secret shows instead of its value.
const redacted = "[REDACTED]"

// Secret is a credential such as a Slack token. Every way of printing it
// (fmt verbs, slog, JSON) shows "[REDACTED]"; only [Secret.Reveal] returns
// the value, and only code that hands the token to the Slack client calls it.
type Secret string

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s != "" }

// String returns "[REDACTED]", or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString redacts the value for %#v.
func (s Secret) GoString() string { return "config.Secret(" + fmt.Sprintf("%q", s.String()) + ")" }

// Format redacts the value for every fmt verb (%s, %v, %q, %x…).
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		fmt.Fprintf(f, "%q", s.String())
	case 'v':
		if f.Flag('#') {
			fmt.Fprint(f, s.GoString())
			return
		}
		fmt.Fprint(f, s.String())
	default:
		fmt.Fprint(f, s.String())
	}
}

// LogValue redacts the value in structured logs.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON redacts the value in JSON.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", s.String())), nil }

// MarshalText redacts the value for encoders that use encoding.TextMarshaler.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// tokenPattern matches Slack tokens: bot (xoxb-), user (xoxp-), app-level
// (xapp-) and the other xox?- kinds.
var tokenPattern = regexp.MustCompile(`\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]+`)

// RedactTokens replaces anything in s that looks like a Slack token with
// "[REDACTED]". The logger applies it to every message and string attribute
// as a second line of defence behind [Secret].
func RedactTokens(s string) string {
	if !containsTokenPrefix(s) {
		return s
	}
	return tokenPattern.ReplaceAllString(s, redacted)
}

func containsTokenPrefix(s string) bool {
	return strings.Contains(s, "xox") || strings.Contains(s, "xapp-")
}
