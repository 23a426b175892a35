package extract

import "strings"

// The word lists below are generic English and business vocabulary. None of
// them names a company: company names are learned from the corpus.

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(words, "|") {
		w = strings.TrimSpace(w)
		if w != "" {
			m[w] = true
		}
	}
	return m
}

// corpSuffixes are legal-form words that end company names.
var corpSuffixes = set("corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh|ag|sa|se|nv|bv|co|company|holdings|holding|group|spa|s.a.|ab|oy|asa|as|kk|pte|pty|lp|llp|srl|sarl|bhd|tbk|ventures|capital|partners|technologies|technology|systems|labs|industries|enterprises|networks|bank|motors|pharmaceuticals|therapeutics|biosciences|energy|foods|robotics|media|studios|entertainment|electronics|semiconductor|airlines|telecom|communications|software|solutions|brands|resources|investments|fund|securities")

// legalSuffixes are the corporate-form suffixes stripped when comparing names
// ("Acme Corp" and "Acme Corporation" are Acme); descriptive words such as
// "Robotics" stay part of the name.
var legalSuffixes = set("pvt|corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh|ag|sa|se|nv|bv|co|spa|ab|oy|asa|kk|pte|pty|lp|llp|srl|sarl|bhd|tbk|holdings|group")

// titleWords are job-title words that surround person names.
var titleWords = set("ceo|cfo|cto|coo|cmo|cio|vp|svp|evp|president|vice|chairman|chairwoman|chair|chief|executive|officer|director|manager|head|founder|co-founder|cofounder|partner|analyst|spokesperson|spokesman|spokeswoman|deputy|general|senior|managing|editor|reporter|minister|secretary|governor|mayor|senator|professor|dr|mr|mrs|ms|sir|lord|chief executive|board|member|lead|principal|associate|assistant|treasurer|counsel|engineer|scientist|researcher|writer|journalist|correspondent|columnist|author|economist|strategist|advisor|adviser|consultant|investor|trader|founder and ceo|head of|global|regional|country|division|department|unit|team|group head|internet|growth|partnerships|operations|business|development|strategy|marketing|sales|content|product|products|research|investment|affairs|relations|communications")

// personCueWords mark the word after or before a name as a person context.
var personTitleCue = set("ceo|cfo|cto|coo|vp|svp|evp|president|chairman|chairwoman|chair|founder|co-founder|cofounder|director|manager|head|analyst|spokesperson|spokesman|spokeswoman|deputy|editor|reporter|minister|secretary|executive|officer|chief|professor|dr|mr|mrs|ms|author|writer|journalist|correspondent|economist|strategist|engineer|scientist|researcher|partner")

// sentenceStarters are capitalised words that begin sentences but are not
// names: function words, adverbs and discourse markers.
var sentenceStarters = set("the|a|an|in|on|at|as|by|for|from|to|of|with|and|but|or|nor|so|yet|if|when|while|after|before|since|until|till|although|though|because|however|moreover|furthermore|meanwhile|thus|hence|therefore|also|still|now|then|today|yesterday|tomorrow|tonight|last|next|this|that|these|those|there|here|it|its|they|their|them|we|our|us|you|your|he|his|him|she|her|i|my|me|both|each|every|all|some|many|most|more|much|few|several|other|another|such|no|not|neither|either|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|according|additionally|additional|besides|further|finally|indeed|instead|likewise|nonetheless|nevertheless|otherwise|overall|similarly|specifically|ultimately|earlier|later|recently|currently|previously|already|just|even|only|once|over|under|about|above|below|between|among|through|during|within|without|despite|unlike|like|per|via|what|which|who|whom|whose|why|how|where|is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|shall|should|can|could|may|might|must|let|please|note|read|see|click|follow|share|sign|subscribe|image|photo|source|update|updated|published|posted|related|more|less|new|big|small|large|top|best|latest|major|key|some|any|good|great|high|low|early|late|full|partnership|alliance|deal|agreement|investment|acquisition|merger|statement|statements|reasons|going|why|thanks|whether|whatever|analysts|sources|reports|shares|investors|users|customers|experts|officials|executives|people|company|companies|firm|firms|group|market|markets|industry|government|regulators")

// commonCapitalised are words often capitalised mid-sentence that are not
// company names on their own.
var commonCapitalised = set("ai|tv|ceo|cfo|cto|vp|ipo|it|iot|ar|vr|pc|os|api|app|apps|us|uk|eu|un|usd|eur|gbp|q1|q2|q3|q4|mou|jv|loi|ces|mwc|ok|am|pm|gmt|utc|est|pst|cet|internet|web|cloud|android|ios|windows|covid|covid-19|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|series|round|seed|phase|part|chapter|section|figure|table|page|press|release|news|breaking|exclusive|update|opinion|analysis|review|report|video|watch|listen|live|premium|pro|plus|max|mini|ultra|lite|edition|version|model|beta|alpha")

// gpe lists countries, regions, major cities and their demonyms: places, never
// parties.
var gpe = set("afghanistan|albania|algeria|andorra|angola|argentina|armenia|australia|austria|azerbaijan|bahamas|bahrain|bangladesh|barbados|belarus|belgium|belize|benin|bhutan|bolivia|bosnia|botswana|brazil|brunei|bulgaria|burkina faso|burundi|cambodia|cameroon|canada|chad|chile|china|colombia|congo|costa rica|croatia|cuba|cyprus|czech republic|czechia|denmark|djibouti|dominica|dominican republic|ecuador|egypt|el salvador|estonia|eswatini|ethiopia|fiji|finland|france|gabon|gambia|georgia|germany|ghana|greece|grenada|guatemala|guinea|guyana|haiti|honduras|hungary|iceland|india|indonesia|iran|iraq|ireland|israel|italy|ivory coast|jamaica|japan|jordan|kazakhstan|kenya|kiribati|korea|south korea|north korea|kosovo|kuwait|kyrgyzstan|laos|latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|madagascar|malawi|malaysia|maldives|mali|malta|mauritania|mauritius|mexico|moldova|monaco|mongolia|montenegro|morocco|mozambique|myanmar|namibia|nepal|netherlands|holland|new zealand|nicaragua|niger|nigeria|norway|oman|pakistan|palestine|panama|paraguay|peru|philippines|poland|portugal|qatar|romania|russia|rwanda|samoa|san marino|saudi arabia|senegal|serbia|seychelles|sierra leone|singapore|slovakia|slovenia|somalia|south africa|spain|sri lanka|sudan|suriname|sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|togo|tonga|tunisia|turkey|turkiye|turkmenistan|uganda|ukraine|united arab emirates|uae|united kingdom|uk|britain|great britain|england|scotland|wales|united states|usa|us|u.s.|america|uruguay|uzbekistan|vanuatu|vatican|venezuela|vietnam|yemen|zambia|zimbabwe|hong kong|macau|macao|europe|asia|africa|north america|south america|latin america|middle east|southeast asia|south asia|east asia|central asia|oceania|antarctica|the west|west|east|southwest|northeast|northwest|southeast|the southwest|the northeast|north east|north west|south east|south west|north-east|north-west|south-east|south-west|the north east|north sea|baltic|baltics|midlands|the midlands|highlands|mid-west|midwest|east coast|west coast|gulf coast|persian gulf|gulf|nordics|scandinavia|balkans|caribbean|pacific|atlantic|mainland china|greater china|apac|emea|latam|silicon valley|wall street|new york|london|paris|berlin|tokyo|beijing|shanghai|shenzhen|hangzhou|guangzhou|chengdu|wuhan|nanjing|tianjin|seoul|mumbai|bombay|delhi|new delhi|bangalore|bengaluru|hyderabad|chennai|kolkata|pune|singapore|sydney|melbourne|toronto|vancouver|montreal|chicago|boston|seattle|san francisco|los angeles|san jose|austin|dallas|houston|miami|atlanta|denver|washington|moscow|st petersburg|dubai|abu dhabi|riyadh|doha|tel aviv|istanbul|madrid|barcelona|rome|milan|munich|frankfurt|hamburg|amsterdam|brussels|zurich|geneva|vienna|stockholm|oslo|copenhagen|helsinki|dublin|lisbon|warsaw|prague|budapest|athens|cairo|lagos|nairobi|johannesburg|cape town|jakarta|bangkok|manila|hanoi|ho chi minh city|kuala lumpur|taipei|osaka|mexico city|sao paulo|rio de janeiro|buenos aires|santiago|lima|bogota|california|texas|florida|alabama|alaska|arizona|arkansas|colorado|connecticut|delaware|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|utah|vermont|virginia|west virginia|wisconsin|wyoming|alberta|manitoba|saskatchewan|nova scotia|new brunswick|newfoundland|new south wales|victoria|queensland|western australia|south australia|tasmania|yorkshire|lancashire|kent|essex|surrey|sussex|devon|cornwall|somerset|dorset|norfolk|suffolk|cheshire|herefordshire|worcestershire|gloucestershire|oxfordshire|cambridgeshire|lincolnshire|derbyshire|nottinghamshire|leicestershire|staffordshire|shropshire|warwickshire|northamptonshire|hampshire|berkshire|wiltshire|cumbria|northumberland|durham|merseyside|greater manchester|west midlands|county antrim|county cork|county down|ulster|munster|leinster|andalusia|andalucia|catalonia|catalunya|galicia|basque country|valencia|aragon|castile|asturias|navarre|murcia|extremadura|cantabria|lombardy|lombardia|piedmont|veneto|tuscany|emilia-romagna|lazio|campania|sicily|sardinia|puglia|liguria|brittany|normandy|provence|alsace|burgundy|occitanie|auvergne|aquitaine|ile-de-france|île-de-france|lower saxony|saxony|baden-wurttemberg|baden-württemberg|north rhine-westphalia|hesse|thuringia|brandenburg|saarland|schleswig-holstein|rhineland-palatinate|flanders|wallonia|maharashtra|karnataka|tamil nadu|kerala|gujarat|rajasthan|punjab|haryana|uttar pradesh|west bengal|telangana|andhra pradesh|odisha|bihar|madhya pradesh|assam|goa|jiangxi|hubei|hunan|henan|hebei|shandong|shanxi|shaanxi|sichuan|yunnan|guizhou|fujian|anhui|liaoning|jilin|heilongjiang|inner mongolia|xinjiang|tibet|hainan|guangxi|gansu|qinghai|ningxia|chongqing|hokkaido|honshu|kyushu|shikoku|okinawa|aichi|kanagawa|saitama|chiba|hyogo|fukuoka|kyoto|hiroshima|miyagi|shizuoka|sao paulo state|minas gerais|rio grande do sul|parana|bahia|patagonia|siberia|scania|skane|västerbotten|vasterbotten|lapland|jutland|bavaria|bavaria|ontario|quebec|british columbia|guangdong|zhejiang|jiangsu|bahasa|chinese|american|indian|indonesian|russian|european|asian|african|british|english|french|german|japanese|korean|south korean|italian|spanish|portuguese|brazilian|mexican|canadian|australian|dutch|swiss|swedish|norwegian|danish|finnish|irish|israeli|turkish|saudi|emirati|singaporean|malaysian|thai|vietnamese|filipino|pakistani|bangladeshi|nigerian|kenyan|egyptian|african|taiwanese|western|eastern|asian-pacific|global|international|worldwide|north american|latin american|middle eastern")

// orgNouns are nouns that, next to a name, say it is an organisation:
// "X, a Silicon Valley-based platform", "its fellow firm X".
var orgNouns = set("company|companies|firm|startup|start-up|platform|network|provider|maker|manufacturer|developer|operator|retailer|group|giant|conglomerate|corporation|business|brand|bank|lender|insurer|fund|investor|carrier|supplier|vendor|producer|publisher|broadcaster|studio|automaker|carmaker|chipmaker|drugmaker|airline|unicorn|subsidiary|parent|rival|competitor|service|site|website|app|marketplace|exchange|outlet|distributor|integrator|consultancy|agency|lab|laboratory|foundry|utility|miner|refiner|shipper|logistics|player|pioneer|leader|owner|unit|arm|division|affiliate|venture|specialist|house|chain|label|fintech|biotech|insurtech|proptech|healthtech|edtech|telecom|telco")

// corporateVerbs are verbs whose subject is usually an organisation.
var corporateVerbs = set("announced|announces|announce|launched|launches|launch|acquired|acquires|acquire|invested|invests|invest|partnered|partners|signed|signs|unveiled|unveils|revealed|reveals|shipped|ships|operates|operate|plans|planned|agreed|agrees|raised|raises|reported|reports|posted|posts|hired|hires|expanded|expands|bought|buys|sold|sells|merged|merges|teamed|teams|entered|enters|secured|secures|completed|completes|said|says|introduced|introduces|released|releases|owns|owned")

// reportingVerbs are verbs a news source does: its subject is a reporter, not
// a party.
var reportingVerbs = set("reported|reports|wrote|writes|cited|cites|learned|learnt|first reported|quoted")

// firstNames are common given names; a capitalised pair starting with one is
// a person.
var firstNames = set("aaron|adam|adrian|alan|albert|alex|alexander|alexandra|alice|alison|amanda|amy|andrea|andrew|andy|angela|anna|anne|anthony|arthur|ashley|barbara|ben|benjamin|bernard|beth|bill|bob|brad|brandon|brian|bruce|carl|carlos|carol|caroline|catherine|charles|charlie|chris|christian|christina|christine|christopher|claire|colin|craig|dan|daniel|david|deborah|dennis|diana|diane|donald|doug|douglas|ed|edward|elizabeth|ellen|emily|emma|eric|erik|eva|frank|fred|gary|george|gerald|grace|greg|gregory|hannah|harry|helen|henry|ian|jack|jacob|james|jamie|jane|janet|jason|jean|jeff|jeffrey|jennifer|jeremy|jessica|jim|joan|joe|john|jon|jonathan|jordan|jose|joseph|josh|joshua|judy|julia|julie|justin|karen|kate|katherine|kathy|keith|kelly|ken|kenneth|kevin|kim|kyle|larry|laura|lauren|lee|linda|lisa|louis|lucy|luis|maria|marie|mark|martin|mary|matt|matthew|megan|michael|michelle|mike|nancy|nathan|nicholas|nick|nicole|noah|olivia|oliver|pamela|patricia|patrick|paul|peter|philip|rachel|ralph|raymond|rebecca|richard|rick|rob|robert|roger|ron|ronald|rose|ruth|ryan|sam|samuel|sandra|sara|sarah|scott|sean|sharon|simon|sophie|stephanie|stephen|steve|steven|susan|thomas|tim|timothy|tom|tony|victoria|vincent|walter|wayne|william|zach|ahmed|ali|mohammed|muhammad|omar|hassan|fatima|raj|rahul|priya|amit|anil|sunil|vijay|sanjay|arun|ravi|deepak|satya|sundar|mukesh|ratan|wei|jun|ming|li|yan|hui|xin|jing|ying|hiroshi|takeshi|yuki|kenji|akira|jae|min|hyun|sung|pierre|jacques|francois|hans|klaus|jurgen|wolfgang|stefan|marco|giovanni|luca|antonio|juan|pedro|miguel|javier|sergey|vladimir|dmitry|ivan|olga|elon|jeff|tim|satya|sundar|mark|jensen|lisa|marc|reed|travis|brian|dara|evan|jack")

// Trigger vocabulary. Each maps a lower-case stem found on a word boundary to
// the kind it suggests; frames decide the parties.
var allianceNouns = `partnership|partnerships|alliance|alliances|collaboration|cooperation|co-operation|tie-up|tie up|deal|agreement|pact|contract|memorandum of understanding|mou|letter of intent|loi|framework agreement|strategic framework|joint venture|jv|licensing deal|licensing agreement|license agreement|licence agreement|cross-licensing|cross-licensing deal|distribution deal|supply deal|supply agreement|relationship`

// historyCues mark a frame as describing an earlier deal, not the news.
var historyCues = []string{"had worked", "had partnered", "had signed", "dates back to", "date back to", "dating back to", "earlier together", "previously", "in the past", "had a partnership", "had an agreement", "had teamed", "first partnered", "began in", "started in", "since 19", "since 20"}

// focusTerms are domain words collected as a deal's focus areas. The value is
// the display form.
var focusTerms = []struct{ pat, label string }{
	{"short video", "short video"}, {"short-video", "short video"},
	{"online video", "online video"}, {"video", "video"}, {"streaming", "streaming"},
	{"content", "content"}, {"original content", "original content"},
	{"local language", "local languages"},
	{"cloud computing", "cloud"}, {"cloud", "cloud"},
	{"artificial intelligence", "AI"}, {"ai", "AI"}, {"machine learning", "AI"},
	{"smart tv", "smart TV"}, {"set-top box", "set-top boxes"}, {"multi-screen", "multi-screen"},
	{"smartphone", "smartphones"}, {"handset", "smartphones"},
	{"laptop", "laptops"}, {"pc", "PCs"}, {"tablet", "tablets"},
	{"speaker", "smart speakers"}, {"wearable", "wearables"},
	{"iot", "IoT"}, {"internet of things", "IoT"}, {"5g", "5G"},
	{"games", "games"}, {"gaming", "games"}, {"esports", "esports"},
	{"payment", "payments"}, {"fintech", "fintech"}, {"banking", "banking"}, {"insurance", "insurance"},
	{"e-commerce", "e-commerce"}, {"ecommerce", "e-commerce"}, {"retail", "retail"},
	{"advertising", "advertising"}, {"marketing", "marketing"},
	{"logistics", "logistics"}, {"supply chain", "supply chain"}, {"delivery", "delivery"},
	{"chip", "chips"}, {"semiconductor", "chips"}, {"processor", "chips"},
	{"electric vehicle", "electric vehicles"}, {"ev", "electric vehicles"}, {"battery", "batteries"}, {"batteries", "batteries"},
	{"autonomous driving", "autonomous driving"}, {"self-driving", "autonomous driving"},
	{"robot", "robotics"}, {"drone", "drones"},
	{"healthcare", "healthcare"}, {"health care", "healthcare"}, {"drug", "drugs"}, {"vaccine", "vaccines"}, {"biotech", "biotech"}, {"medical", "medical devices"},
	{"energy", "energy"}, {"solar", "solar"}, {"wind", "wind power"}, {"hydrogen", "hydrogen"}, {"oil", "oil and gas"},
	{"cybersecurity", "cybersecurity"}, {"security", "security"}, {"data center", "data centers"}, {"data centre", "data centers"},
	{"software", "software"}, {"hardware", "hardware"}, {"search", "search"}, {"map", "maps"},
	{"speech", "speech"}, {"translation", "translation"}, {"voice assistant", "voice assistants"},
	{"music", "music"}, {"film", "film"}, {"tv", "TV"}, {"media", "media"},
	{"travel", "travel"}, {"hotel", "hospitality"}, {"food", "food"}, {"agriculture", "agriculture"},
	{"real estate", "real estate"}, {"manufacturing", "manufacturing"}, {"satellite", "satellites"}, {"space industry", "space"},
	{"telecom", "telecoms"}, {"network infrastructure", "networks"}, {"patent", "patents"}, {"pre-install", "app pre-installs"},
	{"research", "research"}, {"education", "education"}, {"mobility", "mobility"}, {"ride-hailing", "ride-hailing"},
	{"social media", "social media"}, {"messaging", "messaging"}, {"crypto", "crypto"}, {"blockchain", "blockchain"},
	{"channel support", "channel support"}, {"distribution", "distribution"},
}
