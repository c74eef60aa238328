//! Helpers shared by the integration tests: run the real binary, write
//! small input files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The lintas binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lintas"))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path in data-samples/.
pub fn sample(name: &str) -> String {
    root().join("data-samples").join(name).display().to_string()
}

/// Runs lintas with arguments.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run lintas")
}

/// Stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes bytes to a file in `dir`, returns its path as text.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p.display().to_string()
}

/// A canonical header line.
pub const HEADER: &str = "record_id,direction,crossing_time,port,destination_country,full_name,sex,birth_date,nationality,document_number";

/// A valid canonical row with the given id.
pub fn row(id: &str) -> String {
    format!(
        "{id},departure,2026-10-02T08:00:00+07:00,CGK,MYS,BUDI SANTOSO,M,1980-01-01,IDN,C100{id}"
    )
}

/// Screens both sample manifests against the sample watchlist and registry
/// with `--all`, writing flags to `out`.
pub fn batch_samples(out: &Path) -> Output {
    run(&[
        "batch",
        "--manifest",
        &sample("departures.csv"),
        "--manifest",
        &sample("arrivals.csv"),
        "--watchlist",
        &sample("watchlist.csv"),
        "--registry",
        &sample("registry.csv"),
        "--out",
        out.to_str().expect("utf-8 path"),
        "--all",
    ])
}
