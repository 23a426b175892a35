package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dealbot/dealbot/internal/deal"
)

// dateRef is a date expression found in a sentence.
type dateRef struct {
	d        deal.Date
	lo, hi   int
	text     string
	relative bool // resolved against the article date
	founding bool // "founded in 2015": a date of something else
	target   bool // "expected to close in 2026": a target, not a date the deal happened
}

const monthPat = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

var (
	reDayMonthYear = regexp.MustCompile(`(?i)\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s)?(\d{1,2})(?:st|nd|rd|th)?\s(?:of\s)?` + monthPat + `\.?,?\s(\d{4})\b`)
	reMonthDayYear = regexp.MustCompile(`(?i)\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s)?` + monthPat + `\.?\s(\d{1,2})(?:st|nd|rd|th)?,?\s(\d{4})\b`)
	reISODate      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	reDottedDate   = regexp.MustCompile(`\b(\d{1,2})([./])(\d{1,2})[./](\d{4})\b`)
	reMonthYear    = regexp.MustCompile(`(?i)\b(?:in|since|from|until|by|of|during|early|late|mid-?|back in|as of|last|this|before|after)?\s?` + monthPat + `,?\s(\d{4})\b`)
	reMonthDay     = regexp.MustCompile(`(?i)\b(?:on\s)` + monthPat + `\.?\s(\d{1,2})(?:st|nd|rd|th)?\b`)
	reYearNoun     = regexp.MustCompile(`(?i)\b(?:a|an|the|its|their)\s((?:19|20)\d\d)\s(?:funding|round|deal|acquisition|merger|investment|agreement|partnership|series|takeover|licen[cs]e|licensing|joint venture|buyout|purchase|attempt|bid|offer|talks|tie-up|alliance)\b`)
	reMonthOnly    = regexp.MustCompile(`(?i)\b(?:in|since|from|during|until|by|early|late|mid-?)\s` + monthPat + `\b(?:\s(?:this|last)\s(?:year))?`)
	reYear         = regexp.MustCompile(`(?i)\b(in|since|back to|from|during|by|until|of|early|late|mid-?|throughout|as early as|as of|before|after|year)\s((?:19|20)\d\d)\b`)
	reRelative     = regexp.MustCompile(`(?i)\b(yesterday|today|earlier today|this week|last week|earlier this week|this month|last month|earlier this month|this year|last year|earlier this year|(?:on\s)?(?:last\s)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s(day|week|month|year)s?\sago)\b`)
	reTarget       = regexp.MustCompile(`(?i)(?:\b(?:expected|expects|expecting|scheduled|due|targets?|targeted|targeting|aims?|aiming|planned|plans?|deadline|to close|to complete|will close|will complete|would close|should close|set to close)\s(?:\S+\s){0,3}|\b(?:by|until|through|before|by the end of|no later than)\s)$`)
	reFounding     = regexp.MustCompile(`(?i)\b(?:founded|established|launched|created|born|incorporated|started|formed|set up|listed|went public|ipo)\s(?:\S+\s){0,2}$`)
)

func monthNum(s string) int {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0
	}
	switch s[:3] {
	case "jan":
		return 1
	case "feb":
		return 2
	case "mar":
		return 3
	case "apr":
		return 4
	case "may":
		return 5
	case "jun":
		return 6
	case "jul":
		return 7
	case "aug":
		return 8
	case "sep":
		return 9
	case "oct":
		return 10
	case "nov":
		return 11
	case "dec":
		return 12
	}
	return 0
}

func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

// findDates finds date expressions in a normalised sentence, resolving
// relative ones ("yesterday", "last month", "on Tuesday") against the article
// date. Without an article date, relative expressions are left out: no date
// is invented.
func findDates(norm string, article time.Time) []dateRef {
	if !mayHaveDate(norm) {
		return nil
	}
	var out []dateRef
	taken := func(lo, hi int) bool {
		for _, d := range out {
			if lo < d.hi && d.lo < hi {
				return true
			}
		}
		return false
	}
	add := func(d deal.Date, lo, hi int, rel bool) {
		if d.IsZero() || taken(lo, hi) {
			return
		}
		before := strings.ToLower(norm[:lo])
		out = append(out, dateRef{d: d, lo: lo, hi: hi, text: norm[lo:hi], relative: rel, founding: reFounding.MatchString(before), target: reTarget.MatchString(before)})
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	// cheap tests before the expressions: each needs a month name, four
	// digits in a row, or a calendar word ('ſ' folds to 's' in (?i)
	// expressions but not under ToLower, so with one in the sentence the
	// words are not ruled out)
	lower := strings.ToLower(norm)
	odd := strings.ContainsRune(norm, 'ſ')
	month := odd || containsAnyOf(lower, monthStems)
	relative := odd || containsAnyOf(lower, calendarWords)
	digits4 := hasDigitRun(norm, 4)
	findAll := func(re *regexp.Regexp, ok bool) [][]int {
		if !ok {
			return nil
		}
		return re.FindAllStringSubmatchIndex(norm, -1)
	}
	for _, m := range findAll(reDayMonthYear, month && digits4) {
		d, mo, y := atoi(norm[m[2]:m[3]]), monthNum(norm[m[4]:m[5]]), atoi(norm[m[6]:m[7]])
		if validDay(y, mo, d) {
			add(deal.Date{Year: y, Month: mo, Day: d}, m[0], m[1], false)
		}
	}
	for _, m := range findAll(reMonthDayYear, month && digits4) {
		mo, d, y := monthNum(norm[m[2]:m[3]]), atoi(norm[m[4]:m[5]]), atoi(norm[m[6]:m[7]])
		if validDay(y, mo, d) {
			add(deal.Date{Year: y, Month: mo, Day: d}, m[0], m[1], false)
		}
	}
	for _, m := range findAll(reISODate, digits4) {
		y, mo, d := atoi(norm[m[2]:m[3]]), atoi(norm[m[4]:m[5]]), atoi(norm[m[6]:m[7]])
		if validDay(y, mo, d) {
			add(deal.Date{Year: y, Month: mo, Day: d}, m[0], m[1], false)
		}
	}
	// "14.03.2023" is day first; "20/08/2024" too when the day is over 12;
	// "08/05/2024" is ambiguous and left out
	for _, m := range findAll(reDottedDate, digits4) {
		a, b, y := atoi(norm[m[2]:m[3]]), atoi(norm[m[6]:m[7]]), atoi(norm[m[8]:m[9]])
		d, mo := a, b
		if norm[m[4]:m[5]] == "/" {
			switch {
			case a > 12 && b <= 12:
			case b > 12 && a <= 12:
				d, mo = b, a
			default:
				continue
			}
		}
		if validDay(y, mo, d) {
			add(deal.Date{Year: y, Month: mo, Day: d}, m[0], m[1], false)
		}
	}
	for _, m := range findAll(reMonthYear, month && digits4) {
		mo, y := monthNum(norm[m[2]:m[3]]), atoi(norm[m[4]:m[5]])
		// "May 2019" needs a capital for the ambiguous month "may"
		if strings.EqualFold(norm[m[2]:m[3]], "may") && norm[m[2]] == 'm' {
			continue
		}
		if mo > 0 && y >= 1900 && y <= 2100 {
			add(deal.Date{Year: y, Month: mo}, m[2], m[1], false)
		}
	}
	if !article.IsZero() {
		for _, m := range findAll(reMonthDay, month) {
			mo, d := monthNum(norm[m[2]:m[3]]), atoi(norm[m[4]:m[5]])
			y := article.Year()
			if mo > int(article.Month()) {
				y-- // "on December 3" in a January article
			}
			if validDay(y, mo, d) {
				add(deal.Date{Year: y, Month: mo, Day: d}, m[0], m[1], true)
			}
		}
	}
	for _, m := range findAll(reYearNoun, digits4) {
		add(deal.Date{Year: atoi(norm[m[2]:m[3]])}, m[2], m[3], false)
	}
	if !article.IsZero() {
		// "agreed in March": the month of the article's year, or of the
		// year before when March is still to come
		for _, m := range findAll(reMonthOnly, month) {
			word := norm[m[2]:m[3]]
			if strings.EqualFold(word, "may") && word[0] == 'm' {
				continue
			}
			mo := monthNum(word)
			y := article.Year()
			if mo > int(article.Month()) || strings.Contains(strings.ToLower(norm[m[0]:m[1]]), "last year") {
				y--
			}
			add(deal.Date{Year: y, Month: mo}, m[2], m[1], true)
		}
	}
	for _, m := range findAll(reYear, digits4) {
		y := atoi(norm[m[4]:m[5]])
		add(deal.Date{Year: y}, m[4], m[5], false)
	}
	if !article.IsZero() {
		for _, m := range findAll(reRelative, relative) {
			if d, ok := resolveRelative(strings.ToLower(norm[m[0]:m[1]]), article); ok {
				add(d, m[0], m[1], true)
			}
		}
	}
	return out
}

// mayHaveDate is a cheap filter: every date form has a digit or one of
// these words.
func mayHaveDate(s string) bool {
	if strings.ContainsAny(s, "0123456789") {
		return true
	}
	l := strings.ToLower(s)
	for _, w := range []string{"day", "week", "month", "year", "ago"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

var weekdays = map[string]time.Weekday{"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday}

func resolveRelative(s string, a time.Time) (deal.Date, bool) {
	day := func(t time.Time) deal.Date { return deal.DateOf(t, deal.Day) }
	switch s {
	case "yesterday":
		return day(a.AddDate(0, 0, -1)), true
	case "today", "earlier today":
		return day(a), true
	case "this week", "earlier this week":
		return day(a), true
	case "last week":
		return day(a.AddDate(0, 0, -7)), true
	case "this month", "earlier this month":
		return deal.DateOf(a, deal.Month), true
	case "last month":
		return deal.DateOf(time.Date(a.Year(), a.Month()-1, 1, 0, 0, 0, 0, time.UTC), deal.Month), true
	case "this year", "earlier this year":
		return deal.Date{Year: a.Year()}, true
	case "last year":
		return deal.Date{Year: a.Year() - 1}, true
	}
	f := strings.Fields(s)
	if len(f) >= 1 {
		if wd, ok := weekdays[f[len(f)-1]]; ok {
			back := (int(a.Weekday()) - int(wd) + 7) % 7
			if f[0] == "last" && back == 0 {
				back = 7
			}
			return day(a.AddDate(0, 0, -back)), true
		}
	}
	if len(f) == 3 && f[2] == "ago" {
		n, err := strconv.Atoi(f[0])
		if err != nil {
			n = wordNums[f[0]]
			if f[0] == "a" {
				n = 1
			}
		}
		if n <= 0 {
			return deal.Date{}, false
		}
		switch strings.TrimSuffix(f[1], "s") {
		case "day":
			return day(a.AddDate(0, 0, -n)), true
		case "week":
			return day(a.AddDate(0, 0, -7*n)), true
		case "month":
			return deal.DateOf(a.AddDate(0, -n, 0), deal.Month), true
		case "year":
			return deal.Date{Year: a.Year() - n}, true
		}
	}
	return deal.Date{}, false
}
