package corpus

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file turns the blocks of a parsed file into an article: it removes
// page furniture (navigation prompts, teasers, credits, comment sections,
// author bios), finds the title and dateline, repairs small copy-paste
// damage and splits the rest into sentences.
//
// Every rule is generic: it looks at the shape of a line ("Read more:" and
// a teaser, a name line followed by "<Name> is a … writer"), never at the
// names in it.

// Limits for the header zone at the top of an article.
const (
	titleZone    = 3  // the title is among the first 3 remaining lines
	datelineZone = 8  // a dateline is among the first 8 remaining lines
	headingWords = 16 // a heading has fewer than this many words
	bioEdge      = 3  // bio phrases are trusted in the last 3 paragraphs
)

// buildArticle cleans doc and fills in a's Title, Date, URL, Source,
// Sentences, Removed and Warnings.
func buildArticle(a *Article, doc document) {
	c := &cleaner{}
	paras := c.prepare(doc.blocks)
	paras = c.dropBoilerplate(paras)
	paras = c.cutCommentTail(paras)
	paras = c.dropBylines(paras)
	paras = c.dropBios(paras)
	paras = c.takeDatelines(paras)

	a.URL = doc.url
	a.Source = doc.source
	if a.Source == "" {
		a.Source = c.outlet
	}
	switch {
	case !doc.date.IsZero():
		a.Date = doc.date
	case !c.dateline.IsZero():
		a.Date = c.dateline
	default:
		if d, ok := dateFromURL(doc.url); ok {
			a.Date = d
		}
	}

	title := doc.title
	if title == "" {
		title = doc.titleHint
	}
	title, paras = c.takeTitle(title, paras, doc.markup)
	a.Title = title

	a.Sentences = makeSentences(title, classify(paras, doc.markup))
	a.Removed = c.removed
	a.Warnings = doc.warnings
}

// cleaner carries what the cleaning steps learn along the way.
type cleaner struct {
	removed  []string  // boilerplate lines cut, in order
	outlet   string    // the outlet named in an author bio, if any
	dateline time.Time // the date from a dateline at the top
}

// remove records a cut block as it was written.
func (c *cleaner) remove(b block) {
	text := b.text
	if b.raw != "" {
		text = b.raw
	}
	c.removed = append(c.removed, text)
}

// artefactRe matches screen-reader and link-icon text that leaks into copied
// pages: "(opens in new tab)", "(opens in a new window)", "(external link)".
var artefactRe = regexp.MustCompile(`(?i)\s*\((?:opens|open|link opens) in (?:a )?new (?:tab|window)\)|\s*\(external link\)`)

// trailingCreditRe matches an image credit glued to the end of a caption
// or paragraph: "… at the launch. (Photo: Acme)".
var trailingCreditRe = regexp.MustCompile(`(?i)^[(\[](?:image|photo|picture|photograph|illustration)s?(?:\s+credits?)?\s*(?::|by|via|courtesy(?: of)?)\s*[^()\[\]]{1,80}[)\]]$`)

// prepare trims blocks, removes link artefacts, and marks lines that start
// with a bullet as list items.
func (c *cleaner) prepare(blocks []block) []block {
	out := make([]block, 0, len(blocks))
	for _, b := range blocks {
		t := b.text
		if strings.ContainsAny(t, "([") { // both patterns need a bracket
			t = artefactRe.ReplaceAllString(t, "")
			if i := strings.LastIndexAny(t, "(["); i >= 0 {
				t = t[:i] + trailingCreditRe.ReplaceAllString(t[i:], "")
			}
		}
		t = trimSpace(t)
		raw := ""
		if t != b.text {
			raw = trimSpace(b.text)
		}
		if t == "" {
			if raw != "" {
				c.remove(block{text: raw})
			}
			continue
		}
		if s, ok := stripBullet(t); ok && b.kind != blockHeading {
			t, b.kind = s, blockItem
		}
		out = append(out, block{text: t, kind: b.kind, linkOnly: b.linkOnly, raw: raw})
	}
	return out
}

// stripBullet removes a leading list marker ("- ", "• ", "* ", "– "…) and
// reports whether there was one.
func stripBullet(s string) (string, bool) {
	for _, m := range []string{"- ", "• ", "* ", "· ", "‣ ", "▪ ", "◦ ", "● ", "– ", "+ "} {
		if rest, ok := strings.CutPrefix(s, m); ok {
			if rest = trimSpace(rest); hasWordChar(rest) {
				return rest, true
			}
		}
	}
	return s, false
}

// lineRule is one pattern for a line that is page furniture. The pattern is
// matched against the lower-cased, normalised line with any leading
// brackets or bullets removed; maxWords (when non-zero) keeps the rule
// from firing on a long line that merely starts the same way.
type lineRule struct {
	re       *quickRe
	maxWords int
	// noFinalPeriod: only fire when the line does not end like a sentence.
	noFinalPeriod bool
	// list: the line is a label heading a list of links to other stories
	// ("More from Daily Ledger", "Related articles"); the short,
	// unpunctuated lines right after it are those links.
	list bool
}

var lineRules = []lineRule{
	// A promoted link: "Corvath Ventures backs Mellowstone (sponsored)".
	{re: mustQuick(`[(\[](sponsored|promoted|advertisement|ad|partner content|paid post)[)\]]\s*$`), maxWords: 25},
	// Navigation: "Skip to main content", "Jump to navigation".
	{re: mustQuick(`^(skip|jump) to (the )?(main )?(content|navigation|search|article|menu)\b`), maxWords: 8},
	// Teasers for other stories: "Read more: …", "Related: …", "See also: …".
	{re: mustQuick(`^(read more|read next|also read|read also|see also|related|recommended|more from|more on this|trending|you may also like|you might also like|you may like|more stories|more news|don't miss|editor's picks?|most read|most popular|popular now|related (articles|stories|posts|coverage|content|reading|links|topics))\s*[:»›>|]`)},
	{re: mustQuick(`^(read more|read next|also read|read also|see also|related|recommended( for you)?|trending( now)?|you may also like|you might also like|most read|most popular|editor's picks?|don't miss|archives|categories|what to read next|(popular|recent|latest|top|trending|related|more|featured|recommended)( now)? (posts|stories|articles|news|headlines|reads|coverage|content|reading|links|topics))\s*[:.»›>…]*$`), list: true},
	{re: mustQuick(`^more (from|on|about|by) `), maxWords: 6, noFinalPeriod: true, list: true},
	// Image and photo credits: "Image Credit: …", "Photo by …", "Credit: …".
	{re: mustQuick(`^((image|photo|picture|photograph|illustration|graphic|video|header image|featured image|top image|lead image)s?\s*(credits?|courtesy|source)?\s*:|(image|photo|picture|photograph|illustration)s?\s+(via|by|courtesy|credits?)\b|credits?\s*:|(photo|image|picture) credits?\b)`), maxWords: 30},
	// Source credits: "(source)", "[Source]", "Source: Acme Corp", "Via X".
	{re: mustQuick(`^(source|sources|via|h/t|hat tip)\s*[)\]]?$`)},
	{re: mustQuick(`^(sources?|h/t|hat tip)\s*:\s*\S`), maxWords: 15},
	{re: mustQuick(`^via\s+\S`), maxWords: 5, noFinalPeriod: true},
	// Advertising: "Advertisement", "ADVERTISEMENT - Scroll to continue", "Sponsored by …".
	{re: mustQuick(`^(advertisement|advertising|advert|ad|ads|sponsored|promoted|paid (content|post|partner)|partner content)(\s*[:|–—-]|\s+(by|content|post|story|stories|links?|feature|message)\b|\s*$)`), maxWords: 10},
	// Sharing, following and subscribing.
	{re: mustQuick(`^(share (this|on|via|the (article|story)|article|story|page|post)\b|share\s*:|share$|follow us\b|follow @|click here\b)`), maxWords: 12},
	{re: mustQuick(`^(sign up|subscribe)( now| today| free)?( for| to|$)|^(get|download) (the|our) (free )?(app|newsletter)\b`), maxWords: 30},
	// Reading aids and widgets.
	{re: mustQuick(`^(listen to (this|the) (article|story|podcast)|continue reading|story continues|scroll to continue|loading\.*$|print this (article|page))`), maxWords: 10},
	{re: mustQuick(`^((last )?updated|published|posted)\s*:?\s*(\d+|an?|one)\s+(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago$`)},
	// Site notices: "This site uses Akismet …", "We use cookies …".
	{re: mustQuick(`^(this (web)?site uses\b|we use cookies|our standards:)`)},
	{re: mustQuick(`^cookies?\b.*\b(polic(y|ies)|settings|preferences|consent|accept|we use|our (web)?site|this (web)?site|browser|experience)\b`), maxWords: 40},
	// Copyright lines.
	{re: mustQuick(`^(©|\(c\)\s*\d{4}|copyright\s*(©|\(c\)|\d{4}|by\b|:|$))`), maxWords: 30},
	{re: mustQuick(`\ball rights reserved\b`), maxWords: 25},
	// Tag lists: "Tags: …", "Filed under: …".
	{re: mustQuick(`^(tags?|topics|filed under|categories|category)\s*:`), maxWords: 40},
	// Wire-service credits: "Reporting by Jane Doe; Editing by John Roe".
	{re: mustQuick(`^(additional )?(reporting|writing|editing|compiled|edited|translated|produced) by\b`), maxWords: 25, noFinalPeriod: true},
	{re: mustQuick(`^(additional )?(reporting|writing|editing) by\b[^.]*;`), maxWords: 25},
}

// socialWords are the labels of share buttons; a line made only of them
// ("Facebook Twitter LinkedIn Email") is a share bar.
var socialWords = map[string]bool{
	"facebook": true, "twitter": true, "x": true, "linkedin": true, "whatsapp": true,
	"reddit": true, "pinterest": true, "email": true, "e-mail": true, "print": true,
	"share": true, "copy": true, "link": true, "telegram": true, "flipboard": true,
	"messenger": true, "mail": true, "tweet": true,
}

// lineKey is the form of a line the furniture rules look at: normalised,
// lower-cased, spaces collapsed, leading brackets and bullets removed.
func lineKey(text string) string {
	k := strings.ToLower(collapseSpace(Normalize(text)))
	return strings.TrimLeft(k, "([{*_#>|•·- ")
}

// isBoilerplateLine reports whether a whole line is page furniture (a
// navigation prompt, teaser, credit, share bar, notice…) rather than text.
func isBoilerplateLine(text string) bool {
	drop, _ := boilerplateLine(text)
	return drop
}

// boilerplateLine is isBoilerplateLine that also reports whether the line
// is a label heading a list of links to other stories.
func boilerplateLine(text string) (drop, list bool) {
	if !hasWordChar(text) {
		return true, false // only punctuation or spaces, like "." or "* * *"
	}
	key := lineKey(text)
	words := wordsUpTo(key, 64) // more than any rule's maxWords
	endsSentence := strings.ContainsRune(".!?", lastRune(strings.TrimRight(key, `"')”’ `)))
	for _, r := range lineRules {
		if r.maxWords > 0 && words > r.maxWords {
			continue
		}
		if r.noFinalPeriod && endsSentence {
			continue
		}
		if r.re.MatchString(key) {
			return true, r.list
		}
	}
	if words <= 8 {
		all := true
		for _, w := range strings.FieldsFunc(key, func(r rune) bool { return isSpace(r) || r == '|' || r == '/' || r == ',' }) {
			if !socialWords[strings.Trim(w, ":.")] {
				all = false
				break
			}
		}
		if all {
			return true, false
		}
	}
	return false, false
}

// dropBoilerplate removes furniture lines, and the headlines listed under
// a "More from …" or "Related" label.
func (c *cleaner) dropBoilerplate(paras []block) []block {
	out := paras[:0]
	inList := false
	for _, p := range paras {
		drop, list := boilerplateLine(p.text)
		if !drop && inList && (p.kind == blockItem || isHeadingLine(p.text)) {
			drop = true // a linked headline under the label
		}
		if !drop && p.linkOnly && p.kind != blockHeading && (p.kind == blockItem || isHeadingLine(p.text)) {
			drop = true // a menu entry or a link to another story
		}
		inList = list || (inList && drop)
		if drop {
			c.remove(p)
			continue
		}
		out = append(out, p)
	}
	return out
}

// commentMarkerRe matches the line that opens a comment section: "Join the
// Conversation", "3 Comments", "No comments:", "Leave a Reply", "Comments
// (12)", "5 thoughts on “…”".
var commentMarkerRe = mustQuick(`^(join the (conversation|discussion)|\d+ (comments?|responses?|replies|thoughts?)( on .*)?|one (comment|response|reply|thought)( on .*)?|no comments( yet)?\.?|post a comment|leave a (comment|reply)|comments?( \(\d+\))?|add (a|your) comment|(show|view|read|load|see|hide) (all )?(\d+ )?comments?( \(\d+\))?|comments are closed\.?|discussion \(\d+\)|conversation \(\d+\))\s*:?$`)

// isCommentMarker reports whether line opens a comment section.
func isCommentMarker(line string) bool {
	return wordsUpTo(line, 12) <= 12 && commentMarkerRe.MatchString(lineKey(line))
}

// cutCommentTail drops everything from the first comment-section marker on.
// A marker before any real paragraph (a "Comments" link in a menu) is
// dropped alone, so a page never loses its article to a menu item.
func (c *cleaner) cutCommentTail(paras []block) []block {
	sawBody := false
	for i, p := range paras {
		if isCommentMarker(p.text) {
			if !sawBody {
				c.remove(p)
				return append(paras[:i:i], c.cutCommentTail(paras[i+1:])...)
			}
			for _, q := range paras[i:] {
				c.remove(q)
			}
			return paras[:i]
		}
		if wordsUpTo(p.text, 8) >= 8 {
			sawBody = true
		}
	}
	return paras
}

// bylineLineRe matches a byline: "By Jane Doe", "Written by Jane Doe and John
// Roe", "Author: J. Doe, Staff Writer". The name words are checked
// separately by isNameWords.
var bylineLineRe = mustQuick(`(?i)^(?:by|written by|words by|posted by|reported by|author:?|authors:?)\s+(.+)$`)

// nameConnectors may appear lower-case inside a byline.
var nameConnectors = map[string]bool{
	"and": true, "&": true, "de": true, "da": true, "van": true, "von": true, "der": true,
	"den": true, "du": true, "la": true, "le": true, "del": true, "bin": true, "al": true,
	"in": true, "for": true, "at": true, "of": true,
}

// isNameWords reports whether s is a short run of capitalised words (a
// person's name, possibly with a role: "Jane Doe, Staff Writer").
func isNameWords(s string, maxWords int) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return isSpace(r) || r == ',' })
	if len(words) == 0 || len(words) > maxWords {
		return false
	}
	switch last := words[len(words)-1]; lastRune(last) {
	case '!', '?':
		return false
	case '.':
		if utf8.RuneCountInString(last) > 3 {
			return false // "… the deal." is a sentence; "J." and "Jr." are not
		}
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r):
		case i > 0 && nameConnectors[strings.ToLower(w)]:
		default:
			return false
		}
	}
	return true
}

// dropBylines removes byline lines ("By Jane Doe").
func (c *cleaner) dropBylines(paras []block) []block {
	out := paras[:0]
	for _, p := range paras {
		if m := bylineLineRe.FindStringSubmatch(p.text); m != nil && isNameWords(m[1], 8) {
			c.remove(p)
			continue
		}
		out = append(out, p)
	}
	return out
}

// Author bios.
var (
	// bioNameRe is a line holding only a name, maybe introduced: "Jane
	// Doe", "By Jane Doe", "Author: Jane Doe".
	bioNameRe = mustQuick(`^(?:(?:by|written by|author|about the author)\s*:?\s+)?(\p{Lu}[\p{L}'’.-]*)((?:\s+\p{Lu}[\p{L}'’.-]*){0,2})$`)
	// aboutAuthorRe is an "About the author" heading.
	aboutAuthorRe = mustQuick(`(?i)^about the authors?\s*:?$`)
	// bioVerbRe follows the name at the start of a bio: "Jane is …".
	bioVerbRe = mustQuick(`^\s+(?:is|was|has|covers|writes|joined|reports|leads|(?:['’]s))\b`)
	// journalistRe is a word that shows a paragraph talks about a writer.
	journalistRe = regexp.MustCompile(`(?i)\b(writer|reporter|editor|journalist|correspondent|columnist|contributor|blogger|covers|writes|writing|wrote)\b`)
	// bioWriterAtRe is "is a senior tech reporter at …" in lower case.
	bioWriterAtRe = regexp.MustCompile(`\b(?:is|was) an? (?:[a-z-]+ ){0,3}(?:writer|reporter|editor|journalist|correspondent|columnist) (?:at|for|with)\b`)
	// nameSubjectRe is a paragraph that starts with a person doing
	// something: "Emma Lee (Li Xin) was …", "Jane Doe is …".
	nameSubjectRe = mustQuick(`^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}(?:\s*\([^)]{1,40}\))?\s+(?:is|was|has|covers|writes|joined|reports)\b`)

	// Outlet names in a bio: "was TechNode's e-commerce reporter",
	// "writing for ITProPortal", "a reporter at The Daily Planet".
	outletWord       = `\p{Lu}[\p{L}\p{N}&-]*(?:\.[\p{L}\p{N}]+)*`
	outletName       = `(` + outletWord + `(?:\s+` + outletWord + `){0,3})`
	outletPossessRe  = regexp.MustCompile(`\b(?:was|is|as)\s+` + outletName + `['’]s\s+(?:[\p{L}-]+,?\s+){0,6}?(?:reporter|editor|writer|correspondent|journalist|columnist|contributor)\b`)
	outletWritingRe  = regexp.MustCompile(`\b(?:writing|writes|wrote|reporting|reports) for\s+` + outletName)
	outletPositionRe = regexp.MustCompile(`\b(?:reporter|editor|writer|correspondent|journalist|columnist|contributor) (?:at|for|with)\s+` + outletName)
)

// bioPhrases mark a paragraph as an author bio (matched in lower case).
var bioPhrases = func() []string {
	list := []string{
		"freelance writer", "freelance journalist", "freelance reporter", "reporter until",
		"sister publication", "sister site", "sister title", "can be reached at",
		"has been writing for", "has been writing about", "writes about",
	}
	for _, p := range []string{"him", "her", "them"} {
		list = append(list, "get in touch with "+p, "follow "+p+" on", "email "+p+" at", "reach "+p+" at")
	}
	return list
}()

// isBioText reports whether a paragraph reads as an author bio: "… is a
// freelance writer", "Get in touch with her…", "… is a senior reporter at
// …".
func isBioText(text string) bool {
	lower := strings.ToLower(Normalize(text))
	for _, p := range bioPhrases {
		if strings.Contains(lower, p) {
			return true
		}
	}
	// every match names the writer's job
	return containsAny(lower, "writer", "reporter", "editor", "journalist", "correspondent", "columnist") && bioWriterAtRe.MatchString(lower)
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// outletFromBio returns the outlet an author bio names as the writer's
// employer, or "".
func outletFromBio(text string) string {
	for _, re := range []*regexp.Regexp{outletPossessRe, outletWritingRe, outletPositionRe} {
		if m := re.FindStringSubmatch(text); m != nil {
			name := strings.TrimRight(m[1], ".-")
			if !strings.EqualFold(name, "The") {
				return name
			}
		}
	}
	return ""
}

// dropBios removes author bios: a name line followed by "<Name> is/was/has
// …" about a writer, and paragraphs with bio phrases ("freelance writer",
// "get in touch with her") that either start with a person or stand in the
// last few paragraphs. Before a bio goes, the outlet it names is kept.
func (c *cleaner) dropBios(paras []block) []block {
	drop := make([]bool, len(paras))
	learn := func(text string) {
		if c.outlet == "" {
			c.outlet = outletFromBio(text)
		}
	}
	for i := 0; i+1 < len(paras); i++ {
		line, next := paras[i].text, paras[i+1].text
		if wordsUpTo(line, 5) > 5 {
			continue // neither a name nor "About the author"
		}
		if aboutAuthorRe.MatchString(line) {
			if journalistRe.MatchString(next) {
				drop[i], drop[i+1] = true, true
				learn(next)
			}
			continue
		}
		m := bioNameRe.FindStringSubmatch(line)
		if m == nil || !journalistRe.MatchString(next) {
			continue
		}
		names := []string{m[1]}
		if rest := strings.Fields(m[2]); len(rest) > 0 {
			names = append(names, rest[len(rest)-1])
		}
		for _, name := range names {
			if after, ok := strings.CutPrefix(next, name); ok && bioVerbRe.MatchString(after) {
				drop[i], drop[i+1] = true, true
				learn(next)
				break
			}
		}
	}
	for i, p := range paras {
		if drop[i] || !(i >= len(paras)-bioEdge || nameSubjectRe.MatchString(p.text)) {
			continue
		}
		if isBioText(p.text) {
			drop[i] = true
			learn(p.text)
		}
	}
	out := paras[:0]
	for i, p := range paras {
		if drop[i] {
			c.remove(p)
			continue
		}
		out = append(out, p)
	}
	return out
}

// isLabel reports whether a line is a one- or two-word label ("Home",
// "World News") of the kind that fills the top of copied pages.
func isLabel(text string) bool { return wordsUpTo(text, 2) <= 2 && isHeadingLine(text) }

// zoneEnd returns the index just past the first n lines of paras that are
// not labels: the header zone where titles and datelines are looked for.
func zoneEnd(paras []block, n int) int {
	for i, p := range paras {
		if !isLabel(p.text) {
			if n--; n == 0 {
				return i + 1
			}
		}
	}
	return len(paras)
}

// takeDatelines removes lines that are only a date. The first one near the
// top is the article's dateline.
func (c *cleaner) takeDatelines(paras []block) []block {
	out := paras[:0]
	zone := zoneEnd(paras, datelineZone)
	for i, p := range paras {
		if d, ok := parseDateLine(p.text); ok {
			if i < zone && c.dateline.IsZero() {
				c.dateline = d
			}
			c.remove(p)
			continue
		}
		out = append(out, p)
	}
	// a wire or press-release lead: "TORONTO, July 30, 2024 (Newswire) --
	// Acme Inc. today announced …": the date is the article's, the place
	// and agency are not part of the first sentence
	if c.dateline.IsZero() {
		for i := range out {
			if i >= zone+2 {
				break
			}
			if d, rest, ok := leadDateline(out[i].text); ok {
				c.dateline = d
				out[i].text = rest
				break
			}
		}
	}
	return out
}

// leadDatelineRe matches the place, date and agency that open a wire story
// or press release, up to the dash before the first sentence.
var leadDatelineRe = mustQuick(`^\s*` + placeRe + `(?:,\s*` + placeRe + `)?(?:\s+(?:and|&)\s+` + placeRe + `)?,\s+([A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})\s*(?:/[^/]{1,40}/\s*)?(?:\([^)]{1,60}\)\s*)?(?:--|—|–|-|:)\s*`)

// placeRe is a place name in a dateline: capitalised words.
const placeRe = `[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,3}`

// leadDateline reads a wire-story lead, returning the date and the text
// after it.
func leadDateline(text string) (time.Time, string, bool) {
	m := leadDatelineRe.FindStringSubmatchIndex(text)
	if m == nil {
		return time.Time{}, text, false
	}
	d, ok := parseDate(text[m[2]:m[3]])
	if !ok {
		return time.Time{}, text, false
	}
	return d, text[m[1]:], true
}

// isHeadingLine reports whether a line reads as a heading rather than a
// sentence: fewer than 16 words, a letter in it, and no sentence-final
// punctuation (. ? ! : ; , or a closing quote).
func isHeadingLine(text string) bool {
	n := wordsUpTo(text, headingWords)
	if n == 0 || n >= headingWords || !hasLetter(text) {
		return false
	}
	return !strings.ContainsRune(`.?!:;,…"'’”`, lastRune(text))
}

// isTitleLine reports whether a line can be an article's title: a heading
// line of at least three words (one- and two-word lines at the top are
// section labels and names).
func isTitleLine(text string) bool { return isHeadingLine(text) && wordsUpTo(text, 3) >= 3 }

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// takeTitle settles the title. A title from metadata is kept, and the line
// repeating it near the top is taken out of the body. Without one, the
// first heading line among the first few lines is the title.
func (c *cleaner) takeTitle(title string, paras []block, markup bool) (string, []block) {
	title = repairLine(trimSpace(title))
	if title != "" {
		key := titleKey(title)
		for i := range zoneEnd(paras, datelineZone) {
			if titleKey(paras[i].text) == key {
				return title, c.cutTitleLine(paras, i)
			}
		}
		return title, paras
	}
	zone := titleZone
	if markup {
		zone = 1 // markup formats mark their title up; guess only from the first line
	}
	for i := range zoneEnd(paras, zone) {
		if p := paras[i]; p.kind != blockItem && isTitleLine(p.text) {
			return repairLine(p.text), c.cutTitleLine(paras, i)
		}
	}
	return "", paras
}

// cutTitleLine removes the title line paras[i] from the body, with the
// labels above it when only labels stand above it: menus and section
// names ("Home", "Technology").
func (c *cleaner) cutTitleLine(paras []block, i int) []block {
	start := i
	for start > 0 && isLabel(paras[start-1].text) {
		start--
	}
	if start > 0 {
		start = i
	}
	for _, q := range paras[start:i] {
		c.remove(q)
	}
	return slices.Delete(paras, start, i+1)
}

// titleKey is the form in which two titles compare equal.
func titleKey(s string) string { return strings.ToLower(collapseSpace(Normalize(s))) }

// classified is a cleaned paragraph with its sentence kind.
type classified struct {
	text string
	kind SentenceKind
}

// markupHeadingWords is the most words an unpunctuated paragraph may have
// to count as a heading in a format that marks headings up.
const markupHeadingWords = 6

// classify gives each paragraph its kind: headings (by markup or by shape)
// are Heading; list items before the first body paragraph are a key-points
// box (Bullet); later list items are ordinary Body text. When the format
// marks headings up, only very short unpunctuated paragraphs are headings
// by shape.
func classify(paras []block, markup bool) []classified {
	out := make([]classified, 0, len(paras))
	sawBody := false
	for _, p := range paras {
		text := repairLine(p.text)
		kind := Body
		switch {
		case p.kind == blockItem:
			if !sawBody {
				kind = Bullet
			}
		case p.kind == blockHeading,
			isHeadingLine(text) && (!markup || wordsUpTo(text, markupHeadingWords) <= markupHeadingWords):
			kind = Heading
		default:
			sawBody = true
		}
		out = append(out, classified{text: text, kind: kind})
	}
	return out
}

// makeSentences splits paragraphs into sentences, the title first, and
// drops exact repeats.
func makeSentences(title string, paras []classified) []Sentence {
	var out []Sentence
	seen := make(map[string]bool)
	para := 0
	add := func(text string, kind SentenceKind) bool {
		text = trimSpace(text)
		if !hasWordChar(text) {
			return false
		}
		norm := Normalize(text)
		key := collapseSpace(norm)
		if seen[key] {
			return false
		}
		seen[key] = true
		out = append(out, Sentence{Index: len(out), Para: para, Kind: kind, Text: text, Norm: norm})
		return true
	}
	if title != "" && add(title, Title) {
		para++
	}
	for _, p := range paras {
		var pieces []string
		if p.kind == Heading {
			pieces = []string{p.text}
		} else {
			pieces = splitSentences(p.text)
		}
		added := false
		for _, s := range pieces {
			if add(s, p.kind) {
				added = true
			}
		}
		if added {
			para++
		}
	}
	return out
}

// repairLine fixes copy-paste damage in one paragraph: a doubled word and a
// stray token glued after the final sentence.
func repairLine(s string) string { return cutGluedToken(collapseDoubledWords(s)) }

// collapseDoubledWords removes the second of two identical words in a row
// ("has has" → "has", "The the" → "The"). Only letters count, the second
// word must be lower-case (so names like "Walla Walla" stay), and "had had"
// and "that that", which are good English, are left alone.
func collapseDoubledWords(s string) string {
	var (
		b         strings.Builder
		last      int  // s[:last] is decided
		prevStart = -1 // the previous word…
		prevEnd   int  // …and its end
		start     = -1 // the word being read
	)
	check := func(end int) {
		if prevStart >= 0 && strings.TrimFunc(s[prevEnd:start], isSpace) == "" && prevEnd < start {
			w1, w2 := s[prevStart:prevEnd], s[start:end]
			if strings.EqualFold(w1, w2) && w2 == strings.ToLower(w2) && w2 != "had" && w2 != "that" {
				b.WriteString(s[last:prevEnd]) // empty when w1 was itself a removed repeat
				last = end
			}
		}
		prevStart, prevEnd = start, end
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			check(i)
			start = -1
		default:
			if !isSpace(r) {
				prevStart = -1 // punctuation or digits break a pair
			}
		}
	}
	if start >= 0 {
		check(len(s))
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// gluedTokenRe finds a lower-case token glued after a sentence's final
// punctuation at the end of a line: "he added.firework".
var gluedTokenRe = regexp.MustCompile(`\p{Ll}{2}[.!?]["”’]?(\p{Ll}{2,})$`)

// notGlued are endings that make "word.ending" a domain or a file name
// rather than a stray token.
var notGlued = map[string]bool{
	"com": true, "org": true, "net": true, "io": true, "co": true, "ai": true, "uk": true,
	"us": true, "de": true, "fr": true, "cn": true, "jp": true, "in": true, "ru": true,
	"eu": true, "info": true, "biz": true, "tv": true, "me": true, "app": true, "dev": true,
	"tech": true, "news": true, "gov": true, "edu": true, "mil": true, "int": true, "xyz": true,
	"online": true, "site": true, "store": true, "cloud": true, "ca": true, "au": true,
	"nz": true, "br": true, "es": true, "it": true, "nl": true, "se": true, "no": true,
	"fi": true, "dk": true, "ch": true, "at": true, "be": true, "pl": true, "kr": true,
	"hk": true, "sg": true, "tw": true, "id": true, "my": true, "ph": true, "vn": true,
	"th": true, "za": true, "ng": true, "ke": true, "il": true, "ae": true, "sa": true,
	"tr": true, "pk": true, "ly": true, "gg": true, "to": true, "fm": true, "ie": true,
	"pdf": true, "html": true, "htm": true, "php": true, "aspx": true, "jpg": true,
	"jpeg": true, "png": true, "gif": true, "txt": true, "doc": true, "docx": true,
	"xls": true, "xlsx": true, "csv": true, "zip": true, "mp3": true, "mp4": true,
}

// cutGluedToken removes a stray lower-case token glued after the final
// sentence of a line ("he added.firework" → "he added."), unless the last
// word is an address (e-mail, URL, domain, file name).
func cutGluedToken(s string) string {
	word := s
	if i := strings.LastIndexFunc(s, isSpace); i >= 0 {
		_, n := utf8.DecodeRuneInString(s[i:])
		word = s[i+n:]
	}
	if !strings.ContainsAny(word, ".!?") { // gluedTokenRe needs one
		return s
	}
	m := gluedTokenRe.FindStringSubmatchIndex(word)
	if m == nil {
		return s
	}
	glued := word[m[2]:m[3]]
	if notGlued[glued] || strings.ContainsAny(word, "@/") || strings.HasPrefix(strings.ToLower(word), "www.") ||
		strings.Count(word, ".") > 1 {
		return s
	}
	return s[:len(s)-len(glued)]
}
