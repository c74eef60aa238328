//! `lintas rules fmt`: canonical layout of theme files. Keys appear in a
//! fixed order, one blank line separates tables, strings use TOML basic
//! quoting, inline tables have sorted keys. Comments are kept: the file
//! header stays on top, a comment after a key's value stays after it, and
//! other comments inside or above a table move to just above that table's
//! header.

use super::model::{RULE_KEYS, TEST_KEYS};

/// Formats one theme file; `Err` carries the TOML error message.
pub fn format_theme(text: &str) -> Result<String, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let comments = comment_blocks(text);
    let mut out = String::new();
    let mut block = comments.iter();
    if let Some(header) = block.next() {
        for c in &header.above {
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

/// The comments of one table: the lines that go above its header, and
/// per key the comment written after its value on the key's line.
#[derive(Default)]
struct Comments {
    above: Vec<String>,
    after: Vec<(String, String)>,
}

/// `line` without a trailing comment, and the comment (from its `#`): a
/// `#` inside a string is text.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return (&line[..i], Some(line[i..].trim_end())),
            None => {}
        }
    }
    (line, None)
}

/// Comments grouped by table: the header block (everything before the
/// first table), then one block per `[[...]]` table in order. A comment on
/// a line of its own is given to the table whose key it precedes, or to
/// the next table when only blank lines and comments separate it from
/// that table's header; a comment after a key's value stays with that key
/// (after a value's continuation line, it goes above the table).
fn comment_blocks(text: &str) -> Vec<Comments> {
    let mut blocks: Vec<Comments> = vec![Comments::default()];
    let mut pending: Vec<String> = Vec::new();
    // Before the first table: comments followed by a blank line are the
    // file header; a block directly above the first table belongs to it.
    let mut adjacent = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("[[") {
            if blocks.len() == 1 && !adjacent {
                blocks[0].above.append(&mut pending);
            }
            let mut next = Comments {
                above: std::mem::take(&mut pending),
                ..Comments::default()
            };
            if let (_, Some(c)) = split_comment(t) {
                next.above.push(c.to_string());
            }
            blocks.push(next);
            adjacent = false;
        } else if t.starts_with('#') {
            pending.push(t.to_string());
            adjacent = true;
        } else if t.is_empty() {
            if blocks.len() == 1 {
                blocks[0].above.append(&mut pending);
            }
            adjacent = false;
        } else {
            let in_table = blocks.len() > 1;
            let Some(b) = blocks.last_mut() else { continue };
            b.above.append(&mut pending);
            if let (code, Some(c)) = split_comment(t) {
                match code.split_once('=') {
                    Some((key, _)) if in_table => {
                        let key = key.trim().trim_matches('"').to_string();
                        b.after.push((key, c.to_string()));
                    }
                    _ => b.above.push(c.to_string()),
                }
            }
            adjacent = false;
        }
    }
    if let Some(b) = blocks.last_mut() {
        b.above.append(&mut pending);
    }
    blocks
}

fn push_table(
    out: &mut String,
    header: &str,
    t: &toml::Table,
    order: &[&str],
    comments: Option<&Comments>,
) {
    if !out.is_empty() {
        out.push('\n');
    }
    for c in comments.into_iter().flat_map(|c| &c.above) {
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
        out.push_str(&format!("{key} = {}", value(&t[k])));
        let after = comments.into_iter().flat_map(|c| &c.after);
        for (_, c) in after.filter(|(key, _)| key == k) {
            out.push_str("  ");
            out.push_str(c);
        }
        out.push('\n');
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

    #[test]
    fn a_comment_after_a_value_stays_after_it() {
        let src = "[[rule]]\nid = \"x\" # the id\nwhen = \"reason == '#1'\"  # a '#' in a string is text\npoints = 45  # raised from 40, ticket 112\n\n[[rule.test]]\nname = \"t\"\nexpect = \"hit\" # a Batam case\nrecord = { port = \"CGK\" }\n";
        let a = format_theme(src).unwrap();
        assert!(a.contains("id = \"x\"  # the id\n"), "{a}");
        assert!(
            a.contains("points = 45  # raised from 40, ticket 112\n"),
            "{a}"
        );
        assert!(
            a.contains("when = \"reason == '#1'\"  # a '#' in a string is text\n"),
            "{a}"
        );
        assert!(a.contains("expect = \"hit\"  # a Batam case\n"), "{a}");
        assert_eq!(format_theme(&a).unwrap(), a);
    }
}
