package extract

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dealbot/dealbot/corpus"
)

func TestZZDebug(t *testing.T) {
	dir := os.Getenv("DBG_DIR")
	if dir == "" {
		t.Skip()
	}
	arts, _, _ := corpus.Load(context.Background(), corpus.DirFS(dir), corpus.Options{})
	names := make([]Names, len(arts))
	for i := range arts {
		names[i] = ReadNames(&arts[i])
	}
	tb := NewTable(names)
	needles := strings.Split(os.Getenv("DBG_NEEDLES"), "|")
	for ai := range arts {
		a := &arts[ai]
		for _, s := range a.Sentences {
			for _, n := range needles {
				if n != "" && strings.Contains(s.Norm, n) {
					toks := tokenize(s.Norm)
					var cs []string
					for _, c := range candidates(toks) {
						st := tb.stats[c.key]
						typ := -1
						if st != nil {
							typ = int(st.typ)
						}
						cs = append(cs, c.key+"/"+itoa(typ))
					}
					ms := tb.sentenceMentions(toks, nil)
					fs, _ := frameString(toks, ms, nil, a.Source)
					t.Logf("%s\n  cands %v\n  fs %q", a.ID, cs, fs)
				}
			}
		}
	}
}
