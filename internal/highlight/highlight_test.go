package highlight

import (
	"fmt"
	"html"
	"strings"
	"testing"
)

func TestSlack(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		terms []string
		want  string
	}{
		{"two names", "Acme and Brightwave are all set to expand their partnership.", []string{"Acme", "Brightwave"},
			"*Acme* and *Brightwave* are all set to expand their partnership."},
		{"case-insensitive", "ACME and acme", []string{"Acme"}, "*ACME* and *acme*"},
		{"curly possessive in bold", "Acme’s stake in Brightwave's unit", []string{"Acme", "Brightwave"},
			"*Acme’s* stake in *Brightwave's* unit"},
		{"longest first", "Acme Robotics and Acme", []string{"Acme", "Acme Robotics"}, "*Acme Robotics* and *Acme*"},
		{"no-break space", "Youkai\u00a0Tsunami said", []string{"Youkai Tsunami"}, "*Youkai\u00a0Tsunami* said"},
		{"hyphen joins", "Youkai-Tsunami said", []string{"Youkai Tsunami"}, "*Youkai-Tsunami* said"},
		{"comma does not join", "Youkai, Tsunami", []string{"Youkai Tsunami"}, "Youkai, Tsunami"},
		{"word boundary", "Acmeville and Acme", []string{"Acme"}, "Acmeville and *Acme*"},
		{"short term case", "KF, kf and Kf", []string{"KF"}, "*KF*, kf and Kf"},
		{"short term inside word", "KFC and KF", []string{"KF"}, "KFC and *KF*"},
		{"term with possessive", "Acme’s deal", []string{"Acme's"}, "*Acme’s* deal"},
		{"ampersand name", "Orbit & Vale and Orbit", []string{"Orbit & Vale"}, "*Orbit &amp; Vale* and Orbit"},
		{"slack markup stays escaped", "<!channel> Acme & Brightwave <@U123>", []string{"Acme", "Brightwave"},
			"&lt;!channel&gt; *Acme* &amp; *Brightwave* &lt;@U123&gt;"},
		{"no terms", "a <b>", nil, "a &lt;b&gt;"},
		{"empty", "", []string{"Acme"}, ""},
		{"lowercase-initial name", "eFoo and EFOO", []string{"eFoo"}, "*eFoo* and *EFOO*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slack(tt.text, tt.terms); got != tt.want {
				t.Errorf("Slack(%q, %q) = %q; want %q", tt.text, tt.terms, got, tt.want)
			}
		})
	}
}

func TestSpans(t *testing.T) {
	text := "Acme Robotics’s unit and Zorblat GmbH"
	got := Spans(text, []string{"Zorblat GmbH", "Acme Robotics", "Acme"})
	want := [][2]int{{0, strings.Index(text, " unit")}, {strings.Index(text, "Zorblat"), len(text)}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Spans = %v; want %v", got, want)
	}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		spans [][2]int
		want  string
	}{
		{"unsorted spans", "abc def ghi", [][2]int{{8, 11}, {0, 3}}, "<b>abc</b> def <b>ghi</b>"},
		{"overlap dropped", "abc def", [][2]int{{0, 5}, {4, 7}}, "<b>abc d</b>ef"},
		{"out of range dropped", "abc", [][2]int{{1, 9}, {2, 1}}, "abc"},
		{"mid-rune dropped", "é x", [][2]int{{1, 2}}, "é x"},
		{"escaped inside and out", "<x> & <y>", [][2]int{{6, 9}}, "&lt;x&gt; &amp; <b>&lt;y&gt;</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Apply(tt.text, tt.spans, "<b>", "</b>", html.EscapeString); got != tt.want {
				t.Errorf("Apply(%q, %v) = %q; want %q", tt.text, tt.spans, got, tt.want)
			}
		})
	}
}

func TestEscapeSlack(t *testing.T) {
	if got, want := EscapeSlack("<!channel> a&b"), "&lt;!channel&gt; a&amp;b"; got != want {
		t.Errorf("EscapeSlack = %q; want %q", got, want)
	}
}

func FuzzSpans(f *testing.F) {
	f.Add("Acme’s deal with Brightwave", "Acme")
	f.Add("\xff\xfeAcme", "Acme")
	f.Fuzz(func(t *testing.T, text, term string) {
		spans := Spans(text, []string{term, "Acme"})
		last := 0
		for _, sp := range spans {
			if sp[0] < last || sp[1] <= sp[0] || sp[1] > len(text) {
				t.Fatalf("bad span %v in %q (last %d)", sp, text, last)
			}
			last = sp[1]
		}
		_ = Slack(text, []string{term})
	})
}
