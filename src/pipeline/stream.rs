//! The one-record-at-a-time driver shared by `lintas stream` and
//! `lintas serve`.
//!
//! A [`Screener`] holds the current engine (swappable for hot reload), the
//! travel-pattern state and the durable history store. Screening a record
//! observes it into the pattern state, asks for its features, scores it with
//! one engine snapshot, and hands back the lines the store must make durable
//! before the answer may leave. A record id seen before (a retry after a
//! timeout or a crash) is scored again but not observed or stored twice.
//!
//! Memory and disk stay bounded: every [`PRUNE_EVERY`] new crossings the
//! pattern state forgets the crossings outside its longest window plus a
//! day ([`PatternConfig::window_start`](crate::features::patterns::PatternConfig::window_start)), the seen-id set forgets the same crossings, and
//! once the history log holds as many crossings outside the window as
//! inside, the store is compacted to the window
//! ([`HistoryStore::compact`]). The same cutoff is applied at start to the
//! replayed history. A retry of a record older than the window is therefore
//! stored (and observed) again: it is outside every window, so no feature
//! of a crossing inside the window changes, and the next compaction drops
//! it again.
//!
//! [`run`] is the stream: NDJSON records in, one NDJSON flag (or error
//! object with the line number) out per line, flushed line by line.

use crate::engine::Engine;
use crate::features::patterns::{PatternState, Pruned};
use crate::ingest::{validate, FieldError, ValidateOptions};
use crate::model::{Flag, Traveller};
use crate::store::{Append, HistoryStore};
use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::{mpsc, Arc, Mutex, RwLock};

/// The engine currently serving; replaced whole on reload. A screening
/// takes one snapshot and finishes on it, whatever is swapped meanwhile.
pub struct EngineHandle {
    current: RwLock<Arc<Engine>>,
}

impl EngineHandle {
    /// Wraps a loaded engine.
    pub fn new(engine: Engine) -> EngineHandle {
        EngineHandle {
            current: RwLock::new(Arc::new(engine)),
        }
    }

    /// The engine serving now.
    pub fn get(&self) -> Arc<Engine> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Installs a new engine; requests already holding the old one finish on it.
    pub fn swap(&self, engine: Engine) -> Arc<Engine> {
        let mut g = self.current.write().unwrap_or_else(|p| p.into_inner());
        std::mem::replace(&mut *g, Arc::new(engine))
    }
}

struct History {
    state: PatternState,
    /// Record id → crossing time (unix seconds) of every crossing held in
    /// the pattern state; pruned with it.
    seen: HashMap<String, i64>,
    /// Records observed since the last prune.
    since_prune: usize,
    /// Records observed between two prunes.
    prune_every: usize,
    /// Lines in the store's log (replayed and appended since the last
    /// compaction), to decide when compacting pays.
    logged: usize,
    /// The pruned pattern state being built on its own thread, if any.
    pruning: Option<mpsc::Receiver<Pruned>>,
}

/// Records observed between two prunes of the pattern state (unless
/// `LINTAS_PRUNE_EVERY` says otherwise).
pub const PRUNE_EVERY: usize = 10_000;

/// The environment variable that overrides [`PRUNE_EVERY`] (for tests and
/// benchmarks that need pruning and compaction to happen early).
pub const PRUNE_EVERY_ENV: &str = "LINTAS_PRUNE_EVERY";

fn prune_every_from_env() -> usize {
    match std::env::var(PRUNE_EVERY_ENV) {
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => {
                tracing::warn!(value = %v, "{PRUNE_EVERY_ENV} is not a positive number; using {PRUNE_EVERY}");
                PRUNE_EVERY
            }
        },
        Err(_) => PRUNE_EVERY,
    }
}

fn to_time(ts: i64) -> DateTime<FixedOffset> {
    DateTime::from_timestamp(ts, 0)
        .unwrap_or_default()
        .fixed_offset()
}

impl History {
    /// Adds one new crossing (not seen before) to the state and the ids.
    fn observe(&mut self, t: &Traveller) {
        let ts = t.crossing_time.timestamp();
        self.seen.insert(t.record_id.clone(), ts);
        self.state.observe(t);
        self.since_prune += 1;
        self.logged += 1;
    }

    /// Every `prune_every` records, forgets crossings outside every pattern
    /// window (state and seen ids) so a long-running server keeps bounded
    /// memory. Returns the cutoff when the store's log should be compacted
    /// too: when at least half of its lines are outside the window (so the
    /// log stays under twice the window, and rewriting it costs O(1) per
    /// appended crossing, amortised).
    ///
    /// The pattern state is rebuilt on a thread of its own (rebuilding every
    /// index takes milliseconds, and the history lock would hold every
    /// request up meanwhile) and installed by a later call, with the
    /// crossings observed in between; until then the state still holds the
    /// old crossings, which no feature inside the window reads.
    fn maybe_prune(&mut self) -> Option<i64> {
        if let Some(rx) = &self.pruning {
            match rx.try_recv() {
                Ok(pruned) => {
                    self.state.adopt(pruned);
                    self.pruning = None;
                }
                Err(mpsc::TryRecvError::Empty) => return None,
                // The builder died (it cannot fail short of a panic): the
                // state stays unpruned until the next attempt.
                Err(mpsc::TryRecvError::Disconnected) => self.pruning = None,
            }
        }
        if self.since_prune < self.prune_every {
            return None;
        }
        self.since_prune = 0;
        let cutoff = self.state.config().window_start(self.state.newest())?;
        let prune = self.state.start_prune(cutoff);
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("lintas-prune".into())
            .spawn(move || {
                let _ = tx.send(prune.build());
            });
        match spawned {
            Ok(_) => self.pruning = Some(rx),
            Err(e) => {
                tracing::warn!(error = %e, "cannot start a thread to prune the pattern state; pruning in place");
                self.state.prune_before(to_time(cutoff));
            }
        }
        self.seen.retain(|_, ts| *ts >= cutoff);
        let live = self.seen.len();
        let outside = self.logged.saturating_sub(live);
        if outside > 0 && outside >= live {
            self.logged = live;
            Some(cutoff)
        } else {
            None
        }
    }
}

#[cfg(test)]
impl History {
    /// Waits for a prune being built and installs it.
    fn finish_prune(&mut self) {
        if let Some(rx) = self.pruning.take() {
            self.state
                .adopt(rx.recv().expect("the prune thread sends its result"));
        }
    }
}

/// Who asked, for the audit log.
#[derive(Clone, Debug)]
pub struct Caller {
    /// API key id (`stream` for the stream, `anonymous` without keys).
    pub key_id: String,
}

/// Engine, pattern state and store: everything needed to screen one
/// crossing and acknowledge it durably.
pub struct Screener {
    /// The engine, swappable.
    pub engine: EngineHandle,
    history: Mutex<History>,
    /// The durable history (and audit) store.
    pub store: HistoryStore,
    audit: bool,
}

impl Screener {
    /// Builds a screener and replays `history` (oldest first) into the
    /// pattern state. With `audit`, each decision adds an audit line.
    pub fn new(
        engine: Engine,
        store: HistoryStore,
        history: Vec<Traveller>,
        audit: bool,
    ) -> Screener {
        let mut state = PatternState::new(engine.pack.patterns.clone());
        let logged = history.len();
        let newest = history
            .iter()
            .map(|t| t.crossing_time.timestamp())
            .max()
            .unwrap_or(i64::MIN);
        // Only the window matters: older crossings are neither observed nor
        // remembered, and the log is compacted to the window before the
        // first new crossing is appended.
        let cutoff = state.config().window_start(newest);
        let history: Vec<Traveller> = match cutoff {
            Some(c) => history
                .into_iter()
                .filter(|t| t.crossing_time.timestamp() >= c)
                .collect(),
            None => history,
        };
        let mut seen = HashMap::with_capacity(history.len());
        for t in &history {
            seen.insert(t.record_id.clone(), t.crossing_time.timestamp());
        }
        if let Some(c) = cutoff.filter(|_| history.len() < logged) {
            tracing::info!(
                outside = logged - history.len(),
                inside = history.len(),
                "history log holds crossings outside the pattern windows; compacting it"
            );
            // Queued ahead of every append; the writer logs the outcome.
            drop(store.compact(to_time(c)));
        }
        // In bulk: the state sorts by time and ignores repeated record ids.
        state.observe_all(&history);
        Screener {
            engine: EngineHandle::new(engine),
            history: Mutex::new(History {
                state,
                seen,
                since_prune: 0,
                prune_every: prune_every_from_env(),
                logged: history.len(),
                pruning: None,
            }),
            store,
            audit,
        }
    }

    /// Crossings in the history window: replayed and screened since, less
    /// those pruned (older than the longest pattern window plus a day).
    pub fn history_len(&self) -> usize {
        self.history
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .seen
            .len()
    }

    /// Screens records with one engine snapshot. New records are observed
    /// first (all of them, as batch observes a whole run), then each gets
    /// its features and its flag. Returns the flags and the lines to make
    /// durable before answering.
    pub fn screen(&self, records: &[Traveller], caller: &Caller) -> (Vec<Flag>, Append) {
        let engine = self.engine.get();
        let mut append = Append::default();
        let features = {
            let mut h = self.history.lock().unwrap_or_else(|p| p.into_inner());
            for t in records {
                if !h.seen.contains_key(&t.record_id) {
                    h.observe(t);
                    append.push_traveller(t);
                } else {
                    tracing::info!(record_id = %t.record_id, "record id seen before: scored again, not stored twice");
                }
            }
            let features = records
                .iter()
                .map(|t| h.state.features(t))
                .collect::<Vec<_>>();
            if let Some(cutoff) = h.maybe_prune() {
                // Queued under the history lock, so before the appends of
                // every crossing observed after this prune (they go on
                // while it copies, and land in the new log). Not awaited:
                // the writer logs the outcome.
                drop(self.store.compact(to_time(cutoff)));
            }
            features
        };
        let flags: Vec<Flag> = records
            .iter()
            .zip(&features)
            .map(|(t, p)| engine.screen(t, p))
            .collect();
        if self.audit {
            let time = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            for f in &flags {
                append.push_audit(&serde_json::json!({
                    "time": time,
                    "key_id": caller.key_id,
                    "record_id": f.record_id,
                    "rules_version": f.rules_version,
                    "watchlists_version": f.watchlists_version,
                    "score": f.score,
                    "level": f.level,
                    "review": f.review,
                }));
            }
        }
        (flags, append)
    }

    /// Screens and waits until the crossings are durable (outside async code).
    pub fn screen_durable(
        &self,
        records: &[Traveller],
        caller: &Caller,
    ) -> Result<Vec<Flag>, String> {
        let (flags, append) = self.screen(records, caller);
        if !append.is_empty() {
            self.store.append_blocking(append)?;
        }
        Ok(flags)
    }
}

pub use crate::ingest::record_from_json;

/// Validates one JSON record into a traveller, with every field error.
/// The single conversion used by both stream and server.
pub fn traveller_from_json(
    value: &serde_json::Value,
    source: &str,
    row: u64,
) -> Result<Traveller, Vec<FieldError>> {
    let raw = record_from_json(value, source, row)?;
    validate(&raw, &ValidateOptions::default())
}

/// The error object written for a bad line.
pub fn error_line(
    line: u64,
    error: &str,
    record_id: Option<&str>,
    errors: &[FieldError],
) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert("error".into(), error.into());
    m.insert("line".into(), line.into());
    if let Some(id) = record_id {
        m.insert("record_id".into(), id.into());
    }
    if !errors.is_empty() {
        let list: Vec<serde_json::Value> = errors
            .iter()
            .map(|e| serde_json::json!({"field": e.field, "reason": e.reason}))
            .collect();
        m.insert("errors".into(), list.into());
    }
    serde_json::Value::Object(m)
}

/// Counts of one stream run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamSummary {
    /// Non-blank lines read.
    pub read: u64,
    /// Records screened.
    pub screened: u64,
    /// Lines answered with an error object.
    pub errors: u64,
}

/// Reads NDJSON records from `input` and writes one line per record to
/// `out`: the flag, or an error object carrying the line number. Blank lines
/// are skipped (but counted in line numbers). Stops with an error only when
/// the history store or the output fails.
pub fn run<R: BufRead, W: Write>(
    screener: &Screener,
    mut input: R,
    mut out: W,
) -> Result<StreamSummary> {
    let caller = Caller {
        key_id: "stream".into(),
    };
    let mut summary = StreamSummary::default();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .context("cannot read stdin")?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        summary.read += 1;
        let reply = match screen_line(screener, &caller, line, line_no) {
            Ok(flag) => {
                summary.screened += 1;
                serde_json::to_vec(&flag).context("cannot serialise a flag")?
            }
            Err(LineError::Bad(v)) => {
                summary.errors += 1;
                v.to_string().into_bytes()
            }
            Err(LineError::Store(e)) => {
                anyhow::bail!(
                    "line {line_no}: the crossing could not be stored durably, stopping: {e}"
                )
            }
        };
        out.write_all(&reply)
            .and_then(|_| out.write_all(b"\n"))
            .and_then(|_| out.flush())
            .context("cannot write stdout")?;
    }
    Ok(summary)
}

enum LineError {
    Bad(serde_json::Value),
    Store(String),
}

fn screen_line(
    screener: &Screener,
    caller: &Caller,
    line: &[u8],
    line_no: u64,
) -> Result<Flag, LineError> {
    if let Err(e) = std::str::from_utf8(line) {
        return Err(LineError::Bad(error_line(
            line_no,
            &format!("not valid UTF-8 ({e})"),
            None,
            &[],
        )));
    }
    let value = crate::ingest::json::from_slice(line).map_err(|e| {
        LineError::Bad(error_line(
            line_no,
            &format!("malformed JSON: {e}"),
            None,
            &[],
        ))
    })?;
    let record_id = value
        .get("record_id")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let t = traveller_from_json(&value, "stdin", line_no).map_err(|errs| {
        tracing::info!(
            line = line_no,
            record_id = record_id.as_deref().unwrap_or(""),
            "invalid record"
        );
        LineError::Bad(error_line(
            line_no,
            "invalid record",
            record_id.as_deref(),
            &errs,
        ))
    })?;
    let mut flags = screener
        .screen_durable(std::slice::from_ref(&t), caller)
        .map_err(LineError::Store)?;
    flags
        .pop()
        .ok_or_else(|| LineError::Store("no flag produced".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::EngineOptions;

    fn screener() -> Screener {
        let engine = Engine::load(&EngineOptions::default()).unwrap();
        Screener::new(
            engine,
            HistoryStore::ephemeral(None).unwrap(),
            Vec::new(),
            false,
        )
    }

    #[test]
    fn a_line_that_is_not_utf8_is_told_so() {
        let s = screener();
        let caller = Caller {
            key_id: "test".into(),
        };
        match screen_line(&s, &caller, b"{\"full_name\": \"JOS\xC9\"}", 7) {
            Err(LineError::Bad(v)) => {
                assert!(
                    v["error"].as_str().unwrap().starts_with("not valid UTF-8"),
                    "{v}"
                );
                assert_eq!(v["line"], 7);
            }
            _ => panic!("a Latin-1 line was read"),
        }
    }

    #[test]
    fn long_running_state_forgets_crossings_outside_every_window() {
        let s = screener();
        let caller = Caller {
            key_id: "test".into(),
        };
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        // One crossing every 20 minutes for 200 days, screened in chunks.
        let records: Vec<Traveller> = (0..PRUNE_EVERY as i64 + 4_500)
            .map(|i| {
                let when = start.and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::minutes(20 * i);
                let v = serde_json::json!({
                    "record_id": format!("R{i}"), "direction": "arrival", "port": "CGK",
                    "crossing_time": when.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    "full_name": format!("PERSON {i}"),
                });
                crate::ingest::validate_json(&v, "t", 1, &Default::default()).unwrap()
            })
            .collect();
        for chunk in records.chunks(500) {
            s.screen(chunk, &caller);
        }
        let h = s.history.lock().unwrap();
        // 91 days of crossings at three an hour is 6,552; without pruning
        // all 14,500 would be held.
        assert!(
            h.state.len() < 14_500 && h.state.len() >= 6_552,
            "{}",
            h.state.len()
        );
    }

    /// A crossing `hours` after 2025-01-01 00:00 UTC. Even ones are one
    /// frequent traveller's departures to Malaysia, odd ones strangers.
    fn crossing(id: &str, hours: i64) -> Traveller {
        let when = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            + chrono::Duration::hours(hours);
        let (name, direction) = if hours % 2 == 0 {
            ("SITI AMINAH".to_string(), "departure")
        } else {
            (format!("STRANGER {id}"), "arrival")
        };
        let v = serde_json::json!({
            "record_id": id, "direction": direction, "port": "CGK",
            "destination_country": "MYS",
            "crossing_time": when.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "full_name": name, "birth_date": "1990-04-02", "sex": "F",
        });
        crate::ingest::validate_json(&v, "t", 1, &Default::default()).unwrap()
    }

    fn durable(dir: &std::path::Path, prune_every: usize) -> Screener {
        let engine = Engine::load(&EngineOptions::default()).unwrap();
        let (store, history) = HistoryStore::open(dir, None).unwrap();
        let s = Screener::new(engine, store, history, false);
        s.history.lock().unwrap().prune_every = prune_every;
        s
    }

    fn caller() -> Caller {
        Caller {
            key_id: "test".into(),
        }
    }

    fn log_lines(dir: &std::path::Path) -> usize {
        std::fs::read_to_string(dir.join(crate::store::HISTORY_FILE))
            .unwrap()
            .lines()
            .count()
    }

    #[test]
    fn window_start_is_the_one_the_pattern_state_prunes_with() {
        // One crossing an hour for 120 days: a cutoff a day off either way
        // keeps 24 crossings more or fewer.
        let records: Vec<Traveller> = (0..24 * 120)
            .map(|h| crossing(&format!("R{h}"), h))
            .collect();
        let cfg = crate::features::patterns::PatternConfig::default();
        let mut own = PatternState::new(cfg.clone());
        let mut ours = PatternState::new(cfg.clone());
        own.observe_all(&records);
        ours.observe_all(&records);
        own.prune_outside_windows();
        let newest = records.last().unwrap().crossing_time.timestamp();
        ours.prune_before(to_time(cfg.window_start(newest).unwrap()));
        assert!(own.len() < records.len());
        assert_eq!(own.len(), ours.len());
        assert_eq!(cfg.window_start(i64::MIN), None);
    }

    #[test]
    fn seen_ids_are_bounded_by_the_window_and_an_old_retry_is_stored_again() {
        let dir = tempfile::tempdir().unwrap();
        let s = durable(dir.path(), 50);
        // One crossing every 19 hours for about 240 days.
        let records: Vec<Traveller> = (0..300)
            .map(|i| crossing(&format!("R{i}"), 19 * i))
            .collect();
        for chunk in records.chunks(10) {
            s.screen_durable(chunk, &caller()).unwrap();
        }
        {
            let mut h = s.history.lock().unwrap();
            h.finish_prune();
            // 90 + 1 days at 19 h a crossing is 115; 300 without the bound.
            assert!(h.seen.len() <= 115 + 50, "{}", h.seen.len());
            assert!(h.seen.len() >= 115, "{}", h.seen.len());
            assert_eq!(h.seen.len(), h.state.len());
        }
        // A retry inside the window: scored, not stored.
        let (_, append) = s.screen(&records[299..], &caller());
        assert!(append.history.is_empty());
        // A retry of a crossing pruned from the window is stored again
        // (the documented price of a bounded set).
        let (_, append) = s.screen(&records[..1], &caller());
        assert!(!append.history.is_empty());
    }

    #[test]
    fn restart_after_compaction_gives_the_same_features_as_no_compaction() {
        let dir = tempfile::tempdir().unwrap();
        // One crossing every 5 hours for about 200 days.
        let records: Vec<Traveller> = (0..960)
            .map(|i| crossing(&format!("R{i}"), 5 * i))
            .collect();
        let probe = crossing("PROBE", 5 * 960);
        let compacting = durable(dir.path(), 100);
        let control = screener();
        control.history.lock().unwrap().prune_every = usize::MAX;
        for chunk in records.chunks(20) {
            compacting.screen_durable(chunk, &caller()).unwrap();
            control.screen(chunk, &caller());
        }
        let live = compacting.history.lock().unwrap().state.len();
        let before = compacting.history.lock().unwrap().state.features(&probe);
        compacting.store.close();
        drop(compacting);
        // The log was compacted: at most twice the window plus one prune
        // interval, against 960 lines without compaction.
        let lines = log_lines(dir.path());
        assert!(
            lines < 2 * live + 100 && lines >= live,
            "{lines} lines, {live} live"
        );
        assert!(lines < 960, "{lines}");

        let restarted = durable(dir.path(), 100);
        let after = restarted.history.lock().unwrap().state.features(&probe);
        let full = control.history.lock().unwrap().state.features(&probe);
        assert_eq!(after, before);
        assert_eq!(after, full);
        // The frequent traveller left every 10 hours: about 216 departures
        // in the 90-day window, all of them still known after the restart.
        let departures = after.history.departures.unwrap();
        assert!(departures > 200, "{departures}");
        // Replayed exactly the window: every crossing inside it, none twice.
        let h = restarted.history.lock().unwrap();
        let newest = records.last().unwrap().crossing_time.timestamp();
        let cutoff = h.state.config().window_start(newest).unwrap();
        let inside = records
            .iter()
            .filter(|t| t.crossing_time.timestamp() >= cutoff)
            .count();
        assert_eq!(h.state.len(), inside);
        assert_eq!(h.seen.len(), inside);
    }

    #[test]
    fn bad_lines_get_error_objects_and_the_stream_goes_on() {
        let input = concat!(
            r#"{"record_id":"R1","direction":"departure","crossing_time":"2026-05-01","port":"CGK","destination_country":"MYS","full_name":"SITI"}"#,
            "\n{not json\n\n",
            r#"{"record_id":"R2","direction":"sideways","crossing_time":"2026-05-01","port":"CGK","full_name":"A","sex":["M"]}"#,
            "\n",
            r#"{"record_id":"R3","direction":"arrival","crossing_time":"2026-05-01","port":"CGK","full_name":"B"}"#,
            "\n"
        );
        let mut out = Vec::new();
        let s = run(&screener(), input.as_bytes(), &mut out).unwrap();
        assert_eq!(
            s,
            StreamSummary {
                read: 4,
                screened: 2,
                errors: 2
            }
        );
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["record_id"], "R1");
        assert_eq!(lines[1]["line"], 2);
        assert!(lines[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("malformed JSON"));
        assert_eq!(lines[2]["line"], 4);
        assert_eq!(lines[2]["errors"][0]["field"], "sex");
        assert_eq!(lines[3]["record_id"], "R3");
    }
}
