package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"AT&T", "AT&amp;T"},
		{"<!channel> hi", "&lt;!channel&gt; hi"},
		{"<@U123|bob>", "&lt;@U123|bob&gt;"},
		{"&amp; stays visible", "&amp;amp; stays visible"},
		{"ping @here and @Channel, @everyone!", "ping @\u200bhere and @\u200bChannel, @\u200beveryone!"},
		{"mail me@here.com", "mail me@\u200bhere.com"},
		{"@heres", "@heres"},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"abcdefghijkl", 5, "abcd…"},
		{"one two three four five six", 20, "one two three four…"},
		{"AT&amp;T and more text here", 6, "AT…"},          // never inside &amp;
		{"see <https://x.example/y|link> now", 12, "see…"}, // never inside a link
		{"*bold words here*", 10, "bold wor…"},             // no stray bold marker
		{"😀😀😀😀", 5, "😀😀…"},                                 // emoji count as two
	}
	for _, tt := range tests {
		got := truncate(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("truncate(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
		}
		if slackLen(got) > tt.max {
			t.Errorf("truncate(%q, %d) has length %d", tt.in, tt.max, slackLen(got))
		}
		if !utf8.ValidString(got) {
			t.Errorf("truncate(%q, %d) = invalid UTF-8", tt.in, tt.max)
		}
	}
	long := strings.Repeat("é", 5000)
	if got := truncate(long, 3000); slackLen(got) > 3000 || !strings.HasSuffix(got, "…") {
		t.Errorf("truncate(5000 runes, 3000) has length %d", slackLen(got))
	}
}

func TestPlainQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<@U0BOT> who did acme partner with?", "who did acme partner with?"},
		{"<@U0BOT|dealbot>   acme   zorblat ", "acme zorblat"},
		{"<!channel> acme", "acme"},
		{"<!subteam^S123|@eng> acme", "acme"},
		{"deals of <https://acme.example|Acme Robotics>", "deals of Acme Robotics"},
		{"see <https://acme.example>", "see https://acme.example"},
		{"in <#C123|general> acme", "in general acme"},
		{"AT&amp;T &lt;3 T-Mobile", "AT&T <3 T-Mobile"},
		{"&lt;!channel&gt; acme", "<!channel> acme"}, // plain text now; escaped on output
		{"", ""},
	}
	for _, tt := range tests {
		if got := plainQuery(tt.in); got != tt.want {
			t.Errorf("plainQuery(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestLink(t *testing.T) {
	tests := []struct{ url, label, want string }{
		{"https://x.example/a?b=1&c=2", "A & B", "<https://x.example/a?b=1&amp;c=2|A &amp; B>"},
		{"https://x.example/a|b>c", "t|x", "<https://x.example/a%7Cb%3Ec|t¦x>"},
		{"javascript:alert(1)", "<!channel>", "&lt;!channel&gt;"},
		{"", "Title", "Title"},
		{"https://x.example/ space", "T", "T"},
	}
	for _, tt := range tests {
		if got := link(tt.url, tt.label); got != tt.want {
			t.Errorf("link(%q, %q) = %q; want %q", tt.url, tt.label, got, tt.want)
		}
	}
}

func TestMentionUser(t *testing.T) {
	for in, want := range map[string]string{"U012AB": "<@U012AB>", "W1": "<@W1>", "!channel": "someone", "U1>x": "someone", "": "someone"} {
		if got := mentionUser(in); got != want {
			t.Errorf("mentionUser(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{{"stats", "stats", 0}, {"stat", "stats", 1}, {"statz", "stats", 1}, {"reindx", "reindex", 1}, {"acme", "help", 4}, {"", "abc", 3}}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
