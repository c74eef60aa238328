//! Test inputs: a manifest record given as a TOML inline table (missing
//! required fields filled with neutral defaults), feature overrides and
//! features forced to unknown. Shared by inline tests and case files.

use crate::features::patterns::PatternFeatures;
use crate::features::{FeatureInputs, Features, FieldType, Schema, Value};
use crate::model::Traveller;
use crate::registry::Registry;

use super::RulePack;

/// Defaults for required manifest fields a test leaves out.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("record_id", "TEST-1"),
    ("direction", "departure"),
    ("crossing_time", "2026-05-01T08:00:00+07:00"),
    ("port", "CGK"),
    ("full_name", "TEST TRAVELLER"),
];

/// A checked test input.
#[derive(Clone, Debug)]
pub struct TestInput {
    /// The record.
    pub traveller: Traveller,
    /// Feature overrides (schema position, value).
    pub overrides: Vec<(usize, Value)>,
    /// Features forced to unknown.
    pub unknown: Vec<usize>,
}

/// A problem with a test input: the key at fault and why.
#[derive(Clone, Debug)]
pub struct InputError {
    /// `record`, `features.<name>` or `unknown`.
    pub key: String,
    /// The name to point at in the source (field name), if any.
    pub near: Option<String>,
    /// Why.
    pub message: String,
    /// Hint.
    pub help: Option<String>,
}

/// Builds and checks a test input.
pub fn build(
    record: Option<&toml::Table>,
    features: Option<&toml::Table>,
    unknown: &[String],
) -> Result<TestInput, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut obj = serde_json::Map::new();
    for (k, v) in record.into_iter().flatten() {
        let text = match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Datetime(d) => d.to_string(),
            _ => {
                errors.push(InputError {
                    key: "record".into(),
                    near: Some(k.clone()),
                    message: format!("record field `{k}` must be text"),
                    help: None,
                });
                continue;
            }
        };
        if !crate::ingest::validate::CANONICAL.contains(&k.as_str()) {
            let help = super::diag::did_you_mean(&super::diag::closest(
                k,
                crate::ingest::validate::CANONICAL,
            ));
            errors.push(InputError {
                key: "record".into(),
                near: Some(k.clone()),
                message: format!("`{k}` is not a manifest field (DESIGN §2.1)"),
                help,
            });
        }
        obj.insert(k.clone(), serde_json::Value::String(text));
    }
    for (k, v) in DEFAULTS {
        obj.entry(k.to_string())
            .or_insert_with(|| serde_json::Value::String(v.to_string()));
    }
    let departure = obj.get("direction").and_then(|v| v.as_str()) == Some("departure");
    if departure {
        obj.entry("destination_country".to_string())
            .or_insert_with(|| serde_json::Value::String("SGP".into()));
    }
    let json = serde_json::Value::Object(obj);
    let traveller = match crate::ingest::validate_json(&json, "test", 1, &Default::default()) {
        Ok(t) => Some(t),
        Err(rej) => {
            errors.push(InputError {
                key: "record".into(),
                near: None,
                message: format!("the record is rejected: {}", rej.describe()),
                help: None,
            });
            None
        }
    };
    let schema = Schema::standard();
    let mut overrides = Vec::new();
    for (k, v) in features.into_iter().flatten() {
        let Some(i) = schema.index(k) else {
            errors.push(InputError {
                key: format!("features.{k}"),
                near: Some(k.clone()),
                message: format!("unknown feature `{k}`"),
                help: super::diag::did_you_mean(&schema.suggest(k)),
            });
            continue;
        };
        let ty = schema.fields()[i].ty;
        let value = match (ty, v) {
            (FieldType::Bool, toml::Value::Boolean(b)) => Value::Bool(*b),
            (FieldType::Number, toml::Value::Integer(n)) => Value::Num(*n as f64),
            (FieldType::Number, toml::Value::Float(n)) => Value::Num(*n),
            (FieldType::String, toml::Value::String(s)) => Value::str(s),
            _ => {
                errors.push(InputError {
                    key: format!("features.{k}"),
                    near: Some(k.clone()),
                    message: format!(
                        "feature `{k}` is a {}, the test gives {}",
                        ty.as_str(),
                        v.type_str()
                    ),
                    help: None,
                });
                continue;
            }
        };
        overrides.push((i, value));
    }
    let mut unknown_ix = Vec::new();
    for k in unknown {
        match schema.index(k) {
            Some(i) => unknown_ix.push(i),
            None => errors.push(InputError {
                key: "unknown".into(),
                near: Some(k.clone()),
                message: format!("unknown feature `{k}`"),
                help: super::diag::did_you_mean(&schema.suggest(k)),
            }),
        }
    }
    match traveller {
        Some(traveller) if errors.is_empty() => Ok(TestInput {
            traveller,
            overrides,
            unknown: unknown_ix,
        }),
        _ => Err(errors),
    }
}

impl TestInput {
    /// The features rules see for this input: built from the record with
    /// the pack's tables (no watchlist match, empty registry, no patterns),
    /// then overridden.
    pub fn features(&self, pack: &RulePack) -> Features {
        let t = &self.traveller;
        let sponsor =
            Registry::default().lookup(t.sponsor.as_deref(), t.sponsor_license.as_deref());
        let mut f = Features::build(&FeatureInputs {
            traveller: t,
            matches: &[],
            sponsor: &sponsor,
            patterns: &PatternFeatures::default(),
            tables: &pack.tables,
        });
        let names = Schema::standard().fields();
        for (i, v) in &self.overrides {
            f.set(names[*i].name, v.clone());
        }
        for i in &self.unknown {
            f.set(names[*i].name, Value::Null);
        }
        f
    }
}
