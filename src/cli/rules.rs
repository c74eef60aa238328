//! `lintas rules`: check, test, explain, fmt and diff for rule authors.

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use lintas::engine::{Engine, EngineOptions};
use lintas::ingest::{self, IngestOptions};
use lintas::rules::pack::PackFiles;
use lintas::rules::{diff, explain, fmt, load, testing};
use std::path::{Path, PathBuf};

/// Arguments of `lintas rules`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Validate a rules directory; report every error with file:line:col and code.
    Check {
        /// Rules directory.
        #[arg(default_value = "rules")]
        dir: PathBuf,
    },
    /// Run the inline tests and case files; report pass/fail per rule.
    Test {
        /// Rules directory.
        #[arg(default_value = "rules")]
        dir: PathBuf,
        /// Directory of case files (`[[case]]` tables).
        #[arg(long, default_value = "tests/rules/cases")]
        cases: PathBuf,
        /// List rules and outcomes never exercised.
        #[arg(long)]
        coverage: bool,
        /// Fail when hit/no-hit coverage is below this percentage.
        #[arg(long, value_name = "P")]
        min_coverage: Option<f64>,
    },
    /// Show every rule's outcome for one record, and the score arithmetic.
    Explain {
        /// The record as a JSON object (or @file).
        #[arg(long, conflicts_with = "manifest")]
        record: Option<String>,
        /// A manifest file to take the record from (with --id).
        #[arg(long, requires = "id")]
        manifest: Option<PathBuf>,
        /// The record_id to explain.
        #[arg(long)]
        id: Option<String>,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Rewrite theme files in canonical layout.
    Fmt {
        /// Rules directory.
        #[arg(default_value = "rules")]
        dir: PathBuf,
        /// Do not write; exit 1 when a file is not formatted.
        #[arg(long)]
        check: bool,
    },
    /// Back-test: which records change level between two rule sets.
    Diff {
        /// The old rules directory.
        old: PathBuf,
        /// The new rules directory.
        new: PathBuf,
        /// Manifest files to screen.
        #[arg(long, required = true, num_args = 1..)]
        manifest: Vec<String>,
        /// Watchlist files.
        #[arg(long = "watchlist")]
        watchlists: Vec<PathBuf>,
        /// Recruiter registry.
        #[arg(long)]
        registry: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
struct EngineArgs {
    /// Rules directory (default: the embedded pack).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Watchlist files.
    #[arg(long = "watchlist")]
    watchlists: Vec<PathBuf>,
    /// Recruiter registry.
    #[arg(long)]
    registry: Option<PathBuf>,
}

/// Runs the subcommand; returns the process exit code.
pub fn run(args: Args) -> Result<i32> {
    match args.command {
        Cmd::Check { dir } => check(&dir),
        Cmd::Test {
            dir,
            cases,
            coverage,
            min_coverage,
        } => test(&dir, &cases, coverage, min_coverage),
        Cmd::Explain {
            record,
            manifest,
            id,
            engine,
        } => explain_cmd(record, manifest, id, engine),
        Cmd::Fmt { dir, check } => fmt_cmd(&dir, check),
        Cmd::Diff {
            old,
            new,
            manifest,
            watchlists,
            registry,
        } => diff_cmd(old, new, &manifest, watchlists, registry),
    }
}

fn read_pack(dir: &Path) -> Result<PackFiles> {
    PackFiles::read_dir(dir)
        .with_context(|| format!("cannot read rules directory {}", dir.display()))
}

fn print_diags(dir: &Path, diags: &[lintas::rules::diag::Diagnostic]) {
    for d in diags {
        let mut d = d.clone();
        d.file = dir.join(&d.file).display().to_string();
        println!("{d}\n");
    }
}

fn check(dir: &Path) -> Result<i32> {
    let files = read_pack(dir)?;
    match load::load(&files) {
        Ok(pack) if pack.rules.is_empty() => {
            // The refusal the engine gives when it loads such a folder.
            let dir = dir.display().to_string();
            println!("{}", lintas::rules::PackError::NoRules { dir });
            Ok(1)
        }
        Ok(pack) => {
            let tests: usize = pack.rules.iter().map(|r| r.tests.len()).sum();
            println!(
                "{}: ok, {} rules, {} inline tests, {}",
                dir.display(),
                pack.rules.len(),
                tests,
                pack.version
            );
            Ok(0)
        }
        Err(diags) => {
            print_diags(dir, &diags);
            println!("{} error(s)", diags.len());
            Ok(1)
        }
    }
}

fn test(dir: &Path, cases: &Path, coverage: bool, min: Option<f64>) -> Result<i32> {
    let pack = match load::load(&read_pack(dir)?) {
        Ok(p) => p,
        Err(diags) => {
            print_diags(dir, &diags);
            println!("{} error(s): run `lintas rules check` first", diags.len());
            return Ok(1);
        }
    };
    let report = testing::run(&pack, Some(cases))?;
    let mut group = String::new();
    for r in &report.results {
        if r.group != group {
            group = r.group.clone();
            println!("{group}");
        }
        if r.passed {
            println!("  ok    {}", r.name);
        } else {
            println!("  FAIL  {}  ({})  {}", r.name, r.location, r.detail);
        }
    }
    let failed = report.failed();
    let pct = report.coverage.percent();
    println!(
        "\n{} tests, {} passed, {} failed; coverage {:.1}% of rule hit/no-hit outcomes",
        report.results.len(),
        report.results.len() - failed,
        failed,
        pct
    );
    if coverage {
        let missing = report.coverage.missing(&pack);
        if missing.is_empty() {
            println!("every rule outcome is exercised");
        } else {
            println!("never exercised:");
            for (rule, o) in missing {
                println!("  {rule:<34} {o}");
            }
        }
    }
    if let Some(m) = min {
        if pct < m {
            println!("coverage {pct:.1}% is below --min-coverage {m}");
            return Ok(1);
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

fn explain_cmd(
    record: Option<String>,
    manifest: Option<PathBuf>,
    id: Option<String>,
    e: EngineArgs,
) -> Result<i32> {
    let engine = Engine::load(&EngineOptions {
        rules: e.rules,
        watchlists: e.watchlists,
        registry: e.registry,
    })?;
    let (traveller, patterns) = match (record, manifest) {
        (Some(r), _) => {
            let text = match r.strip_prefix('@') {
                Some(p) => {
                    std::fs::read_to_string(p).with_context(|| format!("cannot read {p}"))?
                }
                None => r,
            };
            let v: serde_json::Value =
                serde_json::from_str(&text).context("--record is not valid JSON")?;
            let t = ingest::validate_json(&v, "--record", 1, &Default::default())
                .map_err(|rej| anyhow::anyhow!("the record is rejected: {}", rej.describe()))?;
            (t, Default::default())
        }
        (None, Some(m)) => {
            let id = id.unwrap_or_default();
            let got = ingest::read_manifests(std::slice::from_ref(&m), &IngestOptions::default())?;
            let patterns = lintas::pipeline::batch::pattern_features(&engine, &[], &got.travellers);
            let Some(i) = got.travellers.iter().position(|t| t.record_id == id) else {
                if let Some(r) = got.rejects.iter().find(|r| r.record_id == id) {
                    bail!("record {id} was rejected: {}", r.describe());
                }
                bail!("no record {id} in {}", m.display());
            };
            (got.travellers[i].clone(), patterns[i].clone())
        }
        (None, None) => bail!("give --record JSON or --manifest FILE --id RECORD_ID"),
    };
    let s = engine.screen_detailed(&traveller, &patterns);
    print!(
        "{}",
        explain::render(&traveller.record_id, &engine.pack, &s)
    );
    Ok(0)
}

fn fmt_cmd(dir: &Path, check: bool) -> Result<i32> {
    let files = read_pack(dir)?;
    let mut unformatted = 0;
    for f in files.themes() {
        let formatted = fmt::format_theme(&f.text)
            .map_err(|e| anyhow::anyhow!("{}/{}: {e}", dir.display(), f.name))?;
        if formatted != f.text {
            unformatted += 1;
            if check {
                println!("{}/{} is not formatted", dir.display(), f.name);
            } else {
                std::fs::write(dir.join(&f.name), formatted)?;
                println!("formatted {}/{}", dir.display(), f.name);
            }
        }
    }
    Ok(if check && unformatted > 0 { 1 } else { 0 })
}

fn diff_cmd(
    old: PathBuf,
    new: PathBuf,
    manifest: &[String],
    watchlists: Vec<PathBuf>,
    registry: Option<PathBuf>,
) -> Result<i32> {
    let a = Engine::load(&EngineOptions {
        rules: Some(old),
        watchlists: watchlists.clone(),
        registry: registry.clone(),
    })?;
    let b = Engine::load(&EngineOptions {
        rules: Some(new),
        watchlists,
        registry,
    })?;
    let paths = ingest::expand_paths(manifest)?;
    let got = ingest::read_manifests(&paths, &IngestOptions::default())?;
    let patterns = lintas::pipeline::batch::pattern_features(&a, &[], &got.travellers);
    let d = diff::diff(&a, &b, &got.travellers, &patterns);
    print!("{}", d.render());
    Ok(0)
}
