package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Slack limits the renderer keeps to (Block Kit reference, chat.postMessage).
const (
	maxBlocks          = 50
	maxSectionText     = 3000
	maxFieldText       = 2000
	maxFields          = 10
	maxHeaderText      = 150
	maxContextElements = 10
	maxButtonText      = 75
	maxButtonValue     = 2000
	// maxFallbackText keeps the message text under chat.update's 4,000
	// limit with room to spare.
	maxFallbackText = 3000
)

// escape makes text from users or articles safe in Slack mrkdwn: it encodes
// &, < and > (so "<!channel>" or "<@U123>" cannot ping anyone or link
// anywhere) and puts a zero-width space after the @ of @here, @channel and
// @everyone, which Slack would otherwise notify on when link_names is set
// by any future change. Every string not authored by the bot goes through
// it exactly once.
func escape(s string) string {
	if strings.ContainsAny(s, "&<>") {
		s = htmlEscaper.Replace(s)
	}
	if strings.IndexByte(s, '@') >= 0 {
		s = broadcastPattern.ReplaceAllString(s, "@\u200b$1")
	}
	return s
}

var (
	htmlEscaper      = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	broadcastPattern = regexp.MustCompile(`(?i)@(here|channel|everyone)\b`)
)

// slackLen is the length Slack counts: UTF-16 code units, which is never
// less than the number of runes.
func slackLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncate shortens s to at most max Slack characters (see [slackLen]),
// ending with "…" when cut. It cuts on a rune boundary, never inside an
// escape (&amp;) or a <…> link the bot wrote, and prefers a word boundary
// in the last fifth.
func truncate(s string, max int) string {
	if slackLen(s) <= max {
		return s
	}
	if max <= 1 {
		return "…"
	}
	// Find the byte offset where max-1 units end.
	units, cut := 0, 0
	for i, r := range s {
		u := utf16.RuneLen(r)
		if units+u > max-1 {
			cut = i
			break
		}
		units += u
	}
	t := s[:cut]
	// Do not end inside an entity or a link.
	if i := strings.LastIndexByte(t, '&'); i >= 0 && !strings.ContainsRune(t[i:], ';') {
		t = t[:i]
	}
	if i := strings.LastIndexByte(t, '<'); i >= 0 && !strings.ContainsRune(t[i:], '>') {
		t = t[:i]
	}
	// Prefer a word boundary if one is near.
	if i := strings.LastIndexAny(t, " \n"); i > 0 && utf8.RuneCountInString(t[i:]) < max/5 {
		t = t[:i]
	}
	t = strings.TrimRight(t, " \n*_~")
	// An unbalanced bold marker would show a stray '*'; drop the last one.
	if strings.Count(t, "*")%2 == 1 {
		i := strings.LastIndexByte(t, '*')
		t = t[:i] + t[i+1:]
	}
	return t + "…"
}

// slackMarkup matches Slack's <…> markup in incoming text: user and channel
// mentions, special mentions and links.
var slackMarkup = regexp.MustCompile(`<([^<>]*)>`)

// plainQuery turns message text as Slack delivers it into the plain text of
// a query: the bot's own mention and other user, channel and special
// mentions (<!here>) are removed, links become their label, the &amp; &lt;
// &gt; escapes are decoded, control and invisible characters dropped (see
// [cleanInput]) and spaces collapsed. Output escaping is the renderer's job.
func plainQuery(text string) string {
	text = cleanInput(text)
	text = slackMarkup.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[1 : len(m)-1]
		switch {
		case inner == "":
			return " "
		case inner[0] == '@' || inner[0] == '!':
			return " " // <@U123>, <@U123|ann>, <!here>, <!subteam^S1|@team>
		case inner[0] == '#':
			if _, label, ok := strings.Cut(inner, "|"); ok {
				return " " + label + " "
			}
			return " "
		}
		if url, label, ok := strings.Cut(inner, "|"); ok && label != "" {
			return label
		} else {
			return url
		}
	})
	text = htmlUnescaper.Replace(text)
	return strings.Join(strings.Fields(cleanInput(text)), " ")
}

var htmlUnescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// cleanInput makes text from a user safe to search and to show: invalid
// UTF-8 is dropped, and control characters, direction overrides and
// zero-width characters (which could make an echoed query read differently
// from what it is) become spaces or disappear.
func cleanInput(s string) string {
	s = strings.ToValidUTF8(s, "")
	clean := true
	for _, r := range s {
		if dropRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
			return ' '
		case dropRune(r):
			return -1
		}
		return r
	}, s)
}

// dropRune reports whether r has no business in a query: control and
// format characters (bidirectional overrides, zero-width spaces and
// joiners, the byte-order mark), noncharacters and private-use code points.
func dropRune(r rune) bool {
	switch {
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return true
	case r == 0x200d: // zero-width joiner: keep, emoji sequences use it
		return false
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r):
		return true
	case r == 0x2028 || r == 0x2029 || r == 0xfffd:
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return true
	}
	return false
}

// echo renders text a user typed for showing back in mrkdwn: escaped like
// any outside text (so <!channel> or <@U123> cannot ping), and with a
// zero-width space after the characters that would let Slack turn it into
// a link, a channel or a mention — the dot of a domain, the colon of a
// scheme, # and @ — so an echoed "evil.example/login" is shown, not
// linked.
func echo(s string) string { return escape(defuse(s)) }

// defuse inserts a zero-width space after '.', ':', '#' and '@' when they
// are followed by a letter, a digit or '/' (raw text, before escaping).
func defuse(s string) string {
	if !strings.ContainsAny(s, ".:#@/") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	rs := []rune(s)
	for i, r := range rs {
		b.WriteRune(r)
		if i+1 >= len(rs) {
			break
		}
		next := rs[i+1]
		switch r {
		case '.', ':', '#', '@':
			if unicode.IsLetter(next) || unicode.IsDigit(next) || next == '/' {
				b.WriteRune('\u200b')
			}
		}
	}
	return b.String()
}

// userIDPattern is a Slack user ID, safe to put in a <@…> mention.
var userIDPattern = regexp.MustCompile(`^[UW][A-Z0-9]{1,20}$`)

// mentionUser returns a <@U…> mention for a valid user ID, or "someone".
func mentionUser(id string) string {
	if userIDPattern.MatchString(id) {
		return "<@" + id + ">"
	}
	return "someone"
}

// linkURL returns url if it is safe inside <url|label> markup (an http or
// https URL), with the characters that would end the link encoded; "" if
// it is not usable.
func linkURL(url string) string {
	url = strings.TrimSpace(url)
	lower := strings.ToLower(url)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return ""
	}
	if strings.ContainsAny(url, " \t\n") || len(url) > 2000 {
		return ""
	}
	return urlEscaper.Replace(url)
}

var urlEscaper = strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C")

// link renders <url|label> with label escaped, or the escaped label alone
// when url is not usable.
func link(url, label string) string {
	u := linkURL(url)
	l := escape(label)
	if u == "" {
		return l
	}
	// A '|' or '>' in the label would end the link early.
	l = strings.NewReplacer("|", "¦", ">", "&gt;").Replace(l)
	return "<" + u + "|" + l + ">"
}
