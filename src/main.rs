//! The `lintas` command line: parses arguments and dispatches to `cli::*`.

mod cli;

/// mimalloc rather than the system allocator: many threads allocating and
/// freeing small objects (requests, scratch) cost glibc malloc about 8% of
/// the server's CPU and fragmented its heap (see Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

/// Border-crossing risk screening: manifests in, explained flags out.
#[derive(Parser, Debug)]
#[command(name = "lintas", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Screen manifest files against watchlists and rules (nightly analyst run).
    Batch(cli::batch::Args),
    /// Screen NDJSON records from stdin, one flag per line on stdout.
    Stream(cli::stream::Args),
    /// Serve the scorer over HTTP for checkpoint systems.
    Serve(cli::serve::Args),
    /// Check, test, explain, format and compare rule files.
    Rules(cli::rules::Args),
    /// Generate sample or benchmark data (manifests, watchlist, registry).
    Generate(cli::generate::Args),
}

fn main() {
    let cli = Cli::parse();
    // Logs go to stderr, warnings and errors by default (RUST_LOG overrides).
    // They carry record ids, never names or document numbers.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let result = match cli.command {
        Command::Batch(a) => cli::batch::run(a),
        Command::Stream(a) => cli::stream::run(a),
        Command::Serve(a) => cli::serve::run(a),
        Command::Rules(a) => cli::rules::run(a),
        Command::Generate(a) => cli::generate::run(a),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("lintas: error: {e:#}");
            std::process::exit(cli::EXIT_RUN_ERROR);
        }
    }
}
