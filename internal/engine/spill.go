package engine

import (
	"fmt"
	"os"
	"sync"

	"github.com/dealbot/dealbot/corpus"
)

// spill keeps the articles a full reindex parsed in its first pass, encoded
// in a temporary file, for its second pass: reading one back is much
// cheaper than parsing it again, and memory does not grow with the corpus.
type spill struct {
	mu  sync.Mutex
	f   *os.File
	end int64
}

func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "articles-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("spill articles: %w", err)
	}
	return &spill{f: f}, nil
}

// spilled is where one article is in the spill file.
type spilled struct {
	off int64
	n   int
}

// put writes an article; it is safe for concurrent use.
func (s *spill) put(a *corpus.Article) (spilled, error) {
	b, err := a.MarshalBinary()
	if err != nil {
		return spilled{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.end
	if _, err := s.f.WriteAt(b, at); err != nil {
		return spilled{}, fmt.Errorf("spill articles: %w", err)
	}
	s.end += int64(len(b))
	return spilled{off: at, n: len(b)}, nil
}

// get reads an article back; it is safe for concurrent use.
func (s *spill) get(at spilled) (corpus.Article, error) {
	b := make([]byte, at.n)
	if _, err := s.f.ReadAt(b, at.off); err != nil {
		return corpus.Article{}, fmt.Errorf("read spilled article: %w", err)
	}
	var a corpus.Article
	err := a.UnmarshalBinary(b)
	return a, err
}

// close removes the file.
func (s *spill) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}
