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
    reasons.sort_by_key(|r| std::cmp::Reverse(r.points));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{Schema, Value};
    use crate::rules::diag::SourceFile;
    use crate::rules::pack::PackFiles;

    fn pack() -> crate::rules::RulePack {
        let rule = |id: &str, cat: &str, pts: i64, status: &str, when: &str| {
            format!("[[rule]]\nid = \"{id}\"\nstatus = \"{status}\"\ntitle = \"t\"\ncategory = \"{cat}\"\npoints = {pts}\nwhen = \"{when}\"\nreason = \"r {id}\"\nsource = \"s\"\n\n")
        };
        let theme = [
            rule(
                "a",
                "recruiter",
                45,
                "active",
                "sponsor_status == 'revoked'",
            ),
            rule(
                "b",
                "recruiter",
                30,
                "active",
                "sponsor_status == 'revoked'",
            ),
            rule("m", "purpose", -10, "active", "!one_way"),
            rule("s", "purpose", 99, "shadow", "one_way"),
            rule("d", "purpose", 99, "disabled", "true"),
        ]
        .concat();
        let ruleset = "[levels]\nlow = 1\nmedium = 40\nhigh = 70\nreview = \"medium\"\n[caps]\nrecruiter = 60\n\n[[forced]]\nid = \"wl\"\nwhen = \"watchlist.category == 'missing-person'\"\nlevel = \"high\"\nreason = \"listed\"\n";
        let files = PackFiles {
            files: vec![
                SourceFile {
                    name: "ruleset.toml".into(),
                    text: ruleset.into(),
                },
                SourceFile {
                    name: "t.toml".into(),
                    text: theme,
                },
            ],
        };
        crate::rules::load::load(&files).unwrap()
    }

    fn feats(pairs: &[(&str, Value)]) -> Features {
        let mut f = Features::from_values(vec![Value::Null; Schema::standard().fields().len()]);
        for (k, v) in pairs {
            f.set(k, v.clone());
        }
        f
    }

    #[test]
    fn caps_shadow_and_mitigation() {
        let p = pack();
        let f = feats(&[
            ("sponsor_status", Value::str("revoked")),
            ("one_way", Value::Bool(true)),
            ("watchlist.category", Value::str("")),
        ]);
        let s = score(&p.scoring, &p.rules, &p.evaluate(&f), &f);
        assert_eq!(s.score, 60, "45 + 30 capped at 60");
        assert_eq!(
            s.capped,
            vec![Capped {
                category: "recruiter".into(),
                before: 75,
                cap: 60
            }]
        );
        assert_eq!(s.level, Level::Medium);
        assert!(s.review);
        assert_eq!(s.shadow.len(), 1, "shadow rule reported");
        assert!(s.reasons.iter().all(|r| r.rule != "s" && r.rule != "d"));
        let f = feats(&[
            ("sponsor_status", Value::str("revoked")),
            ("one_way", Value::Bool(false)),
            ("watchlist.category", Value::str("")),
        ]);
        let s = score(&p.scoring, &p.rules, &p.evaluate(&f), &f);
        assert_eq!((s.score, s.level), (50, Level::Medium));
    }

    #[test]
    fn forced_outcome_raises_level_not_score() {
        let p = pack();
        let f = feats(&[
            ("sponsor_status", Value::str("none")),
            ("one_way", Value::Bool(false)),
            ("watchlist.category", Value::str("missing-person")),
        ]);
        let s = score(&p.scoring, &p.rules, &p.evaluate(&f), &f);
        assert_eq!(
            (s.score, s.score_level, s.level, s.review),
            (0, Level::Clear, Level::High, true)
        );
        assert!(s
            .reasons
            .iter()
            .any(|r| r.rule == "forced:wl" && r.points == 0));
    }

    #[test]
    fn unknown_required_field_is_insufficient_not_false() {
        let p = pack();
        let f = feats(&[("watchlist.category", Value::str(""))]);
        let s = score(&p.scoring, &p.rules, &p.evaluate(&f), &f);
        assert_eq!(s.insufficient, vec!["a", "b", "m", "s"]);
        assert_eq!(s.level, Level::Clear);
    }
}
