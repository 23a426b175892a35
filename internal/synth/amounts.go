package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// amountForms are the ways an amount is written, with rough weights.
var amountForms = []struct {
	form string
	w    int
}{{"usd", 30}, {"usd2", 12}, {"eur", 14}, {"gbp", 8}, {"cny", 10}, {"inr", 8}, {"jpy", 6}, {"digits", 5}, {"words", 7}}

// usdPer is a rough exchange rate (units of currency per US dollar) for
// bracketed conversions.
var usdPer = map[string]float64{"EUR": 0.9, "GBP": 0.78, "CNY": 7.1, "INR": 83, "JPY": 145}

// pickAmount draws a deal amount and how it is written.
func pickAmount(rng *rand.Rand, kind string) *amountPlan {
	lo, hi := 5e6, 8e8 // USD
	switch kind {
	case "acquisition", "merger":
		lo, hi = 2e7, 9e9
	case "licensing", "joint venture":
		lo, hi = 5e6, 1e9
	}
	usd := roundNice(math.Exp(math.Log(lo) + rng.Float64()*(math.Log(hi)-math.Log(lo))))
	total := 0
	for _, f := range amountForms {
		total += f.w
	}
	k := rng.IntN(total)
	form := amountForms[0].form
	for _, f := range amountForms {
		if k < f.w {
			form = f.form
			break
		}
		k -= f.w
	}
	a := &amountPlan{form: form}
	switch form {
	case "usd":
		a.currency, a.value, a.usd = "USD", usd, usd
		a.text = usdText(usd, rng.IntN(3) == 0)
	case "usd2":
		a.currency, a.value, a.usd = "USD", usd, usd
		a.text = "US" + usdText(usd, false)
	case "eur", "gbp":
		cur, sym := "EUR", "€"
		if form == "gbp" {
			cur, sym = "GBP", "£"
		}
		a.currency = cur
		a.value = roundNice(usd * usdPer[cur])
		a.usd = usd
		switch rng.IntN(3) {
		case 0:
			a.text = sym + short(a.value)
		case 1:
			a.text = sym + long(a.value)
		default:
			if cur == "EUR" {
				a.text = long(a.value) + " euros"
			} else {
				a.text = long(a.value) + " pounds"
			}
		}
	case "cny":
		a.currency = "CNY"
		a.value = roundNice(usd * usdPer["CNY"])
		a.usd, a.usdInText = usd, true
		if rng.IntN(2) == 0 {
			a.text = long(a.value) + " yuan (" + usdText(usd, false) + ")"
		} else {
			a.text = "RMB " + long(a.value) + " (about " + usdText(usd, false) + ")"
		}
	case "inr":
		a.currency = "INR"
		crore := math.Max(1, math.Round(usd*usdPer["INR"]/1e7))
		a.value = crore * 1e7
		a.usd = usd
		if rng.IntN(2) == 0 {
			a.text = "Rs " + strconv.FormatFloat(crore, 'f', -1, 64) + " crore"
		} else {
			a.text = "₹" + strconv.FormatFloat(crore, 'f', -1, 64) + " crore (" + usdText(usd, false) + ")"
			a.usdInText = true
		}
	case "jpy":
		a.currency = "JPY"
		a.value = roundNice(usd * usdPer["JPY"])
		a.usd = usd
		a.text = long(a.value) + " yen"
	case "digits":
		digits := int(math.Floor(math.Log10(usd))) + 1
		a.currency = "USD"
		a.value = math.Pow(10, float64(digits-1))
		a.high = math.Pow(10, float64(digits)) - 1
		a.usd = a.value
		a.text = article(digitWords[digits]) + " " + digitWords[digits] + "-digit US dollar sum"
	case "words":
		a.currency, a.value, a.usd = "USD", usd, usd
		a.text = long(usd) + " US dollars"
	}
	return a
}

var digitWords = map[int]string{7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}

func article(word string) string {
	if strings.IndexByte("aeiou", word[0]) >= 0 {
		return "an"
	}
	return "a"
}

// roundNice rounds to two or three significant figures, as news does.
func roundNice(v float64) float64 {
	if v <= 0 {
		return 0
	}
	mag := math.Pow(10, math.Floor(math.Log10(v))-1)
	if v >= 1e9 {
		mag = math.Pow(10, math.Floor(math.Log10(v))-1)
	}
	return math.Round(v/mag) * mag
}

// usdText writes a dollar amount: "$410 million", "$1.2 billion" or, in
// the short style, "$410m", "$1.2bn".
func usdText(v float64, shortStyle bool) string {
	if shortStyle {
		return "$" + short(v)
	}
	return "$" + long(v)
}

// long writes "410 million", "1.2 billion".
func long(v float64) string {
	switch {
	case v >= 1e9:
		return num(v/1e9) + " billion"
	case v >= 1e6:
		return num(v/1e6) + " million"
	}
	return num(v)
}

// short writes "410m", "1.2bn".
func short(v float64) string {
	switch {
	case v >= 1e9:
		return num(v/1e9) + "bn"
	case v >= 1e6:
		return num(v/1e6) + "m"
	}
	return num(v)
}

func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
