package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/dealbot/dealbot/internal/deal"
)

// A sentence is rewritten into a "frame string": lower-case words with each
// company mention replaced by @N (N indexes the sentence's mention list),
// excluded mentions (competitors, reporters, owners in "X-owned") by '#', and
// pronouns and descriptors that refer to companies ("it", "the company",
// "they", "the latter") by the mentions they resolve to. Deal frames are
// regular expressions over that string, so "nearest company before the
// trigger" is simply "no @ in the gap".

// mention is a company reference in one sentence.
type mention struct {
	c     *company
	ref   bool // a pronoun or descriptor, resolved
	excl  bool // competitor, reporter or owner: never a party here
	tokLo int
	tokHi int
}

// frame is one deal found in one sentence.
type frame struct {
	kind      deal.Kind
	a, b      *company // a: investor/acquirer/first partner; b: investee/target/second partner
	directed  bool
	trigger   string // the matched text, for evidence
	pos       int    // byte offset of the match in the frame string
	bothNamed bool   // neither party came from a pronoun or descriptor
	generic   bool   // anchored only on a generic noun: "deal", "agreement"
}

const (
	gap    = `[^@;]{0,100}?`
	gapS   = `[^@;]{0,40}?`
	objGap = `[^@;,.]{0,60}?` // between a preposition and its object: skips places and descriptors
	mref   = `@(\d+)`
	// descr is up to four descriptor words between a coordinator and a name:
	// "X and US battery developer Y", "Norway's X and Sweden's Y"
	descr     = `(?:[a-z][a-z-]*(?:'s)?\s){0,4}?`
	alliTrig  = `(?:partner(?:s|ed|ing|ship|ships)?|alliances?|allied|collaborat(?:e|es|ed|ing|ion|ions)|cooperat(?:e|es|ed|ing|ion)|co-operat(?:e|es|ed|ing|ion)|team(?:s|ed|ing)? up|tie[sd]?[- ]up|tie-ups?|join(?:s|ed|ing)? forces|work(?:s|ed|ing)? (?:together|closely|jointly|side-by-side)|pair(?:s|ed|ing)? up|deals?|agreements?|pacts?|contracts?|accords?|mou|memorandum of understanding|letter of intent|framework|licens(?:e|es|ed|ing)|licen[cs]ing|licences?|cross-licens\w*|joint ventures?|jv|relationship|(?:form|forms|formed|forming|set up|sets up|setting up|create|creates|created|establish|establishes|established|launch|launches|launched)\s(?:\S+\s){0,5}?ventures?)`
	alliNoun  = `(?:partnerships?|alliances?|collaborations?|cooperation|co-operation|tie-ups?|deals?|agreements?|pacts?|contracts?|mou|memorandum of understanding|joint ventures?|jv|relationship|licens\w+ (?:deal|agreement|pact)|cross-licens\w+)`
	buyVerb   = `(?:acquire[sd]?|acquiring|buy|buys|buying|bought|purchase[sd]?|purchasing|take over|takes over|took over|taking over|taken over|snap(?:s|ped)? up|snapping up|swallow(?:s|ed)?|absorb(?:s|ed)?)`
	stakeNoun = `(?:stakes?|shares|stock|equity|interest|holding|shareholding)`
)

type framePat struct {
	re       *regexp.Regexp
	kind     deal.Kind // "" = from the trigger text (alliance)
	directed bool
	swap     bool // group 2 is the investor/acquirer
	subjless bool // group 1 is the object; the subject comes from context
	coord    bool // "X and Y …": the two names are coordinated
	buyDescr bool // "acquire sawmill operator Y": descriptors after the verb, never a verb or conjunction
	// need lists words of which the sentence must contain at least one for
	// the pattern to be tried: a cheap filter before the regular expression
	need     []string
	needMask needMask // need as a set of frameNeeds ids
	// endsWithMention: the pattern ends with a mention, @N
	endsWithMention bool
}

var framePats = []framePat{
	// acquisitions, passive first: "Zorblat was acquired by Acme"
	{re: regexp.MustCompile(mref + gapS + `\b(?:was|were|has been|have been|had been|is being|are being|is to be|will be|would be|to be|being|is|are|got|agreed to be|set to be)\s(?:\S+\s){0,2}?(?:acquired|bought|purchased|taken over|snapped up)\s(?:by|from)\s` + descr + mref), kind: deal.Acquisition, directed: true, swap: true, buyDescr: true},
	{re: regexp.MustCompile(`\b(?:acquisition|purchase|takeover|buyout)\sof\s(?:the\s)?` + mref + `\sby\s(?:the\s)?` + mref), kind: deal.Acquisition, directed: true, swap: true},
	// investment frames before acquisition, so shares/stake objects win
	{re: regexp.MustCompile(mref + gap + `\b(?:acquire[sd]?|acquiring|acquisition of|purchase of|buy|buys|buying|bought|purchase[sd]?|take|takes|took|taking|pick(?:s|ed)? up|snap(?:s|ped)? up|hold(?:s)?|own(?:s)?|increase[sd]?|raise[sd]?|boost(?:s|ed)?|build(?:s)?|built|pay|pays|paid|paying|invest|invests|invested|investing)\b` + gap + `\b` + stakeNoun + `\s(?:in|of)\s(?:#-\w+\s)?` + descr + mref), kind: deal.Investment, directed: true},
	{re: regexp.MustCompile(mref + gap + `\b(?:acquire[sd]?|acquiring|buy|buys|buying|bought|purchase[sd]?|take|takes|took|taking)\s(?:the\s)?(?:\S+\s)?` + mref + `'s\s(?:\S+\s){0,2}?` + stakeNoun), kind: deal.Investment, directed: true},
	{re: regexp.MustCompile(mref + `(?:'s)?` + gap + `\b(?:invest(?:s|ed|ing|ment|ments)?|inject(?:s|ed)?|pour(?:s|ed)?|put(?:s)?|commit(?:s|ted)?|backing)\b` + gap + `\b(?:in|into)\s(?:the\s)?(?:#-\w+\s)?` + mref), kind: deal.Investment, directed: true},
	{re: regexp.MustCompile(mref + gap + `\b(?:raised|raises|raise|raising|secured|secures|closed|closes|landed|lands|gets|got|received|receives|bagged|announced|announces|completed|completes)\b` + gap + `\b(?:led by|co-led by|funded (?:entirely |solely |jointly )?by|financed by|from|backed by|with participation from|with backing from)\s` + objGap + mref), kind: deal.Investment, directed: true, swap: true},
	{re: regexp.MustCompile(mref + gap + `\b(?:round|funding|financing|series [a-h]|seed|investment|raise|capital)\b` + gapS + `\b(?:led by|co-led by|funded (?:entirely |solely |jointly )?by|financed by|backed by|from)\s` + objGap + mref), kind: deal.Investment, directed: true, swap: true},
	{re: regexp.MustCompile(mref + gap + `\b(?:led|co-led|leads|participated in|joined|headed)\b` + gapS + `\b(?:round|investment|funding|financing|raise|series [a-h]|seed)\b` + gapS + `\b(?:in|of|for|into)\s` + descr + mref), kind: deal.Investment, directed: true},
	{re: regexp.MustCompile(mref + `'s\s(?:\S+\s){0,2}?(?:investment|stake)\sin\s(?:the\s)?` + mref), kind: deal.Investment, directed: true},
	// acquisitions, active
	{re: regexp.MustCompile(mref + `'s\s(?:\S+\s){0,3}?(?:acquisition|purchase|takeover|buyout)\sof\s(?:the\s)?` + mref), kind: deal.Acquisition, directed: true},
	{re: regexp.MustCompile(mref + gap + `\b(?:acquisition|purchase|takeover|buyout|bid|offer|tender offer)\s(?:of|for)\s(?:the\s|rival\s)?` + mref), kind: deal.Acquisition, directed: true},
	{re: regexp.MustCompile(mref + gap + `\b` + buyVerb + `\s(?:all of\s|the rest of\s|the remaining\s\S+\sof\s|a majority of\s|control of\s)?` + descr + mref), kind: deal.Acquisition, directed: true, buyDescr: true},
	{re: regexp.MustCompile(mref + gapS + `\b(?:sold|sells|sell|selling|agreed to sell|to sell)\s(?:itself\s)?to\s(?:the\s)?` + mref), kind: deal.Acquisition, directed: true, swap: true},
	// "Corvath Industries paid $310 million for Ferravane Controls"
	{re: regexp.MustCompile(mref + gap + `\b(?:paid|pays|pay|paying|to pay|will pay|agreed to pay)\b` + gapS + `\bfor\s` + descr + mref), kind: deal.Acquisition, directed: true, buyDescr: true},
	// headline style: "Tanvika completes Bhoomvani buy"
	{re: regexp.MustCompile(mref + `\s(?:completes?|completed|closes?|closed|seals?|sealed|agrees?|agreed|announces?|announced|clinch(?:es|ed)?|finali[sz]es?|finali[sz]ed|wins?|won|eyes|mulls|plans)\s(?:its\s|the\s|a\s)?(?:\S+\s)?` + mref + `(?:'s)?\s(?:buy|purchase|takeover|acquisition|buyout)\b`), kind: deal.Acquisition, directed: true},
	// "Hollin sold Zorblat to Acme": the seller is not a party; the sold
	// company is the target
	{re: regexp.MustCompile(`\b(?:sold|sells|sell|selling|divest(?:s|ed|ing)?|offload(?:s|ed|ing)?|spun off|spins off)\s(?:its\s(?:\S+\s){0,2}?(?:unit|business|division|subsidiary|arm)\s)?` + mref + `\s(?:\S+\s){0,3}?to\s(?:the\s)?` + mref), kind: deal.Acquisition, directed: true, swap: true},
	{re: regexp.MustCompile(mref + `\s(?:has\s|have\s|had\s|also\s)?(?:backed|backs|funded|funds|financed|finances)\s(?:the\s|start-?up\s|startup\s)?` + mref), kind: deal.Investment, directed: true},
	// mergers
	{re: regexp.MustCompile(`\bmerger\s(?:of|between)\s` + mref + `\s(?:and|with|&)\s` + mref), kind: deal.Merger},
	{re: regexp.MustCompile(mref + `\s(?:and|&|,)\s` + descr + mref + gap + `\b(?:merge|merges|merged|merging|merger)\b`), kind: deal.Merger, coord: true},
	{re: regexp.MustCompile(mref + gap + `\b(?:merge|merges|merged|merging|merger)\s(?:\S+\s)?with\s(?:the\s)?` + mref), kind: deal.Merger},
	// alliances: "partnership of X and Y", "X and Y … partnership", "X … partnership with Y"
	{re: regexp.MustCompile(`\b` + alliNoun + `\s(?:of|between|among)\s` + mref + `\s(?:and|with|&)\s` + mref)},
	{re: regexp.MustCompile(mref + `\s(?:and|&|,)\s` + descr + mref + gap + `\b` + alliTrig + `\b`), coord: true},
	// "Oshiro licensed Druvale's antibody", "licensed the rights from Y"
	{re: regexp.MustCompile(mref + gap + `\b(?:licensed|licenses|license|licensing|in-licensed)\s(?:the\s)?` + mref + `'s`), kind: deal.Licensing},
	{re: regexp.MustCompile(mref + gap + `\b(?:licensed|licenses|license|licensing|in-licensed)\b` + gap + `\bfrom\s` + objGap + mref), kind: deal.Licensing},
	// "X has agreed to license … to Y"
	{re: regexp.MustCompile(mref + `(?:'s)?` + gap + `\b(?:licens(?:e|es|ed|ing)|licen[cs]ing|sublicens\w*)\b` + gap + `\bto\s` + objGap + mref), kind: deal.Licensing},
	{re: regexp.MustCompile(mref + `(?:'s)?` + gap + `\b` + alliTrig + `\b` + gapS + `\bwith\s` + objGap + mref)},
	// no subject in the clause: "the partnership with Y", "thrilled to partner with Y"
	{re: regexp.MustCompile(`^[^@;]*?\b` + alliTrig + `\b` + gapS + `\bwith\s` + descr + mref), subjless: true},
}

var (
	needAcqPassive = []string{"acquired", "bought", "purchased", "taken over", "snapped up"}
	needAcqNoun    = []string{"acquisition", "purchase", "takeover", "buyout", "bid", "offer"}
	needStake      = []string{"stake", "shares", "stock", "equity", "interest", "holding"}
	needInvest     = []string{"invest", "inject", "pour", "put", "commit", "backing"}
	needFunding    = []string{"led by", "funded", "financed", "from", "backed", "participation", "backing"}
	needRound      = []string{"round", "funding", "financing", "investment", "raise", "series", "seed", "capital"}
	needBuy        = []string{"acqui", "buy", "bought", "purchas", "take", "took", "taking", "taken", "snap", "swallow", "absorb"}
	needSell       = []string{"sold", "sell", "divest", "offload", "spun off", "spins off"}
	needBack       = []string{"backed", "backs", "funded", "funds", "financed", "finances"}
	needMerge      = []string{"merg"}
	needLicence    = []string{"licen"}
	needAlliance   = []string{"partner", "allian", "allied", "collaborat", "operat", "team", "tie", "forces", "together", "closely", "jointly", "side-by-side", "pair", "deal", "agreement", "pact", "contract", "accord", "mou", "memorandum", "letter of intent", "framework", "licen", "venture", "jv", "relationship"}
)

func init() {
	needs := [][]string{
		needAcqPassive, needAcqNoun, needStake, needStake, needInvest, needFunding, needRound, needRound,
		{"investment in", "stake in"}, needAcqNoun, needAcqNoun, needBuy, needSell, {"paid", "pay"}, {"buy", "purchase", "takeover", "acquisition", "buyout"}, needSell, needBack,
		needMerge, needMerge, needMerge,
		needAlliance, needAlliance, needLicence, needLicence, needLicence, needAlliance, needAlliance,
	}
	if len(needs) != len(framePats) {
		panic("extract: every frame pattern needs its filter words")
	}
	for i := range framePats {
		framePats[i].need = needs[i]
	}
	if len(frameAlso) != len(framePats) {
		panic("extract: frameAlso must list every frame pattern")
	}
	frameNeeds = newNeedIndex(needs)
	for i := range framePats {
		framePats[i].needMask = frameNeeds.mask(needs[i])
		framePats[i].endsWithMention = strings.HasSuffix(framePats[i].re.String(), mref)
	}
}

// frameNeeds indexes the filter words of every frame pattern, so that one
// pass over a frame string tells which patterns to try.
var frameNeeds *needIndex

// needIndex finds, in one pass over a string, which of a fixed list of
// words start a word of it (as containsAny tests them one by one).
type needIndex struct {
	ids     map[string]int
	byFirst [256][]needWord
}

type needWord struct {
	w  string
	id int
}

// needMask is a set of word ids.
type needMask [4]uint64

func (m *needMask) set(id int) { m[id/64] |= 1 << (id % 64) }
func (m needMask) intersects(o needMask) bool {
	return m[0]&o[0] != 0 || m[1]&o[1] != 0 || m[2]&o[2] != 0 || m[3]&o[3] != 0
}

func newNeedIndex(lists [][]string) *needIndex {
	x := &needIndex{ids: map[string]int{}}
	for _, l := range lists {
		for _, w := range l {
			if _, ok := x.ids[w]; ok || w == "" {
				continue
			}
			id := len(x.ids)
			if id >= len(needMask{})*64 {
				panic("extract: too many frame filter words")
			}
			x.ids[w] = id
			x.byFirst[w[0]] = append(x.byFirst[w[0]], needWord{w, id})
		}
	}
	return x
}

func (x *needIndex) mask(words []string) needMask {
	var m needMask
	for _, w := range words {
		if id, ok := x.ids[w]; ok {
			m.set(id)
		}
	}
	return m
}

// hits returns the words that start a word of s: at its start or after a
// space or a hyphen.
func (x *needIndex) hits(s string) needMask {
	var m needMask
	for k := 0; k < len(s); k++ {
		if k > 0 && s[k-1] != ' ' && s[k-1] != '-' {
			continue
		}
		for _, nw := range x.byFirst[s[k]] {
			if strings.HasPrefix(s[k:], nw.w) {
				m.set(nw.id)
			}
		}
	}
	return m
}

// containsAny reports whether one of words starts a word of s (a frame
// string: words and marks separated by spaces).
func containsAny(s string, words []string) bool {
	for _, w := range words {
		for i := 0; ; {
			k := strings.Index(s[i:], w)
			if k < 0 {
				break
			}
			k += i
			if k == 0 || s[k-1] == ' ' || s[k-1] == '-' {
				return true
			}
			i = k + 1
		}
	}
	return false
}

var (
	reBuyVerb   = regexp.MustCompile(`\b(?:` + buyVerb + `|paid|pays|pay|paying)\b`)
	reDescrStop = regexp.MustCompile(`\$|\b(?:and|or|but|to|as|than|while|then|will|would|is|was|are|were|has|had|have|said|says|cut|sell|sold|own|from|with|at|on|by|after|before|for|of|in|into|over|under|upon|since|until)\b`)
)

// reNegated finds a deal said not to happen (a denial is a status, kept).
var reNegated = regexp.MustCompile(`\b(?:ruled out|rules out|rule out|ruling out|no intention of|not to (?:make|buy|acquire|bid|pursue|merge|invest)|will not (?:make|buy|acquire|bid|pursue|merge|invest)|won't (?:make|buy|acquire|bid)|would not (?:make|buy|acquire|bid)|refused to|declined to (?:make|buy|acquire|bid)|has no interest in|had no interest in)\b`)

// reStakeAfter: the object of a purchase is a stake or shares in it.
var reStakeAfter = regexp.MustCompile(`^(?:'s)?\s(?:\S+\s)?(?:stake|stakes|shares|stock|equity)\b`)

// reControl finds a stake that passes control: "a 51 per cent stake",
// "a majority stake", "taking control".
var reControl = regexp.MustCompile(`\b(?:majority|controlling)\s(?:stake|interest|holding)|\b(?:5[1-9]|[6-9]\d)(?:\.\d+)?\s?(?:%|per cent|percent|pc)\s(?:stake|interest|holding|of)|\btak(?:e|es|ing|en)\s(?:full\s)?control\b`)

// clauseOK rejects matches whose gap crosses a clause break that starts a new
// subject, such as ", while", ", but".
var clauseBreak = regexp.MustCompile(`, (?:while|but|whereas|although|though|meanwhile) |\. `)

// coordGap is the text between "X and" and Y in a coordination frame: it
// may hold descriptors ("US battery developer"), never a verb.
var coordVerb = regexp.MustCompile(`\b(?:will|would|has|have|had|is|are|was|were|to|said|says|also|then|later|pay|pays|paid|can|could|may|might|did|does|do|who|which|that)\b`)

// findFrames finds every deal frame in a frame string.
func findFrames(fs string, ms []mention, context *company) []frame {
	var out []frame
	used := map[[2]int]bool{}
	mentions := strings.Count(fs, "@")
	if mentions == 0 {
		return nil
	}
	var hits needMask
	hitsDone := false
	for pi, p := range framePats {
		if mentions < 2 && !p.subjless {
			continue
		}
		if !hitsDone {
			hits, hitsDone = frameNeeds.hits(fs), true
		}
		if !hits.intersects(p.needMask) || frameAlso[pi] != nil && !containsAnyOf(fs, frameAlso[pi]) {
			continue
		}
		in := fs
		if p.endsWithMention {
			// every match ends with a mention's number: the text after the
			// last one is never part of a match, and only costs the
			// backtracking matcher time
			in = fs[:lastMentionEnd(fs)]
		}
		for _, loc := range p.re.FindAllStringSubmatchIndex(in, -1) {
			text := fs[loc[0]:loc[1]]
			if clauseBreak.MatchString(text) && !p.subjless {
				continue
			}
			if p.coord && !p.subjless && loc[3] < loc[4] && coordVerb.MatchString(fs[loc[3]:loc[4]]) {
				continue // "X, based in Y, will pay Z": not a pair
			}
			if reNegated.MatchString(text) {
				continue // "ruled out making a full takeover offer for X"
			}
			if p.buyDescr {
				from := -1
				if vs := reBuyVerb.FindAllStringIndex(text, -1); len(vs) > 0 {
					from = vs[len(vs)-1][1]
				}
				for _, prep := range []string{" for ", " by ", " from "} {
					if k := strings.LastIndex(text, prep); k >= 0 && k+len(prep) > from {
						from = k + len(prep)
					}
				}
				if from >= 0 && reDescrStop.MatchString(text[from:]) {
					continue // "upgraded X to buy and cut Y to sell"
				}
			}
			var ia, ib int
			var a, b *company
			if p.subjless {
				ib, _ = strconv.Atoi(fs[loc[2]:loc[3]])
				if context == nil || ib >= len(ms) {
					continue
				}
				a, b = context, ms[ib].c
				ia = -1
			} else {
				ia, _ = strconv.Atoi(fs[loc[2]:loc[3]])
				ib, _ = strconv.Atoi(fs[loc[4]:loc[5]])
				if ia >= len(ms) || ib >= len(ms) {
					continue
				}
				a, b = ms[ia].c, ms[ib].c
			}
			if a == nil || b == nil || a == b {
				continue
			}
			if p.swap {
				a, b = b, a
				ia, ib = ib, ia
			}
			k := [2]int{loc[0], loc[1]}
			if used[k] {
				continue
			}
			kind := p.kind
			if kind == deal.Acquisition && reStakeAfter.MatchString(fs[loc[1]:]) {
				kind = deal.Investment // "the purchase of the Lingshan stake"
			}
			if kind == deal.Investment && reControl.MatchString(text+" "+clauseAfter(fs, loc[1])) {
				kind = deal.Acquisition // a majority or controlling stake passes control
			}
			if kind == "" {
				kind = allianceKind(text + " " + clauseAfter(fs, loc[1]))
			}
			f := frame{kind: kind, a: a, b: b, directed: p.directed, trigger: text, pos: loc[0]}
			f.generic = p.kind == "" && kind == deal.Partnership && !reSpecificAlliance.MatchString(text)
			f.bothNamed = (ia < 0 || !ms[ia].ref) && !ms[ib].ref
			// one frame per pair and kind per sentence
			dup := false
			for _, o := range out {
				if o.kind == f.kind && ((o.a == f.a && o.b == f.b) || (!f.directed && o.a == f.b && o.b == f.a)) {
					dup = true
				}
			}
			if !dup {
				out = append(out, f)
				used[k] = true
			}
		}
	}
	// a stake in Y is an investment, not a takeover of Y
	var keep []frame
	for _, f := range out {
		drop := false
		if f.kind == deal.Acquisition {
			for _, g := range out {
				if g.kind == deal.Investment && g.a == f.a && g.b == f.b {
					drop = true
				}
			}
		}
		if !drop {
			keep = append(keep, f)
		}
	}
	return keep
}

var reJV = regexp.MustCompile(`\bjv\b|\b(?:form|forms|formed|forming|set up|sets up|setting up|create|creates|created|establish|establishes|established|launch|launches|launched)\s(?:\S+\s){0,5}?ventures?\b`)

// clauseAfter returns the rest of the clause after position i: "… teamed
// up with Y to form a joint venture" tells the kind after the frame.
func clauseAfter(fs string, i int) string {
	rest := fs[i:]
	if k := strings.IndexAny(rest, ";.@"); k >= 0 {
		rest = rest[:k]
	}
	return rest
}

// reSpecificAlliance are the alliance words that say partnership; "deal",
// "agreement" or "contract" alone may be any kind of deal.
var reSpecificAlliance = regexp.MustCompile(`\b(?:partner\w*|allian\w*|allied|collaborat\w*|co-?operat\w*|team\w* up|tie[sd]?[- ]up|tie-ups?|forces|together|jointly|side-by-side|pair\w* up|mou|memorandum|letter of intent|framework|licen\w*|venture|jv)\b`)

// allianceKind refines an alliance frame's kind from its trigger words.
func allianceKind(text string) deal.Kind {
	switch {
	case strings.Contains(text, "joint venture") || reJV.MatchString(text):
		return deal.JointVenture
	case strings.Contains(text, "licens") || strings.Contains(text, "licenc") || strings.Contains(text, "pre-install"):
		return deal.Licensing
	}
	return deal.Partnership
}

// exclusionCues make the mentions after them non-parties in this sentence.
var exclusionCue = regexp.MustCompile(`\b(?:instead of|rather than|unlike|compared with|compared to|versus|vs|rivals?(?: of| to| such as| like| including)?|competitors?(?: of| to| such as| like| including)?|competing with|competes? with|companies like|firms like|players like|giants like|the likes of)\b`)

// reporterBefore marks "according to X", "X reported".
var reporterBefore = regexp.MustCompile(`\b(?:according to|reported by|cited by|told|per|via|quoted by|source:)$`)
