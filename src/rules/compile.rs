//! CEL conditions: parse with the `cel` crate, check every field against the
//! feature schema, and compile the AST to typed Rust closures over
//! [`Features`]. Evaluation never allocates and never panics.
//!
//! Unknown values (`Null` features) follow CEL's error semantics: a
//! comparison with an unknown value is unknown, `false && x` is false,
//! `true || x` is true, and an unknown result means "insufficient data".

use super::diag::{closest, did_you_mean, Code};
use crate::features::{Features, FieldType, Schema, Value};
use cel::common::ast::{operators as op, Expr, IdedExpr, LiteralValue};
use std::sync::Arc;

/// A compiled boolean condition: `None` means unknown.
pub type BoolFn = Arc<dyn Fn(&Features) -> Option<bool> + Send + Sync>;
type NumFn = Arc<dyn Fn(&Features) -> Option<f64> + Send + Sync>;

/// A problem in one condition, located by character offsets within it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CondError {
    /// Error code.
    pub code: Code,
    /// Character offset of the start of the offending part.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// Hint.
    pub help: Option<String>,
}

/// A checked, compiled condition.
#[derive(Clone)]
pub struct Condition {
    /// The source text.
    pub source: String,
    /// Schema positions of every field it reads, in first-use order.
    pub fields: Vec<usize>,
    eval: BoolFn,
}

impl std::fmt::Debug for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Condition")
            .field("source", &self.source)
            .finish()
    }
}

impl Condition {
    /// Evaluates; `None` when the result depends on an unknown value.
    #[inline]
    pub fn eval(&self, f: &Features) -> Option<bool> {
        (self.eval)(f)
    }

    /// Parses, checks and compiles a condition, reporting every problem found.
    pub fn compile(source: &str) -> Result<Condition, Vec<CondError>> {
        let parsed = cel::parser::Parser::new().parse_with_source_info(source);
        let (expr, info) = match parsed {
            Ok(x) => x,
            Err(errs) => {
                return Err(errs
                    .errors
                    .iter()
                    .map(|e| CondError {
                        code: Code::L005,
                        offset: line_col_to_offset(source, e.pos.0, e.pos.1),
                        // The parser's own messages begin "Syntax error: ".
                        message: format!(
                            "syntax error: {}",
                            e.msg.strip_prefix("Syntax error: ").unwrap_or(&e.msg)
                        ),
                        help: Some("see docs/rules.md for the condition language".into()),
                    })
                    .collect());
            }
        };
        let mut c = Compiler {
            schema: Schema::standard(),
            info: &info,
            errors: Vec::new(),
            fields: Vec::new(),
        };
        let typed = c.compile(&expr);
        let eval = match typed {
            Some(Typed::Bool(b)) => Some(b),
            Some(other) => {
                c.err(
                    Code::L009,
                    &expr,
                    format!("the condition is a {}, not a bool", other.kind()),
                    Some("compare it, e.g. `age < 18`".into()),
                );
                None
            }
            None => None,
        };
        match eval {
            Some(eval) if c.errors.is_empty() => Ok(Condition {
                source: source.to_string(),
                fields: c.fields,
                eval,
            }),
            _ => Err(c.errors),
        }
    }
}

/// CEL parser positions are (1-based line, 1-based col); map to char offset.
fn line_col_to_offset(source: &str, line: isize, col: isize) -> usize {
    let mut offset = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i as isize + 1 == line {
            return offset + (col.max(1) as usize - 1).min(l.chars().count());
        }
        offset += l.chars().count();
    }
    0
}

/// A string operand: a field or a literal.
#[derive(Clone)]
enum Str {
    Field(usize),
    Lit(Arc<str>),
}

impl Str {
    #[inline]
    fn get<'a>(&'a self, f: &'a Features) -> Option<&'a str> {
        match self {
            Str::Field(i) => match f.at(*i) {
                Value::Str(s) => Some(s),
                _ => None,
            },
            Str::Lit(s) => Some(s),
        }
    }
}

/// A literal list element.
#[derive(Clone)]
enum Lit {
    Num(f64),
    Str(Arc<str>),
    Bool(bool),
}

enum Typed {
    Bool(BoolFn),
    Num(NumFn),
    Str(Str),
    List(Vec<Lit>),
}

impl Typed {
    fn kind(&self) -> &'static str {
        match self {
            Typed::Bool(_) => "bool",
            Typed::Num(_) => "number",
            Typed::Str(_) => "string",
            Typed::List(_) => "list",
        }
    }
}

struct Compiler<'a> {
    schema: &'static Schema,
    info: &'a cel::common::ast::SourceInfo,
    errors: Vec<CondError>,
    fields: Vec<usize>,
}

/// The dotted name an identifier / select chain spells (`group.size`).
fn dotted(e: &Expr) -> Option<String> {
    match e {
        Expr::Ident(n) => Some(n.clone()),
        Expr::Select(s) if !s.test => dotted(&s.operand.expr).map(|p| format!("{p}.{}", s.field)),
        _ => None,
    }
}

impl Compiler<'_> {
    fn offset(&self, e: &IdedExpr) -> usize {
        self.info
            .offset_for(e.id)
            .map(|(s, _)| s as usize)
            .unwrap_or(0)
    }

    fn err(&mut self, code: Code, e: &IdedExpr, message: String, help: Option<String>) {
        let offset = self.offset(e);
        self.errors.push(CondError {
            code,
            offset,
            message,
            help,
        });
    }

    fn compile(&mut self, e: &IdedExpr) -> Option<Typed> {
        match &e.expr {
            Expr::Literal(l) => match l {
                LiteralValue::Boolean(b) => {
                    let b = *b.inner();
                    Some(Typed::Bool(Arc::new(move |_| Some(b))))
                }
                LiteralValue::Int(i) => {
                    let n = *i.inner() as f64;
                    Some(Typed::Num(Arc::new(move |_| Some(n))))
                }
                LiteralValue::UInt(i) => {
                    let n = *i.inner() as f64;
                    Some(Typed::Num(Arc::new(move |_| Some(n))))
                }
                LiteralValue::Double(d) => {
                    let n = *d.inner();
                    Some(Typed::Num(Arc::new(move |_| Some(n))))
                }
                LiteralValue::String(s) => Some(Typed::Str(Str::Lit(Arc::from(s.inner())))),
                LiteralValue::Null => {
                    self.err(Code::L008, e, "`null` is not supported".into(), Some("list the field in `requires`: a missing value gives \"insufficient data\"".into()));
                    None
                }
                LiteralValue::Bytes(_) => {
                    self.err(
                        Code::L008,
                        e,
                        "bytes literals are not supported".into(),
                        None,
                    );
                    None
                }
            },
            Expr::Ident(_) | Expr::Select(_) => self.field(e),
            Expr::List(l) => {
                let mut out = Vec::new();
                for el in &l.elements {
                    match &el.expr {
                        Expr::Literal(LiteralValue::String(s)) => {
                            out.push(Lit::Str(Arc::from(s.inner())))
                        }
                        Expr::Literal(LiteralValue::Int(i)) => {
                            out.push(Lit::Num(*i.inner() as f64))
                        }
                        Expr::Literal(LiteralValue::UInt(i)) => {
                            out.push(Lit::Num(*i.inner() as f64))
                        }
                        Expr::Literal(LiteralValue::Double(d)) => out.push(Lit::Num(*d.inner())),
                        Expr::Literal(LiteralValue::Boolean(b)) => out.push(Lit::Bool(*b.inner())),
                        _ => {
                            self.err(
                                Code::L008,
                                el,
                                "list elements must be literals".into(),
                                Some("write the values out: `purpose in ['work', 'other']`".into()),
                            );
                            return None;
                        }
                    }
                }
                let kinds: Vec<_> = out.iter().map(std::mem::discriminant).collect();
                if kinds.windows(2).any(|w| w[0] != w[1]) {
                    self.err(Code::L007, e, "a list mixes types".into(), None);
                    return None;
                }
                Some(Typed::List(out))
            }
            Expr::Call(call) => self.call(e, call),
            Expr::Comprehension(_) => {
                self.err(
                    Code::L008,
                    e,
                    "macros (all, exists, map, filter) are not supported".into(),
                    Some("features are scalars; write the condition on them directly".into()),
                );
                None
            }
            Expr::Map(_) | Expr::Struct(_) => {
                self.err(
                    Code::L008,
                    e,
                    "map and message literals are not supported".into(),
                    None,
                );
                None
            }
            Expr::Unspecified => {
                self.err(Code::L005, e, "empty expression".into(), None);
                None
            }
        }
    }

    fn field(&mut self, e: &IdedExpr) -> Option<Typed> {
        if let Expr::Select(s) = &e.expr {
            if s.test {
                self.err(
                    Code::L008,
                    e,
                    "`has()` is not supported".into(),
                    Some("list the field in `requires` instead".into()),
                );
                return None;
            }
        }
        let Some(name) = dotted(&e.expr) else {
            self.err(
                Code::L008,
                e,
                "field selection on an expression is not supported".into(),
                None,
            );
            return None;
        };
        let Some(i) = self.schema.index(&name) else {
            let help = did_you_mean(&self.schema.suggest(&name)).or(Some(
                "`lintas rules explain` and docs/rules.md list every field".into(),
            ));
            self.err(Code::L006, e, format!("unknown field `{name}`"), help);
            return None;
        };
        if !self.fields.contains(&i) {
            self.fields.push(i);
        }
        Some(match self.schema.fields()[i].ty {
            FieldType::Bool => Typed::Bool(Arc::new(move |f| match f.at(i) {
                Value::Bool(b) => Some(*b),
                _ => None,
            })),
            FieldType::Number => Typed::Num(Arc::new(move |f| match f.at(i) {
                Value::Num(n) => Some(*n),
                _ => None,
            })),
            FieldType::String => Typed::Str(Str::Field(i)),
        })
    }

    fn bool_arg(&mut self, e: &IdedExpr, what: &str) -> Option<BoolFn> {
        match self.compile(e)? {
            Typed::Bool(b) => Some(b),
            other => {
                self.err(
                    Code::L007,
                    e,
                    format!("{what} needs a bool, found a {}", other.kind()),
                    None,
                );
                None
            }
        }
    }

    fn num_arg(&mut self, e: &IdedExpr, what: &str) -> Option<NumFn> {
        match self.compile(e)? {
            Typed::Num(n) => Some(n),
            other => {
                self.err(
                    Code::L007,
                    e,
                    format!("{what} needs a number, found a {}", other.kind()),
                    None,
                );
                None
            }
        }
    }

    fn str_arg(&mut self, e: &IdedExpr, what: &str) -> Option<Str> {
        match self.compile(e)? {
            Typed::Str(s) => Some(s),
            other => {
                self.err(
                    Code::L007,
                    e,
                    format!("{what} needs a string, found a {}", other.kind()),
                    None,
                );
                None
            }
        }
    }

    fn call(&mut self, e: &IdedExpr, call: &cel::common::ast::CallExpr) -> Option<Typed> {
        let name = call.func_name.as_str();
        let args = &call.args;
        match (name, call.target.as_deref(), args.len()) {
            (op::LOGICAL_AND, None, 2) | (op::LOGICAL_OR, None, 2) => {
                let a = self.bool_arg(&args[0], name.trim_matches('_'));
                let b = self.bool_arg(&args[1], name.trim_matches('_'));
                let (a, b) = (a?, b?);
                Some(Typed::Bool(if name == op::LOGICAL_AND {
                    Arc::new(move |f| match a(f) {
                        Some(false) => Some(false),
                        x => match (x, b(f)) {
                            (_, Some(false)) => Some(false),
                            (Some(true), Some(true)) => Some(true),
                            _ => None,
                        },
                    })
                } else {
                    Arc::new(move |f| match a(f) {
                        Some(true) => Some(true),
                        x => match (x, b(f)) {
                            (_, Some(true)) => Some(true),
                            (Some(false), Some(false)) => Some(false),
                            _ => None,
                        },
                    })
                }))
            }
            (op::LOGICAL_NOT, None, 1) => {
                let a = self.bool_arg(&args[0], "`!`")?;
                Some(Typed::Bool(Arc::new(move |f| a(f).map(|x| !x))))
            }
            (op::CONDITIONAL, None, 3) => {
                let c = self.bool_arg(&args[0], "`?:`");
                let t = self.compile(&args[1]);
                let el = self.compile(&args[2]);
                match (c?, t?, el?) {
                    (c, Typed::Bool(t), Typed::Bool(el)) => Some(Typed::Bool(Arc::new(move |f| {
                        c(f).and_then(|x| if x { t(f) } else { el(f) })
                    }))),
                    (c, Typed::Num(t), Typed::Num(el)) => Some(Typed::Num(Arc::new(move |f| {
                        c(f).and_then(|x| if x { t(f) } else { el(f) })
                    }))),
                    (_, t, el) => {
                        self.err(
                            Code::L007,
                            e,
                            format!(
                                "`?:` branches must both be bool or both numbers, found {} and {}",
                                t.kind(),
                                el.kind()
                            ),
                            None,
                        );
                        None
                    }
                }
            }
            (op::NEGATE, None, 1) => {
                let a = self.num_arg(&args[0], "`-`")?;
                Some(Typed::Num(Arc::new(move |f| a(f).map(|x| -x))))
            }
            (op::ADD | op::SUBSTRACT | op::MULTIPLY | op::DIVIDE | op::MODULO, None, 2) => {
                let sym = name.trim_matches('_');
                let a = self.num_arg(&args[0], &format!("`{sym}`"));
                let b = self.num_arg(&args[1], &format!("`{sym}`"));
                let (a, b) = (a?, b?);
                let f: NumFn = match name {
                    op::ADD => Arc::new(move |f| Some(a(f)? + b(f)?)),
                    op::SUBSTRACT => Arc::new(move |f| Some(a(f)? - b(f)?)),
                    op::MULTIPLY => Arc::new(move |f| Some(a(f)? * b(f)?)),
                    op::DIVIDE => Arc::new(move |f| {
                        let d = b(f)?;
                        (d != 0.0).then(|| a(f)).flatten().map(|n| n / d)
                    }),
                    _ => Arc::new(move |f| {
                        let d = b(f)?;
                        (d != 0.0).then(|| a(f)).flatten().map(|n| n % d)
                    }),
                };
                Some(Typed::Num(f))
            }
            (
                op::EQUALS
                | op::NOT_EQUALS
                | op::LESS
                | op::LESS_EQUALS
                | op::GREATER
                | op::GREATER_EQUALS,
                None,
                2,
            ) => self.compare(e, name, &args[0], &args[1]),
            (op::IN, None, 2) => self.in_list(e, &args[0], &args[1]),
            ("size", None, 1) | ("size", Some(_), 0) => {
                let target = call.target.as_deref().unwrap_or(&args[0]);
                let s = self.str_arg(target, "`size()`")?;
                Some(Typed::Num(Arc::new(move |f| {
                    s.get(f).map(|x| x.chars().count() as f64)
                })))
            }
            ("startsWith" | "endsWith" | "contains", Some(t), 1) => {
                let s = self.str_arg(t, &format!("`{name}()`"));
                let p = self.str_arg(&args[0], &format!("`{name}()`"));
                let (s, p) = (s?, p?);
                let f: BoolFn = match name {
                    "startsWith" => Arc::new(move |f| Some(s.get(f)?.starts_with(p.get(f)?))),
                    "endsWith" => Arc::new(move |f| Some(s.get(f)?.ends_with(p.get(f)?))),
                    _ => Arc::new(move |f| Some(s.get(f)?.contains(p.get(f)?))),
                };
                Some(Typed::Bool(f))
            }
            ("matches", Some(t), 1) => {
                let s = self.str_arg(t, "`matches()`")?;
                let pattern = match &args[0].expr {
                    Expr::Literal(LiteralValue::String(p)) => p.inner().to_string(),
                    _ => {
                        self.err(
                            Code::L008,
                            &args[0],
                            "`matches()` needs a literal pattern".into(),
                            None,
                        );
                        return None;
                    }
                };
                match regex::Regex::new(&pattern) {
                    Ok(re) => Some(Typed::Bool(Arc::new(move |f| {
                        s.get(f).map(|x| re.is_match(x))
                    }))),
                    Err(err) => {
                        self.err(
                            Code::L007,
                            &args[0],
                            format!("invalid regular expression: {err}"),
                            None,
                        );
                        None
                    }
                }
            }
            _ => {
                let known = ["size", "startsWith", "endsWith", "contains", "matches"];
                let help = did_you_mean(&closest(name, &known))
                    .or(Some(format!("supported functions: {}", known.join(", "))));
                self.err(
                    Code::L008,
                    e,
                    format!(
                        "unsupported function or operator `{name}` with {} argument(s)",
                        args.len()
                    ),
                    help,
                );
                None
            }
        }
    }

    fn compare(&mut self, e: &IdedExpr, name: &str, l: &IdedExpr, r: &IdedExpr) -> Option<Typed> {
        let a = self.compile(l);
        let b = self.compile(r);
        let (a, b) = (a?, b?);
        let eq_only = matches!(name, op::EQUALS | op::NOT_EQUALS);
        let neg = name == op::NOT_EQUALS;
        let f: BoolFn = match (a, b) {
            (Typed::Num(a), Typed::Num(b)) => match name {
                op::EQUALS => Arc::new(move |f| Some(a(f)? == b(f)?)),
                op::NOT_EQUALS => Arc::new(move |f| Some(a(f)? != b(f)?)),
                op::LESS => Arc::new(move |f| Some(a(f)? < b(f)?)),
                op::LESS_EQUALS => Arc::new(move |f| Some(a(f)? <= b(f)?)),
                op::GREATER => Arc::new(move |f| Some(a(f)? > b(f)?)),
                _ => Arc::new(move |f| Some(a(f)? >= b(f)?)),
            },
            (Typed::Str(a), Typed::Str(b)) => match name {
                op::EQUALS => Arc::new(move |f| Some(a.get(f)? == b.get(f)?)),
                op::NOT_EQUALS => Arc::new(move |f| Some(a.get(f)? != b.get(f)?)),
                op::LESS => Arc::new(move |f| Some(a.get(f)? < b.get(f)?)),
                op::LESS_EQUALS => Arc::new(move |f| Some(a.get(f)? <= b.get(f)?)),
                op::GREATER => Arc::new(move |f| Some(a.get(f)? > b.get(f)?)),
                _ => Arc::new(move |f| Some(a.get(f)? >= b.get(f)?)),
            },
            (Typed::Bool(a), Typed::Bool(b)) if eq_only => {
                Arc::new(move |f| Some((a(f)? == b(f)?) != neg))
            }
            (a, b) => {
                let sym = name.trim_matches('_');
                let help = match (&a, &b) {
                    (Typed::Str(_), Typed::Num(_)) | (Typed::Num(_), Typed::Str(_)) => {
                        Some("quote numbers only when the field is a string; numbers are written bare: `age < 18`".into())
                    }
                    _ => None,
                };
                self.err(
                    Code::L007,
                    e,
                    format!(
                        "cannot compare a {} with a {} using `{sym}`",
                        a.kind(),
                        b.kind()
                    ),
                    help,
                );
                return None;
            }
        };
        Some(Typed::Bool(f))
    }

    fn in_list(&mut self, e: &IdedExpr, l: &IdedExpr, r: &IdedExpr) -> Option<Typed> {
        let a = self.compile(l);
        let b = self.compile(r);
        let (a, b) = (a?, b?);
        let Typed::List(items) = b else {
            self.err(
                Code::L008,
                r,
                format!(
                    "`in` needs a list literal on the right, found a {}",
                    b.kind()
                ),
                Some("write `x in ['a', 'b']`".into()),
            );
            return None;
        };
        let mismatch = |k: &str| {
            items.iter().any(|i| match i {
                Lit::Num(_) => k != "number",
                Lit::Str(_) => k != "string",
                Lit::Bool(_) => k != "bool",
            })
        };
        if mismatch(a.kind()) {
            self.err(
                Code::L007,
                e,
                format!("`in` compares a {} with a list of other types", a.kind()),
                None,
            );
            return None;
        }
        let f: BoolFn = match a {
            Typed::Str(s) => {
                let set: Vec<Arc<str>> = items
                    .into_iter()
                    .filter_map(|i| if let Lit::Str(s) = i { Some(s) } else { None })
                    .collect();
                Arc::new(move |f| {
                    let v = s.get(f)?;
                    Some(set.iter().any(|x| &**x == v))
                })
            }
            Typed::Num(n) => {
                let set: Vec<f64> = items
                    .into_iter()
                    .filter_map(|i| if let Lit::Num(n) = i { Some(n) } else { None })
                    .collect();
                Arc::new(move |f| {
                    let v = n(f)?;
                    Some(set.contains(&v))
                })
            }
            Typed::Bool(b) => {
                let set: Vec<bool> = items
                    .into_iter()
                    .filter_map(|i| if let Lit::Bool(b) = i { Some(b) } else { None })
                    .collect();
                Arc::new(move |f| {
                    let v = b(f)?;
                    Some(set.contains(&v))
                })
            }
            Typed::List(_) => {
                self.err(
                    Code::L008,
                    l,
                    "a list on the left of `in` is not supported".into(),
                    None,
                );
                return None;
            }
        };
        Some(Typed::Bool(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(pairs: &[(&str, Value)]) -> Features {
        let mut f = Features::from_values(vec![Value::Null; Schema::standard().fields().len()]);
        for (k, v) in pairs {
            assert!(f.set(k, v.clone()), "{k}");
        }
        f
    }

    #[test]
    fn compiles_and_evaluates() {
        let c = Condition::compile("age < 18 && purpose in ['work', 'other'] && !one_way").unwrap();
        let f = feats(&[
            ("age", Value::Num(16.0)),
            ("purpose", Value::str("work")),
            ("one_way", Value::Bool(false)),
        ]);
        assert_eq!(c.eval(&f), Some(true));
        let f = feats(&[
            ("age", Value::Num(16.0)),
            ("purpose", Value::str("tourism")),
        ]);
        assert_eq!(c.eval(&f), Some(false), "false && unknown is false");
        let f = feats(&[
            ("purpose", Value::str("work")),
            ("one_way", Value::Bool(false)),
        ]);
        assert_eq!(c.eval(&f), None, "unknown age");
    }

    #[test]
    fn dotted_fields_and_functions() {
        let c = Condition::compile(
            "watchlist.similarity >= 0.9 && watchlist.list.startsWith('POL') && size(sex) == 1",
        )
        .unwrap();
        let f = feats(&[
            ("watchlist.similarity", Value::Num(0.95)),
            ("watchlist.list", Value::str("POLRI")),
            ("sex", Value::str("F")),
        ]);
        assert_eq!(c.eval(&f), Some(true));
    }

    #[test]
    fn errors_are_coded() {
        let codes = |s: &str| {
            Condition::compile(s)
                .unwrap_err()
                .iter()
                .map(|e| e.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("agee < 18"), vec![Code::L006]);
        assert_eq!(codes("age < '18'"), vec![Code::L007]);
        assert_eq!(codes("age +"), vec![Code::L005]);
        assert_eq!(codes("age"), vec![Code::L009]);
        assert_eq!(codes("int(age) < 18"), vec![Code::L008]);
        assert_eq!(codes("[1, 2].exists(x, x > 1)"), vec![Code::L008]);
        assert_eq!(
            codes("agee < 1 || purposee == 'x'"),
            vec![Code::L006, Code::L006]
        );
    }
}
