//! Rejected rows: what broke the contract, where, and the row itself.

use serde::Serialize;
use std::path::Path;

/// One rejected row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reject {
    /// The file (or `stdin`, `http`).
    pub source: String,
    /// Data-row number (CSV/Parquet) or line number (NDJSON).
    pub row: u64,
    /// The record id, when the row had one.
    pub record_id: String,
    /// Fields at fault, `;`-joined.
    pub field: String,
    /// Reasons, `; `-joined, each prefixed by its field.
    pub reason: String,
    /// The row's canonical fields (and extras) as a JSON object.
    pub raw: String,
}

impl Reject {
    /// Builds a reject from field errors.
    pub fn new(
        source: &str,
        row: u64,
        record_id: Option<&str>,
        errors: &[super::FieldError],
        raw: String,
    ) -> Reject {
        Reject {
            source: source.to_string(),
            row,
            record_id: record_id.unwrap_or("").to_string(),
            field: errors
                .iter()
                .map(|e| e.field.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            reason: errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.reason))
                .collect::<Vec<_>>()
                .join("; "),
            raw,
        }
    }

    /// The reject whole, reasons with the values they quote: for an
    /// analyst who asked about this record (`rules explain`).
    pub fn describe(&self) -> String {
        format!("{}: row {}: {}", self.source, self.row, self.reason)
    }

    /// One line for logs: where, the record id and the fields at fault,
    /// never a value (reasons quote them: a birth date, a name), which
    /// stay in the rejects file.
    pub fn log_line(&self) -> String {
        let id = if self.record_id.is_empty() {
            String::new()
        } else {
            format!(" (record {})", self.record_id)
        };
        let what = if self.field == "row" {
            "not read into fields, rejected".to_string()
        } else {
            format!("{} rejected", self.field.replace(';', ", "))
        };
        format!("{}: row {}{id}: {what}", self.source, self.row)
    }
}

/// Writes rejects as CSV: `source,row,record_id,field,reason,raw`.
pub fn write_rejects(path: &Path, rejects: &[Reject]) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut w = csv::Writer::from_path(path)
        .with_context(|| format!("cannot write rejects {}", path.display()))?;
    if rejects.is_empty() {
        w.write_record(["source", "row", "record_id", "field", "reason", "raw"])?;
    }
    for r in rejects {
        w.serialize(r)?;
    }
    w.flush()?;
    Ok(())
}
