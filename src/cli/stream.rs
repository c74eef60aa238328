//! `lintas stream`: NDJSON records on stdin, NDJSON flags on stdout.

use anyhow::Result;
use lintas::engine::Engine;
use lintas::pipeline::stream::{self, Screener};
use lintas::store::HistoryStore;
use std::path::PathBuf;

/// Arguments of `lintas stream`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub engine: super::EngineArgs,
    /// State directory: durable history log shared with later runs.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Audit log (NDJSON), one line per decision.
    #[arg(long)]
    pub audit: Option<PathBuf>,
    /// Exit with code 3 at the end of input when any line got an error
    /// answer (the stream still answers every line).
    #[arg(long)]
    pub fail_on_error: bool,
}

/// Screens stdin to stdout; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    let engine = Engine::load(&args.engine.options()?)?;
    let (store, history) = match &args.state {
        Some(dir) => HistoryStore::open(dir, args.audit.as_deref())?,
        None => (HistoryStore::ephemeral(args.audit.as_deref())?, Vec::new()),
    };
    let screener = Screener::new(engine, store, history, args.audit.is_some());
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    let summary = stream::run(&screener, stdin, stdout)?;
    screener.store.close();
    tracing::info!(
        read = summary.read,
        screened = summary.screened,
        errors = summary.errors,
        "stream finished"
    );
    if args.fail_on_error && summary.errors > 0 {
        return Ok(super::EXIT_REJECTS);
    }
    Ok(0)
}
