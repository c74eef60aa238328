//! `lintas rules fmt`: canonical layout of theme files. Keys appear in a
//! fixed order, one blank line separates tables, strings use TOML basic
//! quoting, inline tables have sorted keys. Comments are kept: the file
//! header stays on top, and comments inside or above a table move to just
//! above that table's header.

use super::model::{RULE_KEYS, TEST_KEYS};

/// Formats one theme file; `Err` carries the TOML error message.
pub fn format_theme(text: &str) -> Result<String, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let comments = comment_blocks(text);
    let mut out = String::new();
    let mut block = comments.iter();
    if let Some(header) = block.next() {
        for c in header {
            out.push_str(c);
            out.push('\n');
        }
    }
    let rules = table
        .get("rule")
        .and_then(|r| r.as_array())
        .cloned()
        .unwrap_or_default();
    for rule in &rules {
        let Some(rule) = rule.as_table() else {
            continue;
        };
        push_table(&mut out, "[[rule]]", rule, RULE_KEYS, block.next());
        if let Some(tests) = rule.get("test").and_then(|t| t.as_array()) {
            for t in tests.iter().filter_map(|t| t.as_table()) {
                push_table(&mut out, "[[rule.test]]", t, TEST_KEYS, block.next());
            }
        }
    }
    Ok(out)
}

/// Comment lines grouped by table: the header block (everything before the
/// first table), then one block per `[[...]]` table in order. A comment is
/// given to the table whose key it precedes, or to the next table when only
/// blank lines and comments separate it from that table's header.
fn comment_blocks(text: &str) -> Vec<Vec<String>> {
    let mut blocks: Vec<Vec<String>> = vec![Vec::new()];
    let mut pending: Vec<String> = Vec::new();
    // Before the first table: comments followed by a blank line are the
    // file header; a block directly above the first table belongs to it.
    let mut adjacent = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("[[") {
            if blocks.len() == 1 && !adjacent {
                blocks[0].append(&mut pending);
            }
            blocks.push(std::mem::take(&mut pending));
            adjacent = false;
        } else if t.starts_with('#') {
            pending.push(t.to_string());
            adjacent = true;
        } else if t.is_empty() {
            if blocks.len() == 1 {
                blocks[0].append(&mut pending);
            }
            adjacent = false;
        } else if let Some(b) = blocks.last_mut() {
            b.append(&mut pending);
            adjacent = false;
        }
    }
    if let Some(b) = blocks.last_mut() {
        b.append(&mut pending);
    }
    blocks
}

fn push_table(
    out: &mut String,
    header: &str,
    t: &toml::Table,
    order: &[&str],
    comments: Option<&Vec<String>>,
) {
    if !out.is_empty() {
        out.push('\n');
    }
    for c in comments.into_iter().flatten() {
        out.push_str(c);
        out.push('\n');
    }
    out.push_str(header);
    out.push('\n');
    let mut keys: Vec<&String> = t.keys().filter(|k| k.as_str() != "test").collect();
    keys.sort_by_key(|k| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    for k in keys {
        let key = if k
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            k.to_string()
        } else {
            toml::Value::String(k.clone()).to_string()
        };
        out.push_str(&format!("{key} = {}\n", value(&t[k])));
    }
}

fn value(v: &toml::Value) -> String {
    match v {
        toml::Value::Table(t) => {
            let parts: Vec<String> = t
                .iter()
                .map(|(k, v)| {
                    let key = if k
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    {
                        k.clone()
                    } else {
                        toml::Value::String(k.clone()).to_string()
                    };
                    format!("{key} = {}", value(v))
                })
                .collect();
            if parts.is_empty() {
                "{}".into()
            } else {
                format!("{{ {} }}", parts.join(", "))
            }
        }
        toml::Value::Array(a) => {
            format!("[{}]", a.iter().map(value).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmt_is_idempotent_and_orders_keys() {
        let src = "# header\n\n[[rule]]\nwhen = \"age < 18\"\nid = \"x\"\n# note\npoints = 5\n\n[[rule.test]]\nexpect = \"hit\"\nname = \"t\"\nrecord = { port = \"CGK\", birth_date = \"2010-01-01\" }\n";
        let a = format_theme(src).unwrap();
        assert!(
            a.starts_with("# header\n\n# note\n[[rule]]\nid = \"x\"\npoints = 5\nwhen"),
            "{a}"
        );
        assert!(
            a.contains("record = { birth_date = \"2010-01-01\", port = \"CGK\" }"),
            "{a}"
        );
        assert_eq!(format_theme(&a).unwrap(), a);
    }
}
