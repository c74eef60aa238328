//! Column mapping: reading manifests whose layout is not the canonical one.
//!
//! A mapping file (`--columns map.toml`) says, per canonical field, where its
//! value comes from: a renamed column, several columns joined (family and
//! given names into `full_name`), or a constant (a file of departures with
//! no `direction` column). It also gives chrono patterns for dates written
//! another way (`%d/%m/%Y`).
//!
//! ```toml
//! [rename]
//! record_id = "pax_id"
//! [combine.full_name]
//! columns = ["family_name", "given_names"]
//! separator = "/"
//! [dates]
//! birth_date = "%d/%m/%Y"
//! [constants]
//! direction = "departure"
//! ```

use super::validate::{Fields, CANONICAL};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// Several source columns joined into one field.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Combine {
    /// Source columns, in order.
    pub columns: Vec<String>,
    /// Joiner; `/` makes `FAMILY/GIVEN`, which name matching understands.
    #[serde(default = "default_separator")]
    pub separator: String,
}

fn default_separator() -> String {
    " ".to_string()
}

/// A parsed mapping file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ColumnMap {
    /// Canonical field → source column.
    #[serde(default)]
    pub rename: HashMap<String, String>,
    /// Canonical field → joined source columns.
    #[serde(default)]
    pub combine: HashMap<String, Combine>,
    /// Canonical field → chrono pattern for its dates.
    #[serde(default)]
    pub dates: HashMap<String, String>,
    /// Canonical field → constant value for every row.
    #[serde(default)]
    pub constants: HashMap<String, String>,
}

impl ColumnMap {
    /// Reads and checks a mapping file.
    pub fn load(path: &Path) -> Result<ColumnMap> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read column map {}", path.display()))?;
        let map: ColumnMap = toml::from_str(&text)
            .with_context(|| format!("column map {}: invalid", path.display()))?;
        for field in map
            .rename
            .keys()
            .chain(map.combine.keys())
            .chain(map.dates.keys())
            .chain(map.constants.keys())
        {
            if !CANONICAL.contains(&field.as_str()) {
                bail!(
                    "column map {}: '{field}' is not a canonical manifest field",
                    path.display()
                );
            }
        }
        // A pattern chrono cannot read would reject every row with a
        // reason that never names it: say so once, here.
        for (field, pattern) in &map.dates {
            use chrono::format::{Item, StrftimeItems};
            if StrftimeItems::new(pattern).any(|i| matches!(i, Item::Error)) {
                bail!(
                    "column map {}: dates.{field}: '{pattern}' is not a date pattern \
                     chrono reads (e.g. \"%d/%m/%Y\")",
                    path.display()
                );
            }
        }
        Ok(map)
    }

    /// Where a canonical field comes from in a table with these headers.
    /// A column is found by its name as written, or else by its
    /// [`header_key`]: spreadsheets write `RECORD_ID`, `Record Id` or
    /// `full name `.
    pub fn resolve(&self, headers: &[String]) -> Vec<(String, Source)> {
        let col = |name: &str| {
            headers.iter().position(|h| h == name).or_else(|| {
                let key = header_key(name);
                headers.iter().position(|h| header_key(h) == key)
            })
        };
        CANONICAL
            .iter()
            .filter_map(|field| {
                let f = field.to_string();
                if let Some(c) = self.constants.get(*field) {
                    return Some((f, Source::Constant(c.clone())));
                }
                if let Some(c) = self.combine.get(*field) {
                    let cols: Vec<usize> = c.columns.iter().filter_map(|n| col(n)).collect();
                    if cols.len() == c.columns.len() {
                        return Some((f, Source::Combine(cols, c.separator.clone())));
                    }
                    return None;
                }
                let src = self.rename.get(*field).map(String::as_str).unwrap_or(field);
                col(src).map(|i| (f, Source::Column(i)))
            })
            .collect()
    }

    /// Source columns used by the mapping (the rest are carried through).
    pub fn used_columns(&self, headers: &[String]) -> Vec<bool> {
        let resolved = self.resolve(headers);
        let mut used = vec![false; headers.len()];
        for (_, s) in resolved {
            match s {
                Source::Column(i) => used[i] = true,
                Source::Combine(cols, _) => cols.into_iter().for_each(|i| used[i] = true),
                Source::Constant(_) => {}
            }
        }
        used
    }

    /// The source column a canonical field is expected in (for messages).
    pub fn source_name(&self, field: &str) -> String {
        if let Some(c) = self.combine.get(field) {
            return c.columns.join(" + ");
        }
        self.rename
            .get(field)
            .cloned()
            .unwrap_or_else(|| field.to_string())
    }
}

/// Where a field's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A column by position.
    Column(usize),
    /// Columns joined with a separator (empty parts skipped).
    Combine(Vec<usize>, String),
    /// The same text for every row.
    Constant(String),
}

/// Cell access by column position for one row.
pub trait Cells {
    /// The cell's text, `None` when null.
    fn cell(&self, col: usize) -> Option<&str>;
}

/// A column name's lookup form: lower case, words joined by `_`.
pub fn header_key(name: &str) -> String {
    words_joined(name, "_")
}

/// `s` in lower case, its words (split at spaces, hyphens and
/// underscores) joined by `joiner`: how a name a person typed (`Record
/// Id`, `TRAFFICKING_SUSPECT`) is compared with the one the contract
/// writes.
pub fn words_joined(s: &str, joiner: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(joiner)
}

/// One row seen through a resolved mapping.
pub struct MappedRow<'a, C: Cells> {
    /// The row.
    pub cells: C,
    /// Resolved sources per canonical field.
    pub sources: &'a [(String, Source)],
    /// Headers, for extra columns.
    pub headers: &'a [String],
    /// Which columns the mapping uses.
    pub used: &'a [bool],
}

impl<C: Cells> Fields for MappedRow<'_, C> {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        let (_, src) = self.sources.iter().find(|(f, _)| f == name)?;
        match src {
            Source::Column(i) => self.cells.cell(*i).map(Cow::Borrowed),
            Source::Constant(c) => Some(Cow::Borrowed(c.as_str())),
            Source::Combine(cols, sep) => {
                let parts: Vec<&str> = cols
                    .iter()
                    .filter_map(|i| self.cells.cell(*i))
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                if parts.is_empty() {
                    None
                } else {
                    Some(Cow::Owned(parts.join(sep)))
                }
            }
        }
    }

    fn extra(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used[*i])
            .filter_map(|(i, h)| self.cells.cell(i).map(|v| (h.clone(), v.to_string())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<ColumnMap> {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("map.toml");
        std::fs::write(&p, text).expect("write map");
        ColumnMap::load(&p)
    }

    #[test]
    fn columns_are_found_whatever_their_case_and_spacing() {
        let headers: Vec<String> = ["RECORD_ID", "Full Name ", "full-name", "Direction"]
            .map(String::from)
            .to_vec();
        let m = ColumnMap::default();
        let found = |f: &str| {
            m.resolve(&headers)
                .into_iter()
                .find(|(x, _)| x == f)
                .map(|(_, s)| s)
        };
        assert!(matches!(found("record_id"), Some(Source::Column(0))));
        // The first of two alike is taken.
        assert!(matches!(found("full_name"), Some(Source::Column(1))));
        assert!(matches!(found("direction"), Some(Source::Column(3))));
        assert!(found("port").is_none());
        // A name written exactly wins over one alike.
        let exact: Vec<String> = ["Full Name", "full_name"].map(String::from).to_vec();
        let s = m.resolve(&exact);
        assert!(matches!(
            s.iter().find(|(x, _)| x == "full_name"),
            Some((_, Source::Column(1)))
        ));
    }

    #[test]
    fn a_date_pattern_chrono_cannot_read_is_refused_at_load() {
        let e = load("[dates]\nbirth_date = \"%Q\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("dates.birth_date: '%Q' is not a date pattern"),
            "{e}"
        );
        let m = load("[dates]\nbirth_date = \"%d/%m/%Y\"\n").expect("a good pattern");
        assert_eq!(m.dates["birth_date"], "%d/%m/%Y");
        let e = load("[rename]\nnot_a_field = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("'not_a_field' is not a canonical manifest field"),
            "{e}"
        );
    }
}
