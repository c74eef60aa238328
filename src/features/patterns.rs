//! Relational features: booking groups, person history, shared contacts.
//! (Placeholder: the [patterns] work fills this in.)

use super::{FieldSpec, Value};
use crate::model::Traveller;

/// Pattern settings from `rules/tables/patterns.toml`.
#[derive(Clone, Debug, Default)]
pub struct PatternConfig {}

impl PatternConfig {
    /// Parses `rules/tables/patterns.toml`.
    pub fn from_toml(_text: &str) -> Result<PatternConfig, String> {
        Ok(PatternConfig {})
    }
}

/// One record's relational features.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PatternFeatures {}

/// Everything observed so far, indexed for window queries. Batch observes
/// history and the whole run, then asks for each record's features; stream
/// and server observe each record as it arrives and ask at once. Features for
/// a record only ever use observed records at or before its crossing time.
#[derive(Debug, Default)]
pub struct PatternState {}

impl PatternState {
    /// An empty state.
    pub fn new(_cfg: PatternConfig) -> PatternState {
        PatternState {}
    }

    /// Adds one crossing.
    pub fn observe(&mut self, _t: &Traveller) {}

    /// The features of `t` from observed records at or before its crossing time.
    pub fn features(&self, _t: &Traveller) -> PatternFeatures {
        PatternFeatures {}
    }
}

/// The pattern section of the schema.
pub const FIELDS: &[FieldSpec] = &[];

/// Fills the pattern section.
pub fn fill(_p: &PatternFeatures, _out: &mut [Value]) {}
