//! Synthetic data: the bundled samples in `data-samples/` and large
//! manifests and watchlists for benchmarks. Deterministic for a seed.
//!
//! The samples are ordinary traffic (see [`traffic`]) with a handful of
//! planted risk cases (see [`risk`]); the same generator scales to
//! millions of rows with the risk cases planted again every few thousand.

pub mod names;
pub mod risk;
pub mod rng;
pub mod traffic;

use crate::ingest::validate::CANONICAL;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use rng::Rng;
use std::path::Path;
use traffic::Traffic;

/// One generated manifest row, in canonical column order.
#[derive(Clone, Debug)]
pub struct Rec(pub Vec<String>);

impl Default for Rec {
    fn default() -> Self {
        Rec(vec![String::new(); CANONICAL.len()])
    }
}

impl Rec {
    /// Sets a canonical field.
    pub fn set(&mut self, field: &str, value: impl Into<String>) {
        let i = CANONICAL
            .iter()
            .position(|c| *c == field)
            .expect("canonical field");
        self.0[i] = value.into();
    }

    /// A canonical field.
    pub fn get(&self, field: &str) -> &str {
        let i = CANONICAL
            .iter()
            .position(|c| *c == field)
            .expect("canonical field");
        &self.0[i]
    }
}

/// Licensed umrah agencies (PPIU) in the generated registry.
pub const AGENCIES: &[(&str, &str)] = &[
    ("PT Amanah Tour & Travel", "PPIU-0112"),
    ("PT Baitullah Wisata Mulia", "PPIU-0245"),
    ("PT Al Haramain Jaya", "PPIU-0307"),
];

/// Licensed placement companies (P3MI) in the generated registry.
pub const COMPANIES: &[(&str, &str)] = &[
    ("PT Bina Karya Mandiri", "P3MI-1021"),
    ("PT Sinar Harapan Utama", "P3MI-1187"),
    ("PT Duta Tenaga Kerja Indonesia", "P3MI-1203"),
    ("PT Mitra Sejahtera Abadi", "P3MI-1299"),
];

/// `license_number,company_name,status` rows of the generated registry.
pub fn registry_rows() -> Vec<[&'static str; 3]> {
    let mut rows: Vec<[&str; 3]> = AGENCIES
        .iter()
        .chain(COMPANIES)
        .map(|(n, l)| [*l, *n, "active"])
        .collect();
    rows.push(["P3MI-0877", "PT Cahaya Anugerah Lestari", "suspended"]);
    rows.push(["P3MI-0654", "PT Maju Jaya Abadi", "revoked"]);
    rows.push(["P3MI-0431", "CV Sumber Rejeki", "revoked"]);
    rows
}

/// The run's first day for generated data.
pub fn default_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 1).expect("valid date")
}

fn write_csv(
    path: &Path,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<usize> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    w.write_record(header)?;
    let mut n = 0;
    for r in rows {
        w.write_record(&r)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

const WATCHLIST_HEADER: &[&str] = &[
    "entry_id",
    "list",
    "full_name",
    "aliases",
    "birth_date",
    "nationality",
    "document_number",
    "category",
];

/// Random listed people (none of them planted in traffic on purpose).
fn random_entries(rng: &mut Rng, n: usize, id_prefix: &str) -> Vec<Vec<String>> {
    let lists = [
        ("POLRI-DPO", "trafficking-suspect"),
        ("IMIGRASI-CEKAL", "travel-ban"),
        ("POLRI-ORANG-HILANG", "missing-person"),
        ("BP2MI-BLACKLIST", "trafficking-suspect"),
    ];
    let syll = [
        "KA", "RI", "MU", "DA", "NO", "SE", "TI", "WA", "YA", "LA", "GU", "BE", "HA", "SU", "PRA",
        "NDRA", "WAN", "TO",
    ];
    (0..n)
        .map(|i| {
            let (list, cat) = lists[rng.below(lists.len())];
            let female = rng.chance(0.4);
            let given = if female {
                *rng.pick(names::FEMALE)
            } else {
                *rng.pick(names::MALE)
            };
            let coined: String = (0..rng.range(2, 4)).map(|_| *rng.pick(&syll)).collect();
            let name = format!("{given} {coined}");
            let alias = if rng.chance(0.3) {
                format!("{coined} {given}")
            } else {
                String::new()
            };
            let birth = format!(
                "{}-{:02}-{:02}",
                rng.range(1950, 2008),
                rng.range(1, 12),
                rng.range(1, 28)
            );
            let doc = if rng.chance(0.2) {
                format!("W{:07}", rng.range(0, 9_999_999))
            } else {
                String::new()
            };
            vec![
                format!("{id_prefix}{i:06}"),
                list.into(),
                name,
                alias,
                birth,
                "IDN".into(),
                doc,
                cat.into(),
            ]
        })
        .collect()
}

/// Writes the bundled samples into `dir`: departures.csv, arrivals.csv,
/// watchlist.csv, registry.csv, and an airline-layout file with its column map.
pub fn write_samples(dir: &Path, seed: u64) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut rng = Rng::new(seed);
    let mut t = Traffic::new(&mut rng, default_start(), 28, 0);
    t.ordinary(420, AGENCIES, COMPANIES);
    let planted = risk::plant(&mut t, 0, "S");
    let mut recs = std::mem::take(&mut t.out);
    recs.sort_by(|a, b| a.get("crossing_time").cmp(b.get("crossing_time")));
    let (dep, arr): (Vec<Rec>, Vec<Rec>) = recs
        .into_iter()
        .partition(|r| r.get("direction") == "departure");
    write_csv(
        &dir.join("departures.csv"),
        CANONICAL,
        dep.into_iter().map(|r| r.0),
    )?;
    write_csv(
        &dir.join("arrivals.csv"),
        CANONICAL,
        arr.into_iter().map(|r| r.0),
    )?;

    let mut wl: Vec<Vec<String>> = planted.into_iter().map(|l| l.row.to_vec()).collect();
    wl.extend(random_entries(&mut rng, 40, "GEN"));
    write_csv(&dir.join("watchlist.csv"), WATCHLIST_HEADER, wl)?;
    write_csv(
        &dir.join("registry.csv"),
        &["license_number", "company_name", "status"],
        registry_rows()
            .into_iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect()),
    )?;
    write_airline_layout(dir, &mut rng)
}

/// A small departures file in an airline export layout, and the column map
/// that reads it.
fn write_airline_layout(dir: &Path, rng: &mut Rng) -> Result<()> {
    let mut t = Traffic::new(rng, default_start(), 28, 900_000);
    t.ordinary(20, AGENCIES, COMPANIES);
    let header = [
        "pax_id",
        "flight_date",
        "station",
        "flight",
        "family_name",
        "given_names",
        "gender",
        "dob",
        "nationality",
        "passport_no",
        "passport_expiry",
        "dest",
        "booking",
        "trip_purpose",
        "return_flight_date",
        "loyalty_tier",
    ];
    let rows = t
        .out
        .iter()
        .filter(|r| r.get("direction") == "departure")
        .map(|r| {
            let (family, given) = match r.get("full_name").split_once(['/', ' ']) {
                Some((a, b)) if r.get("full_name").contains('/') => (a.to_string(), b.to_string()),
                Some((a, b)) => (b.to_string(), a.to_string()),
                None => (String::new(), r.get("full_name").to_string()),
            };
            let dmy = |iso: &str| {
                NaiveDate::parse_from_str(&iso[..10.min(iso.len())], "%Y-%m-%d")
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default()
            };
            let time = r.get("crossing_time");
            vec![
                r.get("record_id").replace('D', "AL"),
                format!("{} {}", dmy(time), &time[11..16]),
                r.get("port").to_string(),
                r.get("carrier").to_string(),
                family,
                given,
                r.get("sex").to_string(),
                dmy(r.get("birth_date")),
                r.get("nationality").to_string(),
                r.get("document_number").to_string(),
                dmy(r.get("document_expiry_date")),
                r.get("destination_country").to_string(),
                r.get("booking_ref").to_string(),
                r.get("purpose").to_string(),
                dmy(r.get("return_date")),
                ["", "silver", "gold"][rng_index(r.get("record_id"))].to_string(),
            ]
        });
    write_csv(&dir.join("departures-airline.csv"), &header, rows)?;
    std::fs::write(dir.join("columns-airline.toml"), AIRLINE_MAP)?;
    Ok(())
}

fn rng_index(id: &str) -> usize {
    id.bytes().map(|b| b as usize).sum::<usize>() % 3
}

/// The column map for `departures-airline.csv`.
pub const AIRLINE_MAP: &str = r#"# Column map for an airline departure-control export (data-samples/departures-airline.csv).
# Use: lintas batch --manifest data-samples/departures-airline.csv --columns data-samples/columns-airline.toml ...

# Canonical field = column in the file.
[rename]
record_id = "pax_id"
crossing_time = "flight_date"
port = "station"
carrier = "flight"
sex = "gender"
birth_date = "dob"
document_number = "passport_no"
document_expiry_date = "passport_expiry"
destination_country = "dest"
booking_ref = "booking"
purpose = "trip_purpose"
return_date = "return_flight_date"

# family_name + given_names -> full_name as "FAMILY/GIVEN".
[combine.full_name]
columns = ["family_name", "given_names"]
separator = "/"

# Dates written day/month/year.
[dates]
crossing_time = "%d/%m/%Y %H:%M"
birth_date = "%d/%m/%Y"
document_expiry_date = "%d/%m/%Y"
return_date = "%d/%m/%Y"

# The file holds departures only and has no direction column.
[constants]
direction = "departure"
document_type = "P"
"#;

/// Writes a large manifest of `rows` records (CSV or Parquet by extension),
/// risk cases planted about every 5,000 rows.
pub fn write_manifest(
    path: &Path,
    rows: usize,
    seed: u64,
    start: NaiveDate,
    days: i64,
) -> Result<usize> {
    let mut rng = Rng::new(seed);
    let mut t = Traffic::new(
        &mut rng,
        start,
        days,
        seed.wrapping_mul(1_000_000_000) % 9_000_000_000,
    );
    let mut all: Vec<Vec<String>> = Vec::with_capacity(rows + 64);
    let mut planted = 0u64;
    while all.len() < rows {
        let target = (all.len() + 5_000).min(rows);
        t.ordinary(target - all.len(), AGENCIES, COMPANIES);
        if all.len() + t.out.len() < rows {
            planted += 1;
            let offset = (planted as i64 * 3) % (days - 25).max(1);
            risk::plant(&mut t, offset, &format!("B{planted}"));
        }
        all.extend(t.out.drain(..).map(|r| r.0));
    }
    all.truncate(rows);
    let is_parquet = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    if is_parquet {
        write_parquet(path, &all)?;
    } else {
        write_csv(path, CANONICAL, all.iter().cloned())?;
    }
    Ok(all.len())
}

fn write_parquet(path: &Path, rows: &[Vec<String>]) -> Result<()> {
    use polars::prelude::*;
    let columns: Vec<Column> = CANONICAL
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let vals: Vec<Option<&str>> = rows
                .iter()
                .map(|r| Some(r[i].as_str()).filter(|s| !s.is_empty()))
                .collect();
            Column::new((*name).into(), vals)
        })
        .collect();
    crate::report::flags::write_parquet_columns(path, columns)
}

/// Writes a canonical watchlist of `entries` random entries plus the
/// planted ones (so benchmark runs still find their risk cases).
pub fn write_watchlist(path: &Path, entries: usize, seed: u64) -> Result<usize> {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut rows = random_entries(&mut rng, entries, "W");
    let mut scratch = Rng::new(1);
    let mut t = Traffic::new(&mut scratch, default_start(), 28, 0);
    for l in risk::plant(&mut t, 0, "S") {
        rows.push(l.row.to_vec());
    }
    write_csv(path, WATCHLIST_HEADER, rows)
}
