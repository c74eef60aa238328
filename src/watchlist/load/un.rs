//! UN Security Council consolidated list (XML): individuals only.

use crate::model::{PartialDate, Sex, WatchlistEntry};
use anyhow::{bail, Result};
use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Default)]
struct Draft {
    id: String,
    names: [String; 4],
    aliases: Vec<String>,
    dobs: Vec<PartialDate>,
    nats: Vec<String>,
    docs: Vec<String>,
    sex: Option<Sex>,
    from_year: Option<i32>,
    to_year: Option<i32>,
}

/// Parses the consolidated XML. Errors name the file, the individual's
/// position (row = its order in the file), the field and the reason.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Vec<WatchlistEntry>> {
    let mut rdr = Reader::from_reader(bytes);
    rdr.config_mut().trim_text(true);
    let mut path: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut cur: Option<Draft> = None;
    let mut n = 0usize;
    let mut buf = Vec::new();
    loop {
        let ev = match rdr.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => bail!(
                "{file}: row {}: field XML: {e} at byte {}",
                n + 1,
                rdr.buffer_position()
            ),
        };
        match ev {
            Event::Start(s) => {
                let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
                if name == "INDIVIDUAL" {
                    n += 1;
                    cur = Some(Draft::default());
                }
                path.push(name);
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                if let Some(d) = cur.as_mut() {
                    if name == "INDIVIDUAL_DATE_OF_BIRTH" {
                        if let (Some(a), Some(b)) = (d.from_year.take(), d.to_year.take()) {
                            if a <= b && b - a <= 10 {
                                d.dobs.extend((a..=b).map(|y| PartialDate {
                                    year: y,
                                    month: None,
                                    day: None,
                                }));
                            }
                        }
                    }
                }
                if name == "INDIVIDUAL" {
                    if let Some(d) = cur.take() {
                        let full: Vec<&str> = d
                            .names
                            .iter()
                            .map(|s| s.trim())
                            .filter(|s| !s.is_empty())
                            .collect();
                        if d.id.is_empty() {
                            bail!("{file}: row {n}: field REFERENCE_NUMBER: empty");
                        }
                        if full.is_empty() {
                            bail!("{file}: row {n}: field FIRST_NAME: empty");
                        }
                        out.push(WatchlistEntry {
                            entry_id: d.id,
                            list: "UN-SC".into(),
                            full_name: full.join(" "),
                            aliases: d.aliases,
                            birth_dates: d.dobs,
                            nationalities: d.nats,
                            document_numbers: d.docs,
                            sex: d.sex,
                            category: "sanctions".into(),
                        });
                    }
                }
            }
            Event::Text(t) => {
                let Some(d) = cur.as_mut() else { continue };
                let text = t.unescape().map(|c| c.into_owned()).unwrap_or_default();
                let text = text.trim();
                let last = path.last().map(String::as_str).unwrap_or("");
                let parent = path
                    .len()
                    .checked_sub(2)
                    .and_then(|i| path.get(i))
                    .map(String::as_str)
                    .unwrap_or("");
                match (parent, last) {
                    ("INDIVIDUAL", "REFERENCE_NUMBER") => d.id = text.to_string(),
                    ("INDIVIDUAL", "FIRST_NAME") => d.names[0] = text.to_string(),
                    ("INDIVIDUAL", "SECOND_NAME") => d.names[1] = text.to_string(),
                    ("INDIVIDUAL", "THIRD_NAME") => d.names[2] = text.to_string(),
                    ("INDIVIDUAL", "FOURTH_NAME") => d.names[3] = text.to_string(),
                    ("INDIVIDUAL", "GENDER") => d.sex = Sex::parse(text),
                    ("NATIONALITY", "VALUE") => d.nats.push(super::country_code(text)),
                    ("INDIVIDUAL_ALIAS", "ALIAS_NAME") if !text.is_empty() => {
                        d.aliases.push(text.to_string())
                    }
                    ("INDIVIDUAL_DATE_OF_BIRTH", "DATE") => {
                        let day = text.get(..10).unwrap_or(text);
                        match PartialDate::parse_iso(day) {
                            Ok(p) => d.dobs.push(p),
                            Err(e) => bail!("{file}: row {n}: field DATE: {e}"),
                        }
                    }
                    ("INDIVIDUAL_DATE_OF_BIRTH", "YEAR") => match text.parse::<i32>() {
                        Ok(y) => d.dobs.push(PartialDate {
                            year: y,
                            month: None,
                            day: None,
                        }),
                        Err(_) => bail!("{file}: row {n}: field YEAR: '{text}' is not a year"),
                    },
                    ("INDIVIDUAL_DATE_OF_BIRTH", "FROM_YEAR") => d.from_year = text.parse().ok(),
                    ("INDIVIDUAL_DATE_OF_BIRTH", "TO_YEAR") => d.to_year = text.parse().ok(),
                    ("INDIVIDUAL_DOCUMENT", "NUMBER") => {
                        let k = super::super::evidence::doc_key(text);
                        if !k.is_empty() {
                            d.docs.push(k);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => {
                // A file cut short (a download or copy that stopped) ends
                // inside an element; reading on would load part of the list.
                if let Some(open) = path.last() {
                    bail!(
                        "{file}: row {n}: field XML: the file ends inside <{open}> \
                         (truncated?): {} individuals read before the end",
                        out.len()
                    );
                }
                break;
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_an_individual() {
        let x = r#"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>ABU BAKAR</FIRST_NAME><SECOND_NAME>BA'ASYIR</SECOND_NAME>
<REFERENCE_NUMBER>QDi.217</REFERENCE_NUMBER><GENDER>Male</GENDER><NATIONALITY><VALUE>Indonesia</VALUE></NATIONALITY>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu Bakar Bashir</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1938-08-17</DATE></INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>A 123</NUMBER></INDIVIDUAL_DOCUMENT></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"#;
        let es = super::parse("un.xml", x.as_bytes()).unwrap();
        assert_eq!(es.len(), 1);
        assert_eq!(es[0].full_name, "ABU BAKAR BA'ASYIR");
        assert_eq!(es[0].aliases, vec!["Abu Bakar Bashir"]);
        assert_eq!(es[0].nationalities, vec!["IDN"]);
        assert_eq!(es[0].document_numbers, vec!["A123"]);
        assert_eq!(es[0].birth_dates[0].to_string(), "1938-08-17");
        assert!(super::parse("bad.xml", b"<A><B></A>").is_err());
        // Cut short after the first individual: an error, not one entry.
        let cut = &x[..x.find("</INDIVIDUALS>").expect("closing tag")];
        let e = super::parse("un.xml", cut.as_bytes()).expect_err("truncated");
        assert!(
            e.to_string()
                .contains("un.xml: row 1: field XML: the file ends inside <INDIVIDUALS>"),
            "{e}"
        );
    }
}
