package extract

import (
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/dealbot/dealbot/internal/rx"
)

// Cheap tests run before the regular expressions of this package. Each one
// is a necessary condition of its expression: when it says no, the
// expression cannot match, so skipping the expression changes nothing;
// when it says yes, the expression still decides. They exist because a
// backtracking miss over a whole sentence costs far more than a few
// substring searches (prefilter_test.go checks each against its
// expression).

// hasAnySuffix reports whether s ends with one of the suffixes.
func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// containsAnyOf reports whether s contains one of the substrings.
func containsAnyOf(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// leadingWord returns the leading run of ASCII word characters of s (the
// characters \b of Go's regexp counts as word characters).
func leadingWord(s string) string {
	i := 0
	for i < len(s) && isASCIIWord(s[i]) {
		i++
	}
	return s[:i]
}

func isASCIIWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// objPrevEnds are the last words of every alternative of reObjPrev.
var objPrevEnds = []string{"with", "acquire", "acquired", "acquiring", "of", "buy", "bought", "buying", "purchase", "purchased", "over", "in", "into", "by"}

// objPrevMay is a necessary condition of reObjPrev.MatchString(prev+" "):
// prev ends with one of objPrevEnds, maybe followed by " the", " a" or
// " an".
func objPrevMay(prev string) bool {
	if hasAnySuffix(prev, objPrevEnds) {
		return true
	}
	for _, art := range [...]string{" the", " a", " an"} {
		if strings.HasSuffix(prev, art) && hasAnySuffix(prev[:len(prev)-len(art)], objPrevEnds) {
			return true
		}
	}
	return false
}

// placeBeforeEnds are the last words of every alternative of rePlaceBefore.
var placeBeforeEnds = []string{"in", "of", "region", "province"}

// subjVerbFirst are the first words of every alternative reSubjVerb can
// start with: its optional adverbs and auxiliaries and its verbs.
var subjVerbFirst = set("has|have|had|is|are|was|were|will|would|also|plans|plan|agreed|agrees|reportedly|recently|finally|officially|today|on|said|then|" +
	"acquired|acquires|acquiring|bought|buys|invested|invests|investing|partnered|partners|partnering|teamed|teams|signed|signs|entered|enters|announced|announces|merged|merges|raised|raises|completed|completes|planned|launched|launches|unveiled|unveils|says|revealed|reveals|reported|reports|shipped|ships|operates|owns|sold|sells|secured|secures|closed|closes|struck|inked|formed|forms|form|established|establish|set|sets|create|creates|created|to")

// subjVerbMay is a necessary condition of reSubjVerb matching s: every
// match starts with a whole word from subjVerbFirst.
func subjVerbMay(s string) bool { return subjVerbFirst[leadingWord(s)] }

// refSingleNouns are the nouns reRefSingle ends with.
var refSingleNouns = set("company|firm|startup|start-up|group|giant|maker|manufacturer|provider|platform|operator|retailer|developer|conglomerate|business|brand|lender|bank|carrier|automaker|carmaker|chipmaker|insurer|publisher|network|service|unicorn")

// pairRefFirst are the first words of the pair references (rePairRef).
var pairRefFirst = set("they|both|the|these")

// orphanStakeWords: reOrphanStake ends with one of these.
var orphanStakeWords = []string{"stock", "shares", "stake", "equity"}

// dealNounWords: every match of reDealNoun holds one of them.
var dealNounWords = []string{"partnership", "deal", "agreement", "alliance", "collaboration", "investment", "acquisition", "merger", "joint venture", "tie-up", "mou"}

// monthStems: every month name of monthPat starts with one (in lower case).
var monthStems = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// calendarWords: every match of reRelative holds one (in lower case).
var calendarWords = []string{"day", "week", "month", "year"}

// moneyWordStems: every currency word of reMoneyWord holds one (in lower
// case).
var moneyWordStems = []string{"dollar", "euro", "yuan", "renminbi", "rmb", "pound", "yen", "rupee", "won", "franc", "peso", "reai", "rand", "usd", "eur", "gbp", "cny", "inr", "jpy", "hkd", "krw", "mxn", "brl", "zar"}

// hasDigitRun reports whether s has n ASCII digits in a row (\d{n}).
func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// parentBeforeEnds: reParentBefore ends with one of these words.
var parentBeforeEnds = []string{"of", "by"}

// reporterBeforeEnds: reporterBefore ends with one of these.
var reporterBeforeEnds = []string{"to", "by", "told", "per", "via", "source:"}

// exclusionWords: every match of exclusionCue holds one of them.
var exclusionWords = []string{"instead of", "rather than", "like", "compared", "versus", "vs", "rival", "compet"}

// Status cues: every alternative of each status expression contains one
// of its words.
var (
	terminatedWords = []string{"terminat", "call", "scrap", "collaps", "abandon", "walk", "pull", "back", "cancel", "block", "end", "fell", "fall", "dropped", "rejected", "withdr", "no longer", "part", "dissolv"}
	deniedWords     = []string{"den", "dismissed", "refut", "no plan", "talks", "no intention", "rejected", "false rumo", "baseless", "untrue"}
	reportedWords   = []string{"reportedly", "allegedly", "report", "according to", "source", "familiar", "insider", "comment", "respond", "confirm", "rumo", "speculat", "talks", "discussions", "negotiations", "said to", "believed to", "understood to", "could", "might", "considering", "mulling", "weighing", "exploring"}
	completedWords  = []string{"complet", "closed", "finali", "now owns", "now part", "became part", "acquired", "bought", "merged", "taken over", "took over", "had worked", "date", "dating", "had partnered", "had signed", "wrapped up", "invested", "investment", "stake", "combined in", "purchased"}
	signedWords     = []string{"announc", "enter", "sign", "inked", "struck", "agree", "unveil", "joint statement", "thrilled to", "reached an agreement", "sealed", "launched", "formed", "set up", "established", "team", "partner", "joined forces"}
)

// subjVerbMatch is reSubjVerb.FindStringSubmatch(s), skipped when s cannot
// match, and run only on the words a match can span.
//
// A match is a run of whole words of the expression ("has been",
// "acquired", "on monday"), from the start of s: every word but the last
// is followed by a space (or a comma and a space), and the last may end at
// a \b inside a word
// (before a non-ASCII letter). So a match ends at the latest with the first
// word that is not one of the expression's, and the rest of s, after a
// space, changes nothing: cut there, the text ends where a space stood.
func subjVerbMatch(s string) []string {
	if !subjVerbMay(s) {
		return nil
	}
	cut := len(s)
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			break
		}
		w := strings.TrimSuffix(s[i:i+j], ",") // ",? " may follow a word
		if !subjVerbWords[w] && !isWeekdayLike(w) {
			cut = i + j
			break
		}
		i += j + 1
	}
	return reSubjVerb.FindStringSubmatch(s[:cut])
}

// subjVerbWords are the words of reSubjVerb: every run of letters in it.
var subjVerbWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(reSubjVerb.String(), func(r rune) bool { return r < 'a' || r > 'z' }) {
		m[w] = true
	}
	return m
}()

// isWeekdayLike reports whether w matches \w+day, as in "on monday".
func isWeekdayLike(w string) bool {
	if len(w) < 4 || !strings.HasSuffix(w, "day") {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isASCIIWord(w[i]) {
			return false
		}
	}
	return true
}

// lowerForm is how joinLower writes one token.
func lowerForm(t token) string {
	if t.hyphen == "" && !t.poss {
		return t.lower
	}
	s := t.lower
	if t.hyphen != "" {
		s += "-" + t.hyphen
	}
	if t.poss {
		s += "'s"
	}
	return s
}

// wordStartMatcher matches a regular expression every alternative of which
// starts with \b and a word character, trying it only where a word starts.
// Unanchored, Go's backtracking matcher tries every byte of the input, each
// try costing a pass over the expression; anchored at the few word starts,
// a try fails at its first letter.
type wordStartMatcher struct {
	anchored *regexp.Regexp
	first    [256]bool // the bytes a match can start with
}

// newWordStartMatcher wraps re, which must have a \b before a word
// character at the start of each alternative.
func newWordStartMatcher(re *regexp.Regexp) wordStartMatcher {
	m := wordStartMatcher{anchored: regexp.MustCompile(`^(?:` + re.String() + `)`)}
	parsed, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil || !firstBytes(parsed.Simplify(), &m.first) {
		for c := range m.first {
			m.first[c] = true // cannot tell: try every word start
		}
	}
	return m
}

// firstBytes adds to set the bytes a match of re can start with, and
// reports false when it cannot tell (re may match the empty string or
// start with any character).
func firstBytes(re *syntax.Regexp, set *[256]bool) bool {
	nullable, ok := rx.FirstBytes(re, set)
	return ok && !nullable
}

// MatchString reports whether the wrapped expression matches s. A match
// starts at a \b before a word character: a word character at the start of
// s or after a non-word one. There the expression matches iff its anchored
// copy matches the rest of s: its later \b and $ see the same text.
func (m wordStartMatcher) MatchString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !m.first[s[i]] || i > 0 && isASCIIWord(s[i-1]) {
			continue
		}
		if m.anchored.MatchString(s[i:]) {
			return true
		}
	}
	return false
}

var (
	objPrevMatcher     = newWordStartMatcher(reObjPrev)
	placeBeforeMatcher = newWordStartMatcher(rePlaceBefore)
)

// lastMentionEnd returns the end of the last "@N" in a frame string (just
// past its digits), or 0 when there is none.
func lastMentionEnd(fs string) int {
	for at := strings.LastIndexByte(fs, '@'); at >= 0; at = strings.LastIndexByte(fs[:at], '@') {
		end := at + 1
		for end < len(fs) && fs[end] >= '0' && fs[end] <= '9' {
			end++
		}
		if end > at+1 {
			return end
		}
	}
	return 0
}

// moneySymbols: every currency of reMoneySym holds one of them (in lower
// case).
var moneySymbols = []string{"$", "€", "£", "¥", "₹", "₩", "usd", "hkd", "sgd", "aud", "cad", "eur", "gbp", "jpy", "cny", "rmb", "inr", "rs", "chf", "krw", "sek", "nok", "dkk"}

// moneySymWindow is the most bytes a currency of reMoneySym takes before
// its number ("U.S. $", with room for runes that fold to ASCII letters).
const moneySymWindow = 10

// moneySymMay is a necessary condition of reMoneySym matching s: its
// number starts a run of digits, and the currency, in the few bytes before,
// holds one of moneySymbols. ('ſ' folds to 's' in the (?i) expression but
// not under ToLower: with one in s, nothing is ruled out.)
func moneySymMay(s string) bool { return moneySymFrom(s) >= 0 }

// moneySymFrom returns where in s the first match of reMoneySym may start
// at the earliest, or -1 when there is none (see moneySymMay).
func moneySymFrom(s string) int {
	if strings.ContainsRune(s, 'ſ') {
		return 0
	}
	for d := 0; d < len(s); d++ {
		if s[d] < '0' || s[d] > '9' || d > 0 && s[d-1] >= '0' && s[d-1] <= '9' {
			continue
		}
		from := max(0, d-moneySymWindow)
		if containsAnyOf(strings.ToLower(s[from:d]), moneySymbols) {
			return from
		}
	}
	return -1
}

// findAllFrom is re.FindAllStringSubmatchIndex(s, -1) for an expression
// that looks at nothing before its match (no \b or ^ at its start), when
// no match starts before from.
func findAllFrom(re *regexp.Regexp, s string, from int) [][]int {
	locs := re.FindAllStringSubmatchIndex(s[from:], -1)
	if from > 0 {
		for _, loc := range locs {
			for i := range loc {
				if loc[i] >= 0 {
					loc[i] += from
				}
			}
		}
	}
	return locs
}

// dealBeforeEnds and ctxBeforeEnds: with trailing spaces trimmed, the text
// before an amount that reDealBefore or reCtxBefore matches ends with one
// of these.
var (
	dealBeforeEnds = []string{"at", "worth", "of", "about", "around", "roughly", "nearly", "more than", "over", "some"}
	ctxBeforeEnds  = []string{"create", "creates", "creating", "a", "an", "of", "at", "its", "their", "worth", "fined", "about", "around", "roughly", "nearly", "more than", "over", "some"}
)

// frameAlso lists, for each of framePats in order, words of which every
// match contains one (the prepositions and markers the pattern spells
// out: "by", "with", "'s"…); nil when the pattern has none worth testing.
// They complement the trigger words of the patterns' need lists.
var frameAlso = [][]string{
	{"by", "from"},             // passive acquisition
	{"by"},                     // acquisition of X by Y
	{"in", "of"},               // a stake in
	{"'s"},                     // X's stake
	{"in"},                     // invest in
	{"by", "from"},             // raised … led by
	{"by", "from"},             // round … led by
	{"in", "of", "for"},        // led the round in
	{"'s"},                     // X's investment in
	{"'s"},                     // X's acquisition of
	{"of", "for"},              // acquisition of
	nil,                        // buys
	{"to"},                     // sold itself to
	{"for"},                    // paid for
	nil,                        // headline
	{"to"},                     // sold X to Y
	nil,                        // backed
	{"of", "between"},          // merger of
	{"and", "&", ","},          // X and Y merge
	{"with"},                   // merge with
	{"of", "between", "among"}, // partnership of X and Y
	{"and", "&", ","},          // X and Y partner
	{"'s"},                     // licensed X's
	{"from"},                   // licensed from
	{"to"},                     // license to
	{"with"},                   // partnership with
	{"with"},                   // the partnership with
}
