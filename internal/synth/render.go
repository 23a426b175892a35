package synth

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"time"
)

// para is a block of the article body.
type para struct {
	text    string
	heading bool
}

// writer renders one article.
type writer struct {
	p    *plan
	a    *articlePlan
	rng  *rand.Rand
	seen map[int]bool
	used map[string]bool // filler templates already used
	// per-deal bindings while a template is filled
	d      *dealState
	r      *report
	sec    *sector
	x      int // the company a filler talks about
	c      int // another company (a rival)
	person person
}

func (p *plan) rngFor(i int, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(p.seed)^0x9e3779b97f4a7c15, uint64(i)<<8|stream))
}

// render returns article i's file content and its body word count.
func (p *plan) render(i int) (string, int) {
	a := p.articles[i]
	w := &writer{p: p, a: a, rng: p.rngFor(i, 1), seen: map[int]bool{}, used: map[string]bool{}}
	body := w.body()
	words := 0
	for _, b := range body {
		words += len(strings.Fields(b.text))
	}
	switch a.format {
	case "md":
		return w.markdown(body), words
	case "html":
		return w.html(body), words
	}
	return w.text(body), words
}

// co names company i: the full (or legal) name the first time, then often
// the short name.
func (w *writer) co(i int) string {
	c := &w.p.companies[i]
	if !w.seen[i] {
		w.seen[i] = true
		if c.Legal != "" && w.rng.IntN(2) == 0 {
			return c.Legal
		}
		return c.Name
	}
	if w.rng.IntN(10) < 4 {
		return c.Short
	}
	return c.Name
}

func (w *writer) poss(i int) string {
	n := w.co(i)
	if strings.HasSuffix(n, "s") {
		return n + "'"
	}
	return n + "'s"
}

func (w *writer) pick(list []string) string { return list[w.rng.IntN(len(list))] }

// fill expands a template's placeholders.
func (w *writer) fill(tpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			b.WriteString(tpl)
			break
		}
		b.WriteString(tpl[:i])
		b.WriteString(w.value(tpl[i+1 : i+j]))
		tpl = tpl[i+j+1:]
	}
	return b.String()
}

func (w *writer) value(key string) string {
	rng := w.rng
	sec := w.sec
	if sec == nil {
		sec = &sectors[0]
	}
	switch key {
	case "A":
		return w.co(w.d.a)
	case "B":
		return w.co(w.d.b)
	case "Ap":
		return w.poss(w.d.a)
	case "Bp":
		return w.poss(w.d.b)
	case "X":
		return w.co(w.x)
	case "Xp":
		return w.poss(w.x)
	case "C":
		return w.co(w.c)
	case "H":
		return w.co(w.d.b)
	case "amt":
		if w.d != nil && w.d.amount != nil {
			return w.d.amount.text
		}
		return usdText(roundNice(1e7+rng.Float64()*5e8), false)
	case "hamt":
		if w.d != nil && w.d.amount != nil {
			return w.d.amount.text
		}
		return "an undisclosed sum"
	case "when":
		return w.when()
	case "bdesc":
		return w.desc(w.d.b)
	case "adesc":
		return w.desc(w.d.a)
	case "focus", "hfocus":
		return w.pick(w.dealSector().focus)
	case "product", "hproduct":
		return w.pick(sec.products)
	case "market", "market2":
		return w.pick(sec.markets)
	case "region":
		return w.pick(regions)
	case "city":
		return cities[rng.IntN(len(cities))].city
	case "city2", "city3":
		return cities[rng.IntN(len(cities))].city
	case "pct":
		return fmt.Sprint(3 + rng.IntN(45))
	case "apct":
		n := fmt.Sprint(3 + rng.IntN(45))
		if n[0] == '8' || n == "11" || n == "18" {
			return "an " + n + "%"
		}
		return "a " + n + "%"
	case "round":
		return w.pick([]string{"Series A", "Series B", "Series C", "growth", "seed"})
	case "quarter":
		return w.pick([]string{"first", "second", "third", "fourth"})
	case "period":
		return w.pick([]string{"first-quarter", "second-quarter", "third-quarter", "fourth-quarter", "half-year", "annual"})
	case "n":
		return thousands((1 + rng.IntN(90)) * []int{10, 100, 1000}[rng.IntN(3)])
	case "k":
		return fmt.Sprint(3 + rng.IntN(40))
	case "money":
		return usdText(roundNice(2e7+rng.Float64()*4e9), false)
	case "money2":
		return usdText(roundNice(1e6+rng.Float64()*3e8), false)
	case "val":
		return usdText(roundNice(5e7+rng.Float64()*3e9), false)
	case "rev":
		return "€" + long(roundNice(2e8+rng.Float64()*6e9))
	case "founded":
		return fmt.Sprint(1950 + rng.IntN(70))
	case "founded2":
		return fmt.Sprint(2000 + rng.IntN(14))
	case "year2":
		return fmt.Sprint(w.a.date.Year() + 2 + rng.IntN(6))
	case "hyear":
		return fmt.Sprint(w.d.year)
	case "month":
		return time.Month(1 + rng.IntN(12)).String()
	case "firstmonth":
		first := w.p.articles[w.d.reports[0].art].date
		return first.Format("January 2006")
	case "count":
		return []string{"Two", "Three", "Four"}[min(len(w.a.deals), 4)-2]
	case "P":
		return w.person.String()
	case "P2":
		return pickPerson(rng).String()
	case "Plast":
		return w.person.last
	case "pron":
		if w.person.female {
			return "she"
		}
		return "he"
	case "Broker":
		return w.p.brokers[rng.IntN(len(w.p.brokers))]
	}
	return "{" + key + "}"
}

// dealSector is the sector a deal is about: the second party's (the
// licensor's for a licence), unless that is an investor.
func (w *writer) dealSector() *sector {
	if w.d == nil {
		return w.sec
	}
	s := sectorOf(w.p.companies[w.d.b].Sector)
	if w.d.kind == "licensing" {
		s = sectorOf(w.p.companies[w.d.a].Sector)
	}
	if s == &investorSector {
		s = sectorOf(w.p.companies[w.d.a].Sector)
	}
	return s
}

// desc is an appositive descriptor: "a Lyon-based drug developer".
func (w *writer) desc(i int) string {
	s := sectorOf(w.p.companies[i].Sector)
	c := cities[w.rng.IntN(len(cities))]
	switch w.rng.IntN(4) {
	case 0:
		return "a " + c.city + "-based " + s.noun
	case 1:
		return "the " + c.adj + " " + s.noun
	case 2:
		return "a " + s.orgNoun + " of " + w.pick(s.products) + " based in " + c.city
	}
	return "a " + s.noun + " with operations in " + w.pick(regions)
}

// when is the deal sentence's date: " on Tuesday", " on 3 March 2023" or "".
func (w *writer) when() string {
	if w.r == nil {
		return ""
	}
	switch w.r.dateForm {
	case "relative":
		return " on " + w.r.day.Weekday().String()
	case "absolute":
		if w.rng.IntN(2) == 0 {
			return " on " + w.r.day.Format("2 January 2006")
		}
		return " on " + w.r.day.Format("January 2, 2006")
	}
	return ""
}

// other picks a company that is none of the given ones.
func (w *writer) other(not ...int) int {
	for {
		c := w.p.zipf(w.rng)
		ok := true
		for _, n := range not {
			ok = ok && c != n
		}
		if ok {
			return c
		}
	}
}

// lead is the sentence that tells deal d as report r.
func (w *writer) lead(d *dealState, r *report) string {
	w.d, w.r = d, r
	w.sec = w.dealSector()
	byStatus := leads[d.kind]
	list := byStatus[r.status]
	if len(list) == 0 {
		list = byStatus["announced"]
	}
	var ok []string
	for _, t := range list {
		if strings.Contains(t, "{amt}") == (d.amount != nil) {
			ok = append(ok, t)
		}
	}
	if len(ok) == 0 && d.amount != nil {
		ok = list // the amount follows in its own sentence
	}
	if len(ok) == 0 {
		ok = list[:1] // unreachable: every list has a template without {amt}
	}
	s := w.fill(w.pick(ok))
	if d.amount != nil && !strings.Contains(s, d.amount.text) {
		s += " " + w.fill(w.pick([]string{"The deal is valued at {amt}.", "Financial terms were put at {amt}.", "The transaction is worth {amt}."}))
	}
	return s
}

func (w *writer) detail(d *dealState) string {
	w.d = d
	w.sec = w.dealSector()
	w.person = pickPerson(w.rng)
	return w.fill(w.pick(details[d.kind]))
}

func (w *writer) quoteExec(d *dealState) string {
	w.person = pickPerson(w.rng)
	q := w.fill(w.pick(execQuotes))
	co := d.a
	if w.rng.IntN(2) == 0 {
		co = d.b
	}
	role := w.pick([]string{"chief executive", "chief executive", "co-founder", "head of strategy", "president"})
	q = quoteComma(q)
	if w.rng.IntN(2) == 0 {
		return fmt.Sprintf("“%s” said %s, %s of %s.", q, w.person, role, w.co(co))
	}
	return fmt.Sprintf("“%s” %s %s %s said in a statement.", q, w.co(co), role, w.person)
}

func (w *writer) quoteAnalyst() string {
	w.person = pickPerson(w.rng)
	q := w.fill(w.pick(analystQuotes))
	return fmt.Sprintf("“%s” said %s, an analyst at %s.", quoteComma(q), w.person, w.p.brokers[w.rng.IntN(len(w.p.brokers))])
}

// quoteComma ends a quotation that a "said" clause follows with a comma.
func quoteComma(q string) string {
	if strings.HasSuffix(q, ".") {
		return q[:len(q)-1] + ","
	}
	return q
}

// filler is a background sentence about company x.
func (w *writer) filler(x int, not ...int) string {
	w.x = x
	s := sectorOf(w.p.companies[x].Sector)
	list := fillers
	if s == &investorSector {
		list = investorFillers
	} else {
		w.sec = s
	}
	w.c = w.other(append(not, x)...)
	w.person = pickPerson(w.rng)
	for range 8 {
		t := w.pick(list)
		if !w.used[t] {
			w.used[t] = true
			return w.fill(t)
		}
	}
	return w.fill(w.pick(list))
}

// body writes the article's paragraphs, about target words long.
func (w *writer) body() []para {
	a := w.a
	target := 200 + w.rng.IntN(401)
	var out []para
	var keep []int // companies the fillers may talk about
	switch a.typ {
	case "nondeal":
		x := a.subject
		w.sec = sectorOf(w.p.companies[x].Sector)
		if w.sec == &investorSector {
			w.sec = &sectors[w.rng.IntN(len(sectors))]
		}
		w.x = x
		w.c = a.rival
		w.person = pickPerson(w.rng)
		w.d, w.r = nil, &report{dateForm: "none"}
		if a.dated() && w.rng.IntN(2) == 0 {
			w.r = &report{dateForm: "relative", day: a.date.AddDate(0, 0, -(1 + w.rng.IntN(6)))}
		}
		lines := nondeals[a.nondeal]
		out = append(out, para{text: w.fill(lines[0])})
		var rest []string
		for _, l := range lines[1:] {
			rest = append(rest, w.fill(l))
		}
		out = append(out, para{text: strings.Join(rest, " ")})
		keep = []int{x}
	case "roundup":
		w.sec = &sectors[w.rng.IntN(len(sectors))]
		w.d = a.deals[0]
		out = append(out, para{text: w.fill(w.pick(roundupIntros))})
		for k, d := range a.deals {
			if d.historic {
				continue
			}
			w.d = d
			out = append(out, para{text: w.headline(d, a.reports[k]), heading: true})
			t := w.lead(d, a.reports[k]) + " " + w.detail(d)
			if w.rng.IntN(2) == 0 {
				t += " " + w.filler(d.b, d.a)
			}
			out = append(out, para{text: t})
			if w.rng.IntN(3) == 0 {
				out = append(out, para{text: w.quoteExec(d)})
			}
			keep = append(keep, d.a, d.b)
		}
	default:
		d, r := a.deals[0], a.reports[0]
		t := w.lead(d, r)
		if r.followup {
			w.d = d
			t += " " + w.fill(w.pick(followups))
		}
		out = append(out, para{text: t})
		d1 := w.detail(d)
		d2 := w.detail(d)
		if strings.HasPrefix(d2, d1[:min(12, len(d1))]) {
			d2 = w.detail(d)
		}
		out = append(out, para{text: d1 + " " + d2})
		out = append(out, para{text: w.quoteExec(d)})
		keep = []int{d.a, d.b}
		if a.historic != nil {
			h := a.historic
			w.d, w.r = h, a.reports[len(a.reports)-1]
			out = append(out, para{text: w.fill(w.pick(historics[h.kind])) + " " + w.filler(h.a, h.b)})
			w.d = d
		}
	}
	words := 0
	for _, p := range out {
		words += len(strings.Fields(p.text))
	}
	analyst := false
	for words < target {
		var t string
		switch {
		case !analyst && a.typ != "nondeal" && w.rng.IntN(3) == 0:
			analyst = true
			t = w.quoteAnalyst()
		default:
			x := keep[w.rng.IntN(len(keep))]
			t = w.filler(x, keep...)
			if w.rng.IntN(2) == 0 {
				t += " " + w.filler(x, keep...)
			}
		}
		if w.rng.IntN(8) == 0 && a.format != "txt" {
			out = append(out, para{text: w.pick([]string{"What it means", "The background", "Market reaction", "What comes next", "Why it matters"}), heading: true})
		}
		out = append(out, para{text: t})
		words += len(strings.Fields(t))
	}
	return out
}

// headline titles a deal with full names.
func (w *writer) headline(d *dealState, r *report) string {
	w.d = d
	w.sec = w.dealSector()
	list := headlines[d.kind][r.status]
	if len(list) == 0 {
		list = headlines[d.kind]["announced"]
	}
	t := w.pick(list)
	if d.amount == nil && strings.Contains(t, "{amt}") {
		t = headlines[d.kind]["announced"][1]
	}
	c := w.p.companies
	t = strings.NewReplacer("{A}", c[d.a].Name, "{B}", c[d.b].Name).Replace(t)
	return w.fill(t)
}

// makeTitle is the article's title (planned, so the truth has it).
func (p *plan) makeTitle(rng *rand.Rand, a *articlePlan) string {
	w := &writer{p: p, a: a, rng: rng, seen: map[int]bool{}, used: map[string]bool{}}
	switch a.typ {
	case "nondeal":
		w.x, w.c = a.subject, a.rival
		w.sec = sectorOf(p.companies[a.subject].Sector)
		if w.sec == &investorSector {
			w.sec = &sectors[0]
		}
		w.person = pickPerson(rng)
		t := strings.NewReplacer("{X}", p.companies[w.x].Name, "{C}", p.companies[w.c].Name).Replace(w.pick(nondealHeadlines[a.nondeal]))
		return w.fill(t)
	case "roundup":
		w.d = a.deals[0]
		w.sec = w.dealSector()
		t := w.pick(roundupTitles)
		t = strings.NewReplacer("{A}", p.companies[a.deals[0].a].Name, "{B}", p.companies[a.deals[1].a].Name).Replace(t)
		return w.fill(t)
	}
	return w.headline(a.deals[0], a.reports[0])
}

// thousands writes n with thousands separators: 83,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// slugOf makes a URL slug from a title.
func slugOf(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() > 60 {
			break
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// ---- boilerplate -----------------------------------------------------------

func (w *writer) teaser() string {
	x := w.p.zipf(w.rng)
	w.x, w.c = x, w.other(x)
	w.sec = sectorOf(w.p.companies[x].Sector)
	c := w.p.companies
	t := strings.NewReplacer("{X}", c[x].Name, "{C}", c[w.c].Name).Replace(w.pick(teasers))
	return w.fill(t)
}

func (w *writer) bio() (string, string) {
	au := w.a.author
	pron := "He"
	if au.female {
		pron = "She"
	}
	beat := w.pick(beats)
	return au.String(), fmt.Sprintf("%s is %s %s correspondent for %s. %s previously covered %s for the %s Herald.",
		au.first, article(beat), beat, w.a.outlet.name, pron, w.pick(beats), cities[w.rng.IntN(len(cities))].city)
}

func (w *writer) comments() []string {
	n := 1 + w.rng.IntN(3)
	out := []string{"Leave a comment", fmt.Sprintf("%d Comments", n)}
	for range n {
		w.x = w.p.zipf(w.rng)
		w.sec = sectorOf(w.p.companies[w.x].Sector)
		out = append(out, fmt.Sprintf("%s%d: %s", strings.ToLower(w.pick(firstNamesM)), 10+w.rng.IntN(90), w.fill(w.pick(comments))))
	}
	return out
}

// ---- formats -----------------------------------------------------------

func (w *writer) text(body []para) string {
	a := w.a
	var b strings.Builder
	line := func(s string) { b.WriteString(s); b.WriteString("\n\n") }
	if w.rng.IntN(3) == 0 {
		line("Skip to main content")
	}
	line(a.title)
	switch a.dateForm {
	case "dateline":
		line(a.date.Format("Monday 2 January 2006"))
	case "byline":
		line("By " + a.author.String() + " | " + a.date.Format("January 2, 2006"))
	}
	for _, p := range body {
		line(p.text)
	}
	if w.rng.IntN(2) == 0 {
		line("Read more: " + w.teaser())
	}
	if w.rng.IntN(3) == 0 {
		line("Share this article: Facebook | LinkedIn | X | Email")
	}
	if w.rng.IntN(5) < 2 {
		name, bio := w.bio()
		line(name)
		line(bio)
	}
	if w.rng.IntN(4) == 0 {
		for _, c := range w.comments() {
			line(c)
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func (w *writer) markdown(body []para) string {
	a := w.a
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %q\n", a.title)
	if a.dateForm == "meta" {
		fmt.Fprintf(&b, "date: %s\n", a.date.Format("2006-01-02"))
	}
	fmt.Fprintf(&b, "url: %s\nsource: %s\n---\n\n", a.url, a.outlet.name)
	fmt.Fprintf(&b, "# %s\n\n", a.title)
	for i, p := range body {
		if p.heading {
			fmt.Fprintf(&b, "## %s\n\n", p.text)
			continue
		}
		t := p.text
		if i == 0 && w.rng.IntN(4) == 0 {
			t = "**" + strings.ToUpper(cities[w.rng.IntN(len(cities))].city) + "** — " + t
		}
		b.WriteString(t + "\n\n")
	}
	if w.rng.IntN(2) == 0 {
		fmt.Fprintf(&b, "*Reporting by %s; editing by %s.*\n\n", a.author, pickPerson(w.rng))
	}
	if w.rng.IntN(2) == 0 {
		fmt.Fprintf(&b, "Read more: %s\n\n", w.teaser())
	}
	if w.rng.IntN(4) == 0 {
		fmt.Fprintf(&b, "Follow %s on LinkedIn.\n", a.outlet.name)
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func (w *writer) html(body []para) string {
	a := w.a
	e := html.EscapeString
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<title>%s | %s</title>\n", e(a.title), e(a.outlet.name))
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"%s\">\n<meta property=\"og:title\" content=\"%s\">\n", e(a.outlet.name), e(a.title))
	ts := a.date.Add(time.Duration(6+w.rng.IntN(12))*time.Hour + time.Duration(w.rng.IntN(60))*time.Minute).Format("2006-01-02T15:04:05Z")
	if a.dateForm == "meta" {
		fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%s\">\n", ts)
	}
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\">\n", e(a.url))
	if a.dateForm == "meta" && w.rng.IntN(2) == 0 {
		fmt.Fprintf(&b, "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":%q,\"datePublished\":%q,\"publisher\":{\"@type\":\"Organization\",\"name\":%q}}</script>\n", a.title, ts, a.outlet.name)
	}
	fmt.Fprintf(&b, "<script>\n  window.trending = [%q, %q];\n</script>\n<style>.share-bar{display:flex}</style>\n</head>\n<body>\n", w.teaser(), w.teaser())
	b.WriteString("<a class=\"skip\" href=\"#main\">Skip to main content</a>\n")
	fmt.Fprintf(&b, "<header class=\"site-header\">\n  <a href=\"/\">%s</a>\n  <nav><ul><li><a href=\"/business\">Business</a></li><li><a href=\"/tech\">Technology</a></li><li><a href=\"/deals\">Deals</a></li><li><a href=\"/subscribe\">Subscribe</a></li></ul></nav>\n</header>\n", e(a.outlet.name))
	b.WriteString("<main id=\"main\">\n<article>\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p class=\"byline\">By %s</p>\n", e(a.title), e(a.author.String()))
	if a.dateForm == "visible" {
		fmt.Fprintf(&b, "<p class=\"dateline\">%s</p>\n", a.date.Format("January 2, 2006"))
	}
	b.WriteString("<div class=\"share-bar\"><a href=\"#\">Share on X</a> <a href=\"#\">Share on LinkedIn</a> <a href=\"#\">Email</a></div>\n")
	for i, p := range body {
		if p.heading {
			fmt.Fprintf(&b, "<h2>%s</h2>\n", e(p.text))
			continue
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", e(p.text))
		if i == 2 && w.rng.IntN(3) == 0 {
			fmt.Fprintf(&b, "<figure><img src=\"/img/%d.jpg\" alt=\"\"><figcaption>A %s site in %s. Photo: %s</figcaption></figure>\n",
				a.idx, e(w.pick(beats)), e(cities[w.rng.IntN(len(cities))].city), e(a.outlet.name))
		}
	}
	b.WriteString("</article>\n</main>\n<aside class=\"related\">\n  <h3>Related stories</h3>\n  <ul>\n")
	for range 2 + w.rng.IntN(2) {
		fmt.Fprintf(&b, "    <li><a href=\"/story/%d\">%s</a></li>\n", w.rng.IntN(1e6), e(w.teaser()))
	}
	b.WriteString("  </ul>\n</aside>\n")
	fmt.Fprintf(&b, "<div class=\"newsletter\">Sign up for the %s daily briefing.</div>\n", e(strings.TrimPrefix(a.outlet.name, "The ")))
	fmt.Fprintf(&b, "<footer>&copy; %d %s. All rights reserved. <a href=\"/privacy\">Privacy</a></footer>\n", a.date.Year(), e(a.outlet.name))
	b.WriteString("<script src=\"/js/analytics.js\"></script>\n</body>\n</html>\n")
	return b.String()
}
