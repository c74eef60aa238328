//! Ingest: manifest files (CSV, Parquet, NDJSON) in, validated travellers
//! and rejected rows out.
//!
//! Every row read ends up either as a [`Traveller`] or as a [`Reject`] that
//! names the file, row, field and reason: `read = accepted + rejected`
//! always holds, and nothing is dropped silently.

pub mod columns;
pub mod json;
pub mod reject;
pub mod table;
pub mod validate;

pub use columns::ColumnMap;
pub use reject::{write_rejects, Reject};
pub use table::InputFormat;
pub use validate::{validate, FieldError, Fields, ValidateOptions};

use crate::model::{RawRecord, Traveller};
use anyhow::{bail, Context, Result};
use columns::MappedRow;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use table::Table;

/// `bytes` without a leading UTF-8 byte-order mark, which Windows tools
/// write before a file or a body and which is no part of its first field,
/// line or value.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// How to read manifests.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// Forces a format instead of guessing from the extension.
    pub format: Option<InputFormat>,
    /// Column mapping for non-canonical layouts.
    pub columns: ColumnMap,
    /// Validation settings.
    pub validate: ValidateOptions,
}

/// The result of reading manifests.
#[derive(Debug, Default)]
pub struct Ingested {
    /// Valid records, in file then row order.
    pub travellers: Vec<Traveller>,
    /// Where each valid record came from (aligned with `travellers`).
    pub origins: Vec<Origin>,
    /// Rejected rows, in file then row order.
    pub rejects: Vec<Reject>,
    /// Rows read (accepted + rejected).
    pub read: usize,
}

/// Where a record was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub source: std::sync::Arc<str>,
    /// Row (or line) number.
    pub row: u64,
}

/// Expands globs (`data/*.csv`) and checks that every path exists.
pub fn expand_paths(patterns: &[String]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in patterns {
        if p.contains(['*', '?', '[']) {
            let mut found = 0;
            for entry in glob::glob(p).with_context(|| format!("bad glob pattern '{p}'"))? {
                out.push(entry.with_context(|| format!("cannot read a path matched by '{p}'"))?);
                found += 1;
            }
            if found == 0 {
                bail!("no file matches '{p}'");
            }
        } else {
            let path = PathBuf::from(p);
            if !path.exists() {
                bail!("{p}: no such file");
            }
            out.push(path);
        }
    }
    Ok(out)
}

/// Reads and validates manifest files. Duplicate `record_id`s (within or
/// across files) are rejected after the first. A file that cannot be read
/// at all, or lacks a required column, is an error.
pub fn read_manifests(paths: &[PathBuf], opts: &IngestOptions) -> Result<Ingested> {
    let mut out = Ingested::default();
    for path in paths {
        let one = read_one(path, opts)?;
        out.read += one.read;
        out.travellers.extend(one.travellers);
        out.origins.extend(one.origins);
        out.rejects.extend(one.rejects);
    }
    reject_duplicates(&mut out);
    Ok(out)
}

/// The first dozen column names, each cut to 40 characters, for an error
/// that says what the header holds instead.
fn shown_headers(headers: &[String]) -> String {
    let mut shown: Vec<String> = headers
        .iter()
        .take(12)
        .map(|h| {
            let cut: String = h.chars().take(40).collect();
            if cut.len() < h.len() {
                format!("'{cut}…'")
            } else {
                format!("'{cut}'")
            }
        })
        .collect();
    if headers.len() > 12 {
        shown.push(format!("and {} more", headers.len() - 12));
    }
    if shown.is_empty() {
        "no columns".into()
    } else {
        shown.join(", ")
    }
}

fn read_one(path: &Path, opts: &IngestOptions) -> Result<Ingested> {
    let format = match opts.format.or_else(|| InputFormat::from_path(path)) {
        Some(f) => f,
        None => bail!(
            "{}: cannot tell the format from the extension; use --input-format csv|parquet|ndjson",
            path.display()
        ),
    };
    let table = Table::read(path, format)?;
    let sources = opts.columns.resolve(&table.headers);
    let used = opts.columns.used_columns(&table.headers);
    // NDJSON records may legitimately omit empty fields; a file layout must
    // still carry every required column somewhere.
    if format != InputFormat::Ndjson || table.height() == 0 {
        for req in validate::REQUIRED {
            if !sources.iter().any(|(f, _)| f == req) {
                bail!(
                    "{}: missing required column '{}'{} (the header has: {})",
                    path.display(),
                    opts.columns.source_name(req),
                    if opts.columns.source_name(req) != *req {
                        format!(" (for {req})")
                    } else {
                        String::new()
                    },
                    shown_headers(&table.headers)
                );
            }
        }
    }
    let source = path.display().to_string();
    let shared: std::sync::Arc<str> = std::sync::Arc::from(source.as_str());
    let results: Vec<Result<(Traveller, u64), Box<Reject>>> = (0..table.height())
        .into_par_iter()
        .map(|i| {
            let row = table.row_number(i);
            let cells = match table.row(i) {
                Ok(c) => c,
                Err(bad) => {
                    return Err(Box::new(Reject::new(
                        &source,
                        row,
                        None,
                        &[FieldError {
                            field: "row".into(),
                            reason: bad.reason.clone(),
                        }],
                        bad.raw.clone(),
                    )))
                }
            };
            let mapped = MappedRow {
                cells,
                sources: &sources,
                headers: &table.headers,
                used: &used,
            };
            validate(&mapped, &opts.validate)
                .map(|t| (t, row))
                .map_err(|errs| {
                    let raw = raw_json(&mapped);
                    Box::new(Reject::new(
                        &source,
                        row,
                        mapped.field("record_id").as_deref(),
                        &errs,
                        raw,
                    ))
                })
        })
        .collect();
    let mut out = Ingested {
        read: results.len(),
        ..Default::default()
    };
    for r in results {
        match r {
            Ok((t, row)) => {
                out.travellers.push(t);
                out.origins.push(Origin {
                    source: shared.clone(),
                    row,
                });
            }
            Err(r) => out.rejects.push(*r),
        }
    }
    Ok(out)
}

/// The row as a JSON object of canonical fields plus extras (for rejects).
fn raw_json(row: &dyn Fields) -> String {
    let mut m = serde_json::Map::new();
    for f in validate::CANONICAL {
        if let Some(v) = row.field(f) {
            m.insert(f.to_string(), serde_json::Value::String(v.into_owned()));
        }
    }
    for (k, v) in row.extra() {
        m.insert(k, serde_json::Value::String(v));
    }
    serde_json::Value::Object(m).to_string()
}

fn reject_duplicates(out: &mut Ingested) {
    // The first occurrence in read order wins; later ones are rejected with
    // a pointer to it.
    let mut seen: HashMap<String, Origin> = HashMap::with_capacity(out.travellers.len());
    let travellers = std::mem::take(&mut out.travellers);
    let origins = std::mem::take(&mut out.origins);
    for (t, o) in travellers.into_iter().zip(origins) {
        if let Some(first) = seen.get(&t.record_id) {
            let err = FieldError {
                field: "record_id".into(),
                reason: format!(
                    "duplicate record_id, first seen at {} row {}",
                    first.source, first.row
                ),
            };
            let raw = serde_json::to_string(&t).unwrap_or_default();
            out.rejects.push(Reject::new(
                &o.source,
                o.row,
                Some(&t.record_id),
                &[err],
                raw,
            ));
        } else {
            seen.insert(t.record_id.clone(), o.clone());
            out.travellers.push(t);
            out.origins.push(o);
        }
    }
}

/// Validates one record that arrived as JSON (stream line or HTTP body).
pub fn validate_json(
    value: &serde_json::Value,
    source: &str,
    row: u64,
    opts: &ValidateOptions,
) -> Result<Traveller, Box<Reject>> {
    let reject = |errs: &[FieldError], id: Option<&str>| {
        Box::new(Reject::new(source, row, id, errs, value.to_string()))
    };
    let id = value.get("record_id").and_then(|v| v.as_str());
    let raw = record_from_json(value, source, row).map_err(|errs| reject(&errs, id))?;
    validate(&raw, opts).map_err(|errs| reject(&errs, raw.get("record_id")))
}

/// Turns one JSON record (stream line or HTTP body) into a raw record:
/// strings as they are, numbers and booleans as text, `null` as absent.
/// Arrays and objects are errors naming the field.
pub fn record_from_json(
    value: &serde_json::Value,
    source: &str,
    row: u64,
) -> Result<RawRecord, Vec<FieldError>> {
    let Some(obj) = value.as_object() else {
        return Err(vec![FieldError {
            field: "$".into(),
            reason: format!("expected a JSON object, found {}", json::kind(value)),
        }]);
    };
    let mut fields = Vec::with_capacity(obj.len());
    let mut errs = Vec::new();
    for (k, v) in obj {
        match json::cell_text(k, v.clone()) {
            Ok(Some(text)) => fields.push((k.clone(), text)),
            Ok(None) => {}
            Err(reason) => errs.push(FieldError {
                field: k.clone(),
                reason,
            }),
        }
    }
    if errs.is_empty() {
        Ok(RawRecord {
            source: source.to_string(),
            row,
            fields,
        })
    } else {
        Err(errs)
    }
}
