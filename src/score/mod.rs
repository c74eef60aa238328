//! Combines rule outcomes into score, level and review, following
//! `ruleset.toml`: points are summed per category and capped, the total is
//! clamped to 0..=100, thresholds give the level, and forced outcomes raise
//! it to a minimum. Shadow rules are reported, never counted.

use crate::features::Features;
use crate::model::{Level, Reason};
use crate::rules::compile::Condition;
use crate::rules::template::Template;
use crate::rules::{Outcome, Rule, Status};
use std::collections::BTreeMap;

/// A forced outcome: when its condition holds, the level is at least `level`.
#[derive(Clone, Debug)]
pub struct Forced {
    /// Id shown in reasons (`forced:<id>`).
    pub id: String,
    /// The condition.
    pub when: Condition,
    /// The minimum level.
    pub level: Level,
    /// Reason template.
    pub reason: Template,
}

/// Scoring settings from `ruleset.toml`.
#[derive(Clone, Debug)]
pub struct Scoring {
    /// Minimum score for low, medium and high.
    pub thresholds: [i64; 3],
    /// Review from this level up.
    pub review_level: Level,
    /// Cap on the positive points of a category.
    pub caps: BTreeMap<String, i64>,
    /// Forced outcomes, in file order.
    pub forced: Vec<Forced>,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            thresholds: [1, 40, 70],
            review_level: Level::Medium,
            caps: BTreeMap::new(),
            forced: Vec::new(),
        }
    }
}

/// One capped category, for the explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct Capped {
    /// Category.
    pub category: String,
    /// Positive points before the cap.
    pub before: i64,
    /// The cap.
    pub cap: i64,
}

/// The scored result, with the arithmetic behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// 0..=100.
    pub score: i64,
    /// Sum of counted points before clamping to 0..=100.
    pub raw: i64,
    /// Level.
    pub level: Level,
    /// The level the score alone gives (before forced outcomes).
    pub score_level: Level,
    /// Review flag.
    pub review: bool,
    /// Scored reasons (counted points after caps), largest first; forced
    /// outcomes appear as `forced:<id>` with 0 points.
    pub reasons: Vec<Reason>,
    /// Shadow reasons.
    pub shadow: Vec<Reason>,
    /// Rules with insufficient data.
    pub insufficient: Vec<String>,
    /// Categories whose cap cut points.
    pub capped: Vec<Capped>,
    /// Forced outcomes that held: (id, minimum level).
    pub forced: Vec<(String, Level)>,
}

impl Scoring {
    /// The level a score alone gives.
    pub fn level_of(&self, score: i64) -> Level {
        match score {
            t if t >= self.thresholds[2] => Level::High,
            t if t >= self.thresholds[1] => Level::Medium,
            t if t >= self.thresholds[0] => Level::Low,
            _ => Level::Clear,
        }
    }
}

/// Sums points with caps, applies thresholds and forced outcomes.
pub fn score(s: &Scoring, rules: &[Rule], outcomes: &[Outcome], features: &Features) -> Scored {
    let mut reasons = Vec::new();
    let mut shadow = Vec::new();
    let mut insufficient = Vec::new();
    let mut used: BTreeMap<&str, i64> = BTreeMap::new();
    let mut wanted: BTreeMap<&str, i64> = BTreeMap::new();
    for (r, o) in rules.iter().zip(outcomes) {
        match o {
            Outcome::Hit { message } if r.status == Status::Shadow => shadow.push(Reason {
                rule: r.id.clone(),
                points: r.points,
                message: message.clone(),
            }),
            Outcome::Hit { message } => {
                let mut points = r.points;
                if points > 0 {
                    *wanted.entry(&r.category).or_default() += points;
                    if let Some(cap) = s.caps.get(&r.category) {
                        let u = used.entry(&r.category).or_default();
                        points = points.min((cap - *u).max(0));
                        *u += points;
                    }
                }
                reasons.push(Reason {
                    rule: r.id.clone(),
                    points,
                    message: message.clone(),
                });
            }
            Outcome::Insufficient { .. } if r.status != Status::Disabled => {
                insufficient.push(r.id.clone())
            }
            _ => {}
        }
    }
    let capped = wanted
        .iter()
        .filter_map(|(c, w)| {
            let cap = *s.caps.get(*c)?;
            (*w > cap).then(|| Capped {
                category: c.to_string(),
                before: *w,
                cap,
            })
        })
        .collect();
    let raw: i64 = reasons.iter().map(|r| r.points).sum();
    let total = raw.clamp(0, 100);
    let score_level = s.level_of(total);
    let mut level = score_level;
    let mut forced = Vec::new();
    for f in &s.forced {
        if f.when.eval(features) == Some(true) {
            forced.push((f.id.clone(), f.level));
            level = level.max(f.level);
            reasons.push(Reason {
                rule: format!("forced:{}", f.id),
                points: 0,
                message: f.reason.render(features),
            });
        }
    }
    reasons.sort_by(|a, b| b.points.cmp(&a.points));
    Scored {
        score: total,
        raw,
        level,
        score_level,
        review: level >= s.review_level,
        reasons,
        shadow,
        insufficient,
        capped,
        forced,
    }
}
