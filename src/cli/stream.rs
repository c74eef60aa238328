//! `lintas stream` (to be written).

/// Arguments of `lintas stream`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs the subcommand; returns the process exit code.
pub fn run(_args: Args) -> anyhow::Result<i32> {
    anyhow::bail!("lintas stream is not built yet")
}
