package index

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealbot/dealbot/internal/deal"
)

// lead answers a question in one sentence, the asked fact first, from the
// best deal (and, for partners of one company, from all the deals shown).
// names are the companies the query named. It returns "" for a plain
// lookup.
func lead(intent string, names []string, deals []deal.Deal) string {
	if intent == "" || len(deals) == 0 {
		return ""
	}
	d := &deals[0]
	switch intent {
	case "amount":
		phrase := dealPhrase(d)
		a := d.Amount
		if a == nil || (a.Text == "" && a.Value == 0 && a.USD == 0) {
			return "No amount is given for " + phrase + "."
		}
		text := a.Text
		if text == "" {
			text = strings.TrimSpace(a.Currency + " " + money(a.Value, a.ValueHigh))
		}
		s := upperFirst(phrase) + ": " + text
		if a.USD > 0 {
			s += " (about " + "$" + money(a.USD, a.USDHigh) + " USD)"
		}
		return s + statusSuffix(d, ", ") + "."
	case "acquirer":
		acq, tgt := d.PartyWithRole(deal.RoleAcquirer), d.PartyWithRole(deal.RoleTarget)
		if !d.HasKind(deal.Acquisition) || acq == "" || tgt == "" {
			return "No acquisition involving " + andList(names) + " was found."
		}
		return acq + " bought " + tgt + paren(d) + "."
	case "investor":
		inv, tgt := d.PartyWithRole(deal.RoleInvestor), d.PartyWithRole(deal.RoleInvestee)
		if !d.HasKind(deal.Investment) || inv == "" || tgt == "" {
			return "No investment involving " + andList(names) + " was found."
		}
		amount := ""
		if d.Amount != nil && d.Amount.Text != "" {
			amount = " " + d.Amount.Text
		}
		return inv + " invested" + amount + " in " + tgt + paren(d) + "."
	case "target":
		if acq, tgt := d.PartyWithRole(deal.RoleAcquirer), d.PartyWithRole(deal.RoleTarget); d.HasKind(deal.Acquisition) && acq != "" && tgt != "" {
			return tgt + ", bought by " + acq + paren(d) + "."
		}
		if inv, tgt := d.PartyWithRole(deal.RoleInvestor), d.PartyWithRole(deal.RoleInvestee); d.HasKind(deal.Investment) && inv != "" && tgt != "" {
			return tgt + ", backed by " + inv + paren(d) + "."
		}
		return "No acquisition or investment by " + andList(names) + " was found."
	case "partner":
		var partners []string
		for i := range deals {
			if deals[i].Kind.Family() != "alliance" {
				continue
			}
			for _, p := range deals[i].PartyNames() {
				if !containsFold(names, p) && !containsFold(partners, p) {
					partners = append(partners, p)
				}
			}
		}
		if len(partners) > 0 && len(names) == 1 {
			return possessive(names[0]) + " partners: " + strings.Join(partners, ", ") + "."
		}
		if d.Kind.Family() != "alliance" {
			return "No partnership involving " + andList(names) + " was found."
		}
		return andList(d.PartyNames()) + " " + pastVerb(d.Kind) + paren(d) + "."
	case "date":
		if d.Date.IsZero() {
			return "The date of " + dealPhrase(d) + " is not given."
		}
		return upperFirst(action(d)) + " " + onDate(d.Date) + "."
	}
	return ""
}

// dealPhrase names a deal: "Acme Robotics's acquisition of Zorblat GmbH",
// "the partnership between Acme Robotics and Brightwave".
func dealPhrase(d *deal.Deal) string {
	parties := andList(d.PartyNames())
	switch {
	case d.Kind == deal.Investment:
		if inv, tgt := d.PartyWithRole(deal.RoleInvestor), d.PartyWithRole(deal.RoleInvestee); inv != "" && tgt != "" {
			return possessive(inv) + " investment in " + tgt
		}
		return "the investment between " + parties
	case d.Kind == deal.Acquisition:
		if acq, tgt := d.PartyWithRole(deal.RoleAcquirer), d.PartyWithRole(deal.RoleTarget); acq != "" && tgt != "" {
			return possessive(acq) + " acquisition of " + tgt
		}
		return "the acquisition involving " + parties
	case d.Kind == deal.Merger:
		return "the merger of " + parties
	case d.Kind == deal.JointVenture:
		return "the joint venture of " + parties
	case d.Kind == deal.Licensing:
		return "the licensing deal between " + parties
	}
	return "the partnership between " + parties
}

// action says what happened: "Acme Robotics bought Zorblat GmbH", "Acme
// Robotics and Brightwave partnered".
func action(d *deal.Deal) string {
	switch d.Kind {
	case deal.Investment:
		if inv, tgt := d.PartyWithRole(deal.RoleInvestor), d.PartyWithRole(deal.RoleInvestee); inv != "" && tgt != "" {
			return inv + " invested in " + tgt
		}
	case deal.Acquisition:
		if acq, tgt := d.PartyWithRole(deal.RoleAcquirer), d.PartyWithRole(deal.RoleTarget); acq != "" && tgt != "" {
			return acq + " bought " + tgt
		}
	}
	return andList(d.PartyNames()) + " " + pastVerb(d.Kind)
}

func pastVerb(k deal.Kind) string {
	switch k {
	case deal.Investment:
		return "made an investment"
	case deal.Acquisition:
		return "made an acquisition"
	case deal.Merger:
		return "merged"
	case deal.JointVenture:
		return "formed a joint venture"
	case deal.Licensing:
		return "signed a licensing deal"
	}
	return "partnered"
}

// onDate is "on 4 March 2019", "in March 2019" or "in 2019".
func onDate(d deal.Date) string {
	if d.Precision() == deal.Day {
		return "on " + d.Human()
	}
	return "in " + d.Human()
}

// paren is " (announced 2019-03-04)", " (announced)", " (2019)" or "".
func paren(d *deal.Deal) string {
	parts := []string{}
	if d.Status != "" {
		parts = append(parts, string(d.Status))
	}
	if !d.Date.IsZero() {
		parts = append(parts, d.Date.String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, " ") + ")"
}

func statusSuffix(d *deal.Deal, sep string) string {
	if d.Status == "" {
		return ""
	}
	return sep + string(d.Status)
}

// money formats an amount compactly: 300M, 1.5B, 750K, 10M–100M.
func money(v, high float64) string {
	s := compact(v)
	if high > v {
		s += "–$" + compact(high)
	}
	return s
}

func compact(v float64) string {
	unit := ""
	switch {
	case v >= 1e12:
		v, unit = v/1e12, "T"
	case v >= 1e9:
		v, unit = v/1e9, "B"
	case v >= 1e6:
		v, unit = v/1e6, "M"
	case v >= 1e3:
		v, unit = v/1e3, "K"
	}
	prec := 1
	if v >= 100 || v == float64(int64(v)) {
		prec = 0
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	s = strings.TrimSuffix(s, ".0")
	return s + unit
}

// possessive is "Acme's", or "Acme Holdings'" for a name ending in s.
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	// "the partnership…" → "The partnership…"; a name stays as written
	// ("eFoo's investment…").
	if strings.HasPrefix(s, "the ") {
		return string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
