package config

import (
	"io"
	"log/slog"
)

// NewLogger returns the process logger: text or JSON on w at c's level. As a
// second line of defence behind [Secret], anything token-shaped in a message,
// a string attribute or an error attribute is replaced by "[REDACTED]".
func NewLogger(w io.Writer, c Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel, ReplaceAttr: redactAttr}
	var h slog.Handler
	if c.LogFormat == LogFormatJSON {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(h)
}

func redactAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); containsTokenPrefix(s) {
			a.Value = slog.StringValue(RedactTokens(s))
		}
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok {
			if s := err.Error(); containsTokenPrefix(s) {
				a.Value = slog.StringValue(RedactTokens(s))
			}
		}
	}
	return a
}
