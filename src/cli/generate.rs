//! `lintas generate` (to be written).

/// Arguments of `lintas generate`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs the subcommand; returns the process exit code.
pub fn run(_args: Args) -> anyhow::Result<i32> {
    anyhow::bail!("lintas generate is not built yet")
}
