//! `lintas serve`: the HTTP scorer for checkpoint systems.

use anyhow::{Context, Result};
use lintas::server::{self, ServeOptions};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Arguments of `lintas serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port; the address is printed on stderr).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub engine: super::EngineArgs,
    /// State directory: durable history log (and the audit log by default).
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// API keys file (`KEY_ID ROLE SHA256_HEX` per line); without it, no authentication.
    #[arg(long)]
    pub keys: Option<PathBuf>,
    /// Audit log (NDJSON); default STATE/audit.ndjson.
    #[arg(long)]
    pub audit: Option<PathBuf>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Per-request time limit, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    pub timeout_ms: u64,
    /// Poll interval for rule and list file changes, in milliseconds; 0 turns the watcher off.
    #[arg(long, default_value_t = 1000)]
    pub watch_ms: u64,
}

/// Runs the server until SIGTERM or Ctrl-C; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    let opts = ServeOptions {
        listen: args.listen,
        engine: args.engine.options()?,
        state: args.state,
        keys: args.keys,
        audit: args.audit,
        max_body_bytes: args.max_body_bytes,
        timeout: Duration::from_millis(args.timeout_ms.max(1)),
        watch_interval: (args.watch_ms > 0).then(|| Duration::from_millis(args.watch_ms)),
    };
    // Screening is CPU-bound and runs on blocking threads, each with its own
    // matcher scratch (a slot per listed name: about 24 MB for 1M names).
    // More threads than cores would add memory and no throughput; two extra
    // leave room for a reload or a file check beside full screening.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(cores + 2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(server::serve(opts))?;
    Ok(0)
}
