package corpus

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// mustParse parses content as file id and fails the test on error.
func mustParse(t *testing.T, id, content string) Article {
	t.Helper()
	a, err := Parse(id, []byte(content))
	if err != nil {
		t.Fatalf("Parse(%q) error: %v", id, err)
	}
	return a
}

// joined is every sentence of a, one per line.
func joined(a Article) string { return strings.Join(texts(a), "\n") }

// assertNone fails when any sentence of a contains one of bad.
func assertNone(t *testing.T, a Article, bad ...string) {
	t.Helper()
	for _, s := range a.Sentences {
		for _, b := range bad {
			if strings.Contains(s.Text, b) {
				t.Errorf("%s: sentence %q contains %q, which should have been removed", a.ID, s.Text, b)
			}
		}
	}
}

// assertHas fails when no sentence of a contains each of want.
func assertHas(t *testing.T, a Article, want ...string) {
	t.Helper()
	all := joined(a)
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("%s: no sentence contains %q; sentences:\n%s", a.ID, w, all)
		}
	}
}

func TestIsBoilerplateLine(t *testing.T) {
	drop := []string{
		"Skip to main content",
		"Skip to content",
		"Read more: Brightwave and Northstar Ventures sign cloud deal",
		"READ MORE: Acme Robotics names new chief",
		"Also read: eFoo’s results beat forecasts",
		"Related: Zorblat GmbH raises €10m",
		"See also: Acme’s earlier deals",
		"Recommended for you",
		"More from Daily Ledger",
		"You may also like",
		"Trending: Northstar Ventures buys Acme",
		"Image Credit: Flickr (Jane Doe)",
		"Image: Zorblat GmbH",
		"Photo: Reuters",
		"(Photo: Acme Robotics)",
		"Photo by Jane Doe on Unsplash",
		"Photo courtesy of Brightwave",
		"Image via Northstar Ventures",
		"Picture: supplied",
		"Credit: Acme Robotics",
		"(source)",
		"[Source]",
		"Source: Acme Robotics press release",
		"Advertisement",
		"ADVERTISEMENT - Scroll to continue",
		"Sponsored by eFoo",
		"Share this article",
		"Share on Twitter",
		"Facebook Twitter LinkedIn Email",
		"Sign up for our daily newsletter",
		"Subscribe to the Daily Ledger",
		"Follow us on LinkedIn",
		"Click here to read the full report",
		"© 2021 Daily Ledger Media. All rights reserved.",
		"Copyright 2021 Brightwave Ltd",
		"This site uses Akismet to reduce spam. Learn how your comment data is processed.",
		"We use cookies to give you the best experience.",
		"Cookie settings",
		"Tags: Acme Robotics, Zorblat GmbH, drones",
		"Reporting by Jane Doe; Editing by John Roe",
		"Continue reading",
		".",
		"* * *",
		"\u00a0",
		"—",
	}
	keep := []string{
		"Acme Robotics agrees to buy Zorblat GmbH",
		"Advertising revenue at eFoo rose 12% in the quarter.",
		"Copyright infringement lawsuits have troubled Brightwave in the past.",
		"Cookie maker Crumbly Ltd agreed to buy a rival bakery chain.",
		"Sources said the talks had stalled.",
		"Photographers at the launch outnumbered engineers.",
		"Sharing economy firm eFoo raised $5 million.",
		"Related party transactions are disclosed in the annual report of Acme Robotics, the company said.",
		"Subscribers to the Acme service grew 40% this year.",
		"Reporting by Bloomberg suggests Acme will buy Zorblat.",
		"Follow-on funding came from Northstar Ventures.",
		"More than 200 engineers will join Acme.",
		"Credit Suisse advised Acme on the deal.",
		"Image recognition is a focus of the partnership.",
		"Partnership",
		"Via its subsidiary Brightwave, eFoo bought a stake in Zorblat.",
	}
	for _, line := range drop {
		if !isBoilerplateLine(line) {
			t.Errorf("isBoilerplateLine(%q) = false; want true", line)
		}
	}
	for _, line := range keep {
		if isBoilerplateLine(line) {
			t.Errorf("isBoilerplateLine(%q) = true; want false (article text)", line)
		}
	}
}

func TestIsCommentMarker(t *testing.T) {
	for _, line := range []string{
		"Join the Conversation", "3 Comments", "1 comment", "No comments:", "Post a Comment",
		"Leave a comment", "Leave a Reply", "Comments", "Comments (12)", "Show comments",
		"View 24 comments", "5 thoughts on “Acme buys Zorblat”", "Add a comment", "Comments are closed.",
	} {
		if !isCommentMarker(line) {
			t.Errorf("isCommentMarker(%q) = false; want true", line)
		}
	}
	for _, line := range []string{
		"Acme did not respond to requests for comment.",
		"Brightwave declined to comment",
		"Comments from regulators are expected next week.",
		"No comment",
	} {
		if isCommentMarker(line) {
			t.Errorf("isCommentMarker(%q) = true; want false", line)
		}
	}
}

// TestInventedArticle runs every generic rule on an article about invented
// companies (testdata/corpus/news/acme-zorblat.txt), to show the rules are
// about the shape of boilerplate, not the seeds' names.
func TestInventedArticle(t *testing.T) {
	arts := loadFixtures(t)
	var a Article
	for _, x := range arts {
		if x.ID == "news/acme-zorblat.txt" {
			a = x
		}
	}
	if a.ID == "" {
		t.Fatal("fixture news/acme-zorblat.txt not loaded")
	}
	if want := "Acme Robotics agrees to buy Zorblat GmbH for €40 million"; a.Title != want {
		t.Errorf("Title = %q; want %q", a.Title, want)
	}
	if want := day(2021, 3, 3); !a.Date.Equal(want) {
		t.Errorf("Date = %v; want %v (from the dateline)", a.Date, want)
	}
	if a.Source != "Daily Ledger" {
		t.Errorf("Source = %q; want \"Daily Ledger\" (learned from the author bio)", a.Source)
	}
	assertNone(t, a,
		"Skip to content", "Technology", // navigation and a section label
		"Read more", "Brightwave and Northstar Ventures sign", // a teaser naming two companies
		"Photo:", "opens in new tab", // an image credit
		"Jane Roe", "senior reporter at Daily Ledger", "Follow her", // a byline and an author bio
		"4 Comments", "Leave a Reply", "Great news for Acme and Brightwave", // a comment section
		"Published:", "March 3, 2021", // the dateline
		"the the", "statement.zorblat", // repaired
	)
	assertHas(t, a,
		"Acme Robotics said on Wednesday it has agreed to acquire Zorblat GmbH",
		"Acme said the purchase would add 120 engineers to its team.",
		"Acme chief executive Maria Gomez said in a statement.",
	)
	if len(a.Removed) == 0 {
		t.Error("Removed is empty; want the cut boilerplate lines")
	}
}

func TestAuthorBios(t *testing.T) {
	body := "Northstar Ventures led a $20 million round in Brightwave, the payments start-up said on Monday.\n\n" +
		"Brightwave will use the money to expand into Spain and Italy, it said.\n\n"
	tests := []struct {
		name       string
		tail       string
		wantSource string
		gone       []string
	}{
		{
			name:       "name line then bio",
			tail:       "Tom Baker\n\nTom is a freelance writer covering fintech for The Ledger Weekly.",
			wantSource: "",
			gone:       []string{"Tom Baker", "freelance writer"},
		},
		{
			name:       "bio naming the outlet by possessive",
			tail:       "Ana Silva was Fintech Daily's payments and banking reporter until May 2023. Get in touch with her via ana@example.com.",
			wantSource: "Fintech Daily",
			gone:       []string{"Ana Silva", "Get in touch"},
		},
		{
			name:       "writing for",
			tail:       "Ben Ode\n\nBen has spent ten years writing for Money Matters Online and other titles.",
			wantSource: "Money Matters Online",
			gone:       []string{"Ben Ode", "ten years writing"},
		},
		{
			name:       "staff writer line",
			tail:       "Lee Chan is a staff writer at Startup Wire. Follow him on X at @leechan.",
			wantSource: "Startup Wire",
			gone:       []string{"Lee Chan", "staff writer"},
		},
		{
			name:       "about the author",
			tail:       "About the author\n\nMia Roth covers venture capital and writes the weekly Deals newsletter.",
			wantSource: "",
			gone:       []string{"About the author", "Mia Roth"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustParse(t, "bio.txt", body+tt.tail)
			assertNone(t, a, tt.gone...)
			assertHas(t, a, "Northstar Ventures led a $20 million round in Brightwave", "expand into Spain and Italy")
			if a.Source != tt.wantSource {
				t.Errorf("Source = %q; want %q", a.Source, tt.wantSource)
			}
		})
	}

	// A company profile after a heading naming it is not a bio.
	a := mustParse(t, "profile.txt", body+"Zorblat GmbH\n\nZorblat is a Berlin drone maker founded in 2015 that agreed to supply Brightwave.")
	assertHas(t, a, "Zorblat is a Berlin drone maker")
	// Bio phrases in the middle of an article, in a sentence about someone
	// else, are kept.
	a = mustParse(t, "mid.txt", "Acme Robotics hired a new chief executive on Monday, the company said.\n\n"+
		"The new chief, a former freelance writer, joined Acme in 2019.\n\n"+
		"Acme also agreed to buy Zorblat GmbH.\n\nThe deal closes in May.\n\nShares rose 4%.\n\nAnalysts were upbeat.")
	assertHas(t, a, "a former freelance writer")
}

func TestCommentTail(t *testing.T) {
	a := mustParse(t, "c.txt", "Brightwave and eFoo signed a licensing agreement covering payment patents, the firms said.\n\n"+
		"Terms were not disclosed.\n\nComments\n\nAcme fan: Brightwave should have picked Acme Robotics instead.\n\nReply")
	assertNone(t, a, "Comments", "Acme fan", "Reply")
	assertHas(t, a, "licensing agreement", "Terms were not disclosed.")

	// A "Comments" link before any article text is dropped alone.
	a = mustParse(t, "menu.txt", "Home\n\nComments\n\nBrightwave and eFoo signed a licensing agreement covering payment patents, the firms said.")
	assertHas(t, a, "licensing agreement")
}

func TestRepairs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Acme has has agreed to buy Zorblat.", "Acme has agreed to buy Zorblat."},
		{"The the deal closed.", "The deal closed."},
		{"It is is is done.", "It is done."},
		{"The firms had had talks before.", "The firms had had talks before."},
		{"He said that that deal was off.", "He said that that deal was off."},
		{"Walla Walla Foods bought a farm.", "Walla Walla Foods bought a farm."},
		{"It grew 20 20 percent.", "It grew 20 20 percent."},
		{"“It fits,” he added.firework", "“It fits,” he added."},
		{"The deal closed.acme", "The deal closed."},
		{"Details are at acme.com", "Details are at acme.com"},
		{"See the filing at investors.acme.io", "See the filing at investors.acme.io"},
		{"Contact press@acme.example", "Contact press@acme.example"},
		{"Download the report.pdf", "Download the report.pdf"},
		{"It was the company’s", "It was the company’s"},
		{"The firm said e.g", "The firm said e.g"},
	}
	for _, tt := range tests {
		if got := repairLine(tt.in); got != tt.want {
			t.Errorf("repairLine(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestTitleAndKinds(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		title   string
		kinds   map[string]SentenceKind
		dateDay time.Time
	}{
		{
			name:  "headline first",
			text:  "Acme Robotics buys Zorblat\n\nAcme Robotics bought Zorblat GmbH on Monday.\n\nWhat happens next\n\nZorblat keeps its brand.",
			title: "Acme Robotics buys Zorblat",
			kinds: map[string]SentenceKind{"What happens next": Heading, "Zorblat keeps its brand.": Body},
		},
		{
			name:  "sentence first is not a title",
			text:  "Acme Robotics bought Zorblat GmbH on Monday.\n\nZorblat keeps its brand.",
			title: "",
		},
		{
			name:  "a question headline is not taken for a heading",
			text:  "Will Acme buy Zorblat?\n\nAcme Robotics is in talks to buy Zorblat GmbH, people familiar said.",
			title: "",
		},
		{
			name:    "dateline then sentence then headline",
			text:    "26 Feb 2018\n\nAcme and Zorblat expand their deal.\n\nZorblat and Acme to extend their partnership\n\nAcme and Zorblat expand their deal. They will work on drones.",
			title:   "Zorblat and Acme to extend their partnership",
			dateDay: day(2018, 2, 26),
		},
		{
			name:  "key points box then body, later list is body",
			text:  "• Acme buys Zorblat for €40m\n• Deal closes in May\nAcme Robotics agreed to buy Zorblat GmbH.\n- Zorblat keeps its 80 staff\n- Its brand stays",
			title: "",
			kinds: map[string]SentenceKind{
				"Acme buys Zorblat for €40m": Bullet, "Deal closes in May": Bullet,
				"Zorblat keeps its 80 staff": Body, "Its brand stays": Body,
			},
		},
		{
			name:  "byline is not a title",
			text:  "By Jane Doe and John Roe\n\nAcme Robotics bought Zorblat GmbH on Monday.",
			title: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustParse(t, "t.txt", tt.text)
			if a.Title != tt.title {
				t.Errorf("Title = %q; want %q", a.Title, tt.title)
			}
			if !a.Date.Equal(tt.dateDay) {
				t.Errorf("Date = %v; want %v", a.Date, tt.dateDay)
			}
			for text, want := range tt.kinds {
				got := SentenceKind("missing")
				for _, s := range a.Sentences {
					if s.Text == text {
						got = s.Kind
					}
				}
				if got != want {
					t.Errorf("kind of %q = %s; want %s (sentences:\n%s)", text, got, want, joined(a))
				}
			}
			assertNone(t, a, "Jane Doe")
		})
	}
}

func TestDedupe(t *testing.T) {
	a := mustParse(t, "d.txt", "Acme and eFoo sign a deal.\n\nAcme and eFoo sign a deal. It covers robots.\n\nAcme  and eFoo sign a deal.")
	if n := strings.Count(joined(a), "Acme and eFoo sign a deal."); n != 1 {
		t.Errorf("repeated sentence kept %d times; want 1:\n%s", n, joined(a))
	}
	if got := len(a.Sentences); got != 2 {
		t.Errorf("%d sentences; want 2", got)
	}
}

func TestNoArticleText(t *testing.T) {
	_, err := Parse("junk.txt", []byte("Skip to main content\n\nRead more: Acme buys Zorblat\n\n© 2021 Daily Ledger\n\n3 Comments"))
	if !errors.Is(err, ErrNoText) {
		t.Fatalf("Parse(only boilerplate) error = %v; want ErrNoText", err)
	}
}

// TestInventedWireCopy checks a whole web page copied as text
// (testdata/corpus/news/northstar-wire.txt): menu labels, byline, dateline
// with a time, share buttons, an ad label, wire credits and a "More from"
// list of other headlines.
func TestInventedWireCopy(t *testing.T) {
	a := fixture(t, "news/northstar-wire.txt")
	if want := "Northstar Ventures to buy stake in eFoo for $50 million"; a.Title != want {
		t.Errorf("Title = %q; want %q", a.Title, want)
	}
	if want := day(2021, 3, 3); !a.Date.Equal(want) {
		t.Errorf("Date = %v; want %v", a.Date, want)
	}
	assertNone(t, a, "Menu", "Search", "Home", "Business", "Deals", "Jane Doe", "10:32", "hours ago",
		"Share", "Tweet", "Email", "ADVERTISEMENT", "Editing by", "Our Standards", "More from",
		"Acme Robotics shares jump")
	assertHas(t, a, "Northstar Ventures has agreed to buy a 20% stake in eFoo for $50 million",
		"the firm had had talks with eFoo since 2019.")
	if got := len(a.Sentences); got != 4 {
		t.Errorf("%d sentences; want 4 (title and three body sentences):\n%s", got, joined(a))
	}
}

func TestPlainTextLines(t *testing.T) {
	t.Run("hard-wrapped text is joined", func(t *testing.T) {
		a := mustParse(t, "w.txt", strings.Join([]string{
			"Acme Robotics to buy Zorblat",
			"",
			"Acme Robotics said on Monday that it has agreed to buy the drone maker",
			"Zorblat GmbH for 40 million euros in cash, subject to approval by the",
			"German competition authority, which is expected within three months.",
			"",
			"Zorblat was founded in Berlin in 2015 and employs about 80 people, most",
			"of them engineers working on warehouse drones and their software, the",
			"company said in a statement published on its website on Monday.",
		}, "\n"))
		if a.Title != "Acme Robotics to buy Zorblat" {
			t.Errorf("Title = %q", a.Title)
		}
		assertHas(t, a, "Acme Robotics said on Monday that it has agreed to buy the drone maker Zorblat GmbH for 40 million euros in cash, subject to approval by the German competition authority, which is expected within three months.")
	})
	t.Run("one paragraph per line is kept as is", func(t *testing.T) {
		a := mustParse(t, "l.txt", strings.Join([]string{
			"Acme Robotics agrees to buy Zorblat GmbH for €40 million",
			"Acme Robotics said on Monday that it had agreed to buy Zorblat GmbH.",
			"The deal is worth €40 million and should close in May this year.",
			"Zorblat makes drones for warehouses and has 80 staff in Berlin.",
			"Acme shares rose 3% in early trading after the announcement.",
			"Analysts said the price was fair for a company of its size.",
		}, "\n"))
		if want := "Acme Robotics agrees to buy Zorblat GmbH for €40 million"; a.Title != want {
			t.Errorf("Title = %q; want %q", a.Title, want)
		}
		if got := len(a.Sentences); got != 6 {
			t.Errorf("%d sentences; want 6:\n%s", got, joined(a))
		}
		for i, s := range a.Sentences {
			if s.Para != i {
				t.Errorf("sentence %d %q in paragraph %d; want %d (one per line)", i, s.Text, s.Para, i)
			}
		}
	})
}

func TestLeadDateline(t *testing.T) {
	for _, tt := range []struct {
		in, date, rest string
	}{
		{"TORONTO and BOSTON, July 30, 2024 (Presswell Newswire) -- Linthwaite Software Inc. today announced a deal.", "2024-07-30", "Linthwaite Software Inc. today announced a deal."},
		{"FRANKFURT, 14 February 2025 — Weidental said it was not in talks.", "2025-02-14", "Weidental said it was not in talks."},
		{"Acme said on Tuesday, March 3, 2023 - it would buy Zorblat.", "", ""},
		{"Kestrel Dairy and Ormond Farms announced a partnership.", "", ""},
	} {
		d, rest, ok := leadDateline(tt.in)
		if got := d.Format("2006-01-02"); ok != (tt.date != "") || ok && (got != tt.date || rest != tt.rest) {
			t.Errorf("leadDateline(%q) = %v, %q, %v; want %q, %q", tt.in, got, rest, ok, tt.date, tt.rest)
		}
	}
}

func TestHeaderDatelines(t *testing.T) {
	for line, want := range map[string]string{
		"03 Sep 2024 | 09:12 UTC | Hanne Solbakk, Oslo": "2024-09-03",
		"Jonah Whitsun / 9:00 AM PDT - June 24, 2025":   "2025-06-24",
		"Published 14:32 GMT, 3 March 2023":             "2023-03-03",
		"Acme Robotics | Zorblat":                       "",
	} {
		d, ok := parseDateLine(line)
		if got := d.Format("2006-01-02"); ok != (want != "") || ok && got != want {
			t.Errorf("parseDateLine(%q) = %s, %v; want %q", line, got, ok, want)
		}
	}
}
