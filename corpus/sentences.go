package corpus

import (
	"sync"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
)

// englishTokenizer is the Punkt sentence splitter with its English model.
// Building it decodes the model (about 15 ms), so it is built once, on first
// use, and shared: Tokenize only reads the model, so concurrent use is safe
// (the package tests run it under the race detector).
var englishTokenizer = sync.OnceValues(func() (*sentences.DefaultSentenceTokenizer, error) {
	return english.NewSentenceTokenizer(nil)
})

// splitSentences splits one paragraph (never several: Punkt does not break
// on newlines) into trimmed sentences. Pieces without a letter or digit are
// dropped.
func splitSentences(paragraph string) []string {
	tok, err := englishTokenizer()
	if err != nil { // the model is embedded, so this cannot happen in practice
		return keepWords([]string{paragraph})
	}
	var out []string
	for _, s := range tok.Tokenize(paragraph) {
		out = append(out, s.Text)
	}
	return keepWords(out)
}

// keepWords trims every string and keeps those with a letter or digit.
func keepWords(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s = trimSpace(s); hasWordChar(s) {
			out = append(out, s)
		}
	}
	return out
}
