//! OFAC SDN CSV (`sdn.csv`, headerless) with aliases from `alt.csv`.
//! Only individuals are read. Birth dates, nationality, passports and
//! gender are parsed from the free-text Remarks column.

use crate::model::{PartialDate, Sex, WatchlistEntry};
use anyhow::{bail, Context, Result};
use std::collections::HashMap;

fn field(s: &str) -> &str {
    let s = s.trim();
    if s == "-0-" {
        ""
    } else {
        s
    }
}

fn month(s: &str) -> Option<u32> {
    let m = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let u = s.to_ascii_uppercase();
    m.iter()
        .position(|x| u.starts_with(x))
        .map(|i| i as u32 + 1)
}

/// Parses OFAC date text: `12 Jan 1970`, `Jan 1970`, `1970`, `circa 1970`,
/// `1968 to 1970` (each year of the range).
pub fn parse_dob(text: &str) -> Vec<PartialDate> {
    let t = text.trim().trim_start_matches("circa").trim();
    if let Some((a, b)) = t.split_once(" to ") {
        let (a, b) = (parse_dob(a), parse_dob(b));
        if let (Some(a), Some(b)) = (a.first(), b.first()) {
            if a.year <= b.year && b.year - a.year <= 10 {
                return (a.year..=b.year)
                    .map(|y| PartialDate {
                        year: y,
                        month: None,
                        day: None,
                    })
                    .collect();
            }
        }
        return Vec::new();
    }
    let parts: Vec<&str> = t.split_whitespace().collect();
    let year = |s: &str| s.parse::<i32>().ok().filter(|y| (1850..=2100).contains(y));
    let d = match parts.as_slice() {
        [y] => year(y).map(|y| PartialDate {
            year: y,
            month: None,
            day: None,
        }),
        [m, y] => year(y).map(|y| PartialDate {
            year: y,
            month: month(m),
            day: None,
        }),
        [d, m, y] => year(y).map(|y| {
            let (m, d) = (month(m), d.parse::<u32>().ok());
            match (m, d) {
                (Some(m), Some(d)) if chrono::NaiveDate::from_ymd_opt(y, m, d).is_some() => {
                    PartialDate {
                        year: y,
                        month: Some(m),
                        day: Some(d),
                    }
                }
                _ => PartialDate {
                    year: y,
                    month: m,
                    day: None,
                },
            }
        }),
        _ => None,
    };
    d.into_iter().collect()
}

struct Remarks {
    /// OFAC's weak a.k.a.s, which it writes in Remarks, quoted, and not in
    /// `alt.csv`.
    weak_aliases: Vec<String>,
    dobs: Vec<PartialDate>,
    nationalities: Vec<String>,
    documents: Vec<String>,
    sex: Option<Sex>,
}

fn parse_remarks(r: &str) -> Remarks {
    let mut out = Remarks {
        weak_aliases: Vec::new(),
        dobs: Vec::new(),
        nationalities: Vec::new(),
        documents: Vec::new(),
        sex: None,
    };
    for part in r.split(';') {
        let p = part.trim().trim_end_matches('.').trim();
        let p = p.strip_prefix("alt. ").unwrap_or(p);
        if let Some(a) = p.strip_prefix("a.k.a. ") {
            // Quoted whole (`a.k.a. 'HAMBALI'`); one cut short by the
            // field's length limit, its closing quote lost, is no name.
            if let Some(name) = a.strip_prefix('\'').and_then(|a| a.strip_suffix('\'')) {
                if !name.trim().is_empty() {
                    out.weak_aliases.push(name.trim().to_string());
                }
            }
        } else if let Some(d) = p.strip_prefix("DOB ") {
            out.dobs.extend(parse_dob(d));
        } else if let Some(n) = p
            .strip_prefix("nationality ")
            .or_else(|| p.strip_prefix("citizen "))
        {
            out.nationalities.push(super::country_code(n));
        } else if let Some(doc) = p
            .strip_prefix("Passport ")
            .or_else(|| p.strip_prefix("National ID No. "))
        {
            let num = doc.split('(').next().unwrap_or("").trim();
            let key = super::super::evidence::doc_key(num);
            if !key.is_empty() {
                out.documents.push(key);
            }
        } else if let Some(g) = p.strip_prefix("Gender ") {
            out.sex = Sex::parse(g);
        }
    }
    out
}

/// Parses `sdn.csv` (and `alt.csv` when given as `(name, bytes)`).
pub fn parse(
    file: &str,
    bytes: &[u8],
    alt: Option<(String, &[u8])>,
) -> Result<Vec<WatchlistEntry>> {
    let end = bytes
        .iter()
        .rposition(|&b| b != 0x1A && b != b'\n' && b != b'\r')
        .map_or(0, |i| i + 1);
    let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
    if let Some((alt_file, alt_bytes)) = alt {
        let aend = alt_bytes
            .iter()
            .rposition(|&b| b != 0x1A && b != b'\n' && b != b'\r')
            .map_or(0, |i| i + 1);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&alt_bytes[..aend]);
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.with_context(|| format!("{alt_file}: row {}: malformed CSV", i + 1))?;
            let (ent, name) = (
                field(rec.get(0).unwrap_or("")),
                field(rec.get(3).unwrap_or("")),
            );
            if !ent.is_empty() && !name.is_empty() {
                aliases
                    .entry(ent.to_string())
                    .or_default()
                    .push(name.to_string());
            }
        }
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[..end]);
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 1;
        let rec = rec.with_context(|| format!("{file}: row {row}: malformed CSV"))?;
        if rec.len() < 12 {
            bail!(
                "{file}: row {row}: field Remarks: expected 12 columns, found {}",
                rec.len()
            );
        }
        if field(&rec[2]) != "individual" {
            continue;
        }
        let ent = field(&rec[0]);
        if ent.is_empty() {
            bail!("{file}: row {row}: field ent_num: empty");
        }
        let name = field(&rec[1]);
        if name.is_empty() {
            bail!("{file}: row {row}: field SDN_Name: empty");
        }
        let r = parse_remarks(field(&rec[11]));
        let mut names = aliases.remove(ent).unwrap_or_default();
        for weak in r.weak_aliases {
            if !names.contains(&weak) {
                names.push(weak);
            }
        }
        out.push(WatchlistEntry {
            entry_id: ent.to_string(),
            list: "OFAC-SDN".into(),
            full_name: name.to_string(),
            aliases: names,
            birth_dates: r.dobs,
            nationalities: r.nationalities,
            document_numbers: r.documents,
            sex: r.sex,
            category: "sanctions".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `sdn` parsed with an `alt.csv` that gives entry 36 the alias
    /// `ALI, Achmad`.
    fn with_alt(sdn: &str) -> Vec<WatchlistEntry> {
        let alt = "36,1,\"aka\",\"ALI, Achmad\",-0-\n";
        parse(
            "sdn.csv",
            sdn.as_bytes(),
            Some(("alt.csv".into(), alt.as_bytes())),
        )
        .unwrap()
    }

    #[test]
    fn remarks_and_aliases() {
        let es = with_alt("36,\"AL-ALI, Ahmad\",individual,SDGT,-0-,-0-,-0-,-0-,-0-,-0-,-0-,\"DOB 12 Jan 1970; alt. DOB 1971; nationality Indonesia; Passport A12 345 (Indonesia); Gender Male.\"\n37,ACME,-0-,SDGT,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n\x1a");
        assert_eq!(es.len(), 1);
        let e = &es[0];
        assert_eq!(e.birth_dates.len(), 2);
        assert_eq!(e.birth_dates[0].to_string(), "1970-01-12");
        assert_eq!(e.nationalities, vec!["IDN"]);
        assert_eq!(e.document_numbers, vec!["A12345"]);
        assert_eq!(e.sex, Some(Sex::M));
        assert_eq!(e.aliases, vec!["ALI, Achmad"]);
        assert_eq!(parse_dob("1968 to 1970").len(), 3);
        assert_eq!(parse_dob("circa 1950")[0].year, 1950);
        assert!(parse_dob("unknown").is_empty());
    }

    #[test]
    fn weak_aliases_are_read_from_the_remarks() {
        let r = parse_remarks(
            "DOB 1964; a.k.a. 'HAMBALI'; a.k.a. ''ABD-AL-'IZ'; a.k.a. 'ALI, Achmad'; a.k.a. 'M",
        );
        assert_eq!(r.weak_aliases, ["HAMBALI", "'ABD-AL-'IZ", "ALI, Achmad"]);
        let es = with_alt("36,\"AL-ALI, Ahmad\",individual,SDGT,-0-,-0-,-0-,-0-,-0-,-0-,-0-,\"a.k.a. 'ALI, Achmad'; a.k.a. 'ABU ALI'.\"\n");
        assert_eq!(es[0].aliases, ["ALI, Achmad", "ABU ALI"], "once each");
    }
}
