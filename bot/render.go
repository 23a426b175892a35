package bot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/dealbot/dealbot/internal/highlight"
	"github.com/slack-go/slack"
)

// Rendering limits of our own, below Slack's.
const (
	// DefaultMaxDeals is how many deal cards an answer shows: enough for a
	// company's history, few enough to read in Slack.
	DefaultMaxDeals  = 10
	blocksPerDeal    = 3 // divider, card, sources
	sourcesPerDeal   = 3
	maxSnippetRunes  = 480 // a long sentence; context text is small
	maxSummaryRunes  = 700
	maxMentions      = 5
	maxSkippedListed = 10
	// ShareActionID is the action_id of the Share in channel button; its
	// value is the query, so the click can be answered by any replica,
	// after a restart, from the live index.
	ShareActionID = "deal_share"
)

// renderOptions shape an answer.
type renderOptions struct {
	MaxDeals int
	// Share adds the Share in channel button (ephemeral answers only).
	Share bool
	// SharedBy, a user ID, adds "Shared by …" to a shared answer.
	SharedBy string
	// Suggestion is extra advice for an empty answer, already escaped mrkdwn.
	Suggestion string
	// Command is how users invoke the bot, e.g. "/deal".
	Command string
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, truncate(s, maxSectionText), false, false)
}

func plain(s string, max int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, truncate(s, max), true, false)
}

func sectionBlock(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(text), nil, nil)
}

func contextBlock(texts ...string) *slack.ContextBlock {
	var els []slack.MixedElement
	for _, t := range texts {
		if t == "" || len(els) == maxContextElements {
			continue
		}
		els = append(els, mrkdwn(t))
	}
	return slack.NewContextBlock("", els...)
}

// headerBlock makes a header; text must already be escaped.
func headerBlock(text string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(plain(text, maxHeaderText))
}

// bold renders text escaped with the terms in bold.
func bold(text string, terms []string) string {
	return highlight.Apply(text, highlight.Spans(text, terms), "*", "*", escape)
}

// clip shortens raw (unescaped) text to n runes at a word boundary.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n*3/4 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// fallback finishes a message's notification text.
func fallback(s string) string { return truncate(s, maxFallbackText) }

// renderAnswer renders an answer: one card per deal (parties and roles,
// kind, status, amount, date, focus areas, summary, source snippets with the
// companies in bold), "…and N more", and a Share button; or, when nothing
// matched, what was understood, the sentences that name the companies and a
// suggestion.
func renderAnswer(a index.Answer, o renderOptions) Response {
	if o.MaxDeals <= 0 {
		o.MaxDeals = DefaultMaxDeals
	}
	if len(a.Deals) == 0 {
		return renderNoDeals(a, o)
	}
	total := max(a.Total, len(a.Deals))

	var head []slack.Block
	head = append(head, headerBlock(escape(answerTitle(a))))
	if a.Lead != "" {
		head = append(head, sectionBlock(bold(a.Lead, a.Terms)))
	}
	var tail []slack.Block
	// Reserve the tail's blocks: "more", share button, shared-by.
	reserve := 3
	fit := (maxBlocks - len(head) - reserve) / blocksPerDeal
	n := min(len(a.Deals), o.MaxDeals, fit)

	if more := total - n; more > 0 {
		word := "deals"
		if more == 1 {
			word = "deal"
		}
		tail = append(tail, contextBlock(fmt.Sprintf("…and *%d more %s*. Add a company or a word such as _investment_ to narrow the search.", more, word)))
	}
	if o.Share {
		btn := slack.NewButtonBlockElement(ShareActionID, shareValue(a.Query), plain("Share in channel", maxButtonText))
		tail = append(tail, slack.NewActionBlock("share", btn))
	}
	if o.SharedBy != "" {
		tail = append(tail, contextBlock("Shared by "+mentionUser(o.SharedBy)+" · "+escape(o.Command)+" "+echo(clip(a.Query, 300))))
	}

	blocks := head
	for _, d := range a.Deals[:n] {
		blocks = append(blocks, slack.NewDividerBlock())
		blocks = append(blocks, dealCard(d))
		blocks = append(blocks, sourcesBlock(d, a.Terms))
	}
	blocks = append(blocks, tail...)

	var fb strings.Builder
	if a.Lead != "" {
		fb.WriteString(escape(a.Lead) + " ")
	}
	fmt.Fprintf(&fb, "%s: ", escape(answerTitle(a)))
	for i, d := range a.Deals[:n] {
		if i > 0 {
			fb.WriteString("; ")
		}
		fb.WriteString(escape(dealLine(d)))
	}
	if total > n {
		fmt.Fprintf(&fb, "; and %d more", total-n)
	}
	return Response{Text: fallback(fb.String()), Blocks: blocks, Results: len(a.Deals), Command: "query"}
}

// shareValue is the query carried by the Share button, within Slack's
// 2,000-character value limit.
func shareValue(q string) string {
	n := 0
	for i, r := range q {
		n += utf16.RuneLen(r)
		if n > maxButtonValue {
			return q[:i]
		}
	}
	return q
}

// answerTitle names what the answer is about.
func answerTitle(a index.Answer) string {
	switch len(a.Companies) {
	case 0:
		return "Deals for “" + defuse(clip(a.Query, 100)) + "”"
	case 1:
		return "Deals of " + a.Companies[0]
	}
	return "Deals: " + strings.Join(a.Companies, " × ")
}

// dealLine is a one-line plain-text description of d, for fallback text.
func dealLine(d deal.Deal) string {
	var b strings.Builder
	b.WriteString(partiesPlain(d))
	b.WriteString(", " + string(d.Kind))
	if d.Status != "" {
		b.WriteString(", " + string(d.Status))
	}
	if d.Amount != nil && d.Amount.Text != "" {
		b.WriteString(", " + d.Amount.Text)
	}
	if !d.Date.IsZero() {
		b.WriteString(", " + d.Date.Human())
	}
	return b.String()
}

// partySides splits d's parties into the giving side (investors,
// acquirers), the receiving side (investees, targets) and the rest.
func partySides(d deal.Deal) (from, to, other []deal.Party) {
	for _, p := range d.Parties {
		switch p.Role {
		case deal.RoleInvestor, deal.RoleAcquirer:
			from = append(from, p)
		case deal.RoleInvestee, deal.RoleTarget:
			to = append(to, p)
		default:
			other = append(other, p)
		}
	}
	return from, to, other
}

// joinNames joins names as "A", "A & B" or "A, B & C", with amp as the "&"
// ("&amp;" in mrkdwn).
func joinNames(names []string, amp string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + amp + " " + names[len(names)-1]
}

func names(ps []deal.Party, f func(string) string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = f(p.Name)
	}
	return out
}

// roleLabel is "acquirer", or "acquirers" for several.
func roleLabel(ps []deal.Party) string {
	r := string(ps[0].Role)
	for _, p := range ps[1:] {
		if p.Role != ps[0].Role {
			return ""
		}
	}
	if len(ps) > 1 {
		r += "s"
	}
	return " (" + r + ")"
}

// partiesMrkdwn renders the parties in bold with their roles: "*A*
// (acquirer) → *B* (target)" for a directed deal, "*A* & *B*" otherwise.
func partiesMrkdwn(d deal.Deal) string {
	b := func(s string) string { return "*" + escape(s) + "*" }
	from, to, other := partySides(d)
	if len(from) > 0 && len(to) > 0 {
		s := joinNames(names(from, b), "&amp;") + roleLabel(from) + " → " + joinNames(names(to, b), "&amp;") + roleLabel(to)
		if len(other) > 0 {
			s += ", with " + joinNames(names(other, b), "&amp;")
		}
		return s
	}
	return joinNames(names(d.Parties, b), "&amp;")
}

func partiesPlain(d deal.Deal) string {
	id := func(s string) string { return s }
	from, to, other := partySides(d)
	if len(from) > 0 && len(to) > 0 {
		s := joinNames(names(from, id), "&") + " → " + joinNames(names(to, id), "&")
		if len(other) > 0 {
			s += ", with " + joinNames(names(other, id), "&")
		}
		return s
	}
	return joinNames(names(d.Parties, id), "&")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// dealCard is a deal's section: parties and summary, with kind, status,
// amount, date and focus areas as fields.
func dealCard(d deal.Deal) slack.Block {
	text := partiesMrkdwn(d)
	if s := strings.TrimSpace(d.Summary); s != "" {
		text += "\n" + escape(clip(s, maxSummaryRunes))
	}

	var fields []*slack.TextBlockObject
	field := func(label, value string) {
		if value != "" && len(fields) < maxFields {
			fields = append(fields, slack.NewTextBlockObject(slack.MarkdownType, truncate("*"+label+"*\n"+value, maxFieldText), false, false))
		}
	}
	kind := capitalize(string(d.Kind))
	var also []string
	for _, k := range d.Kinds {
		if k != d.Kind {
			also = append(also, string(k))
		}
	}
	if len(also) > 0 {
		kind += " (also " + strings.Join(also, ", ") + ")"
	}
	field("Kind", escape(kind))
	status := capitalize(string(d.Status))
	if len(d.History) > 1 {
		// "Completed (announced 12 June 2024, completed 2 October 2024)"
		var steps []string
		for _, h := range d.History {
			steps = append(steps, string(h.Status)+" "+h.Date.Human())
		}
		status += " (" + strings.Join(steps, ", ") + ")"
	}
	if d.Historic {
		status += " · historic"
	}
	field("Status", escape(status))
	field("Amount", amountText(d))
	date := d.Date.Human()
	if d.Date.IsZero() {
		date = "Not stated"
	}
	field("Date", escape(date))
	if len(d.Areas) > 0 {
		field("Focus", escape(strings.Join(d.Areas, ", ")))
	}
	return slack.NewSectionBlock(mrkdwn(text), fields, nil)
}

// amountText renders the amount as written, the USD conversion, and the
// stake: "€40 million ≈ US$44M · 51% stake".
func amountText(d deal.Deal) string {
	var parts []string
	if a := d.Amount; a != nil && a.Text != "" {
		s := escape(a.Text)
		if usd := usdText(a); usd != "" && (a.Currency != "USD" || a.IsRange()) {
			s += " ≈ " + usd
		}
		parts = append(parts, s)
	}
	if d.Stake != "" {
		parts = append(parts, escape(d.Stake)+" stake")
	}
	if len(parts) == 0 {
		return "Not disclosed"
	}
	return strings.Join(parts, " · ")
}

func usdText(a *deal.Amount) string {
	if a.USD <= 0 {
		return ""
	}
	if a.IsRange() && a.USDHigh > a.USD {
		return humanUSD(a.USD) + "–" + strings.TrimPrefix(humanUSD(a.USDHigh), "US$")
	}
	return humanUSD(a.USD)
}

// humanUSD formats dollars compactly: US$300M, US$1.2B, US$45K.
func humanUSD(v float64) string {
	units := []struct {
		div  float64
		unit string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}}
	for _, u := range units {
		if v >= u.div {
			return "US$" + trimFloat(v/u.div) + u.unit
		}
	}
	return "US$" + trimFloat(v)
}

func trimFloat(v float64) string {
	if v >= 100 || v == math.Trunc(v) {
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// sourcesBlock lists up to three sources of d: the snippet with the query's
// companies in bold, and the article's title, linked when it has a URL.
func sourcesBlock(d deal.Deal, terms []string) slack.Block {
	var els []string
	shown := min(len(d.Sources), sourcesPerDeal)
	for _, s := range d.Sources[:shown] {
		els = append(els, sourceText(s.Snippet, s.Title, s.URL, s.Article, s.Date, terms))
	}
	switch more := len(d.Sources) - shown; {
	case more > 0:
		els = append(els, fmt.Sprintf("+%d more sources (%d in all)", more, len(d.Sources)))
	case len(d.Sources) > 1:
		els = append(els, fmt.Sprintf("%d sources", len(d.Sources)))
	case len(d.Sources) == 0:
		els = append(els, "No source text")
	}
	return contextBlock(els...)
}

// sourceText renders one source: “snippet” — <url|title>, date.
func sourceText(snippet, title, url, article string, date deal.Date, terms []string) string {
	var b strings.Builder
	if s := strings.TrimSpace(snippet); s != "" {
		b.WriteString("“" + bold(clip(s, maxSnippetRunes), terms) + "”\n")
	}
	if title == "" {
		title = article
	}
	if title == "" {
		title = "source"
	}
	b.WriteString("— " + link(url, clip(title, 150)))
	if !date.IsZero() {
		b.WriteString(", " + escape(date.Human()))
	}
	return b.String()
}

// renderNoDeals explains an answer without deals: the engine's message,
// what was understood, sentences naming the companies, and a suggestion.
func renderNoDeals(a index.Answer, o renderOptions) Response {
	// The message may quote the query: echo it, so nothing in it links.
	msg := strings.TrimSpace(a.Message)
	if msg == "" {
		msg = "I found no deal for “" + clip(a.Query, 200) + "”."
	}
	blocks := []slack.Block{sectionBlock(":mag: " + echo(msg))}
	var understood []string
	if len(a.Companies) > 0 {
		understood = append(understood, "I understood: "+joinNames(names(partiesOf(a.Companies), func(s string) string { return "*" + escape(s) + "*" }), "&amp;"))
	}
	if len(a.Unknown) > 0 {
		q := make([]string, len(a.Unknown))
		for i, u := range a.Unknown {
			q[i] = "“" + echo(clip(u, 60)) + "”"
		}
		understood = append(understood, "Not a company I know from the articles: "+strings.Join(q, ", "))
	}
	if len(understood) > 0 {
		blocks = append(blocks, contextBlock(strings.Join(understood, "\n")))
	}
	if len(a.Mentions) > 0 {
		blocks = append(blocks, sectionBlock("They are mentioned together here:"))
		var els []string
		for _, m := range a.Mentions[:min(len(a.Mentions), maxMentions)] {
			els = append(els, sourceText(m.Snippet, m.Title, m.URL, m.Article, m.Date, a.Terms))
		}
		blocks = append(blocks, contextBlock(els...))
	}
	sugg := o.Suggestion
	if sugg == "" {
		sugg = defaultSuggestion(a, o.Command)
	}
	blocks = append(blocks, contextBlock(":bulb: "+sugg))
	return Response{Text: fallback(echo(msg)), Blocks: blocks, Results: 0, Command: "query"}
}

func partiesOf(ns []string) []deal.Party {
	out := make([]deal.Party, len(ns))
	for i, n := range ns {
		out[i] = deal.Party{Name: n}
	}
	return out
}

func defaultSuggestion(a index.Answer, cmd string) string {
	switch {
	case len(a.Companies) > 1:
		return fmt.Sprintf("Try each company alone, e.g. `%s %s`, to see all of its deals; `%s help` shows examples.", cmd, escape(strings.ToLower(a.Companies[0])), cmd)
	case len(a.Unknown) > 0:
		return fmt.Sprintf("Check the spelling, or use the name the articles use. `%s help` shows examples.", cmd)
	}
	return fmt.Sprintf("Name one or two companies, e.g. `%s &lt;company&gt; &lt;company&gt;`, or ask a question. `%s help` shows examples.", cmd, cmd)
}

// helpEntry is one line of help.
type helpEntry struct {
	Usage, Summary string
	Examples       []string
	Admin          bool
}

// renderHelp renders usage: the query form first, then each subcommand from
// the command table, with examples.
func renderHelp(cmd string, entries []helpEntry) Response {
	blocks := []slack.Block{headerBlock("How to use " + cmd)}
	var lines []string
	for _, e := range entries {
		var b strings.Builder
		fmt.Fprintf(&b, "*`%s`* — %s", escape(cmd+e.Usage), e.Summary)
		if e.Admin {
			b.WriteString(" _(admins only)_")
		}
		for _, ex := range e.Examples {
			fmt.Fprintf(&b, "\n    e.g. `%s`", escape(cmd+" "+ex))
		}
		lines = append(lines, b.String())
	}
	blocks = append(blocks, sectionBlock(strings.Join(lines, "\n\n")))
	blocks = append(blocks, contextBlock(fmt.Sprintf("You can also mention me in a channel (I answer in the thread) or send me a direct message with the same words. Answers to `%s` are visible only to you until you press *Share in channel*.", cmd)))
	return Response{Text: fallback("How to use " + cmd + ": " + cmd + " &lt;companies or a question&gt;, " + cmd + " stats, " + cmd + " help"), Blocks: blocks, Command: "help"}
}

// renderStats renders the index's statistics.
func renderStats(s index.Stats, now time.Time) Response {
	age := "unknown"
	if !s.BuiltAt.IsZero() {
		age = humanAge(now.Sub(s.BuiltAt)) + " (" + s.BuiltAt.UTC().Format("2 Jan 2006 15:04 MST") + ")"
	}
	f := func(label, v string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, "*"+label+"*\n"+v, false, false)
	}
	fields := []*slack.TextBlockObject{
		f("Articles", strconv.Itoa(s.Articles)),
		f("Deals", strconv.Itoa(s.Deals)),
		f("Companies", strconv.Itoa(s.Companies)),
		f("Sentences", strconv.Itoa(s.Sentences)),
		f("Index built", escape(age)),
		f("Index size", humanBytes(s.SizeBytes)),
	}
	if s.Skipped > 0 {
		fields = append(fields, f("Files skipped", strconv.Itoa(s.Skipped)))
	}
	blocks := []slack.Block{
		headerBlock("Deal index"),
		slack.NewSectionBlock(nil, fields, nil),
	}
	if s.Mapping > 0 {
		blocks = append(blocks, contextBlock(fmt.Sprintf("Index mapping version %d", s.Mapping)))
	}
	text := fmt.Sprintf("Deal index: %d articles, %d deals, %d companies; built %s; %s.", s.Articles, s.Deals, s.Companies, age, humanBytes(s.SizeBytes))
	return Response{Text: fallback(escape(text)), Blocks: blocks, Command: "stats", Results: s.Deals}
}

// stageLabels describe reindex stages to people.
var stageLabels = map[engine.Stage]string{
	engine.StageLoading:    "Reading articles",
	engine.StageExtracting: "Finding deals",
	engine.StageIndexing:   "Writing the index",
	engine.StageDone:       "Finishing",
}

// renderProgress renders a reindex in progress.
func renderProgress(p engine.Progress, startedBy string, elapsed time.Duration) Response {
	label := stageLabels[p.Stage]
	if label == "" {
		label = capitalize(string(p.Stage))
	}
	line := ":hourglass_flowing_sand: *Reindexing* — " + escape(label)
	if p.Total > 0 {
		done := min(max(p.Done, 0), p.Total)
		line += fmt.Sprintf(": %d/%d %s", done, p.Total, progressBar(done, p.Total))
	}
	blocks := []slack.Block{
		sectionBlock(line),
		contextBlock(fmt.Sprintf("Started by %s · %s elapsed · queries are still answered from the current index", mentionUser(startedBy), humanDuration(elapsed))),
	}
	return Response{Text: fallback("Reindexing: " + escape(label)), Blocks: blocks, Command: "reindex"}
}

func progressBar(done, total int) string {
	const width = 10
	full := done * width / total
	return strings.Repeat("▰", full) + strings.Repeat("▱", width-full)
}

// renderReport renders a finished reindex: counts, time, and the files
// skipped and why.
func renderReport(r engine.Report, startedBy string) Response {
	title := fmt.Sprintf(":white_check_mark: *Reindex finished* in %s", humanDuration(r.Duration))
	if r.Reused {
		title = fmt.Sprintf(":white_check_mark: *Index already up to date* — the articles have not changed (checked in %s)", humanDuration(r.Duration))
	}
	f := func(label string, n int) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, "*"+label+"*\n"+strconv.Itoa(n), false, false)
	}
	blocks := []slack.Block{
		sectionBlock(title),
		slack.NewSectionBlock(nil, []*slack.TextBlockObject{
			f("Articles", r.Articles), f("Deals", r.Deals), f("Companies", r.Companies), f("Files skipped", len(r.Skipped)),
		}, nil),
	}
	if len(r.Skipped) > 0 {
		blocks = append(blocks, sectionBlock(fileList("Skipped", r.Skipped)))
	}
	if len(r.Warnings) > 0 {
		blocks = append(blocks, sectionBlock(fileList("Loaded with warnings", r.Warnings)))
	}
	how := "Started by " + mentionUser(startedBy)
	switch r.Mode {
	case engine.ModeIncremental:
		how += fmt.Sprintf(" · only the changes were read: %d changed, %d added, %d deleted", r.Changed, r.Added, r.Deleted)
		if r.Reread > 0 {
			how += fmt.Sprintf(", %d re-read because what they name changed", r.Reread)
		}
	case engine.ModeFull:
		how += " · every article was read"
	}
	blocks = append(blocks, contextBlock(how))
	text := fmt.Sprintf("Reindex finished in %s: %d articles, %d deals, %d companies, %d files skipped.",
		humanDuration(r.Duration), r.Articles, r.Deals, r.Companies, len(r.Skipped))
	return Response{Text: text, Blocks: blocks, Command: "reindex", Results: r.Deals}
}

// fileList renders "Skipped 2 files:" and one line per file with the reason.
func fileList(label string, files []corpus.Skipped) string {
	var b strings.Builder
	word := "files"
	if len(files) == 1 {
		word = "file"
	}
	fmt.Fprintf(&b, "*%s %d %s:*", label, len(files), word)
	for _, s := range files[:min(len(files), maxSkippedListed)] {
		fmt.Fprintf(&b, "\n• `%s` — %s", escape(clip(s.Path, 200)), escape(clip(s.Reason, 300)))
	}
	if more := len(files) - maxSkippedListed; more > 0 {
		fmt.Fprintf(&b, "\n…and %d more", more)
	}
	return b.String()
}

// simpleResponse is a one-section message.
func simpleResponse(command, text string) Response {
	return Response{Text: fallback(text), Blocks: []slack.Block{sectionBlock(text)}, Command: command}
}

// humanDuration formats a duration for people: "850 ms", "2.4 s", "3 min 5 s".
func humanDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return strconv.FormatFloat(math.Round(d.Seconds()*10)/10, 'f', -1, 64) + " s"
	case d < time.Hour:
		return fmt.Sprintf("%d min %d s", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
}

// humanAge formats how long ago something happened: "just now", "5 minutes ago".
func humanAge(d time.Duration) string {
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit + " ago"
		}
		return strconv.Itoa(n) + " " + unit + "s ago"
	}
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d.Minutes()), "minute")
	case d < 48*time.Hour:
		return plural(int(d.Hours()), "hour")
	}
	return plural(int(d.Hours()/24), "day")
}

// humanBytes formats a size: "812 B", "1.2 MB".
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}
