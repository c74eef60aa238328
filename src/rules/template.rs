//! Reason templates: `"age {age} travelling alone"`. `{field}` is replaced by
//! the feature's value; `{{` and `}}` are literal braces.

use crate::features::{Features, Schema};

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Text(String),
    Field(usize),
}

/// A template problem: the char offset in the template and the message.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateError {
    /// Char offset of the `{`.
    pub offset: usize,
    /// The unknown name (empty for an unclosed brace).
    pub name: String,
}

impl Template {
    /// Parses a template, checking field names against the schema.
    pub fn parse(text: &str) -> Result<Template, Vec<TemplateError>> {
        let schema = Schema::standard();
        let mut parts = Vec::new();
        let mut errors = Vec::new();
        let mut buf = String::new();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '{' if chars.get(i + 1) == Some(&'{') => {
                    buf.push('{');
                    i += 2;
                }
                '}' if chars.get(i + 1) == Some(&'}') => {
                    buf.push('}');
                    i += 2;
                }
                '{' => match chars[i + 1..].iter().position(|c| *c == '}') {
                    Some(len) => {
                        let name: String = chars[i + 1..i + 1 + len].iter().collect();
                        let name = name.trim().to_string();
                        match schema.index(&name) {
                            Some(ix) => {
                                if !buf.is_empty() {
                                    parts.push(Part::Text(std::mem::take(&mut buf)));
                                }
                                parts.push(Part::Field(ix));
                            }
                            None => errors.push(TemplateError { offset: i, name }),
                        }
                        i += len + 2;
                    }
                    None => {
                        errors.push(TemplateError {
                            offset: i,
                            name: String::new(),
                        });
                        i = chars.len();
                    }
                },
                c => {
                    buf.push(c);
                    i += 1;
                }
            }
        }
        if !buf.is_empty() {
            parts.push(Part::Text(buf));
        }
        if errors.is_empty() {
            Ok(Template { parts })
        } else {
            Err(errors)
        }
    }

    /// Fills the template from one record's features (`unknown` for nulls).
    pub fn render(&self, f: &Features) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Field(i) => match f.at(*i) {
                    crate::features::Value::Null => out.push_str("unknown"),
                    v => out.push_str(&v.to_string()),
                },
            }
        }
        out
    }
}
