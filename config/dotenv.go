package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/joho/godotenv"
)

// maxDotEnvSize bounds the .env file read; a real one is a few hundred bytes.
const maxDotEnvSize = 1 << 20

// WithDotEnv returns a getenv that falls back to the variables in the .env
// file at path when the real environment does not set them (the real
// environment wins; a variable set to "" counts as unset). A missing file is
// fine. A malformed file is an error naming the file and the line, never its
// contents, which hold secrets.
func WithDotEnv(getenv func(string) string, path string) (func(string) string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return getenv, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config: read %s: %w", path, unwrapPath(err))
	}
	if len(data) > maxDotEnvSize {
		return nil, fmt.Errorf("config: %s is larger than %d bytes; it should hold only KEY=value lines", path, maxDotEnvSize)
	}
	vars, err := godotenv.UnmarshalBytes(data)
	if err != nil {
		return nil, fmt.Errorf("config: %s line %d: %s; each line should be KEY=value, a # comment or blank", path, badLine(data), describeParseError(err))
	}
	return func(k string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return vars[k]
	}, nil
}

// badLine finds the line a godotenv parse error is on: the line after the
// longest prefix of whole lines that still parses. (A quoted value may span
// lines, so a prefix can fail to parse and a longer one succeed again.)
func badLine(data []byte) int {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	lines := bytes.SplitAfter(data, []byte("\n"))
	for n := len(lines) - 1; n > 0; n-- {
		if _, err := godotenv.UnmarshalBytes(bytes.Join(lines[:n], nil)); err == nil {
			return n + 1
		}
	}
	return 1
}

// describeParseError keeps the kind of a godotenv error and drops the file
// text it quotes (which may contain a token).
func describeParseError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "unexpected character"):
		if i := strings.Index(msg, " near "); i > 0 {
			return msg[:i]
		}
		return "unexpected character in a variable name"
	case strings.HasPrefix(msg, "unterminated quoted value"):
		return "unterminated quoted value"
	case strings.HasPrefix(msg, "zero length string"):
		return "a line with no variable name"
	}
	return "cannot parse"
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
