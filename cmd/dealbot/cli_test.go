package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs dealbot with args in an environment of its own and returns the
// exit code, stdout and stderr.
func runCLI(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		Getenv:   func(k string) string { return vars[k] },
		Stdin:    strings.NewReader(""),
		Stdout:   &out,
		Stderr:   &errb,
		NoDotEnv: true,
	}
	code := run(t.Context(), env, args)
	return code, out.String(), errb.String()
}

func TestAskOnEmbeddedCorpus(t *testing.T) {
	vars := map[string]string{"INDEX_DIR": t.TempDir()}
	code, out, errs := runCLI(t, vars, "ask", "xiaomi", "microsoft")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	for _, want := range []string{"**Xiaomi** ↔ **Microsoft**", "partnership", "announced", "26 February 2018",
		"**Xiaomi** and **Microsoft** are all set to expand their partnership.", "003_1786cc76dec43be7.txt", "cloud"} {
		if !strings.Contains(out, want) {
			t.Errorf("ask output lacks %q:\n%s", want, out)
		}
	}
}

func TestAskJSONShape(t *testing.T) {
	vars := map[string]string{"INDEX_DIR": t.TempDir()}
	code, out, errs := runCLI(t, vars, "ask", "--json", "how much did xiaomi invest in iqiyi?")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	var ans struct {
		Query     string   `json:"query"`
		Companies []string `json:"companies"`
		Deals     []struct {
			ID      string `json:"id"`
			Parties []struct{ Name, Role string }
			Kind    string `json:"kind"`
			Status  string `json:"status"`
			Amount  *struct {
				Text     string  `json:"text"`
				Value    float64 `json:"value"`
				Currency string  `json:"currency"`
				USD      float64 `json:"usd"`
			} `json:"amount"`
			Date    *string  `json:"date"`
			Areas   []string `json:"areas"`
			Summary string   `json:"summary"`
			Sources []struct {
				Article, Title, URL, Snippet string
				Date                         *string
			} `json:"sources"`
		} `json:"deals"`
		Mentions []json.RawMessage `json:"mentions"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatalf("ask --json is not JSON: %v\n%s", err, out)
	}
	if ans.Query != "how much did xiaomi invest in iqiyi?" || len(ans.Companies) != 2 || ans.Mentions == nil {
		t.Errorf("query %q companies %v mentions %v", ans.Query, ans.Companies, ans.Mentions)
	}
	if len(ans.Deals) == 0 {
		t.Fatalf("no deals:\n%s", out)
	}
	d := ans.Deals[0]
	if d.Kind != "investment" || d.Status != "reported" || d.Amount == nil || d.Amount.USD != 3e8 || d.Amount.Currency != "USD" {
		t.Errorf("top deal %+v; want the reported US$300 million investment", d)
	}
	if d.Parties[0].Name != "Xiaomi" || d.Parties[0].Role != "investor" || d.Parties[1].Role != "investee" {
		t.Errorf("parties %+v", d.Parties)
	}
	if d.Date != nil || len(d.Sources) != 2 || d.Areas == nil || d.Summary == "" || d.ID == "" {
		t.Errorf("deal %+v; want no date, two sources, areas, a summary and an id", d)
	}
}

func TestDealsOnNewCorpus(t *testing.T) {
	vars := map[string]string{"INDEX_DIR": t.TempDir(), "CORPUS_DIR": filepath.Join("..", "..", "testdata", "corpus")}
	code, out, errs := runCLI(t, vars, "deals", "--json")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	var got struct {
		Deals []struct {
			Parties []struct{ Name, Role string }   `json:"parties"`
			Kind    string                          `json:"kind"`
			Status  string                          `json:"status"`
			Amount  *struct{ Currency string }      `json:"amount"`
			Date    *string                         `json:"date"`
			Sources []struct{ Article, URL string } `json:"sources"`
		} `json:"deals"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("deals --json is not JSON: %v\n%s", err, out)
	}
	want := map[string]string{ // parties → kind/status
		"Acme Robotics+Zorblat":         "acquisition/announced",
		"Northstar Ventures+Brightwave": "investment/reported",
		"Kestrel Dairy+Ormond Farms":    "partnership/announced",
	}
	found := map[string]string{}
	for _, d := range got.Deals {
		var ns []string
		for _, p := range d.Parties {
			ns = append(ns, p.Name)
		}
		found[strings.Join(ns, "+")] = d.Kind + "/" + d.Status
	}
	for k, v := range want {
		if found[k] == "" {
			t.Errorf("no deal %s; got %v", k, found)
		} else if found[k] != v {
			t.Errorf("deal %s is %s; want %s", k, found[k], v)
		}
	}
	if len(got.Deals) != len(want) {
		t.Errorf("%d deals; want %d (nothing from nav, asides, scripts or teasers): %v", len(got.Deals), len(want), found)
	}
}

func TestIndexCommand(t *testing.T) {
	vars := map[string]string{"INDEX_DIR": t.TempDir()}
	code, out, errs := runCLI(t, vars, "index")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	if !strings.Contains(out, "Indexed 5 articles") || !strings.Contains(out, "deals") {
		t.Errorf("index output:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"ask"}, {"deals", "extra"}} {
		code, _, errs := runCLI(t, map[string]string{"INDEX_DIR": t.TempDir()}, args...)
		if code != 2 || errs == "" {
			t.Errorf("dealbot %v: exit %d, stderr %q; want 2 and a usage message", args, code, errs)
		}
	}
	code, out, _ := runCLI(t, nil, "help")
	if code != 0 || !strings.Contains(out, "dealbot ask") || !strings.Contains(out, "dealbot serve") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}

func TestBadConfig(t *testing.T) {
	code, _, errs := runCLI(t, map[string]string{"INDEX_DIR": t.TempDir(), "CORPUS_DIR": "/definitely/not/here"}, "deals")
	if code != 1 || !strings.Contains(errs, "/definitely/not/here") {
		t.Errorf("exit %d stderr %q; want 1 and the bad directory named", code, errs)
	}
}
