// Package extract finds the deals that news articles describe: who partnered
// with, invested in, acquired or merged with whom, with roles, kind, status,
// amount, date, focus areas and the sentences that support each fact.
//
// It is a rule-based pipeline with no company names built in. Names are
// learned from the corpus: capitalised phrases are typed as organisations,
// people or places from the evidence around them, variants of one name are
// merged (legal suffixes, "X (Y)" aliases, short forms, misspellings), and
// deals are read from frames around trigger words ("X … partnership with Y",
// "Y was acquired by X"). The same deal told by several articles becomes one
// deal with several sources.
//
// The pipeline has three steps, so that a caller can keep the result of the
// per-article steps and redo only what a changed article affects:
//
//   - [ReadNames]: per article, the names it uses and the evidence of what
//     they are (organisation, person, place);
//   - [NewTable]: for the corpus, the companies those names add up to;
//   - [Table.Deals]: per article, the deals it tells ([Told]), read against
//     the table; and [Table.Consolidate]: the same deal from several
//     articles merged into one.
//
// The files follow the steps: tokens.go and entities.go find and type names,
// names.go learns the table, mentions.go resolves references in a sentence,
// frames.go matches deal frames, article.go groups an article's frames into
// its deals (with status.go, money.go, when.go), consolidate.go and
// summary.go build the final deals.
package extract

import (
	"github.com/dealbot/dealbot/corpus"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/workers"
)

// Result is what extraction finds in a corpus.
type Result struct {
	Deals     []deal.Deal
	Companies []deal.Company
}

// Extract finds the deals in articles. It never fails: an article with no
// deal adds none. It is [ReadNames] for every article, [NewTable] over their
// names, [Table.Deals] for every article and [Table.Consolidate].
func Extract(articles []corpus.Article) Result {
	names := make([]Names, len(articles))
	workers.Each(len(articles), func(i int) { names[i] = ReadNames(&articles[i]) })
	t := NewTable(names)
	perArticle := make([][]Told, len(articles))
	workers.Each(len(articles), func(i int) { perArticle[i] = t.Deals(&articles[i]) })
	var told []Told
	for _, ts := range perArticle {
		told = append(told, ts...)
	}
	deals := t.Consolidate(told)
	return Result{Deals: deals, Companies: t.Companies(deals)}
}

// Version identifies the extraction rules. Bump it whenever a change would
// extract different deals from the same articles, so that existing indexes
// are rebuilt.
const Version = 3
