package extract

import (
	"math/bits"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealbot/dealbot/internal/deal"
)

// entType is what a name was found to be.
type entType int

const (
	typeUnknown entType = iota
	typeOrg
	typePerson
	typePlace
	typeCommon // an ordinary word capitalised, or a product/term with no company evidence
)

// cand is a capitalised-phrase candidate in one sentence.
type cand struct {
	first, last int // token indexes, inclusive
	surface     string
	key         string
	poss        bool
	hyphen      string // "owned" for "Baidu-owned"
	initial     bool   // starts the sentence
}

// nameStats accumulates evidence about one name key across the corpus.
type nameStats struct {
	key         string
	surfaces    map[string]int
	count       int
	articles    []uint32 // numbers of the articles naming it
	org         float64
	person      float64
	place       float64
	frameOrg    float64 // from deal frames: counts towards organisation only
	initialOnly bool    // every mention starts a sentence
	tokens      int
	typ         entType
}

var demonyms = set("afghan|albanian|algerian|angolan|argentine|argentinian|armenian|austrian|azerbaijani|bahraini|bangladeshi|belarusian|belgian|bolivian|bosnian|botswanan|bulgarian|cambodian|cameroonian|chilean|colombian|congolese|croatian|cuban|cypriot|czech|dominican|ecuadorian|emirati|estonian|ethiopian|fijian|georgian|ghanaian|greek|guatemalan|haitian|honduran|hungarian|icelandic|iranian|iraqi|ivorian|jamaican|jordanian|kazakh|kuwaiti|kyrgyz|lao|latvian|lebanese|liberian|libyan|lithuanian|luxembourgish|malagasy|malawian|malian|maltese|mauritian|moldovan|mongolian|montenegrin|moroccan|mozambican|namibian|nepalese|nepali|nicaraguan|nigerien|omani|palestinian|panamanian|paraguayan|peruvian|polish|qatari|romanian|rwandan|senegalese|serbian|slovak|slovenian|somali|sri lankan|sudanese|syrian|tajik|tanzanian|tunisian|turkmen|ugandan|ukrainian|uruguayan|uzbek|venezuelan|yemeni|zambian|zimbabwean|scottish|welsh|northern irish|catalan|basque|bavarian|texan|californian|quebecois|latin american|nordic|scandinavian|baltic|gulf|arab|persian|kurdish|chinese|american|indian|indonesian|russian|european|asian|african|british|english|french|german|japanese|korean|south korean|italian|spanish|portuguese|brazilian|mexican|canadian|australian|dutch|swiss|swedish|norwegian|danish|finnish|irish|israeli|turkish|saudi|emirati|singaporean|malaysian|thai|vietnamese|filipino|pakistani|nigerian|kenyan|egyptian|taiwanese|western|eastern|global|us|u.s|uk|eu|fellow|local|state-owned|state|national|federal|rival|former|new")

// trailingCommon are acronyms and calendar words cut from the end of a
// name ("Microsoft AI" is Microsoft); "Cloud" or "Web" stay ("Alibaba Cloud").
var trailingCommon = set("ai|tv|it|iot|ar|vr|pc|os|api|app|apps|ceo|cfo|cto|vp|ipo|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|q1|q2|q3|q4")

// labelWords start labels such as "Series B" or "Phase 3".
var labelWords = set("series|phase|round|class|tier|type|stage|level|grade|model|version|chapter|section|figure|table|part|unit|gen|generation")

// institutions end the names of public bodies, whose "and" joins one name:
// "Food and Drug Administration".
var institutions = set("commission|administration|agency|authority|board|bureau|department|ministry|office|council|committee|court|association|federation|institute|institution|foundation|service|services|tribunal")

// institutionAhead reports whether the capitalised run starting at toks[i]
// ends with an institution word.
func institutionAhead(toks []token, i int) bool {
	for k := i; k < len(toks) && k < i+4; k++ {
		if !toks[k].nameLike() {
			return false
		}
		if institutions[toks[k].lower] {
			return true
		}
	}
	return false
}

// currencyCodes are ISO 4217 codes that appear capitalised in money.
var currencyCodes = set("usd|eur|gbp|jpy|cny|rmb|inr|hkd|sgd|aud|cad|chf|sek|nok|dkk|krw|brl|nzd|zar|mxn|rub|try|aed|sar|idr|myr|thb|php|vnd|pln|czk|huf|ils|twd")

// reRoman matches a roman numeral.
var reRoman = regexp.MustCompile(`^(?:II|III|IV|VI|VII|VIII|IX|XI|XII)$`)

// reProductCode matches model and drug codes: "ORV-118", "A320", "SKP-214".
var reProductCode = regexp.MustCompile(`^[A-Z]{1,5}-?\d{2,}[A-Za-z]?$`)

// genericLead are first words that a company's short name drops: "Banque
// Lémaniq" is "Lémaniq".
var genericLead = set("bank|banque|banco|banca|grupo|groupe|group|gruppo|compagnie|companhia|the")

// connectors may join capitalised tokens inside one name.
var connectors = set("&|of|de|du|von|van|der|la|le|del|and")

// orgUnitWords never start a name joined with "of" ("Head of Growth",
// "Department of X").
var orgUnitWords = set("head|department|division|unit|team|ministry|minister|secretary|director|president|chairman|chief|vice|office|board|member|professor|university|school|college|institute|bureau|commission|council|house|memorandum|letter|statement|king|queen|prince|city|state|province|republic|people")

// candidates finds capitalised-phrase name candidates in a tokenised sentence.
func candidates(toks []token) []cand {
	var out []cand
	for i := 0; i < len(toks); i++ {
		if !toks[i].nameLike() {
			continue
		}
		j := i
		for j+1 < len(toks) && toks[j].hyphen == "" && !toks[j].poss {
			nx := toks[j+1]
			if nx.nameLike() {
				j++
				continue
			}
			// connector between capitalised tokens
			if j+2 < len(toks) && toks[j+2].nameLike() && connectors[nx.lower] {
				if nx.lower == "and" && !institutionAhead(toks, j+2) {
					break // "X and Y" are two names, unlike "Securities and Exchange Commission"
				}
				if nx.lower == "of" && (orgUnitWords[toks[j].lower] || titleWords[toks[j].lower]) {
					break
				}
				if nx.lower == "&" || nx.s == "&" || nx.lower == "of" || !nx.isUpperStart() {
					j += 2
					continue
				}
			}
			break
		}
		c := trimCand(toks, i, j)
		if c != nil {
			out = append(out, *c)
		}
		i = j
	}
	return out
}

func isInitial(toks []token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		switch toks[k].s {
		case "\"", "'", "(", "[", "-", "*", "•", ":":
			continue
		}
		return false
	}
	return true
}

// trimCand trims function words, titles and places from the ends of the
// token run first..last and returns the candidate, or nil.
func trimCand(toks []token, first, last int) *cand {
	initial := isInitial(toks, first)
	// leading sentence starters, titles and demonyms
	for first <= last {
		l := toks[first].lower
		if (first == 0 || initial) && sentenceStarters[l] && first < last+1 {
			if first == last || toks[first].hyphen == "" {
				first++
				initial = false
				continue
			}
		}
		if first < last && (personTitleCue[l] || demonyms[l] || sentenceStarters[l] || titleWords[l]) {
			first++
			continue
		}
		// "Insurer Fernhollow Mutual made …": a role noun capitalised at the
		// start of a sentence
		if first < last && initial && orgNouns[l] && toks[first+1].nameLike() {
			first++
			initial = false
			continue
		}
		break
	}
	// a whole place name stays whole: "North America", "Lower Saxony"
	if whole := strings.ToLower(joinSurface(toks, first, last)); gpe[whole] {
		return &cand{first: first, last: last, surface: joinSurface(toks, first, last), key: normKey(whole), initial: initial}
	}
	// trailing titles, places and common capitalised words
	for last > first {
		l := toks[last].lower
		if toks[last-1].lower == "of" || toks[last-1].s == "&" {
			break
		}
		if personTitleCue[l] || gpe[l] || trailingCommon[l] || titleWords[l] {
			if toks[last].poss || toks[last].hyphen != "" {
				break
			}
			last--
			continue
		}
		break
	}
	for last > first && connectors[toks[last].lower] {
		last--
	}
	if first > last {
		return nil
	}
	var words []string
	allCommon := true
	for k := first; k <= last; k++ {
		words = append(words, toks[k].s)
		l := toks[k].lower
		if !(commonCapitalised[l] || sentenceStarters[l] || titleWords[l] || connectors[l]) {
			allCommon = false
		}
	}
	if allCommon {
		return nil
	}
	// "Ltd", "Co. Ltd": only legal suffixes, not a name
	onlySuffix := true
	for k := first; k <= last; k++ {
		if !legalSuffixes[strings.Trim(toks[k].lower, ".")] {
			onlySuffix = false
		}
	}
	if onlySuffix {
		return nil
	}
	// a roman numeral alone ("III" of "Fund III") is not a name
	if last == first && reRoman.MatchString(toks[first].s) {
		return nil
	}
	// currency codes and product codes ("CHF", "ORV-118") are not names
	if last == first && currencyCodes[toks[first].lower] {
		return nil
	}
	if last == first && reProductCode.MatchString(toks[first].s) {
		return nil
	}
	// "Series B", "Phase 2", "Class A": a label, not a name; "Series C of
	// Tallowmere Robotics" is Tallowmere Robotics
	if labelWords[toks[first].lower] && first+1 <= last && len([]rune(toks[first+1].s)) <= 2 {
		if last == first+1 {
			return nil
		}
		if first+2 < last && toks[first+2].lower == "of" {
			return trimCand(toks, first+3, last)
		}
	}
	surface := strings.Join(words, " ")
	if strings.IndexFunc(surface, unicode.IsLetter) < 0 {
		return nil
	}
	key := normKey(surface)
	if key == "" {
		return nil
	}
	return &cand{first: first, last: last, surface: surface, key: key,
		poss: toks[last].poss, hyphen: toks[last].hyphen, initial: isInitial(toks, first)}
}

func joinSurface(toks []token, first, last int) string {
	var words []string
	for k := first; k <= last; k++ {
		words = append(words, toks[k].s)
	}
	return strings.Join(words, " ")
}

// normKey is the comparison key of a company name, shared with the index
// and query resolution.
func normKey(name string) string { return deal.NormKey(name) }

var (
	reSubjVerb    = regexp.MustCompile(`^(?:(?:has|have|had|is|are|was|were|will|would|also|has been|have been|is set to|is planning to|are planning to|plans to|plan to|agreed to|agrees to|reportedly|recently|finally|officially|today|on \w+day|said it|said it will|said it would|said on \w+day|then),? )*(acquired|acquires|acquiring|agreed|bought|buys|invested|invests|investing|partnered|partners|partnering|teamed|teams|signed|signs|entered|enters|announced|announces|merged|merges|raised|raises|completed|completes|plans|planned|launched|launches|unveiled|unveils|said|says|revealed|reveals|reported|reports|shipped|ships|operates|owns|sold|sells|secured|secures|closed|closes|struck|inked|formed|forms|form|established|establish|set up|sets up|will set up|create|creates|created|to acquire|to buy|to invest|to merge|to partner)\b`)
	reDealVerb    = regexp.MustCompile(`^(acquired|acquires|acquiring|agreed|bought|buys|invested|invests|investing|partnered|partners|partnering|teamed|teams|signed|signs|entered|enters|merged|merges|raised|raises|completed|struck|inked|formed|to acquire|to buy|to invest|to merge|to partner)$`)
	reObjPrev     = regexp.MustCompile(`(?:\bwith|\bacquire|\bacquired|\bacquiring|\bacquisition of|\bbuy|\bbought|\bbuying|\bpurchase|\bpurchased|\btakeover of|\btake over|\btook over|\binvest(?:s|ed|ing|ment)? (?:\S+ ){0,6}?(?:in|into)|\bstake in|\bshares (?:in|of)|\bbacked by|\bled by|\bacquired by|\bbought by|\bfunded by|\bmerge with|\bmerger with|\bpartner with) (?:the |a |an )?$`)
	reApposOrg    = regexp.MustCompile(`^, (?:a |an |the |one of |its |their |another |which is )`)
	reIsOneOf     = regexp.MustCompile(`^(?:is|was|are|,) (?:one of|a|an|the) `)
	rePersonAfter = regexp.MustCompile(`^, (?:the |a |an |its |our |his |her )?(?:\S+ ){0,2}?(ceo|cfo|cto|coo|vp|svp|evp|president|chairman|chairwoman|founder|co-founder|cofounder|director|manager|head|analyst|spokesperson|spokesman|spokeswoman|deputy|editor|reporter|minister|secretary|executive|officer|chief|professor|partner|senior|general|managing)\b`)
	rePlaceBefore = regexp.MustCompile(`\b(?:based in|headquartered in|located in|offices in|office in|plant in|factory in|operations in|the state of|the province of|the region of|the city of|county of|region|province|state of)$`)
	rePersonSaid  = regexp.MustCompile(`^(?:said|says|told|added|noted|explained|commented|stated|wrote|argued)\b`)
)

// gatherEvidence scores a candidate occurrence in its sentence.
func gatherEvidence(st *NameEvidence, c cand, nc *cand, toks []token) {
	next := joinLower(toks, c.last+1, c.last+12)
	if strings.HasPrefix(next, "( ") {
		// skip a bracketed alias: "Nordlys Energi (NE) and …"
		if k := strings.Index(next, " ) "); k >= 0 && k < 20 {
			next = next[k+3:]
		}
	}
	prev := joinLower(toks, c.first-8, c.first)
	last := toks[c.last].lower
	words := strings.Fields(c.key)
	// organisation evidence
	if len(words) > 0 && corpSuffixes[lastWord(strings.ToLower(c.surface))] && len(strings.Fields(c.surface)) > 1 {
		st.Org += 3
	}
	if legalSuffixes[last] {
		st.Org += 3
	}
	if c.hyphen == "owned" || c.hyphen == "backed" || c.hyphen == "controlled" || c.hyphen == "funded" || c.hyphen == "led" {
		st.Org += 2
	}
	if c.hyphen == "based" || c.hyphen == "headquartered" {
		st.Place += 3 // "Kampala-based"
	}
	subjNext := next
	if nc != nil && strings.HasPrefix(next, "and ") || nc != nil && strings.HasPrefix(next, "& ") {
		// "X and Y announced…": the verb is both names'
		subjNext = joinLower(toks, nc.last+1, nc.last+10)
	}
	if m := subjVerbMatch(subjNext); m != nil && !c.poss && c.hyphen == "" && (m[1] != "said" && m[1] != "says" || c.last == c.first) {
		if reDealVerb.MatchString(m[1]) {
			st.Org += 2
		} else {
			st.Org += 1
		}
	}
	if objPrevMay(prev) && objPrevMatcher.MatchString(prev+" ") {
		st.Org += 2
	}
	// an org noun just before: "provider Xiaomi", "firm - TikTok"
	pw := strings.Fields(prev)
	for k := len(pw) - 1; k >= 0 && k >= len(pw)-3; k-- {
		w := strings.TrimSuffix(pw[k], "s")
		if orgNouns[pw[k]] || orgNouns[w] {
			// "Microsoft's platform Azure", "its app X": a product
			if k > 0 && (strings.HasSuffix(pw[k-1], "'s") || pw[k-1] == "its" || pw[k-1] == "their" || pw[k-1] == "our" || pw[k-1] == "his" || pw[k-1] == "her") {
				break
			}
			st.Org += 2
			break
		}
		if pw[k] == "," || pw[k] == "." || pw[k] == "and" || pw[k] == "of" || pw[k] == "with" {
			break
		}
	}
	// appositive: "X, a Silicon Valley-based platform", "X is one of the … platforms"
	if strings.HasPrefix(next, ", ") && reApposOrg.MatchString(next) || reIsOneOf.MatchString(next) {
		nw := strings.Fields(next)
		for k := 1; k < len(nw) && k < 10; k++ {
			w := strings.TrimSuffix(nw[k], "s")
			if orgNouns[nw[k]] || orgNouns[w] {
				st.Org += 2
				break
			}
			if nw[k] == "," || nw[k] == "." || nw[k] == ";" {
				break
			}
		}
	}
	// place evidence: "based in X", "headquartered in X"
	if hasAnySuffix(prev, placeBeforeEnds) && placeBeforeMatcher.MatchString(prev) {
		st.Place += 3
	}
	// person evidence
	n := len(strings.Fields(c.surface))
	if n >= 2 && n <= 3 {
		if firstNames[strings.ToLower(strings.Fields(c.surface)[0])] {
			st.Person += 2
		}
		if strings.HasPrefix(next, ", ") && rePersonAfter.MatchString(next) {
			st.Person += 3
		}
		if rePersonSaid.MatchString(next) {
			st.Person += 1
		}
		if strings.HasSuffix(prev, "said") || strings.HasSuffix(prev, "according to") {
			st.Person += 1
		}
	}
	if c.first > 0 {
		p := toks[c.first-1].lower
		if personTitleCue[p] && !c.poss {
			st.Person += 3
		}
	}
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[len(f)-1], ".,")
}

func joinLower(toks []token, from, to int) string {
	if from < 0 {
		from = 0
	}
	if to > len(toks) {
		to = len(toks)
	}
	var b strings.Builder
	for k := from; k < to; k++ {
		if k > from {
			b.WriteByte(' ')
		}
		t := toks[k]
		s := t.lower
		if t.hyphen != "" {
			s += "-" + t.hyphen
		}
		b.WriteString(s)
		if t.poss {
			b.WriteString("'s")
		}
	}
	return b.String()
}

// typeNames decides each name's type from its evidence.
func typeNames(stats map[string]*nameStats) {
	// people first, so surnames can be typed from full names
	for _, st := range stats {
		st.tokens = len(strings.Fields(st.key))
		switch {
		case gpe[st.key]:
			st.typ = typePlace
		case st.place >= 3 && st.place > st.org:
			st.typ = typePlace
		case st.person >= 2 && st.person > st.org:
			st.typ = typePerson
		}
	}
	partsOfPeople := map[string]bool{}
	for _, st := range stats {
		if st.typ == typePerson {
			for _, w := range strings.Fields(st.key) {
				partsOfPeople[w] = true
			}
		}
	}
	for _, st := range stats {
		if st.typ != typeUnknown {
			continue
		}
		if st.tokens == 1 && partsOfPeople[st.key] && st.org < 3 {
			st.typ = typePerson
			continue
		}
		need := 1.0
		single := st.tokens == 1
		ordinary := allOrdinary(st.key)
		if single && ordinary {
			need = 2
		}
		if st.initialOnly && single {
			need = 2
		}
		// a name of ordinary words ("North", "Definitive Agreement") is a
		// company only with evidence besides a deal frame
		if ordinary && st.org < 1 {
			continue
		}
		if st.org+st.frameOrg >= need {
			st.typ = typeOrg
		} else if single && isDictWord(st.key) {
			st.typ = typeCommon
		}
	}
}

// allOrdinary reports whether every word of a name key is an ordinary
// English word or a common capitalised term.
func allOrdinary(key string) bool {
	for _, w := range strings.Fields(key) {
		if !isDictWord(w) && !commonCapitalised[w] {
			return false
		}
	}
	return true
}

// company is one company of the corpus alias table.
type company struct {
	key      string
	name     string
	surfaces map[string]int
	keys     map[string]bool // every name key merged into it
	count    int
	members  []*nameStats // the names merged into it
}

// aliasTable maps name keys to companies.
type aliasTable struct {
	byKey   map[string]*company
	byCanon map[string]*company // canonical key → company
	// alternatives lists, for a short form several companies share, every
	// company it may name
	alternatives map[string][]*company
	companies    []*company
	maxTokens    int
	// caches of keys.go, filled as articles are read (safe for
	// concurrent use)
	keyCache keyCache
}

// buildAliases merges the organisation names of the corpus into companies:
// suffix variants share a key; "X (Y)" pairs, rarer prefixes used in the same
// article and one- or two-letter misspellings of long names join the company
// they name.
//
// laterIn reports whether, in every article that names both, the short name
// first appears after the long one ("Acme Robotics Ltd … Acme").
func buildAliases(stats map[string]*nameStats, parens [][2]string, laterIn func(short, long *nameStats) bool) *aliasTable {
	parent := map[string]string{}
	var find func(string) string
	find = func(k string) string {
		for parent[k] != "" && parent[k] != k {
			k = parent[k]
		}
		return k
	}
	union := func(from, to string) { // merge from into to
		a, b := find(from), find(to)
		if a != b {
			parent[a] = b
		}
	}
	var orgs []*nameStats
	for _, st := range stats {
		if st.typ == typeOrg {
			orgs = append(orgs, st)
		}
	}
	sort.Slice(orgs, func(i, j int) bool {
		if orgs[i].count != orgs[j].count {
			return orgs[i].count > orgs[j].count
		}
		return orgs[i].key < orgs[j].key
	})
	// parenthetical aliases: "MI (Xiaomi)", "Kestrel Foods (KF)"
	for _, p := range parens {
		a, b := stats[p[0]], stats[p[1]]
		if a == nil || b == nil {
			continue
		}
		short, long := a, b
		if len(short.key) > len(long.key) {
			short, long = long, short
		}
		if long.typ != typeOrg || short.typ == typePerson || short.typ == typePlace {
			continue
		}
		if len(strings.ReplaceAll(short.key, " ", "")) > 6 && short.typ != typeOrg {
			continue
		}
		if short.typ != typeOrg {
			short.typ = typeOrg
			orgs = append(orgs, short)
		}
		union(short.key, long.key)
	}
	// typo merge: one edit in names of 8+ letters, same word
	// count; a misspelling needs no evidence of its own. Candidates come
	// from an index of deletion variants, so this stays linear in the
	// number of names.
	// one edit (a swap of two letters counts as one) catches the usual
	// misspellings; two would cost a hundred variants per name
	maxEdits := func(l int) int {
		if l >= 8 {
			return 1
		}
		return 0
	}
	variants := map[uint64][]*nameStats{}
	indexed := map[*nameStats]bool{}
	addVariants := func(st *nameStats) {
		if indexed[st] || maxEdits(len(st.key)) == 0 {
			return
		}
		indexed[st] = true
		for _, v := range deletionHashes(st.key, maxEdits(len(st.key))) {
			variants[v] = append(variants[v], st)
		}
	}
	for _, o := range orgs {
		addVariants(o)
	}
	// near returns the names within the allowed edits of st, most used first
	near := func(st *nameStats) []*nameStats {
		seen := map[*nameStats]bool{st: true}
		var out []*nameStats
		for _, v := range deletionHashes(st.key, maxEdits(len(st.key))) {
			if len(variants[v]) > maxVariantShare {
				continue // shared by a whole family of names: says nothing
			}
			for _, o := range variants[v] {
				if seen[o] {
					continue
				}
				seen[o] = true
				l := min(len(o.key), len(st.key))
				max := maxEdits(l)
				// "Fund 2" and "Fund 3" differ by a digit: not a typo
				if o.tokens == st.tokens && o.key[0] == st.key[0] && max > 0 && digitsOf(o.key) == digitsOf(st.key) &&
					abs(len(o.key)-len(st.key)) <= max && deal.EditDistance(o.key, st.key) <= max {
					out = append(out, o)
				}
			}
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].count != out[j].count {
				return out[i].count > out[j].count
			}
			return out[i].key < out[j].key
		})
		return out
	}
	var spellings []*nameStats
	for _, st := range stats {
		if st.typ == typeUnknown && len(st.key) >= 8 {
			spellings = append(spellings, st)
		}
	}
	sort.Slice(spellings, func(i, j int) bool { return spellings[i].key < spellings[j].key })
	for _, b := range spellings {
		for _, a := range near(b) {
			if a.typ == typeOrg && a.count >= b.count {
				b.typ = typeOrg
				orgs = append(orgs, b)
				union(b.key, a.key)
				break
			}
		}
	}
	for _, a := range orgs { // most used first
		for _, b := range near(a) {
			if b.typ == typeOrg && (b.count < a.count || b.count == a.count && b.key > a.key) {
				union(b.key, a.key) // b is rarer
			}
		}
	}
	// prefix merge: "Youku" → "Youku Tudou", "Lémaniq" → "Banque Lémaniq".
	// When several companies share the short form ("Corvath" for Corvath
	// Industries and Corvath Ventures), it goes to the one the corpus names
	// most, and an article that names another of them in full reads it as
	// that one (see Table.overrides).
	var shorts []*nameStats
	for _, st := range stats {
		if st.typ == typeOrg || (st.typ == typeUnknown && st.tokens == 1) {
			shorts = append(shorts, st)
		}
	}
	sort.Slice(shorts, func(i, j int) bool { return shorts[i].key < shorts[j].key })
	alternatives := map[string][]string{}
	byFirstWord := map[string][]*nameStats{}
	byRest := map[string][]*nameStats{} // "banque lémaniq" under "lémaniq"
	for _, l := range orgs {
		if l.tokens < 2 {
			continue
		}
		first, rest, _ := strings.Cut(l.key, " ")
		byFirstWord[first] = append(byFirstWord[first], l)
		if genericLead[first] {
			byRest[rest] = append(byRest[rest], l)
		}
	}
	for _, s := range shorts {
		var longs []*nameStats
		first, _, _ := strings.Cut(s.key, " ")
		for _, l := range byFirstWord[first] {
			if l.tokens > s.tokens && strings.HasPrefix(l.key, s.key+" ") {
				longs = append(longs, l)
			}
		}
		for _, l := range byRest[s.key] {
			if l.tokens > s.tokens {
				longs = append(longs, l)
			}
		}
		if len(longs) == 0 {
			continue
		}
		count := map[string]int{}
		for _, l := range longs {
			count[find(l.key)] += l.count
		}
		if len(count) > 1 && count[find(s.key)] > 0 && find(s.key) != s.key {
			continue // already merged elsewhere (a typo or an alias)
		}
		var best string
		for r, n := range count {
			if best == "" || n > count[best] || n == count[best] && r < best {
				best = r
			}
		}
		var long *nameStats
		for _, l := range longs {
			if find(l.key) == best && (long == nil || l.count > long.count) {
				long = l
			}
		}
		if !(s.typ == typeOrg || s.count <= long.count || laterIn(s, long)) {
			continue
		}
		if s.typ != typeOrg {
			s.typ = typeOrg
			orgs = append(orgs, s)
		}
		union(s.key, long.key)
		if len(count) > 1 {
			for r := range count {
				alternatives[s.key] = append(alternatives[s.key], r)
			}
			sort.Strings(alternatives[s.key])
		}
	}
	t := &aliasTable{byKey: map[string]*company{}}
	groups := map[string]*company{}
	members := map[*company][]*nameStats{}
	for _, st := range orgs {
		root := find(st.key)
		c := groups[root]
		if c == nil {
			c = &company{surfaces: map[string]int{}, keys: map[string]bool{}}
			groups[root] = c
			t.companies = append(t.companies, c)
			members[c] = nil
		}
		c.keys[st.key] = true
		c.count += st.count
		for s, n := range st.surfaces {
			c.surfaces[s] += n
		}
		members[c] = append(members[c], st)
		t.byKey[st.key] = c
		if st.tokens > t.maxTokens {
			t.maxTokens = st.tokens
		}
	}
	for c, sts := range members {
		c.members = sts
	}
	t.byCanon = map[string]*company{}
	for _, c := range t.companies {
		c.name = displayName(c)
		c.key = normKey(c.name)
		t.byCanon[c.key] = c
	}
	t.alternatives = map[string][]*company{}
	for short, roots := range alternatives {
		for _, r := range roots {
			if c := t.byKey[r]; c != nil {
				t.alternatives[short] = append(t.alternatives[short], c)
			}
		}
	}
	sort.Slice(t.companies, func(i, j int) bool { return t.companies[i].key < t.companies[j].key })
	return t
}

// countArticles counts the articles that name any of names.
func countArticles(names []*nameStats) int {
	if len(names) == 1 {
		return len(names[0].articles)
	}
	top := uint32(0)
	for _, st := range names {
		for _, a := range st.articles {
			top = max(top, a)
		}
	}
	seen := make([]uint64, top/64+1) // a bit per article number
	for _, st := range names {
		for _, a := range st.articles {
			seen[a/64] |= 1 << (a % 64)
		}
	}
	n := 0
	for _, w := range seen {
		n += bits.OnesCount64(w)
	}
	return n
}

// displayName picks the most used written form of a company's name, without
// legal suffix or possessive; ties go to the longer form.
func displayName(c *company) string {
	type sc struct {
		s string
		n int
	}
	byForm := map[string]int{}
	for s, n := range c.surfaces {
		byForm[s] += n
	}
	var forms []sc
	for s, n := range byForm {
		// prefer forms without a legal suffix: "Acme" over "Acme Corp"
		f := strings.Fields(s)
		if len(f) > 1 && legalSuffixes[strings.ToLower(strings.Trim(f[len(f)-1], "."))] {
			n = n / 2
		}
		// an all-caps short alias is never the display name when a longer
		// form exists
		if len(s) <= 3 && len(byForm) > 1 {
			n = 0
		}
		forms = append(forms, sc{s, n})
	}
	sort.Slice(forms, func(i, j int) bool {
		if forms[i].n != forms[j].n {
			return forms[i].n > forms[j].n
		}
		if len(forms[i].s) != len(forms[j].s) {
			return len(forms[i].s) > len(forms[j].s)
		}
		return forms[i].s < forms[j].s
	})
	// the full name news gives first ("Acme Robotics") over the short form
	// it uses after ("Acme"): the longest form, without a legal suffix, that
	// extends the most used one
	best := forms[0].s
	bk := normKey(best)
	for _, f := range forms[1:] {
		fk := normKey(f.s)
		if f.n == 0 || len(fk) <= len(bk) || fk == bk {
			continue
		}
		if strings.HasPrefix(fk, bk+" ") || strings.HasSuffix(fk, " "+bk) {
			if w := strings.Fields(f.s); legalSuffixes[strings.ToLower(strings.Trim(w[len(w)-1], "."))] {
				continue
			}
			best, bk = f.s, fk
		}
	}
	return best
}

// maxVariantShare is how many names may share a deletion variant before
// the variant is ignored when looking for misspellings.
const maxVariantShare = 32

func digitsOf(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// deletionHashes returns the hashes of s and of every string made by
// deleting one of its runes (n is 0 or 1), without making the strings: the
// typo index keys on them, and a hash shared by accident only adds a
// candidate that the edit-distance check then turns down.
func deletionHashes(s string, n int) []uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	hash := func(h uint64, b string) uint64 {
		for i := 0; i < len(b); i++ {
			h ^= uint64(b[i])
			h *= prime
		}
		return h
	}
	out := []uint64{hash(offset, s)}
	if n == 0 {
		return out
	}
	prefix := uint64(offset) // hash of s[:i]
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		end := i + size
		if v := hash(prefix, s[end:]); !slices.Contains(out, v) {
			out = append(out, v)
		}
		prefix = hash(prefix, s[i:end])
		i = end
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// lookupSpan finds the company named by tokens toks[i:j], if any.
func (t *aliasTable) lookup(key string) *company { return t.byKey[key] }
