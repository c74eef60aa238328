//! `lintas rules explain`: every rule's outcome with the values it saw, and
//! the score arithmetic up to the level.

use super::{Outcome, RulePack, Status};
use crate::engine::Screening;
use crate::features::{Features, Schema};
use std::fmt::Write;

/// `name=value` for each field a rule reads (requires first, then condition).
pub fn values_seen(rule: &super::Rule, f: &Features) -> String {
    let names = Schema::standard().fields();
    let mut fields: Vec<usize> = rule.requires.clone();
    for i in &rule.condition.fields {
        if !fields.contains(i) {
            fields.push(*i);
        }
    }
    fields
        .iter()
        .map(|&i| {
            let v = f.at(i);
            match v {
                crate::features::Value::Str(s) => format!("{}={:?}", names[i].name, &**s),
                v => format!("{}={v}", names[i].name),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders the explanation of one screening as plain text.
pub fn render(record_id: &str, pack: &RulePack, s: &Screening) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "record {record_id}    rules {}", pack.version);
    if !s.matches.is_empty() {
        let _ = writeln!(out, "\nwatchlist matches:");
        for m in &s.matches {
            let _ = writeln!(
                out,
                "  {} {} ({}) {:.2}  {}",
                m.list,
                m.entry_id,
                m.category,
                m.similarity,
                m.evidence.join(", ")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{:<34} {:<8} {:<13} {:>6}  values seen",
        "rule", "status", "outcome", "points"
    );
    for (r, o) in pack.rules.iter().zip(&s.outcomes) {
        let (outcome, pts) = match o {
            Outcome::Hit { .. } => ("HIT", format!("{:+}", r.points)),
            Outcome::NoHit => ("no hit", String::new()),
            Outcome::Insufficient { .. } => ("insufficient", String::new()),
            Outcome::Disabled => ("disabled", String::new()),
        };
        let _ = writeln!(
            out,
            "{:<34} {:<8} {:<13} {:>6}  {}",
            r.id,
            r.status.as_str(),
            outcome,
            pts,
            values_seen(r, &s.features)
        );
        match o {
            Outcome::Hit { message } => {
                let _ = writeln!(out, "{:>34}   -> {message}", "");
            }
            Outcome::Insufficient { missing } => {
                let _ = writeln!(out, "{:>34}   -> missing: {}", "", missing.join(", "));
            }
            _ => {}
        }
    }
    // Relational features are the least obvious inputs: show them all,
    // grouped, so an analyst sees what the booking and history looked like.
    let _ = writeln!(out, "\ntravel-pattern and sponsor features:");
    let mut line = String::new();
    for (name, v) in s.features.iter() {
        let relational = ["group.", "history.", "contact."]
            .iter()
            .any(|p| name.starts_with(p));
        if !(relational || name.starts_with("sponsor")) {
            continue;
        }
        let item = format!("{name}={v}");
        if line.len() + item.len() > 100 {
            let _ = writeln!(out, "  {}", line.trim_end());
            line.clear();
        }
        line.push_str(&item);
        line.push_str("  ");
    }
    if !line.is_empty() {
        let _ = writeln!(out, "  {}", line.trim_end());
    }
    let sc = &s.scored;
    let sp = &pack.scoring;
    let _ = writeln!(out, "\nscore arithmetic:");
    let mut any = false;
    for (r, o) in pack.rules.iter().zip(&s.outcomes) {
        if let (Outcome::Hit { .. }, Status::Active) = (o, r.status) {
            let counted = sc
                .reasons
                .iter()
                .find(|x| x.rule == r.id)
                .map(|x| x.points)
                .unwrap_or(r.points);
            let note = if counted != r.points {
                format!("  (of {:+}, {} cap)", r.points, r.category)
            } else {
                String::new()
            };
            let _ = writeln!(out, "  {:>+5}  {}{note}", counted, r.id);
            any = true;
        }
    }
    if !any {
        let _ = writeln!(out, "  {:>5}  (no scored rule hit)", 0);
    }
    for c in &sc.capped {
        let _ = writeln!(
            out,
            "  cap: category {} wanted {:+}, capped at {}",
            c.category, c.before, c.cap
        );
    }
    let _ = writeln!(out, "  = {} raw, clamped to 0..100 = {}", sc.raw, sc.score);
    let _ = writeln!(
        out,
        "  level by score: {} (low >= {}, medium >= {}, high >= {})",
        sc.score_level, sp.thresholds[0], sp.thresholds[1], sp.thresholds[2]
    );
    for (id, l) in &sc.forced {
        let _ = writeln!(out, "  forced outcome {id}: at least {l}");
    }
    let _ = writeln!(
        out,
        "  level: {}    review: {} (review from {})",
        sc.level,
        if sc.review { "yes" } else { "no" },
        sp.review_level
    );
    if !sc.shadow.is_empty() {
        let _ = writeln!(
            out,
            "\nshadow (not scored): {}",
            sc.shadow
                .iter()
                .map(|r| format!("{} {:+}", r.rule, r.points))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out
}
