//! Flag writers. NDJSON carries the full flag; CSV and Parquet flatten it
//! to `record_id, score, level, review, rule_ids, match_entry_ids,
//! top_similarity, summary` plus echoed identity columns (Parquet adds the
//! reasons and matches as JSON text so nothing is lost).

use crate::model::{Flag, Traveller};
use anyhow::{Context, Result};
use polars::prelude::*;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Flattened, one row per flag.
    Csv,
    /// One JSON flag per line, as in DESIGN §2.4.
    Ndjson,
    /// Flattened columns plus reasons/matches as JSON text.
    Parquet,
}

impl OutputFormat {
    /// Picks the format from the file extension.
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(OutputFormat::Csv),
            "ndjson" | "jsonl" | "json" => Some(OutputFormat::Ndjson),
            "parquet" | "pq" => Some(OutputFormat::Parquet),
            _ => None,
        }
    }
}

/// The flattened CSV/Parquet header.
pub const FLAT_COLUMNS: &[&str] = &[
    "record_id",
    "score",
    "level",
    "review",
    "rule_ids",
    "match_entry_ids",
    "top_similarity",
    "summary",
    "direction",
    "crossing_time",
    "port",
    "full_name",
    "birth_date",
    "nationality",
    "document_number",
];

/// One flag flattened, in [`FLAT_COLUMNS`] order.
pub fn flatten(t: &Traveller, f: &Flag) -> Vec<String> {
    vec![
        f.record_id.clone(),
        f.score.to_string(),
        f.level.to_string(),
        f.review.to_string(),
        f.reasons
            .iter()
            .map(|r| r.rule.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        f.matches
            .iter()
            .map(|m| m.entry_id.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        f.matches
            .first()
            .map(|m| format!("{:.3}", m.similarity))
            .unwrap_or_default(),
        summary_text(f),
        t.direction.to_string(),
        t.crossing_time.to_rfc3339(),
        t.port.clone(),
        t.full_name.clone(),
        t.birth_date.map(|d| d.to_string()).unwrap_or_default(),
        t.nationality.clone().unwrap_or_default(),
        t.document_number.clone().unwrap_or_default(),
    ]
}

/// A one-line explanation: reasons with points, then the best match.
pub fn summary_text(f: &Flag) -> String {
    let mut parts: Vec<String> = f
        .reasons
        .iter()
        .map(|r| format!("{} (+{})", r.message, r.points))
        .collect();
    if let Some(m) = f.matches.first() {
        parts.push(format!(
            "matches {} {} {} ({:.2})",
            m.list, m.entry_id, m.category, m.similarity
        ));
    }
    parts.join("; ")
}

/// Writes flags; with `all = false` only flags with a score above zero.
/// Returns the number written.
pub fn write_flags(
    path: &Path,
    format: OutputFormat,
    rows: &[(Traveller, Flag)],
    all: bool,
) -> Result<usize> {
    let selected: Vec<&(Traveller, Flag)> =
        rows.iter().filter(|(_, f)| all || f.score > 0).collect();
    match format {
        OutputFormat::Ndjson => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut w = BufWriter::new(file);
            for (_, f) in &selected {
                serde_json::to_writer(&mut w, f)?;
                w.write_all(b"\n")?;
            }
            w.flush()?;
        }
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_path(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            w.write_record(FLAT_COLUMNS)?;
            for (t, f) in &selected {
                w.write_record(flatten(t, f))?;
            }
            w.flush()?;
        }
        OutputFormat::Parquet => write_parquet(path, &selected)?,
    }
    Ok(selected.len())
}

fn write_parquet(path: &Path, rows: &[&(Traveller, Flag)]) -> Result<()> {
    let flat: Vec<Vec<String>> = rows.iter().map(|(t, f)| flatten(t, f)).collect();
    let mut columns: Vec<Column> = Vec::new();
    for (i, name) in FLAT_COLUMNS.iter().enumerate() {
        let col = match *name {
            "score" => Column::new(
                (*name).into(),
                rows.iter().map(|(_, f)| f.score).collect::<Vec<i64>>(),
            ),
            "review" => Column::new(
                (*name).into(),
                rows.iter().map(|(_, f)| f.review).collect::<Vec<bool>>(),
            ),
            "top_similarity" => Column::new(
                (*name).into(),
                rows.iter()
                    .map(|(_, f)| f.matches.first().map(|m| m.similarity))
                    .collect::<Vec<Option<f64>>>(),
            ),
            _ => Column::new(
                (*name).into(),
                flat.iter().map(|r| r[i].as_str()).collect::<Vec<&str>>(),
            ),
        };
        columns.push(col);
    }
    let json =
        |f: &dyn Fn(&Flag) -> String| rows.iter().map(|(_, fl)| f(fl)).collect::<Vec<String>>();
    columns.push(Column::new(
        "reasons".into(),
        json(&|f| serde_json::to_string(&f.reasons).unwrap_or_default()),
    ));
    columns.push(Column::new(
        "matches".into(),
        json(&|f| serde_json::to_string(&f.matches).unwrap_or_default()),
    ));
    columns.push(Column::new(
        "rules_version".into(),
        json(&|f| f.rules_version.clone()),
    ));
    columns.push(Column::new(
        "watchlists_version".into(),
        json(&|f| f.watchlists_version.clone()),
    ));
    write_parquet_columns(path, columns)
}

/// Writes equal-length columns as one Parquet file (flags here, generated
/// manifests in `generate`).
pub fn write_parquet_columns(path: &Path, columns: Vec<Column>) -> Result<()> {
    let mut df = DataFrame::new_infer_height(columns)
        .map_err(|e| anyhow::anyhow!("building table for {}: {e}", path.display()))?;
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    ParquetWriter::new(file)
        .finish(&mut df)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(())
}
