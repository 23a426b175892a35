package corpus

import (
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time // zero: not a date
	}{
		{"Monday 26 February 2018", day(2018, 2, 26)},
		{"February 26, 2018", day(2018, 2, 26)},
		{"Feb. 26, 2018", day(2018, 2, 26)},
		{"26 Feb 2018", day(2018, 2, 26)},
		{"26th of February, 2018", day(2018, 2, 26)},
		{"Mon, Feb 26 2018 at 3:15 p.m. EST", day(2018, 2, 26)},
		{"3 March 2021 10:00 GMT", day(2021, 3, 3)},
		{"2018-02-26", day(2018, 2, 26)},
		{"2018/02/26", day(2018, 2, 26)},
		{"2021-05-04T23:30:00-04:00", day(2021, 5, 4)}, // the day as written, not UTC's
		{"2021-05-04T09:30:00Z", day(2021, 5, 4)},
		{"2021-05-04T09:30:00.123+08:00", day(2021, 5, 4)},
		{"2021-05-04 09:30:00", day(2021, 5, 4)},
		{"Tue, 04 May 2021 09:30:00 GMT", day(2021, 5, 4)},
		{"20210504", day(2021, 5, 4)},
		{"February 30, 2018", time.Time{}},
		{"02/03/2018", time.Time{}}, // day-month order is ambiguous
		{"February 2018", time.Time{}},
		{"last week", time.Time{}},
		{"Lei Jun", time.Time{}},
		{"2015", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseDateLine(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"Monday 26 February 2018", day(2018, 2, 26)},
		{"February 26, 2018", day(2018, 2, 26)},
		{"26 Feb 2018", day(2018, 2, 26)},
		{"2018-02-26", day(2018, 2, 26)},
		{"Published: March 3, 2021", day(2021, 3, 3)},
		{"Published on 3 March 2021", day(2021, 3, 3)},
		{"Updated 3 March 2021 10:00 GMT", day(2021, 3, 3)},
		{"By Jane Doe | March 3, 2021", day(2021, 3, 3)},
		{"By Jane Doe, March 3, 2021", day(2021, 3, 3)},
		{"By Jane Doe on March 3, 2021", day(2021, 3, 3)},
		{"By Jane Doe - March 3, 2021 - 4 min read", day(2021, 3, 3)},
		{"Published March 2, 2021 | Updated March 4, 2021", day(2021, 3, 2)},
		{"Updated March 4, 2021 | Published March 2, 2021", day(2021, 3, 2)},
		{"Posted on 12 April 2022 by Tom", day(2022, 4, 12)},
		{"12 April 2022 by Tom Baker", day(2022, 4, 12)},
		// Not date lines.
		{"The deal was signed on March 3, 2021.", time.Time{}},
		{"March 3, 2021: Acme signs deal", time.Time{}},
		{"By Jane Doe", time.Time{}},
		{"12 April 2022 by the board of Acme", time.Time{}},
		{"Xiaomi’s smart TV was revealed back in September 2013", time.Time{}},
		{"Published: soon", time.Time{}},
		{"Partnership", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := parseDateLine(tt.in)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("parseDateLine(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestDateFromURL(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"https://ledger.example/2021/05/04/efoo-brightwave", day(2021, 5, 4)},
		{"https://ledger.example/2021/05/efoo", time.Time{}},
		{"https://ledger.example/2021/13/04/x", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := dateFromURL(tt.in)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("dateFromURL(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}
