//! Pattern-feature benchmark: all features for a run of 1,000,000 records
//! with 90 days of history (about 6,000,000 rows), deterministic synthetic
//! travellers. Target: at most 20 s on 2 cores and 4 GB peak memory.
//!
//! ```text
//! CARGO_TARGET_DIR=... cargo bench --bench patterns            # full size
//! LINTAS_BENCH_RUN=100000 LINTAS_BENCH_HISTORY=600000 cargo bench --bench patterns
//! /usr/bin/time -v target/release/deps/patterns-* --bench      # peak RSS
//! ```
//!
//! History is generated and observed a day at a time, as a batch driver
//! reading history files in chunks would; the run is held whole. Generation
//! is timed apart from the feature work.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use lintas::features::patterns::{PatternConfig, PatternFeatures, PatternState};
use lintas::model::{Direction, PartialDate, Sex, Traveller};
use rayon::prelude::*;
use std::time::Instant;

const PERSONS: u64 = 4_000_000;
const FREQUENT: u64 = 20_000;
const SPONSORS: u64 = 2_000;
const ADDRESSES: u64 = 300_000;
const PORTS: [&str; 8] = ["CGK", "SUB", "DPS", "KNO", "IDBTH", "IDETK", "IDTNJ", "UPG"];
const COUNTRIES: [&str; 5] = ["MYS", "SGP", "SAU", "HKG", "TWN"];

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// splitmix64: a deterministic hash of (stream, index).
fn mix(a: u64, b: u64) -> u64 {
    let mut z = a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_add(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = mix(self.0, 1);
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One synthetic person's stable attributes.
fn person(p: u64, t: &mut Traveller) {
    let mut r = Rng(mix(7, p));
    t.full_name = format!("NAMA{} KELUARGA{}", r.below(5_000), r.below(20_000));
    t.sex = Some(if r.below(2) == 0 { Sex::F } else { Sex::M });
    let year = 1950 + r.below(70) as i32;
    t.birth_date = Some(PartialDate {
        year,
        month: Some(1 + r.below(12) as u32),
        day: Some(1 + r.below(28) as u32),
    });
    t.document_number = if r.below(20) == 0 {
        None
    } else {
        Some(format!("X{p:08}"))
    };
    t.origin_region = Some(format!("Province{}/Regency{}", r.below(34), r.below(500)));
    t.phone = if r.below(3) == 0 {
        None
    } else {
        Some(format!("+62 812 {:08}", r.below(50_000_000)))
    };
}

/// The travellers of booking `b` on `day`, (deterministic in `seed`, `b`).
fn booking(seed: u64, b: u64, day: NaiveDate, out: &mut Vec<Traveller>) {
    let mut r = Rng(mix(seed, b));
    let size = match r.below(100) {
        0..=54 => 1,
        55..=74 => 2,
        75..=89 => 3 + r.below(2),
        _ => 5 + r.below(4),
    };
    let direction = if r.below(2) == 0 {
        Direction::Departure
    } else {
        Direction::Arrival
    };
    let port = PORTS[r.below(PORTS.len() as u64) as usize];
    let abroad = COUNTRIES[r.below(COUNTRIES.len() as u64) as usize];
    let offset = FixedOffset::east_opt(7 * 3600).expect("offset");
    let secs = r.below(86_400) as i64;
    let time: DateTime<FixedOffset> = offset
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .expect("time")
        + Duration::seconds(secs);
    let booking_ref = (r.below(10) != 0).then(|| format!("BK{seed}-{b}"));
    let sponsor = (r.below(4) == 0).then(|| {
        // Skewed: a few agencies send many people.
        let s = (r.unit().powi(3) * SPONSORS as f64) as u64;
        format!("PT Agensi Nomor {s}")
    });
    let address = (r.below(3) == 0).then(|| {
        let a = (r.unit().powi(2) * ADDRESSES as f64) as u64;
        format!("No. {a}, Jalan Contoh {}, Johor Bahru", a % 97)
    });
    for k in 0..size {
        // One crossing in ten is by a frequent traveller (about 35 crossings
        // in 90 days: commuters, crew, agents); the rest by the wider public.
        let p = if r.below(10) == 0 {
            r.below(FREQUENT)
        } else {
            FREQUENT + r.below(PERSONS - FREQUENT)
        };
        let mut t = Traveller {
            record_id: format!("R{seed}-{b}-{k}"),
            direction,
            crossing_time: time,
            port: port.to_string(),
            carrier: None,
            origin_country: Some(
                if direction == Direction::Departure {
                    "IDN"
                } else {
                    abroad
                }
                .into(),
            ),
            destination_country: Some(
                if direction == Direction::Departure {
                    abroad
                } else {
                    "IDN"
                }
                .into(),
            ),
            full_name: String::new(),
            sex: None,
            birth_date: None,
            nationality: Some("IDN".into()),
            document_type: Some("P".into()),
            document_number: None,
            document_issue_date: None,
            document_expiry_date: None,
            purpose: None,
            visa_type: None,
            return_date: None,
            booking_ref: booking_ref.clone(),
            sponsor: sponsor.clone(),
            sponsor_license: None,
            origin_region: None,
            destination_address: address.clone(),
            phone: None,
            extra: Vec::new(),
        };
        person(p, &mut t);
        out.push(t);
    }
}

/// About `rows` travellers crossing on `day`.
fn day_records(seed: u64, day: NaiveDate, rows: usize) -> Vec<Traveller> {
    // Mean booking size is about 2.1.
    let bookings = (rows as f64 / 2.1) as u64;
    let chunks: Vec<Vec<Traveller>> = (0..bookings)
        .into_par_iter()
        .fold(Vec::new, |mut acc, b| {
            booking(seed, b, day, &mut acc);
            acc
        })
        .collect();
    chunks.into_iter().flatten().collect()
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// CPU seconds (user + system) used by this process so far.
fn cpu_s() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
            // Fields 14 and 15 (utime, stime) are at 11 and 12 after the name.
            Some((rest.get(11)?.parse::<f64>().ok()? + rest.get(12)?.parse::<f64>().ok()?) / 100.0)
        })
        .unwrap_or(f64::NAN)
}

fn main() {
    let run_rows = env("LINTAS_BENCH_RUN", 1_000_000);
    let history_rows = env("LINTAS_BENCH_HISTORY", 6_000_000);
    let days = 90usize;
    let cfg = PatternConfig::default();
    let run_day = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
    println!("patterns bench: run {run_rows} rows, history {history_rows} rows over {days} days, {} threads", rayon::current_num_threads());

    let mut gen_s = 0.0;
    let mut observe_s = 0.0;
    let mut observe_cpu = 0.0;
    let mut state = PatternState::new(cfg);
    for d in 0..days {
        let day = run_day - Duration::days((days - d) as i64);
        let g = Instant::now();
        let chunk = day_records(1000 + d as u64, day, history_rows / days);
        gen_s += g.elapsed().as_secs_f64();
        let (o, c) = (Instant::now(), cpu_s());
        state.observe_all(&chunk);
        observe_s += o.elapsed().as_secs_f64();
        observe_cpu += cpu_s() - c;
    }
    let history_held = state.len();
    let g = Instant::now();
    let mut run = day_records(1, run_day, run_rows);
    run.truncate(run_rows);
    gen_s += g.elapsed().as_secs_f64();

    let (o, c) = (Instant::now(), cpu_s());
    state.observe_all(&run);
    observe_s += o.elapsed().as_secs_f64();
    observe_cpu += cpu_s() - c;
    let (f, c) = (Instant::now(), cpu_s());
    let feats: Vec<PatternFeatures> = run.par_iter().map(|t| state.features(t)).collect();
    let features_s = f.elapsed().as_secs_f64();
    let features_cpu = cpu_s() - c;

    let count = |p: &dyn Fn(&PatternFeatures) -> bool| feats.iter().filter(|x| p(x)).count();
    println!("history rows held: {history_held}, run rows: {}", run.len());
    println!(
        "escort_pattern: {}, minor_without_adult: {}, repeat travellers (departures >= 3): {}, address shared by 5+: {}",
        count(&|x| x.group.escort_pattern == Some(true)),
        count(&|x| x.group.minor_without_adult == Some(true)),
        count(&|x| x.history.departures.unwrap_or(0) >= 3),
        count(&|x| x.contact.address_travellers.unwrap_or(0) >= 5),
    );
    println!("generation (not counted): {gen_s:.2} s");
    println!("observe history + run:    {observe_s:.2} s");
    println!("features for the run:     {features_s:.2} s");
    println!(
        "TOTAL pattern work:       {:.2} s (target <= 20 s)",
        observe_s + features_s
    );
    println!(
        "CPU seconds (user+sys):   observe {observe_cpu:.2}, features {features_cpu:.2}, total {:.2}",
        observe_cpu + features_cpu
    );
    println!(
        "peak RSS:                 {:.0} MB (target <= 4096 MB)",
        peak_rss_mb()
    );
}
