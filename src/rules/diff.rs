//! Back-testing: screen the same records with two packs and report the
//! records whose level changes, with per-rule hit counts under each.

use super::{Outcome, RulePack};
use crate::engine::Engine;
use crate::features::patterns::PatternFeatures;
use crate::model::{Level, Traveller};
use std::collections::BTreeMap;

/// One record whose level changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Record id.
    pub record_id: String,
    /// Level and score under the old pack.
    pub old: (Level, i64),
    /// Level and score under the new pack.
    pub new: (Level, i64),
}

/// The comparison of two packs over the same records.
#[derive(Clone, Debug, Default)]
pub struct Diff {
    /// Records screened.
    pub records: usize,
    /// Records whose level changed, in input order.
    pub changes: Vec<Change>,
    /// Rule id → (hits under old, hits under new).
    pub hits: BTreeMap<String, (usize, usize)>,
    /// Level → (count under old, count under new).
    pub levels: BTreeMap<Level, (usize, usize)>,
}

/// Screens `travellers` with both engines (which share watchlists and
/// registry but differ in packs) and compares.
pub fn diff(
    old: &Engine,
    new: &Engine,
    travellers: &[Traveller],
    patterns: &[PatternFeatures],
) -> Diff {
    let mut d = Diff {
        records: travellers.len(),
        ..Default::default()
    };
    let none = PatternFeatures::default();
    for (i, t) in travellers.iter().enumerate() {
        let p = patterns.get(i).unwrap_or(&none);
        let a = old.screen_detailed(t, p);
        let b = new.screen_detailed(t, p);
        count(&old.pack, &a.outcomes, &mut d.hits, true);
        count(&new.pack, &b.outcomes, &mut d.hits, false);
        d.levels.entry(a.scored.level).or_default().0 += 1;
        d.levels.entry(b.scored.level).or_default().1 += 1;
        if a.scored.level != b.scored.level {
            d.changes.push(Change {
                record_id: t.record_id.clone(),
                old: (a.scored.level, a.scored.score),
                new: (b.scored.level, b.scored.score),
            });
        }
    }
    d
}

fn count(
    pack: &RulePack,
    outcomes: &[Outcome],
    hits: &mut BTreeMap<String, (usize, usize)>,
    old: bool,
) {
    for (r, o) in pack.rules.iter().zip(outcomes) {
        let e = hits.entry(r.id.clone()).or_default();
        if matches!(o, Outcome::Hit { .. }) {
            if old {
                e.0 += 1
            } else {
                e.1 += 1
            }
        }
    }
}

impl Diff {
    /// A plain-text report.
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} records, {} change level",
            self.records,
            self.changes.len()
        );
        let _ = writeln!(s, "\nlevel     old      new");
        for (l, (a, b)) in &self.levels {
            let _ = writeln!(s, "{:<8} {a:>6} {b:>8}", l.as_str());
        }
        let _ = writeln!(
            s,
            "\nrule                               old hits  new hits  change"
        );
        for (r, (a, b)) in &self.hits {
            let _ = writeln!(s, "{r:<34} {a:>8} {b:>9}  {:+}", *b as i64 - *a as i64);
        }
        if !self.changes.is_empty() {
            let _ = writeln!(s, "\nrecord               old              new");
            for c in &self.changes {
                let _ = writeln!(
                    s,
                    "{:<20} {:<6} ({:>3})     {:<6} ({:>3})",
                    c.record_id,
                    c.old.0.as_str(),
                    c.old.1,
                    c.new.0.as_str(),
                    c.new.1
                );
            }
        }
        s
    }
}
