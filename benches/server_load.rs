//! Load benchmark for `lintas serve` on loopback.
//!
//! Generates a watchlist (default 1,000,000 names) and a manifest, starts the
//! real binary on 127.0.0.1 with a durable `--state`, then:
//! 1. open loop: `LINTAS_BENCH_RATE` requests/s (default 2,000) for
//!    `LINTAS_BENCH_SECS` seconds (default 20); latency is measured from each
//!    request's scheduled send time, so queueing counts (no coordinated
//!    omission); reports p50, p99, max and errors;
//! 2. closed loop: 64 connections as fast as they go for
//!    `LINTAS_BENCH_MAX_SECS` (default 10): maximum throughput;
//! 3. RSS of the server after loading, after each phase, and every 10 s of
//!    an optional soak at the target rate (`LINTAS_BENCH_SOAK_SECS`, default 0;
//!    600 for the 10-minute soak). Each soak sample prints the elapsed time,
//!    the requests answered so far, RSS and the size of the history log; the
//!    soak ends with a verdict: RSS is stable when its peak in the second
//!    half is less than 5% above the RSS at the half-way sample.
//!
//! Crossing times advance `LINTAS_BENCH_SIM_STEP_SECS` (default 600) of
//! simulated time per request, so the 90-day pattern window fills and then
//! slides: the soak measures the server in its steady state (pruning every
//! `LINTAS_PRUNE_EVERY` crossings, default 10,000, and compacting the log),
//! not a history that only grows. At 600 s a request the window holds about
//! 13,000 crossings.
//!
//! Run: `cargo bench --bench server_load` (release). Loopback only; bounded
//! in requests and time. A short soak against a small list:
//! `LINTAS_BENCH_ENTRIES=1000 LINTAS_BENCH_SOAK_SECS=60 cargo bench --bench server_load`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// Size of a file in bytes (0 when missing).
fn file_len(p: &std::path::Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

/// The soak verdict from `(elapsed s, requests, RSS KiB)` samples: the
/// peak RSS of the second half against the RSS at the half-way sample.
fn rss_verdict(samples: &[(u64, usize, u64)]) -> (bool, f64) {
    if samples.len() < 2 {
        return (true, 0.0);
    }
    let mid = samples.len() / 2;
    let base = samples[mid - 1].2.max(1) as f64;
    let peak = samples[mid..].iter().map(|s| s.2).max().unwrap_or(0) as f64;
    let growth = (peak - base) / base * 100.0;
    (growth < 5.0, growth)
}

/// A crossing time `i * step` seconds after 2026-01-01T00:00:00+07:00.
fn sim_time(i: usize, step: u64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+07:00").unwrap()
        + chrono::Duration::seconds(i as i64 * step as i64);
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn run(bin: &str, args: &[&str]) {
    let st = Command::new(bin).args(args).status().expect("run lintas");
    assert!(st.success(), "lintas {args:?} failed");
}

/// Manifest rows as JSON record templates (record_id replaced per request).
fn records(path: &std::path::Path) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let mut rdr = csv::Reader::from_path(path).expect("manifest");
    let headers = rdr.headers().expect("header").clone();
    rdr.records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .zip(r.iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(h, v)| (h.to_string(), serde_json::Value::String(v.to_string())))
                .collect()
        })
        .collect()
}

struct Phase {
    latencies: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(name: &str, mut ph: Phase) {
    ph.latencies.sort();
    let n = ph.latencies.len();
    println!(
        "{name}: {n} ok, {} errors, {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ph.errors,
        n as f64 / ph.elapsed.as_secs_f64(),
        pct(&ph.latencies, 0.50),
        pct(&ph.latencies, 0.99),
        ph.latencies
            .last()
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    );
}

/// Sends `total` requests; with `rate`, request i is due at start + i/rate.
/// Request i crosses at `sim_time(i, step)`.
#[allow(clippy::too_many_arguments)]
fn drive(
    url: &str,
    step: u64,
    bodies: &Arc<Vec<String>>,
    next: &Arc<AtomicUsize>,
    total: usize,
    rate: Option<f64>,
    workers: usize,
    deadline: Duration,
) -> Phase {
    let start = Instant::now();
    let first = next.load(Ordering::SeqCst);
    let out = Arc::new(Mutex::new((Vec::with_capacity(total.min(1 << 20)), 0usize)));
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (url, bodies, next, out) =
                (url.to_string(), bodies.clone(), next.clone(), out.clone());
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(10))
                    .build();
                let mut local = Vec::new();
                let mut errors = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let k = i - first;
                    if k >= total || start.elapsed() > deadline {
                        break;
                    }
                    let due = match rate {
                        Some(r) => {
                            let due = start + Duration::from_secs_f64(k as f64 / r);
                            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                                std::thread::sleep(wait);
                            }
                            due
                        }
                        None => Instant::now(),
                    };
                    let body = bodies[i % bodies.len()]
                        .replace("@ID@", &format!("B{i}"))
                        .replace("@TIME@", &sim_time(i, step));
                    match agent
                        .post(&url)
                        .set("Content-Type", "application/json")
                        .send_string(&body)
                    {
                        Ok(r) if r.status() == 200 => {
                            let _ = r.into_string();
                            local.push(due.elapsed());
                        }
                        _ => errors += 1,
                    }
                }
                let mut g = out.lock().unwrap();
                g.0.extend(local);
                g.1 += errors;
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    let elapsed = start.elapsed();
    let (latencies, errors) = std::mem::take(&mut *out.lock().unwrap());
    Phase {
        latencies,
        errors,
        elapsed,
    }
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_lintas");
    let entries = env_num("LINTAS_BENCH_ENTRIES", 1_000_000);
    let rate = env_num("LINTAS_BENCH_RATE", 2000) as f64;
    let secs = env_num("LINTAS_BENCH_SECS", 20);
    let max_secs = env_num("LINTAS_BENCH_MAX_SECS", 10);
    let soak = env_num("LINTAS_BENCH_SOAK_SECS", 0);
    let step = env_num("LINTAS_BENCH_SIM_STEP_SECS", 600);
    let dir = tempfile::tempdir().expect("tempdir");
    let wl = dir.path().join("watchlist.csv");
    let mf = dir.path().join("manifest.csv");
    let t = Instant::now();
    run(
        bin,
        &[
            "generate",
            "watchlist",
            "--entries",
            &entries.to_string(),
            "--out",
            wl.to_str().unwrap(),
        ],
    );
    run(
        bin,
        &[
            "generate",
            "manifest",
            "--rows",
            "50000",
            "--out",
            mf.to_str().unwrap(),
        ],
    );
    println!(
        "generated {entries} watchlist entries and 50,000 records in {:.1}s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let mut child = Command::new(bin)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--watch-ms",
            "0",
            "--watchlist",
            wl.to_str().unwrap(),
        ])
        .args(["--state", dir.path().join("state").to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let base = loop {
        match lines.next() {
            Some(Ok(l)) => {
                if let Some(a) = l.split("listening on ").nth(1) {
                    break a.trim().to_string();
                }
            }
            _ => panic!("server exited before listening"),
        }
    };
    std::thread::spawn(move || for _ in lines.by_ref() {});
    let pid = child.id();
    println!(
        "server ready in {:.1}s, RSS {} MiB",
        t.elapsed().as_secs_f64(),
        rss_kib(pid) / 1024
    );

    let bodies: Arc<Vec<String>> = Arc::new(
        records(&mf)
            .into_iter()
            .map(|mut r| {
                r.insert("record_id".into(), "@ID@".into());
                r.insert("crossing_time".into(), "@TIME@".into());
                serde_json::Value::Object(r).to_string()
            })
            .collect(),
    );
    let url = format!("{base}/v1/screen");
    let next = Arc::new(AtomicUsize::new(0));
    let _ = drive(
        &url,
        step,
        &bodies,
        &next,
        2000,
        None,
        8,
        Duration::from_secs(30),
    );

    let total = (rate as u64 * secs) as usize;
    let ph = drive(
        &url,
        step,
        &bodies,
        &next,
        total,
        Some(rate),
        64,
        Duration::from_secs(secs + 30),
    );
    report(&format!("open loop at {rate:.0} req/s"), ph);
    println!("RSS after open loop: {} MiB", rss_kib(pid) / 1024);

    let ph = drive(
        &url,
        step,
        &bodies,
        &next,
        usize::MAX / 2,
        None,
        64,
        Duration::from_secs(max_secs),
    );
    report("closed loop, 64 connections (max throughput)", ph);
    println!("RSS after closed loop: {} MiB", rss_kib(pid) / 1024);

    let log = dir.path().join("state").join("history.ndjson");
    let mut samples: Vec<(u64, usize, u64)> = Vec::new();
    if soak > 0 {
        println!(
            "soak: {soak}s at {rate:.0} req/s, {step}s of crossing time per request\n\
             {:>8} {:>10} {:>8} {:>8} {:>10} {:>10}",
            "elapsed", "requests", "errors", "RSS MiB", "log MiB", "p99 ms"
        );
    }
    let soak_start = Instant::now();
    let (mut done, mut errors) = (0usize, 0usize);
    while soak_start.elapsed() < Duration::from_secs(soak) {
        let chunk = Duration::from_secs(soak)
            .saturating_sub(soak_start.elapsed())
            .min(Duration::from_secs(10));
        // Due times keep the target rate; a chunk ends on time even when the
        // server falls behind (its unsent requests are not counted).
        let mut ph = drive(
            &url,
            step,
            &bodies,
            &next,
            (rate * chunk.as_secs_f64()).ceil() as usize,
            Some(rate),
            64,
            chunk,
        );
        done += ph.latencies.len();
        errors += ph.errors;
        ph.latencies.sort();
        let rss = rss_kib(pid);
        let elapsed = soak_start.elapsed().as_secs();
        samples.push((elapsed, done, rss));
        println!(
            "{:>7}s {:>10} {:>8} {:>8.1} {:>10.1} {:>10.2}",
            elapsed,
            done,
            errors,
            rss as f64 / 1024.0,
            file_len(&log) as f64 / (1024.0 * 1024.0),
            pct(&ph.latencies, 0.99)
        );
    }
    if soak > 0 {
        let (stable, growth) = rss_verdict(&samples);
        println!(
            "soak verdict: {} requests, {} errors, RSS {} (second-half peak {:+.1}% against the half-way sample; stable below +5%)",
            done,
            errors,
            if stable { "STABLE" } else { "GROWING" },
            growth
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}
