//! Reading one manifest file into a table of text cells.
//!
//! Every cell is read as text, so nothing is guessed and partial dates stay
//! partial. Parquet goes through polars (columns cast to text). CSV is read
//! with the csv crate, record by record, so that a row whose field count
//! differs from the header's (a row cut short, a comma inside an unquoted
//! name) is one rejected row, not a failed file or a row silently padded
//! with empty fields; cells are kept per column in one buffer each. NDJSON
//! is read line by line so one broken line is one rejected row.

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
            "csv" | "tsv" | "txt" => Some(InputFormat::Csv),
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
    /// Parquet.
    Frame {
        columns: Vec<StringChunked>,
        height: usize,
    },
    /// CSV: per column its cells; the rows that could not be read, by
    /// place (ascending).
    Text {
        columns: Vec<TextColumn>,
        height: usize,
        unreadable: Vec<(usize, Unreadable)>,
    },
    /// NDJSON: (line number, cells or why the line is unreadable).
    Rows(Vec<(u64, LineCells)>),
}

/// Why a row could not be read, and the row as written (for the rejects
/// file: nothing read is lost).
#[derive(Clone, Debug)]
pub struct Unreadable {
    /// The reason, without the row's values (it reaches logs).
    pub reason: String,
    /// The row's text.
    pub raw: String,
}

/// One NDJSON line's cells, or why the line could not be read.
type LineCells = Result<Vec<Option<String>>, Unreadable>;

/// One CSV column's cells, end to end in one string: a million rows cost
/// two allocations, not a million. An empty cell reads as missing.
#[derive(Default)]
struct TextColumn {
    text: String,
    ends: Vec<usize>,
}

impl TextColumn {
    fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    fn get(&self, i: usize) -> Option<&str> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        let cell = &self.text[start..*self.ends.get(i)?];
        (!cell.is_empty()).then_some(cell)
    }
}

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
            Body::Frame { height, .. } | Body::Text { height, .. } => *height,
            Body::Rows(r) => r.len(),
        }
    }

    /// The number reported for row `i`: the data-row number for CSV and
    /// Parquet (header excluded, quoted newlines inside a row do not count),
    /// the line number for NDJSON.
    pub fn row_number(&self, i: usize) -> u64 {
        match &self.body {
            Body::Frame { .. } | Body::Text { .. } => i as u64 + 1,
            Body::Rows(rows) => rows[i].0,
        }
    }

    /// The cells of row `i`, or why the row could not be read at all.
    pub fn row(&self, i: usize) -> Result<RowCells<'_>, &Unreadable> {
        match &self.body {
            Body::Frame { .. } => Ok(RowCells::Frame(self, i)),
            Body::Text { unreadable, .. } => {
                match unreadable.binary_search_by_key(&i, |(at, _)| *at) {
                    Ok(k) => Err(&unreadable[k].1),
                    Err(_) => Ok(RowCells::Frame(self, i)),
                }
            }
            Body::Rows(rows) => match &rows[i].1 {
                Ok(cells) => Ok(RowCells::Owned(cells)),
                Err(e) => Err(e),
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
                Body::Text { columns, .. } => columns.get(col)?.get(*i),
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
        if let DataType::Datetime(unit, Some(zone)) = c.dtype() {
            columns.push(instants_as_text(c, *unit, zone.as_str(), path)?);
            continue;
        }
        // Bytes that are not UTF-8 (a Latin-1 name) are read with U+FFFD
        // in their place, as in CSV, and validation rejects that row only:
        // polars' cast would fail the file.
        if c.dtype() == &DataType::Binary {
            let bytes = c
                .binary()
                .map_err(|e| anyhow::anyhow!("{}: column {}: {e}", path.display(), c.name()))?;
            let text = bytes.iter().map(|b| b.map(String::from_utf8_lossy));
            columns.push(StringChunked::from_iter_options(c.name().clone(), text));
            continue;
        }
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

/// A time-zone-aware timestamp column as RFC 3339 text at the column's
/// own offset (`Asia/Jakarta` gives `+07:00`, so the local day of a
/// crossing is the one written): polars will not cast such a column to
/// text. A zone chrono-tz does not know, nor a `+07:00` offset, reads in
/// UTC. (A naive timestamp casts as written, and validation asks for its
/// offset.)
fn instants_as_text(c: &Column, unit: TimeUnit, zone: &str, path: &Path) -> Result<StringChunked> {
    use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
    let ticks = c
        .cast(&DataType::Int64)
        .and_then(|c| c.i64().cloned())
        .map_err(|e| anyhow::anyhow!("{}: column {}: {e}", path.display(), c.name()))?;
    let named = zone.parse::<chrono_tz::Tz>().ok();
    let fixed = zone
        .parse::<FixedOffset>()
        .ok()
        .or_else(|| named.is_none().then(|| FixedOffset::east_opt(0)).flatten());
    let text = ticks.iter().map(|t| {
        let t = t?;
        let at: DateTime<Utc> = match unit {
            TimeUnit::Nanoseconds => Some(DateTime::from_timestamp_nanos(t)),
            TimeUnit::Microseconds => DateTime::from_timestamp_micros(t),
            TimeUnit::Milliseconds => DateTime::from_timestamp_millis(t),
        }?;
        Some(match (named, fixed) {
            (Some(tz), _) => at
                .with_timezone(&tz)
                .to_rfc3339_opts(SecondsFormat::AutoSi, false),
            (None, Some(off)) => at
                .with_timezone(&off)
                .to_rfc3339_opts(SecondsFormat::AutoSi, false),
            (None, None) => at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        })
    });
    Ok(StringChunked::from_iter_options(c.name().clone(), text))
}

fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    // What a spreadsheet saves under a CSV name when asked for something
    // else: read as text, its header would be noise.
    if bytes.starts_with(b"PK\x03\x04") {
        bail!(
            "{}: a zip archive (an .xlsx workbook?), not CSV: save the sheet as CSV",
            path.display()
        );
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        bail!(
            "{}: UTF-16 text (Excel's \"Unicode Text\"), not UTF-8: save it as \
             \"CSV UTF-8\"",
            path.display()
        );
    }
    read_csv_bytes(path, &bytes)
}

/// The field separator of a CSV file, told by its header line: a comma,
/// unless the header has none and has semicolons or tabs (the more of the
/// two). Spreadsheets in locales that write a decimal comma, Indonesia's
/// among them, export "CSV" separated by semicolons; a header names its
/// columns without commas, so a comma-free header with semicolons is
/// such a file. The header line (the first that is not empty) is read
/// outside quotes. The canonical watchlist and the registry are told the
/// same way.
pub fn delimiter(bytes: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut tabs, mut quoted) = (0, 0, 0, false);
    let start = bytes.iter().position(|&b| b != b'\n' && b != b'\r');
    for &b in &bytes[start.unwrap_or(bytes.len())..] {
        match b {
            b'\n' | b'\r' if !quoted => break,
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    match (commas, semicolons, tabs) {
        (0, s, t) if s > 0 && s >= t => b';',
        (0, _, t) if t > 0 => b'\t',
        _ => b',',
    }
}

/// Whether a quoted field of `record` ran on over lines of a file `width`
/// columns wide: the mark of a quote opened and never closed, which makes
/// the reader take every line up to the next quote, often the rest of the
/// file, into one field. It is so when the field holds a line as long as
/// a row (as many separators as a row has, or more), or when the record,
/// its lines taken together, has not the header's width (the next quote
/// closed the field inside a later row). The number of lines the field
/// took, if so. A quoted value that holds a line break (an address on two
/// lines) in a row of the right width is a value.
fn runaway(record: &csv::ByteRecord, delim: u8, width: usize) -> Option<usize> {
    if width < 3 {
        return None;
    }
    let lines: Vec<&[u8]> = record
        .iter()
        .filter(|f| f.contains(&b'\n'))
        .flat_map(|f| f.split(|&b| b == b'\n').skip(1))
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .collect();
    let row_long = |line: &&[u8]| line.iter().filter(|&&b| b == delim).count() + 1 >= width;
    let ran_on = !lines.is_empty() && (record.len() != width || lines.iter().any(row_long));
    ran_on.then_some(lines.len())
}

/// Excel's separator line (`sep=;`, `sep=,`, `sep=\t` as the first line):
/// the separator and the bytes after that line.
fn excel_separator(bytes: &[u8]) -> Option<(u8, &[u8])> {
    let rest = bytes.strip_prefix(b"sep=")?;
    let (&d, after) = rest.split_first()?;
    let after = after.strip_prefix(b"\r").unwrap_or(after);
    let after = after.strip_prefix(b"\n")?;
    (d != b'\n' && d != b'"').then_some((d, after))
}

/// [`read_csv`] of a file's bytes. Invalid UTF-8 is read with U+FFFD in
/// its place, which validation rejects with the row.
fn read_csv_bytes(path: &Path, bytes: &[u8]) -> Result<Table> {
    let bytes = super::without_bom(bytes);
    // Excel's `sep=;` first line names the separator and is no header.
    let (delim, bytes) = match excel_separator(bytes) {
        Some((d, rest)) => (d, rest),
        None => (delimiter(bytes), bytes),
    };
    fn reader(has_headers: bool, delim: u8, from: &[u8]) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .has_headers(has_headers)
            .flexible(true)
            .delimiter(delim)
            .from_reader(from)
    }
    let mut rdr = reader(true, delim, bytes);
    // Where `rdr` began in `bytes` (past a quote that never closed).
    let mut base = 0;
    let header = rdr
        .byte_headers()
        .map_err(|e| anyhow::anyhow!("{}: header: not readable CSV: {e}", path.display()))?;
    let headers: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    // Unnamed columns (a spreadsheet's trailing commas) name nothing a
    // field could be read from, so they may repeat.
    for (i, h) in headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.trim().is_empty())
    {
        if let Some(j) = headers[..i].iter().position(|x| x == h) {
            bail!(
                "{}: header: column '{h}' appears twice (columns {} and {}): \
                 which one holds the data cannot be told",
                path.display(),
                j + 1,
                i + 1
            );
        }
    }
    let width = headers.len();
    let mut columns: Vec<TextColumn> = (0..width).map(|_| TextColumn::default()).collect();
    let mut unreadable = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut height = 0;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            // The csv crate's only reading errors are I/O (none from a
            // slice) and UTF-8 (not asked for): stop with the row.
            Err(e) => bail!(
                "{}: row {}: not readable CSV: {e}",
                path.display(),
                height + 1
            ),
        }
        // A line of spaces is as blank as an empty one, and so is a line
        // of separators alone (`;;;;`, a spreadsheet's empty rows): not a
        // row.
        if width > 1 && record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        // The row as written: its bytes, from where the reader began it
        // (blank lines before it included) to where it stopped.
        let start = base + record.position().map_or(0, |p| p.byte() as usize);
        let end = (base + rdr.position().byte() as usize).min(bytes.len());
        if let Some(swallowed) = runaway(&record, delim, width) {
            // A quote opened and never closed on its line: the reader took
            // the lines after it, whole rows, into one field. The row is
            // its own line; reading goes on with the next.
            let line_end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| start + i + 1);
            let raw = String::from_utf8_lossy(&bytes[start..line_end])
                .trim_matches(['\r', '\n'])
                .to_string();
            unreadable.push((
                height,
                Unreadable {
                    reason: format!(
                        "a quote opened in this row is not closed on its line: the \
                         {swallowed} line{} after it were read into one field with it; \
                         this row is rejected and reading goes on with the next line",
                        if swallowed == 1 { "" } else { "s" }
                    ),
                    raw,
                },
            ));
            for c in &mut columns {
                c.push("");
            }
            height += 1;
            base = line_end;
            rdr = reader(false, delim, &bytes[line_end..]);
            continue;
        }
        if record.len() != width {
            let written = bytes.get(start..end).unwrap_or_default();
            let raw = String::from_utf8_lossy(written)
                .trim_matches(['\r', '\n'])
                .to_string();
            let more = if record.len() > width {
                match delim {
                    b';' => "a semicolon inside an unquoted value, or a row of another layout",
                    b'\t' => "a tab inside an unquoted value, or a row of another layout",
                    _ => "a comma inside an unquoted value, or a row of another layout",
                }
            } else {
                "a row cut short, or a row of another layout"
            };
            unreadable.push((
                height,
                Unreadable {
                    reason: format!(
                        "{} field{}, the header has {width} ({more})",
                        record.len(),
                        if record.len() == 1 { "" } else { "s" }
                    ),
                    raw,
                },
            ));
            for c in &mut columns {
                c.push("");
            }
        } else {
            for (c, f) in columns.iter_mut().zip(record.iter()) {
                c.push(&String::from_utf8_lossy(f));
            }
        }
        height += 1;
    }
    Ok(Table {
        headers,
        body: Body::Text {
            columns,
            height,
            unreadable,
        },
    })
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
    let bytes = super::without_bom(&bytes);
    // A pretty-printed array would be read a line at a time, each line a
    // reject: say what the file is instead.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        bail!(
            "{}: a JSON array, not NDJSON: lintas reads one JSON object per line \
             (`jq -c '.[]' FILE` writes an array that way)",
            path.display()
        );
    }
    let mut headers: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // Blank lines are not records (a trailing newline makes one).
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let cells = parse_json_line(line, &mut headers).map_err(|reason| Unreadable {
            reason,
            raw: String::from_utf8_lossy(line).into_owned(),
        });
        rows.push((n as u64 + 1, cells));
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
    std::str::from_utf8(line).map_err(|e| format!("not valid UTF-8 ({e})"))?;
    let obj = match super::json::from_slice(line) {
        Ok(serde_json::Value::Object(obj)) => obj,
        Ok(_) => return Err("not a JSON object".into()),
        Err(e) => return Err(format!("not a JSON object: {e}")),
    };
    let mut cells = vec![None; headers.len()];
    for (k, v) in obj {
        let text = super::json::cell_text(&k, v).map_err(|e| format!("field {k}: {e}"))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(body: &str) -> Result<Table> {
        read_csv_bytes(Path::new("m.csv"), body.as_bytes())
    }

    fn cells(t: &Table, i: usize) -> Vec<Option<String>> {
        let row = t.row(i).expect("a readable row");
        (0..t.headers.len())
            .map(|c| row.cell(c).map(String::from))
            .collect()
    }

    #[test]
    fn a_row_of_another_width_is_one_unreadable_row_kept_as_written() {
        let t = csv("id,name,dob\n1,SITI,1990\n2,DEWI LES\n3,ANI,\"1,2\",X\n4,,1991\n").unwrap();
        assert_eq!(t.height(), 4);
        assert_eq!(
            cells(&t, 0),
            [Some("1".into()), Some("SITI".into()), Some("1990".into())]
        );
        let short = t.row(1).err().expect("short row");
        assert_eq!(
            short.reason,
            "2 fields, the header has 3 (a row cut short, or a row of another layout)"
        );
        assert_eq!(short.raw, "2,DEWI LES");
        let long = t.row(2).err().expect("long row");
        assert!(
            long.reason
                .starts_with("4 fields, the header has 3 (a comma"),
            "{}",
            long.reason
        );
        assert!(!long.reason.contains("ANI"), "no values in the reason");
        assert_eq!(long.raw, "3,ANI,\"1,2\",X");
        // An empty cell reads as missing; the rows after a bad one are read.
        assert_eq!(cells(&t, 3), [Some("4".into()), None, Some("1991".into())]);
        assert_eq!(t.row_number(3), 4);
    }

    #[test]
    fn blank_lines_bom_quoted_newlines_and_bad_utf8() {
        let t = csv("\u{FEFF}id,name\n\n1,\"SITI\nAMINAH\"\n  \n2,ANI\n\n").unwrap();
        assert_eq!(t.headers, ["id", "name"]);
        assert_eq!(t.height(), 2, "blank lines are not rows");
        assert_eq!(cells(&t, 0)[1].as_deref(), Some("SITI\nAMINAH"));
        let t = read_csv_bytes(Path::new("m.csv"), b"id,name\n1,S\xE9TI\n").unwrap();
        assert_eq!(cells(&t, 0)[1].as_deref(), Some("S\u{FFFD}TI"));
    }

    #[test]
    fn timestamps_with_a_zone_read_at_their_own_offset() {
        // 2026-09-30T22:31:51Z, in microseconds.
        let t = 1_790_807_511_000_000i64;
        let column = |zone: &str| {
            Int64Chunked::new("crossing_time".into(), [Some(t), None])
                .into_datetime(
                    TimeUnit::Microseconds,
                    TimeZone::opt_try_new(Some(zone)).expect("a zone"),
                )
                .into_column()
        };
        for (zone, want) in [
            ("Asia/Jakarta", "2026-10-01T05:31:51+07:00"),
            ("+08:00", "2026-10-01T06:31:51+08:00"),
            ("UTC", "2026-09-30T22:31:51+00:00"),
        ] {
            let df = DataFrame::new(2, vec![column(zone)]).unwrap();
            let table = from_frame(df, Path::new("m.parquet")).unwrap();
            assert_eq!(cells(&table, 0), [Some(want.to_string())], "{zone}");
            assert_eq!(cells(&table, 1), [None], "{zone}");
        }
    }

    #[test]
    fn binary_cells_that_are_not_utf8_fail_their_row_not_the_file() {
        let names = BinaryChunked::from_iter_options(
            "full_name".into(),
            [Some(&b"SITI"[..]), Some(&b"S\xE9TI"[..]), None].into_iter(),
        );
        let df = DataFrame::new(3, vec![names.into_column()]).unwrap();
        let table = from_frame(df, Path::new("m.parquet")).unwrap();
        assert_eq!(cells(&table, 0), [Some("SITI".to_string())]);
        assert_eq!(cells(&table, 1), [Some("S\u{FFFD}TI".to_string())]);
        assert_eq!(cells(&table, 2), [None]);
    }

    #[test]
    fn a_json_array_is_not_read_as_ndjson() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.json");
        std::fs::write(
            &p,
            "[\n  {\"record_id\": \"R1\"},\n  {\"record_id\": \"R2\"}\n]\n",
        )
        .unwrap();
        let e = read_ndjson(&p).err().expect("an array").to_string();
        assert!(e.contains("m.json: a JSON array, not NDJSON"), "{e}");
        std::fs::write(&p, "{\"record_id\": \"R1\"}\n").unwrap();
        assert_eq!(read_ndjson(&p).unwrap().height(), 1);
        // A byte-order mark does not cost line 1 its record.
        std::fs::write(&p, "\u{FEFF}{\"record_id\": \"R1\"}\n").unwrap();
        let t = read_ndjson(&p).unwrap();
        assert_eq!(cells(&t, 0), [Some("R1".to_string())]);
    }

    #[test]
    fn an_ndjson_line_naming_a_key_twice_is_unreadable() {
        let mut headers = Vec::new();
        let e = parse_json_line(br#"{"full_name": "SITI", "full_name": ""}"#, &mut headers)
            .unwrap_err();
        assert!(e.contains("key \"full_name\" written twice"), "{e}");
        assert_eq!(
            parse_json_line(br#"[1]"#, &mut headers).unwrap_err(),
            "not a JSON object"
        );
        let cells = parse_json_line(br#"{"full_name": "SITI", "sex": null}"#, &mut headers);
        assert_eq!(cells.unwrap(), [Some("SITI".to_string()), None]);
        assert_eq!(headers, ["full_name", "sex"]);
    }

    #[test]
    fn a_header_that_cannot_be_read_is_an_error_naming_why() {
        // A spreadsheet's trailing commas: unnamed columns, read and ignored.
        let t = csv("id,name,,\n1,A,,\n").unwrap();
        assert_eq!(
            cells(&t, 0),
            [Some("1".into()), Some("A".into()), None, None]
        );
        let e = csv("id,name,id\n1,A,2\n")
            .err()
            .expect("duplicate")
            .to_string();
        assert!(
            e.contains("m.csv: header: column 'id' appears twice (columns 1 and 3)"),
            "{e}"
        );
    }

    #[test]
    fn a_quote_never_closed_costs_its_row_only() {
        // A phone number typed with an opening quote: the reader would take
        // the rest of the file into that field.
        let t = csv("id;name;phone\n1;SITI;08123\n2;DEWI;\"+62 812\n3;ANI;0813\n4;RINA;0814\n")
            .unwrap();
        assert_eq!(t.height(), 4);
        assert_eq!(cells(&t, 0)[1].as_deref(), Some("SITI"));
        let bad = t.row(1).err().expect("row 2 unreadable");
        assert!(
            bad.reason
                .contains("quote opened in this row is not closed"),
            "{}",
            bad.reason
        );
        assert!(
            bad.reason.contains("the 2 lines after it"),
            "{}",
            bad.reason
        );
        assert_eq!(bad.raw, "2;DEWI;\"+62 812");
        assert_eq!(cells(&t, 2)[1].as_deref(), Some("ANI"));
        assert_eq!(cells(&t, 3)[1].as_deref(), Some("RINA"));
        // In a comma file, closed by a quote further down: inside the
        // next row, which then reads as one row too wide.
        let t = csv("id,name,note,x\n1,S,\"+62\n2,DEWI,\"y, z\",q\n3,ANI,z,q\n").unwrap();
        assert!(t.row(0).is_err());
        assert_eq!(cells(&t, 1)[2].as_deref(), Some("y, z"));
        assert_eq!(t.height(), 3);
        let t = csv("id,name,note\n1,\"SITI,x\n2,DEWI,y\n3,ANI,\"z\"\n4,RINA,w\n").unwrap();
        assert!(t.row(0).is_err());
        assert_eq!(cells(&t, 1)[1].as_deref(), Some("DEWI"));
        assert_eq!(t.height(), 4, "rows 1 (rejected), 2, 3, 4");
        assert_eq!(cells(&t, 3)[1].as_deref(), Some("RINA"));
        // A quoted value on two lines (an address) is a value.
        let t = csv("id,name,address\n1,SITI,\"JL. MERDEKA 1\nJAKARTA\"\n2,DEWI,BOGOR\n").unwrap();
        assert_eq!(t.height(), 2);
        assert_eq!(cells(&t, 0)[2].as_deref(), Some("JL. MERDEKA 1\nJAKARTA"));
    }

    #[test]
    fn semicolon_and_tab_separated_files_are_read_by_their_header() {
        // A spreadsheet's export where the decimal separator is a comma.
        let t = csv("id;name;note\n1;\"SITI; AMINAH\";1,5\n2;DEWI\n").unwrap();
        assert_eq!(t.headers, ["id", "name", "note"]);
        assert_eq!(
            cells(&t, 0),
            [
                Some("1".into()),
                Some("SITI; AMINAH".into()),
                Some("1,5".into())
            ]
        );
        assert!(t.row(1).is_err(), "two fields of three");
        assert_eq!(
            InputFormat::from_path(Path::new("m.TSV")),
            Some(InputFormat::Csv)
        );
        let t = csv("id\tname\n1\tA, B\n").unwrap();
        assert_eq!(cells(&t, 0), [Some("1".into()), Some("A, B".into())]);
        // A header with commas is comma-separated, whatever its names hold.
        let t = csv("id,\"a;b\"\n1,2\n").unwrap();
        assert_eq!(t.headers, ["id", "a;b"]);
        assert_eq!(delimiter(b"only"), b',');
        assert_eq!(delimiter(b"\"a,b\";c\n"), b';');
        assert_eq!(delimiter(b"\r\n\nid;name\n"), b';');
        // A spreadsheet's empty rows are no rows.
        let t = csv("id;name\n1;A\n;\n ; \n2;B\n").unwrap();
        assert_eq!(t.height(), 2);
        assert_eq!(cells(&t, 1), [Some("2".into()), Some("B".into())]);
        // Excel's separator line.
        let t = csv("sep=;\r\nid;name\r\n1;SITI, A\r\n").unwrap();
        assert_eq!(t.headers, ["id", "name"]);
        assert_eq!(cells(&t, 0), [Some("1".into()), Some("SITI, A".into())]);
        assert_eq!(delimiter(b""), b',');
    }
}
