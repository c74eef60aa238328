//! Reading one manifest file into a table of text cells.
//!
//! CSV and Parquet go through polars (all columns read or cast as text, so
//! nothing is guessed and partial dates stay partial); NDJSON is read line by
//! line so one broken line is one rejected row, not a failed file.

use super::columns::Cells;
use anyhow::{bail, Context, Result};
use polars::prelude::*;
use std::path::Path;

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Comma-separated with a header row.
    Csv,
    /// Apache Parquet.
    Parquet,
    /// One JSON object per line.
    Ndjson,
}

impl InputFormat {
    /// Picks the format from the file extension.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Some(InputFormat::Csv),
            "parquet" | "pq" => Some(InputFormat::Parquet),
            "ndjson" | "jsonl" | "json" => Some(InputFormat::Ndjson),
            _ => None,
        }
    }
}

/// A file's rows as text cells.
pub struct Table {
    /// Column names in file order.
    pub headers: Vec<String>,
    body: Body,
}

enum Body {
    Frame {
        columns: Vec<StringChunked>,
        height: usize,
    },
    /// NDJSON: (line number, cells or why the line is unreadable).
    Rows(Vec<(u64, LineCells)>),
}

/// One NDJSON line's cells, or why the line could not be read.
type LineCells = Result<Vec<Option<String>>, String>;

impl Table {
    /// Reads a file in the given format.
    pub fn read(path: &Path, format: InputFormat) -> Result<Table> {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot open {}", path.display()))?;
        if meta.is_dir() {
            bail!("{} is a directory, not a manifest file", path.display());
        }
        if meta.len() == 0 {
            bail!("{}: empty file (no header row)", path.display());
        }
        match format {
            InputFormat::Csv => read_csv(path),
            InputFormat::Parquet => read_parquet(path),
            InputFormat::Ndjson => read_ndjson(path),
        }
    }

    /// Number of data rows.
    pub fn height(&self) -> usize {
        match &self.body {
            Body::Frame { height, .. } => *height,
            Body::Rows(r) => r.len(),
        }
    }

    /// The number reported for row `i`: the data-row number for CSV and
    /// Parquet (header excluded, quoted newlines inside a row do not count),
    /// the line number for NDJSON.
    pub fn row_number(&self, i: usize) -> u64 {
        match &self.body {
            Body::Frame { .. } => i as u64 + 1,
            Body::Rows(rows) => rows[i].0,
        }
    }

    /// The cells of row `i`, or why the row could not be read at all.
    pub fn row(&self, i: usize) -> Result<RowCells<'_>, String> {
        match &self.body {
            Body::Frame { .. } => Ok(RowCells::Frame(self, i)),
            Body::Rows(rows) => match &rows[i].1 {
                Ok(cells) => Ok(RowCells::Owned(cells)),
                Err(e) => Err(e.clone()),
            },
        }
    }
}

/// One row's cells.
pub enum RowCells<'a> {
    /// A row of a polars frame.
    Frame(&'a Table, usize),
    /// A parsed NDJSON line.
    Owned(&'a [Option<String>]),
}

impl Cells for RowCells<'_> {
    fn cell(&self, col: usize) -> Option<&str> {
        match self {
            RowCells::Frame(t, i) => match &t.body {
                Body::Frame { columns, .. } => columns.get(col)?.get(*i),
                Body::Rows(_) => None,
            },
            RowCells::Owned(cells) => cells.get(col)?.as_deref(),
        }
    }
}

fn from_frame(df: DataFrame, path: &Path) -> Result<Table> {
    let headers: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let height = df.height();
    let mut columns = Vec::with_capacity(headers.len());
    for c in df.columns() {
        let c = c.cast(&DataType::String).map_err(|e| {
            anyhow::anyhow!(
                "{}: column {} cannot be read as text: {e}",
                path.display(),
                c.name()
            )
        })?;
        let ca = c
            .str()
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            .rechunk()
            .into_owned();
        columns.push(ca);
    }
    Ok(Table {
        headers,
        body: Body::Frame { columns, height },
    })
}

fn read_csv(path: &Path) -> Result<Table> {
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .map_parse_options(|o| {
            o.with_encoding(CsvEncoding::LossyUtf8)
                .with_missing_is_null(true)
        })
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .and_then(|r| r.finish())
        .map_err(|e| anyhow::anyhow!("{}: not a readable CSV manifest: {e}", path.display()))?;
    from_frame(df, path)
}

fn read_parquet(path: &Path) -> Result<Table> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let df = ParquetReader::new(file)
        .finish()
        .map_err(|e| anyhow::anyhow!("{}: not a readable Parquet manifest: {e}", path.display()))?;
    from_frame(df, path)
}

fn read_ndjson(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut headers: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // Blank lines are not records (a trailing newline makes one).
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        rows.push((n as u64 + 1, parse_json_line(line, &mut headers)));
    }
    let width = headers.len();
    for (_, r) in rows.iter_mut() {
        if let Ok(cells) = r {
            cells.resize(width, None);
        }
    }
    Ok(Table {
        headers,
        body: Body::Rows(rows),
    })
}

/// Parses one NDJSON line into cells aligned with (and extending) `headers`.
pub fn parse_json_line(
    line: &[u8],
    headers: &mut Vec<String>,
) -> Result<Vec<Option<String>>, String> {
    let text = std::str::from_utf8(line).map_err(|e| format!("not valid UTF-8 ({e})"))?;
    let obj: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(text).map_err(|e| format!("not a JSON object: {e}"))?;
    let mut cells = vec![None; headers.len()];
    for (k, v) in obj {
        let text = match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            other => return Err(format!("field {k}: expected text, found {other}")),
        };
        let col = match headers.iter().position(|h| *h == k) {
            Some(c) => c,
            None => {
                headers.push(k);
                cells.push(None);
                headers.len() - 1
            }
        };
        cells[col] = text;
    }
    Ok(cells)
}
