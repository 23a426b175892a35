package deal

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func testCompanies() []Company {
	return []Company{
		{Name: "Acme Robotics", Key: "acme robotics", Aliases: []string{"Acme", "Acme Robotics Inc.", "Acme Robotics’s"}, Mentions: 9},
		{Name: "Zorblat GmbH", Key: "zorblat", Aliases: []string{"Zorblat"}, Mentions: 4},
		{Name: "Brightwave", Key: "brightwave", Aliases: []string{"Brightwave"}, Mentions: 5},
		{Name: "Northstar Ventures", Key: "northstar ventures", Aliases: []string{"Northstar"}, Mentions: 3},
		{Name: "eFoo", Key: "efoo", Aliases: []string{"eFoo"}, Mentions: 2},
		{Name: "Kestrel Foods", Key: "kestrel foods", Aliases: []string{"Kestrel Foods", "KF"}, Mentions: 2},
		{Name: "Youkai Tsunami", Key: "youkai tsunami", Aliases: []string{"Youkai Tsunami", "Youkai Tsunamy", "Youkai"}, Mentions: 6},
		{Name: "Orbit & Vale", Key: "orbit & vale", Aliases: []string{"Orbit & Vale"}, Mentions: 1},
		{Name: "ON Dynamics", Key: "on dynamics", Aliases: []string{"ON"}, Mentions: 1},
	}
}

func TestFind(t *testing.T) {
	m := NewMatcher(testCompanies())
	tests := []struct {
		text string
		want []string // "key=surface"
	}{
		{"Acme Robotics and Zorblat GmbH signed a deal.", []string{"acme robotics=Acme Robotics", "zorblat=Zorblat GmbH"}},
		{"Acme’s new partner is Brightwave's unit.", []string{"acme robotics=Acme", "brightwave=Brightwave"}},
		{"ACME ROBOTICS INC. reported", []string{"acme robotics=ACME ROBOTICS INC"}},
		{"Acme\u00a0Robotics said", []string{"acme robotics=Acme\u00a0Robotics"}},
		{"Acmeville is a town; Brightwaves are not companies.", nil},
		{"eFoo and EFOO and efoo", []string{"efoo=eFoo", "efoo=EFOO", "efoo=efoo"}},
		{"KF said; kf and Kf did not.", []string{"kestrel foods=KF"}},
		{"The KFC outlet is not Kestrel.", nil},
		{"Youkai Tsunamy and Youkai-Tsunami and Youkai, Tsunami", []string{"youkai tsunami=Youkai Tsunamy", "youkai tsunami=Youkai-Tsunami", "youkai tsunami=Youkai"}},
		{"Orbit & Vale joined Orbit", []string{"orbit & vale=Orbit & Vale"}},
		{"Turn it on, said ON and On.", []string{"on dynamics=ON"}},
		{"Northstar Ventures’ fund backed Northstar.", []string{"northstar ventures=Northstar Ventures", "northstar ventures=Northstar"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, mt := range m.Find(tt.text) {
				if tt.text[mt.Start:mt.End] != mt.Surface {
					t.Errorf("span %d:%d is %q; Surface %q", mt.Start, mt.End, tt.text[mt.Start:mt.End], mt.Surface)
				}
				got = append(got, mt.Company+"="+mt.Surface)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestPrefix(t *testing.T) {
	m := NewMatcher(testCompanies())
	tests := []struct {
		query string
		key   string
		n     int
	}{
		{"acme robotics zorblat", "acme robotics", 2},
		{"acme zorblat", "acme robotics", 1},
		{"youkai tsunamy", "youkai tsunami", 2},
		{"kf deals", "kestrel foods", 1},
		{"KF", "kestrel foods", 1},
		{"orbit & vale", "orbit & vale", 3},
		{"orbit", "", 0},
		{"on acme", "", 0},            // common word, lower case
		{"ON acme", "on dynamics", 1}, // written in capitals
		{"efoo", "efoo", 1},
		{"zorblat's", "zorblat", 1},
		{"", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			key, n := m.Prefix(Tokens(tt.query))
			if key != tt.key || n != tt.n {
				t.Errorf("Prefix(%q) = %q, %d; want %q, %d", tt.query, key, n, tt.key, tt.n)
			}
		})
	}
}

func TestFuzzy(t *testing.T) {
	m := NewMatcher(testCompanies())
	tests := []struct {
		query string
		key   string
		ok    bool
	}{
		{"brigthwave", "brightwave", true}, // a swap is one edit
		{"zorlbat", "zorblat", true},       // swapped letters
		{"zorblatt", "zorblat", true},
		{"zorbla", "zorblat", true},
		{"zorbl", "", false}, // 5 runes, 2 edits
		{"acm", "", false},   // too short for fuzzy
		{"kestrl foods", "kestrel foods", true},
		{"northstr", "northstar ventures", true},
		{"videos", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			key, _, ok := m.Fuzzy(strings.Fields(tt.query))
			if key != tt.key || ok != tt.ok {
				t.Errorf("Fuzzy(%q) = %q, %v; want %q, %v", tt.query, key, ok, tt.key, tt.ok)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	m := NewMatcher(testCompanies())
	got := m.Suggest("brightwav", 3)
	if len(got) == 0 || got[0] != "Brightwave" {
		t.Errorf("Suggest(brightwav) = %q; want Brightwave first", got)
	}
	if got := m.Suggest("qqqqqqqqqqqq", 3); len(got) != 0 {
		t.Errorf("Suggest(qqqqqqqqqqqq) = %q; want none", got)
	}
}

func TestNormKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Xiaomi Corp.", "xiaomi"},
		{"Xiaomi Corporation", "xiaomi"},
		{"Acme Robotics, Inc.", "acme robotics"},
		{"Zorblat GmbH", "zorblat"},
		{"Alibaba Group Holding Ltd", "alibaba"},
		{"Group", "group"},
		{"The Group", "group"},
		{"The Walt Disney Company", "walt disney"},
		{"Kestrel Foods (KF)", "kestrel foods"},
		{"Acme Robotics’s", "acme robotics"},
		{"Brightwave's", "brightwave"},
		{"AT&T Inc.", "at&t"},
		{"Procter & Gamble Co.", "procter & gamble"},
		{"S.A. Group", "sa"},
		{"J.P. Morgan", "jp morgan"},
		{"Coca-Cola", "coca cola"},
		{"  eFoo   Labs  ", "efoo labs"},
		{"Youku Tudou", "youku tudou"},
		{"Xiaomi Co., Ltd.", "xiaomi"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormKey(tt.in); got != tt.want {
			t.Errorf("NormKey(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestKeyOf(t *testing.T) {
	m := NewMatcher(testCompanies())
	tests := []struct{ in, want string }{
		{"Acme Robotics", "acme robotics"},
		{"Acme", "acme robotics"},
		{"ZORBLAT GMBH", "zorblat"},
		{"Unheard Of Corp", "unheard of"},
	}
	for _, tt := range tests {
		if got := m.KeyOf(tt.in); got != tt.want {
			t.Errorf("KeyOf(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"microsft", "microsoft", 1}, {"tudou", "todou", 1},
		{"frim", "firm", 1}, {"brigthwave", "brightwave", 1}, {"ca", "abc", 3},
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	var cs []Company
	for i := range 3000 {
		name := fmt.Sprintf("Company%04d Labs", i)
		cs = append(cs, Company{Name: name, Aliases: []string{fmt.Sprintf("Company%04d", i)}})
	}
	m := NewMatcher(cs)
	text := "On Tuesday Company0042 Labs said it had agreed to buy a stake in Company1234, according to people familiar with the matter."
	b.ReportAllocs()
	for b.Loop() {
		if len(m.Find(text)) != 2 {
			b.Fatal("want 2 matches")
		}
	}
}

func BenchmarkFuzzy(b *testing.B) {
	var cs []Company
	for i := range 3000 {
		cs = append(cs, Company{Name: fmt.Sprintf("Firm%05dx", i)})
	}
	m := NewMatcher(cs)
	b.ReportAllocs()
	for b.Loop() {
		m.Fuzzy([]string{"firm01234"})
	}
}

func TestEditDistanceBand(t *testing.T) {
	naive := func(a, b []rune) int { // full optimal-string-alignment table
		d := make([][]int, len(a)+1)
		for i := range d {
			d[i] = make([]int, len(b)+1)
			d[i][0] = i
		}
		for j := range d[0] {
			d[0][j] = j
		}
		for i := 1; i <= len(a); i++ {
			for j := 1; j <= len(b); j++ {
				c := 1
				if a[i-1] == b[j-1] {
					c = 0
				}
				d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
				if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
					d[i][j] = min(d[i][j], d[i-2][j-2]+1)
				}
			}
		}
		return d[len(a)][len(b)]
	}
	words := []string{"", "a", "ab", "ba", "abc", "acb", "bca", "cab", "tudou", "todou", "youku", "microsoft", "microsft", "micorsoft",
		"brightwave", "brigthwave", "rbightwaev", "zorblat", "zorblatt", "xyzzy", "abcdefgh", "badcfehg"}
	for _, a := range words {
		for _, b := range words {
			want := naive([]rune(a), []rune(b))
			for limit := 0; limit <= 3; limit++ {
				got := editDistance([]rune(a), []rune(b), limit)
				if want <= limit && got != want || want > limit && got <= limit {
					t.Errorf("editDistance(%q, %q, %d) = %d; want %d", a, b, limit, got, want)
				}
			}
		}
	}
}

func TestFirstWord(t *testing.T) {
	m := NewMatcher([]Company{
		{Name: "Corvina Seguros", Key: "corvina seguros", Aliases: []string{"Corvina Seguros", "Corvina Seguros S.A."}},
		{Name: "Nordic Pulp", Key: "nordic pulp", Aliases: []string{"Nordic Pulp"}},
		{Name: "Nordic Paper", Key: "nordic paper", Aliases: []string{"Nordic Paper"}},
		{Name: "Acme", Key: "acme", Aliases: []string{"Acme"}},
	})
	for _, tt := range []struct {
		word, want string
	}{{"corvina", "corvina seguros"}, {"Corvina", "corvina seguros"}, {"nordic", ""}, {"acme", ""}, {"cor", ""}} {
		key, ok := m.FirstWord(tt.word)
		if key != tt.want || ok != (tt.want != "") {
			t.Errorf("FirstWord(%q) = %q, %v; want %q", tt.word, key, ok, tt.want)
		}
	}
}

// TestNormKeyASCIIPath checks the ASCII fast path of NormKey against the
// general one on names, punctuation and every short string over a small
// alphabet of the characters it treats specially.
func TestNormKeyASCIIPath(t *testing.T) {
	inputs := []string{
		"", " ", "The", "the the", "The Acme Corp.", "Acme Corp. (ACM)", "AT&T Inc.", "S.A. Group",
		"O'Reilly Media", "Acme's", "Acme`s", "Acme's Robotics", "X (Y [Z]) Ltd", "Group", "Holdings Group",
		"a.b.c.", "U.S. Steel", "Zorblat GmbH & Co", "& &", "eFoo", "Northstar Ventures LLC.", "((x", "x))",
		"Brightwave\tLabs", "  many   spaces  ", "1.5 Fund", "A. B.", ".A", "'s", "x's", "x'S y", "it's-a",
	}
	alphabet := []byte("aZ1 .'`&()s-")
	var gen func(prefix []byte, depth int)
	gen = func(prefix []byte, depth int) {
		inputs = append(inputs, string(prefix))
		if depth == 0 {
			return
		}
		for _, c := range alphabet {
			gen(append(prefix, c), depth-1)
		}
	}
	gen(nil, 5)
	for _, in := range inputs {
		if got, want := normKeyASCII(in), normKeyRunes(in); got != want {
			t.Errorf("normKeyASCII(%q) = %q; want %q", in, got, want)
		}
	}
	if got, want := NormKey("Société Générale S.A."), normKeyRunes("Société Générale S.A."); got != want {
		t.Errorf("NormKey of a non-ASCII name = %q; want %q", got, want)
	}
}
