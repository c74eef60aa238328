//! The planted risk cases in data-samples/ reach review with readable
//! reasons, and ordinary traffic stays quiet.

mod common;

use common::*;
use serde_json::Value;
use std::collections::HashMap;

/// Screens the samples and returns (record fields by id, flags by id).
fn screen_samples() -> (Vec<HashMap<String, String>>, HashMap<String, Value>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("flags.ndjson");
    let o = batch_samples(&out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let flags = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|f| (f["record_id"].as_str().unwrap().to_string(), f))
        .collect();
    let mut records = Vec::new();
    for file in ["departures.csv", "arrivals.csv"] {
        let mut r = csv::Reader::from_path(sample(file)).unwrap();
        let headers = r.headers().unwrap().clone();
        for rec in r.records() {
            let rec = rec.unwrap();
            records.push(
                headers
                    .iter()
                    .zip(rec.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect(),
            );
        }
    }
    (records, flags)
}

fn flags_for<'a>(
    records: &'a [HashMap<String, String>],
    flags: &'a HashMap<String, Value>,
    pred: impl Fn(&HashMap<String, String>) -> bool,
) -> Vec<&'a Value> {
    let found: Vec<&Value> = records
        .iter()
        .filter(|r| pred(r))
        .map(|r| &flags[&r["record_id"]])
        .collect();
    assert!(!found.is_empty(), "no sample record matches");
    found
}

fn reasons(f: &Value) -> String {
    f["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{} {}", r["rule"], r["message"]))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn by_name(name: &'static str) -> impl Fn(&HashMap<String, String>) -> bool {
    move |r| r["full_name"] == name && r["direction"] == "departure"
}

#[test]
fn planted_risk_cases_reach_review_with_reasons() {
    let (records, flags) = screen_samples();

    // 1. listed trafficker under a spelling variant
    let f = flags_for(&records, &flags, by_name("MOHD RIZKI BIN ABDULLAH"))[0];
    assert!(f["review"].as_bool().unwrap(), "{f}");
    assert_eq!(f["level"], "high", "{f}");
    assert_eq!(f["matches"][0]["entry_id"], "DPO-S01", "{f}");

    // 2. unaccompanied minor
    let f = flags_for(&records, &flags, by_name("YULI NDUN"))[0];
    assert!(f["review"].as_bool().unwrap(), "{f}");
    assert!(
        reasons(f).to_lowercase().contains("minor") || reasons(f).contains("15"),
        "{}",
        reasons(f)
    );

    // 3. escort group: the escort and at least the later members are reviewed
    let group = flags_for(&records, &flags, |r| {
        [
            "HENDRA GUNAWAN",
            "NOVI TEFA",
            "MARIA BANUNAEK",
            "YOHANA LAKA",
            "AGNES MANAFE",
            "FRANSISKA NDRUWEH",
        ]
        .contains(&r["full_name"].as_str())
    });
    assert_eq!(group.len(), 6);
    assert!(
        group
            .iter()
            .filter(|f| f["review"].as_bool().unwrap())
            .count()
            >= 3,
        "{group:?}"
    );

    // 4. revoked recruiter with a typo
    for f in flags_for(&records, &flags, |r| r["sponsor"] == "PT. Maju Jaya Abdi") {
        assert!(f["review"].as_bool().unwrap(), "{f}");
        assert!(
            reasons(f).to_lowercase().contains("revoked"),
            "{}",
            reasons(f)
        );
    }

    // 5. missing person
    let f = flags_for(&records, &flags, by_name("SITI NUR HALIZA"))[0];
    assert_eq!(f["level"], "high", "{f}");
    assert_eq!(f["matches"][0]["category"], "missing-person");

    // 6. repeat escort, listed under the old spelling
    let joko = flags_for(&records, &flags, by_name("JOKO SUSANTO"));
    assert!(
        joko.iter().all(|f| f["review"].as_bool().unwrap()),
        "{joko:?}"
    );
    assert!(
        joko.iter()
            .any(|f| f["matches"][0]["entry_id"] == "DPO-S02"),
        "{joko:?}"
    );

    // 8. a namesake born decades later is not a review case
    let f = flags_for(&records, &flags, by_name("AGUS SALIM"))[0];
    assert!(!f["review"].as_bool().unwrap(), "{f}");

    // 9. listed passport under another name
    let f = flags_for(&records, &flags, by_name("BAMBANG HARTONO"))[0];
    assert!(f["review"].as_bool().unwrap(), "{f}");
    assert_eq!(f["matches"][0]["entry_id"], "CEKAL-S02", "{f}");
}

#[test]
fn shared_address_strangers_are_flagged() {
    let (records, flags) = screen_samples();
    let fs = flags_for(&records, &flags, |r| {
        r["destination_address"] == "No. 21, Jalan Mutiara Emas 5, Johor Bahru"
    });
    assert_eq!(fs.len(), 6);
    // Once several strangers have named the address, later ones carry the reason.
    assert!(
        fs.iter()
            .filter(|f| f["score"].as_i64().unwrap() > 0)
            .count()
            >= 3,
        "{fs:?}"
    );
}

#[test]
fn ordinary_traffic_stays_quiet() {
    // Rows from a fresh generated run with no planted cases: families, umrah
    // groups, procedural workers, business travellers, friends, foreigners.
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.csv");
    // 4,000 rows contain no planted case: the generator plants them every 5,000.
    let o = run(&[
        "generate",
        "manifest",
        "--rows",
        "4000",
        "--seed",
        "99",
        "--out",
        m.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("flags.ndjson");
    let o = run(&[
        "batch",
        "--manifest",
        m.to_str().unwrap(),
        "--registry",
        &sample("registry.csv"),
        "--watchlist",
        &sample("watchlist.csv"),
        "--out",
        out.to_str().unwrap(),
        "--all",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let flags: Vec<Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reviewed: Vec<&Value> = flags
        .iter()
        .filter(|f| f["review"].as_bool().unwrap())
        .collect();
    let rate = reviewed.len() as f64 / flags.len() as f64;
    eprintln!(
        "review rate on ordinary traffic: {:.2}% ({} of {})",
        rate * 100.0,
        reviewed.len(),
        flags.len()
    );
    assert!(
        rate < 0.01,
        "review rate {rate:.4}; first: {:?}",
        reviewed.iter().take(5).collect::<Vec<_>>()
    );
}
