//! Combines rule outcomes into score, level and review.
//! (Placeholder: the [rules] work fills this in.)

use crate::model::{Level, Reason};
use crate::rules::{Outcome, Rule, Status};

/// Scoring settings from `ruleset.toml`.
#[derive(Clone, Debug)]
pub struct Scoring {
    /// Minimum score for low, medium and high.
    pub thresholds: [i64; 3],
    /// Review from this level up.
    pub review_level: Level,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring { thresholds: [1, 40, 70], review_level: Level::Medium }
    }
}

/// The scored result.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// 0..=100.
    pub score: i64,
    /// Level.
    pub level: Level,
    /// Review flag.
    pub review: bool,
    /// Scored reasons.
    pub reasons: Vec<Reason>,
    /// Shadow reasons.
    pub shadow: Vec<Reason>,
    /// Rules with insufficient data.
    pub insufficient: Vec<String>,
}

/// Sums points, applies thresholds.
pub fn score(s: &Scoring, rules: &[Rule], outcomes: &[Outcome]) -> Scored {
    let mut reasons = Vec::new();
    let mut shadow = Vec::new();
    let mut insufficient = Vec::new();
    for (r, o) in rules.iter().zip(outcomes) {
        match o {
            Outcome::Hit { message } => {
                let reason = Reason { rule: r.id.clone(), points: r.points, message: message.clone() };
                if r.status == Status::Shadow {
                    shadow.push(reason)
                } else {
                    reasons.push(reason)
                }
            }
            Outcome::Insufficient { .. } => insufficient.push(r.id.clone()),
            Outcome::NoHit => {}
        }
    }
    let total: i64 = reasons.iter().map(|r| r.points).sum::<i64>().clamp(0, 100);
    let level = match total {
        t if t >= s.thresholds[2] => Level::High,
        t if t >= s.thresholds[1] => Level::Medium,
        t if t >= s.thresholds[0] => Level::Low,
        _ => Level::Clear,
    };
    Scored { score: total, level, review: level >= s.review_level, reasons, shadow, insufficient }
}
