//! US Consolidated Screening List (trade.gov CSV, 29 columns with a
//! header; gzipped as published): individuals only. Names are written
//! `SURNAME, Given` as OFAC writes them; `alt_names`, `dates_of_birth`,
//! `nationalities`, `citizenships` and `ids` hold `;`-separated values.

use crate::model::{PartialDate, Sex, WatchlistEntry};
use anyhow::{bail, Context, Result};

/// ISO 3166-1 alpha-2 → alpha-3 (Kosovo's `XK` as ICAO's `RKS`), sorted:
/// the list writes nationalities in two letters, passports in three.
const ALPHA2: [(&str, &str); 250] = [
    ("AD", "AND"),
    ("AE", "ARE"),
    ("AF", "AFG"),
    ("AG", "ATG"),
    ("AI", "AIA"),
    ("AL", "ALB"),
    ("AM", "ARM"),
    ("AO", "AGO"),
    ("AQ", "ATA"),
    ("AR", "ARG"),
    ("AS", "ASM"),
    ("AT", "AUT"),
    ("AU", "AUS"),
    ("AW", "ABW"),
    ("AX", "ALA"),
    ("AZ", "AZE"),
    ("BA", "BIH"),
    ("BB", "BRB"),
    ("BD", "BGD"),
    ("BE", "BEL"),
    ("BF", "BFA"),
    ("BG", "BGR"),
    ("BH", "BHR"),
    ("BI", "BDI"),
    ("BJ", "BEN"),
    ("BL", "BLM"),
    ("BM", "BMU"),
    ("BN", "BRN"),
    ("BO", "BOL"),
    ("BQ", "BES"),
    ("BR", "BRA"),
    ("BS", "BHS"),
    ("BT", "BTN"),
    ("BV", "BVT"),
    ("BW", "BWA"),
    ("BY", "BLR"),
    ("BZ", "BLZ"),
    ("CA", "CAN"),
    ("CC", "CCK"),
    ("CD", "COD"),
    ("CF", "CAF"),
    ("CG", "COG"),
    ("CH", "CHE"),
    ("CI", "CIV"),
    ("CK", "COK"),
    ("CL", "CHL"),
    ("CM", "CMR"),
    ("CN", "CHN"),
    ("CO", "COL"),
    ("CR", "CRI"),
    ("CU", "CUB"),
    ("CV", "CPV"),
    ("CW", "CUW"),
    ("CX", "CXR"),
    ("CY", "CYP"),
    ("CZ", "CZE"),
    ("DE", "DEU"),
    ("DJ", "DJI"),
    ("DK", "DNK"),
    ("DM", "DMA"),
    ("DO", "DOM"),
    ("DZ", "DZA"),
    ("EC", "ECU"),
    ("EE", "EST"),
    ("EG", "EGY"),
    ("EH", "ESH"),
    ("ER", "ERI"),
    ("ES", "ESP"),
    ("ET", "ETH"),
    ("FI", "FIN"),
    ("FJ", "FJI"),
    ("FK", "FLK"),
    ("FM", "FSM"),
    ("FO", "FRO"),
    ("FR", "FRA"),
    ("GA", "GAB"),
    ("GB", "GBR"),
    ("GD", "GRD"),
    ("GE", "GEO"),
    ("GF", "GUF"),
    ("GG", "GGY"),
    ("GH", "GHA"),
    ("GI", "GIB"),
    ("GL", "GRL"),
    ("GM", "GMB"),
    ("GN", "GIN"),
    ("GP", "GLP"),
    ("GQ", "GNQ"),
    ("GR", "GRC"),
    ("GS", "SGS"),
    ("GT", "GTM"),
    ("GU", "GUM"),
    ("GW", "GNB"),
    ("GY", "GUY"),
    ("HK", "HKG"),
    ("HM", "HMD"),
    ("HN", "HND"),
    ("HR", "HRV"),
    ("HT", "HTI"),
    ("HU", "HUN"),
    ("ID", "IDN"),
    ("IE", "IRL"),
    ("IL", "ISR"),
    ("IM", "IMN"),
    ("IN", "IND"),
    ("IO", "IOT"),
    ("IQ", "IRQ"),
    ("IR", "IRN"),
    ("IS", "ISL"),
    ("IT", "ITA"),
    ("JE", "JEY"),
    ("JM", "JAM"),
    ("JO", "JOR"),
    ("JP", "JPN"),
    ("KE", "KEN"),
    ("KG", "KGZ"),
    ("KH", "KHM"),
    ("KI", "KIR"),
    ("KM", "COM"),
    ("KN", "KNA"),
    ("KP", "PRK"),
    ("KR", "KOR"),
    ("KW", "KWT"),
    ("KY", "CYM"),
    ("KZ", "KAZ"),
    ("LA", "LAO"),
    ("LB", "LBN"),
    ("LC", "LCA"),
    ("LI", "LIE"),
    ("LK", "LKA"),
    ("LR", "LBR"),
    ("LS", "LSO"),
    ("LT", "LTU"),
    ("LU", "LUX"),
    ("LV", "LVA"),
    ("LY", "LBY"),
    ("MA", "MAR"),
    ("MC", "MCO"),
    ("MD", "MDA"),
    ("ME", "MNE"),
    ("MF", "MAF"),
    ("MG", "MDG"),
    ("MH", "MHL"),
    ("MK", "MKD"),
    ("ML", "MLI"),
    ("MM", "MMR"),
    ("MN", "MNG"),
    ("MO", "MAC"),
    ("MP", "MNP"),
    ("MQ", "MTQ"),
    ("MR", "MRT"),
    ("MS", "MSR"),
    ("MT", "MLT"),
    ("MU", "MUS"),
    ("MV", "MDV"),
    ("MW", "MWI"),
    ("MX", "MEX"),
    ("MY", "MYS"),
    ("MZ", "MOZ"),
    ("NA", "NAM"),
    ("NC", "NCL"),
    ("NE", "NER"),
    ("NF", "NFK"),
    ("NG", "NGA"),
    ("NI", "NIC"),
    ("NL", "NLD"),
    ("NO", "NOR"),
    ("NP", "NPL"),
    ("NR", "NRU"),
    ("NU", "NIU"),
    ("NZ", "NZL"),
    ("OM", "OMN"),
    ("PA", "PAN"),
    ("PE", "PER"),
    ("PF", "PYF"),
    ("PG", "PNG"),
    ("PH", "PHL"),
    ("PK", "PAK"),
    ("PL", "POL"),
    ("PM", "SPM"),
    ("PN", "PCN"),
    ("PR", "PRI"),
    ("PS", "PSE"),
    ("PT", "PRT"),
    ("PW", "PLW"),
    ("PY", "PRY"),
    ("QA", "QAT"),
    ("RE", "REU"),
    ("RO", "ROU"),
    ("RS", "SRB"),
    ("RU", "RUS"),
    ("RW", "RWA"),
    ("SA", "SAU"),
    ("SB", "SLB"),
    ("SC", "SYC"),
    ("SD", "SDN"),
    ("SE", "SWE"),
    ("SG", "SGP"),
    ("SH", "SHN"),
    ("SI", "SVN"),
    ("SJ", "SJM"),
    ("SK", "SVK"),
    ("SL", "SLE"),
    ("SM", "SMR"),
    ("SN", "SEN"),
    ("SO", "SOM"),
    ("SR", "SUR"),
    ("SS", "SSD"),
    ("ST", "STP"),
    ("SV", "SLV"),
    ("SX", "SXM"),
    ("SY", "SYR"),
    ("SZ", "SWZ"),
    ("TC", "TCA"),
    ("TD", "TCD"),
    ("TF", "ATF"),
    ("TG", "TGO"),
    ("TH", "THA"),
    ("TJ", "TJK"),
    ("TK", "TKL"),
    ("TL", "TLS"),
    ("TM", "TKM"),
    ("TN", "TUN"),
    ("TO", "TON"),
    ("TR", "TUR"),
    ("TT", "TTO"),
    ("TV", "TUV"),
    ("TW", "TWN"),
    ("TZ", "TZA"),
    ("UA", "UKR"),
    ("UG", "UGA"),
    ("UM", "UMI"),
    ("US", "USA"),
    ("UY", "URY"),
    ("UZ", "UZB"),
    ("VA", "VAT"),
    ("VC", "VCT"),
    ("VE", "VEN"),
    ("VG", "VGB"),
    ("VI", "VIR"),
    ("VN", "VNM"),
    ("VU", "VUT"),
    ("WF", "WLF"),
    ("WS", "WSM"),
    ("XK", "RKS"),
    ("YE", "YEM"),
    ("YT", "MYT"),
    ("ZA", "ZAF"),
    ("ZM", "ZMB"),
    ("ZW", "ZWE"),
];

/// The alpha-3 code of a two-letter one; `None` for others.
fn alpha3(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    ALPHA2
        .binary_search_by(|(a2, _)| (*a2).cmp(code.as_str()))
        .ok()
        .map(|i| ALPHA2[i].1)
}

/// Whether a header line is the CSL's (`source`, `type`, `alt_names`).
pub fn is_header(line: &str) -> bool {
    let l = line.to_ascii_lowercase();
    ["source", "type", "name", "alt_names", "ids"]
        .iter()
        .all(|c| l.split(',').any(|h| h.trim() == *c))
}

/// The birth dates of one `dates_of_birth` value: ISO dates, years,
/// `circa` years and `YYYY to YYYY` ranges (as OFAC writes them).
fn birth_dates(v: &str) -> Vec<PartialDate> {
    v.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .flat_map(|d| match PartialDate::parse_iso(d) {
            Ok(p) => vec![p],
            Err(_) => super::ofac::parse_dob(d),
        })
        .collect()
}

/// Documents and sex from `ids`: `CC, [dates,] NUMBER, Passport`,
/// `CC, NUMBER, National ID No.`, `Male, Gender`.
fn ids(v: &str) -> (Vec<String>, Option<Sex>) {
    let (mut docs, mut sex) = (Vec::new(), None);
    for id in v.split(';') {
        let parts: Vec<&str> = id.split(',').map(str::trim).collect();
        match parts.as_slice() {
            [s, "Gender"] => sex = Sex::parse(s),
            [.., number, kind] if matches!(*kind, "Passport" | "National ID No.") => {
                let key = super::super::evidence::doc_key(number);
                if !key.is_empty() {
                    docs.push(key);
                }
            }
            _ => {}
        }
    }
    (docs, sex)
}

/// Parses the list. Errors say `FILE: row N: field F: reason` (row 1 is
/// the first data row).
pub fn parse(file: &str, bytes: &[u8]) -> Result<Vec<WatchlistEntry>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = rdr
        .headers()
        .with_context(|| format!("{file}: cannot read header"))?
        .clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(n))
    };
    let (Some(id_col), Some(type_col), Some(name_col)) = (col("_id"), col("type"), col("name"))
    else {
        bail!("{file}: header: fields _id, type and name are required");
    };
    let get = |rec: &csv::StringRecord, n: &str| {
        col(n)
            .and_then(|c| rec.get(c))
            .map(str::trim)
            .unwrap_or("")
            .to_string()
    };
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 1;
        let rec = rec.with_context(|| format!("{file}: row {row}: malformed CSV"))?;
        if rec.get(type_col).map(str::trim) != Some("Individual") {
            continue;
        }
        let id = rec.get(id_col).map(str::trim).unwrap_or("");
        let name = rec.get(name_col).map(str::trim).unwrap_or("");
        if id.is_empty() {
            bail!("{file}: row {row}: field _id: empty");
        }
        if name.is_empty() {
            bail!("{file}: row {row}: field name: empty");
        }
        let split = |v: String| -> Vec<String> {
            v.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        let mut nationalities: Vec<String> = split(get(&rec, "nationalities"))
            .into_iter()
            .chain(split(get(&rec, "citizenships")))
            .filter_map(|c| alpha3(&c).map(String::from))
            .collect();
        nationalities.dedup();
        let (document_numbers, sex) = ids(&get(&rec, "ids"));
        out.push(WatchlistEntry {
            entry_id: format!("CSL-{id}"),
            list: "US-CSL".into(),
            full_name: name.to_string(),
            aliases: split(get(&rec, "alt_names")),
            birth_dates: birth_dates(&get(&rec, "dates_of_birth")),
            nationalities,
            document_numbers,
            sex,
            category: "sanctions".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_individuals_with_aliases_dates_documents_and_nationality() {
        let csl = "_id,source,entity_number,type,programs,name,title,addresses,alt_names,citizenships,dates_of_birth,nationalities,ids\n\
                   21944,SDN,21944,Individual,SYRIA,\"'ABBAS, Rim\",,SY,\"'ABBAS, Rima; ABBAS, R.\",,1973-03-25; circa 1970,SY,\"SY, 2014-08-30, N 123 45, Passport; Female, Gender\"\n\
                   3,SDN,3,Entity,X,ACME LTD,,,,,,,\n";
        assert!(is_header(csl.lines().next().expect("a header")));
        let es = parse("csl.csv", csl.as_bytes()).expect("parses");
        assert_eq!(es.len(), 1, "entities are left out");
        let e = &es[0];
        assert_eq!(
            (e.entry_id.as_str(), e.list.as_str()),
            ("CSL-21944", "US-CSL")
        );
        assert_eq!(e.full_name, "'ABBAS, Rim");
        assert_eq!(e.aliases, ["'ABBAS, Rima", "ABBAS, R."]);
        assert_eq!(e.birth_dates[0].to_string(), "1973-03-25");
        assert_eq!(e.birth_dates[1].to_string(), "1970");
        assert_eq!(e.nationalities, ["SYR"]);
        assert_eq!(e.document_numbers, ["N12345"]);
        assert_eq!(e.sex, Some(Sex::F));
        assert!(ALPHA2.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(alpha3("id"), Some("IDN"));
        assert_eq!(alpha3("Indonesia"), None);
    }
}
