//! The feature vector: every fact a rule condition may read about one record.
//!
//! Features are built once per record and read by every rule. The schema is
//! the single list of field names, types and meanings: the rule compiler
//! checks conditions against it, `lintas rules explain` prints from it, and
//! docs/features.md is generated from it.
//!
//! The vector is assembled from sections, each owning a contiguous slice:
//! [`record`] (the record itself and reference tables), [`sponsor`] (the
//! recruiter registry), [`watchlist`] (the best match) and [`patterns`]
//! (booking groups, person history, shared contacts).

pub mod patterns;
pub mod record;
pub mod sponsor;
pub mod watchlist;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// A feature value. `Null` means "not known for this record"; a rule that
/// requires the field then reports "insufficient data" instead of a silent false.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    /// Unknown / missing.
    #[default]
    Null,
    /// A truth value.
    Bool(bool),
    /// Any number (counts, ages, days, similarities).
    Num(f64),
    /// Text.
    Str(Arc<str>),
}

impl Value {
    /// A text value.
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(Arc::from(s.as_ref()))
    }

    /// Text, or `Null` when absent.
    pub fn opt_str(s: Option<impl AsRef<str>>) -> Value {
        s.map(Value::str).unwrap_or(Value::Null)
    }

    /// A number, or `Null` when absent.
    pub fn opt_num(n: Option<f64>) -> Value {
        n.map(Value::Num).unwrap_or(Value::Null)
    }

    /// True for `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => write!(f, "{}", *n as i64),
            Value::Num(n) => write!(f, "{n:.2}"),
            Value::Str(s) => f.write_str(s),
        }
    }
}

/// The type of a feature, as rule conditions see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// true / false.
    Bool,
    /// int or double in CEL.
    Number,
    /// string in CEL.
    String,
}

impl FieldType {
    /// The name used in docs and error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Bool => "bool",
            FieldType::Number => "number",
            FieldType::String => "string",
        }
    }
}

/// One feature's name, type and meaning.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// Name as written in conditions, e.g. `age` or `group.size`.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// One line on what it means.
    pub doc: &'static str,
}

/// The ordered list of all features.
#[derive(Debug)]
pub struct Schema {
    fields: Vec<FieldSpec>,
    by_name: HashMap<&'static str, usize>,
    offsets: [usize; 5],
}

impl Schema {
    /// The standard schema: record, sponsor, watchlist and pattern sections.
    pub fn standard() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| {
            let sections: [&[FieldSpec]; 4] = [
                record::FIELDS,
                sponsor::FIELDS,
                watchlist::FIELDS,
                patterns::FIELDS,
            ];
            let mut fields = Vec::new();
            let mut offsets = [0usize; 5];
            for (i, s) in sections.iter().enumerate() {
                offsets[i] = fields.len();
                fields.extend_from_slice(s);
            }
            offsets[4] = fields.len();
            let by_name = fields
                .iter()
                .enumerate()
                .map(|(i, f)| (f.name, i))
                .collect();
            Schema {
                fields,
                by_name,
                offsets,
            }
        })
    }

    /// All fields in order.
    pub fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }

    /// The position of a field.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The spec of a field.
    pub fn get(&self, name: &str) -> Option<&FieldSpec> {
        self.index(name).map(|i| &self.fields[i])
    }

    /// The closest field names to a misspelt one, best first (for did-you-mean).
    pub fn suggest(&self, name: &str) -> Vec<&'static str> {
        let mut scored: Vec<(f64, &'static str)> = self
            .fields
            .iter()
            .map(|f| (strsim::jaro_winkler(name, f.name), f.name))
            .filter(|(s, _)| *s >= 0.75)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(3).map(|(_, n)| n).collect()
    }
}

/// Everything the sections read to build one record's features.
pub struct FeatureInputs<'a> {
    /// The record.
    pub traveller: &'a crate::model::Traveller,
    /// Its watchlist matches, best first.
    pub matches: &'a [crate::model::Match],
    /// The registry's verdict on its sponsor.
    pub sponsor: &'a crate::registry::SponsorLookup,
    /// Its relational features.
    pub patterns: &'a patterns::PatternFeatures,
    /// Reference tables from the rule pack (ports, sending regions).
    pub tables: &'a record::Tables,
}

/// One record's feature values, in schema order.
#[derive(Clone, Debug, PartialEq)]
pub struct Features {
    values: Vec<Value>,
}

impl Features {
    /// Builds all sections for one record.
    pub fn build(inputs: &FeatureInputs<'_>) -> Features {
        let schema = Schema::standard();
        let mut values = vec![Value::Null; schema.fields.len()];
        let o = schema.offsets;
        record::fill(inputs.traveller, inputs.tables, &mut values[o[0]..o[1]]);
        sponsor::fill(inputs.sponsor, &mut values[o[1]..o[2]]);
        watchlist::fill(inputs.matches, &mut values[o[2]..o[3]]);
        patterns::fill(inputs.patterns, &mut values[o[3]..o[4]]);
        Features { values }
    }

    /// Features from explicit values (tests, `rules test` records).
    pub fn from_values(values: Vec<Value>) -> Features {
        assert_eq!(values.len(), Schema::standard().fields.len());
        Features { values }
    }

    /// The value at a schema position.
    pub fn at(&self, index: usize) -> &Value {
        &self.values[index]
    }

    /// The value of a named field (`Null` for an unknown name).
    pub fn get(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        Schema::standard()
            .index(name)
            .map(|i| &self.values[i])
            .unwrap_or(&NULL)
    }

    /// Overrides one named field; returns false for an unknown name.
    pub fn set(&mut self, name: &str, v: Value) -> bool {
        match Schema::standard().index(name) {
            Some(i) => {
                self.values[i] = v;
                true
            }
            None => false,
        }
    }

    /// (name, value) pairs in schema order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        Schema::standard()
            .fields
            .iter()
            .map(|f| f.name)
            .zip(self.values.iter())
    }
}
