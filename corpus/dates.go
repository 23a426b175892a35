package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Article dates are days: every parser here returns midnight UTC of the
// calendar day as written (a timestamp keeps the day in its own time zone,
// so "2021-03-04T23:30:00-05:00" is 4 March, not 5 March).

// dayUTC returns midnight UTC of the day t shows in its own location.
func dayUTC(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// makeDay builds a date from parts, rejecting impossible days (31 April) and
// years outside 1900–2199.
func makeDay(year, month, day int) (time.Time, bool) {
	if year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // normalised past the end of the month
		return time.Time{}, false
	}
	return t, true
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

const (
	monthPat   = `(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?`
	weekdayPat = `(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,?\s+)?`
	ordinalPat = `(?:st|nd|rd|th)?`
	// timePat is an optional time of day after a date: "10:00", ", 3:15 p.m.
	// EST", "at 10:00 GMT", "T10:00:00Z", "10:00:00+08:00".
	timePat = `(?:(?:,?\s*(?:at\s+)?|T)\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?` +
		`(?:\s*(?:z|[a-z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}))?)?`
)

// datePatterns match one whole date (with an optional time), anchored at
// both ends of the (trimmed) input. Each records which groups hold the day,
// month and year.
var datePatterns = []struct {
	re               *regexp.Regexp
	day, month, year int
	monthName        bool
}{
	// "Monday 26 February 2018", "26th of Feb. 2018", "26 February, 2018 10:00 GMT"
	{regexp.MustCompile(`(?i)^` + weekdayPat + `(\d{1,2})` + ordinalPat + `(?:\s+of)?\s+` + monthPat + `,?\s+(\d{4})` + timePat + `$`), 1, 2, 3, true},
	// "February 26, 2018", "Mon, Feb. 26 2018 at 3:15 pm EST"
	{regexp.MustCompile(`(?i)^` + weekdayPat + monthPat + `\s+(\d{1,2})` + ordinalPat + `,?\s+(\d{4})` + timePat + `$`), 2, 1, 3, true},
	// "2018-02-26", "2018/02/26", "2018.02.26", "2018-02-26T10:00:00Z"
	{regexp.MustCompile(`(?i)^` + weekdayPat + `(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})` + timePat + `$`), 3, 2, 1, false},
}

// parseDate reads a string that is only a date, in any of the common
// written forms ("Monday 26 February 2018", "February 26, 2018", "26 Feb
// 2018", "2018-02-26", RFC 3339, RFC 1123), optionally with a time of day.
// Numeric day/month orders other than year-first are ambiguous and are not
// accepted. It returns midnight UTC of that day.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(Normalize(s))
	if s == "" || len(s) > 80 {
		return time.Time{}, false
	}
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return makeDay(t.Year(), int(t.Month()), t.Day())
		}
	}
	for _, p := range datePatterns {
		m := p.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		day, _ := strconv.Atoi(m[p.day])
		year, _ := strconv.Atoi(m[p.year])
		var month int
		if p.monthName {
			month = months[strings.ToLower(m[p.month])]
		} else {
			month, _ = strconv.Atoi(m[p.month])
		}
		if t, ok := makeDay(year, month, day); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// timestampLayouts are machine formats seen in HTML meta tags, JSON-LD and
// front matter; the human forms are handled by datePatterns.
var timestampLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	time.RFC1123,
	time.RFC1123Z,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC850,
	time.RFC822,
	time.RFC822Z,
	"20060102",
}

// dateLabelRe matches a label in front of a date line: "Published:",
// "Updated on", "Posted", "Last modified:".
var dateLabelRe = mustQuick(`(?i)^((?:first\s+)?published|(?:last\s+)?updated|posted|(?:last\s+)?modified|date[ds]?|released?)(?:\s+(?:on|at))?\s*:?\s*`)

// bylineRe matches a byline segment: "By Jane Doe", "by Jane Doe and John
// Roe", "Written by J. Doe, Staff Writer".
var bylineRe = mustQuick(`(?i)^(?:(?:written|words|posted|reported|story)\s+)?by\s+\S.{0,60}$`)

// readTimeRe matches a reading-time segment: "5 min read", "3 minutes".
var readTimeRe = mustQuick(`(?i)^\d{1,3}\s*(?:min|mins|minute|minutes)(?:\s+read)?$`)

// dateSepRe splits a header line into segments: "By Jane Doe | March 3,
// 2021 | 4 min read".
var dateSepRe = regexp.MustCompile(`\s*[|•·]\s*|\s+[-–—/]\s+`)

// clockPrefixRe matches a time of day before a date: "14:32 GMT, ".
var clockPrefixRe = mustQuick(`(?i)^\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s?[a-z]{2,5})?,?\s+`)

// clockRe matches a time of day: "09:12 UTC", "9:00 AM PDT".
var clockRe = mustQuick(`(?i)^\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s?[a-z]{2,5})?$`)

// bylineDateRe splits "By Jane Doe, March 3, 2021" or "By Jane Doe on March
// 3, 2021" into the byline and the date.
var bylineDateRe = mustQuick(`(?i)^(by\s+[^,]{1,60}?)(?:,\s*|\s+on\s+)(.+)$`)

// dateBylineRe splits "12 April 2022 by Tom Baker" (after a "Posted on"
// label) into the date and the name.
var dateBylineRe = regexp.MustCompile(`(?i)^(.+?)\s+by\s+(\S.{0,60})$`)

// findDateByline is dateBylineRe.FindStringSubmatch(seg), skipped when seg
// has no "by" in any letter case.
func findDateByline(seg string) []string {
	if !strings.Contains(strings.ToLower(seg), "by") {
		return nil
	}
	return dateBylineRe.FindStringSubmatch(seg)
}

// parseDateLine reports whether line is nothing but a date, possibly with a
// label ("Published:", "Updated"), a time, a byline and a reading time
// ("By Jane Doe | March 3, 2021 | 4 min read"), and returns the date. When
// the line gives both a published and an updated date, the published one
// wins.
func parseDateLine(line string) (time.Time, bool) {
	line = trimSpace(line)
	if line == "" || len(line) > 160 || !hasDigit(line) {
		return time.Time{}, false
	}
	var first, published time.Time
	segs := []string{line}
	if strings.ContainsAny(line, "|•·-–—/") { // every separator has one of these
		segs = dateSepRe.Split(line, -1)
	}
	for _, seg := range segs {
		seg = trimSpace(seg)
		switch {
		case seg == "":
			continue
		case readTimeRe.MatchString(seg):
			continue
		}
		label := ""
		if m := dateLabelRe.FindStringSubmatch(seg); m != nil {
			label = strings.ToLower(m[1])
			seg = seg[len(m[0]):]
		}
		if m := bylineDateRe.FindStringSubmatch(seg); m != nil && label == "" {
			if _, ok := parseDate(m[2]); ok {
				seg = m[2]
			}
		} else if m := findDateByline(seg); m != nil && isNameWords(m[2], 6) {
			if _, ok := parseDate(m[1]); ok {
				seg = m[1]
			}
		}
		seg = clockPrefixRe.ReplaceAllString(seg, "") // "14:32 GMT, 3 March 2023"
		d, ok := parseDate(seg)
		if !ok {
			if label == "" && bylineRe.MatchString(seg) && !hasDigit(seg) {
				continue // a byline segment
			}
			if clockRe.MatchString(seg) {
				continue // "09:12 UTC"
			}
			// "Hanne Solbakk, Oslo": an author and a place without "By"
			if name, _, _ := strings.Cut(seg, ","); label == "" && !hasDigit(seg) && isNameWords(strings.TrimSpace(name), 4) {
				continue
			}
			return time.Time{}, false
		}
		if first.IsZero() {
			first = d
		}
		if published.IsZero() && !strings.Contains(label, "updated") && !strings.Contains(label, "modified") {
			published = d
		}
	}
	if !published.IsZero() {
		return published, true
	}
	return first, !first.IsZero()
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// urlDateRe finds a /YYYY/MM/DD/ date in an article URL.
var urlDateRe = regexp.MustCompile(`/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)`)

// dateFromURL returns the date an article URL spells out as
// /YYYY/MM/DD/, the common permalink form.
func dateFromURL(u string) (time.Time, bool) {
	m := urlDateRe.FindStringSubmatch(u)
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	return makeDay(y, mo, d)
}
