package corpus

import (
	"strings"
	"testing"
	"time"
)

func TestMarkdownFrontMatter(t *testing.T) {
	const body = "\nNorthstar Ventures invested $5 million in Brightwave, the companies said on Monday.\n"
	tests := []struct {
		name               string
		front              string
		title, url, source string
		date               time.Time
		warning            string // substring of the only warning; "" for none
	}{
		{
			name:  "all keys, YAML date",
			front: "title: Northstar backs Brightwave\ndate: 2021-03-04\nurl: https://wire.example/a\nsource: Wire Example\nauthor: Jane Doe\n",
			title: "Northstar backs Brightwave", url: "https://wire.example/a", source: "Wire Example",
			date: day(2021, 3, 4),
		},
		{name: "quoted ISO date", front: "date: \"2021-03-04\"\n", date: day(2021, 3, 4)},
		{name: "written date", front: "date: March 4, 2021\n", date: day(2021, 3, 4)},
		{name: "RFC 3339 timestamp", front: "date: 2021-03-04T23:30:00-05:00\n", date: day(2021, 3, 4)},
		{name: "YAML timestamp with space", front: "date: 2021-03-04 10:00:00\n", date: day(2021, 3, 4)},
		{name: "keys in any case", front: "Title: Upper Case Keys Work\n", title: "Upper Case Keys Work"},
		{name: "not a date", front: "date: sometime soon\n", warning: `front matter date "sometime soon" is not a date; ignored`},
		{name: "invalid YAML", front: "title: \"unclosed\ndate: [2021\n", warning: "front matter is not valid YAML: "},
		{name: "not a mapping", front: "- just\n- a list\n", warning: "front matter is not valid YAML: "},
		{name: "empty", front: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustParse(t, "a.md", "---\n"+tt.front+"---\n"+body)
			if a.Title != tt.title || a.URL != tt.url || a.Source != tt.source || !a.Date.Equal(tt.date) {
				t.Errorf("got title %q, url %q, source %q, date %v; want %q, %q, %q, %v",
					a.Title, a.URL, a.Source, a.Date, tt.title, tt.url, tt.source, tt.date)
			}
			switch {
			case tt.warning == "" && len(a.Warnings) != 0:
				t.Errorf("Warnings = %q; want none", a.Warnings)
			case tt.warning != "" && (len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], tt.warning)):
				t.Errorf("Warnings = %q; want one containing %q", a.Warnings, tt.warning)
			}
			if strings.Contains(tt.warning, "YAML") && !strings.HasSuffix(a.Warnings[0], "; read without metadata") {
				t.Errorf("warning %q should say the file was read without metadata", a.Warnings[0])
			}
			assertHas(t, a, "Northstar Ventures invested $5 million in Brightwave")
			assertNone(t, a, "---", "title:", "date:")
		})
	}
}

func TestMarkdownUnclosedFrontMatter(t *testing.T) {
	a := mustParse(t, "u.md", "---\ntitle: Never closed\n\nAcme Robotics agreed to buy Zorblat GmbH for €40 million.")
	if len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], "no closing") {
		t.Errorf("Warnings = %q; want one about the missing closing line", a.Warnings)
	}
	assertHas(t, a, "Acme Robotics agreed to buy Zorblat GmbH")
}

func TestMarkdownBody(t *testing.T) {
	src := strings.Join([]string{
		"# eFoo and Acme Robotics team up",
		"",
		"Published: March 3, 2021",
		"",
		"**eFoo** and __Acme Robotics__ signed a *three-year* deal, according to [the filing](https://sec.example/f?id=(1)).",
		"The agreement covers home robots.",
		"",
		"![Acme's robot](https://img.example/robot.png)",
		"",
		"> “We are delighted,” said eFoo chief Ada Park.",
		"> > Nested quote text.",
		"",
		"Setext heading",
		"==============",
		"",
		"## Deal terms ##",
		"",
		"- First item with `inline code`",
		"* Second item",
		"  continued here",
		"1. Numbered item",
		"- [x] Task item",
		"",
		"```",
		"code that is not prose",
		"```",
		"",
		"~~~python",
		"print('also not prose')",
		"~~~",
		"",
		"Text with <span class=\"x\">inline HTML</span>, an escaped \\*star\\*, snake_case_name and 5 * 3 = 15.",
		"<!-- a comment",
		"over two lines -->",
		"Entities &amp; more &mdash; done.[^1]",
		"",
		"| Party | Role |",
		"|-------|------|",
		"| eFoo | buyer |",
		"",
		"***",
		"",
		"[ref]: https://example.com/ref",
		"See [the reference][ref] for more.",
	}, "\n")
	a := mustParse(t, "b.md", src)
	if a.Title != "eFoo and Acme Robotics team up" {
		t.Errorf("Title = %q; want the first # heading", a.Title)
	}
	if !a.Date.Equal(day(2021, 3, 3)) {
		t.Errorf("Date = %v; want 2021-03-03 from the dateline", a.Date)
	}
	assertHas(t, a,
		"eFoo and Acme Robotics signed a three-year deal, according to the filing.",
		"The agreement covers home robots.",
		"“We are delighted,” said eFoo chief Ada Park.",
		"Nested quote text.",
		"Setext heading",
		"Deal terms",
		"First item with inline code",
		"Second item continued here",
		"Numbered item",
		"Task item",
		"Text with inline HTML, an escaped *star*, snake_case_name and 5 * 3 = 15.",
		"Entities & more — done.",
		"eFoo | buyer",
		"See the reference for more.",
	)
	assertNone(t, a, "**", "__", "](", "![", "robot.png", "code that is not prose", "also not prose",
		"<span", "a comment", "[^1]", "|---", "[ref]", "[x]", "#", "Published")
	kinds := map[string]SentenceKind{"Setext heading": Heading, "Deal terms": Heading, "Numbered item": Body}
	for _, s := range a.Sentences {
		if want, ok := kinds[s.Text]; ok && s.Kind != want {
			t.Errorf("kind of %q = %s; want %s", s.Text, s.Kind, want)
		}
	}
}

func TestMarkdownFixture(t *testing.T) {
	var a Article
	for _, x := range loadFixtures(t) {
		if x.ID == "news/brightwave.md" {
			a = x
		}
	}
	if a.Title != "Brightwave and Northstar Ventures sign cloud deal" || a.Source != "Example Wire" ||
		a.URL != "https://example.com/news/brightwave-northstar" || !a.Date.Equal(day(2022, 6, 14)) || a.Format != "md" {
		t.Errorf("metadata = %q, %q, %q, %v, %q; want the front matter's", a.Title, a.Source, a.URL, a.Date, a.Format)
	}
	if n := strings.Count(joined(a), "sign cloud deal"); n != 1 {
		t.Errorf("the title appears %d times; want once (the # heading repeats it)", n)
	}
	assertNone(t, a, "Read more", "Zorblat raises", "not article text", "logo")
	assertHas(t, a, "Brightwave has signed a five-year cloud agreement with Northstar Ventures, the companies said.",
		"A joint AI lab in Dublin", "Terms were not disclosed.")
}
