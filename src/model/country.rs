//! Country codes: ISO 3166-1 alpha-3 with each code's alpha-2, and the
//! codes ICAO Doc 9303 adds for travel documents (stateless `XXA`,
//! refugees `XXB`/`XXC`, British nationals `GBD`..`GBS`, the UN's
//! `UNO`/`UNA`/`UNK`, Kosovo's `RKS`). Manifests must carry one of them
//! (a sports code such as `MAS` for Malaysia would otherwise pass and never
//! meet a rule that asks for `MYS`); lists that write two letters (the US
//! CSL) are read through the alpha-2 column. Lists that write a country's
//! name (OFAC's remarks, the UN's XML) are read through [`alpha3_of_name`].

/// ISO 3166-1 (alpha-3, alpha-2), sorted by alpha-3.
#[rustfmt::skip]
const ISO: [(&str, &str); 249] = [
    ("ABW", "AW"), ("AFG", "AF"), ("AGO", "AO"), ("AIA", "AI"), ("ALA", "AX"), ("ALB", "AL"),
    ("AND", "AD"), ("ARE", "AE"), ("ARG", "AR"), ("ARM", "AM"), ("ASM", "AS"), ("ATA", "AQ"),
    ("ATF", "TF"), ("ATG", "AG"), ("AUS", "AU"), ("AUT", "AT"), ("AZE", "AZ"), ("BDI", "BI"),
    ("BEL", "BE"), ("BEN", "BJ"), ("BES", "BQ"), ("BFA", "BF"), ("BGD", "BD"), ("BGR", "BG"),
    ("BHR", "BH"), ("BHS", "BS"), ("BIH", "BA"), ("BLM", "BL"), ("BLR", "BY"), ("BLZ", "BZ"),
    ("BMU", "BM"), ("BOL", "BO"), ("BRA", "BR"), ("BRB", "BB"), ("BRN", "BN"), ("BTN", "BT"),
    ("BVT", "BV"), ("BWA", "BW"), ("CAF", "CF"), ("CAN", "CA"), ("CCK", "CC"), ("CHE", "CH"),
    ("CHL", "CL"), ("CHN", "CN"), ("CIV", "CI"), ("CMR", "CM"), ("COD", "CD"), ("COG", "CG"),
    ("COK", "CK"), ("COL", "CO"), ("COM", "KM"), ("CPV", "CV"), ("CRI", "CR"), ("CUB", "CU"),
    ("CUW", "CW"), ("CXR", "CX"), ("CYM", "KY"), ("CYP", "CY"), ("CZE", "CZ"), ("DEU", "DE"),
    ("DJI", "DJ"), ("DMA", "DM"), ("DNK", "DK"), ("DOM", "DO"), ("DZA", "DZ"), ("ECU", "EC"),
    ("EGY", "EG"), ("ERI", "ER"), ("ESH", "EH"), ("ESP", "ES"), ("EST", "EE"), ("ETH", "ET"),
    ("FIN", "FI"), ("FJI", "FJ"), ("FLK", "FK"), ("FRA", "FR"), ("FRO", "FO"), ("FSM", "FM"),
    ("GAB", "GA"), ("GBR", "GB"), ("GEO", "GE"), ("GGY", "GG"), ("GHA", "GH"), ("GIB", "GI"),
    ("GIN", "GN"), ("GLP", "GP"), ("GMB", "GM"), ("GNB", "GW"), ("GNQ", "GQ"), ("GRC", "GR"),
    ("GRD", "GD"), ("GRL", "GL"), ("GTM", "GT"), ("GUF", "GF"), ("GUM", "GU"), ("GUY", "GY"),
    ("HKG", "HK"), ("HMD", "HM"), ("HND", "HN"), ("HRV", "HR"), ("HTI", "HT"), ("HUN", "HU"),
    ("IDN", "ID"), ("IMN", "IM"), ("IND", "IN"), ("IOT", "IO"), ("IRL", "IE"), ("IRN", "IR"),
    ("IRQ", "IQ"), ("ISL", "IS"), ("ISR", "IL"), ("ITA", "IT"), ("JAM", "JM"), ("JEY", "JE"),
    ("JOR", "JO"), ("JPN", "JP"), ("KAZ", "KZ"), ("KEN", "KE"), ("KGZ", "KG"), ("KHM", "KH"),
    ("KIR", "KI"), ("KNA", "KN"), ("KOR", "KR"), ("KWT", "KW"), ("LAO", "LA"), ("LBN", "LB"),
    ("LBR", "LR"), ("LBY", "LY"), ("LCA", "LC"), ("LIE", "LI"), ("LKA", "LK"), ("LSO", "LS"),
    ("LTU", "LT"), ("LUX", "LU"), ("LVA", "LV"), ("MAC", "MO"), ("MAF", "MF"), ("MAR", "MA"),
    ("MCO", "MC"), ("MDA", "MD"), ("MDG", "MG"), ("MDV", "MV"), ("MEX", "MX"), ("MHL", "MH"),
    ("MKD", "MK"), ("MLI", "ML"), ("MLT", "MT"), ("MMR", "MM"), ("MNE", "ME"), ("MNG", "MN"),
    ("MNP", "MP"), ("MOZ", "MZ"), ("MRT", "MR"), ("MSR", "MS"), ("MTQ", "MQ"), ("MUS", "MU"),
    ("MWI", "MW"), ("MYS", "MY"), ("MYT", "YT"), ("NAM", "NA"), ("NCL", "NC"), ("NER", "NE"),
    ("NFK", "NF"), ("NGA", "NG"), ("NIC", "NI"), ("NIU", "NU"), ("NLD", "NL"), ("NOR", "NO"),
    ("NPL", "NP"), ("NRU", "NR"), ("NZL", "NZ"), ("OMN", "OM"), ("PAK", "PK"), ("PAN", "PA"),
    ("PCN", "PN"), ("PER", "PE"), ("PHL", "PH"), ("PLW", "PW"), ("PNG", "PG"), ("POL", "PL"),
    ("PRI", "PR"), ("PRK", "KP"), ("PRT", "PT"), ("PRY", "PY"), ("PSE", "PS"), ("PYF", "PF"),
    ("QAT", "QA"), ("REU", "RE"), ("ROU", "RO"), ("RUS", "RU"), ("RWA", "RW"), ("SAU", "SA"),
    ("SDN", "SD"), ("SEN", "SN"), ("SGP", "SG"), ("SGS", "GS"), ("SHN", "SH"), ("SJM", "SJ"),
    ("SLB", "SB"), ("SLE", "SL"), ("SLV", "SV"), ("SMR", "SM"), ("SOM", "SO"), ("SPM", "PM"),
    ("SRB", "RS"), ("SSD", "SS"), ("STP", "ST"), ("SUR", "SR"), ("SVK", "SK"), ("SVN", "SI"),
    ("SWE", "SE"), ("SWZ", "SZ"), ("SXM", "SX"), ("SYC", "SC"), ("SYR", "SY"), ("TCA", "TC"),
    ("TCD", "TD"), ("TGO", "TG"), ("THA", "TH"), ("TJK", "TJ"), ("TKL", "TK"), ("TKM", "TM"),
    ("TLS", "TL"), ("TON", "TO"), ("TTO", "TT"), ("TUN", "TN"), ("TUR", "TR"), ("TUV", "TV"),
    ("TWN", "TW"), ("TZA", "TZ"), ("UGA", "UG"), ("UKR", "UA"), ("UMI", "UM"), ("URY", "UY"),
    ("USA", "US"), ("UZB", "UZ"), ("VAT", "VA"), ("VCT", "VC"), ("VEN", "VE"), ("VGB", "VG"),
    ("VIR", "VI"), ("VNM", "VN"), ("VUT", "VU"), ("WLF", "WF"), ("WSM", "WS"), ("YEM", "YE"),
    ("ZAF", "ZA"), ("ZMB", "ZM"), ("ZWE", "ZW"),
];

/// Codes ICAO Doc 9303 (part 3) uses beside ISO's, sorted.
#[rustfmt::skip]
const ICAO: [&str; 25] = [
    "EUE", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "UNA", "UNK", "UNO", "XBA", "XCC",
    "XCE", "XCO", "XDC", "XEC", "XES", "XIM", "XMP", "XOM", "XPO", "XXA", "XXB", "XXC",
    "XXX",
];

/// Whether `code` (upper case) is an ISO 3166-1 alpha-3 or ICAO
/// travel-document code.
pub fn is_country_code(code: &str) -> bool {
    ISO.binary_search_by(|(a3, _)| (*a3).cmp(code)).is_ok() || ICAO.binary_search(&code).is_ok()
}

/// The alpha-3 code of an ISO alpha-2 one (any case); Kosovo's `XK`, which
/// ISO leaves to users, as ICAO's `RKS`. `None` for anything else.
pub fn alpha3_of_alpha2(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    if code == "XK" {
        return Some("RKS");
    }
    ISO.iter().find(|(_, a2)| *a2 == code).map(|(a3, _)| *a3)
}

/// Country names as lists and manifests write them, each with its
/// alpha-3 code, by [`name_key`] (sorted): ISO 3166-1's English short,
/// official and common names (taken from the ISO data of the `pycountry`
/// package), the forms OFAC's remarks and the UN's list write (`Korea,
/// North`, `Congo, Democratic Republic of the`, `Burma`, `Palestinian`,
/// `Türkiye`), older and everyday names (`Swaziland`, `Ivory Coast`, `UK`),
/// the demonyms lists write for a nationality (`Indonesian`, `Filipino`),
/// and the Indonesian and Malay names of the countries Indonesian and
/// Malaysian manifests name most (`Arab Saudi`, `Singapura`, `Jepang`,
/// `Uni Emirat Arab`, `Amerika Syarikat`; `WNI`, *warga negara
/// Indonesia*, for an Indonesian citizen). Demonyms shared by two
/// countries (`Congolese`) are left out.
#[rustfmt::skip]
static NAMES: [(&str, &str); 607] = [
    ("AFGHAN", "AFG"), ("AFGHANISTAN", "AFG"), ("ALAND ISLANDS", "ALA"), ("ALBANIA", "ALB"),
    ("ALBANIAN", "ALB"), ("ALGERIA", "DZA"), ("ALGERIAN", "DZA"), ("ALJAZAIR", "DZA"),
    ("AMERICA", "USA"), ("AMERICAN", "USA"), ("AMERICAN SAMOA", "ASM"), ("AMERIKA SERIKAT", "USA"),
    ("AMERIKA SYARIKAT", "USA"), ("ANDORRA", "AND"), ("ANGOLA", "AGO"), ("ANGUILLA", "AIA"),
    ("ANTARCTICA", "ATA"), ("ANTIGUA AND BARBUDA", "ATG"), ("ARAB REPUBLIC OF EGYPT", "EGY"),
    ("ARAB SAUDI", "SAU"), ("ARGENTINA", "ARG"), ("ARGENTINE", "ARG"),
    ("ARGENTINE REPUBLIC", "ARG"), ("ARGENTINIAN", "ARG"), ("ARMENIA", "ARM"), ("ARMENIAN", "ARM"),
    ("ARUBA", "ABW"), ("AUSTRALIA", "AUS"), ("AUSTRALIAN", "AUS"), ("AUSTRIA", "AUT"),
    ("AZERBAIJAN", "AZE"), ("AZERBAIJANI", "AZE"), ("BAHAMAS", "BHS"), ("BAHAMAS THE", "BHS"),
    ("BAHRAIN", "BHR"), ("BAHRAINI", "BHR"), ("BANGLADESH", "BGD"), ("BANGLADESHI", "BGD"),
    ("BARBADOS", "BRB"), ("BELANDA", "NLD"), ("BELARUS", "BLR"), ("BELARUSIAN", "BLR"),
    ("BELGIAN", "BEL"), ("BELGIUM", "BEL"), ("BELIZE", "BLZ"), ("BENIN", "BEN"), ("BERMUDA", "BMU"),
    ("BHUTAN", "BTN"), ("BOLIVARIAN REPUBLIC OF VENEZUELA", "VEN"), ("BOLIVIA", "BOL"),
    ("BOLIVIA PLURINATIONAL STATE OF", "BOL"), ("BONAIRE SINT EUSTATIUS AND SABA", "BES"),
    ("BOSNIA", "BIH"), ("BOSNIA AND HERZEGOVINA", "BIH"), ("BOSNIA HERZEGOVINA", "BIH"),
    ("BOSNIAN", "BIH"), ("BOTSWANA", "BWA"), ("BOUVET ISLAND", "BVT"), ("BRAZIL", "BRA"),
    ("BRAZILIAN", "BRA"), ("BRITAIN", "GBR"), ("BRITISH", "GBR"),
    ("BRITISH INDIAN OCEAN TERRITORY", "IOT"), ("BRITISH VIRGIN ISLANDS", "VGB"), ("BRUNEI", "BRN"),
    ("BRUNEI DARUSSALAM", "BRN"), ("BRUNEIAN", "BRN"), ("BULGARIA", "BGR"), ("BURKINA FASO", "BFA"),
    ("BURMA", "MMR"), ("BURMESE", "MMR"), ("BURUNDI", "BDI"), ("CABO VERDE", "CPV"),
    ("CAMBODIA", "KHM"), ("CAMBODIAN", "KHM"), ("CAMEROON", "CMR"), ("CANADA", "CAN"),
    ("CANADIAN", "CAN"), ("CAPE VERDE", "CPV"), ("CAYMAN ISLANDS", "CYM"),
    ("CENTRAL AFRICAN REPUBLIC", "CAF"), ("CHAD", "TCD"), ("CHADIAN", "TCD"), ("CHILE", "CHL"),
    ("CHINA", "CHN"), ("CHINESE", "CHN"), ("CHRISTMAS ISLAND", "CXR"), ("CINA", "CHN"),
    ("COCOS KEELING ISLANDS", "CCK"), ("COLOMBIA", "COL"), ("COLOMBIAN", "COL"),
    ("COMMONWEALTH OF DOMINICA", "DMA"), ("COMMONWEALTH OF THE BAHAMAS", "BHS"),
    ("COMMONWEALTH OF THE NORTHERN MARIANA ISLANDS", "MNP"), ("COMOROS", "COM"), ("CONGO", "COG"),
    ("CONGO BRAZZAVILLE", "COG"), ("CONGO DEMOCRATIC REPUBLIC OF THE", "COD"),
    ("CONGO KINSHASA", "COD"), ("CONGO REPUBLIC OF THE", "COG"),
    ("CONGO THE DEMOCRATIC REPUBLIC OF THE", "COD"), ("COOK ISLANDS", "COK"), ("COSTA RICA", "CRI"),
    ("COTE D IVOIRE", "CIV"), ("CROATIA", "HRV"), ("CUBA", "CUB"), ("CUBAN", "CUB"),
    ("CURACAO", "CUW"), ("CYPRUS", "CYP"), ("CZECH REPUBLIC", "CZE"), ("CZECHIA", "CZE"),
    ("DANISH", "DNK"), ("DEMOCRATIC PEOPLE S REPUBLIC OF KOREA", "PRK"),
    ("DEMOCRATIC REPUBLIC OF SAO TOME AND PRINCIPE", "STP"),
    ("DEMOCRATIC REPUBLIC OF THE CONGO", "COD"), ("DEMOCRATIC REPUBLIC OF TIMOR LESTE", "TLS"),
    ("DEMOCRATIC SOCIALIST REPUBLIC OF SRI LANKA", "LKA"), ("DENMARK", "DNK"), ("DJIBOUTI", "DJI"),
    ("DOMINICA", "DMA"), ("DOMINICAN REPUBLIC", "DOM"), ("DR CONGO", "COD"), ("DUTCH", "NLD"),
    ("EAST TIMOR", "TLS"), ("EASTERN REPUBLIC OF URUGUAY", "URY"), ("ECUADOR", "ECU"),
    ("EGYPT", "EGY"), ("EGYPTIAN", "EGY"), ("EL SALVADOR", "SLV"), ("EMIRATI", "ARE"),
    ("EMIRIAH ARAB BERSATU", "ARE"), ("EQUATORIAL GUINEA", "GNQ"), ("ERITREA", "ERI"),
    ("ERITREAN", "ERI"), ("ESTONIA", "EST"), ("ESWATINI", "SWZ"), ("ETHIOPIA", "ETH"),
    ("ETHIOPIAN", "ETH"), ("FALKLAND ISLANDS MALVINAS", "FLK"), ("FAROE ISLANDS", "FRO"),
    ("FEDERAL DEMOCRATIC REPUBLIC OF ETHIOPIA", "ETH"),
    ("FEDERAL DEMOCRATIC REPUBLIC OF NEPAL", "NPL"), ("FEDERAL REPUBLIC OF GERMANY", "DEU"),
    ("FEDERAL REPUBLIC OF NIGERIA", "NGA"), ("FEDERAL REPUBLIC OF SOMALIA", "SOM"),
    ("FEDERATED STATES OF MICRONESIA", "FSM"), ("FEDERATIVE REPUBLIC OF BRAZIL", "BRA"),
    ("FIJI", "FJI"), ("FIJIAN", "FJI"), ("FILIPINA", "PHL"), ("FILIPINO", "PHL"),
    ("FINLAND", "FIN"), ("FINNISH", "FIN"), ("FORMER YUGOSLAV REPUBLIC OF MACEDONIA", "MKD"),
    ("FRANCE", "FRA"), ("FRENCH", "FRA"), ("FRENCH GUIANA", "GUF"), ("FRENCH POLYNESIA", "PYF"),
    ("FRENCH REPUBLIC", "FRA"), ("FRENCH SOUTHERN TERRITORIES", "ATF"), ("GABON", "GAB"),
    ("GABONESE REPUBLIC", "GAB"), ("GAMBIA", "GMB"), ("GAMBIA THE", "GMB"), ("GAZA", "PSE"),
    ("GAZA STRIP", "PSE"), ("GEORGIA", "GEO"), ("GEORGIAN", "GEO"), ("GERMAN", "DEU"),
    ("GERMANY", "DEU"), ("GHANA", "GHA"), ("GIBRALTAR", "GIB"),
    ("GRAND DUCHY OF LUXEMBOURG", "LUX"), ("GREAT BRITAIN", "GBR"), ("GREECE", "GRC"),
    ("GREENLAND", "GRL"), ("GRENADA", "GRD"), ("GUADELOUPE", "GLP"), ("GUAM", "GUM"),
    ("GUATEMALA", "GTM"), ("GUATEMALAN", "GTM"), ("GUERNSEY", "GGY"), ("GUINEA", "GIN"),
    ("GUINEA BISSAU", "GNB"), ("GUYANA", "GUY"), ("HAITI", "HTI"),
    ("HASHEMITE KINGDOM OF JORDAN", "JOR"), ("HEARD ISLAND AND MCDONALD ISLANDS", "HMD"),
    ("HELLENIC REPUBLIC", "GRC"), ("HOLLAND", "NLD"), ("HOLY SEE", "VAT"),
    ("HOLY SEE VATICAN CITY STATE", "VAT"), ("HONDURAN", "HND"), ("HONDURAS", "HND"),
    ("HONG KONG", "HKG"), ("HONG KONG SPECIAL ADMINISTRATIVE REGION OF CHINA", "HKG"),
    ("HONGKONG", "HKG"), ("HUNGARY", "HUN"), ("ICELAND", "ISL"),
    ("INDEPENDENT STATE OF PAPUA NEW GUINEA", "PNG"), ("INDEPENDENT STATE OF SAMOA", "WSM"),
    ("INDIA", "IND"), ("INDIAN", "IND"), ("INDONESIA", "IDN"), ("INDONESIAN", "IDN"),
    ("INGGRIS", "GBR"), ("IRAK", "IRQ"), ("IRAN", "IRN"), ("IRAN ISLAMIC REPUBLIC OF", "IRN"),
    ("IRANIAN", "IRN"), ("IRAQ", "IRQ"), ("IRAQI", "IRQ"), ("IRELAND", "IRL"), ("IRISH", "IRL"),
    ("ISLAMIC REPUBLIC OF AFGHANISTAN", "AFG"), ("ISLAMIC REPUBLIC OF IRAN", "IRN"),
    ("ISLAMIC REPUBLIC OF MAURITANIA", "MRT"), ("ISLAMIC REPUBLIC OF PAKISTAN", "PAK"),
    ("ISLE OF MAN", "IMN"), ("ISRAEL", "ISR"), ("ISRAELI", "ISR"), ("ITALIA", "ITA"),
    ("ITALIAN", "ITA"), ("ITALIAN REPUBLIC", "ITA"), ("ITALY", "ITA"), ("IVORY COAST", "CIV"),
    ("JAMAICA", "JAM"), ("JAPAN", "JPN"), ("JAPANESE", "JPN"), ("JEPANG", "JPN"), ("JEPUN", "JPN"),
    ("JERMAN", "DEU"), ("JERSEY", "JEY"), ("JORDAN", "JOR"), ("JORDANIAN", "JOR"),
    ("KAMBOJA", "KHM"), ("KATAR", "QAT"), ("KAZAKH", "KAZ"), ("KAZAKHSTAN", "KAZ"),
    ("KENYA", "KEN"), ("KENYAN", "KEN"), ("KINGDOM OF BAHRAIN", "BHR"),
    ("KINGDOM OF BELGIUM", "BEL"), ("KINGDOM OF BHUTAN", "BTN"), ("KINGDOM OF CAMBODIA", "KHM"),
    ("KINGDOM OF DENMARK", "DNK"), ("KINGDOM OF ESWATINI", "SWZ"), ("KINGDOM OF LESOTHO", "LSO"),
    ("KINGDOM OF MOROCCO", "MAR"), ("KINGDOM OF NORWAY", "NOR"), ("KINGDOM OF SAUDI ARABIA", "SAU"),
    ("KINGDOM OF SPAIN", "ESP"), ("KINGDOM OF SWEDEN", "SWE"), ("KINGDOM OF THAILAND", "THA"),
    ("KINGDOM OF THE NETHERLANDS", "NLD"), ("KINGDOM OF TONGA", "TON"), ("KIRIBATI", "KIR"),
    ("KOREA DEMOCRATIC PEOPLE S REPUBLIC OF", "PRK"), ("KOREA NORTH", "PRK"),
    ("KOREA REPUBLIC OF", "KOR"), ("KOREA SELATAN", "KOR"), ("KOREA SOUTH", "KOR"),
    ("KOREA UTARA", "PRK"), ("KOSOVAR", "RKS"), ("KOSOVO", "RKS"), ("KSA", "SAU"),
    ("KUWAIT", "KWT"), ("KUWAITI", "KWT"), ("KYRGYZ", "KGZ"), ("KYRGYZ REPUBLIC", "KGZ"),
    ("KYRGYZSTAN", "KGZ"), ("LAO PEOPLE S DEMOCRATIC REPUBLIC", "LAO"), ("LAOS", "LAO"),
    ("LAOTIAN", "LAO"), ("LATVIA", "LVA"), ("LEBANESE", "LBN"), ("LEBANESE REPUBLIC", "LBN"),
    ("LEBANON", "LBN"), ("LESOTHO", "LSO"), ("LIBANON", "LBN"), ("LIBERIA", "LBR"),
    ("LIBYA", "LBY"), ("LIBYAN", "LBY"), ("LIECHTENSTEIN", "LIE"), ("LITHUANIA", "LTU"),
    ("LUXEMBOURG", "LUX"), ("MACAO", "MAC"),
    ("MACAO SPECIAL ADMINISTRATIVE REGION OF CHINA", "MAC"), ("MACAU", "MAC"), ("MACEDONIA", "MKD"),
    ("MACEDONIA THE FORMER YUGOSLAV REPUBLIC OF", "MKD"), ("MADAGASCAR", "MDG"), ("MALAWI", "MWI"),
    ("MALAYSIA", "MYS"), ("MALAYSIAN", "MYS"), ("MALDIVES", "MDV"), ("MALI", "MLI"),
    ("MALIAN", "MLI"), ("MALTA", "MLT"), ("MAROKO", "MAR"), ("MARSHALL ISLANDS", "MHL"),
    ("MARTINIQUE", "MTQ"), ("MAURITANIA", "MRT"), ("MAURITANIAN", "MRT"), ("MAURITIUS", "MUS"),
    ("MAYOTTE", "MYT"), ("MESIR", "EGY"), ("MEXICAN", "MEX"), ("MEXICO", "MEX"),
    ("MICRONESIA FEDERATED STATES OF", "FSM"), ("MOLDOVA", "MDA"), ("MOLDOVA REPUBLIC OF", "MDA"),
    ("MONACO", "MCO"), ("MONGOLIA", "MNG"), ("MONTENEGRO", "MNE"), ("MONTSERRAT", "MSR"),
    ("MOROCCAN", "MAR"), ("MOROCCO", "MAR"), ("MOZAMBIQUE", "MOZ"), ("MYANMAR", "MMR"),
    ("NAMIBIA", "NAM"), ("NAURU", "NRU"), ("NEPAL", "NPL"), ("NEPALESE", "NPL"), ("NEPALI", "NPL"),
    ("NETHERLANDS", "NLD"), ("NEW CALEDONIA", "NCL"), ("NEW ZEALAND", "NZL"),
    ("NEW ZEALANDER", "NZL"), ("NICARAGUA", "NIC"), ("NICARAGUAN", "NIC"), ("NIGER", "NER"),
    ("NIGERIA", "NGA"), ("NIGERIAN", "NGA"), ("NIGERIEN", "NER"), ("NIUE", "NIU"),
    ("NORFOLK ISLAND", "NFK"), ("NORTH KOREA", "PRK"), ("NORTH MACEDONIA", "MKD"),
    ("NORTHERN MARIANA ISLANDS", "MNP"), ("NORWAY", "NOR"), ("NORWEGIAN", "NOR"), ("OMAN", "OMN"),
    ("OMANI", "OMN"), ("PAKISTAN", "PAK"), ("PAKISTANI", "PAK"), ("PALAU", "PLW"),
    ("PALESTINE", "PSE"), ("PALESTINE STATE OF", "PSE"), ("PALESTINIAN", "PSE"), ("PANAMA", "PAN"),
    ("PAPUA NEW GUINEA", "PNG"), ("PAPUA NEW GUINEAN", "PNG"), ("PAPUA NUGINI", "PNG"),
    ("PARAGUAY", "PRY"), ("PEOPLE S DEMOCRATIC REPUBLIC OF ALGERIA", "DZA"),
    ("PEOPLE S REPUBLIC OF BANGLADESH", "BGD"), ("PEOPLE S REPUBLIC OF CHINA", "CHN"),
    ("PERANCIS", "FRA"), ("PERU", "PER"), ("PHILIPPINE", "PHL"), ("PHILIPPINES", "PHL"),
    ("PITCAIRN", "PCN"), ("PLURINATIONAL STATE OF BOLIVIA", "BOL"), ("POLAND", "POL"),
    ("POLANDIA", "POL"), ("POLISH", "POL"), ("PORTUGAL", "PRT"), ("PORTUGUESE REPUBLIC", "PRT"),
    ("PRANCIS", "FRA"), ("PRINCIPALITY OF ANDORRA", "AND"),
    ("PRINCIPALITY OF LIECHTENSTEIN", "LIE"), ("PRINCIPALITY OF MONACO", "MCO"),
    ("PUERTO RICO", "PRI"), ("QATAR", "QAT"), ("QATARI", "QAT"), ("REPUBLIC OF ALBANIA", "ALB"),
    ("REPUBLIC OF ANGOLA", "AGO"), ("REPUBLIC OF ARMENIA", "ARM"), ("REPUBLIC OF AUSTRIA", "AUT"),
    ("REPUBLIC OF AZERBAIJAN", "AZE"), ("REPUBLIC OF BELARUS", "BLR"), ("REPUBLIC OF BENIN", "BEN"),
    ("REPUBLIC OF BOSNIA AND HERZEGOVINA", "BIH"), ("REPUBLIC OF BOTSWANA", "BWA"),
    ("REPUBLIC OF BULGARIA", "BGR"), ("REPUBLIC OF BURUNDI", "BDI"),
    ("REPUBLIC OF CABO VERDE", "CPV"), ("REPUBLIC OF CAMEROON", "CMR"), ("REPUBLIC OF CHAD", "TCD"),
    ("REPUBLIC OF CHILE", "CHL"), ("REPUBLIC OF COLOMBIA", "COL"),
    ("REPUBLIC OF COSTA RICA", "CRI"), ("REPUBLIC OF COTE D IVOIRE", "CIV"),
    ("REPUBLIC OF CROATIA", "HRV"), ("REPUBLIC OF CUBA", "CUB"), ("REPUBLIC OF CYPRUS", "CYP"),
    ("REPUBLIC OF DJIBOUTI", "DJI"), ("REPUBLIC OF ECUADOR", "ECU"),
    ("REPUBLIC OF EL SALVADOR", "SLV"), ("REPUBLIC OF EQUATORIAL GUINEA", "GNQ"),
    ("REPUBLIC OF ESTONIA", "EST"), ("REPUBLIC OF FIJI", "FJI"), ("REPUBLIC OF FINLAND", "FIN"),
    ("REPUBLIC OF GHANA", "GHA"), ("REPUBLIC OF GUATEMALA", "GTM"), ("REPUBLIC OF GUINEA", "GIN"),
    ("REPUBLIC OF GUINEA BISSAU", "GNB"), ("REPUBLIC OF GUYANA", "GUY"),
    ("REPUBLIC OF HAITI", "HTI"), ("REPUBLIC OF HONDURAS", "HND"), ("REPUBLIC OF ICELAND", "ISL"),
    ("REPUBLIC OF INDIA", "IND"), ("REPUBLIC OF INDONESIA", "IDN"), ("REPUBLIC OF IRAQ", "IRQ"),
    ("REPUBLIC OF KAZAKHSTAN", "KAZ"), ("REPUBLIC OF KENYA", "KEN"),
    ("REPUBLIC OF KIRIBATI", "KIR"), ("REPUBLIC OF KOREA", "KOR"), ("REPUBLIC OF LATVIA", "LVA"),
    ("REPUBLIC OF LIBERIA", "LBR"), ("REPUBLIC OF LITHUANIA", "LTU"),
    ("REPUBLIC OF MADAGASCAR", "MDG"), ("REPUBLIC OF MALAWI", "MWI"),
    ("REPUBLIC OF MALDIVES", "MDV"), ("REPUBLIC OF MALI", "MLI"), ("REPUBLIC OF MALTA", "MLT"),
    ("REPUBLIC OF MAURITIUS", "MUS"), ("REPUBLIC OF MOLDOVA", "MDA"),
    ("REPUBLIC OF MOZAMBIQUE", "MOZ"), ("REPUBLIC OF MYANMAR", "MMR"),
    ("REPUBLIC OF NAMIBIA", "NAM"), ("REPUBLIC OF NAURU", "NRU"), ("REPUBLIC OF NICARAGUA", "NIC"),
    ("REPUBLIC OF NORTH MACEDONIA", "MKD"), ("REPUBLIC OF PALAU", "PLW"),
    ("REPUBLIC OF PANAMA", "PAN"), ("REPUBLIC OF PARAGUAY", "PRY"), ("REPUBLIC OF PERU", "PER"),
    ("REPUBLIC OF POLAND", "POL"), ("REPUBLIC OF SAN MARINO", "SMR"),
    ("REPUBLIC OF SENEGAL", "SEN"), ("REPUBLIC OF SERBIA", "SRB"),
    ("REPUBLIC OF SEYCHELLES", "SYC"), ("REPUBLIC OF SIERRA LEONE", "SLE"),
    ("REPUBLIC OF SINGAPORE", "SGP"), ("REPUBLIC OF SLOVENIA", "SVN"),
    ("REPUBLIC OF SOUTH AFRICA", "ZAF"), ("REPUBLIC OF SOUTH SUDAN", "SSD"),
    ("REPUBLIC OF SURINAME", "SUR"), ("REPUBLIC OF TAJIKISTAN", "TJK"),
    ("REPUBLIC OF THE CONGO", "COG"), ("REPUBLIC OF THE GAMBIA", "GMB"),
    ("REPUBLIC OF THE MARSHALL ISLANDS", "MHL"), ("REPUBLIC OF THE NIGER", "NER"),
    ("REPUBLIC OF THE PHILIPPINES", "PHL"), ("REPUBLIC OF THE SUDAN", "SDN"),
    ("REPUBLIC OF TRINIDAD AND TOBAGO", "TTO"), ("REPUBLIC OF TUNISIA", "TUN"),
    ("REPUBLIC OF TURKIYE", "TUR"), ("REPUBLIC OF UGANDA", "UGA"),
    ("REPUBLIC OF UZBEKISTAN", "UZB"), ("REPUBLIC OF VANUATU", "VUT"), ("REPUBLIC OF YEMEN", "YEM"),
    ("REPUBLIC OF ZAMBIA", "ZMB"), ("REPUBLIC OF ZIMBABWE", "ZWE"), ("REUNION", "REU"),
    ("ROMANIA", "ROU"), ("RUSIA", "RUS"), ("RUSSIA", "RUS"), ("RUSSIAN", "RUS"),
    ("RUSSIAN FEDERATION", "RUS"), ("RWANDA", "RWA"), ("RWANDAN", "RWA"),
    ("RWANDESE REPUBLIC", "RWA"), ("SAINT BARTHELEMY", "BLM"),
    ("SAINT HELENA ASCENSION AND TRISTAN DA CUNHA", "SHN"), ("SAINT KITTS AND NEVIS", "KNA"),
    ("SAINT LUCIA", "LCA"), ("SAINT MARTIN FRENCH PART", "MAF"),
    ("SAINT PIERRE AND MIQUELON", "SPM"), ("SAINT VINCENT AND THE GRENADINES", "VCT"),
    ("SALVADORAN", "SLV"), ("SAMOA", "WSM"), ("SAN MARINO", "SMR"),
    ("SAO TOME AND PRINCIPE", "STP"), ("SAUDI", "SAU"), ("SAUDI ARABIA", "SAU"),
    ("SAUDI ARABIAN", "SAU"), ("SELANDIA BARU", "NZL"), ("SENEGAL", "SEN"), ("SERBIA", "SRB"),
    ("SERBIAN", "SRB"), ("SEYCHELLES", "SYC"), ("SIERRA LEONE", "SLE"), ("SINGAPORE", "SGP"),
    ("SINGAPOREAN", "SGP"), ("SINGAPURA", "SGP"), ("SINT MAARTEN DUTCH PART", "SXM"),
    ("SLOVAK REPUBLIC", "SVK"), ("SLOVAKIA", "SVK"), ("SLOVENIA", "SVN"),
    ("SOCIALIST REPUBLIC OF VIET NAM", "VNM"), ("SOLOMON ISLANDS", "SLB"), ("SOMALI", "SOM"),
    ("SOMALIA", "SOM"), ("SOUTH AFRICA", "ZAF"), ("SOUTH AFRICAN", "ZAF"),
    ("SOUTH GEORGIA AND THE SOUTH SANDWICH ISLANDS", "SGS"), ("SOUTH KOREA", "KOR"),
    ("SOUTH SUDAN", "SSD"), ("SPAIN", "ESP"), ("SPANISH", "ESP"), ("SPANYOL", "ESP"),
    ("SRI LANKA", "LKA"), ("SRI LANKAN", "LKA"), ("ST KITTS AND NEVIS", "KNA"),
    ("STATE OF ERITREA", "ERI"), ("STATE OF ISRAEL", "ISR"), ("STATE OF KUWAIT", "KWT"),
    ("STATE OF PALESTINE", "PSE"), ("STATE OF QATAR", "QAT"), ("SUDAN", "SDN"), ("SUDANESE", "SDN"),
    ("SULTANATE OF OMAN", "OMN"), ("SURIAH", "SYR"), ("SURINAME", "SUR"),
    ("SVALBARD AND JAN MAYEN", "SJM"), ("SWAZILAND", "SWZ"), ("SWEDEN", "SWE"), ("SWEDISH", "SWE"),
    ("SWISS", "CHE"), ("SWISS CONFEDERATION", "CHE"), ("SWITZERLAND", "CHE"), ("SYRIA", "SYR"),
    ("SYRIAN", "SYR"), ("SYRIAN ARAB REPUBLIC", "SYR"), ("TAIWAN", "TWN"),
    ("TAIWAN PROVINCE OF CHINA", "TWN"), ("TAJIK", "TJK"), ("TAJIKISTAN", "TJK"),
    ("TANZANIA", "TZA"), ("TANZANIA UNITED REPUBLIC OF", "TZA"), ("TANZANIAN", "TZA"),
    ("THAI", "THA"), ("THAILAND", "THA"), ("TIMOR LESTE", "TLS"), ("TIMORESE", "TLS"),
    ("TIONGKOK", "CHN"), ("TOGO", "TGO"), ("TOGOLESE REPUBLIC", "TGO"), ("TOKELAU", "TKL"),
    ("TONGA", "TON"), ("TRINIDAD", "TTO"), ("TRINIDAD AND TOBAGO", "TTO"), ("TUNISIA", "TUN"),
    ("TUNISIAN", "TUN"), ("TURKEY", "TUR"), ("TURKI", "TUR"), ("TURKISH", "TUR"),
    ("TURKIYE", "TUR"), ("TURKMEN", "TKM"), ("TURKMENISTAN", "TKM"),
    ("TURKS AND CAICOS ISLANDS", "TCA"), ("TUVALU", "TUV"), ("UAE", "ARE"), ("UGANDA", "UGA"),
    ("UGANDAN", "UGA"), ("UK", "GBR"), ("UKRAINE", "UKR"), ("UKRAINIAN", "UKR"),
    ("UNI EMIRAT ARAB", "ARE"), ("UNION OF THE COMOROS", "COM"), ("UNITED ARAB EMIRATES", "ARE"),
    ("UNITED KINGDOM", "GBR"), ("UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "GBR"),
    ("UNITED MEXICAN STATES", "MEX"), ("UNITED REPUBLIC OF TANZANIA", "TZA"),
    ("UNITED STATES", "USA"), ("UNITED STATES MINOR OUTLYING ISLANDS", "UMI"),
    ("UNITED STATES OF AMERICA", "USA"), ("URUGUAY", "URY"), ("USA", "USA"), ("UZBEK", "UZB"),
    ("UZBEKISTAN", "UZB"), ("VANUATU", "VUT"), ("VATICAN", "VAT"), ("VENEZUELA", "VEN"),
    ("VENEZUELA BOLIVARIAN REPUBLIC OF", "VEN"), ("VENEZUELAN", "VEN"), ("VIET NAM", "VNM"),
    ("VIETNAM", "VNM"), ("VIETNAMESE", "VNM"), ("VIRGIN ISLANDS BRITISH", "VGB"),
    ("VIRGIN ISLANDS OF THE UNITED STATES", "VIR"), ("VIRGIN ISLANDS U S", "VIR"),
    ("WALLIS AND FUTUNA", "WLF"), ("WARGA NEGARA INDONESIA", "IDN"), ("WEST BANK", "PSE"),
    ("WESTERN SAHARA", "ESH"), ("WNI", "IDN"), ("YAMAN", "YEM"), ("YEMEN", "YEM"),
    ("YEMENI", "YEM"), ("YORDANIA", "JOR"), ("ZAMBIA", "ZMB"), ("ZIMBABWE", "ZWE"),
];

/// A country name's lookup form: diacritics dropped, upper case, every
/// run of other characters one space, a leading `THE` dropped (`The
/// Gambia` is `GAMBIA`, `Gambia, The` is `GAMBIA THE`; `People's` is
/// `PEOPLE S`).
fn name_key(name: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let mut key = String::with_capacity(name.len());
    for c in name.nfkd().filter(|&c| !is_combining_mark(c)) {
        let c = c.to_ascii_uppercase();
        if c.is_ascii_uppercase() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with(' ') {
            key.push(' ');
        }
    }
    let key = key.trim_end();
    let key = key.strip_prefix("THE ").unwrap_or(key);
    key.to_string()
}

/// The alpha-3 (or ICAO) code a written country stands for: the code
/// itself (any case), an alpha-2 code, or a name [`alpha3_of_name`] knows.
/// `NA` is no code here: lists and manifests write it for "not
/// available" more often than for Namibia. `None` for anything else.
pub fn alpha3_of(written: &str) -> Option<&'static str> {
    let u = written.trim().to_ascii_uppercase();
    if let Ok(i) = ISO.binary_search_by(|(a3, _)| (*a3).cmp(&u)) {
        return Some(ISO[i].0);
    }
    if let Ok(i) = ICAO.binary_search(&u.as_str()) {
        return Some(ICAO[i]);
    }
    match u.len() {
        2 if u != "NA" => alpha3_of_alpha2(&u),
        _ => alpha3_of_name(&u),
    }
}

/// The alpha-3 code of a country's name or demonym, in any case and with
/// or without diacritics (`Indonesia`, `Korea, North`, `Türkiye`,
/// `Filipino`). `None` for a name the table lacks.
pub fn alpha3_of_name(name: &str) -> Option<&'static str> {
    let key = name_key(name);
    NAMES
        .binary_search_by(|(k, _)| (*k).cmp(key.as_str()))
        .ok()
        .map(|i| NAMES[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_and_icao_codes_are_known_and_sports_codes_are_not() {
        assert!(ISO.windows(2).all(|w| w[0].0 < w[1].0) && ICAO.windows(2).all(|w| w[0] < w[1]));
        for code in [
            "IDN", "MYS", "SGP", "TLS", "XXA", "XXB", "GBN", "UNK", "RKS",
        ] {
            assert!(is_country_code(code), "{code}");
        }
        for code in ["MAS", "INA", "ZZZ", "idn", "IDNX", ""] {
            assert!(!is_country_code(code), "{code}");
        }
    }

    #[test]
    fn country_names_as_lists_write_them() {
        assert!(
            NAMES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no repeats"
        );
        for (key, code) in NAMES {
            assert_eq!(name_key(key), key, "a key in its lookup form");
            assert!(is_country_code(code), "{key}: {code}");
        }
        for (name, code) in [
            ("Indonesia", "IDN"),
            ("MALAYSIAN", "MYS"),
            ("Korea, North", "PRK"),
            ("Democratic People's Republic of Korea", "PRK"),
            ("Congo, Democratic Republic of the", "COD"),
            ("Iran (Islamic Republic of)", "IRN"),
            (
                "United Kingdom of Great Britain and Northern Ireland",
                "GBR",
            ),
            ("Türkiye", "TUR"),
            ("Turkey", "TUR"),
            ("  the gambia ", "GMB"),
            ("Gambia, The", "GMB"),
            ("Côte d'Ivoire", "CIV"),
            ("Mexico", "MEX"),
            ("Burma", "MMR"),
            ("Palestinian", "PSE"),
            ("Kosovo", "RKS"),
        ] {
            assert_eq!(alpha3_of_name(name), Some(code), "{name}");
        }
        for name in ["Ruritania", "Congolese", "", "na", "Korea"] {
            assert_eq!(alpha3_of_name(name), None, "{name}");
        }
    }

    #[test]
    fn a_written_country_reads_as_its_code() {
        for (written, code) in [
            ("idn", "IDN"),
            (" XXA ", "XXA"),
            ("my", "MYS"),
            ("MALAYSIA", "MYS"),
            ("Arab Saudi", "SAU"),
            ("KSA", "SAU"),
            ("Indonesian", "IDN"),
        ] {
            assert_eq!(alpha3_of(written), Some(code), "{written}");
        }
        for written in ["MAS", "INA", "NA", "n/a", "", "Ruritania"] {
            assert_eq!(alpha3_of(written), None, "{written}");
        }
    }

    #[test]
    fn two_letter_codes_read_as_three() {
        assert_eq!(alpha3_of_alpha2("id"), Some("IDN"));
        assert_eq!(alpha3_of_alpha2("SY"), Some("SYR"));
        assert_eq!(alpha3_of_alpha2("XK"), Some("RKS"));
        assert_eq!(alpha3_of_alpha2("Indonesia"), None);
        let a2: std::collections::HashSet<_> = ISO.iter().map(|(_, a2)| *a2).collect();
        assert_eq!(a2.len(), ISO.len(), "one alpha-2 per country");
    }
}
