package index

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealbot/dealbot/internal/deal"
)

// maxQueryBytes bounds the query text that is read; the rest is ignored.
const maxQueryBytes = 500

// maxQueryWords bounds the words of a query that are considered.
const maxQueryWords = 40

// parsed is a user's question, normalised and split into words.
type parsed struct {
	words    []qword
	atoms    []atom
	question bool        // asked as a question (question word, '?' or intent)
	intent   string      // see Answer.Intent
	kinds    []deal.Kind // kinds the wording hints at, best first
}

// qword is one word as the user typed it: letters and digits with inner
// apostrophes and hyphens ("team-up", "O'Reilly"), or "&".
type qword struct {
	orig string
	low  string
}

// atom is a piece of a word as the company matcher splits it ("team-up" →
// "team", "up"; "Acme’s" → "Acme").
type atom struct {
	orig string
	low  string
	word int  // index into parsed.words
	stop bool // question or deal vocabulary: never a company by itself, never fuzzy
}

// slackMarkup matches Slack's <…> markup: user, channel and special
// mentions and links.
var slackMarkup = regexp.MustCompile(`<([^<>]*)>`)

// visibleMarkup returns the visible text of one piece of Slack markup
// (without the angle brackets): a channel's or link's label, or nothing.
func visibleMarkup(inner string) string {
	label := ""
	if i := strings.LastIndexByte(inner, '|'); i >= 0 {
		label = inner[i+1:]
		inner = inner[:i]
	}
	switch {
	case strings.HasPrefix(inner, "@"), strings.HasPrefix(inner, "!"):
		return "" // <@U123>, <!channel>, <!subteam^S1|@team>: not words about companies
	case strings.HasPrefix(inner, "#"):
		return "" // <#C1|general>: a channel, not a company
	}
	if label != "" && !strings.Contains(label, "://") {
		return label // <https://x|y>
	}
	return "" // a bare link
}

// normalize strips Slack markup and entities, control characters and
// typographic quotes from s.
func normalize(s string) string {
	if len(s) > maxQueryBytes {
		cut := maxQueryBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	s = strings.ToValidUTF8(s, " ")
	s = slackMarkup.ReplaceAllStringFunc(s, func(m string) string {
		return " " + visibleMarkup(m[1:len(m)-1]) + " "
	})
	s = strings.NewReplacer("&amp;", "&", "&lt;", " ", "&gt;", " ", "<", " ", ">", " ").Replace(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == '´':
			return '\''
		case r == '‐' || r == '‑' || r == '‒' || r == '–':
			return '-'
		case unicode.IsControl(r) || unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
}

// splitWords splits normalised text into words: letters and digits with
// inner apostrophes and hyphens, and standalone '&'. Everything else
// separates words.
func splitWords(s string) []qword {
	var out []qword
	rs := []rune(s)
	isW := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) }
	for i := 0; i < len(rs) && len(out) < maxQueryWords; {
		r := rs[i]
		if r == '&' {
			out = append(out, qword{"&", "&"})
			i++
			continue
		}
		if !isW(r) {
			i++
			continue
		}
		j := i + 1
		for j < len(rs) {
			if isW(rs[j]) {
				j++
				continue
			}
			if (rs[j] == '\'' || rs[j] == '-') && j+1 < len(rs) && isW(rs[j+1]) {
				j += 2
				continue
			}
			break
		}
		w := string(rs[i:j])
		out = append(out, qword{orig: w, low: strings.ToLower(w)})
		i = j
	}
	return out
}

// parseQuery normalises and analyses a user's query.
func parseQuery(raw string) parsed {
	norm := normalize(raw)
	q := parsed{words: splitWords(norm)}
	for wi, w := range q.words {
		wstop := stopWords[w.low]
		for _, piece := range deal.Tokens(w.orig) {
			low := strings.ToLower(piece)
			q.atoms = append(q.atoms, atom{orig: piece, low: low, word: wi, stop: wstop || stopWords[low]})
		}
	}
	q.intent, q.kinds = intentOf(q.words)
	q.question = q.intent != "" || strings.HasSuffix(strings.TrimSpace(norm), "?") ||
		(len(q.words) > 0 && questionStart[q.words[0].low])
	return q
}

// questionStart are words that make a query a question when they start it.
var questionStart = set("who", "whom", "whose", "what", "when", "where", "which", "why", "how",
	"did", "does", "do", "is", "are", "was", "were", "has", "have", "had", "can", "could",
	"will", "would", "should", "tell", "show", "list", "give", "find", "any", "name")

// stopWords are question words, function words and deal vocabulary. They
// are never matched fuzzily, never taken as a company name on their own
// (unless written capitalised inside the query) and never reported as
// unknown names.
var stopWords = set(
	// question and function words
	"how", "much", "many", "big", "large", "did", "does", "do", "done", "who", "whom", "whose",
	"what", "when", "where", "which", "why", "with", "and", "&", "or", "nor", "the", "a", "an",
	"in", "into", "on", "onto", "of", "for", "to", "from", "by", "at", "as", "is", "are", "was",
	"were", "be", "been", "being", "has", "have", "had", "having", "can", "could", "will",
	"would", "should", "may", "might", "must", "shall", "it", "its", "it's", "they", "them",
	"their", "theirs", "he", "she", "his", "her", "we", "us", "our", "you", "your", "i", "me",
	"my", "this", "that", "these", "those", "there", "here", "than", "then", "so", "if", "but",
	"not", "no", "yes", "any", "all", "some", "each", "every", "both", "either", "neither",
	"other", "others", "another", "about", "between", "among", "amongst", "over", "under",
	"up", "down", "out", "off", "again", "also", "too", "very", "just", "only", "ever", "yet",
	"still", "s", "t", "d", "ll", "re", "ve", "m", "don", "doesn", "didn", "isn", "aren",
	"wasn", "weren", "hasn", "haven", "hadn", "won", "wouldn", "couldn", "shouldn", "get",
	"got", "gets", "tell", "show", "list", "give", "find", "know", "please", "anything",
	"something", "one", "ones", "two", "last", "latest", "recent", "recently", "new", "newest",
	"old", "oldest", "first", "ago", "year", "years", "month", "months", "date", "day", "time",
	"since", "until", "before", "after", "during", "per", "via", "whether", "ok", "hi", "hey",
	"thanks", "thank", "dealbot", "bot", "help", "say", "says", "said", "mean", "means",
	// deal vocabulary
	"invest", "invests", "invested", "investing", "investment", "investments", "investor",
	"investors", "investee", "buy", "buys", "bought", "buying", "buyer", "acquire", "acquires",
	"acquired", "acquiring", "acquisition", "acquisitions", "acquirer", "purchase", "purchases",
	"purchased", "purchasing", "sell", "sells", "sold", "selling", "sale", "takeover",
	"took", "take", "takes", "taken", "taking", "merge", "merges", "merged", "merging",
	"merger", "mergers", "partner", "partners", "partnered", "partnering", "partnership",
	"partnerships", "team", "teams", "teamed", "teaming", "tie", "tied", "tie-up", "tieup",
	"work", "works", "worked", "working", "together", "collaborate", "collaborated",
	"collaboration", "collaborations", "ally", "allied", "alliance", "alliances", "joint",
	"venture", "jv", "license", "licence", "licenses", "licences", "licensed", "licensing",
	"deal", "deals", "agreement", "agreements", "contract", "stake", "stakes", "share",
	"shares", "equity", "fund", "funds", "funded", "funding", "finance", "financed",
	"financing", "back", "backs", "backed", "backing", "backer", "raise", "raises", "raised",
	"round", "put", "puts", "putting", "spend", "spent", "money", "amount", "price", "paid", "pay", "pays", "cost", "value", "valued",
	"valuation", "worth", "dollars", "dollar", "usd", "million", "billion", "news", "company",
	"companies", "firm", "firms", "business", "businesses", "announce", "announced",
	"announcement", "report", "reported", "reports", "rumour", "rumor", "complete",
	"completed", "close", "closed", "sign", "signed", "terminated", "cancelled", "canceled",
	"denied", "status", "happen", "happened", "involve", "involved", "involving", "related",
	"relationship", "connection", "connected", "link", "links", "linked", "whats", "who's",
	"what's", "when's",
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// Verb groups for intent and kind hints.
var (
	acquireWords = set("buy", "buys", "bought", "buying", "acquire", "acquires", "acquired", "acquiring",
		"acquisition", "acquisitions", "purchase", "purchases", "purchased", "purchasing", "takeover")
	investWords = set("invest", "invests", "invested", "investing", "investment", "investments",
		"fund", "funds", "funded", "funding", "back", "backs", "backed", "backing", "finance",
		"financed", "financing", "stake", "stakes", "raise", "raised", "raises")
	mergeWords   = set("merge", "merges", "merged", "merging", "merger", "mergers")
	partnerWords = set("partner", "partners", "partnered", "partnering", "partnership", "partnerships",
		"collaborate", "collaborated", "collaboration", "ally", "allied", "alliance", "alliances",
		"tie-up", "tieup", "teamed", "teaming")
	licenseWords = set("license", "licence", "licenses", "licences", "licensed", "licensing")
	auxWords     = set("did", "does", "do", "has", "have", "had", "will", "would", "could", "can", "is", "was")
)

// intentOf reads the fact a question asks for and the deal kinds its verbs
// hint at.
func intentOf(ws []qword) (intent string, kinds []deal.Kind) {
	if len(ws) == 0 {
		return "", nil
	}
	low := make([]string, len(ws))
	for i, w := range ws {
		low[i] = w.low
	}
	joined := " " + strings.Join(low, " ") + " "
	has := func(phrases ...string) bool {
		for _, p := range phrases {
			if strings.Contains(joined, " "+p+" ") {
				return true
			}
		}
		return false
	}
	anyIn := func(group map[string]bool) bool {
		for _, w := range low {
			if group[w] {
				return true
			}
		}
		return false
	}
	acquire := anyIn(acquireWords) || has("took over", "take over", "takes over", "taken over")
	invest := anyIn(investWords)
	merge := anyIn(mergeWords)
	partner := anyIn(partnerWords) || has("team up", "teams up", "teamed up", "work with", "worked with",
		"working with", "works with", "tie up", "tied up")
	license := anyIn(licenseWords)
	jv := has("joint venture", "joint ventures", "jv")

	switch {
	case jv:
		kinds = append(kinds, deal.JointVenture)
	case license:
		kinds = append(kinds, deal.Licensing)
	}
	if acquire {
		kinds = append(kinds, deal.Acquisition)
	}
	if invest {
		kinds = append(kinds, deal.Investment)
	}
	if merge {
		kinds = append(kinds, deal.Merger)
	}
	if partner {
		kinds = append(kinds, deal.Partnership, deal.JointVenture, deal.Licensing)
	}

	// "who …" questions: the word after "who" (or "which/what company")
	// decides between the doer and the other side.
	who := -1
	for i, w := range low {
		if w == "who" || w == "whom" || ((w == "which" || w == "what") && i+1 < len(low) &&
			(low[i+1] == "company" || low[i+1] == "companies" || low[i+1] == "firm" || low[i+1] == "firms")) {
			who = i
			break
		}
	}
	switch {
	case has("how much", "how big", "how large", "what amount", "for how much", "what price",
		"how many dollars", "what value", "what valuation", "how much money"):
		intent = "amount"
	case who >= 0:
		next := ""
		for _, w := range low[who+1:] {
			if w != "company" && w != "companies" && w != "firm" && w != "firms" && w != "has" && w != "have" {
				next = w
				break
			}
		}
		// "who has acquired X" and "who is acquiring X" are like "who
		// acquired X"; "who did X buy" asks for the other side.
		if (next == "is" || next == "are" || next == "was" || next == "were") && who+2 < len(low) &&
			(acquireWords[low[who+2]] || investWords[low[who+2]]) {
			next = low[who+2]
		}
		aux := auxWords[next] && next != "has" && next != "have"
		switch {
		case !aux && (acquireWords[next] || next == "took" || next == "takes"):
			intent = "acquirer"
		case !aux && investWords[next]:
			intent = "investor"
		case partner:
			intent = "partner"
		case aux && (acquire || invest):
			intent = "target"
		}
	case has("partners of", "partner of", "partners for") || (partner && (low[0] == "which" || low[0] == "what")):
		intent = "partner"
	case (low[0] == "what" || low[0] == "which") && acquire && has("did", "does", "has", "have"):
		intent = "target"
	}
	if intent == "" && (has("when", "what date", "what year", "which year", "what day")) {
		intent = "date"
	}
	return intent, dedupKinds(kinds)
}

func dedupKinds(ks []deal.Kind) []deal.Kind {
	var out []deal.Kind
	for _, k := range ks {
		dup := false
		for _, o := range out {
			dup = dup || o == k
		}
		if !dup {
			out = append(out, k)
		}
	}
	return out
}
