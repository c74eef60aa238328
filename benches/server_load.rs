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
//!    600 for the 10-minute soak).
//!
//! Run: `cargo bench --bench server_load` (release). Loopback only; bounded
//! in requests and time.

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
fn drive(
    url: &str,
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
                    let body = bodies[i % bodies.len()].replace("@ID@", &format!("B{i}"));
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
                serde_json::Value::Object(r).to_string()
            })
            .collect(),
    );
    let url = format!("{base}/v1/screen");
    let next = Arc::new(AtomicUsize::new(0));
    let _ = drive(&url, &bodies, &next, 2000, None, 8, Duration::from_secs(30));

    let total = (rate as u64 * secs) as usize;
    let ph = drive(
        &url,
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
        &bodies,
        &next,
        usize::MAX / 2,
        None,
        64,
        Duration::from_secs(max_secs),
    );
    report("closed loop, 64 connections (max throughput)", ph);
    println!("RSS after closed loop: {} MiB", rss_kib(pid) / 1024);

    let mut left = soak;
    while left > 0 {
        let chunk = left.min(10);
        let ph = drive(
            &url,
            &bodies,
            &next,
            (rate as u64 * chunk) as usize,
            Some(rate),
            64,
            Duration::from_secs(chunk + 30),
        );
        report(&format!("soak {}s", soak - left + chunk), ph);
        println!("RSS: {} MiB", rss_kib(pid) / 1024);
        left -= chunk;
    }
    let _ = child.kill();
    let _ = child.wait();
}
