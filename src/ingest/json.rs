//! JSON as travellers arrive in it (NDJSON manifests, `lintas stream`,
//! `lintas serve`), read with one rule serde_json's own `Value` lacks: a
//! key written twice in one object is an error.
//!
//! serde_json keeps the last of two values for one key without a word, so
//! `{"full_name": "SITI AMINAH", "full_name": ""}` would be screened under
//! a name nobody chose, or under none. A record that says two things about
//! one field is refused, naming the key, like any other bad field.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// A JSON value whose objects, at any depth, name each key once.
#[derive(Clone, Debug, PartialEq)]
pub struct StrictValue(pub Value);

/// Parses `bytes` as one JSON value, refusing a key written twice. A
/// leading byte-order mark (a Windows tool's first line or body) is
/// skipped.
pub fn from_slice(bytes: &[u8]) -> serde_json::Result<Value> {
    serde_json::from_slice::<StrictValue>(super::without_bom(bytes)).map(|v| v.0)
}

/// A record's value as a cell's text: a string as it is, a number or a
/// boolean as written, `null` as no value. An array or an object is no
/// value of a contract field (an error naming what it is); under another
/// key, a column carried through to the output, it is kept as compact
/// JSON, as the contract promises for extra columns.
pub fn cell_text(key: &str, value: Value) -> Result<Option<String>, String> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::String(s) => s,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        nested if super::validate::CANONICAL.contains(&key) => {
            return Err(format!("expected text, found {}", kind(&nested)));
        }
        nested => nested.to_string(),
    }))
}

/// What a JSON value is, for errors (never the value itself: it may be a
/// name).
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        StrictValue::deserialize(d).map(|v| v.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(StrictValue(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "key \"{key}\" written twice in one object"
                )));
            }
            let StrictValue(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_serde_json_reads() {
        let text = r#"{"a": [1, -2, 3.5, true, null, "x", {"b": {}}], "c": "é"}"#;
        let want: Value = serde_json::from_str(text).unwrap();
        assert_eq!(from_slice(text.as_bytes()).unwrap(), want);
        assert_eq!(from_slice(b"  7 ").unwrap(), json!(7));
        assert_eq!(from_slice(b"\xEF\xBB\xBF{}").unwrap(), json!({}));
    }

    #[test]
    fn a_key_written_twice_is_an_error_at_any_depth() {
        let e = from_slice(br#"{"full_name": "SITI", "full_name": ""}"#).unwrap_err();
        assert!(
            e.to_string()
                .contains("key \"full_name\" written twice in one object"),
            "{e}"
        );
        let e = from_slice(br#"{"travellers": [{"sex": "F", "sex": "M"}]}"#).unwrap_err();
        assert!(e.to_string().contains("key \"sex\" written twice"), "{e}");
        // The same key in two objects is no repeat.
        assert!(from_slice(br#"[{"sex": "F"}, {"sex": "M"}]"#).is_ok());
    }

    #[test]
    fn nested_values_are_carried_as_json_unless_in_a_contract_field() {
        assert_eq!(
            cell_text("x", json!({"a": 1})),
            Ok(Some(r#"{"a":1}"#.into()))
        );
        assert_eq!(cell_text("x", json!(null)), Ok(None));
        assert_eq!(cell_text("full_name", json!(7)), Ok(Some("7".into())));
        assert_eq!(
            cell_text("full_name", json!(["SITI"])),
            Err("expected text, found an array".into())
        );
    }

    #[test]
    fn syntax_errors_stay_serde_json_s() {
        let e = from_slice(br#"{"a": }"#).unwrap_err();
        assert!(e.is_syntax(), "{e}");
        assert_eq!((e.line(), e.column()), (1, 7));
    }
}
