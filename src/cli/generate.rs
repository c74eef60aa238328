//! `lintas generate`: the bundled samples and large benchmark inputs.

use anyhow::Result;
use chrono::NaiveDate;
use lintas::generate;
use std::path::PathBuf;

/// Arguments of `lintas generate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand, Debug)]
enum What {
    /// Write the sample set (manifests, watchlist, registry, column map) into a folder.
    Samples {
        /// Target folder.
        #[arg(long, default_value = "data-samples")]
        out: PathBuf,
        /// Random seed.
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Write a large synthetic manifest (CSV or Parquet by extension).
    Manifest {
        /// Number of rows.
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// First day of the run (YYYY-MM-DD).
        #[arg(long)]
        start: Option<NaiveDate>,
        /// Number of days covered.
        #[arg(long, default_value_t = 28)]
        days: i64,
    },
    /// Write a synthetic canonical watchlist.
    Watchlist {
        /// Number of random entries (planted ones are added).
        #[arg(long, default_value_t = 10_000)]
        entries: usize,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Runs the generator.
pub fn run(args: Args) -> Result<i32> {
    match args.what {
        What::Samples { out, seed } => {
            generate::write_samples(&out, seed)?;
            eprintln!("wrote samples to {}", out.display());
        }
        What::Manifest {
            rows,
            out,
            seed,
            start,
            days,
        } => {
            let n = generate::write_manifest(
                &out,
                rows,
                seed,
                start.unwrap_or_else(generate::default_start),
                days,
            )?;
            eprintln!("wrote {n} rows to {}", out.display());
        }
        What::Watchlist { entries, out, seed } => {
            let n = generate::write_watchlist(&out, entries, seed)?;
            eprintln!("wrote {n} entries to {}", out.display());
        }
    }
    Ok(0)
}
