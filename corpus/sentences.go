package corpus

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
)

// englishTokenizer is the Punkt sentence splitter with its English model.
// Building it decodes the model (about 15 ms), so it is built once, on first
// use, and shared: Tokenize only reads the model, so concurrent use is safe
// (the package tests run it under the race detector).
var englishTokenizer = sync.OnceValues(func() (*sentences.DefaultSentenceTokenizer, error) {
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, err
	}
	if wt, ok := tok.WordTokenizer.(*english.WordTokenizer); ok {
		tok.WordTokenizer = quickWordTokenizer{wt}
	}
	for i, a := range tok.Annotations {
		switch a := a.(type) {
		case *sentences.TypeBasedAnnotation:
			tok.Annotations[i] = quickTypeBased{a}
		case *sentences.TokenBasedAnnotation:
			tok.Annotations[i] = quickTokenBased{a}
		case *english.MultiPunctWordAnnotation:
			tok.Annotations[i] = quickMultiPunct{a}
		}
	}
	return tok, nil
})

// The Punkt annotations look at every token, but change only tokens with
// sentence punctuation in them. The quick versions below skip the others
// and hand the rest, one token or one pair at a time and in the same
// order, to the annotation they wrap, so the splits are the same.

// quickWordTokenizer is the English model's word tokenizer with a quicker
// Tokenize for whole texts: the same tokens, without working out for each
// word whether it holds sentence punctuation, which only a tokenization
// for period context uses.
type quickWordTokenizer struct {
	*english.WordTokenizer
}

// Tokenize splits text into words as sentences.DefaultWordTokenizer does.
func (w quickWordTokenizer) Tokenize(text string, onlyPeriodContext bool) []*sentences.Token {
	if onlyPeriodContext {
		return w.WordTokenizer.Tokenize(text, onlyPeriodContext)
	}
	textLength := len(text)
	if textLength == 0 {
		return nil
	}
	tokens := make([]*sentences.Token, 0, 50)
	lastSpace := 0
	lineStart, paragraphStart := false, false
	for i, char := range text {
		var space bool
		if char < utf8.RuneSelf {
			space = char == ' ' || '\t' <= char && char <= '\r'
		} else {
			space = unicode.IsSpace(char)
		}
		cjk := sentences.IsCjkPunct(char)
		if !space && !cjk && i != textLength-1 {
			continue
		}
		if cjk {
			i += len(string(char))
		}
		if char == '\n' {
			if lineStart {
				paragraphStart = true
			}
			lineStart = true
		}
		cursor := i
		if i == textLength-1 {
			cursor = textLength
		}
		word := strings.TrimSpace(text[lastSpace:cursor])
		if word == "" {
			continue
		}
		token := sentences.NewToken(word)
		token.Position = cursor
		token.ParaStart = paragraphStart
		token.LineStart = lineStart
		tokens = append(tokens, token)
		lastSpace = cursor
		lineStart, paragraphStart = false, false
	}
	if len(tokens) == 0 {
		token := sentences.NewToken(text)
		token.Position = textLength
		tokens = append(tokens, token)
	}
	return tokens
}

// quickTypeBased is sentences.TypeBasedAnnotation for tokens with '.', '?',
// '!' or '。': it marks sentence ends (which all hold one of those) and
// abbreviations (which end with a period).
type quickTypeBased struct {
	*sentences.TypeBasedAnnotation
}

// Annotate annotates tokens as sentences.TypeBasedAnnotation does.
func (a quickTypeBased) Annotate(tokens []*sentences.Token) []*sentences.Token {
	for _, t := range tokens {
		if hasSentencePunct(t.Tok) {
			a.TypeBasedAnnotation.Annotate([]*sentences.Token{t})
		}
	}
	return tokens
}

// quickTokenBased is sentences.TokenBasedAnnotation for the pairs whose
// first token ends with a period, the only ones it looks at.
type quickTokenBased struct {
	*sentences.TokenBasedAnnotation
}

// Annotate annotates tokens as sentences.TokenBasedAnnotation does.
func (a quickTokenBased) Annotate(tokens []*sentences.Token) []*sentences.Token {
	eachPair(tokens, func(one, two *sentences.Token) {
		if a.TokenParser.HasPeriodFinal(one) {
			a.TokenBasedAnnotation.Annotate([]*sentences.Token{one, two})
		}
	})
	return tokens
}

// eachPair calls f with each token and the next, as
// sentences.DefaultTokenGrouper pairs them (a token repeated right after
// itself is skipped), leaving out the last token, which has no next.
func eachPair(tokens []*sentences.Token, f func(one, two *sentences.Token)) {
	if len(tokens) == 0 {
		return
	}
	prev := tokens[0]
	for _, tok := range tokens {
		if prev == tok {
			continue
		}
		f(prev, tok)
		prev = tok
	}
}

// hasSentencePunct reports whether tok holds '.', '?', '!' or '。'.
func hasSentencePunct(tok string) bool {
	for i := 0; i < len(tok); i++ {
		switch tok[i] {
		case '.', '?', '!':
			return true
		case 0xE3: // the first byte of '。'
			if strings.HasPrefix(tok[i:], "。") {
				return true
			}
		}
	}
	return false
}

// quickMultiPunct is the English model's multi-punctuation annotation
// (abbreviations such as "U.S.", list numbers, coordinates) with a cheap
// test in front. For a pair of tokens, the annotation changes nothing
// unless the first token holds a '.', '?' or '!' or starts with a digit:
// every test it makes (a list number, "N°.", a final period, an
// abbreviation with two periods, an unreliable ending such as `."`, a
// coordinate) needs one of those. Ordinary words, most of the tokens, are
// skipped; the others go through the annotation as before, pair by pair
// in the same order.
type quickMultiPunct struct {
	*english.MultiPunctWordAnnotation
}

// Annotate annotates tokens as english.MultiPunctWordAnnotation does.
func (a quickMultiPunct) Annotate(tokens []*sentences.Token) []*sentences.Token {
	eachPair(tokens, func(one, two *sentences.Token) {
		if multiPunctCandidate(one.Tok) {
			a.MultiPunctWordAnnotation.Annotate([]*sentences.Token{one, two})
		}
	})
	return tokens
}

func multiPunctCandidate(tok string) bool {
	if tok != "" && tok[0] >= '0' && tok[0] <= '9' {
		return true
	}
	for i := 0; i < len(tok); i++ {
		if c := tok[i]; c == '.' || c == '?' || c == '!' {
			return true
		}
	}
	return false
}

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
