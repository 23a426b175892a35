package corpus

import (
	"encoding/binary"
	"errors"
)

// articleMagic starts an encoded Article.
const articleMagic = "dealbot-article-1"

// MarshalBinary encodes the article compactly, so that a parsed article
// can be put aside and read back much faster than it is parsed. Removed
// (debugging only) is not kept.
func (a *Article) MarshalBinary() ([]byte, error) {
	n := len(articleMagic) + 64 + len(a.ID) + len(a.Title) + len(a.URL) + len(a.Source) + len(a.Hash)
	for i := range a.Sentences {
		n += 16 + len(a.Sentences[i].Text) + len(a.Sentences[i].Kind)
		if a.Sentences[i].Norm != a.Sentences[i].Text {
			n += len(a.Sentences[i].Norm)
		}
	}
	b := make([]byte, 0, n)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = append(b, articleMagic...)
	str(a.ID)
	str(a.Format)
	str(a.Title)
	str(a.URL)
	str(a.Source)
	str(a.Hash)
	date, err := a.Date.MarshalBinary() // keeps the zone offset
	if err != nil {
		return nil, err
	}
	str(string(date))
	b = binary.AppendVarint(b, a.Size)
	b = binary.AppendUvarint(b, uint64(len(a.Sentences)))
	for i := range a.Sentences {
		s := &a.Sentences[i]
		b = binary.AppendVarint(b, int64(s.Index))
		b = binary.AppendVarint(b, int64(s.Para))
		str(string(s.Kind))
		str(s.Text)
		if s.Norm == s.Text {
			b = append(b, 0)
		} else {
			b = append(b, 1)
			str(s.Norm)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(a.Warnings)))
	for _, w := range a.Warnings {
		str(w)
	}
	return b, nil
}

// UnmarshalBinary decodes an article encoded by [Article.MarshalBinary].
func (a *Article) UnmarshalBinary(data []byte) error {
	if len(data) < len(articleMagic) || string(data[:len(articleMagic)]) != articleMagic {
		return errors.New("corpus: decode article: not an encoded article")
	}
	b := data[len(articleMagic):]
	bad := false
	uvarint := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return v
	}
	varint := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return v
	}
	str := func() string {
		l := uvarint()
		if l > uint64(len(b)) {
			bad, b = true, nil
			return ""
		}
		s := string(b[:l])
		b = b[l:]
		return s
	}
	flag := func() byte {
		if len(b) == 0 {
			bad = true
			return 0
		}
		f := b[0]
		b = b[1:]
		return f
	}
	out := Article{ID: str(), Format: str(), Title: str(), URL: str(), Source: str(), Hash: str()}
	if err := out.Date.UnmarshalBinary([]byte(str())); err != nil {
		return errors.New("corpus: decode article: bad date")
	}
	out.Size = varint()
	ns := uvarint()
	if ns > uint64(len(b)) {
		return errors.New("corpus: decode article: corrupt")
	}
	out.Sentences = make([]Sentence, ns)
	for i := range out.Sentences {
		s := &out.Sentences[i]
		s.Index, s.Para = int(varint()), int(varint())
		s.Kind = SentenceKind(str())
		s.Text = str()
		s.Norm = s.Text
		if flag() == 1 {
			s.Norm = str()
		}
	}
	nw := uvarint()
	for i := uint64(0); i < nw && !bad; i++ {
		out.Warnings = append(out.Warnings, str())
	}
	if bad {
		return errors.New("corpus: decode article: truncated or corrupt")
	}
	*a = out
	return nil
}
