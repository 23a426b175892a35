package extract

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/dealbot/dealbot/corpus"
)

// TestTallyAddRemove checks that a tally updated article by article (some
// removed, then added back under new numbers, and sent through its
// encoding) makes the same table as one built from scratch.
func TestTallyAddRemove(t *testing.T) {
	arts, _, err := corpus.Load(context.Background(), corpus.DirFS(filepath.Join("..", "..", "testdata", "heldout", "corpus")), corpus.Options{})
	if err != nil || len(arts) < 10 {
		t.Fatalf("load: %d articles, %v", len(arts), err)
	}
	names := make([]Names, len(arts))
	for i := range arts {
		names[i] = ReadNames(&arts[i])
	}
	want := NewTable(names)

	tl := NewTally()
	for i := range names {
		tl.Add(&names[i], uint32(i))
	}
	for _, i := range []int{0, 3, 7} {
		tl.Remove(&names[i], uint32(i))
	}
	if reflect.DeepEqual(tl.Table().Digest(), want.Digest()) {
		t.Error("removing three articles left the table unchanged; the test proves nothing")
	}
	for k, i := range []int{0, 3, 7} {
		tl.Add(&names[i], uint32(len(names)+k))
	}
	b, err := tl.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Tally
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]*Table{"updated": tl.Table(), "decoded": back.Table()} {
		if !reflect.DeepEqual(got.Digest(), want.Digest()) {
			t.Errorf("%s tally: table differs from one built from scratch", name)
		}
		if g, w := got.Companies(nil), want.Companies(nil); !reflect.DeepEqual(g, w) {
			t.Errorf("%s tally: companies = %+v; want %+v", name, g, w)
		}
	}
	if err := back.UnmarshalBinary(b[:len(b)/2]); err == nil {
		t.Error("a truncated tally decoded without error")
	}
}
