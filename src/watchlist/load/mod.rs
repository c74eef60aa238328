//! Reading list files: canonical CSV, OFAC SDN CSV (+ `alt.csv`), UN XML.

mod canonical;
mod country;
mod ofac;
mod un;

pub use country::country_code;

use crate::model::WatchlistEntry;
use anyhow::{Context, Result};
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
}

/// Detects the format from the name and first bytes.
pub fn detect(path: &Path, bytes: &[u8]) -> Format {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    let lower = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if lower == "xml" || head.trim_start().starts_with('<') {
        Format::UnXml
    } else if head.lines().next().is_some_and(|l| l.contains("entry_id")) {
        Format::Canonical
    } else {
        Format::OfacSdn
    }
}

/// Reads one list file in whatever supported format it is.
pub fn load_file(path: &Path) -> Result<Loaded> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("{}: cannot read watchlist", path.display()))?;
    let shown = path.display().to_string();
    match detect(path, &bytes) {
        Format::Canonical => Ok(Loaded {
            entries: canonical::parse(&shown, &bytes)?,
            bytes: vec![bytes],
        }),
        Format::UnXml => Ok(Loaded {
            entries: un::parse(&shown, &bytes)?,
            bytes: vec![bytes],
        }),
        Format::OfacSdn => {
            let alt_path = path.with_file_name("alt.csv");
            let alt = if alt_path.exists() {
                Some(
                    std::fs::read(&alt_path)
                        .with_context(|| format!("{}: cannot read", alt_path.display()))?,
                )
            } else {
                None
            };
            let entries = ofac::parse(
                &shown,
                &bytes,
                alt.as_deref().map(|a| (alt_path.display().to_string(), a)),
            )?;
            let mut all = vec![bytes];
            all.extend(alt);
            Ok(Loaded {
                entries,
                bytes: all,
            })
        }
    }
}
