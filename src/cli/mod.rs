//! Subcommands: argument structs and glue only; the library does the work.
//!
//! Exit codes: 0 success, 1 run error, 2 usage error (clap), 3 rejected
//! rows with `batch --fail-on-reject` or lines answered with an error with
//! `stream --fail-on-error`.

pub mod batch;
pub mod generate;
pub mod rules;
pub mod serve;
pub mod stream;

/// Exit code for a run error (bad input file, unreadable list, ...).
pub const EXIT_RUN_ERROR: i32 = 1;
/// Exit code when rows were rejected and `--fail-on-reject` was given (or
/// stream lines answered with an error and `--fail-on-error`).
pub const EXIT_REJECTS: i32 = 3;

/// The options every screening front door shares: which lists, rules and
/// registry make up the engine.
#[derive(clap::Args, Debug, Clone)]
pub struct EngineArgs {
    /// Watchlist file(s): canonical CSV, OFAC sdn.csv, UN XML or the US CSL CSV (gzipped or not); repeatable, globs allowed.
    #[arg(long, num_args = 1..)]
    pub watchlist: Vec<String>,
    /// Rules directory; default: the pack embedded in the binary.
    #[arg(long)]
    pub rules: Option<std::path::PathBuf>,
    /// Recruiter registry CSV (license_number, company_name, status).
    #[arg(long)]
    pub registry: Option<std::path::PathBuf>,
}

impl EngineArgs {
    /// Expands globs and checks paths.
    pub fn options(&self) -> anyhow::Result<lintas::engine::EngineOptions> {
        Ok(lintas::engine::EngineOptions {
            rules: self.rules.clone(),
            watchlists: lintas::ingest::expand_paths(&self.watchlist)?,
            registry: self.registry.clone(),
        })
    }
}
