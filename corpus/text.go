package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize maps s rune for rune to the form used for matching: every
// Unicode space (no-break, thin, ideographic…) becomes ' ', curly and prime
// single quotes become '\”, curly and prime double quotes become '"', and
// the en, em, figure and horizontal-bar dashes (plus the hyphen and minus
// signs) become '-'. The result has exactly as many runes as s, so a rune
// offset in one is the same offset in the other.
func Normalize(s string) string {
	// Fast path: pure ASCII needs no mapping.
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(normRune(r))
	}
	return b.String()
}

// normRune is the per-rune mapping behind [Normalize]. It never drops a rune.
func normRune(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′', '‹', '›':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−':
		return '-'
	}
	if r != ' ' && (unicode.IsSpace(r) || unicode.Is(unicode.Zs, r)) {
		return ' '
	}
	return r
}

// isSpace reports whether r is white space of any kind, including no-break
// spaces.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r)
}

// trimSpace trims every kind of Unicode space (including U+00A0) from both
// ends of s.
func trimSpace(s string) string { return strings.TrimFunc(s, isSpace) }

// hasWordChar reports whether s contains a letter or a digit.
func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// wordCount counts space-separated words in s.
func wordCount(s string) int { return wordsUpTo(s, len(s)) }

// wordsUpTo counts space-separated words in s up to limit: past limit
// words it stops and returns limit+1, so that comparisons with numbers up
// to limit come out as with wordCount.
func wordsUpTo(s string, limit int) int {
	n, inWord := 0, false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = c == ' ' || '\t' <= c && c <= '\r'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = isSpace(r)
			i += size
		}
		if space {
			inWord = false
		} else if !inWord {
			inWord = true
			if n++; n > limit {
				return n
			}
		}
	}
	return n
}

// collapseSpace returns s with every run of spaces turned into one ASCII
// space and the ends trimmed; it is used for comparisons only.
func collapseSpace(s string) string {
	if spacedOnce(s) {
		return s // already so: no need to build it again
	}
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

// spacedOnce reports whether s is ASCII, does not start or end with
// white space and separates its words with single ASCII spaces.
func spacedOnce(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, '\t' <= c && c <= '\r':
			return false
		case c == ' ' && s[i+1] == ' ':
			return false
		}
	}
	return true
}

// lastRune returns the last rune of s, or 0 when s is empty.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// invisible reports runes that carry no text and only get in the way of
// matching: zero-width spaces, word joiners, soft hyphens and stray
// byte-order marks. They are removed from the text when it is read.
func invisible(r rune) bool {
	switch r {
	case '\u200b', '\u2060', '\ufeff', '\u00ad', '\u180e':
		return true
	}
	return false
}

// cleanControls removes invisible runes and control characters other than
// newline and tab from s (tab, form feed and vertical tab become a space or
// a newline), so later stages only see printable text.
func cleanControls(s string) string {
	clean := true
	for _, r := range s {
		if invisible(r) || r == '\u2028' || r == '\u2029' || (unicode.IsControl(r) && r != '\n' && r != '\t') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\f' || r == '\v' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			return '\n'
		case invisible(r), unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// normalizeNewlines turns CRLF and lone CR line ends into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
