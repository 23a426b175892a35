package extract

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/dealbot/dealbot/internal/deal"
)

// money is an amount found in a sentence.
type money struct {
	amt     deal.Amount
	lo, hi  int  // byte span in the normalised sentence
	context bool // a fund, budget, revenue or valuation, not the deal's money
}

const numPat = `\d+(?:[.,]\d+)*`

var (
	reMoneySym   = regexp.MustCompile(`(?i)(US\$|U\.S\.\s?\$|USD\s?|HK\$|HKD\s?|S\$|SGD\s?|A\$|AUD\s?|C\$|CAD\s?|NZ\$|R\$|\$|€|EUR\s?|£|GBP\s?|¥|JPY\s?|CNY\s?|RMB\s?|₹|INR\s?|Rs\.?\s?|CHF\s?|₩|KRW\s?|SEK\s?|NOK\s?|DKK\s?)(` + numPat + `)(?:[\s-]?(trillion|tn|billion|bn|b|million|mln|mn|m|thousand|k|crore|lakh|lakhs|crores)\b)?`)
	reMoneyWord  = regexp.MustCompile(`(?i)\b(` + numPat + `)\s?(trillion|tn|billion|bn|million|mln|mn|thousand|crore|lakh)?\s(us dollars|u\.s\. dollars|dollars|euros?|yuan|renminbi|rmb|pounds(?: sterling)?|yen|rupees|won|swiss francs|francs|pesos|mexican pesos|reais|rand|usd|eur|gbp|cny|inr|jpy|hkd|krw|mxn|brl|zar)\b`)
	reDigitRange = regexp.MustCompile(`(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)[- ]digit\s(us dollar|u\.s\. dollar|dollar|euro|yuan|pound|rupee|yen)s?\b(?:\s(?:sum|amount|investment|deal|figure|price))?`)
	reVague      = regexp.MustCompile(`(?i)\b(tens|hundreds) of (millions|billions) of (dollars|euros|yuan|pounds)\b`)
	reBracket    = regexp.MustCompile(`^\s?[\[(](?:about|around|roughly|approximately|approx\.?|some|nearly|almost|c\.|~|or|equivalent to|worth)?\s?`)
)

var wordNums = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

func currencyOf(sym, sentence string) string {
	s := strings.ToUpper(strings.TrimSpace(sym))
	s = strings.ReplaceAll(s, " ", "")
	switch s {
	case "US$", "U.S.$", "$", "USD", "DOLLARS", "USDOLLARS", "U.S.DOLLARS", "DOLLAR", "USDOLLAR":
		return "USD"
	case "HK$", "HKD":
		return "HKD"
	case "S$", "SGD":
		return "SGD"
	case "A$", "AUD":
		return "AUD"
	case "C$", "CAD":
		return "CAD"
	case "NZ$":
		return "NZD"
	case "R$":
		return "BRL"
	case "€", "EUR", "EURO", "EUROS":
		return "EUR"
	case "£", "GBP", "POUND", "POUNDS", "POUNDSSTERLING":
		return "GBP"
	case "¥":
		l := strings.ToLower(sentence)
		if strings.Contains(l, "yuan") || strings.Contains(l, "rmb") || strings.Contains(l, "renminbi") || strings.Contains(l, "china") || strings.Contains(l, "chinese") {
			return "CNY"
		}
		return "JPY"
	case "JPY", "YEN":
		return "JPY"
	case "CNY", "RMB", "YUAN", "RENMINBI":
		return "CNY"
	case "₹", "INR", "RS", "RS.", "RUPEE", "RUPEES":
		return "INR"
	case "CHF", "FRANCS", "SWISSFRANCS":
		return "CHF"
	case "₩", "KRW", "WON":
		return "KRW"
	case "SEK", "NOK", "DKK":
		return s
	case "PESOS", "MEXICANPESOS", "MXN", "MX$":
		return "MXN"
	case "REAIS", "BRL":
		return "BRL"
	case "RAND", "ZAR":
		return "ZAR"
	}
	return ""
}

func scaleOf(unit string) float64 {
	switch strings.ToLower(unit) {
	case "trillion", "tn":
		return 1e12
	case "billion", "bn", "b":
		return 1e9
	case "million", "mln", "mn", "m":
		return 1e6
	case "thousand", "k":
		return 1e3
	case "crore", "crores":
		return 1e7
	case "lakh", "lakhs":
		return 1e5
	}
	return 1
}

func parseNum(s string) (float64, bool) {
	// "1,500" is fifteen hundred; "1,5" (European decimal) is 1.5
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		parts := strings.Split(s, ",")
		if len(parts[1]) != 3 {
			s = parts[0] + "." + parts[1]
		}
	}
	s = strings.ReplaceAll(s, ",", "")
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// findMoney finds every amount in a normalised sentence, with bracketed
// conversions folded into the amount they convert.
func findMoney(norm string, year int, fx *fxTable) []money {
	if !strings.ContainsAny(norm, "0123456789") && !strings.Contains(norm, "digit") && !strings.Contains(norm, " of millions") && !strings.Contains(norm, " of billions") {
		return nil
	}
	var out []money
	add := func(m money) {
		for _, o := range out {
			if m.lo < o.hi && o.lo < m.hi {
				return
			}
		}
		out = append(out, m)
	}
	var syms [][]int
	if from := moneySymFrom(norm); from >= 0 {
		// no match starts before from, and reMoneySym looks at nothing
		// before its match
		syms = findAllFrom(reMoneySym, norm, from)
	}
	for _, loc := range syms {
		sym := norm[loc[2]:loc[3]]
		v, ok := parseNum(norm[loc[4]:loc[5]])
		if !ok {
			continue
		}
		unit := ""
		if loc[6] >= 0 {
			unit = norm[loc[6]:loc[7]]
		}
		// a bare "b"/"m" must be glued to the number or followed by nothing
		// word-like, else it's a word ("$5 m" is fine; "$5 more" is not
		// matched because of \b)
		cur := currencyOf(sym, norm)
		if cur == "" {
			continue
		}
		add(money{amt: deal.Amount{Text: strings.TrimSpace(norm[loc[0]:loc[1]]), Value: v * scaleOf(unit), Currency: cur}, lo: loc[0], hi: loc[1]})
	}
	lower := strings.ToLower(norm)
	// 'ſ' folds to 's' in (?i) expressions but not under ToLower: with one
	// in the sentence, the word tests below cannot rule anything out
	odd := strings.ContainsRune(norm, 'ſ')
	var words [][]int
	if odd || containsAnyOf(lower, moneyWordStems) {
		words = reMoneyWord.FindAllStringSubmatchIndex(norm, -1)
	}
	for _, loc := range words {
		v, ok := parseNum(norm[loc[2]:loc[3]])
		if !ok {
			continue
		}
		unit := ""
		if loc[4] >= 0 {
			unit = norm[loc[4]:loc[5]]
		}
		cur := currencyOf(norm[loc[6]:loc[7]], norm)
		if cur == "" {
			continue
		}
		add(money{amt: deal.Amount{Text: norm[loc[0]:loc[1]], Value: v * scaleOf(unit), Currency: cur}, lo: loc[0], hi: loc[1]})
	}
	var ranges [][]int
	if odd || strings.Contains(lower, "digit") {
		ranges = reDigitRange.FindAllStringSubmatchIndex(norm, -1)
	}
	for _, loc := range ranges {
		w := strings.ToLower(norm[loc[2]:loc[3]])
		n, ok := wordNums[w]
		if !ok {
			n, _ = strconv.Atoi(w)
		}
		if n < 1 || n > 15 {
			continue
		}
		cur := currencyOf(strings.TrimPrefix(strings.ToLower(norm[loc[4]:loc[5]]), "us ")+"s", norm)
		if strings.HasPrefix(strings.ToLower(norm[loc[4]:loc[5]]), "u") {
			cur = "USD"
		}
		if cur == "" {
			cur = currencyOf(norm[loc[4]:loc[5]], norm)
		}
		low := math.Pow(10, float64(n-1))
		add(money{amt: deal.Amount{Text: norm[loc[0]:loc[1]], Value: low, ValueHigh: low*10 - 1, Currency: cur, Approximate: true}, lo: loc[0], hi: loc[1]})
	}
	var vague [][]int
	if odd || strings.Contains(lower, "illion") {
		vague = reVague.FindAllStringSubmatchIndex(norm, -1)
	}
	for _, loc := range vague {
		base := 1e6
		if strings.EqualFold(norm[loc[4]:loc[5]], "billions") {
			base = 1e9
		}
		mult := 10.0
		if strings.EqualFold(norm[loc[2]:loc[3]], "hundreds") {
			mult = 100
		}
		cur := currencyOf(norm[loc[6]:loc[7]], norm)
		add(money{amt: deal.Amount{Text: norm[loc[0]:loc[1]], Value: base * mult, ValueHigh: base*mult*10 - 1, Currency: cur, Approximate: true}, lo: loc[0], hi: loc[1]})
	}
	// sort by position
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].lo < out[j-1].lo; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	// fold bracketed conversions: "1.8 billion yuan ($294 million)",
	// "$300 million [£189 million]"
	var folded []money
	for i := 0; i < len(out); i++ {
		m := out[i]
		if i+1 < len(out) {
			between := norm[m.hi:out[i+1].lo]
			if reBracket.MatchString(between) && len(strings.TrimSpace(between)) <= 20 {
				conv := out[i+1]
				end := conv.hi
				if end < len(norm) && (norm[end] == ')' || norm[end] == ']') {
					end++
				}
				if m.amt.Currency != "USD" && conv.amt.Currency == "USD" {
					m.amt.USD = conv.amt.Value
					m.amt.FXSource = "text"
				}
				m.amt.Text = strings.TrimSpace(norm[m.lo:end])
				m.hi = end
				i++
			}
		}
		folded = append(folded, m)
	}
	for i := range folded {
		m := &folded[i]
		m.context = isContextAmount(norm, m.lo, m.hi)
		fx.toUSD(&m.amt, year)
	}
	return folded
}

var (
	reCtxAfter   = regexp.MustCompile(`^\s?(?:\S+\s){0,3}?(?:savings|synergies|assets|in client assets|under management|fund|funds|plan|plans|budget|programme|program|war chest|revenue|revenues|sales|turnover|profit|profits|loss|losses|valuation|market cap|market capitalisation|market capitalization|market value|in revenue|in sales|in annual|a year|per year|annually|users|subscribers|salary|bonus|fine|penalty)\b`)
	reCtxBefore  = regexp.MustCompile(`(?:creat(?:e|es|ing)\s(?:a\s|an\s)?|(?:combined |total )?assets of|deposits of|valuation of|valuing (?:\S+\s){0,3}at|valued (?:\S+\s){0,2}at|revenues? of|sales of|turnover of|profits? of|losses? of|market (?:cap|value|capitali[sz]ation) of|budget of|fund of|its|their|a total of|(?:company|firm|startup|business|which is|is now|now|currently|was) worth|fined|penalty of)\s?(?:about |around |roughly |nearly |more than |over |some )?$`)
	reDealBefore = regexp.MustCompile(`(?:deal|transaction|acquisition|merger|offer|purchase|takeover|agreement|buyout|bid)\b(?:\s\S+){0,3}\s(?:valued at|worth|of)\s?(?:about |around |roughly |nearly |more than |over |some )?$`)
	reOfTheFund  = regexp.MustCompile(`^\s?(?:\[[^\]]*\]\s?|\([^)]*\)\s?)?of (?:the|its|that) (?:fund|plan|budget)`)
)

// isContextAmount reports whether the amount at norm[lo:hi] is a fund,
// budget, revenue or valuation rather than the deal's own money.
func isContextAmount(norm string, lo, hi int) bool {
	before := strings.ToLower(norm[:lo])
	after := strings.ToLower(norm[hi:])
	if reOfTheFund.MatchString(after) {
		return false // "$300 million of the fund in X" is the deal amount
	}
	trimmed := strings.TrimRight(before, " \t\n\f\r")
	if hasAnySuffix(trimmed, dealBeforeEnds) && reDealBefore.MatchString(before) {
		return false
	}
	if reCtxAfter.MatchString(after) {
		return true
	}
	if hasAnySuffix(trimmed, ctxBeforeEnds) && reCtxBefore.MatchString(before) {
		// "its $1 billion fund" is context; "for $45m" is not
		if strings.HasSuffix(strings.TrimSpace(before), "its") || strings.HasSuffix(strings.TrimSpace(before), "their") {
			return reCtxAfter.MatchString(after)
		}
		return true
	}
	return false
}
