//! The flag: the engine's output for one record (DESIGN §2.4).

use super::watchlist::Match;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Risk level, ordered from `clear` to `high`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing to review.
    Clear,
    /// Noted, no review by default.
    Low,
    /// Review (the default review level).
    Medium,
    /// Review first.
    High,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 4] = [Level::Clear, Level::Low, Level::Medium, Level::High];

    /// The spelling used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Clear => "clear",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    /// Parses `clear`, `low`, `medium` or `high`.
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule hit that contributed (or, for shadow rules, would contribute).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    /// Rule id.
    pub rule: String,
    /// Points counted (after category caps).
    pub points: i64,
    /// The rule's reason text, with fields filled in.
    pub message: String,
}

/// The screening result for one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// The record screened.
    pub record_id: String,
    /// 0..=100.
    pub score: i64,
    /// Level from the rule set's thresholds (and forced outcomes).
    pub level: Level,
    /// True from the review level up.
    pub review: bool,
    /// Rule hits, largest points first.
    pub reasons: Vec<Reason>,
    /// Watchlist matches, best first.
    pub matches: Vec<Match>,
    /// Shadow-rule hits: reported, never scored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shadow: Vec<Reason>,
    /// Rules whose required fields were missing ("insufficient data").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub insufficient: Vec<String>,
    /// `sha256:` hash of the rule pack that produced this flag.
    pub rules_version: String,
    /// `sha256:` hash of the watchlists that produced this flag.
    pub watchlists_version: String,
}
