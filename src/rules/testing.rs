//! The test runner: inline `[[rule.test]]` tables and case files
//! (`[[case]]` tables with expected level, review and rule hits), with
//! coverage of rule outcomes.

use super::{Expect, RulePack, Status};
use crate::model::Level;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One test's result.
#[derive(Clone, Debug)]
pub struct TestResult {
    /// The rule id (inline tests) or the case file name.
    pub group: String,
    /// The test name.
    pub name: String,
    /// `file:line`.
    pub location: String,
    /// Passed or not.
    pub passed: bool,
    /// What went wrong (empty when passed).
    pub detail: String,
}

/// Which outcomes the tests asserted per rule.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Rule id → outcomes asserted by passing tests.
    pub seen: BTreeMap<String, BTreeSet<&'static str>>,
    /// Rule id → outcomes that count (hit, no-hit).
    pub wanted: BTreeMap<String, Vec<&'static str>>,
}

impl Coverage {
    /// Percentage of (rule, hit / no-hit) pairs asserted by a passing test.
    pub fn percent(&self) -> f64 {
        let total: usize = self.wanted.values().map(Vec::len).sum();
        if total == 0 {
            return 100.0;
        }
        let covered: usize = self
            .wanted
            .iter()
            .map(|(r, w)| {
                w.iter()
                    .filter(|o| self.seen.get(r).is_some_and(|s| s.contains(*o)))
                    .count()
            })
            .sum();
        100.0 * covered as f64 / total as f64
    }

    /// (rule, outcome) pairs never asserted, including `insufficient` for
    /// rules with `requires` (reported, not counted in the percentage).
    pub fn missing(&self, pack: &RulePack) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        for r in pack.rules.iter().filter(|r| r.status != Status::Disabled) {
            let seen = self.seen.get(&r.id);
            let mut kinds = vec!["hit", "no-hit"];
            if !r.requires.is_empty() {
                kinds.push("insufficient");
            }
            for k in kinds {
                if !seen.is_some_and(|s| s.contains(k)) {
                    out.push((r.id.clone(), k));
                }
            }
        }
        out
    }
}

/// The results of a test run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every test, inline tests first.
    pub results: Vec<TestResult>,
    /// Outcome coverage.
    pub coverage: Coverage,
}

impl Report {
    /// Number of failed tests.
    pub fn failed(&self) -> usize {
        self.results.iter().filter(|r| !r.passed).count()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCases {
    #[serde(default)]
    case: Vec<RawCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    record: Option<toml::Table>,
    features: Option<toml::Table>,
    #[serde(default)]
    unknown: Vec<String>,
    level: Option<String>,
    review: Option<bool>,
    #[serde(default)]
    hits: Vec<String>,
    #[serde(default)]
    no_hits: Vec<String>,
}

/// Runs the pack's inline tests and the case files in `cases` (a directory
/// of `*.toml` files; missing is fine).
pub fn run(pack: &RulePack, cases: Option<&Path>) -> anyhow::Result<Report> {
    let mut report = Report::default();
    for r in pack.rules.iter().filter(|r| r.status != Status::Disabled) {
        report
            .coverage
            .wanted
            .insert(r.id.clone(), vec!["hit", "no-hit"]);
    }
    for (ri, rule) in pack.rules.iter().enumerate() {
        for t in &rule.tests {
            let f = t.input.features(pack);
            let got = Expect::of(&pack.rules[ri].evaluate(&f));
            let passed = got == Some(t.expect);
            if passed {
                report
                    .coverage
                    .seen
                    .entry(rule.id.clone())
                    .or_default()
                    .insert(t.expect.as_str());
            }
            let detail = if passed {
                String::new()
            } else {
                format!(
                    "expected {}, got {}",
                    t.expect.as_str(),
                    got.map(Expect::as_str).unwrap_or("disabled")
                )
            };
            report.results.push(TestResult {
                group: rule.id.clone(),
                name: t.name.clone(),
                location: format!("{}:{}", t.file, t.line),
                passed,
                detail,
            });
        }
    }
    if let Some(dir) = cases.filter(|d| d.is_dir()) {
        let mut paths: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for p in paths {
            run_case_file(pack, &p, &mut report)?;
        }
    }
    Ok(report)
}

fn run_case_file(pack: &RulePack, path: &Path, report: &mut Report) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let raw: RawCases = toml::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.message()))?;
    for c in raw.case {
        let line = text
            .find(&format!("\"{}\"", c.name))
            .map(|i| text[..i].matches('\n').count() + 1)
            .unwrap_or(0);
        let mut problems = Vec::new();
        let mut asserted = Vec::new();
        match super::load::case_input(c.record.as_ref(), c.features.as_ref(), &c.unknown) {
            Err(e) => problems.push(e),
            Ok(input) => {
                let f = input.features(pack);
                let outcomes = pack.evaluate(&f);
                let scored = crate::score::score(&pack.scoring, &pack.rules, &outcomes, &f);
                if let Some(l) = &c.level {
                    match Level::parse(l) {
                        Some(l) if l == scored.level => {}
                        Some(l) => problems.push(format!(
                            "expected level {l}, got {} (score {})",
                            scored.level, scored.score
                        )),
                        None => problems.push(format!("`{l}` is not a level")),
                    }
                }
                if let Some(r) = c.review {
                    if r != scored.review {
                        problems.push(format!("expected review {r}, got {}", scored.review));
                    }
                }
                for (ids, want) in [(&c.hits, Expect::Hit), (&c.no_hits, Expect::NoHit)] {
                    for id in ids {
                        match pack.rules.iter().position(|r| &r.id == id) {
                            None => problems.push(format!("no rule `{id}`")),
                            Some(i) => {
                                let got = Expect::of(&outcomes[i]);
                                if got == Some(want) {
                                    asserted.push((id.clone(), want.as_str()));
                                } else {
                                    problems.push(format!(
                                        "rule `{id}`: expected {}, got {}",
                                        want.as_str(),
                                        got.map(Expect::as_str).unwrap_or("disabled")
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
        let passed = problems.is_empty();
        if passed {
            for (id, k) in asserted {
                report.coverage.seen.entry(id).or_default().insert(k);
            }
        }
        report.results.push(TestResult {
            group: file.clone(),
            name: c.name,
            location: format!("{}:{line}", path.display()),
            passed,
            detail: problems.join("; "),
        });
    }
    Ok(())
}
