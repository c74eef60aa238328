//! The canonical watchlist CSV (DESIGN §2.2).

use crate::model::{PartialDate, WatchlistEntry};
use anyhow::{bail, Context, Result};
use std::collections::HashSet;

/// The `;`-separated items of a cell, each trimmed; empty items and the
/// marks exports write for "no value" (`NULL`, `N/A`, `-`: see
/// [`is_empty_mark`](crate::ingest::validate::is_empty_mark)) are none.
fn split(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|s| !crate::ingest::validate::is_empty_mark(s))
        .map(String::from)
        .collect()
}

/// A category as the rules and `priority_categories` name it: lower case,
/// words joined by `-`. Lists write `TRAFFICKING-SUSPECT`, `Missing
/// Person` or `trafficking_suspect`; read as written, such an entry met
/// no rule that asks for `trafficking-suspect`, and its forced review was
/// silently lost.
fn category(written: &str) -> String {
    crate::ingest::columns::words_joined(written, "-")
}

/// Parses a canonical list. Errors say `FILE: row N: field F: reason`
/// (row 1 is the first data row).
pub fn parse(file: &str, bytes: &[u8]) -> Result<Vec<WatchlistEntry>> {
    let bytes = crate::ingest::without_bom(bytes);
    // Separated by commas, or by semicolons or tabs as spreadsheets export
    // (told by the header, as for manifests; aliases are then quoted).
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .delimiter(crate::ingest::table::delimiter(bytes))
        .from_reader(bytes);
    let headers = rdr
        .headers()
        .with_context(|| format!("{file}: cannot read header"))?
        .clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(n))
    };
    for req in ["entry_id", "list", "full_name"] {
        if col(req).is_none() {
            bail!("{file}: header: field {req}: missing required column");
        }
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 1;
        let rec = rec.with_context(|| format!("{file}: row {row}: malformed CSV"))?;
        let get = |n: &str| {
            col(n)
                .and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|v| !crate::ingest::validate::is_empty_mark(v))
                .unwrap_or("")
        };
        for req in ["entry_id", "list", "full_name"] {
            if get(req).is_empty() {
                bail!("{file}: row {row}: field {req}: empty");
            }
        }
        let mut birth_dates = Vec::new();
        for d in split(get("birth_date")) {
            match PartialDate::parse_iso(&d) {
                Ok(p) => birth_dates.push(p),
                Err(e) => bail!("{file}: row {row}: field birth_date: {e}"),
            }
        }
        let key = (get("list").to_string(), get("entry_id").to_string());
        if !seen.insert(key) {
            bail!(
                "{file}: row {row}: field entry_id: '{}' repeats within list {}",
                get("entry_id"),
                get("list")
            );
        }
        out.push(WatchlistEntry {
            entry_id: get("entry_id").into(),
            list: get("list").into(),
            full_name: get("full_name").into(),
            aliases: split(get("aliases")),
            birth_dates,
            nationalities: split(get("nationality"))
                .iter()
                .map(|n| super::country_code(n))
                .collect(),
            document_numbers: split(get("document_number"))
                .iter()
                .map(|d| super::super::evidence::doc_key(d))
                .collect(),
            sex: crate::model::Sex::parse(get("sex")),
            category: category(get("category")),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_rejects() {
        let ok = "entry_id,list,full_name,aliases,birth_date,nationality,document_number,category\n\
                  T1,POLRI-DPO,Ahmad bin Ismail,Achmad Ismail;A. Ismail,1980-03,IDN,B 123-45,trafficking-suspect\n";
        let es = parse("l.csv", ok.as_bytes()).unwrap();
        assert_eq!(es[0].aliases.len(), 2);
        assert_eq!(es[0].document_numbers, vec!["B12345"]);
        // A header in capitals, after a byte-order mark.
        let upper = "\u{FEFF}ENTRY_ID,LIST,FULL_NAME\nT1,POLRI-DPO,Siti Aminah\n";
        assert_eq!(parse("l.csv", upper.as_bytes()).unwrap()[0].entry_id, "T1");
        let bad = "entry_id,list,full_name\n,POLRI,Ahmad\n";
        let e = parse("l.csv", bad.as_bytes()).unwrap_err().to_string();
        assert_eq!(e, "l.csv: row 1: field entry_id: empty");
        let bad = "entry_id,list,full_name,birth_date\nT1,P,Ahmad,1980-13\n";
        assert!(parse("l.csv", bad.as_bytes())
            .unwrap_err()
            .to_string()
            .starts_with("l.csv: row 1: field birth_date:"));
        assert!(parse("l.csv", b"id,name\n").is_err());
    }

    #[test]
    fn cells_that_say_no_value_are_empty() {
        let text =
            "entry_id,list,full_name,aliases,birth_date,nationality,document_number,category\n\
                    X1,L,Budi Hartono,N/A,NULL,-,#N/A,travel-ban\n\
                    X2,L,Siti Aminah,,1980;N/A,IDN,,travel-ban\n";
        let es = parse("l.csv", text.as_bytes()).unwrap();
        assert!(es[0].aliases.is_empty() && es[0].birth_dates.is_empty());
        assert!(es[0].nationalities.is_empty() && es[0].document_numbers.is_empty());
        assert_eq!(es[1].birth_dates.len(), 1);
        // A required field so marked is empty.
        let e = parse("l.csv", b"entry_id,list,full_name\nX1,L,NULL\n").unwrap_err();
        assert_eq!(e.to_string(), "l.csv: row 1: field full_name: empty");
    }

    #[test]
    fn categories_are_read_as_the_rules_name_them() {
        for written in [
            "trafficking-suspect",
            "TRAFFICKING-SUSPECT",
            "Trafficking Suspect",
            " trafficking_suspect ",
        ] {
            assert_eq!(category(written), "trafficking-suspect", "{written}");
        }
        assert_eq!(category("Missing-Person"), "missing-person");
        assert_eq!(category(""), "");
    }

    #[test]
    fn a_spreadsheet_s_semicolon_export_is_read() {
        let semi = "\u{FEFF}entry_id;list;full_name;aliases;nationality\n\
                    T1;POLRI-DPO;Ahmad bin Ismail;\"Achmad Ismail;A. Ismail\";Indonesia\n";
        let es = parse("l.csv", semi.as_bytes()).unwrap();
        assert_eq!(es[0].full_name, "Ahmad bin Ismail");
        assert_eq!(es[0].aliases, ["Achmad Ismail", "A. Ismail"]);
        assert_eq!(es[0].nationalities, ["IDN"]);
    }
}
