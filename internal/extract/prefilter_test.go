package extract

import (
	"context"
	"io/fs"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/dealbot/dealbot/corpus"
)

// prefilterInputs returns the strings the prefiltered expressions see,
// built from the sentences of the eval corpus and the seed articles:
// lower-cased sentences, frame strings, and the words before and after
// every token, plus hand-made edge cases.
func prefilterInputs(t *testing.T) []string {
	t.Helper()
	var arts []corpus.Article
	for _, fsys := range []any{"../../testdata/eval/corpus", nil} {
		var src = corpus.Seed()
		if dir, ok := fsys.(string); ok {
			src = corpus.DirFS(dir)
		}
		as, _, err := corpus.Load(context.Background(), src, corpus.Options{})
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if (raceEnabled || testing.Short()) && len(as) > 4 {
			as = as[:4] // the race detector makes every expression ten times slower
		}
		arts = append(arts, as...)
	}
	if len(arts) == 0 {
		t.Fatal("no articles")
	}
	names := make([]Names, len(arts))
	for i := range arts {
		names[i] = ReadNames(&arts[i])
	}
	tab := NewTable(names)
	out := []string{
		"", " ", "the ", "a ", "in ", "with ", "stake in the ", "invest heavily in the future of into ",
		"invested in ", "investment a b c d e f into a ", "investment a b c d e f g into a ",
		"co-with ", "xwith ", "é with ", "based in", "the state of", "region", "-province",
		"said it will acquire", "plans, to acquire", "to acquire", "set up", "said", "saidx",
		"on 3 Sept. 2021", "SEPT 3, 2021", "Se\u017Ft 3, 2021", "last wee\u212A", "2 weeks ago", "in 2019", "12.05.2020",
		"a subsidiary of", "owned by", "according to", "cited by", "reported that", "rivals such as", "the likes of",
		"2020-01-02", "US$5 million", "U.S. $7 billion", "HK$ 9", "€5m", "\u20b9 300 crore", "Rs. 40 lakh", "kr\u212Aw 5",
		"the company denied the report", "on march 3 it said", "its 2019 funding round", "in March 2020",
		"the deal valued at ", "a deal worth about ", "its ", "total assets of", "valued the firm at\t", "5 US DOLLARS", "a seven-digit sum", "tens of millions of dollars", "5 reais", "10 Won",
	}
	for ai := range arts {
		a := &arts[ai]
		for _, s := range a.Sentences {
			toks := tokenize(s.Norm)
			out = append(out, strings.ToLower(s.Norm), s.Norm)
			// the words before and after names, as gatherEvidence and
			// frameString see them
			for _, c := range candidates(toks) {
				out = append(out, joinLower(toks, c.first-8, c.first), joinLower(toks, c.last+1, c.last+12), joinLower(toks, c.last+1, c.last+4))
			}
			ms := tab.sentenceMentions(toks, nil, nil)
			fs, _ := frameString(toks, ms, &discourse{}, a.Source)
			out = append(out, fs)
		}
	}
	return out
}

func odd(s string) bool { return strings.ContainsRune(s, 'ſ') }

// dateMay is the test findDates makes before a date expression.
func dateMay(month, digits4 bool) func(string) bool {
	return func(s string) bool {
		return (!month || odd(s) || containsAnyOf(strings.ToLower(s), monthStems)) && (!digits4 || hasDigitRun(s, 4))
	}
}

// TestPrefilters checks every prefilter against its expression: when the
// expression matches, the prefilter must let the input through; and the
// word-start matchers must agree with their expressions exactly.
func TestPrefilters(t *testing.T) {
	inputs := prefilterInputs(t)
	necessary := []struct {
		name string
		re   *regexp.Regexp
		may  func(string) bool
	}{
		{"reObjPrev", reObjPrev, func(s string) bool { return strings.HasSuffix(s, " ") && objPrevMay(s[:len(s)-1]) }},
		{"rePlaceBefore", rePlaceBefore, func(s string) bool { return hasAnySuffix(s, placeBeforeEnds) }},
		{"reSubjVerb", reSubjVerb, subjVerbMay},
		{"reOrphanStake", reOrphanStake, func(s string) bool { return containsAnyOf(s, orphanStakeWords) }},
		{"reTerminated", reTerminated, func(s string) bool { return containsAnyOf(s, terminatedWords) }},
		{"reDenied", reDenied, func(s string) bool { return containsAnyOf(s, deniedWords) }},
		{"reReported", reReported, func(s string) bool { return containsAnyOf(s, reportedWords) }},
		{"reCompleted", reCompleted, func(s string) bool { return containsAnyOf(s, completedWords) }},
		{"reSigned", reSigned, func(s string) bool { return containsAnyOf(s, signedWords) }},
		{"reDayMonthYear", reDayMonthYear, dateMay(true, true)},
		{"reMonthDayYear", reMonthDayYear, dateMay(true, true)},
		{"reISODate", reISODate, dateMay(false, true)},
		{"reDottedDate", reDottedDate, dateMay(false, true)},
		{"reMonthYear", reMonthYear, dateMay(true, true)},
		{"reMonthDay", reMonthDay, dateMay(true, false)},
		{"reYearNoun", reYearNoun, dateMay(false, true)},
		{"reMonthOnly", reMonthOnly, dateMay(true, false)},
		{"reYear", reYear, dateMay(false, true)},
		{"reRelative", reRelative, func(s string) bool { return odd(s) || containsAnyOf(strings.ToLower(s), calendarWords) }},
		{"reMoneyWord", reMoneyWord, func(s string) bool { return odd(s) || containsAnyOf(strings.ToLower(s), moneyWordStems) }},
		{"reDigitRange", reDigitRange, func(s string) bool { return odd(s) || strings.Contains(strings.ToLower(s), "digit") }},
		{"reVague", reVague, func(s string) bool { return odd(s) || strings.Contains(strings.ToLower(s), "illion") }},
		{"reParentBefore", reParentBefore, func(s string) bool { return hasAnySuffix(s, parentBeforeEnds) }},
		{"reporterBefore", reporterBefore, func(s string) bool { return hasAnySuffix(s, reporterBeforeEnds) }},
		{"exclusionCue", exclusionCue, func(s string) bool { return containsAnyOf(s, exclusionWords) }},
		{"reReporterAfter", reReporterAfter, func(s string) bool { return s != "" && strings.IndexByte("rwcfs", s[0]) >= 0 }},
		{"reMoneySym", reMoneySym, moneySymMay},
		{"reDealBefore", reDealBefore, func(s string) bool {
			return hasAnySuffix(strings.TrimRight(s, " \t\n\f\r"), dealBeforeEnds)
		}},
		{"reCtxBefore", reCtxBefore, func(s string) bool {
			return hasAnySuffix(strings.TrimRight(s, " \t\n\f\r"), ctxBeforeEnds)
		}},
		{"reDealNoun", reDealNoun, func(s string) bool { return containsAnyOf(s, dealNounWords) }},
		{"reApposOrg", reApposOrg, func(s string) bool { return strings.HasPrefix(s, ", ") }},
		{"rePersonAfter", rePersonAfter, func(s string) bool { return strings.HasPrefix(s, ", ") }},
		{"reRefSingle", reRefSingle, func(s string) bool {
			f := strings.Fields(s)
			return len(f) > 0 && refSingleNouns[f[len(f)-1]]
		}},
	}
	for _, n := range necessary {
		matched := 0
		for _, in := range inputs {
			if n.name == "reObjPrev" {
				in += " " // it runs on the words before a name and a space
			}
			if n.re.MatchString(in) {
				matched++
				if !n.may(in) {
					t.Errorf("%s matches %q but its prefilter says no", n.name, in)
				}
			}
		}
		if matched == 0 && n.name != "reRefSingle" && n.name != "reVague" && n.name != "reDigitRange" && n.name != "reReporterAfter" && n.name != "reParentBefore" && n.name != "reporterBefore" {
			t.Errorf("%s: no input matches; the check tests nothing", n.name)
		}
	}
	for _, m := range []struct {
		name string
		re   *regexp.Regexp
		m    wordStartMatcher
	}{
		{"reObjPrev", reObjPrev, objPrevMatcher},
		{"rePlaceBefore", rePlaceBefore, placeBeforeMatcher},
	} {
		n := 0
		for _, ok := range m.m.first {
			if ok {
				n++
			}
		}
		if n > 26 {
			t.Errorf("%s word-start matcher tries words starting with any of %d bytes; want only the first letters of its alternatives", m.name, n)
		}
		for _, in := range inputs {
			if m.name == "reObjPrev" {
				in += " "
			}
			if got, want := m.m.MatchString(in), m.re.MatchString(in); got != want {
				t.Errorf("%s word-start matcher on %q = %v; want %v", m.name, in, got, want)
			}
		}
	}
	// the one-pass filter of the frame patterns agrees with containsAny,
	// pattern by pattern
	for _, s := range inputs {
		hits := frameNeeds.hits(s)
		for i, p := range framePats {
			if got, want := hits.intersects(p.needMask), containsAny(s, p.need); got != want {
				t.Fatalf("frame pattern %d on %q: filter says %v; containsAny says %v", i, s, got, want)
			}
		}
	}
	// every match of a frame pattern contains one of its frameAlso words
	for pi, p := range framePats {
		if frameAlso[pi] == nil {
			continue
		}
		for _, in := range inputs {
			if p.re.MatchString(in) && !containsAnyOf(in, frameAlso[pi]) {
				t.Errorf("frame pattern %d matches %q, which has none of %q", pi, in, frameAlso[pi])
			}
		}
	}
	// patterns that end with a mention find the same matches in the frame
	// string cut after its last mention
	for pi, p := range framePats {
		if !p.endsWithMention {
			continue
		}
		for _, in := range inputs {
			got := p.re.FindAllStringSubmatchIndex(in[:lastMentionEnd(in)], -1)
			if want := p.re.FindAllStringSubmatchIndex(in, -1); !reflect.DeepEqual(got, want) {
				t.Errorf("frame pattern %d on %q cut after its last mention: %v; want %v", pi, in, got, want)
			}
		}
	}
	// reMoneySym finds the same amounts from where moneySymFrom says
	for _, in := range inputs {
		want := reMoneySym.FindAllStringSubmatchIndex(in, -1)
		var got [][]int
		if from := moneySymFrom(in); from >= 0 {
			got = findAllFrom(reMoneySym, in, from)
		}
		if len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Errorf("reMoneySym on %q from %d: %v; want %v", in, moneySymFrom(in), got, want)
		}
	}
	// subjVerbMatch, which cuts its input, finds what reSubjVerb finds
	for _, in := range append(inputs, "has been acquired by", "is set to acquire x", "said it would partner with", "also, on tuesday acquired",
		"on mondays signed", "recently sets up a", "will set up", "has has has acquired\u00e9", "acquired\u00e9 x", "to  acquire", "said it will", "then") {
		got := subjVerbMatch(in)
		want := reSubjVerb.FindStringSubmatch(in)
		if !subjVerbMay(in) {
			if want != nil {
				t.Errorf("reSubjVerb matches %q but subjVerbMay says no", in)
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("subjVerbMatch(%q) = %q; want %q", in, got, want)
		}
	}
	// pair references start with one of pairRefFirst
	for ref := range rePairRef {
		if !pairRefFirst[strings.Fields(ref)[0]] {
			t.Errorf("pair reference %q starts with a word not in pairRefFirst", ref)
		}
	}
}

// TestKeyMaker checks the keys keyMaker builds against normKey, on every
// run of up to eight words of the test corpora and on hand-made runs.
func TestKeyMaker(t *testing.T) {
	var arts []corpus.Article
	for _, src := range []fs.FS{corpus.DirFS("../../testdata/eval/corpus"), corpus.DirFS("../../testdata/heldout/corpus"), corpus.Seed()} {
		as, _, err := corpus.Load(context.Background(), src, corpus.Options{})
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		arts = append(arts, as...)
	}
	runs := [][]string{
		{"The"}, {"the", "Acme"}, {"The", "The"}, {"Acme", "Corp"}, {"Acme", "Corp", "Ltd"}, {"Corp"}, {"Corp", "Ltd"},
		{"AT&T", "Inc"}, {"S.A", "Group"}, {"U.S", "Steel"}, {"O'Reilly"}, {"Acme's"}, {"Mercedes-Benz", "Group"},
		{"Zorblat", "GmbH", "&", "Co"}, {"A.B.C"}, {"Brightwave", "Holdings", "Group"}, {"x"}, {"x", "x"}, {"Société", "Générale"},
	}
	for _, a := range arts {
		for _, s := range a.Sentences {
			toks := tokenize(s.Norm)
			for i := range toks {
				var words []string
				for k := i; k < len(toks) && k < i+8 && toks[k].word; k++ {
					words = append(words, toks[k].s)
					runs = append(runs, append([]string(nil), words...))
				}
			}
		}
	}
	if len(runs) < 1000 {
		t.Fatalf("only %d runs", len(runs))
	}
	km := &keyMaker{cache: &keyCache{}}
	for _, run := range runs {
		if got, want := string(km.runKey(run)), normKey(strings.Join(run, " ")); got != want {
			t.Errorf("key of %q = %q; want %q", run, got, want)
		}
	}
}
