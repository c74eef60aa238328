//! Loading a pack: parse every file, check everything, compile conditions,
//! and return either the pack or every diagnostic found.

use super::compile::{CondError, Condition};
use super::diag::{closest, did_you_mean, Code, Diagnostic, SourceFile};
use super::input::{self, TestInput};
use super::model::*;
use super::pack::PackFiles;
use super::template::Template;
use super::{Expect, Rule, RulePack, RuleTest, Status};
use crate::features::patterns::PatternConfig;
use crate::features::record::Tables;
use crate::features::Schema;
use crate::model::Level;
use crate::names::NameRules;
use crate::score::{Forced, Scoring};
use crate::watchlist::MatchConfig;
use std::collections::{BTreeMap, HashMap};
use toml::Spanned;

/// Loads and checks a pack, collecting every problem.
pub fn load(files: &PackFiles) -> Result<RulePack, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut rules = Vec::new();
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for file in files.themes() {
        load_theme(file, &mut rules, &mut seen, &mut diags);
    }
    // A theme file that is not TOML lost all its rules: the ruleset's
    // checks against the rules' categories would only echo that error.
    let themes_whole = !diags.iter().any(|d| d.code == Code::L001);
    let scoring = match files.get("ruleset.toml") {
        Some(f) => load_ruleset(f, &rules, themes_whole, &mut diags),
        None => Scoring::default(),
    };
    let text = |n: &str| files.get(n).map(|f| f.text.as_str()).unwrap_or("");
    let mut table_err = |name: &str, e: String| {
        let file = files.get(name).cloned().unwrap_or(SourceFile {
            name: name.into(),
            text: String::new(),
        });
        let mut d = file.diag(Code::L015, 0, e, None);
        d.line = first_line_number(&d.message).unwrap_or(1);
        d.snippet = file.line_text(d.line).to_string();
        diags.push(d);
    };
    let tables = Tables::parse(text("tables/ports.csv"), text("tables/sending-regions.csv"))
        .unwrap_or_else(|e| {
            let which = if e.starts_with("ports") {
                "tables/ports.csv"
            } else {
                "tables/sending-regions.csv"
            };
            table_err(which, e);
            Tables::default()
        });
    let names = NameRules::from_toml(text("tables/names.toml")).unwrap_or_else(|e| {
        table_err("tables/names.toml", e);
        NameRules::default()
    });
    let matching = MatchConfig::from_toml(text("tables/matching.toml")).unwrap_or_else(|e| {
        table_err("tables/matching.toml", e);
        MatchConfig::default()
    });
    let patterns = PatternConfig::from_toml(text("tables/patterns.toml")).unwrap_or_else(|e| {
        table_err("tables/patterns.toml", e);
        PatternConfig::default()
    });
    if !diags.is_empty() {
        diags.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        return Err(diags);
    }
    Ok(RulePack {
        rules,
        scoring,
        tables,
        names,
        patterns,
        matching,
        version: files.version(),
    })
}

/// `ports.csv line 7: ...` → 7.
fn first_line_number(msg: &str) -> Option<usize> {
    let rest = &msg[msg.find("line ")? + 5..];
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The byte offset of `key = ` within `[start, end)`, or `start`.
fn find_key(file: &SourceFile, start: usize, end: usize, key: &str) -> usize {
    let end = end.min(file.text.len());
    let Some(hay) = file.text.get(start..end) else {
        return start;
    };
    let mut off = 0;
    for line in hay.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return start + off + (line.len() - t.len());
            }
        }
        off += line.len();
    }
    // Inside an inline table: `{ key = ...`.
    for (i, _) in hay.match_indices(key) {
        let after = hay[i + key.len()..].trim_start();
        let before = hay[..i].trim_end();
        if after.starts_with('=')
            && (before.ends_with('{') || before.ends_with(',') || before.ends_with('"'))
        {
            return start + i;
        }
    }
    start
}

/// Maps condition errors (char offsets within the condition) to diagnostics.
fn cond_diags(
    file: &SourceFile,
    when: &Spanned<String>,
    errors: Vec<CondError>,
    diags: &mut Vec<Diagnostic>,
) {
    let content = file.string_content_start(when.span().start);
    for e in errors {
        let byte: usize = when
            .get_ref()
            .chars()
            .take(e.offset)
            .map(char::len_utf8)
            .sum();
        diags.push(file.diag(e.code, content + byte, e.message, e.help));
    }
}

fn required<'a, T>(
    file: &SourceFile,
    at: usize,
    what: &str,
    key: &str,
    v: &'a Option<Spanned<T>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a Spanned<T>> {
    if v.is_none() {
        diags.push(file.diag(
            Code::L002,
            at,
            format!("{what} has no `{key}`"),
            Some(format!("add `{key} = ...` (see docs/rules.md)")),
        ));
    }
    v.as_ref()
}

fn unknown_keys(
    file: &SourceFile,
    table: &toml::Table,
    allowed: &[&str],
    start: usize,
    end: usize,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for k in table.keys() {
        if !allowed.contains(&k.as_str()) {
            let help = did_you_mean(&closest(k, allowed))
                .or(Some(format!("allowed keys: {}", allowed.join(", "))));
            diags.push(file.diag(
                Code::L012,
                find_key(file, start, end, k),
                format!("unknown key `{k}` in {what}"),
                help,
            ));
        }
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<(T, toml::Table)> {
    let typed = toml::from_str::<T>(&file.text);
    let table = toml::from_str::<toml::Table>(&file.text);
    match (typed, table) {
        (Ok(t), Ok(tab)) => Some((t, tab)),
        (Err(e), _) | (_, Err(e)) => {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            diags.push(file.diag(
                Code::L001,
                at,
                e.message().trim().to_string(),
                Some("fix the TOML: see docs/rules.md for the layout".into()),
            ));
            None
        }
    }
}

fn load_theme(
    file: &SourceFile,
    rules: &mut Vec<Rule>,
    seen: &mut HashMap<String, (String, usize)>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some((raw, table)) = parse_toml::<RawFile>(file, diags) else {
        return;
    };
    unknown_keys(
        file,
        &table,
        &["rule"],
        0,
        file.text.len(),
        "a theme file",
        diags,
    );
    let tables = table
        .get("rule")
        .and_then(|r| r.as_array())
        .cloned()
        .unwrap_or_default();
    for (n, spanned) in raw.rule.iter().enumerate() {
        let (start, end) = (spanned.span().start, spanned.span().end);
        let r = spanned.get_ref();
        if let Some(t) = tables.get(n).and_then(|t| t.as_table()) {
            unknown_keys(file, t, RULE_KEYS, start, end, "a rule", diags);
            let tests = t
                .get("test")
                .and_then(|x| x.as_array())
                .cloned()
                .unwrap_or_default();
            for (tn, tt) in tests.iter().enumerate() {
                if let (Some(tt), Some(span)) = (tt.as_table(), r.test.get(tn).map(|s| s.span())) {
                    unknown_keys(
                        file,
                        tt,
                        TEST_KEYS,
                        span.start,
                        span.end,
                        "a rule test",
                        diags,
                    );
                }
            }
        }
        if let Some(rule) = load_rule(file, r, start, seen, diags) {
            rules.push(rule);
        }
    }
}

fn load_rule(
    file: &SourceFile,
    r: &RawRule,
    start: usize,
    seen: &mut HashMap<String, (String, usize)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Rule> {
    let before = diags.len();
    let id = required(file, start, "a rule", "id", &r.id, diags);
    let what = id
        .map(|i| format!("rule `{}`", i.get_ref()))
        .unwrap_or_else(|| "a rule".into());
    if let Some(id) = id {
        let (line, _) = file.line_col(id.span().start);
        if let Some((f, l)) = seen.get(id.get_ref()) {
            diags.push(file.diag(
                Code::L003,
                id.span().start,
                format!("rule id `{}` is already used at {f}:{l}", id.get_ref()),
                Some("ids are stable keys: give this rule a new one".into()),
            ));
        } else {
            seen.insert(id.get_ref().clone(), (file.name.clone(), line));
        }
    }
    let title = required(file, start, &what, "title", &r.title, diags);
    let category = required(file, start, &what, "category", &r.category, diags);
    let points = required(file, start, &what, "points", &r.points, diags);
    let when = required(file, start, &what, "when", &r.when, diags);
    let reason = required(file, start, &what, "reason", &r.reason, diags);
    let source = required(file, start, &what, "source", &r.source, diags);
    let status = match &r.status {
        None => Some(Status::Active),
        Some(s) => match s.get_ref().as_str() {
            "active" => Some(Status::Active),
            "shadow" => Some(Status::Shadow),
            "disabled" => Some(Status::Disabled),
            other => {
                let help = did_you_mean(&closest(other, &["active", "shadow", "disabled"]))
                    .or(Some("use active, shadow or disabled".into()));
                diags.push(file.diag(
                    Code::L004,
                    file.string_content_start(s.span().start),
                    format!("status `{other}` is not active, shadow or disabled"),
                    help,
                ));
                None
            }
        },
    };
    let version = r
        .version
        .as_ref()
        .map(|v| match v.get_ref() {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| "1".into());
    let condition = when.and_then(|w| match Condition::compile(w.get_ref()) {
        Ok(c) => Some(c),
        Err(errs) => {
            cond_diags(file, w, errs, diags);
            None
        }
    });
    let schema = Schema::standard();
    let mut requires = Vec::new();
    for req in &r.requires {
        match schema.index(req.get_ref()) {
            Some(i) => requires.push(i),
            None => {
                let help = did_you_mean(&schema.suggest(req.get_ref()));
                diags.push(file.diag(
                    Code::L010,
                    file.string_content_start(req.span().start),
                    format!("`requires` names unknown field `{}`", req.get_ref()),
                    help,
                ));
            }
        }
    }
    let template = reason.and_then(|rs| template(file, rs, diags));
    let mut tests = Vec::new();
    for t in &r.test {
        if let Some(t) = load_test(file, t, diags) {
            tests.push(t);
        }
    }
    if diags.len() > before {
        return None;
    }
    Some(Rule {
        id: id?.get_ref().clone(),
        version,
        status: status?,
        title: title?.get_ref().clone(),
        category: category?.get_ref().clone(),
        points: *points?.get_ref(),
        condition: condition?,
        requires,
        reason: template?,
        source: source?.get_ref().clone(),
        file: file.name.clone(),
        line: file.line_col(start).0,
        tests,
    })
}

fn template(
    file: &SourceFile,
    rs: &Spanned<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Template> {
    match Template::parse(rs.get_ref()) {
        Ok(t) => Some(t),
        Err(errs) => {
            let content = file.string_content_start(rs.span().start);
            for e in errs {
                let byte: usize = rs
                    .get_ref()
                    .chars()
                    .take(e.offset)
                    .map(char::len_utf8)
                    .sum();
                let (msg, help) = if e.name.is_empty() {
                    (
                        "unclosed `{` in reason".to_string(),
                        Some("close it, or write `{{` for a literal brace".into()),
                    )
                } else {
                    (
                        format!("reason names unknown field `{}`", e.name),
                        did_you_mean(&Schema::standard().suggest(&e.name)),
                    )
                };
                diags.push(file.diag(Code::L011, content + byte, msg, help));
            }
            None
        }
    }
}

fn load_test(
    file: &SourceFile,
    t: &Spanned<RawTest>,
    diags: &mut Vec<Diagnostic>,
) -> Option<RuleTest> {
    let (start, end) = (t.span().start, t.span().end);
    let raw = t.get_ref();
    let name = required(file, start, "a rule test", "name", &raw.name, diags);
    let expect = required(file, start, "a rule test", "expect", &raw.expect, diags).and_then(|e| {
        match Expect::parse(e.get_ref()) {
            Some(x) => Some(x),
            None => {
                let help = did_you_mean(&closest(e.get_ref(), &["hit", "no-hit", "insufficient"]))
                    .or(Some("use hit, no-hit or insufficient".into()));
                diags.push(file.diag(
                    Code::L004,
                    file.string_content_start(e.span().start),
                    format!(
                        "expect `{}` is not hit, no-hit or insufficient",
                        e.get_ref()
                    ),
                    help,
                ));
                None
            }
        }
    });
    let unknown: Vec<String> = raw.unknown.iter().map(|u| u.get_ref().clone()).collect();
    let input = match input::build(
        raw.record.as_ref().map(|r| r.get_ref()),
        raw.features.as_ref().map(|f| f.get_ref()),
        &unknown,
    ) {
        Ok(i) => Some(i),
        Err(errs) => {
            for e in errs {
                let base = if e.key == "record" {
                    raw.record.as_ref().map(|r| r.span().start)
                } else if e.key == "unknown" {
                    raw.unknown.first().map(|u| u.span().start)
                } else {
                    raw.features.as_ref().map(|f| f.span().start)
                }
                .unwrap_or(start);
                let at = match &e.near {
                    Some(k) => file.text[base..end.min(file.text.len())]
                        .find(k.as_str())
                        .map(|i| base + i)
                        .unwrap_or(base),
                    None => base,
                };
                diags.push(file.diag(Code::L013, at, e.message, e.help));
            }
            None
        }
    };
    Some(RuleTest {
        name: name?.get_ref().clone(),
        input: input?,
        expect: expect?,
        file: file.name.clone(),
        line: file.line_col(start).0,
    })
}

/// Reads `ruleset.toml`. With `themes_whole` false (a theme file was not
/// TOML), caps are not checked against the rules' categories.
fn load_ruleset(
    file: &SourceFile,
    rules: &[Rule],
    themes_whole: bool,
    diags: &mut Vec<Diagnostic>,
) -> Scoring {
    let mut s = Scoring::default();
    let Some((raw, table)) = parse_toml::<RawRuleset>(file, diags) else {
        return s;
    };
    unknown_keys(
        file,
        &table,
        RULESET_KEYS,
        0,
        file.text.len(),
        "ruleset.toml",
        diags,
    );
    if let Some(l) = table.get("levels").and_then(|l| l.as_table()) {
        let start = raw.levels.as_ref().map(|l| l.span().start).unwrap_or(0);
        unknown_keys(
            file,
            l,
            LEVEL_KEYS,
            start,
            file.text.len(),
            "[levels]",
            diags,
        );
    }
    let level = |v: &Spanned<String>, diags: &mut Vec<Diagnostic>| match Level::parse(v.get_ref()) {
        Some(l) => Some(l),
        None => {
            let names = ["clear", "low", "medium", "high"];
            let help = did_you_mean(&closest(v.get_ref(), &names))
                .or(Some("use clear, low, medium or high".into()));
            diags.push(file.diag(
                Code::L004,
                file.string_content_start(v.span().start),
                format!("`{}` is not a level", v.get_ref()),
                help,
            ));
            None
        }
    };
    if let Some(l) = &raw.levels {
        let l = l.get_ref();
        for (i, v) in [&l.low, &l.medium, &l.high].into_iter().enumerate() {
            if let Some(v) = v {
                s.thresholds[i] = *v.get_ref();
            }
        }
        if !(s.thresholds[0] >= 1
            && s.thresholds[0] < s.thresholds[1]
            && s.thresholds[1] < s.thresholds[2]
            && s.thresholds[2] <= 100)
        {
            let at = l
                .low
                .as_ref()
                .or(l.medium.as_ref())
                .or(l.high.as_ref())
                .map(|v| v.span().start)
                .unwrap_or(0);
            diags.push(file.diag(
                Code::L014,
                at,
                format!(
                    "thresholds must rise within 1..=100: low {} < medium {} < high {}",
                    s.thresholds[0], s.thresholds[1], s.thresholds[2]
                ),
                None,
            ));
        }
        if let Some(r) = &l.review {
            if let Some(lv) = level(r, diags) {
                s.review_level = lv;
            }
        }
    }
    let categories: Vec<&str> = rules.iter().map(|r| r.category.as_str()).collect();
    let caps_start = file.text.find("[caps]").unwrap_or(0);
    let mut caps = BTreeMap::new();
    for (k, v) in &raw.caps {
        let at = find_key(file, caps_start, file.text.len(), k);
        match v.as_integer() {
            Some(n) if n > 0 => {
                caps.insert(k.clone(), n);
            }
            _ => diags.push(file.diag(
                Code::L014,
                at,
                format!("cap for `{k}` must be a positive integer"),
                None,
            )),
        }
        if themes_whole && !categories.is_empty() && !categories.contains(&k.as_str()) {
            let help = did_you_mean(&closest(k, &categories));
            diags.push(file.diag(
                Code::L014,
                at,
                format!("cap for category `{k}` that no rule uses"),
                help,
            ));
        }
    }
    s.caps = caps;
    let forced_tables = table
        .get("forced")
        .and_then(|f| f.as_array())
        .cloned()
        .unwrap_or_default();
    for (i, f) in raw.forced.iter().enumerate() {
        let (start, end) = (f.span().start, f.span().end);
        if let Some(t) = forced_tables.get(i).and_then(|t| t.as_table()) {
            unknown_keys(file, t, FORCED_KEYS, start, end, "[[forced]]", diags);
        }
        let f = f.get_ref();
        let id = required(file, start, "a forced outcome", "id", &f.id, diags);
        let when =
            required(file, start, "a forced outcome", "when", &f.when, diags).and_then(|w| {
                match Condition::compile(w.get_ref()) {
                    Ok(c) => Some(c),
                    Err(errs) => {
                        cond_diags(file, w, errs, diags);
                        None
                    }
                }
            });
        let lv = required(file, start, "a forced outcome", "level", &f.level, diags)
            .and_then(|l| level(l, diags));
        let reason = required(file, start, "a forced outcome", "reason", &f.reason, diags)
            .and_then(|r| template(file, r, diags));
        if let (Some(id), Some(when), Some(level), Some(reason)) = (id, when, lv, reason) {
            s.forced.push(Forced {
                id: id.get_ref().clone(),
                when,
                level,
                reason,
            });
        }
    }
    s
}

/// Converts a test input error list into one line (for case files).
pub fn describe_input_errors(errs: &[input::InputError]) -> String {
    errs.iter()
        .map(|e| match &e.help {
            Some(h) => format!("{} ({h})", e.message),
            None => e.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Builds a test input for case files (not located in a pack file).
pub fn case_input(
    record: Option<&toml::Table>,
    features: Option<&toml::Table>,
    unknown: &[String],
) -> Result<TestInput, String> {
    input::build(record, features, unknown).map_err(|e| describe_input_errors(&e))
}
