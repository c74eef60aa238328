//! rules/pattern.toml: every rule is well formed, names only schema fields,
//! and its inline tests pass when the condition is evaluated with CEL.
//! (A stand-in for `lintas rules test` until the rule loader lands; it follows
//! the agreed format: `requires` missing → insufficient, else hit / no-hit.)

use lintas::features::Schema;
use std::collections::HashMap;
use std::sync::Arc;

const FILE: &str = include_str!("../rules/pattern.toml");

fn rules() -> Vec<toml::Table> {
    let doc: toml::Table = toml::from_str(FILE).expect("pattern.toml parses");
    doc["rule"]
        .as_array()
        .expect("[[rule]]")
        .iter()
        .map(|r| r.as_table().expect("table").clone())
        .collect()
}

/// Identifiers in a CEL condition, outside string literals.
fn identifiers(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut cur = String::new();
    for c in expr.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' || (c == '.' && !cur.is_empty()) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .filter(|i| !i.chars().next().unwrap().is_ascii_digit())
        .filter(|i| !["in", "true", "false", "null"].contains(&i.as_str()))
        .collect()
}

fn placeholders(reason: &str) -> Vec<String> {
    reason
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}'))
        .map(|(k, _)| k.to_string())
        .collect()
}

#[test]
fn rules_are_well_formed_and_name_schema_fields() {
    let schema = Schema::standard();
    let mut ids = std::collections::HashSet::new();
    for r in rules() {
        let id = r["id"].as_str().unwrap();
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
        for key in [
            "version", "status", "title", "category", "points", "when", "requires", "reason",
            "source",
        ] {
            assert!(r.contains_key(key), "{id}: missing {key}");
        }
        assert!(
            ["active", "shadow", "disabled"].contains(&r["status"].as_str().unwrap()),
            "{id}: status"
        );
        let mut names = identifiers(r["when"].as_str().unwrap());
        names.extend(
            r["requires"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string()),
        );
        names.extend(placeholders(r["reason"].as_str().unwrap()));
        for t in r["test"].as_array().expect("inline tests") {
            names.extend(t["features"].as_table().unwrap().keys().cloned());
        }
        for n in names {
            assert!(
                schema.get(&n).is_some(),
                "{id}: '{n}' is not a feature (did you mean {:?})",
                schema.suggest(&n)
            );
        }
    }
}

fn cel_value(v: &toml::Value) -> cel::Value {
    match v {
        toml::Value::Boolean(b) => cel::Value::Bool(*b),
        // Features are numbers (f64), as the engine stores them.
        toml::Value::Integer(i) => cel::Value::Float(*i as f64),
        toml::Value::Float(f) => cel::Value::Float(*f),
        toml::Value::String(s) => cel::Value::String(Arc::new(s.clone())),
        other => panic!("unsupported test value {other}"),
    }
}

/// hit / no-hit / insufficient for one inline test.
fn outcome(rule: &toml::Table, features: &toml::Table) -> String {
    let missing = rule["requires"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| !features.contains_key(f.as_str().unwrap()));
    if missing {
        return "insufficient".into();
    }
    let program =
        cel::Program::compile(rule["when"].as_str().unwrap()).expect("condition compiles");
    let mut ctx = cel::Context::default();
    let mut sections: HashMap<String, HashMap<String, cel::Value>> = HashMap::new();
    // Every schema field is present (Null when the test leaves it out).
    for f in Schema::standard().fields() {
        let v = features
            .get(f.name)
            .map(cel_value)
            .unwrap_or(cel::Value::Null);
        match f.name.split_once('.') {
            Some((sec, name)) => {
                sections
                    .entry(sec.to_string())
                    .or_default()
                    .insert(name.to_string(), v);
            }
            None => ctx.add_variable_from_value(f.name, v),
        }
    }
    for (sec, map) in sections {
        ctx.add_variable_from_value(sec, map);
    }
    match program.execute(&ctx) {
        Ok(cel::Value::Bool(true)) => "hit".into(),
        Ok(_) => "no-hit".into(),
        Err(e) => format!("error: {e:?}"),
    }
}

#[test]
fn inline_tests_pass() {
    let mut failures = Vec::new();
    for r in rules() {
        for t in r["test"].as_array().unwrap() {
            let t = t.as_table().unwrap();
            let got = outcome(&r, t["features"].as_table().unwrap());
            let want = t["expect"].as_str().unwrap();
            if got != want {
                failures.push(format!(
                    "{} / {}: expected {want}, got {got}",
                    r["id"], t["name"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
