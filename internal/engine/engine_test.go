package engine

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealbot/dealbot/internal/deal"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func openSeeds(t *testing.T, dir string) *Engine {
	t.Helper()
	e, err := Open(t.Context(), quietLogger(), Options{IndexDir: dir})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func names(d deal.Deal) string { return strings.Join(d.PartyNames(), "+") }

func TestSeedQueries(t *testing.T) {
	e := openSeeds(t, t.TempDir())
	tests := []struct {
		q         string
		companies []string
		top       []string // parties of the top deal, in any order
		kind      deal.Kind
		status    deal.Status
	}{
		{"xiaomi microsoft", []string{"Xiaomi", "Microsoft"}, []string{"Xiaomi", "Microsoft"}, deal.Partnership, deal.Announced},
		{"microsoft xiaomi", []string{"Microsoft", "Xiaomi"}, []string{"Xiaomi", "Microsoft"}, deal.Partnership, deal.Announced},
		{"Xiaomi & Microsoft", []string{"Xiaomi", "Microsoft"}, []string{"Xiaomi", "Microsoft"}, deal.Partnership, deal.Announced},
		{"microsft xiaomi", []string{"Microsoft", "Xiaomi"}, []string{"Xiaomi", "Microsoft"}, deal.Partnership, deal.Announced},
		{"youku todou", []string{"Youku Tudou"}, []string{"Xiaomi", "Youku Tudou"}, deal.Partnership, deal.Announced},
		{"xiaomi youku todou", []string{"Xiaomi", "Youku Tudou"}, []string{"Xiaomi", "Youku Tudou"}, deal.Partnership, deal.Announced},
		{"mi firework", []string{"Xiaomi", "Firework"}, []string{"Xiaomi", "Firework"}, deal.Partnership, deal.Announced},
		{"how much did xiaomi invest in iqiyi?", []string{"Xiaomi", "iQiyi"}, []string{"Xiaomi", "iQiyi"}, deal.Investment, deal.Reported},
		{"tencent samsung", []string{"Tencent", "Samsung"}, []string{"Tencent", "Samsung"}, deal.Partnership, deal.Announced},
		{"firework", []string{"Firework"}, []string{"Xiaomi", "Firework"}, deal.Partnership, deal.Announced},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a, err := e.Ask(t.Context(), tt.q)
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if strings.Join(a.Companies, ",") != strings.Join(tt.companies, ",") {
				t.Errorf("companies = %v; want %v", a.Companies, tt.companies)
			}
			if len(a.Deals) == 0 {
				t.Fatalf("no deals; message %q", a.Message)
			}
			top := a.Deals[0]
			for _, p := range tt.top {
				if !strings.Contains(names(top), p) {
					t.Errorf("top deal %s; want %v", names(top), tt.top)
				}
			}
			if top.Kind != tt.kind || top.Status != tt.status {
				t.Errorf("top deal %s is %s/%s; want %s/%s", names(top), top.Kind, top.Status, tt.kind, tt.status)
			}
		})
	}
	t.Run("the MoU comes first, with its sentence and date", func(t *testing.T) {
		a, _ := e.Ask(t.Context(), "xiaomi microsoft")
		d := a.Deals[0]
		if d.Date.String() != "2018-02-26" || d.Historic {
			t.Errorf("top deal date %v historic %v; want the 2018-02-26 MoU", d.Date, d.Historic)
		}
		if len(a.Deals) != 3 {
			t.Errorf("%d deals; want the MoU and the two earlier deals", len(a.Deals))
		}
		if !strings.Contains(d.Sources[0].Snippet, "Xiaomi and Microsoft are all set to expand their partnership.") {
			t.Errorf("snippet %q", d.Sources[0].Snippet)
		}
	})
	t.Run("the amount is asked for", func(t *testing.T) {
		a, _ := e.Ask(t.Context(), "how much did xiaomi invest in iqiyi?")
		if a.Intent != "amount" || !strings.Contains(a.Lead, "300") {
			t.Errorf("intent %q lead %q; want the amount first", a.Intent, a.Lead)
		}
	})
	t.Run("no deal, shown where they are mentioned together", func(t *testing.T) {
		a, _ := e.Ask(t.Context(), "xiaomi tiktok")
		if len(a.Deals) != 0 {
			t.Errorf("deals %v; want none", a.Deals)
		}
		if !strings.Contains(a.Message, "No deal") || len(a.Mentions) == 0 || !strings.Contains(a.Mentions[0].Snippet, "TikTok") {
			t.Errorf("message %q mentions %v; want no deal and the co-mention", a.Message, a.Mentions)
		}
	})
	t.Run("unknown company is said plainly", func(t *testing.T) {
		a, _ := e.Ask(t.Context(), "zorblatix")
		if len(a.Deals) != 0 || a.Message == "" {
			t.Errorf("deals %d message %q; want none and an explanation", len(a.Deals), a.Message)
		}
	})
	t.Run("query syntax is not interpreted", func(t *testing.T) {
		for _, q := range []string{`+xiaomi -microsoft field:x ~2 "`, `xiaomi* AND (microsoft`, `<!channel> xiaomi`} {
			if _, err := e.Ask(t.Context(), q); err != nil {
				t.Errorf("Ask(%q): %v", q, err)
			}
		}
	})
}

func TestReuseAndRebuild(t *testing.T) {
	idx := t.TempDir()
	corpusDir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(corpusDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Acme Robotics agreed to acquire Zorblat GmbH for €45m, the companies said.\n")
	write("b.md", "---\ntitle: Brightwave funding\ndate: 2024-05-02\n---\nBrightwave raised $12 million in a round led by Northstar Ventures.\n")
	write("c.html", "<html><head><title>Deal</title></head><body><nav>Menu</nav><article><p>Kestrel Dairy and Ormond Farms announced a partnership to share logistics.</p></article></body></html>")

	e, err := Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: idx})
	if err != nil {
		t.Fatal(err)
	}
	if e.LastReport().Reused {
		t.Errorf("first Open reused an index that did not exist")
	}
	ds, _ := e.Deals(t.Context())
	if len(ds) != 3 {
		t.Errorf("%d deals; want 3 (one per article)", len(ds))
	}
	e.Close()

	e, err = Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: idx})
	if err != nil {
		t.Fatal(err)
	}
	if !e.LastReport().Reused {
		t.Errorf("second Open with an unchanged corpus rebuilt the index")
	}
	e.Close()

	// a changed corpus is rebuilt at Open
	time.Sleep(10 * time.Millisecond)
	write("d.txt", "Quillon agreed to buy Pellmore for $2 billion.\n")
	e, err = Open(t.Context(), quietLogger(), Options{CorpusDir: corpusDir, IndexDir: idx})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.LastReport().Reused {
		t.Errorf("Open reused the index after an article was added")
	}
	a, _ := e.Ask(t.Context(), "quillon pellmore")
	if len(a.Deals) != 1 || a.Deals[0].Kind != deal.Acquisition {
		t.Errorf("quillon pellmore: %+v; want the new acquisition", a)
	}
}

func TestReindexWhileAnswering(t *testing.T) {
	e := openSeeds(t, t.TempDir())
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				a, err := e.Ask(ctx, "xiaomi microsoft")
				if err != nil && ctx.Err() == nil {
					errs <- err
					return
				}
				if err == nil && len(a.Deals) == 0 {
					errs <- errors.New("no deals during reindex")
					return
				}
			}
		}()
	}
	var stages []Stage
	var mu sync.Mutex
	rep, err := e.Reindex(t.Context(), func(p Progress) {
		mu.Lock()
		stages = append(stages, p.Stage)
		mu.Unlock()
	})
	if err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("query during reindex: %v", err)
	}
	if rep.Articles != 5 || rep.Deals < 7 {
		t.Errorf("report %+v; want 5 articles and the 7 seed deals", rep)
	}
	if len(stages) == 0 || stages[len(stages)-1] != StageDone {
		t.Errorf("progress stages %v; want them to end with done", stages)
	}
}

func TestSecondReindexIsBusy(t *testing.T) {
	e := openSeeds(t, t.TempDir())
	started := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		var once sync.Once
		_, err := e.Reindex(t.Context(), func(Progress) {
			once.Do(func() { close(started); <-release })
		})
		done <- err
	}()
	<-started
	if _, err := e.Reindex(t.Context(), nil); !errors.Is(err, ErrBusy) {
		t.Errorf("second Reindex: %v; want ErrBusy", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("first Reindex: %v", err)
	}
}

func TestMissingCorpusDir(t *testing.T) {
	_, err := Open(t.Context(), quietLogger(), Options{CorpusDir: filepath.Join(t.TempDir(), "nope"), IndexDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("Open with a missing corpus dir: %v; want an error naming it", err)
	}
}
