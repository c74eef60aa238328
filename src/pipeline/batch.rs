//! The batch driver: manifests (plus earlier history) in, one flag per
//! record out, with the counts that reconcile `read = screened + rejected`.

use crate::engine::Engine;
use crate::features::patterns::{PatternFeatures, PatternState};
use crate::ingest::{self, IngestOptions, Ingested, Reject};
use crate::model::{Flag, Level, Traveller};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to screen.
#[derive(Clone, Debug, Default)]
pub struct BatchOptions {
    /// Manifest files of this run.
    pub manifests: Vec<PathBuf>,
    /// Earlier manifests: context for pattern features, not screened.
    pub history: Vec<PathBuf>,
    /// How to read both.
    pub ingest: IngestOptions,
}

/// The outcome of a run.
pub struct BatchOutput {
    /// Screened records with their flags, in input order.
    pub screened: Vec<(Traveller, Flag)>,
    /// Rejected rows of the run's manifests.
    pub rejects: Vec<Reject>,
    /// Rejected rows of the history files (reported, not screened).
    pub history_rejects: Vec<Reject>,
    /// Counts and timings.
    pub summary: Summary,
}

/// Run counts for the end-of-run summary.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    /// Rows read from the run's manifests.
    pub read: usize,
    /// Records screened.
    pub screened: usize,
    /// Rows rejected.
    pub rejected: usize,
    /// History records used as context.
    pub history: usize,
    /// Records per level.
    pub levels: Vec<(String, usize)>,
    /// Records marked for review.
    pub review: usize,
    /// Rule ids by number of hits, most first.
    pub top_rules: Vec<(String, usize)>,
    /// Wall time.
    pub elapsed_secs: f64,
}

impl Summary {
    /// Records per second over the whole run.
    pub fn records_per_sec(&self) -> f64 {
        if self.elapsed_secs > 0.0 {
            self.read as f64 / self.elapsed_secs
        } else {
            0.0
        }
    }
}

/// Reads history files one at a time into a pattern state, so a 90-day
/// history never has to be held as whole records. Returns the state, the
/// number of history records and their rejects.
pub fn load_history(
    engine: &Engine,
    paths: &[PathBuf],
    opts: &IngestOptions,
) -> Result<(PatternState, usize, Vec<Reject>)> {
    let mut state = PatternState::new(engine.pack.patterns.clone());
    let mut count = 0;
    let mut rejects = Vec::new();
    for p in paths {
        let one = ingest::read_manifests(std::slice::from_ref(p), opts)?;
        count += one.travellers.len();
        rejects.extend(one.rejects);
        state.observe_all(&one.travellers);
    }
    Ok((state, count, rejects))
}

/// Computes relational features for every record of a run: `state` holds
/// the history, the run is added, and each record sees only what happened
/// at or before its own crossing.
pub fn features_with_state(mut state: PatternState, run: &[Traveller]) -> Vec<PatternFeatures> {
    state.observe_all(run);
    run.par_iter().map(|t| state.features(t)).collect()
}

/// Relational features for a run given history records held in memory
/// (`rules explain`, `rules diff`, tests).
pub fn pattern_features(
    engine: &Engine,
    history: &[Traveller],
    run: &[Traveller],
) -> Vec<PatternFeatures> {
    let mut state = PatternState::new(engine.pack.patterns.clone());
    state.observe_all(history);
    features_with_state(state, run)
}

/// Reads, screens and counts. `progress` is called with the number of
/// records screened so far (from several threads).
pub fn run(
    engine: &Engine,
    opts: &BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BatchOutput> {
    let start = Instant::now();
    let (state, history, history_rejects) = load_history(engine, &opts.history, &opts.ingest)?;
    let Ingested {
        travellers,
        rejects,
        read,
        ..
    } = ingest::read_manifests(&opts.manifests, &opts.ingest)?;
    tracing::info!(read, rejected = rejects.len(), history, "manifests read");
    let patterns = features_with_state(state, &travellers);
    // Each distinct name is matched against the lists once.
    let names: Vec<&str> = travellers.iter().map(|t| t.full_name.as_str()).collect();
    let hits = engine.watchlists.name_hits_all(&names);
    let flags: Vec<Flag> = travellers
        .par_iter()
        .zip(patterns.par_iter())
        .enumerate()
        .map(|(i, (t, p))| {
            let f = engine.screen_with(t, p, Some(hits.get(i)));
            progress(1);
            f
        })
        .collect();
    let screened: Vec<(Traveller, Flag)> = travellers.into_iter().zip(flags).collect();
    let summary = summarise(read, &screened, rejects.len(), history, start.elapsed());
    Ok(BatchOutput {
        screened,
        rejects,
        history_rejects,
        summary,
    })
}

fn summarise(
    read: usize,
    screened: &[(Traveller, Flag)],
    rejected: usize,
    history: usize,
    elapsed: Duration,
) -> Summary {
    let mut levels: HashMap<Level, usize> = HashMap::new();
    let mut rules: HashMap<&str, usize> = HashMap::new();
    let mut review = 0;
    for (_, f) in screened {
        *levels.entry(f.level).or_default() += 1;
        review += f.review as usize;
        for r in &f.reasons {
            *rules.entry(r.rule.as_str()).or_default() += 1;
        }
    }
    let mut top_rules: Vec<(String, usize)> =
        rules.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    top_rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Summary {
        read,
        screened: screened.len(),
        rejected,
        history,
        levels: Level::ALL
            .iter()
            .map(|l| (l.to_string(), levels.get(l).copied().unwrap_or(0)))
            .collect(),
        review,
        top_rules,
        elapsed_secs: elapsed.as_secs_f64(),
    }
}
