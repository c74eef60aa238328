//! Rule files: model, compile/check, evaluate, test runner.
//! (Placeholder: the [rules] work fills this in.)

use crate::features::patterns::PatternConfig;
use crate::features::record::Tables;
use crate::features::Features;
use crate::names::NameRules;
use crate::score::Scoring;
use crate::watchlist::MatchConfig;
use std::path::Path;

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

/// A compiled rule.
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Status.
    pub status: Status,
    /// Category (for caps).
    pub category: String,
    /// Points.
    pub points: i64,
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
    /// A required field was missing.
    Insufficient {
        /// The missing fields.
        missing: Vec<String>,
    },
}

/// A loaded, checked rule pack with its tables.
pub struct RulePack {
    /// Rules in file order.
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
    /// The pack embedded in the binary.
    pub fn default_pack() -> RulePack {
        RulePack {
            rules: Vec::new(),
            scoring: Scoring::default(),
            tables: Tables::default(),
            names: NameRules::default(),
            patterns: PatternConfig::default(),
            matching: MatchConfig::default(),
            version: crate::version::hash_bytes(&[]),
        }
    }

    /// Loads and checks a rules directory.
    pub fn load_dir(_dir: &Path) -> anyhow::Result<RulePack> {
        Ok(RulePack::default_pack())
    }

    /// Evaluates every non-disabled rule, in order.
    pub fn evaluate(&self, _f: &Features) -> Vec<Outcome> {
        self.rules.iter().map(|_| Outcome::NoHit).collect()
    }
}
