//! Features from the record's best watchlist match.

use super::{FieldSpec, FieldType, Value};
use crate::model::Match;

/// The watchlist section of the schema.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec { name: "watchlist.matched", ty: FieldType::Bool, doc: "at least one entry matched at the reporting threshold" },
    FieldSpec { name: "watchlist.similarity", ty: FieldType::Number, doc: "best match similarity 0..1, after birth-date and document evidence (0 when none)" },
    FieldSpec { name: "watchlist.category", ty: FieldType::String, doc: "category of the best match (empty when none)" },
    FieldSpec { name: "watchlist.list", ty: FieldType::String, doc: "list of the best match (empty when none)" },
    FieldSpec { name: "watchlist.birth_date", ty: FieldType::String, doc: "birth-date evidence of the best match: exact, year, swapped, near, far, mismatch, unknown" },
    FieldSpec { name: "watchlist.document_match", ty: FieldType::Bool, doc: "the document number of some match is identical" },
    FieldSpec { name: "watchlist.count", ty: FieldType::Number, doc: "number of matched entries" },
];

/// Fills the watchlist section. Absent matches give 0 / empty, not null, so
/// watchlist rules never report "insufficient data" for clean travellers.
pub fn fill(matches: &[Match], out: &mut [Value]) {
    let best = matches.first();
    let vals = [
        Value::Bool(best.is_some()),
        Value::Num(best.map(|m| m.similarity).unwrap_or(0.0)),
        Value::str(best.map(|m| m.category.as_str()).unwrap_or("")),
        Value::str(best.map(|m| m.list.as_str()).unwrap_or("")),
        Value::str(best.map(|m| m.birth_date.as_str()).unwrap_or("unknown")),
        Value::Bool(matches.iter().any(|m| m.document_match)),
        Value::Num(matches.len() as f64),
    ];
    for (o, v) in out.iter_mut().zip(vals) {
        *o = v;
    }
}
