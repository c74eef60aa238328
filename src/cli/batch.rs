//! `lintas batch`: screen manifest files, write flags, rejects and a summary.

use super::EXIT_REJECTS;
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lintas::engine::Engine;
use lintas::ingest::{self, ColumnMap, IngestOptions, InputFormat};
use lintas::pipeline::batch::{self, BatchOptions};
use lintas::report::{self, OutputFormat};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Arguments of `lintas batch`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Manifest file(s) to screen; repeatable, globs allowed ("data/*.csv").
    #[arg(long, required = true, num_args = 1..)]
    pub manifest: Vec<String>,
    #[command(flatten)]
    pub engine: super::EngineArgs,
    /// Earlier manifests used as history for travel-pattern features; repeatable, globs allowed.
    #[arg(long, num_args = 1..)]
    pub history: Vec<String>,
    /// Output file for flags.
    #[arg(long)]
    pub out: PathBuf,
    /// Output format; default from the --out extension.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Rejects file; default: beside --out as <name>.rejects.csv.
    #[arg(long)]
    pub rejects: Option<PathBuf>,
    /// Write a flag for every screened record, including clear ones.
    #[arg(long)]
    pub all: bool,
    /// Exit with code 3 when any row was rejected.
    #[arg(long)]
    pub fail_on_reject: bool,
    /// Input format for all manifests; default from each extension.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Column-mapping TOML for manifests in another layout.
    #[arg(long)]
    pub columns: Option<PathBuf>,
    /// Also write the summary as JSON to this file.
    #[arg(long)]
    pub summary_json: Option<PathBuf>,
}

/// Runs the batch; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    let format = match args.format.or_else(|| OutputFormat::from_path(&args.out)) {
        Some(f) => f,
        None => anyhow::bail!(
            "cannot tell the output format from '{}'; use --format csv|ndjson|parquet",
            args.out.display()
        ),
    };
    let rejects_path = args
        .rejects
        .clone()
        .unwrap_or_else(|| default_rejects_path(&args.out));
    for p in [&args.out, &rejects_path] {
        if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    let columns = match &args.columns {
        Some(p) => ColumnMap::load(p)?,
        None => ColumnMap::default(),
    };
    let mut ingest_opts = IngestOptions {
        format: args.input_format,
        columns,
        ..Default::default()
    };
    ingest_opts.validate.date_formats = ingest_opts.columns.dates.clone();
    let opts = BatchOptions {
        manifests: ingest::expand_paths(&args.manifest)?,
        history: ingest::expand_paths(&args.history)?,
        ingest: ingest_opts,
    };
    let engine_opts = args.engine.options()?;
    let mut outputs = vec![("--out", &args.out), ("--rejects", &rejects_path)];
    outputs.extend(args.summary_json.iter().map(|p| ("--summary-json", p)));
    let inputs = opts
        .manifests
        .iter()
        .map(|p| ("--manifest", p))
        .chain(opts.history.iter().map(|p| ("--history", p)))
        .chain(engine_opts.watchlists.iter().map(|p| ("--watchlist", p)))
        .chain(engine_opts.registry.iter().map(|p| ("--registry", p)))
        .chain(args.columns.iter().map(|p| ("--columns", p)));
    check_outputs(&outputs, inputs)?;
    let engine = Engine::load(&engine_opts)?;

    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} screened {human_pos} records ({per_sec}) {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let out = batch::run(&engine, &opts, &|n| bar.inc(n))?;
    bar.finish_and_clear();

    let written = report::write_flags(&args.out, format, &out.screened, args.all)?;
    let mut all_rejects = out.rejects.clone();
    all_rejects.extend(out.history_rejects.iter().cloned());
    ingest::write_rejects(&rejects_path, &all_rejects)?;
    if let Some(p) = &args.summary_json {
        std::fs::write(p, serde_json::to_string_pretty(&out.summary)?)
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    // Fields only: the reasons quote values, which stay in the file.
    for r in out.rejects.iter().take(5) {
        eprintln!("reject: {} (why: {})", r.log_line(), rejects_path.display());
    }
    if out.rejects.len() > 5 {
        eprintln!(
            "reject: ... and {} more in {}",
            out.rejects.len() - 5,
            rejects_path.display()
        );
    }
    if !out.history_rejects.is_empty() {
        eprintln!(
            "history: {} rows rejected (also in {})",
            out.history_rejects.len(),
            rejects_path.display()
        );
    }
    eprint!(
        "{}",
        report::summary::render(
            &out.summary,
            written,
            &args.out.display().to_string(),
            Some(&rejects_path.display().to_string())
        )
    );
    if args.fail_on_reject && !out.rejects.is_empty() {
        return Ok(EXIT_REJECTS);
    }
    Ok(0)
}

/// `flags.ndjson` → `flags.rejects.csv`.
fn default_rejects_path(out: &std::path::Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "flags".into());
    out.with_file_name(format!("{stem}.rejects.csv"))
}

/// Refuses outputs that would overwrite each other or an input: the
/// rejects written over the flags, or the flags over the manifest they
/// came from, lose data without a word.
fn check_outputs<'a>(
    outputs: &[(&str, &'a PathBuf)],
    inputs: impl Iterator<Item = (&'a str, &'a PathBuf)>,
) -> Result<()> {
    // The same file however written (`out/f.csv`, `./out/f.csv`): its
    // folder resolved, where it exists, and its name.
    let key = |p: &Path| -> PathBuf {
        let name = p.file_name().map(PathBuf::from).unwrap_or_default();
        match p.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => dir
                .canonicalize()
                .unwrap_or_else(|_| dir.to_path_buf())
                .join(name),
            None => Path::new(".").canonicalize().unwrap_or_default().join(name),
        }
    };
    // Each path resolved once; an output is checked against the outputs
    // before it and every input.
    let outputs: Vec<(&str, &PathBuf, PathBuf)> =
        outputs.iter().map(|&(f, p)| (f, p, key(p))).collect();
    let inputs: Vec<(&str, PathBuf)> = inputs.map(|(f, p)| (f, key(p))).collect();
    for (i, (flag, p, at)) in outputs.iter().enumerate() {
        let clash = outputs[..i]
            .iter()
            .map(|(f, _, k)| (*f, k))
            .chain(inputs.iter().map(|(f, k)| (*f, k)))
            .find(|(_, k)| *k == at);
        if let Some((other, _)) = clash {
            anyhow::bail!(
                "{flag} {} is also the {other} file: choose another path",
                p.display()
            );
        }
    }
    Ok(())
}
