// Package english knows which lower-case words are ordinary English words,
// from SCOWL's american-english list (see WORDS-LICENSE). A capitalised
// ordinary word ("Growth", "Reveal") needs more evidence than an unknown
// one ("Zorblat") before dealbot takes it for a company name.
package english

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"strings"
	"sync"
)

//go:embed words.txt.gz
var wordsGz []byte

var (
	once  sync.Once
	words map[string]bool
)

// IsWord reports whether w, in lower case, is an ordinary English word.
func IsWord(w string) bool {
	once.Do(load)
	return words[w]
}

func load() {
	words = map[string]bool{}
	zr, err := gzip.NewReader(bytes.NewReader(wordsGz))
	if err != nil {
		panic("english: embedded word list: " + err.Error()) // fixed at build time
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		panic("english: embedded word list: " + err.Error())
	}
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" {
			words[line] = true
		}
	}
}
