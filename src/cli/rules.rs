//! `lintas rules` (to be written).

/// Arguments of `lintas rules`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs the subcommand; returns the process exit code.
pub fn run(_args: Args) -> anyhow::Result<i32> {
    anyhow::bail!("lintas rules is not built yet")
}
