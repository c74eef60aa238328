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
//! 3. the server's own view of the open loop from `/metrics`: per stage
//!    (queue, screen, store) the mean and the share within 1, 2 and 5 ms;
//! 4. RSS of the server after loading, after each phase, and every 10 s of
//!    an optional soak at the target rate (`LINTAS_BENCH_SOAK_SECS`, default 0;
//!    600 for the 10-minute soak). Each soak sample prints the elapsed time,
//!    the requests answered so far, RSS and the size of the history log; the
//!    soak ends with a verdict: RSS is stable when its peak in the second
//!    half is less than 5% above its peak in the first half.
//!
//! Crossing times advance `LINTAS_BENCH_SIM_STEP_SECS` (default 600) of
//! simulated time per request, so the 90-day pattern window fills and then
//! slides: the soak measures the server in its steady state (pruning every
//! `LINTAS_PRUNE_EVERY` crossings, default 10,000, and compacting the log),
//! not a history that only grows. At 600 s a request the window holds about
//! 13,000 crossings. The simulated clock starts far enough back that the
//! last planned request crosses before today (birth dates move with the
//! crossing, and validation rejects one in the future).
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
/// peak RSS of the second half against the peak of the first half, in
/// percent. Peaks, not single samples: pruning rebuilds the pattern state,
/// so RSS saw-tooths in the steady state; a leak raises the peaks.
fn rss_verdict(samples: &[(u64, usize, u64)]) -> (bool, f64) {
    if samples.len() < 2 {
        return (true, 0.0);
    }
    let mid = samples.len() / 2;
    let peak = |s: &[(u64, usize, u64)]| s.iter().map(|x| x.2).max().unwrap_or(0) as f64;
    let (first, second) = (peak(&samples[..mid]).max(1.0), peak(&samples[mid..]));
    let growth = (second - first) / first * 100.0;
    (growth < 5.0, growth)
}

/// Simulated crossing times: request `i` crosses `i * step` seconds after
/// `start`. The run starts far enough back that its last planned request
/// still crosses before today: validation rejects birth dates in the
/// future, and birth dates move with the crossing (a long soak at 2,000
/// req/s covers 23 years of crossings at 600 s a request).
#[derive(Clone, Copy)]
struct Clock {
    start: chrono::DateTime<chrono::FixedOffset>,
    step: u64,
}

impl Clock {
    /// A clock whose `planned` requests end before today.
    fn ending_today(planned: u64, step: u64) -> Clock {
        let today = chrono::Utc::now()
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_local_timezone(chrono::FixedOffset::east_opt(7 * 3600).unwrap())
            .unwrap();
        Clock {
            start: today - chrono::Duration::seconds((planned * step) as i64),
            step,
        }
    }

    /// The crossing time of request `i`.
    fn at(&self, i: usize) -> chrono::DateTime<chrono::FixedOffset> {
        self.start + chrono::Duration::seconds(i as i64 * self.step as i64)
    }
}

/// Dates that validation or rules compare with the crossing: moved with it.
const DATE_FIELDS: &[&str] = &[
    "birth_date",
    "document_issue_date",
    "document_expiry_date",
    "return_date",
];

/// The body of request `i`: manifest row `i % rows` with record id `B{i}`,
/// crossing at `clock.at(i)`, its other dates moved by as many days
/// (so ages, trip lengths and document validity stay as generated).
fn body(rows: &[serde_json::Map<String, serde_json::Value>], i: usize, clock: Clock) -> String {
    let mut r = rows[i % rows.len()].clone();
    let when = clock.at(i);
    let shift = r
        .get("crossing_time")
        .and_then(|v| v.as_str())
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|was| when.date_naive() - was.date_naive())
        .unwrap_or_default();
    for f in DATE_FIELDS {
        let moved = r
            .get(*f)
            .and_then(|v| v.as_str())
            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .map(|d| (d + shift).format("%Y-%m-%d").to_string());
        if let Some(m) = moved {
            r.insert(f.to_string(), m.into());
        }
    }
    r.insert("record_id".into(), format!("B{i}").into());
    r.insert(
        "crossing_time".into(),
        when.format("%Y-%m-%dT%H:%M:%S%:z").to_string().into(),
    );
    serde_json::Value::Object(r).to_string()
}

fn run(bin: &str, args: &[&str]) {
    let st = Command::new(bin).args(args).status().expect("run lintas");
    assert!(st.success(), "lintas {args:?} failed");
}

/// Manifest rows as JSON record templates (id and dates set per request by [`body`]).
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
    /// The first error of the phase, for the report.
    first_error: Option<String>,
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
    if let Some(e) = &ph.first_error {
        println!("{name}: first error: {e}");
    }
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
/// Request i crosses at `clock.at(i)`.
#[allow(clippy::too_many_arguments)]
fn drive(
    url: &str,
    clock: Clock,
    bodies: &Arc<Vec<serde_json::Map<String, serde_json::Value>>>,
    next: &Arc<AtomicUsize>,
    total: usize,
    rate: Option<f64>,
    workers: usize,
    deadline: Duration,
) -> Phase {
    let start = Instant::now();
    let first = next.load(Ordering::SeqCst);
    let out = Arc::new(Mutex::new((
        Vec::with_capacity(total.min(1 << 20)),
        0usize,
        None::<String>,
    )));
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
                let mut first_error = None;
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
                    let body = body(&bodies, i, clock);
                    match agent
                        .post(&url)
                        .set("Content-Type", "application/json")
                        .send_string(&body)
                    {
                        Ok(r) if r.status() == 200 => {
                            let _ = r.into_string();
                            local.push(due.elapsed());
                        }
                        Ok(r) => {
                            errors += 1;
                            first_error.get_or_insert(format!("status {}", r.status()));
                        }
                        Err(ureq::Error::Status(code, r)) => {
                            errors += 1;
                            let body = r.into_string().unwrap_or_default();
                            first_error.get_or_insert(format!("status {code}: {body}"));
                        }
                        Err(e) => {
                            errors += 1;
                            first_error.get_or_insert(e.to_string());
                        }
                    }
                }
                let mut g = out.lock().unwrap();
                g.0.extend(local);
                g.1 += errors;
                if g.2.is_none() {
                    g.2 = first_error;
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    let elapsed = start.elapsed();
    let (latencies, errors, first_error) = std::mem::take(&mut *out.lock().unwrap());
    Phase {
        latencies,
        errors,
        elapsed,
        first_error,
    }
}

/// The server's `lintas_screen_stage_seconds` series: (line without its
/// value, value), read from `/metrics`.
fn stages(base: &str) -> Vec<(String, f64)> {
    let text = ureq::get(&format!("{base}/metrics"))
        .call()
        .ok()
        .and_then(|r| r.into_string().ok())
        .unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with("lintas_screen_stage_seconds"))
        .filter_map(|l| {
            let (k, v) = l.rsplit_once(' ')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect()
}

/// Prints, per stage, the mean and the share of requests within 1, 2 and
/// 5 ms during a phase: the server's own view of where the time went
/// (queue: waiting for a screening thread; screen; store: waiting until
/// durable), from the difference of two scrapes.
fn print_stages(before: &[(String, f64)], after: &[(String, f64)]) {
    let delta = |key: &str| {
        let get = |s: &[(String, f64)]| {
            s.iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| *v)
                .unwrap_or(0.0)
        };
        get(after) - get(before)
    };
    let mut line = String::from("server-side stages:");
    for stage in ["queue", "screen", "store"] {
        let n = delta(&format!(
            "lintas_screen_stage_seconds_count{{stage=\"{stage}\"}}"
        ));
        if n <= 0.0 {
            continue;
        }
        let sum = delta(&format!(
            "lintas_screen_stage_seconds_sum{{stage=\"{stage}\"}}"
        ));
        let within = |le: &str| {
            100.0
                * delta(&format!(
                    "lintas_screen_stage_seconds_bucket{{stage=\"{stage}\",le=\"{le}\"}}"
                ))
                / n
        };
        line += &format!(
            " {stage} mean {:.2} ms ({:.1}% <= 1 ms, {:.1}% <= 2 ms, {:.1}% <= 5 ms);",
            sum / n * 1000.0,
            within("0.001"),
            within("0.002"),
            within("0.005")
        );
    }
    println!("{}", line.trim_end_matches(';'));
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

    let bodies = Arc::new(records(&mf));
    // Warm-up, open loop, closed loop (at most 20,000 req/s) and soak.
    let planned = 2000 + rate as u64 * (secs + soak) + 20_000 * max_secs;
    let clock = Clock::ending_today(planned, step);
    let url = format!("{base}/v1/screen");
    let next = Arc::new(AtomicUsize::new(0));
    let _ = drive(
        &url,
        clock,
        &bodies,
        &next,
        2000,
        None,
        8,
        Duration::from_secs(30),
    );

    let total = (rate as u64 * secs) as usize;
    let stages_before = stages(&base);
    let ph = drive(
        &url,
        clock,
        &bodies,
        &next,
        total,
        Some(rate),
        64,
        Duration::from_secs(secs + 30),
    );
    report(&format!("open loop at {rate:.0} req/s"), ph);
    print_stages(&stages_before, &stages(&base));
    println!("RSS after open loop: {} MiB", rss_kib(pid) / 1024);

    let ph = drive(
        &url,
        clock,
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
            clock,
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
        if let Some(e) = &ph.first_error {
            println!("first error in this interval: {e}");
        }
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
            "soak verdict: {} requests, {} errors, RSS {} (second-half peak {:+.1}% against the first-half peak; stable below +5%)",
            done,
            errors,
            if stable { "STABLE" } else { "GROWING" },
            growth
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}
