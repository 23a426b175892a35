package corpus

import (
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func fixture(t *testing.T, id string) Article {
	t.Helper()
	for _, a := range loadFixtures(t) {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("fixture %s not loaded", id)
	return Article{}
}

// TestHTMLPage checks a full news page (testdata/corpus/news/efoo-brightwave.html)
// with navigation, header, breadcrumbs, a byline, a figure caption, a
// "Read more" aside, a share bar, a script, an HTML comment, an ad slot, an
// author bio, comments, a sidebar, a footer and a cookie banner.
func TestHTMLPage(t *testing.T) {
	a := fixture(t, "news/efoo-brightwave.html")
	if a.Format != "html" {
		t.Errorf("Format = %q; want html", a.Format)
	}
	if want := "eFoo buys Brightwave in $80 million deal"; a.Title != want {
		t.Errorf("Title = %q; want %q (<title> without \" | The Daily Ledger\")", a.Title, want)
	}
	if a.Source != "The Daily Ledger" {
		t.Errorf("Source = %q; want og:site_name \"The Daily Ledger\"", a.Source)
	}
	if want := "https://ledger.example/2021/05/04/efoo-brightwave"; a.URL != want {
		t.Errorf("URL = %q; want the canonical link %q", a.URL, want)
	}
	if want := day(2021, 5, 4); !a.Date.Equal(want) {
		t.Errorf("Date = %v; want %v (JSON-LD datePublished, in its own time zone)", a.Date, want)
	}
	if s := a.Sentences[0]; s.Kind != Title || s.Text != a.Title {
		t.Errorf("Sentences[0] = %q (%s); want the title", s.Text, s.Kind)
	}
	if n := strings.Count(joined(a), "eFoo buys Brightwave in $80 million deal"); n != 1 {
		t.Errorf("title text appears %d times; want 1", n)
	}
	assertHas(t, a,
		"eFoo Inc. said on Tuesday it would buy Brightwave Ltd. for $80\u00a0million in cash, its largest acquisition so far.",
		"The deal, which Brightwave shareholders must still approve, values the company at £60 million.",
		"Why it matters",
		"Brightwave makes payment software used by 4,000 shops.",
		"eFoo wants to sell it in Asia.",
		"Closing is expected in the third quarter.",
	)
	assertNone(t, a,
		"Skip to content", "Home", "Business", "Deals", // skip link, nav, breadcrumbs
		"Jane Roe", "May 3", // byline
		"Leeds", "Acme Images", // figure caption
		"Read more", "Zorblat and Northstar Ventures merge", // related aside
		"Share on Twitter", "Email", // share bar
		"Script text", "document.write", "color: red", // script and style
		"Ad slot", "Advertisement", // HTML comment and ad
		"senior reporter",                      // author bio
		"3 Comments", "Great deal for Zorblat", // comments
		"Trending", "Northstar Ventures buys Acme Robotics", // sidebar
		"All rights reserved", "cookies", // footer and cookie banner
	)
	for _, s := range a.Sentences {
		if s.Text == "Why it matters" && s.Kind != Heading {
			t.Errorf("kind of h2 %q = %s; want heading", s.Text, s.Kind)
		}
	}
}

// TestHTMLBroken checks a page with unclosed tags everywhere
// (testdata/corpus/news/broken.htm): it loads, and og: metadata is read.
func TestHTMLBroken(t *testing.T) {
	a := fixture(t, "news/broken.htm")
	if want := "Northstar Ventures backs Zorblat"; a.Title != want {
		t.Errorf("Title = %q; want %q (og:title without \" - Business Wire Today\")", a.Title, want)
	}
	if want := day(2020, 11, 19); !a.Date.Equal(want) {
		t.Errorf("Date = %v; want %v from article:published_time", a.Date, want)
	}
	if want := "https://wire.example/zorblat-northstar"; a.URL != want {
		t.Errorf("URL = %q; want og:url %q", a.URL, want)
	}
	assertHas(t, a,
		"Northstar Ventures has led a $15 million round in Zorblat GmbH, the drone maker said.",
		"The round values Zorblat at $90 million.",
		"Zorblat will use the money to hire engineers in Berlin",
		"Northstar Ventures | $10 million",
	)
}

func TestHTMLMalformedInputs(t *testing.T) {
	// None of these may panic or hang; each either loads or is skipped
	// with a reason.
	inputs := []string{
		"<p>Acme Robotics bought Zorblat GmbH for €40 million, the companies said.",
		"<html><body><article><p>Acme Robotics bought Zorblat GmbH.<div><p>Unclosed everywhere",
		"<<<>>><p>Acme <b><i>bought</b></i> Zorblat GmbH</p></p></div></body></html>",
		"<script>never closed Acme bought Zorblat",
		"<title>never closed <body><p>Acme bought Zorblat</p>",
		"<!-- never closed comment <p>Acme bought Zorblat</p>",
		"<table><tr><td><table><tr><td>Acme bought Zorblat GmbH in a nested table.",
		strings.Repeat("<div>", 5000) + "<p>Acme Robotics bought Zorblat GmbH deep inside.</p>",
		strings.Repeat("<b>", 2000) + "Acme Robotics bought Zorblat GmbH in bold.",
		"<svg><title>Icon</title><text>not text</text></svg><p>Acme Robotics bought Zorblat GmbH.</p>",
		`<script type="application/ld+json">{not json</script><p>Acme Robotics bought Zorblat GmbH.</p>`,
	}
	for _, in := range inputs {
		a, err := Parse("x.html", []byte(in))
		if err != nil {
			if _, ok := err.(*SkipError); !ok {
				t.Errorf("Parse(%.40q) error %v is not a *SkipError", in, err)
			}
			continue
		}
		assertNone(t, a, "<", ">", "not text", "Icon")
	}
	// The HTML parser refuses nesting over 512 deep; the text is still read.
	deep := mustParse(t, "deep.html", "<script>var x;</script>"+strings.Repeat("<div>", 5000)+"<p>Acme Robotics bought Zorblat GmbH deep inside.</p><nav>Menu</nav>")
	assertHas(t, deep, "Acme Robotics bought Zorblat GmbH deep inside.")
	assertNone(t, deep, "var x", "Menu")
	if len(deep.Warnings) != 1 || !strings.Contains(deep.Warnings[0], "read as plain text") {
		t.Errorf("Warnings = %q; want one saying the page was read as plain text", deep.Warnings)
	}
}

func TestHTMLContentChoice(t *testing.T) {
	t.Run("largest article wins over teaser cards", func(t *testing.T) {
		a := mustParse(t, "a.html", `<body>
			<article><h2>Teaser</h2><p>Zorblat shares rise.</p></article>
			<article><p>Acme Robotics agreed to buy Zorblat GmbH for €40 million in cash on Monday, the companies said.</p>
			<p>The deal needs approval from regulators in Germany and is expected to close in May.</p></article>
			<article><p>Short teaser about eFoo.</p></article></body>`)
		assertHas(t, a, "Acme Robotics agreed to buy Zorblat GmbH", "expected to close in May")
		assertNone(t, a, "Zorblat shares rise", "Short teaser about eFoo")
	})
	t.Run("main without article", func(t *testing.T) {
		a := mustParse(t, "m.html", `<body><div class="menu">Home News Deals</div>
			<main><p>Brightwave raised $20 million from Northstar Ventures.</p></main>
			<div>Unrelated footer text outside main.</div></body>`)
		assertHas(t, a, "Brightwave raised $20 million from Northstar Ventures.")
		assertNone(t, a, "Home News Deals", "Unrelated footer")
	})
	t.Run("body with furniture classes but a modifier on the wrapper", func(t *testing.T) {
		a := mustParse(t, "b.html", `<body><div class="page has-sidebar no-comments">
			<div class="post-content"><p>eFoo and Acme Robotics formed a joint venture for home robots.</p></div>
			<div id="sidebar"><p>Most read: Zorblat news</p></div>
			<div class="newsletter-signup"><p>Get our newsletter about Brightwave</p></div>
			<div class="relatedPosts"><p>Northstar Ventures profile</p></div>
			<span class="sr-only">(opens in new tab)</span>
			<p hidden>Hidden text about Acme</p><p style="display: none">More hidden text</p>
			<div aria-hidden="true">Icon label</div></div></body>`)
		assertHas(t, a, "eFoo and Acme Robotics formed a joint venture for home robots.")
		assertNone(t, a, "Most read", "newsletter", "Northstar", "opens in new tab", "Hidden text", "More hidden", "Icon label")
	})
	t.Run("form wrapping the whole page is kept", func(t *testing.T) {
		a := mustParse(t, "f.html", `<body><form id="aspnetForm"><div><article>
			<p>Zorblat GmbH sold its drone unit to Acme Robotics for €12 million.</p></article></div></form></body>`)
		assertHas(t, a, "Zorblat GmbH sold its drone unit to Acme Robotics for €12 million.")
	})
	t.Run("blocks and inline elements", func(t *testing.T) {
		a := mustParse(t, "i.html", `<body><article><p>Acme<span>Robotics</span> bought <a href="#">Zorblat</a>
			GmbH.<br>New line here.</p><ul><li>First point</li><li><p>Second point</p></li></ul>
			<pre>line one
line two</pre><h3>Sub head</h3><table><tr><th>Party</th><th>Role</th></tr><tr><td>Acme</td><td>buyer</td></tr></table></article></body>`)
		assertHas(t, a, "AcmeRobotics bought Zorblat GmbH.", "New line here.", "line one", "line two", "Sub head", "Party | Role", "Acme | buyer")
		for _, s := range a.Sentences {
			if s.Text == "Sub head" && s.Kind != Heading {
				t.Errorf("kind of h3 = %s; want heading", s.Kind)
			}
		}
	})
}

func TestHTMLMetadata(t *testing.T) {
	const body = `<body><article><p>Acme Robotics agreed to buy Zorblat GmbH for €40 million, the companies said.</p></article></body>`
	tests := []struct {
		name               string
		head               string
		article            string // replaces the default body when set
		title, url, source string
		date               time.Time
	}{
		{
			name:  "og tags",
			head:  `<meta property="og:title" content="Acme to buy Zorblat"><meta property="og:site_name" content="Robot Times"><meta property="og:url" content="https://robots.example/acme"><meta property="article:published_time" content="2021-03-04T10:00:00+08:00"><title>Other title | Robot Times</title>`,
			title: "Acme to buy Zorblat", url: "https://robots.example/acme", source: "Robot Times", date: day(2021, 3, 4),
		},
		{
			name:  "title suffix equal to site name after a dash",
			head:  `<title>Acme agrees to buy Zorblat GmbH — Robot Times Weekly Edition</title><meta property="og:site_name" content="Robot Times Weekly Edition">`,
			title: "Acme agrees to buy Zorblat GmbH", source: "Robot Times Weekly Edition",
		},
		{
			name:  "title suffix matching the host",
			head:  `<title>Acme agrees to buy Zorblat GmbH - robottimes</title><link rel="canonical" href="https://www.robottimes.example/x">`,
			title: "Acme agrees to buy Zorblat GmbH", url: "https://www.robottimes.example/x",
		},
		{
			name:  "a dash inside the headline stays",
			head:  `<title>Acme - Zorblat deal closes early</title>`,
			title: "Acme - Zorblat deal closes early",
		},
		{
			name: "relative canonical resolved against og:url",
			head: `<link rel="canonical" href="/news/acme"><meta property="og:url" content="https://robots.example/other">`,
			url:  "https://robots.example/news/acme",
		},
		{
			name:  "meta name date and JSON-LD publisher list",
			head:  `<meta name="pubdate" content="2020-01-02"><script type="application/ld+json">[{"@type":"NewsArticle","headline":"Acme buys Zorblat","publisher":[{"@type":"Organization","name":"Robot Wire"}]}]</script>`,
			title: "Acme buys Zorblat", source: "Robot Wire", date: day(2020, 1, 2),
		},
		{
			name:    "time element in the article",
			article: `<body><article><time datetime="2019-07-08T09:00:00Z">July 8</time><p>Acme Robotics agreed to buy Zorblat GmbH for €40 million.</p></article></body>`,
			date:    day(2019, 7, 8),
		},
		{
			name:    "a bare time element in the body is not trusted",
			article: `<body><p>Acme Robotics agreed to buy Zorblat GmbH for €40 million, it said <time datetime="2024-01-01">on Monday</time>.</p></body>`,
		},
		{
			name:    "first h1 when there is no other title",
			article: `<body><h1>Acme buys Zorblat</h1><p>Acme Robotics agreed to buy Zorblat GmbH for €40 million.</p></body>`,
			title:   "Acme buys Zorblat",
		},
		{
			name: "date from the URL",
			head: `<link rel="canonical" href="https://robots.example/2018/02/26/acme-zorblat">`,
			url:  "https://robots.example/2018/02/26/acme-zorblat",
			date: day(2018, 2, 26),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := body
			if tt.article != "" {
				b = tt.article
			}
			a := mustParse(t, "p.html", "<html><head>"+tt.head+"</head>"+b+"</html>")
			if a.Title != tt.title || a.URL != tt.url || a.Source != tt.source || !a.Date.Equal(tt.date) {
				t.Errorf("got title %q, url %q, source %q, date %v;\nwant %q, %q, %q, %v",
					a.Title, a.URL, a.Source, a.Date, tt.title, tt.url, tt.source, tt.date)
			}
		})
	}
}

func TestHTMLDeclaredCharset(t *testing.T) {
	page := `<html><head><meta charset="windows-1252"></head><body><p>Zorblat’s café sold to Acme for €5 million.</p></body></html>`
	data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("legacy.html", data)
	if err != nil {
		t.Fatalf("Parse(windows-1252 page) error: %v", err)
	}
	assertHas(t, a, "Zorblat’s café sold to Acme for €5 million.")

	// The same bytes in a .txt file declare nothing and are refused.
	if _, err := Parse("legacy.txt", data); err == nil || !strings.Contains(err.Error(), "not UTF-8 text (invalid byte at offset") {
		t.Errorf("Parse(windows-1252 .txt) error = %v; want not UTF-8", err)
	}
}

func TestIsFurnitureName(t *testing.T) {
	for _, v := range []string{"comments", "comment-list", "social-share", "relatedPosts", "related-articles",
		"newsletter-signup", "sidebar", "breadcrumbs", "promo-box", "ad-slot", "ad", "cookie-banner",
		"byline", "author-bio", "about-author", "sr-only", "post wp-caption", "js-comments", "jp-relatedposts",
		"sharedaddy", "commentlist"} {
		if !isFurnitureName(v) {
			t.Errorf("isFurnitureName(%q) = false; want true", v)
		}
	}
	for _, v := range []string{"article-body", "entry-content", "has-sidebar", "no-comments", "post-content",
		"headline", "shareholders-note", "loader", "address", "author", "lead", "commentary-column"} {
		if isFurnitureName(v) {
			t.Errorf("isFurnitureName(%q) = true; want false", v)
		}
	}
}

// TestHTMLDivSoup checks a blog page without <article>, <main>, <nav> or
// <aside> (testdata/corpus/news/zorblat-blog.html): the menu is a list of
// links, the sidebar is plain lists under "Popular posts" and "Archives",
// and sharing, related posts, tags and the reply form are marked only by
// class names.
func TestHTMLDivSoup(t *testing.T) {
	a := fixture(t, "news/zorblat-blog.html")
	if want := "Zorblat GmbH raises €30m from Northstar Ventures"; a.Title != want {
		t.Errorf("Title = %q; want %q", a.Title, want)
	}
	if want := day(2022, 4, 12); !a.Date.Equal(want) {
		t.Errorf("Date = %v; want %v from \"Posted on 12 April 2022 by Tom\"", a.Date, want)
	}
	assertNone(t, a, "TechBlog", "Home", "Startups", "Funding", "Posted on", "Share this", "Twitter",
		"Related", "eFoo buys Brightwave", "Tags", "Leave a Reply", "email address", "Popular posts",
		"Acme Robotics IPO", "Brightwave layoffs", "Archives", "April 2022", "Copyright")
	if got, want := texts(a), []string{
		"Zorblat GmbH raises €30m from Northstar Ventures",
		"Berlin drone maker Zorblat GmbH has raised €30 million in a Series B round led by Northstar Ventures.",
		"Existing investor Acme Capital also took part, Zorblat said.",
	}; !slices.Equal(got, want) {
		t.Errorf("sentences = %q; want %q", got, want)
	}
}
