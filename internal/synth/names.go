package synth

import (
	"math/rand/v2"
	"strings"
)

// sector is a line of business: the words that name its companies and the
// vocabulary its articles use.
type sector struct {
	name     string
	suffixes []string // the last word of a company name: "Robotics"
	noun     string   // what such a company is: "maker of industrial robots"
	orgNoun  string   // "maker", "developer": an organisation noun
	products []string
	markets  []string
	focus    []string // what a partnership sets out to do: "develop … for …"
}

var sectors = []sector{
	{name: "robotics", suffixes: []string{"Robotics", "Automation", "Robotics"}, noun: "maker of industrial robots", orgNoun: "maker",
		products: []string{"industrial robots", "warehouse robots", "robotic arms", "autonomous forklifts", "inspection drones"},
		markets:  []string{"warehouse automation", "car plants", "food processing", "parcel hubs"},
		focus:    []string{"develop warehouse robots for grocery chains", "automate picking in parcel hubs", "build robotic welding cells for car plants", "sell inspection robots to utilities"}},
	{name: "chips", suffixes: []string{"Semiconductor", "Microdevices", "Silicon"}, noun: "chip designer", orgNoun: "designer",
		products: []string{"AI accelerators", "power chips", "memory chips", "radio-frequency chips", "image sensors"},
		markets:  []string{"data centres", "electric cars", "smartphones", "industrial equipment"},
		focus:    []string{"design AI accelerators for data centres", "supply power chips for electric cars", "co-develop image sensors for phones", "build a chip packaging line"}},
	{name: "energy", suffixes: []string{"Energy", "Power", "Renewables"}, noun: "renewable energy developer", orgNoun: "developer",
		products: []string{"battery cells", "solar panels", "wind turbines", "hydrogen electrolysers", "grid batteries"},
		markets:  []string{"grid storage", "rooftop solar", "offshore wind", "green hydrogen"},
		focus:    []string{"build grid batteries in southern Europe", "develop offshore wind farms", "produce green hydrogen for steelmakers", "install rooftop solar for small businesses"}},
	{name: "pharma", suffixes: []string{"Pharma", "Therapeutics", "Biosciences"}, noun: "drug developer", orgNoun: "drugmaker",
		products: []string{"cancer drugs", "gene therapies", "vaccines", "diabetes treatments", "antibody drugs"},
		markets:  []string{"oncology", "rare diseases", "obesity treatment", "infectious diseases"},
		focus:    []string{"develop antibody drugs for rare diseases", "run late-stage trials of a diabetes treatment", "make vaccines for emerging markets", "commercialise a cancer drug in Asia"}},
	{name: "software", suffixes: []string{"Software", "Systems", "Technologies"}, noun: "business software provider", orgNoun: "provider",
		products: []string{"cloud software", "cybersecurity tools", "data platforms", "payroll software", "design software"},
		markets:  []string{"small businesses", "banks", "hospitals", "city governments"},
		focus:    []string{"sell cloud software to hospitals", "build cybersecurity tools for banks", "bring data platforms to retailers", "offer payroll software to small businesses"}},
	{name: "fintech", suffixes: []string{"Payments", "Pay", "Financial"}, noun: "payments company", orgNoun: "fintech",
		products: []string{"payment terminals", "mobile wallets", "small-business loans", "card processing", "buy-now-pay-later plans"},
		markets:  []string{"online shops", "market traders", "restaurants", "cross-border payments"},
		focus:    []string{"offer mobile wallets to market traders", "process card payments for restaurants", "provide small-business loans online", "speed up cross-border payments"}},
	{name: "logistics", suffixes: []string{"Logistics", "Freight", "Shipping"}, noun: "logistics operator", orgNoun: "operator",
		products: []string{"container shipping", "parcel delivery", "cold-chain warehouses", "freight forwarding", "last-mile delivery"},
		markets:  []string{"e-commerce", "pharmaceutical distribution", "fresh food", "port services"},
		focus:    []string{"run cold-chain warehouses for drugmakers", "offer same-day parcel delivery", "operate container terminals", "build a freight network across the region"}},
	{name: "media", suffixes: []string{"Media", "Studios", "Entertainment"}, noun: "media group", orgNoun: "studio",
		products: []string{"streaming services", "short-video apps", "music catalogues", "mobile games", "original series"},
		markets:  []string{"streaming", "online video", "music", "mobile gaming"},
		focus:    []string{"produce original series for streaming", "distribute short-video content", "license music for online video", "co-produce mobile games"}},
	{name: "telecom", suffixes: []string{"Telecom", "Networks", "Communications"}, noun: "telecoms operator", orgNoun: "carrier",
		products: []string{"5G networks", "fibre broadband", "satellite links", "data centres", "mobile towers"},
		markets:  []string{"rural broadband", "enterprise networks", "mobile data", "satellite internet"},
		focus:    []string{"roll out fibre broadband in rural areas", "share 5G network masts", "offer satellite internet to ships", "build data centres near cable landings"}},
	{name: "autos", suffixes: []string{"Motors", "Mobility", "Automotive"}, noun: "carmaker", orgNoun: "carmaker",
		products: []string{"electric vans", "electric scooters", "driver-assistance software", "charging stations", "delivery trucks"},
		markets:  []string{"electric vehicles", "ride-hailing", "autonomous driving", "fleet leasing"},
		focus:    []string{"develop autonomous driving software", "build charging stations along motorways", "supply electric vans to delivery fleets", "launch a ride-hailing service"}},
	{name: "food", suffixes: []string{"Foods", "Agri", "Nutrition"}, noun: "food producer", orgNoun: "producer",
		products: []string{"plant-based meat", "fertiliser", "packaged snacks", "infant formula", "frozen meals"},
		markets:  []string{"supermarkets", "agriculture", "food service", "export markets"},
		focus:    []string{"sell plant-based meat to supermarkets", "produce low-carbon fertiliser", "distribute frozen meals to schools", "export packaged snacks"}},
	{name: "retail", suffixes: []string{"Retail", "Commerce", "Brands"}, noun: "online retailer", orgNoun: "retailer",
		products: []string{"online marketplaces", "grocery delivery", "fashion e-commerce", "discount stores", "loyalty apps"},
		markets:  []string{"e-commerce", "grocery", "fashion", "home furnishing"},
		focus:    []string{"run an online marketplace for local shops", "offer grocery delivery in big cities", "sell fashion online across the region", "open discount stores in smaller towns"}},
	{name: "aerospace", suffixes: []string{"Aerospace", "Space", "Aviation"}, noun: "aerospace supplier", orgNoun: "supplier",
		products: []string{"small satellites", "cargo drones", "jet engine parts", "launch vehicles", "flight software"},
		markets:  []string{"earth observation", "air cargo", "defence", "satellite broadband"},
		focus:    []string{"launch small satellites for earth observation", "build cargo drones for island routes", "make jet engine parts", "develop flight software for air taxis"}},
	{name: "medtech", suffixes: []string{"Medical", "Health", "Diagnostics"}, noun: "medical device maker", orgNoun: "manufacturer",
		products: []string{"diagnostic tests", "hearing aids", "surgical robots", "insulin pumps", "heart monitors"},
		markets:  []string{"hospitals", "home care", "clinical laboratories", "dental clinics"},
		focus:    []string{"sell diagnostic tests to clinical laboratories", "develop surgical robots for hospitals", "bring heart monitors to home care", "distribute insulin pumps"}},
	{name: "materials", suffixes: []string{"Materials", "Chemicals", "Industries"}, noun: "materials producer", orgNoun: "producer",
		products: []string{"lithium carbonate", "specialty polymers", "green steel", "recycled aluminium", "industrial coatings"},
		markets:  []string{"battery makers", "construction", "packaging", "car parts"},
		focus:    []string{"refine lithium for battery makers", "produce green steel for construction", "recycle aluminium for packaging", "develop coatings for car parts"}},
	{name: "edtech", suffixes: []string{"Learning", "Education", "Academy"}, noun: "online education company", orgNoun: "platform",
		products: []string{"online tutoring", "language courses", "exam preparation", "coding bootcamps", "school software"},
		markets:  []string{"schools", "universities", "adult learners", "corporate training"},
		focus:    []string{"offer online tutoring in regional languages", "sell exam preparation courses", "run coding bootcamps for adults", "provide school software to districts"}},
}

// investorSector is the sector of investment firms.
var investorSector = sector{name: "investment", suffixes: []string{"Capital", "Ventures", "Investments", "Holdings", "Capital", "Ventures"},
	noun: "investment firm", orgNoun: "investor",
	products: []string{"growth funds", "venture funds", "infrastructure funds"},
	markets:  []string{"late-stage start-ups", "infrastructure", "technology"},
	focus:    []string{"back technology start-ups in the region", "invest in infrastructure"}}

var (
	stemHeads = []string{"Var", "Quel", "Tor", "Bel", "Cal", "Dor", "Fen", "Gal", "Hal", "Jor", "Kel", "Lum", "Mar", "Nor", "Ost", "Pel", "Ral", "Sel", "Tal", "Vel",
		"Wyn", "Zer", "Ark", "Bri", "Cor", "Dra", "Eld", "Fal", "Gry", "Hex", "Ira", "Jun", "Kor", "Lys", "Myr", "Nex", "Oro", "Pyr", "Qua", "Rho",
		"Syl", "Tyr", "Ulm", "Vor", "Xan", "Yar", "Zol", "Ambr", "Bexl", "Cind", "Delv", "Ems", "Frin", "Glen", "Hask", "Ivel", "Jask", "Kast", "Lorv", "Mend"}
	stemMids  = []string{"a", "e", "i", "o", "u", "ae", "io", "", "ar", "en"}
	stemTails = []string{"nex", "lin", "vo", "ra", "dex", "tis", "mon", "ria", "lux", "via", "ton", "ris", "gen", "por", "sia", "dal", "vex", "nia", "ko", "rin", "quist", "wick", "mere", "holt"}

	legalForms = []string{"Inc", "Ltd", "Corp", "GmbH", "SA", "AG", "Plc", "NV"}

	firstNamesF = []string{"Maren", "Lucía", "Nadia", "Liis", "Ingrid", "Priya", "Chen Yu", "Aiko", "Fatou", "Sofia", "Hana", "Leila", "Ines", "Marta", "Oksana", "Amara", "Rosa", "Yara", "Elif", "Tove",
		"Ananya", "Mei", "Nkechi", "Camille", "Greta", "Dilnoza", "Paola", "Sunita", "Keiko", "Astrid"}
	firstNamesM = []string{"Kristjan", "Halvor", "Mart", "Pieter", "Tomasz", "Rafael", "Kenji", "Arjun", "Kwame", "Omar", "Luca", "Jonas", "Matteo", "Diego", "Emeka", "Sven", "Anders", "Ravi", "Hugo", "Bastian",
		"Tariq", "Nikolai", "Joaquín", "Farid", "Teodor", "Wen", "Bogdan", "Idris", "Casimir", "Obi"}
	lastNames = []string{"Holt", "Ferrán", "Ferreira", "Saar", "Tamm", "Kask", "Brekke", "Maas", "Eriksen", "Ilves", "Ortiz", "Whitfield", "Nakamura", "Okafor", "Lindqvist", "Castell", "Moreau", "Novak", "Halloran", "Brandt",
		"Achterberg", "Rasmussen", "Valdés", "Kowalczyk", "Sato", "Mensah", "Haddad", "Bergström", "Quintero", "Ivanova", "Delacroix", "Szabo", "Petrov", "Adeyemi", "Lindgren", "Marchetti", "Okonkwo", "Takeda", "Van Dijk", "Aalto",
		"Nieminen", "Oyelaran", "Barros", "Esposito", "Fischer", "Gallo", "Horvat", "Jovanovic", "Kaur", "Lemaire", "Mbeki", "Nordin", "Orlov", "Pires", "Rahman", "Sandoval", "Thorsen", "Uribe", "Vidal", "Weiss"}

	cities = []struct{ city, country, adj string }{
		{"Munich", "Germany", "German"}, {"Lyon", "France", "French"}, {"Tallinn", "Estonia", "Estonian"}, {"Austin", "the United States", "US"}, {"Bergen", "Norway", "Norwegian"},
		{"Madrid", "Spain", "Spanish"}, {"Osaka", "Japan", "Japanese"}, {"Pune", "India", "Indian"}, {"Shenzhen", "China", "Chinese"}, {"Lagos", "Nigeria", "Nigerian"},
		{"Nairobi", "Kenya", "Kenyan"}, {"Seoul", "South Korea", "South Korean"}, {"Toronto", "Canada", "Canadian"}, {"Melbourne", "Australia", "Australian"}, {"Milan", "Italy", "Italian"},
		{"Rotterdam", "the Netherlands", "Dutch"}, {"Gothenburg", "Sweden", "Swedish"}, {"Helsinki", "Finland", "Finnish"}, {"Warsaw", "Poland", "Polish"}, {"Lisbon", "Portugal", "Portuguese"},
		{"São Paulo", "Brazil", "Brazilian"}, {"Monterrey", "Mexico", "Mexican"}, {"Singapore", "Singapore", "Singaporean"}, {"Jakarta", "Indonesia", "Indonesian"}, {"Taipei", "Taiwan", "Taiwanese"},
		{"Boston", "the United States", "US"}, {"Denver", "the United States", "US"}, {"Zurich", "Switzerland", "Swiss"}, {"Dublin", "Ireland", "Irish"}, {"Copenhagen", "Denmark", "Danish"},
		{"Bengaluru", "India", "Indian"}, {"Hangzhou", "China", "Chinese"}, {"Cape Town", "South Africa", "South African"}, {"Vienna", "Austria", "Austrian"}, {"Prague", "the Czech Republic", "Czech"},
	}
	regions = []string{"Europe", "Asia", "Latin America", "Africa", "North America", "the Middle East", "Southeast Asia", "the Nordics"}

	outletHeads = []string{"Baltic", "Pacific", "Northern", "Harbour", "Meridian", "Alpine", "Atlantic", "Eastern", "Continental", "Capital", "Riverside", "Summit"}
	outletMids  = []string{"Tech", "Industry", "Business", "Markets", "Deal", "Freight", "Energy", "Health", "Trade", "Finance"}
	outletTails = []string{"Review", "Wire", "Journal", "Report", "Herald", "Dispatch", "Desk", "Ledger", "Times", "Observer"}

	brokerTails = []string{"Securities", "Research", "Capital Markets", "Equities", "Advisory"}
)

// makeStems returns n distinct invented name stems.
func makeStems(rng *rand.Rand, n int) []string {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		s := stemHeads[rng.IntN(len(stemHeads))] + stemMids[rng.IntN(len(stemMids))] + stemTails[rng.IntN(len(stemTails))]
		k := strings.ToLower(s)
		if seen[k] || len(s) < 5 || len(s) > 11 {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// makeCompanies invents n companies (and the brokers whose analysts are
// quoted, which are never parties) from distinct stems. About one company in
// seven is an investment firm.
func makeCompanies(rng *rand.Rand, n, brokers int) ([]Company, []string) {
	stems := makeStems(rng, n+brokers)
	cs := make([]Company, n)
	for i := range n {
		sec := &sectors[rng.IntN(len(sectors))]
		inv := rng.IntN(7) == 0
		if inv {
			sec = &investorSector
		}
		suffix := sec.suffixes[rng.IntN(len(sec.suffixes))]
		c := Company{Name: stems[i] + " " + suffix, Short: stems[i], Sector: sec.name, Investor: inv}
		if rng.IntN(4) == 0 && !inv {
			c.Legal = c.Name + " " + legalForms[rng.IntN(len(legalForms))]
		}
		cs[i] = c
	}
	var bs []string
	for _, s := range stems[n:] {
		bs = append(bs, s+" "+brokerTails[rng.IntN(len(brokerTails))])
	}
	return cs, bs
}

func sectorOf(name string) *sector {
	for i := range sectors {
		if sectors[i].name == name {
			return &sectors[i]
		}
	}
	return &investorSector
}

// outlet is a news site.
type outlet struct {
	name, domain string
}

func makeOutlets(rng *rand.Rand, n int) []outlet {
	seen := map[string]bool{}
	var out []outlet
	for len(out) < n {
		name := outletHeads[rng.IntN(len(outletHeads))] + " " + outletMids[rng.IntN(len(outletMids))] + " " + outletTails[rng.IntN(len(outletTails))]
		if seen[name] {
			continue
		}
		seen[name] = true
		if rng.IntN(3) == 0 {
			name = "The " + name
		}
		d := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(name, "The "), " ", ""))
		out = append(out, outlet{name: name, domain: d + ".example"})
	}
	return out
}

// person is someone quoted or credited.
type person struct {
	first, last string
	female      bool
}

func (p person) String() string { return p.first + " " + p.last }

func pickPerson(rng *rand.Rand) person {
	if rng.IntN(2) == 0 {
		return person{first: firstNamesF[rng.IntN(len(firstNamesF))], last: lastNames[rng.IntN(len(lastNames))], female: true}
	}
	return person{first: firstNamesM[rng.IntN(len(firstNamesM))], last: lastNames[rng.IntN(len(lastNames))]}
}
