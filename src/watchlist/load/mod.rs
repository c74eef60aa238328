//! Reading list files: canonical CSV, OFAC SDN CSV (+ `alt.csv`), UN XML,
//! the US Consolidated Screening List CSV; any of them gzipped.

mod canonical;
mod country;
mod csl;
mod ofac;
mod un;

pub use country::country_code;

use crate::model::WatchlistEntry;
use anyhow::{bail, Context, Result};
use std::borrow::Cow;
use std::path::Path;

/// One file read: its entries and the bytes that name its version.
pub struct Loaded {
    /// Entries in file order.
    pub entries: Vec<WatchlistEntry>,
    /// Bytes hashed into the list version (the file, plus `alt.csv` for OFAC).
    pub bytes: Vec<Vec<u8>>,
}

/// The formats lintas reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// DESIGN §2.2 CSV with a header.
    Canonical,
    /// OFAC `sdn.csv`, headerless.
    OfacSdn,
    /// UN Security Council consolidated XML.
    UnXml,
    /// US Consolidated Screening List CSV (trade.gov).
    UsCsl,
}

/// Detects the format from the name and first bytes: UN XML by its
/// extension or a leading `<`, the canonical CSV by `entry_id` in its
/// header (any case), the US CSL by its header's columns, OFAC `sdn.csv` by
/// its first row (twelve fields, an entity number first). `None` for anything else: reading an unknown file
/// as one of these would load it as an empty list and screen nobody.
pub fn detect(path: &Path, bytes: &[u8]) -> Option<Format> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let lower = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let first = head
        .trim_start_matches('\u{FEFF}')
        .lines()
        .next()
        .unwrap_or("");
    if lower == "xml" || head.trim_start().starts_with('<') {
        Some(Format::UnXml)
    } else if first.to_ascii_lowercase().contains("entry_id") {
        Some(Format::Canonical)
    } else if csl::is_header(first) {
        Some(Format::UsCsl)
    } else if ofac_row(bytes) {
        Some(Format::OfacSdn)
    } else {
        None
    }
}

/// Whether the first CSV record has OFAC's shape: at least twelve fields,
/// the first an entity number.
fn ofac_row(bytes: &[u8]) -> bool {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rec = csv::StringRecord::new();
    matches!(rdr.read_record(&mut rec), Ok(true))
        && rec.len() >= 12
        && rec[0].trim().parse::<u64>().is_ok()
}

/// Why a file is not a list lintas reads, for the error.
fn not_a_list(bytes: &[u8]) -> &'static str {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        "the file is empty"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "the file is a zip archive: unpack it first (gzip is read as it is)"
    } else {
        "not a list format lintas reads: the canonical CSV (a header with entry_id, list, \
         full_name), OFAC sdn.csv (twelve columns, no header, the entity number first), \
         the UN consolidated XML or the US Consolidated Screening List CSV"
    }
}

/// Reads one list file in whatever supported format it is. A file of no
/// known format, or one that yields no entry, is an error: a list that
/// loads empty screens nobody, and nothing else would say so.
pub fn load_file(path: &Path) -> Result<Loaded> {
    let raw = std::fs::read(path)
        .with_context(|| format!("{}: cannot read watchlist", path.display()))?;
    let shown = path.display().to_string();
    // Lists are published gzipped (the CSL's `consolidated.csv.gz`): read
    // through, the format told by the name inside (`.csv`, `.xml`). The
    // version still hashes the file as it is.
    let gzipped = raw.starts_with(&[0x1F, 0x8B]);
    let (bytes, named): (Cow<'_, [u8]>, Cow<'_, Path>) = if gzipped {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&raw[..]), &mut out)
            .with_context(|| format!("{shown}: not a readable gzip file"))?;
        (Cow::Owned(out), Cow::Owned(path.with_extension("")))
    } else {
        (Cow::Borrowed(&raw[..]), Cow::Borrowed(path))
    };
    let Some(format) = detect(&named, &bytes) else {
        bail!("{shown}: {}", not_a_list(&bytes));
    };
    let mut alt = None;
    let entries = match format {
        Format::Canonical => canonical::parse(&shown, &bytes)?,
        Format::UnXml => un::parse(&shown, &bytes)?,
        Format::UsCsl => csl::parse(&shown, &bytes)?,
        Format::OfacSdn => {
            let alt_path = path.with_file_name("alt.csv");
            if alt_path.exists() {
                alt = Some(
                    std::fs::read(&alt_path)
                        .with_context(|| format!("{}: cannot read", alt_path.display()))?,
                );
            }
            ofac::parse(
                &shown,
                &bytes,
                alt.as_deref().map(|a| (alt_path.display().to_string(), a)),
            )?
        }
    };
    drop(bytes); // it may borrow `raw`, which the version keeps
    let loaded = Loaded {
        entries,
        bytes: std::iter::once(raw).chain(alt).collect(),
    };
    if loaded.entries.is_empty() {
        let what = match format {
            Format::Canonical => "no rows after the header",
            Format::UnXml => "no INDIVIDUAL element (only individuals are read)",
            Format::OfacSdn => "no row of type individual (only individuals are read)",
            Format::UsCsl => "no row of type Individual (only individuals are read)",
        };
        bail!("{shown}: no entries: {what}");
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, body: &[u8]) -> Result<Loaded> {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join(name);
        std::fs::write(&p, body).expect("write list");
        load_file(&p)
    }

    fn error(name: &str, body: &[u8]) -> String {
        match load(name, body) {
            Ok(l) => panic!("{name} loaded {} entries", l.entries.len()),
            Err(e) => format!("{e:#}"),
        }
    }

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        let p = Path::new("list.csv");
        assert_eq!(
            detect(p, b"entry_id,list,full_name\n"),
            Some(Format::Canonical)
        );
        assert_eq!(
            detect(p, b"\xEF\xBB\xBFENTRY_ID,LIST,FULL_NAME\n"),
            Some(Format::Canonical)
        );
        assert_eq!(detect(p, b"  <CONSOLIDATED_LIST>"), Some(Format::UnXml));
        let sdn = b"36,\"AL-ALI, Ahmad\",individual,SDGT,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n";
        assert_eq!(detect(p, sdn), Some(Format::OfacSdn));
        let csl = b"_id,source,entity_number,type,programs,name,alt_names,ids\n";
        assert_eq!(detect(p, csl), Some(Format::UsCsl));
        // A list of another shape (the CSL's first columns alone).
        assert_eq!(
            detect(
                p,
                b"_id,source,entity_number,type,programs,name\n1,a,b,c,d,e\n"
            ),
            None
        );
    }

    #[test]
    fn an_unknown_empty_or_compressed_file_is_refused() {
        assert!(error("empty.csv", b"").contains("empty.csv: the file is empty"));
        assert!(error("l.csv.gz", &[0x1F, 0x8B, 8, 0]).contains("not a readable gzip file"));
        assert!(error("l.zip", b"PK\x03\x04rest").contains("zip archive"));
        let other = error(
            "other.csv",
            b"_id,source,name,type\n1,CSL,RIM ABBAS,Individual\n",
        );
        assert!(
            other.contains("other.csv: not a list format lintas reads"),
            "{other}"
        );
    }

    #[test]
    fn a_list_that_yields_no_entry_is_refused() {
        let e = error("h.csv", b"entry_id,list,full_name\n");
        assert!(
            e.contains("h.csv: no entries: no rows after the header"),
            "{e}"
        );
        let e = error(
            "sdn.csv",
            b"37,ACME,-0-,SDGT,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n",
        );
        assert!(e.contains("no row of type individual"), "{e}");
        let e = error(
            "un.xml",
            b"<CONSOLIDATED_LIST><INDIVIDUALS></INDIVIDUALS></CONSOLIDATED_LIST>",
        );
        assert!(e.contains("no INDIVIDUAL element"), "{e}");
        let ok = load("l.csv", b"entry_id,list,full_name\nE1,T,Siti Aminah\n").expect("loads");
        assert_eq!(ok.entries.len(), 1);
    }
}
