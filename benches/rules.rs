//! Rule-evaluation benchmark: the default pack over 1,000,000 records.
//!
//! Features are built beforehand (once per record in the real pipeline, and
//! measured by the batch benchmark); this measures what the rules stage
//! adds: evaluating every rule (compiled CEL closures, reason rendering on
//! hits) and scoring. Run: `cargo bench --bench rules` (env `RECORDS`,
//! `THREADS`; defaults 1,000,000 and 2).

use lintas::features::patterns::PatternFeatures;
use lintas::features::{FeatureInputs, Features};
use lintas::registry::Registry;
use lintas::rules::RulePack;
use rayon::prelude::*;
use std::time::Instant;

/// A small deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
}

/// Distinct feature vectors covering every rule's branches.
fn sample(pack: &RulePack, n: usize) -> Vec<Features> {
    let mut rng = Lcg(42);
    let registry = Registry::default();
    (0..n)
        .map(|i| {
            let year = 1950 + rng.next() % 75;
            let mut rec = serde_json::json!({
                "record_id": format!("B{i}"),
                "direction": rng.pick(&["departure", "departure", "departure", "arrival"]),
                "crossing_time": "2026-05-01T08:00:00+07:00",
                "port": rng.pick(&["CGK", "DPS", "IDBTH", "IDETK", "KNO", "IDNNX"]),
                "full_name": "BENCH TRAVELLER",
                "destination_country": rng.pick(&["MYS", "SGP", "SAU", "KHM", "AUS", "HKG"]),
                "birth_date": format!("{year}-0{}-1{}", 1 + rng.next() % 9, rng.next() % 9),
                "purpose": rng.pick(&["tourism", "work", "umrah", "business", "family", "study"]),
                "origin_region": rng.pick(&["Nusa Tenggara Timur/Kupang", "DKI Jakarta/Jakarta Selatan", "Jawa Barat/Indramayu", "Bali/Denpasar"]),
                "document_issue_date": format!("{}-03-01", 2016 + rng.next() % 11),
                "document_expiry_date": format!("{}-03-01", 2026 + rng.next() % 11),
            });
            let obj = rec.as_object_mut().unwrap();
            if rng.next().is_multiple_of(2) {
                obj.insert("return_date".into(), format!("2026-05-{:02}", 2 + rng.next() % 27).into());
            }
            if rng.next().is_multiple_of(3) {
                obj.insert("booking_ref".into(), "BK1".into());
            }
            if rng.next().is_multiple_of(3) {
                obj.insert("visa_type".into(), rng.pick(&["work", "tourist", "umrah"]).into());
            }
            if rng.next().is_multiple_of(4) {
                obj.insert("sponsor".into(), "PT Maju Jaya".into());
            }
            let t = lintas::ingest::validate_json(&rec, "bench", i as u64, &Default::default()).expect("valid bench record");
            let sponsor = registry.lookup(t.sponsor.as_deref(), t.sponsor_license.as_deref());
            let mut f = Features::build(&FeatureInputs {
                traveller: &t,
                matches: &[],
                sponsor: &sponsor,
                patterns: &PatternFeatures::default(),
                tables: &pack.tables,
            });
            if rng.next().is_multiple_of(50) {
                let sim = lintas::features::Value::Num(0.8 + (rng.next() % 20) as f64 / 100.0);
                f.set("watchlist.matched", lintas::features::Value::Bool(true));
                f.set("watchlist.similarity", sim.clone());
                f.set("watchlist.category", lintas::features::Value::str("trafficking-suspect"));
                f.set("watchlist.priority_similarity", sim);
                f.set("watchlist.priority_category", lintas::features::Value::str("trafficking-suspect"));
            }
            if rng.next().is_multiple_of(7) {
                f.set("sponsor_status", lintas::features::Value::str(rng.pick(&["active", "revoked", "suspended"])));
            }
            f
        })
        .collect()
}

fn main() {
    let records: usize = std::env::var("RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let threads: usize = std::env::var("THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let pack = RulePack::default_pack();
    let distinct = sample(&pack, 10_000);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let rules = pack.rules.len();
    // Warm-up.
    let _ = distinct
        .iter()
        .map(|f| pack.evaluate(f).len())
        .sum::<usize>();
    let start = Instant::now();
    let (hits, review) = pool.install(|| {
        (0..records)
            .into_par_iter()
            .map(|i| {
                let f = &distinct[i % distinct.len()];
                let outcomes = pack.evaluate(f);
                let s = lintas::score::score(&pack.scoring, &pack.rules, &outcomes, f);
                (s.reasons.len(), s.review as usize)
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    let secs = start.elapsed().as_secs_f64();
    println!(
        "rules: {records} records x {rules} rules on {threads} threads: {secs:.3} s ({:.0} records/s, {:.1} ns/rule); {hits} reasons, {review} for review",
        records as f64 / secs,
        secs * 1e9 * threads as f64 / (records * rules) as f64
    );
    let single = Instant::now();
    let n = 200_000;
    for i in 0..n {
        std::hint::black_box(pack.evaluate(&distinct[i % distinct.len()]));
    }
    println!(
        "rules: evaluate only, 1 thread: {:.0} ns/record",
        single.elapsed().as_secs_f64() * 1e9 / n as f64
    );
}
