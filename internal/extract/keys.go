package extract

import (
	"strings"
	"sync"
)

// The key of a run of words is normKey of the words joined by spaces.
// Mentions are looked up for every run of up to maxTokens+1 words at every
// name-like word, so the same words would be normalised over and over; a
// keyMaker normalises each word once and builds the key of a run from the
// words' parts.
//
// This rests on how normKey works: it maps every character (letters and
// digits to lower case, '&' kept, hyphens and other marks to spaces, an
// abbreviation's period and a possessive dropped, each looking only at its
// neighbours inside the word), splits the result into parts at spaces,
// drops a leading "the" and trailing corporate suffixes (and "&") while more
// than one part is left, and joins the parts with single spaces. The words
// of a run contain no brackets and are separated by spaces, so the parts of
// a run are the parts of its words in order. TestKeyMaker checks the
// result against normKey on every run of the test corpora.

// keyCache holds what keyMakers learn about words, for the whole table:
// the parts of each word, which parts normKey drops at the end of a key,
// and every part of every key of the table.
type keyCache struct {
	words sync.Map // word → []string, its parts
	trail sync.Map // part → bool, dropped at the end of a longer key

	partsOnce sync.Once
	parts     map[string]bool // the parts of the keys of byKey
}

// keyParts returns the set of parts of every key of t.
func (t *aliasTable) keyParts() map[string]bool {
	c := &t.keyCache
	c.partsOnce.Do(func() {
		c.parts = map[string]bool{}
		for key := range t.byKey {
			for _, p := range strings.Split(key, " ") {
				c.parts[p] = true
			}
		}
	})
	return c.parts
}

// keyMaker builds keys of word runs for one goroutine.
type keyMaker struct {
	cache *keyCache
	key   []byte
}

func (t *Table) newKeyMaker() *keyMaker { return &keyMaker{cache: &t.aliases.keyCache} }

// wordParts returns the parts normKey makes of one word of a run.
func (k *keyMaker) wordParts(w string) []string {
	if p, ok := k.cache.words.Load(w); ok {
		return p.([]string)
	}
	// between "x " and " x", normKey trims nothing of w and sees w's
	// characters next to the same neighbours as inside a run
	n := normKey("x " + w + " x")
	var p []string
	if n != "x x" {
		p = strings.Fields(strings.TrimSuffix(strings.TrimPrefix(n, "x "), " x"))
	}
	k.cache.words.Store(w, p)
	return p
}

// trailing reports whether normKey drops part at the end of a longer key.
func (k *keyMaker) trailing(part string) bool {
	if d, ok := k.cache.trail.Load(part); ok {
		return d.(bool)
	}
	d := normKey("x "+part) == "x"
	k.cache.trail.Store(part, d)
	return d
}

// blocks reports whether a run with word w in it cannot have a key of the
// table: a part of w is none of the table's key parts, and normKey keeps
// it (it is not a leading "the" nor a dropped suffix).
func (k *keyMaker) blocks(w string, keyParts map[string]bool) bool {
	for _, p := range k.wordParts(w) {
		if !keyParts[p] && p != "the" && !k.trailing(p) {
			return true
		}
	}
	return false
}

// runParts collects the parts of words, appending to parts, and for each
// word the number of parts up to and including it, appending to ends.
func (k *keyMaker) runParts(words []string, parts []string, ends []int) ([]string, []int) {
	for _, w := range words {
		parts = append(parts, k.wordParts(w)...)
		ends = append(ends, len(parts))
	}
	return parts, ends
}

// partsKey returns normKey of the words whose parts are parts. The result
// is valid until the next call.
func (k *keyMaker) partsKey(parts []string) []byte {
	if len(parts) > 1 && parts[0] == "the" {
		parts = parts[1:]
	}
	for len(parts) > 1 && k.trailing(parts[len(parts)-1]) {
		parts = parts[:len(parts)-1]
	}
	key := k.key[:0]
	for i, p := range parts {
		if i > 0 {
			key = append(key, ' ')
		}
		key = append(key, p...)
	}
	k.key = key
	return key
}

// runKey returns normKey(strings.Join(words, " ")). The result is valid
// until the next call.
func (k *keyMaker) runKey(words []string) []byte {
	parts, _ := k.runParts(words, nil, nil)
	return k.partsKey(parts)
}
