//! Rule files: model, check/compile, evaluate, test runner, explain, fmt
//! and diff.
//!
//! A pack is a directory: `ruleset.toml` (scoring), theme files (`*.toml`,
//! each with `[[rule]]` tables) and `tables/`. [`RulePack::load_dir`] reads
//! one, [`RulePack::default_pack`] uses the one embedded in the binary.
//! Conditions are CEL, checked against the feature schema and compiled to
//! closures ([`compile`]); see docs/rules.md.

pub mod compile;
pub mod diag;
pub mod diff;
pub mod explain;
pub mod fmt;
pub mod input;
pub mod load;
pub mod model;
pub mod pack;
pub mod template;
pub mod testing;

use crate::features::patterns::PatternConfig;
use crate::features::record::Tables;
use crate::features::Features;
use crate::names::NameRules;
use crate::score::Scoring;
use crate::watchlist::MatchConfig;
use compile::Condition;
use diag::Diagnostic;
use pack::PackFiles;
use std::path::Path;
use template::Template;

/// A rule's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Scored.
    Active,
    /// Evaluated and reported in `shadow`, never scored.
    Shadow,
    /// Not evaluated.
    Disabled,
}

impl Status {
    /// The spelling used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Shadow => "shadow",
            Status::Disabled => "disabled",
        }
    }
}

/// What an inline test expects of its rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expect {
    /// The condition holds.
    Hit,
    /// The condition does not hold.
    NoHit,
    /// Data is missing.
    Insufficient,
}

impl Expect {
    /// Parses `hit`, `no-hit` or `insufficient`.
    pub fn parse(s: &str) -> Option<Expect> {
        match s {
            "hit" => Some(Expect::Hit),
            "no-hit" => Some(Expect::NoHit),
            "insufficient" => Some(Expect::Insufficient),
            _ => None,
        }
    }

    /// The spelling used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Hit => "hit",
            Expect::NoHit => "no-hit",
            Expect::Insufficient => "insufficient",
        }
    }

    /// The kind of an outcome (`None` for a disabled rule).
    pub fn of(o: &Outcome) -> Option<Expect> {
        match o {
            Outcome::Hit { .. } => Some(Expect::Hit),
            Outcome::NoHit => Some(Expect::NoHit),
            Outcome::Insufficient { .. } => Some(Expect::Insufficient),
            Outcome::Disabled => None,
        }
    }
}

/// An inline test of one rule.
#[derive(Clone, Debug)]
pub struct RuleTest {
    /// Name.
    pub name: String,
    /// The record and overrides.
    pub input: input::TestInput,
    /// Expected outcome.
    pub expect: Expect,
    /// File it is written in.
    pub file: String,
    /// Line of its table.
    pub line: usize,
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Status.
    pub status: Status,
    /// One-line title.
    pub title: String,
    /// Category (for caps).
    pub category: String,
    /// Points (negative for mitigating facts).
    pub points: i64,
    /// The compiled `when` condition.
    pub condition: Condition,
    /// Schema positions of the required fields.
    pub requires: Vec<usize>,
    /// Reason template.
    pub reason: Template,
    /// The published indicator it rests on.
    pub source: String,
    /// File it is written in.
    pub file: String,
    /// Line of its `[[rule]]` table.
    pub line: usize,
    /// Inline tests.
    pub tests: Vec<RuleTest>,
}

impl Rule {
    /// Evaluates the rule on one record.
    pub fn evaluate(&self, f: &Features) -> Outcome {
        if self.status == Status::Disabled {
            return Outcome::Disabled;
        }
        if self.requires.iter().any(|&i| f.at(i).is_null()) {
            return Outcome::Insufficient {
                missing: self.missing(&self.requires, f),
            };
        }
        match self.condition.eval(f) {
            Some(true) => Outcome::Hit {
                message: self.reason.render(f),
            },
            Some(false) => Outcome::NoHit,
            None => Outcome::Insufficient {
                missing: self.missing(&self.condition.fields, f),
            },
        }
    }

    fn missing(&self, fields: &[usize], f: &Features) -> Vec<String> {
        let names = crate::features::Schema::standard().fields();
        fields
            .iter()
            .filter(|&&i| f.at(i).is_null())
            .map(|&i| names[i].name.to_string())
            .collect()
    }
}

/// What a rule made of one record.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The condition held.
    Hit {
        /// The reason with fields filled in.
        message: String,
    },
    /// The condition did not hold.
    NoHit,
    /// A required field was missing, or the condition depended on one.
    Insufficient {
        /// The missing fields.
        missing: Vec<String>,
    },
    /// The rule is disabled.
    Disabled,
}

/// Loading a pack failed.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// The directory could not be read.
    #[error("cannot read rules directory {dir}: {source}")]
    Io {
        /// The directory.
        dir: String,
        /// Why.
        source: std::io::Error,
    },
    /// The pack's files hold no rule.
    #[error(
        "rules directory {dir}: no rules (theme files, `*.toml` with `[[rule]]` tables beside `ruleset.toml`, hold none): a pack of no rules clears every record"
    )]
    NoRules {
        /// The directory.
        dir: String,
    },
    /// The pack has errors.
    #[error("{} error(s) in rules {dir}:\n{}", .diags.len(), .diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The directory.
        dir: String,
        /// Every problem found.
        diags: Vec<Diagnostic>,
    },
}

/// A loaded, checked rule pack with its tables.
#[derive(Clone, Debug)]
pub struct RulePack {
    /// Rules in file order (files sorted by name).
    pub rules: Vec<Rule>,
    /// Scoring settings.
    pub scoring: Scoring,
    /// Reference tables.
    pub tables: Tables,
    /// Name-matching data.
    pub names: NameRules,
    /// Pattern windows and thresholds.
    pub patterns: PatternConfig,
    /// Watchlist matching settings.
    pub matching: MatchConfig,
    /// `sha256:` over all pack files.
    pub version: String,
}

impl RulePack {
    /// The pack embedded in the binary. Its tests run in CI, so it loads.
    pub fn default_pack() -> RulePack {
        match load::load(&PackFiles::embedded()) {
            Ok(p) => p,
            Err(d) => panic!(
                "the embedded rule pack is invalid (run `lintas rules check rules`): {}",
                d[0]
            ),
        }
    }

    /// Loads and checks a rules directory.
    pub fn load_dir(dir: &Path) -> Result<RulePack, PackError> {
        let files = PackFiles::read_dir(dir).map_err(|source| PackError::Io {
            dir: dir.display().to_string(),
            source,
        })?;
        let pack = load::load(&files).map_err(|diags| PackError::Invalid {
            dir: dir.display().to_string(),
            diags,
        })?;
        if pack.rules.is_empty() {
            return Err(PackError::NoRules {
                dir: dir.display().to_string(),
            });
        }
        Ok(pack)
    }

    /// Evaluates every rule, in order (disabled rules give `Disabled`).
    pub fn evaluate(&self, f: &Features) -> Vec<Outcome> {
        self.rules.iter().map(|r| r.evaluate(f)).collect()
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}
