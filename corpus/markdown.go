package corpus

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// parseMarkdown reads a Markdown file: optional YAML front matter (title,
// date, url, source), then the body stripped of Markdown syntax into
// paragraphs. Invalid front matter does not stop the file from loading:
// the body is read without metadata and a warning says why.
func parseMarkdown(text string) document {
	doc := document{markup: true}
	front, body, warn := splitFrontMatter(text)
	if warn != "" {
		doc.warnings = append(doc.warnings, warn)
	}
	if front != "" {
		doc.warnings = append(doc.warnings, readFrontMatter(front, &doc)...)
	}
	doc.blocks, doc.titleHint = markdownBlocks(body)
	return doc
}

// splitFrontMatter separates YAML front matter (between a first line "---"
// and the next "---" or "..." line) from the body.
func splitFrontMatter(text string) (front, body, warning string) {
	first, rest, ok := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t") != "---" {
		return "", text, ""
	}
	if !ok {
		return "", "", ""
	}
	lines := strings.SplitAfter(rest, "\n")
	for i, l := range lines {
		if t := strings.TrimRight(l, " \t\n"); t == "---" || t == "..." {
			return strings.Join(lines[:i], ""), strings.Join(lines[i+1:], ""), ""
		}
	}
	return "", text, `front matter has no closing "---" line; read as text without metadata`
}

// readFrontMatter decodes front matter into doc's metadata and returns any
// warnings. Keys other than title, date, url and source are ignored.
func readFrontMatter(front string, doc *document) []string {
	if strings.TrimSpace(front) == "" {
		return nil
	}
	var fields map[string]any
	if err := yaml.Unmarshal([]byte(front), &fields); err != nil {
		return []string{fmt.Sprintf("front matter is not valid YAML: %s; read without metadata", yamlError(err))}
	}
	var warnings []string
	for key, v := range fields {
		switch strings.ToLower(key) {
		case "title":
			doc.title = scalarString(v)
		case "url":
			doc.url = scalarString(v)
		case "source":
			doc.source = scalarString(v)
		case "date":
			switch d := v.(type) {
			case time.Time:
				doc.date = dayUTC(d)
			case nil:
			default:
				s := scalarString(v)
				if t, ok := parseDate(s); ok {
					doc.date = t
				} else {
					warnings = append(warnings, fmt.Sprintf("front matter date %q is not a date; ignored", s))
				}
			}
		}
	}
	return warnings
}

// yamlError shortens a YAML error to its message.
func yamlError(err error) string {
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// scalarString returns a YAML scalar as text; lists and maps give "".
func scalarString(v any) string {
	switch v := v.(type) {
	case nil, map[string]any, []any:
		return ""
	case string:
		return trimSpace(v)
	default:
		return fmt.Sprint(v)
	}
}

// Markdown block syntax.
var (
	mdFenceRe     = regexp.MustCompile("^\\s{0,3}(`{3,}|~{3,})")
	mdATXRe       = regexp.MustCompile(`^\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$`)
	mdSetextRe    = regexp.MustCompile(`^\s{0,3}(=+|-+)\s*$`)
	mdRuleRe      = regexp.MustCompile(`^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$`)
	mdRefDefRe    = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*\S`)
	mdQuoteRe     = regexp.MustCompile(`^\s{0,3}>\s?`)
	mdListRe      = regexp.MustCompile(`^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+(.*)$`)
	mdTaskRe      = regexp.MustCompile(`^\[[ xX]\]\s+`)
	mdTableSepRe  = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	mdCommentRe   = regexp.MustCompile(`(?s)<!--.*?-->`)
	mdHTMLBlockRe = regexp.MustCompile(`^\s*</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>\s*$`)
)

// mdParagraph collects the lines of one Markdown paragraph.
type mdParagraph struct {
	lines []string
	kind  blockKind
}

// markdownBlocks converts a Markdown body into paragraphs. It returns the
// text of the first level-1 heading as a title hint.
func markdownBlocks(body string) ([]block, string) {
	body = mdCommentRe.ReplaceAllString(body, "")
	var (
		blocks    []block
		titleHint string
		cur       mdParagraph
		fence     string // the open code fence, if any
	)
	flush := func() {
		if len(cur.lines) > 0 {
			raw := strings.Join(cur.lines, " ")
			if t := markdownInline(raw); t != "" {
				blocks = append(blocks, block{text: t, kind: cur.kind, linkOnly: markdownLinkOnly(raw)})
			}
		}
		cur = mdParagraph{}
	}
	for _, line := range strings.Split(body, "\n") {
		if fence != "" {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if m := mdFenceRe.FindStringSubmatch(line); m != nil {
			flush()
			fence = m[1]
			continue
		}
		for mdQuoteRe.MatchString(line) {
			line = mdQuoteRe.ReplaceAllString(line, "")
		}
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case mdSetextRe.MatchString(line) && len(cur.lines) > 0 && cur.kind == blockPara:
			// The paragraph so far is a heading underlined with === or ---.
			level1 := strings.Contains(line, "=")
			text := markdownInline(strings.Join(cur.lines, " "))
			cur = mdParagraph{}
			if text != "" {
				blocks = append(blocks, block{text: text, kind: blockHeading})
				if level1 && titleHint == "" {
					titleHint = text
				}
			}
		case mdRuleRe.MatchString(line):
			flush()
		case mdATXRe.MatchString(line):
			flush()
			m := mdATXRe.FindStringSubmatch(line)
			if text := markdownInline(m[2]); text != "" {
				blocks = append(blocks, block{text: text, kind: blockHeading})
				if len(m[1]) == 1 && titleHint == "" {
					titleHint = text
				}
			}
		case mdRefDefRe.MatchString(line), mdTableSepRe.MatchString(line) && strings.Contains(line, "-"):
			// Link reference definitions and table separators carry no text.
		case mdHTMLBlockRe.MatchString(line):
			flush() // a line holding only an HTML tag, like <div> or </figure>
		case mdListRe.MatchString(line):
			flush()
			item := mdListRe.FindStringSubmatch(line)[1]
			cur = mdParagraph{lines: []string{mdTaskRe.ReplaceAllString(item, "")}, kind: blockItem}
		case strings.HasPrefix(strings.TrimSpace(line), "|"):
			flush()
			cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			cur = mdParagraph{lines: []string{strings.Join(cells, " | ")}}
			flush()
		default:
			hardBreak := strings.HasSuffix(line, "  ") || strings.HasSuffix(line, `\`)
			cur.lines = append(cur.lines, strings.TrimSpace(strings.TrimSuffix(line, `\`)))
			if hardBreak && cur.kind == blockPara {
				flush()
			}
		}
	}
	flush()
	return blocks, titleHint
}

// Markdown inline syntax.
var (
	mdImageRe     = regexp.MustCompile(`!\[[^\]]*\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\)|\[[^\]]*\])?`)
	mdLinkRe      = regexp.MustCompile(`\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\)`)
	mdRefLinkRe   = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	mdFootnoteRe  = regexp.MustCompile(`\[\^[^\]]+\]`)
	mdAutolinkRe  = regexp.MustCompile(`<((?:https?|ftp)://[^>\s]+|[^@>\s]+@[^@>\s]+)>`)
	mdTagRe       = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
	mdCodeSpanRe  = regexp.MustCompile("(`+)(.+?)(`+)")
	mdStrikeRe    = regexp.MustCompile(`~~`)
	mdEscapeRe    = regexp.MustCompile("\\\\([!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~])")
	mdEscapedRune = regexp.MustCompile("[\ue000-\ue07f]")
	mdSpacesRe    = regexp.MustCompile(`[ \t]+`)
)

// markdownInline strips inline Markdown from one paragraph: links keep their
// text, images and footnote marks go, inline HTML tags go, emphasis and code
// markers go, entities are decoded, and backslash escapes become the
// character.
func markdownInline(s string) string {
	// Hide escaped characters from the syntax rules, restore them last.
	s = mdEscapeRe.ReplaceAllStringFunc(s, func(m string) string { return string(rune(0xe000) + rune(m[1])) })
	s = mdCodeSpanRe.ReplaceAllString(s, "$2")
	s = mdImageRe.ReplaceAllString(s, "")
	s = mdLinkRe.ReplaceAllString(s, "$1")
	s = mdRefLinkRe.ReplaceAllString(s, "$1")
	s = mdFootnoteRe.ReplaceAllString(s, "")
	s = mdAutolinkRe.ReplaceAllString(s, "$1")
	s = mdTagRe.ReplaceAllString(s, "")
	s = mdStrikeRe.ReplaceAllString(s, "")
	s = stripEmphasis(s)
	s = html.UnescapeString(s)
	// U+E000–U+E07F are encoded as EE 80 xx or EE 81 xx
	if strings.Contains(s, "\xee\x80") || strings.Contains(s, "\xee\x81") {
		s = mdEscapedRune.ReplaceAllStringFunc(s, func(m string) string { return string([]rune(m)[0] - 0xe000) })
	}
	// single spaces replaced by single spaces change nothing
	if strings.Contains(s, "\t") || strings.Contains(s, "  ") {
		s = mdSpacesRe.ReplaceAllString(s, " ")
	}
	return trimSpace(s)
}

// markdownLinkOnly reports whether a paragraph is nothing but links.
func markdownLinkOnly(raw string) bool {
	rest := mdLinkRe.ReplaceAllString(raw, "")
	rest = mdRefLinkRe.ReplaceAllString(rest, "")
	rest = mdAutolinkRe.ReplaceAllString(rest, "")
	return rest != raw && !hasWordChar(rest)
}

// stripEmphasis removes runs of '*' and '_' used as emphasis markers. A
// run is kept when it stands between two spaces ("5 * 3") or, for '_',
// inside a word ("snake_case").
func stripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		r := rs[i]
		if r != '*' && r != '_' {
			b.WriteRune(r)
			i++
			continue
		}
		j := i
		for j < len(rs) && rs[j] == r {
			j++
		}
		var prev, next rune = ' ', ' '
		if i > 0 {
			prev = rs[i-1]
		}
		if j < len(rs) {
			next = rs[j]
		}
		spaced := isSpace(prev) && isSpace(next)
		intraword := r == '_' && isWordRune(prev) && isWordRune(next)
		if spaced || intraword {
			b.WriteString(string(rs[i:j]))
		}
		i = j
	}
	return b.String()
}

func isWordRune(r rune) bool {
	return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || r > 0x7f && !isSpace(r)
}
