package bot

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dealbot/dealbot/internal/engine"
)

// badQueries are inputs users paste: empty, huge, punctuation, emoji,
// right-to-left text, Slack markup, Bleve query syntax, control
// characters, links.
var badQueries = []string{
	"",
	strings.Repeat("xiaomi ", 1430),
	"?!.,;:()[]{}<>&*%$#@!~`'\"",
	"🚀🔥💰 🤝",
	"שיאומי ומיקרוסופט مايكروسوفت",
	"<@U123> <#C123|x> <!channel> <!here> <https://x.example|y>",
	"&lt;!channel&gt; &lt;@U123&gt; xiaomi",
	"+a -b field:x ~2 xiaomi^3 \"microsoft",
	"xiaomi* AND (microsoft OR /regexp.*/) NOT",
	"xiaomi\x00\x01\x1b[2J microsoft\u202e\u2066",
	"visit https://evil.example/login or evil.example now",
	"@here @channel #general",
	"how much did xiaomi invest in iqiyi?",
	"xiaomi microsoft",
}

// linkPattern finds <url|label> links and other <…> markup in mrkdwn.
var linkPattern = regexp.MustCompile(`<([^<>|]*)(\|[^<>]*)?>`)

// checkSafeAnswer fails t when resp is not something to show a user: an
// error or a panic, Slack limits broken, a search engine error shown, or
// markup that pings or links anywhere but to the corpus's articles.
func checkSafeAnswer(t *testing.T, in string, resp Response, articleURLs map[string]bool, user string) {
	t.Helper()
	if resp.Outcome == "error" || resp.Outcome == "panic" {
		t.Fatalf("query %q: outcome %s (%v)", in, resp.Outcome, resp.Err)
	}
	checkSlackLimits(t, resp)
	text := allText(t, resp)
	low := strings.ToLower(text)
	for _, leak := range []string{"bleve", "syntax error", "parse error", "query_string", "unexpected token", "runtime error"} {
		if strings.Contains(low, leak) {
			t.Fatalf("query %q: the answer shows %q:\n%s", in, leak, text)
		}
	}
	for _, m := range linkPattern.FindAllStringSubmatch(text, -1) {
		target := m[1]
		if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
			if !articleURLs[strings.ReplaceAll(target, "&amp;", "&")] {
				t.Fatalf("query %q: the answer links to %q, not an article:\n%s", in, target, text)
			}
			continue
		}
		if m[0] == "<@"+user+">" { // "Shared by <@U…>": ours, naming who asked
			continue
		}
		t.Fatalf("query %q: the answer holds live markup %q:\n%s", in, m[0], text)
	}
	if strings.Contains(text, "@here") || strings.Contains(text, "@channel") || strings.Contains(text, "evil.example") {
		t.Fatalf("query %q: the answer echoes something that pings or links:\n%s", in, text)
	}
}

// seedBot is a bot on the real engine with the embedded seed articles.
func seedBot(tb testing.TB) (*Bot, map[string]bool) {
	tb.Helper()
	eng, err := engine.Open(context.Background(), discardLogger(), engine.Options{IndexDir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { eng.Close() })
	deals, err := eng.Deals(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	urls := map[string]bool{}
	for _, d := range deals {
		for _, s := range d.Sources {
			if s.URL != "" {
				urls[s.URL] = true
			}
		}
	}
	return newTestBot(eng, nil, Config{}), urls
}

func TestBadQueriesAreAnsweredSafely(t *testing.T) {
	b, urls := seedBot(t)
	for _, q := range badQueries {
		for _, kind := range []Kind{KindSlash, KindMention, KindDM} {
			start := time.Now()
			resp := b.Handle(t.Context(), Request{Kind: kind, UserID: "U1", ChannelID: "C1", Text: plainQuery(q)})
			checkSafeAnswer(t, q, resp, urls, "U1")
			if d := time.Since(start); d > 5*time.Second {
				t.Logf("query %.30q took %v", q, d) // reported, not asserted: see BenchmarkBadQueries
			}
		}
	}
	// The forged share button pointing at a deal that no longer exists.
	resp := b.Handle(t.Context(), Request{Kind: KindAction, ActionID: ShareActionID, UserID: "U1", ChannelID: "C1",
		ActionValue: "zorblatix gmbh <!channel> https://evil.example"})
	checkSafeAnswer(t, "share", resp, urls, "U1")
	if resp.InChannel || !strings.Contains(allText(t, resp), "Nothing to share") {
		t.Errorf("forged share = %q (in channel %v); want a private explanation", allText(t, resp), resp.InChannel)
	}
}

func BenchmarkBadQueries(b *testing.B) {
	bot, _ := seedBot(b)
	for b.Loop() {
		for _, q := range badQueries {
			bot.Handle(context.Background(), Request{Kind: KindSlash, UserID: "U1", ChannelID: "C1", Text: plainQuery(q)})
		}
	}
}

// FuzzHandleText runs any text through the whole answer path — cleaning,
// routing, the real index, rendering — and checks the answer is safe to
// show.
func FuzzHandleText(f *testing.F) {
	for _, q := range badQueries {
		f.Add(q)
	}
	b, urls := seedBot(f)
	f.Fuzz(func(t *testing.T, q string) {
		resp := b.Handle(context.Background(), Request{Kind: KindSlash, UserID: "U1", ChannelID: "C1", Text: plainQuery(q)})
		checkSafeAnswer(t, q, resp, urls, "U1")
		share := b.Handle(context.Background(), Request{Kind: KindAction, ActionID: ShareActionID, UserID: "U1", ChannelID: "C1", ActionValue: q})
		checkSafeAnswer(t, q, share, urls, "U1")
	})
}
