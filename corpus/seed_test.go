package corpus

import (
	"context"
	"strings"
	"testing"
	"time"
)

// loadSeeds loads the embedded seed corpus and indexes it by the three-digit
// prefix of the file name ("003").
func loadSeeds(t testing.TB) map[string]Article {
	t.Helper()
	arts, skipped, err := Load(context.Background(), Seed(), Options{})
	if err != nil {
		t.Fatalf("Load(Seed()) error: %v", err)
	}
	if len(skipped) != 0 {
		t.Fatalf("Load(Seed()) skipped %v; want none", skipped)
	}
	if len(arts) != 5 {
		t.Fatalf("Load(Seed()) = %d articles; want 5", len(arts))
	}
	byNum := make(map[string]Article)
	for _, a := range arts {
		byNum[a.ID[:3]] = a
	}
	return byNum
}

// texts returns the Text of every sentence.
func texts(a Article) []string {
	out := make([]string, len(a.Sentences))
	for i, s := range a.Sentences {
		out[i] = s.Text
	}
	return out
}

// TestSeedBoilerplateRemoved checks the gold list "boilerplate_removed":
// none of these strings may appear in any sentence of any seed.
func TestSeedBoilerplateRemoved(t *testing.T) {
	gold := []string{
		"(source)",
		"Join the Conversation",
		"3 Comments",
		"Leave a comment",
		"Leave a Reply",
		"This site uses Akismet to reduce spam.",
		"Learn how your comment data is processed.",
		"Get in touch with her via lixin@sixthtone.com or Twitter.",
		"Emma Lee (Li Xin) was TechNode",
		"No comments:",
		"Post a Comment",
		"Skip to main content",
		"Read more: Xiaomi price drop suggests new flagship devices are coming soon",
		"Read more: Samsung vows to",
		"Image Credit: Flickr",
		"Jamie is a freelance writer",
		"Content Manager at Betbull",
	}
	for id, a := range loadSeeds(t) {
		for _, s := range a.Sentences {
			for _, g := range gold {
				if strings.Contains(s.Text, g) || strings.Contains(s.Norm, Normalize(g)) {
					t.Errorf("seed %s sentence %d %q contains boilerplate %q", id, s.Index, s.Text, g)
				}
			}
		}
	}
}

func TestSeedMetadata(t *testing.T) {
	seeds := loadSeeds(t)
	tests := []struct {
		seed   string
		titles []string // acceptable titles
		date   time.Time
		source string
	}{
		{seed: "000", titles: []string{""}},
		{seed: "001", titles: []string{"", "MI (Xiaomi) is currently the world’s fourth-largest smartphone brand"}},
		{seed: "002", titles: []string{""}, source: "TechNode"},
		{seed: "003", titles: []string{"Microsoft and Xiaomi to extend their partnership"}, date: time.Date(2018, 2, 26, 0, 0, 0, 0, time.UTC)},
		{seed: "004", titles: []string{"Xiaomi teams up with China’s top Internet TV firm on smart TV"}, source: "ITProPortal"},
	}
	for _, tt := range tests {
		t.Run(tt.seed, func(t *testing.T) {
			a := seeds[tt.seed]
			if !contains(tt.titles, a.Title) {
				t.Errorf("Title = %q; want one of %q", a.Title, tt.titles)
			}
			if !a.Date.Equal(tt.date) {
				t.Errorf("Date = %v; want %v", a.Date, tt.date)
			}
			if a.Source != tt.source {
				t.Errorf("Source = %q; want %q", a.Source, tt.source)
			}
			if a.Format != "txt" || a.URL != "" {
				t.Errorf("Format, URL = %q, %q; want \"txt\", \"\"", a.Format, a.URL)
			}
			if a.Title != "" {
				if s := a.Sentences[0]; s.Kind != Title || s.Text != a.Title {
					t.Errorf("Sentences[0] = %q (%s); want the title %q", s.Text, s.Kind, a.Title)
				}
			}
			for i, s := range a.Sentences {
				if s.Index != i {
					t.Errorf("Sentences[%d].Index = %d", i, s.Index)
				}
				if i > 0 && s.Kind == Title {
					t.Errorf("Sentences[%d] %q has kind title; only sentence 0 may", i, s.Text)
				}
				if i > 0 && s.Para < a.Sentences[i-1].Para {
					t.Errorf("Sentences[%d].Para = %d goes back from %d", i, s.Para, a.Sentences[i-1].Para)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSeedRepairs checks the gold "sentence_repairs" and the other fixes
// the gold describes for the seeds.
func TestSeedRepairs(t *testing.T) {
	seeds := loadSeeds(t)
	joined := func(id string) string { return strings.Join(texts(seeds[id]), "\n") }

	if s := joined("000"); !strings.Contains(s, "he added.") || strings.Contains(s, "added.firework") {
		t.Errorf("seed 000: want \"he added.\" without the glued \"firework\"; got sentences:\n%s", s)
	}
	if s := joined("001"); !strings.Contains(s, "Xiaomi has entered into") || strings.Contains(s, "has has") {
		t.Errorf("seed 001: want \"has has\" collapsed to \"Xiaomi has entered into\"; got:\n%s", s)
	}
	lead := "Xiaomi and Microsoft are all set to expand their partnership."
	if n := strings.Count(joined("003")+"\n", lead+"\n"); n != 1 {
		t.Errorf("seed 003: %q appears in %d sentences; want 1", lead, n)
	}
	for _, dateline := range []string{"Monday 26 February 2018", "February 2018"} {
		if s := joined("003"); strings.Contains(s, dateline) {
			t.Errorf("seed 003: the dateline %q is still a sentence", dateline)
		}
	}
}

func TestSeedKinds(t *testing.T) {
	seeds := loadSeeds(t)
	kindOf := func(id, text string) SentenceKind {
		for _, s := range seeds[id].Sentences {
			if s.Text == text {
				return s.Kind
			}
		}
		return "missing"
	}
	tests := []struct {
		seed, text string
		want       SentenceKind
	}{
		{"001", "The number of users downloading and using video creation apps is on a rise", Bullet},
		{"001", "Going beyond devices and software", Heading},
		{"003", "Partnership", Heading},
		{"003", "Statements by both the companies", Heading},
		{"003", "Xiaomi and Microsoft are all set to expand their partnership.", Body},
		{"004", "Xiaomi teams up with China’s top Internet TV firm on smart TV", Title},
		{"000", "Xiaomi Corp has entered into a global strategic partnership with Firework, a Silicon Valley-based short video network platform.", Body},
	}
	for _, tt := range tests {
		if got := kindOf(tt.seed, tt.text); got != tt.want {
			t.Errorf("seed %s: kind of %q = %s; want %s", tt.seed, tt.text, got, tt.want)
		}
	}
	// The bullet marker is gone.
	for _, s := range seeds["001"].Sentences {
		if strings.HasPrefix(s.Text, "- ") {
			t.Errorf("seed 001: sentence %q keeps its bullet marker", s.Text)
		}
	}
}

// TestSeedEvidence checks that the gold evidence strings survive cleaning
// (compared on Norm, where the seed's no-break spaces are plain spaces).
func TestSeedEvidence(t *testing.T) {
	seeds := loadSeeds(t)
	evidence := []struct{ seed, text string }{
		{"000", "Xiaomi Corp has entered into a global strategic partnership with Firework"},
		{"000", "the company was thrilled to partner with Firework in Mi Videos"},
		{"001", "has entered into a global strategic partnership with Silicon Valley based short video network Firework"},
		{"002", "announced a strategic partnership with Youku Todou"},
		{"002", "It plans to acquire the latter’s circulating shares with eight-digit US dollar investment"},
		{"002", "Xiaomi is planning to announce a US$300 million investment in iQiyi"},
		{"002", "The report noted that Xiaomi did not comment on the news."},
		{"003", "Now, they have signed the Strategic Framework Memorandum of Understanding (MoU)."},
		{"003", "Microsoft and Xiaomi had worked earlier together on a “patent cross-licensing and app pre-install deal”."},
		{"003", "The partnership of Microsoft and Xiaomi dates back to 2015"},
		{"003", "Yesterday, Tencent and Samsung announced its partnership"},
		{"004", "entered into a strategic partnership with Youku Tudou and plans to buy stock on the open market"},
		{"004", "Xiaomi plans to invest $300 million [£189 million] of the fund in the Baidu-owned iQiyi"},
		{"004", "neither side has yet confirmed if this is the case"},
	}
	for _, e := range evidence {
		want := Normalize(e.text)
		found := false
		for _, s := range seeds[e.seed].Sentences {
			if strings.Contains(s.Norm, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("seed %s: no sentence contains %q", e.seed, e.text)
		}
	}
}

// TestSeedSentenceCounts pins the number of sentences per seed so a change
// in splitting or cleaning is noticed.
func TestSeedSentenceCounts(t *testing.T) {
	seeds := loadSeeds(t)
	want := map[string]int{"000": 19, "001": 17, "002": 12, "003": 31, "004": 11}
	for id, n := range want {
		if got := len(seeds[id].Sentences); got != n {
			t.Errorf("seed %s: %d sentences; want %d:\n%s", id, got, n, strings.Join(texts(seeds[id]), "\n"))
		}
	}
}

// loadFixtures loads testdata/corpus.
func loadFixtures(t testing.TB) []Article {
	t.Helper()
	arts, _, err := Load(context.Background(), DirFS("testdata/corpus"), Options{})
	if err != nil {
		t.Fatalf("Load(testdata/corpus) error: %v", err)
	}
	return arts
}
