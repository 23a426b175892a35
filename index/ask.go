package index

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/english"
)

// MaxDeals is the most deals an [Answer] carries; Answer.Total counts all
// matches.
const MaxDeals = 10

// maxCandidates bounds the deals ranked per query (each is a sort key, not
// a decoded deal, so this is cheap).
const maxCandidates = 500

// maxMentions is the most co-mention sentences an Answer carries.
const maxMentions = 3

// maxSuggestions is the most company names suggested for an unknown name.
const maxSuggestions = 3

// Messages for empty answers.
const (
	msgEmptyIndex = "The index is empty: no articles have been indexed yet."
	msgEmptyQuery = "Name one or two companies (for example “acme brightwave”) or ask a question such as “how much did Acme invest in Brightwave?”. Try `/deal help` for more."
	msgNoName     = "I couldn't find a company name in that. Name one or two companies, or try `/deal help` for examples."
)

// Ask answers a query: one or more company names ("acme brightwave",
// "Acme & Brightwave"), or a question about them ("how much did Acme invest
// in Brightwave?"). The text is never parsed as Bleve query syntax. An
// empty index or a query naming no known company is not an error: the
// Answer's Message says what happened.
func (x *Index) Ask(ctx context.Context, text string) (Answer, error) {
	ans := Answer{Query: text, Companies: []string{}, Deals: []deal.Deal{}, Mentions: []Mention{}}
	if x.isClosed() {
		return ans, ErrClosed
	}
	g := x.acquire()
	if g == nil {
		ans.Message = msgEmptyIndex
		return ans, nil
	}
	defer g.release()
	q := parseQuery(text)
	ans.Intent = q.intent
	if len(q.words) == 0 {
		ans.Intent = ""
		ans.Message = msgEmptyQuery
		return ans, nil
	}
	r := resolve(g.matcher, q)
	for _, k := range r.keys {
		c, _ := g.matcher.Company(k)
		ans.Companies = append(ans.Companies, c.Name)
		ans.Terms = appendTerms(ans.Terms, c)
	}
	var err error
	if len(r.keys) == 0 {
		err = g.answerNoCompany(ctx, q, r, &ans)
	} else {
		err = g.answerCompanies(ctx, q, r, &ans)
	}
	if err != nil {
		return ans, fmt.Errorf("index: ask %q: %w", truncate(text, 80), err)
	}
	return ans, nil
}

// resolution is what a query's words resolved to.
type resolution struct {
	keys   []string // company keys, in query order, distinct
	topics []string // leftover words (lower case) that are not vocabulary
	origs  []string // the same words as typed
	names  []string // leftover words that look like names (capitalised inside the query)
}

// resolve matches the query's words against the company table: the longest
// exact alias n-grams first, then fuzzy matches for what is left.
func resolve(m *deal.Matcher, q parsed) resolution {
	n := len(q.atoms)
	origs := make([]string, n)
	for i, a := range q.atoms {
		origs[i] = a.orig
	}
	used := make([]bool, n)
	type hit struct {
		pos int
		key string
	}
	var hits []hit
	for i := 0; i < n; {
		key, k := m.Prefix(origs[i:])
		if k > 0 && !(k == 1 && q.atoms[i].stop && !capitalised(q, i)) {
			hits = append(hits, hit{i, key})
			for j := i; j < i+k; j++ {
				used[j] = true
			}
			i += k
			continue
		}
		i++
	}
	free := func(i int) bool { return !used[i] && !q.atoms[i].stop }
	// the first word of a longer name ("corvina pampa"), unless it is an
	// ordinary word in a question ("… on cloud?" is a topic)
	for i := 0; i < n; i++ {
		if !free(i) || (q.question && english.IsWord(strings.ToLower(origs[i])) && !capitalised(q, i)) {
			continue
		}
		if key, ok := m.FirstWord(origs[i]); ok {
			hits = append(hits, hit{i, key})
			used[i] = true
		}
	}
	for i := 0; i < n; {
		if !free(i) {
			i++
			continue
		}
		run := 0
		for i+run < n && run < 3 && free(i+run) {
			run++
		}
		matched := 0
		for k := run; k >= 1 && matched == 0; k-- {
			if key, _, ok := m.Fuzzy(origs[i : i+k]); ok {
				hits = append(hits, hit{i, key})
				matched = k
			}
		}
		if matched == 0 {
			i++
			continue
		}
		for j := i; j < i+matched; j++ {
			used[j] = true
		}
		i += matched
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(a.pos, b.pos) })
	var r resolution
	for _, h := range hits {
		if !slices.Contains(r.keys, h.key) {
			r.keys = append(r.keys, h.key)
		}
	}
	for i, a := range q.atoms {
		if used[i] || a.stop || a.low == "&" || len([]rune(a.low)) < 2 {
			continue
		}
		if partOfName(m, r.keys, a.low) {
			continue // "acme robotix": a misspelt word of a name already found
		}
		r.topics = append(r.topics, a.low)
		r.origs = append(r.origs, a.orig)
		if capitalised(q, i) {
			r.names = append(r.names, a.orig)
		}
	}
	return r
}

// capitalised reports whether atom i was written like a name: capitalised
// and not the first word, or in capitals (two letters or more).
func capitalised(q parsed, i int) bool {
	a := q.atoms[i]
	rs := []rune(a.orig)
	if len(rs) == 0 || !unicode.IsUpper(rs[0]) {
		return false
	}
	if a.word > 0 {
		return true
	}
	if len(rs) < 2 {
		return false
	}
	for _, r := range rs {
		if unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// partOfName reports whether word is, allowing for a typo, one of the
// words of a resolved company's aliases.
func partOfName(m *deal.Matcher, keys []string, word string) bool {
	maxd := deal.FuzzyMaxDist(len([]rune(word)))
	for _, k := range keys {
		c, _ := m.Company(k)
		for _, form := range append([]string{c.Name}, c.Aliases...) {
			for _, w := range deal.Tokens(form) {
				w = strings.ToLower(w)
				if w == word || (maxd > 0 && deal.EditDistance(w, word) <= maxd) {
					return true
				}
			}
		}
	}
	return false
}

// appendTerms adds a company's name and aliases to terms, once each.
func appendTerms(terms []string, c deal.Company) []string {
	for _, s := range append([]string{c.Name}, c.Aliases...) {
		if s != "" && !slices.Contains(terms, s) {
			terms = append(terms, s)
		}
	}
	return terms
}

// answerCompanies answers a query that named at least one company.
func (g *generation) answerCompanies(ctx context.Context, q parsed, r resolution, ans *Answer) error {
	party := make([]query.Query, len(r.keys))
	for i, k := range r.keys {
		party[i] = termQ(fParty, k)
	}
	base := bleve.NewConjunctionQuery(party...)
	ids, total, topical, err := g.rankDeals(ctx, base, q.kinds, r.topics, false)
	if err != nil {
		return err
	}
	var notes []string
	if len(r.topics) > 0 {
		// In a plain list, leftover words that no deal of these companies
		// mentions are probably names we do not know ("acme tiktoc").
		unknown := r.names
		if !q.question && topical == 0 {
			unknown = r.origs
		}
		if len(unknown) > 0 {
			ans.Unknown = unknown
			notes = append(notes, "No company named "+quoteList(unknown)+" in the indexed articles."+g.didYouMean(unknown))
		}
	}
	names := ans.Companies
	if total > 0 {
		deals, err := g.fetchDeals(ctx, ids[:min(len(ids), MaxDeals)])
		if err != nil {
			return err
		}
		ans.Deals, ans.Total = deals, total
		if len(notes) > 0 {
			notes = append(notes, "Showing the deals of "+andList(names)+".")
		}
		ans.Message = strings.Join(notes, " ")
		ans.Lead = lead(q.intent, names, deals)
		return nil
	}
	ms, articles, err := g.mentions(ctx, r.keys)
	if err != nil {
		return err
	}
	ans.Mentions = ms
	notes = append(notes, noDealMessage(names, articles))
	ans.Message = strings.Join(notes, " ")
	return nil
}

// noDealMessage explains an answer without deals.
func noDealMessage(names []string, articles int) string {
	count := fmt.Sprintf("%d article", articles)
	if articles != 1 {
		count += "s"
	}
	if len(names) == 1 {
		if articles == 0 {
			return fmt.Sprintf("No deal found for %s, and no article mentions it.", names[0])
		}
		return fmt.Sprintf("No deal found for %s; it is mentioned in %s.", names[0], count)
	}
	list := andList(names)
	if articles == 0 {
		return fmt.Sprintf("No deal found between %s, and no article mentions them together.", list)
	}
	return fmt.Sprintf("No deal found between %s; they are mentioned together in %s.", list, count)
}

// answerNoCompany answers a query that named no known company.
func (g *generation) answerNoCompany(ctx context.Context, q parsed, r resolution, ans *Answer) error {
	if !q.question {
		if len(r.origs) == 0 {
			ans.Message = msgNoName
			return nil
		}
		ans.Unknown = r.origs
		ans.Message = "No company named " + quoteList(r.origs) + " in the indexed articles." + g.didYouMean(r.origs) +
			" Try `/deal help` for examples."
		return nil
	}
	if len(r.topics) == 0 {
		ans.Message = msgNoName
		return nil
	}
	if len(r.names) > 0 {
		ans.Unknown = r.names
	}
	base := bleve.NewConjunctionQuery(termQ(fType, typeDeal), textQ(r.topics, true))
	ids, total, _, err := g.rankDeals(ctx, base, q.kinds, nil, true)
	if err != nil {
		return err
	}
	named := "No company named in the question"
	if len(r.names) > 0 {
		named = "No company named " + quoteList(r.names) + " in the indexed articles"
	}
	if total == 0 {
		ans.Message = named + ", and no deal mentions " + quoteList(r.origs) + "." + g.didYouMean(r.names) +
			" Try `/deal help` for examples."
		return nil
	}
	deals, err := g.fetchDeals(ctx, ids[:min(len(ids), MaxDeals)])
	if err != nil {
		return err
	}
	ans.Deals, ans.Total = deals, total
	ans.Message = named + "; showing deals that mention " + quoteList(r.origs) + "."
	return nil
}

// didYouMean suggests company names close to the unknown words.
func (g *generation) didYouMean(words []string) string {
	var sugg []string
	for _, w := range words {
		for _, s := range g.matcher.Suggest(w, maxSuggestions) {
			if !slices.Contains(sugg, s) && len(sugg) < maxSuggestions {
				sugg = append(sugg, s)
			}
		}
	}
	if len(sugg) == 0 {
		return ""
	}
	return " Did you mean " + orList(sugg) + "?"
}

// candidate is a deal being ranked.
type candidate struct {
	id      string
	score   float64
	info    rankInfo
	boosted bool // matches a kind hint or a topic word
	topical bool // matches a topic word: ranks above a kind hint alone
}

// firstPage is the number of hits asked for first; when more match, the
// search is repeated for all of them (up to maxCandidates).
const firstPage = 32

// rankDeals returns the IDs of the deals matching base, best first, how
// many match, and how many of those match the topic words. Current deals come before historic ones, then those matching
// a kind hint or a topic word, then (byScore false) newest first (undated
// last), more sources, higher score, or (byScore true) higher score, then
// newest first. Up to maxCandidates matches are ranked exactly, in memory;
// beyond that Bleve pre-sorts by era, date and sources.
func (g *generation) rankDeals(ctx context.Context, base query.Query, kinds []deal.Kind, topics []string, byScore bool) (ids []string, total, topical int, err error) {
	hits, total, err := g.collect(ctx, base, byScore)
	if err != nil || total == 0 {
		return nil, total, 0, err
	}
	var mask uint8
	for _, k := range kinds {
		mask |= kindBit(k)
	}
	cands := make([]candidate, len(hits))
	for i, h := range hits {
		info := g.rank[h.ID]
		cands[i] = candidate{id: h.ID, score: h.Score, info: info, boosted: info.kinds&mask != 0}
	}
	if len(topics) > 0 {
		var topicHits search.DocumentMatchCollection
		topicHits, topical, err = g.collect(ctx, bleve.NewConjunctionQuery(base, textQ(topics, false)), byScore)
		if err != nil {
			return nil, 0, 0, err
		}
		idx := make(map[string]int, len(cands))
		for i, c := range cands {
			idx[c.id] = i
		}
		for _, h := range topicHits {
			if i, ok := idx[h.ID]; ok {
				cands[i].boosted = true
				cands[i].topical = true
				continue
			}
			// beyond the first maxCandidates of base
			cands = append(cands, candidate{id: h.ID, score: h.Score, info: g.rank[h.ID], boosted: true, topical: true})
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.info.historic != b.info.historic {
			if b.info.historic {
				return -1
			}
			return 1
		}
		if a.topical != b.topical {
			if a.topical {
				return -1
			}
			return 1
		}
		if a.boosted != b.boosted {
			if a.boosted {
				return -1
			}
			return 1
		}
		if byScore {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
		}
		if (a.info.date == 0) != (b.info.date == 0) {
			if a.info.date == 0 {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(b.info.date, a.info.date); c != 0 {
			return c
		}
		if c := cmp.Compare(b.info.sources, a.info.sources); c != 0 {
			return c
		}
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	ids = make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.id
	}
	return ids, total, topical, nil
}

// collect returns the hits of q (IDs and scores, no stored fields) and how
// many there are: all of them when there are at most maxCandidates, else
// the first maxCandidates by score (byScore) or by era, date and sources.
func (g *generation) collect(ctx context.Context, q query.Query, byScore bool) (search.DocumentMatchCollection, int, error) {
	res, err := g.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, firstPage, 0, false))
	if err != nil {
		return nil, 0, err
	}
	total := int(res.Total)
	if total <= len(res.Hits) {
		return res.Hits, total, nil
	}
	req := bleve.NewSearchRequestOptions(q, min(total, maxCandidates), 0, false)
	if total > maxCandidates && !byScore {
		req.SortByCustom(search.SortOrder{
			&search.SortField{Field: fEra, Type: search.SortFieldAsString},
			&search.SortField{Field: fDate, Desc: true, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast},
			&search.SortField{Field: fSources, Desc: true, Type: search.SortFieldAsNumber, Missing: search.SortFieldMissingLast},
			&search.SortScore{Desc: true},
		})
	}
	if res, err = g.bi.SearchInContext(ctx, req); err != nil {
		return nil, 0, err
	}
	return res.Hits, total, nil
}

// fetchDeals returns the deals with the given document IDs, in that
// order. A generation never changes, so decoded deals are kept (up to
// maxCachedDeals) and later queries for them skip the fetch and the JSON.
// Each caller gets its own copy of the party list, which it may reorder.
func (g *generation) fetchDeals(ctx context.Context, ids []string) ([]deal.Deal, error) {
	if len(ids) == 0 {
		return []deal.Deal{}, nil
	}
	byID := make(map[string]deal.Deal, len(ids))
	var missing []string
	for _, id := range ids {
		if d, ok := g.dealCache.Load(id); ok {
			byID[id] = d.(deal.Deal)
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(missing), len(missing), 0, false)
		req.Fields = []string{fJSON}
		res, err := g.bi.SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			s, _ := h.Fields[fJSON].(string)
			var d deal.Deal
			if err := json.Unmarshal([]byte(s), &d); err != nil {
				return nil, fmt.Errorf("decode deal %s: %w", h.ID, err)
			}
			byID[h.ID] = d
			if g.cachedDeals.Add(1) <= maxCachedDeals {
				g.dealCache.Store(h.ID, d)
			}
		}
	}
	out := make([]deal.Deal, 0, len(ids))
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			d.Parties = slices.Clone(d.Parties)
			out = append(out, d)
		}
	}
	return out, nil
}

// maxCachedDeals bounds the decoded deals a generation keeps.
const maxCachedDeals = 20000

// mentions returns up to maxMentions sentences naming every company in
// keys (two companies: named in one sentence), one per article, newest
// article first (undated last), and the number of such articles.
func (g *generation) mentions(ctx context.Context, keys []string) ([]Mention, int, error) {
	var qs []query.Query
	if len(keys) == 1 {
		qs = append(qs, termQ(fCompanies, keys[0]))
	}
	for i, a := range keys {
		for _, b := range keys[i+1:] {
			qs = append(qs, termQ(fPairs, pairKey(a, b)))
		}
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(qs...), maxMentions, 0, false)
	req.SortByCustom(search.SortOrder{
		&search.SortField{Field: fDate, Desc: true, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast},
		&search.SortDocID{},
	})
	req.Fields = []string{"title", "url", "day", fSents}
	res, err := g.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Mention, 0, len(res.Hits))
	for _, h := range res.Hits {
		var sents []storedSentence
		if s, _ := h.Fields[fSents].(string); s != "" {
			if err := json.Unmarshal([]byte(s), &sents); err != nil {
				return nil, 0, fmt.Errorf("decode sentences of %s: %w", h.ID, err)
			}
		}
		best := bestSentence(sents, keys)
		if best == nil {
			continue
		}
		m := Mention{Article: strings.TrimPrefix(h.ID, "a:"), Snippet: best.Text, Companies: []string{}}
		m.Title, _ = h.Fields["title"].(string)
		m.URL, _ = h.Fields["url"].(string)
		day, _ := h.Fields["day"].(string)
		m.Date, _ = deal.ParseDate(day)
		for _, k := range best.Keys {
			if c, ok := g.matcher.Company(k); ok {
				m.Companies = append(m.Companies, c.Name)
			}
		}
		out = append(out, m)
	}
	return out, int(res.Total), nil
}

// bestSentence returns the first sentence naming all of keys, else the one
// naming most of them (at least two when keys has two or more), or nil.
func bestSentence(sents []storedSentence, keys []string) *storedSentence {
	var best *storedSentence
	bestN := 0
	for i := range sents {
		n := 0
		for _, k := range keys {
			if slices.Contains(sents[i].Keys, k) {
				n++
			}
		}
		if n == len(keys) {
			return &sents[i]
		}
		if n > bestN {
			best, bestN = &sents[i], n
		}
	}
	if bestN < min(2, len(keys)) {
		return nil
	}
	return best
}

// Deals returns every deal in the live generation, newest first (undated
// last), then by party names.
func (x *Index) Deals(ctx context.Context) ([]deal.Deal, error) {
	if x.isClosed() {
		return nil, ErrClosed
	}
	g := x.acquire()
	if g == nil {
		return []deal.Deal{}, nil
	}
	defer g.release()
	out := make([]deal.Deal, 0, g.meta.Deals)
	const page = 1000
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(termQ(fType, typeDeal), page, 0, false)
		req.SortBy([]string{"_id"})
		req.SearchAfter = after
		req.Fields = []string{fJSON}
		res, err := g.bi.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("index: deals: %w", err)
		}
		for _, h := range res.Hits {
			s, _ := h.Fields[fJSON].(string)
			var d deal.Deal
			if err := json.Unmarshal([]byte(s), &d); err != nil {
				return nil, fmt.Errorf("index: deals: decode %s: %w", h.ID, err)
			}
			out = append(out, d)
		}
		if len(res.Hits) < page {
			break
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
	slices.SortStableFunc(out, func(a, b deal.Deal) int {
		if a.Date.IsZero() != b.Date.IsZero() {
			if a.Date.IsZero() {
				return 1
			}
			return -1
		}
		if c := b.Date.Time().Compare(a.Date.Time()); c != 0 {
			return c
		}
		if c := cmp.Compare(strings.ToLower(strings.Join(a.PartyNames(), " ")), strings.ToLower(strings.Join(b.PartyNames(), " "))); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

func termQ(field, term string) *query.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

// textQ matches words in the English-analysed text field, all of them
// (all) or any.
func textQ(words []string, all bool) *query.MatchQuery {
	q := bleve.NewMatchQuery(strings.Join(words, " "))
	q.SetField(fText)
	if all {
		q.SetOperator(query.MatchQueryOperatorAnd)
	}
	return q
}

// stringsOf reads a stored field that may hold one string or several.
func stringsOf(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// andList joins names as "A", "A and B", "A, B and C".
func andList(names []string) string { return joinList(names, "and") }

// orList joins names as "A", "A or B", "A, B or C".
func orList(names []string) string { return joinList(names, "or") }

func joinList(names []string, conj string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// quoteList quotes words: “a”, “a” and “b”.
func quoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "“" + w + "”"
	}
	return andList(q)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
