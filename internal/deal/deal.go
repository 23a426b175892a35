// Package deal holds dealbot's domain types: a deal between companies, with
// its parties and roles, kind, status, amount, date, focus areas, summary and
// the sources that support it. The JSON encoding of these types is the shape
// `dealbot deals --json` and `dealbot ask --json` print; other tools read it,
// so fields are only ever added, never renamed.
package deal

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is what sort of deal it is.
type Kind string

// The deal kinds, from loosest to tightest tie.
const (
	Partnership  Kind = "partnership"
	JointVenture Kind = "joint venture"
	Licensing    Kind = "licensing"
	Investment   Kind = "investment"
	Acquisition  Kind = "acquisition"
	Merger       Kind = "merger"
)

// Kinds lists every kind, in display order.
var Kinds = []Kind{Partnership, JointVenture, Licensing, Investment, Acquisition, Merger}

// Directed reports whether deals of kind k have a direction (investor →
// investee, acquirer → target).
func (k Kind) Directed() bool { return k == Investment || k == Acquisition }

// Family groups kinds that describe the same relationship for consolidation:
// "alliance" (partnership, joint venture, licensing), "capital" (investment)
// and "control" (acquisition, merger).
func (k Kind) Family() string {
	switch k {
	case Investment:
		return "capital"
	case Acquisition, Merger:
		return "control"
	default:
		return "alliance"
	}
}

// Status is where a deal stands.
type Status string

// The statuses. Reported covers rumours and unconfirmed reports.
const (
	Reported   Status = "reported"
	Announced  Status = "announced"
	Completed  Status = "completed"
	Terminated Status = "terminated"
	Denied     Status = "denied"
)

// Rank orders statuses along the deal ladder: reported < announced <
// completed, with terminated and denied overriding all of them.
func (s Status) Rank() int {
	switch s {
	case Reported:
		return 1
	case Announced:
		return 2
	case Completed:
		return 3
	case Denied:
		return 4
	case Terminated:
		return 5
	}
	return 0
}

// Role is a party's part in a directed deal.
type Role string

// The roles. Partners in undirected deals have RolePartner.
const (
	RolePartner  Role = "partner"
	RoleInvestor Role = "investor"
	RoleInvestee Role = "investee"
	RoleAcquirer Role = "acquirer"
	RoleTarget   Role = "target"
)

// Party is one company in a deal.
type Party struct {
	Name string `json:"name"` // canonical display name, e.g. "Youku Tudou"
	Role Role   `json:"role"`
}

// Amount is the money a deal is about, as written and converted to USD.
// For a range ("an eight-digit US dollar sum") Value and USD are the low end
// and ValueHigh and USDHigh the high end.
type Amount struct {
	Text        string  `json:"text"`     // as written: "US$300 million"
	Value       float64 `json:"value"`    // in Currency units
	Currency    string  `json:"currency"` // ISO 4217: USD, EUR, CNY…
	USD         float64 `json:"usd"`
	ValueHigh   float64 `json:"value_high,omitempty"`
	USDHigh     float64 `json:"usd_high,omitempty"`
	Approximate bool    `json:"approximate,omitempty"` // converted with a yearly average rate, or a range
	FXYear      int     `json:"fx_year,omitempty"`     // year of the rate used, when converted
	FXSource    string  `json:"fx_source,omitempty"`   // "table" or "text" (a conversion given in the article)
}

// IsRange reports whether a is a range rather than a point value.
func (a *Amount) IsRange() bool { return a != nil && a.ValueHigh > a.Value }

// Precision is how much of a Date is known.
type Precision string

// Date precisions.
const (
	Day   Precision = "day"
	Month Precision = "month"
	Year  Precision = "year"
)

// Date is a calendar date known to a day, a month or a year. The zero Date is
// unknown and encodes as JSON null. It encodes as "2018-02-26", "2018-02" or
// "2015".
type Date struct {
	Year, Month, Day int
}

// DateOf returns t's date at precision p.
func DateOf(t time.Time, p Precision) Date {
	d := Date{Year: t.Year()}
	if p == Month || p == Day {
		d.Month = int(t.Month())
	}
	if p == Day {
		d.Day = t.Day()
	}
	return d
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision returns how much of d is known, or "" when d is unknown.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return Year
	case d.Day == 0:
		return Month
	}
	return Day
}

// Time returns the first instant d covers, in UTC.
func (d Date) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Before reports whether d starts before e (unknown dates sort first).
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// String formats d as "2018-02-26", "2018-02", "2015" or "".
func (d Date) String() string {
	switch d.Precision() {
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// Human formats d for people: "26 February 2018", "February 2018", "2015".
func (d Date) Human() string {
	switch d.Precision() {
	case Year:
		return strconv.Itoa(d.Year)
	case Month:
		return fmt.Sprintf("%s %d", time.Month(d.Month), d.Year)
	case Day:
		return fmt.Sprintf("%d %s %d", d.Day, time.Month(d.Month), d.Year)
	}
	return "undated"
}

// ParseDate parses the String form of a Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	parts := strings.Split(s, "-")
	var d Date
	var err error
	vals := []*int{&d.Year, &d.Month, &d.Day}
	if len(parts) > 3 {
		return Date{}, fmt.Errorf("deal: bad date %q", s)
	}
	for i, p := range parts {
		if *vals[i], err = strconv.Atoi(p); err != nil {
			return Date{}, fmt.Errorf("deal: bad date %q", s)
		}
	}
	return d, nil
}

// MarshalJSON encodes d as its String form, or null when unknown.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON decodes the String form or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	*d = v
	return err
}

// Source is one article that reports a deal.
type Source struct {
	Article string `json:"article"` // article ID: its path in the corpus
	Title   string `json:"title"`
	URL     string `json:"url"`
	Date    Date   `json:"date"`    // the article's date
	Snippet string `json:"snippet"` // the best supporting sentence, original text
	Status  Status `json:"status,omitempty"`
	// Sentences are the indexes of every sentence of the article that
	// supports the deal, in order.
	Sentences []int `json:"sentences,omitempty"`
}

// Evidence is the sentence a field's value came from, so a wrong answer can
// be traced to its text.
type Evidence struct {
	Article  string `json:"article"`
	Sentence int    `json:"sentence"`
	Text     string `json:"text"`
	Cue      string `json:"cue,omitempty"` // the words that decided it: "reportedly", "was acquired by"
}

// StatusChange is one step of a deal's history: a status first seen on a
// date in an article.
type StatusChange struct {
	Status  Status `json:"status"`
	Date    Date   `json:"date"`
	Article string `json:"article"`
	Cue     string `json:"cue,omitempty"`
}

// Deal is one deal between two or more companies, consolidated over every
// article that reports it.
type Deal struct {
	ID       string         `json:"id"`
	Parties  []Party        `json:"parties"`
	Kind     Kind           `json:"kind"`  // the main kind
	Kinds    []Kind         `json:"kinds"` // every facet, main kind first (a partnership with a share purchase)
	Status   Status         `json:"status"`
	Amount   *Amount        `json:"amount"`
	Date     Date           `json:"date"`
	Areas    []string       `json:"areas"`
	Summary  string         `json:"summary"`
	Sources  []Source       `json:"sources"`
	History  []StatusChange `json:"history,omitempty"`
	Stake    string         `json:"stake,omitempty"` // "51%", when stated
	Historic bool           `json:"historic,omitempty"`
	// Evidence maps a field name (parties, kind, status, amount, date,
	// areas) to the sentence its value came from.
	Evidence map[string]Evidence `json:"evidence,omitempty"`
}

// PartyNames returns the parties' names in order.
func (d *Deal) PartyNames() []string {
	out := make([]string, len(d.Parties))
	for i, p := range d.Parties {
		out[i] = p.Name
	}
	return out
}

// HasKind reports whether k is one of d's kinds.
func (d *Deal) HasKind(k Kind) bool {
	for _, x := range d.Kinds {
		if x == k {
			return true
		}
	}
	return d.Kind == k
}

// PartyWithRole returns the first party with role r, or "".
func (d *Deal) PartyWithRole(r Role) string {
	for _, p := range d.Parties {
		if p.Role == r {
			return p.Name
		}
	}
	return ""
}

// Company is a company the corpus names, with the surface forms that refer
// to it. Query resolution matches user text against Aliases.
type Company struct {
	Name     string   `json:"name"`     // canonical display name
	Key      string   `json:"key"`      // normalised key: lower case, no suffix or punctuation
	Aliases  []string `json:"aliases"`  // every surface form seen, and accepted short forms
	Mentions int      `json:"mentions"` // mentions across the corpus
	Articles int      `json:"articles"` // articles that mention it
	Deals    int      `json:"deals"`    // deals it is a party to
}
