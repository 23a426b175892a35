package extract

import (
	_ "embed"
	"math"
	"strconv"
	"strings"

	"github.com/dealbot/dealbot/internal/deal"
)

//go:embed fx.csv
var fxCSV string

// fxTable holds yearly average exchange rates (units per US dollar).
type fxTable struct {
	rates map[string]map[int]float64
	first map[string]int
	last  map[string]int
}

func loadFX() *fxTable {
	t := &fxTable{rates: map[string]map[int]float64{}, first: map[string]int{}, last: map[string]int{}}
	for _, line := range strings.Split(fxCSV, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "currency,") {
			continue
		}
		f := strings.Split(line, ",")
		if len(f) != 3 {
			continue
		}
		y, err1 := strconv.Atoi(f[1])
		r, err2 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil || r <= 0 {
			continue
		}
		c := f[0]
		if t.rates[c] == nil {
			t.rates[c] = map[int]float64{}
			t.first[c], t.last[c] = y, y
		}
		t.rates[c][y] = r
		t.first[c] = min(t.first[c], y)
		t.last[c] = max(t.last[c], y)
	}
	return t
}

// toUSD fills a.USD (and USDHigh) using the rate of year, the nearest year
// the table has when year is outside it, or the latest year when year is 0.
// An amount whose USD value came from the article text keeps it.
func (t *fxTable) toUSD(a *deal.Amount, year int) {
	if a.Currency == "USD" {
		a.USD, a.USDHigh = a.Value, a.ValueHigh
		return
	}
	rates := t.rates[a.Currency]
	if rates == nil {
		return
	}
	y := year
	if y == 0 || y > t.last[a.Currency] {
		y = t.last[a.Currency]
	}
	if y < t.first[a.Currency] {
		y = t.first[a.Currency]
	}
	r := rates[y]
	if a.FXSource == "text" && a.USD > 0 {
		if a.ValueHigh > 0 {
			a.USDHigh = round(a.ValueHigh * a.USD / a.Value)
		}
		return
	}
	a.USD = round(a.Value / r)
	if a.ValueHigh > 0 {
		a.USDHigh = round(a.ValueHigh / r)
	}
	a.Approximate = true
	a.FXYear = y
	a.FXSource = "table"
}

func round(v float64) float64 { return math.Round(v) }
