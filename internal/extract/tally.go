package extract

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Tally is the corpus's evidence about names, added up over its articles:
// the input of the [Table]. Articles can be added and removed again, so
// that a reindex after a few files changed updates the tally instead of
// reading every article again; a tally built article by article is the same
// whatever the order, and the same as one built from scratch.
//
// Its fields are exported for encoding only; use the methods.
type Tally struct {
	Names  map[string]*TallyName // by name key
	Parens map[string]int        // "X (Y)" alias pairs: "x\x00y" → articles giving it
	// Later counts, for a short name and a longer one that starts with it
	// ("acme" and "acme robotics"), the articles where the short one first
	// appears after the long one (Later[k][0]) or before it ([1]).
	Later map[string]*[2]int

	// unsorted is set while some TallyName.Articles may be out of order:
	// Add appends (sorting on every insert would be quadratic in a bulk
	// build), and whatever needs the order sorts first.
	unsorted bool
}

// TallyName is the corpus's evidence about one name key.
type TallyName struct {
	Count      int
	Surfaces   map[string]int // written forms and their counts
	Articles   []uint32       // the numbers of the articles naming it (see [Tally.Add]), sorted
	NonInitial int            // articles naming it other than at the start of a sentence
	Org        float64
	Person     float64
	Place      float64
	FrameOrg   float64
}

// NewTally returns an empty tally.
func NewTally() *Tally {
	return &Tally{Names: map[string]*TallyName{}, Parens: map[string]int{}, Later: map[string]*[2]int{}}
}

// Add counts the names of one article. num identifies the article among
// the tally's (the caller numbers them, and keeps an article's number while
// it is in the tally). An article must not be added twice without being
// removed in between.
func (t *Tally) Add(n *Names, num uint32) { t.apply(n, num, 1) }

// Remove takes back the names of one article, as counted by [Tally.Add]
// with the same number.
func (t *Tally) Remove(n *Names, num uint32) { t.apply(n, num, -1) }

// sort puts every article list in order.
func (t *Tally) sort() {
	if !t.unsorted {
		return
	}
	for _, e := range t.Names {
		slices.Sort(e.Articles)
		e.Articles = slices.Compact(e.Articles)
	}
	t.unsorted = false
}

func (t *Tally) apply(n *Names, h uint32, sign int) {
	if sign < 0 {
		t.sort()
	}
	fs := float64(sign)
	for key, ev := range n.Names {
		e := t.Names[key]
		if e == nil {
			if sign < 0 {
				continue
			}
			e = &TallyName{Surfaces: map[string]int{}}
			t.Names[key] = e
		}
		e.Count += sign * ev.Count
		for s, c := range ev.Surfaces {
			if e.Surfaces[s] += sign * c; e.Surfaces[s] <= 0 {
				delete(e.Surfaces, s)
			}
		}
		if sign > 0 {
			e.Articles = append(e.Articles, h)
			t.unsorted = true
		} else if i, found := slices.BinarySearch(e.Articles, h); found {
			e.Articles = slices.Delete(e.Articles, i, i+1)
		}
		if ev.NonInitial {
			e.NonInitial += sign
		}
		e.Org += fs * ev.Org
		e.Person += fs * ev.Person
		e.Place += fs * ev.Place
		e.FrameOrg += fs * ev.FrameOrg
		if len(e.Articles) == 0 {
			delete(t.Names, key)
		}
	}
	for _, p := range n.Parens {
		k := p[0] + "\x00" + p[1]
		if t.Parens[k] += sign; t.Parens[k] <= 0 {
			delete(t.Parens, k)
		}
	}
	for _, rel := range laterPairs(n) {
		c := t.Later[rel.key]
		if c == nil {
			if sign < 0 {
				continue
			}
			c = &[2]int{}
			t.Later[rel.key] = c
		}
		c[rel.before] += sign
		if c[0] <= 0 && c[1] <= 0 {
			delete(t.Later, rel.key)
		}
	}
}

type laterPair struct {
	key    string // short + "\x00" + long
	before int    // 1 when the short name first appears before the long one
}

// laterPairs lists, for the names of one article where one is a shorter
// form of another ("acme" of "acme robotics", "lémaniq" of "banque
// lémaniq"), which of the two the article names first.
func laterPairs(n *Names) []laterPair {
	var out []laterPair
	add := func(short, long string) {
		s, ok := n.Names[short]
		if !ok {
			return
		}
		before := 0
		if s.FirstPos < n.Names[long].FirstPos {
			before = 1
		}
		out = append(out, laterPair{key: short + "\x00" + long, before: before})
	}
	for long := range n.Names {
		for i := 0; i < len(long); i++ {
			if long[i] == ' ' {
				add(long[:i], long) // every shorter run of leading words
			}
		}
		if first, rest, ok := strings.Cut(long, " "); ok && genericLead[first] {
			add(rest, long) // "lémaniq" of "banque lémaniq"
		}
	}
	return out
}

// Table learns the corpus's companies from the tally. The tally is not
// changed and may be updated afterwards.
func (t *Tally) Table() *Table {
	stats := make(map[string]*nameStats, len(t.Names))
	for key, e := range t.Names {
		stats[key] = &nameStats{
			key: key, surfaces: e.Surfaces, count: e.Count, articles: e.Articles,
			org: e.Org, person: e.Person, place: e.Place, frameOrg: e.FrameOrg,
			initialOnly: e.NonInitial <= 0,
		}
	}
	parens := make([][2]string, 0, len(t.Parens))
	for k := range t.Parens {
		a, b, _ := strings.Cut(k, "\x00")
		parens = append(parens, [2]string{a, b})
	}
	sort.Slice(parens, func(i, j int) bool {
		if parens[i][0] != parens[j][0] {
			return parens[i][0] < parens[j][0]
		}
		return parens[i][1] < parens[j][1]
	})
	laterIn := func(short, long *nameStats) bool {
		c := t.Later[short.key+"\x00"+long.key]
		return c != nil && c[0] > 0 && c[1] == 0
	}
	typeNames(stats)
	return &Table{fx: loadFX(), aliases: buildAliases(stats, parens, laterIn)}
}

// tallyMagic starts an encoded tally.
const tallyMagic = "dealbot-tally-1"

// MarshalBinary encodes the tally compactly (article lists as sorted
// differences), in an order that does not depend on map iteration.
func (t *Tally) MarshalBinary() ([]byte, error) {
	t.sort()
	e := encoder{b: make([]byte, 0, 1<<20)}
	e.b = append(e.b, tallyMagic...)
	keys := slices.Sorted(maps.Keys(t.Names))
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		n := t.Names[k]
		e.str(k)
		e.varint(int64(n.Count))
		e.varint(int64(n.NonInitial))
		e.num(n.Org)
		e.num(n.Person)
		e.num(n.Place)
		e.num(n.FrameOrg)
		e.counts(n.Surfaces)
		e.uvarint(uint64(len(n.Articles)))
		prev := uint32(0)
		for _, a := range n.Articles {
			e.uvarint(uint64(a - prev))
			prev = a
		}
	}
	e.counts(t.Parens)
	e.uvarint(uint64(len(t.Later)))
	for _, k := range slices.Sorted(maps.Keys(t.Later)) {
		e.str(k)
		e.varint(int64(t.Later[k][0]))
		e.varint(int64(t.Later[k][1]))
	}
	return e.b, nil
}

// UnmarshalBinary decodes a tally encoded by [Tally.MarshalBinary].
func (t *Tally) UnmarshalBinary(data []byte) error {
	if !bytes.HasPrefix(data, []byte(tallyMagic)) {
		return errors.New("extract: decode tally: not an encoded tally")
	}
	d := decoder{b: data[len(tallyMagic):]}
	n := NewTally()
	count := d.uvarint()
	n.Names = make(map[string]*TallyName, min(count, uint64(len(data))))
	for i := uint64(0); i < count && d.err == nil; i++ {
		k := d.str()
		e := &TallyName{Count: int(d.varint()), NonInitial: int(d.varint())}
		e.Org, e.Person, e.Place, e.FrameOrg = d.num(), d.num(), d.num(), d.num()
		e.Surfaces = d.counts()
		na := d.uvarint()
		if na > uint64(len(d.b)) {
			d.fail()
			break
		}
		e.Articles = make([]uint32, na)
		prev := uint32(0)
		for j := range e.Articles {
			prev += uint32(d.uvarint())
			e.Articles[j] = prev
		}
		n.Names[k] = e
	}
	n.Parens = d.counts()
	nl := d.uvarint()
	for i := uint64(0); i < nl && d.err == nil; i++ {
		k := d.str()
		n.Later[k] = &[2]int{int(d.varint()), int(d.varint())}
	}
	if d.err != nil {
		return fmt.Errorf("extract: decode tally: %w", d.err)
	}
	*t = *n
	return nil
}

// Digest is what reading an article takes from a [Table], in a form that
// can be kept and compared with a later table's (see [Digest.Changed]).
type Digest struct {
	Companies    map[string]uint64 // name key → hash of its company's signature
	Alternatives map[string]uint64 // shared short form → hash of its companies
	MaxTokens    int               // words in the longest company name
}

// Digest returns the table's digest.
func (t *Table) Digest() Digest {
	d := Digest{Companies: make(map[string]uint64, len(t.aliases.byKey)), Alternatives: map[string]uint64{}, MaxTokens: t.aliases.maxTokens}
	sigs := make(map[*company]uint64, len(t.aliases.companies))
	for k, c := range t.aliases.byKey {
		h, ok := sigs[c]
		if !ok {
			h = fnv64a(companySig(c))
			sigs[c] = h
		}
		d.Companies[k] = h
	}
	for k, cs := range t.aliases.alternatives {
		d.Alternatives[k] = fnv64a(companiesSig(cs))
	}
	return d
}

// Changed lists the name keys that d reads differently from old: as
// another company, a company under another name or with other written
// forms, or another set of alternatives for a shared short form. An
// article whose names include none of them reads the same against both
// tables. all is true when the change reaches every article (the longest
// company name changed length, which changes how far mentions are looked
// for).
func (d Digest) Changed(old Digest) (keys []string, all bool) {
	if d.MaxTokens != old.MaxTokens {
		return nil, true
	}
	seen := map[string]bool{}
	check := func(k string) {
		if !seen[k] {
			seen[k] = true
			if d.Companies[k] != old.Companies[k] || d.Alternatives[k] != old.Alternatives[k] {
				keys = append(keys, k)
			}
		}
	}
	for _, m := range []map[string]uint64{d.Companies, old.Companies, d.Alternatives, old.Alternatives} {
		for k := range m {
			check(k)
		}
	}
	sort.Strings(keys)
	return keys, false
}

func fnv64a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// companySig is what reading an article takes from a company: its key,
// name and written forms (short aliases count only as written).
func companySig(c *company) string {
	if c == nil {
		return ""
	}
	surfaces := make([]string, 0, len(c.surfaces))
	for s := range c.surfaces {
		surfaces = append(surfaces, s)
	}
	sort.Strings(surfaces)
	return c.key + "\x01" + c.name + "\x01" + strings.Join(surfaces, "\x02")
}

func companiesSig(cs []*company) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.key)
		b.WriteByte(0)
	}
	return b.String()
}

// Affected returns the numbers of the articles of the tally that name one
// of keys.
func (t *Tally) Affected(keys []string) map[uint32]bool {
	t.sort()
	out := map[uint32]bool{}
	for _, k := range keys {
		if e := t.Names[k]; e != nil {
			for _, a := range e.Articles {
				out[a] = true
			}
		}
	}
	return out
}
