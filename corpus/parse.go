package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// Reasons a file is not loaded. Every error from [Parse], and every
// [Skipped] entry from [Load], comes from a [*SkipError] wrapping one of
// these, so callers can test the kind with errors.Is.
var (
	ErrUnsupported = errors.New("unsupported file type")
	ErrUnreadable  = errors.New("cannot read file")
	ErrTooLarge    = errors.New("file too large")
	ErrEmpty       = errors.New("empty file")
	ErrBinary      = errors.New("binary file")
	ErrNotUTF8     = errors.New("not UTF-8 text")
	ErrNoText      = errors.New("no article text")
)

// SkipError says why one file was not loaded.
type SkipError struct {
	Path string // the file's path relative to the corpus root
	// Reason is a short explanation for people, without the path:
	// "not UTF-8 text (invalid byte at offset 12)".
	Reason string
	Err    error // one of the Err* kinds above
}

// Error returns "corpus: <path>: <reason>".
func (e *SkipError) Error() string { return "corpus: " + e.Path + ": " + e.Reason }

// Unwrap returns the kind of problem, such as [ErrNotUTF8].
func (e *SkipError) Unwrap() error { return e.Err }

func skipErr(id string, kind error, format string, args ...any) *SkipError {
	return &SkipError{Path: id, Reason: fmt.Sprintf(format, args...), Err: kind}
}

// unsupportedReason is the Skipped reason for a file of another type.
const unsupportedReason = "unsupported file type (want .txt, .md or .html)"

// formatOf returns the article format for a file name by its extension
// (case-insensitive): "txt", "md" or "html".
func formatOf(name string) (string, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt":
		return "txt", true
	case ".md", ".markdown":
		return "md", true
	case ".html", ".htm":
		return "html", true
	}
	return "", false
}

// Parse turns the bytes of one file into an article. The id is the file's
// path relative to the corpus root (it becomes Article.ID) and its extension
// picks the format. A file that cannot be used returns a [*SkipError] that
// says why: unsupported type, empty, binary, not UTF-8, or no article text
// left after cleaning.
func Parse(id string, data []byte) (Article, error) {
	format, ok := formatOf(id)
	if !ok {
		return Article{}, skipErr(id, ErrUnsupported, "%s", unsupportedReason)
	}
	text, serr := decodeText(id, format, data)
	if serr != nil {
		return Article{}, serr
	}
	var doc document
	switch format {
	case "md":
		doc = parseMarkdown(text)
	case "html":
		doc = parseHTML(text)
	default:
		doc = parsePlain(text)
	}
	sum := sha256.Sum256(data)
	a := Article{
		ID:     id,
		Format: format,
		Hash:   hex.EncodeToString(sum[:]),
		Size:   int64(len(data)),
	}
	buildArticle(&a, doc)
	if len(a.Sentences) == 0 || (len(a.Sentences) == 1 && a.Sentences[0].Kind == Title) {
		return Article{}, skipErr(id, ErrNoText, "no article text (nothing left after removing boilerplate)")
	}
	return a, nil
}

// decodeText checks that data is text and returns it as a string with the
// byte-order mark removed, line ends as LF, and control characters and
// invisible runes dropped.
func decodeText(id, format string, data []byte) (string, *SkipError) {
	if len(bytes.TrimSpace(data)) == 0 {
		if len(data) == 0 {
			return "", skipErr(id, ErrEmpty, "empty file")
		}
		return "", skipErr(id, ErrEmpty, "empty file (only white space)")
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "", skipErr(id, ErrNotUTF8, "not UTF-8 text (UTF-16 byte-order mark; save it as UTF-8)")
	}
	bom := 0
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		bom = 3
	}
	body := data[bom:]
	if i := bytes.IndexByte(body, 0); i >= 0 {
		return "", skipErr(id, ErrBinary, "binary file (NUL byte at offset %d)", bom+i)
	}
	if !utf8.Valid(body) {
		decoded, ok := decodeDeclaredCharset(format, body)
		if !ok {
			return "", skipErr(id, ErrNotUTF8, "not UTF-8 text (invalid byte at offset %d)", bom+invalidUTF8Offset(body))
		}
		body = decoded
	}
	text := string(body)
	if controlShare(text) > 0.1 {
		return "", skipErr(id, ErrBinary, "binary file (mostly control characters)")
	}
	text = cleanControls(normalizeNewlines(text))
	if trimSpace(text) == "" {
		return "", skipErr(id, ErrEmpty, "empty file (only white space)")
	}
	return text, nil
}

// invalidUTF8Offset returns the byte offset of the first invalid UTF-8
// sequence in b.
func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// controlShare returns the fraction of runes in s that are control
// characters other than ordinary white space.
func controlShare(s string) float64 {
	var n, ctrl int
	for _, r := range s {
		n++
		if unicode.IsControl(r) && !strings.ContainsRune("\n\r\t\f\v", r) {
			ctrl++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ctrl) / float64(n)
}

// decodeDeclaredCharset converts an HTML page that declares a legacy
// charset in a <meta> tag (windows-1252, GBK, Shift_JIS…) to UTF-8. Other
// formats carry no declaration, so they are never guessed at.
func decodeDeclaredCharset(format string, b []byte) ([]byte, bool) {
	if format != "html" {
		return nil, false
	}
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	if !bytes.Contains(bytes.ToLower(head), []byte("charset")) {
		return nil, false
	}
	enc, name, _ := charset.DetermineEncoding(b, "")
	if enc == nil || name == "utf-8" {
		return nil, false
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil || !utf8.Valid(out) {
		return nil, false
	}
	return out, true
}

// blockKind is what a paragraph-level block of text is, as far as the file
// format can tell.
type blockKind int

const (
	blockPara    blockKind = iota // ordinary paragraph or line
	blockHeading                  // a heading by markup (Markdown #, HTML h1–h6)
	blockItem                     // a list item, marker removed
)

// block is one paragraph of text in reading order, before cleaning.
type block struct {
	text string
	kind blockKind
	// linkOnly: all the block's text is link text (a menu entry or a link
	// to another story), as far as the format tells.
	linkOnly bool
	// raw is the text before artefacts were cut from it, for
	// Article.Removed; "" when it is the same as text.
	raw string
}

// document is what a format parser hands to the cleaner: the text blocks
// and whatever metadata the file itself declares.
type document struct {
	blocks []block
	// title, date, url and source come from metadata (front matter, meta
	// tags, JSON-LD); empty or zero when the file has none.
	title  string
	date   time.Time
	url    string
	source string
	// titleHint is the first top-level heading (Markdown "# ", HTML h1),
	// used as the title when metadata gives none.
	titleHint string
	// markup is set for formats that mark headings up (Markdown, HTML);
	// there, an unpunctuated paragraph is a heading by shape only when
	// it is very short.
	markup   bool
	warnings []string
}

// parsePlain reads raw text: one paragraph per line, blank lines between
// paragraphs ignored. Hard-wrapped text (every line cut near a fixed width)
// is joined back into paragraphs first.
func parsePlain(text string) document {
	lines := strings.Split(text, "\n")
	if looksHardWrapped(lines) {
		lines = unwrapLines(lines)
	}
	var doc document
	for _, l := range lines {
		if t := trimSpace(l); t != "" {
			doc.blocks = append(doc.blocks, block{text: strings.ReplaceAll(t, "\t", " ")})
		}
	}
	return doc
}

// looksHardWrapped reports whether text lines were wrapped at a fixed width
// (as in e-mail or terminal copies): no line is longer than 100 runes, and
// most lines that run straight into the next are nearly full width and stop
// mid-sentence. (Text with one paragraph per line ends its lines with
// sentence punctuation.)
func looksHardWrapped(lines []string) bool {
	maxLen := 0
	for _, l := range lines {
		maxLen = max(maxLen, utf8.RuneCountInString(trimSpace(l)))
	}
	if maxLen < 40 || maxLen > 100 {
		return false
	}
	runOn, full, ended := 0, 0, 0
	for i, l := range lines {
		t := trimSpace(l)
		n := utf8.RuneCountInString(t)
		if n > 0 && i+1 < len(lines) && trimSpace(lines[i+1]) != "" {
			runOn++
			if n*4 >= maxLen*3 {
				full++
			}
			if strings.ContainsRune(`.!?:"”’`, lastRune(t)) {
				ended++
			}
		}
	}
	return runOn >= 4 && full*10 >= runOn*7 && ended*2 < runOn
}

// unwrapLines joins a hard-wrapped line to the next when it is nearly full
// width (so it was cut by the wrapping, not by the author) and the next line
// does not start a list item.
func unwrapLines(lines []string) []string {
	maxLen := 0
	for _, l := range lines {
		maxLen = max(maxLen, utf8.RuneCountInString(trimSpace(l)))
	}
	full := maxLen * 3 / 4
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, l := range lines {
		t := trimSpace(l)
		if t == "" {
			flush()
			out = append(out, "")
			continue
		}
		if _, ok := stripBullet(t); ok {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(t)
		if utf8.RuneCountInString(t) < full { // a short line ends its paragraph
			flush()
		}
	}
	flush()
	return out
}
