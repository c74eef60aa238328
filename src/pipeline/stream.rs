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
//! [`run`] is the stream: NDJSON records in, one NDJSON flag (or error
//! object with the line number) out per line, flushed line by line.

use crate::engine::Engine;
use crate::features::patterns::PatternState;
use crate::ingest::{validate, FieldError, ValidateOptions};
use crate::model::{Flag, Traveller};
use crate::store::{Append, HistoryStore};
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex, RwLock};

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
    seen: HashSet<String>,
    /// Records observed since the last prune.
    since_prune: usize,
}

/// Records observed between two prunes of the pattern state.
const PRUNE_EVERY: usize = 10_000;

impl History {
    /// Every [`PRUNE_EVERY`] records, forgets crossings outside every
    /// pattern window so a long-running server keeps bounded memory.
    fn maybe_prune(&mut self) {
        if self.since_prune >= PRUNE_EVERY {
            self.since_prune = 0;
            self.state.prune_outside_windows();
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
        let mut seen = HashSet::with_capacity(history.len());
        for t in &history {
            seen.insert(t.record_id.clone());
        }
        // In bulk: the state sorts by time and ignores repeated record ids.
        state.observe_all(&history);
        Screener {
            engine: EngineHandle::new(engine),
            history: Mutex::new(History {
                state,
                seen,
                since_prune: PRUNE_EVERY,
            }),
            store,
            audit,
        }
    }

    /// Crossings in the history (replayed and screened since).
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
                if h.seen.insert(t.record_id.clone()) {
                    h.state.observe(t);
                    h.since_prune += 1;
                    append.push_traveller(t);
                } else {
                    tracing::info!(record_id = %t.record_id, "record id seen before: scored again, not stored twice");
                }
            }
            let features = records
                .iter()
                .map(|t| h.state.features(t))
                .collect::<Vec<_>>();
            h.maybe_prune();
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
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|e| {
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
