package english

import "testing"

func TestIsWord(t *testing.T) {
	for w, want := range map[string]bool{"growth": true, "firework": true, "partnerships": true, "zorblat": false, "brightwave": false, "Growth": false} {
		if got := IsWord(w); got != want {
			t.Errorf("IsWord(%q) = %v; want %v", w, got, want)
		}
	}
}
