package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion is the version of the index layout: the mapping below, the
// document shapes and the internal keys. An index written with another
// version is not used; it is rebuilt.
const MappingVersion = 1

// Document types, stored in each document's "type" field.
const (
	typeDeal    = "deal"
	typeArticle = "article"
)

// Internal keys (bleve SetInternal).
var (
	keyMeta      = []byte("dealbot.meta")
	keyCompanies = []byte("dealbot.companies")
)

// dealDoc is how a deal is indexed. Ranking reads an in-memory table (see
// rankInfo) and, for very large result sets, the era, date and sources doc
// values; the answer is decoded from JSON.
type dealDoc struct {
	Type    string   `json:"type"`
	Party   []string `json:"party"`  // company keys of the parties
	Kind    []string `json:"kind"`   // every kind, main first
	Status  string   `json:"status"` //
	Era     string   `json:"era"`    // "current" or "historic": current sorts first
	Date    any      `json:"date"`   // time.Time, or nil when unknown
	Sources int      `json:"sources"`
	Text    string   `json:"text"` // summary, areas, evidence and snippets
	JSON    string   `json:"json"` // the whole deal.Deal
}

// BleveType implements bleve's classifier.
func (d *dealDoc) BleveType() string { return typeDeal }

// articleDoc is one article: the companies it names, the pairs of
// companies named in the same sentence, its date for sorting, its metadata
// and the sentences that name companies, for mention snippets.
//
// One document per article, not per sentence, keeps indexing as cheap as
// indexing the articles themselves: sentence-level co-mentions are found
// through the pair terms, and the sentence is picked from the stored
// sentences of the few articles shown.
type articleDoc struct {
	Type      string   `json:"type"`
	Companies []string `json:"companies"` // keys of the companies named
	Pairs     []string `json:"pairs"`     // pairKey of every two companies named in one sentence
	Date      any      `json:"date"`      // time.Time, or nil when unknown
	Title     string   `json:"title"`
	URL       string   `json:"url"`
	Source    string   `json:"source"`
	Day       string   `json:"day"`   // deal.Date string form, "" when unknown
	Sents     string   `json:"sents"` // JSON []storedSentence
}

// BleveType implements bleve's classifier.
func (d *articleDoc) BleveType() string { return typeArticle }

// storedSentence is a sentence that names companies, as stored in an
// article document.
type storedSentence struct {
	Index int      `json:"i"`
	Text  string   `json:"t"` // original text
	Keys  []string `json:"k"` // company keys, in order of first mention
}

// pairKey is the term for two companies named in one sentence.
func pairKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

// Field names used in queries.
const (
	fType      = "type"
	fParty     = "party"
	fKind      = "kind"
	fEra       = "era"
	fDate      = "date"
	fSources   = "sources"
	fText      = "text"
	fJSON      = "json"
	fCompanies = "companies"
	fPairs     = "pairs"
	fSents     = "sents"
)

// newMapping returns the explicit index mapping: two document types, no
// default mapping, no _all field, nothing dynamic, and only the fields
// answers need are stored.
func newMapping() *mapping.IndexMappingImpl {
	kw := func(store, index, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.Index, f.DocValues = store, index, docValues
		f.IncludeTermVectors, f.IncludeInAll = false, false
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.Store, f.Index, f.DocValues = true, false, false
		f.IncludeTermVectors, f.IncludeInAll = false, false
		return f
	}
	english := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store, f.Index, f.DocValues = false, true, false
		f.IncludeTermVectors, f.IncludeInAll = true, false
		return f
	}
	date := func() *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store, f.Index, f.DocValues, f.IncludeInAll = false, true, true, false
		return f
	}
	number := func(store, index, docValues bool) *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store, f.Index, f.DocValues, f.IncludeInAll = store, index, docValues, false
		return f
	}
	doc := func(fields map[string]*mapping.FieldMapping) *mapping.DocumentMapping {
		dm := bleve.NewDocumentStaticMapping()
		dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
		dm.AddFieldMappingsAt(fType, kw(false, true, false))
		for name, f := range fields {
			dm.AddFieldMappingsAt(name, f)
		}
		return dm
	}

	im := bleve.NewIndexMapping()
	im.TypeField = fType
	im.DefaultType = "none"
	im.DefaultAnalyzer = en.AnalyzerName
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	im.AddDocumentMapping(typeDeal, doc(map[string]*mapping.FieldMapping{
		fParty:   kw(false, true, false),
		fKind:    kw(false, true, false),
		"status": kw(false, true, false),
		fEra:     kw(false, true, true),
		fDate:    date(),
		fSources: number(false, true, true),
		fText:    english(),
		fJSON:    storedOnly(),
	}))
	im.AddDocumentMapping(typeArticle, doc(map[string]*mapping.FieldMapping{
		fCompanies: kw(false, true, false),
		fPairs:     kw(false, true, false),
		fDate:      date(),
		"title":    storedOnly(),
		"url":      storedOnly(),
		"source":   storedOnly(),
		"day":      storedOnly(),
		fSents:     storedOnly(),
	}))
	return im
}
