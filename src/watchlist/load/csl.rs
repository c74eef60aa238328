//! US Consolidated Screening List (trade.gov CSV, 29 columns with a
//! header; gzipped as published): individuals only. Names are written
//! `SURNAME, Given` as OFAC writes them; `alt_names`, `dates_of_birth`,
//! `nationalities`, `citizenships` and `ids` hold `;`-separated values.

use crate::model::{alpha3_of_alpha2, PartialDate, Sex, WatchlistEntry};
use anyhow::{bail, Context, Result};

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
            .filter_map(|c| alpha3_of_alpha2(&c).map(String::from))
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
    }
}
