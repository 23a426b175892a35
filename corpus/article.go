// Package corpus loads news articles from a directory tree (or the embedded
// seed articles) and turns each into clean, normalised sentences with its
// title, date, URL and outlet where the file gives them.
//
// # Formats
//
// The extension picks the format, in any letter case:
//
//   - .txt: raw text, as copied from a web page, one paragraph per line
//     (hard-wrapped text is joined back). The first short line without
//     final punctuation near the top is the title; a date line near the top
//     ("Monday 26 February 2018", "By Jane Doe | March 3, 2021") is the
//     article date.
//   - .md, .markdown: Markdown with optional YAML front matter between
//     "---" lines, with the keys title, date, url and source. Front matter
//     that is not valid YAML is reported in Article.Warnings and the body
//     is read without it. Without a title key, the first "# " heading is
//     the title.
//   - .html, .htm: a web page; only the article text is kept (the largest
//     <article>, else <main>, else <body>, without nav, header, footer,
//     aside, script, style, form, figure captions, comments, or elements
//     whose class marks them as sharing, related-story, newsletter, ad,
//     cookie or author boxes). Title, date, URL and outlet come from og:
//     and article: meta tags, <title>, <link rel=canonical>, <time> and
//     JSON-LD.
//
// # Cleaning
//
// Boilerplate that is not the article (comment sections, "Read more:"
// teasers, author bios, bylines, image credits, "Skip to main content",
// "(source)", share bars, copyright lines…) is removed by generic rules that
// look at the shape of a line, never at the names in it; what was cut is in
// Article.Removed. A doubled word ("has has") and a stray token glued after
// a line's last sentence ("he added.firework") are repaired, and exact
// repeats of a sentence are dropped.
//
// # Skipped files
//
// Files that cannot be used (another type, unreadable, too large, empty,
// binary, not UTF-8, or no text left after cleaning) are skipped with a
// reason; the rest load. [Parse] reports the reason as a [*SkipError].
package corpus

import "time"

// SentenceKind says where in an article a sentence stands.
type SentenceKind string

// Sentence kinds. Extraction trusts Body most; Title and Heading are weak
// signals; Bullet is a key-points summary box.
const (
	Body    SentenceKind = "body"
	Title   SentenceKind = "title"
	Heading SentenceKind = "heading"
	Bullet  SentenceKind = "bullet"
)

// Sentence is one sentence of an article.
type Sentence struct {
	Index int          // position in Article.Sentences
	Para  int          // paragraph (line block) number, from 0
	Kind  SentenceKind // body, title, heading or bullet
	// Text is the sentence as written, for display (curly quotes kept),
	// after repairs (a doubled word collapsed, a glued stray token cut).
	Text string
	// Norm is Text normalised for matching: no-break and other spaces to
	// ' ', curly quotes to straight ones, dashes to '-'. It has exactly
	// as many runes as Text, rune for rune, so a rune offset in Norm is the
	// same offset in Text.
	Norm string
}

// Article is one loaded news article.
type Article struct {
	ID     string    // path relative to the corpus root, with '/' separators
	Format string    // "txt", "md" or "html"
	Title  string    // "" when the file gives none
	URL    string    // "" when unknown
	Source string    // outlet, when metadata or the text names it
	Date   time.Time // article date (UTC midnight for a day); zero when unknown
	// Hash is the hex SHA-256 of the file's bytes.
	Hash string
	// Size is the file's size in bytes.
	Size int64
	// Sentences are the article's sentences in reading order, boilerplate
	// removed, exact repeats dropped. The title, when found, is sentence 0
	// with Kind Title.
	Sentences []Sentence
	// Removed lists the boilerplate lines that were cut, for debugging.
	Removed []string
	// Warnings are problems that did not stop the file from loading, such
	// as front matter that is not valid YAML ("read without metadata").
	Warnings []string
}

// Skipped is a file that was not loaded, and why.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}
