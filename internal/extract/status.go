package extract

import (
	"regexp"
	"strings"

	"github.com/dealbot/dealbot/internal/deal"
)

// Status cues, strongest first. A hedge in a sentence overrides an assertion
// in the same sentence ("is planning to announce … an insider said" is
// reported, not announced).
var (
	reTerminated = regexp.MustCompile(`\b(terminat(?:e|ed|es|ing|ion)|call(?:ed|s|ing)? off|scrap(?:ped|s|ping)?|collaps(?:e|ed|es)|abandon(?:ed|s|ing)?|walk(?:ed|s)? away|pull(?:ed|s)? out of|back(?:ed|s)? out of|cancel(?:led|ed|s|ling)?|blocked|was blocked|block(?:s|ed)? the (?:deal|merger|acquisition|takeover)|ended (?:its|their|the) (?:partnership|deal|agreement|alliance|talks|joint venture)|end(?:s|ing)? (?:its|their) (?:partnership|alliance|agreement)|fell through|falls through|fall through|dropped (?:its|the|their) (?:bid|offer|plan)|rejected (?:the|a|its) (?:bid|offer|takeover)|withdr(?:ew|awn|aws) (?:its|the|their) (?:bid|offer)|no longer (?:pursu|plan)\w*|parted ways|part ways|dissolv(?:e|ed))\b`)
	reDenied     = regexp.MustCompile(`\b(denied|denies|deny|denying|dismissed (?:the |a |as )?(?:reports?|rumou?rs?|speculation)|refuted|refutes|no plans? to|not in talks|isn't in talks|wasn't in talks|was not in talks|is not in talks|has no intention|had no intention|rejected (?:the |a |those |these )?(?:reports?|rumou?rs?|speculation)|false rumou?rs?|baseless|untrue)\b`)
	reReported   = regexp.MustCompile(`\b(reportedly|allegedly|report(?:s|ed)? (?:said|say|says|suggest\w*|claim\w*|that|noted)|reports? suggest\w*|according to (?:people|sources|a report|reports|media reports|insiders|a person|persons|an insider|an industry insider)|sources? (?:said|say|says|told|familiar|close)|people familiar|person familiar|familiar with the (?:matter|situation|plans|talks)|(?:industry )?insiders?|did not comment|didn't comment|declined to comment|would not comment|wouldn't comment|did not respond|did not immediately respond|no comment|not (?:yet )?(?:been )?confirmed|neither (?:side|company|party) has (?:yet )?confirmed|yet to (?:be )?confirm\w*|unconfirmed|rumou?r(?:s|ed)?|speculat\w+|in talks|in advanced talks|in discussions|in negotiations|is said to|are said to|is believed to|are believed to|is understood to|could|might|considering|mulling|weighing|exploring (?:a|an|the) (?:sale|deal|merger|acquisition|bid))\b`)
	reCompleted  = regexp.MustCompile(`\b(completed|completes|completion of|closed (?:the|its|their|a)? ?(?:deal|acquisition|purchase|merger|transaction|takeover|sale|round|investment)|has closed|have closed|finali[sz]ed|now owns|now part of|became part of|has acquired|have acquired|had acquired|was acquired|were acquired|has been acquired|have been acquired|has bought|have bought|had bought|was bought|were bought|has merged|have merged|had merged|has taken over|took over|had worked|dates back to|date back to|dating back to|had partnered|had signed|wrapped up|has invested|have invested|had invested|has made (?:a|an) (?:\S+ )?investment|has taken (?:a|an) (?:\S+ ){0,3}?stake|has acquired (?:a|an) (?:\S+ ){0,3}?stake|combined in|acquired|bought|purchased|merged)\b`)
	rePlanned    = regexp.MustCompile(`\b(?:expected to|is set to|are set to|will|would|to be|set to|should|plans to|planning to|intends to|scheduled to|aims to|agreed to|agrees to|is to|are to|pending)\s(?:\S+\s){0,2}$`)
	reSigned     = regexp.MustCompile(`\b(announced|announces|announce|entered into|enters into|signed|signs|inked|struck|agreed|agrees|unveiled|unveils|joint statement|thrilled to|have signed|has signed|reached an agreement|sealed|launched|formed|set up|established|teamed up|teams up|partnered|partners with|joined forces)\b`)
)

// statusOf reads a sentence's status cue. It returns the status and the cue
// words, or "" when the sentence has no cue (a plain statement: announced).
func statusOf(lower string) (deal.Status, string) {
	if m := findCue(lower, terminatedWords, reTerminated); m != "" {
		return deal.Terminated, m
	}
	if m := findCue(lower, deniedWords, reDenied); m != "" {
		return deal.Denied, m
	}
	if m := findCue(lower, reportedWords, reReported); m != "" {
		return deal.Reported, m
	}
	var completed [][]int
	if containsAnyOf(lower, completedWords) {
		completed = reCompleted.FindAllStringIndex(lower, -1)
	}
	for _, loc := range completed {
		if rePlanned.MatchString(lower[:loc[0]]) {
			continue // "expected to be completed", "agreed to acquire"
		}
		return deal.Completed, lower[loc[0]:loc[1]]
	}
	if m := findCue(lower, signedWords, reSigned); m != "" {
		return deal.Announced, m
	}
	return "", ""
}

// findCue is re.FindString(lower), skipped when lower has none of the
// words every match contains.
func findCue(lower string, words []string, re *regexp.Regexp) string {
	if !containsAnyOf(lower, words) {
		return ""
	}
	return re.FindString(lower)
}

// isHistoric reports whether a sentence tells of an earlier deal.
func isHistoric(lower string) bool {
	// "completed its previously announced acquisition" is news, not history
	lower = rePreviouslyAnnounced.ReplaceAllString(lower, "")
	for _, c := range historyCues {
		if strings.Contains(lower, c) {
			return true
		}
	}
	return false
}

var rePreviouslyAnnounced = regexp.MustCompile(`previously (?:announced|disclosed|reported|agreed|flagged)`)
