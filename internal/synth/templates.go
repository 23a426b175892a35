package synth

// Sentence templates. Placeholders: {A} {B} the deal's parties (first
// mention full name, later often the short name), {Ap} {Bp} possessive,
// {amt} the amount, {when} " on Tuesday" / " on 3 March 2023" / "" (with
// its leading space), {bdesc} {adesc} an appositive descriptor, {focus}
// what the deal is for, {product} {market} {region} {city} {pct} {round}
// {quarter} {n} vocabulary, {P} a person, {C} another company.

// leads[kind][status] are the sentences that tell a deal. Templates with
// {amt} are used when the deal has an amount.
var leads = map[string]map[string][]string{
	"acquisition": {
		"announced": {
			"{A} said{when} it had agreed to acquire {B}, {bdesc}, for {amt}.",
			"{A} has agreed to buy {B} for {amt}, the companies said{when}.",
			"{A} will acquire {B}, {bdesc}, in a deal worth {amt}, the two companies announced{when}.",
			"{A} announced{when} that it would buy {B} for {amt} in cash.",
			"{A} said{when} it had agreed to acquire {B}, {bdesc}, for an undisclosed sum.",
			"{A} has agreed to buy {B}, the companies said{when}, without disclosing financial terms.",
			"{A} is to take over {B}, {bdesc}, the companies said{when}.",
		},
		"completed": {
			"{A} has completed its acquisition of {B}, {bdesc}, for {amt}, the company said{when}.",
			"{B} was acquired by {A} for {amt} in a deal that closed{when}.",
			"{A} said{when} it had closed its purchase of {B} for {amt}.",
			"{A} has completed its acquisition of {B}, the company said{when}.",
			"{B} has been acquired by {A}, the two companies said{when}, after regulators cleared the deal.",
		},
		"reported": {
			"{A} is in advanced talks to acquire {B}, people familiar with the matter said{when}.",
			"{A} is exploring a takeover of {B} that could value the company at about {amt}, according to people familiar with the matter.",
			"{A} is in talks to buy {B}, {bdesc}, according to people familiar with the talks.",
		},
		"terminated": {
			"{A} has called off its planned acquisition of {B}, the companies said{when}, citing opposition from regulators.",
			"{A} has walked away from its {amt} bid for {B}, the company said{when}.",
			"{A} has abandoned its planned takeover of {B}, the two companies said{when}.",
		},
		"denied": {
			"{B} denied{when} that it was in talks to be acquired by {A}.",
			"{A} denied reports that it planned to buy {B}, saying it had no plans to make an offer.",
		},
	},
	"investment": {
		"announced": {
			"{A} has invested {amt} in {B}, {bdesc}, the companies said{when}.",
			"{B} said{when} it had raised {amt} in a funding round led by {A}.",
			"{A} will take {apct} stake in {B} for {amt}, the two companies said{when}.",
			"{A} led a {amt} {round} round in {B}, {bdesc}, the start-up said{when}.",
			"{B} has secured {amt} from {A} to {focus}.",
			"{A} has agreed to invest in {B}, {bdesc}, the companies said{when}, without giving the size of the investment.",
			"{B} said{when} that {A} had bought a minority stake in the company.",
		},
		"completed": {
			"{A} has completed its {amt} investment in {B}, the companies said{when}.",
			"{B} has closed a {amt} funding round led by {A}, the company said{when}.",
			"{A} has completed its investment in {B}, {bdesc}, the companies said{when}.",
		},
		"reported": {
			"{A} is in talks to invest about {amt} in {B}, according to people familiar with the matter.",
			"{A} is in talks to take {apct} stake in {B}, people familiar with the plans said{when}.",
		},
		"terminated": {
			"{A} has pulled out of its planned {amt} investment in {B}, the start-up said{when}.",
			"{A} has called off its planned investment in {B}, the companies said{when}.",
		},
		"denied": {
			"{A} denied{when} that it planned to invest in {B}.",
			"{B} denied reports that {A} was in talks to invest in the company.",
		},
	},
	"partnership": {
		"announced": {
			"{A} and {B} have signed a partnership to {focus}, the companies said{when}.",
			"{A} has teamed up with {B} to {focus}.",
			"{A} announced{when} a strategic partnership with {B}, {bdesc}, to {focus}.",
			"{A} signed a memorandum of understanding with {B}{when} to {focus}.",
			"{A} and {B} said{when} they would work together to {focus}.",
			"{A} has struck a supply agreement with {B} worth {amt} to {focus}.",
			"{A} and {B} have agreed to collaborate to {focus}, the companies said{when}.",
		},
		"reported": {
			"{A} is in talks to form a partnership with {B} to {focus}, according to people familiar with the matter.",
		},
		"terminated": {
			"{A} has ended its partnership with {B}, the companies said{when}.",
			"{A} and {B} have called off their partnership to {focus}, the companies said{when}.",
		},
		"denied": {
			"{B} denied{when} that it was in talks over a partnership with {A}.",
		},
	},
	"joint venture": {
		"announced": {
			"{A} and {B} will set up a joint venture to {focus}, with {A} holding {pct}% of it, the companies said{when}.",
			"{A} has formed a joint venture with {B} to {focus}.",
			"{A} and {B} will invest {amt} in a joint venture to {focus}, the companies said{when}.",
			"{A} said{when} it would create a joint venture with {B}, {bdesc}, to {focus}.",
		},
		"reported": {
			"{A} is in talks to form a joint venture with {B} to {focus}, people familiar with the matter said.",
		},
		"terminated": {
			"{A} and {B} have dissolved their joint venture, the companies said{when}.",
		},
		"denied": {
			"{B} denied{when} that it was in talks over a joint venture with {A}.",
		},
	},
	"licensing": {
		"announced": {
			"{A} has agreed to license its {product} technology to {B} in a deal worth {amt}, the companies said{when}.",
			"{A} signed a licensing agreement with {B}{when} covering its {product} patents.",
			"{A} has licensed its {product} designs to {B}, {bdesc}, the companies said{when}.",
			"{A} will license its {product} technology to {B} for {amt}, the two companies said{when}.",
		},
		"reported": {
			"{A} is in talks to license its {product} technology to {B}, according to people familiar with the matter.",
		},
		"terminated": {
			"{A} has terminated its licensing agreement with {B}, the company said{when}.",
		},
		"denied": {
			"{B} denied{when} that it was in talks over a licensing agreement with {A}.",
		},
	},
	"merger": {
		"announced": {
			"{A} and {B} have agreed to merge, creating a group with annual revenue of about {rev}, the companies said{when}.",
			"{A} will merge with {B} in an all-share deal valued at {amt}, the two companies said{when}.",
			"{A} and {B} said{when} they had agreed to merge in a deal valued at {amt}.",
		},
		"completed": {
			"{A} has completed its merger with {B}, the combined company said{when}.",
			"{A} and {B} have completed their merger, the companies said{when}.",
		},
		"reported": {
			"{A} and {B} are in talks to merge, people familiar with the matter said{when}.",
		},
		"terminated": {
			"{A} and {B} have called off their planned merger, the companies said{when}.",
			"{A} has terminated its planned merger with {B}, the company said{when}.",
		},
		"denied": {
			"{B} denied{when} that it was in merger talks with {A}.",
		},
	},
}

// details[kind] follow a lead in the same story.
var details = map[string][]string{
	"acquisition": {
		"The purchase will bring {Bp} {n} employees into {Ap} {market} business.",
		"{B} will keep its brand and its headquarters in {city}.",
		"{A} expects the transaction to close in the {quarter} quarter, subject to regulatory approval.",
		"{B}, which was founded in {founded}, makes {product} used by more than {n} customers in {k} countries.",
		"The takeover would give {A} a foothold in {market}, where it has so far relied on distributors.",
		"{Bp} founders will stay on to run the business, {A} said.",
	},
	"investment": {
		"The money will be used to expand {Bp} {product} business in {region}.",
		"{B} plans to hire about {n} engineers over the next two years.",
		"Existing investors also took part in the round, {B} said.",
		"{B}, which was founded in {founded}, says it serves more than {n} customers in {market}.",
		"The round values {B} at about {val}, {B} said.",
		"{B} will use the money to open offices in {city} and {city2}.",
	},
	"partnership": {
		"Under the terms, {A} will supply {product} and {B} will handle sales in {region}.",
		"The first products are expected to reach customers in {region} next year.",
		"Neither company gave financial details.",
		"The two companies will share the cost of development and split any revenue.",
		"{B} already sells {product} to customers in {market}.",
	},
	"joint venture": {
		"The venture will be based in {city} and employ about {n} people at first.",
		"{A} will contribute its {product} technology and {B} its customer network in {region}.",
		"The companies said the venture would start production in {year2}.",
	},
	"licensing": {
		"{B} will pay royalties on every unit sold, the companies said.",
		"The licence covers {region} and runs for ten years.",
		"{A} will keep the rights in its home market.",
	},
	"merger": {
		"Shareholders of {A} will own {pct}% of the combined company.",
		"The combined group will be run by {Ap} chief executive {P}.",
		"The companies expect about {val} of annual cost savings within three years.",
		"The merger needs the approval of shareholders and of competition regulators in {region}.",
	},
}

// followups are told after a later report's lead.
var followups = []string{
	"The deal was first announced in {firstmonth}.",
	"The companies had first disclosed their plans in {firstmonth}.",
	"The transaction had been under review since {firstmonth}.",
}

// historic tell an earlier deal of the first party, with a year.
var historics = map[string][]string{
	"partnership": {
		"{A} first partnered with {H} in {hyear} to {hfocus}.",
		"{A} had previously worked with {H} on {hproduct}, a partnership that dates back to {hyear}.",
	},
	"investment": {
		"{A} had previously invested in {H} in {hyear}.",
		"{A} first took a stake in {H} in {hyear}.",
	},
	"acquisition": {
		"{A} bought {H} in {hyear} for {hamt}.",
		"{A} had acquired {H} in {hyear}, its first purchase outside its home market.",
	},
}

// quotes from the parties' executives.
var execQuotes = []string{
	"This is an important step for our customers in {market}.",
	"Together we can move faster than either of us could alone.",
	"We have admired what they built for a long time.",
	"Our customers have been asking for this for years.",
	"It gives us the scale we need to compete in {region}.",
	"We see a lot of room to grow in {market}, and this helps us get there sooner.",
	"The team and the technology are exactly what we were looking for.",
	"We want to be the first name people think of when they need {product}.",
	"This lets us invest more in research without raising prices.",
	"We are building for the next ten years, not the next quarter.",
}

var analystQuotes = []string{
	"The price looks full, but the strategic logic is clear.",
	"It is a sensible move in a market that is consolidating quickly.",
	"The harder part is keeping the engineers once the retention packages lapse.",
	"Investors will want to see the savings before they give credit for them.",
	"It fills an obvious gap in the product line.",
	"Execution is the risk here, not the idea.",
	"Regulators will look closely at the overlap in {region}.",
	"Margins in {market} are thin, so scale matters more than ever.",
}

// fillers are background sentences about one company ({X}) or the market.
var fillers = []string{
	"{X} employs about {n} people and had revenue of {money} last year.",
	"Shares of {X} rose {pct}% in {city} trading after the announcement.",
	"The {market} market is expected to grow by about {pct}% a year until {year2}, according to industry estimates.",
	"Demand for {product} has risen sharply over the past two years as customers look for cheaper options.",
	"{X} was founded in {founded} in {city} and has since opened offices in {city2} and {city3}.",
	"{Xp} chief executive, {P}, has said the company wants to double its sales of {product} by {year2}.",
	"The move comes as companies in {market} face rising costs and slower demand in {region}.",
	"Analysts expect spending on {product} to reach {money} by {year2}.",
	"{X} has about {n} engineers working on {product}, most of them in {city}.",
	"Last year {X} shipped more than {n} units of {product}, most of them to customers in {region}.",
	"{X} has been profitable since {founded2}, according to its annual report.",
	"Prices for {product} fell by about {pct}% last year as new suppliers entered the market.",
	"Competition in {market} has intensified as customers in {region} cut budgets.",
	"{X} competes with larger rival {C} in {market}.",
	"{X} listed its shares in {city} in {founded2} and has a market value of about {money}.",
	"Customers in {region} account for about {pct}% of {Xp} sales.",
	"Regulators in {region} have tightened the rules for {product} over the past year.",
	"The company opened a new plant in {city} in {founded2} and plans a second one by {year2}.",
	"Industry groups say a shortage of skilled workers is slowing growth in {market}.",
	"{X} said its order book stood at a record {money} at the end of the {quarter} quarter.",
	"Sales of {product} in {region} rose {pct}% in the first half of the year.",
	"{X} has been investing heavily in automation at its sites in {city} and {city2}.",
	"Its biggest customers include several large companies in {market}.",
	"The sector has drawn growing interest from investors since {founded2}.",
	"Costs for energy and raw materials remain a concern for producers of {product}.",
	"{X} is expected to publish its full-year results in {month}.",
	"{X} said it would keep all of its {n} staff in {city}.",
	"Unlike rivals such as {C}, {X} designs most of its {product} in-house.",
	"The company has set itself a target of cutting its carbon emissions by half by {year2}.",
	"About a third of {Xp} revenue comes from maintenance and services.",
}

// investorFillers are background sentences about an investment firm.
var investorFillers = []string{
	"{X} manages about {money} for pension funds, insurers and family offices.",
	"{X} has put money into more than {k} companies since it was founded in {founded2}.",
	"{X} closed its latest fund, of {money}, in {founded2}.",
	"{Xp} portfolio is weighted towards {market} and {market2}.",
	"{X} has offices in {city} and {city2} and about {k} investment professionals.",
	"Returns at {X} have been among the best in its peer group over the past five years, according to its investors.",
}

// nondeals[kind] are the sentences of articles without a deal.
var nondeals = map[string][]string{
	"earnings": {
		"{X} reported {period} revenue of {money}, up {pct}% from a year earlier, as demand for its {product} held up in {region}.",
		"Net profit rose to {money2}, beating analysts' forecasts.",
		"{X} raised its forecast for the full year and said orders in {market} remained strong.",
		"Its shares rose {pct}% in early trading in {city}.",
		"The company said higher prices for raw materials had weighed on margins in the {quarter} quarter.",
	},
	"launch": {
		"{X} unveiled a new line of {product}{when}, aimed at customers in {market}.",
		"The company said the new range would go on sale in {region} in {month} and cost about {pct}% less than the previous generation.",
		"{X} has spent about {money2} developing the products over the past three years.",
		"The launch puts {X} in direct competition with rival {C} in {market}.",
	},
	"hire": {
		"{X} has appointed {P} as chief financial officer, the company said{when}.",
		"{Plast} joins from rival {C}, where {pron} ran the {market} business for six years.",
		"{Plast} replaces {P2}, who is retiring after twelve years at {X}.",
		"The appointment takes effect in {month}.",
	},
	"lawsuit": {
		"{X} has sued {C} in a court in {city}, alleging that {C} copied the design of its {product}.",
		"{X} is seeking damages of {money2}, according to the filing.",
		"{C} said it would defend itself against the claims, which it called without merit.",
		"The two companies compete for customers in {market}.",
	},
	"analyst": {
		"Analysts at {Broker} raised their rating on {X} to buy, saying the company is gaining ground on rivals such as {C} in {market}.",
		"The brokerage expects {Xp} revenue to grow by about {pct}% a year until {year2}.",
		"{X} trades at a discount to its peers despite faster growth, the analysts wrote.",
		"They cautioned that a slowdown in {region} could hurt sales of {product}.",
	},
}

// headlines[kind][status] title a deal story ({A} {B} full names here).
var headlines = map[string]map[string][]string{
	"acquisition": {
		"announced":  {"{A} to buy {B} for {amt}", "{A} agrees to acquire {B}", "{A} to take over {B} in {market} push"},
		"completed":  {"{A} completes {B} takeover", "{A} closes purchase of {B}"},
		"reported":   {"{A} in talks to buy {B}", "{A} explores bid for {B}"},
		"terminated": {"{A} drops bid for {B}", "{A} walks away from {B} takeover"},
		"denied":     {"{B} denies sale talks with {A}", "{A} rules out offer for {B}"},
	},
	"investment": {
		"announced":  {"{B} raises {amt} from {A}", "{A} backs {B}", "{A} takes stake in {B}"},
		"completed":  {"{B} closes funding round led by {A}", "{A} completes investment in {B}"},
		"reported":   {"{A} weighs stake in {B}"},
		"terminated": {"{A} pulls out of {B} investment"},
		"denied":     {"{A} denies plan to invest in {B}"},
	},
	"partnership": {
		"announced":  {"{A} and {B} team up on {market}", "{A}, {B} sign {market} partnership", "{A} partners with {B}"},
		"reported":   {"{A} and {B} discuss {market} partnership"},
		"terminated": {"{A} and {B} end partnership"},
		"denied":     {"{B} denies partnership talks with {A}"},
	},
	"joint venture": {
		"announced":  {"{A} and {B} form {market} joint venture", "{A}, {B} set up joint venture"},
		"reported":   {"{A} and {B} discuss joint venture"},
		"terminated": {"{A} and {B} dissolve joint venture"},
		"denied":     {"{B} denies joint venture talks with {A}"},
	},
	"licensing": {
		"announced":  {"{A} licenses {product} technology to {B}", "{A} signs licensing deal with {B}"},
		"reported":   {"{A} and {B} in licensing talks"},
		"terminated": {"{A} ends licensing deal with {B}"},
		"denied":     {"{B} denies licensing talks with {A}"},
	},
	"merger": {
		"announced":  {"{A} and {B} agree to merge", "{A} and {B} to combine in all-share merger"},
		"completed":  {"{A} and {B} complete merger"},
		"reported":   {"{A} and {B} in merger talks"},
		"terminated": {"{A} and {B} call off merger"},
		"denied":     {"{B} denies merger talks with {A}"},
	},
}

var nondealHeadlines = map[string][]string{
	"earnings": {"{X} lifts forecast as {market} demand holds up", "{X} profit beats expectations"},
	"launch":   {"{X} unveils new {product}", "{X} launches cheaper {product}"},
	"hire":     {"{X} names new finance chief", "{X} appoints {P} as CFO"},
	"lawsuit":  {"{X} sues {C} over {product} designs", "{X} takes {C} to court"},
	"analyst":  {"Analysts turn bullish on {X}", "{X} upgraded on {market} gains"},
}

var roundupTitles = []string{
	"Deals roundup: the week in {market}",
	"{region} deals in brief",
	"The week in deals: {A}, {B} and more",
	"Deal desk: what caught our eye this week",
}

var roundupIntros = []string{
	"Here are the deals that caught our eye this week.",
	"It was a busy week for deal-making in {region}. Here is what you need to know.",
	"{count} stories from the week that you may have missed.",
}

// teasers are "Read more" and related-story lines: boilerplate that names
// companies and must never count.
var teasers = []string{
	"{X} and {C} sign {market} pact",
	"{X} buys stake in {C}",
	"{X} shares slide after profit warning",
	"Why {market} is the next battleground for {X}",
	"{X} and {C} settle patent dispute",
}

var comments = []string{
	"I used {Xp} products for years and never had a problem.",
	"Another merger, another round of job cuts. We have seen this before.",
	"Good news for customers in {region}, if prices stay where they are.",
	"Does anyone know what this means for the {city} plant?",
	"The valuation seems very high to me.",
}

var beats = []string{"technology", "markets", "industry", "deals", "energy", "health", "transport", "retail"}
