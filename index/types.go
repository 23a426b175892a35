package index

import (
	"time"

	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
)

// Snapshot is everything one build of the index holds: the corpus it was
// made from, the deals extracted from it and the companies it names.
type Snapshot struct {
	// Fingerprint identifies the corpus content the snapshot was built
	// from; an index whose stored fingerprint and mapping version match is
	// reused as is.
	Fingerprint string
	Articles    []corpus.Article
	Deals       []deal.Deal
	Companies   []deal.Company
	Skipped     []corpus.Skipped
}

// Answer is the reply to one query.
type Answer struct {
	Query string `json:"query"`
	// Companies are the canonical names the query resolved to, in query order.
	Companies []string `json:"companies"`
	// Deals are the deals involving every named company, best first
	// (one company: its deals, newest first).
	Deals []deal.Deal `json:"deals"`
	// Mentions are sentences naming the companies together, shown when no
	// deal matches.
	Mentions []Mention `json:"mentions"`
	// Total is the number of matching deals before any limit.
	Total int `json:"total"`
	// Intent is the fact a question asks for: "amount", "acquirer",
	// "investor", "target", "partner", "date", or "" for a plain lookup.
	Intent string `json:"intent,omitempty"`
	// Lead answers the question in one sentence, asked fact first
	// ("Xiaomi invested US$300 million in iQiyi (reported)."); "" when the
	// query is a plain lookup.
	Lead string `json:"lead,omitempty"`
	// Message explains an empty or partial answer in plain words ("No deal
	// found between Xiaomi and TikTok."). Empty when deals were found.
	Message string `json:"message,omitempty"`
	// Unknown lists query words that looked like company names but match
	// no company in the corpus.
	Unknown []string `json:"unknown,omitempty"`
	// Terms are the surface forms of the resolved companies (every alias),
	// for highlighting them in snippets.
	Terms []string `json:"terms,omitempty"`
}

// Mention is a sentence that names companies, with where it comes from.
type Mention struct {
	Article   string    `json:"article"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Date      deal.Date `json:"date"`
	Snippet   string    `json:"snippet"`
	Companies []string  `json:"companies"`
}

// Stats describes the live index.
type Stats struct {
	Articles  int       `json:"articles"`
	Sentences int       `json:"sentences"`
	Deals     int       `json:"deals"`
	Companies int       `json:"companies"`
	Skipped   int       `json:"skipped"`
	BuiltAt   time.Time `json:"built_at"`
	SizeBytes int64     `json:"size_bytes"`
	Dir       string    `json:"dir"`
	Mapping   int       `json:"mapping_version"`
}
