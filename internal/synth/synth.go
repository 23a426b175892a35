// Package synth generates realistic synthetic business news for benchmarks
// and load tests: N articles about invented companies, in the three corpus
// formats (.txt, .md, .html), with every deal kind and status, many amount
// and date forms, boilerplate (teasers, bios, comments, share bars, page
// chrome), non-deal articles and deals reported by several articles — and a
// truth file listing each article's deals.
//
// Output is deterministic for a seed: the same (n, seed) writes the same
// bytes. It is not used by the product, only by benchmarks and
// cmd/dealbench. Nothing here names a real company.
package synth

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Version changes whenever the generator's output for a seed changes, so a
// cached corpus of another version is regenerated.
const Version = 2

// TruthFile is the name of the truth file Generate writes in the corpus
// directory. It starts with a dot, so the corpus loader ignores it.
const TruthFile = ".truth.json"

// NumCompanies is how many companies the generator invents.
const NumCompanies = 2000

// numBrokers is how many brokerage firms lend their analysts to quotes.
const numBrokers = 60

// zipfExponent shapes company popularity: the most popular company is a
// party in roughly 5 % of the deals.
const zipfExponent = 0.7

// Truth is what a generated corpus contains.
type Truth struct {
	Version   int       `json:"version"`
	Seed      int64     `json:"seed"`
	N         int       `json:"n"`
	Companies []Company `json:"companies"` // most popular first
	Articles  []Article `json:"articles"`  // in file order
	Deals     []Deal    `json:"deals"`
}

// Company is an invented company.
type Company struct {
	Name     string `json:"name"`            // "Varnex Robotics"
	Short    string `json:"short"`           // "Varnex": the first word, what people type
	Legal    string `json:"legal,omitempty"` // "Varnex Robotics Inc", used at some first mentions
	Sector   string `json:"sector"`
	Investor bool   `json:"investor,omitempty"`
}

// Article is one generated file.
type Article struct {
	File   string `json:"file"`   // path relative to the corpus directory, '/' separated
	Format string `json:"format"` // "txt", "md" or "html"
	Title  string `json:"title"`
	Date   string `json:"date,omitempty"` // "2023-03-03"; "" when the file gives no date
	Source string `json:"source"`
	URL    string `json:"url,omitempty"`
	// Type is "deal" (one new deal), "followup" (a later report of an
	// earlier deal), "roundup" (several deals) or "nondeal".
	Type string `json:"type"`
	// Deals are the IDs of the deals the article reports (historic ones
	// included).
	Deals []string `json:"deals,omitempty"`
	// Parties are the parties of those deals, or the subject company of a
	// non-deal article: the "companies" field of the raw Bleve reference.
	Parties []string `json:"parties"`
	Words   int      `json:"words"`
	Bytes   int      `json:"bytes"`
}

// Deal is one true deal.
type Deal struct {
	ID      string            `json:"id"`
	Kind    string            `json:"kind"` // partnership, joint venture, licensing, investment, acquisition, merger
	Parties []string          `json:"parties"`
	Roles   map[string]string `json:"roles,omitempty"` // investor/investee or acquirer/target → name
	Status  string            `json:"status"`          // the latest: reported, announced, completed, terminated, denied
	Amount  *Amount           `json:"amount,omitempty"`
	Date    string            `json:"date,omitempty"` // "2023-03-03", "2023-03" or "2019"; "" when no source gives one
	Sources []string          `json:"sources"`        // article files, earliest first
	// Historic deals are told in passing ("first partnered in 2019").
	Historic bool `json:"historic,omitempty"`
}

// Amount is a deal's money as the articles write it.
type Amount struct {
	Text     string  `json:"text"`     // as first written
	Currency string  `json:"currency"` // ISO 4217
	Value    float64 `json:"value"`    // in Currency units (low end of a range)
	High     float64 `json:"high,omitempty"`
	USD      float64 `json:"usd,omitempty"` // when the text gives it or Currency is USD
}

// Generate writes n articles and the truth file into dir (created if
// needed; files already there are overwritten, others left alone) and
// returns the truth.
func Generate(dir string, n int, seed int64) (Truth, error) {
	if n < 0 {
		return Truth{}, fmt.Errorf("synth: generate: negative article count %d", n)
	}
	p := newPlan(n, seed)
	t := p.truth()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Truth{}, fmt.Errorf("synth: generate: %w", err)
	}
	for d := 0; d*filesPerDir < n; d++ {
		if err := os.MkdirAll(filepath.Join(dir, fmt.Sprintf("%03d", d)), 0o755); err != nil {
			return Truth{}, fmt.Errorf("synth: generate: %w", err)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				text, words := p.render(i)
				a := &t.Articles[i]
				a.Words, a.Bytes = words, len(text)
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(a.File)), []byte(text), 0o644); err != nil {
					errs[w] = fmt.Errorf("synth: generate: %w", err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Truth{}, err
	}
	if err := writeTruth(filepath.Join(dir, TruthFile), t); err != nil {
		return Truth{}, err
	}
	return t, nil
}

// Render returns the text of article i of the (n, seed) corpus without
// writing anything, and its truth entry.
func Render(n int, seed int64, i int) (string, Article) {
	p := newPlan(n, seed)
	t := p.truth()
	text, words := p.render(i)
	a := t.Articles[i]
	a.Words, a.Bytes = words, len(text)
	return text, a
}

func writeTruth(path string, t Truth) error {
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("synth: encode truth: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("synth: write truth: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("synth: write truth: %w", err)
	}
	return nil
}

// ReadTruth reads the truth file Generate wrote in dir.
func ReadTruth(dir string) (Truth, error) {
	b, err := os.ReadFile(filepath.Join(dir, TruthFile))
	if err != nil {
		return Truth{}, fmt.Errorf("synth: read truth: %w", err)
	}
	var t Truth
	if err := json.Unmarshal(b, &t); err != nil {
		return Truth{}, fmt.Errorf("synth: read truth %s: %w", filepath.Join(dir, TruthFile), err)
	}
	return t, nil
}

// Ensure returns the truth of the corpus in dir, generating it first unless
// dir already holds this generator version's corpus for (n, seed).
func Ensure(dir string, n int, seed int64) (Truth, bool, error) {
	if t, err := ReadTruth(dir); err == nil && t.Version == Version && t.N == n && t.Seed == seed {
		return t, false, nil
	}
	t, err := Generate(dir, n, seed)
	return t, true, err
}

// Pair is two companies to ask about, by name, and whether they have a
// deal together.
type Pair struct {
	A, B    Company
	HasDeal bool
}

// Query is the pair as a user types it: the two short names, lower case
// ("varnex quellin").
func (p Pair) Query() string { return strings.ToLower(p.A.Short + " " + p.B.Short) }

// Pairs returns n query pairs, deterministic for seed: half the parties of
// a deal picked through a random article (so deals covered more often are
// asked more often), half two companies drawn uniformly (mostly without a
// deal). It mirrors how the raw-Bleve baseline picked its queries.
func (t *Truth) Pairs(n int, seed int64) []Pair {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9a17))
	byName := make(map[string]Company, len(t.Companies))
	for _, c := range t.Companies {
		byName[c.Name] = c
	}
	dealsByID := make(map[string]*Deal, len(t.Deals))
	for i := range t.Deals {
		dealsByID[t.Deals[i].ID] = &t.Deals[i]
	}
	together := map[[2]string]bool{}
	for _, d := range t.Deals {
		if len(d.Parties) == 2 {
			together[[2]string{d.Parties[0], d.Parties[1]}] = true
			together[[2]string{d.Parties[1], d.Parties[0]}] = true
		}
	}
	var withDeals []*Article
	for i := range t.Articles {
		for _, id := range t.Articles[i].Deals {
			if d := dealsByID[id]; d != nil && len(d.Parties) == 2 {
				withDeals = append(withDeals, &t.Articles[i])
				break
			}
		}
	}
	var out []Pair
	for len(out) < n && len(t.Companies) > 1 {
		if len(out)%2 == 0 && len(withDeals) > 0 {
			a := withDeals[rng.IntN(len(withDeals))]
			d := dealsByID[a.Deals[rng.IntN(len(a.Deals))]]
			if d == nil || len(d.Parties) != 2 {
				continue // another deal of the article
			}
			out = append(out, Pair{A: byName[d.Parties[0]], B: byName[d.Parties[1]], HasDeal: true})
			continue
		}
		i, j := rng.IntN(len(t.Companies)), rng.IntN(len(t.Companies))
		if i == j {
			continue
		}
		a, b := t.Companies[i], t.Companies[j]
		out = append(out, Pair{A: a, B: b, HasDeal: together[[2]string{a.Name, b.Name}]})
	}
	return out
}

// ---- planning ----------------------------------------------------------

// filesPerDir is how many articles share a subdirectory.
const filesPerDir = 1000

// dealState is a deal as planned.
type dealState struct {
	id       string
	kind     string
	a, b     int // company indexes: investor/acquirer/first partner, then the other
	amount   *amountPlan
	historic bool
	year     int // historic deals: the year told
	// reports are the articles that tell it, in plan order (not date order).
	reports []*report
	open    bool // can still be followed up
}

// report is one article's telling of a deal.
type report struct {
	art      int
	status   string
	dateForm string    // "relative", "absolute", "none" (the article date), "year" (historic)
	day      time.Time // the day the sentence is about (relative/absolute); zero otherwise
	followup bool
}

// amountPlan is an amount and how it is written.
type amountPlan struct {
	form      string // see amountForms
	currency  string
	value     float64
	high      float64
	usd       float64
	usdInText bool
	text      string
}

// articlePlan is everything about an article that the truth depends on.
type articlePlan struct {
	idx      int
	file     string
	format   string
	typ      string
	date     time.Time // when it was written (shown only when dated)
	dateForm string    // txt: dateline, byline, none; md: meta, none; html: meta, visible, none
	outlet   outlet
	author   person
	slug     string
	url      string
	title    string
	deals    []*dealState
	reports  []*report
	historic *dealState
	subject  int    // non-deal articles: the company they are about
	rival    int    // and another company they name
	nondeal  string // earnings, launch, hire, lawsuit, analyst
}

type plan struct {
	n         int
	seed      int64
	companies []Company
	brokers   []string
	outlets   []outlet
	cdf       []float64
	articles  []*articlePlan
	deals     []*dealState
	investors []int
}

var (
	epoch = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	span  = 3800 // days of article dates from epoch (to mid-2025)
)

func newPlan(n int, seed int64) *plan {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	p := &plan{n: n, seed: seed}
	p.companies, p.brokers = makeCompanies(rng, NumCompanies, numBrokers)
	p.outlets = makeOutlets(rng, 40)
	p.cdf = make([]float64, len(p.companies))
	sum := 0.0
	for i := range p.companies {
		sum += 1 / math.Pow(float64(i+1), zipfExponent)
		p.cdf[i] = sum
	}
	for i := range p.cdf {
		p.cdf[i] /= sum
	}
	for i, c := range p.companies {
		if c.Investor {
			p.investors = append(p.investors, i)
		}
	}
	var open []*dealState // deals that may get a follow-up
	for i := range n {
		a := &articlePlan{idx: i}
		p.articles = append(p.articles, a)
		switch f := rng.Float64(); {
		case f < 0.40:
			a.format = "txt"
		case f < 0.70:
			a.format = "md"
		default:
			a.format = "html"
		}
		a.file = fmt.Sprintf("%03d/%06d.%s", i/filesPerDir, i, a.format)
		a.outlet = p.outlets[rng.IntN(len(p.outlets))]
		a.author = pickPerson(rng)
		a.date = epoch.AddDate(0, 0, rng.IntN(span))
		p.pickDateForm(rng, a)

		r := rng.Float64()
		switch {
		case r < 0.10:
			a.typ = "nondeal"
			a.subject = p.zipf(rng)
			for a.rival = p.zipf(rng); a.rival == a.subject; a.rival = p.zipf(rng) {
			}
			a.nondeal = []string{"earnings", "launch", "hire", "lawsuit", "analyst"}[rng.IntN(5)]
		case r < 0.18:
			a.typ = "roundup"
			for range 2 + rng.IntN(2) {
				d := p.newDeal(rng)
				p.addReport(rng, a, d, p.firstStatus(rng, d), false)
				open = append(open, d)
			}
		case r < 0.33 && len(open) > 0:
			a.typ = "followup"
			k := len(open) - 1 - rng.IntN(min(len(open), 400))
			d := open[k]
			prev := d.reports[len(d.reports)-1]
			st := nextStatus(rng, d.kind, prev.status)
			// a follow-up comes after the report it follows
			a.date = p.articles[prev.art].date.AddDate(0, 0, 1+rng.IntN(120))
			p.addReport(rng, a, d, st, true)
			if st == "terminated" || st == "denied" || len(d.reports) >= 4 {
				open = append(open[:k], open[k+1:]...)
			}
		default:
			a.typ = "deal"
			d := p.newDeal(rng)
			p.addReport(rng, a, d, p.firstStatus(rng, d), false)
			open = append(open, d)
		}
		if (a.typ == "deal" || a.typ == "followup") && rng.IntN(7) == 0 {
			h := p.newHistoric(rng, a.deals[0])
			a.historic = h
			p.addReport(rng, a, h, h.firstStatusHistoric(), false)
		}
		a.title = p.makeTitle(rng, a)
		a.slug = slugOf(a.title)
		a.url = fmt.Sprintf("https://%s/%s/%s-%d", a.outlet.domain, []string{"news", "deals", "business", "markets", "tech"}[rng.IntN(5)], a.slug, 10000+i)
	}
	return p
}

// pickDateForm decides how the article gives its date (or whether it does).
func (p *plan) pickDateForm(rng *rand.Rand, a *articlePlan) {
	f := rng.Float64()
	switch a.format {
	case "txt":
		switch {
		case f < 0.70:
			a.dateForm = "dateline"
		case f < 0.85:
			a.dateForm = "byline"
		default:
			a.dateForm = "none"
		}
	case "md":
		if f < 0.9 {
			a.dateForm = "meta"
		} else {
			a.dateForm = "none"
		}
	default:
		switch {
		case f < 0.8:
			a.dateForm = "meta"
		case f < 0.9:
			a.dateForm = "visible"
		default:
			a.dateForm = "none"
		}
	}
}

func (a *articlePlan) dated() bool { return a.dateForm != "none" }

// zipf draws a company index, popular ones more often.
func (p *plan) zipf(rng *rand.Rand) int {
	return sort.SearchFloat64s(p.cdf, rng.Float64())
}

var kindWeights = []struct {
	kind string
	w    float64
}{{"partnership", 0.25}, {"joint venture", 0.08}, {"licensing", 0.10}, {"investment", 0.27}, {"acquisition", 0.22}, {"merger", 0.08}}

func (p *plan) newDeal(rng *rand.Rand) *dealState {
	f := rng.Float64()
	kind := kindWeights[len(kindWeights)-1].kind
	for _, kw := range kindWeights {
		if f < kw.w {
			kind = kw.kind
			break
		}
		f -= kw.w
	}
	d := &dealState{id: fmt.Sprintf("S%06d", len(p.deals)+1), kind: kind, open: true}
	d.a = p.zipf(rng)
	if kind == "investment" && rng.IntN(10) < 7 {
		d.a = p.investors[rng.IntN(len(p.investors))]
	}
	// investment firms invest, and sometimes buy; they do not partner,
	// license or merge
	for kind != "investment" && kind != "acquisition" && p.companies[d.a].Investor {
		d.a = p.zipf(rng)
	}
	for {
		d.b = p.zipf(rng)
		if d.b != d.a && !p.companies[d.b].Investor {
			break
		}
	}
	chance := map[string]float64{"partnership": 0.15, "joint venture": 0.4, "licensing": 0.6, "investment": 0.92, "acquisition": 0.8, "merger": 0.5}[kind]
	if rng.Float64() < chance {
		d.amount = pickAmount(rng, kind)
	}
	p.deals = append(p.deals, d)
	return d
}

// newHistoric is an earlier deal of the main deal's first party, told in
// passing with a year.
func (p *plan) newHistoric(rng *rand.Rand, main *dealState) *dealState {
	d := &dealState{id: fmt.Sprintf("S%06d", len(p.deals)+1), historic: true}
	d.kind = []string{"partnership", "investment", "acquisition"}[rng.IntN(3)]
	if p.companies[main.a].Investor {
		d.kind = "investment"
	}
	d.a = main.a
	for {
		d.b = p.zipf(rng)
		if d.b != main.a && d.b != main.b && !p.companies[d.b].Investor {
			break
		}
	}
	d.year = 2008 + rng.IntN(7)
	if d.kind == "acquisition" && rng.IntN(2) == 0 {
		d.amount = pickAmount(rng, d.kind)
		d.amount.form = "usd"
		d.amount.currency, d.amount.usdInText = "USD", true
		d.amount.usd = d.amount.value
		d.amount.text = usdText(d.amount.value, rng.IntN(2) == 0)
	}
	p.deals = append(p.deals, d)
	return d
}

func (d *dealState) firstStatusHistoric() string {
	if d.kind == "partnership" {
		return "announced"
	}
	return "completed"
}

func (p *plan) firstStatus(rng *rand.Rand, d *dealState) string {
	f := rng.Float64()
	switch {
	case f < 0.15:
		return "reported"
	case f < 0.88:
		return "announced"
	}
	if d.kind == "investment" || d.kind == "acquisition" {
		return "completed"
	}
	return "announced"
}

// nextStatus is the status a follow-up reports.
func nextStatus(rng *rand.Rand, kind, prev string) string {
	f := rng.Float64()
	switch prev {
	case "reported":
		if f < 0.6 {
			return "announced"
		}
		return "denied"
	case "announced":
		switch kind {
		case "investment", "acquisition", "merger":
			if f < 0.7 {
				return "completed"
			}
			return "terminated"
		}
		if f < 0.7 {
			return "announced"
		}
		return "terminated"
	}
	return prev
}

// addReport makes article a tell deal d with status st.
func (p *plan) addReport(rng *rand.Rand, a *articlePlan, d *dealState, st string, followup bool) {
	r := &report{art: a.idx, status: st, followup: followup}
	switch {
	case d.historic:
		r.dateForm = "year"
	default:
		f := rng.Float64()
		switch {
		case f < 0.45 && a.dated():
			r.dateForm = "relative"
			r.day = a.date.AddDate(0, 0, -(1 + rng.IntN(6)))
		case f < 0.60:
			r.dateForm = "absolute"
			if a.dated() {
				r.day = a.date.AddDate(0, 0, -rng.IntN(3))
			} else {
				r.day = epoch.AddDate(0, 0, rng.IntN(span))
			}
		default:
			r.dateForm = "none"
		}
	}
	d.reports = append(d.reports, r)
	a.reports = append(a.reports, r)
	a.deals = append(a.deals, d)
}

// truth builds the truth from the plan (word and byte counts are filled in
// by rendering).
func (p *plan) truth() Truth {
	t := Truth{Version: Version, Seed: p.seed, N: p.n, Companies: p.companies}
	t.Articles = make([]Article, len(p.articles))
	for i, a := range p.articles {
		ta := Article{File: a.file, Format: a.format, Title: a.title, Source: a.outlet.name, Type: a.typ, Parties: []string{}}
		if a.format != "txt" {
			ta.URL = a.url
		}
		if a.dated() {
			ta.Date = a.date.Format("2006-01-02")
		}
		seen := map[string]bool{}
		addParty := func(n string) {
			if !seen[n] {
				seen[n] = true
				ta.Parties = append(ta.Parties, n)
			}
		}
		for _, d := range a.deals {
			ta.Deals = append(ta.Deals, d.id)
			addParty(p.companies[d.a].Name)
			addParty(p.companies[d.b].Name)
		}
		if a.typ == "nondeal" {
			addParty(p.companies[a.subject].Name)
		}
		t.Articles[i] = ta
	}
	for _, d := range p.deals {
		td := Deal{ID: d.id, Kind: d.kind, Historic: d.historic,
			Parties: []string{p.companies[d.a].Name, p.companies[d.b].Name}}
		switch d.kind {
		case "investment":
			td.Roles = map[string]string{"investor": td.Parties[0], "investee": td.Parties[1]}
		case "acquisition":
			td.Roles = map[string]string{"acquirer": td.Parties[0], "target": td.Parties[1]}
		}
		if d.amount != nil {
			td.Amount = &Amount{Text: d.amount.text, Currency: d.amount.currency, Value: d.amount.value, High: d.amount.high}
			if d.amount.currency == "USD" || d.amount.usdInText {
				td.Amount.USD = d.amount.usd
			}
		}
		// reports in date order (undated ones keep plan order, last)
		rs := append([]*report(nil), d.reports...)
		sort.SliceStable(rs, func(i, j int) bool {
			ai, aj := p.articles[rs[i].art], p.articles[rs[j].art]
			if ai.dated() != aj.dated() {
				return ai.dated()
			}
			return ai.date.Before(aj.date)
		})
		for _, r := range rs {
			td.Sources = append(td.Sources, p.articles[r.art].file)
		}
		td.Status = rs[len(rs)-1].status
		for _, r := range rs {
			a := p.articles[r.art]
			switch {
			case r.dateForm == "year":
				td.Date = fmt.Sprint(d.year)
			case r.dateForm == "relative" || r.dateForm == "absolute":
				td.Date = r.day.Format("2006-01-02")
			case a.dated():
				td.Date = a.date.Format("2006-01-02")
			}
			if td.Date != "" {
				break
			}
		}
		t.Deals = append(t.Deals, td)
	}
	return t
}
