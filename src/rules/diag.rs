//! Diagnostics for rule authors: a stable code, a place (file:line:col), the
//! offending snippet and a hint. `lintas rules check` prints every one found.

use std::fmt;

/// A stable error code (documented in docs/error-codes.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// L001: the file is not valid TOML, or a key has the wrong TOML type.
    L001,
    /// L002: a rule lacks a required key.
    L002,
    /// L003: two rules share an id.
    L003,
    /// L004: a key has a value outside its allowed set (status, expect, level).
    L004,
    /// L005: the condition is not valid CEL.
    L005,
    /// L006: the condition names a field the schema does not have.
    L006,
    /// L007: a type error in the condition.
    L007,
    /// L008: CEL the compiler does not support (macros, maps, null, ...).
    L008,
    /// L009: the condition is not boolean.
    L009,
    /// L010: `requires` names an unknown field.
    L010,
    /// L011: the reason template names an unknown field.
    L011,
    /// L012: an unknown key in a rule, test or ruleset table.
    L012,
    /// L013: an inline test is malformed (bad record, bad feature override).
    L013,
    /// L014: the ruleset (thresholds, caps, forced outcomes) is inconsistent.
    L014,
    /// L015: a reference table cannot be read.
    L015,
}

impl Code {
    /// The code as printed, e.g. `L006`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::L001 => "L001",
            Code::L002 => "L002",
            Code::L003 => "L003",
            Code::L004 => "L004",
            Code::L005 => "L005",
            Code::L006 => "L006",
            Code::L007 => "L007",
            Code::L008 => "L008",
            Code::L009 => "L009",
            Code::L010 => "L010",
            Code::L011 => "L011",
            Code::L012 => "L012",
            Code::L013 => "L013",
            Code::L014 => "L014",
            Code::L015 => "L015",
        }
    }
}

/// One problem in a rule pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// File name relative to the pack directory.
    pub file: String,
    /// 1-based line (0 when the whole file is meant).
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// The source line at fault (may be empty).
    pub snippet: String,
    /// A hint: did-you-mean or how to fix.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error[{}]: {}",
            self.file,
            self.line,
            self.col,
            self.code.as_str(),
            self.message
        )?;
        if !self.snippet.is_empty() {
            write!(
                f,
                "\n   | {}\n   | {}^",
                self.snippet,
                " ".repeat(self.col.saturating_sub(1))
            )?;
        }
        if let Some(h) = &self.help {
            write!(f, "\n   = help: {h}")?;
        }
        Ok(())
    }
}

/// The text of one pack file, for turning byte offsets into places.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Name relative to the pack directory (`age.toml`, `tables/ports.csv`).
    pub name: String,
    /// Full text.
    pub text: String,
}

impl SourceFile {
    /// (line, col), both 1-based, of a byte offset (col counts characters).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        (line, before[line_start..].chars().count() + 1)
    }

    /// The text of a 1-based line.
    pub fn line_text(&self, line: usize) -> &str {
        self.text.lines().nth(line.saturating_sub(1)).unwrap_or("")
    }

    /// A diagnostic at a byte offset.
    pub fn diag(
        &self,
        code: Code,
        offset: usize,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Diagnostic {
        let (line, col) = self.line_col(offset);
        Diagnostic {
            code,
            file: self.name.clone(),
            line,
            col,
            message: message.into(),
            snippet: self.line_text(line).to_string(),
            help,
        }
    }

    /// Where the content of a string value starts, given the byte span of the
    /// TOML value (which includes the quotes).
    pub fn string_content_start(&self, span_start: usize) -> usize {
        let rest = self.text.get(span_start..).unwrap_or("");
        if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
            let after = span_start + 3;
            if self.text[after..].starts_with('\n') {
                after + 1
            } else if self.text[after..].starts_with("\r\n") {
                after + 2
            } else {
                after
            }
        } else {
            span_start + 1
        }
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// "did you mean `x`?" from a list of suggestions.
pub fn did_you_mean(suggestions: &[&str]) -> Option<String> {
    match suggestions {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => Some(format!(
            "did you mean one of {}?",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The closest of `options` to `word` (Jaro-Winkler ≥ 0.75), best first.
pub fn closest<'a>(word: &str, options: &[&'a str]) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &'a str)> = options
        .iter()
        .map(|o| (strsim::jaro_winkler(word, o), *o))
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, o)| o).collect()
}
