//! The server's history state over time, through the real binary: the log
//! is compacted to the pattern window (pruning forced early with
//! `LINTAS_PRUNE_EVERY`), a restart gives the same features as before and as
//! a server that never compacted, and kill -9 in the middle of load with
//! compactions loses no acknowledged crossing and duplicates none.

mod common;
#[path = "common/server.rs"]
mod server;

use common::sample;

use serde_json::{json, Value};
use server::{call, json_of, Server};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Pattern windows of the default configuration: 90 days of history, so the
/// server keeps 90 + 1 days before its newest crossing.
const KEPT_HOURS: i64 = 91 * 24;

/// A rule pack with one rule whose reason prints history features, so a
/// flag shows what the server's history holds.
fn probe_rules(dir: &Path) -> String {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("probe.toml"),
        r#"[[rule]]
id = "history-probe"
title = "prints the traveller's history"
category = "pattern"
points = 1
when = "history.departures >= 1"
requires = ["history.departures"]
reason = "departures {history.departures} crossings {history.crossings} same country {history.departures_same_country}"
source = "test"
"#,
    )
    .unwrap();
    rules.display().to_string()
}

fn args(dir: &Path, state: bool) -> Vec<String> {
    let mut a = vec![
        "--watchlist".into(),
        sample("watchlist.csv"),
        "--rules".into(),
        probe_rules(dir),
        "--watch-ms".into(),
        "0".into(),
    ];
    if state {
        a.push("--state".into());
        a.push(dir.join("state").display().to_string());
    }
    a
}

/// A crossing `hours` after 2025-01-01 00:00 UTC. Even ids are one frequent
/// traveller's departures to Malaysia; odd ones strangers arriving.
fn crossing(id: &str, n: i64, hours: i64) -> Value {
    let secs = 1_735_689_600 + hours * 3600; // 2025-01-01T00:00:00Z
    let time = chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    if n % 2 == 0 {
        json!({
            "record_id": id, "direction": "departure", "crossing_time": time, "port": "CGK",
            "destination_country": "MYS", "full_name": "SITI AMINAH", "sex": "F",
            "birth_date": "1990-04-02", "nationality": "IDN", "document_number": "C9990001"
        })
    } else {
        json!({
            "record_id": id, "direction": "arrival", "crossing_time": time, "port": "CGK",
            "full_name": format!("STRANGER NUMBER {n}"), "nationality": "IDN"
        })
    }
}

fn history_log(dir: &Path) -> PathBuf {
    dir.join("state/history.ndjson")
}

/// Record ids in the history log, in order.
fn logged_ids(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(history_log(dir))
        .unwrap()
        .lines()
        .map(|l| json_of(l)["record_id"].as_str().unwrap().to_string())
        .collect()
}

fn wait_for(what: &str, timeout: Duration, mut ok: impl FnMut() -> bool) {
    let t = Instant::now();
    while !ok() {
        assert!(t.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn history_records(s: &Server) -> u64 {
    let (code, body) = call("GET", &s.url("/readyz"), None, None);
    assert_eq!(code, 200, "{body}");
    json_of(&body)["history_records"].as_u64().unwrap()
}

fn screen(s: &Server, record: &Value) -> Value {
    let (code, body) = call(
        "POST",
        &s.url("/v1/screen"),
        None,
        Some(&record.to_string()),
    );
    assert_eq!(code, 200, "{body}");
    json_of(&body)
}

/// The history the probe rule printed: (departures, crossings).
fn printed_history(flag: &Value) -> (u64, u64) {
    let reason = flag["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "history-probe")
        .unwrap_or_else(|| panic!("probe rule did not fire: {flag}"));
    let words: Vec<&str> = reason["message"].as_str().unwrap().split(' ').collect();
    (words[1].parse().unwrap(), words[3].parse().unwrap())
}

/// Sends the crossings in batches of 50.
fn load(s: &Server, records: &[Value]) {
    for chunk in records.chunks(50) {
        let body = json!({ "records": chunk }).to_string();
        let (code, text) = call("POST", &s.url("/v1/screen/batch"), None, Some(&body));
        assert_eq!(code, 200, "{text}");
    }
}

#[test]
fn compaction_shrinks_the_log_and_a_restart_keeps_the_window_features() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("LINTAS_PRUNE_EVERY", "100")];
    // One crossing every 8 hours for 200 days: 600 crossings, 274 of them
    // in the last 91 days.
    let records: Vec<Value> = (0..600)
        .map(|n| crossing(&format!("R{n}"), n, 8 * n))
        .collect();
    // Ten days after the last crossing: the window moves on.
    let probe = crossing("PROBE", 0, 8 * 600 + 240);

    let mut s = Server::start_with_env(&args(dir.path(), true), &env);
    load(&s, &records);
    wait_for("a compaction", Duration::from_secs(60), || {
        s.log().contains("history log compacted")
    });
    // The log holds the window (274) and what was appended after the
    // compaction's cutoff. A prune runs on its own thread and the next one
    // starts only once it is installed, so on a busy machine the compaction
    // may come up to a prune interval (100) and a batch (50) late: 324
    // lines when it came at crossing 550.
    let lines = logged_ids(dir.path()).len();
    assert!(
        (270..=424).contains(&lines),
        "{lines} lines in the log after compaction, not the window and at most a prune \
         interval and a batch more (600 without compaction)"
    );
    let before = screen(&s, &probe);
    let (departures, crossings) = printed_history(&before);
    // Departures every 16 hours, the last ten days before the probe
    // without any: about 120 in its 90 days, the probe included.
    assert!((115..=125).contains(&departures), "{before}");
    assert_eq!(crossings, departures);

    // Without --state and without pruning: the whole history, never compacted.
    let control = Server::start_with_env(
        &args(&dir.path().join("control"), false),
        &[("LINTAS_PRUNE_EVERY", "1000000")],
    );
    load(&control, &records);
    assert_eq!(
        screen(&control, &probe),
        before,
        "compaction changed a flag"
    );
    drop(control);

    // Restart: the probe (stored, inside the window) is scored again from
    // the replayed history and gives the same flag.
    s.kill9();
    let s2 = Server::start_with_env(&args(dir.path(), true), &env);
    // The probe moved the window 10 days on: the start finds 30 crossings
    // outside it and compacts the log to the window.
    wait_for("the compaction at start", Duration::from_secs(60), || {
        s2.log().contains("history log compacted")
    });
    assert!(
        s2.log().contains("history log holds crossings outside"),
        "{}",
        s2.log()
    );
    let replayed = history_records(&s2);
    let ids = logged_ids(dir.path());
    assert_eq!(ids.len() as u64, replayed);
    assert!(ids.len() < lines, "{} >= {lines}", ids.len());
    assert_eq!(screen(&s2, &probe), before, "restart changed a flag");
    // The retry was not stored again.
    assert_eq!(history_records(&s2), replayed);
}

#[test]
fn kill_9_during_load_with_compactions_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Server::start_with_env(&args(dir.path(), true), &[("LINTAS_PRUNE_EVERY", "50")]);
    let next = Arc::new(AtomicU64::new(0));
    let acked = Arc::new(Mutex::new(Vec::<(String, i64)>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (url, next, acked, stop) = (
                s.url("/v1/screen"),
                next.clone(),
                acked.clone(),
                stop.clone(),
            );
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(10))
                    .build();
                while !stop.load(Ordering::SeqCst) {
                    let n = next.fetch_add(1, Ordering::SeqCst) as i64;
                    let id = format!("L{n}");
                    // A crossing every 8 hours: the window slides all along.
                    let r = agent
                        .post(&url)
                        .send_string(&crossing(&id, n, 8 * n).to_string());
                    match r {
                        Ok(r) if r.status() == 200 => acked.lock().unwrap().push((id, n)),
                        _ => break,
                    }
                }
            })
        })
        .collect();
    // Enough for several compactions (the first comes after about 550).
    let t0 = Instant::now();
    while acked.lock().unwrap().len() < 1500 && t0.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    s.kill9();
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        let _ = w.join();
    }
    let acked = acked.lock().unwrap().clone();
    let issued = next.load(Ordering::SeqCst) as i64;
    assert!(acked.len() >= 1000, "only {} acknowledged", acked.len());
    let compactions = s.log().matches("history log compacted").count();
    assert!(compactions >= 2, "{compactions} compactions:\n{}", s.log());

    let ids = logged_ids(dir.path());
    let mut count: HashMap<&str, usize> = HashMap::new();
    for id in &ids {
        *count.entry(id).or_default() += 1;
    }
    let twice: Vec<_> = count.iter().filter(|(_, c)| **c > 1).collect();
    assert!(twice.is_empty(), "stored twice: {twice:?}");
    assert!(ids.len() < acked.len(), "the log was not compacted");
    // Every acknowledged crossing the window still needs is there: the
    // server's newest crossing is at most the last one issued.
    let stored: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let oldest_needed = 8 * (issued - 1) - KEPT_HOURS + 8;
    let mut needed = 0;
    for (id, n) in &acked {
        if 8 * n >= oldest_needed {
            needed += 1;
            assert!(stored.contains(id.as_str()), "acknowledged {id} lost");
        }
    }
    assert!(needed > 200, "{needed}");

    let s2 = Server::start(&args(dir.path(), true));
    let n = history_records(&s2);
    assert!(
        n >= needed,
        "replayed {n} < {needed} acknowledged in the window"
    );
    // A retry of the last acknowledged crossing is answered, not stored.
    let (id, k) = acked.last().unwrap();
    screen(&s2, &crossing(id, *k, 8 * k));
    assert_eq!(history_records(&s2), n);
    // A restart that finds crossings outside the windows compacts the log
    // in the background, through a copy of its own: let it finish before
    // looking for a leftover copy (on a loaded machine it may still run).
    let t0 = Instant::now();
    while s2.log().contains("compacting it")
        && !s2.log().contains("history log compacted")
        && t0.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!dir.path().join("state/history.ndjson.tmp").exists());
}
