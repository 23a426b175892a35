package corpus

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
)

func TestArticleRoundTrip(t *testing.T) {
	var arts []Article
	for _, set := range []string{"eval", "heldout", "blind"} {
		as, _, err := Load(context.Background(), DirFS(filepath.Join("..", "testdata", set, "corpus")), Options{})
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, as...)
	}
	if len(arts) < 50 {
		t.Fatalf("%d articles; want the test corpora", len(arts))
	}
	for _, a := range arts {
		b, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got Article
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		if !got.Date.Equal(a.Date) || got.Date.String() != a.Date.String() {
			t.Errorf("%s: date %v; want %v", a.ID, got.Date, a.Date)
		}
		want := a
		want.Removed, want.Date = nil, got.Date
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded article differs from the original", a.ID)
		}
		if err := got.UnmarshalBinary(b[:len(b)-3]); err == nil {
			t.Errorf("%s: a truncated article decoded without error", a.ID)
		}
	}
}
