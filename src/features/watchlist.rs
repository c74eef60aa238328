//! Features from the record's watchlist matches: the best match, and the
//! best match of a priority category (matching.toml's
//! `priority_categories`: trafficking suspects, missing persons), which
//! must reach review even when a stronger match of another list is first.

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
    FieldSpec { name: "watchlist.priority_similarity", ty: FieldType::Number, doc: "similarity of the best match whose category is a priority one (matching.toml priority_categories; 0 when none)" },
    FieldSpec { name: "watchlist.priority_category", ty: FieldType::String, doc: "category of the best priority match (empty when none)" },
    FieldSpec { name: "watchlist.priority_list", ty: FieldType::String, doc: "list of the best priority match (empty when none)" },
    FieldSpec { name: "watchlist.priority_birth_date", ty: FieldType::String, doc: "birth-date evidence of the best priority match (unknown when none)" },
];

/// Fills the watchlist section. Absent matches give 0 / empty, not null, so
/// watchlist rules never report "insufficient data" for clean travellers.
pub fn fill(matches: &[Match], out: &mut [Value]) {
    let best = matches.first();
    // Matches come best first, so the first priority one is the best.
    let priority = matches.iter().find(|m| m.priority);
    let vals = [
        Value::Bool(best.is_some()),
        Value::Num(best.map(|m| m.similarity).unwrap_or(0.0)),
        Value::str(best.map(|m| m.category.as_str()).unwrap_or("")),
        Value::str(best.map(|m| m.list.as_str()).unwrap_or("")),
        Value::str(best.map(|m| m.birth_date.as_str()).unwrap_or("unknown")),
        Value::Bool(matches.iter().any(|m| m.document_match)),
        Value::Num(matches.len() as f64),
        Value::Num(priority.map(|m| m.similarity).unwrap_or(0.0)),
        Value::str(priority.map(|m| m.category.as_str()).unwrap_or("")),
        Value::str(priority.map(|m| m.list.as_str()).unwrap_or("")),
        Value::str(priority.map(|m| m.birth_date.as_str()).unwrap_or("unknown")),
    ];
    for (o, v) in out.iter_mut().zip(vals) {
        *o = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: &str, category: &str, similarity: f64, priority: bool) -> Match {
        Match {
            entry_id: id.into(),
            list: format!("{category}-list"),
            category: category.into(),
            name: "X".into(),
            similarity,
            evidence: vec![],
            birth_date: crate::model::DateEvidence::Exact,
            document_match: false,
            priority,
        }
    }

    fn filled(matches: &[Match]) -> Vec<Value> {
        let mut out = vec![Value::Null; FIELDS.len()];
        fill(matches, &mut out);
        out
    }

    fn at<'a>(v: &'a [Value], name: &str) -> &'a Value {
        &v[FIELDS.iter().position(|f| f.name == name).unwrap()]
    }

    #[test]
    fn priority_fields_read_the_best_priority_match_not_the_best() {
        let v = filled(&[
            m("B1", "travel-ban", 0.87, false),
            m("T1", "trafficking-suspect", 0.86, true),
            m("T2", "missing-person", 0.84, true),
        ]);
        assert_eq!(at(&v, "watchlist.similarity"), &Value::Num(0.87));
        assert_eq!(at(&v, "watchlist.category"), &Value::str("travel-ban"));
        assert_eq!(at(&v, "watchlist.priority_similarity"), &Value::Num(0.86));
        assert_eq!(
            at(&v, "watchlist.priority_category"),
            &Value::str("trafficking-suspect")
        );
        assert_eq!(
            at(&v, "watchlist.priority_list"),
            &Value::str("trafficking-suspect-list")
        );
        assert_eq!(
            at(&v, "watchlist.priority_birth_date"),
            &Value::str("exact")
        );
        assert_eq!(at(&v, "watchlist.count"), &Value::Num(3.0));
    }

    #[test]
    fn no_priority_match_gives_zero_and_empty() {
        for v in [filled(&[m("B1", "travel-ban", 0.95, false)]), filled(&[])] {
            assert_eq!(at(&v, "watchlist.priority_similarity"), &Value::Num(0.0));
            assert_eq!(at(&v, "watchlist.priority_category"), &Value::str(""));
            assert_eq!(at(&v, "watchlist.priority_list"), &Value::str(""));
            assert_eq!(
                at(&v, "watchlist.priority_birth_date"),
                &Value::str("unknown")
            );
        }
    }
}
