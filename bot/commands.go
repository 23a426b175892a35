package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/engine"
)

// command is one thing the bot does. The subcommands (help, stats,
// reindex) form the table help is generated from; the query and the Share
// button are commands too, reached by text that names no subcommand and by
// a click.
type command struct {
	Name     string
	Args     string // after the name in usage, e.g. " <companies or a question>"
	Summary  string // mrkdwn, ours
	Examples []string
	Admin    bool
	Timeout  time.Duration
	Run      func(ctx context.Context, req Request) Response
}

// buildCommands makes the command table.
func (b *Bot) buildCommands() {
	b.query = &command{Name: "query", Args: " <companies or a question>", Timeout: b.cfg.QueryTimeout,
		Summary: "deals between the companies you name, or the answer to a question about them", Run: b.runQuery}
	b.share = &command{Name: "share", Timeout: b.cfg.QueryTimeout, Run: b.runShare}
	b.table = []*command{
		{Name: "help", Summary: "this help", Timeout: b.cfg.QueryTimeout, Run: b.runHelp},
		{Name: "stats", Summary: "how many articles, deals and companies the index holds, its age and size", Timeout: b.cfg.QueryTimeout, Run: b.runStats},
		{Name: "reindex", Args: " [full]", Summary: "bring the index up to date with the articles, showing progress: only the files added, changed or deleted are read (`full`: every file); queries keep being answered meanwhile",
			Admin: true, Timeout: b.cfg.ReindexTimeout, Run: b.runReindex},
	}
	for _, c := range b.table {
		if c.Admin {
			c.Run = b.adminOnly(c.Name, c.Run)
		}
	}
}

// route picks the command for req and returns req with the command's
// arguments as its text.
func (b *Bot) route(req Request) (*command, Request) {
	if req.Kind == KindAction {
		if req.ActionID == ShareActionID {
			return b.share, req
		}
		return &command{Name: "action", Timeout: b.cfg.QueryTimeout, Run: b.runUnknownAction}, req
	}
	first, rest, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
	if first == "" {
		return b.lookup("help"), req
	}
	if c := b.lookup(strings.ToLower(first)); c != nil {
		req.Text = strings.TrimSpace(rest)
		return c, req
	}
	return b.query, req
}

func (b *Bot) lookup(name string) *command {
	for _, c := range b.table {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Handle answers one request: it routes it to a command and returns the
// response. It never returns an empty response; a panic in a command
// becomes an "internal error" answer (see [Bot.Run] for the rest of the
// recovery).
func (b *Bot) Handle(ctx context.Context, req Request) Response {
	c, req := b.route(req)
	return b.run(ctx, c, req)
}

// run runs c, turning a panic into an internal-error response. Every
// command but the admin ones counts against the user's query rate limit.
func (b *Bot) run(ctx context.Context, c *command, req Request) (resp Response) {
	defer func() {
		if r := recover(); r != nil {
			resp = internalError(c.Name, fmt.Errorf("panic: %v", r))
			resp.Outcome = "panic"
			b.lg.Error("handler panicked", "envelope", req.EnvelopeID, "kind", req.Kind, "command", c.Name, "user", req.UserID, "panic", fmt.Sprint(r), "stack", stack())
		}
	}()
	if !c.Admin {
		if ok, wait := b.queryLimit.allow(req.UserID); !ok {
			return b.rateLimited(c.Name, fmt.Sprintf(":hourglass: You're asking faster than I can answer — please wait %s and try again. (Each person can ask %s, a few at once.)",
				humanWait(wait), b.cfg.QueryRate))
		}
	}
	resp = c.Run(ctx, req)
	if resp.Command == "" {
		resp.Command = c.Name
	}
	return resp
}

// rateLimited is the answer to a request over the user's rate limit.
func (b *Bot) rateLimited(command, text string) Response {
	r := simpleResponse(command, text)
	r.Outcome = "rate_limited"
	return r
}

// humanWait words a wait for people: "a few seconds", "12 seconds",
// "about 3 minutes".
func humanWait(d time.Duration) string {
	switch {
	case d < 5*time.Second:
		return "a few seconds"
	case d < 90*time.Second:
		return fmt.Sprintf("%d seconds", int(d.Round(time.Second)/time.Second))
	}
	return fmt.Sprintf("about %d minutes", int((d+30*time.Second)/time.Minute))
}

// tooLong is the answer to a query over MaxQueryLen characters.
func (b *Bot) tooLong(command string, n int) Response {
	r := simpleResponse(command, fmt.Sprintf(":scissors: That's %d characters; I search at most %d. Name one or two companies or ask a short question, e.g. `%s &lt;company&gt; &lt;company&gt;`.",
		n, b.cfg.MaxQueryLen, b.cfg.Command))
	r.Outcome = "too_long"
	return r
}

// internalError is what users see when something broke on our side.
func internalError(command string, err error) Response {
	r := simpleResponse(command, ":warning: Sorry, something went wrong on my side (internal error). Please try again; if it keeps happening, tell the bot's admins.")
	r.Err = err
	r.Outcome = "error"
	return r
}

func (b *Bot) runHelp(ctx context.Context, req Request) Response {
	entries := []helpEntry{{Usage: b.query.Args, Summary: b.query.Summary, Examples: b.examples(ctx)}}
	for _, c := range b.table {
		entries = append(entries, helpEntry{Usage: " " + c.Name + c.Args, Summary: c.Summary, Admin: c.Admin})
	}
	return renderHelp(b.cfg.Command, entries)
}

// examples builds query examples from deals in the live index, so help
// shows names users will find; without deals it shows none.
func (b *Bot) examples(ctx context.Context) []string {
	deals, err := b.eng.Deals(ctx)
	if err != nil {
		b.lg.Warn("help: listing deals for examples", "error", err)
		return nil
	}
	var pair, question string
	for _, d := range deals {
		if len(d.Parties) < 2 {
			continue
		}
		if pair == "" {
			pair = strings.ToLower(d.Parties[0].Name + " " + d.Parties[1].Name)
		}
		if question == "" {
			question = questionFor(d)
		}
		if pair != "" && question != "" {
			break
		}
	}
	var out []string
	for _, s := range []string{pair, question} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// questionFor phrases a question that d answers.
func questionFor(d deal.Deal) string {
	switch {
	case d.Kind == deal.Investment && d.PartyWithRole(deal.RoleInvestor) != "" && d.PartyWithRole(deal.RoleInvestee) != "":
		return fmt.Sprintf("how much did %s invest in %s?", d.PartyWithRole(deal.RoleInvestor), d.PartyWithRole(deal.RoleInvestee))
	case d.Kind == deal.Acquisition && d.PartyWithRole(deal.RoleTarget) != "":
		return fmt.Sprintf("who bought %s?", d.PartyWithRole(deal.RoleTarget))
	case d.Kind == deal.Partnership:
		return fmt.Sprintf("who did %s partner with?", d.Parties[0].Name)
	}
	return ""
}

func (b *Bot) runQuery(ctx context.Context, req Request) Response {
	if n := utf8.RuneCountInString(req.Text); n > b.cfg.MaxQueryLen {
		return b.tooLong("query", n)
	}
	ans, err := b.eng.Ask(ctx, req.Text)
	if err != nil {
		r := simpleResponse("query", ":warning: Sorry, I couldn't search the deals just now. Please try again in a moment.")
		r.Err, r.Outcome = fmt.Errorf("ask: %w", err), "error"
		return r
	}
	opts := renderOptions{MaxDeals: b.cfg.MaxDeals, Share: req.Kind == KindSlash, Command: b.cfg.Command}
	if len(ans.Deals) == 0 {
		opts.Suggestion = b.suggest(req.Text, ans)
	}
	resp := renderAnswer(ans, opts)
	if len(ans.Deals) == 0 {
		resp.Outcome = "empty"
	}
	return resp
}

// suggest advises on a query that found no deal: a near-miss of a
// subcommand ("/deal stat") first.
func (b *Bot) suggest(text string, ans index.Answer) string {
	if w := strings.ToLower(strings.TrimSpace(text)); w != "" && !strings.Contains(w, " ") && len(ans.Companies) == 0 {
		for _, c := range b.table {
			if editDistance(w, c.Name) <= 2 {
				return fmt.Sprintf("Did you mean `%s %s`? If you meant a company, check the spelling; `%s help` shows examples.", b.cfg.Command, c.Name, b.cfg.Command)
			}
		}
	}
	return defaultSuggestion(ans, b.cfg.Command)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// runShare answers the Share in channel button: it re-runs the query the
// button carries and posts the answer for everyone, removing the private one.
func (b *Bot) runShare(ctx context.Context, req Request) Response {
	q := plainQuery(req.ActionValue)
	if n := utf8.RuneCountInString(q); n > b.cfg.MaxQueryLen {
		return b.tooLong("share", n)
	}
	if q == "" {
		r := simpleResponse("share", "This button has nothing to share. Run the query again.")
		r.Outcome = "empty"
		return r
	}
	ans, err := b.eng.Ask(ctx, q)
	if err != nil {
		r := simpleResponse("share", ":warning: Sorry, I couldn't share this answer just now. Please try again in a moment.")
		r.Err, r.Outcome = fmt.Errorf("ask: %w", err), "error"
		return r
	}
	if len(ans.Deals) == 0 {
		r := simpleResponse("share", fmt.Sprintf("Nothing to share: “%s” no longer matches a deal (the articles changed since). Run `%s` with your question again.",
			echo(clip(q, 200)), b.cfg.Command))
		r.Outcome = "empty"
		return r
	}
	resp := renderAnswer(ans, renderOptions{MaxDeals: b.cfg.MaxDeals, SharedBy: req.UserID, Command: b.cfg.Command})
	resp.InChannel, resp.DeleteOriginal, resp.Command = true, true, "share"
	return resp
}

func (b *Bot) runUnknownAction(ctx context.Context, req Request) Response {
	r := simpleResponse("action", "That button no longer does anything. Run the command again for a fresh answer.")
	r.Outcome = "unknown_action"
	return r
}

func (b *Bot) runStats(ctx context.Context, req Request) Response {
	s, err := b.eng.Stats(ctx)
	if err != nil {
		r := simpleResponse("stats", ":warning: Sorry, I couldn't read the index statistics just now. Please try again in a moment.")
		r.Err, r.Outcome = fmt.Errorf("stats: %w", err), "error"
		return r
	}
	return renderStats(s, b.now())
}

// runReindex rebuilds the index, showing progress through req.Progress.
func (b *Bot) runReindex(ctx context.Context, req Request) Response {
	start := b.now()
	reindex := b.eng.Reindex
	switch arg := strings.ToLower(strings.TrimSpace(req.Text)); arg {
	case "":
	case "full":
		reindex = b.eng.ReindexFull
	default:
		r := simpleResponse("reindex", fmt.Sprintf("`%s reindex` reads the files that changed; `%s reindex full` reads every file. I don't know “%s”.",
			b.cfg.Command, b.cfg.Command, echo(clip(req.Text, 50))))
		r.Outcome = "usage"
		return r
	}
	rep, err := reindex(ctx, func(p engine.Progress) {
		if req.Progress != nil {
			req.Progress(renderProgress(p, req.UserID, b.now().Sub(start)))
		}
	})
	switch {
	case errors.Is(err, engine.ErrBusy):
		r := simpleResponse("reindex", ":hourglass: A reindex is already running. Queries are still answered from the current index; try again when it has finished.")
		r.Outcome = "busy"
		return r
	case err != nil:
		r := simpleResponse("reindex", ":x: The reindex failed; the current index is unchanged and still answering. The details are in the bot's log.")
		r.Err, r.Outcome = fmt.Errorf("reindex: %w", err), "error"
		return r
	}
	if rep.Duration <= 0 {
		rep.Duration = b.now().Sub(start)
	}
	return renderReport(rep, req.UserID)
}

// adminOnly lets only admins run next, at most as often as ReindexRate
// allows each of them. Refusals are logged with the user ID.
func (b *Bot) adminOnly(name string, next func(context.Context, Request) Response) func(context.Context, Request) Response {
	return func(ctx context.Context, req Request) Response {
		v, err := b.admins.check(ctx, req.UserID)
		if err != nil {
			r := simpleResponse(name, ":warning: I couldn't check with Slack whether you are an admin. Please try again in a moment.")
			r.Err, r.Outcome = fmt.Errorf("admin check for %s: %w", req.UserID, err), "error"
			return r
		}
		if !v.admin {
			b.lg.Warn("admin command refused", "command", name, "user", req.UserID, "reason", v.why, "envelope", req.EnvelopeID)
			r := simpleResponse(name, fmt.Sprintf(":no_entry: Sorry, only admins can run `%s %s`: workspace admins and owners, and the users listed in ADMIN_USERS.", b.cfg.Command, name))
			r.Outcome = "refused"
			return r
		}
		if ok, wait := b.reindexLimit.allow(req.UserID); !ok {
			return b.rateLimited(name, fmt.Sprintf(":hourglass: You can run `%s %s` %s; please wait %s. Queries are answered from the current index meanwhile.",
				b.cfg.Command, name, b.cfg.ReindexRate, humanWait(wait)))
		}
		return next(ctx, req)
	}
}
