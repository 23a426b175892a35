package corpus

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML reads a web page: the article text (the largest <article>,
// else <main>, else <body>, without navigation, headers, footers, asides,
// scripts, forms, figures, comments and elements whose class marks them as
// page furniture) as paragraphs, and the title, date, URL and outlet from
// meta tags and JSON-LD. Broken HTML is repaired by the HTML5 parser, as a
// browser would.
func parseHTML(text string) document {
	root, err := html.Parse(strings.NewReader(text))
	if err != nil { // the parser refuses markup nested over 512 deep
		return document{
			blocks:   tokenBlocks(text),
			markup:   true,
			warnings: []string{"HTML could not be parsed (" + strings.TrimPrefix(err.Error(), "html: ") + "); read as plain text without metadata"},
		}
	}
	p := newPage(root)
	content := p.contentRoot()
	w := &textWalker{page: p}
	w.walk(content, 0)
	w.flush()

	doc := document{blocks: w.blocks, markup: true}
	p.fillMetadata(&doc, content)
	return doc
}

// page is a parsed HTML document and what has been learned about it.
type page struct {
	root *html.Node
	// holdsContent marks <article>, <main> and articleBody elements and
	// their ancestors: they are never dropped by a class-name rule, so a
	// wrapper like <div class="has-sidebar"> cannot take the article with it.
	holdsContent map[*html.Node]bool
}

func newPage(root *html.Node) *page {
	p := &page{root: root, holdsContent: make(map[*html.Node]bool)}
	each(root, func(n *html.Node) bool {
		if isContentElement(n) {
			for a := n; a != nil && !p.holdsContent[a]; a = a.Parent {
				p.holdsContent[a] = true
			}
		}
		return true
	})
	return p
}

// each visits root and its descendants in document order without
// recursion; visit returns false to skip a node's children.
func each(root *html.Node, visit func(*html.Node) bool) {
	n := root
	for {
		if visit(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// attr returns the value of n's attribute key ("" when absent).
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

// hasToken reports whether the space-separated attribute value has tok
// (case-insensitive).
func hasToken(value, tok string) bool {
	for _, f := range strings.Fields(value) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

func isElement(n *html.Node, a atom.Atom) bool {
	return n.Type == html.ElementNode && n.DataAtom == a && n.Namespace == ""
}

// isContentElement reports whether n is marked up as the page's article.
func isContentElement(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	return isElement(n, atom.Article) || isElement(n, atom.Main) ||
		hasToken(attr(n, "itemprop"), "articleBody") || hasToken(attr(n, "role"), "main")
}

// droppedTags never hold article text.
var droppedTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Form: true, atom.Iframe: true, atom.Svg: true, atom.Math: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
	atom.Label: true, atom.Figure: true, atom.Figcaption: true, atom.Canvas: true,
	atom.Video: true, atom.Audio: true, atom.Object: true, atom.Embed: true,
	atom.Map: true, atom.Dialog: true, atom.Menu: true, atom.Head: true,
	atom.Title: true, atom.Link: true, atom.Meta: true,
}

// droppedRoles are ARIA landmarks for page furniture.
var droppedRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true,
	"toolbar": true,
}

// hiddenStyleRe matches inline styles that hide an element.
var hiddenStyleRe = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

// dropped reports whether an element is page furniture, to be skipped
// with everything inside it.
func (p *page) dropped(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.Namespace != "" { // inline SVG and MathML content
		return true
	}
	if droppedTags[n.DataAtom] {
		// A <form> wrapping the whole page (old ASP.NET sites) is kept.
		return !(n.DataAtom == atom.Form && p.holdsContent[n])
	}
	if p.holdsContent[n] {
		return false
	}
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		return false
	}
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") ||
		hiddenStyleRe.MatchString(attr(n, "style")) {
		return true
	}
	for _, role := range strings.Fields(strings.ToLower(attr(n, "role"))) {
		if droppedRoles[role] {
			return true
		}
	}
	return isFurnitureName(attr(n, "class")) || isFurnitureName(attr(n, "id"))
}

// furnitureParts are words in class names and ids that mark page furniture
// ("comment-list", "social-share", "relatedPosts", "ad-slot").
var furnitureParts = map[string]bool{
	"comment": true, "comments": true, "disqus": true, "respond": true,
	"share": true, "sharing": true, "sharebar": true, "social": true, "socials": true,
	"related": true, "recommended": true, "recirc": true, "trending": true, "popular": true,
	"newsletter": true, "subscribe": true, "subscription": true, "signup": true,
	"sidebar": true, "breadcrumb": true, "breadcrumbs": true,
	"promo": true, "promos": true, "promotion": true,
	"advert": true, "advertisement": true, "adverts": true, "ads": true, "ad": true,
	"adsense": true, "dfp": true, "sponsor": true, "sponsored": true,
	"cookie": true, "cookies": true, "consent": true, "gdpr": true,
	"byline": true, "bio": true, "outbrain": true, "taboola": true,
	"tags": true, "tagcloud": true, "skip": true, "skiplink": true,
	"nav": true, "navbar": true, "navigation": true, "menu": true, "footer": true, "masthead": true,
	"caption": true, "credit": true, "credits": true, "modal": true, "popup": true,
}

// furnitureNames are whole class names for hidden or assistive text and
// for author boxes.
var furnitureNames = map[string]bool{
	"sr-only": true, "visually-hidden": true, "visuallyhidden": true, "screen-reader-text": true,
	"screen-reader-only": true, "hidden": true, "d-none": true, "read-more": true,
	"more-stories": true, "most-read": true, "mostread": true, "most-popular": true,
}

// authorBoxParts, next to "author", mark an author box ("author-bio").
var authorBoxParts = map[string]bool{
	"bio": true, "box": true, "info": true, "card": true, "details": true, "about": true,
	"profile": true, "meta": true, "name": true, "byline": true,
}

// camelRe splits camelCase class names ("relatedPosts" → "related Posts").
var camelRe = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// furniturePrefixes match the start of a class-name part, for names run
// together ("relatedposts", "sharedaddy", "commentlist"); furnitureExcept
// are ordinary words that happen to start the same way.
var (
	furniturePrefixes = []string{"related", "share", "social", "newsletter", "sidebar", "breadcrumb", "advert", "cookie", "comment"}
	furnitureExcept   = []string{"shareholder", "commentary", "commentator"}
)

// isFurnitureName reports whether a class or id value names page furniture.
// State modifiers ("has-sidebar", "with-comments", "no-ads") are ignored.
func isFurnitureName(value string) bool {
	for _, tok := range strings.Fields(value) {
		lower := strings.ToLower(tok)
		if furnitureNames[lower] {
			return true
		}
		parts := strings.FieldsFunc(strings.ToLower(camelRe.ReplaceAllString(tok, "$1 $2")), func(r rune) bool {
			return r == '-' || r == '_' || r == ' ' || r == ':'
		})
		if len(parts) == 0 {
			continue
		}
		switch parts[0] {
		case "has", "with", "no", "is", "show", "hide", "enable", "disable", "u", "without":
			continue
		}
		for i, part := range parts {
			if furnitureParts[part] || hasFurniturePrefix(part) {
				return true
			}
			if part == "author" {
				if i+1 < len(parts) && authorBoxParts[parts[i+1]] || i > 0 && parts[i-1] == "about" {
					return true
				}
			}
		}
	}
	return false
}

func hasFurniturePrefix(part string) bool {
	for _, e := range furnitureExcept {
		if strings.HasPrefix(part, e) {
			return false
		}
	}
	for _, p := range furniturePrefixes {
		if strings.HasPrefix(part, p) {
			return true
		}
	}
	return false
}

// textLen counts the letters and digits under n that would be kept.
func (p *page) textLen(n *html.Node) int {
	total := 0
	each(n, func(c *html.Node) bool {
		if c != n && p.dropped(c) {
			return false
		}
		if c.Type == html.TextNode {
			for _, r := range c.Data {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					total++
				}
			}
		}
		return true
	})
	return total
}

// contentRoot picks the element holding the article: the <article> (or
// itemprop=articleBody element) with the most text, else the largest
// <main>, else <body>. An <article> with almost no text next to a much
// larger <main>/<body> (a teaser card) is passed over.
func (p *page) contentRoot() *html.Node {
	var articles, mains []*html.Node
	var body *html.Node
	each(p.root, func(n *html.Node) bool {
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return false
		}
		if n.Type == html.ElementNode && p.dropped(n) {
			return false
		}
		switch {
		case isElement(n, atom.Body):
			body = n
		case isElement(n, atom.Main) || hasToken(attr(n, "role"), "main"):
			mains = append(mains, n)
		case isContentElement(n):
			articles = append(articles, n)
		}
		return true
	})
	largest := func(nodes []*html.Node) (*html.Node, int) {
		var best *html.Node
		bestLen := -1
		for _, n := range nodes {
			if l := p.textLen(n); l > bestLen {
				best, bestLen = n, l
			}
		}
		return best, bestLen
	}
	fallback := body
	if m, _ := largest(mains); m != nil {
		fallback = m
	}
	if fallback == nil {
		fallback = p.root
	}
	if a, aLen := largest(articles); a != nil {
		if aLen >= 500 || aLen*5 >= p.textLen(fallback) {
			return a
		}
	}
	return fallback
}

// blockTags start and end a line of text.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Body: true,
	atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dir: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Hgroup: true, atom.Hr: true,
	atom.Html: true, atom.Li: true, atom.Main: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Ul: true,
	atom.Caption: true, atom.Legend: true, atom.Option: true, atom.Br: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

var headingTags = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// textWalker turns the content element into paragraphs.
type textWalker struct {
	page   *page
	blocks []block
	buf    strings.Builder
	space  bool        // a space is pending before the next word
	kinds  []blockKind // heading or list item we are inside of
	pre    int         // depth inside <pre>
	link   int         // depth inside <a>
	// letters and linkLetters count the letters and digits in the current
	// line, all of them and those inside links.
	letters, linkLetters int
}

func (w *textWalker) walk(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.DocumentNode:
		w.children(n, depth)
		return
	case html.ElementNode:
	default:
		return // comments and doctypes
	}
	// Recursion is bounded: the parser refuses markup nested over 512 deep.
	if depth > 0 && w.page.dropped(n) {
		return
	}
	a := n.DataAtom
	switch {
	case a == atom.Td || a == atom.Th:
		if w.buf.Len() > 0 {
			w.buf.WriteString(" | ")
			w.space = false
		}
		w.children(n, depth)
	case blockTags[a]:
		w.flush()
		switch {
		case headingTags[a]:
			w.kinds = append(w.kinds, blockHeading)
		case a == atom.Li || a == atom.Dt || a == atom.Dd:
			w.kinds = append(w.kinds, blockItem)
		}
		if a == atom.Pre {
			w.pre++
		}
		w.children(n, depth)
		w.flush()
		if a == atom.Pre {
			w.pre--
		}
		if headingTags[a] || a == atom.Li || a == atom.Dt || a == atom.Dd {
			w.kinds = w.kinds[:len(w.kinds)-1]
		}
	case a == atom.A:
		w.link++
		w.children(n, depth)
		w.link--
	default: // inline: span, b, em, strong, time, sup…
		w.children(n, depth)
	}
}

func (w *textWalker) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, depth+1)
	}
}

// text appends a text node, collapsing HTML white space (kept as line
// breaks inside <pre>). No-break spaces are text and stay.
func (w *textWalker) text(s string) {
	for _, r := range s {
		switch {
		case r == '\n' && w.pre > 0:
			w.flush()
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f':
			w.space = true
		default:
			if w.space && w.buf.Len() > 0 {
				w.buf.WriteByte(' ')
			}
			w.space = false
			w.buf.WriteRune(r)
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				w.letters++
				if w.link > 0 {
					w.linkLetters++
				}
			}
		}
	}
}

// flush ends the current line.
func (w *textWalker) flush() {
	if t := trimSpace(w.buf.String()); t != "" {
		kind := blockPara
		if len(w.kinds) > 0 {
			kind = w.kinds[len(w.kinds)-1]
		}
		w.blocks = append(w.blocks, block{text: t, kind: kind, linkOnly: w.letters > 0 && w.linkLetters == w.letters})
	}
	w.buf.Reset()
	w.space = false
	w.letters, w.linkLetters = 0, 0
}

// nodeText returns the collapsed text under n.
func nodeText(n *html.Node) string {
	var b strings.Builder
	each(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return c.Type != html.ElementNode || !droppedTags[c.DataAtom] || c == n
	})
	return collapseSpace(b.String())
}

// pageMeta is the metadata a page declares.
type pageMeta struct {
	meta      map[string]string // first content per lower-cased name/property/itemprop
	title     string            // <title>
	canonical string
	firstH1   string // outside nav, header, footer and aside
	jsonLD    []string
}

func (p *page) collectMeta() pageMeta {
	m := pageMeta{meta: make(map[string]string)}
	each(p.root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		if n.Namespace != "" {
			return false // <title> inside SVG is not the page title
		}
		switch n.DataAtom {
		case atom.Meta:
			content := trimSpace(attr(n, "content"))
			if content == "" {
				break
			}
			for _, k := range []string{"property", "name", "itemprop"} {
				for _, key := range strings.Fields(strings.ToLower(attr(n, k))) {
					if _, ok := m.meta[key]; !ok {
						m.meta[key] = content
					}
				}
			}
		case atom.Title:
			if m.title == "" {
				m.title = nodeText(n)
			}
		case atom.Link:
			if m.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
				m.canonical = trimSpace(attr(n, "href"))
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
				m.jsonLD = append(m.jsonLD, nodeText(n))
			}
			return false
		case atom.Nav, atom.Header, atom.Footer, atom.Aside:
			return false // a site logo in an <h1> is not the title
		case atom.H1:
			if m.firstH1 == "" {
				m.firstH1 = nodeText(n)
			}
		}
		return true
	})
	return m
}

// Meta keys that give an article's publication date, most specific first.
var dateMetaKeys = []string{
	"article:published_time", "og:published_time", "og:article:published_time",
	"article:published", "datepublished", "date", "pubdate", "publishdate",
	"publish-date", "publish_date", "published_time", "dc.date.issued", "dc.date",
	"dcterms.issued", "dcterms.created", "dcterms.date", "sailthru.date",
	"parsely-pub-date", "citation_publication_date", "citation_date",
}

// fillMetadata sets doc's title, date, URL and outlet from the page's meta
// tags, JSON-LD and markup.
func (p *page) fillMetadata(doc *document, content *html.Node) {
	m := p.collectMeta()
	ld := readJSONLD(m.jsonLD)

	// URL: canonical link, then og:url, then JSON-LD.
	ogURL := m.meta["og:url"]
	doc.url = absoluteURL(m.canonical, ogURL)
	if doc.url == "" {
		doc.url = absoluteURL(ogURL, "")
	}
	if doc.url == "" {
		doc.url = absoluteURL(ld.url, "")
	}

	// Outlet: og:site_name, then the JSON-LD publisher.
	for _, s := range []string{m.meta["og:site_name"], ld.publisher, m.meta["application-name"]} {
		if s = trimSpace(s); s != "" {
			doc.source = s
			break
		}
	}

	// Title: og:title, twitter:title, <title>, JSON-LD headline; the first
	// h1 is the fallback.
	host := ""
	if u, err := url.Parse(doc.url); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	for _, t := range []string{m.meta["og:title"], m.meta["twitter:title"], m.title} {
		if t = collapseSpace(t); t != "" {
			doc.title = stripSiteName(t, doc.source, host)
			break
		}
	}
	if doc.title == "" {
		doc.title = collapseSpace(ld.headline)
	}
	// The article's own h1 (even in its <header>) beats one elsewhere.
	doc.titleHint = m.firstH1
	if content != nil {
		found := false
		each(content, func(n *html.Node) bool {
			if !found && isElement(n, atom.H1) {
				doc.titleHint, found = nodeText(n), true
			}
			return !found
		})
	}

	// Date: meta tags, JSON-LD, a <time> in the article.
	for _, k := range dateMetaKeys {
		if d, ok := parseDate(m.meta[k]); ok {
			doc.date = d
			return
		}
	}
	if d, ok := parseDate(ld.date); ok {
		doc.date = d
		return
	}
	if d, ok := articleTime(content, content != nil && !isElement(content, atom.Body)); ok {
		doc.date = d
	}
}

// articleTime finds the publication date in a <time datetime> element in the
// article: one marked itemprop=datePublished or pubdate wins; otherwise the
// first, when anyTime is set (the content is a real <article>/<main>, not
// the whole <body>, where the first <time> could be anything).
func articleTime(content *html.Node, anyTime bool) (time.Time, bool) {
	if content == nil {
		return time.Time{}, false
	}
	var marked, first string
	each(content, func(n *html.Node) bool {
		if isElement(n, atom.Time) {
			dt := attr(n, "datetime")
			if dt == "" {
				dt = nodeText(n)
			}
			if hasToken(attr(n, "itemprop"), "datePublished") || hasAttr(n, "pubdate") {
				if marked == "" {
					marked = dt
				}
			} else if first == "" {
				first = dt
			}
		}
		return true
	})
	if d, ok := parseDate(marked); ok {
		return d, true
	}
	if anyTime {
		return parseDate(first)
	}
	return time.Time{}, false
}

// absoluteURL returns raw as an absolute http(s) URL, resolving it against
// base when it is relative; "" when that is not possible.
func absoluteURL(raw, base string) string {
	raw = trimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if !u.IsAbs() {
		b, err := url.Parse(trimSpace(base))
		if err != nil || !b.IsAbs() {
			return ""
		}
		u = b.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// titleSeparators split a page title from the site name after it.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • "}

// stripSiteName removes a trailing site name from a page title: "Acme buys
// Zorblat | Daily Planet" → "Acme buys Zorblat". The tail goes when it is
// the outlet's name, matches the site's host name, follows " | " and is
// short, or is a short run of capitalised words after a dash ("… - Reuters");
// "Acme - Zorblat deal closes" keeps its dash.
func stripSiteName(title, site, host string) string {
	for range 2 {
		stripped := false
		for _, sep := range titleSeparators {
			i := strings.LastIndex(title, sep)
			if i <= 0 {
				continue
			}
			head, tail := trimSpace(title[:i]), trimSpace(title[i+len(sep):])
			if head == "" || tail == "" {
				continue
			}
			if (site != "" && strings.EqualFold(collapseSpace(tail), collapseSpace(site))) ||
				hostMatches(tail, host) ||
				(sep == " | " && wordCount(tail) <= 4 && wordCount(head) >= 2) ||
				(wordCount(tail) <= 3 && wordCount(head) >= 4 && isNameWords(tail, 3)) {
				title, stripped = head, true
				break
			}
		}
		if !stripped {
			break
		}
	}
	return title
}

// hostMatches reports whether a title tail names the host ("TechCrunch"
// and techcrunch.com).
func hostMatches(tail, host string) bool {
	if host == "" {
		return false
	}
	var letters strings.Builder
	for _, r := range strings.ToLower(tail) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters.WriteRune(r)
		}
	}
	l := letters.String()
	return len(l) >= 3 && strings.Contains(strings.ReplaceAll(host, "-", ""), l)
}

// ldInfo is what JSON-LD says about the article.
type ldInfo struct {
	headline, date, publisher, url string
}

// readJSONLD reads application/ld+json blocks, looking through arrays and
// @graph lists for an Article-type object (NewsArticle, BlogPosting…); any
// object with datePublished is the fallback.
func readJSONLD(scripts []string) ldInfo {
	var article, other ldInfo
	foundArticle := false
	for _, s := range scripts {
		s = strings.TrimSpace(s)
		s = strings.TrimPrefix(strings.TrimSuffix(s, "-->"), "<!--")
		var v any
		if err := json.Unmarshal([]byte(strings.TrimSpace(s)), &v); err != nil {
			continue
		}
		visitJSONLD(v, 0, func(obj map[string]any) {
			info := ldInfo{
				headline:  ldString(obj["headline"]),
				date:      ldString(obj["datePublished"]),
				publisher: ldName(obj["publisher"]),
				url:       ldString(obj["url"]),
			}
			if isArticleType(obj["@type"]) {
				if !foundArticle {
					article, foundArticle = info, true
				}
				return
			}
			if other.date == "" && info.date != "" {
				other.date = info.date
			}
			if other.publisher == "" {
				other.publisher = info.publisher
			}
		})
	}
	if !foundArticle {
		return ldInfo{date: other.date, publisher: other.publisher}
	}
	if article.date == "" {
		article.date = other.date
	}
	if article.publisher == "" {
		article.publisher = other.publisher
	}
	return article
}

// visitJSONLD calls f for every object in a JSON-LD value, descending into
// arrays, @graph and mainEntity.
func visitJSONLD(v any, depth int, f func(map[string]any)) {
	if depth > 8 {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			visitJSONLD(e, depth+1, f)
		}
	case map[string]any:
		f(v)
		for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage"} {
			if sub, ok := v[k]; ok {
				visitJSONLD(sub, depth+1, f)
			}
		}
	}
}

// isArticleType reports whether a JSON-LD @type is a kind of article.
func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return strings.Contains(t, "Article") || strings.HasSuffix(t, "Posting") || t == "Report"
	case []any:
		return slices.ContainsFunc(t, isArticleType)
	}
	return false
}

func ldString(v any) string {
	switch v := v.(type) {
	case string:
		return trimSpace(v)
	case []any:
		if len(v) > 0 {
			return ldString(v[0])
		}
	}
	return ""
}

// ldName returns the name of a JSON-LD organisation (or the first of a list).
func ldName(v any) string {
	switch v := v.(type) {
	case string:
		return trimSpace(v)
	case map[string]any:
		return ldString(v["name"])
	case []any:
		if len(v) > 0 {
			return ldName(v[0])
		}
	}
	return ""
}

// tokenBlocks is the fallback for pages the HTML parser refuses: it reads
// the token stream, skipping the content of script-like and furniture
// elements, and breaks lines at block elements.
func tokenBlocks(text string) []block {
	w := &textWalker{page: &page{}}
	z := html.NewTokenizer(strings.NewReader(text))
	skip, skipDepth := atom.Atom(0), 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			w.flush()
			return w.blocks
		case html.TextToken:
			if skip == 0 {
				w.text(string(z.Text()))
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			a := tok.DataAtom
			switch {
			case skip != 0:
				if a == skip && tok.Type == html.StartTagToken {
					skipDepth++
				} else if a == skip && tok.Type == html.EndTagToken {
					if skipDepth--; skipDepth == 0 {
						skip = 0
					}
				}
			case droppedTags[a] && tok.Type == html.StartTagToken:
				skip, skipDepth = a, 1
			case blockTags[a]:
				w.flush()
			}
		}
	}
}
