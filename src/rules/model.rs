//! The rule-file model as written in TOML, with byte spans for diagnostics.
//! Everything is optional here so that one missing key does not hide the
//! other problems; [`super::load`] checks what is required.

use serde::Deserialize;
use toml::Spanned;

/// Keys a `[[rule]]` table may have, in canonical (fmt) order.
pub const RULE_KEYS: &[&str] = &[
    "id", "version", "status", "title", "category", "points", "when", "requires", "reason",
    "source", "test",
];

/// Keys a `[[rule.test]]` table may have, in canonical order.
pub const TEST_KEYS: &[&str] = &["name", "record", "features", "unknown", "expect"];

/// One theme file.
#[derive(Debug, Deserialize, Default)]
pub struct RawFile {
    /// Its rules.
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
}

/// One `[[rule]]` table.
#[derive(Debug, Deserialize, Default)]
pub struct RawRule {
    /// Stable id.
    pub id: Option<Spanned<String>>,
    /// Version (string or integer).
    pub version: Option<Spanned<toml::Value>>,
    /// active, shadow or disabled.
    pub status: Option<Spanned<String>>,
    /// One-line title.
    pub title: Option<Spanned<String>>,
    /// Category (for caps).
    pub category: Option<Spanned<String>>,
    /// Points, may be negative.
    pub points: Option<Spanned<i64>>,
    /// CEL condition.
    pub when: Option<Spanned<String>>,
    /// Fields that must be known.
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
    /// Reason template.
    pub reason: Option<Spanned<String>>,
    /// Published indicator.
    pub source: Option<Spanned<String>>,
    /// Inline tests.
    #[serde(default)]
    pub test: Vec<Spanned<RawTest>>,
}

/// One `[[rule.test]]` table.
#[derive(Debug, Deserialize, Default)]
pub struct RawTest {
    /// Test name.
    pub name: Option<Spanned<String>>,
    /// Manifest fields (DESIGN §2.1); missing required ones get defaults.
    pub record: Option<Spanned<toml::Table>>,
    /// Feature overrides by name.
    pub features: Option<Spanned<toml::Table>>,
    /// Features forced to unknown.
    #[serde(default)]
    pub unknown: Vec<Spanned<String>>,
    /// hit, no-hit or insufficient.
    pub expect: Option<Spanned<String>>,
}

/// `ruleset.toml`.
#[derive(Debug, Deserialize, Default)]
pub struct RawRuleset {
    /// Level thresholds and review level.
    pub levels: Option<Spanned<RawLevels>>,
    /// Category to cap on positive points.
    #[serde(default)]
    pub caps: toml::Table,
    /// Forced outcomes.
    #[serde(default)]
    pub forced: Vec<Spanned<RawForced>>,
}

/// `[levels]`.
#[derive(Debug, Deserialize, Default)]
pub struct RawLevels {
    /// Minimum score for low.
    pub low: Option<Spanned<i64>>,
    /// Minimum score for medium.
    pub medium: Option<Spanned<i64>>,
    /// Minimum score for high.
    pub high: Option<Spanned<i64>>,
    /// Review from this level up.
    pub review: Option<Spanned<String>>,
}

/// `[[forced]]`.
#[derive(Debug, Deserialize, Default)]
pub struct RawForced {
    /// Id shown in reasons.
    pub id: Option<Spanned<String>>,
    /// CEL condition.
    pub when: Option<Spanned<String>>,
    /// Minimum level when it holds.
    pub level: Option<Spanned<String>>,
    /// Reason template.
    pub reason: Option<Spanned<String>>,
}

/// Keys of `ruleset.toml` tables, for unknown-key checks.
pub const RULESET_KEYS: &[&str] = &["levels", "caps", "forced"];
/// Keys of `[levels]`.
pub const LEVEL_KEYS: &[&str] = &["low", "medium", "high", "review"];
/// Keys of `[[forced]]`.
pub const FORCED_KEYS: &[&str] = &["id", "when", "level", "reason"];
